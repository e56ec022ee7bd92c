//! Times as people and logs write them.
//! Must not know: the DOM.

/// Seconds from a Unix time (seconds, or milliseconds when over 10^11) or a date
/// `YYYY-MM-DD[ T]HH:MM[:SS][Z]`.
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
    if !(1..=12).contains(&month)
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
