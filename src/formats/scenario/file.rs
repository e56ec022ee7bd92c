//! The scenario as JSON: the scenario file (exported, imported, and kept as the current
//! scenario in localStorage `burnrate.projection.current`) and the saved-scenarios entry
//! (`burnrate.scenarios`).
//!
//! ```json
//! {"fields": {"batch-share": "20", …}, "format": "burnrate-scenario",
//!  "name": "My plan", "version": 2}
//! {"format": "burnrate-scenarios", "scenarios": [{"fields": {…}, "name": "…"}],
//!  "version": 2}
//! ```
//!
//! Both are written by serde from the structs below, whose fields are declared in
//! alphabetical order: the writers before serde went through `serde_json::Value`, whose
//! objects are sorted by key, and the bytes stay the same. Every field is written, at its
//! default too.
//!
//! Versions: both are written as version 2 ([`VERSION`]) and read as version 1 or 2. A field
//! a file does not give takes its default in the file's version, so a version-1 file or
//! saved scenario (and the current scenario kept by an older Burnrate) reads exactly as
//! it did. Every field is written anyway, except the added ones at their defaults (see
//! [`super::ADDED_FIELDS`]), whose defaults are the same in both versions.
//!
//! Unknown fields: a key at the top level or in a saved scenario that this version does
//! not know is ignored (as it always was, so that a file from a later version that adds
//! one still opens); a key in `fields` that is no field is reported by name. A field's
//! value may be text, a number or `true`/`false` (read as `on`/`off`); any other is
//! reported and the field keeps its default. A key given twice in `fields` takes its
//! last value; given twice at the top level, the file is not read as a scenario.
//!
//! Must not know: the DOM or Leptos.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ScenarioForm, FORMAT, SAVED_FORMAT, VERSION, VERSIONS};
use crate::form::shorten;
use crate::formats::json::{read_root, Loose, Object};

/// The name of an imported file that has none.
const UNNAMED: &str = "Imported scenario";
/// The longest name an imported file keeps, in characters.
const MAX_NAME_CHARS: usize = 100;

/// Every field's text by key, as written.
type FieldsOut<'a> = BTreeMap<&'static str, &'a str>;

/// A field's value as a file may give it: text, a number, `true` or `false`, or anything
/// else (to be reported).
#[derive(Debug)]
enum FieldValue {
    Text(String),
    Number(serde_json::Number),
    Switch(bool),
    Other,
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FieldValue, D::Error> {
        // Each type tried in turn on the raw JSON; see `Loose` for why not untagged.
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        let raw = raw.get();
        Ok(if let Ok(text) = serde_json::from_str(raw) {
            FieldValue::Text(text)
        } else if let Ok(number) = serde_json::from_str(raw) {
            FieldValue::Number(number)
        } else if let Ok(on) = serde_json::from_str(raw) {
            FieldValue::Switch(on)
        } else {
            FieldValue::Other
        })
    }
}

/// Fields as read: by key, sorted, so problems are listed in key order.
type FieldsIn = BTreeMap<String, FieldValue>;

#[derive(Serialize)]
struct ScenarioFileOut<'a> {
    fields: FieldsOut<'a>,
    format: &'static str,
    name: &'a str,
    version: u64,
}

#[derive(Deserialize)]
struct ScenarioFileIn {
    #[serde(default)]
    fields: Loose<FieldsIn>,
    #[serde(default)]
    format: Loose<String>,
    #[serde(default)]
    name: Loose<String>,
    #[serde(default)]
    version: Loose<u64>,
}

#[derive(Serialize)]
struct SavedOut<'a> {
    format: &'static str,
    scenarios: Vec<SavedScenarioOut<'a>>,
    version: u64,
}

#[derive(Serialize)]
struct SavedScenarioOut<'a> {
    fields: FieldsOut<'a>,
    name: &'a str,
}

#[derive(Deserialize)]
struct SavedIn {
    #[serde(default)]
    format: Loose<String>,
    #[serde(default)]
    scenarios: Loose<Vec<Loose<Object<SavedScenarioIn>>>>,
    #[serde(default)]
    version: Loose<u64>,
}

#[derive(Deserialize)]
struct SavedScenarioIn {
    #[serde(default)]
    fields: Loose<FieldsIn>,
    #[serde(default)]
    name: Loose<String>,
}

impl ScenarioForm {
    /// Every field's text by key, for a file: every field of the first files, and the
    /// added ones that are not at their defaults (see [`super::ADDED_FIELDS`]).
    fn fields_out(&self) -> FieldsOut<'_> {
        self.entries()
            .filter(|(key, value)| super::written_to_files(key, value))
            .collect()
    }

    /// The form a file's `fields` give, on top of the defaults of the file's `version`,
    /// and the problems with single fields. `from` names the source in messages ("file",
    /// "saved scenario").
    fn from_fields(fields: FieldsIn, from: &str, version: u64) -> (ScenarioForm, Vec<String>) {
        let mut form = ScenarioForm::defaults(version);
        let mut problems = Vec::new();
        for (key, value) in fields {
            let text = match value {
                FieldValue::Text(text) => text,
                FieldValue::Number(number) => number.to_string(),
                FieldValue::Switch(on) => if on { "on" } else { "off" }.to_owned(),
                FieldValue::Other => {
                    problems.push(format!(
                        "The {from}'s value for \"{}\" is not text or a number; it was ignored.",
                        shorten(&key)
                    ));
                    continue;
                }
            };
            form.set_reporting(&key, text, &mut problems, from);
        }
        (form, problems)
    }
}

/// A scenario file: `{"fields": {"calls-per-month": "10000", …}, "format":
/// "burnrate-scenario", "name": "…", "version": 2}`, pretty-printed.
pub fn to_json(name: &str, form: &ScenarioForm) -> String {
    let file = ScenarioFileOut {
        fields: form.fields_out(),
        format: FORMAT,
        name,
        version: VERSION,
    };
    // Strings and a number always serialize.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Why a scenario file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError(pub String);

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a scenario file: its name (at most 100 characters; "Imported scenario" when it
/// has none), the form, and problems with single fields. A file that is not JSON, not
/// this format, of another version or without `fields` is an error.
pub fn from_json(text: &str) -> Result<(String, ScenarioForm, Vec<String>), FileError> {
    let root = read_root::<ScenarioFileIn>(text)
        .map_err(|error| FileError(format!("The file is not JSON: {error}.")))?;
    let Some(Object(file)) = root.ok() else {
        return Err(FileError(
            "The file is not a Burnrate scenario (no JSON object).".into(),
        ));
    };
    if file.format.as_ref().map(String::as_str) != Some(FORMAT) {
        return Err(FileError(format!(
            "The file is not a Burnrate scenario (its \"format\" is not \"{FORMAT}\")."
        )));
    }
    let version = match file.version.ok() {
        Some(version) if VERSIONS.contains(&version) => version,
        other => {
            return Err(FileError(format!(
                "The file's version {} cannot be read by this version of Burnrate, which reads versions 1 and {VERSION}.",
                other.map_or_else(|| "(missing)".to_owned(), |version| version.to_string())
            )))
        }
    };
    let name = file
        .name
        .ok()
        .as_deref()
        .unwrap_or(UNNAMED)
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let fields = file
        .fields
        .ok()
        .ok_or_else(|| FileError("The file has no \"fields\" object.".into()))?;
    let (form, problems) = ScenarioForm::from_fields(fields, "file", version);
    Ok((name, form, problems))
}

/// A named scenario kept in localStorage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedScenario {
    /// Its name, unique among the saved ones.
    pub name: String,
    /// Its fields.
    pub form: ScenarioForm,
}

/// The saved-scenarios entry: `{"format": "burnrate-scenarios", "scenarios": [{"fields":
/// {…}, "name": "…"}], "version": 2}`, on one line.
pub fn saved_to_json(saved: &[SavedScenario]) -> String {
    let entry = SavedOut {
        format: SAVED_FORMAT,
        scenarios: saved
            .iter()
            .map(|scenario| SavedScenarioOut {
                fields: scenario.form.fields_out(),
                name: &scenario.name,
            })
            .collect(),
        version: VERSION,
    };
    serde_json::to_string(&entry).unwrap_or_default()
}

/// Reads the saved-scenarios entry. A scenario with bad fields is kept (its problems
/// reported), one without a name or fields is skipped (and that reported); an
/// unreadable entry is an error, for the caller to set aside.
pub fn saved_from_json(text: &str) -> Result<(Vec<SavedScenario>, Vec<String>), FileError> {
    let root = read_root::<SavedIn>(text)
        .map_err(|error| FileError(format!("saved scenarios are not JSON: {error}")))?;
    let Some(Object(entry)) = root
        .ok()
        .filter(|Object(entry)| entry.format.as_ref().map(String::as_str) == Some(SAVED_FORMAT))
    else {
        return Err(FileError(
            "saved scenarios are not in a format this version reads".into(),
        ));
    };
    let Some(version) = entry
        .version
        .ok()
        .filter(|version| VERSIONS.contains(version))
    else {
        return Err(FileError(
            "saved scenarios are of an unknown version".into(),
        ));
    };
    let list = entry
        .scenarios
        .ok()
        .ok_or_else(|| FileError("saved scenarios have no list".into()))?;
    let mut saved = Vec::new();
    let mut problems = Vec::new();
    for scenario in list {
        let Some((name, fields)) = scenario
            .ok()
            .and_then(|Object(scenario)| Some((scenario.name.ok()?, scenario.fields.ok()?)))
        else {
            problems.push("A saved scenario without a name or fields was skipped.".to_owned());
            continue;
        };
        let (form, field_problems) = ScenarioForm::from_fields(fields, "saved scenario", version);
        problems.extend(field_problems);
        saved.push(SavedScenario { name, form });
    }
    Ok((saved, problems))
}
