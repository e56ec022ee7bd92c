//! Every view's input, held above the views so that a change of view, back and forward
//! keep it, and saved in localStorage so that a reload gives it back.
//!
//! A view asks for each of its fields with [`kept`] (or [`kept_in_memory`] for what cannot
//! be saved, such as a loaded usage log) instead of creating a signal of its own. The
//! signal lives as long as the app, not the view: the view mounted again gets the same
//! signal, holding what the user left in it.
//!
//! Saved fields are written, a moment after the last change (later while the counting
//! workers count: the write would take a core from them), to `burnrate.inputs.<view>`
//! in the format of [`crate::formats::inputs`]. A field too large for storage (a text
//! over 1 MB) stays while the page is open but is not saved, and so is one the browser
//! refused to store; [`KeptNotice`] says which. A saved entry that cannot be read is set
//! aside (see [`crate::ui::browser::load_stored`]), never deleted, and the view starts from
//! its defaults.

use std::any::Any;
use std::collections::HashMap;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::formats::inputs::{self, Fields};
use crate::formats::route::View;
use crate::ui::browser::{load_stored, read_text, set_aside_key, store, Stored};

/// How long after the last change a view's fields are written (ms): typing is not slowed
/// by a write per keystroke, and a reload a moment later still finds them.
const SAVE_DELAY_MS: u32 = 150;
/// Longest a write waits for the counting workers to finish (ms). Writing a 1 MB text
/// takes the page 15–25 ms of a core the workers count on; a reload in the meantime still
/// saves (`pagehide`).
const BUSY_WAIT_MS: u32 = 5_000;

/// Why a field is not kept across a reload.
#[derive(Clone, Debug, PartialEq)]
pub enum NotKept {
    /// Its JSON is longer than the storage limit.
    TooLarge,
    /// The browser refused to store the view's fields (storage full or blocked).
    Refused(String),
}

/// A field that stays while the page is open but would be lost by a reload.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsaved {
    /// The view's title.
    pub view: &'static str,
    /// The field's label, as the view names it to the user.
    pub label: &'static str,
    /// Why.
    pub why: NotKept,
}

type Saver = Box<dyn Fn() -> Result<Option<Box<serde_json::value::RawValue>>, NotKept>>;

/// One view's saved entry and the fields it registered.
struct ViewEntry {
    /// What storage held when the view first asked for a field (fields not asked for yet
    /// are written back as they were).
    stored: Fields,
    /// The registered saved fields: name, label, and how to write it.
    savers: Vec<(&'static str, &'static str, Saver)>,
    /// A write is scheduled.
    pending: bool,
}

struct Inner {
    owner: Owner,
    signals: HashMap<(&'static str, &'static str), Box<dyn Any>>,
    entries: HashMap<&'static str, ViewEntry>,
}

/// The app-wide store of kept inputs, provided by [`provide_kept`].
#[derive(Clone, Copy)]
pub struct Kept {
    inner: StoredValue<Inner, LocalStorage>,
    /// The fields that a reload would lose, for [`KeptNotice`].
    pub unsaved: RwSignal<Vec<Unsaved>>,
    /// Bumped whenever saved inputs are set aside, so that the set-aside notice looks again.
    pub set_aside_count: RwSignal<u32>,
}

/// Provides the store; call once, in the app's root, so that kept signals belong to it.
pub fn provide_kept() -> Kept {
    let kept = Kept {
        inner: StoredValue::new_local(Inner {
            owner: Owner::current().unwrap_or_default(),
            signals: HashMap::new(),
            entries: HashMap::new(),
        }),
        unsaved: RwSignal::new(Vec::new()),
        set_aside_count: RwSignal::new(0),
    };
    provide_context(kept);
    // A reload or closing the tab within the save delay still saves. The listeners last as
    // long as the page.
    for event in ["pagehide", "visibilitychange"] {
        gloo_events::EventListener::new(&window(), event, move |_| kept.save_pending()).forget();
    }
    kept
}

fn use_kept() -> Kept {
    use_context::<Kept>().expect("the app provides Kept")
}

/// The storage key of the entry of the view whose URL name is `view`.
pub fn storage_key(view: &str) -> String {
    format!("burnrate.inputs.{view}")
}

/// A signal for `view`'s field `name` that lives as long as the app and is saved: on first
/// use it holds what was saved (or `default()` when nothing was, or it cannot be read),
/// and every change is written a moment later. `label` names the field in messages.
pub fn kept<T>(
    view: View,
    name: &'static str,
    label: &'static str,
    default: impl FnOnce() -> T,
) -> RwSignal<T>
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
{
    let kept = use_kept();
    let view = view.slug();
    if let Some(signal) = kept.existing::<T>(view, name) {
        return signal.into();
    }
    let initial = kept.stored_value(view, name).unwrap_or_else(default);
    let signal = ArcRwSignal::new(initial);
    let saver: Saver = {
        let signal = signal.clone();
        Box::new(move || {
            signal.with_untracked(|value| {
                inputs::encode_capped(value, inputs::FIELD_LIMIT_BYTES)
                    .map_err(|_| NotKept::TooLarge)
            })
        })
    };
    kept.inner.update_value(|inner| {
        if let Some(entry) = inner.entries.get_mut(view) {
            entry.savers.push((name, label, saver));
        }
    });
    let owner = kept.inner.with_value(|inner| inner.owner.clone());
    owner.with(|| {
        let signal = signal.clone();
        Effect::new(move |previous: Option<()>| {
            signal.track();
            if previous.is_some() {
                kept.schedule_save(view);
            }
        });
    });
    kept.remember(view, name, signal.clone());
    signal.into()
}

/// A signal for `view`'s field `name` that lives as long as the app but is not saved
/// (what cannot or should not be written to storage, such as a loaded usage log).
pub fn kept_in_memory<T>(view: View, name: &'static str, default: impl FnOnce() -> T) -> RwSignal<T>
where
    T: Send + Sync + 'static,
{
    let kept = use_kept();
    let view = view.slug();
    if let Some(signal) = kept.existing::<T>(view, name) {
        return signal.into();
    }
    let signal = ArcRwSignal::new(default());
    kept.remember(view, name, signal.clone());
    signal.into()
}

impl Kept {
    fn existing<T: Send + Sync + 'static>(
        self,
        view: &'static str,
        name: &'static str,
    ) -> Option<ArcRwSignal<T>> {
        self.inner.with_value(|inner| {
            inner
                .signals
                .get(&(view, name))
                .and_then(|signal| signal.downcast_ref::<ArcRwSignal<T>>())
                .cloned()
        })
    }

    fn remember<T: Send + Sync + 'static>(
        self,
        view: &'static str,
        name: &'static str,
        signal: ArcRwSignal<T>,
    ) {
        self.inner.update_value(|inner| {
            inner.signals.insert((view, name), Box::new(signal));
        });
    }

    /// The saved value of `view`'s field `name`, reading the view's entry on first use.
    /// An entry that cannot be read is set aside; a field that does not decode as `T`
    /// sets the whole entry aside too (before anything overwrites it), and is `None`.
    fn stored_value<T: DeserializeOwned>(self, view: &'static str, name: &str) -> Option<T> {
        self.load_entry(view);
        let raw = self.inner.with_value(|inner| {
            inner
                .entries
                .get(view)
                .and_then(|entry| entry.stored.get(name))
                .map(|raw| raw.get().to_owned())
        })?;
        let decoded = serde_json::from_str::<T>(&raw).ok();
        if decoded.is_none() {
            self.set_aside_field(view, name);
        }
        decoded
    }

    fn load_entry(self, view: &'static str) {
        if self
            .inner
            .with_value(|inner| inner.entries.contains_key(view))
        {
            return;
        }
        let stored = match load_stored(&storage_key(view), inputs::parse) {
            Stored::Read(fields) => fields,
            Stored::Nothing => Fields::new(),
            // Set aside by `load_stored`; the set-aside notice lists it.
            Stored::Unreadable { .. } => {
                self.set_aside_count.update(|count| *count += 1);
                Fields::new()
            }
        };
        self.inner.update_value(|inner| {
            inner.entries.insert(
                view,
                ViewEntry {
                    stored,
                    savers: Vec::new(),
                    pending: false,
                },
            );
        });
    }

    /// A saved field that does not decode as its view's type: the whole entry as it was
    /// is copied to an `.unreadable.<ms>` key (listed by the set-aside notice), and the
    /// entry is written again without that field, so that nothing is lost and the copy is
    /// made once, not on every load.
    fn set_aside_field(self, view: &'static str, name: &str) {
        let key = storage_key(view);
        if let Some(raw) = read_text(&key) {
            if store(&set_aside_key(&key), &raw).is_err() {
                return; // Not copied: the entry stays as it is.
            }
        }
        let remaining = self.inner.try_update_value(|inner| {
            let entry = inner.entries.get_mut(view)?;
            entry.stored.remove(name);
            Some(entry.stored.clone())
        });
        if let Some(Some(remaining)) = remaining {
            let _ = store(&key, &inputs::write(remaining));
        }
        self.set_aside_count.update(|count| *count += 1);
    }

    fn schedule_save(self, view: &'static str) {
        let already = self
            .inner
            .try_update_value(|inner| match inner.entries.get_mut(view) {
                Some(entry) => std::mem::replace(&mut entry.pending, true),
                None => true,
            });
        if already != Some(false) {
            return;
        }
        self.save_later(view, 0);
    }

    /// Writes `view`'s fields in SAVE_DELAY_MS, or later while the counting workers are
    /// busy (for at most BUSY_WAIT_MS).
    fn save_later(self, view: &'static str, waited: u32) {
        gloo_timers::callback::Timeout::new(SAVE_DELAY_MS, move || {
            let waited = waited + SAVE_DELAY_MS;
            if crate::ui::count_pool::busy() && waited < BUSY_WAIT_MS {
                self.save_later(view, waited);
            } else {
                self.save(view);
            }
        })
        .forget();
    }

    /// Writes every view whose write is scheduled, now.
    fn save_pending(self) {
        let pending: Vec<&'static str> = self.inner.with_value(|inner| {
            inner
                .entries
                .iter()
                .filter(|(_, entry)| entry.pending)
                .map(|(view, _)| *view)
                .collect()
        });
        for view in pending {
            self.save(view);
        }
    }

    /// Writes `view`'s fields and updates the list of fields a reload would lose.
    fn save(self, view: &'static str) {
        let written = self.inner.try_update_value(|inner| {
            let entry = inner.entries.get_mut(view)?;
            if !std::mem::replace(&mut entry.pending, false) {
                return None;
            }
            // Fields saved earlier that this session has not asked for are kept as they were.
            let mut fields = entry.stored.clone();
            let mut too_large = Vec::new();
            for (name, label, saver) in &entry.savers {
                match saver() {
                    Ok(Some(json)) => {
                        fields.insert((*name).to_owned(), json);
                    }
                    Ok(None) => {}
                    Err(_) => {
                        fields.remove(*name);
                        too_large.push(*label);
                    }
                }
            }
            let labels: Vec<&'static str> =
                entry.savers.iter().map(|(_, label, _)| *label).collect();
            Some((inputs::write(fields), too_large, labels))
        });
        let Some(Some((text, too_large, labels))) = written else {
            return;
        };
        let refused = store(&storage_key(view), &text)
            .err()
            .map(|problem| problem.to_string());
        let view_title = view_title(view);
        self.unsaved.update(|unsaved| {
            unsaved.retain(|field| field.view != view_title);
            if let Some(problem) = refused {
                unsaved.extend(labels.iter().map(|label| Unsaved {
                    view: view_title,
                    label,
                    why: NotKept::Refused(problem.clone()),
                }));
            } else {
                unsaved.extend(too_large.iter().map(|label| Unsaved {
                    view: view_title,
                    label,
                    why: NotKept::TooLarge,
                }));
            }
        });
    }
}

/// The title of the view whose key is `view` (keys are the views' URL names).
fn view_title(view: &'static str) -> &'static str {
    View::from_slug(view).map(View::title).unwrap_or(view)
}

/// The notice, `data-testid="inputs-not-kept"`, shown while a reload would lose something
/// the user entered: a text too large for storage, or fields the browser refused to store.
#[component]
pub fn KeptNotice() -> impl IntoView {
    let kept = use_kept();
    move || {
        let unsaved = kept.unsaved.get();
        (!unsaved.is_empty()).then(|| {
            let lines: Vec<String> = unsaved
                .iter()
                .map(|field| match &field.why {
                    NotKept::TooLarge => format!(
                        "{} in {} is over 1 MiB, too large to keep in this browser's storage: it stays while you switch views, but a reload will lose it.",
                        capitalized(field.label),
                        field.view,
                    ),
                    NotKept::Refused(problem) => format!(
                        "{} in {} could not be kept for a reload: {problem}. It stays while you switch views.",
                        capitalized(field.label),
                        field.view
                    ),
                })
                .collect();
            view! {
                <aside class="notice" data-testid="inputs-not-kept" role="status">
                    {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                </aside>
            }
        })
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
