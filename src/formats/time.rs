//! Times as people and logs write them.
//! Must not know: the DOM.

/// Seconds from a Unix time (seconds, or milliseconds when over 10^11) or a date
/// `YYYY-MM-DD[ T]HH:MM[:SS][Z]` with a year within ±1,000,000.
pub fn parse_time(raw: &str) -> Option<f64> {
    if let Ok(number) = raw.parse::<f64>() {
        return number.is_finite().then_some(if number > 1e11 {
            number / 1000.0
        } else {
            number
        });
    }
    let raw = raw.trim_end_matches('Z');
    let (date, time) = raw.split_once(['T', ' ']).unwrap_or((raw, "00:00:00"));
    let mut date_parts = date.split('-').map(|part| part.parse::<i64>().ok());
    let (year, month, day) = (
        date_parts.next()??,
        date_parts.next()??,
        date_parts.next()??,
    );
    let mut time_parts = time.split(':').map(|part| {
        part.split('.')
            .next()
            .and_then(|whole| whole.parse::<i64>().ok())
    });
    let hour = time_parts.next().flatten()?;
    let minute = time_parts.next().flatten().unwrap_or(0);
    let second = time_parts.next().flatten().unwrap_or(0);
    // Years are kept to ±10^6 so that the day arithmetic below cannot overflow.
    if !(-1_000_000..=1_000_000).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + hour * 3_600 + minute * 60 + second) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::show::time::format_time;

    // Regression (found by the usage_log fuzz target): a year of 19 digits overflowed the
    // day arithmetic (a panic in a debug build, a wrong time in the app).
    #[test]
    fn a_year_too_far_is_no_time() {
        assert_eq!(parse_time("0000000000000000001000000000000-01-01"), None);
        assert_eq!(parse_time("9223372036854775807-01-01T00:00"), None);
        assert_eq!(parse_time("1000000-01-01"), Some(31_494_784_780_800.0));
    }

    #[test]
    fn times_parse_as_written() {
        assert_eq!(parse_time("2024-05-01 10:00"), Some(1_714_557_600.0));
    }

    proptest::proptest! {
        #[test]
        fn formatting_round_trips(minutes in -10_000_000i64..100_000_000) {
            let seconds = (minutes * 60) as f64;
            proptest::prop_assert_eq!(parse_time(&format_time(seconds)), Some(seconds));
        }
    }
}
