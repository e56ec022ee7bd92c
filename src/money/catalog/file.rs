//! The catalog file format (`burnrate-catalog`, version 1): its serde structs and the one
//! validating constructor, [`read`]. The same model entry ([`ModelEntry`]) is the custom
//! model of the price-overrides file (`formats::overrides`).
//!
//! ```json
//! {"format": "burnrate-catalog", "version": 1, "as_of": "2026-11-10",
//!  "source": {"name": "genai-prices", "version": "0.2.3", "license": "MIT", "url": "…"},
//!  "models": [{"id": "gpt-4o", "provider": "openai", "provider_name": "OpenAI",
//!              "model": "gpt-4o", "name": "GPT-4o", "input": 2.5, "output": 10,
//!              "cache_read": 1.25, "context_window": 128000, "tokenizer": "o200k_base",
//!              "tier": "flagship"}]}
//! ```
//!
//! A model's `tokenizer` is an encoding's name or `"estimate"` ([`ModelTokenizer::from_name`]);
//! a name this build does not know loads as [`ModelTokenizer::Unknown`], counted as an
//! estimate, so that a newer catalog or a hand-edited custom model still loads. Files written
//! before `tokenizer` existed name an OpenAI model's encoding in `encoding`: it is read when
//! `tokenizer` is absent (old catalogs, and custom models in overrides kept in localStorage
//! or exported), and never written. A model that names neither is an estimate.
//!
//! Every field is read as a [`Field`], so a value of the wrong type is reported by the
//! checks below, in their order and words, not by serde. Unknown fields are ignored, at
//! every level: the format is written by `scripts/update-prices` and may gain fields that
//! an older build does not show. `null` reads as an absent field, except where noted. A
//! field named twice in one object is refused as not JSON (serde's derive refuses it; the
//! reader over `serde_json::Value` before it kept the last one).
//!
//! There is one version, so there is no migration yet; a version 2 comes with a function
//! from the version 1 structs to it, and a test that the version 1 fixtures still load.
//!
//! Must not know: the DOM, storage, the overrides file.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{
    CapabilityTier, Catalog, CatalogError, ErrorKind, Model, ModelTokenizer, Origin, PriceTier,
    Prices, Source, VERSION,
};
use crate::json::{Field, Object, Printed};
use crate::money::units::{Tokens, UsdPerMTok};

/// A catalog file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CatalogFile {
    format: Field<String>,
    version: Field<Printed>,
    as_of: Field<String>,
    source: Field<SourceEntry>,
    models: Field<Vec<Field<ModelEntry>>>,
}
impl Object for CatalogFile {}

/// The catalog's `source`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SourceEntry {
    name: Field<String>,
    version: Field<String>,
    license: Field<String>,
    url: Field<String>,
}
impl Object for SourceEntry {}

/// One model as written: an entry of the catalog's `models`, or a custom model of the
/// overrides file. Prices are US dollars per million tokens.
///
/// Required: `id`, `input`, `output`. Optional: `provider` (default `custom`),
/// `provider_name` (default: the provider), `model` (default: the id), `name` (default:
/// the id), the other prices (cache, batch, and the service tiers' `flex_input`,
/// `flex_output`, `flex_cache_read`, `priority_input`, `priority_output`,
/// `priority_cache_read`), `tiers`, `context_window`, `max_output`, `tokenizer`
/// (default: `encoding`, else `estimate`), `encoding` (read only, see the module doc), `tier`
/// (default `balanced`), `reasoning` and `deprecated` (default `false` both).
///
/// The fields are in alphabetical order (the overrides writer writes them in this order,
/// as the `serde_json::Value` it replaced did), except `tokenizer`, which is written where
/// `encoding` was: a custom model read with an `encoding` is written back with only that
/// key renamed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
#[allow(missing_docs)] // Each field is the JSON field of the same name, described above.
pub struct ModelEntry {
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub batch_input: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub batch_output: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub cache_read: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub cache_write_1h: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub cache_write_5m: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub context_window: Field<u64>,
    /// `true` or `false`.
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub deprecated: Field<bool>,
    /// Read only: the writer leaves it absent and writes `tokenizer` instead.
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub encoding: Field<String>,
    /// An encoding's name or `"estimate"`.
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub tokenizer: Field<String>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub flex_cache_read: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub flex_input: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub flex_output: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub id: Field<String>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub input: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub max_output: Field<u64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub model: Field<String>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub name: Field<String>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub output: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub priority_cache_read: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub priority_input: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub priority_output: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub provider: Field<String>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub provider_name: Field<String>,
    /// `true` or `false`.
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub reasoning: Field<bool>,
    /// `"flagship"`, `"balanced"` or `"small"` (see [`CapabilityTier::slug`]).
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub tier: Field<String>,
    /// Long-context prices; `null` is refused ("must be a list").
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub tiers: Field<Vec<Field<TierEntry>>>,
}
impl Object for ModelEntry {}

/// One long-context tier of a [`ModelEntry`]: `above` (required) and its prices.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
#[allow(missing_docs)] // Each field is the JSON field of the same name.
pub struct TierEntry {
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub above: Field<u64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub cache_read: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub cache_write_1h: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub cache_write_5m: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub input: Field<f64>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub output: Field<f64>,
}
impl Object for TierEntry {}

/// Reads and validates a catalog file. Checked in this order: JSON, an object, `format`,
/// `version`, `as_of` (a date), `source` (an object; `null` is refused) and its fields,
/// `models` (a list; `null` is refused), then each model ([`model`]) and its id's
/// uniqueness.
pub(super) fn read(json: &str) -> Result<Catalog, CatalogError> {
    let file: CatalogFile = read_object(json)?;
    check_header(&file.format, &file.version, super::FORMAT)?;
    let as_of = required_text(file.as_of, "as_of", "")?;
    if !is_date(&as_of) {
        return Err(CatalogError::new("", ErrorKind::BadDate(as_of)));
    }
    let source = match file.source {
        Field::Absent => return Err(CatalogError::new("", ErrorKind::Missing("source"))),
        Field::Given(source) => Source {
            name: required_text(source.name, "name", "source")?,
            version: required_text(source.version, "version", "source")?,
            license: required_text(source.license, "license", "source")?,
            url: required_text(source.url, "url", "source")?,
        },
        Field::Null | Field::Mistyped => return Err(not_an_object("source")),
    };
    let entries = match file.models {
        Field::Absent => return Err(CatalogError::new("", ErrorKind::Missing("models"))),
        Field::Given(entries) => entries,
        Field::Null | Field::Mistyped => {
            return Err(CatalogError::new(
                "",
                ErrorKind::WrongType {
                    field: "models",
                    expected: "a list",
                },
            ))
        }
    };
    let mut models = Vec::with_capacity(entries.len());
    let mut ids = HashSet::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        let at = format!("model {}", index + 1);
        let model = model(entry, &at, Origin::Shipped)?;
        if !ids.insert(model.id.clone()) {
            return Err(CatalogError::new(at, ErrorKind::DuplicateId(model.id)));
        }
        models.push(model);
    }
    Ok(Catalog {
        as_of,
        source,
        models,
    })
}

/// Reads `json` as one object of type `T`: text that is not JSON is [`ErrorKind::NotJson`]
/// (with serde_json's message, line and column), any other value is "not an object".
pub fn read_object<T: Object>(json: &str) -> Result<T, CatalogError> {
    match serde_json::from_str::<Field<T>>(json) {
        Err(error) => Err(CatalogError::new("", ErrorKind::NotJson(error.to_string()))),
        Ok(Field::Given(file)) => Ok(file),
        Ok(_) => Err(not_an_object("")),
    }
}

/// Checks the `format` and `version` fields of a versioned file: `format` must be the
/// text `format`, and `version` the whole number [`VERSION`].
pub fn check_header(
    format: &Field<String>,
    version: &Field<Printed>,
    expected: &'static str,
) -> Result<(), CatalogError> {
    if !matches!(format, Field::Given(given) if given == expected) {
        return Err(CatalogError::new("", ErrorKind::WrongFormat { expected }));
    }
    match version {
        Field::Given(version) if version.whole == Some(VERSION) => Ok(()),
        Field::Given(version) => Err(CatalogError::new(
            "",
            ErrorKind::UnsupportedVersion(version.text.clone()),
        )),
        // `Printed` takes every kind of value, so nothing is mistyped.
        Field::Null | Field::Mistyped => Err(CatalogError::new(
            "",
            ErrorKind::UnsupportedVersion("null".to_owned()),
        )),
        Field::Absent => Err(CatalogError::new("", ErrorKind::Missing("version"))),
    }
}

/// Validates one model entry found at `at` (such as `model 3`); `null` and values that are
/// not objects are refused. Checked in this order: `id` (text, not blank; errors after it
/// name the entry as `model 3 ("gpt-4o")`), `provider`, `provider_name`, the prices
/// (`input`, `output`, `cache_read`, `cache_write_5m`, `cache_write_1h`, `batch_input`,
/// `batch_output`), `tiers` (each one's `above`, then its prices; sorted by `above`),
/// `tier`, `deprecated`, `model`, `name`, `context_window`, `max_output`, `tokenizer`,
/// `encoding` (each of the last two must be text when given; see the module doc for which
/// one counts).
pub fn model(entry: Field<ModelEntry>, at: &str, origin: Origin) -> Result<Model, CatalogError> {
    let Field::Given(entry) = entry else {
        return Err(not_an_object(at));
    };
    let id = required_text(entry.id, "id", at)?;
    let at = format!("{at} (\"{id}\")");
    let at = at.as_str();
    if id.trim().is_empty() {
        return Err(CatalogError::new(
            at,
            ErrorKind::WrongType {
                field: "id",
                expected: "a non-empty text",
            },
        ));
    }
    let provider = text(entry.provider, "provider", at)?.unwrap_or_else(|| "custom".to_owned());
    let provider_name = text(entry.provider_name, "provider_name", at)?.unwrap_or_else(|| {
        if provider == "custom" {
            "Custom".to_owned()
        } else {
            provider.clone()
        }
    });
    let prices = Prices {
        input: required_price(entry.input, "input", at)?,
        output: required_price(entry.output, "output", at)?,
        cache_read: price(entry.cache_read, "cache_read", at)?,
        cache_write_5m: price(entry.cache_write_5m, "cache_write_5m", at)?,
        cache_write_1h: price(entry.cache_write_1h, "cache_write_1h", at)?,
        batch_input: price(entry.batch_input, "batch_input", at)?,
        batch_output: price(entry.batch_output, "batch_output", at)?,
        flex_input: price(entry.flex_input, "flex_input", at)?,
        flex_output: price(entry.flex_output, "flex_output", at)?,
        flex_cache_read: price(entry.flex_cache_read, "flex_cache_read", at)?,
        priority_input: price(entry.priority_input, "priority_input", at)?,
        priority_output: price(entry.priority_output, "priority_output", at)?,
        priority_cache_read: price(entry.priority_cache_read, "priority_cache_read", at)?,
    };
    let tiers = tiers(entry.tiers, at)?.unwrap_or_default();
    let tier = match text(entry.tier, "tier", at)? {
        None => CapabilityTier::Balanced,
        Some(slug) => CapabilityTier::from_slug(&slug).ok_or(CatalogError::new(
            at,
            ErrorKind::WrongType {
                field: "tier",
                expected: "\"flagship\", \"balanced\" or \"small\"",
            },
        ))?,
    };
    let deprecated = entry
        .deprecated
        .optional()
        .map_err(|_| {
            CatalogError::new(
                at,
                ErrorKind::WrongType {
                    field: "deprecated",
                    expected: "true or false",
                },
            )
        })?
        .unwrap_or(false);
    let reasoning = entry
        .reasoning
        .optional()
        .map_err(|_| {
            CatalogError::new(
                at,
                ErrorKind::WrongType {
                    field: "reasoning",
                    expected: "true or false",
                },
            )
        })?
        .unwrap_or(false);
    Ok(Model {
        provider_name,
        model: text(entry.model, "model", at)?.unwrap_or_else(|| id.clone()),
        name: text(entry.name, "name", at)?.unwrap_or_else(|| id.clone()),
        provider,
        prices,
        tiers,
        context_window: count(entry.context_window, "context_window", at)?,
        max_output: count(entry.max_output, "max_output", at)?,
        tokenizer: {
            let tokenizer = text(entry.tokenizer, "tokenizer", at)?;
            let encoding = text(entry.encoding, "encoding", at)?;
            tokenizer
                .or(encoding)
                .map_or(ModelTokenizer::Estimate, |name| {
                    ModelTokenizer::from_name(&name)
                })
        },
        tier,
        deprecated,
        reasoning,
        origin,
        id,
    })
}

/// Validates a `tiers` list found at `at` (a model entry, or an edit of the overrides
/// file): absent is `None`; `null` and anything but a list are refused ("must be a
/// list"); each tier must be an object with a whole-number `above` and valid prices
/// (checked in the order `above`, `input`, `output`, `cache_read`, `cache_write_5m`,
/// `cache_write_1h`, and named `<at>, tier 2`). The tiers come back sorted by `above`.
pub fn tiers(
    field: Field<Vec<Field<TierEntry>>>,
    at: &str,
) -> Result<Option<Vec<PriceTier>>, CatalogError> {
    let list = match field {
        Field::Absent => return Ok(None),
        Field::Given(list) => list,
        Field::Null | Field::Mistyped => {
            return Err(CatalogError::new(
                at,
                ErrorKind::WrongType {
                    field: "tiers",
                    expected: "a list",
                },
            ))
        }
    };
    let mut tiers = Vec::with_capacity(list.len());
    for (index, tier) in list.into_iter().enumerate() {
        let tier_at = format!("{at}, tier {}", index + 1);
        let Field::Given(tier) = tier else {
            return Err(not_an_object(&tier_at));
        };
        tiers.push(PriceTier {
            above: Tokens::new(required_count(tier.above, "above", &tier_at)?),
            input: price(tier.input, "input", &tier_at)?,
            output: price(tier.output, "output", &tier_at)?,
            cache_read: price(tier.cache_read, "cache_read", &tier_at)?,
            cache_write_5m: price(tier.cache_write_5m, "cache_write_5m", &tier_at)?,
            cache_write_1h: price(tier.cache_write_1h, "cache_write_1h", &tier_at)?,
        });
    }
    tiers.sort_by_key(|tier| tier.above);
    Ok(Some(tiers))
}

/// A tier as written: the inverse of [`tiers`] for one tier.
pub fn tier_entry(tier: &PriceTier) -> TierEntry {
    let dollars = |price: Option<UsdPerMTok>| price.map(|price| price.dollars()).into();
    TierEntry {
        above: Field::Given(tier.above.get()),
        input: dollars(tier.input),
        output: dollars(tier.output),
        cache_read: dollars(tier.cache_read),
        cache_write_5m: dollars(tier.cache_write_5m),
        cache_write_1h: dollars(tier.cache_write_1h),
    }
}

/// `"entry" must be an object`, at `at`.
pub fn not_an_object(at: &str) -> CatalogError {
    CatalogError::new(
        at,
        ErrorKind::WrongType {
            field: "entry",
            expected: "an object",
        },
    )
}

fn text(
    field: Field<String>,
    name: &'static str,
    at: &str,
) -> Result<Option<String>, CatalogError> {
    field.optional().map_err(|_| {
        CatalogError::new(
            at,
            ErrorKind::WrongType {
                field: name,
                expected: "text",
            },
        )
    })
}

fn required_text(
    field: Field<String>,
    name: &'static str,
    at: &str,
) -> Result<String, CatalogError> {
    text(field, name, at)?.ok_or(CatalogError::new(at, ErrorKind::Missing(name)))
}

/// A price field: a JSON number of 0 or more. JSON has no NaN, so a NaN arrives as text
/// (`"NaN"`): it is reported as not a number rather than parsed.
pub fn price(
    field: Field<f64>,
    name: &'static str,
    at: &str,
) -> Result<Option<UsdPerMTok>, CatalogError> {
    let dollars = field.optional().map_err(|_| {
        CatalogError::new(
            at,
            ErrorKind::WrongType {
                field: name,
                expected: "a number of dollars per million tokens",
            },
        )
    })?;
    dollars
        .map(|dollars| {
            UsdPerMTok::new(dollars)
                .map_err(|error| CatalogError::new(at, ErrorKind::BadPrice { field: name, error }))
        })
        .transpose()
}

fn required_price(
    field: Field<f64>,
    name: &'static str,
    at: &str,
) -> Result<UsdPerMTok, CatalogError> {
    price(field, name, at)?.ok_or(CatalogError::new(at, ErrorKind::Missing(name)))
}

fn count(field: Field<u64>, name: &'static str, at: &str) -> Result<Option<u64>, CatalogError> {
    field.optional().map_err(|_| {
        CatalogError::new(
            at,
            ErrorKind::WrongType {
                field: name,
                expected: "a whole number of tokens",
            },
        )
    })
}

fn required_count(field: Field<u64>, name: &'static str, at: &str) -> Result<u64, CatalogError> {
    count(field, name, at)?.ok_or(CatalogError::new(at, ErrorKind::Missing(name)))
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(super) fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (number(year, 4), number(month, 2), number(day, 2)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}
