//! The catalog table: sortable columns, compare checkboxes and inline price editing
//! (prices and long-context tiers).

use leptos::prelude::*;

use crate::form;
use crate::formats::dom::model_testid;
use crate::money::catalog::{Model, Origin};
use crate::money::listing::{list, Query, Row, SortKey};
use crate::money::overrides::{tiers_from_text, PriceEdit, TierErrors, TierText};
use crate::show::money as format;
use crate::ui::field::TextField;
use crate::ui::price_book::use_price_book;

use super::tiers::{ModelTiers, ReasoningBadge, TIERS_TITLE};
use super::{tier_label, MAX_COMPARED};

/// How many rows are drawn at first, and added by "Show more".
const PAGE: usize = 100;

/// The table, `data-testid="models-table"`.
#[component]
pub fn ModelTable(
    /// What to list.
    query: Memo<Query>,
    /// The sort column and direction (descending when true).
    sort: RwSignal<(SortKey, bool)>,
    /// Ids of the models being compared.
    compared: RwSignal<Vec<String>>,
) -> impl IntoView {
    let book = use_price_book();
    let limit = RwSignal::new(PAGE);
    let editing = RwSignal::new(None::<String>);
    // The editor's text lives here, not in the editor, so that redrawing the rows (when the
    // workload or the search changes) never loses what the user is typing.
    let draft = PriceDraft {
        input: RwSignal::new(String::new()),
        output: RwSignal::new(String::new()),
        cache_read: RwSignal::new(String::new()),
        tiers: RwSignal::new(Vec::new()),
    };
    let rows = Memo::new(move |_| book.catalog.with(|catalog| list(catalog, &query.get())));
    // A new search starts from the first page again.
    Effect::new(move |_| {
        query.track();
        limit.set(PAGE);
    });

    let header = move |key: SortKey, label: &'static str, numeric: bool, title: &'static str| {
        let aria_sort = move || match sort.get() {
            (current, false) if current == key => "ascending",
            (current, true) if current == key => "descending",
            _ => "none",
        };
        let arrow = move || match sort.get() {
            (current, false) if current == key => " ▲",
            (current, true) if current == key => " ▼",
            _ => "",
        };
        view! {
            <th scope="col" class:num=numeric aria-sort=aria_sort title=title>
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{}", key.slug())
                    on:click=move |_| sort.update(|(current, descending)| {
                        if *current == key {
                            *descending = !*descending;
                        } else {
                            *current = key;
                            *descending = false;
                        }
                    })
                >
                    {label}
                    <span aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    view! {
        <p class="count" data-testid="models-count" role="status" aria-live="polite">
            {move || {
                let total = rows.with(Vec::len);
                let shown = total.min(limit.get());
                if total == 0 {
                    "No model matches. Try fewer words, or another provider or tier.".to_owned()
                } else if shown < total {
                    format!("Showing {} of {} models.", format::integer(shown as u64), format::integer(total as u64))
                } else {
                    format!("{} models.", format::integer(total as u64))
                }
            }}
            " Prices are US dollars per million tokens. Blended = (3 × input + output) ÷ 4, a 3:1 input-to-output mix. Hover a column title for its meaning."
        </p>
        <div class="table-wrap">
            <table class="models-table" data-testid="models-table">
                <caption class="visually-hidden">"Models and prices"</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Compare"</span></th>
                        {header(SortKey::Name, "Model", false, "Display name and catalog id")}
                        {header(SortKey::Provider, "Provider", false, "Who serves the model")}
                        <th scope="col" title="A rough capability class: small if the name says so or output costs under $1 per million tokens, flagship at $10 or more, balanced otherwise">"Tier"</th>
                        {header(SortKey::Input, "Input", true, "US dollars per million input tokens")}
                        {header(SortKey::Output, "Output", true, "US dollars per million output tokens")}
                        {header(SortKey::CacheRead, "Cached", true, "US dollars per million input tokens read from the provider's prompt cache")}
                        {header(SortKey::Blended, "Blended", true, "(3 × input + output) ÷ 4: the price of a million tokens at 3 input tokens per output token")}
                        <th scope="col" title=TIERS_TITLE>"Tiers"</th>
                        {header(SortKey::Context, "Context", true, "Maximum input tokens")}
                        {header(SortKey::Workload, "Workload / mo", true, "Calls per month × cost of one call, from the workload above")}
                        <th scope="col"><span class="visually-hidden">"Edit"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let limit = limit.get();
                        book.catalog.with(|catalog| {
                            rows.with(|rows| {
                                rows.iter()
                                    .take(limit)
                                    .map(|row| {
                                        let model = catalog.models[row.index].clone();
                                        view! { <ModelRow model=model row=row.clone() compared=compared editing=editing draft=draft /> }
                                    })
                                    .collect_view()
                            })
                        })
                    }}
                </tbody>
            </table>
        </div>
        <Show when=move || { rows.with(Vec::len) > limit.get() }>
            <button type="button" class="secondary" data-testid="models-more" on:click=move |_| limit.update(|limit| *limit += PAGE)>
                "Show more models"
            </button>
        </Show>
    }
}

/// One model's row, followed by its price editor when it is being edited.
#[component]
fn ModelRow(
    /// The model.
    model: Model,
    /// Its computed figures.
    row: Row,
    /// Ids being compared.
    compared: RwSignal<Vec<String>>,
    /// The id being edited, if any.
    editing: RwSignal<Option<String>>,
    /// The editor's text.
    draft: PriceDraft,
) -> impl IntoView {
    let testid = model_testid(&model.id);
    let id = model.id.clone();
    let compare_id = model.id.clone();
    let is_compared = {
        let id = id.clone();
        move || compared.with(|ids| ids.contains(&id))
    };
    let compare_full = move || compared.with(Vec::len) >= MAX_COMPARED;
    let is_editing = {
        let id = id.clone();
        move || editing.with(|editing| editing.as_deref() == Some(id.as_str()))
    };
    let badge = match model.origin {
        Origin::Shipped => None,
        Origin::Edited => Some(("edited", "Your price")),
        Origin::Custom => Some(("custom", "Your model")),
    };
    let edit_id = id.clone();
    let edit_prices = model.prices.clone();
    let edit_tiers = model.tiers.clone();
    let editor_model = model.clone();
    let prices = model.prices.clone();
    let name = model.name.clone();
    let compare_label = format!("Compare {}", model.name);
    let is_compared_for_disable = is_compared.clone();
    view! {
        <tr data-testid=format!("model-row-{testid}") class:deprecated=model.deprecated>
            <td class="compare-cell">
                <input
                    type="checkbox"
                    aria-label=compare_label
                    data-testid=format!("model-compare-{testid}")
                    prop:checked=is_compared
                    disabled=move || compare_full() && !is_compared_for_disable()
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        compared.update(|ids| {
                            ids.retain(|other| other != &compare_id);
                            if checked && ids.len() < MAX_COMPARED {
                                ids.push(compare_id.clone());
                            }
                        });
                    }
                />
            </td>
            <td class="model-cell">
                <span class="model-name">{name}</span>
                {badge.map(|(class, text)| view! { <span class=format!("badge {class}")>{text}</span> })}
                {model.deprecated.then(|| view! { <span class="badge muted" title="The provider has deprecated this model">"Deprecated"</span> })}
                {(!model.deprecated && crate::money::catalog::current::is_legacy(&model)).then(|| view! { <span class="badge muted" title="A superseded family that its maker lists as legacy">"Legacy"</span> })}
                {model.reasoning.then(|| view! { <ReasoningBadge testid=format!("model-reasoning-{testid}") /> })}
                <br />
                <code class="model-id">{model.id.clone()}</code>
            </td>
            <td data-label="Provider">{model.provider_name.clone()}</td>
            <td data-label="Tier">{tier_label(model.tier)}</td>
            <td class="num" data-label="Input $/1M" data-testid=format!("model-input-{testid}")>{format::price(prices.input)}</td>
            <td class="num" data-label="Output $/1M" data-testid=format!("model-output-{testid}")>{format::price(prices.output)}</td>
            <td class="num" data-label="Cached $/1M">{prices.cache_read.map(format::price).unwrap_or_else(|| "—".to_owned())}</td>
            <td class="num" data-label="Blended $/1M">{format::price(row.blended)}</td>
            <td class="tiers-cell" data-label="Tiers $/1M">
                <ModelTiers model=model.clone() testid=testid.clone() prefix="model" />
            </td>
            <td class="num" data-label="Context">{model.context_window.map(format::integer).unwrap_or_else(|| "—".to_owned())}</td>
            <td class="num strong" data-label="Workload / month" data-testid=format!("model-workload-{testid}")>
                {row.monthly.map(format::usd).unwrap_or_else(|| "—".to_owned())}
            </td>
            <td class="edit-cell">
                <button
                    type="button"
                    class="link"
                    data-testid=format!("model-edit-{testid}")
                    aria-label=format!("Edit the prices of {}", model.name)
                    on:click=move |_| {
                        draft.input.set(edit_prices.input.dollars().to_string());
                        draft.output.set(edit_prices.output.dollars().to_string());
                        draft.cache_read.set(
                            edit_prices.cache_read.map(|price| price.dollars().to_string()).unwrap_or_default(),
                        );
                        draft.tiers.set(edit_tiers.iter().map(|tier| TierDraft::new(TierText::of(tier))).collect());
                        editing.set(Some(edit_id.clone()));
                    }
                >
                    "Edit"
                </button>
            </td>
        </tr>
        <Show when=is_editing>
            <PriceEditor model=editor_model.clone() editing=editing draft=draft />
        </Show>
    }
}

/// The text in the price editor's fields.
#[derive(Clone, Copy)]
pub struct PriceDraft {
    input: RwSignal<String>,
    output: RwSignal<String>,
    cache_read: RwSignal<String>,
    /// One entry per long-context tier, in the order shown.
    tiers: RwSignal<Vec<TierDraft>>,
}

/// The text of one tier in the price editor. Each field is its own signal, so typing in
/// one redraws only its own error, not the list.
#[derive(Clone, Copy)]
struct TierDraft {
    above: RwSignal<String>,
    input: RwSignal<String>,
    output: RwSignal<String>,
    cache_read: RwSignal<String>,
    /// The tier's cache-write prices, which the editor keeps without showing them.
    kept: StoredValue<TierText>,
}

impl TierDraft {
    fn new(text: TierText) -> TierDraft {
        TierDraft {
            above: RwSignal::new(text.above.clone()),
            input: RwSignal::new(text.input.clone()),
            output: RwSignal::new(text.output.clone()),
            cache_read: RwSignal::new(text.cache_read.clone()),
            kept: StoredValue::new(text),
        }
    }

    fn text(&self) -> TierText {
        TierText {
            above: self.above.get(),
            input: self.input.get(),
            output: self.output.get(),
            cache_read: self.cache_read.get(),
            ..self.kept.get_value()
        }
    }
}

/// Inline editor of a model's input, output and cached prices.
#[component]
fn PriceEditor(
    /// The model being edited.
    model: Model,
    /// Cleared when the editor closes.
    editing: RwSignal<Option<String>>,
    /// The fields' text, filled in when editing starts.
    draft: PriceDraft,
) -> impl IntoView {
    let book = use_price_book();
    let PriceDraft {
        input,
        output,
        cache_read,
        tiers,
    } = draft;
    let input_check = move || form::price(&input.get(), "input price");
    let output_check = move || form::price(&output.get(), "output price");
    let cache_check = move || form::optional_price(&cache_read.get(), "cached price");
    let tiers_check = Memo::new(move |_| {
        let texts: Vec<TierText> = tiers.with(|tiers| tiers.iter().map(TierDraft::text).collect());
        tiers_from_text(&texts)
    });
    // A tier's errors, shown once the user has tried to save (a new, empty tier is not an
    // error while it is being filled in).
    let tried = RwSignal::new(false);
    let tier_errors = move |index: usize| -> TierErrors {
        if !tried.get() {
            return TierErrors::default();
        }
        tiers_check.with(|check| match check {
            Err(errors) => errors.get(index).cloned().unwrap_or_default(),
            Ok(_) => TierErrors::default(),
        })
    };
    let id = model.id.clone();
    let origin = model.origin;
    let had_tiers = !model.tiers.is_empty();
    let save = move |_| {
        tried.set(true);
        let (Ok(input), Ok(output), Ok(cache_read), Ok(edited_tiers)) = (
            input_check(),
            output_check(),
            cache_check(),
            tiers_check.get(),
        ) else {
            return;
        };
        book.overrides.update(|overrides| {
            if origin == Origin::Custom {
                if let Some(custom) = overrides.custom.iter_mut().find(|custom| custom.id == id) {
                    custom.prices.input = input;
                    custom.prices.output = output;
                    custom.prices.cache_read = cache_read;
                    custom.tiers = edited_tiers;
                }
            } else {
                // The tiers as edited; none where the model had none and still has none, so
                // that such an edit is written as before tiers could be edited.
                let tiers = (had_tiers || !edited_tiers.is_empty()).then_some(edited_tiers);
                overrides.edits.insert(
                    id.clone(),
                    PriceEdit {
                        input: Some(input),
                        output: Some(output),
                        cache_read,
                        tiers,
                    },
                );
            }
        });
        editing.set(None);
    };
    let add_tier = move |_| {
        tiers.update(|tiers| tiers.push(TierDraft::new(TierText::default())));
    };
    let tier_rows = move || {
        tiers
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, tier)| {
                let number = index + 1;
                let remove = move |_| {
                    tiers.update(|tiers| {
                        if index < tiers.len() {
                            tiers.remove(index);
                        }
                    })
                };
                let field = move |label: &'static str, name: &'static str, value: RwSignal<String>, error: fn(TierErrors) -> Option<String>| {
                    let testid = format!("price-edit-tier-{name}-{number}");
                    let error_id = format!("{testid}-error");
                    let message = move || error(tier_errors(index));
                    view! {
                        <label class="field">
                            <span>{label}</span>
                            <input
                                type="text"
                                inputmode=if name == "above" { "numeric" } else { "decimal" }
                                data-testid=testid
                                prop:value=move || value.get()
                                on:input=move |ev| value.set(event_target_value(&ev))
                                aria-invalid=move || message().is_some().to_string()
                                aria-describedby=error_id.clone()
                            />
                            <span class="error" id=error_id.clone() data-testid=error_id role="alert">{message}</span>
                        </label>
                    }
                };
                view! {
                    <fieldset class="tier-edit" data-testid=format!("price-edit-tier-{number}")>
                        <legend>{format!("Tier {number}")}</legend>
                        {field("Above (input tokens)", "above", tier.above, |errors| errors.above.map(|e| e.to_string()))}
                        {field("Input (empty: base)", "input", tier.input, |errors| errors.input.map(|e| e.to_string()))}
                        {field("Output (empty: base)", "output", tier.output, |errors| errors.output.map(|e| e.to_string()))}
                        {field("Cached (empty: base)", "cache-read", tier.cache_read, |errors| errors.cache_read.map(|e| e.to_string()))}
                        <button type="button" class="secondary" data-testid=format!("price-edit-tier-remove-{number}") aria-label=format!("Remove tier {number}") on:click=remove>
                            "Remove"
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let revert_id = model.id.clone();
    let revert = move |_| {
        book.overrides.update(|overrides| {
            overrides.edits.remove(&revert_id);
            overrides.custom.retain(|custom| custom.id != revert_id);
        });
        editing.set(None);
    };
    let revert_label = match origin {
        Origin::Shipped => None,
        Origin::Edited => Some("Back to shipped prices"),
        Origin::Custom => Some("Delete this model"),
    };
    view! {
        <tr class="editor-row">
            <td colspan="12">
                <form class="editor" data-testid="price-editor" on:submit=move |ev| { ev.prevent_default(); save(()); }>
                    <p class="editor-title">{format!("Prices of {} in US dollars per million tokens", model.name)}</p>
                    <TextField label="Input" testid="price-edit-input" inputmode="decimal" value=input error=Signal::derive(move || input_check().err().map(|e| e.to_string())) />
                    <TextField label="Output" testid="price-edit-output" inputmode="decimal" value=output error=Signal::derive(move || output_check().err().map(|e| e.to_string())) />
                    <TextField label="Cached input (optional)" testid="price-edit-cache-read" inputmode="decimal" value=cache_read error=Signal::derive(move || cache_check().err().map(|e| e.to_string())) />
                    <div class="tier-editor">
                        <p class="editor-subtitle">"Long-context tiers: a call whose input is above a tier's threshold is billed at that tier's prices for all of its tokens."</p>
                        {tier_rows}
                        <button type="button" class="secondary" data-testid="price-edit-tier-add" on:click=add_tier>"Add a tier"</button>
                    </div>
                    <div class="actions">
                        <button type="submit" data-testid="price-edit-save">"Save"</button>
                        <button type="button" class="secondary" on:click=move |_| editing.set(None)>"Cancel"</button>
                        {revert_label.map(|label| view! {
                            <button type="button" class="secondary" data-testid="price-edit-revert" on:click=revert>{label}</button>
                        })}
                    </div>
                </form>
            </td>
        </tr>
    }
}
