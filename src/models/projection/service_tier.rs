//! The providers' processing tiers besides standard: the batch API, flex and priority
//! processing, as ratios to the standard prices of a call.
//!
//! Owns: which tier a model has, and its prices relative to standard ones: from the
//! catalog where it has them, from cited multipliers where it does not.
//! Must not know: text fields, links or the DOM.

use crate::money::catalog::{Model, Prices};

/// A processing tier other than standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceTier {
    /// The batch API: results within 24 hours.
    Batch,
    /// Flex processing: the same API, slower and at times unavailable.
    Flex,
    /// Priority processing: faster and steadier, at a premium.
    Priority,
}

impl ServiceTier {
    /// Every tier, in the order the lever lists them.
    pub const ALL: [ServiceTier; 3] =
        [ServiceTier::Batch, ServiceTier::Flex, ServiceTier::Priority];

    /// Its name in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            ServiceTier::Batch => "batch",
            ServiceTier::Flex => "flex",
            ServiceTier::Priority => "priority",
        }
    }
}

/// Where a tier's prices come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierSource {
    /// The catalog's prices for the tier.
    Catalog,
    /// A multiplier documented by the provider (the text cites it).
    Documented(&'static str),
}

/// A tier's prices as ratios to the standard prices of the call: input-side tokens
/// (uncached input and cache writes) × `input`, cache reads × `cache_read`, output ×
/// `output`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TierRates {
    /// Input price ratio.
    pub input: f64,
    /// Cache-read price ratio.
    pub cache_read: f64,
    /// Output price ratio.
    pub output: f64,
    /// Where they come from.
    pub source: TierSource,
}

/// OpenAI's flex processing: "Tokens are priced at Batch API rates, with additional
/// discounts from prompt caching" (developers.openai.com/api/docs/guides/flex-processing),
/// and Batch API rates are 50% of standard. Flex is "in beta with limited model
/// availability"; its launch models were o3 and o4-mini, and the GPT-5 family supports it.
const OPENAI_FLEX: &str = "OpenAI prices flex processing at Batch API rates, 50% of standard (developers.openai.com/api/docs/guides/flex-processing)";
const OPENAI_FLEX_MODELS: &[&str] = &["gpt-5", "o3", "o4-mini"];

/// OpenAI's priority processing prices (openai.com/api-priority-processing, per million
/// input / cached input / output tokens, short context), as multiples of standard:
/// GPT-5.5 $12.50 / $1.25 / $75 on $5 / $0.50 / $30 = 2.5×; GPT-5 mini $0.45 / $0.045 /
/// $3.60 on $0.25 / $0.025 / $2 = 1.8×; GPT-4.1 $3.50 / $0.875 / $14 on $2 / $0.50 / $8 =
/// 1.75×; GPT-5, 5.1, 5.2, 5.4, 5.4 mini and the Codex models 2× (GPT-5 $2.50 / $0.25 /
/// $20 on $1.25 / $0.125 / $10). First match wins.
const OPENAI_PRIORITY: &[(&str, f64)] = &[
    ("gpt-5-5", 2.5),
    ("gpt-5-mini", 1.8),
    ("gpt-4-1", 1.75),
    ("gpt-5", 2.0),
];
const OPENAI_PRIORITY_SOURCE: &str =
    "OpenAI's priority processing prices (openai.com/api-priority-processing)";

fn ratio(tier: f64, standard: f64) -> f64 {
    if standard > 0.0 {
        tier / standard
    } else {
        1.0
    }
}

/// The model's name at its provider, lower case, `.` read as `-`, without a path prefix
/// (`openai/gpt-4.1` → `gpt-4-1`).
fn short_name(model: &Model) -> String {
    let name = model.model.to_ascii_lowercase().replace('.', "-");
    name.rsplit('/').next().unwrap_or(&name).to_owned()
}

fn is_openai(model: &Model) -> bool {
    model.provider.eq_ignore_ascii_case("openai")
}

/// The rates of `tier` for a call on `model` whose standard prices are `prices` (its
/// long-context tier's, if the call is in one), or `None` when the model has no such tier:
///
/// - batch: the catalog's batch input and output prices, each / the standard price; cache
///   reads and writes scale with input (so this is exactly the batch lever's rule before
///   tiers existed);
/// - flex and priority: the catalog's flex or priority input and output prices (and its
///   cache-read price, else cache reads scale with input) when it has them; otherwise, for
///   OpenAI models, the documented multipliers above; otherwise none.
pub fn tier_rates(model: &Model, prices: &Prices, tier: ServiceTier) -> Option<TierRates> {
    let base = &model.prices;
    let from_catalog = |input: Option<f64>, output: Option<f64>, read: Option<f64>| {
        let (input, output) = (input?, output?);
        let input = ratio(input, prices.input.dollars());
        let cache_read = match (read, base.cache_read) {
            (Some(read), Some(standard)) => ratio(read, standard.dollars()),
            _ => input,
        };
        Some(TierRates {
            input,
            cache_read,
            output: ratio(output, prices.output.dollars()),
            source: TierSource::Catalog,
        })
    };
    let same = |multiplier: f64, source: &'static str| TierRates {
        input: multiplier,
        cache_read: multiplier,
        output: multiplier,
        source: TierSource::Documented(source),
    };
    let name = short_name(model);
    match tier {
        ServiceTier::Batch => from_catalog(
            base.batch_input.map(|price| price.dollars()),
            base.batch_output.map(|price| price.dollars()),
            None,
        ),
        ServiceTier::Flex => catalog_flex(base)
            .and_then(|(input, output, read)| from_catalog(Some(input), Some(output), read))
            .or_else(|| {
                (is_openai(model)
                    && OPENAI_FLEX_MODELS
                        .iter()
                        .any(|prefix| name.starts_with(prefix)))
                .then(|| same(0.5, OPENAI_FLEX))
            }),
        ServiceTier::Priority => catalog_priority(base)
            .and_then(|(input, output, read)| from_catalog(Some(input), Some(output), read))
            .or_else(|| {
                if !is_openai(model) {
                    return None;
                }
                OPENAI_PRIORITY
                    .iter()
                    .find(|(prefix, _)| name.starts_with(prefix))
                    .map(|&(_, multiplier)| same(multiplier, OPENAI_PRIORITY_SOURCE))
            }),
    }
}

/// The catalog's flex prices (input, output, cache read), when it has input and output.
fn catalog_flex(_prices: &Prices) -> Option<(f64, f64, Option<f64>)> {
    None
}

/// The catalog's priority prices (input, output, cache read), when it has input and output.
fn catalog_priority(_prices: &Prices) -> Option<(f64, f64, Option<f64>)> {
    None
}
