//! Small browser helpers: downloading text as a file, reading a picked file.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` to the user as a file download named `file_name`.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let failed = |_| "the browser refused to create the download".to_owned();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Puts `text` on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .map(|window| window.navigator().clipboard())
        .ok_or("no clipboard")?;
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "The browser did not allow copying; select the text and copy it by hand.".to_owned()
        })
}

/// Marks a moment in the Performance timeline (`performance.mark`), for the benchmarks.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}

/// The bytes of `file`.
pub async fn read_file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("\"{}\" could not be read", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reads the file just picked in the `<input type="file">` that fired `event`, as text,
/// through the same checks as any opened file (size, binary data, UTF-8), then clears the
/// input so that picking the same file again fires again. `on_read` gets the text, or a
/// message naming the file; nothing happens when no file was picked.
pub fn read_picked_text(
    event: &web_sys::Event,
    on_read: impl FnOnce(Result<String, String>) + 'static,
) {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(picked) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let name = picked.name();
        let result = read_file_bytes(&picked).await.and_then(|bytes| {
            crate::text::file::decode(bytes).map_err(|error| format!("\"{name}\" {error}"))
        });
        input.set_value("");
        on_read(result);
    });
}

/// Downloads `url` (relative to the page) as bytes. The error says what went wrong in a
/// few words ("network error", "HTTP 404"), for the caller's sentence.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "network error".to_owned())?
        .dyn_into()
        .map_err(|_| "not a response".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let body = response.array_buffer().map_err(|_| "no body".to_owned())?;
    let buffer = JsFuture::from(body)
        .await
        .map_err(|_| "interrupted".to_owned())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// What localStorage held under a key.
pub enum Stored<T> {
    /// Nothing there (or no storage at all).
    Nothing,
    /// Read and valid.
    Read(T),
    /// Unreadable. It was moved to the key `aside` (`{key}.unreadable.<ms>`), never
    /// deleted; `aside` is `None` when it could not be moved and was left where it was.
    Unreadable {
        /// Why it could not be read.
        problem: String,
        /// Where it is now.
        aside: Option<String>,
        /// The text itself, for the user to download.
        raw: String,
    },
}

/// Where unreadable data is now, for messages: its aside key, or `key` itself.
pub fn kept_under<'a>(aside: &'a Option<String>, key: &'a str) -> &'a str {
    aside.as_deref().unwrap_or(key)
}

/// Reads `key` from localStorage with `parse`. Unreadable data is set aside under
/// `{key}.unreadable.<ms>` so that nothing the user saved is lost, and reported.
pub fn load_stored<T, E: std::fmt::Display>(
    key: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Stored<T> {
    let Some(storage) = web_sys::window().and_then(|window| window.local_storage().ok().flatten())
    else {
        return Stored::Nothing;
    };
    let Ok(Some(raw)) = storage.get_item(key) else {
        return Stored::Nothing;
    };
    match parse(&raw) {
        Ok(value) => Stored::Read(value),
        Err(problem) => {
            let aside = format!("{key}.unreadable.{}", js_sys::Date::now() as u64);
            let moved = storage.set_item(&aside, &raw).is_ok() && storage.remove_item(key).is_ok();
            crate::ui::set_aside::announce();
            Stored::Unreadable {
                problem: problem.to_string(),
                aside: moved.then_some(aside),
                raw,
            }
        }
    }
}

/// A stretch of work on the main thread, between two yields to the browser: long work
/// checks [`WorkSlice::due`] between small steps and calls [`WorkSlice::pause`] when it
/// says so, so that no task runs much over [`WorkSlice::MS`].
pub struct WorkSlice {
    started: f64,
}

impl WorkSlice {
    /// Longest stretch of work between two yields (ms): half a frame.
    pub const MS: f64 = 8.0;

    /// A stretch starting now.
    pub fn start() -> WorkSlice {
        WorkSlice { started: now_ms() }
    }

    /// Whether this stretch has run its time.
    pub fn due(&self) -> bool {
        now_ms() - self.started > WorkSlice::MS
    }

    /// Lets the browser draw and handle input, then starts a new stretch.
    pub async fn pause(&mut self) {
        yield_now().await;
        self.started = now_ms();
    }
}

/// Lets the browser draw and handle input before the caller goes on.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds since the page started (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// The bytes `start..end` of `file` (a slice is read without reading the rest).
pub async fn read_file_slice(
    file: &web_sys::File,
    start: f64,
    end: f64,
) -> Result<Vec<u8>, String> {
    let failed = |_| format!("\"{}\" could not be read", file.name());
    let blob = file.slice_with_f64_and_f64(start, end).map_err(failed)?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(failed)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Writes `value` under `key` in localStorage; a message when the browser refuses.
pub fn store(key: &str, value: &str) -> Result<(), String> {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .ok_or_else(|| "this browser keeps no local storage".to_owned())?
        .set_item(key, value)
        .map_err(|_| "the browser refused to save (storage full or blocked)".to_owned())
}

/// The plain text of a paste or drop, left as a JavaScript string: turning megabytes of it
/// into a Rust string takes tens of milliseconds (see [`js_string_in_slices`]).
pub fn transfer_text(data: &web_sys::DataTransfer) -> Option<js_sys::JsString> {
    let get_data = js_sys::Reflect::get(data, &"getData".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    get_data
        .call1(data, &"text/plain".into())
        .ok()?
        .dyn_into::<js_sys::JsString>()
        .ok()
}

/// UTF-16 units converted per slice by [`js_string_in_slices`] (about 3 ms).
const SLICE_UNITS: u32 = 256 * 1024;

/// `text` as a Rust string, converted a slice at a time with a yield to the browser every
/// few milliseconds, so that a 10 MB paste never holds the page for the ~45 ms one
/// conversion takes. Stops with `None` as soon as `still_wanted` says no. A slice never
/// ends between the two halves of a surrogate pair; a lone surrogate becomes U+FFFD, as
/// in any conversion to UTF-8.
pub async fn js_string_in_slices(
    text: js_sys::JsString,
    still_wanted: impl Fn() -> bool,
) -> Option<String> {
    let length = text.length();
    let mut converted = String::with_capacity(length as usize);
    let mut at = 0;
    let mut slice = WorkSlice::start();
    while at < length {
        let mut end = at.saturating_add(SLICE_UNITS).min(length);
        // A high surrogate: the pair's second half comes next.
        if end < length && (55_296.0..56_320.0).contains(&text.char_code_at(end - 1)) {
            end += 1;
        }
        converted.push_str(&String::from(text.slice(at, end)));
        at = end;
        if slice.due() {
            slice.pause().await;
            if !still_wanted() {
                return None;
            }
        }
    }
    still_wanted().then_some(converted)
}
