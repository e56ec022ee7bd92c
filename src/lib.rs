//! Burnrate: what an LLM feature really costs, and what each optimization saves.
//!
//! The crate has two layers, and the boundary between them is the one architectural rule:
//!
//! - **The core** (every module except `ui`) is plain Rust. It owns formulas, formats and
//!   data, builds and tests natively with `cargo test`, and must not import `leptos`,
//!   `web_sys`, `gloo` or `wasm_bindgen`. It never reads the DOM.
//! - **[`ui`]** holds the Leptos components and all browser I/O. Views call the core; they
//!   never compute.
//!
//! Data flows one way: raw input (strings) -> validated config -> pure computation -> plain
//! result structs -> view.
//!
//! Inside the core, modules sit in layers, and each imports only from the layers below it:
//!
//! 1. [`show`]: how numbers, money, counts and times are written (it uses only the money
//!    units); [`json`]: the serde field types the JSON formats are read with (it knows no
//!    format);
//! 2. [`text`], [`money`], [`models`] and [`chart`]: the computations, and the types they
//!    take (a usage record, a time in seconds, price overrides live with the computation
//!    that uses them);
//! 3. [`form`]: raw form text to validated numbers;
//! 4. [`formats`]: reading and writing stored and exported text (links, saved state, price
//!    data, usage logs, CSV exports). It imports the layers below; **no module under
//!    `models`, `money`, `text`, `chart`, `show`, `json` or `form` imports `formats`**, and
//!    none of the core imports `ui`. A test below reads the sources and fails when one does.
#![warn(missing_docs)]

pub mod chart;
pub mod form;
pub mod formats;
pub mod json;
pub mod models;
pub mod money;
pub mod show;
pub mod text;
pub mod ui;

#[cfg(test)]
mod testing;

/// The layer rules of the module doc, checked on the sources: a core module that imports
/// `formats` (or the browser crates, or `ui`) fails the build's tests.
#[cfg(test)]
mod layers {
    use std::path::{Path, PathBuf};

    /// The `.rs` files under `path` (a file or a folder), recursively.
    fn sources(path: &Path, found: &mut Vec<PathBuf>) {
        if path.is_file() {
            found.push(path.to_owned());
            return;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() || entry.extension().is_some_and(|ext| ext == "rs") {
                sources(&entry, found);
            }
        }
    }

    /// The lines of the core modules (every path in `below`) that use one of `forbidden`,
    /// comments aside, as `file:line: text`.
    fn uses(below: &[&str], forbidden: &[&str]) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        for module in below {
            let path = root.join(module);
            let file = root.join(format!("{module}.rs"));
            if path.exists() {
                sources(&path, &mut files);
            }
            if file.exists() {
                sources(&file, &mut files);
            }
        }
        assert!(!files.is_empty(), "no sources under {}", root.display());
        let mut found = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (index, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                if forbidden.iter().any(|name| code.contains(name)) {
                    found.push(format!("{}:{}: {}", file.display(), index + 1, line.trim()));
                }
            }
        }
        found
    }

    const CORE: [&str; 7] = ["models", "money", "text", "chart", "show", "form", "json"];

    #[test]
    fn no_core_module_imports_formats() {
        let found = uses(&CORE, &["crate::formats", "super::formats", "use formats"]);
        assert!(
            found.is_empty(),
            "the core imports formats:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_core_and_the_formats_import_nothing_from_the_browser() {
        let mut below = CORE.to_vec();
        below.push("formats");
        let found = uses(
            &below,
            &[
                "leptos",
                "web_sys",
                "gloo",
                "wasm_bindgen",
                "js_sys",
                "crate::ui",
            ],
        );
        assert!(
            found.is_empty(),
            "the core imports the browser:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn show_uses_nothing_but_the_money_units() {
        let found = uses(
            &["show"],
            &[
                "crate::models",
                "crate::text",
                "crate::form",
                "crate::chart",
                "crate::money::catalog",
                "crate::money::cost",
            ],
        );
        assert!(
            found.is_empty(),
            "show imports a higher layer:\n{}",
            found.join("\n")
        );
    }
}
