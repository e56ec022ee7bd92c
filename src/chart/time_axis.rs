//! The x axis of a line chart: counted steps (turns), calendar months, or hours and days
//! from a UTC time. Labels are dates a person reads ("Jul 2027", "Dec 1", "14:00").
//! Must not know: the DOM, or the clock: the caller says when the axis starts.

use crate::show::time::{format_date, format_time};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearMonth {
    /// The year, such as 2027.
    pub year: i32,
    /// The month, 1 (January) to 12.
    pub month: u32,
}

impl YearMonth {
    /// The month `count` months after this one (`YearMonth { 2026, 12 }.plus(1)` is
    /// January 2027).
    pub fn plus(self, count: i64) -> YearMonth {
        let index = i64::from(self.year) * 12 + i64::from(self.month.clamp(1, 12)) - 1 + count;
        YearMonth {
            year: index.div_euclid(12).clamp(-9_999, 9_999) as i32,
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// "Jan".
    pub fn short_name(self) -> &'static str {
        MONTHS[(self.month.clamp(1, 12) - 1) as usize]
    }

    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

/// What x = 1, 2, 3 … stand for.
#[derive(Clone, Debug, PartialEq)]
pub enum XAxis {
    /// Counted steps, named by `noun` ("Turn"): labels 1, 2, 5, 10 …
    Count {
        /// The axis's name and the read-out's word: "Turn".
        noun: String,
    },
    /// Calendar months: x = 1 is `first`.
    Months {
        /// The first month drawn.
        first: YearMonth,
    },
    /// Hours or days: x = 1 is the bucket starting at `start` (seconds since the Unix
    /// epoch, UTC), each `step` seconds long (3,600 for hours, 86,400 for days).
    Time {
        /// The first bucket's start.
        start: f64,
        /// The bucket's length in seconds.
        step: f64,
    },
}

/// Seconds in a day.
const DAY: f64 = 86_400.0;

impl XAxis {
    fn hourly(&self) -> bool {
        matches!(self, XAxis::Time { step, .. } if *step < DAY)
    }

    /// The axis's name, drawn under it: "Turn", "Month", "Hour (UTC)", "Day (UTC)".
    pub fn name(&self) -> String {
        match self {
            XAxis::Count { noun } => noun.clone(),
            XAxis::Months { .. } => "Month".to_owned(),
            XAxis::Time { .. } if self.hourly() => "Hour (UTC)".to_owned(),
            XAxis::Time { .. } => "Day (UTC)".to_owned(),
        }
    }

    /// Where the labelled ticks go, for `length` points and at most `most` labels: every
    /// `n`-th point, `n` the smallest that fits from a list made for the axis (months by
    /// 1, 2, 3, 6 or 12 …, hours by 1, 2, 3, 6, 12 or 24 …), and aligned to the calendar
    /// (every 3rd month from January, every 6th hour from midnight).
    pub fn ticks(&self, length: usize, most: usize) -> Vec<usize> {
        let most = most.max(1);
        let steps: &[usize] = match self {
            XAxis::Count { .. } => &[1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000],
            XAxis::Months { .. } => &[1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1_200],
            XAxis::Time { .. } if self.hourly() => &[1, 2, 3, 6, 12, 24, 48, 168, 336, 720],
            XAxis::Time { .. } => &[1, 2, 7, 14, 28, 91, 182, 364, 728, 1_820, 3_640],
        };
        let step = steps
            .iter()
            .copied()
            .find(|&step| length.div_ceil(step) <= most)
            .unwrap_or_else(|| length.div_ceil(most).max(1));
        // The absolute index of x = 1, so that ticks fall on round dates.
        let origin = match self {
            XAxis::Count { .. } => 1,
            XAxis::Months { first } => first.index(),
            XAxis::Time {
                start,
                step: seconds,
            } => (start / seconds).floor().clamp(-1e12, 1e12) as i64,
        };
        let step_i = step as i64;
        let offset = if matches!(self, XAxis::Count { .. }) && step > 1 {
            // 1, then 5, 10, 15 …: x = step − 1 + 1 is the first round number.
            (step_i - 1).rem_euclid(step_i)
        } else {
            (-origin).rem_euclid(step_i)
        } as usize;
        let mut ticks: Vec<usize> = (0..)
            .map(|k| 1 + offset + k * step)
            .take_while(|&x| x <= length)
            .collect();
        if matches!(self, XAxis::Count { .. }) && step > 1 && ticks.first() != Some(&1) {
            ticks.insert(0, 1);
            // 1 and 2 would crowd each other.
            if ticks.get(1).is_some_and(|&x| x < 1 + step / 2) {
                ticks.remove(1);
            }
        }
        if ticks.is_empty() {
            ticks.push(1);
        }
        ticks
    }

    /// The label of the tick at `x`; `first` says it is the first label drawn (which
    /// carries the year, as January's does).
    pub fn tick(&self, x: usize, first: bool, spacing: usize) -> String {
        match self {
            XAxis::Count { .. } => x.to_string(),
            XAxis::Months { first: start } => {
                let month = start.plus(x as i64 - 1);
                if spacing >= 12 {
                    month.year.to_string()
                } else if first || month.month == 1 {
                    format!("{} {}", month.short_name(), month.year)
                } else {
                    month.short_name().to_owned()
                }
            }
            XAxis::Time { start, step } => {
                let at = start + (x as f64 - 1.0) * step;
                let (date, time) = day_and_time(at);
                if self.hourly() && !(first || time == "00:00") {
                    time
                } else {
                    date
                }
            }
        }
    }

    /// The point's name in a read-out: "Turn 5", "Month 7 (Jul 2027)",
    /// "Dec 1, 2026 14:00 UTC", "Dec 1, 2026".
    pub fn point(&self, x: usize) -> String {
        match self {
            XAxis::Count { noun } => format!("{noun} {x}"),
            XAxis::Months { first } => {
                let month = first.plus(x as i64 - 1);
                format!("Month {x} ({} {})", month.short_name(), month.year)
            }
            XAxis::Time { start, step } => {
                let at = start + (x as f64 - 1.0) * step;
                let (date, time) = day_and_time(at);
                let year = format_date(at).get(..4).unwrap_or_default().to_owned();
                if self.hourly() {
                    format!("{date}, {year} {time} UTC")
                } else {
                    format!("{date}, {year}")
                }
            }
        }
    }
}

/// "Dec 1" and "14:00" of a UTC time.
fn day_and_time(at: f64) -> (String, String) {
    let text = format_time(at);
    // format_time writes YYYY-MM-DD HH:MM.
    let month = text
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("");
    let day = text
        .get(8..10)
        .and_then(|d| d.parse::<u32>().ok())
        .unwrap_or(1);
    let time = text.get(11..16).unwrap_or("00:00").to_owned();
    (format!("{month} {day}"), time)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: f64 = 3_600.0;

    const DEC_2026: YearMonth = YearMonth {
        year: 2026,
        month: 12,
    };

    fn labels(axis: &XAxis, length: usize, most: usize) -> Vec<String> {
        let ticks = axis.ticks(length, most);
        let spacing = if ticks.len() > 1 {
            ticks[1] - ticks[0]
        } else {
            1
        };
        ticks
            .iter()
            .enumerate()
            .map(|(index, &x)| axis.tick(x, index == 0, spacing))
            .collect()
    }

    #[test]
    fn months_are_named_with_the_year_at_january_and_the_first_tick() {
        let axis = XAxis::Months {
            first: YearMonth {
                year: 2027,
                month: 1,
            },
        };
        assert_eq!(
            labels(&axis, 12, 12),
            [
                "Jan 2027", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec"
            ]
        );
        // From November 2026, every third month from January.
        let axis = XAxis::Months {
            first: YearMonth {
                year: 2026,
                month: 11,
            },
        };
        assert_eq!(labels(&axis, 12, 5), ["Jan 2027", "Apr", "Jul", "Oct"]);
        // Ten years: the years.
        assert_eq!(labels(&axis, 120, 6)[..2], ["2028", "2030"]);
        assert_eq!(axis.point(7), "Month 7 (May 2027)");
        assert_eq!(
            DEC_2026.plus(1),
            YearMonth {
                year: 2027,
                month: 1
            }
        );
        assert_eq!(
            DEC_2026.plus(-12),
            YearMonth {
                year: 2025,
                month: 12
            }
        );
    }

    #[test]
    fn hours_and_days_are_dates_and_times() {
        // 2026-12-01 00:00 UTC.
        let start = 1_796_083_200.0;
        let hours = XAxis::Time {
            start: start + 18.0 * HOUR,
            step: HOUR,
        };
        assert_eq!(
            labels(&hours, 30, 6),
            ["Dec 1", "Dec 2", "06:00", "12:00", "18:00"]
        );
        assert_eq!(hours.point(3), "Dec 1, 2026 20:00 UTC");
        assert_eq!(hours.name(), "Hour (UTC)");
        let days = XAxis::Time { start, step: DAY };
        assert_eq!(labels(&days, 3, 6), ["Dec 1", "Dec 2", "Dec 3"]);
        assert_eq!(days.point(31), "Dec 31, 2026");
        assert_eq!(days.name(), "Day (UTC)");
    }

    #[test]
    fn counted_steps_are_numbers() {
        let turns = XAxis::Count {
            noun: "Turn".into(),
        };
        assert_eq!(labels(&turns, 5, 10), ["1", "2", "3", "4", "5"]);
        assert_eq!(labels(&turns, 40, 5), ["1", "10", "20", "30", "40"]);
        assert_eq!(turns.point(5), "Turn 5");
        assert_eq!(turns.name(), "Turn");
        assert_eq!(turns.ticks(0, 5), [1]);
        assert_eq!(turns.ticks(1, 5), [1]);
    }
}
