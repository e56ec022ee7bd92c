//! The counting worker's wasm: builds encoders from token tables and counts byte ranges of
//! a text, for `count-worker.js` (written by `scripts/wasm.mjs`), which runs it in a Web
//! Worker and answers the app's count requests (`src/ui/count_pool.rs`).
//!
//! Owns: one encoder per encoding, kept for the worker's life. Must not know: the DOM,
//! the app's views, fetching or messages; the script hands it table bytes and text bytes.

use std::cell::RefCell;
use std::collections::HashMap;

use burnrate_tokenizer::tokenize::{Encoder, Encoding};
use wasm_bindgen::prelude::*;

thread_local! {
    static ENCODERS: RefCell<HashMap<Encoding, Encoder>> = RefCell::new(HashMap::new());
}

/// Why a request could not be answered, in words a person can act on.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// The name is no encoding the tokenizer knows.
    UnknownEncoding(String),
    /// The encoding's table has not been given to [`build`] yet.
    NotBuilt(Encoding),
    /// The table did not read as the encoding's.
    BadTable(String),
    /// The bytes are not UTF-8 (a range that cuts a character in two).
    NotText(usize),
    /// The cuts are not increasing offsets within the bytes.
    BadCuts,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::UnknownEncoding(name) => write!(f, "no encoding is called \"{name}\""),
            Problem::NotBuilt(encoding) => {
                write!(f, "the {encoding} tokenizer is not loaded in this worker")
            }
            Problem::BadTable(why) => write!(f, "the token table could not be read: {why}"),
            Problem::NotText(at) => write!(f, "the text sent is not UTF-8 at byte {at}"),
            Problem::BadCuts => write!(f, "the cuts sent are not increasing offsets in the text"),
        }
    }
}

fn encoding_named(name: &str) -> Result<Encoding, Problem> {
    Encoding::from_name(name).ok_or_else(|| Problem::UnknownEncoding(name.to_owned()))
}

/// Builds `encoding`'s encoder from its table (replacing one built before).
pub fn build_encoder(encoding: &str, table: &[u8]) -> Result<(), Problem> {
    let encoding = encoding_named(encoding)?;
    let encoder = Encoder::from_table(encoding, table)
        .map_err(|error| Problem::BadTable(error.to_string()))?;
    ENCODERS.with(|encoders| encoders.borrow_mut().insert(encoding, encoder));
    Ok(())
}

/// The tokens of each part of `bytes` cut at `cuts`: part `i` runs from `cuts[i - 1]`
/// (0 for the first) to `cuts[i]`, and the last part to the end of `bytes`, so `n` cuts
/// give `n + 1` counts. Each part is counted on its own, as `Encoder::count` counts it;
/// the caller cuts only where the counts add up (`text::chunks::split_for` in the app).
pub fn count_parts(encoding: &str, bytes: &[u8], cuts: &[u32]) -> Result<Vec<u32>, Problem> {
    let encoding = encoding_named(encoding)?;
    let text = std::str::from_utf8(bytes).map_err(|error| Problem::NotText(error.valid_up_to()))?;
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend(cuts.iter().map(|&cut| cut as usize));
    bounds.push(text.len());
    if bounds.windows(2).any(|pair| pair[0] > pair[1]) {
        return Err(Problem::BadCuts);
    }
    ENCODERS.with(|encoders| {
        let encoders = encoders.borrow();
        let encoder = encoders.get(&encoding).ok_or(Problem::NotBuilt(encoding))?;
        bounds
            .windows(2)
            .map(|pair| {
                let part = text.get(pair[0]..pair[1]).ok_or(Problem::BadCuts)?;
                Ok(u32::try_from(encoder.count(part)).unwrap_or(u32::MAX))
            })
            .collect()
    })
}

/// Builds `encoding`'s encoder from its table's bytes.
#[wasm_bindgen]
pub fn build(encoding: &str, table: &[u8]) -> Result<(), JsError> {
    build_encoder(encoding, table).map_err(|problem| JsError::new(&problem.to_string()))
}

/// Whether `encoding`'s encoder is built.
#[wasm_bindgen(js_name = isBuilt)]
pub fn is_built(encoding: &str) -> bool {
    encoding_named(encoding)
        .map(|encoding| ENCODERS.with(|encoders| encoders.borrow().contains_key(&encoding)))
        .unwrap_or(false)
}

/// The tokens of each part of `bytes` (UTF-8) cut at `cuts` (see [`count_parts`]).
#[wasm_bindgen]
pub fn count(encoding: &str, bytes: &[u8], cuts: &[u32]) -> Result<Vec<u32>, JsError> {
    count_parts(encoding, bytes, cuts).map_err(|problem| JsError::new(&problem.to_string()))
}

/// Forgets every encoder's remembered merges (after the warm-up, and for benchmarks).
#[wasm_bindgen(js_name = forgetMerges)]
pub fn forget_merges() {
    ENCODERS.with(|encoders| {
        for encoder in encoders.borrow().values() {
            encoder.forget_merges();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(encoding: Encoding) -> Vec<u8> {
        Encoder::bundled(encoding).unwrap().table()
    }

    #[test]
    fn counts_each_part_as_the_encoder_counts_it() {
        build_encoder("o200k_base", &table(Encoding::O200kBase)).unwrap();
        let encoder = Encoder::bundled(Encoding::O200kBase).unwrap();
        let text = "Hello world.\nSecond line here, 日本語.\nThird 🔥 line";
        let cuts = [13u32, 41];
        let counts = count_parts("o200k_base", text.as_bytes(), &cuts).unwrap();
        let expected: Vec<u32> = [&text[..13], &text[13..41], &text[41..]]
            .iter()
            .map(|part| encoder.count(part) as u32)
            .collect();
        assert_eq!(counts, expected);
        assert_eq!(
            count_parts("o200k_base", text.as_bytes(), &[]).unwrap(),
            vec![encoder.count(text) as u32]
        );
        assert_eq!(count_parts("o200k_base", b"", &[]).unwrap(), vec![0]);
    }

    #[test]
    fn bad_requests_are_problems_not_panics() {
        build_encoder("cl100k_base", &table(Encoding::Cl100kBase)).unwrap();
        assert_eq!(
            count_parts("nope", b"x", &[]),
            Err(Problem::UnknownEncoding("nope".into()))
        );
        assert_eq!(
            count_parts("r50k_base", b"x", &[]),
            Err(Problem::NotBuilt(Encoding::R50kBase))
        );
        assert_eq!(
            count_parts("cl100k_base", &[b'a', 0xE6, 0x97], &[]),
            Err(Problem::NotText(1))
        );
        assert_eq!(
            count_parts("cl100k_base", b"abc", &[2, 1]),
            Err(Problem::BadCuts)
        );
        assert_eq!(
            count_parts("cl100k_base", b"abc", &[9]),
            Err(Problem::BadCuts)
        );
        // A cut inside a character.
        assert_eq!(
            count_parts("cl100k_base", "日本".as_bytes(), &[1]),
            Err(Problem::BadCuts)
        );
        assert!(matches!(
            build_encoder("cl100k_base", b"not a table"),
            Err(Problem::BadTable(_))
        ));
        assert!(is_built("cl100k_base"));
        assert!(!is_built("nope"));
    }
}
