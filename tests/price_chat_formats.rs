//! The price catalog, price-overrides and chat-import formats read today's files exactly
//! as the hand-written readers of main did (before the move to serde-derived structs).
//!
//! Every fixture under `tests/fixtures/prices/` and `tests/fixtures/chat/` was written by
//! the code of main at 1a22c8e: the `*-cases.json` files hold an input and what that code
//! made of it (the parsed value's `Debug`, or the error's message and kind, and for
//! overrides the text `to_json` writes back); `overrides-*.json` are files as the app
//! exports them (and keeps them in localStorage), with `*.parsed.txt` beside them.
//! `catalog-v1.json` is a sample of the shipped catalog as `scripts/update-prices` wrote
//! it before the `tokenizer` field (its OpenAI models name their `encoding`).
//!
//! One deliberate change since: a model's `encoding: Option<String>` became
//! `tokenizer: ModelTokenizer` (read from `tokenizer`, else from an old file's `encoding`),
//! and the overrides writer writes `"tokenizer"` where it wrote `"encoding"`. The expected
//! outcomes were rewritten for that change only, by substitution, not by running the new
//! code: `encoding: None` became `tokenizer: Estimate`, `encoding: Some("o200k_base")`
//! became `tokenizer: Exact(O200kBase)` (any name that is no encoding `Unknown(..)`), and a
//! written `"encoding": "x"` became `"tokenizer": "x"`. A second deliberate change (#16): a
//! model gained `reasoning` and the flex / priority service-tier prices, and an edit its
//! `tiers`; their `Debug` was added to the expected outcomes by substitution (`reasoning:
//! false` after `deprecated`, the six service-tier prices as `None` after `batch_output`,
//! `tiers: None` at the end of a `PriceEdit`). And the overrides writer now writes a custom
//! model's long-context `tiers` and `deprecated: true`, which it dropped: the 53 cases
//! whose written text changed were taken from the new writer after a check that the parsed
//! value was the same and the written text only gained those keys. The chat inputs `openai-cookbook.json` and `function-call.json` are the
//! conversations of tiktoken-rs 0.12.1's `num_tokens_from_messages` tests (from OpenAI's
//! cookbook), written out as the API's JSON.

use std::fs;

use burnrate::formats::overrides;
use burnrate::money::catalog::Catalog;
use burnrate::text::chat::parse_messages;

fn fixture(path: &str) -> String {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    input: String,
    outcome: String,
}

/// Checks every case of `path` and reports all that differ at once. A case may differ
/// only in one of the two deliberate ways of [`deliberate_difference`].
fn check_cases(path: &str, outcome: fn(&str) -> String) {
    let cases: Vec<Case> = serde_json::from_str(&fixture(path)).expect("a list of cases");
    assert!(cases.len() > 100, "{path}: {} cases", cases.len());
    let differing: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let now = outcome(&case.input);
            (now != case.outcome && !deliberate_difference(case, &now, outcome)).then(|| {
                format!(
                    "input:  {}\nbefore: {}\nnow:    {now}\n",
                    case.input, case.outcome
                )
            })
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{path}: {} of {} cases differ:\n{}",
        differing.len(),
        cases.len(),
        differing.join("\n")
    );
}

/// The serde structs read two kinds of input differently from main, on purpose (see
/// `burnrate::json` and `money::catalog::file`):
/// - An object that names a field twice is refused as not JSON, naming the field (serde's
///   derive refuses it; main's `serde_json::Value` kept the last value). No writer makes
///   such a file: JSON.stringify, Python's json and this app's writers cannot.
/// - A field the format ignores is skipped unread, so a number too large for a float or a
///   broken `\u` escape in it no longer makes the whole file "not JSON": it reads as if
///   that field held anything else.
fn deliberate_difference(case: &Case, now: &str, outcome: fn(&str) -> String) -> bool {
    if let Some(field) = now
        .split("duplicate field `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
    {
        return case.input.matches(&format!("\"{field}\":")).count() >= 2;
    }
    let unreadable = ["1e400", "\"\\uD800\""];
    // Fields of the cases that their format ignores (an edit has no `cache_write_5m`).
    let ignored = [
        "\"unknown_field\":",
        "\"extra\":",
        "\"other\":",
        "{\"a\":",
        "{\"cache_write_5m\":",
    ];
    unreadable.iter().any(|value| {
        ignored
            .iter()
            .any(|field| case.input.contains(&format!("{field}{value}")))
            && now == outcome(&case.input.replace(value, "0"))
    })
}

fn catalog_outcome(text: &str) -> String {
    match Catalog::parse(text) {
        Ok(catalog) => format!("ok: {catalog:?}"),
        Err(error) => format!("error: {error} | {:?}", error.kind),
    }
}

fn overrides_outcome(text: &str) -> String {
    match overrides::parse(text) {
        Ok(parsed) => format!("ok: {parsed:?}\nwritten: {}", overrides::to_json(&parsed)),
        Err(error) => format!("error: {error} | {:?}", error.kind),
    }
}

fn chat_outcome(text: &str) -> String {
    match parse_messages(text) {
        Ok(messages) => format!("ok: {messages:?}"),
        Err(error) => format!("error: {error}"),
    }
}

#[test]
fn catalog_files_read_as_before() {
    let parsed = Catalog::parse(&fixture("prices/catalog-v1.json")).expect("the sample");
    assert_eq!(
        format!("{parsed:#?}\n"),
        fixture("prices/catalog-v1.parsed.txt")
    );
    check_cases("prices/catalog-cases.json", catalog_outcome);
}

#[test]
fn overrides_files_read_and_write_as_before() {
    for name in ["empty", "edits", "full"] {
        let file = fixture(&format!("prices/overrides-{name}.json"));
        let parsed = overrides::parse(&file).expect("an exported file");
        assert_eq!(
            format!("{parsed:#?}\n"),
            fixture(&format!("prices/overrides-{name}.parsed.txt")),
            "{name}"
        );
        // The writer is deterministic: the same overrides give the same bytes, except that a
        // custom model's `encoding` (written by builds before the catalog's `tokenizer`) is
        // written back as `tokenizer`, in the same place.
        let expected = file.replace("\"encoding\": ", "\"tokenizer\": ");
        assert_eq!(overrides::to_json(&parsed), expected, "{name}");
    }
    check_cases("prices/overrides-cases.json", overrides_outcome);
}

#[test]
fn chat_imports_read_as_before() {
    check_cases("chat/cases.json", chat_outcome);
}
