//! Each provider fixture opens by detection and gives hand-computed totals.

use crate::formats::usage_formats::by_id;
use crate::formats::usage_formats::read::testing::{assert_chunks_read_the_same, detect_and_read};
use crate::formats::usage_formats::read::Skipped;
use crate::models::usage::{parts_cost, Dimension, Record, RowParts, ServiceTier};
use crate::money::catalog::Catalog;

const FIXTURES: &[(&str, &str)] = &[
    (
        "openai-usage-completions",
        include_str!("../../../../tests/fixtures/usage/providers/openai-usage-completions.json"),
    ),
    (
        "anthropic-usage-report",
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-usage-report.json"),
    ),
    (
        "claude-code",
        include_str!("../../../../tests/fixtures/usage/providers/claude-code.jsonl"),
    ),
    (
        "gemini-usage-metadata",
        include_str!("../../../../tests/fixtures/usage/providers/gemini-usage-metadata.jsonl"),
    ),
    (
        "openai-usage-csv",
        include_str!("../../../../tests/fixtures/usage/providers/openai-usage-export.csv"),
    ),
    (
        "openai-costs",
        include_str!("../../../../tests/fixtures/usage/providers/openai-costs.json"),
    ),
    (
        "openai-responses",
        include_str!("../../../../tests/fixtures/usage/providers/openai-responses.jsonl"),
    ),
    (
        "anthropic-console-usage",
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-console-usage.csv"),
    ),
    (
        "anthropic-cost-report",
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-cost-report.json"),
    ),
    (
        "anthropic-console-cost",
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-console-cost.csv"),
    ),
    (
        "openai-chat-completions",
        include_str!("../../../../tests/fixtures/usage/openai-chat-completions.jsonl"),
    ),
];

fn fixture(id: &str) -> &'static str {
    FIXTURES.iter().find(|(have, _)| *have == id).unwrap().1
}

/// Tokens by part over records: (input, uncached, read, 5m, 1h, output, reasoning).
fn parts(records: &[Record]) -> (u64, u64, u64, u64, u64, u64, u64) {
    let mut sum = (0, 0, 0, 0, 0, 0, 0);
    for record in records {
        let cached = record.parts.cached_input();
        sum.0 += record.input_tokens;
        sum.1 += record.input_tokens - cached;
        sum.2 += record.parts.cache_read.unwrap_or(0);
        sum.3 += record.parts.cache_write_5m.unwrap_or(0);
        sum.4 += record.parts.cache_write_1h.unwrap_or(0);
        sum.5 += record.output_tokens;
        sum.6 += record.parts.reasoning.unwrap_or(0);
    }
    sum
}

/// The records' cost at the list prices of catalog model `id`.
fn list_cost(records: &[Record], id: &str) -> f64 {
    let catalog = Catalog::shipped().unwrap();
    let model = catalog.get(id).unwrap();
    records
        .iter()
        .map(|record| {
            let row = RowParts {
                reasoning: record.parts.reasoning.unwrap_or(0),
                cache_read: record.parts.cache_read.unwrap_or(0),
                cache_write_5m: record.parts.cache_write_5m.unwrap_or(0),
                cache_write_1h: record.parts.cache_write_1h.unwrap_or(0),
            };
            parts_cost(model, record.input_tokens, record.output_tokens, &row).total
        })
        .sum()
}

fn cents(dollars: f64) -> i64 {
    (dollars * 100.0).round() as i64
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn every_fixture_reads_the_same_in_chunks_of_any_size() {
    for (id, text) in FIXTURES {
        assert_chunks_read_the_same(by_id(id).unwrap(), text, &[100, 1000, 4096]);
    }
}

#[test]
fn the_openai_usage_page() {
    let (records, bad, skipped) = detect_and_read(
        "openai-usage-completions",
        fixture("openai-usage-completions"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    // Two buckets of 5 requests (OpenAI's documented example, twice); the empty result is
    // skipped. input_tokens 1,000 include 800 cached: uncached 200 each.
    assert_eq!(
        skipped,
        Skipped {
            empty: 1,
            ..Skipped::default()
        }
    );
    assert_eq!(parts(&records), (2_000, 400, 1_600, 0, 0, 1_000, 0));
    let calls: u64 = records.iter().map(|record| record.calls.unwrap()).sum();
    assert_eq!(calls, 10);
    assert_eq!(records[0].at, 1_730_419_200.0);
    assert_eq!(records[1].at, 1_730_505_600.0);
    assert_eq!(records[0].service_tier, None);
    assert_eq!(records[1].service_tier, Some(ServiceTier::Batch));
    assert_eq!(records[0].feature, "proj_abc");
    assert_eq!(
        records[0].dimensions,
        vec![(Dimension::Project, "proj_abc".to_owned())]
    );
    // gpt-4o at list: 400 × $2.50 + 1,600 × $1.25 + 1,000 × $10 per M
    // = $0.001 + $0.002 + $0.01 = $0.013.
    close(list_cost(&records, "gpt-4o"), 0.013);
    assert_eq!(cents(list_cost(&records, "gpt-4o")), 1);
}

#[test]
fn the_anthropic_usage_report() {
    let (records, bad, _) =
        detect_and_read("anthropic-usage-report", fixture("anthropic-usage-report"));
    assert!(bad.is_empty(), "{bad:?}");
    // Disjoint parts: 2,048 uncached + 1,800 read + 148 (5m) + 100 (1h) = 4,096 input.
    assert_eq!(parts(&records), (4_096, 2_048, 1_800, 148, 100, 503, 0));
    // The report gives no request count.
    assert_eq!(records[0].calls, Some(0));
    assert_eq!(records[0].at, 1_754_006_400.0);
    assert_eq!(records[0].feature, "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ");
    // Claude Sonnet 4.5 at list: 2,048 × $3 + 1,800 × $0.30 + 148 × $3.75 + 100 × $6
    // + 503 × $15 per M = 6,144 + 540 + 555 + 600 + 7,545 = 15,384 µ$.
    close(list_cost(&records, "claude-sonnet-4-5"), 0.015384);
    assert_eq!(cents(list_cost(&records, "claude-sonnet-4-5")), 2);
}

#[test]
fn the_claude_code_log() {
    let (records, bad, skipped) = detect_and_read("claude-code", fixture("claude-code"));
    assert!(bad.is_empty(), "{bad:?}");
    // Two user lines skipped; msg_01A/req_011A logged twice, read once.
    assert_eq!(
        skipped,
        Skipped {
            other: 2,
            duplicates: 1,
            empty: 0
        }
    );
    assert_eq!(records.len(), 2);
    // 4 + 1,800 + 248 = 2,052 and 50 + 2,048 = 2,098 input; writes 148 (5m) and 100 (1h).
    assert_eq!(parts(&records), (4_150, 54, 3_848, 148, 100, 603, 0));
    assert_eq!(records[0].model, "claude-sonnet-4-5-20250929");
    assert_eq!(records[0].feature, "/home/dev/app");
    assert_eq!(
        records[0].dimensions,
        vec![
            (
                Dimension::Session,
                "9d6c5e7a-1111-4a2b-9c3d-000000000001".to_owned()
            ),
            (Dimension::Directory, "/home/dev/app".to_owned())
        ]
    );
    // Stated cost: only the last line has costUSD, $0.0023.
    assert_eq!(records[0].cost, None);
    assert_eq!(records[1].cost, Some(0.0023));
    // At list (Sonnet 4.5): 54 × $3 + 3,848 × $0.30 + 148 × $3.75 + 100 × $6 + 603 × $15
    // per M = 162 + 1,154.4 + 555 + 600 + 9,045 = 11,516.4 µ$.
    close(list_cost(&records, "claude-sonnet-4-5"), 0.0115164);
}

#[test]
fn the_gemini_log() {
    let (records, bad, _) =
        detect_and_read("gemini-usage-metadata", fixture("gemini-usage-metadata"));
    assert!(bad.is_empty(), "{bad:?}");
    // Input 1,000 + 10 (tool use) = 1,010 holding 600 cached, and 8; output 200 + 50
    // thoughts = 250, and 2 (the second line leaves out its zero counts).
    assert_eq!(parts(&records), (1_018, 418, 600, 0, 0, 252, 50));
    assert_eq!(records[0].model, "gemini-2.5-flash");
    // At list (Gemini 2.5 Flash): 418 × $0.30 + 600 × $0.03 + 252 × $2.50 per M
    // = 125.4 + 18 + 630 = 773.4 µ$.
    close(list_cost(&records, "gemini-2.5-flash"), 0.0007734);
}

#[test]
fn openai_chat_completions_lines_are_named() {
    let (records, bad, _) = detect_and_read(
        "openai-chat-completions",
        fixture("openai-chat-completions"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    // The fixture's README: 2,006 + 75 + 9 input (1,920 cached), 300 + 1,186 + 12 output
    // (1,024 reasoning).
    assert_eq!(parts(&records), (2_090, 170, 1_920, 0, 0, 1_498, 1_024));
}

#[test]
fn the_openai_usage_export_csv() {
    let (records, bad, _) = detect_and_read("openai-usage-csv", fixture("openai-usage-csv"));
    assert!(bad.is_empty(), "{bad:?}");
    // 1,000 (800 cached) + 600 input; 500 + 300 output; 5 + 3 requests.
    assert_eq!(parts(&records), (1_600, 800, 800, 0, 0, 800, 0));
    let calls: u64 = records.iter().map(|record| record.calls.unwrap()).sum();
    assert_eq!(calls, 8);
    assert_eq!(records[1].service_tier, Some(ServiceTier::Flex));
    assert_eq!(records[0].service_tier, None);
}

#[test]
fn the_cost_exports() {
    // OpenAI: amount.value 0.06 dollars, no model.
    let (records, bad, _) = detect_and_read("openai-costs", fixture("openai-costs"));
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].cost, Some(0.06));
    assert_eq!(records[0].model, "(all models)");
    assert_eq!((records[0].input_tokens, records[0].output_tokens), (0, 0));
    // Anthropic: "123.45" cents = $1.2345.
    let (records, bad, _) =
        detect_and_read("anthropic-cost-report", fixture("anthropic-cost-report"));
    assert!(bad.is_empty(), "{bad:?}");
    close(records[0].cost.unwrap(), 1.2345);
    assert_eq!(cents(records[0].cost.unwrap()), 123);
    assert_eq!(records[0].model, "claude-sonnet-4-5");
    // Console cost CSV: dollars, $0.01 + $0.0075 = $0.0175.
    let (records, bad, _) =
        detect_and_read("anthropic-console-cost", fixture("anthropic-console-cost"));
    assert!(bad.is_empty(), "{bad:?}");
    close(
        records.iter().filter_map(|record| record.cost).sum(),
        0.0175,
    );
    assert_eq!(records[0].model, "Claude Sonnet 4.5");
}

#[test]
fn openai_responses_lines_are_named() {
    let (records, bad, _) = detect_and_read("openai-responses", fixture("openai-responses"));
    assert!(bad.is_empty(), "{bad:?}");
    // The reasoning guide's example: 75 input, 1,186 output of which 1,024 reasoning.
    assert_eq!(parts(&records), (75, 75, 0, 0, 0, 1_186, 1_024));
}

#[test]
fn the_anthropic_console_usage_csv() {
    let (records, bad, _) = detect_and_read(
        "anthropic-console-usage",
        fixture("anthropic-console-usage"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    // Disjoint: 2,048 + 148 + 100 + 1,800 = 4,096, and 50 + 200,000 = 200,050 (the second
    // row, as older files, lacks the last column).
    assert_eq!(
        parts(&records),
        (204_146, 2_098, 201_800, 148, 100, 1_003, 0)
    );
    assert_eq!(records[0].feature, "Default");
    assert_eq!(records[0].at, 1_754_006_400.0);
    // Regression: the second row's 200,050 input tokens were priced above the 200K tier,
    // though the file says its calls were in the "0-200k" band (a day's bucket of many
    // calls, each under 200K).
    assert_eq!(records[0].long_context, Some(false));
    assert_eq!(records[1].long_context, Some(false));
    // At list (Sonnet 4.5), in the band the file states: the first row 15,384 µ$ (as the
    // usage report); the second 50 × $3 + 200,000 × $0.30 + 500 × $15 per M
    // = 150 + 60,000 + 7,500 = 67,650 µ$; total 83,034 µ$ = $0.08.
    let catalog = Catalog::shipped().unwrap();
    let at_list: f64 = records
        .iter()
        .map(|record| crate::models::usage::record_cost(record, &catalog).unwrap())
        .sum();
    close(at_list, 0.083034);
    assert_eq!(cents(at_list), 8);
    // The same rows in the "200k-1M" band pay the long-context prices: the second row
    // 50 × $6 + 200,000 × $0.60 + 500 × $22.50 per M = 300 + 120,000 + 11,250
    // = 131,550 µ$.
    let mut long = records[1].clone();
    long.long_context = Some(true);
    close(
        crate::models::usage::record_cost(&long, &catalog).unwrap(),
        0.131550,
    );
}

#[test]
fn context_window_bands() {
    use crate::formats::usage_formats::read::long_context;
    assert_eq!(long_context("0-200k"), Some(false));
    assert_eq!(long_context("200k-1M"), Some(true));
    assert_eq!(long_context(" 200K-1M "), Some(true));
    assert_eq!(long_context("1m"), Some(true));
    assert_eq!(long_context(""), None);
    assert_eq!(long_context("standard"), None);
}
