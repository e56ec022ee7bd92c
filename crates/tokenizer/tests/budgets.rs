//! The memory budget of issue #15: building a SentencePiece-style encoder from its app
//! table must not take more than 100 MB of heap (the wasm heap only grows, so the peak
//! while building is what the page keeps). Measured natively with a counting allocator:
//! the same data structures, with 64-bit pointers, so a little more than in wasm32.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use burnrate_tokenizer::table;
use burnrate_tokenizer::tokenize::{Encoder, Encoding};
use burnrate_tokenizer::vendor;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: usize = 1 << 20;

#[test]
fn sentencepiece_style_encoders_fit_the_heap_budget() {
    for encoding in [Encoding::MistralV3, Encoding::Gemma3] {
        let pieces = vendor::load_pieces(encoding).unwrap();
        let data = table::write_pieces(encoding.table_name(), &pieces);
        drop(pieces);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let encoder = Encoder::from_table(encoding, &data).unwrap();
        // Count a text once, so that the word cache holds something, as in use.
        let text = "The quick brown fox jumps over the lazy dog. 日本語 🔥 ".repeat(2_000);
        assert!(encoder.count(&text) > 0);
        let live = LIVE.load(Ordering::Relaxed) - before;
        let peak = PEAK.load(Ordering::Relaxed) - before;
        println!(
            "{}: table {:.1} MB, encoder {:.1} MB live, {:.1} MB peak while building and counting",
            encoding.name(),
            data.len() as f64 / MB as f64,
            live as f64 / MB as f64,
            peak as f64 / MB as f64
        );
        assert!(
            peak + data.len() <= 100 * MB,
            "{}: {peak} bytes",
            encoding.name()
        );
    }
}
