//! Native counting throughput of the open tokenizers against o200k_base, on the token
//! corpus (tests/fixtures/tokens/corpus) joined into one text: cold (the word cache
//! emptied before every count) and warm.
//!
//! Usage: `cargo run --release -p burnrate-tokenizer --example throughput`

use std::time::Instant;

use burnrate_tokenizer::tokenize::{Encoder, Encoding};

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files: Vec<_> = std::fs::read_dir(format!("{root}/tests/fixtures/tokens/corpus"))
        .expect("the corpus")
        .map(|entry| entry.expect("a corpus file").path())
        .collect();
    files.sort();
    let text: String = files
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("a corpus file"))
        .collect::<Vec<_>>()
        .join("\n");
    let mb = text.len() as f64 / 1e6;
    println!("corpus: {:.2} MB", mb);
    for encoding in [Encoding::O200kBase, Encoding::MistralV3, Encoding::Gemma3] {
        let encoder = match Encoder::bundled(encoding) {
            Ok(encoder) => encoder,
            Err(_) => Encoder::from_vendor(encoding).expect("the vendor file"),
        };
        let rounds = 10;
        let mut cold = f64::MAX;
        let mut tokens = 0;
        for _ in 0..rounds {
            encoder.forget_merges();
            let start = Instant::now();
            tokens = encoder.count(&text);
            cold = cold.min(start.elapsed().as_secs_f64());
        }
        let start = Instant::now();
        for _ in 0..rounds {
            encoder.count(&text);
        }
        let warm = start.elapsed().as_secs_f64() / rounds as f64;
        println!(
            "{:>12}: {tokens} tokens, cold {:.1} MB/s, warm {:.1} MB/s",
            encoding.name(),
            mb / cold,
            mb / warm
        );
    }
}
