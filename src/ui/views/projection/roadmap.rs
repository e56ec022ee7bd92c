//! The levers ordered by savings per hour of effort, in weeks.

use leptos::prelude::*;

use crate::models::projection::timeline::HOURS_PER_WEEK;
use crate::show::number::{decimal, pct, usd};

use super::inputs::Num;
use super::use_projection;

/// The roadmap list.
#[component]
pub fn Roadmap() -> impl IntoView {
    let state = use_projection();
    let steps = move || {
        state
            .with_projection(|projection| {
                let baseline = projection.baseline;
                let mut cumulative = 0.0;
                projection
                    .roadmap
                    .iter()
                    .map(|step| {
                        cumulative += step.saving;
                        let share = (baseline > 0.0).then(|| pct(cumulative / baseline));
                        view! {
                            <li data-testid=format!("roadmap-{}", step.lever.slug())>
                                <span class="week">{format!("Week {}", step.week)}</span>
                                <strong>{step.lever.label()}</strong>
                                <span>{format!(
                                    " — {} hours, saves {} a month ({} per hour of work){}",
                                    decimal(step.hours),
                                    usd(step.saving),
                                    if step.saving_per_hour.is_finite() { usd(step.saving_per_hour) } else { "no effort".to_owned() },
                                    share.map(|share| format!("; {share} saved so far")).unwrap_or_default()
                                )}</span>
                            </li>
                        }
                    })
                    .collect_view()
            })
    };
    let losers = move || {
        state
            .with_projection(|projection| {
                projection
                    .levers
                    .iter()
                    .filter(|outcome| outcome.on && outcome.saving <= 0.0)
                    .map(|outcome| outcome.lever.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    view! {
        <section class="roadmap" aria-labelledby="roadmap-title">
            <h2 id="roadmap-title">"Payback and roadmap"</h2>
            <div class="inline-fields investment">
                <Num key="hourly-rate" label="Engineering cost" unit="$ / hour" />
                <p class="hint">{move || state.with_projection(|p| format!(
                    "Investment: {} hours of work = {}; savings over {}: {}.",
                    decimal(p.effort_hours), usd(p.investment), crate::show::money::counted(p.months.len() as u64, "month", "months"), usd(p.horizon_savings)))}</p>
            </div>
            <p class="hint">{format!("The levers that save money, best saving per hour of work first, packed into {HOURS_PER_WEEK:.0}-hour weeks of one engineer.")}</p>
            <ol class="roadmap-list" data-testid="roadmap">{steps}</ol>
            <p class="hint" hidden=move || losers().is_empty()>{move || format!("Left out, because they save nothing here: {}.", losers())}</p>
        </section>
    }
}
