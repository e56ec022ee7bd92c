//! Exact token counts with OpenAI's encodings, through `tiktoken-rs`.
//!
//! An [`Encoder`] is built from a token table ([`crate::table`]), which the app
//! downloads on demand so that the tables stay out of the app's wasm. Native code (tests,
//! benchmarks, the table exporter) can also build one from the tables bundled in
//! `tiktoken-rs` with [`Encoder::bundled`].
//!
//! Text is always encoded as ordinary text: a string that looks like a special token, such
//! as `<|endoftext|>`, counts as the plain characters it is, as it does when a user's text
//! is sent to an API.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Mutex;

use rustc_hash::FxHashMap;
use tiktoken_rs::CoreBPE;

use crate::table::{self, Rank, TableError};

/// Pieces at least this long are merged with a heap ([`merge_long`]), as tiktoken itself
/// does from 100 bytes, so that a long run without spaces takes seconds, not hours.
const LARGE_PIECE: usize = 100;

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

/// The regular expressions that split text into pieces before byte-pair merging are
/// tiktoken's (`tiktoken-rs` 0.12.1, `src/tiktoken_ext/openai_public.rs`, following OpenAI's
/// `tiktoken`). These are the same patterns for the `regex` crate, which has no look-ahead and no possessive
/// quantifiers but runs several times faster than `fancy-regex`:
/// - possessive quantifiers become greedy ones: in these patterns each possessive part is
///   followed only by characters it cannot match, so it never has anything to give back;
/// - the trailing `\s+(?!\S)|\s` (or `|\s+`) becomes `\s+`, and [`Encoder::count`] gives
///   back the last character of a whitespace run of two or more characters followed by a
///   non-space, which is what the look-ahead does. A run that the newline alternative
///   matched (it ends in `\r` or `\n`) or that reaches the end of the text is kept whole.
const R50K_FAST: &str = "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+";
const CL100K_FAST: &str = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s+$|\\s*[\\r\\n]|\\s+";
const O200K_FAST: &str = concat!(
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    "|",
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    "|",
    r"\p{N}{1,3}",
    "|",
    r" ?[^\s\p{L}\p{N}]+[\r\n/]*",
    "|",
    r"\s*[\r\n]+",
    "|",
    r"\s+",
);

/// An encoding is written as its name (`"o200k_base"`), as in URLs and saved inputs.
impl serde::Serialize for Encoding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Encoding {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Encoding::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("no encoding is called \"{name}\"")))
    }
}

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

    fn fast_pattern(self) -> &'static str {
        match self {
            Encoding::O200kBase | Encoding::O200kHarmony => O200K_FAST,
            Encoding::Cl100kBase => CL100K_FAST,
            Encoding::P50kBase | Encoding::R50kBase => R50K_FAST,
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
///
/// Tokens come from the same two steps as in tiktoken: split the text into pieces with
/// the encoding's pattern, then merge each piece's bytes by rank. The split runs on the
/// `regex` crate (see [`O200K_FAST`]); a piece that is a whole token is looked up, a short
/// one is merged by tiktoken-rs's own `byte_pair_split` (the merge tiktoken uses below 100
/// bytes), and a long one by [`merge_long`], the same merge with a heap. The tests compare
/// every result with tiktoken-rs's `encode_ordinary`.
pub struct Encoder {
    encoding: Encoding,
    /// The `regex`-crate form of the pattern.
    fast: regex::Regex,
    /// Token bytes -> rank.
    ranks: FxHashMap<Vec<u8>, Rank>,
    /// Token counts of pieces that are not whole tokens, as merged before. Real text
    /// repeats such pieces (CJK, emoji, rare words) often; the merge is the costly step.
    merged: Mutex<FxHashMap<Box<[u8]>, u32>>,
}

/// Most pieces remembered in [`Encoder::merged`] before it starts over.
const MERGED_CAPACITY: usize = 65_536;

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
        Encoder::assemble(encoding, table.ranks)
    }

    fn assemble(
        encoding: Encoding,
        ranks: FxHashMap<Vec<u8>, Rank>,
    ) -> Result<Encoder, TokenizeError> {
        let fast = regex::Regex::new(encoding.fast_pattern())
            .map_err(|error| TokenizeError::Tiktoken(error.to_string()))?;
        Ok(Encoder {
            encoding,
            fast,
            ranks,
            merged: Mutex::new(FxHashMap::default()),
        })
    }

    /// Builds the encoder from the tables bundled in `tiktoken-rs`. For native code only:
    /// calling this from the app would put the tables into its wasm.
    pub fn bundled(encoding: Encoding) -> Result<Encoder, TokenizeError> {
        let bpe = bundled_bpe(encoding)?;
        let ranks = ordinary_ranks(&bpe).into_iter().collect();
        Encoder::assemble(encoding, ranks)
    }

    /// The encoding.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Calls `each` with every piece of `text` (byte range) from byte `from` on, in order.
    /// `from` must be where a piece starts (0, or the end of a piece): the pattern has no
    /// look-behind, so the pieces from there are the same as in a run from the start.
    fn pieces(
        &self,
        text: &str,
        from: usize,
        mut each: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) {
        let newline_alternative = !matches!(self.encoding, Encoding::P50kBase | Encoding::R50kBase);
        let mut at = from;
        while at < text.len() {
            let Some(found) = self.fast.find_at(text, at) else {
                break;
            };
            let start = found.start();
            let mut end = found.end();
            let piece = found.as_str();
            if end < text.len()
                && piece.starts_with(char::is_whitespace)
                && !(newline_alternative && piece.ends_with(['\r', '\n']))
                && piece.chars().all(char::is_whitespace)
            {
                // `\s+(?!\S)`: a run followed by a non-space gives back its last character,
                // unless it is a single character (then `\s` or `\s+` takes it whole).
                let mut chars = piece.chars();
                if let (Some(last), Some(_)) = (chars.next_back(), chars.next()) {
                    end -= last.len_utf8();
                }
            }
            if each(start, end).is_break() {
                return;
            }
            at = end;
        }
    }

    /// Calls `each` with every token of `text` as (id, start, end), in order, until it
    /// says stop.
    fn tokens(&self, text: &str, mut each: impl FnMut(TokenSpan) -> ControlFlow<()>) {
        self.pieces(text, 0, |start, end| {
            let bytes = &text.as_bytes()[start..end];
            if let Some(&id) = self.ranks.get(bytes) {
                return each(TokenSpan { id, start, end });
            }
            if bytes.len() < LARGE_PIECE {
                for part in tiktoken_rs::byte_pair_split(bytes, &self.ranks) {
                    let offset = start + (part.as_ptr() as usize - bytes.as_ptr() as usize);
                    let id = self.ranks.get(part).copied().unwrap_or_default();
                    each(TokenSpan {
                        id,
                        start: offset,
                        end: offset + part.len(),
                    })?;
                }
                return ControlFlow::Continue(());
            }
            let mut offset = start;
            for part_end in merge_long(bytes, &self.ranks) {
                let part = &bytes[offset - start..part_end];
                let id = self.ranks.get(part).copied().unwrap_or_default();
                each(TokenSpan {
                    id,
                    start: offset,
                    end: start + part_end,
                })?;
                offset = start + part_end;
            }
            ControlFlow::Continue(())
        });
    }

    /// The token ids of `text`.
    pub fn encode(&self, text: &str) -> Vec<Rank> {
        let mut ids = Vec::with_capacity(text.len() / 4);
        self.tokens(text, |span| {
            ids.push(span.id);
            ControlFlow::Continue(())
        });
        ids
    }

    /// The number of tokens in `text`, without building the list of ids.
    pub fn count(&self, text: &str) -> usize {
        self.count_part(text, 0, usize::MAX).0
    }

    /// Counts `text` a part at a time, so that a caller can stop between parts: the tokens
    /// of the pieces from byte `from` until at least `at_least` bytes are covered (or the
    /// text ends), and the offset where it stopped. `from` is 0 or an offset this returned
    /// for the same text; the counts of the parts up to the end add up to [`Encoder::count`].
    /// Any other `from` past the end or inside a character counts nothing and returns the
    /// text's end, rather than panic.
    pub fn count_part(&self, text: &str, from: usize, at_least: usize) -> (usize, usize) {
        if !text.is_char_boundary(from) {
            return (0, text.len());
        }
        let stop = from.saturating_add(at_least);
        let mut total = 0;
        let mut reached = text.len();
        self.pieces(text, from, |start, end| {
            let bytes = &text.as_bytes()[start..end];
            total += if self.ranks.contains_key(bytes) {
                1
            } else {
                self.merged_count(&text[start..end])
            };
            if end >= stop && end < text.len() {
                reached = end;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        (total, reached)
    }

    /// The tokens of a piece that is not a whole token, remembered across calls.
    fn merged_count(&self, piece: &str) -> usize {
        let bytes = piece.as_bytes();
        if let Ok(merged) = self.merged.lock() {
            if let Some(&count) = merged.get(bytes) {
                return count as usize;
            }
        }
        let count = if bytes.len() < LARGE_PIECE {
            // Every single byte is a token, so `bytes` has two or more here.
            tiktoken_rs::byte_pair_split(bytes, &self.ranks).len()
        } else {
            merge_long(bytes, &self.ranks).len()
        };
        if let Ok(mut merged) = self.merged.lock() {
            if merged.len() >= MERGED_CAPACITY {
                merged.clear();
            }
            merged.insert(bytes.into(), u32::try_from(count).unwrap_or(u32::MAX));
        }
        count
    }

    /// Forgets the remembered merges (for benchmarks that want a cold start).
    pub fn forget_merges(&self) {
        if let Ok(mut merged) = self.merged.lock() {
            merged.clear();
        }
    }

    /// Every ordinary (token bytes, rank) pair, sorted by rank: what [`table::write`]
    /// stores.
    pub fn ranks(&self) -> Vec<(Vec<u8>, Rank)> {
        let mut ranks: Vec<(Vec<u8>, Rank)> = self
            .ranks
            .iter()
            .map(|(bytes, &rank)| (bytes.clone(), rank))
            .collect();
        ranks.sort_by_key(|&(_, rank)| rank);
        ranks
    }

    /// The first `limit` tokens of `text` with their byte spans.
    pub fn spans(&self, text: &str, limit: usize) -> Vec<TokenSpan> {
        let mut spans = Vec::with_capacity(limit.min(text.len()));
        if limit == 0 {
            return spans;
        }
        self.tokens(text, |span| {
            spans.push(span);
            if spans.len() >= limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        spans
    }

    /// Cuts `text` so it holds at most `max_tokens` tokens: at a token boundary, backed
    /// off to a character boundary so no character is split, and re-counted on its own
    /// (a prefix can tokenize differently from the same bytes inside the whole text).
    pub fn truncate(&self, text: &str, max_tokens: usize) -> Truncation {
        let spans = self.spans(text, max_tokens.saturating_add(1));
        if spans.len() <= max_tokens {
            let total_tokens = spans.len();
            return Truncation {
                kept_bytes: text.len(),
                kept_tokens: total_tokens,
                total_tokens,
            };
        }
        let total_tokens = self.count(text);
        let mut keep = max_tokens;
        loop {
            let mut cut = if keep == 0 {
                0
            } else {
                spans[keep - 1].end.min(text.len())
            };
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

/// tiktoken-rs's own encoder for `encoding`, with its bundled table.
fn bundled_bpe(encoding: Encoding) -> Result<CoreBPE, TokenizeError> {
    match encoding {
        Encoding::O200kBase => tiktoken_rs::o200k_base(),
        Encoding::O200kHarmony => tiktoken_rs::o200k_harmony(),
        Encoding::Cl100kBase => tiktoken_rs::cl100k_base(),
        Encoding::P50kBase => tiktoken_rs::p50k_base(),
        Encoding::R50kBase => tiktoken_rs::r50k_base(),
    }
    .map_err(|error| TokenizeError::Tiktoken(error.to_string()))
}

/// Byte-pair merges a piece and returns the end offset of each of its tokens, in order.
///
/// The rule is tiktoken's: every byte starts as its own part; while some two neighbouring
/// parts join into a token, join the pair whose joined bytes have the lowest rank (the
/// leftmost such pair on a tie). tiktoken-rs's `byte_pair_split` rescans every pair after
/// each join, O(n²); here the candidate pairs wait in a min-heap keyed by (rank, start),
/// so a piece of n bytes takes O(n log n). A popped pair is used only if both its parts
/// are still as they were (its start still begins a part and the bytes up to the end of
/// the next part still have that rank; equal ranks mean equal bytes, so the same pair).
fn merge_long(piece: &[u8], ranks: &FxHashMap<Vec<u8>, Rank>) -> Vec<usize> {
    const NONE: u32 = u32::MAX;
    let n = piece.len();
    if n == 0 {
        return Vec::new();
    }
    // Offsets fit in u32: pieces come from texts far smaller than 4 GB.
    let len = u32::try_from(n).unwrap_or(u32::MAX);
    // next[i]: the start of the part after the one starting at i (`len` at the end);
    // prev[i]: the start of the part before it (NONE for the first); alive[i]: i starts a
    // part.
    let mut next: Vec<u32> = (1..=len).collect();
    let mut prev: Vec<u32> = (0..len).map(|i| i.checked_sub(1).unwrap_or(NONE)).collect();
    let mut alive = vec![true; n];
    let rank = |start: u32, end: u32| ranks.get(&piece[start as usize..end as usize]).copied();
    let mut heap: BinaryHeap<Reverse<(Rank, u32)>> = (0..len.saturating_sub(1))
        .filter_map(|i| rank(i, i + 2).map(|r| Reverse((r, i))))
        .collect();
    while let Some(Reverse((pair_rank, start))) = heap.pop() {
        if !alive[start as usize] {
            continue;
        }
        let middle = next[start as usize];
        if middle >= len {
            continue;
        }
        let end = next[middle as usize];
        if rank(start, end) != Some(pair_rank) {
            continue;
        }
        // Join the part at `middle` into the one at `start`.
        alive[middle as usize] = false;
        next[start as usize] = end;
        if end < len {
            prev[end as usize] = start;
            if let Some(r) = rank(start, next[end as usize]) {
                heap.push(Reverse((r, start)));
            }
        }
        let before = prev[start as usize];
        if before != NONE {
            if let Some(r) = rank(before, end) {
                heap.push(Reverse((r, before)));
            }
        }
    }
    let mut ends = Vec::new();
    let mut at = 0;
    while at < len {
        at = next[at as usize];
        ends.push(at as usize);
    }
    ends
}

/// Every ordinary (not special) token of `bpe` as (bytes, rank), by rank, found by decoding
/// every rank up to the largest plausible one.
fn ordinary_ranks(bpe: &CoreBPE) -> Vec<(Vec<u8>, Rank)> {
    let specials = bpe.special_tokens();
    (0..=210_000)
        .filter_map(|rank| bpe.decode_bytes(&[rank]).ok().map(|bytes| (bytes, rank)))
        .filter(|(bytes, _)| {
            std::str::from_utf8(bytes).map_or(true, |text| !specials.contains(text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    /// tiktoken-rs's own encoders, the reference every count is checked against.
    fn reference(encoding: Encoding) -> &'static CoreBPE {
        static REFERENCES: OnceLock<BTreeMap<Encoding, CoreBPE>> = OnceLock::new();
        let all = REFERENCES.get_or_init(|| {
            Encoding::ALL
                .into_iter()
                .map(|encoding| (encoding, bundled_bpe(encoding).unwrap()))
                .collect()
        });
        &all[&encoding]
    }

    impl Encoder {
        /// tiktoken-rs's own ids for `text`, to check ours against.
        fn reference_encode(&self, text: &str) -> Vec<Rank> {
            reference(self.encoding).encode_ordinary(text)
        }
    }

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
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
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
                assert_eq!(
                    encoder(encoding).encode(&text),
                    encoder(encoding).reference_encode(&text),
                    "{name} ids on {file}"
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
    fn a_part_from_a_bad_offset_counts_nothing() {
        let o200k = encoder(Encoding::O200kBase);
        let text = "日本語 text";
        assert_eq!(o200k.count_part(text, 1, 4), (0, text.len()));
        assert_eq!(o200k.count_part(text, 99, 4), (0, text.len()));
        assert_eq!(o200k.count_part(text, text.len(), 4), (0, text.len()));
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
        let spans = o200k.spans(text, usize::MAX);
        assert_eq!(spans.len(), o200k.count(text));
        let ids: Vec<Rank> = spans.iter().map(|span| span.id).collect();
        assert_eq!(ids, o200k.reference_encode(text));
        assert_eq!(spans.first().unwrap().start, 0);
        assert_eq!(spans.last().unwrap().end, text.len());
        for pair in spans.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        let first_two = o200k.spans(text, 2);
        assert_eq!(first_two, spans[..2]);
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

    #[test]
    fn fast_counts_equal_tiktoken_on_whitespace_edge_cases() {
        let cases = [
            "",
            " ",
            "  ",
            "   x",
            "  \tx",
            "x  ",
            "x   \n",
            "\n\n  x",
            "  \n  x",
            "\r\n\r\nx",
            "a \u{3000}\u{3000}b",
            "\u{3000}",
            "x\u{a0}\u{a0}y",
            "don't   stop",
            "1234567 89",
            " \t\n \t\nword  \n",
            "'s'S'LL",
            "   \u{1F525}",
            "\t\t\t",
            "a\r\r\r b",
        ];
        for encoding in Encoding::ALL {
            let encoder = encoder(encoding);
            for text in cases {
                assert_eq!(
                    encoder.count(text),
                    encoder.encode(text).len(),
                    "{encoding:?} {text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(500))]
        // The fast count must equal tiktoken-rs's own on text rich in what the patterns
        // treat specially: whitespace of every kind, newlines, contractions, digits,
        // punctuation, marks and letters of several scripts.
        #[test]
        fn fast_count_equals_tiktoken(text in "[a-zA-Z0-9 \t\r\n\u{a0}\u{3000}\u{2028}.,;:!?'/\\-_()<>|\"éßÉ\u{301}日本語かカ한🔥]{0,120}") {
            for encoding in [Encoding::O200kBase, Encoding::Cl100kBase, Encoding::R50kBase] {
                let encoder = encoder(encoding);
                let reference = encoder.reference_encode(&text);
                proptest::prop_assert_eq!(encoder.count(&text), reference.len(), "{:?} {:?}", encoding, text);
                proptest::prop_assert_eq!(encoder.encode(&text), reference, "{:?} {:?}", encoding, text);
            }
        }
    }

    #[test]
    fn long_runs_without_spaces_equal_tiktoken() {
        let o200k = encoder(Encoding::O200kBase);
        let cl100k = encoder(Encoding::Cl100kBase);
        for text in [
            "a".repeat(20_000),
            "ab".repeat(5_000),
            "xyzzy".repeat(999),
            "日本語".repeat(700),
            "🔥".repeat(300),
            "-_".repeat(1_000),
            format!("{}{}", "Supercalifragilistic".repeat(60), "ation"),
        ] {
            for encoder in [o200k, cl100k] {
                let reference = encoder.reference_encode(&text);
                assert_eq!(encoder.encode(&text), reference, "{:?}", &text[..20]);
                encoder.forget_merges();
                assert_eq!(encoder.count(&text), reference.len());
            }
        }
        // The pathological case of naive merging, and one whose answer is known: "aaaaaaaa"
        // is one o200k_base token, so a million a's are 125,000 tokens.
        assert_eq!(o200k.count(&"a".repeat(1_000_000)), 125_000);
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(300))]
        // Counting part by part, with any part size, gives the whole text's count.
        #[test]
        fn parts_add_up_to_the_count(text in "[a-zA-Z0-9 \t\r\n\u{a0}.,;:!?'/\\-_()<>\"éßÉ\u{301}日本語かカ한🔥]{0,200}", step in 1usize..40) {
            for encoding in [Encoding::O200kBase, Encoding::Cl100kBase, Encoding::R50kBase] {
                let encoder = encoder(encoding);
                let mut at = 0;
                let mut total = 0;
                let mut parts = 0;
                while at < text.len() {
                    let (tokens, next) = encoder.count_part(&text, at, step);
                    proptest::prop_assert!(next > at && text.is_char_boundary(next));
                    total += tokens;
                    at = next;
                    parts += 1;
                }
                proptest::prop_assert_eq!(total, encoder.count(&text), "{:?} {:?} in {} parts", encoding, text, parts);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(500))]
        // The heap merge joins the same pairs as tiktoken-rs's own (quadratic) merge, on
        // pieces of every length around and above where it takes over.
        #[test]
        fn heap_merge_equals_tiktoken_merge(piece in "[a-e ]{0,400}|[a-zA-Z0-9_.,]{0,300}|[日本語の🔥é]{0,120}") {
            let ranks = &encoder(Encoding::O200kBase).ranks;
            let bytes = piece.as_bytes();
            // tiktoken-rs's merge takes two bytes or more.
            proptest::prop_assume!(bytes.len() >= 2);
            let theirs: Vec<usize> = tiktoken_rs::byte_pair_split(bytes, ranks)
                .iter()
                .map(|part| part.as_ptr() as usize - bytes.as_ptr() as usize + part.len())
                .collect();
            proptest::prop_assert_eq!(merge_long(bytes, ranks), theirs);
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(64))]
        #[test]
        fn truncation_always_fits(text in "\\PC{0,200}", max in 0usize..60) {
            let o200k = encoder(Encoding::O200kBase);
            let cut = o200k.truncate(&text, max);
            proptest::prop_assert!(cut.kept_tokens <= max);
            proptest::prop_assert!(text.is_char_boundary(cut.kept_bytes));
        }
    }
}
