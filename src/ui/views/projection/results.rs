//! The headline figures and the two charts.

use leptos::prelude::*;

use crate::chart::{line_chart_svg, waterfall_svg, YearMonth};
use crate::models::projection::charts;
use crate::show::number::{months, pct, usd};
use crate::ui::chart::ChartFigure;

use super::inputs::{dash_or, Tip};
use super::use_projection;

/// Naive, true and optimized cost, savings, payback and ROI.
#[component]
pub fn Headline() -> impl IntoView {
    let state = use_projection();
    let figure = move |pick: fn(&crate::models::projection::Projection) -> Option<String>| {
        move || dash_or(state.with_projection(pick).flatten())
    };
    let problem = move || {
        state.projection.with(|projection| match projection {
            Some(Err(message)) => Some(message.clone()),
            None => Some("Fix the fields marked in red to see the figures.".to_owned()),
            Some(Ok(_)) => None,
        })
    };
    view! {
        <section class="headline" aria-label="Monthly cost and savings">
            <dl class="headline-figures">
                <div class="stat">
                    <dt>"Naive monthly cost " <Tip text="Calls × tokens × prices, with no hidden costs: what a spreadsheet estimate shows." /></dt>
                    <dd data-testid="cost-naive">{figure(|p| Some(usd(p.naive)))}</dd>
                </div>
                <div class="stat">
                    <dt>"True monthly cost " <Tip text="The naive cost × (1 + the hidden-cost factors in effect): the baseline the levers start from." /></dt>
                    <dd data-testid="cost-baseline">{figure(|p| Some(usd(p.baseline)))}</dd>
                </div>
                <div class="stat">
                    <dt>"Optimized monthly cost"</dt>
                    <dd data-testid="cost-optimized">{figure(|p| Some(usd(p.optimized)))}</dd>
                </div>
                <div class="stat primary">
                    <dt>"Monthly savings"</dt>
                    <dd data-testid="savings-monthly">{figure(|p| Some(usd(p.savings)))}</dd>
                </div>
                <div class="stat">
                    <dt>"Savings"</dt>
                    <dd><span data-testid="savings-percent">{figure(|p| p.savings_fraction.map(pct))}</span></dd>
                </div>
                <div class="stat">
                    <dt>"Payback " <Tip text="Months until the savings repay the effort of the levers that are on (hours × hourly rate), with growth." /></dt>
                    <dd><span data-testid="payback-months">{figure(|p| Some(p.payback_months.map_or_else(|| "never".to_owned(), months)))}</span>" "<span class="unit">"months"</span></dd>
                </div>
                <div class="stat">
                    <dt>"ROI " <Tip text="(Savings over the horizon − investment) ÷ investment." /></dt>
                    <dd><span data-testid="roi-percent">{figure(|p| p.roi.map(pct))}</span></dd>
                </div>
            </dl>
            <p class="status-line" data-testid="projection-problem" role="status">
                {move || problem().map(|message| view! { <span class="error">{message}</span> })}
            </p>
        </section>
    }
}

/// The month after today's (UTC), where the projection's first month starts.
fn first_month() -> YearMonth {
    let today = js_sys::Date::new_0();
    YearMonth {
        year: today.get_utc_full_year() as i32,
        month: today.get_utc_month() + 1,
    }
    .plus(1)
}

/// The waterfall of savings and the months ahead.
#[component]
pub fn Charts() -> impl IntoView {
    let state = use_projection();
    let first = first_month();
    let waterfall = Callback::new(move |width: u32| {
        state
            .with_projection(|projection| waterfall_svg(&charts::waterfall(projection), width).ok())
            .flatten()
    });
    let timeline = Callback::new(move |width: u32| {
        state
            .with_projection(|projection| {
                line_chart_svg(&charts::timeline(projection, first), width).ok()
            })
            .flatten()
    });
    let waterfall_text = Signal::derive(move || state.with_projection(charts::describe_waterfall));
    let timeline_text = Signal::derive(move || state.with_projection(charts::describe_timeline));
    let rows = move || {
        state.with_projection(|projection| {
            projection
                .months
                .iter()
                .map(|month| {
                    view! {
                        <tr>
                            <td>{month.month}</td>
                            <td class="num">{usd(month.baseline)}</td>
                            <td class="num">{usd(month.optimized)}</td>
                            <td class="num">{usd(month.savings)}</td>
                            <td class="num">{usd(month.cumulative_savings)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="charts" aria-label="Charts">
            <ChartFigure testid="chart-waterfall" file_name="burnrate-savings-waterfall.svg" download_testid="download-chart-waterfall"
                draw=waterfall description=waterfall_text empty="The chart appears once the fields are valid." />
            <ChartFigure testid="chart-projection" file_name="burnrate-projection.svg" download_testid="download-chart-projection"
                draw=timeline description=timeline_text empty="The chart appears once the fields are valid." />
            <details class="months-table">
                <summary>"The months as a table"</summary>
                <div class="scroll-x">
                    <table class="data-table" data-testid="months-table">
                        <thead><tr><th>"Month"</th><th class="num">"Baseline"</th><th class="num">"Optimized"</th><th class="num">"Savings"</th><th class="num">"Cumulative"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}
