//! Counting the text without freezing the page.
//!
//! Texts up to [`SYNC_LIMIT`] bytes (a few milliseconds of work) are counted at once, so
//! typing updates the count within the frame. Longer texts are split at safe points
//! (`text::chunks`), each chunk counted a few KB at a time (`Encoder::count_part`),
//! yielding to the browser every few milliseconds with a progress bar; new text or a new encoding cancels the count in
//! progress, so a stale result is never shown.

use std::sync::Arc;

use leptos::prelude::*;

use crate::text::chunks::{split_for, CountedChunk};
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::browser::{yield_now, WorkSlice};

/// Texts up to this many bytes are counted at once.
pub const SYNC_LIMIT: usize = 256 * 1024;
/// Target size of a chunk of a long text.
const CHUNK_BYTES: usize = 64 * 1024;
/// Bytes counted between two looks at the clock (a few milliseconds at worst).
const PART_BYTES: usize = 2 * 1024;

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

/// The running count: the result once done, and the progress (0 to 1) while counting.
#[derive(Clone, Copy)]
pub struct Counter {
    /// The finished count of the current text, or `None` while counting or loading.
    pub counted: RwSignal<Option<Counted>>,
    /// The share counted so far, while a long text is being counted.
    pub progress: RwSignal<Option<f64>>,
    generation: StoredValue<u64>,
}

impl Counter {
    /// A counter with nothing counted.
    pub fn new() -> Counter {
        Counter {
            counted: RwSignal::new(None),
            progress: RwSignal::new(None),
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
            return;
        };
        let short = text.with_untracked(|text| {
            (text.len() <= SYNC_LIMIT).then(|| (text.len(), encoder.count(text)))
        });
        if let Some((length, tokens)) = short {
            self.progress.set(None);
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
        leptos::task::spawn_local(async move {
            // Start in a task of its own, not in the one that changed the text.
            yield_now().await;
            if self.generation.get_value() != generation {
                return;
            }
            let (ranges, length) = text.with_untracked(|text| {
                (split_for(encoder.encoding(), text, CHUNK_BYTES), text.len())
            });
            let mut chunks = Vec::with_capacity(ranges.len());
            let mut total = 0;
            let mut slice = WorkSlice::start();
            for range in ranges {
                // A chunk is counted a part at a time: a chunk the tokenizer has not seen
                // the like of (every word merged afresh) can take tens of milliseconds.
                let mut tokens = 0;
                let mut at = 0;
                while at < range.len() {
                    if self.generation.get_value() != generation {
                        return; // The text changed: this count is stale.
                    }
                    let Some((part, next)) = text.with_untracked(|text| {
                        let chunk = text.get(range.clone())?;
                        Some(encoder.count_part(chunk, at, PART_BYTES))
                    }) else {
                        return;
                    };
                    tokens += part;
                    at = next;
                    if slice.due() {
                        let done = range.start + at;
                        self.progress.set(Some(done as f64 / length as f64));
                        slice.pause().await;
                    }
                }
                total += tokens;
                chunks.push(CountedChunk { range, tokens });
            }
            if self.generation.get_value() == generation {
                self.progress.set(None);
                self.counted.set(Some(Counted {
                    chunks,
                    total,
                    encoding: encoder.encoding(),
                }));
            }
        });
    }
}

impl Default for Counter {
    fn default() -> Counter {
        Counter::new()
    }
}
