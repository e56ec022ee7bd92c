//! Readers of the vendors' own tokenizer files, for the table generator
//! (`tokenizer-tables`) and the tests: each returns the ordinary tokens as (bytes, rank),
//! sorted by rank, ready for [`crate::table::write`], and the file's own split pattern
//! where it has one, so that callers can check it against the pattern the encoder uses.
//!
//! Formats:
//! - tiktoken (Meta's `tokenizer.model`): one line per token, `<base64 bytes> <rank>`.
//! - tekken (Mistral's `tekken_*.json`): `config.pattern`, `config.default_vocab_size`,
//!   `config.default_num_special_tokens`, and `vocab`, a list of `{rank, token_bytes}`
//!   (base64). Mistral's code keeps only the ranks below
//!   `default_vocab_size - default_num_special_tokens` (`_reload_mergeable_ranks`).
//! - Hugging Face `tokenizer.json` with a byte-level BPE model: `model.vocab` maps each
//!   token, written in GPT-2's byte-to-character alphabet, to its id; `added_tokens` are
//!   special tokens matched in the text before the model, which Burnrate does not do (it
//!   counts special-token text as text), so they are left out.
//!
//! - SentencePiece `.model` (Mistral's `mistral_instruct_tokenizer_240323.model.v3`): a
//!   protobuf `ModelProto` (`sentencepiece_model.proto`): `pieces` (1) with `piece` (1),
//!   `score` (2) and `type` (3); `trainer_spec` (2) with `model_type` (3) and
//!   `byte_fallback` (35), `treat_whitespace_as_suffix` (24); `normalizer_spec` (3) with
//!   `name` (1), `precompiled_charsmap` (2), `add_dummy_prefix` (3),
//!   `remove_extra_whitespaces` (4), `escape_whitespaces` (5). Read by [`read_sentencepiece`]
//!   with a small protobuf reader: only these fields are needed, and the crates that read
//!   protobuf need a schema compiler at build time.
//! - Hugging Face `tokenizer.json` converted from SentencePiece (Gemma 3): a BPE model with
//!   `byte_fallback`, a `Replace` normalizer from " " to "▁", the `merges` list, and added
//!   tokens ([`read_hf_pieces`]).
//!
//! Must not know: the browser. Never called by the app (its tables are prebuilt), so none
//! of this reaches the wasm.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use base64::Engine;

use crate::piece::{Piece, PieceKind, Rules, Ties, SPACE};
use crate::table::Rank;
use crate::tokenize::Encoding;

/// The format of a vendor's tokenizer file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// tiktoken's `<base64> <rank>` lines.
    Tiktoken,
    /// Mistral's tekken JSON.
    Tekken,
    /// A Hugging Face `tokenizer.json` with a byte-level BPE model.
    HuggingFace,
    /// A SentencePiece `.model` file with a BPE model.
    SentencePiece,
    /// A Hugging Face `tokenizer.json` with a SentencePiece-style BPE model.
    HuggingFacePieces,
}

/// The tokenizer cache that `scripts/fetch-tokenizers` fills: `$BURNRATE_TOKENIZER_CACHE`,
/// or `$XDG_CACHE_HOME/burnrate/tokenizers`, or `~/.cache/burnrate/tokenizers`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("BURNRATE_TOKENIZER_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache")
        });
    base.join("burnrate").join("tokenizers")
}

/// Reads `encoding`'s vendor file from the cache and checks that it declares what the
/// encoder implements: the same split patterns (where the file has them) and the same
/// normalizer.
pub fn load(encoding: Encoding) -> Result<VendorTable, VendorError> {
    let (file, format) = encoding
        .vendor_file()
        .ok_or_else(|| error(format!("{} has no vendor file", encoding.name())))?;
    let path = cache_dir().join(file);
    if matches!(format, Format::SentencePiece | Format::HuggingFacePieces) {
        return Err(error(format!(
            "{} is a SentencePiece-style vocabulary (vendor::load_pieces)",
            encoding.name()
        )));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        error(format!(
            "cannot read {} ({e}); run scripts/fetch-tokenizers (scripts/setup does)",
            path.display()
        ))
    })?;
    let table = match format {
        Format::Tiktoken => read_tiktoken(&text)?,
        Format::Tekken => read_tekken(&text)?,
        _ => read_hf_byte_level(&text)?,
    };
    // A file may write a carriage return or line feed in a pattern as the character
    // itself (DeepSeek's does) or as an escape; both mean the same.
    let escaped: Vec<String> = table
        .patterns
        .iter()
        .map(|p| p.replace('\r', r"\r").replace('\n', r"\n"))
        .collect();
    if format != Format::Tiktoken && escaped != encoding.vendor_patterns() {
        return Err(error(format!(
            "{} declares the split patterns {:?}; the {} encoder implements {:?}",
            path.display(),
            table.patterns,
            encoding.name(),
            encoding.vendor_patterns()
        )));
    }
    let normalizer = table.normalizer.as_deref();
    if normalizer.is_some() != encoding.normalizes_nfc() || normalizer.is_some_and(|n| n != "NFC") {
        return Err(error(format!(
            "{} has the normalizer {normalizer:?}, which the {} encoder does not implement",
            path.display(),
            encoding.name()
        )));
    }
    Ok(table)
}

/// Reads a SentencePiece-style encoding's vendor file from the cache and checks that it
/// declares the rules the encoder applies ([`Encoding::piece_rules`]): the pieces by id.
pub fn load_pieces(encoding: Encoding) -> Result<Vec<Piece>, VendorError> {
    let (file, format) = encoding
        .vendor_file()
        .ok_or_else(|| error(format!("{} has no vendor file", encoding.name())))?;
    let rules = encoding
        .piece_rules()
        .ok_or_else(|| error(format!("{} is not SentencePiece-style", encoding.name())))?;
    let path = cache_dir().join(file);
    let data = std::fs::read(&path).map_err(|e| {
        error(format!(
            "cannot read {} ({e}); run scripts/fetch-tokenizers (scripts/setup does)",
            path.display()
        ))
    })?;
    let (pieces, declared) = match format {
        Format::SentencePiece => read_sentencepiece(&data)?,
        Format::HuggingFacePieces => {
            let json = std::str::from_utf8(&data).map_err(|e| error(e.to_string()))?;
            read_hf_pieces(json)?
        }
        _ => {
            return Err(error(format!(
                "{} is not a SentencePiece-style file",
                path.display()
            )))
        }
    };
    if declared != rules {
        return Err(error(format!(
            "{} declares {declared:?}; the {} encoder applies {rules:?}",
            path.display(),
            encoding.name()
        )));
    }
    Ok(pieces)
}

/// A minimal protobuf reader: the fields of one message, as (number, value).
enum Field<'a> {
    Varint(u64),
    Fixed32(u32),
    Fixed64,
    Bytes(&'a [u8]),
}

fn fields(mut data: &[u8]) -> Result<Vec<(u64, Field<'_>)>, VendorError> {
    fn varint(data: &mut &[u8]) -> Result<u64, VendorError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = data
                .split_first()
                .ok_or_else(|| error("protobuf: the data ends inside a number"))?;
            *data = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(error("protobuf: a number is too long"))
    }
    fn take<'a>(data: &mut &'a [u8], len: usize) -> Result<&'a [u8], VendorError> {
        if data.len() < len {
            return Err(error("protobuf: the data ends inside a field"));
        }
        let (head, rest) = data.split_at(len);
        *data = rest;
        Ok(head)
    }
    let mut out = Vec::new();
    while !data.is_empty() {
        let key = varint(&mut data)?;
        let value = match key & 7 {
            0 => Field::Varint(varint(&mut data)?),
            1 => {
                take(&mut data, 8)?;
                Field::Fixed64
            }
            2 => {
                let len = usize::try_from(varint(&mut data)?)
                    .map_err(|_| error("protobuf: a field is too long"))?;
                Field::Bytes(take(&mut data, len)?)
            }
            5 => {
                let bytes = take(&mut data, 4)?;
                Field::Fixed32(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
            }
            other => return Err(error(format!("protobuf: wire type {other}"))),
        };
        out.push((key >> 3, value));
    }
    Ok(out)
}

/// Reads a SentencePiece BPE `.model`: its pieces by id, with their kinds and merge
/// priorities, and the rules it declares. A piece's priority is the rank of its score
/// among the distinct scores, highest first, so equal scores stay equal (Mistral's runs of
/// `▁` all score -1e9, and SentencePiece joins the leftmost of them first). Control,
/// unknown and byte pieces are never merged to (`ModelInterface` keeps them out of its
/// `pieces_`); user-defined ones are matched in the text. Refuses what the engine does
/// not implement: another model type, no byte fallback, a normalization rule table,
/// removal of extra whitespace, whitespace as a suffix, unused pieces, and user-defined
/// pieces holding a space (the engine matches them in the raw text, which is the same
/// only when they hold none), and a mergeable piece with a character that is not itself
/// a piece.
pub fn read_sentencepiece(data: &[u8]) -> Result<(Vec<Piece>, Rules), VendorError> {
    let mut raw = Vec::new(); // (text, score, type)
    let mut trainer: Option<&[u8]> = None;
    let mut normalizer: Option<&[u8]> = None;
    for (number, value) in fields(data)? {
        match (number, value) {
            (1, Field::Bytes(bytes)) => {
                let mut text = None;
                let mut score = 0f32;
                let mut kind = 1u64;
                for (number, value) in fields(bytes)? {
                    match (number, value) {
                        (1, Field::Bytes(t)) => text = Some(t.to_vec()),
                        (2, Field::Fixed32(bits)) => score = f32::from_bits(bits),
                        (3, Field::Varint(v)) => kind = v,
                        _ => {}
                    }
                }
                let text = text.ok_or_else(|| error("a piece has no text"))?;
                raw.push((text, score, kind));
            }
            (2, Field::Bytes(bytes)) => trainer = Some(bytes),
            (3, Field::Bytes(bytes)) => normalizer = Some(bytes),
            _ => {}
        }
    }
    let (mut model_type, mut byte_fallback, mut suffix) = (1u64, false, false);
    for (number, value) in fields(trainer.unwrap_or_default())? {
        match (number, value) {
            (3, Field::Varint(v)) => model_type = v,
            (35, Field::Varint(v)) => byte_fallback = v != 0,
            (24, Field::Varint(v)) => suffix = v != 0,
            _ => {}
        }
    }
    let (mut name, mut charsmap) = (String::new(), 0usize);
    let (mut dummy_prefix, mut remove_extra, mut escape) = (true, true, true);
    for (number, value) in fields(normalizer.unwrap_or_default())? {
        match (number, value) {
            (1, Field::Bytes(b)) => name = String::from_utf8_lossy(b).into_owned(),
            (2, Field::Bytes(b)) => charsmap = b.len(),
            (3, Field::Varint(v)) => dummy_prefix = v != 0,
            (4, Field::Varint(v)) => remove_extra = v != 0,
            (5, Field::Varint(v)) => escape = v != 0,
            _ => {}
        }
    }
    let refuse = |what: &str| Err(error(format!("the SentencePiece model {what}")));
    if model_type != 2 {
        return refuse(&format!("is not BPE (model type {model_type})"));
    }
    if !byte_fallback {
        return refuse("has no byte fallback");
    }
    if suffix {
        return refuse("treats whitespace as a suffix");
    }
    if charsmap != 0 || name != "identity" {
        return refuse(&format!(
            "normalizes text ({name}, {charsmap} bytes of rules)"
        ));
    }
    if remove_extra || !escape {
        return refuse("removes extra whitespace or does not escape it");
    }
    // Distinct scores of the mergeable pieces, highest first.
    let mut scores: Vec<f32> = raw
        .iter()
        .filter(|(_, _, kind)| matches!(kind, 1 | 4))
        .map(|&(_, score, _)| score)
        .collect();
    if scores.iter().any(|s| s.is_nan()) {
        return refuse("has a score that is not a number");
    }
    scores.sort_by(|a, b| b.total_cmp(a));
    scores.dedup();
    let mut pieces = Vec::with_capacity(raw.len());
    for (text, score, kind) in raw {
        let shown = String::from_utf8_lossy(&text).into_owned();
        let kind = match kind {
            1 => PieceKind::Normal,
            2 | 3 => PieceKind::Control,
            4 => {
                if shown.contains([' ', SPACE]) {
                    return refuse(&format!(
                        "has the user-defined piece {shown:?} with a space"
                    ));
                }
                PieceKind::Matched
            }
            6 => PieceKind::Byte,
            other => return refuse(&format!("has the piece {shown:?} of type {other}")),
        };
        let priority = match kind {
            PieceKind::Normal | PieceKind::Matched => {
                let rank = scores.partition_point(|&s| s > score);
                Some(u32::try_from(rank).map_err(|_| error("too many scores"))?)
            }
            _ => None,
        };
        pieces.push(Piece {
            text,
            kind,
            priority,
        });
    }
    check_characters_are_pieces(&pieces)?;
    Ok((
        pieces,
        Rules {
            dummy_prefix,
            ties: Ties::Position,
        },
    ))
}

/// The engine never joins a character that is not a piece (it falls back to bytes); the
/// vendors would join it where some piece contains it. Proves that none does.
fn check_characters_are_pieces(pieces: &[Piece]) -> Result<(), VendorError> {
    let symbols: HashSet<&[u8]> = pieces
        .iter()
        .filter(|p| matches!(p.kind, PieceKind::Normal | PieceKind::Matched))
        .map(|p| p.text.as_slice())
        .collect();
    for piece in pieces.iter().filter(|p| p.priority.is_some()) {
        let text = String::from_utf8_lossy(&piece.text);
        let mut buffer = [0u8; 4];
        if let Some(c) = text
            .chars()
            .find(|c| !symbols.contains(c.encode_utf8(&mut buffer).as_bytes()))
        {
            return Err(error(format!(
                "the piece {text:?} holds {c:?}, which is not a piece itself"
            )));
        }
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct HfPiecesFile {
    normalizer: serde_json::Value,
    pre_tokenizer: serde_json::Value,
    added_tokens: Vec<HfAddedToken>,
    model: HfPiecesModel,
}

#[derive(serde::Deserialize)]
struct HfAddedToken {
    id: u64,
    content: String,
    special: bool,
    normalized: bool,
    lstrip: bool,
    rstrip: bool,
    single_word: bool,
}

#[derive(serde::Deserialize)]
struct HfPiecesModel {
    #[serde(rename = "type")]
    kind: String,
    byte_fallback: bool,
    dropout: Option<f64>,
    continuing_subword_prefix: Option<String>,
    end_of_word_suffix: Option<String>,
    #[serde(default)]
    ignore_merges: bool,
    vocab: HashMap<String, u64>,
    merges: Vec<(String, String)>,
}

/// Reads a Hugging Face `tokenizer.json` converted from a SentencePiece BPE model (Gemma
/// 3's), with its special added tokens left out (as the references do: Burnrate counts
/// special-token text as text) and its other added tokens as matched pieces.
///
/// The merges list is not kept: this proves it is exactly every split of every piece into
/// two pieces, in the order [`Ties::LengthsThenId`] computes from each piece's priority,
/// and records those priorities. A piece's priority is its place among the groups of
/// pieces whose merges are interleaved in the list (pieces of equal score; for Gemma, the
/// 87 runs of newlines, spaces and tabs at the head of the list form one group; every
/// other piece is a group of its own, in the order its merges come).
pub fn read_hf_pieces(json: &str) -> Result<(Vec<Piece>, Rules), VendorError> {
    let file: HfPiecesFile = serde_json::from_str(json).map_err(|e| error(e.to_string()))?;
    let model = file.model;
    let refuse = |what: String| Err(error(format!("the tokenizer.json {what}")));
    if model.kind != "BPE" || !model.byte_fallback {
        return refuse("is not a BPE model with byte fallback".into());
    }
    if model.dropout.is_some_and(|d| d != 0.0)
        || model.continuing_subword_prefix.is_some()
        || model.end_of_word_suffix.is_some()
        || model.ignore_merges
    {
        return refuse("has dropout, subword affixes or ignore_merges".into());
    }
    let replace =
        serde_json::json!({"type": "Replace", "pattern": {"String": " "}, "content": "\u{2581}"});
    if file.normalizer != replace {
        return refuse(format!("has the normalizer {}", file.normalizer));
    }
    // Splitting on " " after the normalizer has replaced every " " finds nothing.
    let split = serde_json::json!({"type": "Split", "pattern": {"String": " "},
        "behavior": "MergedWithPrevious", "invert": false});
    if !(file.pre_tokenizer.is_null() || file.pre_tokenizer == split) {
        return refuse(format!("has the pre-tokenizer {}", file.pre_tokenizer));
    }
    let count = model.vocab.len();
    let mut texts: Vec<Option<String>> = vec![None; count];
    for (text, &id) in &model.vocab {
        let slot = usize::try_from(id)
            .ok()
            .and_then(|id| texts.get_mut(id))
            .ok_or_else(|| error(format!("{text:?} has the id {id}, past the vocabulary")))?;
        *slot = Some(text.clone());
    }
    let texts: Vec<String> = texts
        .into_iter()
        .enumerate()
        .map(|(id, text)| text.ok_or_else(|| error(format!("no piece has the id {id}"))))
        .collect::<Result<_, _>>()?;
    let mut kinds = vec![PieceKind::Normal; count];
    for (id, text) in texts.iter().enumerate() {
        let is_byte = text.len() == 6
            && text.starts_with("<0x")
            && text.ends_with('>')
            && u8::from_str_radix(&text[3..5], 16).is_ok();
        if is_byte {
            kinds[id] = PieceKind::Byte;
        }
    }
    for token in file.added_tokens.iter().filter(|t| !t.special) {
        if token.normalized || token.lstrip || token.rstrip || token.single_word {
            return refuse(format!(
                "has the added token {:?} with options",
                token.content
            ));
        }
        let id = usize::try_from(token.id).unwrap_or(usize::MAX);
        if texts.get(id) != Some(&token.content) {
            return refuse(format!(
                "has the added token {:?} outside its vocabulary",
                token.content
            ));
        }
        kinds[id] = PieceKind::Matched;
    }
    // Groups: a piece's merges span [first, last] in the list; overlapping spans join.
    let mut span: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut concat = String::new();
    for (index, (left, right)) in model.merges.iter().enumerate() {
        concat.clear();
        concat.push_str(left);
        concat.push_str(right);
        let Some((text, _)) = model.vocab.get_key_value(concat.as_str()) else {
            return refuse(format!("merges {left:?} and {right:?} into no piece"));
        };
        for part in [left, right] {
            match model.vocab.get(part.as_str()) {
                Some(&id) if kinds[id as usize] != PieceKind::Byte => {}
                _ => return refuse(format!("merges {part:?}, not an ordinary piece")),
            }
        }
        span.entry(text.as_str())
            .and_modify(|s| s.1 = index)
            .or_insert((index, index));
    }
    let mut by_first: Vec<(&str, (usize, usize))> = span.into_iter().collect();
    by_first.sort_by_key(|&(_, (first, _))| first);
    let mut priority: HashMap<&str, u32> = HashMap::with_capacity(by_first.len());
    let (mut group, mut reach) = (0u32, None::<usize>);
    for &(text, (first, last)) in &by_first {
        if reach.is_some_and(|r| first > r) {
            group += 1;
        }
        reach = Some(reach.map_or(last, |r| r.max(last)));
        priority.insert(text, group);
    }
    // Proof: the list is every split of every piece into two ordinary pieces, in order.
    let chars = |s: &str| s.chars().count();
    let key = |left: &str, right: &str| -> Option<(u32, Reverse<usize>, Reverse<usize>, u64)> {
        let whole = format!("{left}{right}");
        Some((
            *priority.get(whole.as_str())?,
            Reverse(chars(left)),
            Reverse(chars(right)),
            *model.vocab.get(&whole)?,
        ))
    };
    let mut expected = 0usize;
    for (text, &id) in &model.vocab {
        if kinds[id as usize] == PieceKind::Byte {
            continue;
        }
        for (at, _) in text.char_indices().skip(1) {
            let (left, right) = text.split_at(at);
            let ordinary = |part: &str| {
                model
                    .vocab
                    .get(part)
                    .is_some_and(|&id| kinds[id as usize] != PieceKind::Byte)
            };
            if ordinary(left) && ordinary(right) {
                expected += 1;
            }
        }
    }
    if expected != model.merges.len() {
        return refuse(format!(
            "has {} merges; every split of a piece into two makes {expected}",
            model.merges.len()
        ));
    }
    let mut previous = None;
    for (left, right) in &model.merges {
        let current = key(left, right);
        if current.is_none() || previous >= current {
            return refuse(format!(
                "has the merge {left:?} {right:?} out of the order Ties::LengthsThenId gives"
            ));
        }
        previous = current;
    }
    let pieces = texts
        .into_iter()
        .zip(kinds)
        .map(|(text, kind)| Piece {
            priority: priority.get(text.as_str()).copied(),
            text: text.into_bytes(),
            kind,
        })
        .collect::<Vec<_>>();
    check_characters_are_pieces(&pieces)?;
    Ok((
        pieces,
        Rules {
            dummy_prefix: false,
            ties: Ties::LengthsThenId,
        },
    ))
}

/// Why a vendor file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorError(String);

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VendorError {}

fn error(message: impl Into<String>) -> VendorError {
    VendorError(message.into())
}

/// A vendor file's ordinary tokens, by rank, and the split pattern(s) it declares.
#[derive(Debug)]
pub struct VendorTable {
    /// (token bytes, rank), sorted by rank, no rank or bytes repeated.
    pub ranks: Vec<(Vec<u8>, Rank)>,
    /// The file's own pre-tokenizer patterns, in order (none for tiktoken files, whose
    /// pattern lives in the vendor's code).
    pub patterns: Vec<String>,
    /// The file's normalizer type (`"NFC"`), if any.
    pub normalizer: Option<String>,
}

fn finish(mut ranks: Vec<(Vec<u8>, Rank)>) -> Result<Vec<(Vec<u8>, Rank)>, VendorError> {
    ranks.sort_by_key(|&(_, rank)| rank);
    let mut seen = HashSet::with_capacity(ranks.len());
    for pair in ranks.windows(2) {
        if pair[0].1 == pair[1].1 {
            return Err(error(format!("rank {} appears twice", pair[0].1)));
        }
    }
    for (bytes, _) in &ranks {
        if !seen.insert(bytes.as_slice()) {
            return Err(error(format!("token {bytes:?} appears twice")));
        }
    }
    Ok(ranks)
}

/// Reads a tiktoken file (`<base64> <rank>` lines).
pub fn read_tiktoken(text: &str) -> Result<VendorTable, VendorError> {
    let engine = base64::engine::general_purpose::STANDARD;
    let mut ranks = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (token, rank) = line
            .split_once(' ')
            .ok_or_else(|| error(format!("line {}: no rank", number + 1)))?;
        let bytes = engine
            .decode(token)
            .map_err(|e| error(format!("line {}: {e}", number + 1)))?;
        let rank = rank
            .trim()
            .parse()
            .map_err(|e| error(format!("line {}: {e}", number + 1)))?;
        ranks.push((bytes, rank));
    }
    Ok(VendorTable {
        ranks: finish(ranks)?,
        patterns: Vec::new(),
        normalizer: None,
    })
}

#[derive(serde::Deserialize)]
struct Tekken {
    config: TekkenConfig,
    vocab: Vec<TekkenToken>,
}

#[derive(serde::Deserialize)]
struct TekkenConfig {
    pattern: String,
    default_vocab_size: u32,
    default_num_special_tokens: u32,
}

#[derive(serde::Deserialize)]
struct TekkenToken {
    rank: Rank,
    token_bytes: String,
}

/// Reads a tekken file, keeping the ranks Mistral's code keeps.
pub fn read_tekken(json: &str) -> Result<VendorTable, VendorError> {
    let tekken: Tekken = serde_json::from_str(json).map_err(|e| error(e.to_string()))?;
    let limit = tekken
        .config
        .default_vocab_size
        .checked_sub(tekken.config.default_num_special_tokens)
        .ok_or_else(|| error("more special tokens than tokens"))?;
    let engine = base64::engine::general_purpose::STANDARD;
    let mut ranks = Vec::new();
    for token in tekken.vocab.into_iter().filter(|token| token.rank < limit) {
        let bytes = engine
            .decode(&token.token_bytes)
            .map_err(|e| error(format!("rank {}: {e}", token.rank)))?;
        ranks.push((bytes, token.rank));
    }
    if ranks.len() != limit as usize {
        return Err(error(format!(
            "{} ranks below {limit}, expected {limit}",
            ranks.len()
        )));
    }
    Ok(VendorTable {
        ranks: finish(ranks)?,
        patterns: vec![tekken.config.pattern],
        normalizer: None,
    })
}

/// GPT-2's byte-to-character map (`bytes_to_unicode`), inverted: the printable bytes
/// `!`..`~`, `¡`..`¬` and `®`..`ÿ` stand for themselves; the others, in order, for
/// U+0100 on.
fn byte_level_alphabet() -> HashMap<char, u8> {
    let mut map = HashMap::with_capacity(256);
    let mut next = 0u32;
    for byte in 0..=255u8 {
        let printable = matches!(byte, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
        let c = if printable {
            char::from(byte)
        } else {
            let c = char::from_u32(256 + next).unwrap_or('\0');
            next += 1;
            c
        };
        map.insert(c, byte);
    }
    map
}

/// The parts of a `tokenizer.json` read here (serde skips the rest, the merges included,
/// without building them).
#[derive(serde::Deserialize)]
struct HfFile {
    #[serde(default)]
    normalizer: serde_json::Value,
    #[serde(default)]
    pre_tokenizer: serde_json::Value,
    #[serde(default)]
    added_tokens: Vec<HfAdded>,
    model: HfModel,
}

#[derive(serde::Deserialize)]
struct HfAdded {
    id: u64,
}

#[derive(serde::Deserialize)]
struct HfModel {
    #[serde(rename = "type")]
    kind: String,
    vocab: HashMap<String, u64>,
}

/// Reads a Hugging Face `tokenizer.json` with a byte-level BPE model.
pub fn read_hf_byte_level(json: &str) -> Result<VendorTable, VendorError> {
    let file: HfFile = serde_json::from_str(json).map_err(|e| error(e.to_string()))?;
    if file.model.kind != "BPE" {
        return Err(error("not a BPE model"));
    }
    let added: HashSet<u64> = file.added_tokens.iter().map(|token| token.id).collect();
    let alphabet = byte_level_alphabet();
    let mut ranks = Vec::with_capacity(file.model.vocab.len());
    for (token, id) in file.model.vocab {
        if added.contains(&id) {
            continue;
        }
        let bytes: Option<Vec<u8>> = token.chars().map(|c| alphabet.get(&c).copied()).collect();
        let bytes = bytes.ok_or_else(|| error(format!("{token} is not byte-level")))?;
        let rank = Rank::try_from(id).map_err(|_| error(format!("{token}: id {id}")))?;
        ranks.push((bytes, rank));
    }
    let mut patterns = Vec::new();
    collect_split_patterns(&file.pre_tokenizer, &mut patterns);
    // DeepSeek's is an empty sequence: no normalizer.
    let normalizer = match file.normalizer["type"].as_str() {
        Some("Sequence")
            if file.normalizer["normalizers"]
                .as_array()
                .is_some_and(Vec::is_empty) =>
        {
            None
        }
        other => other.map(str::to_owned),
    };
    Ok(VendorTable {
        ranks: finish(ranks)?,
        patterns,
        normalizer,
    })
}

fn collect_split_patterns(node: &serde_json::Value, out: &mut Vec<String>) {
    match node["type"].as_str() {
        Some("Sequence") => {
            for child in node["pretokenizers"].as_array().into_iter().flatten() {
                collect_split_patterns(child, out);
            }
        }
        Some("Split") => {
            if let Some(pattern) = node["pattern"]["Regex"].as_str() {
                out.push(pattern.to_owned());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiktoken_lines_are_read_by_rank() {
        let table = read_tiktoken("IQ== 1\nIA== 0\n\naGk= 2\n").unwrap();
        assert_eq!(
            table.ranks,
            [(b" ".to_vec(), 0), (b"!".to_vec(), 1), (b"hi".to_vec(), 2)]
        );
        assert!(read_tiktoken("IQ== 1\nIg== 1\n").is_err());
        assert!(read_tiktoken("not base64! 1\n").is_err());
    }

    #[test]
    fn tekken_keeps_only_the_ranks_below_the_vocabulary_limit() {
        let json = r#"{"config": {"pattern": "\\s+", "default_vocab_size": 3,
            "default_num_special_tokens": 1},
            "vocab": [{"rank": 0, "token_bytes": "YQ=="}, {"rank": 1, "token_bytes": "Yg=="},
                      {"rank": 2, "token_bytes": "YWI="}]}"#;
        let table = read_tekken(json).unwrap();
        assert_eq!(table.ranks, [(b"a".to_vec(), 0), (b"b".to_vec(), 1)]);
        assert_eq!(table.patterns, [r"\s+"]);
    }

    #[test]
    fn byte_level_tokens_are_decoded_and_added_tokens_left_out() {
        // "Ġ" is the space byte, "Ċ" the newline; id 2 is an added (special) token.
        let json = r#"{"normalizer": {"type": "NFC"},
            "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": "\\p{N}"}, "behavior": "Isolated"},
                {"type": "ByteLevel"}]},
            "added_tokens": [{"id": 2, "content": "<s>"}],
            "model": {"type": "BPE", "vocab": {"Ġ": 0, "Ċ": 1, "<s>": 2, "hi": 3}}}"#;
        let table = read_hf_byte_level(json).unwrap();
        assert_eq!(
            table.ranks,
            [(b" ".to_vec(), 0), (b"\n".to_vec(), 1), (b"hi".to_vec(), 3)]
        );
        assert_eq!(table.patterns, [r"\p{N}"]);
        assert_eq!(table.normalizer.as_deref(), Some("NFC"));
        let alphabet = byte_level_alphabet();
        assert_eq!(alphabet.len(), 256);
        assert_eq!(alphabet[&'ÿ'], 0xFF);
        assert_eq!(alphabet[&'\u{100}'], 0);
    }
}
