//! Counting the text without freezing the page.
//!
//! Texts up to [`SYNC_LIMIT`] bytes (a few milliseconds of work) are counted at once, so
//! typing updates the count within the frame. Longer texts are split at safe points
//! (`text::chunks`) and counted in the counting workers (`ui::count_pool`), a batch of
//! chunks per message, with a progress bar. Where no worker is running (the pool has not
//! started, or its workers failed) or a count in the workers fails, the text is counted on
//! the main thread instead, each chunk a few KB at a time (`Encoder::count_part`), yielding
//! to the browser every few milliseconds. New text or a new encoding cancels the count in
//! progress, so a stale result is never shown.

use std::sync::Arc;

use leptos::prelude::*;

use crate::text::chunks::{split_for, CountedChunk, CHUNK_BYTES};
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::browser::{now_ms, yield_now, WorkSlice};
use crate::ui::count_pool::{self, PoolCount};

/// Texts up to this many bytes are counted at once.
pub const SYNC_LIMIT: usize = 64 * 1024;
/// Bytes counted between two looks at the clock (a few milliseconds at worst).
const PART_BYTES: usize = 2 * 1024;
/// Least time between two moves of the progress bar while the workers count (ms).
const PROGRESS_MS: f64 = 100.0;

/// A text's tokens, by chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    /// The chunks and their counts; together they cover the text.
    pub chunks: Vec<CountedChunk>,
    /// All the tokens.
    pub total: usize,
    /// The encoding they were counted with.
    pub encoding: Encoding,
}

/// Where a finished count was counted, shown on the count as `data-counted-by` (for the
/// tests and benchmarks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountedBy {
    /// At once, on the main thread (a short text).
    Page,
    /// In the counting workers.
    Workers,
    /// On the main thread, a few KB at a time between frames (no worker was available).
    Slices,
}

impl CountedBy {
    /// The attribute's value: `page`, `workers` or `slices`.
    pub fn name(self) -> &'static str {
        match self {
            CountedBy::Page => "page",
            CountedBy::Workers => "workers",
            CountedBy::Slices => "slices",
        }
    }
}

/// The running count: the result once done, and the progress (0 to 1) while counting.
#[derive(Clone, Copy)]
pub struct Counter {
    /// The finished count of the current text, or `None` while counting or loading.
    pub counted: RwSignal<Option<Counted>>,
    /// The share counted so far, while a long text is being counted.
    pub progress: RwSignal<Option<f64>>,
    /// How the finished count was counted (`None` while counting or loading).
    pub counted_by: RwSignal<Option<CountedBy>>,
    generation: StoredValue<u64>,
}

impl Counter {
    /// A counter with nothing counted.
    pub fn new() -> Counter {
        Counter {
            counted: RwSignal::new(None),
            progress: RwSignal::new(None),
            counted_by: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Counts the current `text` with `encoder` (or clears the count when there is no
    /// encoder yet), cancelling any count in progress. A long text is read from the signal
    /// part by part rather than copied (a copy of 50 MB alone takes tens of milliseconds);
    /// a change of text starts a new count, which makes the old one stop.
    pub fn start(self, encoder: Option<Arc<Encoder>>, text: RwSignal<String>) {
        self.generation.update_value(|generation| *generation += 1);
        let generation = self.generation.get_value();
        let Some(encoder) = encoder else {
            self.counted.set(None);
            self.progress.set(None);
            self.counted_by.set(None);
            return;
        };
        let short = text.with_untracked(|text| {
            (text.len() <= SYNC_LIMIT).then(|| (text.len(), encoder.count(text)))
        });
        if let Some((length, tokens)) = short {
            self.progress.set(None);
            self.counted_by.set(Some(CountedBy::Page));
            self.counted.set(Some(Counted {
                chunks: vec![CountedChunk {
                    range: 0..length,
                    tokens,
                }],
                total: tokens,
                encoding: encoder.encoding(),
            }));
            return;
        }
        self.counted.set(None);
        self.progress.set(Some(0.0));
        self.counted_by.set(None);
        let in_workers = count_pool::size() > 0;
        leptos::task::spawn_local(async move {
            // The workers get their first batches at once, before the page lays out and
            // draws the new text (tens of milliseconds for a long paste), so they count
            // meanwhile. Counting on the page starts in a task of its own instead, not in
            // the one that changed the text.
            if !in_workers {
                yield_now().await;
            }
            if self.generation.get_value() != generation {
                return;
            }
            if in_workers {
                match self.count_in_workers(generation, &encoder, text).await {
                    Ok(PoolCount::Stale) => return,
                    Ok(PoolCount::Counted(chunks)) => {
                        self.finish(generation, chunks, encoder.encoding(), CountedBy::Workers);
                        return;
                    }
                    Err(problem) => {
                        // Never lose a count: the main thread counts it instead.
                        web_sys::console::warn_1(
                            &format!(
                                "Burnrate: counting on the page instead of in workers: {problem}"
                            )
                            .into(),
                        );
                    }
                }
            }
            if let Some(chunks) = self.count_in_slices(generation, &encoder, text).await {
                self.finish(generation, chunks, encoder.encoding(), CountedBy::Slices);
            }
        });
    }

    /// Sets the finished count, unless a newer count has started.
    fn finish(self, generation: u64, chunks: Vec<CountedChunk>, encoding: Encoding, by: CountedBy) {
        if self.generation.get_value() != generation {
            return;
        }
        let total = chunks.iter().map(|chunk| chunk.tokens).sum();
        self.progress.set(None);
        self.counted_by.set(Some(by));
        self.counted.set(Some(Counted {
            chunks,
            total,
            encoding,
        }));
    }

    /// Counts the text in the counting workers (`count_pool`), a batch of chunks at a
    /// time; the text is read from the signal a batch at a time.
    async fn count_in_workers(
        self,
        generation: u64,
        encoder: &Encoder,
        text: RwSignal<String>,
    ) -> Result<PoolCount, String> {
        let encoding = encoder.encoding();
        let length = text.with_untracked(String::len);
        let mut start = Some(0);
        let batch = count_pool::batch_bytes(length);
        let stale = move || self.generation.get_value() != generation;
        let next = move || {
            if stale() {
                return None;
            }
            text.with_untracked(|text| {
                if text.len() != length {
                    return None;
                }
                count_pool::next_batch(encoding, text, &mut start, CHUNK_BYTES, batch)
            })
        };
        // The bar moves at most every PROGRESS_MS: each move is a frame to lay out and
        // paint, on the thread that also feeds the workers.
        let shown_at = std::cell::Cell::new(f64::NEG_INFINITY);
        let progress = move |done: usize| {
            let now = now_ms();
            if !stale() && now - shown_at.get() >= PROGRESS_MS {
                shown_at.set(now);
                self.progress.set(Some(done as f64 / length.max(1) as f64));
            }
        };
        count_pool::count(encoding, next, progress, stale).await
    }

    /// Counts the text on the main thread, a few KB at a time between frames. `None` if
    /// the text changed (the count is stale).
    async fn count_in_slices(
        self,
        generation: u64,
        encoder: &Encoder,
        text: RwSignal<String>,
    ) -> Option<Vec<CountedChunk>> {
        let (ranges, length) = text
            .with_untracked(|text| (split_for(encoder.encoding(), text, CHUNK_BYTES), text.len()));
        let mut chunks = Vec::with_capacity(ranges.len());
        let mut slice = WorkSlice::start();
        for range in ranges {
            // A chunk is counted a part at a time: a chunk the tokenizer has not seen
            // the like of (every word merged afresh) can take tens of milliseconds.
            let mut tokens = 0;
            let mut at = 0;
            while at < range.len() {
                if self.generation.get_value() != generation {
                    return None; // The text changed: this count is stale.
                }
                let (part, next) = text.with_untracked(|text| {
                    let chunk = text.get(range.clone())?;
                    Some(encoder.count_part(chunk, at, PART_BYTES))
                })?;
                tokens += part;
                at = next;
                if slice.due() {
                    let done = range.start + at;
                    self.progress.set(Some(done as f64 / length as f64));
                    slice.pause().await;
                }
            }
            chunks.push(CountedChunk { range, tokens });
        }
        Some(chunks)
    }
}

impl Default for Counter {
    fn default() -> Counter {
        Counter::new()
    }
}
