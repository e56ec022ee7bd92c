//! Exact token counts with OpenAI's encodings and the open tiktoken-style tokenizers
//! ([`tokenize`], splitting in [`split`]) and the SentencePiece-style ones ([`piece`]), the
//! binary token-table formats the app downloads on demand ([`table`]), and the readers of the vendors' own files that the tables are
//! generated from ([`vendor`]).
//!
//! Owns: every use of `tiktoken-rs`. Must not know: the DOM, Leptos or fetching; callers
//! hand it bytes and strings. The app reaches it as `burnrate::text::{tokenize, table}`.

pub mod piece;
pub mod split;
pub mod table;
pub mod tokenize;
pub mod vendor;

/// A property test's config with `cases` cases, or `PROPTEST_CASES` when it is set (the
/// deep mode: `PROPTEST_CASES=10000 cargo test --workspace`).
#[cfg(test)]
fn cases(cases: u32) -> proptest::prelude::ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(cases);
    proptest::prelude::ProptestConfig::with_cases(cases)
}
