//! The bill against list prices (`usage-bill-vs-list`) and the models the catalog does not
//! match (`usage-unmatched-models`). The figures are `models::usage::bill` and
//! `UsageReport::unmatched`; this only shows them.

use std::sync::Arc;

use leptos::prelude::*;

use crate::models::usage::bill::BillVsList;
use crate::models::usage::UsageReport;
use crate::show::money::integer;
use crate::show::number::{pct, unit_usd};

fn signed_usd(value: f64) -> String {
    if value < 0.0 {
        format!("−{}", unit_usd(-value))
    } else {
        format!("+{}", unit_usd(value))
    }
}

fn signed_pct(value: Option<f64>) -> String {
    match value {
        Some(share) if share < 0.0 => format!("−{}", pct(-share)),
        Some(share) => format!("+{}", pct(share)),
        None => "—".to_owned(),
    }
}

/// The stated cost beside the list-price cost, by model.
#[component]
pub fn BillTable(
    /// The bill, when some row states its cost.
    bill: Memo<Option<Arc<BillVsList>>>,
) -> impl IntoView {
    move || {
        bill.get().map(|bill| {
            let cost_only = bill.cost_only();
            view! {
                <section class="bill-vs-list" data-testid="usage-bill-vs-list" aria-labelledby="usage-bill-title">
                    <h2 id="usage-bill-title">"Bill against list price"</h2>
                    <p class="hint">{if cost_only {
                        "This file states costs but no tokens: comparing with list prices needs the usage export too. The stated costs by day and model are in the chart and breakdowns."
                    } else {
                        "What the file says each model cost, beside the same tokens at the catalog's list prices (each part at its own rate). A negative difference: the bill is below list price (a discount); a positive one: above it."
                    }}</p>
                    <div class="table-scroll">
                        <table>
                            <thead><tr><th>"Model"</th><th class="num">"Calls"</th><th class="num">"Stated"</th><th class="num">"List price"</th><th class="num">"Difference"</th><th class="num">"%"</th></tr></thead>
                            <tbody>
                                {bill.rows.iter().map(|row| view! {
                                    <tr data-testid="usage-bill-row">
                                        <td>{row.model.clone()}</td>
                                        <td class="num">{integer(row.calls as u64)}</td>
                                        <td class="num">{unit_usd(row.stated)}</td>
                                        <td class="num">{row.list.map_or("no list price".to_owned(), unit_usd)}</td>
                                        <td class="num">{row.difference().map_or("—".to_owned(), signed_usd)}</td>
                                        <td class="num">{signed_pct(row.difference_share())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot>
                                <tr data-testid="usage-bill-total">
                                    <th scope="row">"Total (models with a list price)"</th>
                                    <td></td>
                                    <td class="num">{unit_usd(bill.stated)}</td>
                                    <td class="num">{unit_usd(bill.list)}</td>
                                    <td class="num">{signed_usd(bill.difference())}</td>
                                    <td class="num">{signed_pct(bill.difference_share())}</td>
                                </tr>
                            </tfoot>
                        </table>
                    </div>
                    {(bill.stated_without_list > 0.0).then(|| view! {
                        <p class="hint">{format!("{} stated for models with no list price is left out of the total.", unit_usd(bill.stated_without_list))}</p>
                    })}
                </section>
            }
        })
    }
}

/// The models the catalog does not match, with their calls and tokens, left unpriced.
#[component]
pub fn UnmatchedModels(
    /// The analysis.
    report: Memo<Arc<UsageReport>>,
) -> impl IntoView {
    move || {
        report.with(|report| {
            (!report.unmatched.is_empty()).then(|| view! {
                <section class="unmatched" data-testid="usage-unmatched-models" aria-labelledby="usage-unmatched-title">
                    <h2 id="usage-unmatched-title">"Models without a list price"</h2>
                    <p class="hint">"The price list does not know these models: their tokens are left unpriced (a cost the file states is still counted). Add them under Prices to price them."</p>
                    <ul>
                        {report.unmatched.iter().map(|model| view! {
                            <li>{format!(
                                "{}: {} calls, {} input and {} output tokens, left unpriced{}",
                                model.model,
                                integer(model.calls as u64),
                                integer(model.input_tokens),
                                integer(model.output_tokens),
                                if model.unpriced_calls < model.calls { " (stated costs counted)" } else { "" },
                            )}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        })
    }
}
