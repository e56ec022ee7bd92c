//! Cost by feature, model or user: the top ten as a table and a bar chart.

use std::sync::Arc;

use leptos::prelude::*;

use crate::chart::{bar_chart_svg, Bar, BarChart, Unit};
use crate::models::usage::{Share, UsageReport};
use crate::show::money::integer;
use crate::show::number::{pct, unit_usd, usd};
use crate::ui::chart::ChartFigure;

/// Rows shown.
const TOP: usize = 10;

/// One breakdown, `data-testid=<testid>`. Clicking a name filters the dashboard by it.
#[component]
pub fn Breakdown(
    /// "feature", "model" or "user".
    title: &'static str,
    /// The section's `data-testid`.
    testid: &'static str,
    /// The analysis.
    report: Memo<Arc<UsageReport>>,
    /// The filter this breakdown sets.
    filter: RwSignal<String>,
) -> impl IntoView {
    let pick = move |report: &UsageReport| -> Vec<Share> {
        let shares = match title {
            "feature" => &report.by_feature,
            "model" => &report.by_model,
            _ => &report.by_user,
        };
        shares.iter().take(TOP).cloned().collect()
    };
    let rows = Memo::new(move |_| report.with(|report| pick(report)));
    let total = Memo::new(move |_| report.with(|report| report.totals.cost));
    let count = Memo::new(move |_| {
        report.with(|report| match title {
            "feature" => report.by_feature.len(),
            "model" => report.by_model.len(),
            _ => report.by_user.len(),
        })
    });
    let draw = Callback::new(move |width: u32| {
        let bars: Vec<Bar> = rows.with(|rows| {
            rows.iter()
                .map(|share| Bar {
                    label: share.key.clone(),
                    value: share.cost,
                })
                .collect()
        });
        bar_chart_svg(
            &BarChart {
                title: format!("Cost by {title}"),
                value_label: "US dollars".into(),
                unit: Unit::Usd,
                bars,
            },
            width,
        )
        .ok()
    });
    let description = Signal::derive(move || {
        rows.with(|rows| {
            (!rows.is_empty()).then(|| {
                let parts: Vec<String> = rows
                    .iter()
                    .map(|share| format!("{}: {}", share.key, usd(share.cost)))
                    .collect();
                format!("Cost by {title}, top {}: {}.", rows.len(), parts.join("; "))
            })
        })
    });
    let heading_id = format!("{testid}-title");
    let labelled_by = heading_id.clone();
    view! {
        <section class="breakdown" data-testid=testid aria-labelledby=labelled_by>
            <h2 id=heading_id>{format!("Cost by {title}")}</h2>
            <div class="table-scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{title}</th>
                        <th scope="col" class="num">"Cost"</th>
                        <th scope="col" class="num">"Share"</th>
                        <th scope="col" class="num">"Requests"</th>
                        <th scope="col" class="num">"Per request"</th>
                        <th scope="col" class="num">"Tokens"</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|share| {
                            let key = share.key.clone();
                            let filterable = key != "(none)";
                            let share_of_total = if total.get() > 0.0 { pct(share.cost / total.get()) } else { "—".to_owned() };
                            view! {
                                <tr>
                                    <th scope="row">
                                        {if filterable {
                                            let value = key.clone();
                                            view! { <button type="button" class="link" title=format!("Show only {title} {key}") on:click=move |_| filter.set(value.clone())>{key.clone()}</button> }.into_any()
                                        } else {
                                            view! { <span>{key.clone()}</span> }.into_any()
                                        }}
                                    </th>
                                    <td class="num">{usd(share.cost)}</td>
                                    <td class="num">{share_of_total}</td>
                                    <td class="num">{integer(share.requests as u64)}</td>
                                    <td class="num">{unit_usd(share.cost_per_request())}</td>
                                    <td class="num">{integer(share.tokens)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="hint">{move || {
                let count = count.get();
                if count > TOP { format!("Top {TOP} of {} by cost.", integer(count as u64)) } else { String::new() }
            }}</p>
            <Show when=move || rows.with(|rows| !rows.is_empty())>
                <ChartFigure draw=draw description=description caption_class="chart-caption visually-hidden" />
            </Show>
        </section>
    }
}
