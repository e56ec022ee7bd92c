//! The Usage log view: import a log (file or sample), map its columns when they are not
//! recognised, read it in chunks with progress, then show the dashboard.

mod bill;
mod breakdown;
mod dashboard;
mod findings;
mod token_parts;

use std::sync::Arc;

use leptos::prelude::*;

use crate::formats::route::View;
use crate::formats::usage_formats::{by_id, detect_export, formats, ExportFormat};
use crate::formats::usage_log::{detect, field_names, BadRow, Column, Format, Mapping, Reader};
use crate::formats::usage_mappings::SavedMappings;
use crate::formats::usage_sample::sample_csv;
use crate::models::usage::{Dimension, Log};
use crate::show::money::{counted, integer};
use crate::ui::browser::{
    dropped_file, load_stored, now_ms, read_file_slice, store, take_picked_file, yield_now, Stored,
};
use crate::ui::field::TextField;
use crate::ui::kept::{kept, kept_in_memory};
use dashboard::Dashboard;

/// Bytes read per step; the page draws and handles input between steps.
const CHUNK: usize = 512 * 1024;
/// Bad rows listed (all are counted).
pub const MAX_BAD_ROWS: usize = 100;
/// Largest sample (it is made in one step; bigger logs are read from files in chunks).
const MAX_SAMPLE_ROWS: u64 = 100_000;
/// Where remembered column mappings are kept.
const MAPPINGS_KEY: &str = "burnrate.usage-mappings";

/// Where a log comes from.
#[derive(Clone)]
enum Source {
    /// A file the user opened or dropped.
    File(gloo_file::File),
    /// Text made here (the sample).
    Text(Arc<String>),
}

impl Source {
    fn size(&self) -> usize {
        match self {
            Source::File(file) => file.size() as usize,
            Source::Text(text) => text.len(),
        }
    }

    async fn bytes(&self, start: usize, end: usize) -> Result<Vec<u8>, String> {
        match self {
            Source::File(file) => read_file_slice(file, start as u64, end as u64).await,
            Source::Text(text) => Ok(text.as_bytes()[start..end.min(text.len())].to_vec()),
        }
    }
}

/// A log read in.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// Its name ("calls.csv", "Sample (seed 42)").
    pub name: String,
    /// The calls.
    pub log: Log,
    /// The first bad rows.
    pub bad: Vec<BadRow>,
    /// All bad rows.
    pub bad_count: usize,
    /// Milliseconds the reading took.
    pub millis: f64,
    /// Bytes read.
    pub bytes: usize,
    /// The export format it was read as (`None`: a generic log).
    pub export: Option<&'static ExportFormat>,
    /// The dimensions its feature and user breakdowns follow (`None`: the file's own).
    pub dimensions: (Option<Dimension>, Option<Dimension>),
}

/// How the file is read: as a known export format, or as a generic log with a mapping.
#[derive(Clone, Debug)]
enum ReadAs {
    Export(&'static ExportFormat),
    Generic(Format, Box<Mapping>),
}

/// The `usage-format` option of the generic path.
const GENERIC: &str = "generic";

/// The format a file was detected as, and the one it is read as.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ReadChoice {
    detected: Option<&'static ExportFormat>,
    chosen: &'static str,
}

/// The column-mapping step: the file's field names and the mapping being edited.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    names: Vec<String>,
    format: Format,
    mapping: Mapping,
}

/// The view's root, `data-testid="view-usage"`.
#[component]
pub fn UsageView() -> impl IntoView {
    let source = StoredValue::new_local(None::<(Source, String)>);
    let pending = RwSignal::new(None::<Pending>);
    let first_chunk = StoredValue::new(None::<String>);
    // The log as read, before any re-grouping by dimensions.
    let read_log = StoredValue::new(None::<Arc<Log>>);
    let read_as = RwSignal::new(None::<ReadChoice>);
    let progress = RwSignal::new(None::<f64>);
    // A loaded log stays loaded, with its message, until another is opened or it is
    // closed: it is kept above the view (in memory only; a log can be hundreds of MB).
    let status = kept_in_memory(View::Usage, "status", || None::<Result<String, String>>);
    let loaded = kept_in_memory(View::Usage, "log", || None::<Arc<Loaded>>);
    let filters = dashboard::Filters::kept();
    let generation = StoredValue::new(0u64);
    let seed = kept(
        View::Usage,
        "usage-sample-seed",
        "the sample's seed",
        || "42".to_owned(),
    );
    let sample_rows = kept(
        View::Usage,
        "usage-sample-rows",
        "the sample's rows",
        || "5,000".to_owned(),
    );
    let dragging = RwSignal::new(false);

    // Read when the view opens, as every view reads its saved data, so that unreadable
    // mappings are set aside (and listed in the notice) at once, not when a file needs one.
    let (remembered, writable, problem) = load_mappings();
    let saved_mappings = StoredValue::new(remembered);
    status.set(problem.map(Err));

    // Reads the whole source with `mapping`, in chunks, then shows the dashboard.
    let read = move |how: ReadAs| {
        let Some((source, name)) = source.get_value() else {
            return;
        };
        generation.update_value(|value| *value += 1);
        let run = generation.get_value();
        pending.set(None);
        status.set(None);
        progress.set(Some(0.0));
        leptos::task::spawn_local(async move {
            let started = now_ms();
            let size = source.size();
            let export = match &how {
                ReadAs::Export(export) => Some(*export),
                ReadAs::Generic(..) => None,
            };
            let mut reader = match how {
                ReadAs::Export(export) => Reader::for_export(export),
                ReadAs::Generic(format, mapping) => Reader::new(format, *mapping),
            };
            let mut log = Log::new();
            let mut bad = Vec::new();
            let mut bad_count = 0usize;
            let mut take = |found: Result<_, BadRow>| match found {
                Ok(record) => log.push(record),
                Err(row) => {
                    bad_count += 1;
                    if bad.len() < MAX_BAD_ROWS {
                        bad.push(row);
                    }
                }
            };
            let mut start = 0;
            let outcome: Result<(), String> = async {
                while start < size {
                    let end = (start + CHUNK).min(size);
                    let bytes = source.bytes(start, end).await?;
                    reader
                        .feed(&bytes, &mut take)
                        .map_err(|error| format!("\"{name}\" {error}."))?;
                    start = end;
                    progress.set(Some(start as f64 / size.max(1) as f64));
                    yield_now().await;
                    if generation.get_value() != run {
                        return Err(String::new());
                    }
                }
                reader
                    .finish(&mut take)
                    .map_err(|error| format!("\"{name}\" {error}."))
            }
            .await;
            if generation.get_value() != run {
                return;
            }
            progress.set(None);
            match outcome {
                Err(problem) => status.set(Some(Err(problem))),
                Ok(()) => {
                    let millis = now_ms() - started;
                    status.set(Some(Ok(format!(
                        "Read {} from \"{name}\" in {}{}.",
                        if log.has_aggregates() {
                            counted(log.len() as u64, "row", "rows")
                        } else {
                            counted(log.len() as u64, "call", "calls")
                        },
                        duration(millis),
                        if bad_count > 0 {
                            format!(
                                "; {} not be read (listed below)",
                                counted(bad_count as u64, "row could", "rows could")
                            )
                        } else {
                            String::new()
                        }
                    ))));
                    crate::ui::browser::mark("burnrate:usage-loaded");
                    filters.clear();
                    read_log.set_value(None);
                    loaded.set(Some(Arc::new(Loaded {
                        name,
                        log,
                        bad,
                        bad_count,
                        millis,
                        bytes: size,
                        export,
                        dimensions: (None, None),
                    })));
                }
            }
        });
    };

    // The generic path: guesses the mapping, or takes a remembered one, or asks.
    let read_generic = move |text: &str| {
        let format = detect(text);
        let names = field_names(text);
        let guessed = Mapping::guess(&names);
        if guessed.missing().is_empty() {
            read(ReadAs::Generic(format, Box::new(guessed)));
        } else if let Some(remembered) = saved_mappings.with_value(|saved| {
            saved
                .find(&names)
                .filter(|mapping| mapping.missing().is_empty())
                .cloned()
        }) {
            read(ReadAs::Generic(format, Box::new(remembered)));
        } else {
            pending.set(Some(Pending {
                names,
                format,
                mapping: guessed,
            }));
        }
    };

    // Looks at the first chunk: a known export format is read as it is (and named);
    // anything else goes the generic way, asking for a mapping when the required columns
    // are not recognised and none is remembered for these names.
    let open = move |new_source: Source, name: String| {
        source.set_value(Some((new_source.clone(), name.clone())));
        status.set(None);
        first_chunk.set_value(None);
        read_as.set(None);
        leptos::task::spawn_local(async move {
            let head = match new_source.bytes(0, CHUNK.min(new_source.size())).await {
                Ok(head) => head,
                Err(problem) => {
                    status.set(Some(Err(format!("{problem}."))));
                    return;
                }
            };
            if head.contains(&0) {
                status.set(Some(Err(format!(
                    "\"{name}\" is not a text file (it holds binary data); a log is CSV or JSON Lines text."
                ))));
                return;
            }
            let text = String::from_utf8_lossy(&head);
            if text.trim().is_empty() {
                status.set(Some(Err(format!("\"{name}\" is empty."))));
                return;
            }
            let text = text.into_owned();
            first_chunk.set_value(Some(text.clone()));
            match detect_export(&text) {
                Some(export) => {
                    read_as.set(Some(ReadChoice {
                        detected: Some(export),
                        chosen: export.id,
                    }));
                    read(ReadAs::Export(export));
                }
                None => read_generic(&text),
            }
        });
    };
    // The breakdowns follow other dimensions: the log as read, re-grouped.
    let on_dimensions = Callback::new(
        move |(feature, user): (Option<Dimension>, Option<Dimension>)| {
            let Some(current) = loaded.get_untracked() else {
                return;
            };
            // The first re-grouping keeps the log as read (until then it is only
            // `current`'s, which is not re-grouped yet): a million rows are not copied
            // unless the user asks for other breakdowns.
            let base = read_log.get_value().unwrap_or_else(|| {
                let base = Arc::new(current.log.clone());
                read_log.set_value(Some(base.clone()));
                base
            });
            filters.clear();
            loaded.set(Some(Arc::new(Loaded {
                log: base.with_breakdowns(feature, user),
                dimensions: (feature, user),
                ..(*current).clone()
            })));
        },
    );
    // The user re-reads the file as another format (or as a generic log).
    let override_format = move |id: String| {
        let Some(text) = first_chunk.get_value() else {
            return;
        };
        read_as.update(|choice| {
            if let Some(choice) = choice {
                choice.chosen = by_id(&id).map_or(GENERIC, |export| export.id);
            }
        });
        match by_id(&id) {
            Some(export) => read(ReadAs::Export(export)),
            None => {
                loaded.set(None);
                read_generic(&text);
            }
        }
    };

    let open_file = move |file: gloo_file::File| {
        let name = file.name();
        open(Source::File(file), name);
    };
    let on_file_input = move |ev: leptos::ev::Event| {
        if let Some(file) = take_picked_file(&ev) {
            open_file(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = dropped_file(&ev) {
            open_file(file);
        }
    };
    let seed_check =
        move || crate::form::whole_number(&seed.get(), "seed").map_err(|error| error.to_string());
    let rows_check = move || match crate::form::whole_number(&sample_rows.get(), "rows") {
        Ok(rows) if (1..=MAX_SAMPLE_ROWS).contains(&rows) => Ok(rows),
        Ok(_) => Err(format!(
            "Rows must be from 1 to {}",
            integer(MAX_SAMPLE_ROWS)
        )),
        Err(error) => Err(error.to_string()),
    };
    let try_sample = move |_| {
        let (Ok(seed), Ok(rows)) = (seed_check(), rows_check()) else {
            return;
        };
        let text = sample_csv(seed, rows as usize);
        open(
            Source::Text(Arc::new(text)),
            format!("Sample (seed {seed}, {})", counted(rows, "row", "rows")),
        );
    };
    let download_sample = move |_| {
        if let (Ok(seed), Ok(rows)) = (seed_check(), rows_check()) {
            let _ = crate::ui::browser::download_text(
                &format!("burnrate-sample-log-{seed}.csv"),
                "text/csv",
                &sample_csv(seed, rows as usize),
            );
        }
    };
    let confirm_mapping = move |_| {
        let Some(step) = pending.get_untracked() else {
            return;
        };
        if !step.mapping.missing().is_empty() {
            return;
        }
        saved_mappings.update_value(|saved| saved.remember(&step.names, &step.mapping));
        // Unreadable mappings that could not be moved aside are not written over.
        if writable {
            if let Err(problem) =
                saved_mappings.with_value(|saved| store(MAPPINGS_KEY, &saved.to_json()))
            {
                status.set(Some(Err(format!(
                    "The mapping is used but not remembered: {problem}."
                ))));
            }
        }
        read(ReadAs::Generic(step.format, Box::new(step.mapping)));
    };

    view! {
        <section class="view usage" data-testid="view-usage" aria-labelledby="usage-title">
            <h1 id="usage-title">"Usage log"</h1>
            <p class="lede">"Drop the log your app already writes (one row per LLM call) and see which feature, model or user burns the money, what crossed your alert thresholds, and what to fix first. The file is read here, in this browser; it is never uploaded."</p>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label class="button">
                    "Open a log or usage export (CSV, JSON or JSON Lines)"
                    <input type="file" class="visually-hidden" accept=".csv,.jsonl,.ndjson,.json,.txt,text/csv,application/json" data-testid="usage-file" on:change=on_file_input />
                </label>
                <span class="hint">"or drop it here. Up to 1,000,000 rows. Columns named as in the article (timestamp, user_id, feature, model, input_tokens, output_tokens, cost, latency_ms, cached, error) are recognised; others you map once."</span>
                <div class="sample-row">
                    <button type="button" data-testid="usage-sample" disabled=move || seed_check().is_err() || rows_check().is_err() on:click=try_sample>"Try it with sample data"</button>
                    <TextField label="Seed" testid="usage-sample-seed" value=seed inputmode="numeric" error=Signal::derive(move || seed_check().err()) />
                    <TextField label="Rows" testid="usage-sample-rows" value=sample_rows inputmode="numeric" error=Signal::derive(move || rows_check().err()) />
                    <button type="button" class="link" data-testid="usage-sample-download" on:click=download_sample>"Download the sample CSV"</button>
                </div>
            </div>
            <div class="import-status" role="status" aria-live="polite">
                <progress data-testid="usage-progress" max="1" hidden=move || progress.get().is_none() prop:value=move || progress.get().unwrap_or(0.0)></progress>
                {move || progress.get().map(|fraction| view! { <span class="hint">{format!("Reading… {:.0}%", fraction * 100.0)}</span> })}
                <p data-testid="usage-status">{move || status.get().map(|status| match status {
                    Ok(message) => view! { <span class="ok">{message}</span> }.into_any(),
                    Err(message) => view! { <span class="error">{message}</span> }.into_any(),
                })}</p>
            </div>
            {move || read_as.get().map(|choice| view! {
                <div class="read-as">
                    <p class="hint">"Read as: "<strong data-testid="usage-format-name">{by_id(choice.chosen).map_or("Generic log", |export| export.name)}</strong>{match choice.detected {
                        Some(detected) if detected.id != choice.chosen => format!(" (detected: {})", detected.name),
                        _ => String::new(),
                    }}</p>
                    <label class="field inline">
                        <span>"Read it as"</span>
                        <select data-testid="usage-format" on:change=move |ev| override_format(event_target_value(&ev))>
                            {formats().map(|export| view! { <option value=export.id selected=choice.chosen == export.id>{export.name}</option> }).collect_view()}
                            <option value=GENERIC selected=choice.chosen == GENERIC>"Generic log (map the columns)"</option>
                        </select>
                    </label>
                </div>
            })}
            {move || pending.get().map(|step| view! { <MappingStep step=step pending=pending on_confirm=confirm_mapping /> })}
            {move || loaded.get().map(|log| view! {
                <p class="log-open">
                    <button type="button" class="secondary" data-testid="usage-close" on:click=move |_| {
                        filters.clear();
                        status.set(None);
                        source.set_value(None);
                        read_as.set(None);
                        loaded.set(None);
                    }>"Close this log"</button>
                </p>
                <BadRows loaded=log.clone() />
                <Dashboard loaded=log on_dimensions=on_dimensions />
            })}
            {move || (loaded.with(Option::is_none) && pending.with(Option::is_none) && progress.with(Option::is_none)).then(|| view! {
                <div class="empty-state" data-testid="usage-empty">
                    <h2>"What you will see"</h2>
                    <ul>
                        <li>"Total cost, requests, tokens, latency (average and p95), cache hit rate and error rate."</li>
                        <li>"Cost by feature, model and user, and over time, with filters."</li>
                        <li>"When your alert thresholds were crossed ($10/hour, $100/day, $0.50 per request, 5% errors by default)."</li>
                        <li>"Opportunities with their monthly saving, each opening in the Projection with its numbers."</li>
                        <li>"The filtered rows as CSV and a Markdown report."</li>
                    </ul>
                </div>
            })}
        </section>
    }
}

/// The remembered column mappings; whether they may be saved over (not when unreadable
/// data could not be moved aside); and what to say when they could not be read.
fn load_mappings() -> (SavedMappings, bool, Option<String>) {
    match load_stored(MAPPINGS_KEY, SavedMappings::from_json) {
        Stored::Read(saved) => (saved, true, None),
        Stored::Unreadable { problem, aside, .. } => (
            SavedMappings::default(),
            aside.is_some(),
            Some(format!(
                "Remembered column mappings could not be read ({problem}); they were kept under \"{}\".",
                crate::ui::browser::kept_under(&aside, MAPPINGS_KEY)
            )),
        ),
        Stored::Nothing => (SavedMappings::default(), true, None),
    }
}

/// "45 ms" or "2.3 s".
pub fn duration(millis: f64) -> String {
    if millis < 1000.0 {
        format!("{millis:.0} ms")
    } else {
        format!("{:.1} s", millis / 1000.0)
    }
}

/// The column-mapping step.
#[component]
fn MappingStep(
    step: Pending,
    pending: RwSignal<Option<Pending>>,
    on_confirm: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let names = step.names.clone();
    let missing = move || {
        pending.with(|step| {
            step.as_ref()
                .map(|step| step.mapping.missing())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="mapping" data-testid="usage-mapping" aria-labelledby="mapping-title">
            <h2 id="mapping-title">"Which column is which?"</h2>
            <p class="hint">{format!("The file's columns ({}) are not all ones Burnrate knows. Choose the column for each field; the four marked * are needed. The choice is remembered for files with these columns.", names.join(", "))}</p>
            <div class="mapping-grid">
                {Column::ALL.into_iter().map(|column| {
                    let names = names.clone();
                    let current = step.mapping.get(column).map(str::to_owned);
                    view! {
                        <label class="field">
                            <span>{format!("{}{}", column.key(), if column.required() { " *" } else { "" })}</span>
                            <select data-testid=format!("usage-map-{}", column.key()) on:change=move |ev| {
                                let value = event_target_value(&ev);
                                pending.update(|step| if let Some(step) = step {
                                    step.mapping.set(column, (!value.is_empty()).then_some(value));
                                });
                            }>
                                <option value="" selected=current.is_none()>"(not in the file)"</option>
                                {names.into_iter().map(|name| {
                                    let selected = current.as_deref() == Some(name.as_str());
                                    view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                }).collect_view()}
            </div>
            <p class="error" role="alert">{move || {
                let missing = missing();
                (!missing.is_empty()).then(|| format!("Still needed: {}.", missing.iter().map(|c| c.key()).collect::<Vec<_>>().join(", ")))
            }}</p>
            <button type="button" data-testid="usage-map-confirm" disabled=move || !missing().is_empty() on:click=on_confirm>"Read the log"</button>
        </section>
    }
}

/// The rows that could not be read.
#[component]
fn BadRows(loaded: Arc<Loaded>) -> impl IntoView {
    let count = loaded.bad_count;
    view! {
        <section class="bad-rows" data-testid="usage-bad-rows" aria-label="Rows that could not be read">
            {if count == 0 {
                view! { <p class="ok">"Every row was read."</p> }.into_any()
            } else {
                let rows = loaded.bad.clone();
                view! {
                    <details open=count <= 10>
                        <summary class="error">{format!("{} not be read{}", counted(count as u64, "row could", "rows could"), if count > MAX_BAD_ROWS { format!(" (the first {MAX_BAD_ROWS} are listed)") } else { String::new() })}</summary>
                        <ul>
                            {rows.into_iter().map(|row| view! { <li>{format!("Line {}: {}", integer(row.line as u64), row.reason)}</li> }).collect_view()}
                        </ul>
                    </details>
                }.into_any()
            }}
        </section>
    }
}
