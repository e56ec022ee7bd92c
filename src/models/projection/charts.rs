//! The projection's charts as data, their text alternatives, and the CSV of the months.

use crate::chart::{LineChart, Series, Step, StepKind, Unit, Waterfall, XAxis, YearMonth};

use super::Projection;
use crate::show::number::usd;

/// Baseline, each lever that is on (its saving as a fall, or a rise when it costs more),
/// then the optimized cost.
pub fn waterfall(projection: &Projection) -> Waterfall {
    let mut steps = vec![Step {
        label: "Baseline".into(),
        value: projection.baseline,
        kind: StepKind::Total,
    }];
    steps.extend(
        projection
            .levers
            .iter()
            .filter(|outcome| outcome.on)
            .map(|outcome| Step {
                label: outcome.lever.short_label().into(),
                value: -outcome.saving,
                kind: StepKind::Change,
            }),
    );
    steps.push(Step {
        label: "Optimized".into(),
        value: projection.optimized,
        kind: StepKind::Total,
    });
    Waterfall {
        title: "Monthly cost, lever by lever".into(),
        value_label: "US dollars per month (first month)".into(),
        steps,
    }
}

/// The waterfall in words.
pub fn describe_waterfall(projection: &Projection) -> String {
    let mut parts = vec![format!("Baseline {} a month", usd(projection.baseline))];
    for outcome in projection.levers.iter().filter(|outcome| outcome.on) {
        parts.push(if outcome.saving >= 0.0 {
            format!("{} saves {}", outcome.lever.label(), usd(outcome.saving))
        } else {
            format!("{} adds {}", outcome.lever.label(), usd(-outcome.saving))
        });
    }
    parts.push(format!("optimized {} a month", usd(projection.optimized)));
    format!("Monthly cost, lever by lever: {}.", parts.join("; "))
}

/// Baseline and optimized cost per month, and the cumulative savings; month 1 is `first`
/// (the caller's next month: the core reads no clock).
pub fn timeline(projection: &Projection, first: YearMonth) -> LineChart {
    let column = |pick: fn(&super::Month) -> f64| projection.months.iter().map(pick).collect();
    LineChart {
        title: format!(
            "The next {}",
            crate::show::money::counted(projection.months.len() as u64, "month", "months")
        ),
        x_axis: XAxis::Months { first },
        y_label: "US dollars".into(),
        unit: Unit::Usd,
        series: vec![
            Series {
                name: "Baseline per month".into(),
                values: column(|month| month.baseline),
            },
            Series {
                name: "Optimized per month".into(),
                values: column(|month| month.optimized),
            },
            Series {
                name: "Cumulative savings".into(),
                values: column(|month| month.cumulative_savings),
            },
        ],
        markers: Vec::new(),
    }
}

/// The timeline in words.
pub fn describe_timeline(projection: &Projection) -> String {
    let (Some(first), Some(last)) = (projection.months.first(), projection.months.last()) else {
        return String::new();
    };
    format!(
        "Over {} the baseline goes from {} to {} a month and the optimized cost from {} to {}; savings add up to {}.",
        crate::show::money::counted(projection.months.len() as u64, "month", "months"),
        usd(first.baseline),
        usd(last.baseline),
        usd(first.optimized),
        usd(last.optimized),
        usd(last.cumulative_savings)
    )
}
