//! Exact token counts with OpenAI's encodings, through `tiktoken-rs`.
//!
//! An [`Encoder`] is built from a token table ([`crate::text::table`]), which the app
//! downloads on demand so that the tables stay out of the app's wasm. Native code (tests,
//! benchmarks, the table exporter) can also build one from the tables bundled in
//! `tiktoken-rs` with [`Encoder::bundled`].
//!
//! Text is always encoded as ordinary text: a string that looks like a special token, such
//! as `<|endoftext|>`, counts as the plain characters it is, as it does when a user's text
//! is sent to an API.

use std::fmt;

use rustc_hash::FxHashMap;
use tiktoken_rs::CoreBPE;

use crate::text::table::{self, Rank, TableError};

/// An OpenAI encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Encoding {
    /// GPT-5, GPT-4.1, GPT-4o and the o-series.
    O200kBase,
    /// gpt-oss (o200k_base's tokens with the Harmony chat format's special tokens).
    O200kHarmony,
    /// GPT-4 and GPT-3.5.
    Cl100kBase,
    /// Codex and text-davinci-002/003.
    P50kBase,
    /// GPT-3 (davinci) and GPT-2.
    R50kBase,
}

/// The regular expressions that split text into pieces before byte-pair merging, as in
/// `tiktoken-rs` 0.12.1 (`src/tiktoken_ext/openai_public.rs`), which follows OpenAI's
/// `tiktoken`.
const R50K_PATTERN: &str =
    "'(?:[sdmt]|ll|ve|re)| ?\\p{L}++| ?\\p{N}++| ?[^\\s\\p{L}\\p{N}]++|\\s++$|\\s+(?!\\S)|\\s";
const CL100K_PATTERN: &str = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*+|\\s++$|\\s*[\\r\\n]|\\s+(?!\\S)|\\s";

impl Encoding {
    /// Every encoding, most used first.
    pub const ALL: [Encoding; 5] = [
        Encoding::O200kBase,
        Encoding::Cl100kBase,
        Encoding::P50kBase,
        Encoding::R50kBase,
        Encoding::O200kHarmony,
    ];

    /// The default for new text, and for models whose tokenizer is not public.
    pub const DEFAULT: Encoding = Encoding::O200kBase;

    /// tiktoken's name, such as `o200k_base`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::O200kBase => "o200k_base",
            Encoding::O200kHarmony => "o200k_harmony",
            Encoding::Cl100kBase => "cl100k_base",
            Encoding::P50kBase => "p50k_base",
            Encoding::R50kBase => "r50k_base",
        }
    }

    /// The encoding called `name`.
    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::ALL
            .into_iter()
            .find(|encoding| encoding.name() == name)
    }

    /// Which models use it, for people choosing one.
    pub fn used_by(self) -> &'static str {
        match self {
            Encoding::O200kBase => "GPT-5, GPT-4.1, GPT-4o, o-series",
            Encoding::O200kHarmony => "gpt-oss",
            Encoding::Cl100kBase => "GPT-4, GPT-3.5, embeddings",
            Encoding::P50kBase => "Codex, text-davinci-002/003",
            Encoding::R50kBase => "GPT-3, GPT-2",
        }
    }

    fn pattern(self) -> &'static str {
        match self {
            Encoding::O200kBase | Encoding::O200kHarmony => tiktoken_rs::O200K_BASE_PAT_STR,
            Encoding::Cl100kBase => CL100K_PATTERN,
            Encoding::P50kBase | Encoding::R50kBase => R50K_PATTERN,
        }
    }

    /// The file name of its table in the build: `tokenizers/<name>.bin`. o200k_harmony
    /// shares o200k_base's table.
    pub fn table_name(self) -> &'static str {
        match self {
            Encoding::O200kHarmony => "o200k_base",
            other => other.name(),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an encoder could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenizeError {
    /// The table could not be read.
    Table(TableError),
    /// The table is for another encoding.
    WrongTable {
        /// The encoding asked for.
        expected: &'static str,
        /// The table's encoding.
        found: String,
    },
    /// tiktoken-rs refused the data (its message).
    Tiktoken(String),
}

impl fmt::Display for TokenizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenizeError::Table(error) => error.fmt(f),
            TokenizeError::WrongTable { expected, found } => {
                write!(f, "expected the {expected} token table, got {found}")
            }
            TokenizeError::Tiktoken(message) => {
                write!(f, "the tokenizer failed to load: {message}")
            }
        }
    }
}

impl std::error::Error for TokenizeError {}

/// One token of a text: its id and where its bytes are in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenSpan {
    /// The token id (rank).
    pub id: Rank,
    /// Byte offset of its first byte in the text.
    pub start: usize,
    /// Byte offset just past its last byte. A token may start or end inside a multi-byte
    /// character; then `start` or `end` is not a character boundary.
    pub end: usize,
}

/// A text cut to fit a token budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Truncation {
    /// Byte length of the kept prefix (always a character boundary).
    pub kept_bytes: usize,
    /// Tokens in the kept prefix, counted on its own.
    pub kept_tokens: usize,
    /// Tokens in the whole text.
    pub total_tokens: usize,
}

/// A ready tokenizer for one encoding.
pub struct Encoder {
    encoding: Encoding,
    bpe: CoreBPE,
}

impl fmt::Debug for Encoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encoder")
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl Encoder {
    /// Builds the encoder for `encoding` from a table file's bytes.
    pub fn from_table(encoding: Encoding, data: &[u8]) -> Result<Encoder, TokenizeError> {
        let table = table::read(data).map_err(TokenizeError::Table)?;
        if table.encoding != encoding.table_name() {
            return Err(TokenizeError::WrongTable {
                expected: encoding.table_name(),
                found: table.encoding,
            });
        }
        Encoder::from_ranks(encoding, table.ranks)
    }

    fn from_ranks(
        encoding: Encoding,
        ranks: FxHashMap<Vec<u8>, Rank>,
    ) -> Result<Encoder, TokenizeError> {
        // Only ordinary encoding is used, so no special tokens are registered; tiktoken-rs
        // still needs a (never matching) special-token pattern.
        let bpe = CoreBPE::new(ranks, FxHashMap::default(), encoding.pattern())
            .map_err(|error| TokenizeError::Tiktoken(error.to_string()))?;
        Ok(Encoder { encoding, bpe })
    }

    /// Builds the encoder from the tables bundled in `tiktoken-rs`. For native code only:
    /// calling this from the app would put the tables into its wasm.
    pub fn bundled(encoding: Encoding) -> Result<Encoder, TokenizeError> {
        let bpe = match encoding {
            Encoding::O200kBase => tiktoken_rs::o200k_base(),
            Encoding::O200kHarmony => tiktoken_rs::o200k_harmony(),
            Encoding::Cl100kBase => tiktoken_rs::cl100k_base(),
            Encoding::P50kBase => tiktoken_rs::p50k_base(),
            Encoding::R50kBase => tiktoken_rs::r50k_base(),
        }
        .map_err(|error| TokenizeError::Tiktoken(error.to_string()))?;
        Ok(Encoder { encoding, bpe })
    }

    /// The encoding.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The token ids of `text`.
    pub fn encode(&self, text: &str) -> Vec<Rank> {
        self.bpe.encode_ordinary(text)
    }

    /// The number of tokens in `text`.
    pub fn count(&self, text: &str) -> usize {
        self.encode(text).len()
    }

    /// The bytes of token `id`, if it exists.
    pub fn token_bytes(&self, id: Rank) -> Option<Vec<u8>> {
        self.bpe.decode_bytes(&[id]).ok()
    }

    /// Every (token bytes, rank) pair, sorted by rank: what [`table::write`] stores.
    /// Found by decoding every rank up to the largest plausible one.
    pub fn ranks(&self) -> Vec<(Vec<u8>, Rank)> {
        (0..=210_000)
            .filter_map(|rank| self.token_bytes(rank).map(|bytes| (bytes, rank)))
            .collect()
    }

    /// The first `limit` tokens of `text` with their byte spans, and the total count.
    pub fn spans(&self, text: &str, limit: usize) -> (Vec<TokenSpan>, usize) {
        let ids = self.encode(text);
        let mut spans = Vec::with_capacity(ids.len().min(limit));
        let mut start = 0;
        for &id in ids.iter().take(limit) {
            let len = self.token_bytes(id).map_or(0, |bytes| bytes.len());
            spans.push(TokenSpan {
                id,
                start,
                end: start + len,
            });
            start += len;
        }
        (spans, ids.len())
    }

    /// Cuts `text` so it holds at most `max_tokens` tokens: at a token boundary, backed
    /// off to a character boundary so no character is split, and re-counted on its own
    /// (a prefix can tokenize differently from the same bytes inside the whole text).
    pub fn truncate(&self, text: &str, max_tokens: usize) -> Truncation {
        let ids = self.encode(text);
        let total_tokens = ids.len();
        if total_tokens <= max_tokens {
            return Truncation {
                kept_bytes: text.len(),
                kept_tokens: total_tokens,
                total_tokens,
            };
        }
        let mut keep = max_tokens;
        loop {
            let bytes: usize = ids[..keep]
                .iter()
                .map(|&id| self.token_bytes(id).map_or(0, |bytes| bytes.len()))
                .sum();
            let mut cut = bytes.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let kept_tokens = self.count(&text[..cut]);
            if kept_tokens <= max_tokens || keep == 0 {
                return Truncation {
                    kept_bytes: cut,
                    kept_tokens,
                    total_tokens,
                };
            }
            keep -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    fn encoder(encoding: Encoding) -> &'static Encoder {
        static ENCODERS: OnceLock<BTreeMap<Encoding, Encoder>> = OnceLock::new();
        let all = ENCODERS.get_or_init(|| {
            Encoding::ALL
                .into_iter()
                .map(|encoding| (encoding, Encoder::bundled(encoding).unwrap()))
                .collect()
        });
        &all[&encoding]
    }

    /// Counts recorded by an independent implementation (npm gpt-tokenizer) over a corpus
    /// of texts nobody here wrote, plus a few constructed edge cases; see
    /// tests/fixtures/tokens/SOURCES.md.
    #[test]
    fn counts_equal_the_reference_on_every_fixture() {
        let root = env!("CARGO_MANIFEST_DIR");
        let fixtures: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{root}/tests/fixtures/tokens/counts.json")).unwrap(),
        )
        .unwrap();
        let mut checked = 0;
        for (name, files) in fixtures["counts"].as_object().unwrap() {
            let encoding = Encoding::from_name(name).unwrap();
            for (file, expected) in files.as_object().unwrap() {
                let text =
                    std::fs::read_to_string(format!("{root}/tests/fixtures/tokens/corpus/{file}"))
                        .unwrap();
                assert_eq!(
                    encoder(encoding).count(&text) as u64,
                    expected.as_u64().unwrap(),
                    "{name} on {file}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 50, "only {checked} fixtures");
    }

    #[test]
    fn a_table_built_encoder_counts_like_the_bundled_one() {
        for encoding in [
            Encoding::O200kBase,
            Encoding::Cl100kBase,
            Encoding::R50kBase,
        ] {
            let bundled = encoder(encoding);
            let data = table::write(encoding.table_name(), &bundled.ranks());
            let loaded = Encoder::from_table(encoding, &data).unwrap();
            for text in [
                "Hello, world!",
                "  indented\r\n\tcode();",
                "日本語のテキスト 🔥🔥",
                "<|endoftext|>",
            ] {
                assert_eq!(
                    loaded.encode(text),
                    bundled.encode(text),
                    "{encoding:?} {text:?}"
                );
            }
        }
        let o200k = table::write("o200k_base", &encoder(Encoding::O200kBase).ranks());
        assert!(matches!(
            Encoder::from_table(Encoding::Cl100kBase, &o200k),
            Err(TokenizeError::WrongTable { .. })
        ));
    }

    #[test]
    fn special_token_text_is_plain_text() {
        let o200k = encoder(Encoding::O200kBase);
        assert!(o200k.count("<|endoftext|>") > 1);
        assert_eq!(o200k.count(""), 0);
    }

    #[test]
    fn spans_cover_the_text_byte_for_byte() {
        let o200k = encoder(Encoding::O200kBase);
        let text = "Tokens 🔥 and 日本語, exactly.";
        let (spans, total) = o200k.spans(text, usize::MAX);
        assert_eq!(spans.len(), total);
        assert_eq!(spans.first().unwrap().start, 0);
        assert_eq!(spans.last().unwrap().end, text.len());
        for pair in spans.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        let (first_two, total) = o200k.spans(text, 2);
        assert_eq!(first_two.len(), 2);
        assert_eq!(total, spans.len());
    }

    #[test]
    fn truncation_fits_the_budget_and_never_splits_a_character() {
        let o200k = encoder(Encoding::O200kBase);
        let text = "🔥".repeat(40) + " and some words after the fire";
        for max in [0, 1, 2, 3, 7, 20, 1000] {
            let cut = o200k.truncate(&text, max);
            assert!(text.is_char_boundary(cut.kept_bytes));
            assert!(
                cut.kept_tokens <= max,
                "max {max}: kept {}",
                cut.kept_tokens
            );
            assert_eq!(cut.kept_tokens, o200k.count(&text[..cut.kept_bytes]));
        }
        let whole = o200k.truncate("short", 10);
        assert_eq!(whole.kept_bytes, 5);
        assert_eq!(whole.kept_tokens, whole.total_tokens);
    }

    #[test]
    fn encodings_are_named_as_tiktoken_names_them() {
        for encoding in Encoding::ALL {
            assert_eq!(Encoding::from_name(encoding.name()), Some(encoding));
        }
        assert_eq!(Encoding::from_name("gpt2"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn truncation_always_fits(text in "\\PC{0,200}", max in 0usize..60) {
            let o200k = encoder(Encoding::O200kBase);
            let cut = o200k.truncate(&text, max);
            proptest::prop_assert!(cut.kept_tokens <= max);
            proptest::prop_assert!(text.is_char_boundary(cut.kept_bytes));
        }
    }
}
