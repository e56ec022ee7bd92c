//! The alerts crossed and the optimization opportunities.

use std::sync::Arc;

use leptos::prelude::*;

use crate::formats::opportunity_links::href as projection_href;
use crate::models::usage::opportunities::Opportunity;
use crate::models::usage::{AlertKind, Thresholds, UsageReport};
use crate::show::money::{counted, integer};
use crate::show::number::{pct, usd};
use crate::show::time::format_time;

/// Alerts listed (all are counted).
const LISTED: usize = 100;

/// When each threshold was crossed, `data-testid="usage-alerts"`.
#[component]
pub fn Alerts(report: Memo<Arc<UsageReport>>, thresholds: Memo<Thresholds>) -> impl IntoView {
    let limit = move |kind: AlertKind| {
        let thresholds = thresholds.get();
        match kind {
            AlertKind::Hourly => usd(thresholds.hourly),
            AlertKind::Daily => usd(thresholds.daily),
            AlertKind::PerRequest => usd(thresholds.per_request),
            AlertKind::ErrorRate => pct(thresholds.error_rate),
        }
    };
    view! {
        <section class="alerts" data-testid="usage-alerts" aria-labelledby="usage-alerts-title">
            <h2 id="usage-alerts-title">"Alerts"</h2>
            {move || report.with(|report| {
                if report.alerts.is_empty() {
                    return view! { <p class="ok">"No threshold was crossed."</p> }.into_any();
                }
                let counts: Vec<String> = AlertKind::ALL
                    .iter()
                    .zip(report.alert_counts)
                    .filter(|(_, count)| *count > 0)
                    .map(|(kind, count)| format!("{} over {}: {}", kind.label(), limit(*kind), counted(count as u64, "time", "times")))
                    .collect();
                let total: usize = report.alert_counts.iter().sum();
                let rows = report.alerts.iter().take(LISTED).map(|alert| {
                    let (when, value) = match alert.kind {
                        AlertKind::Hourly | AlertKind::ErrorRate => (format!("{} UTC (hour)", format_time(alert.at)), if alert.kind == AlertKind::ErrorRate { pct(alert.value) } else { usd(alert.value) }),
                        AlertKind::Daily => (format!("{} (day)", crate::show::time::format_date(alert.at)), usd(alert.value)),
                        AlertKind::PerRequest => (format!("{} UTC", format_time(alert.at)), crate::show::number::unit_usd(alert.value)),
                    };
                    view! { <li><span class=format!("alert-kind alert-{}", match alert.kind { AlertKind::ErrorRate => "errors", _ => "cost" })>{alert.kind.label()}</span>" "{value}" · "{when}</li> }
                }).collect_view();
                view! {
                    <p class="error">{counts.join("; ")}"."</p>
                    <ul class="alert-list">{rows}</ul>
                    {(total > LISTED).then(|| view! { <p class="hint">{format!("The first {LISTED} of {} are listed.", integer(total as u64))}</p> })}
                }.into_any()
            })}
        </section>
    }
}

/// What to fix first, `data-testid="usage-opportunities"`.
#[component]
pub fn Opportunities(found: Memo<Arc<Vec<Opportunity>>>) -> impl IntoView {
    view! {
        <section class="opportunities" data-testid="usage-opportunities" aria-labelledby="usage-opportunities-title">
            <h2 id="usage-opportunities-title">"Optimization opportunities"</h2>
            <p class="hint">"Estimated from the rows shown. The same calls can appear under several, so the savings overlap: don't add them up. Each opens in the Projection with its calls, tokens and model, and only its lever on."</p>
            {move || found.with(|found| {
                if found.is_empty() {
                    return view! { <p class="ok">"None found: no feature averages over $0.10 a request, flagship models carry half the traffic or less, few prompts repeat, prompts are short and errors are under the threshold."</p> }.into_any();
                }
                found.iter().map(|found| {
                    let href = projection_href(found);
                    view! {
                        <article class="opportunity">
                            <h3>{found.title.clone()}</h3>
                            <p class="saving">{format!("about {} a month", usd(found.saving()))}</p>
                            <p>{found.detail.clone()}</p>
                            {match href {
                                Some(href) => view! { <a class="button" href=href data-testid="usage-open-projection">"Open in Projection"</a> }.into_any(),
                                None => view! { <span class="hint">"Its model is not in the price list, so the Projection cannot price it."</span> }.into_any(),
                            }}
                        </article>
                    }
                }).collect_view().into_any()
            })}
        </section>
    }
}
