//! Raw form text -> validated numbers, with messages a person can act on.
//!
//! Every field in the app holds the user's text as typed; these functions turn it into a
//! number or say, in words, what is wrong. Nothing here panics on any input.
//! Must not know: the DOM or Leptos.

use std::borrow::Cow;
use std::fmt;

use crate::money::units::{PriceError, UsdPerMTok};

/// The largest whole number a field accepts: a million billion. Larger values are far
/// beyond any real workload and would lose precision in dollar arithmetic.
pub const MAX_WHOLE: u64 = 1_000_000_000_000_000;

/// Why a field's text was rejected. The message names the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's label, such as "calls per month".
    pub field: String,
    /// What is wrong, such as "must be a whole number of 0 or more, got \"-3\"".
    pub problem: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", capitalised(&self.field), self.problem)
    }
}

/// `text` with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn error(field: &str, problem: String) -> FieldError {
    FieldError {
        field: field.to_owned(),
        problem,
    }
}

/// Removes what people type around numbers: spaces, thousands separators (`,` `_`) and,
/// for money, a leading `$`. Borrows `raw` when there is nothing to remove inside it, as in
/// most fields.
fn clean(raw: &str) -> Cow<'_, str> {
    let separator = |c: char| matches!(c, ',' | '_' | ' ' | '\u{a0}');
    let trimmed = raw.trim().trim_start_matches('$');
    if trimmed.contains(separator) {
        Cow::Owned(trimmed.chars().filter(|&c| !separator(c)).collect())
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// A whole number from 0 to [`MAX_WHOLE`]: `"12,000"` -> 12000. Empty text is an error.
pub fn whole_number(raw: &str, field: &str) -> Result<u64, FieldError> {
    let cleaned = clean(raw);
    if cleaned.is_empty() {
        return Err(error(field, "is required".to_owned()));
    }
    // Only a message quotes the text, so it is shortened only then.
    let shown = || shorten(raw.trim());
    if cleaned.starts_with('-') {
        return Err(error(
            field,
            format!("must be 0 or more, got \"{}\"", shown()),
        ));
    }
    if !cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error(
            field,
            format!("must be a whole number, got \"{}\"", shown()),
        ));
    }
    match cleaned.parse::<u64>() {
        Ok(value) if value <= MAX_WHOLE => Ok(value),
        _ => Err(error(
            field,
            format!(
                "must be at most {}, got \"{}\"",
                crate::show::money::integer(MAX_WHOLE),
                shown()
            ),
        )),
    }
}

/// A price in dollars per million tokens: `"2.50"`, `"$0.15"` -> a [`UsdPerMTok`].
pub fn price(raw: &str, field: &str) -> Result<UsdPerMTok, FieldError> {
    let cleaned = clean(raw);
    if cleaned.is_empty() {
        return Err(error(field, "is required".to_owned()));
    }
    // Only a message quotes the text, so it is shortened only then.
    let shown = || shorten(raw.trim());
    // Only plain decimal notation: "inf", "NaN" and "1e400" are not prices.
    let plain = cleaned
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    let value = if plain {
        cleaned.parse::<f64>().ok()
    } else {
        None
    };
    match value.map(UsdPerMTok::new) {
        Some(Ok(price)) => Ok(price),
        Some(Err(PriceError::Negative(_))) => Err(error(
            field,
            format!("must be 0 or more, got \"{}\"", shown()),
        )),
        _ => Err(error(
            field,
            format!(
                "must be a number of dollars, such as 2.50, got \"{}\"",
                shown()
            ),
        )),
    }
}

/// An optional price: empty text is `None`.
pub fn optional_price(raw: &str, field: &str) -> Result<Option<UsdPerMTok>, FieldError> {
    if clean(raw).is_empty() {
        Ok(None)
    } else {
        price(raw, field).map(Some)
    }
}

/// A decimal number from `min` to `max`: `"12.5"`, `"12.5%"`, `"$0.002"`, `"-5"` -> the
/// number. `unit` names what it is in the message ("a percentage", "dollars", "hours").
pub fn decimal(raw: &str, field: &str, min: f64, max: f64, unit: &str) -> Result<f64, FieldError> {
    let cleaned = clean(raw);
    let cleaned = cleaned.strip_suffix('%').unwrap_or(&cleaned);
    if cleaned.is_empty() {
        return Err(error(field, "is required".to_owned()));
    }
    // Only a message quotes the text, so it is shortened only then.
    let shown = || shorten(raw.trim());
    // Plain decimal notation only: "inf", "NaN" and "1e400" are not numbers a person types.
    let plain = cleaned
        .bytes()
        .enumerate()
        .all(|(index, b)| b.is_ascii_digit() || b == b'.' || (b == b'-' && index == 0));
    let value = if plain {
        cleaned.parse::<f64>().ok()
    } else {
        None
    };
    let Some(value) = value.filter(|value| value.is_finite()) else {
        return Err(error(field, format!("must be {unit}, got \"{}\"", shown())));
    };
    let bounds = |value: f64| crate::show::number::decimal(value);
    if value < min {
        return Err(error(
            field,
            format!("must be {} or more, got \"{}\"", bounds(min), shown()),
        ));
    }
    if value > max {
        return Err(error(
            field,
            format!("must be at most {}, got \"{}\"", bounds(max), shown()),
        ));
    }
    // Normalises -0 to 0.
    Ok(value + 0.0)
}

/// Quotes at most 40 characters of what the user typed.
pub fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_accept_separators_and_spaces() {
        assert_eq!(whole_number("12,000", "calls"), Ok(12_000));
        assert_eq!(whole_number(" 1_000 ", "calls"), Ok(1_000));
        assert_eq!(whole_number("0", "calls"), Ok(0));
        assert_eq!(whole_number("1000000000000000", "calls"), Ok(MAX_WHOLE));
    }

    #[test]
    fn whole_numbers_reject_with_a_message_naming_the_field() {
        assert_eq!(
            whole_number("-3", "calls per month")
                .unwrap_err()
                .to_string(),
            "Calls per month must be 0 or more, got \"-3\""
        );
        assert_eq!(
            whole_number("", "calls per month").unwrap_err().to_string(),
            "Calls per month is required"
        );
        assert_eq!(
            whole_number("2.5", "input tokens").unwrap_err().problem,
            "must be a whole number, got \"2.5\""
        );
        assert!(whole_number("NaN", "x").is_err());
        assert!(whole_number("1000000000000001", "x").is_err());
        assert!(whole_number("99999999999999999999999", "x").is_err());
    }

    #[test]
    fn prices_accept_dollars_and_reject_the_rest() {
        assert_eq!(price("$2.50", "input price").unwrap().dollars(), 2.5);
        assert_eq!(price("0.075", "input price").unwrap().dollars(), 0.075);
        assert_eq!(
            price("-1", "input price").unwrap_err().to_string(),
            "Input price must be 0 or more, got \"-1\""
        );
        for bad in ["NaN", "inf", "1e400", "abc", "1.2.3", "--1"] {
            assert!(price(bad, "p").is_err(), "{bad}");
        }
        assert_eq!(optional_price("  ", "p"), Ok(None));
    }

    #[test]
    fn long_input_is_quoted_short() {
        let long = "x".repeat(100);
        let message = whole_number(&long, "calls").unwrap_err().problem;
        assert!(message.len() < 100, "{message}");
        assert!(message.contains('…'));
    }

    #[test]
    fn decimals_accept_percent_and_dollar_signs_within_bounds() {
        assert_eq!(
            decimal("12.5%", "hit rate", 0.0, 100.0, "a percentage"),
            Ok(12.5)
        );
        assert_eq!(decimal("$0.002", "cost", 0.0, 1e9, "dollars"), Ok(0.002));
        assert_eq!(
            decimal("-5", "growth", -99.0, 1000.0, "a percentage"),
            Ok(-5.0)
        );
        assert_eq!(
            decimal("101", "hit rate", 0.0, 100.0, "a percentage")
                .unwrap_err()
                .to_string(),
            "Hit rate must be at most 100, got \"101\""
        );
        assert_eq!(
            decimal("-1", "hit rate", 0.0, 100.0, "a percentage")
                .unwrap_err()
                .to_string(),
            "Hit rate must be 0 or more, got \"-1\""
        );
        for bad in ["NaN", "inf", "1e9", "abc", "", "1-2", "%"] {
            assert!(
                decimal(bad, "x", 0.0, 100.0, "a percentage").is_err(),
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn no_text_panics(text in "\\PC*") {
            let _ = whole_number(&text, "f");
            let _ = price(&text, "f");
            let _ = decimal(&text, "f", -1.0, 1.0, "a number");
        }

        #[test]
        fn every_whole_number_in_range_round_trips(value in 0..=MAX_WHOLE) {
            proptest::prop_assert_eq!(whole_number(&crate::show::money::integer(value), "f"), Ok(value));
        }
    }
}
