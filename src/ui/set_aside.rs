//! Saved data that could not be read: each view moves it aside (never deletes it) and
//! says so; this notice lists what is set aside and lets the user download it all.

use leptos::prelude::*;

use crate::formats::route::Route;
use crate::formats::route::RouteError;
use crate::ui::browser::download_text;

/// The event [`announce`] sends.
const SET_ASIDE_EVENT: &str = "burnrate:set-aside";

/// Tells the notice that data was just set aside, so that it lists it at once: a view whose
/// code is still downloading when the view changes mounts (and sets its data aside) after
/// the notice has looked.
pub fn announce() {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(SET_ASIDE_EVENT)) {
        let _ = window.dispatch_event(&event);
    }
}

/// The localStorage entries set aside as unreadable: (key, raw text).
fn set_aside() -> Vec<(String, String)> {
    let Some(storage) = web_sys::window().and_then(|window| window.local_storage().ok().flatten())
    else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    let mut entries: Vec<(String, String)> = (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with("burnrate.") && key.contains(".unreadable."))
        .filter_map(|key| {
            let raw = storage.get_item(&key).ok().flatten()?;
            Some((key, raw))
        })
        .collect();
    entries.sort();
    entries
}

/// The notice, `data-testid="set-aside"`, shown while any saved data is set aside. It is
/// checked again after every change of view (views set data aside when they open).
#[component]
pub fn SetAsideNotice(route: ReadSignal<Result<Route, RouteError>>) -> impl IntoView {
    let entries = RwSignal::new(Vec::<(String, String)>::new());
    let kept = use_context::<crate::ui::kept::Kept>();
    Effect::new(move |_| {
        route.track();
        // Views set kept inputs aside as they read them, which can be after this ran.
        if let Some(kept) = kept {
            kept.set_aside_count.track();
        }
        // After the view has mounted and read its saved data.
        set_timeout(
            move || entries.set(set_aside()),
            std::time::Duration::from_millis(0),
        );
    });
    let listener = window_event_listener_untyped(SET_ASIDE_EVENT, move |_| {
        set_timeout(
            move || entries.set(set_aside()),
            std::time::Duration::from_millis(0),
        );
    });
    on_cleanup(move || listener.remove());
    let download = move |_| {
        let map: serde_json::Map<String, serde_json::Value> = entries
            .get_untracked()
            .into_iter()
            .map(|(key, raw)| (key, serde_json::Value::String(raw)))
            .collect();
        let _ = download_text(
            "burnrate-unreadable-saved-data.json",
            "application/json",
            &serde_json::Value::Object(map).to_string(),
        );
    };
    move || {
        let count = entries.with(Vec::len);
        (count > 0).then(|| {
            view! {
                <aside class="notice set-aside" data-testid="set-aside" role="status">
                    <span>{format!(
                        "{count} piece{} of saved data could not be read (damaged, or from another version of Burnrate). {} kept in this browser, untouched, under keys ending in .unreadable.<time>.",
                        if count == 1 { "" } else { "s" },
                        if count == 1 { "It is" } else { "They are" }
                    )}</span>
                    " "
                    <button type="button" class="secondary" data-testid="set-aside-download" on:click=download>"Download it"</button>
                </aside>
            }
        })
    }
}
