//! A small JavaScript API to the app's token counting, for the in-browser benchmark
//! (`benches/tokenize.mjs`), which compares it with other tokenizers on the same page.
//! The page's loader exposes it as `window.wasmBindings.BenchTokenizer`; make one with
//! `await BenchTokenizer.create(encoding, table)`. It counts exactly as the views do; it
//! holds no user data. It builds any encoding the tokenizer crate knows, the open
//! tokenizers (`llama3`, `qwen3`, …) included before the app offers them, so that
//! `benches/open-tokenizers.mjs` can measure them (issue #15).
//!
//! `BenchTokenizer.poolCount(encoding, text)` counts through the app's counting workers
//! (`ui::count_pool`), as the Tokens view counts a long text; `BenchTokenizer.poolSize()`
//! says how many workers run.
//!
//! The counting code is not in the shell's wasm: `create` loads the tokenizer's chunk,
//! which hands back the encoder behind a trait object, so the shell only calls it
//! indirectly.

use wasm_bindgen::prelude::*;

use crate::text::chunks::CHUNK_BYTES;
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::count_pool::{self, PoolCount};

/// What the benchmark calls on an encoder.
trait Counter {
    fn count(&self, text: &str) -> usize;
    fn forget_merges(&self);
}

impl Counter for Encoder {
    fn count(&self, text: &str) -> usize {
        Encoder::count(self, text)
    }
    fn forget_merges(&self) {
        Encoder::forget_merges(self);
    }
}

/// An encoder built from a token table.
#[wasm_bindgen]
pub struct BenchTokenizer {
    encoder: Box<dyn Counter>,
}

#[wasm_bindgen]
impl BenchTokenizer {
    /// Builds the encoder named `encoding` (such as `o200k_base` or `llama3`) from its
    /// table's bytes.
    pub async fn create(encoding: String, table: Vec<u8>) -> Result<BenchTokenizer, JsError> {
        let encoding = Encoding::from_name(&encoding)
            .ok_or_else(|| JsError::new(&format!("no encoding is called \"{encoding}\"")))?;
        let encoder = bench_encoder(encoding, table)
            .await
            .map_err(|error| JsError::new(&error.to_string()))?
            .map_err(|error| JsError::new(&error))?;
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

    /// The tokens in `text` under `encoding`, counted as the Tokens view counts a long
    /// text: split at safe points and counted in the counting workers (starting them,
    /// warmed with `encoding`, if the page has not yet). Fails if no worker runs or one
    /// fails; [`BenchTokenizer::pool_size`] says how many count.
    #[wasm_bindgen(js_name = poolCount)]
    pub async fn pool_count(encoding: String, text: String) -> Result<usize, JsError> {
        let encoding = Encoding::from_name(&encoding)
            .ok_or_else(|| JsError::new(&format!("no encoding is called \"{encoding}\"")))?;
        count_pool::start(encoding);
        let text = std::rc::Rc::new(text);
        let mut start = Some(0);
        let source = text.clone();
        let batch = count_pool::batch_bytes(text.len());
        let next =
            move || count_pool::next_batch(encoding, &source, &mut start, CHUNK_BYTES, batch);
        match count_pool::count(encoding, next, |_| {}, || false).await {
            Ok(PoolCount::Counted(chunks)) => Ok(chunks.iter().map(|chunk| chunk.tokens).sum()),
            Ok(PoolCount::Stale) => Err(JsError::new("the count was cancelled")),
            Err(problem) => Err(JsError::new(&problem)),
        }
    }

    /// The number of counting workers running (0 before they start).
    #[wasm_bindgen(js_name = poolSize)]
    pub fn pool_size() -> usize {
        count_pool::size()
    }

    /// The size of the app's wasm heap (its linear memory) in bytes. Wasm memory only
    /// grows, so this is the most the page's wasm has held at once since it loaded.
    #[wasm_bindgen(js_name = heapBytes)]
    pub fn heap_bytes() -> f64 {
        wasm_heap_bytes()
    }
}

#[cfg(target_arch = "wasm32")]
fn wasm_heap_bytes() -> f64 {
    // Memory 0 is the only one Rust's allocator uses; its size is counted in 64 KiB pages.
    (core::arch::wasm32::memory_size(0) as f64) * 65536.0
}

#[cfg(not(target_arch = "wasm32"))]
fn wasm_heap_bytes() -> f64 {
    0.0
}

#[allow(clippy::type_complexity)]
#[leptos::wasm_split::wasm_split(tokenizer, wasm_split_path = ::leptos::wasm_split, fallible)]
fn bench_encoder(
    encoding: Encoding,
    table: Vec<u8>,
) -> Result<Result<Box<dyn Counter>, String>, leptos::wasm_split::SplitLoaderError> {
    Ok(Encoder::from_table(encoding, &table)
        .map(|encoder| Box::new(encoder) as Box<dyn Counter>)
        .map_err(|error| error.to_string()))
}
