//! Lists of queries for the cache simulator: one query a line, or CSV with a header.
//!
//! CSV is read as the usage log reads it (`csv-core`, RFC 4180: a quoted cell may hold
//! commas, doubled quotes and line breaks); a quote never closed makes its line a problem,
//! and the lines after it are read each on its own.
//! Must not know: the DOM.

use super::time::parse_time;
use super::usage_log::csv_records;
use crate::models::cache_sim::Query;

/// Names of the column that holds the query (compared trimmed, in lower case).
const QUERY_NAMES: [&str; 4] = ["query", "prompt", "question", "text"];
/// Names of the column that holds the time.
const TIME_NAMES: [&str; 4] = ["timestamp", "time", "ts", "date"];

/// Reads queries: one per line (trimmed, blank lines skipped), or, when the first
/// non-blank line is a CSV header of at least two cells naming a `query` (or `prompt`,
/// `question`, `text`) column, CSV with optionally a `timestamp` (or `time`, `ts`,
/// `date`) column read by [`parse_time`]. Returns the queries and a sentence for each
/// record that could not be read, naming the line it starts on.
pub fn parse_queries(input: &str) -> (Vec<Query>, Vec<String>) {
    let input = input.trim_start_matches('\u{feff}');
    let mut header: Option<(usize, Option<usize>)> = None;
    let mut is_csv = None;
    let mut queries = Vec::new();
    let mut problems = Vec::new();
    csv_records(input, |line, cells| {
        if is_csv == Some(false) {
            return;
        }
        let Some((query_column, time_column)) = header else {
            let names: Vec<String> = cells
                .unwrap_or_default()
                .iter()
                .map(|cell| cell.trim().to_lowercase())
                .collect();
            let find = |wanted: &[&str]| {
                names
                    .iter()
                    .position(|name| wanted.contains(&name.as_str()))
            };
            match find(&QUERY_NAMES).filter(|_| names.len() > 1) {
                Some(query_column) => {
                    header = Some((query_column, find(&TIME_NAMES)));
                    is_csv = Some(true);
                }
                None => is_csv = Some(false),
            }
            return;
        };
        let Some(cells) = cells else {
            problems.push(format!("Line {line}: a quote is not closed."));
            return;
        };
        let Some(text) = cells
            .get(query_column)
            .map(|text| text.trim())
            .filter(|text| !text.is_empty())
        else {
            problems.push(format!("Line {line}: no query."));
            return;
        };
        let at = match time_column.and_then(|column| cells.get(column)) {
            Some(raw) => match parse_time(raw.trim()) {
                Some(at) => Some(at),
                None => {
                    problems.push(format!(
                        "Line {line}: the time \"{}\" is not a date or a number of seconds.",
                        raw.trim()
                    ));
                    None
                }
            },
            None => None,
        };
        queries.push(Query {
            text: text.to_owned(),
            at,
        });
    });
    if is_csv == Some(true) {
        return (queries, problems);
    }
    let lines = input
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| Query {
            text: line.to_owned(),
            at: None,
        });
    (lines.collect(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_come_as_lines_or_csv_with_times() {
        let (queries, problems) = parse_queries("a\n\nb \n");
        assert_eq!(queries.len(), 2);
        assert_eq!(queries[1].text, "b");
        assert!(problems.is_empty());
        let csv = "timestamp,query\n2024-05-01T10:00:00Z,\"hello, world\"\n1714557660,hi\nnope,x\n2024-05-01 10:02,";
        let (queries, problems) = parse_queries(csv);
        assert_eq!(queries.len(), 3);
        assert_eq!(queries[0].text, "hello, world");
        assert_eq!(queries[0].at, Some(1_714_557_600.0));
        assert_eq!(queries[1].at, Some(1_714_557_660.0));
        assert_eq!(queries[2].at, None);
        assert_eq!(
            problems,
            [
                "Line 4: the time \"nope\" is not a date or a number of seconds.",
                "Line 5: no query."
            ]
        );
        assert_eq!(parse_time("1970-01-02"), Some(86_400.0));
        assert_eq!(parse_time("2024-13-01"), None);
    }

    #[test]
    fn a_quoted_query_may_hold_a_line_break() {
        // Regression: queries were split into lines before quotes were read, so a quoted
        // line break made two broken records ("a quote is not closed" twice).
        let (queries, problems) =
            parse_queries("query,user\n\"first line\nsecond line\",u1\nnext,u2\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(queries.len(), 2);
        assert_eq!(queries[0].text, "first line\nsecond line");
        assert_eq!(queries[1].text, "next");
    }

    #[test]
    fn problems_name_the_line_the_record_starts_on() {
        // Regression: blank lines were not counted, so the line numbers in problems were
        // off by the number of blank lines above.
        let (queries, problems) = parse_queries("query,ts\n\n\n,1\nok,2\n\"open,3\nlater,4\n");
        assert_eq!(queries.len(), 2, "{problems:?}");
        assert_eq!(
            problems,
            ["Line 4: no query.", "Line 6: a quote is not closed."]
        );
        assert_eq!(queries[1].text, "later");
    }

    #[test]
    fn a_single_column_or_no_query_header_is_read_line_by_line() {
        let (queries, _) = parse_queries("query\nhello, world\n");
        assert_eq!(queries.len(), 2);
        let (queries, _) = parse_queries("name,age\nann,3\n");
        assert_eq!(queries[0].text, "name,age");
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(256))]
        #[test]
        fn any_text_reads_without_panic(text in "[\\PC\n\",]{0,200}") {
            let (queries, _) = parse_queries(&text);
            proptest::prop_assert!(queries.iter().all(|query| !query.text.is_empty()));
        }
    }
}
