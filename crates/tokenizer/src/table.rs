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

use std::fmt;

use rustc_hash::FxHashMap;

/// The magic bytes at the start of a table.
pub const MAGIC: &[u8; 4] = b"BRTK";
/// The format version this build reads and writes.
pub const VERSION: u8 = 1;

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
    if reader.take(4, "magic")? != MAGIC {
        return Err(TableError::BadMagic);
    }
    let version = reader.take(1, "version")?[0];
    if version != VERSION {
        return Err(TableError::UnsupportedVersion(version));
    }
    let name_len = usize::from(reader.take(1, "name length")?[0]);
    let encoding = std::str::from_utf8(reader.take(name_len, "name")?)
        .map_err(|_| TableError::Corrupt("name"))?
        .to_owned();
    let count_bytes: [u8; 4] = reader
        .take(4, "entry count")?
        .try_into()
        .map_err(|_| TableError::Corrupt("entry count"))?;
    let count = u32::from_le_bytes(count_bytes) as usize;
    // Each entry takes at least three bytes; a count beyond that is a lie.
    if count > data.len() / 3 {
        return Err(TableError::Corrupt("entry count"));
    }
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
