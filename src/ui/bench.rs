//! A small JavaScript API to the app's token counting, for the in-browser benchmark
//! (`benches/tokenize.mjs`), which compares it with other tokenizers on the same page.
//! Trunk exposes it as `window.wasmBindings.BenchTokenizer`. It counts exactly as the
//! views do; it holds no user data.

use wasm_bindgen::prelude::*;

use crate::text::tokenize::{Encoder, Encoding};

/// An encoder built from a token table.
#[wasm_bindgen]
pub struct BenchTokenizer {
    encoder: Encoder,
}

#[wasm_bindgen]
impl BenchTokenizer {
    /// Builds the encoder named `encoding` (such as `o200k_base`) from its table's bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(encoding: &str, table: &[u8]) -> Result<BenchTokenizer, JsError> {
        let encoding =
            Encoding::from_name(encoding).ok_or_else(|| JsError::new("unknown encoding"))?;
        let encoder = Encoder::from_table(encoding, table)
            .map_err(|error| JsError::new(&error.to_string()))?;
        Ok(BenchTokenizer { encoder })
    }

    /// The number of tokens in `text`.
    pub fn count(&self, text: &str) -> usize {
        self.encoder.count(text)
    }

    /// Forgets the merges remembered from earlier counts, for a cold measurement.
    #[wasm_bindgen(js_name = forgetMerges)]
    pub fn forget_merges(&self) {
        self.encoder.forget_merges();
    }
}
