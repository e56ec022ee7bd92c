//! The binary token-table format the app loads on demand (`tokenizers/<encoding>.bin`).
//!
//! tiktoken's own `.tiktoken` files are base64 lines, slow to parse in the browser. This
//! format stores the same (token bytes, rank) pairs ready to use:
//!
//! ```text
//! "BRTK"                  magic
//! u8                      format version (1)
//! u8, bytes               encoding name length, then the name (ASCII)
//! u32 little-endian       number of entries
//! entries, by rank:       varint(rank - previous rank - 1), varint(length), token bytes
//! ```
//!
//! (The first entry's "previous rank" is -1, so contiguous ranks cost one byte each.)
//!
//! The SentencePiece-style vocabularies ([`crate::piece`]) have pieces of text with a kind
//! and a merge priority instead of ranks, in a format of their own
//! (`tokenizers/<encoding>.bin` as well):
//!
//! ```text
//! "BRSP"                  magic
//! u8                      format version (1)
//! u8, bytes               encoding name length, then the name (ASCII)
//! u32 little-endian       number of pieces; ids are 0, 1, 2, ... in this order
//! pieces, by id:          u8 kind (0 normal, 1 byte, 2 matched, 3 control; +128 when it
//!                         has a merge priority), then if it has one
//!                         varint(zigzag(priority - the previous piece's priority)),
//!                         then varint(length), the piece's UTF-8 bytes
//! ```
//!
//! (Priorities mostly grow by one from piece to piece, so their differences are small.)
//!
//! Reading a table builds no hash map of owned keys: the token bytes are copied into one
//! buffer, in table order, and looked up through a flat open-addressing index of `u32`
//! slots ([`Ranks`]), built in one pass with no allocation per token. For o200k_base
//! (200,000 tokens) that is three allocations instead of 200,000, and a few milliseconds
//! instead of tens.

use std::fmt;
use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::piece::{Piece, PieceKind};

/// The magic bytes at the start of a table.
pub const MAGIC: &[u8; 4] = b"BRTK";
/// The format version this build reads and writes.
pub const VERSION: u8 = 1;
/// The magic bytes at the start of a SentencePiece-style table.
pub const PIECES_MAGIC: &[u8; 4] = b"BRSP";
/// The SentencePiece-style format's version.
pub const PIECES_VERSION: u8 = 1;

/// A token rank (its id).
pub type Rank = u32;

/// Why a table could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    /// Not a Burnrate token table.
    BadMagic,
    /// A version this build cannot read.
    UnsupportedVersion(u8),
    /// The data ends early or is inconsistent; holds what was being read.
    Corrupt(&'static str),
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::BadMagic => write!(f, "not a token table"),
            TableError::UnsupportedVersion(version) => {
                write!(f, "token table version {version} is not supported")
            }
            TableError::Corrupt(what) => write!(f, "the token table is damaged ({what})"),
        }
    }
}

impl std::error::Error for TableError {}

/// A decoded table: the encoding's name and its ranks.
pub struct Table {
    /// The encoding name, such as `o200k_base`.
    pub encoding: String,
    /// Token bytes -> rank.
    pub ranks: Ranks,
}

/// Token bytes -> rank, for byte-pair merging: the lookup on the counting hot path.
pub type Ranks = BytesMap<Rank>;

/// Byte strings -> a small value (a rank, or a SentencePiece piece's entry), built in one
/// pass over strings laid out one after the other, with no allocation per string.
///
/// Three flat arrays instead of a hash map with an owned key per token:
/// - `bytes`: every token's bytes, one after the other, in the order they were given;
/// - `entries`: for token `i`, where its bytes start in `bytes` and its rank; one entry
///   more at the end holds the end of the last token, so token `i` is
///   `bytes[entries[i].0..entries[i + 1].0]`;
/// - `slots`: an open-addressing index with linear probing, a power of two at least twice
///   the number of tokens long (so at most half full). A slot is 0 when empty, otherwise
///   `tag << index_bits | (i + 1)`: the token's index plus one in the low `index_bits`
///   bits and, in the bits left over, the top bits of the token's hash, so that a probe
///   compares bytes only with the tokens whose tag matches (all but about one in 2^14 of
///   the others, for 200,000 tokens).
///
/// The hash of a token's bytes is `rustc-hash`'s (its `FxHasher::write`, a small-string
/// hash); the slot is the hash's low bits, the tag its top bits.
#[derive(Clone)]
pub struct BytesMap<V> {
    bytes: Vec<u8>,
    entries: Vec<(u32, V)>,
    slots: Vec<u32>,
    /// `slots.len() - 1`.
    mask: usize,
    /// How many low bits of a slot hold the token's index plus one.
    index_bits: u32,
}

impl<V: Copy + Default> Default for BytesMap<V> {
    /// No tokens: every lookup misses.
    fn default() -> BytesMap<V> {
        BytesMap {
            bytes: Vec::new(),
            entries: vec![(0, V::default())],
            slots: vec![0],
            mask: 0,
            index_bits: 32,
        }
    }
}

impl<V> fmt::Debug for BytesMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BytesMap")
            .field("len", &(self.entries.len() - 1))
            .finish()
    }
}

#[inline]
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

impl<V: Copy + Default> BytesMap<V> {
    /// Builds the index over tokens already laid out: `bytes` holds every token's bytes
    /// one after the other and `entries` each token's start in it and its value, followed
    /// by one entry whose start is `bytes.len()`. A token's bytes given twice are refused
    /// (`Corrupt("repeated token")`), and so are starts that go back or past the bytes.
    pub(crate) fn index(bytes: Vec<u8>, entries: Vec<(u32, V)>) -> Result<BytesMap<V>, TableError> {
        let count = entries.len().saturating_sub(1);
        if entries.last().map(|&(end, _)| end as usize) != Some(bytes.len()) {
            return Err(TableError::Corrupt("token bytes"));
        }
        // At least twice as many slots as tokens, and at least 2.
        let slot_count = count
            .max(1)
            .checked_mul(2)
            .and_then(usize::checked_next_power_of_two)
            .filter(|&n| n <= 1 << 31)
            .ok_or(TableError::Corrupt("entry count"))?;
        // Indexes plus one go up to `count`, which must fit below the tag.
        let index_bits = (usize::BITS - count.leading_zeros()).max(1);
        let mut ranks = BytesMap {
            bytes,
            entries,
            slots: vec![0; slot_count],
            mask: slot_count - 1,
            index_bits,
        };
        for token in 0..count {
            let (start, end) = (ranks.entries[token].0, ranks.entries[token + 1].0);
            let bytes = ranks
                .bytes
                .get(start as usize..end as usize)
                .ok_or(TableError::Corrupt("token bytes"))?;
            let hash = hash_bytes(bytes);
            let tag = ranks.tag(hash);
            let mut at = hash as usize & ranks.mask;
            loop {
                let slot = ranks.slots[at];
                if slot == 0 {
                    break;
                }
                if slot & !ranks.index_low_mask() == tag && ranks.token(slot) == Some(bytes) {
                    return Err(TableError::Corrupt("repeated token"));
                }
                at = (at + 1) & ranks.mask;
            }
            // `token + 1` fits in `index_bits` bits by the choice of `index_bits`.
            ranks.slots[at] = tag | (token as u32 + 1);
        }
        Ok(ranks)
    }

    /// Builds the map from (token bytes, value) pairs, kept in the order given (for
    /// [`BytesMap::iter`]). Bytes given twice are refused.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a [u8], V)>,
    ) -> Result<BytesMap<V>, TableError> {
        let mut bytes = Vec::new();
        let mut entries = Vec::new();
        for (token, rank) in pairs {
            let start = u32::try_from(bytes.len()).map_err(|_| TableError::Corrupt("length"))?;
            entries.push((start, rank));
            bytes.extend_from_slice(token);
        }
        let end = u32::try_from(bytes.len()).map_err(|_| TableError::Corrupt("length"))?;
        entries.push((end, V::default()));
        BytesMap::index(bytes, entries)
    }

    /// The bits of a slot that hold the index plus one.
    #[inline]
    fn index_low_mask(&self) -> u32 {
        u32::MAX.checked_shr(32 - self.index_bits).unwrap_or(0)
    }

    /// The tag of a hash, already shifted into place above the index bits (0 when the
    /// index takes all 32 bits).
    #[inline]
    fn tag(&self, hash: u64) -> u32 {
        let tag_bits = 32 - self.index_bits;
        if tag_bits == 0 {
            return 0;
        }
        ((hash >> (64 - tag_bits)) as u32) << self.index_bits
    }

    /// The bytes of the token a non-empty slot points to.
    #[inline]
    fn token(&self, slot: u32) -> Option<&[u8]> {
        let index = ((slot & self.index_low_mask()) as usize).wrapping_sub(1);
        let start = self.entries.get(index)?.0 as usize;
        let end = self.entries.get(index + 1)?.0 as usize;
        self.bytes.get(start..end)
    }

    /// The value of the token whose bytes are `bytes` (its rank), if there is one.
    #[inline]
    pub fn get(&self, bytes: &[u8]) -> Option<V> {
        let hash = hash_bytes(bytes);
        let tag = self.tag(hash);
        let low = self.index_low_mask();
        let mut at = hash as usize & self.mask;
        loop {
            // `at` is always masked to the slots' length.
            let slot = *self.slots.get(at)?;
            if slot == 0 {
                return None;
            }
            if slot & !low == tag {
                let index = ((slot & low) as usize).wrapping_sub(1);
                let start = self.entries.get(index)?.0 as usize;
                let end = self.entries.get(index + 1)?.0 as usize;
                if self.bytes.get(start..end) == Some(bytes) {
                    return Some(self.entries[index].1);
                }
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Whether `bytes` is a token.
    #[inline]
    pub fn contains(&self, bytes: &[u8]) -> bool {
        self.get(bytes).is_some()
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.entries.len() - 1
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every (token bytes, value), in the order they were given (by rank, for a table).
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], V)> + '_ {
        self.entries.windows(2).map(|pair| {
            let (start, rank) = pair[0];
            (&self.bytes[start as usize..pair[1].0 as usize], rank)
        })
    }

    /// The heap this takes, in bytes: the three arrays.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.entries.capacity() * std::mem::size_of::<(u32, V)>()
            + self.slots.capacity() * std::mem::size_of::<u32>()
    }
}

/// Writes a table. `ranks` must be sorted by rank, with no rank repeated.
pub fn write(encoding: &str, ranks: &[(Vec<u8>, Rank)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ranks.len() * 10);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.push(encoding.len() as u8);
    out.extend_from_slice(encoding.as_bytes());
    out.extend_from_slice(&(ranks.len() as u32).to_le_bytes());
    let mut previous: i64 = -1;
    for (bytes, rank) in ranks {
        push_varint(&mut out, (i64::from(*rank) - previous - 1) as u64);
        push_varint(&mut out, bytes.len() as u64);
        out.extend_from_slice(bytes);
        previous = i64::from(*rank);
    }
    out
}

/// Reads a table written by [`write`].
pub fn read(data: &[u8]) -> Result<Table, TableError> {
    let mut reader = Reader { data, at: 0 };
    let (encoding, count) = reader.header(MAGIC, VERSION, "entry count")?;
    // Every entry takes at least two bytes besides its token's, so the token bytes are
    // fewer than the data's.
    let mut bytes = Vec::with_capacity(data.len().saturating_sub(reader.at + 2 * count));
    let mut entries = Vec::with_capacity(count + 1);
    let mut previous: u64 = u64::MAX; // -1 as a wrapping counter
    for _ in 0..count {
        let gap = reader.varint()?;
        let rank = previous
            .wrapping_add(1)
            .checked_add(gap)
            .filter(|&rank| rank <= u64::from(Rank::MAX))
            .ok_or(TableError::Corrupt("rank"))?;
        let len = usize::try_from(reader.varint()?).map_err(|_| TableError::Corrupt("length"))?;
        let token = reader.take(len, "token bytes")?;
        // The data is shorter than 4 GB (the wasm heap), so offsets fit in u32.
        let start = u32::try_from(bytes.len()).map_err(|_| TableError::Corrupt("length"))?;
        entries.push((start, rank as Rank));
        bytes.extend_from_slice(token);
        previous = rank;
    }
    if reader.at != data.len() {
        return Err(TableError::Corrupt("trailing bytes"));
    }
    let end = u32::try_from(bytes.len()).map_err(|_| TableError::Corrupt("length"))?;
    entries.push((end, 0));
    Ok(Table {
        encoding,
        ranks: Ranks::index(bytes, entries)?,
    })
}

/// A decoded SentencePiece-style table: the encoding's name and its pieces by id.
pub struct PieceTable {
    /// The encoding name, such as `gemma3`.
    pub encoding: String,
    /// The pieces; a piece's id is its position.
    pub pieces: Vec<Piece>,
}

/// Whether `data` is a SentencePiece-style table (by its magic bytes).
pub fn is_pieces(data: &[u8]) -> bool {
    data.starts_with(PIECES_MAGIC)
}

fn kind_code(kind: PieceKind) -> u8 {
    match kind {
        PieceKind::Normal => 0,
        PieceKind::Byte => 1,
        PieceKind::Matched => 2,
        PieceKind::Control => 3,
    }
}

/// Writes a SentencePiece-style table (pieces by id).
pub fn write_pieces(encoding: &str, pieces: &[Piece]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pieces.len() * 10);
    out.extend_from_slice(PIECES_MAGIC);
    out.push(PIECES_VERSION);
    out.push(encoding.len() as u8);
    out.extend_from_slice(encoding.as_bytes());
    out.extend_from_slice(&(pieces.len() as u32).to_le_bytes());
    let mut previous: i64 = 0;
    for piece in pieces {
        let has_priority = if piece.priority.is_some() { 0x80 } else { 0 };
        out.push(kind_code(piece.kind) | has_priority);
        if let Some(priority) = piece.priority {
            let delta = i64::from(priority) - previous;
            push_varint(&mut out, ((delta << 1) ^ (delta >> 63)) as u64);
            previous = i64::from(priority);
        }
        push_varint(&mut out, piece.text.len() as u64);
        out.extend_from_slice(&piece.text);
    }
    out
}

/// Reads a table written by [`write_pieces`].
pub fn read_pieces(data: &[u8]) -> Result<PieceTable, TableError> {
    let mut reader = Reader { data, at: 0 };
    let (encoding, count) = reader.header(PIECES_MAGIC, PIECES_VERSION, "piece count")?;
    let mut pieces = Vec::with_capacity(count);
    let mut previous: i64 = 0;
    for _ in 0..count {
        let code = reader.take(1, "kind")?[0];
        let kind = match code & 0x7f {
            0 => PieceKind::Normal,
            1 => PieceKind::Byte,
            2 => PieceKind::Matched,
            3 => PieceKind::Control,
            _ => return Err(TableError::Corrupt("kind")),
        };
        let priority = if code & 0x80 != 0 {
            let zigzag = reader.varint()?;
            let delta = ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
            let priority = previous
                .checked_add(delta)
                .filter(|p| (0..i64::from(u32::MAX)).contains(p))
                .ok_or(TableError::Corrupt("priority"))?;
            previous = priority;
            Some(priority as u32)
        } else {
            None
        };
        let len = usize::try_from(reader.varint()?).map_err(|_| TableError::Corrupt("length"))?;
        let text = reader.take(len, "piece")?.to_vec();
        pieces.push(Piece {
            text,
            kind,
            priority,
        });
    }
    if reader.at != data.len() {
        return Err(TableError::Corrupt("trailing bytes"));
    }
    Ok(PieceTable { encoding, pieces })
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Reads the header both formats share: `magic`, the `version` byte, the encoding's
    /// name (one length byte, then UTF-8) and the entry count (u32, little-endian), named
    /// `count_what` in errors. A count of more entries than the data could hold (each takes
    /// at least three bytes) is refused.
    fn header(
        &mut self,
        magic: &[u8; 4],
        version: u8,
        count_what: &'static str,
    ) -> Result<(String, usize), TableError> {
        if self.take(4, "magic")? != magic {
            return Err(TableError::BadMagic);
        }
        let found = self.take(1, "version")?[0];
        if found != version {
            return Err(TableError::UnsupportedVersion(found));
        }
        let name_len = usize::from(self.take(1, "name length")?[0]);
        let encoding = std::str::from_utf8(self.take(name_len, "name")?)
            .map_err(|_| TableError::Corrupt("name"))?
            .to_owned();
        let count_bytes: [u8; 4] = self
            .take(4, count_what)?
            .try_into()
            .map_err(|_| TableError::Corrupt(count_what))?;
        let count = u32::from_le_bytes(count_bytes) as usize;
        if count > self.data.len() / 3 {
            return Err(TableError::Corrupt(count_what));
        }
        Ok((encoding, count))
    }

    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], TableError> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.data.len())
            .ok_or(TableError::Corrupt(what))?;
        let slice = &self.data[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn varint(&mut self) -> Result<u64, TableError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1, "number")?[0];
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(TableError::Corrupt("number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_round_trips_with_gaps_in_ranks() {
        let ranks = vec![
            (b"a".to_vec(), 0),
            (b"b".to_vec(), 1),
            (b"ab".to_vec(), 5),
            ("é".as_bytes().to_vec(), 300),
        ];
        let table = read(&write("test_base", &ranks)).unwrap();
        assert_eq!(table.encoding, "test_base");
        assert_eq!(table.ranks.len(), 4);
        assert_eq!(table.ranks.get(b"ab"), Some(5));
        assert_eq!(table.ranks.get("é".as_bytes()), Some(300));
        assert_eq!(table.ranks.get(b"a"), Some(0));
        assert_eq!(table.ranks.get(b"abc"), None);
        assert_eq!(table.ranks.get(b""), None);
        let pairs: Vec<(&[u8], Rank)> = table.ranks.iter().collect();
        assert_eq!(pairs[2], (b"ab".as_slice(), 5));
        assert_eq!(pairs.len(), 4);
    }

    #[test]
    fn damaged_tables_are_errors_not_panics() {
        let good = write("x", &[(b"a".to_vec(), 0), (b"bc".to_vec(), 1)]);
        assert!(matches!(read(b"nope"), Err(TableError::BadMagic)));
        let mut future = good.clone();
        future[4] = 9;
        assert_eq!(read(&future).err(), Some(TableError::UnsupportedVersion(9)));
        for cut in 0..good.len() {
            assert!(read(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = good.clone();
        extra.push(0);
        assert!(read(&extra).is_err());
    }

    #[test]
    fn a_piece_table_round_trips_with_priorities_up_and_down() {
        let pieces = vec![
            Piece {
                text: b"<0x41>".to_vec(),
                kind: PieceKind::Byte,
                priority: None,
            },
            Piece {
                text: "\u{2581}a".as_bytes().to_vec(),
                kind: PieceKind::Normal,
                priority: Some(7),
            },
            Piece {
                text: b"ab".to_vec(),
                kind: PieceKind::Matched,
                priority: Some(2),
            },
            Piece {
                text: b"<s>".to_vec(),
                kind: PieceKind::Control,
                priority: None,
            },
        ];
        let data = write_pieces("gemma3", &pieces);
        assert!(is_pieces(&data));
        let table = read_pieces(&data).unwrap();
        assert_eq!(table.encoding, "gemma3");
        assert_eq!(table.pieces, pieces);
        for cut in 0..data.len() {
            assert!(read_pieces(&data[..cut]).is_err(), "cut at {cut}");
        }
        assert!(matches!(read(&data), Err(TableError::BadMagic)));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_as_pieces_without_panicking(data in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut with_magic = b"BRSP\x01".to_vec();
            with_magic.extend_from_slice(&data);
            let _ = read_pieces(&with_magic);
            let _ = read_pieces(&data);
        }
    }

    #[test]
    fn a_token_given_twice_is_refused() {
        let twice = write("x", &[(b"ab".to_vec(), 0), (b"ab".to_vec(), 1)]);
        assert_eq!(
            read(&twice).err(),
            Some(TableError::Corrupt("repeated token"))
        );
        assert!(Ranks::from_pairs([(b"a".as_slice(), 0), (b"a".as_slice(), 1)]).is_err());
        // The empty token is a token like any other, once.
        let empty = Ranks::from_pairs([(b"".as_slice(), 3), (b"a".as_slice(), 4)]).unwrap();
        assert_eq!(empty.get(b""), Some(3));
        assert!(Ranks::from_pairs([(b"".as_slice(), 0), (b"".as_slice(), 1)]).is_err());
    }

    #[test]
    fn no_tokens_answer_every_lookup_with_none() {
        let none = Ranks::default();
        assert!(none.is_empty());
        assert_eq!(none.get(b"a"), None);
        assert_eq!(none.get(b""), None);
        let read_none = read(&write("x", &[])).unwrap();
        assert!(read_none.ranks.is_empty());
        assert_eq!(read_none.ranks.get(b"a"), None);
    }

    #[test]
    fn every_token_of_a_large_table_is_found_with_its_rank() {
        // 70,000 tokens of similar bytes, with gaps in the ranks, so that probes run past
        // many full slots.
        let tokens: Vec<(Vec<u8>, Rank)> = (0u32..70_000)
            .map(|i| (format!("t{i}").into_bytes(), i * 2))
            .collect();
        let ranks = read(&write("big", &tokens)).unwrap().ranks;
        assert_eq!(ranks.len(), tokens.len());
        for (bytes, rank) in &tokens {
            assert_eq!(ranks.get(bytes), Some(*rank));
            let mut other = bytes.clone();
            other.push(b'!');
            assert_eq!(ranks.get(&other), None);
        }
        assert!(ranks
            .iter()
            .eq(tokens.iter().map(|(b, r)| (b.as_slice(), *r))));
    }

    proptest::proptest! {
        #![proptest_config(crate::cases(256))]
        // Damage anywhere in a valid table (a changed byte, a cut, an inserted byte) is an
        // error or a table that answers lookups, never a panic.
        #[test]
        fn damaged_tables_never_panic(
            tokens in proptest::collection::btree_set(proptest::collection::vec(proptest::num::u8::ANY, 0..6), 0..40),
            at in proptest::num::usize::ANY,
            byte in proptest::num::u8::ANY,
            how in 0u8..3,
        ) {
            let pairs: Vec<(Vec<u8>, Rank)> = tokens.into_iter().zip(0..).collect();
            let mut data = write("damaged", &pairs);
            let at = at % data.len();
            match how {
                0 => data[at] = byte,
                1 => data.truncate(at),
                _ => data.insert(at, byte),
            }
            if let Ok(table) = read(&data) {
                for (bytes, _) in &pairs {
                    let _ = table.ranks.get(bytes);
                }
                let _ = table.ranks.iter().count();
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_without_panicking(data in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut with_magic = b"BRTK\x01".to_vec();
            with_magic.extend_from_slice(&data);
            let _ = read(&with_magic);
            let _ = read(&data);
        }
    }
}
