//! The usage report as a chart of cost over time, and the analysed rows as CSV.
//! Must not know: the DOM.

use super::{filtered, AlertKind, Filter, Log, UsageReport, DAY, HOUR};
use crate::chart::{LineChart, Marker, Series};
use crate::show::time::{format_date, format_time};
use crate::formats::usage_log::to_csv;
use crate::show::number::usd;
use crate::show::money::counted;

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
        x_label: format!(
            "{unit} (1 = {} UTC)",
            if hourly {
                format_time(start)
            } else {
                format_date(start)
            }
        ),
        y_label: format!("US dollars per {}", unit.to_lowercase()),
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

/// The rows of `log` that `filter` lets through, as CSV with the article's columns.
pub fn filtered_csv(log: &Log, filter: &Filter) -> String {
    to_csv(filtered(log, filter).map(|row| log.record(row)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::usage_log::Record;
    use crate::models::usage::{analyse, Thresholds};

    fn log(times: &[f64]) -> Log {
        Log::from_records(times.iter().map(|&at| Record {
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

    #[test]
    fn filtered_rows_come_out_as_csv() {
        let text = filtered_csv(
            &log(&[0.0, DAY]),
            &Filter {
                from: Some(1.0),
                ..Filter::default()
            },
        );
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with(crate::formats::usage_log::CSV_HEADER));
    }
}

#[cfg(test)]
mod export_fixture {
    use super::*;
    use crate::formats::usage_log::Record;

    /// Records with every kind of cell the writer must quote or leave alone.
    pub fn awkward_log() -> Log {
        let base = Record {
            at: 1_714_557_605.75,
            user: "plain".into(),
            feature: "chat".into(),
            model: "gpt-4o".into(),
            input_tokens: 5,
            output_tokens: 7,
            cost: Some(0.0042),
            latency_ms: Some(850.5),
            cached: false,
            error: None,
            prompt: None,
        };
        let cells = [
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "crlf\r\nend",
            " spaced ",
            "",
            "é😀",
            "#hash",
            "'quote",
            "\"",
            "trailing,",
        ];
        Log::from_records(cells.iter().enumerate().map(|(index, cell)| Record {
            at: base.at + index as f64 * 61.0,
            user: cell.to_string(),
            feature: format!("{cell}{index}"),
            model: if index % 2 == 0 {
                base.model.clone()
            } else {
                cell.to_string()
            },
            cost: [Some(0.0042), None, Some(1e-7), Some(12345.678)][index % 4],
            latency_ms: [Some(850.5), None, Some(0.0)][index % 3],
            cached: index % 3 == 0,
            error: (index % 2 == 1).then(|| cell.to_string()),
            prompt: (index % 3 != 2).then(|| format!("{cell} prompt")),
            ..base.clone()
        }))
    }

    // The filtered rows export as the hand-written writer wrote it before the `csv` crate
    // took over (#20): the two must stay byte for byte the same.
    #[test]
    fn the_export_is_byte_compatible_with_the_hand_written_writer() {
        assert_eq!(
            filtered_csv(&awkward_log(), &Filter::default()),
            include_str!("../../../tests/fixtures/csv/filtered-rows.csv")
        );
    }
}
