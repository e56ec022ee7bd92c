//! The user's price overrides: edited prices of shipped models and custom models.
//!
//! The same versioned JSON is kept in localStorage and exported or imported as a file:
//!
//! ```json
//! {"format": "burnrate-price-overrides", "version": 1,
//!  "edits": {"gpt-4o": {"input": 2.0, "output": 8.0, "cache_read": 1.0}},
//!  "custom": [{"id": "my-llama", "name": "Llama on our GPUs", "input": 0.2, "output": 0.2}]}
//! ```
//!
//! Prices are US dollars per million tokens. A custom model takes the fields of a catalog
//! entry (see `money::catalog::parse_model`); only `id`, `input` and `output` are required.
//! An invalid file is rejected whole, with a message naming the entry and the field, so
//! the data already in place stays untouched.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::money::catalog::{
    check_header, object, optional_price, parse_json, parse_model, CatalogError, ErrorKind, Model,
    Origin,
};
use crate::money::units::UsdPerMTok;

/// The `format` value of an overrides file.
pub const FORMAT: &str = "burnrate-price-overrides";

/// New prices for a shipped model; `None` keeps the shipped price.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PriceEdit {
    /// Input price per million tokens.
    pub input: Option<UsdPerMTok>,
    /// Output price per million tokens.
    pub output: Option<UsdPerMTok>,
    /// Cached-input price per million tokens.
    pub cache_read: Option<UsdPerMTok>,
}

/// Everything the user changed about prices.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// Edited prices, by catalog id.
    pub edits: BTreeMap<String, PriceEdit>,
    /// Models the user added, in the order added.
    pub custom: Vec<Model>,
}

impl Overrides {
    /// No overrides at all.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.custom.is_empty()
    }
}

/// Parses and validates an overrides file.
pub fn parse(json: &str) -> Result<Overrides, CatalogError> {
    let root = parse_json(json)?;
    let root = object(&root, "")?;
    check_header(root, FORMAT)?;
    let mut overrides = Overrides::default();
    match root.get("edits") {
        None | Some(Value::Null) => {}
        Some(Value::Object(edits)) => {
            for (id, edit) in edits {
                let at = format!("edit of \"{id}\"");
                let edit = object(edit, &at)?;
                overrides.edits.insert(
                    id.clone(),
                    PriceEdit {
                        input: optional_price(edit, "input", &at)?,
                        output: optional_price(edit, "output", &at)?,
                        cache_read: optional_price(edit, "cache_read", &at)?,
                    },
                );
            }
        }
        Some(_) => {
            return Err(CatalogError {
                at: String::new(),
                kind: ErrorKind::WrongType {
                    field: "edits",
                    expected: "an object of model ids",
                },
            })
        }
    }
    match root.get("custom") {
        None | Some(Value::Null) => {}
        Some(Value::Array(models)) => {
            for (index, model) in models.iter().enumerate() {
                let model = parse_model(
                    model,
                    &format!("custom model {}", index + 1),
                    Origin::Custom,
                )?;
                if overrides.custom.iter().any(|other| other.id == model.id) {
                    return Err(CatalogError {
                        at: format!("custom model {}", index + 1),
                        kind: ErrorKind::DuplicateId(model.id),
                    });
                }
                overrides.custom.push(model);
            }
        }
        Some(_) => {
            return Err(CatalogError {
                at: String::new(),
                kind: ErrorKind::WrongType {
                    field: "custom",
                    expected: "a list of models",
                },
            })
        }
    }
    Ok(overrides)
}

/// Writes `overrides` as a versioned file that [`parse`] reads back unchanged.
pub fn to_json(overrides: &Overrides) -> String {
    let edits: Map<String, Value> = overrides
        .edits
        .iter()
        .map(|(id, edit)| {
            let mut fields = Map::new();
            put_price(&mut fields, "input", edit.input);
            put_price(&mut fields, "output", edit.output);
            put_price(&mut fields, "cache_read", edit.cache_read);
            (id.clone(), Value::Object(fields))
        })
        .collect();
    let custom: Vec<Value> = overrides.custom.iter().map(custom_model_json).collect();
    let file = json!({
        "format": FORMAT,
        "version": 1,
        "edits": edits,
        "custom": custom,
    });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

fn custom_model_json(model: &Model) -> Value {
    let mut fields = Map::new();
    fields.insert("id".into(), model.id.clone().into());
    fields.insert("name".into(), model.name.clone().into());
    fields.insert("provider".into(), model.provider.clone().into());
    fields.insert("provider_name".into(), model.provider_name.clone().into());
    fields.insert("model".into(), model.model.clone().into());
    put_price(&mut fields, "input", Some(model.prices.input));
    put_price(&mut fields, "output", Some(model.prices.output));
    put_price(&mut fields, "cache_read", model.prices.cache_read);
    put_price(&mut fields, "cache_write_5m", model.prices.cache_write_5m);
    put_price(&mut fields, "cache_write_1h", model.prices.cache_write_1h);
    put_price(&mut fields, "batch_input", model.prices.batch_input);
    put_price(&mut fields, "batch_output", model.prices.batch_output);
    if let Some(window) = model.context_window {
        fields.insert("context_window".into(), window.into());
    }
    if let Some(max_output) = model.max_output {
        fields.insert("max_output".into(), max_output.into());
    }
    if let Some(encoding) = &model.encoding {
        fields.insert("encoding".into(), encoding.clone().into());
    }
    fields.insert("tier".into(), model.tier.slug().into());
    Value::Object(fields)
}

fn put_price(fields: &mut Map<String, Value>, name: &str, price: Option<UsdPerMTok>) {
    if let Some(price) = price {
        fields.insert(name.into(), price.dollars().into());
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
