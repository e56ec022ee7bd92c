//! Saved data that could not be read: each view moves it aside (never deletes it) and
//! says so; this notice lists what is set aside and lets the user download it all.

use leptos::prelude::*;

use crate::formats::route::Route;
use crate::formats::route::RouteError;
use crate::ui::browser::{download_text, read_text, stored_keys};

/// The event [`announce`] sends.
const SET_ASIDE_EVENT: &str = "burnrate:set-aside";

/// Tells the notice that data was just set aside, so that it lists it at once: a view whose
/// code is still downloading when the view changes mounts (and sets its data aside) after
/// the notice has looked.
pub fn announce() {
    // gloo-events listens but does not dispatch: the event is sent with web_sys.
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(SET_ASIDE_EVENT)) {
        let _ = window.dispatch_event(&event);
    }
}

/// The localStorage entries set aside as unreadable: (key, raw text).
fn set_aside() -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = stored_keys()
        .into_iter()
        .filter(|key| key.starts_with("burnrate.") && key.contains(".unreadable."))
        .filter_map(|key| {
            let raw = read_text(&key)?;
            Some((key, raw))
        })
        .collect();
    entries.sort();
    entries
}

/// Lists what is set aside in a task of its own, once the view has mounted and read (and
/// perhaps set aside) its saved data.
fn look_again(entries: RwSignal<Vec<(String, String)>>) {
    gloo_timers::callback::Timeout::new(0, move || entries.set(set_aside())).forget();
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
        look_again(entries);
    });
    // Leptos's listener, removed with the notice (gloo's would need a `SendWrapper` to be
    // dropped in `on_cleanup`).
    let listener = window_event_listener_untyped(SET_ASIDE_EVENT, move |_| look_again(entries));
    on_cleanup(move || listener.remove());
    let download = move |_| {
        // `{key: raw text}`, keys sorted (as the `serde_json::Value` this replaced wrote).
        let map: std::collections::BTreeMap<String, String> =
            entries.get_untracked().into_iter().collect();
        let _ = download_text(
            "burnrate-unreadable-saved-data.json",
            "application/json",
            &serde_json::to_string(&map).unwrap_or_default(),
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
