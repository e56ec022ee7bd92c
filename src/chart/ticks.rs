//! Axis ticks: where they go (steps of 1, 2 or 5 × a power of ten) and how they read.
//! Must not know: the DOM.

/// What a chart's values are, so that ticks and labels carry the right unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// US dollars: `$0.0005`, `$1.2k`.
    Usd,
    /// A count (tokens): `1,500`, `2M`.
    Count,
}

impl Unit {
    /// A tick label of `value` on an axis whose ticks are `step` apart (see [`tick_label`]).
    pub fn tick(self, value: f64, step: f64) -> String {
        tick_label(value, step, self == Unit::Usd)
    }

    /// The exact figure of a value label or a read-out: `$32.10`, `$0.000255`, `12,345`.
    pub fn exact(self, value: f64) -> String {
        match self {
            Unit::Usd => crate::show::number::unit_usd(value),
            Unit::Count => crate::show::number::tokens(value),
        }
    }

    /// A short figure for a value label where room is scarce: dollars to the cent
    /// (`$32.10`, or three significant digits under a cent: `$0.00255`) and counts whole
    /// under $1,000 (or 10,000), else `$12.3k` with three significant digits.
    pub fn short(self, value: f64) -> String {
        let limit = if self == Unit::Usd { 1e3 } else { 1e4 };
        if value.abs() < limit {
            return match self {
                Unit::Usd => crate::show::number::usd(value),
                Unit::Count => crate::show::number::tokens(value),
            };
        }
        let step = 10f64.powf(value.abs().log10().floor() - 2.0);
        self.tick(value, step)
    }
}

/// Ticks over an axis: the values, `step` apart, from at or below `low` to at or above
/// `high`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// The tick values, rising.
    pub values: Vec<f64>,
    /// The distance between two ticks.
    pub step: f64,
}

impl Ticks {
    /// The first tick (the axis's start).
    pub fn first(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    /// The last tick (the axis's end).
    pub fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
}

/// At most `most` (2 or more) ticks covering `low..=high`. The step is the smallest of
/// 1, 2 or 5 × 10ⁿ that is at least `(high − low) / (most − 1)`; the ticks run from
/// `floor(low / step) × step` to `ceil(high / step) × step`. An empty range
/// (`high <= low`) becomes `low..low + 1`; a range too wide for `f64` gets its two ends.
pub fn nice_ticks(low: f64, high: f64, most: usize) -> Ticks {
    let most = most.max(2);
    let (low, high) = if low.is_finite() && high.is_finite() && high > low {
        (low, high)
    } else if low.is_finite() {
        (low, low + 1.0)
    } else {
        (0.0, 1.0)
    };
    let raw = (high - low) / (most - 1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return Ticks {
            values: vec![low, high],
            step: high - low,
        };
    }
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        // A hair of tolerance: 0.3 / 3 is 0.09999999999999999.
        .find(|&step| step * (1.0 + 1e-9) >= raw)
        .unwrap_or(10.0 * power);
    let start = (low / step + 1e-9).floor();
    let end = (high / step - 1e-9).ceil();
    let values: Vec<f64> = (0..=((end - start) as i64).clamp(1, 100))
        .map(|k| (start + k as f64) * step)
        .collect();
    if values.iter().any(|v| !v.is_finite()) {
        return Ticks {
            values: vec![low, high],
            step: high - low,
        };
    }
    Ticks { values, step }
}

/// A tick label: `value` with a `k`, `M` or `B` suffix from its own magnitude (1,000,
/// 1,000,000, 10⁹ up) and as many decimals as the step needs in that unit
/// (`max(0, −floor(log10(step / unit)))`), trailing zeros dropped; `$` first when `money`.
/// Ticks `step` apart therefore never read the same: 0..0.002 by 0.0005 reads `$0`,
/// `$0.0005`, `$0.001`, `$0.0015`, `$0.002`; 0..12M by 2M reads `$0`, `$2M` … `$12M`.
pub fn tick_label(value: f64, step: f64, money: bool) -> String {
    let dollar = if money { "$" } else { "" };
    let sign = if value < 0.0 { "-" } else { "" };
    let magnitude = value.abs();
    if !magnitude.is_finite() || magnitude >= 1e15 {
        return format!("{sign}{dollar}{magnitude:.1e}");
    }
    if magnitude < step.abs() * 1e-6 {
        return format!("{dollar}0");
    }
    let (unit, suffix) = if magnitude >= 1e9 {
        (1e9, "B")
    } else if magnitude >= 1e6 {
        (1e6, "M")
    } else if magnitude >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let scaled_step = step.abs() / unit;
    let decimals = if scaled_step >= 1.0 || !scaled_step.is_finite() || scaled_step <= 0.0 {
        0
    } else {
        (-(scaled_step.log10() + 1e-9).floor()).clamp(0.0, 12.0) as usize
    };
    let text = format!("{:.*}", decimals, magnitude / unit);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{sign}{dollar}{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(low: f64, high: f64, most: usize) -> Vec<String> {
        let ticks = nice_ticks(low, high, most);
        ticks
            .values
            .iter()
            .map(|&v| Unit::Usd.tick(v, ticks.step))
            .collect()
    }

    // Regression: the Conversation cost chart's ticks all read "0" and a LiteLLM log's
    // all "0.01", because every label had two decimals whatever the step.
    #[test]
    fn small_money_ranges_get_the_decimals_their_step_needs() {
        assert_eq!(
            labels(0.0, 0.002, 5),
            ["$0", "$0.0005", "$0.001", "$0.0015", "$0.002"]
        );
        assert_eq!(labels(0.0, 0.0123, 6), ["$0", "$0.005", "$0.01", "$0.015"]);
        assert_eq!(
            labels(0.0, 0.05, 6),
            ["$0", "$0.01", "$0.02", "$0.03", "$0.04", "$0.05"]
        );
    }

    #[test]
    fn large_money_ranges_get_suffixes() {
        assert_eq!(
            labels(0.0, 12_000_000.0, 7),
            ["$0", "$2M", "$4M", "$6M", "$8M", "$10M", "$12M"]
        );
        assert_eq!(labels(0.0, 1_500.0, 4), ["$0", "$500", "$1k", "$1.5k"]);
        assert_eq!(
            labels(0.0, 3_400_000.0, 5),
            ["$0", "$1M", "$2M", "$3M", "$4M"]
        );
        assert_eq!(Unit::Usd.tick(1_234.0, 100.0), "$1.2k");
        assert_eq!(Unit::Usd.tick(3_400_000.0, 100_000.0), "$3.4M");
        assert_eq!(Unit::Count.tick(2_000_000.0, 500_000.0), "2M");
        assert_eq!(Unit::Usd.tick(-250.0, 50.0), "-$250");
    }

    #[test]
    fn no_two_ticks_on_an_axis_read_the_same() {
        for &(low, high) in &[
            (0.0, 0.002),
            (0.0, 0.000_37),
            (0.0, 1.0),
            (0.0, 999.0),
            (0.0, 1_000.0),
            (0.0, 12_000_000.0),
            (-3_000.0, 47_000.0),
            (0.001, 0.0011),
            (0.0, 7.3e11),
        ] {
            for most in 2..10 {
                let all = labels(low, high, most);
                let mut unique = all.clone();
                unique.dedup();
                assert_eq!(unique, all, "{low}..{high} in {most} ticks");
                assert!(all.len() <= most + 1, "{all:?}");
            }
        }
    }

    #[test]
    fn ticks_cover_the_range_in_steps_of_1_2_or_5() {
        let ticks = nice_ticks(0.0, 0.3, 4);
        assert_eq!(ticks.step, 0.1);
        assert_eq!(ticks.values.len(), 4);
        let ticks = nice_ticks(-3.0, 47.0, 6);
        assert_eq!(
            (ticks.first(), ticks.last(), ticks.step),
            (-10.0, 50.0, 10.0)
        );
        // Empty, inverted and unbounded ranges do not panic.
        assert_eq!(nice_ticks(0.0, 0.0, 5).values, [0.0, 0.5, 1.0]);
        assert!(nice_ticks(5.0, 1.0, 5).values.len() >= 2);
        assert_eq!(nice_ticks(0.0, f64::MAX, 5).values.len(), 2);
        assert_eq!(nice_ticks(f64::NAN, 1.0, 5).values, [0.0, 0.5, 1.0]);
    }

    #[test]
    fn exact_and_short_figures() {
        assert_eq!(Unit::Usd.exact(32.1), "$32.10");
        assert_eq!(Unit::Usd.exact(0.000_255), "$0.000255");
        assert_eq!(Unit::Count.exact(12_345.0), "12,345");
        assert_eq!(Unit::Usd.short(12_345.0), "$12.3k");
        assert_eq!(Unit::Usd.short(999.0), "$999.00");
        assert_eq!(Unit::Usd.short(0.329_512), "$0.33");
    }
}
