//! The usage report as a chart of cost over time.
//! Must not know: the DOM.

use super::{AlertKind, UsageReport, DAY, HOUR};
use crate::chart::{LineChart, Marker, Series, Unit, XAxis};
use crate::show::money::counted;
use crate::show::number::usd;
use crate::show::time::format_time;

/// Most hours drawn one by one; a longer log is drawn by day.
const MAX_HOURS: f64 = 2_000.0;
/// Most days drawn: a log spanning more (timestamps far apart) gets no chart.
const MAX_DAYS: f64 = 100_000.0;

/// The cost-over-time chart of `report` and its text alternative, per hour when asked and
/// the log spans at most [`MAX_HOURS`] hours, else per day; the flag says a per-hour chart
/// was asked for and drawn per day. `None` without calls, or when the log spans more
/// than [`MAX_DAYS`] days.
pub fn cost_over_time(report: &UsageReport, hourly: bool) -> Option<(LineChart, String, bool)> {
    let too_long = report
        .span
        .is_some_and(|(first, last)| (last - first) / HOUR > MAX_HOURS);
    let (chart, description) = draw(report, hourly && !too_long)?;
    Some((chart, description, hourly && too_long))
}

/// One point per hour or day from the first call to the last (empty ones at $0), alerts
/// marked.
fn draw(report: &UsageReport, hourly: bool) -> Option<(LineChart, String)> {
    let (first, last) = report.span?;
    let step = if hourly { HOUR } else { DAY };
    let start = (first / step).floor() * step;
    let points = ((last - start) / step).floor() + 1.0;
    if !(1.0..=MAX_DAYS).contains(&points) {
        return None; // Timestamps centuries apart: nothing sensible to draw.
    }
    let count = points as usize;
    let mut values = vec![0.0; count];
    let series = if hourly {
        &report.hourly
    } else {
        &report.daily
    };
    for &(at, cost) in series {
        let index = ((at - start) / step).round() as usize;
        if let Some(value) = values.get_mut(index) {
            *value += cost;
        }
    }
    let mut markers: Vec<Marker> = Vec::new();
    for alert in &report.alerts {
        let shown = match alert.kind {
            AlertKind::Daily => !hourly,
            AlertKind::Hourly | AlertKind::ErrorRate => hourly,
            AlertKind::PerRequest => false,
        };
        let x = ((alert.at - start) / step).floor() + 1.0;
        if shown && !markers.iter().any(|marker| marker.x == x) {
            markers.push(Marker {
                x,
                label: match alert.kind {
                    AlertKind::ErrorRate => "errors".to_owned(),
                    _ => "cost".to_owned(),
                },
            });
        }
    }
    markers.truncate(20);
    let unit = if hourly { "Hour" } else { "Day" };
    let chart = LineChart {
        title: format!("Cost per {}", unit.to_lowercase()),
        x_axis: XAxis::Time { start, step },
        y_label: format!("US dollars per {}", unit.to_lowercase()),
        unit: Unit::Usd,
        series: vec![Series {
            name: "Cost".to_owned(),
            values: values.clone(),
        }],
        markers,
    };
    let (peak_index, peak) =
        values
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0, 0.0),
                |best, (index, value)| if value > best.1 { (index, value) } else { best },
            );
    let description = format!(
        "Cost per {} over {}, from {} UTC. Highest: {} at {} UTC. {} marked.",
        unit.to_lowercase(),
        if hourly {
            counted(count as u64, "hour", "hours")
        } else {
            counted(count as u64, "day", "days")
        },
        format_time(start),
        usd(peak),
        format_time(start + peak_index as f64 * step),
        counted(chart.markers.len() as u64, "alert", "alerts"),
    );
    Some((chart, description))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::usage::{analyse, Filter, Log, Record, Thresholds};

    fn log(times: &[f64]) -> Log {
        Log::from_records(times.iter().map(|&at| Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at,
            user: String::new(),
            feature: "f".into(),
            model: "m".into(),
            input_tokens: 1,
            output_tokens: 1,
            cost: Some(2.0),
            latency_ms: None,
            cached: false,
            error: None,
            prompt: None,
            parts: crate::models::usage::TokenParts::default(),
        }))
    }

    fn chart(times: &[f64], hourly: bool) -> Option<(LineChart, String, bool)> {
        let catalog = crate::testing::catalog();
        let report = analyse(
            &log(times),
            &Filter::default(),
            catalog,
            &Thresholds::default(),
        );
        cost_over_time(&report, hourly)
    }

    #[test]
    fn hours_between_calls_are_drawn_at_zero() {
        let (drawn, description, forced) = chart(&[0.0, 2.5 * HOUR], true).unwrap();
        assert_eq!(drawn.series[0].values, vec![2.0, 0.0, 2.0]);
        assert!(!forced);
        assert!(
            description.starts_with("Cost per hour over 3 hours"),
            "{description}"
        );
        // Over 2,000 hours: drawn by day, and said so.
        let (drawn, _, forced) = chart(&[0.0, 100.0 * DAY], true).unwrap();
        assert_eq!(drawn.series[0].values.len(), 101);
        assert!(forced);
    }

    #[test]
    fn timestamps_centuries_apart_give_no_chart_rather_than_a_huge_one() {
        assert!(chart(&[0.0, 1e300], false).is_none());
        assert!(chart(&[], true).is_none());
    }
}
