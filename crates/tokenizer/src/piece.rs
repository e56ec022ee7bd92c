//! SentencePiece-style byte-pair encoding: the engine of Mistral's SentencePiece v3 and
//! Gemma 3 tokenizers, whose vocabularies are pieces of text (spaces written `▁`) rather
//! than byte sequences with tiktoken ranks.
//!
//! How a text becomes tokens, as the vendors' code does it (SentencePiece 0.2.3,
//! `normalizer.cc` and `bpe_model.cc`; Hugging Face tokenizers 0.23.3,
//! `added_vocabulary.rs`, `models/bpe/model.rs` and `word.rs`):
//! 1. **Matched pieces.** Some pieces are found in the text before anything else, the
//!    longest at the leftmost place first: SentencePiece's user-defined symbols (Mistral's
//!    `[REFERENCE_DOC_n]`), and the added tokens of a `tokenizer.json` that are not special
//!    (Gemma's runs of newlines, tabs written as `▁`, HTML tags). Each is one token, and no
//!    merge crosses it.
//! 2. **Normalizing** the text between them: every space becomes `▁` (U+2581), and where
//!    the vendor adds a dummy prefix (Mistral), a `▁` goes before the text (only at its very
//!    start, and not before an empty text).
//! 3. **Merging.** Every character starts as its own symbol. While two neighbouring symbols
//!    join into a piece that can be merged to, the pair with the best priority is joined
//!    (see [`Ties`] for how equal priorities are ordered); a character that is not a piece
//!    is never joined and ends as its UTF-8 bytes, one `<0xXX>` token each (byte fallback).
//!    The whole text between matched pieces is one run of merges: there is no split on
//!    whitespace first.
//!
//! Because there is no split, this module finds where one may cut without changing the
//! result ([`Model::words`]): a cut between characters `x` and `y` is safe when no piece
//! that merges can contain `x` followed by `y`, for then no pair of symbols on either side
//! can ever join, and the merges on each side happen in the same order as they would alone.
//! Only cuts before a `▁` are used, after a character that never comes before a `▁` inside
//! a mergeable piece (computed from the vocabulary; for both vocabularies here that is all
//! characters but `▁` and, for Gemma, `>`). Each part between cuts (a "word") is merged on
//! its own, its count remembered, and counting may stop and go on at any cut.
//!
//! Must not know: the browser, or where the pieces come from ([`crate::vendor`] reads the
//! vendors' files, [`crate::table`] the app's format).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::ControlFlow;
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::table::{BytesMap, Rank};

/// The space symbol, U+2581 LOWER ONE EIGHTH BLOCK.
pub const SPACE: char = '\u{2581}';
const SPACE_UTF8: &[u8] = "\u{2581}".as_bytes();

/// The text of the byte-fallback piece for `byte`: `<0x0A>`.
pub fn byte_piece(byte: u8) -> String {
    format!("<0x{byte:02X}>")
}

/// What a piece is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// An ordinary piece: a character symbol, or what merges make.
    Normal,
    /// One of the 256 byte-fallback pieces, `<0x00>` to `<0xFF>`.
    Byte,
    /// A piece found in the text before merging (step 1 of the module docs); it can also be
    /// an ordinary piece that merges make.
    Matched,
    /// A piece the text never produces (SentencePiece's control and unknown pieces).
    Control,
}

/// One piece of a vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Its text, UTF-8, with spaces as `▁`.
    pub text: Vec<u8>,
    /// What it is for.
    pub kind: PieceKind,
    /// Its merge priority: `None` if no merge makes it; otherwise lower merges first.
    pub priority: Option<u32>,
}

/// How pairs of equal priority are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ties {
    /// SentencePiece's `bpe_model.cc`: a pair's priority is its piece's score; between equal
    /// scores the leftmost pair joins first.
    Position,
    /// A Hugging Face `tokenizer.json` converted from SentencePiece: the merges list is
    /// sorted by the piece's score, then by the left part's length in characters, longest
    /// first, then the right part's, then by piece id (transformers' `generate_merges`), and
    /// the model joins the pair with the lowest index in that list, the leftmost between
    /// equal ones. `vendor::read_hf_pieces` proves that the file's list is in this order,
    /// so the order is computed here from the pieces instead of shipping half a million
    /// merges.
    LengthsThenId,
}

/// How a vocabulary is applied (from the vendor's configuration, checked by the reader).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Whether a `▁` goes before the text (SentencePiece's `add_dummy_prefix`).
    pub dummy_prefix: bool,
    /// How equal priorities are ordered.
    pub ties: Ties,
}

/// Why a vocabulary cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PieceError(pub String);

impl std::fmt::Display for PieceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    id: Rank,
    /// Merge priority + 1; 0 when no merge makes this piece.
    priority: u32,
}

/// A candidate pair's order: (priority + 1, tie-break by part lengths, piece id); lower
/// joins first, then the leftmost.
type PairKey = (u32, u32, u32);

/// Most words remembered in [`Model::counts`] before it starts over.
const COUNTS_CAPACITY: usize = 65_536;

/// A ready SentencePiece-style vocabulary (see the module docs).
pub struct Model {
    rules: Rules,
    /// Piece text -> entry, for the pieces that are symbols (ordinary and matched ones),
    /// in a flat index ([`BytesMap`]) with no allocation per piece.
    pieces: BytesMap<Entry>,
    /// The ids of `<0x00>` to `<0xFF>`.
    byte_ids: Box<[Rank; 256]>,
    /// The matched pieces, leftmost-longest, and their ids by pattern number.
    matcher: Option<aho_corasick::AhoCorasick>,
    matched_ids: Vec<Rank>,
    /// Characters that come right before a `▁` inside some mergeable piece: no cut after
    /// them.
    before_space: FxHashSet<char>,
    /// Token counts of words (normalized) that are not one piece, as merged before.
    counts: Mutex<FxHashMap<Box<[u8]>, u32>>,
    /// The control pieces, which the text never produces, by id (for [`Model::pieces`]).
    controls: Vec<(Rank, Box<[u8]>)>,
    /// The number of pieces.
    count: usize,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("rules", &self.rules)
            .field("pieces", &self.count)
            .finish()
    }
}

/// A part of the text as [`Model::words`] cuts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    /// A matched piece: one token.
    Matched { id: Rank, start: usize, end: usize },
    /// Text to normalize and merge, `start..end` of the raw text, with the dummy prefix
    /// before it or not.
    Text {
        start: usize,
        end: usize,
        prefix: bool,
    },
}

impl Model {
    /// Builds the model from pieces by id (ids are positions in `pieces`).
    pub fn new(rules: Rules, pieces: Vec<Piece>) -> Result<Model, PieceError> {
        let error = |message: String| Err(PieceError(message));
        let mut symbol_bytes = Vec::new();
        let mut symbols: Vec<(u32, Entry)> = Vec::with_capacity(pieces.len() + 1);
        let mut byte_ids = Box::new([Rank::MAX; 256]);
        let mut matched = Vec::new();
        let mut matched_ids = Vec::new();
        let mut before_space = FxHashSet::default();
        let mut controls = Vec::new();
        let count = pieces.len();
        for (id, piece) in pieces.into_iter().enumerate() {
            let id = Rank::try_from(id).map_err(|_| PieceError("too many pieces".into()))?;
            let Ok(text) = std::str::from_utf8(&piece.text) else {
                return error(format!("piece {id} is not UTF-8"));
            };
            if text.is_empty() {
                return error(format!("piece {id} is empty"));
            }
            match piece.kind {
                PieceKind::Byte => {
                    let byte = text
                        .strip_prefix("<0x")
                        .and_then(|rest| rest.strip_suffix('>'))
                        .filter(|hex| hex.len() == 2)
                        .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                        .filter(|&byte| byte_piece(byte) == text);
                    match byte {
                        Some(byte) => byte_ids[usize::from(byte)] = id,
                        None => return error(format!("{text:?} is not a byte piece")),
                    }
                }
                PieceKind::Control => controls.push((id, piece.text.into_boxed_slice())),
                PieceKind::Normal | PieceKind::Matched => {
                    let priority = match piece.priority {
                        Some(p) => p
                            .checked_add(1)
                            .ok_or_else(|| PieceError(format!("{text:?}: priority")))?,
                        None => 0,
                    };
                    if priority > 0 {
                        let mut previous = None;
                        for c in text.chars() {
                            if c == SPACE {
                                if let Some(p) = previous {
                                    before_space.insert(p);
                                }
                            }
                            previous = Some(c);
                        }
                    }
                    let entry = Entry { id, priority };
                    if piece.kind == PieceKind::Matched {
                        matched.push(text.to_owned());
                        matched_ids.push(id);
                    }
                    let start = u32::try_from(symbol_bytes.len())
                        .map_err(|_| PieceError("the pieces are too long".into()))?;
                    symbols.push((start, entry));
                    symbol_bytes.extend_from_slice(&piece.text);
                }
            }
        }
        let end = u32::try_from(symbol_bytes.len())
            .map_err(|_| PieceError("the pieces are too long".into()))?;
        symbols.push((end, Entry::default()));
        let map = BytesMap::index(symbol_bytes, symbols)
            .map_err(|_| PieceError("two pieces have the same text".into()))?;
        if byte_ids.contains(&Rank::MAX) {
            return error("the vocabulary lacks some of the 256 byte pieces".into());
        }
        let matcher = if matched.is_empty() {
            None
        } else {
            Some(
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(&matched)
                    .map_err(|e| PieceError(format!("matched pieces: {e}")))?,
            )
        };
        Ok(Model {
            rules,
            pieces: map,
            byte_ids,
            matcher,
            matched_ids,
            before_space,
            counts: Mutex::new(FxHashMap::default()),
            controls,
            count,
        })
    }

    /// Every piece, by id, as [`Model::new`] took them (for writing tables and tests).
    pub fn pieces(&self) -> Vec<Piece> {
        let mut out: Vec<Option<Piece>> = vec![None; self.count];
        let matched: FxHashSet<Rank> = self.matched_ids.iter().copied().collect();
        for (text, entry) in self.pieces.iter() {
            out[entry.id as usize] = Some(Piece {
                text: text.to_vec(),
                kind: if matched.contains(&entry.id) {
                    PieceKind::Matched
                } else {
                    PieceKind::Normal
                },
                priority: entry.priority.checked_sub(1),
            });
        }
        for (byte, &id) in self.byte_ids.iter().enumerate() {
            out[id as usize] = Some(Piece {
                text: byte_piece(byte as u8).into_bytes(),
                kind: PieceKind::Byte,
                priority: None,
            });
        }
        for (id, text) in &self.controls {
            out[*id as usize] = Some(Piece {
                text: text.to_vec(),
                kind: PieceKind::Control,
                priority: None,
            });
        }
        out.into_iter().flatten().collect()
    }

    /// Calls `each` with the words of `text` from byte `from` on (see the module docs),
    /// until it says stop. `from` is 0 or the end of an earlier word.
    fn words(&self, text: &str, from: usize, mut each: impl FnMut(Word) -> ControlFlow<()>) {
        let mut at = from;
        let gaps = |start: usize, end: usize, each: &mut dyn FnMut(Word) -> ControlFlow<()>| {
            self.text_words(text, start, end, each)
        };
        if let Some(matcher) = &self.matcher {
            for found in matcher.find_iter(&text[from..]) {
                let (start, end) = (from + found.start(), from + found.end());
                if gaps(at, start, &mut each).is_break() {
                    return;
                }
                let id = self.matched_ids[found.pattern().as_usize()];
                if each(Word::Matched { id, start, end }).is_break() {
                    return;
                }
                at = end;
            }
        }
        let _ = gaps(at, text.len(), &mut each);
    }

    /// The words of `text[start..end]`, text with no matched piece in it.
    fn text_words(
        &self,
        text: &str,
        start: usize,
        end: usize,
        each: &mut dyn FnMut(Word) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let prefix = start == 0 && self.rules.dummy_prefix && !text.is_empty();
        if start >= end {
            // The dummy prefix alone, before a text that starts with a matched piece.
            if prefix {
                each(Word::Text {
                    start,
                    end: start,
                    prefix,
                })?;
            }
            return ControlFlow::Continue(());
        }
        let normal = |c: char| if c == ' ' { SPACE } else { c };
        let mut word_start = start;
        // The character before the current one, normalized (the prefix counts).
        let mut previous: Option<char> = prefix.then_some(SPACE);
        for (offset, c) in text[start..end].char_indices() {
            let at = start + offset;
            let c = normal(c);
            let cut = previous.is_some_and(|p| !self.before_space.contains(&p));
            if c == SPACE && at > word_start && cut {
                each(Word::Text {
                    start: word_start,
                    end: at,
                    prefix: prefix && word_start == start,
                })?;
                word_start = at;
            }
            previous = Some(c);
        }
        each(Word::Text {
            start: word_start,
            end,
            prefix: prefix && word_start == start,
        })
    }

    /// The normalized bytes of a text word.
    fn normalized(text: &str, start: usize, end: usize, prefix: bool) -> Vec<u8> {
        let raw = &text.as_bytes()[start..end];
        let mut out = Vec::with_capacity(raw.len() + 6);
        if prefix {
            out.extend_from_slice(SPACE_UTF8);
        }
        for &byte in raw {
            if byte == b' ' {
                out.extend_from_slice(SPACE_UTF8);
            } else {
                out.push(byte);
            }
        }
        out
    }

    /// Counts `text` a part at a time (see `Encoder::count_part`): the tokens of the words
    /// from byte `from` until at least `at_least` bytes are covered, and where it stopped.
    pub fn count_part(&self, text: &str, from: usize, at_least: usize) -> (usize, usize) {
        if from > text.len() || !text.is_char_boundary(from) || (from == text.len() && from > 0) {
            return (0, text.len());
        }
        let stop = from.saturating_add(at_least);
        let mut total = 0;
        let mut reached = text.len();
        let mut buffer = Vec::new();
        self.words(text, from, |word| {
            let end = match word {
                Word::Matched { end, .. } => {
                    total += 1;
                    end
                }
                Word::Text { start, end, prefix } => {
                    buffer.clear();
                    if prefix {
                        buffer.extend_from_slice(SPACE_UTF8);
                    }
                    for &byte in &text.as_bytes()[start..end] {
                        if byte == b' ' {
                            buffer.extend_from_slice(SPACE_UTF8);
                        } else {
                            buffer.push(byte);
                        }
                    }
                    total += self.word_count(&buffer);
                    end
                }
            };
            if end > from && end >= stop && end < text.len() {
                reached = end;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        (total, reached)
    }

    /// The tokens of one normalized word, remembered across calls.
    fn word_count(&self, word: &[u8]) -> usize {
        if word.is_empty() {
            return 0;
        }
        if let Ok(counts) = self.counts.lock() {
            if let Some(&count) = counts.get(word) {
                return count as usize;
            }
        }
        let mut count = 0;
        let _ = self.merge(word, |_, _, _| {
            count += 1;
            ControlFlow::Continue(())
        });
        if let Ok(mut counts) = self.counts.lock() {
            if counts.len() >= COUNTS_CAPACITY {
                counts.clear();
            }
            counts.insert(word.into(), u32::try_from(count).unwrap_or(u32::MAX));
        }
        count
    }

    /// Forgets the remembered word counts.
    pub fn forget(&self) {
        if let Ok(mut counts) = self.counts.lock() {
            counts.clear();
        }
    }

    /// Calls `each` with every token of `text` as (id, start, end), offsets in the raw
    /// text, until it says stop. The dummy prefix has no bytes in the raw text: a token of
    /// it alone is empty (`start == end == 0`), one that takes it with more covers only
    /// the more.
    pub fn tokens(&self, text: &str, mut each: impl FnMut(Rank, usize, usize) -> ControlFlow<()>) {
        self.words(text, 0, |word| match word {
            Word::Matched { id, start, end } => each(id, start, end),
            Word::Text { start, end, prefix } => {
                let normalized = Model::normalized(text, start, end, prefix);
                // Raw offset of every normalized byte offset that starts a character (and
                // of the end).
                let mut raw_at = vec![start; normalized.len() + 1];
                let mut n = if prefix { SPACE_UTF8.len() } else { 0 };
                for (offset, c) in text[start..end].char_indices() {
                    let len = if c == ' ' {
                        SPACE_UTF8.len()
                    } else {
                        c.len_utf8()
                    };
                    for k in 0..len {
                        // A byte inside a multi-byte character maps to the same byte of
                        // the raw character (byte-fallback tokens cover one byte each).
                        raw_at[n + k] = start + offset + if c == ' ' { 0 } else { k };
                    }
                    n += len;
                }
                raw_at[normalized.len()] = end;
                self.merge(&normalized, |id, a, b| each(id, raw_at[a], raw_at[b]))
            }
        });
    }

    /// Merges one normalized word and calls `each` with every token as (id, start, end)
    /// in the word's bytes (see the module docs and [`Ties`]).
    ///
    /// Symbols are kept as a linked list over the word's characters, and candidate pairs
    /// in a min-heap keyed by (priority, tie-break, left position), so a word of n
    /// characters takes O(n log n). A popped pair is used only if its left symbol is still
    /// alive and the pair it now makes with its right neighbour has the same key (equal
    /// keys mean the same piece from the same split at the same place).
    fn merge(
        &self,
        word: &[u8],
        mut each: impl FnMut(Rank, usize, usize) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        // No shortcut for a word that is a piece: unlike tiktoken's ranks, a piece is a
        // token of itself only if the merges reach it (Gemma's "<bos>" is a piece that no
        // merge makes: the text "<bos>" is "<", "bos", ">").
        let Ok(text) = std::str::from_utf8(word) else {
            return ControlFlow::Continue(());
        };
        // Symbol i starts at byte starts[i]; the word's end closes the last.
        let starts: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        let n = starts.len();
        let len = word.len() as u32;
        const NONE: u32 = u32::MAX;
        let count = n as u32;
        let mut next: Vec<u32> = (1..=count).collect();
        let mut prev: Vec<u32> = (0..count)
            .map(|i| i.checked_sub(1).unwrap_or(NONE))
            .collect();
        let mut alive = vec![true; n];
        let mut chars = vec![1u8; n];
        let end_of = |next: &[u32], i: u32| -> u32 {
            let j = next[i as usize];
            if j >= count {
                len
            } else {
                starts[j as usize]
            }
        };
        // Unknown characters are never joined (they end as byte tokens).
        let frozen: Vec<bool> = (0..n)
            .map(|i| {
                let a = starts[i] as usize;
                let b = if i + 1 < n {
                    starts[i + 1] as usize
                } else {
                    word.len()
                };
                !self.pieces.contains(&word[a..b])
            })
            .collect();
        let ties = self.rules.ties;
        // The key of joining symbol i with the one after it, if they join.
        let key = |next: &[u32], chars: &[u8], i: u32| -> Option<PairKey> {
            let j = next[i as usize];
            if j >= count || frozen[i as usize] || frozen[j as usize] {
                return None;
            }
            let a = starts[i as usize] as usize;
            let b = end_of(next, j) as usize;
            let entry = self.pieces.get(&word[a..b])?;
            if entry.priority == 0 {
                return None;
            }
            Some(match ties {
                Ties::Position => (entry.priority, 0, 0),
                Ties::LengthsThenId => (
                    entry.priority,
                    (u32::from(255 - chars[i as usize]) << 8) | u32::from(255 - chars[j as usize]),
                    entry.id,
                ),
            })
        };
        let mut heap: BinaryHeap<Reverse<(PairKey, u32)>> = (0..count.saturating_sub(1))
            .filter_map(|i| key(&next, &chars, i).map(|k| Reverse((k, i))))
            .collect();
        while let Some(Reverse((popped, i))) = heap.pop() {
            if !alive[i as usize] || key(&next, &chars, i) != Some(popped) {
                continue;
            }
            let j = next[i as usize];
            alive[j as usize] = false;
            next[i as usize] = next[j as usize];
            chars[i as usize] = chars[i as usize].saturating_add(chars[j as usize]);
            let after = next[i as usize];
            if after < count {
                prev[after as usize] = i;
                if let Some(k) = key(&next, &chars, i) {
                    heap.push(Reverse((k, i)));
                }
            }
            let before = prev[i as usize];
            if before != NONE {
                if let Some(k) = key(&next, &chars, before) {
                    heap.push(Reverse((k, before)));
                }
            }
        }
        let mut i = 0u32;
        while i < count {
            let a = starts[i as usize] as usize;
            let b = end_of(&next, i) as usize;
            if frozen[i as usize] {
                for (k, &byte) in word[a..b].iter().enumerate() {
                    each(self.byte_ids[usize::from(byte)], a + k, a + k + 1)?;
                }
            } else {
                let id = self.pieces.get(&word[a..b]).map_or(0, |entry| entry.id);
                each(id, a, b)?;
            }
            i = next[i as usize];
        }
        ControlFlow::Continue(())
    }

    /// The number of pieces.
    pub fn piece_count(&self) -> usize {
        self.count
    }
}

#[cfg(test)]
impl Model {
    /// The ids of `text` merged without cutting between matched pieces: what the vendors
    /// do, to check the cuts against.
    pub(crate) fn encode_uncut(&self, text: &str) -> Vec<Rank> {
        let mut ids = Vec::new();
        let gap = |ids: &mut Vec<Rank>, start: usize, end: usize| {
            let prefix = start == 0 && self.rules.dummy_prefix && !text.is_empty();
            if start < end || prefix {
                let word = Model::normalized(text, start, end, prefix);
                let _ = self.merge(&word, |id, _, _| {
                    ids.push(id);
                    ControlFlow::Continue(())
                });
            }
        };
        let mut at = 0;
        let mut matched = Vec::new();
        if let Some(matcher) = &self.matcher {
            for found in matcher.find_iter(text) {
                matched.push((found.start(), found.end(), found.pattern().as_usize()));
            }
        }
        for (start, end, pattern) in matched {
            gap(&mut ids, at, start);
            ids.push(self.matched_ids[pattern]);
            at = end;
        }
        gap(&mut ids, at, text.len());
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, kind: PieceKind, priority: Option<u32>) -> Piece {
        Piece {
            text: text.as_bytes().to_vec(),
            kind,
            priority,
        }
    }

    /// A tiny vocabulary: bytes, the letters a, b, c, ▁, and merges ▁a (0), ab (1), ▁ab (2),
    /// bc (1, tied with ab), and the matched piece "<x>".
    fn tiny(rules: Rules) -> Model {
        let mut pieces: Vec<Piece> = (0..=255u8)
            .map(|b| piece(&format!("<0x{b:02X}>"), PieceKind::Byte, None))
            .collect();
        for (text, priority) in [
            ("a", None),
            ("b", None),
            ("c", None),
            ("\u{2581}", None),
            ("\u{2581}a", Some(0)),
            ("ab", Some(1)),
            ("\u{2581}ab", Some(2)),
            ("bc", Some(1)),
        ] {
            pieces.push(piece(text, PieceKind::Normal, priority));
        }
        pieces.push(piece("<x>", PieceKind::Matched, None));
        Model::new(rules, pieces).unwrap()
    }

    fn ids(model: &Model, text: &str) -> Vec<(Rank, usize, usize)> {
        let mut out = Vec::new();
        model.tokens(text, |id, a, b| {
            out.push((id, a, b));
            ControlFlow::Continue(())
        });
        out
    }

    const SP: Rules = Rules {
        dummy_prefix: true,
        ties: Ties::Position,
    };

    #[test]
    fn the_dummy_prefix_and_spaces_are_the_space_symbol() {
        let model = tiny(SP);
        // "ab" -> "▁ab": ▁a (priority 0) joins first, then ▁a+b = ▁ab (2).
        assert_eq!(ids(&model, "ab"), [(262, 0, 2)]);
        // "a b": "▁a▁b" -> ▁a, ▁, b: 3 tokens; the second ▁ is the raw space.
        assert_eq!(ids(&model, "a b"), [(260, 0, 1), (259, 1, 2), (257, 2, 3)]);
        assert_eq!(model.count_part("a b", 0, usize::MAX), (3, 3));
        assert_eq!(model.count_part("", 0, usize::MAX), (0, 0));
    }

    #[test]
    fn equal_priorities_join_leftmost_first() {
        let model = tiny(Rules {
            dummy_prefix: false,
            ties: Ties::Position,
        });
        // "abc": ab and bc both priority 1: the leftmost (ab) joins, c stays.
        assert_eq!(ids(&model, "abc"), [(261, 0, 2), (258, 2, 3)]);
    }

    #[test]
    fn unknown_characters_fall_back_to_bytes_and_matched_pieces_cut() {
        let model = tiny(Rules {
            dummy_prefix: false,
            ties: Ties::Position,
        });
        // "é" is not a piece: its two UTF-8 bytes, one token each.
        assert_eq!(ids(&model, "é"), [(0xC3, 0, 1), (0xA9, 1, 2)]);
        // "a<x>b": a, then the matched piece, then b; a and b never see each other.
        assert_eq!(
            ids(&model, "a<x>b"),
            [(256, 0, 1), (264, 1, 4), (257, 4, 5)]
        );
    }

    #[test]
    fn a_text_starting_with_a_matched_piece_keeps_the_prefix_alone() {
        let model = tiny(SP);
        assert_eq!(ids(&model, "<x>a"), [(259, 0, 0), (264, 0, 3), (256, 3, 4)]);
        assert_eq!(model.count_part("<x>a", 0, usize::MAX).0, 3);
    }
}
