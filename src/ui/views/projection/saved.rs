//! Named scenarios kept in localStorage, in the versioned format of
//! `formats::scenario::saved_to_json`.

use leptos::prelude::*;

use crate::formats::scenario::{saved_from_json, saved_to_json, SavedScenario};
use crate::ui::browser::{kept_under, load_stored, store, NotStored, Stored};

/// Where the saved scenarios live.
pub const STORAGE_KEY: &str = "burnrate.scenarios";

/// The saved scenarios and what to tell the user about them.
#[derive(Clone, Copy)]
pub struct SavedStore {
    /// The scenarios. Change them through [`SavedStore::change`], which saves them.
    pub list: RwSignal<Vec<SavedScenario>>,
    /// A problem reading them.
    pub notice: RwSignal<Option<String>>,
}

impl SavedStore {
    /// Applies `change` to the list and saves it at once, so that the caller can say
    /// whether it was saved: `Err` holds the message when the browser refused, and the
    /// list then stays as it was (nothing claims to be saved that is not).
    pub fn change(self, change: impl FnOnce(&mut Vec<SavedScenario>)) -> Result<(), String> {
        let mut changed = self.list.get_untracked();
        change(&mut changed);
        store(STORAGE_KEY, &saved_to_json(&changed)).map_err(|problem| match problem {
            NotStored::NoStorage => "this browser does not allow saving (localStorage is off)",
            NotStored::Refused => {
                "the browser's storage is full or blocked; export the scenario as JSON to keep it"
            }
        })?;
        self.list.set(changed);
        Ok(())
    }
}

/// Loads the saved scenarios.
pub fn saved_store() -> SavedStore {
    let notice = RwSignal::new(None);
    let list = RwSignal::new(load(notice));
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
