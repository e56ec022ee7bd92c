//! Share, save and export: the link, CSV, JSON, and named scenarios.

use leptos::prelude::*;

use crate::formats::route::View;
use crate::ui::kept::kept;
use wasm_bindgen::JsCast;

use crate::formats::exports::months_csv;
use crate::formats::scenario::{self, SavedScenario, ScenarioForm};
use crate::ui::browser::{copy_text, download_text, read_picked_text};
use crate::ui::field::StatusMessage;

use super::saved::SavedStore;
use super::use_projection;

/// The full address of the current scenario.
fn share_url(form: &ScenarioForm) -> String {
    let location = window().location();
    format!(
        "{}{}#/projection?{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        form.to_query()
    )
}

/// The outcome of the last share, save or export action: the Share panel's status line
/// (`share-status`), which "Copy link" at the top of the view also writes.
#[derive(Clone, Copy)]
pub struct ShareStatus(pub RwSignal<Option<Result<String, String>>>);

impl ShareStatus {
    /// A fresh, empty status, provided by the view for [`CopyLink`] and [`SharePanel`].
    pub fn provide() {
        provide_context(ShareStatus(RwSignal::new(None)));
    }

    fn get() -> RwSignal<Option<Result<String, String>>> {
        use_context::<ShareStatus>()
            .map(|status| status.0)
            .unwrap_or_else(|| RwSignal::new(None))
    }
}

/// "Copy link" (`data-testid="share-link"`), at the top of the view so that it is a few
/// Tab presses away: copies the address of the current scenario. Its outcome goes to the
/// Share panel's status line (read out there) and shows beside the button.
#[component]
pub fn CopyLink() -> impl IntoView {
    let state = use_projection();
    let status = ShareStatus::get();
    let note = RwSignal::new(None::<Result<String, String>>);
    let copy_link = move |_| {
        let link = state.form.with_untracked(share_url);
        leptos::task::spawn_local(async move {
            let outcome = copy_text(&link).await;
            note.set(Some(match &outcome {
                Ok(()) => Ok("Link copied.".to_owned()),
                Err(_) => Err("Not copied: see Share and save.".to_owned()),
            }));
            status.set(Some(match outcome {
                Ok(()) => {
                    Ok("Link copied. It holds the whole scenario, and no prompt text.".into())
                }
                Err(problem) => Err(problem),
            }));
        });
    };
    view! {
        <span class="copy-link">
            <button type="button" data-testid="share-link" on:click=copy_link>"Copy link"</button>
            // Shown, not read: the Share panel's status line is the one read out.
            <span class="copy-note" aria-hidden="true"><StatusMessage status=note /></span>
        </span>
    }
}

/// Exports, import, the link's text and the saved scenarios ("Copy link" is [`CopyLink`]).
#[component]
pub fn SharePanel() -> impl IntoView {
    let state = use_projection();
    let store = use_context::<SavedStore>().expect("ProjectionView provides the saved store");
    let status = ShareStatus::get();
    let name = kept(
        View::Projection,
        "scenario-name",
        "the scenario's name",
        String::new,
    );
    let url = Memo::new(move |_| state.form.with(share_url));

    let export_csv = move |_| {
        let csv = state.with_projection(|projection| months_csv(&projection.months));
        status.set(Some(match csv {
            Some(csv) => download_text("burnrate-projection.csv", "text/csv", &csv)
                .map(|()| "Exported the months as CSV.".to_owned()),
            None => Err("Nothing to export until the fields are valid.".to_owned()),
        }));
    };
    let export_json = move |_| {
        let title = name.get_untracked();
        let title = if title.trim().is_empty() {
            "Scenario".to_owned()
        } else {
            title.trim().to_owned()
        };
        let json = state
            .form
            .with_untracked(|form| scenario::to_json(&title, form));
        status.set(Some(
            download_text("burnrate-scenario.json", "application/json", &json)
                .map(|()| "Exported the scenario as JSON.".to_owned()),
        ));
    };
    let import_json = move |ev: leptos::ev::Event| {
        read_picked_text(&ev, move |result| {
            match result
                .and_then(|text| scenario::from_json(&text).map_err(|error| error.to_string()))
            {
                Ok((imported_name, form, problems)) => {
                    state.load(&form);
                    name.set(imported_name.clone());
                    state.load_problems.set(problems);
                    status.set(Some(Ok(format!("Imported \"{imported_name}\"."))));
                }
                Err(problem) => status.set(Some(Err(format!(
                    "Nothing was imported: {problem} Your scenario is unchanged."
                )))),
            }
        });
    };
    let save = move |_| {
        let title = name.get_untracked().trim().to_owned();
        if title.is_empty() {
            status.set(Some(Err("Give the scenario a name to save it.".into())));
            return;
        }
        let form = state.form.get_untracked();
        let mut replaced = false;
        let saved = store.change(
            |list| match list.iter_mut().find(|saved| saved.name == title) {
                Some(saved) => {
                    saved.form = form.clone();
                    replaced = true;
                }
                None => list.push(SavedScenario {
                    name: title.clone(),
                    form: form.clone(),
                }),
            },
        );
        // Regression: with storage full, this said 'Saved "X".' beside "could not be saved".
        status.set(Some(match saved {
            Ok(()) if replaced => Ok(format!("Replaced \"{title}\".")),
            Ok(()) => Ok(format!("Saved \"{title}\".")),
            Err(problem) => Err(format!("\"{title}\" was not saved: {problem}.")),
        }));
    };

    view! {
        <section class="share" aria-labelledby="share-title">
            <h2 id="share-title">"Share and save"</h2>
            <div class="actions">
                <button type="button" class="secondary" data-testid="export-csv" on:click=export_csv>"Export months (CSV)"</button>
                <button type="button" class="secondary" data-testid="export-json" on:click=export_json>"Export scenario (JSON)"</button>
                <label class="button secondary">
                    "Import scenario (JSON)"
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-json" on:change=import_json />
                </label>
            </div>
            <label class="field grow">
                <span class="field-label">"Link to this scenario"</span>
                <input type="text" readonly data-testid="share-url" prop:value=move || url.get() on:focus=move |ev| {
                    if let Some(input) = ev.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                } />
            </label>
            <div class="actions save-row">
                <label class="field">
                    <span class="field-label">"Name"</span>
                    <input type="text" data-testid="scenario-name" placeholder="e.g. Support bot, Q3" maxlength="100"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { save(()) } />
                </label>
                <button type="button" class="secondary" data-testid="save-scenario" on:click=move |_| save(())>"Save in this browser"</button>
            </div>
            <p class="status-line" data-testid="share-status" role="status"><StatusMessage status=status /></p>
            <Show when=move || store.notice.with(Option::is_some)>
                <p class="notice" data-testid="saved-notice">{move || store.notice.get()}</p>
            </Show>
            <ul class="saved-list" data-testid="saved-scenarios">
                {move || store.list.get().into_iter().map(|saved| {
                    let load_form = saved.form.clone();
                    let load_name = saved.name.clone();
                    let delete_name = saved.name.clone();
                    view! {
                        <li>
                            <span class="saved-name">{saved.name.clone()}</span>
                            <button type="button" class="link" data-testid="saved-load" on:click=move |_| {
                                state.load(&load_form);
                                name.set(load_name.clone());
                                status.set(Some(Ok(format!("Loaded \"{load_name}\"."))));
                            }>"Load"</button>
                            <button type="button" class="link" data-testid="saved-delete" on:click=move |_| {
                                let deleted = store.change(|list| list.retain(|saved| saved.name != delete_name));
                                status.set(Some(match deleted {
                                    Ok(()) => Ok(format!("Deleted \"{delete_name}\".")),
                                    Err(problem) => Err(format!("\"{delete_name}\" was not deleted: {problem}.")),
                                }));
                            }>"Delete"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
