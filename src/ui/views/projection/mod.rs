//! The Projection view: a month of LLM traffic, its true cost, and what each lever saves.
//!
//! The form holds raw text, one signal per field of `formats::scenario::FIELDS`; the core
//! validates it and projects it. The form lives in the URL query (so a link reproduces
//! it) and in localStorage (so leaving the view and coming back loses nothing).

mod call_units;
mod compare;
mod formulas;
mod hidden_costs;
mod inputs;
mod levers;
mod results;
mod roadmap;
mod saved;
mod share;
mod workload;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::formats::route::{parse_fragment, to_fragment, Route};
use crate::formats::route::{Page, View};
use crate::formats::scenario::{
    self, replaced, SavedScenario, ScenarioForm, Validated, FIELDS, PRESETS,
};
use crate::models::projection::{project, Projection};
use crate::ui::browser::{kept_under, load_stored, store, Stored};
use crate::ui::kept::kept;
use crate::ui::price_book::use_price_book;

use compare::ComparePanel;
use formulas::Formulas;
use hidden_costs::HiddenCosts;
use levers::LeversPanel;
use results::{Charts, Headline};
use roadmap::Roadmap;
use share::{CopyLink, SharePanel, ShareStatus};
use workload::WorkloadPanel;

/// Where the current scenario is kept between visits.
const CURRENT_KEY: &str = "burnrate.projection.current";

/// The view's state, shared with its parts through context.
#[derive(Clone, Copy)]
pub struct ProjectionState {
    fields: StoredValue<BTreeMap<&'static str, RwSignal<String>>>,
    /// The whole form.
    pub form: Memo<ScenarioForm>,
    /// The form, validated.
    pub validated: Memo<Validated>,
    /// The projection, once the form is valid; `Err` holds a message for the user.
    pub projection: Memo<Option<Result<Projection, String>>>,
    /// Problems with the link or file the form was loaded from.
    pub load_problems: RwSignal<Vec<String>>,
    /// The model pickers' options.
    pub groups: Memo<inputs::ModelGroups>,
}

impl ProjectionState {
    /// The text of field `key`. Unknown keys get a detached signal (a programming error
    /// that shows up as a field that does nothing, never a panic).
    pub fn field(&self, key: &str) -> RwSignal<String> {
        self.fields
            .with_value(|fields| fields.get(key).copied())
            .unwrap_or_else(|| RwSignal::new(String::new()))
    }

    /// The message for field `key`, if it is invalid.
    pub fn error(&self, key: &'static str) -> Signal<Option<String>> {
        let validated = self.validated;
        Signal::derive(move || validated.with(|validated| validated.errors.get(key).cloned()))
    }

    /// Replaces every field with `form`'s.
    pub fn load(&self, form: &ScenarioForm) {
        self.fields.with_value(|fields| {
            for (key, signal) in fields {
                let value = form.get(key);
                if signal.with_untracked(|current| current != value) {
                    signal.set(value.to_owned());
                }
            }
        });
    }

    /// Runs `f` on the projection when there is one.
    pub fn with_projection<T>(&self, f: impl FnOnce(&Projection) -> T) -> Option<T> {
        self.projection.with(|projection| {
            projection
                .as_ref()
                .and_then(|result| result.as_ref().ok())
                .map(f)
        })
    }
}

/// The state provided by [`ProjectionView`].
pub fn use_projection() -> ProjectionState {
    use_context::<ProjectionState>().expect("ProjectionView provides its state")
}

/// The form in the current URL's query, or the one kept from the last visit (with the
/// query's fields laid over it when the query says `merge=1`), the problems to report,
/// and the scenario the query replaced when it must be kept for an Undo (see
/// [`replaced::worth_keeping`]).
fn initial_form(saved: &[SavedScenario]) -> (ScenarioForm, Vec<String>, Option<ScenarioForm>) {
    let hash = window().location().hash().unwrap_or_default();
    let query = parse_fragment(&hash)
        .map(|route| route.query)
        .unwrap_or_default();
    let (current, mut problems) = kept_form();
    if query.is_empty() {
        return (current, problems, None);
    }
    let (incoming, query_problems) = incoming_form(&current, &query);
    problems.extend(query_problems);
    let replaced = replaced::worth_keeping(&current, &incoming, saved).then_some(current);
    (incoming, problems, replaced)
}

/// The form a link's `query` gives, with its problems: the link's own scenario, or with
/// `merge=1` its fields laid over `current`.
fn incoming_form(current: &ScenarioForm, query: &str) -> (ScenarioForm, Vec<String>) {
    if ScenarioForm::is_merge(query) {
        let mut merged = current.clone();
        let problems = merged.apply_query(query);
        (merged, problems)
    } else {
        ScenarioForm::from_query(query)
    }
}

/// The scenario kept from the last visit, or the defaults. An unreadable one is set aside
/// (so the next save does not overwrite it) and reported.
fn kept_form() -> (ScenarioForm, Vec<String>) {
    match load_stored(CURRENT_KEY, scenario::from_json) {
        Stored::Nothing => (ScenarioForm::default(), Vec::new()),
        Stored::Read((_, form, problems)) => (form, problems),
        Stored::Unreadable { problem, aside, .. } => (
            ScenarioForm::default(),
            vec![format!(
                "Your last scenario could not be read ({problem}); the defaults are shown. It is kept under the key \"{}\" in this browser's storage.",
                kept_under(&aside, CURRENT_KEY)
            )],
        ),
    }
}

/// The view's root, `data-testid="view-projection"`.
#[component]
pub fn ProjectionView() -> impl IntoView {
    let book = use_price_book();
    let saved_store = saved::saved_store();
    let (initial, problems, replaced_now) =
        saved_store.list.with_untracked(|saved| initial_form(saved));
    // The scenario a link replaced, as a scenario file, until the user undoes or dismisses.
    let replaced = kept(
        View::Projection,
        "replaced",
        "the scenario a link replaced",
        || None::<String>,
    );
    if let Some(form) = &replaced_now {
        replaced.set(Some(scenario::to_json("Replaced", form)));
    }
    let fields: BTreeMap<&'static str, RwSignal<String>> = FIELDS
        .iter()
        .map(|field| (field.key, RwSignal::new(initial.get(field.key).to_owned())))
        .collect();
    let fields = StoredValue::new(fields);
    let form = Memo::new(move |_| {
        let mut form = ScenarioForm::default();
        fields.with_value(|fields| {
            for (key, signal) in fields {
                signal.with(|value| form.set(key, value));
            }
        });
        form
    });
    let validated = Memo::new(move |_| {
        form.with(|form| {
            book.catalog
                .with(|catalog| scenario::validate(form, &|id| catalog.get(id).is_some()))
        })
    });
    let projection = Memo::new(move |_| {
        validated.with(|validated| {
            validated.config.as_ref().map(|config| {
                book.catalog.with(|catalog| {
                    project(config, catalog)
                        .map_err(|error| crate::form::capitalised(&error.to_string()))
                })
            })
        })
    });
    let state = ProjectionState {
        fields,
        form,
        validated,
        projection,
        load_problems: RwSignal::new(problems),
        groups: inputs::model_groups(),
    };
    provide_context(state);
    provide_context(saved_store);
    ShareStatus::provide();

    // The URL and localStorage follow the form. replaceState fires no hashchange, and
    // the app mounts views by page, so the view is not rebuilt.
    Effect::new(move |_| {
        // The defaults need no query: `#/projection` stays as it was clicked.
        let query = form.with(|form| {
            if *form == ScenarioForm::default() {
                String::new()
            } else {
                form.to_query()
            }
        });
        let fragment = to_fragment(&Route {
            page: Page::View(View::Projection),
            query,
        });
        if let Ok(history) = window().history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment));
        }
        let json = form.with(|form| scenario::to_json("Current", form));
        let _ = store(CURRENT_KEY, &json);
    });
    // A link pasted into the address bar while the view is open loads that scenario.
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if let Ok(Route {
            page: Page::View(View::Projection),
            query,
        }) = parse_fragment(&hash)
        {
            if !query.is_empty() && query != form.with_untracked(ScenarioForm::to_query) {
                let current = form.get_untracked();
                let (loaded, problems) = incoming_form(&current, &query);
                let back_to_replaced = replaced.with_untracked(|json| {
                    json.as_deref()
                        .and_then(|json| scenario::from_json(json).ok())
                        .is_some_and(|(_, form, _)| form == loaded)
                });
                if back_to_replaced {
                    // Back (or forward) to the scenario the link replaced: nothing is left
                    // to undo.
                    replaced.set(None);
                } else if saved_store
                    .list
                    .with_untracked(|saved| replaced::worth_keeping(&current, &loaded, saved))
                {
                    replaced.set(Some(scenario::to_json("Replaced", &current)));
                }
                state.load(&loaded);
                state.load_problems.set(problems);
            }
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <section class="view projection" data-testid="view-projection" aria-labelledby="projection-title">
            <h1 id="projection-title">"Projection"</h1>
            <p class="lede">"What your LLM feature really costs a month, and what each optimization would save. Start from a preset or your own numbers; every figure is explained under “How is this calculated?”."</p>
            // The presets and "Copy link" first, a few Tab presses from the top; the rest of
            // Share and save is in its panel below.
            <div class="view-toolbar">
            <div class="presets" role="group" aria-label="Presets">
                <span class="presets-label">"Start from:"</span>
                {PRESETS.iter().map(|preset| {
                    let testid = format!("preset-{}", preset.id);
                    view! {
                        <button type="button" class="secondary" data-testid=testid title=preset.description
                            on:click=move |_| {
                                state.load(&ScenarioForm::from_preset(preset));
                                state.load_problems.set(Vec::new());
                            }>
                            {preset.name}
                        </button>
                    }
                }).collect_view()}
                <button type="button" class="link" data-testid="preset-defaults"
                    on:click=move |_| { state.load(&ScenarioForm::default()); state.load_problems.set(Vec::new()); }>
                    "Reset to defaults"
                </button>
            </div>
            <CopyLink />
            </div>
            <Show when=move || !state.load_problems.with(Vec::is_empty)>
                <div class="notice" role="status" data-testid="load-problems">
                    <ul>{move || state.load_problems.get().into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                    <button type="button" class="link" on:click=move |_| state.load_problems.set(Vec::new())>"Dismiss"</button>
                </div>
            </Show>
            {move || replaced.get().map(|json| view! {
                <div class="notice" role="status" data-testid="scenario-replaced">
                    <span>"The link you opened replaced the scenario you had. "</span>
                    <button type="button" data-testid="scenario-replaced-undo" on:click=move |_| {
                        match scenario::from_json(&json) {
                            Ok((_, form, _)) => {
                                state.load(&form);
                                state.load_problems.set(Vec::new());
                            }
                            Err(problem) => state.load_problems.set(vec![format!("The replaced scenario could not be read back: {problem}.")]),
                        }
                        replaced.set(None);
                    }>"Undo"</button>
                    " "
                    <button type="button" class="link" data-testid="scenario-replaced-dismiss" on:click=move |_| replaced.set(None)>"Keep the link's"</button>
                </div>
            })}
            <Headline />
            <div class="projection-grid">
                <div class="projection-inputs">
                    <WorkloadPanel />
                    <HiddenCosts />
                    <LeversPanel />
                </div>
                <div class="projection-outputs">
                    <Charts />
                    <Roadmap />
                    <SharePanel />
                    <ComparePanel />
                </div>
            </div>
            <Formulas />
        </section>
    }
}
