//! Compare tokenizers: the current text counted with every tokenizer the app can count,
//! side by side, with each count against o200k_base's and the text's cost as the input of
//! a call on each family's main model (`text::families`).
//!
//! Nothing loads until the panel is opened: then every table is requested (each row shows
//! its own Loading / Counting / Failed state) and the text is counted with one tokenizer
//! after another, a few KB at a time between frames (`Encoder::count_part`, as
//! `counting.rs` does), so the page stays responsive on long texts. A new text cancels the
//! counts in progress and starts again.
//!
//! The cost is the input only: the panel compares how the same text tokenizes; the
//! expected output is typed as a number of tokens, the same for every row, so adding it
//! would blur the comparison with each model's output price (the cost panel above prices
//! whole calls).

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::money::cost::{call_cost, CallTokens};
use crate::money::units::Tokens;
use crate::show::money as format;
use crate::show::number::pct;
use crate::text::families::{difference, shipped};
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::browser::{yield_now, WorkSlice};
use crate::ui::price_book::use_price_book;
use crate::ui::tokenizers::{use_tokenizers, TableState};

use super::use_tokens_state;

/// Bytes counted between two looks at the clock.
const PART_BYTES: usize = 2 * 1024;

/// Where one row's count stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum RowCount {
    /// Being counted; the share done so far.
    Counting(f64),
    /// Counted.
    Done(usize),
}

/// The panel, `data-testid="compare-panel"`, with its opener `compare-open`.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let state = use_tokens_state();
    let tokenizers = use_tokenizers();
    let book = use_price_book();
    let open = RwSignal::new(false);
    let counts = RwSignal::new(HashMap::<Encoding, RowCount>::new());
    // Bumped by every new text: a count of an older text stops and is dropped.
    let generation = StoredValue::new(0_u64);
    // The generation whose counting task is running, if one is.
    let running = StoredValue::new(None::<u64>);
    let encodings: Vec<Encoding> = shipped()
        .into_iter()
        .map(|(encoding, _)| encoding)
        .collect();

    // Counts the current text with every ready encoder it has not counted yet, one after
    // another, in slices; started again when a table becomes ready or the text changes.
    let schedule = {
        let encodings = encodings.clone();
        move || {
            let current = generation.get_value();
            if running.get_value() == Some(current) {
                return; // The running task picks up newly ready tables itself.
            }
            running.set_value(Some(current));
            let encodings = encodings.clone();
            leptos::task::spawn_local(async move {
                // Not in the task that changed the text or opened the panel.
                yield_now().await;
                // Closing the panel stops counting; the row being counted is dropped, to be
                // counted again on opening. A new text stops it too (a newer task runs).
                let stop = move || {
                    if running.get_value() == Some(current) {
                        running.set_value(None);
                    }
                };
                loop {
                    if generation.get_value() != current || !open.get_untracked() {
                        stop();
                        return;
                    }
                    let next = encodings.iter().find_map(|&encoding| {
                        if counts.with_untracked(|counts| counts.contains_key(&encoding)) {
                            return None;
                        }
                        match untrack(|| tokenizers.get(encoding)) {
                            TableState::Ready(encoder) => Some((encoding, encoder)),
                            _ => None,
                        }
                    });
                    let Some((encoding, encoder)) = next else {
                        stop();
                        return;
                    };
                    let still_wanted =
                        move || generation.get_value() == current && open.get_untracked();
                    let counted =
                        count_in_slices(&encoder, encoding, state.text, counts, still_wanted).await;
                    if generation.get_value() != current {
                        stop();
                        return; // The counts were cleared for the new text.
                    }
                    counts.update(|counts| match counted {
                        Some(count) => {
                            counts.insert(encoding, RowCount::Done(count));
                        }
                        None => {
                            counts.remove(&encoding);
                        }
                    });
                }
            });
        }
    };

    // A new text: the old counts are not its own.
    Effect::new({
        let schedule = schedule.clone();
        move |_| {
            state.text.track();
            generation.update_value(|generation| *generation += 1);
            counts.set(HashMap::new());
            if open.get_untracked() {
                schedule();
            }
        }
    });
    // Opening the panel asks for every table; each one that becomes ready gets counted.
    Effect::new({
        let encodings = encodings.clone();
        move |_| {
            if !open.get() {
                return;
            }
            for &encoding in &encodings {
                // Tracks the table's state: this runs again when one becomes ready.
                let _ = tokenizers.get(encoding);
            }
            schedule();
        }
    });

    let reference = move || match counts.with(|counts| counts.get(&Encoding::O200kBase).copied()) {
        Some(RowCount::Done(count)) => Some(count),
        _ => None,
    };
    // The rows are drawn only while the panel is open: a row asks for its table's state,
    // and asking starts the download.
    let table_rows = move || {
        shipped()
        .into_iter()
        .map(|(encoding, entry)| {
            let name = encoding.name();
            let model = Memo::new(move |_| {
                book.catalog
                    .with(|catalog| catalog.get(entry.main_model).cloned())
            });
            let count = move || match counts.with(|counts| counts.get(&encoding).copied()) {
                Some(RowCount::Done(count)) => Some(count),
                _ => None,
            };
            let status = move || match tokenizers.get(encoding) {
                TableState::Loading => Some("Loading the table…".to_owned()),
                TableState::Failed(problem) => Some(problem),
                TableState::Ready(_) => match counts.with(|counts| counts.get(&encoding).copied()) {
                    Some(RowCount::Counting(done)) => {
                        Some(format!("Counting… {:.0}%", done * 100.0))
                    }
                    Some(RowCount::Done(_)) => None,
                    None => Some("Waiting…".to_owned()),
                },
            };
            let ratio = move || {
                let share = difference(count()?, reference()?)?;
                Some(pct(share))
            };
            let cost = move || {
                let tokens = count()?;
                model.with(|model| {
                    model.as_ref().map(|model| {
                        let call = CallTokens {
                            input: Tokens::new(tokens as u64),
                            output: Tokens::new(0),
                        };
                        format::usd_per_call(call_cost(model, call).input)
                    })
                })
            };
            let model_name = move || {
                model.with(|model| match model {
                    Some(model) => format!("{} ({})", model.name, model.provider_name),
                    None => format!("{} (not in the catalog)", entry.main_model),
                })
            };
            view! {
                <tr data-testid=format!("compare-row-{name}")>
                    <td class="model-cell" data-label="Tokenizer">
                        <span class="model-name">{entry.family}</span>
                        " "
                        <code>{name}</code>
                        {move || status().map(|status| view! { <span class="compare-status" role="status">" " {status}</span> })}
                    </td>
                    <td class="num" data-label="Tokens" data-testid=format!("compare-count-{name}")>
                        {move || count().map(|count| format::integer(count as u64)).unwrap_or_else(|| "—".into())}
                    </td>
                    <td class="num" data-label="vs o200k_base" data-testid=format!("compare-ratio-{name}")>
                        {move || ratio().unwrap_or_else(|| "—".into())}
                    </td>
                    <td data-label="Priced on">{model_name}</td>
                    <td class="num" data-label="Input cost" data-testid=format!("compare-cost-{name}")>
                        {move || cost().unwrap_or_else(|| "—".into())}
                    </td>
                </tr>
            }
        })
        .collect_view()
    };

    view! {
        <section class="compare-section" data-testid="compare-panel" aria-labelledby="compare-title">
            <div class="section-head">
                <h2 id="compare-title">"Compare tokenizers"</h2>
                <button
                    type="button"
                    class="secondary"
                    data-testid="compare-open"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="compare-body"
                    on:click=move |_| open.update(|open| *open = !*open)
                >
                    {move || if open.get() { "Hide the comparison" } else { "Count with every tokenizer" }}
                </button>
            </div>
            <p class="hint">
                "The text above counted with every tokenizer Burnrate has. \"vs o200k_base\" is how many more tokens (below zero, fewer) the text is than with o200k_base (GPT-5, GPT-4o); the cost is the text as the input of one call on each family's main model. Opening downloads the tables (0.4 to 2 MB each)."
            </p>
            <div id="compare-body" hidden=move || !open.get()>
                <Show when=move || open.get()>
                <div class="table-wrap">
                    <table class="models-table compare-table">
                        <thead>
                            <tr>
                                <th scope="col">"Tokenizer"</th>
                                <th scope="col" class="num">"Tokens"</th>
                                <th scope="col" class="num">"vs o200k_base"</th>
                                <th scope="col">"Priced on"</th>
                                <th scope="col" class="num">"Input cost"</th>
                            </tr>
                        </thead>
                        <tbody>{table_rows}</tbody>
                    </table>
                </div>
                </Show>
            </div>
        </section>
    }
}

/// Counts `text` with `encoder` a part at a time, yielding to the browser between slices
/// and showing the progress in `counts`; `None` once `still_wanted` says the text changed.
async fn count_in_slices(
    encoder: &Arc<Encoder>,
    encoding: Encoding,
    text: RwSignal<String>,
    counts: RwSignal<HashMap<Encoding, RowCount>>,
    still_wanted: impl Fn() -> bool,
) -> Option<usize> {
    let length = text.with_untracked(String::len);
    let mut total = 0;
    let mut at = 0;
    let mut slice = WorkSlice::start();
    counts.update(|counts| {
        counts.insert(encoding, RowCount::Counting(0.0));
    });
    while at < length {
        if !still_wanted() || text.with_untracked(String::len) != length {
            return None;
        }
        let (part, next) = text.with_untracked(|text| encoder.count_part(text, at, PART_BYTES));
        total += part;
        at = next;
        if slice.due() {
            counts.update(|counts| {
                counts.insert(encoding, RowCount::Counting(at as f64 / length as f64));
            });
            slice.pause().await;
        }
    }
    Some(total)
}
