//! Prints what each compression level saves on the sample prompts in
//! `tests/fixtures/prompts/`, counted with o200k_base and cl100k_base.
//!
//! `cargo run --release --bin compress-report` — for notes and the README; the same
//! prompts are checked by `text::compress` tests. `compress-report [--out DIR] FILE…`
//! measures the given files instead, and with `--out` writes each result to
//! `DIR/<file>.<level>.txt` to be read for grammar.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use burnrate::text::compress::rules::Level;
use burnrate::text::compress::{compress, Options};
use burnrate::text::tokenize::{Encoder, Encoding};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let out: Option<PathBuf> = match args.iter().position(|arg| arg == "--out") {
        Some(at) if at + 1 < args.len() => {
            let dir = PathBuf::from(args.remove(at + 1));
            args.remove(at);
            std::fs::create_dir_all(&dir)?;
            Some(dir)
        }
        _ => None,
    };
    let mut files: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    if files.is_empty() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prompts");
        files = std::fs::read_dir(&folder)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        files.sort();
    }
    for encoding in [Encoding::O200kBase, Encoding::Cl100kBase] {
        let encoder = Encoder::bundled(encoding)?;
        println!("{}", encoding.name());
        println!("| prompt | before | light | balanced | aggressive |");
        println!("| --- | --- | --- | --- | --- |");
        for (index, path) in files.iter().enumerate() {
            let text = std::fs::read_to_string(path)?;
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Several files may share a name (README): the parent folder tells them apart.
            let name = match path.parent().and_then(Path::file_name) {
                Some(parent) if name.eq_ignore_ascii_case("readme") => {
                    format!("{}/{name}", parent.to_string_lossy())
                }
                _ => name,
            };
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
                if let (Some(dir), Encoding::O200kBase) = (&out, encoding) {
                    let file =
                        format!("{index:02}-{}.{}.txt", name.replace('/', "-"), level.slug());
                    std::fs::write(dir.join(file), &result.text)?;
                }
                cells.push(format!(
                    "{} (−{:.1}%)",
                    result.after,
                    result.reduction() * 100.0
                ));
            }
            println!("| {name} | {before} | {} |", cells.join(" | "));
        }
        println!();
    }
    Ok(())
}
