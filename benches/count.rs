//! Native benchmark of token counting (divan): `cargo bench --bench count`.
//!
//! Counts the fixture corpus (prose, code, JSON, CJK, emoji, adversarial whitespace; about
//! 190 KB) with each encoding, the open tokenizers (from the vendors' files in the
//! tokenizer cache, see scripts/fetch-tokenizers) and tiktoken-rs's own o200k_base encoder
//! for comparison, the same corpus through the chunked path the app uses for long texts,
//! and 100 KB of a single letter (the pathological case for naive byte-pair merging).
//! Every iteration starts cold: the encoder's remembered merges are cleared before it,
//! outside the timing.
//!
//! `build_from_table` times what the app does once a table is downloaded:
//! `Encoder::from_table` on the bytes `tokenizer-tables` writes (read the table, index its
//! ranks, compile the split pattern; the encoder is dropped outside the timing).
//! `build_hash_map_of_ranks` times, for comparison in the same run, the hash map of owned
//! keys the table reader built before issue #21 (`FxHashMap<Vec<u8>, Rank>`, one
//! allocation per token).

use std::sync::OnceLock;

use burnrate::text::chunks::split;
use burnrate::text::table::Rank;
use burnrate::text::tokenize::{Encoder, Encoding};
use rustc_hash::FxHashMap;

fn main() {
    divan::main();
}

fn corpus() -> &'static str {
    static CORPUS: OnceLock<String> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tokens/corpus");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("the corpus folder")
            .map(|entry| entry.expect("a corpus file").path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| std::fs::read_to_string(path).expect("a UTF-8 corpus file"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn encoder(encoding: Encoding) -> &'static Encoder {
    static ENCODERS: OnceLock<Vec<Encoder>> = OnceLock::new();
    let all = ENCODERS.get_or_init(|| {
        Encoding::ALL
            .into_iter()
            .map(|encoding| Encoder::bundled(encoding).expect("a bundled table"))
            .collect()
    });
    all.iter()
        .find(|encoder| encoder.encoding() == encoding)
        .expect("every encoding is built")
}

#[divan::bench(args = [Encoding::O200kBase, Encoding::Cl100kBase, Encoding::R50kBase])]
fn count_corpus(bencher: divan::Bencher, encoding: Encoding) {
    let encoder = encoder(encoding);
    let text = corpus();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .with_inputs(|| encoder.forget_merges())
        .bench_refs(|_| encoder.count(divan::black_box(text)));
}

fn open_encoder(encoding: Encoding) -> &'static Encoder {
    static ENCODERS: OnceLock<Vec<Encoder>> = OnceLock::new();
    let all = ENCODERS.get_or_init(|| {
        Encoding::OPEN
            .into_iter()
            .map(|encoding| {
                Encoder::from_vendor(encoding)
                    .unwrap_or_else(|error| panic!("{}: {error}", encoding.name()))
            })
            .collect()
    });
    all.iter()
        .find(|encoder| encoder.encoding() == encoding)
        .expect("every open encoding is built")
}

#[divan::bench(args = Encoding::OPEN)]
fn count_corpus_open(bencher: divan::Bencher, encoding: Encoding) {
    let encoder = open_encoder(encoding);
    let text = corpus();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .with_inputs(|| encoder.forget_merges())
        .bench_refs(|_| encoder.count(divan::black_box(text)));
}

/// tiktoken-rs's own o200k_base encoder (fancy-regex split, no remembered merges), the
/// baseline the open tokenizers are measured against.
#[divan::bench]
fn count_corpus_tiktoken_rs_o200k(bencher: divan::Bencher) {
    let bpe = tiktoken_rs::o200k_base().expect("tiktoken-rs's table");
    let text = corpus();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| bpe.encode_ordinary(divan::black_box(text)).len());
}

#[divan::bench]
fn count_corpus_in_chunks(bencher: divan::Bencher) {
    let encoder = encoder(Encoding::O200kBase);
    let text = corpus();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .with_inputs(|| encoder.forget_merges())
        .bench_refs(|_| {
            split(divan::black_box(text), 4096)
                .into_iter()
                .map(|range| encoder.count(&text[range]))
                .sum::<usize>()
        });
}

#[divan::bench(sample_count = 10)]
fn count_single_letter_100kb(bencher: divan::Bencher) {
    let encoder = encoder(Encoding::O200kBase);
    let text = "a".repeat(100_000);
    bencher
        .with_inputs(|| encoder.forget_merges())
        .bench_refs(|_| encoder.count(divan::black_box(&text)));
}

/// The app's table file for `encoding`, as `tokenizer-tables` writes it.
fn table_bytes(encoding: Encoding) -> &'static [u8] {
    static TABLES: OnceLock<Vec<(Encoding, Vec<u8>)>> = OnceLock::new();
    let all = TABLES.get_or_init(|| {
        Encoding::ALL
            .into_iter()
            .filter(|encoding| encoding.table_name() == encoding.name())
            .map(|encoding| (encoding, encoder(encoding).table()))
            .chain(
                Encoding::OPEN
                    .into_iter()
                    .map(|encoding| (encoding, open_encoder(encoding).table())),
            )
            .collect()
    });
    &all.iter()
        .find(|(table_encoding, _)| *table_encoding == encoding)
        .expect("every table is written")
        .1
}

const BUILT: [Encoding; 7] = [
    Encoding::O200kBase,
    Encoding::Cl100kBase,
    Encoding::R50kBase,
    Encoding::Llama3,
    Encoding::Qwen3,
    Encoding::MistralV3,
    Encoding::Gemma3,
];

#[divan::bench(args = BUILT, sample_count = 20)]
fn build_from_table(bencher: divan::Bencher, encoding: Encoding) {
    let data = table_bytes(encoding);
    bencher
        .counter(divan::counter::BytesCount::new(data.len()))
        .bench(|| Encoder::from_table(encoding, divan::black_box(data)));
}

#[divan::bench(args = [Encoding::O200kBase, Encoding::Cl100kBase], sample_count = 20)]
fn build_hash_map_of_ranks(bencher: divan::Bencher, encoding: Encoding) {
    let pairs = encoder(encoding).ranks();
    bencher.bench(|| {
        let mut map: FxHashMap<Vec<u8>, Rank> =
            FxHashMap::with_capacity_and_hasher(pairs.len(), Default::default());
        for (bytes, rank) in divan::black_box(&pairs) {
            map.insert(bytes.to_vec(), *rank);
        }
        map
    });
}
