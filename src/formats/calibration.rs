//! The user's token-count calibrations, per model: kept in localStorage under
//! [`STORAGE_KEY`] (`burnrate.calibration`) and exported or imported as a JSON file.
//!
//! ```json
//! {"format": "burnrate-calibration", "version": 1,
//!  "models": {"claude-sonnet-4-5": {"samples": [{"counted": 1200, "reported": 1390}]}}}
//! ```
//!
//! `models` maps a catalog model id to its samples, oldest first: `counted` is Burnrate's
//! o200k_base count of a text, `reported` the provider's count of the same text. The
//! calibration math is `text::estimate` ([`Calibration`]).
//!
//! How the UI calls it: [`parse`] what localStorage or an imported file holds (an error is
//! shown, and the stored entry set aside, never silently dropped); look up the chosen model
//! in [`Calibrations::models`] and show `calibration.calibrated(count)` as a calibrated
//! count; after the user enters a reported count, add a `Sample` (see `text::estimate`) to
//! that model's entry and store [`to_json`]. Export writes the same text to a file.
//!
//! The reader is strict, as the file only ever comes from this writer or from a person who
//! edited it: an unknown field, a value of the wrong type, a model id that is blank, a
//! model with no samples or more than `MAX_SAMPLES`, and a sample that `Sample::new` refuses
//! are all errors that name the model and the sample. There is one version, so there is no
//! migration yet; a version 2 comes with a function from these structs to it.
//!
//! Must not know: the DOM, storage itself, the catalog (ids are kept as written, even for
//! models a newer or older catalog does not have).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::estimate::{Calibration, CalibrationError, Sample, MAX_SAMPLES};

/// The localStorage key.
pub const STORAGE_KEY: &str = "burnrate.calibration";
/// The `format` value of a calibration file.
pub const FORMAT: &str = "burnrate-calibration";
/// The version written and read.
pub const VERSION: u64 = 1;

/// Every model's calibration, by catalog model id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calibrations {
    /// Catalog model id -> its calibration (never empty).
    pub models: BTreeMap<String, Calibration>,
}

/// Why a calibration file cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub enum CalibrationFileError {
    /// Not JSON, or not this format's shape (an unknown field, a wrong type); holds
    /// serde_json's message, with line and column.
    Unreadable(String),
    /// Another kind of file.
    WrongFormat,
    /// A version this build cannot read.
    UnsupportedVersion(u64),
    /// A model id that is empty or only spaces.
    BlankId,
    /// A model with no samples.
    NoSamples(String),
    /// A model with more samples than are kept.
    TooManySamples {
        /// The model id.
        model: String,
        /// How many the file has.
        count: usize,
    },
    /// A sample that cannot be right.
    BadSample {
        /// The model id.
        model: String,
        /// The sample's place, from 1.
        sample: usize,
        /// Why.
        error: CalibrationError,
    },
}

impl fmt::Display for CalibrationFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalibrationFileError::Unreadable(message) => {
                write!(f, "not a readable calibration file ({message})")
            }
            CalibrationFileError::WrongFormat => write!(
                f,
                "not a calibration file (its \"format\" field should say \"{FORMAT}\")"
            ),
            CalibrationFileError::UnsupportedVersion(version) => write!(
                f,
                "calibration file version {version} is not supported; this version of Burnrate reads version {VERSION}"
            ),
            CalibrationFileError::BlankId => write!(f, "a model id in \"models\" is empty"),
            CalibrationFileError::NoSamples(model) => {
                write!(f, "model \"{model}\" has no samples")
            }
            CalibrationFileError::TooManySamples { model, count } => write!(
                f,
                "model \"{model}\" has {count} samples; at most {MAX_SAMPLES} are kept"
            ),
            CalibrationFileError::BadSample {
                model,
                sample,
                error,
            } => write!(f, "model \"{model}\", sample {sample}: {error}"),
        }
    }
}

impl std::error::Error for CalibrationFileError {}

/// The file as read and written. Fields in this order, `models` sorted by id: the writer is
/// deterministic.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CalibrationFile {
    format: String,
    version: u64,
    models: BTreeMap<String, ModelEntry>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ModelEntry {
    samples: Vec<SampleEntry>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SampleEntry {
    counted: u64,
    reported: u64,
}

/// The header alone, read first so that a file of another format or version is told apart
/// from a damaged one.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Reads and validates a calibration file. Checked in this order: JSON; `format`; `version`;
/// the shape (exactly the fields above, of their types); then each model by id: its id is
/// not blank, it has 1 to `MAX_SAMPLES` samples, and each sample passes `Sample::new`.
pub fn parse(json: &str) -> Result<Calibrations, CalibrationFileError> {
    let unreadable = |error: serde_json::Error| CalibrationFileError::Unreadable(error.to_string());
    let header: Header = serde_json::from_str(json).map_err(unreadable)?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(CalibrationFileError::WrongFormat);
    }
    match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(VERSION) => {}
        Some(other) => return Err(CalibrationFileError::UnsupportedVersion(other)),
        None => {
            return Err(CalibrationFileError::Unreadable(
                "\"version\" must be a whole number".to_owned(),
            ))
        }
    }
    let file: CalibrationFile = serde_json::from_str(json).map_err(unreadable)?;
    let mut calibrations = Calibrations::default();
    for (model, entry) in file.models {
        if model.trim().is_empty() {
            return Err(CalibrationFileError::BlankId);
        }
        if entry.samples.is_empty() {
            return Err(CalibrationFileError::NoSamples(model));
        }
        if entry.samples.len() > MAX_SAMPLES {
            return Err(CalibrationFileError::TooManySamples {
                model,
                count: entry.samples.len(),
            });
        }
        let mut samples = Vec::with_capacity(entry.samples.len());
        for (index, sample) in entry.samples.iter().enumerate() {
            match Sample::new(sample.counted, sample.reported) {
                Ok(sample) => samples.push(sample),
                Err(error) => {
                    return Err(CalibrationFileError::BadSample {
                        model,
                        sample: index + 1,
                        error,
                    })
                }
            }
        }
        calibrations
            .models
            .insert(model, Calibration::from_samples(samples));
    }
    Ok(calibrations)
}

/// Writes `calibrations` as a version 1 file that [`parse`] reads back unchanged; models
/// without samples are left out.
pub fn to_json(calibrations: &Calibrations) -> String {
    let file = CalibrationFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        models: calibrations
            .models
            .iter()
            .filter(|(_, calibration)| !calibration.samples().is_empty())
            .map(|(model, calibration)| {
                let samples = calibration
                    .samples()
                    .iter()
                    .map(|sample| SampleEntry {
                        counted: sample.counted(),
                        reported: sample.reported(),
                    })
                    .collect();
                (model.clone(), ModelEntry { samples })
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../tests/fixtures/formats/calibration.json");

    fn error(json: &str) -> String {
        parse(json).unwrap_err().to_string()
    }

    #[test]
    fn the_fixture_reads_and_writes_back_byte_for_byte() {
        let calibrations = parse(FIXTURE).unwrap();
        assert_eq!(calibrations.models.len(), 2);
        let claude = &calibrations.models["claude-sonnet-4-5"];
        assert_eq!(claude.samples().len(), 2);
        // (1,390 + 2,410) / (1,200 + 2,000) = 3,800 / 3,200 = 1.1875.
        assert_eq!(claude.ratio(), Some(1.1875));
        assert_eq!(claude.calibrated(1000), 1188);
        assert_eq!(to_json(&calibrations), FIXTURE.trim_end());
        assert_eq!(parse(&to_json(&calibrations)).unwrap(), calibrations);
    }

    #[test]
    fn an_empty_set_round_trips() {
        let empty = Calibrations::default();
        assert_eq!(parse(&to_json(&empty)).unwrap(), empty);
        let mut with_empty = Calibrations::default();
        with_empty.models.insert("x".into(), Calibration::default());
        assert_eq!(parse(&to_json(&with_empty)).unwrap(), empty);
    }

    #[test]
    fn invalid_files_say_what_is_wrong() {
        assert!(error("{").starts_with("not a readable calibration file ("));
        assert_eq!(
            error(r#"{"format":"burnrate-price-overrides","version":1}"#),
            "not a calibration file (its \"format\" field should say \"burnrate-calibration\")"
        );
        assert_eq!(
            error(r#"{"format":"burnrate-calibration","version":2,"models":{}}"#),
            "calibration file version 2 is not supported; this version of Burnrate reads version 1"
        );
        assert!(
            error(r#"{"format":"burnrate-calibration","version":1,"models":{},"extra":1}"#)
                .contains("unknown field `extra`")
        );
        assert!(error(r#"{"format":"burnrate-calibration","version":1}"#)
            .contains("missing field `models`"));
        assert!(error(
            r#"{"format":"burnrate-calibration","version":1,"models":{"a":{"samples":[{"counted":"1","reported":2}]}}}"#
        )
        .contains("invalid type"));
        assert_eq!(
            error(
                r#"{"format":"burnrate-calibration","version":1,"models":{" ":{"samples":[{"counted":100,"reported":100}]}}}"#
            ),
            "a model id in \"models\" is empty"
        );
        assert_eq!(
            error(r#"{"format":"burnrate-calibration","version":1,"models":{"a":{"samples":[]}}}"#),
            "model \"a\" has no samples"
        );
        assert_eq!(
            error(r#"{"format":"burnrate-calibration","version":1,"models":{"a":{"samples":[{"counted":100,"reported":100},{"counted":100,"reported":0}]}}}"#),
            "model \"a\", sample 2: the reported count must be 1 or more; 0 is what an API reports for an empty or failed request"
        );
        assert!(error(
            r#"{"format":"burnrate-calibration","version":1,"models":{"a":{"samples":[{"counted":100,"reported":-5}]}}}"#
        )
        .contains("invalid value"));
        assert!(error(
            r#"{"format":"burnrate-calibration","version":1,"models":{"a":{"samples":[{"counted":1000,"reported":9000}]}}}"#
        )
        .starts_with("model \"a\", sample 1: a reported count of 9000 for a text of 1000 tokens"));
        let many = (0..51)
            .map(|_| r#"{"counted":100,"reported":100}"#)
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            error(&format!(
                r#"{{"format":"burnrate-calibration","version":1,"models":{{"a":{{"samples":[{many}]}}}}}}"#
            )),
            "model \"a\" has 51 samples; at most 50 are kept"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "\\PC*") {
            let _ = parse(&text);
        }
    }
}
