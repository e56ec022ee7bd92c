//! The user's price overrides: edited prices of shipped models and custom models.
//!
//! The same versioned JSON is kept in localStorage and exported or imported as a file:
//!
//! ```json
//! {"format": "burnrate-price-overrides", "version": 1,
//!  "edits": {"gpt-4o": {"input": 2.0, "output": 8.0, "cache_read": 1.0},
//!            "claude-sonnet-4-5": {"tiers": [{"above": 200000, "input": 6, "output": 22.5}]}},
//!  "custom": [{"id": "my-llama", "name": "Llama on our GPUs", "input": 0.2, "output": 0.2}]}
//! ```
//!
//! Prices are US dollars per million tokens. A custom model takes the fields of a catalog
//! entry (`money::catalog::file::ModelEntry`); only `id`, `input` and `output` are
//! required. It may name its `tokenizer` (`"llama3"`, `"estimate"`…; absent means an
//! estimate); an `encoding` written by an older build is read as its tokenizer and written
//! back as `tokenizer`, in the same place. The overrides themselves ([`Overrides`]) belong to `money`, which applies
//! them; this module only reads and writes them.
//!
//! An edit's `tiers` (optional; the same list as a catalog entry's `tiers`) replace the
//! model's long-context tiers; `[]` removes them. An edit without `tiers`, as older builds
//! wrote, keeps the rule they had: an edited price drops the shipped tiers.
//!
//! An invalid file is rejected whole, with a message naming the entry and the field, so
//! the data already in place stays untouched.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::json::{Field, Object, Printed};
use crate::money::catalog::file::{
    self, check_header, not_an_object, read_object, tier_entry, ModelEntry, TierEntry,
};
use crate::money::catalog::{CatalogError, ErrorKind, Model, ModelTokenizer, Origin};
use crate::money::overrides::{Overrides, PriceEdit};
use crate::money::units::UsdPerMTok;

/// The `format` value of an overrides file.
pub const FORMAT: &str = "burnrate-price-overrides";

/// An overrides file as read. Unknown fields are ignored at every level (a newer build's
/// file still loads here, without what this build does not know), and `null` reads as an
/// absent field. A field named twice in one object is refused as not JSON (serde's derive
/// refuses it; the reader over `serde_json::Value` before it kept the last one). There is
/// one version, so no migration yet.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OverridesFile {
    format: Field<String>,
    version: Field<Printed>,
    /// Edited prices by catalog id; an id given twice keeps its last edit.
    edits: Field<BTreeMap<String, Field<EditEntry>>>,
    /// Custom models, as catalog entries.
    custom: Field<Vec<Field<ModelEntry>>>,
}
impl Object for OverridesFile {}

/// An overrides file as written: every field, in alphabetical order (the order of the
/// `serde_json::Value` this writer replaced, so that exports stay byte for byte the same).
#[derive(Serialize)]
struct WrittenFile<'a> {
    custom: Vec<ModelEntry>,
    edits: BTreeMap<&'a str, EditEntry>,
    format: &'static str,
    version: u64,
}

/// One edit: prices per million tokens (fields in alphabetical order, see [`WrittenFile`]).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
struct EditEntry {
    #[serde(skip_serializing_if = "Field::is_absent")]
    cache_read: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    input: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    output: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    tiers: Field<Vec<Field<TierEntry>>>,
}
impl Object for EditEntry {}

/// Parses and validates an overrides file. Checked in this order: JSON, an object,
/// `format`, `version`, `edits` (an object; each edit by id order, an object whose prices
/// are valid), `custom` (a list; each entry a valid catalog entry, see
/// `money::catalog::file::model`, with an id not used by an earlier one).
pub fn parse(json: &str) -> Result<Overrides, CatalogError> {
    let file: OverridesFile = read_object(json)?;
    check_header(&file.format, &file.version, FORMAT)?;
    let mut overrides = Overrides::default();
    let edits = file.edits.optional().map_err(|_| CatalogError {
        at: String::new(),
        kind: ErrorKind::WrongType {
            field: "edits",
            expected: "an object of model ids",
        },
    })?;
    for (id, edit) in edits.unwrap_or_default() {
        let at = format!("edit of \"{id}\"");
        let Field::Given(edit) = edit else {
            return Err(not_an_object(&at));
        };
        let edit = PriceEdit {
            input: file::price(edit.input, "input", &at)?,
            output: file::price(edit.output, "output", &at)?,
            cache_read: file::price(edit.cache_read, "cache_read", &at)?,
            tiers: file::tiers(edit.tiers, &at)?,
        };
        overrides.edits.insert(id, edit);
    }
    let custom = file.custom.optional().map_err(|_| CatalogError {
        at: String::new(),
        kind: ErrorKind::WrongType {
            field: "custom",
            expected: "a list of models",
        },
    })?;
    for (index, entry) in custom.unwrap_or_default().into_iter().enumerate() {
        let at = format!("custom model {}", index + 1);
        let model = file::model(entry, &at, Origin::Custom)?;
        if overrides.custom.iter().any(|other| other.id == model.id) {
            return Err(CatalogError {
                at,
                kind: ErrorKind::DuplicateId(model.id),
            });
        }
        overrides.custom.push(model);
    }
    Ok(overrides)
}

/// Writes `overrides` as a versioned file that [`parse`] reads back unchanged.
pub fn to_json(overrides: &Overrides) -> String {
    let file = WrittenFile {
        custom: overrides.custom.iter().map(custom_entry).collect(),
        edits: overrides
            .edits
            .iter()
            .map(|(id, edit)| {
                let entry = EditEntry {
                    cache_read: edit.cache_read.map(|price| price.dollars()).into(),
                    input: edit.input.map(|price| price.dollars()).into(),
                    output: edit.output.map(|price| price.dollars()).into(),
                    tiers: edit
                        .tiers
                        .as_ref()
                        .map(|tiers| tiers.iter().map(tier_entry).map(Field::Given).collect())
                        .into(),
                };
                (id.as_str(), entry)
            })
            .collect(),
        format: FORMAT,
        version: 1,
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// A custom model as written: every field the user can set in the app, and the others
/// only when they are set.
fn custom_entry(model: &Model) -> ModelEntry {
    let dollars = |price: Option<UsdPerMTok>| price.map(|price| price.dollars()).into();
    ModelEntry {
        id: Field::Given(model.id.clone()),
        name: Field::Given(model.name.clone()),
        provider: Field::Given(model.provider.clone()),
        provider_name: Field::Given(model.provider_name.clone()),
        model: Field::Given(model.model.clone()),
        input: Field::Given(model.prices.input.dollars()),
        output: Field::Given(model.prices.output.dollars()),
        cache_read: dollars(model.prices.cache_read),
        cache_write_5m: dollars(model.prices.cache_write_5m),
        cache_write_1h: dollars(model.prices.cache_write_1h),
        batch_input: dollars(model.prices.batch_input),
        batch_output: dollars(model.prices.batch_output),
        flex_input: dollars(model.prices.flex_input),
        flex_output: dollars(model.prices.flex_output),
        flex_cache_read: dollars(model.prices.flex_cache_read),
        priority_input: dollars(model.prices.priority_input),
        priority_output: dollars(model.prices.priority_output),
        priority_cache_read: dollars(model.prices.priority_cache_read),
        context_window: model.context_window.into(),
        max_output: model.max_output.into(),
        // An estimate is what a model that names no tokenizer is, so it is left out: files
        // written before `tokenizer` existed come back byte for byte.
        encoding: Field::Absent,
        tokenizer: match &model.tokenizer {
            ModelTokenizer::Estimate => Field::Absent,
            named => Field::Given(named.name().to_owned()),
        },
        tier: Field::Given(model.tier.slug().to_owned()),
        // Left out when empty or false, so that files written before these were kept
        // come back byte for byte.
        tiers: if model.tiers.is_empty() {
            Field::Absent
        } else {
            Field::Given(
                model
                    .tiers
                    .iter()
                    .map(tier_entry)
                    .map(Field::Given)
                    .collect(),
            )
        },
        deprecated: if model.deprecated {
            Field::Given(true)
        } else {
            Field::Absent
        },
        reasoning: if model.reasoning {
            Field::Given(true)
        } else {
            Field::Absent
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::Catalog;

    const SAMPLE: &str = r#"{"format":"burnrate-price-overrides","version":1,
        "edits":{"gpt-4o":{"input":2,"output":8}},
        "custom":[{"id":"my-llama","name":"Llama on our GPUs","input":0.2,"output":0.4,"cache_read":0.1}]}"#;

    #[test]
    fn a_file_round_trips() {
        let overrides = parse(SAMPLE).unwrap();
        assert_eq!(overrides.edits["gpt-4o"].input.unwrap().dollars(), 2.0);
        assert_eq!(overrides.custom[0].name, "Llama on our GPUs");
        assert_eq!(overrides.custom[0].provider, "custom");
        assert_eq!(parse(&to_json(&overrides)).unwrap(), overrides);
    }

    #[test]
    fn a_custom_models_tiers_service_tiers_and_flags_round_trip() {
        // Regression: the export wrote a custom model without its long-context tiers and
        // its deprecation, so an exported and imported model lost them.
        let file = r#"{"format":"burnrate-price-overrides","version":1,"custom":[
            {"id":"big","input":1,"output":4,"deprecated":true,"reasoning":true,
             "flex_input":0.5,"flex_output":2,"flex_cache_read":0.05,
             "priority_input":2,"priority_output":8,"priority_cache_read":0.2,
             "tiers":[{"above":200000,"input":2,"output":6,"cache_read":0.2}]}]}"#;
        let overrides = parse(file).unwrap();
        let model = &overrides.custom[0];
        assert!(model.deprecated && model.reasoning);
        assert_eq!(model.tiers.len(), 1);
        assert_eq!(model.prices.priority_output.unwrap().dollars(), 8.0);
        let written = to_json(&overrides);
        for key in [
            "\"tiers\"",
            "\"deprecated\": true",
            "\"reasoning\": true",
            "\"flex_cache_read\": 0.05",
            "\"priority_input\": 2.0",
        ] {
            assert!(written.contains(key), "{key} in {written}");
        }
        assert_eq!(parse(&written).unwrap(), overrides);
    }

    #[test]
    fn an_edits_tiers_round_trip() {
        let file = r#"{"format":"burnrate-price-overrides","version":1,"edits":{
            "claude-sonnet-4-5":{"tiers":[{"above":300000,"input":7,"output":30},{"above":150000,"input":5,"output":20}]},
            "gpt-4o":{"tiers":[]},
            "gpt-4.1":{"input":1}}}"#;
        let overrides = parse(file).unwrap();
        let sonnet = overrides.edits["claude-sonnet-4-5"].tiers.as_ref().unwrap();
        // Sorted by threshold.
        assert_eq!(sonnet[0].above.get(), 150_000);
        assert_eq!(sonnet[1].output.unwrap().dollars(), 30.0);
        assert_eq!(overrides.edits["gpt-4o"].tiers, Some(Vec::new()));
        assert_eq!(overrides.edits["gpt-4.1"].tiers, None);
        let written = to_json(&overrides);
        assert_eq!(parse(&written).unwrap(), overrides);
        // An edit without tiers is written without them, as older builds wrote it.
        assert_eq!(written.matches("\"tiers\"").count(), 2, "{written}");
        let bad = r#"{"format":"burnrate-price-overrides","version":1,"edits":{"gpt-4o":{"tiers":[{"input":1}]}}}"#;
        assert_eq!(
            parse(bad).unwrap_err().to_string(),
            "edit of \"gpt-4o\", tier 1: the field \"above\" is missing"
        );
        let negative = r#"{"format":"burnrate-price-overrides","version":1,"edits":{"gpt-4o":{"tiers":[{"above":1000,"output":-3}]}}}"#;
        assert_eq!(
            parse(negative).unwrap_err().to_string(),
            "edit of \"gpt-4o\", tier 1: price \"output\" must be 0 or more, got -3"
        );
    }

    #[test]
    fn overrides_change_the_catalog() {
        let catalog = Catalog::shipped().unwrap();
        let overridden = catalog.with_overrides(&parse(SAMPLE).unwrap());
        let gpt4o = overridden.get("gpt-4o").unwrap();
        assert_eq!(gpt4o.prices.input.dollars(), 2.0);
        assert_eq!(gpt4o.prices.output.dollars(), 8.0);
        assert_eq!(
            gpt4o.prices.cache_read.unwrap().dollars(),
            1.25,
            "unedited price kept"
        );
        assert_eq!(gpt4o.origin, Origin::Edited);
        assert_eq!(overridden.get("my-llama").unwrap().origin, Origin::Custom);
        assert_eq!(overridden.models.len(), catalog.models.len() + 1);
        assert_eq!(catalog.with_overrides(&Overrides::default()), catalog);
    }

    #[test]
    fn a_custom_model_with_a_shipped_id_replaces_it() {
        let catalog = Catalog::shipped().unwrap();
        let overrides =
            parse(r#"{"format":"burnrate-price-overrides","version":1,"custom":[{"id":"gpt-4o","input":1,"output":1}]}"#)
                .unwrap();
        let overridden = catalog.with_overrides(&overrides);
        assert_eq!(overridden.models.len(), catalog.models.len());
        assert_eq!(overridden.get("gpt-4o").unwrap().origin, Origin::Custom);
    }

    #[test]
    fn a_custom_model_names_its_tokenizer() {
        let file = r#"{"format":"burnrate-price-overrides","version":1,"custom":[
            {"id":"ours","input":1,"output":1,"tokenizer":"llama3"},
            {"id":"newer","input":1,"output":1,"tokenizer":"klingon-9"},
            {"id":"plain","input":1,"output":1}]}"#;
        let overrides = parse(file).unwrap();
        let tokenizers: Vec<&ModelTokenizer> = overrides
            .custom
            .iter()
            .map(|model| &model.tokenizer)
            .collect();
        assert_eq!(
            tokenizers,
            [
                &ModelTokenizer::Exact(crate::text::tokenize::Encoding::Llama3),
                &ModelTokenizer::Unknown("klingon-9".into()),
                &ModelTokenizer::Estimate,
            ]
        );
        let written = to_json(&overrides);
        assert!(written.contains(r#""tokenizer": "llama3""#), "{written}");
        // A name this build does not know is written back as it was read.
        assert!(written.contains(r#""tokenizer": "klingon-9""#), "{written}");
        assert_eq!(written.matches("tokenizer").count(), 2, "{written}");
        assert_eq!(parse(&written).unwrap(), overrides);
    }

    #[test]
    fn an_old_custom_models_encoding_is_written_back_as_its_tokenizer() {
        let old = r#"{"format":"burnrate-price-overrides","version":1,"custom":[{"id":"x","input":1,"output":1,"encoding":"cl100k_base"}]}"#;
        let overrides = parse(old).unwrap();
        assert_eq!(
            overrides.custom[0].tokenizer,
            ModelTokenizer::Exact(crate::text::tokenize::Encoding::Cl100kBase)
        );
        let written = to_json(&overrides);
        assert!(!written.contains("encoding"), "{written}");
        // In the place `encoding` had (before `id`), so only the key changes.
        assert!(
            written.contains("\"tokenizer\": \"cl100k_base\",\n      \"id\": \"x\""),
            "{written}"
        );
        assert_eq!(parse(&written).unwrap(), overrides);
    }

    #[test]
    fn invalid_files_are_rejected_with_the_entry_and_field() {
        let negative =
            r#"{"format":"burnrate-price-overrides","version":1,"edits":{"gpt-4o":{"input":-2}}}"#;
        assert_eq!(
            parse(negative).unwrap_err().to_string(),
            "edit of \"gpt-4o\": price \"input\" must be 0 or more, got -2"
        );
        let missing =
            r#"{"format":"burnrate-price-overrides","version":1,"custom":[{"id":"x","input":1}]}"#;
        assert_eq!(
            parse(missing).unwrap_err().to_string(),
            "custom model 1 (\"x\"): the field \"output\" is missing"
        );
        let nan = r#"{"format":"burnrate-price-overrides","version":1,"custom":[{"id":"x","input":"NaN","output":1}]}"#;
        assert!(parse(nan)
            .unwrap_err()
            .to_string()
            .contains("\"input\" must be a number"));
        let future = r#"{"format":"burnrate-price-overrides","version":7}"#;
        assert!(matches!(
            parse(future).unwrap_err().kind,
            ErrorKind::UnsupportedVersion(_)
        ));
        assert!(matches!(
            parse(r#"{"format":"burnrate-catalog","version":1}"#)
                .unwrap_err()
                .kind,
            ErrorKind::WrongFormat { .. }
        ));
        let twice = r#"{"format":"burnrate-price-overrides","version":1,"custom":[{"id":"x","input":1,"output":1},{"id":"x","input":1,"output":1}]}"#;
        assert!(matches!(
            parse(twice).unwrap_err().kind,
            ErrorKind::DuplicateId(_)
        ));
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "\\PC*") {
            let _ = parse(&text);
        }
    }
}
