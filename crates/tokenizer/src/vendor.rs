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
//! Must not know: the browser. Never called by the app (its tables are prebuilt), so none
//! of this reaches the wasm.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use base64::Engine;

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
    let text = std::fs::read_to_string(&path).map_err(|e| {
        error(format!(
            "cannot read {} ({e}); run scripts/fetch-tokenizers (scripts/setup does)",
            path.display()
        ))
    })?;
    let table = match format {
        Format::Tiktoken => read_tiktoken(&text)?,
        Format::Tekken => read_tekken(&text)?,
        Format::HuggingFace => read_hf_byte_level(&text)?,
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
