//! Times written for people: UTC, `YYYY-MM-DD HH:MM`. Reading times is
//! `formats::time::parse_time`.

/// The UTC date and time of `seconds` since the Unix epoch: `YYYY-MM-DD HH:MM`.
pub fn format_time(seconds: f64) -> String {
    let (date, rest) = civil_date(seconds);
    format!("{date} {:02}:{:02}", rest / 3_600, rest % 3_600 / 60)
}

/// The UTC date of `seconds` since the Unix epoch: `YYYY-MM-DD`.
pub fn format_date(seconds: f64) -> String {
    civil_date(seconds).0
}

/// The date, and the seconds since its midnight.
fn civil_date(seconds: f64) -> (String, i64) {
    let whole = if seconds.is_finite() {
        seconds.floor().clamp(-1e15, 1e15) as i64
    } else {
        0
    };
    let days = whole.div_euclid(86_400);
    let rest = whole.rem_euclid(86_400);
    // Civil date from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (format!("{year:04}-{month:02}-{day:02}"), rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_format_and_parse_back() {
        assert_eq!(format_time(0.0), "1970-01-01 00:00");
        assert_eq!(format_time(1_714_557_600.0), "2024-05-01 10:00");
        assert_eq!(format_date(951_782_400.0), "2000-02-29");
        assert_eq!(format_time(-1.0), "1969-12-31 23:59");
        assert_eq!(format_time(f64::NAN), "1970-01-01 00:00");
    }
}
