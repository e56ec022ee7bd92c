//! Prints what each compression level saves on the sample prompts in
//! `tests/fixtures/prompts/`, counted with o200k_base and cl100k_base.
//!
//! `cargo run --release --bin compress-report` — for notes and the README; the same
//! prompts are checked by `text::compress` tests.

use std::collections::BTreeSet;
use std::path::Path;

use burnrate::text::compress::rules::Level;
use burnrate::text::compress::{compress, Options};
use burnrate::text::tokenize::{Encoder, Encoding};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prompts");
    let mut files: Vec<_> = std::fs::read_dir(&folder)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    for encoding in [Encoding::O200kBase, Encoding::Cl100kBase] {
        let encoder = Encoder::bundled(encoding)?;
        println!("{}", encoding.name());
        println!("| prompt | before | light | balanced | aggressive |");
        println!("| --- | --- | --- | --- | --- |");
        for path in &files {
            let text = std::fs::read_to_string(path)?;
            let mut cells = Vec::new();
            let mut before = 0;
            for level in Level::ALL {
                let options = Options {
                    level,
                    target: None,
                    disabled: BTreeSet::new(),
                    custom: Vec::new(),
                };
                let result = compress(&text, &options, &|text| encoder.count(text));
                before = result.before;
                cells.push(format!(
                    "{} (−{:.1}%)",
                    result.after,
                    result.reduction() * 100.0
                ));
            }
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            println!("| {name} | {before} | {} |", cells.join(" | "));
        }
        println!();
    }
    Ok(())
}
