//! Each gateway fixture opens by detection (and no other format's signature wins over
//! it), reads without a mapping and gives hand-computed totals.

use crate::formats::usage_formats::read::testing::{assert_chunks_read_the_same, detect_and_read};
use crate::formats::usage_formats::{by_id, detect_export};
use crate::models::usage::{parts_cost, Dimension, Record, RowParts};
use crate::money::catalog::Catalog;

const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "litellm-spend-logs",
        "json",
        include_str!("../../../../tests/fixtures/usage/gateways/litellm-spend-logs.json"),
    ),
    (
        "litellm-spend-logs",
        "csv",
        include_str!("../../../../tests/fixtures/usage/gateways/litellm-spend-logs.csv"),
    ),
    (
        "langfuse-observations",
        "csv",
        include_str!("../../../../tests/fixtures/usage/gateways/langfuse-observations.csv"),
    ),
    (
        "langfuse-observations",
        "json",
        include_str!("../../../../tests/fixtures/usage/gateways/langfuse-observations.json"),
    ),
    (
        "langfuse-observations",
        "jsonl",
        include_str!("../../../../tests/fixtures/usage/gateways/langfuse-observations.jsonl"),
    ),
    (
        "helicone-requests",
        "csv",
        include_str!("../../../../tests/fixtures/usage/gateways/helicone-requests.csv"),
    ),
    (
        "helicone-requests",
        "json",
        include_str!("../../../../tests/fixtures/usage/gateways/helicone-requests.json"),
    ),
    (
        "helicone-requests",
        "jsonl",
        include_str!("../../../../tests/fixtures/usage/gateways/helicone-requests.jsonl"),
    ),
    (
        "openrouter-activity-csv",
        "csv",
        include_str!("../../../../tests/fixtures/usage/gateways/openrouter-activity.csv"),
    ),
    (
        "openrouter-activity",
        "json",
        include_str!("../../../../tests/fixtures/usage/gateways/openrouter-activity.json"),
    ),
    (
        "openrouter-generations",
        "jsonl",
        include_str!("../../../../tests/fixtures/usage/gateways/openrouter-generations.jsonl"),
    ),
];

fn fixture(id: &str, kind: &str) -> &'static str {
    FIXTURES
        .iter()
        .find(|(have, have_kind, _)| *have == id && *have_kind == kind)
        .unwrap()
        .2
}

/// Tokens by part: (input, uncached, read, 5m, 1h, output, reasoning).
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

/// The calls the records stand for (a bucket row counts as its `calls`).
fn calls(records: &[Record]) -> u64 {
    records.iter().map(|record| record.calls.unwrap_or(1)).sum()
}

/// The cost the file states, summed.
fn stated(records: &[Record]) -> f64 {
    records.iter().filter_map(|record| record.cost).sum()
}

/// The cost of the records whose model starts with `prefix`, at the list prices of
/// catalog model `id` (named explicitly, not looked up).
fn list_cost(records: &[Record], prefix: &str, id: &str) -> f64 {
    let catalog = Catalog::shipped().unwrap();
    let model = catalog.get(id).unwrap();
    records
        .iter()
        .filter(|record| record.model.starts_with(prefix))
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
fn every_fixture_is_detected_as_its_own_format() {
    for (id, kind, text) in FIXTURES {
        let found = detect_export(text).map(|format| format.id);
        assert_eq!(found, Some(*id), "{id} ({kind})");
    }
}

#[test]
fn every_fixture_reads_the_same_in_chunks_of_any_size() {
    for (id, _, text) in FIXTURES {
        assert_chunks_read_the_same(by_id(id).unwrap(), text, &[100, 1000, 4096]);
    }
}

/// The four LiteLLM rows, read from the JSON array or the table's CSV.
fn check_litellm(records: &[Record]) {
    assert_eq!(records.len(), 4);
    // prompt_tokens include the cache parts (LiteLLM's OpenAI shape):
    // input 1,200 + 5,500 + 2,000 + 1,200 = 9,900; cache reads from
    // prompt_tokens_details.cached_tokens 1,024 + 4,000 + 0 + 1,024 = 6,048 (the Anthropic
    // row's cache_read_input_tokens is the same 4,000, not added); cache writes 1,000
    // (5-minute: ephemeral_1h is 0); uncached 9,900 − 6,048 − 1,000 = 2,852;
    // output 300 + 800 + 1,500 + 300 = 2,900 with 1,200 reasoning.
    assert_eq!(
        parts(records),
        (9_900, 2_852, 6_048, 1_000, 0, 2_900, 1_200)
    );
    assert_eq!(calls(records), 4);
    // spend 0.00472 + 0.01845 + 0.0088 + 0 (the LiteLLM cache hit) = $0.03197.
    close(stated(records), 0.03197);
    assert_eq!(cents(stated(records)), 3);
    assert_eq!(records[0].model, "gpt-4o-2024-08-06");
    assert_eq!(records[0].latency_ms, Some(1_422.0));
    assert_eq!(records[0].user, "cust-4821");
    assert!(records[0]
        .dimensions
        .contains(&(Dimension::ApiKey, "search-backend".to_owned())));
    assert!(records[0]
        .dimensions
        .contains(&(Dimension::Project, "team-search".to_owned())));
    // The o4-mini row has no end user: its user is LiteLLM's `user`.
    assert_eq!(records[2].user, "ana@example.com");
    // gpt-4o at list (two rows, the second a LiteLLM cache hit billed $0):
    // 2 × (176 × $2.50 + 1,024 × $1.25 + 300 × $10) / M = 2 × $0.00472 = $0.00944.
    close(list_cost(records, "gpt-4o", "gpt-4o"), 0.00944);
    // claude-sonnet-4-5: 500 × $3 + 4,000 × $0.30 + 1,000 × $3.75 + 800 × $15 per M
    // = $0.0015 + $0.0012 + $0.00375 + $0.012 = $0.01845 (= its spend).
    close(
        list_cost(records, "claude-sonnet-4-5", "claude-sonnet-4-5"),
        0.01845,
    );
    // o4-mini: 2,000 × $1.10 + 1,500 × $4.40 per M = $0.0022 + $0.0066 = $0.0088.
    close(list_cost(records, "o4-mini", "o4-mini"), 0.0088);
    // All at list: $0.03669, 4 cents, against the $0.03197 (3 cents) billed.
    let list = 0.00944 + 0.01845 + 0.0088;
    assert_eq!(cents(list), 4);
}

#[test]
fn the_litellm_spend_logs_json() {
    let (records, bad, _) =
        detect_and_read("litellm-spend-logs", fixture("litellm-spend-logs", "json"));
    assert!(bad.is_empty(), "{bad:?}");
    check_litellm(&records);
    // request_tags ["prod", "search"] is the Tags dimension and the feature.
    assert_eq!(records[0].feature, "prod, search");
}

// Regression: a CSV cell holding a JSON list (LiteLLM's request_tags) came out as the raw
// text `["prod", "search"]`, not as its items, as the same list in a JSON file does.
#[test]
fn the_litellm_spend_logs_csv_tags() {
    let (records, _, _) =
        detect_and_read("litellm-spend-logs", fixture("litellm-spend-logs", "csv"));
    assert_eq!(records[0].feature, "prod, search");
}

#[test]
fn the_litellm_spend_logs_csv() {
    // metadata and request_tags are JSON in CSV cells; the times are Postgres's.
    let (records, bad, _) =
        detect_and_read("litellm-spend-logs", fixture("litellm-spend-logs", "csv"));
    assert!(bad.is_empty(), "{bad:?}");
    check_litellm(&records);
    // 2025-03-04 10:15:02.118 UTC.
    close(records[0].at, 1_741_083_302.118);
}

fn check_langfuse(records: &[Record]) {
    // The SPAN and the EVENT are skipped: three generations.
    assert_eq!(records.len(), 3);
    // usageDetails parts are disjoint: input = 1,000 + 1,500 read; 300 + 6,000 read +
    // 2,000 written; 800: whole input 2,500 + 8,300 + 800 = 11,600, uncached 2,100.
    // Output excludes the reasoning: 400 + 250 + (400 + 1,600) = 2,650, reasoning 1,600.
    assert_eq!(
        parts(records),
        (11_600, 2_100, 7_500, 2_000, 0, 2_650, 1_600)
    );
    assert_eq!(calls(records), 3);
    // totalCost 0.008375 + 0.00465 + 0.00968 = $0.022705.
    close(stated(records), 0.022705);
    assert_eq!(cents(stated(records)), 2);
    // latency 1.52 s.
    assert_eq!(records[0].latency_ms, Some(1_520.0));
    assert_eq!(records[0].user, "user-1029");
    assert_eq!(records[0].feature, "support-chat");
    assert_eq!(records[1].feature, "summarize-ticket");
    // gpt-4o: 1,000 × $2.50 + 1,500 × $1.25 + 400 × $10 per M = $0.008375.
    close(list_cost(records, "gpt-4o", "gpt-4o"), 0.008375);
    // claude-haiku-4-5: 300 × $1 + 6,000 × $0.10 + 2,000 × $1.25 + 250 × $5 per M
    // = $0.0003 + $0.0006 + $0.0025 + $0.00125 = $0.00465.
    close(
        list_cost(records, "claude-haiku-4-5", "claude-haiku-4-5"),
        0.00465,
    );
    // o3-mini: 800 × $1.10 + 2,000 × $4.40 per M = $0.00088 + $0.0088 = $0.00968.
    close(list_cost(records, "o3-mini", "o3-mini"), 0.00968);
}

#[test]
fn the_langfuse_export_csv() {
    let (records, bad, _) = detect_and_read(
        "langfuse-observations",
        fixture("langfuse-observations", "csv"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    check_langfuse(&records);
}

#[test]
fn the_langfuse_export_json() {
    let (records, bad, _) = detect_and_read(
        "langfuse-observations",
        fixture("langfuse-observations", "json"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    check_langfuse(&records);
}

#[test]
fn the_langfuse_export_jsonl() {
    let (records, bad, _) = detect_and_read(
        "langfuse-observations",
        fixture("langfuse-observations", "jsonl"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    check_langfuse(&records);
}

fn check_helicone_json(records: &[Record]) {
    assert_eq!(records.len(), 3);
    // prompt_tokens exclude the cache parts: input (900 + 1,100) + (400 + 3,000 + 1,200)
    // + 3,000 = 9,600, uncached 4,300, reads 4,100, writes 1,200; output 1,500.
    assert_eq!(parts(records), (9_600, 4_300, 4_100, 1_200, 0, 1_500, 0));
    // cost 0.0003375 + 0.0156 + 0.0116 = $0.0275375.
    close(stated(records), 0.0275375);
    assert_eq!(cents(stated(records)), 3);
    assert_eq!(records[0].latency_ms, Some(820.0));
    assert_eq!(records[0].user, "alice@example.com");
    // gpt-4o-mini: 900 × $0.15 + 1,100 × $0.075 + 200 × $0.60 per M = $0.0003375.
    close(list_cost(records, "gpt-4o-mini", "gpt-4o-mini"), 0.0003375);
    // claude-sonnet-4-5: 400 × $3 + 3,000 × $0.30 + 1,200 × $3.75 + 600 × $15 per M
    // = $0.0012 + $0.0009 + $0.0045 + $0.009 = $0.0156.
    close(
        list_cost(records, "claude-sonnet-4-5", "claude-sonnet-4-5"),
        0.0156,
    );
    // gpt-4.1: 3,000 × $2 + 700 × $8 per M = $0.0116.
    close(list_cost(records, "gpt-4.1", "gpt-4.1"), 0.0116);
}

#[test]
fn the_helicone_export_json() {
    let (records, bad, _) =
        detect_and_read("helicone-requests", fixture("helicone-requests", "json"));
    assert!(bad.is_empty(), "{bad:?}");
    check_helicone_json(&records);
}

#[test]
fn the_helicone_export_jsonl() {
    let (records, bad, _) =
        detect_and_read("helicone-requests", fixture("helicone-requests", "jsonl"));
    assert!(bad.is_empty(), "{bad:?}");
    check_helicone_json(&records);
}

#[test]
fn the_helicone_export_csv() {
    let (records, bad, _) =
        detect_and_read("helicone-requests", fixture("helicone-requests", "csv"));
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(records.len(), 3);
    // The CSV has no cache columns: input 900 + 400 + 3,000 = 4,300, output 1,500.
    assert_eq!(parts(&records), (4_300, 4_300, 0, 0, 0, 1_500, 0));
    close(stated(&records), 0.0275375);
    // Its latency cell is empty (the rows carry delay_ms).
    assert_eq!(records[0].latency_ms, None);
    // Without the cache reads, gpt-4o-mini at list is 900 × $0.15 + 200 × $0.60 per M
    // = $0.000255, under the $0.0003375 billed.
    close(list_cost(&records, "gpt-4o-mini", "gpt-4o-mini"), 0.000255);
}

fn check_openrouter_activity(records: &[Record]) {
    assert_eq!(records.len(), 3);
    // Buckets: 5 + 12 + 40 = 57 calls.
    assert_eq!(calls(records), 57);
    assert_eq!(records[0].calls, Some(5));
    // input 50 + 42,000 + 36,000 = 78,050; output 125 + 4,500 + 10,000 = 14,625, of
    // which 25 reasoning.
    assert_eq!(parts(records), (78_050, 78_050, 0, 0, 0, 14_625, 25));
    // Usage 0.015 + 0.1935 + 0.0114 = $0.2199 (BYOK usage is not the stated cost).
    close(stated(records), 0.2199);
    assert_eq!(cents(stated(records)), 22);
    // gpt-4.1 at list: 50 × $2 + 125 × $8 per M = $0.0011, against $0.015 billed.
    close(list_cost(records, "openai/gpt-4.1", "gpt-4.1"), 0.0011);
    // claude-sonnet-4-5: 42,000 × $3 + 4,500 × $15 per M = $0.126 + $0.0675 = $0.1935.
    close(
        list_cost(records, "anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"),
        0.1935,
    );
    // gpt-4o-mini: 36,000 × $0.15 + 10,000 × $0.60 per M = $0.0054 + $0.006 = $0.0114.
    close(
        list_cost(records, "openai/gpt-4o-mini", "gpt-4o-mini"),
        0.0114,
    );
}

#[test]
fn the_openrouter_activity_csv() {
    let (records, bad, _) = detect_and_read(
        "openrouter-activity-csv",
        fixture("openrouter-activity-csv", "csv"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    check_openrouter_activity(&records);
    // 2025-08-24.
    assert_eq!(records[0].at, 1_755_993_600.0);
}

#[test]
fn the_openrouter_activity_api() {
    let (records, bad, _) = detect_and_read(
        "openrouter-activity",
        fixture("openrouter-activity", "json"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    check_openrouter_activity(&records);
}

#[test]
fn the_openrouter_generations() {
    let (records, bad, _) = detect_and_read(
        "openrouter-generations",
        fixture("openrouter-generations", "jsonl"),
    );
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(records.len(), 3);
    // The prompt includes the cached tokens: input 10 + 12,000 + 1,500 = 13,510, reads
    // 3 + 10,000 = 10,003, uncached 3,507; output 25 + 900 + 2,400 = 3,325 with
    // 5 + 300 + 2,000 = 2,305 reasoning.
    assert_eq!(parts(&records), (13_510, 3_507, 10_003, 0, 0, 3_325, 2_305));
    // total_cost 0.0015 + 0.0225 + 0.01221 = $0.03621.
    close(stated(&records), 0.03621);
    assert_eq!(cents(stated(&records)), 4);
    assert_eq!(records[0].latency_ms, Some(1_250.0));
    assert_eq!(records[0].user, "user-123");
    // claude-sonnet-4-5: 2,000 × $3 + 10,000 × $0.30 + 900 × $15 per M
    // = $0.006 + $0.003 + $0.0135 = $0.0225.
    close(
        list_cost(&records, "anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"),
        0.0225,
    );
    // o4-mini: 1,500 × $1.10 + 2,400 × $4.40 per M = $0.00165 + $0.01056 = $0.01221.
    close(list_cost(&records, "openai/o4-mini", "o4-mini"), 0.01221);
}

#[test]
fn no_gateway_format_takes_a_providers_fixture() {
    // Each providers' fixture is detected as a providers' format, never as one of these.
    let gateways: Vec<&str> = super::FORMATS.iter().map(|format| format.id).collect();
    for text in [
        include_str!("../../../../tests/fixtures/usage/providers/openai-usage-completions.json"),
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-usage-report.json"),
        include_str!("../../../../tests/fixtures/usage/providers/claude-code.jsonl"),
        include_str!("../../../../tests/fixtures/usage/providers/gemini-usage-metadata.jsonl"),
        include_str!("../../../../tests/fixtures/usage/providers/openai-usage-export.csv"),
        include_str!("../../../../tests/fixtures/usage/providers/openai-costs.json"),
        include_str!("../../../../tests/fixtures/usage/providers/openai-responses.jsonl"),
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-console-usage.csv"),
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-cost-report.json"),
        include_str!("../../../../tests/fixtures/usage/providers/anthropic-console-cost.csv"),
        include_str!("../../../../tests/fixtures/usage/openai-chat-completions.jsonl"),
        include_str!("../../../../tests/fixtures/usage/anthropic-messages.csv"),
    ] {
        if let Some(format) = detect_export(text) {
            assert!(
                !gateways.contains(&format.id),
                "{} took a providers' file",
                format.id
            );
        }
    }
}
