//! Named scenarios kept in localStorage, in the versioned format of
//! `formats::scenario::saved_to_json`.

use leptos::prelude::*;

use crate::formats::scenario::{saved_from_json, saved_to_json, SavedScenario};
use crate::ui::browser::{kept_under, load_stored, Stored};

/// Where the saved scenarios live.
pub const STORAGE_KEY: &str = "burnrate.scenarios";

/// The saved scenarios and what to tell the user about them.
#[derive(Clone, Copy)]
pub struct SavedStore {
    /// The scenarios. Writing them saves them.
    pub list: RwSignal<Vec<SavedScenario>>,
    /// A problem reading or writing them.
    pub notice: RwSignal<Option<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Loads the saved scenarios and keeps localStorage in step with them.
pub fn saved_store() -> SavedStore {
    let notice = RwSignal::new(None);
    let list = RwSignal::new(load(notice));
    Effect::new(move |previous: Option<()>| {
        let json = list.with(|list| saved_to_json(list));
        if previous.is_none() {
            return; // Just loaded: nothing changed yet.
        }
        match storage() {
            Some(storage) => {
                if storage.set_item(STORAGE_KEY, &json).is_err() {
                    notice.set(Some("Your scenarios could not be saved (browser storage is full or blocked). Export them as JSON to keep them.".into()));
                }
            }
            None => notice.set(Some("This browser does not allow saving (localStorage is off), so saved scenarios last only until you close the tab.".into())),
        }
    });
    SavedStore { list, notice }
}

/// Reads the saved list; an unreadable entry is moved aside (never deleted) and reported.
fn load(notice: RwSignal<Option<String>>) -> Vec<SavedScenario> {
    match load_stored(STORAGE_KEY, saved_from_json) {
        Stored::Nothing => Vec::new(),
        Stored::Read((list, problems)) => {
            if !problems.is_empty() {
                notice.set(Some(problems.join(" ")));
            }
            list
        }
        Stored::Unreadable { problem, aside, .. } => {
            notice.set(Some(format!(
                "Your saved scenarios could not be read ({problem}). They were {} under the key \"{}\" in this browser's storage; none are shown.",
                if aside.is_some() { "set aside, not deleted," } else { "left" },
                kept_under(&aside, STORAGE_KEY)
            )));
            Vec::new()
        }
    }
}
