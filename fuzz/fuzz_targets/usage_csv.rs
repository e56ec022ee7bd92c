//! The usage log's CSV reader fed a file in arbitrary pieces: the first bytes say where to
//! cut the rest (up to 8 cuts), and the records and bad rows must be the same as when the
//! file is read in one piece, with the mapping guessed from its header.
#![no_main]
use burnrate::formats::usage_log::{field_names, BadRow, Format, Mapping, Reader};
use burnrate::models::usage::Record;
use libfuzzer_sys::fuzz_target;

/// Reads `bytes` cut at `cuts`: the records and bad rows, or `None` when it is not text.
fn read(bytes: &[u8], cuts: &[usize], mapping: &Mapping) -> Option<(Vec<Record>, Vec<BadRow>)> {
    let mut reader = Reader::new(Format::Csv, mapping.clone());
    let mut records = Vec::new();
    let mut bad = Vec::new();
    let mut take = |found: Result<Record, BadRow>| match found {
        Ok(record) => records.push(record),
        Err(row) => bad.push(row),
    };
    let mut start = 0;
    for &cut in cuts.iter().chain([bytes.len()].iter()) {
        let cut = cut.clamp(start, bytes.len());
        reader.feed(&bytes[start..cut], &mut take).ok()?;
        start = cut;
    }
    reader.finish(&mut take).ok()?;
    Some((records, bad))
}

fuzz_target!(|data: &[u8]| {
    let Some((&count, rest)) = data.split_first() else {
        return;
    };
    let count = usize::from(count % 9).min(rest.len());
    let (cut_bytes, bytes) = rest.split_at(count);
    let mut cuts: Vec<usize> = cut_bytes
        .iter()
        .map(|&byte| usize::from(byte) * bytes.len() / 255)
        .collect();
    cuts.sort_unstable();
    let mapping = Mapping::guess(&field_names(&String::from_utf8_lossy(bytes)));
    let whole = read(bytes, &[], &mapping);
    let pieces = read(bytes, &cuts, &mapping);
    assert_eq!(whole, pieces, "cut at {cuts:?}");
    if let Some((records, bad)) = whole {
        // Each record or bad row starts on a line of its own.
        let lines = bytes.split(|&byte| byte == b'\n').count();
        assert!(records.len() + bad.len() <= lines);
        assert!(bad.windows(2).all(|pair| pair[0].line < pair[1].line));
    }
});
