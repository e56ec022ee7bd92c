//! How money and counts are written for people: `$1,234.56`, `$0.0025`, `12,345`.
//!
//! Testids that hold numbers contain exactly these strings, so tests can parse them by
//! removing `$` and `,`.

use crate::money::units::{Usd, UsdPerMTok};

/// A whole number with thousands separators: `1234567` -> `"1,234,567"`.
pub fn integer(value: u64) -> String {
    let mut out = String::with_capacity(26);
    push_integer(&mut out, value);
    out
}

/// Appends `value` with thousands separators. The digits go through a buffer on the stack:
/// projections write a few hundred amounts per recompute, and this keeps each to one
/// allocation, the caller's.
fn push_integer(out: &mut String, value: u64) {
    let mut buffer = [0u8; 20];
    let mut start = buffer.len();
    let mut rest = value;
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = &buffer[start..];
    for (index, &digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(char::from(digit));
    }
}

/// The word for `count` of something: `one` for exactly 1, `many` otherwise (0 too, as in
/// "0 calls").
pub fn plural<'a>(count: u64, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// A count and its noun: `counted(1, "call", "calls")` -> `"1 call"`, `counted(1234, …)` ->
/// `"1,234 calls"`.
pub fn counted(count: u64, one: &str, many: &str) -> String {
    format!("{} {}", integer(count), plural(count, one, many))
}

/// Dollars as `$1,234.56`. Amounts under a cent (but not zero) keep three significant
/// digits, `$0.00255`, so a per-call cost never shows as `$0.00`. Negative amounts are
/// written `-$3.00`.
pub fn usd(amount: Usd) -> String {
    let dollars = amount.dollars();
    let sign = if dollars < 0.0 { "-" } else { "" };
    let magnitude = dollars.abs();
    let mut out = String::with_capacity(24);
    out.push_str(sign);
    out.push('$');
    if magnitude > 0.0 && magnitude < 0.01 {
        out.push_str(&small_decimal(magnitude));
    } else {
        push_two_decimals(&mut out, magnitude);
    }
    out
}

/// The cost of one call: as [`usd`], but an amount under a dollar keeps three significant
/// digits (at least the cents), since cents alone can be a third off there: `$0.0146`
/// rather than `$0.01`, `$0.50`, `$0.123`, `$0.00255`. From a dollar up, `$1.23`.
pub fn usd_per_call(amount: Usd) -> String {
    let dollars = amount.dollars();
    let magnitude = dollars.abs();
    if !(0.01..1.0).contains(&magnitude) {
        return usd(amount);
    }
    let mut text = small_decimal(magnitude);
    // Rounding can carry to a dollar (0.9996 -> "1."): then cents, as from a dollar up.
    if text.starts_with('1') {
        return usd(amount);
    }
    // At least the cents: "0.5" -> "0.50".
    let decimals = match text.split_once('.') {
        Some((_, fraction)) => fraction.len(),
        None => {
            text.push('.');
            0
        }
    };
    for _ in decimals..2 {
        text.push('0');
    }
    let sign = if dollars < 0.0 { "-" } else { "" };
    format!("{sign}${text}")
}

/// A price per million tokens: `$2.50`, `$0.075`, `$0`. Up to four decimals, trailing
/// zeros dropped beyond the cents.
pub fn price(price: UsdPerMTok) -> String {
    let dollars = price.dollars();
    if dollars == 0.0 {
        return "$0".to_owned();
    }
    if dollars < 0.01 {
        return format!("${}", small_decimal(dollars));
    }
    let mut text = format!("{dollars:.4}");
    while text.ends_with('0') && text.len() - text.find('.').unwrap_or(text.len()) > 3 {
        text.pop();
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let whole = whole
        .parse::<u64>()
        .map(integer)
        .unwrap_or_else(|_| whole.to_owned());
    format!("${whole}.{fraction}")
}

fn push_two_decimals(out: &mut String, magnitude: f64) {
    if magnitude >= 1e15 {
        // Beyond this, f64 cents are meaningless; scientific notation is honest.
        out.push_str(&format!("{magnitude:.3e}"));
        return;
    }
    let cents = (magnitude * 100.0).round() as u64;
    push_integer(out, cents / 100);
    out.push('.');
    out.push(char::from(b'0' + (cents % 100 / 10) as u8));
    out.push(char::from(b'0' + (cents % 10) as u8));
}

/// Three significant digits for 0 < value < 0.01.
fn small_decimal(value: f64) -> String {
    let decimals = (-value.log10().floor()) as usize + 2;
    let text = format!("{value:.decimals$}");
    let trimmed = text.trim_end_matches('0');
    trimmed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_only() {
        // Regression: "Imported 1 messages", "1 calls logged no cost".
        assert_eq!(counted(1, "call", "calls"), "1 call");
        assert_eq!(counted(0, "call", "calls"), "0 calls");
        assert_eq!(counted(1_234, "row", "rows"), "1,234 rows");
        assert_eq!(plural(1, "it is", "they are"), "it is");
    }

    fn dollars(value: f64) -> Usd {
        Usd::new(value).unwrap()
    }

    #[test]
    fn a_call_under_a_dollar_keeps_three_significant_digits() {
        // 3,858 input tokens × $2.50/M + 500 output × $10/M = $0.014645.
        assert_eq!(usd_per_call(dollars(0.014645)), "$0.0146");
        assert_eq!(usd_per_call(dollars(0.5)), "$0.50");
        assert_eq!(usd_per_call(dollars(0.1234)), "$0.123");
        assert_eq!(usd_per_call(dollars(0.01)), "$0.01");
        assert_eq!(usd_per_call(dollars(0.0999)), "$0.0999");
        assert_eq!(usd_per_call(dollars(0.00255)), "$0.00255");
        assert_eq!(usd_per_call(dollars(0.9996)), "$1.00");
        assert_eq!(usd_per_call(dollars(1.2345)), "$1.23");
        assert_eq!(usd_per_call(dollars(0.0)), "$0.00");
        assert_eq!(usd_per_call(dollars(-0.25)), "-$0.25");
    }

    #[test]
    fn integers_get_thousands_separators() {
        assert_eq!(integer(0), "0");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(1000), "1,000");
        assert_eq!(integer(1234567), "1,234,567");
        assert_eq!(integer(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn dollars_show_cents_and_separators() {
        assert_eq!(usd(dollars(0.0)), "$0.00");
        assert_eq!(usd(dollars(1234.5)), "$1,234.50");
        assert_eq!(usd(dollars(858.0)), "$858.00");
        assert_eq!(usd(dollars(0.015)), "$0.02");
        assert_eq!(usd(dollars(-3.0)), "-$3.00");
    }

    #[test]
    fn amounts_under_a_cent_keep_three_significant_digits() {
        assert_eq!(usd(dollars(0.0025)), "$0.0025");
        assert_eq!(usd(dollars(0.00255)), "$0.00255");
        assert_eq!(usd(dollars(0.000_012_34)), "$0.0000123");
    }

    #[test]
    fn huge_amounts_stay_readable() {
        assert_eq!(usd(dollars(1e18)), "$1.000e18");
    }

    #[test]
    fn prices_drop_needless_zeros() {
        let p = |value| price(UsdPerMTok::new(value).unwrap());
        assert_eq!(p(0.0), "$0");
        assert_eq!(p(2.5), "$2.50");
        assert_eq!(p(0.075), "$0.075");
        assert_eq!(p(0.0625), "$0.0625");
        assert_eq!(p(15.0), "$15.00");
        assert_eq!(p(1500.0), "$1,500.00");
        assert_eq!(p(0.005), "$0.005");
    }
}
