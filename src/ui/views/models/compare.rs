//! Up to four models side by side, priced on the user's workload.

use leptos::prelude::*;

use crate::chart::{bar_chart_svg, Bar, BarChart, Unit};
use crate::formats::dom::model_testid;
use crate::money::cost::{blended_price, call_cost, monthly_cost, Workload};
use crate::show::money as format;
use crate::ui::chart::ChartFigure;
use crate::ui::price_book::use_price_book;

use super::tiers::{ModelTiers, ReasoningBadge, TIERS_TITLE};
use super::MAX_COMPARED;

/// The comparison, `data-testid="models-compare"`; shown once a model is ticked.
#[component]
pub fn Compare(
    /// Ids of the models to compare, in the order ticked.
    compared: RwSignal<Vec<String>>,
    /// The workload to price, if its fields are valid.
    workload: Memo<Option<Workload>>,
) -> impl IntoView {
    let book = use_price_book();
    // The chart's data: each compared model's monthly cost, while the workload is valid.
    let bars = Memo::new(move |_| {
        let workload = workload.get()?;
        Some(book.catalog.with(|catalog| {
            compared
                .get()
                .iter()
                .filter_map(|id| catalog.get(id))
                .map(|model| Bar {
                    label: model.name.clone(),
                    value: monthly_cost(model, &workload).dollars(),
                })
                .collect::<Vec<_>>()
        }))
    });
    let draw = Callback::new(move |width: u32| {
        let bars = bars.get()?;
        bar_chart_svg(
            &BarChart {
                title: "Monthly cost of your workload".into(),
                value_label: "US dollars per month".into(),
                unit: Unit::Usd,
                bars,
            },
            width,
        )
        .ok()
    });
    let description = Signal::derive(move || {
        bars.get().map(|bars| {
            let parts: Vec<String> = bars
                .iter()
                .map(|bar| {
                    format!(
                        "{}: {}",
                        bar.label,
                        crate::money::units::Usd::new(bar.value)
                            .map(format::usd)
                            .unwrap_or_default()
                    )
                })
                .collect();
            format!("Monthly cost of your workload. {}.", parts.join("; "))
        })
    });
    view! {
        <Show
            when=move || !compared.with(Vec::is_empty)
            fallback=|| view! {
                <p class="hint">{format!("Tick up to {MAX_COMPARED} models in the table to compare them side by side.")}</p>
            }
        >
            <section class="compare" data-testid="models-compare" aria-label="Comparison">
                <div class="compare-head">
                    <h2>"Comparison"</h2>
                    <button type="button" class="secondary" on:click=move |_| compared.set(Vec::new())>"Clear"</button>
                </div>
                <div class="compare-grid">
                    {move || {
                        let workload = workload.get();
                        book.catalog.with(|catalog| {
                            compared.get().into_iter().filter_map(|id| catalog.get(&id).cloned()).map(|model| {
                                let per_call = workload.map(|w| format::usd_per_call(call_cost(&model, w.call).total));
                                let per_month = workload.map(|w| format::usd(monthly_cost(&model, &w)));
                                let id = model.id.clone();
                                let testid = model_testid(&model.id);
                                view! {
                                    <article class="compare-card">
                                        <h3>{model.name.clone()}</h3>
                                        <p class="muted">
                                            {model.provider_name.clone()}
                                            {model.reasoning.then(|| view! { " " <ReasoningBadge testid=format!("compare-reasoning-{testid}") /> })}
                                        </p>
                                        <dl>
                                            <dt>"Input / 1M"</dt><dd>{format::price(model.prices.input)}</dd>
                                            <dt>"Output / 1M"</dt><dd>{format::price(model.prices.output)}</dd>
                                            <dt>"Cached / 1M"</dt><dd>{model.prices.cache_read.map(format::price).unwrap_or_else(|| "—".into())}</dd>
                                            <dt title=TIERS_TITLE>"Tiers / 1M"</dt><dd><ModelTiers model=model.clone() testid=testid.clone() prefix="compare" /></dd>
                                            <dt>"Blended / 1M"</dt><dd>{format::price(blended_price(&model.prices))}</dd>
                                            <dt>"Per call"</dt><dd>{per_call.unwrap_or_else(|| "—".into())}</dd>
                                            <dt>"Per month"</dt><dd class="strong">{per_month.unwrap_or_else(|| "—".into())}</dd>
                                        </dl>
                                        <button type="button" class="link" on:click=move |_| compared.update(|ids| ids.retain(|other| other != &id))>
                                            "Remove"
                                        </button>
                                    </article>
                                }
                            }).collect_view()
                        })
                    }}
                </div>
                <Show when=move || bars.with(|bars| bars.as_ref().is_some_and(|bars| !bars.is_empty()))>
                    <ChartFigure draw=draw description=description figure_testid="models-chart" caption_class="hint"
                        file_name="burnrate-model-comparison.svg" download_testid="models-chart-download" />
                </Show>
            </section>
        </Show>
    }
}
