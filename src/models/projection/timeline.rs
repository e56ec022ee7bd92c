//! The months ahead, payback, ROI and the roadmap.
//!
//! Formulas:
//! - **month m** (1-based) costs the first month's cost × (1 + g)^(m − 1), for the
//!   baseline and the optimized scenario alike (every cost is linear in traffic);
//! - **investment** = Σ over levers that are on of effort hours × hourly rate;
//! - **payback** = the month in which cumulative savings reach the investment, counted in
//!   fractions of a month: m − 1 + (investment − savings before month m) / savings in m;
//!   "never" when savings don't reach it within 100 years (or are not positive);
//! - **ROI** over the horizon = (savings over the horizon − investment) / investment;
//! - **roadmap**: levers with a positive saving, by saving per hour of effort (most
//!   first), packed into 40-hour weeks in that order; a lever starts in week
//!   1 + ⌊hours before it / 40⌋.

use super::config::Lever;

/// Hours of one engineer's week, for the roadmap.
pub const HOURS_PER_WEEK: f64 = 40.0;
/// How far payback is searched: 100 years.
const PAYBACK_SEARCH_MONTHS: u32 = 1_200;

/// One month of the projection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Month {
    /// 1 for the first month.
    pub month: u32,
    /// The cost without the levers.
    pub baseline: f64,
    /// The cost with them.
    pub optimized: f64,
    /// Baseline − optimized.
    pub savings: f64,
    /// Savings from month 1 to this one.
    pub cumulative_savings: f64,
}

/// The series over `horizon` months for first-month costs `baseline` and `optimized`.
pub fn months(baseline: f64, optimized: f64, growth: f64, horizon: u32) -> Vec<Month> {
    let mut scale = 1.0;
    let mut cumulative = 0.0;
    (1..=horizon)
        .map(|month| {
            let savings = (baseline - optimized) * scale;
            cumulative += savings;
            let row = Month {
                month,
                baseline: baseline * scale,
                optimized: optimized * scale,
                savings,
                cumulative_savings: cumulative,
            };
            scale *= 1.0 + growth;
            row
        })
        .collect()
}

/// Months until cumulative savings reach `investment` (see the module's formula).
pub fn payback_months(investment: f64, first_month_savings: f64, growth: f64) -> Option<f64> {
    if first_month_savings <= 0.0 {
        return None;
    }
    if investment <= 0.0 {
        return Some(0.0);
    }
    let mut cumulative = 0.0;
    let mut savings = first_month_savings;
    for month in 0..PAYBACK_SEARCH_MONTHS {
        if savings.is_nan() || savings <= 0.0 || savings.is_infinite() {
            return None;
        }
        if cumulative + savings >= investment {
            return Some(month as f64 + (investment - cumulative) / savings);
        }
        cumulative += savings;
        savings *= 1.0 + growth;
    }
    None
}

/// One step of the roadmap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoadmapStep {
    /// The lever.
    pub lever: Lever,
    /// The week it starts in, from 1.
    pub week: u32,
    /// Its effort in hours.
    pub hours: f64,
    /// Its monthly saving (first month).
    pub saving: f64,
    /// Saving per hour of effort; infinite for a lever of no effort.
    pub saving_per_hour: f64,
}

/// Orders the levers with a positive saving by saving per hour and packs them into weeks.
/// `levers` holds (lever, effort hours, monthly saving) for the levers that are on.
pub fn roadmap(levers: &[(Lever, f64, f64)]) -> Vec<RoadmapStep> {
    let mut steps: Vec<RoadmapStep> = levers
        .iter()
        .filter(|&&(_, _, saving)| saving > 0.0)
        .map(|&(lever, hours, saving)| RoadmapStep {
            lever,
            week: 0,
            hours,
            saving,
            saving_per_hour: if hours > 0.0 {
                saving / hours
            } else {
                f64::INFINITY
            },
        })
        .collect();
    steps.sort_by(|a, b| {
        b.saving_per_hour
            .total_cmp(&a.saving_per_hour)
            .then(a.lever.cmp(&b.lever))
    });
    let mut hours_before = 0.0;
    for step in &mut steps {
        step.week = 1 + (hours_before / HOURS_PER_WEEK).floor().min(u32::MAX as f64) as u32;
        hours_before += step.hours;
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_grow_by_the_rate_and_savings_accumulate() {
        // $1,000 → $400 a month, growing 10%: month 2 is $1,100 → $440, saving $660;
        // cumulative $600 + $660 = $1,260.
        let series = months(1_000.0, 400.0, 0.10, 3);
        assert_eq!(series.len(), 3);
        assert!((series[1].baseline - 1_100.0).abs() < 1e-9);
        assert!((series[1].optimized - 440.0).abs() < 1e-9);
        assert!((series[1].cumulative_savings - 1_260.0).abs() < 1e-9);
        // Month 3: × 1.21 → saving $726; cumulative $1,986.
        assert!((series[2].cumulative_savings - 1_986.0).abs() < 1e-9);
    }

    #[test]
    fn payback_counts_fractions_of_a_month() {
        // $8,000 of work, $3,840 saved a month, flat: 8,000 / 3,840 = 2.083 months.
        let payback = payback_months(8_000.0, 3_840.0, 0.0).unwrap();
        assert!((payback - 8_000.0 / 3_840.0).abs() < 1e-12);
        // Growing 100%: $1,000 then $2,000: cumulative $1,000 after month 1, then
        // (2,500 − 1,000) / 2,000 = 0.75 of month 2 → 1.75.
        assert!((payback_months(2_500.0, 1_000.0, 1.0).unwrap() - 1.75).abs() < 1e-12);
        assert_eq!(payback_months(0.0, 10.0, 0.0), Some(0.0));
        assert_eq!(payback_months(100.0, 0.0, 0.0), None);
        assert_eq!(payback_months(100.0, -5.0, 0.5), None);
        // Shrinking traffic never pays back $1,000 at $1 a month falling 50% a month.
        assert_eq!(payback_months(1_000.0, 1.0, -0.5), None);
    }

    #[test]
    fn the_roadmap_puts_the_best_saving_per_hour_first() {
        let steps = roadmap(&[
            (Lever::Cache, 12.0, 600.0),    // $50/h
            (Lever::Routing, 16.0, 1600.0), // $100/h
            (Lever::Batch, 8.0, -20.0),     // costs more: left out
            (Lever::Retries, 30.0, 30.0),   // $1/h
        ]);
        let order: Vec<Lever> = steps.iter().map(|step| step.lever).collect();
        assert_eq!(order, vec![Lever::Routing, Lever::Cache, Lever::Retries]);
        // Routing 0–16 h (week 1), cache 16–28 h (week 1), retries from 28 h (week 1).
        assert_eq!(
            steps.iter().map(|s| s.week).collect::<Vec<_>>(),
            vec![1, 1, 1]
        );
        let long = roadmap(&[(Lever::Cache, 50.0, 500.0), (Lever::Routing, 10.0, 50.0)]);
        assert_eq!(long[1].week, 2, "starts after 50 hours, in week 2");
    }
}
