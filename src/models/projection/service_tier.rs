//! The providers' processing tiers besides standard: the batch API, flex and priority
//! processing, as ratios to the standard prices of a call.
//!
//! Owns: which tier a model has, and its prices relative to standard ones: from the
//! catalog where it has them, from cited multipliers where it does not.
//! Must not know: text fields, links or the DOM.

use crate::money::catalog::{Model, Prices};
use crate::money::units::UsdPerMTok;

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
/// availability"; these are the models the pricing page lists for it.
const OPENAI_FLEX: &str = "OpenAI's flex-processing guide: Batch API rates, 50% of standard";
const OPENAI_FLEX_MODELS: &[&str] = &[
    "o3",
    "o4-mini",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "gpt-5-1",
    "gpt-5-2",
    "gpt-5-4",
    "gpt-5-4-mini",
    "gpt-5-4-nano",
    "gpt-5-5",
];

/// OpenAI's priority processing prices (openai.com/api-priority-processing, per million
/// input / cached input / output tokens, short context), as multiples of standard:
/// GPT-5.5 $12.50 / $1.25 / $75 on $5 / $0.50 / $30 = 2.5×; GPT-5 mini $0.45 / $0.045 /
/// $3.60 on $0.25 / $0.025 / $2 = 1.8×; GPT-4.1 $3.50 / $0.875 / $14 on $2 / $0.50 / $8 =
/// 1.75×; GPT-5, 5.1, 5.2, 5.4, 5.4 mini and the Codex models 2× (GPT-5 $2.50 / $0.25 /
/// $20 on $1.25 / $0.125 / $10).
const OPENAI_PRIORITY: &[(&str, f64)] = &[
    ("gpt-5-5", 2.5),
    ("gpt-5-mini", 1.8),
    ("gpt-4-1", 1.75),
    ("gpt-5", 2.0),
    ("gpt-5-1", 2.0),
    ("gpt-5-2", 2.0),
    ("gpt-5-4", 2.0),
    ("gpt-5-4-mini", 2.0),
    ("gpt-5-codex", 2.0),
    ("gpt-5-1-codex", 2.0),
];
const OPENAI_PRIORITY_SOURCE: &str = "OpenAI's priority-processing prices";

/// Whether `name` is the documented model `listed`, or a dated snapshot of it
/// (`gpt-4-1-2025-04-14`).
fn is_listed(name: &str, listed: &str) -> bool {
    name == listed
        || name
            .strip_prefix(listed)
            .is_some_and(|rest| rest.starts_with("-20"))
}

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
///   reads and writes scale with input (exactly the batch lever's rule before the tiers);
/// - flex and priority: the catalog's flex or priority input and output prices, each /
///   the standard price, and its flex or priority cache-read price / the standard one
///   (else cache reads scale with input). A model with any flex or priority price in the
///   catalog has exactly the tiers the catalog gives it; for an OpenAI model with none
///   (an older catalog, a model added by hand under an OpenAI name) the documented
///   multipliers above apply to every part; any other model has neither tier.
pub fn tier_rates(model: &Model, prices: &Prices, tier: ServiceTier) -> Option<TierRates> {
    let base = &model.prices;
    let from_catalog =
        |input: Option<UsdPerMTok>, output: Option<UsdPerMTok>, read: Option<UsdPerMTok>| {
            let (input, output) = (input?, output?);
            let input = ratio(input.dollars(), prices.input.dollars());
            let cache_read = match (read, base.cache_read) {
                (Some(read), Some(standard)) => ratio(read.dollars(), standard.dollars()),
                _ => input,
            };
            Some(TierRates {
                input,
                cache_read,
                output: ratio(output.dollars(), prices.output.dollars()),
                source: TierSource::Catalog,
            })
        };
    let same = |multiplier: f64, source: &'static str| TierRates {
        input: multiplier,
        cache_read: multiplier,
        output: multiplier,
        source: TierSource::Documented(source),
    };
    let catalog_has_tiers = [
        base.flex_input,
        base.flex_output,
        base.flex_cache_read,
        base.priority_input,
        base.priority_output,
        base.priority_cache_read,
    ]
    .iter()
    .any(Option::is_some);
    let documented = is_openai(model) && !catalog_has_tiers;
    let name = short_name(model);
    match tier {
        ServiceTier::Batch => from_catalog(base.batch_input, base.batch_output, None),
        ServiceTier::Flex => from_catalog(base.flex_input, base.flex_output, base.flex_cache_read)
            .or_else(|| {
                (documented
                    && OPENAI_FLEX_MODELS
                        .iter()
                        .any(|listed| is_listed(&name, listed)))
                .then(|| same(0.5, OPENAI_FLEX))
            }),
        ServiceTier::Priority => from_catalog(
            base.priority_input,
            base.priority_output,
            base.priority_cache_read,
        )
        .or_else(|| {
            if !documented {
                return None;
            }
            OPENAI_PRIORITY
                .iter()
                .find(|(listed, _)| is_listed(&name, listed))
                .map(|&(_, multiplier)| same(multiplier, OPENAI_PRIORITY_SOURCE))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::{CapabilityTier, Origin};

    fn price(dollars: f64) -> Option<UsdPerMTok> {
        UsdPerMTok::new(dollars).ok()
    }

    fn openai(name: &str, input: f64, output: f64) -> Model {
        let mut model = crate::testing::catalog().get("gpt-5-mini").unwrap().clone();
        model.id = name.into();
        model.model = name.into();
        let prices = &mut model.prices;
        prices.input = price(input).unwrap();
        prices.output = price(output).unwrap();
        for tier in [
            &mut prices.flex_input,
            &mut prices.flex_output,
            &mut prices.flex_cache_read,
            &mut prices.priority_input,
            &mut prices.priority_output,
            &mut prices.priority_cache_read,
        ] {
            *tier = None;
        }
        model.tier = CapabilityTier::Small;
        model.origin = Origin::Custom;
        model
    }

    #[test]
    fn documented_multipliers_apply_only_without_catalog_tiers() {
        // An OpenAI model without tier prices: GPT-5 mini priority 1.8× ($0.45 on $0.25),
        // GPT-4.1 1.75×, flex 0.5× (Batch API rates); not a model the pages do not list.
        let mini = openai("gpt-5-mini", 0.25, 2.0);
        let rates = tier_rates(&mini, &mini.prices, ServiceTier::Priority).unwrap();
        assert_eq!((rates.input, rates.output), (1.8, 1.8));
        assert_eq!(
            tier_rates(&mini, &mini.prices, ServiceTier::Flex)
                .unwrap()
                .input,
            0.5
        );
        let gpt41 = openai("gpt-4.1-2025-04-14", 2.0, 8.0);
        assert_eq!(
            tier_rates(&gpt41, &gpt41.prices, ServiceTier::Priority)
                .unwrap()
                .input,
            1.75
        );
        assert_eq!(tier_rates(&gpt41, &gpt41.prices, ServiceTier::Flex), None);
        let pro = openai("gpt-5-pro", 15.0, 120.0);
        assert_eq!(tier_rates(&pro, &pro.prices, ServiceTier::Priority), None);
        // The shipped catalog's own prices: GPT-5 mini flex $0.125 / $1 / $0.0125 = 0.5×;
        // GPT-5 nano has flex prices and no priority ones, so it has no priority tier.
        let catalog = crate::testing::catalog();
        let mini = catalog.get("gpt-5-mini").unwrap();
        let rates = tier_rates(mini, &mini.prices, ServiceTier::Flex).unwrap();
        assert_eq!(
            (rates.input, rates.cache_read, rates.output),
            (0.5, 0.5, 0.5)
        );
        assert_eq!(rates.source, TierSource::Catalog);
        let nano = catalog.get("gpt-5-nano").unwrap();
        assert_eq!(tier_rates(nano, &nano.prices, ServiceTier::Priority), None);
        let sonnet = catalog.get("claude-sonnet-4-5").unwrap();
        assert_eq!(tier_rates(sonnet, &sonnet.prices, ServiceTier::Flex), None);
    }
}
