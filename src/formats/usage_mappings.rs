//! Column mappings the user made in the Usage view, remembered per set of field names in
//! localStorage `burnrate.usage-mappings`:
//!
//! ```json
//! {"format": "burnrate-usage-mappings",
//!  "mappings": [{"columns": {"model": "engine", "timestamp": "when"},
//!                "fields": ["when", "engine", "in", "out"]}],
//!  "version": 1}
//! ```
//!
//! Written and read by serde ([`SavedMappings::to_json`], [`SavedMappings::from_json`]).
//! Unknown keys at the top level and in an entry are ignored, but `columns` is strict:
//! a key that is no column, or a field that is not text, makes the whole entry
//! unreadable (not silently dropped), so that the caller sets it aside.
//!
//! Must not know: the DOM.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::form::shorten;
use crate::formats::json::{read_root, Loose, Object};
use crate::formats::usage_log::{Column, Mapping};

/// The `format` value.
const FORMAT: &str = "burnrate-usage-mappings";
/// The version written and read.
const VERSION: u64 = 1;
/// Mappings remembered at most.
pub const MAX_SAVED_MAPPINGS: usize = 20;

/// Column mappings the user made, remembered per set of field names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedMappings {
    /// (The file's field names, the mapping), most recent first.
    pub entries: Vec<(Vec<String>, Mapping)>,
}

// As written, fields in alphabetical order: the writer before serde went through
// `serde_json::Value`, whose objects are sorted by key, and the bytes stay the same.

#[derive(Serialize)]
struct MappingsOut<'a> {
    format: &'static str,
    mappings: Vec<MappingOut<'a>>,
    version: u64,
}

#[derive(Serialize)]
struct MappingOut<'a> {
    /// Column key -> the file's field, for the mapped columns.
    columns: BTreeMap<&'static str, &'a str>,
    fields: &'a [String],
}

// As read: every value [`Loose`], so that `from_json` says what is wrong.

#[derive(Deserialize)]
struct MappingsIn {
    #[serde(default)]
    format: Loose<String>,
    #[serde(default)]
    mappings: Loose<Vec<Loose<Object<MappingIn>>>>,
    #[serde(default)]
    version: Loose<u64>,
}

#[derive(Deserialize)]
struct MappingIn {
    #[serde(default)]
    columns: Loose<BTreeMap<String, Loose<String>>>,
    #[serde(default)]
    fields: Loose<Vec<Loose<String>>>,
}

impl SavedMappings {
    /// The mapping remembered for a file with these field names.
    pub fn find(&self, names: &[String]) -> Option<&Mapping> {
        self.entries
            .iter()
            .find(|(fields, _)| fields == names)
            .map(|(_, mapping)| mapping)
    }

    /// Remembers `mapping` for these field names (replacing an older one), keeping the
    /// [`MAX_SAVED_MAPPINGS`] most recent.
    pub fn remember(&mut self, names: &[String], mapping: &Mapping) {
        self.entries.retain(|(fields, _)| fields != names);
        self.entries.insert(0, (names.to_vec(), mapping.clone()));
        self.entries.truncate(MAX_SAVED_MAPPINGS);
    }

    /// As JSON, on one line.
    pub fn to_json(&self) -> String {
        let file = MappingsOut {
            format: FORMAT,
            mappings: self
                .entries
                .iter()
                .map(|(fields, mapping)| MappingOut {
                    columns: Column::ALL
                        .iter()
                        .filter_map(|&column| Some((column.key(), mapping.get(column)?)))
                        .collect(),
                    fields,
                })
                .collect(),
            version: VERSION,
        };
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// From JSON; a message when it is not this format, or when an entry is not a list
    /// of field names and an object of column keys to field names.
    pub fn from_json(text: &str) -> Result<SavedMappings, String> {
        let root = read_root::<MappingsIn>(text).map_err(|error| format!("not JSON ({error})"))?;
        let Some(Object(file)) = root
            .ok()
            .filter(|Object(file)| file.format.as_ref().map(String::as_str) == Some(FORMAT))
        else {
            return Err("not saved column mappings".into());
        };
        if file.version.ok() != Some(VERSION) {
            return Err("saved by another version of Burnrate".into());
        }
        let list = file.mappings.ok().ok_or("no list of mappings")?;
        let mut saved = SavedMappings::default();
        for entry in list {
            let Some((fields, columns)) = entry.ok().and_then(|Object(entry)| {
                let fields: Option<Vec<String>> =
                    entry.fields.ok()?.into_iter().map(Loose::ok).collect();
                Some((fields?, entry.columns.ok()?))
            }) else {
                return Err("a mapping without fields or columns".into());
            };
            let mut mapping = Mapping::default();
            for (key, field) in columns {
                let column = Column::ALL
                    .into_iter()
                    .find(|column| column.key() == key)
                    .ok_or_else(|| format!("\"{}\" is not a column", shorten(&key)))?;
                let field = field
                    .ok()
                    .ok_or_else(|| format!("the field of {key} is not text"))?;
                mapping.set(column, Some(field));
            }
            saved.entries.push((fields, mapping));
        }
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_are_remembered_by_field_names() {
        let names: Vec<String> = ["when", "engine", "in", "out"].map(String::from).to_vec();
        let mut mapping = Mapping::default();
        mapping.set(Column::Timestamp, Some("when".into()));
        mapping.set(Column::Model, Some("engine".into()));
        let mut saved = SavedMappings::default();
        saved.remember(&names, &mapping);
        saved.remember(&names, &mapping);
        assert_eq!(saved.entries.len(), 1);
        let back = SavedMappings::from_json(&saved.to_json()).unwrap();
        assert_eq!(back.find(&names), Some(&mapping));
        assert_eq!(back.find(&names[..2]), None);
        assert!(SavedMappings::from_json("{").is_err());
        assert!(
            SavedMappings::from_json("{\"format\":\"burnrate-usage-mappings\",\"version\":2}")
                .is_err()
        );
        // Regression: a column whose field was not text, or a key that is no column, was
        // dropped without a word (and the rest saved over it on the next mapping).
        let entry = |columns: &str| {
            SavedMappings::from_json(&format!(
                "{{\"format\":\"burnrate-usage-mappings\",\"version\":1,\"mappings\":[{{\"fields\":[\"a\"],\"columns\":{columns}}}]}}"
            ))
        };
        assert!(entry("{\"model\":\"a\"}").is_ok());
        assert_eq!(
            entry("{\"model\":5}").unwrap_err(),
            "the field of model is not text"
        );
        assert_eq!(
            entry("{\"modle\":\"a\"}").unwrap_err(),
            "\"modle\" is not a column"
        );
    }

    #[test]
    fn each_wrong_shape_has_the_message_it_always_had() {
        let file = |mappings: &str| {
            SavedMappings::from_json(&format!(
                r#"{{"format":"burnrate-usage-mappings","version":1,"mappings":{mappings}}}"#
            ))
        };
        for (mappings, message) in [
            ("{}", "no list of mappings"),
            ("[1]", "a mapping without fields or columns"),
            (
                r#"[{"fields":["a",1],"columns":{}}]"#,
                "a mapping without fields or columns",
            ),
            (
                r#"[{"fields":["a"],"columns":[]}]"#,
                "a mapping without fields or columns",
            ),
            (
                r#"[{"fields":["a"]}]"#,
                "a mapping without fields or columns",
            ),
            (
                r#"[{"fields":["a"],"columns":{"cost":"a","zz":"a"}}]"#,
                "\"zz\" is not a column",
            ),
        ] {
            assert_eq!(file(mappings), Err(message.to_owned()), "{mappings}");
        }
        assert_eq!(
            SavedMappings::from_json("[]"),
            Err("not saved column mappings".to_owned())
        );
        assert_eq!(
            SavedMappings::from_json(r#"{"format":"burnrate-usage-mappings"}"#),
            Err("saved by another version of Burnrate".to_owned())
        );
        assert!(SavedMappings::from_json("")
            .unwrap_err()
            .starts_with("not JSON ("));
        // An empty list and unknown keys are fine.
        assert_eq!(file("[]"), Ok(SavedMappings::default()));
    }

    #[test]
    fn at_most_twenty_mappings_are_remembered_most_recent_first() {
        let mut saved = SavedMappings::default();
        for index in 0..25 {
            saved.remember(&[format!("field {index}")], &Mapping::default());
        }
        assert_eq!(saved.entries.len(), MAX_SAVED_MAPPINGS);
        assert_eq!(saved.entries[0].0, vec!["field 24".to_owned()]);
        assert_eq!(SavedMappings::from_json(&saved.to_json()), Ok(saved));
    }

    proptest::proptest! {
        #[test]
        fn any_mappings_round_trip_and_any_text_reads_without_panic(
            entries in proptest::collection::vec(
                (proptest::collection::vec("\\PC{0,12}", 0..4), proptest::collection::vec(proptest::option::of("\\PC{0,12}"), 13)),
                0..4,
            ),
            text in "\\PC{0,200}",
        ) {
            let saved = SavedMappings {
                entries: entries
                    .into_iter()
                    .map(|(names, fields)| {
                        let mut mapping = Mapping::default();
                        for (column, field) in Column::ALL.into_iter().zip(fields) {
                            mapping.set(column, field);
                        }
                        (names, mapping)
                    })
                    .collect(),
            };
            proptest::prop_assert_eq!(SavedMappings::from_json(&saved.to_json()), Ok(saved));
            let _ = SavedMappings::from_json(&text);
        }
    }
}
