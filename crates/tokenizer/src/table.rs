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

use std::fmt;

use rustc_hash::FxHashMap;

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
    pub ranks: FxHashMap<Vec<u8>, Rank>,
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
    let mut ranks = FxHashMap::with_capacity_and_hasher(count, Default::default());
    let mut previous: u64 = u64::MAX; // -1 as a wrapping counter
    for _ in 0..count {
        let gap = reader.varint()?;
        let rank = previous
            .wrapping_add(1)
            .checked_add(gap)
            .filter(|&rank| rank <= u64::from(Rank::MAX))
            .ok_or(TableError::Corrupt("rank"))?;
        let len = usize::try_from(reader.varint()?).map_err(|_| TableError::Corrupt("length"))?;
        let bytes = reader.take(len, "token bytes")?;
        if ranks.insert(bytes.to_vec(), rank as Rank).is_some() {
            return Err(TableError::Corrupt("repeated token"));
        }
        previous = rank;
    }
    if reader.at != data.len() {
        return Err(TableError::Corrupt("trailing bytes"));
    }
    Ok(Table { encoding, ranks })
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
        assert_eq!(table.ranks[b"ab".as_slice()], 5);
        assert_eq!(table.ranks["é".as_bytes()], 300);
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
