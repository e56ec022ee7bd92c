//! Plain numbers written into the formulas shown on the page (percentages, token counts,
//! decimals, months).

use super::money as format;
use crate::money::units::Usd;

/// Dollars, `$1,234.56` (or `$0.00255` under a cent).
pub fn usd(dollars: f64) -> String {
    Usd::new(dollars)
        .map(format::usd)
        .unwrap_or_else(|| "—".to_owned())
}

/// A cost per call, precise to a millionth of a dollar: `$0.033`, `$0.000255`.
pub fn unit_usd(dollars: f64) -> String {
    if !dollars.is_finite() || dollars.abs() >= 1.0 {
        return usd(dollars);
    }
    let text = format!("{:.6}", dollars.abs());
    let mut text = text.trim_end_matches('0').to_owned();
    while text.len() - text.find('.').map_or(text.len(), |dot| dot) < 3 {
        text.push('0');
    }
    let sign = if dollars < 0.0 { "-" } else { "" };
    format!("{sign}${text}")
}

/// A token count: whole numbers with separators, fractions to one decimal.
pub fn tokens(count: f64) -> String {
    if !count.is_finite() {
        return "—".to_owned();
    }
    let rounded = (count * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e18 {
        let sign = if rounded < 0.0 { "-" } else { "" };
        format!("{sign}{}", format::integer(rounded.abs() as u64))
    } else if rounded.abs() < 1e18 {
        let whole = format::integer(rounded.abs().trunc() as u64);
        let tenth = ((rounded.abs().fract()) * 10.0).round() as u64;
        let sign = if rounded < 0.0 { "-" } else { "" };
        format!("{sign}{whole}.{tenth}")
    } else {
        format!("{rounded:.3e}")
    }
}

/// From this magnitude up, numbers are written in scientific notation (`1.2e15`): a
/// growth of 1,000% a month over ten years gives an ROI with over a hundred digits,
/// which no one reads and which would widen the page.
const SCIENTIFIC_FROM: f64 = 1e6;

/// A fraction as a percentage: 0.4 -> `40%`, 0.125 -> `12.5%`, 12.345 -> `1,234.5%`;
/// from 1,000,000% up, two significant digits in scientific notation: `1.2e15%`.
pub fn pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_owned();
    }
    let percent = fraction * 100.0;
    if percent.abs() >= SCIENTIFIC_FROM {
        return format!("{percent:.1e}%");
    }
    format!("{}%", grouped(percent, 1))
}

/// A plain decimal, up to two decimals, trailing zeros dropped: 2.6 -> `2.6`,
/// 12345.678 -> `12,345.68`; from 1,000,000 up, `1.2e15`.
pub fn decimal(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    if value.abs() >= SCIENTIFIC_FROM {
        return format!("{value:.1e}");
    }
    grouped(value, 2)
}

/// A number of months, such as a payback time: rounded up to the tenth (the work has paid
/// for itself only once the month is reached), 80.82 -> `80.9`. Every view writes payback
/// times with this, so they agree.
pub fn months(value: f64) -> String {
    decimal((value * 10.0).ceil() / 10.0)
}

/// `value` (under [`SCIENTIFIC_FROM`]) with thousands separators and up to `decimals`
/// decimals, trailing zeros dropped; never `-0`.
fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let whole = whole
        .parse::<u64>()
        .map(format::integer)
        .unwrap_or_else(|_| whole.to_owned());
    let zero = whole == "0" && fraction.is_empty();
    let sign = if value < 0.0 && !zero { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written_by_hand() {
        assert_eq!(tokens(1_000.0), "1,000");
        assert_eq!(tokens(2_666.66), "2,666.7");
        assert_eq!(pct(0.4), "40%");
        assert_eq!(pct(0.125), "12.5%");
        assert_eq!(decimal(2.6), "2.6");
        assert_eq!(decimal(1.0), "1");
        assert_eq!(usd(858.0), "$858.00");
        assert_eq!(usd(f64::NAN), "—");
        assert_eq!(unit_usd(0.033), "$0.033");
        assert_eq!(unit_usd(0.000255), "$0.000255");
        assert_eq!(unit_usd(0.0123885), "$0.012389");
        assert_eq!(unit_usd(0.5), "$0.50");
        assert_eq!(unit_usd(0.0), "$0.00");
        assert_eq!(decimal(-0.001), "0");
        assert_eq!(pct(-0.5), "-50%");
    }

    #[test]
    fn large_numbers_stay_short() {
        // Regression: a growth of 1,000% over 120 months printed the ROI as a ~120-digit
        // integer, which made the page 1,552 px wide on a phone.
        assert_eq!(pct(1.23e120), "1.2e122%");
        assert_eq!(pct(-4.5e9), "-4.5e11%");
        assert_eq!(pct(12.345), "1,234.5%");
        assert_eq!(pct(9_999.99), "999,999%");
        assert_eq!(pct(10_000.0), "1.0e6%");
        assert_eq!(decimal(12_345.678), "12,345.68");
        assert_eq!(decimal(3.2e40), "3.2e40");
        assert_eq!(months(2.5e30), "2.5e30");
        for text in [pct(f64::MAX), decimal(f64::MAX), months(f64::MAX)] {
            assert!(text.len() <= 12, "{text}");
        }
    }

    #[test]
    fn payback_months_round_up_to_the_tenth() {
        // Regression: the headline read 80.9 months and the comparison 80.82.
        assert_eq!(months(80.82), "80.9");
        assert_eq!(months(3.0), "3");
        assert_eq!(months(0.0), "0");
        assert_eq!(months(1.75), "1.8");
    }
}
