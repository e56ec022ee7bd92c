//! Counting several texts (a conversation's messages, a long prompt) exactly without
//! freezing the page, for the views that count on a click or outside the Tokens view.
//!
//! Texts that total up to [`AT_ONCE_BYTES`] are counted at once. Longer ones are joined
//! into one text and cut into ranges that never cross from one text into the next
//! (`text::many`), which the counting workers (`ui::count_pool`) count a batch at a time;
//! each text's count is the sum of its ranges'. Where no worker is running, or a count in
//! the workers fails, the ranges are counted on the main thread instead, a few KB at a
//! time, yielding to the browser every few milliseconds (as the Tokens view does).

use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::Uint8Array;

use crate::text::chunks::{CountedChunk, BATCH_BYTES, CHUNK_BYTES};
use crate::text::many::{batch_from, Joined};
use crate::text::tokenize::Encoder;
use crate::ui::browser::{yield_now, WorkSlice};
use crate::ui::count_pool::{self, Batch, PoolCount};

/// Texts that total up to this many bytes are counted at once (a few milliseconds of
/// work): the Tokens view's threshold.
pub const AT_ONCE_BYTES: usize = crate::ui::views::tokens::counting::SYNC_LIMIT;
/// Bytes counted on the main thread between two looks at the clock.
const PART_BYTES: usize = 2 * 1024;

/// Whether `texts` are counted at once by [`count_texts`] (no task, no wait), so that a
/// caller need not say "Counting…" for them.
pub fn counts_at_once<S: AsRef<str>>(texts: &[S]) -> bool {
    texts.iter().map(|text| text.as_ref().len()).sum::<usize>() <= AT_ONCE_BYTES
}

/// Each text's exact token count with `encoder`, in order. `stale` is asked between
/// batches and slices: once it says the counts are no longer wanted, counting stops and
/// the answer is `None`.
pub async fn count_texts(
    encoder: Arc<Encoder>,
    texts: Vec<String>,
    stale: impl Fn() -> bool + 'static,
) -> Option<Vec<usize>> {
    if counts_at_once(&texts) {
        let counts = texts.iter().map(|text| encoder.count(text)).collect();
        return (!stale()).then_some(counts);
    }
    // Start in a task of its own, not in the one that asked (a click, an input).
    yield_now().await;
    if stale() {
        return None;
    }
    let joined = Joined::new(&texts);
    drop(texts);
    let ranges = joined.ranges(encoder.encoding(), CHUNK_BYTES);
    let plan = Rc::new(Plan { joined, ranges });
    let stale: Rc<dyn Fn() -> bool> = Rc::new(stale);
    if count_pool::size() > 0 {
        let problem = match in_workers(&encoder, plan.clone(), stale.clone()).await {
            Ok(PoolCount::Stale) => return None,
            Ok(PoolCount::Counted(chunks)) => match plan.joined.per_text(&chunks) {
                Ok(counts) => return (!stale()).then_some(counts),
                Err(mismatch) => mismatch.to_string(),
            },
            Err(problem) => problem,
        };
        // Never lose a count: the main thread counts it instead.
        web_sys::console::warn_1(
            &format!("Burnrate: counting on the page instead of in workers: {problem}").into(),
        );
    }
    let chunks = in_slices(&encoder, &plan, &*stale).await?;
    // The ranges counted here are the plan's own, so they always fit it.
    plan.joined.per_text(&chunks).ok()
}

/// The joined texts and the ranges to count.
struct Plan {
    joined: Joined,
    ranges: Vec<Range<usize>>,
}

/// Counts the plan's ranges in the counting workers, a batch of about `BATCH_BYTES` at a
/// time, each batch's bytes copied out of the joined text when it is sent.
async fn in_workers(
    encoder: &Encoder,
    plan: Rc<Plan>,
    stale: Rc<dyn Fn() -> bool>,
) -> Result<PoolCount, String> {
    let mut first = 0;
    let next = {
        let stale = stale.clone();
        move || -> Option<Batch> {
            if stale() {
                return None;
            }
            let batch = batch_from(&plan.ranges, first, BATCH_BYTES);
            first = batch.end;
            let ranges = plan.ranges.get(batch)?.to_vec();
            let bytes = plan.joined.text.as_bytes();
            let bytes = bytes.get(ranges.first()?.start..ranges.last()?.end)?;
            Some(Batch {
                bytes: Uint8Array::from(bytes),
                ranges,
            })
        }
    };
    count_pool::count(encoder.encoding(), next, |_| {}, move || stale()).await
}

/// Counts the plan's ranges on the main thread, each a few KB at a time, yielding to the
/// browser every few milliseconds. `None` once `stale` says so.
async fn in_slices(
    encoder: &Encoder,
    plan: &Plan,
    stale: &dyn Fn() -> bool,
) -> Option<Vec<CountedChunk>> {
    let mut chunks = Vec::with_capacity(plan.ranges.len());
    let mut slice = WorkSlice::start();
    for range in &plan.ranges {
        let text = plan.joined.text.get(range.clone())?;
        let mut tokens = 0;
        let mut at = 0;
        while at < text.len() {
            if stale() {
                return None;
            }
            let (part, next) = encoder.count_part(text, at, PART_BYTES);
            tokens += part;
            at = next;
            if slice.due() {
                slice.pause().await;
            }
        }
        chunks.push(CountedChunk {
            range: range.clone(),
            tokens,
        });
    }
    (!stale()).then_some(chunks)
}
