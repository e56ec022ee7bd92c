//! Numbers written into the formulas shown on the page.

use crate::money::format;
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

/// A fraction as a percentage: 0.4 -> `40%`, 0.125 -> `12.5%`.
pub fn pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_owned();
    }
    let percent = fraction * 100.0;
    let rounded = (percent * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}%")
    } else {
        format!("{rounded:.1}%")
    }
}

/// A plain decimal, up to two decimals, trailing zeros dropped: 2.6 -> `2.6`.
pub fn decimal(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
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
    }
}
