//! Times as people and logs write them.
//! Must not know: the DOM.

/// Seconds from a Unix time (seconds, or milliseconds when over 10^11) or a date and time
/// as logs write them: `YYYY-MM-DD`, then optionally `T` (or a space) and
/// `HH[:MM[:SS[.fraction]]]`, then optionally the zone: `Z`, ` UTC`, ` GMT` or an offset
/// `±HH`, `±HHMM`, `±HH:MM` (the time is in UTC after the offset is taken away:
/// `10:00+02:00` is 08:00 UTC). Without a zone the time is read as UTC. The year may have
/// a sign and is kept within ±1,000,000; the day must exist in its month (`2024-02-29`
/// does, `2023-02-29` does not); a second of 60 (a leap second) is read as the next
/// minute's first. Anything else, or anything left over, is `None`.
///
/// Hand-written rather than the `time` crate: `time` adds about 7.6 KB of brotli to the
/// wasm for parsing alone, needs several formats tried in turn to read these forms, and
/// stops at year ±9,999 (±999,999 with `large-dates`). The tests check this function
/// against `time`'s RFC 3339 parser on generated dates.
pub fn parse_time(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    if let Ok(number) = raw.parse::<f64>() {
        return number.is_finite().then_some(if number > 1e11 {
            number / 1000.0
        } else {
            number
        });
    }
    let (raw, mut offset) = strip_zone_name(raw);
    let (date, clock) = match raw.find(['T', 't', ' ']) {
        Some(at) => (&raw[..at], Some(&raw[at + 1..])),
        None => (raw, None),
    };
    let (year, month, day) = parse_date(date)?;
    let mut seconds = 0.0;
    if let Some(clock) = clock {
        let (clock, clock_offset) = split_offset(clock)?;
        offset += clock_offset;
        seconds = parse_clock(clock)?;
    }
    // Years are kept to ±10^6 so that the day arithmetic below cannot overflow.
    if !(-1_000_000..=1_000_000).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
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
    Some((days * 86_400 - offset) as f64 + seconds)
}

/// `raw` without a trailing `Z`, ` UTC` or ` GMT` (any case), and the offset it names (0).
fn strip_zone_name(raw: &str) -> (&str, i64) {
    for zone in [" utc", " gmt", "utc", "z"] {
        let cut = raw.len().saturating_sub(zone.len());
        if raw.is_char_boundary(cut) && raw[cut..].eq_ignore_ascii_case(zone) {
            return (raw[..cut].trim_end(), 0);
        }
    }
    (raw, 0)
}

/// `YYYY-MM-DD`, the year with an optional sign.
fn parse_date(date: &str) -> Option<(i64, i64, i64)> {
    let (sign, unsigned) = match date.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, date.strip_prefix('+').unwrap_or(date)),
    };
    let mut parts = unsigned.split('-');
    let mut number = || -> Option<i64> {
        let part = parts.next()?;
        part.bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let date = (sign * number()?, number()?, number()?);
    parts.next().is_none().then_some(date)
}

/// A clock time and the seconds of its trailing offset (`+02:00` -> 7,200); `None` for an
/// offset that is not `±HH`, `±HHMM` or `±HH:MM` within ±23:59.
fn split_offset(clock: &str) -> Option<(&str, i64)> {
    let Some(at) = clock.rfind(['+', '-']) else {
        return Some((clock, 0));
    };
    let (clock, offset) = (clock[..at].trim_end(), &clock[at..]);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|&c| c != ':').collect();
    if !digits.bytes().all(|byte| byte.is_ascii_digit())
        || !matches!(digits.len(), 2 | 4)
        || (offset.contains(':') && offset.len() != 6)
    {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((clock, sign * (hours * 3_600 + minutes * 60)))
}

/// `HH[:MM[:SS[.fraction]]]` as seconds since midnight.
fn parse_clock(clock: &str) -> Option<f64> {
    let mut parts = clock.split(':');
    let whole = |part: &str| -> Option<i64> {
        (part.len() == 2 && part.bytes().all(|byte| byte.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let hour = whole(parts.next()?)?;
    let minute = parts.next().map_or(Some(0), whole)?;
    let second = match parts.next() {
        None => 0.0,
        Some(part) => {
            let (integer, fraction) = part.split_once(['.', ',']).unwrap_or((part, ""));
            let integer = whole(integer)?;
            if !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
                return None;
            }
            let fraction: f64 = format!("0.{fraction}0").parse().ok()?;
            if integer > 60 {
                return None;
            }
            integer as f64 + fraction
        }
    };
    if parts.next().is_some() || hour > 23 || minute > 59 {
        return None;
    }
    Some((hour * 3_600 + minute * 60) as f64 + second)
}

/// Days in `month` (1–12) of `year` (Gregorian: a leap year is divisible by 4, except
/// centuries not divisible by 400).
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year.rem_euclid(4) == 0
            && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0) =>
        {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
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
        let ten = Some(1_714_557_600.0);
        for written in [
            "2024-05-01 10:00",
            "2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.000Z",
            "2024-05-01 10:00:00 UTC",
            "2024-05-01 10:00:00+00",
            "2024-05-01T12:00:00+02:00",
            "2024-05-01T05:30:00-0430",
            "2024-05-01t10:00:00z",
            " 2024-05-01 10 ",
            "1714557600",
            "1714557600000",
        ] {
            assert_eq!(parse_time(written), ten, "{written}");
        }
        assert_eq!(parse_time("2024-05-01"), Some(1_714_521_600.0));
        assert_eq!(
            parse_time("2024-05-01T10:00:00.25Z"),
            Some(1_714_557_600.25)
        );
        assert_eq!(parse_time("2016-12-31T23:59:60Z"), Some(1_483_228_800.0));
    }

    // Regression: "2024-02-31" was read as 2 March, and the offset of
    // "2024-05-01T12:00:00+02:00" was dropped (the time came out two hours late), as was
    // anything after the seconds ("10:00:30 UTC" read as 10:00:00).
    #[test]
    fn impossible_dates_and_unknown_endings_are_no_time() {
        for written in [
            "2024-02-30",
            "2023-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-05-01T24:00",
            "2024-05-01T10:60",
            "2024-05-01T10:00:61",
            "2024-05-01T10:00:00abc",
            "2024-05-01T10:00:00+2",
            "2024-05-01T10:00:00+24:00",
            "2024-05-01T10:00:00+02:0",
            "2024-05-01T1:00",
            "2024-05-01-01",
            "2024-5-1x",
            "yesterday",
            "",
        ] {
            assert_eq!(parse_time(written), None, "{written}");
        }
        assert_eq!(parse_time("2000-02-29"), Some(951_782_400.0));
        assert_eq!(parse_time("1900-02-29"), None);
        assert_eq!(parse_time("2024-05-01 10:00:30 UTC"), Some(1_714_557_630.0));
    }

    proptest::proptest! {
        #[test]
        fn formatting_round_trips(minutes in -10_000_000i64..100_000_000) {
            let seconds = (minutes * 60) as f64;
            proptest::prop_assert_eq!(parse_time(&format_time(seconds)), Some(seconds));
        }
    }

    proptest::proptest! {
        // The reference is the `time` crate's RFC 3339 parser (a dev-dependency only), on
        // dates and offsets generated here, valid and not.
        #[test]
        fn rfc3339_reads_as_the_time_crate_reads_it(
            year in 0i64..=9_999, month in 1i64..=12, day in 1i64..=31,
            hour in 0i64..=23, minute in 0i64..=59, second in 0i64..=59,
            millis in proptest::option::of(0u32..1_000),
            offset in proptest::option::of((-23i64..=23, 0i64..=59)),
        ) {
            let fraction = millis.map(|ms| format!(".{ms:03}")).unwrap_or_default();
            let zone = match offset {
                None => "Z".to_owned(),
                Some((h, m)) => format!("{}{:02}:{m:02}", if h < 0 { '-' } else { '+' }, h.abs()),
            };
            let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}");
            let reference = time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
                .ok()
                .map(|at| at.unix_timestamp() as f64 + f64::from(millis.unwrap_or(0)) / 1_000.0);
            let ours = parse_time(&text);
            match (ours, reference) {
                (Some(ours), Some(reference)) => proptest::prop_assert!((ours - reference).abs() < 1e-6, "{text}: {ours} vs {reference}"),
                (ours, reference) => proptest::prop_assert_eq!(ours, reference, "{}", text),
            }
        }
    }
}
