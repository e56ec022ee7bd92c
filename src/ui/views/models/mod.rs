//! The Models & prices view: the catalog as a searchable, sortable table, a comparison of
//! up to four models, and the user's own prices.

mod compare;
mod overrides_panel;
mod table;
mod tiers;

use leptos::prelude::*;

use crate::formats::route::View;
use crate::ui::kept::{kept, kept_in_memory};

use crate::form;
use crate::money::catalog::CapabilityTier;
use crate::money::cost::{CallTokens, Workload};
use crate::money::listing::{Query, SortKey};
use crate::money::units::Tokens;
use crate::show::money as format;
use crate::ui::field::TextField;
use crate::ui::price_book::use_price_book;

use compare::Compare;
use overrides_panel::OverridesPanel;
use table::ModelTable;

/// Most models to compare at once.
pub const MAX_COMPARED: usize = 4;

/// The view's root, `data-testid="view-models"`.
#[component]
pub fn ModelsView() -> impl IntoView {
    let book = use_price_book();
    let search = kept(View::Models, "models-search", "the search", String::new);
    let provider = kept(
        View::Models,
        "models-provider",
        "the provider filter",
        String::new,
    );
    let tier = kept(View::Models, "models-tier", "the tier filter", String::new);
    let include_deprecated = kept(
        View::Models,
        "models-deprecated",
        "the deprecated filter",
        || false,
    );
    let sort = kept_in_memory(View::Models, "sort", || (SortKey::Catalog, false));
    let input_tokens = kept(
        View::Models,
        "workload-input-tokens",
        "the input tokens",
        || "1,000".to_owned(),
    );
    let output_tokens = kept(
        View::Models,
        "workload-output-tokens",
        "the output tokens",
        || "500".to_owned(),
    );
    let calls = kept(
        View::Models,
        "workload-calls",
        "the calls per month",
        || "100,000".to_owned(),
    );
    let compared = kept(
        View::Models,
        "models-compared",
        "the models compared",
        Vec::<String>::new,
    );

    let input_check = move || form::whole_number(&input_tokens.get(), "input tokens per call");
    let output_check = move || form::whole_number(&output_tokens.get(), "output tokens per call");
    let calls_check = move || form::whole_number(&calls.get(), "calls per month");
    let workload = Memo::new(
        move |_| match (input_check(), output_check(), calls_check()) {
            (Ok(input), Ok(output), Ok(calls_per_month)) => Some(Workload {
                call: CallTokens {
                    input: Tokens::new(input),
                    output: Tokens::new(output),
                },
                calls_per_month,
            }),
            _ => None,
        },
    );
    let query = Memo::new(move |_| {
        let (sort, descending) = sort.get();
        Query {
            search: search.get(),
            provider: Some(provider.get()).filter(|p| !p.is_empty()),
            tier: CapabilityTier::from_slug(&tier.get()),
            include_deprecated: include_deprecated.get(),
            sort,
            descending,
            workload: workload.get(),
        }
    });
    let providers = Memo::new(move |_| book.catalog.with(|catalog| catalog.providers()));

    view! {
        <section class="view models" data-testid="view-models" aria-labelledby="models-title">
            <h1 id="models-title">"Models & prices"</h1>
            <p class="lede">
                "Every model's price per million tokens, and what your workload would cost on it each month."
            </p>
            <p class="source" data-testid="catalog-as-of">
                {move || book.catalog.with(|catalog| format!(
                    "Prices as of {}, from {} {} ({} licence). {} models.",
                    catalog.as_of,
                    catalog.source.name,
                    catalog.source.version,
                    catalog.source.license,
                    format::integer(catalog.models.len() as u64),
                ))}
            </p>
            {move || book.notice.get().map(|notice| view! {
                <p class="notice" role="alert" data-testid="catalog-notice">{notice}</p>
            })}

            <fieldset class="workload">
                <legend>"Your workload"</legend>
                <TextField label="Input tokens per call" testid="workload-input-tokens" inputmode="numeric" value=input_tokens error=Signal::derive(move || input_check().err().map(|e| e.to_string())) />
                <TextField label="Output tokens per call" testid="workload-output-tokens" inputmode="numeric" value=output_tokens error=Signal::derive(move || output_check().err().map(|e| e.to_string())) />
                <TextField label="Calls per month" testid="workload-calls" inputmode="numeric" value=calls error=Signal::derive(move || calls_check().err().map(|e| e.to_string())) />
                <p class="hint">
                    "Cost per month = calls per month × (input tokens × input price + output tokens × output price) ÷ 1,000,000. Calls with more input than a model's long-context threshold pay its higher tier price on all their tokens."
                </p>
            </fieldset>

            <div class="filters" role="search">
                <label class="field grow">
                    <span>"Search"</span>
                    <input
                        type="search"
                        data-testid="models-search"
                        placeholder="Model, id or provider"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>"Provider"</span>
                    <select data-testid="models-provider" on:change=move |ev| provider.set(event_target_value(&ev))>
                        <option value="">"All providers"</option>
                        {move || providers.get().into_iter().map(|(id, name)| {
                            let selected = provider.get_untracked() == id;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Tier"</span>
                    <select data-testid="models-tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                        <option value="">"All tiers"</option>
                        {CapabilityTier::ALL.into_iter().map(|option| view! {
                            <option value=option.slug()>{tier_label(option)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="models-deprecated"
                        prop:checked=move || include_deprecated.get()
                        on:change=move |ev| include_deprecated.set(event_target_checked(&ev))
                    />
                    " Show deprecated and legacy"
                </label>
            </div>

            <Compare compared=compared workload=workload />
            <ModelTable query=query sort=sort compared=compared />
            <OverridesPanel />
        </section>
    }
}

/// The tier's label in filters and tables.
pub fn tier_label(tier: CapabilityTier) -> &'static str {
    match tier {
        CapabilityTier::Flagship => "Flagship",
        CapabilityTier::Balanced => "Balanced",
        CapabilityTier::Small => "Small",
    }
}
