//! CSV files the app offers for download: the Projection's months and the Usage view's
//! filtered rows. Written by [`CsvTable`](super::csv_table::CsvTable).
//! Must not know: the DOM.

use crate::models::projection::timeline::Month;
use std::collections::HashMap;

use crate::models::usage::{filtered, row_cost, Filter, Log};
use crate::money::catalog::{Catalog, Model};

/// The months as CSV: `month,baseline_usd,optimized_usd,savings_usd,cumulative_savings_usd`,
/// dollars to the cent.
pub fn months_csv(months: &[Month]) -> String {
    let mut table = super::csv_table::CsvTable::new(&[
        "month",
        "baseline_usd",
        "optimized_usd",
        "savings_usd",
        "cumulative_savings_usd",
    ]);
    for month in months {
        table.row([
            month.month.to_string(),
            format!("{:.2}", month.baseline),
            format!("{:.2}", month.optimized),
            format!("{:.2}", month.savings),
            format!("{:.2}", month.cumulative_savings),
        ]);
    }
    table.finish()
}

/// The rows of `log` that `filter` lets through, as CSV with the article's columns
/// ([`super::usage_log::to_csv`]), and the token parts' columns when the log has any
/// ([`super::usage_log::to_csv_with_parts`]). `cost` is the call's logged cost, or else
/// its tokens at `catalog`'s prices ([`row_cost`], as the dashboard counts it, rounded to
/// 1e-10 dollars), or empty when the catalog does not know the model.
pub fn filtered_csv(log: &Log, filter: &Filter, catalog: &Catalog) -> String {
    // The catalog is looked up once per distinct model, not once per row.
    let mut models: HashMap<u32, Option<&Model>> = HashMap::new();
    let records = filtered(log, filter).map(|row| {
        let model = *models
            .entry(row.model)
            .or_insert_with(|| catalog.get(log.name(row.model)));
        let mut record = log.record(row);
        // A computed cost is rounded to 1e-10 dollars, so that float noise such as
        // 0.0045000000000000005 is written 0.0045; a logged cost is written as it was read.
        record.cost = row
            .cost
            .or_else(|| row_cost(row, model).map(|cost| (cost * 1e10).round() / 1e10));
        record
    });
    let logged = log.parts_logged();
    if logged.reasoning || logged.cache() {
        super::usage_log::to_csv_with_parts(records)
    } else {
        super::usage_log::to_csv(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::usage::Record;

    #[test]
    fn months_are_written_to_the_cent() {
        // The article's scenario with a cache that adds $100 and retries that save $24.75
        // (see `models::projection::tests::charts_and_csv_follow_the_projection`). Amounts
        // are rounded by `{:.2}`, so an exact half cent rounds to even: -112.875 -> -112.88.
        let month = |month, baseline, optimized, cumulative| Month {
            month,
            baseline,
            optimized,
            savings: baseline - optimized,
            cumulative_savings: cumulative,
        };
        assert_eq!(
            months_csv(&[
                month(1, 858.0, 933.25, -75.25),
                month(2, 1287.0, 1399.875, -188.13),
            ]),
            "month,baseline_usd,optimized_usd,savings_usd,cumulative_savings_usd\n\
             1,858.00,933.25,-75.25,-75.25\n\
             2,1287.00,1399.88,-112.88,-188.13\n"
        );
        assert_eq!(
            months_csv(&[]),
            "month,baseline_usd,optimized_usd,savings_usd,cumulative_savings_usd\n"
        );
    }

    #[test]
    fn filtered_rows_come_out_as_csv() {
        let record = |at| Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at,
            user: String::new(),
            feature: String::new(),
            model: "gpt-4o".into(),
            input_tokens: 1,
            output_tokens: 1,
            cost: None,
            latency_ms: None,
            cached: false,
            error: None,
            prompt: None,
            parts: crate::models::usage::TokenParts::default(),
        };
        let log = Log::from_records([record(0.0), record(86_400.0)]);
        let text = filtered_csv(
            &log,
            &Filter {
                from: Some(1.0),
                ..Filter::default()
            },
            crate::testing::catalog(),
        );
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with(super::super::usage_log::CSV_HEADER));
        assert!(text.contains("1970-01-02T00:00:00Z"), "{text}");
    }

    /// Records with every kind of cell the writer must quote or leave alone.
    fn awkward_log() -> Log {
        let base = Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at: 1_714_557_605.75,
            user: "plain".into(),
            feature: "chat".into(),
            model: "gpt-4o".into(),
            input_tokens: 5,
            output_tokens: 7,
            cost: Some(0.0042),
            latency_ms: Some(850.5),
            cached: false,
            error: None,
            prompt: None,
            parts: crate::models::usage::TokenParts::default(),
        };
        let cells = [
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "crlf\r\nend",
            " spaced ",
            "",
            "é😀",
            "#hash",
            "'quote",
            "\"",
            "trailing,",
        ];
        Log::from_records(cells.iter().enumerate().map(|(index, cell)| Record {
            at: base.at + index as f64 * 61.0,
            user: cell.to_string(),
            feature: format!("{cell}{index}"),
            model: if index % 2 == 0 {
                base.model.clone()
            } else {
                cell.to_string()
            },
            cost: [Some(0.0042), None, Some(1e-7), Some(12345.678)][index % 4],
            latency_ms: [Some(850.5), None, Some(0.0)][index % 3],
            cached: index % 3 == 0,
            error: (index % 2 == 1).then(|| cell.to_string()),
            prompt: (index % 3 != 2).then(|| format!("{cell} prompt")),
            ..base.clone()
        }))
    }

    // The filtered rows export as the hand-written writer wrote it before the `csv` crate
    // took over (#20): the two must stay byte for byte the same (with a price list that
    // knows none of the models, the costs are the logged ones, as that writer wrote them).
    #[test]
    fn the_export_is_byte_compatible_with_the_hand_written_writer() {
        let mut none = crate::testing::catalog().clone();
        none.models.clear();
        assert_eq!(
            filtered_csv(&awkward_log(), &Filter::default(), &none),
            include_str!("../../tests/fixtures/csv/filtered-rows.csv")
        );
    }

    // Regression: the export left `cost` empty for every call that logged none, although
    // the dashboard priced it from the price list.
    #[test]
    fn calls_that_log_no_cost_export_the_cost_the_dashboard_counts() {
        let record = |model: &str, cost| Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at: 0.0,
            user: String::new(),
            feature: String::new(),
            model: model.into(),
            input_tokens: 1_000,
            output_tokens: 200,
            cost,
            latency_ms: None,
            cached: false,
            error: None,
            prompt: None,
            parts: crate::models::usage::TokenParts::default(),
        };
        let log = Log::from_records([
            record("gpt-4o", None),
            record("gpt-4o", Some(0.25)),
            record("own-model", None),
        ]);
        let text = filtered_csv(&log, &Filter::default(), crate::testing::catalog());
        let costs: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|line| line.split(',').nth(7).unwrap_or("?"))
            .collect();
        // gpt-4o at $2.50 / $10 per M: 1,000 × 2.5e-6 + 200 × 1e-5 = $0.0045.
        assert_eq!(costs, vec!["0.0045", "0.25", ""]);
    }
}
