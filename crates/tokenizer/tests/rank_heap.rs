//! The heap an encoder of a tiktoken-style table takes once built from its app table
//! (issue #21: the wasm heap budget is 100 MB with several encoders, so the flat rank
//! index must not take more than the hash map it replaced). Measured natively with a
//! counting allocator: the same data structures, with 64-bit pointers, so the hash map's
//! figure is a little more than in wasm32, the flat index's the same.
//!
//! One test in its own file: the allocator counts every thread of the test binary.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use burnrate_tokenizer::table::{self, Rank};
use burnrate_tokenizer::tokenize::{Encoder, Encoding};
use rustc_hash::FxHashMap;

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

const MB: f64 = (1 << 20) as f64;

/// The live and peak heap `build` adds, in bytes, with what it built kept alive.
fn measure<T>(build: impl FnOnce() -> T) -> (T, usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let built = build();
    let live = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    (built, live, peak)
}

#[test]
fn the_flat_rank_index_takes_less_heap_than_a_hash_map_of_owned_keys() {
    for encoding in [Encoding::O200kBase, Encoding::Cl100kBase] {
        let data = Encoder::bundled(encoding).unwrap().table();
        let (table, index_live, index_peak) = measure(|| table::read(&data).unwrap());
        let pairs: Vec<(Vec<u8>, Rank)> = table
            .ranks
            .iter()
            .map(|(bytes, rank)| (bytes.to_vec(), rank))
            .collect();
        // What the reader built before issue #21, from the same entries.
        let (map, map_live, _) = measure(|| {
            let mut map: FxHashMap<Vec<u8>, Rank> =
                FxHashMap::with_capacity_and_hasher(pairs.len(), Default::default());
            for (bytes, rank) in &pairs {
                map.insert(bytes.clone(), *rank);
            }
            map
        });
        assert_eq!(map.len(), table.ranks.len());
        let (encoder, encoder_live, encoder_peak) =
            measure(|| Encoder::from_table(encoding, &data).unwrap());
        assert!(encoder.count("hello world") > 0);
        println!(
            "{}: table {:.1} MB; flat index {:.1} MB live ({:.1} MB peak); hash map of owned keys {:.1} MB; whole encoder {:.1} MB live ({:.1} MB peak)",
            encoding.name(),
            data.len() as f64 / MB,
            index_live as f64 / MB,
            index_peak as f64 / MB,
            map_live as f64 / MB,
            encoder_live as f64 / MB,
            encoder_peak as f64 / MB,
        );
        assert_eq!(
            index_live,
            table.ranks.heap_bytes() + table.encoding.capacity()
        );
        assert!(
            index_live < map_live,
            "{}: {index_live} bytes against {map_live}",
            encoding.name()
        );
    }
}
