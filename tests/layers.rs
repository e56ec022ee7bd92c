//! Layers one way (issue #20, part 5): `formats` reads and writes stored and exported text
//! and sits above `money` and `text`; they must not import it back. (`models` is to follow
//! when its own imports of `formats` are gone; add it to `BELOW_FORMATS` then.)

use std::fs;
use std::path::{Path, PathBuf};

/// Folders under `src/` whose code must not import `formats`.
const BELOW_FORMATS: [&str; 2] = ["money", "text"];

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// The lines of `source` whose code (not comments) has the word `formats`: a path or a
/// `use` of the module, however written.
fn imports_of_formats(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter(|line| {
            let code = line.split("//").next().unwrap_or_default();
            code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| word == "formats")
        })
        .collect()
}

#[test]
fn money_and_text_do_not_import_formats() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offending = Vec::new();
    for folder in BELOW_FORMATS {
        let mut files = Vec::new();
        rust_files(&src.join(folder), &mut files);
        // The folder's module file beside it (`src/money.rs`), if it is written that way.
        files.push(src.join(format!("{folder}.rs")));
        for file in files.iter().filter(|file| file.exists()) {
            let source = fs::read_to_string(file).expect("UTF-8 source");
            for line in imports_of_formats(&source) {
                offending.push(format!("{}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(
        offending.is_empty(),
        "code below `formats` imports it:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_check_sees_an_import() {
    assert_eq!(
        imports_of_formats("use crate::formats::overrides::Overrides;\n// formats::x\n"),
        ["use crate::formats::overrides::Overrides;"]
    );
    assert_eq!(imports_of_formats("use crate::{formats, money};").len(), 1);
    assert!(imports_of_formats("//! See `formats::overrides`.").is_empty());
}
