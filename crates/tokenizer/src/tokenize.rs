//! Exact token counts with OpenAI's encodings (tiktoken-rs's merge), with the open
//! tokenizers whose tables are tiktoken-style byte-pair ranks: Llama 3 and 4, Mistral
//! tekken, Qwen 3 and DeepSeek V3, and with the SentencePiece-style ones, Mistral v3 and
//! Gemma 3 ([`crate::piece`]).
//!
//! An [`Encoder`] is built from a token table ([`crate::table`]), which the app
//! downloads on demand so that the tables stay out of the app's wasm. Native code (tests,
//! benchmarks, the table exporter) can also build one from the tables bundled in
//! `tiktoken-rs` with [`Encoder::bundled`], or from a vendor's own file
//! ([`Encoder::from_vendor`], see [`crate::vendor`]).
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

use crate::split::{self, MetaSlices, Piece, Splitter, Stage};
use crate::table::{self, Rank, Ranks, TableError};
use crate::vendor::{self, VendorError};

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
    /// Llama 3.0 to 3.3 (Meta's `llama3/tokenizer.model`, 128,000 ranks).
    Llama3,
    /// Llama 4 (Meta's `llama4/tokenizer.model`, 200,000 ranks).
    Llama4,
    /// Mistral's tekken (NeMo, Pixtral, Large 2407 on, the current models).
    MistralTekken,
    /// Qwen 2.5 and 3.
    Qwen3,
    /// DeepSeek V3 and R1.
    DeepseekV3,
    /// Mistral's SentencePiece tokenizer v3 (`mistral_instruct_tokenizer_240323.model.v3`).
    MistralV3,
    /// Gemma 3 (its `tokenizer.json`), which Google's SDK also uses to count Gemini locally.
    Gemma3,
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

/// Llama 3, as Meta's code writes it (llama-models 0.3.0, `llama3/tokenizer.py`,
/// `Tokenizer.pat_str`): cl100k_base's pattern with `\s*[\r\n]+` and without `\s++$`.
pub const LLAMA3_PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
const LLAMA3_FAST: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+";

/// Llama 4, as Meta's code writes it (`llama4/tokenizer.py`, `Tokenizer.O200K_PATTERN`):
/// o200k_base's pattern, character for character, so [`O200K_FAST`] is its fast form.
pub const LLAMA4_PATTERN: &str = r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// Mistral tekken, the pattern in `tekken_240911.json` (`config.pattern`): o200k_base's
/// without the contraction suffixes, and single digits.
pub const TEKKEN_PATTERN: &str = r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";
const TEKKEN_FAST: &str = r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+";

/// Qwen 3, the `Split` pattern of its `tokenizer.json` (after the NFC normalizer): Llama
/// 3's with single digits.
pub const QWEN3_PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
const QWEN3_FAST: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+";

/// DeepSeek V3, the three `Split` patterns of its `tokenizer.json`, applied one after the
/// other, each to the pieces the one before made (digit groups, then runs of CJK
/// ideographs and kana, then the rest). The file writes `\r\n` in the third as the two
/// characters themselves; here they are escapes, which mean the same.
pub const DEEPSEEK_V3_PATTERNS: [&str; 3] = [
    r"\p{N}{1,3}",
    "[一-龥぀-ゟ゠-ヿ]+",
    r##"[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"##,
];
const DEEPSEEK_V3_FAST_LAST: &str = r##"[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+"##;

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
    /// OpenAI's encodings, most used first, whose tables come with tiktoken-rs. The app
    /// offers these and the open tokenizers: [`Encoding::offered`].
    pub const ALL: [Encoding; 5] = [
        Encoding::O200kBase,
        Encoding::Cl100kBase,
        Encoding::P50kBase,
        Encoding::R50kBase,
        Encoding::O200kHarmony,
    ];

    /// The open tokenizers (tiktoken-style tables, and the SentencePiece-style Mistral v3 and
    /// Gemma 3), counted exactly against each vendor's own code
    /// (tests/fixtures/tokens/vendor-counts.json); their tables are generated from the
    /// vendors' files.
    pub const OPEN: [Encoding; 7] = [
        Encoding::Llama3,
        Encoding::Llama4,
        Encoding::MistralTekken,
        Encoding::MistralV3,
        Encoding::Qwen3,
        Encoding::DeepseekV3,
        Encoding::Gemma3,
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
            Encoding::Llama3 => "llama3",
            Encoding::Llama4 => "llama4",
            Encoding::MistralTekken => "mistral-tekken",
            Encoding::Qwen3 => "qwen3",
            Encoding::DeepseekV3 => "deepseek-v3",
            Encoding::MistralV3 => "mistral-v3",
            Encoding::Gemma3 => "gemma3",
        }
    }

    /// Every encoding the app offers, in the order it lists them: OpenAI's, then the open
    /// tokenizers.
    pub fn offered() -> impl Iterator<Item = Encoding> {
        Encoding::ALL.into_iter().chain(Encoding::OPEN)
    }

    /// The encoding called `name`, among those the app offers ([`Encoding::offered`]).
    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::offered().find(|encoding| encoding.name() == name)
    }

    /// The vendor file its table is generated from, as `<family>/<file>` in the tokenizer
    /// cache ([`vendor::cache_dir`]), and the reader for it; `None` for OpenAI's, whose
    /// tables come with tiktoken-rs.
    pub fn vendor_file(self) -> Option<(&'static str, vendor::Format)> {
        use vendor::Format;
        match self {
            Encoding::Llama3 => Some(("llama3/tokenizer.model", Format::Tiktoken)),
            Encoding::Llama4 => Some(("llama4/tokenizer.model", Format::Tiktoken)),
            Encoding::MistralTekken => Some(("mistral-tekken/tekken_240911.json", Format::Tekken)),
            Encoding::Qwen3 => Some(("qwen3/tokenizer.json", Format::HuggingFace)),
            Encoding::DeepseekV3 => Some(("deepseek-v3/tokenizer.json", Format::HuggingFace)),
            Encoding::MistralV3 => Some((
                "mistral-v3/mistral_instruct_tokenizer_240323.model.v3",
                Format::SentencePiece,
            )),
            Encoding::Gemma3 => Some(("gemma3/tokenizer.json", Format::HuggingFacePieces)),
            _ => None,
        }
    }

    /// The vendor's own split patterns, with look-ahead, as the vendor's code or file
    /// writes them: the table generator and the tests check them against the file.
    pub fn vendor_patterns(self) -> &'static [&'static str] {
        match self {
            Encoding::Llama3 => &[LLAMA3_PATTERN],
            Encoding::Llama4 => &[LLAMA4_PATTERN],
            Encoding::MistralTekken => &[TEKKEN_PATTERN],
            Encoding::Qwen3 => &[QWEN3_PATTERN],
            Encoding::DeepseekV3 => &DEEPSEEK_V3_PATTERNS,
            _ => &[],
        }
    }

    /// The rules of a SentencePiece-style encoding ([`crate::piece`]), `None` for the
    /// tiktoken-style ones: Mistral v3 adds SentencePiece's dummy prefix and orders equal
    /// scores by position (`bpe_model.cc`); Gemma 3's `tokenizer.json` adds no prefix (its
    /// normalizer only replaces spaces) and orders its merges as transformers' converter
    /// wrote them. The readers check each file declares these.
    pub fn piece_rules(self) -> Option<crate::piece::Rules> {
        use crate::piece::{Rules, Ties};
        match self {
            Encoding::MistralV3 => Some(Rules {
                dummy_prefix: true,
                ties: Ties::Position,
            }),
            Encoding::Gemma3 => Some(Rules {
                dummy_prefix: false,
                ties: Ties::LengthsThenId,
            }),
            _ => None,
        }
    }

    /// Whether a chunk of a text counted on its own ([`Encoder::count`] of the chunk) gives
    /// the tokens the chunk has inside the whole text, at the split points of
    /// `text::chunks` (a newline, after a non-space, before a letter): for OpenAI's
    /// encodings, tekken, Qwen 3 and DeepSeek V3 (regex pre-tokenizers that never join a
    /// newline that follows a non-space to the letter after it; NFC never composes a newline
    /// with a letter; property-tested in `text::chunks`), and Gemma 3, where every newline is
    /// an added token of its own, matched before merging, so the text on either side of it
    /// is merged apart anyway. Not for Mistral v3: SentencePiece puts its dummy prefix `▁`
    /// before every text counted on its own, so a chunk alone counts differently. Not for
    /// Llama at these points: Meta cuts every 400,000 characters from the start of the whole
    /// text, so its chunks are those windows ([`Encoding::window_chars`]). Texts of the
    /// others are counted whole with [`Encoder::count_part`], which cuts them only where the
    /// result cannot change.
    pub fn chunks_count_alone(self) -> bool {
        matches!(
            self,
            Encoding::O200kBase
                | Encoding::O200kHarmony
                | Encoding::Cl100kBase
                | Encoding::P50kBase
                | Encoding::R50kBase
                | Encoding::MistralTekken
                | Encoding::Qwen3
                | Encoding::DeepseekV3
                | Encoding::Gemma3
        )
    }

    /// Whether text is put in Unicode NFC before splitting (Qwen's `tokenizer.json` has an
    /// NFC normalizer).
    pub fn normalizes_nfc(self) -> bool {
        matches!(self, Encoding::Qwen3)
    }

    /// What the vendor adds to a rank to make a token id: Mistral's tekken numbers its
    /// 1,000 special tokens first (`Tekkenizer.encode` adds `num_special_tokens`).
    pub fn id_offset(self) -> Rank {
        match self {
            Encoding::MistralTekken => 1_000,
            _ => 0,
        }
    }

    /// For Meta's tokenizers, the window, in characters, that the vendor's code encodes
    /// the text in, each on its own, counted from the start of the text (400,000;
    /// [`crate::split::MetaSlices`]): a text cut at these character offsets counts the same
    /// in parts as whole, and one cut elsewhere may not. `None` for the others.
    pub fn window_chars(self) -> Option<usize> {
        matches!(self, Encoding::Llama3 | Encoding::Llama4).then_some(split::META_MAX_CHARS)
    }

    /// Which models use it, for people choosing one.
    pub fn used_by(self) -> &'static str {
        match self {
            Encoding::O200kBase => "GPT-5, GPT-4.1, GPT-4o, o-series",
            Encoding::O200kHarmony => "gpt-oss",
            Encoding::Cl100kBase => "GPT-4, GPT-3.5, embeddings",
            Encoding::P50kBase => "Codex, text-davinci-002/003",
            Encoding::R50kBase => "GPT-3, GPT-2",
            Encoding::Llama3 => "Llama 3, 3.1, 3.2, 3.3",
            Encoding::Llama4 => "Llama 4",
            Encoding::MistralTekken => "Mistral NeMo, Pixtral, Large 2407 and later",
            Encoding::Qwen3 => "Qwen 2.5, Qwen 3",
            Encoding::DeepseekV3 => "DeepSeek V3, R1",
            Encoding::MistralV3 => "Mistral 7B v0.3, Mixtral 8x22B, Codestral 22B",
            Encoding::Gemma3 => "Gemma 3; Gemini (Google's SDK counts it with Gemma 3's)",
        }
    }

    /// Its pre-tokenizer (see [`crate::split`]).
    fn splitter(self) -> Result<Splitter, Box<split::BuildError>> {
        let stage = |pattern: &str, newline_alternative: bool| {
            Stage::new(pattern, true, newline_alternative)
        };
        let plain = |pattern: &str| Stage::new(pattern, false, false);
        let (meta, stages) = match self {
            Encoding::O200kBase | Encoding::O200kHarmony => (None, vec![stage(O200K_FAST, true)?]),
            Encoding::Cl100kBase => (None, vec![stage(CL100K_FAST, true)?]),
            Encoding::P50kBase | Encoding::R50kBase => (None, vec![stage(R50K_FAST, false)?]),
            Encoding::Llama3 => (Some(MetaSlices), vec![stage(LLAMA3_FAST, true)?]),
            Encoding::Llama4 => (Some(MetaSlices), vec![stage(O200K_FAST, true)?]),
            Encoding::MistralTekken => (None, vec![stage(TEKKEN_FAST, true)?]),
            Encoding::Qwen3 => (None, vec![stage(QWEN3_FAST, true)?]),
            Encoding::DeepseekV3 => (
                None,
                vec![
                    plain(DEEPSEEK_V3_PATTERNS[0])?,
                    plain(DEEPSEEK_V3_PATTERNS[1])?,
                    stage(DEEPSEEK_V3_FAST_LAST, true)?,
                ],
            ),
            // SentencePiece-style: no regular-expression split (crate::piece).
            Encoding::MistralV3 | Encoding::Gemma3 => (None, Vec::new()),
        };
        Ok(Splitter { meta, stages })
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
    /// A vendor's tokenizer file could not be used (native tools only).
    Vendor(VendorError),
    /// A SentencePiece-style table's pieces are inconsistent (the reason).
    Pieces(String),
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
            TokenizeError::Vendor(error) => error.fmt(f),
            TokenizeError::Pieces(message) => {
                write!(f, "the token table is damaged ({message})")
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
/// the encoding's pre-tokenizer ([`crate::split`]), then merge each piece's bytes by rank.
/// The split runs on the `regex` crate (see [`O200K_FAST`]); a piece that is a whole token
/// is looked up, a short one is merged by [`merge_short`] (tiktoken's own merge, which it
/// uses below 100 bytes), and a long one by [`merge_long`], the same merge with a heap.
/// Ranks are looked up in the table's flat index ([`Ranks`]), built as the table is read,
/// with no allocation per token. The tests compare every result with tiktoken-rs's `encode_ordinary` for OpenAI's
/// encodings, and every count with the vendor's own code for the others.
///
/// For the Hugging Face tables (Qwen, DeepSeek) the merge by rank is the model's merge by
/// merge order: in both files the merges, in order, make tokens of increasing id, and the
/// fixtures prove the counts equal.
pub struct Encoder {
    encoding: Encoding,
    /// The pre-tokenizer.
    splitter: Splitter,
    /// Token bytes -> rank.
    ranks: Ranks,
    /// Token counts of pieces that are not whole tokens, as merged before. Real text
    /// repeats such pieces (CJK, emoji, rare words) often; the merge is the costly step.
    merged: Mutex<FxHashMap<Box<[u8]>, u32>>,
    /// The SentencePiece-style engine, for Mistral v3 and Gemma 3 (then `ranks` is empty
    /// and `splitter` unused).
    pieces: Option<Box<crate::piece::Model>>,
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

/// `text` in Unicode NFC (ICU4X's normalizer), borrowed when it already is.
fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

impl Encoder {
    /// Builds the encoder for `encoding` from a table file's bytes.
    pub fn from_table(encoding: Encoding, data: &[u8]) -> Result<Encoder, TokenizeError> {
        if encoding.piece_rules().is_some() {
            let table = table::read_pieces(data).map_err(TokenizeError::Table)?;
            if table.encoding != encoding.table_name() {
                return Err(TokenizeError::WrongTable {
                    expected: encoding.table_name(),
                    found: table.encoding,
                });
            }
            return Encoder::from_pieces(encoding, table.pieces);
        }
        let table = table::read(data).map_err(TokenizeError::Table)?;
        if table.encoding != encoding.table_name() {
            return Err(TokenizeError::WrongTable {
                expected: encoding.table_name(),
                found: table.encoding,
            });
        }
        Encoder::assemble(encoding, table.ranks)
    }

    fn assemble(encoding: Encoding, ranks: Ranks) -> Result<Encoder, TokenizeError> {
        let splitter = encoding
            .splitter()
            .map_err(|error| TokenizeError::Tiktoken(error.to_string()))?;
        Ok(Encoder {
            encoding,
            splitter,
            ranks,
            merged: Mutex::new(FxHashMap::default()),
            pieces: None,
        })
    }

    /// Builds a SentencePiece-style encoder from its pieces by id.
    fn from_pieces(
        encoding: Encoding,
        pieces: Vec<crate::piece::Piece>,
    ) -> Result<Encoder, TokenizeError> {
        let rules = encoding.piece_rules().ok_or(TokenizeError::WrongTable {
            expected: encoding.table_name(),
            found: "a SentencePiece-style table".into(),
        })?;
        let model = crate::piece::Model::new(rules, pieces)
            .map_err(|error| TokenizeError::Pieces(error.to_string()))?;
        Ok(Encoder {
            encoding,
            splitter: Splitter {
                meta: None,
                stages: Vec::new(),
            },
            ranks: Ranks::default(),
            merged: Mutex::new(FxHashMap::default()),
            pieces: Some(Box::new(model)),
        })
    }

    /// The app's table for this encoder: what `tokenizer-tables` writes and
    /// [`Encoder::from_table`] reads.
    pub fn table(&self) -> Vec<u8> {
        match &self.pieces {
            Some(model) => table::write_pieces(self.encoding.table_name(), &model.pieces()),
            None => table::write(self.encoding.table_name(), &self.ranks()),
        }
    }

    /// Builds the encoder from the tables bundled in `tiktoken-rs`. For native code only:
    /// calling this from the app would put the tables into its wasm. The open tokenizers
    /// have no bundled table ([`Encoder::from_vendor`]).
    pub fn bundled(encoding: Encoding) -> Result<Encoder, TokenizeError> {
        let bpe = bundled_bpe(encoding)?;
        let pairs = ordinary_ranks(&bpe);
        let ranks = Ranks::from_pairs(pairs.iter().map(|(bytes, rank)| (bytes.as_slice(), *rank)))
            .map_err(TokenizeError::Table)?;
        Encoder::assemble(encoding, ranks)
    }

    /// Builds the encoder for an open tokenizer from the vendor's own file in the tokenizer
    /// cache (fetched by `scripts/fetch-tokenizers`), checking that the file declares the
    /// split patterns and normalizer this encoder implements. For native code only.
    pub fn from_vendor(encoding: Encoding) -> Result<Encoder, TokenizeError> {
        if encoding.piece_rules().is_some() {
            let pieces = vendor::load_pieces(encoding).map_err(TokenizeError::Vendor)?;
            return Encoder::from_pieces(encoding, pieces);
        }
        let table = vendor::load(encoding).map_err(TokenizeError::Vendor)?;
        let ranks = Ranks::from_pairs(
            table
                .ranks
                .iter()
                .map(|(bytes, rank)| (bytes.as_slice(), *rank)),
        )
        .map_err(TokenizeError::Table)?;
        Encoder::assemble(encoding, ranks)
    }

    /// The encoding.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Calls `each` with every piece of `text` (byte range) from byte `from` on, in order,
    /// and whether counting may stop after it and go on later from its end ([`Encoder::count_part`]).
    /// `from` must be 0 or the end of a piece that said so.
    fn pieces(
        &self,
        text: &str,
        from: usize,
        mut each: impl FnMut(usize, usize, bool) -> ControlFlow<()>,
    ) {
        let meta = self.splitter.meta.is_some();
        let _ = self.splitter.pieces(text, from, &mut |piece: Piece| {
            let restartable =
                piece.restartable && (!meta || split::meta_restartable(text, piece.end));
            each(piece.start, piece.end, restartable)
        });
    }

    /// Calls `each` with every token of `text` as (id, start, end), in order, until it
    /// says stop.
    fn tokens(&self, text: &str, mut each: impl FnMut(TokenSpan) -> ControlFlow<()>) {
        if let Some(model) = &self.pieces {
            model.tokens(text, |id, start, end| each(TokenSpan { id, start, end }));
            return;
        }
        let offset = self.encoding.id_offset();
        let mut each = |span: TokenSpan| {
            each(TokenSpan {
                id: span.id + offset,
                ..span
            })
        };
        self.pieces(text, 0, |start, end, _| {
            let bytes = &text.as_bytes()[start..end];
            if let Some(id) = self.ranks.get(bytes) {
                return each(TokenSpan { id, start, end });
            }
            if bytes.len() < LARGE_PIECE {
                let merge = ShortMerge::new(bytes, &self.ranks);
                for (part_start, part_end) in merge.parts() {
                    let part = &bytes[part_start..part_end];
                    let id = self.ranks.get(part).unwrap_or_default();
                    each(TokenSpan {
                        id,
                        start: start + part_start,
                        end: start + part_end,
                    })?;
                }
                return ControlFlow::Continue(());
            }
            let mut offset = start;
            for part_end in merge_long(bytes, &self.ranks) {
                let part = &bytes[offset - start..part_end];
                let id = self.ranks.get(part).unwrap_or_default();
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

    /// The token ids of `text` (for Qwen, of its NFC form).
    pub fn encode(&self, text: &str) -> Vec<Rank> {
        let text = self.normalized(text);
        let mut ids = Vec::with_capacity(text.len() / 4);
        self.tokens(&text, |span| {
            ids.push(span.id);
            ControlFlow::Continue(())
        });
        ids
    }

    /// `text` as the encoding's normalizer leaves it.
    fn normalized<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.encoding.normalizes_nfc() {
            nfc(text)
        } else {
            std::borrow::Cow::Borrowed(text)
        }
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
    ///
    /// A part ends only where the split can start again as if from the start: under the
    /// Llama encodings, only where whitespace meets non-whitespace (Meta's slicing counts
    /// runs); under DeepSeek V3, not inside a digit group or a CJK run. A text that Qwen's
    /// NFC normalizer changes is counted in one part. Under Mistral v3 and Gemma 3, only
    /// where no merge can cross (see [`crate::piece`]), so a long run without spaces is one
    /// part.
    pub fn count_part(&self, text: &str, from: usize, at_least: usize) -> (usize, usize) {
        if let Some(model) = &self.pieces {
            return model.count_part(text, from, at_least);
        }
        if !text.is_char_boundary(from) {
            return (0, text.len());
        }
        if self.encoding.normalizes_nfc() {
            if let std::borrow::Cow::Owned(normalized) = nfc(&text[from..]) {
                return (self.count_whole(&normalized), text.len());
            }
        }
        let stop = from.saturating_add(at_least);
        let mut total = 0;
        let mut reached = text.len();
        self.pieces(text, from, |start, end, restartable| {
            let bytes = &text.as_bytes()[start..end];
            total += if self.ranks.contains(bytes) {
                1
            } else {
                self.merged_count(&text[start..end])
            };
            if restartable && end >= stop && end < text.len() {
                reached = end;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        (total, reached)
    }

    /// The tokens of all of `text`, taken as it is (already normalized).
    fn count_whole(&self, text: &str) -> usize {
        let mut total = 0;
        self.pieces(text, 0, |start, end, _| {
            let bytes = &text.as_bytes()[start..end];
            total += if self.ranks.contains(bytes) {
                1
            } else {
                self.merged_count(&text[start..end])
            };
            ControlFlow::Continue(())
        });
        total
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
            ShortMerge::new(bytes, &self.ranks).len()
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
        if let Some(model) = &self.pieces {
            model.forget();
        }
    }

    /// Every ordinary (token bytes, rank) pair, sorted by rank: what [`table::write`]
    /// stores. For the SentencePiece-style encoders, every piece's text (spaces as `▁`)
    /// and id.
    pub fn ranks(&self) -> Vec<(Vec<u8>, Rank)> {
        if let Some(model) = &self.pieces {
            return model
                .pieces()
                .into_iter()
                .enumerate()
                .map(|(id, piece)| (piece.text, id as Rank))
                .collect();
        }
        let mut ranks: Vec<(Vec<u8>, Rank)> = self
            .ranks
            .iter()
            .map(|(bytes, rank)| (bytes.to_vec(), rank))
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
        self.truncate_known(text, max_tokens, None)
    }

    /// [`Encoder::truncate`] for a text whose count the caller knows (`total_tokens`, as
    /// [`Encoder::count`] gives it), which is not counted again: where the text is long
    /// and the budget small, counting it would be most of the work.
    pub fn truncate_counted(
        &self,
        text: &str,
        max_tokens: usize,
        total_tokens: usize,
    ) -> Truncation {
        self.truncate_known(text, max_tokens, Some(total_tokens))
    }

    fn truncate_known(&self, text: &str, max_tokens: usize, total: Option<usize>) -> Truncation {
        let spans = self.spans(text, max_tokens.saturating_add(1));
        if spans.len() <= max_tokens {
            let total_tokens = spans.len();
            return Truncation {
                kept_bytes: text.len(),
                kept_tokens: total_tokens,
                total_tokens,
            };
        }
        let total_tokens = total.unwrap_or_else(|| self.count(text));
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
        other => {
            return Err(TokenizeError::Tiktoken(format!(
                "tiktoken-rs has no {} table",
                other.name()
            )))
        }
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
fn merge_long(piece: &[u8], ranks: &Ranks) -> Vec<usize> {
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
    let rank = |start: u32, end: u32| ranks.get(&piece[start as usize..end as usize]);
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

/// tiktoken's byte-pair merge of a piece shorter than [`LARGE_PIECE`] bytes, on the stack.
///
/// The rule (tiktoken's `_byte_pair_merge`, which `tiktoken-rs`'s `byte_pair_split` runs):
/// every byte starts as its own part; while some two neighbouring parts join into a token,
/// join the pair whose joined bytes have the lowest rank, the leftmost such pair on a tie.
/// As in tiktoken, each part keeps the rank of itself joined with the part after it, and
/// after a join only the two ranks next to it are looked up again; the lowest is found by
/// a scan, O(n) per join, which on pieces this short beats a heap. Unlike tiktoken's, the
/// parts live in a fixed array (no allocation), and a piece of fewer than two bytes is one
/// part rather than a panic.
struct ShortMerge {
    /// (start, rank of this part joined with the next), for `len` parts, then the end of
    /// the piece with `Rank::MAX`.
    parts: [(u32, Rank); LARGE_PIECE + 1],
    len: usize,
}

impl ShortMerge {
    /// Merges `piece`. Callers send pieces of [`LARGE_PIECE`] bytes or more to
    /// [`merge_long`]; given one, this keeps its bytes from `LARGE_PIECE - 2` on as one
    /// part rather than overrun its array.
    fn new(piece: &[u8], ranks: &Ranks) -> ShortMerge {
        let n = piece.len().min(LARGE_PIECE - 1);
        let mut merge = ShortMerge {
            parts: [(0, Rank::MAX); LARGE_PIECE + 1],
            len: 0,
        };
        if n < 2 {
            merge.parts[1] = (piece.len() as u32, Rank::MAX);
            merge.len = usize::from(!piece.is_empty());
            return merge;
        }
        // parts[i] for i < n - 1: (i, rank of bytes i..i + 2); parts[n - 1] is the last
        // byte; parts[n] marks the end.
        let mut min = (Rank::MAX, usize::MAX);
        for i in 0..n - 1 {
            let rank = ranks.get(&piece[i..i + 2]).unwrap_or(Rank::MAX);
            if rank < min.0 {
                min = (rank, i);
            }
            merge.parts[i] = (i as u32, rank);
        }
        merge.parts[n - 1] = ((n - 1) as u32, Rank::MAX);
        merge.parts[n] = (piece.len() as u32, Rank::MAX);
        // `count` entries in `parts` (parts and the end marker).
        let mut count = n + 1;
        // The rank of part i joined with the one after it once part i + 1 is gone (i + 3
        // still counts part i + 1, which the join removes next).
        let rank_after = |parts: &[(u32, Rank)], count: usize, i: usize| -> Rank {
            if i + 3 < count {
                ranks
                    .get(&piece[parts[i].0 as usize..parts[i + 3].0 as usize])
                    .unwrap_or(Rank::MAX)
            } else {
                Rank::MAX
            }
        };
        while min.0 != Rank::MAX {
            let i = min.1;
            if i > 0 {
                merge.parts[i - 1].1 = rank_after(&merge.parts, count, i - 1);
            }
            merge.parts[i].1 = rank_after(&merge.parts, count, i);
            merge.parts.copy_within(i + 2..count, i + 1);
            count -= 1;
            min = (Rank::MAX, usize::MAX);
            for (i, &(_, rank)) in merge.parts[..count - 1].iter().enumerate() {
                if rank < min.0 {
                    min = (rank, i);
                }
            }
        }
        merge.len = count - 1;
        merge
    }

    /// The number of tokens.
    fn len(&self) -> usize {
        self.len
    }

    /// Each token's (start, end) in the piece, in order.
    fn parts(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.parts[..=self.len]
            .windows(2)
            .map(|pair| (pair[0].0 as usize, pair[1].0 as usize))
    }
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

    /// The open tokenizers, built from the vendors' files in the tokenizer cache.
    fn open_encoder(encoding: Encoding) -> &'static Encoder {
        static ENCODERS: OnceLock<BTreeMap<Encoding, Encoder>> = OnceLock::new();
        let all = ENCODERS.get_or_init(|| {
            Encoding::OPEN
                .into_iter()
                .map(|encoding| {
                    let encoder = Encoder::from_vendor(encoding)
                        .unwrap_or_else(|error| panic!("{}: {error}", encoding.name()));
                    (encoding, encoder)
                })
                .collect()
        });
        &all[&encoding]
    }

    /// Counts recorded by each vendor's own code (llama-models, mistral-common, Hugging
    /// Face tokenizers) over the whole corpus; see tests/fixtures/tokens/SOURCES.md. Every
    /// family, every file, exactly.
    #[test]
    fn open_tokenizers_count_exactly_as_the_vendors_code() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let fixtures: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{root}/tests/fixtures/tokens/vendor-counts.json"))
                .unwrap(),
        )
        .unwrap();
        let corpus = std::fs::read_dir(format!("{root}/tests/fixtures/tokens/corpus"))
            .unwrap()
            .count();
        let mut families = Vec::new();
        let mut wrong = Vec::new();
        for (name, files) in fixtures["counts"].as_object().unwrap() {
            let encoding =
                Encoding::from_name(name).unwrap_or_else(|| panic!("no encoding is called {name}"));
            let files = files.as_object().unwrap();
            assert_eq!(
                files.len(),
                corpus,
                "{name}: not every corpus file has a count"
            );
            for (file, expected) in files {
                let text =
                    std::fs::read_to_string(format!("{root}/tests/fixtures/tokens/corpus/{file}"))
                        .unwrap();
                let encoder = open_encoder(encoding);
                let expected = expected.as_u64().unwrap() as usize;
                let counted = encoder.count(&text);
                let encoded = encoder.encode(&text).len();
                if counted != expected || encoded != expected {
                    wrong.push(format!(
                        "{name} on {file}: counted {counted}, encoded {encoded}, vendor {expected}"
                    ));
                }
            }
            families.push(encoding);
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        families.sort();
        let mut open = Encoding::OPEN.to_vec();
        open.sort();
        assert_eq!(families, open, "every open tokenizer has references");
    }

    /// The ids that SentencePiece (Mistral v3) and Hugging Face tokenizers (Gemma 3) give
    /// 413 random texts built from what the corpus may miss (whitespace runs, U+2581,
    /// unknown characters, emoji, CJK, special-token and added-token text, long runs), by
    /// scripts/token-references.py; see tests/fixtures/tokens/SOURCES.md.
    #[test]
    fn sentencepiece_style_ids_equal_the_vendors_on_random_texts() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let fixture: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!(
                "{root}/tests/fixtures/tokens/piece-differential.json"
            ))
            .unwrap(),
        )
        .unwrap();
        let texts = fixture["texts"].as_array().unwrap();
        assert!(texts.len() >= 400);
        let mut wrong = Vec::new();
        for encoding in [Encoding::MistralV3, Encoding::Gemma3] {
            let encoder = open_encoder(encoding);
            let expected = fixture[encoding.name()].as_array().unwrap();
            for (text, ids) in texts.iter().zip(expected) {
                let text = text.as_str().unwrap();
                let ids: Vec<Rank> = ids
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|id| id.as_u64().unwrap() as Rank)
                    .collect();
                let ours = encoder.encode(text);
                if ours != ids || encoder.count(text) != ids.len() {
                    wrong.push(format!(
                        "{encoding:?} {text:?}: ours {ours:?}, vendor {ids:?}"
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_piece_no_merge_makes_is_not_one_token() {
        // Regression: a word that is itself a piece counted as one token even where no
        // merge makes it: Gemma's "<bos>" (a special token, left out of the matched pieces)
        // is "<", "bos", ">" for Hugging Face tokenizers, and it was counted as 1.
        let gemma = open_encoder(Encoding::Gemma3);
        assert_eq!(gemma.encode("<bos>"), [236820, 46757, 236813]);
        assert_eq!(gemma.count("<bos>"), 3);
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(200))]
        // The SentencePiece-style engines cut a text into words where no merge can cross
        // (crate::piece); merging each stretch between matched pieces whole, uncut, gives
        // the same tokens.
        #[test]
        fn sentencepiece_style_cuts_change_nothing(text in "[a-c \t\n>/<▁éà日本🔥\u{0}\u{2028}]{0,120}|( {1,3}[a-z<>/]{1,4}){1,20}") {
            for encoding in [Encoding::MistralV3, Encoding::Gemma3] {
                let encoder = open_encoder(encoding);
                let model = encoder.pieces.as_deref().unwrap();
                proptest::prop_assert_eq!(encoder.encode(&text), model.encode_uncut(&text), "{:?} {:?}", encoding, text);
            }
        }
    }

    #[test]
    fn sentencepiece_style_spans_cover_the_text() {
        // Mistral's dummy prefix has no bytes of its own: "1" is "▁" (empty span) and "1".
        let mistral = open_encoder(Encoding::MistralV3);
        let spans = mistral.spans("1 🔥", usize::MAX);
        assert_eq!(spans.first().map(|s| (s.start, s.end)), Some((0, 0)));
        for encoding in [Encoding::MistralV3, Encoding::Gemma3] {
            let encoder = open_encoder(encoding);
            let text = "Tokens 🔥 and 日本語,\n\n  exactly. <table>x";
            let spans = encoder.spans(text, usize::MAX);
            assert_eq!(spans.len(), encoder.count(text), "{encoding:?}");
            assert_eq!(spans.last().unwrap().end, text.len());
            for pair in spans.windows(2) {
                assert_eq!(pair[0].end, pair[1].start, "{encoding:?}");
            }
            for max in [0, 1, 3, 7, 100] {
                let cut = encoder.truncate(text, max);
                assert!(cut.kept_tokens <= max && text.is_char_boundary(cut.kept_bytes));
                assert_eq!(cut.kept_tokens, encoder.count(&text[..cut.kept_bytes]));
            }
        }
    }

    #[test]
    fn sentencepiece_style_parts_add_up_on_long_texts() {
        // A long text with few cuts, and one with none (a run of CJK), part by part.
        let gpl = std::fs::read_to_string("/usr/share/common-licenses/GPL-3").unwrap();
        for text in [gpl.clone(), "日本語".repeat(20_000), gpl.replace('\n', " ")] {
            for encoding in [Encoding::MistralV3, Encoding::Gemma3] {
                let encoder = open_encoder(encoding);
                let mut at = 0;
                let mut total = 0;
                let mut parts = 0;
                while at < text.len() {
                    let (tokens, next) = encoder.count_part(&text, at, 1_000);
                    assert!(next > at);
                    total += tokens;
                    at = next;
                    parts += 1;
                }
                assert_eq!(total, encoder.count(&text), "{encoding:?}");
                assert_eq!(total, encoder.encode(&text).len(), "{encoding:?}");
                if text.contains(' ') {
                    assert!(parts > 10, "{encoding:?}: {parts} parts");
                }
            }
        }
    }

    /// tiktoken-rs's own encoder (fancy-regex, the exact vendor pattern with its look-ahead)
    /// on the vendor's ranks: the engine Meta's and Mistral's code run (Python tiktoken), and
    /// for Qwen, after NFC, the same split and merge as its tokenizer.json.
    fn vendor_reference(encoding: Encoding) -> &'static CoreBPE {
        static REFERENCES: OnceLock<BTreeMap<Encoding, CoreBPE>> = OnceLock::new();
        let all = REFERENCES.get_or_init(|| {
            [
                Encoding::Llama3,
                Encoding::Llama4,
                Encoding::MistralTekken,
                Encoding::Qwen3,
            ]
            .into_iter()
            .map(|encoding| {
                let ranks = open_encoder(encoding).ranks().into_iter().collect();
                let pattern = encoding.vendor_patterns()[0];
                (
                    encoding,
                    CoreBPE::new(ranks, Default::default(), pattern).unwrap(),
                )
            })
            .collect()
        });
        &all[&encoding]
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(300))]
        // On short texts (no Meta slicing), the fast split and merge give the ids of
        // tiktoken-rs running the vendor's own pattern, on text rich in what the patterns
        // treat specially.
        #[test]
        fn open_tokenizers_equal_tiktoken_with_the_vendor_pattern(text in "[a-zA-Z0-9 \t\r\n\u{a0}\u{3000}\u{2028}\u{85}.,;:!?'/\\-_()<>|\"éßÉ\u{301}日本語かカ한🔥]{0,120}") {
            for encoding in [Encoding::Llama3, Encoding::Llama4, Encoding::MistralTekken, Encoding::Qwen3] {
                let ours = open_encoder(encoding);
                let normalized = ours.normalized(&text);
                let reference: Vec<Rank> = vendor_reference(encoding)
                    .encode_ordinary(&normalized)
                    .into_iter()
                    .map(|id| id + encoding.id_offset())
                    .collect();
                proptest::prop_assert_eq!(ours.count(&text), reference.len(), "{:?} {:?}", encoding, text);
                proptest::prop_assert_eq!(ours.encode(&text), reference, "{:?} {:?}", encoding, text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(200))]
        // Counting part by part, with any part size, gives the whole text's count, for the
        // open tokenizers too (Meta's slicing, DeepSeek's stages, Qwen's NFC).
        #[test]
        fn open_tokenizer_parts_add_up_to_the_count(text in "[a-zA-Z0-9 \t\r\n\u{a0}\u{1f}.,;:!?'/\\-_()<>\"éÉ\u{301}日本語・かカ한🔥]{0,200}", step in 1usize..40) {
            for encoding in Encoding::OPEN {
                let encoder = open_encoder(encoding);
                let mut at = 0;
                let mut total = 0;
                while at < text.len() {
                    let (tokens, next) = encoder.count_part(&text, at, step);
                    proptest::prop_assert!(next > at && text.is_char_boundary(next));
                    total += tokens;
                    at = next;
                }
                proptest::prop_assert_eq!(total, encoder.count(&text), "{:?} {:?}", encoding, text);
            }
        }
    }

    #[test]
    fn meta_slicing_parts_add_up_on_runs_past_25000_characters() {
        // Regression guard for count_part under Meta's slicing: a part must not end inside
        // a run (the run's length decides where Meta cuts it).
        let text = format!("{} word {}\nend", "x".repeat(60_000), " ".repeat(30_000));
        for encoding in [Encoding::Llama3, Encoding::Llama4] {
            let encoder = open_encoder(encoding);
            let mut at = 0;
            let mut total = 0;
            while at < text.len() {
                let (tokens, next) = encoder.count_part(&text, at, 1_000);
                assert!(next > at);
                total += tokens;
                at = next;
            }
            assert_eq!(total, encoder.count(&text), "{encoding:?}");
        }
        // A hand-checked consequence of the slicing: 25,001 a's are one slice of 25,000
        // and one of a single "a", so one token more than the 25,000 alone take.
        let llama3 = open_encoder(Encoding::Llama3);
        let alone = llama3.count(&"a".repeat(25_000));
        assert_eq!(llama3.count(&"a".repeat(25_001)), alone + 1);
    }

    #[test]
    fn qwen_counts_a_decomposed_text_as_its_composed_form() {
        let qwen = open_encoder(Encoding::Qwen3);
        // "é" as e + U+0301 is "é" after NFC; without NFC, the mark would be a piece of its own.
        assert_eq!(qwen.encode("caf\u{65}\u{301}"), qwen.encode("caf\u{e9}"));
        assert_eq!(qwen.count("caf\u{65}\u{301}"), qwen.count("caf\u{e9}"));
        let llama3 = open_encoder(Encoding::Llama3);
        assert!(llama3.count("caf\u{65}\u{301}") > llama3.count("caf\u{e9}"));
    }

    #[test]
    fn tekken_ids_are_offset_by_its_special_tokens() {
        let tekken = open_encoder(Encoding::MistralTekken);
        // Rank 0 is the byte 0x00; Mistral numbers it 1,000.
        assert_eq!(tekken.encode("\0"), [1_000]);
    }

    #[test]
    fn open_tables_round_trip_through_the_app_format() {
        for encoding in Encoding::OPEN {
            let vendor = open_encoder(encoding);
            let loaded = Encoder::from_table(encoding, &vendor.table()).unwrap();
            for text in [
                "Hello, world!  123456 日本・語 ",
                "  indented\r\n\tcode();\u{2028}x",
                "<|begin_of_text|><|im_start|>[INST]<start_of_turn>",
                "🔥🔥 e\u{301} <table>[REFERENCE_DOC_1]\n\n\n",
            ] {
                assert_eq!(
                    loaded.encode(text),
                    vendor.encode(text),
                    "{encoding:?} {text:?}"
                );
            }
        }
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
            // Given the text's count, the same cut without counting it again.
            assert_eq!(o200k.truncate_counted(&text, max, o200k.count(&text)), cut);
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
    fn open_tokenizers_have_the_names_issue_15_gives_and_are_offered() {
        let names: Vec<&str> = Encoding::OPEN.iter().map(|e| e.name()).collect();
        assert_eq!(
            names,
            [
                "llama3",
                "llama4",
                "mistral-tekken",
                "mistral-v3",
                "qwen3",
                "deepseek-v3",
                "gemma3"
            ]
        );
        for encoding in Encoding::OPEN {
            // Links and saved inputs select them by these names.
            assert_eq!(Encoding::from_name(encoding.name()), Some(encoding));
            assert_eq!(encoding.table_name(), encoding.name());
        }
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
            let theirs = tiktoken_split(bytes, o200k_hash_map());
            proptest::prop_assert_eq!(merge_long(bytes, ranks), theirs);
        }
    }

    /// o200k_base's ranks in the hash map type tiktoken-rs's merge takes.
    fn o200k_hash_map() -> &'static FxHashMap<Vec<u8>, Rank> {
        static MAP: OnceLock<FxHashMap<Vec<u8>, Rank>> = OnceLock::new();
        MAP.get_or_init(|| encoder(Encoding::O200kBase).ranks().into_iter().collect())
    }

    /// The end of each token tiktoken-rs's own merge (`byte_pair_split`) makes of `bytes`.
    fn tiktoken_split(bytes: &[u8], ranks: &FxHashMap<Vec<u8>, Rank>) -> Vec<usize> {
        tiktoken_rs::byte_pair_split(bytes, ranks)
            .iter()
            .map(|part| part.as_ptr() as usize - bytes.as_ptr() as usize + part.len())
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(1000))]
        // The short merge over the flat rank index joins the same pairs as tiktoken-rs's
        // own merge over its hash map, on every length it is used for (2 to 99 bytes),
        // on text with many partial merges and ties.
        #[test]
        fn short_merge_equals_tiktoken_merge(piece in "[a-e ]{2,99}|[a-zA-Z0-9_.,]{2,99}|[日本語の🔥é]{1,33}|\\PC{1,40}") {
            let ranks = &encoder(Encoding::O200kBase).ranks;
            let bytes = &piece.as_bytes()[..piece.len().min(LARGE_PIECE - 1)];
            proptest::prop_assume!(bytes.len() >= 2);
            let merge = ShortMerge::new(bytes, ranks);
            let ours: Vec<usize> = merge.parts().map(|(_, end)| end).collect();
            proptest::prop_assert_eq!(merge.len(), ours.len());
            proptest::prop_assert_eq!(ours, tiktoken_split(bytes, o200k_hash_map()));
        }
    }

    #[test]
    fn short_merge_takes_any_length_without_panicking() {
        let ranks = &encoder(Encoding::O200kBase).ranks;
        assert_eq!(ShortMerge::new(b"", ranks).len(), 0);
        assert_eq!(ShortMerge::new(b"", ranks).parts().count(), 0);
        assert_eq!(
            ShortMerge::new(b"x", ranks).parts().collect::<Vec<_>>(),
            [(0, 1)]
        );
        // "hello" is one o200k_base token; the merge gets there from five bytes.
        assert_eq!(
            ShortMerge::new(b"hello", ranks).parts().collect::<Vec<_>>(),
            [(0, 5)]
        );
        // Longer than it is meant for: the tail stays one part, covering the piece.
        let long = "ab".repeat(200);
        let merge = ShortMerge::new(long.as_bytes(), ranks);
        assert_eq!(merge.parts().last().map(|(_, end)| end), Some(long.len()));
        // With no ranks at all (an empty table), every byte is its own part.
        let none = Ranks::default();
        assert_eq!(ShortMerge::new(b"abc", &none).len(), 3);
        assert_eq!(merge_long(b"abc", &none), [1, 2, 3]);
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
