//! The app's browser I/O: localStorage, files and downloads, timers and yields, fetch, the
//! clipboard, and the text of a paste.
//!
//! It goes through gloo where gloo has the API: `gloo-storage` for localStorage,
//! `gloo-file` for files, blobs and object URLs, `gloo-timers` for the yields between
//! slices of work, `gloo-net` for fetch (`gloo-events` and `gloo-timers` serve
//! [`crate::ui::kept`] and the panic banner too). Raw `web_sys` stays where gloo has none,
//! each place saying what is missing. (`gloo-worker` belongs to the counting worker pool of
//! issue #21, which does not exist yet.)

use gloo_file::{Blob, File, ObjectUrl};
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use serde_json::value::RawValue;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` to the user as a file download named `file_name`.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    // gloo has no DOM API: the link that starts the download is made with web_sys.
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "the browser refused to create the download".to_owned())?
        .dyn_into()
        .map_err(|_| "no anchor element".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Dropping `url` revokes it; the download has started.
    Ok(())
}

/// Puts `text` on the clipboard. (gloo has no clipboard API.)
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
/// (gloo has no Performance API.)
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}

/// The file picked in the `<input type="file">` that fired `event`, if any; the input is
/// cleared, so that picking the same file again fires again. (gloo has no API for input
/// elements or events; it takes over from the `File`.)
pub fn take_picked_file(event: &web_sys::Event) -> Option<File> {
    let input = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let picked = input.files().and_then(|files| files.get(0));
    input.set_value("");
    picked.map(File::from)
}

/// The first file of a drop, if any.
pub fn dropped_file(event: &web_sys::DragEvent) -> Option<File> {
    let file = event.data_transfer()?.files()?.get(0)?;
    Some(File::from(file))
}

/// Reads the file just picked in the `<input type="file">` that fired `event`, as text,
/// through the same checks as any opened file (size, binary data, UTF-8), then clears the
/// input so that picking the same file again fires again. `on_read` gets the text, or a
/// message naming the file; nothing happens when no file was picked.
pub fn read_picked_text(
    event: &web_sys::Event,
    on_read: impl FnOnce(Result<String, String>) + 'static,
) {
    let Some(picked) = take_picked_file(event) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let name = picked.name();
        let result = gloo_file::futures::read_as_bytes(&picked)
            .await
            .map_err(|_| format!("\"{name}\" could not be read"))
            .and_then(|bytes| {
                crate::text::file::decode(bytes).map_err(|error| format!("\"{name}\" {error}"))
            });
        on_read(result);
    });
}

/// Downloads `url` (relative to the page) as bytes. The error says what went wrong in a
/// few words ("network error", "HTTP 404"), for the caller's sentence.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|_| "network error".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response
        .binary()
        .await
        .map_err(|_| "interrupted".to_owned())
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
    let Some(raw) = read_text(key) else {
        return Stored::Nothing;
    };
    match parse(&raw) {
        Ok(value) => Stored::Read(value),
        Err(problem) => {
            let aside = set_aside_key(key);
            let moved = store(&aside, &raw).is_ok();
            if moved {
                LocalStorage::delete(key);
            }
            crate::ui::set_aside::announce();
            Stored::Unreadable {
                problem: problem.to_string(),
                aside: moved.then_some(aside),
                raw,
            }
        }
    }
}

/// The key under which unreadable data from `key` is set aside, now:
/// `{key}.unreadable.<ms since 1970>` (a storage contract). (gloo has no clock.)
pub fn set_aside_key(key: &str) -> String {
    format!("{key}.unreadable.{}", js_sys::Date::now() as u64)
}

/// Why a value was not written to localStorage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NotStored {
    /// The browser keeps no local storage (turned off, or blocked for this site).
    NoStorage,
    /// The browser refused the write (storage full or blocked).
    Refused,
}

impl std::fmt::Display for NotStored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotStored::NoStorage => "this browser keeps no local storage",
            NotStored::Refused => "the browser refused to save (storage full or blocked)",
        })
    }
}

/// Whether the page has localStorage. gloo-storage cannot say: its `LocalStorage::raw()`
/// throws when storage is off or blocked, which would stop the app mid-way, so every
/// function here asks web_sys first.
fn has_storage() -> bool {
    web_sys::window().is_some_and(|window| matches!(window.local_storage(), Ok(Some(_))))
}

/// The text stored under `key`; `None` when there is none, or no storage.
///
/// Every stored format is JSON, read through gloo-storage as a raw JSON value for the
/// format's own parser (a JSON value comes without any blank space around it; the formats
/// write none). Text that is not JSON (damaged data) is read as it is from the raw
/// `Storage`: gloo-storage reads only JSON, and damaged data must be set aside unchanged.
pub fn read_text(key: &str) -> Option<String> {
    if !has_storage() {
        return None;
    }
    match LocalStorage::get::<Box<RawValue>>(key) {
        Ok(json) => Some(Box::<str>::from(json).into_string()),
        Err(StorageError::KeyNotFound(_)) => None,
        Err(_) => LocalStorage::raw().get_item(key).ok().flatten(),
    }
}

/// Writes `value` under `key` in localStorage, exactly as it is.
///
/// JSON (every stored format) goes through gloo-storage, which writes a raw JSON value
/// verbatim; other text (a copy of damaged data being set aside) goes to the raw
/// `Storage`, since gloo-storage writes only JSON.
pub fn store(key: &str, value: &str) -> Result<(), NotStored> {
    if !has_storage() {
        return Err(NotStored::NoStorage);
    }
    let written = match serde_json::from_str::<&RawValue>(value) {
        Ok(json) if json.get().len() == value.len() => LocalStorage::set(key, json).is_ok(),
        _ => LocalStorage::raw().set_item(key, value).is_ok(),
    };
    written.then_some(()).ok_or(NotStored::Refused)
}

/// The keys in localStorage, in the browser's order. (gloo-storage has no way to list
/// keys: its `get_all` needs every value to be JSON, and data set aside often is not.)
pub fn stored_keys() -> Vec<String> {
    if !has_storage() {
        return Vec::new();
    }
    let storage = LocalStorage::raw();
    (0..LocalStorage::length())
        .filter_map(|index| storage.key(index).ok().flatten())
        .collect()
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

/// Lets the browser draw and handle input before the caller goes on (a zero-delay
/// timeout).
pub async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Waits until the browser has drawn a frame (a zero-delay timeout after the next
/// animation frame), so that what changed before is on screen before the caller goes on.
pub async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _reject| {
        let asked = web_sys::window()
            .is_some_and(|window| window.request_animation_frame(&resolve).is_ok());
        if !asked {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    yield_now().await;
}

/// Milliseconds since the page started (`performance.now()`). (gloo has no Performance
/// API.)
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// The bytes `start..end` of `file` (a slice is read without reading the rest).
pub async fn read_file_slice(file: &File, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let slice = Blob::slice(file, start, end);
    gloo_file::futures::read_as_bytes(&slice)
        .await
        .map_err(|_| format!("\"{}\" could not be read", file.name()))
}

/// The plain text of a paste or drop, left as a JavaScript string: turning megabytes of it
/// into a Rust string takes tens of milliseconds (see [`js_string_in_slices`]). (gloo has
/// no clipboard or DataTransfer API, and web_sys's `get_data` returns a Rust string.)
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
