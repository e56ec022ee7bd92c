//! The state that the levers transform, and what a month of it costs.
//!
//! Formulas (prices per token are the catalog's per-million prices / 1,000,000):
//! - **call cost** on a model = input × input price + output × output price (input with
//!   tools and images, output with reasoning: `CallShape::input_on`, `billed_output`), at the
//!   prices of the call's long-context tier, with two adjustments when their levers are on:
//!   - prompt caching: the cached prefix P (see `prompt_cache::prefix_tokens`: the system
//!     prompt and tools as sent, after compression, plus any repeated history and context
//!     the lever's prefix reaches; never the user's message), if P ≥ the model's minimum
//!     prefix and the model has a cached-input price, pays
//!     h × cache-read price + (1 − h) × write price of the TTL
//!     (`prompt_cache::write_price`) instead of the input price, h being the hit rate:
//!     every miss writes the prefix;
//!   - processing tiers: shares b (batch), f (flex) and p (priority) of the calls pay that
//!     tier's prices, the rest standard: cost = (1 − b − f − p) × standard + b × batched +
//!     f × flex + p × priority (see [`State::tier_cost`]). A model without a tier pays
//!     standard prices for that share.
//! - **cost per API call** = Σ over the mix of weight × call cost (weights add up to 1,
//!   plus the escalation share once routing is on);
//! - **monthly cost** = (1 + Σ overhead factors in effect) × requests × share reaching
//!   the API × cost per API call + requests × cache lookup cost.

use crate::money::catalog::Model;
use crate::money::cost::effective_prices;
use crate::money::units::{Tokens, TOKENS_PER_MILLION};

use super::config::{Batch, CallShape, Overheads, PromptCache};
use super::prompt_cache::{minimum_prefix, prefix_tokens, write_price};
use super::service_tier::{tier_rates, ServiceTier};

/// One month of traffic at some point of the lever pipeline.
#[derive(Clone, Debug, Default)]
pub struct State<'a> {
    /// Requests per month (before the response cache).
    pub requests: f64,
    /// Share of requests that reach the API (1 − the cache's hit rate).
    pub api_share: f64,
    /// Tokens of each API call.
    pub shape: CallShape,
    /// Overhead factors in effect.
    pub factors: Overheads,
    /// The models that serve the calls and their weights.
    pub mix: Vec<(&'a Model, f64)>,
    /// Dollars per request for the response-cache lookup.
    pub lookup_cost: f64,
    /// The provider prompt cache, once its lever is on.
    pub prompt_cache: Option<PromptCache>,
    /// System prompt tokens before compression, once the compression lever has shrunk
    /// them: the prompt cache's prefix is measured against them.
    pub system_before_compression: Option<f64>,
    /// Shares of calls sent through the batch API, flex and priority processing (all 0
    /// until the batch lever is on).
    pub processing: Batch,
}

/// Dollars per token for a price quoted per million tokens.
fn per_token(price_per_million: f64) -> f64 {
    price_per_million / TOKENS_PER_MILLION
}

/// Whether `model` has batch prices.
pub fn has_batch_prices(model: &Model) -> bool {
    model.prices.batch_input.is_some() && model.prices.batch_output.is_some()
}

/// A whole number of tokens for a tier lookup (saturating; averages round to nearest).
fn tokens(count: f64) -> Tokens {
    Tokens::new(count.round().clamp(0.0, u64::MAX as f64) as u64)
}

/// A call's cost split by how its tokens are billed, in dollars at standard prices.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct CallParts {
    /// Uncached input and cache writes.
    input: f64,
    /// Cache reads.
    cache_read: f64,
    /// Output.
    output: f64,
}

impl State<'_> {
    /// The system prompt tokens before compression (those of the call when it was not on).
    pub fn system_before(&self) -> f64 {
        self.system_before_compression.unwrap_or(self.shape.system)
    }

    /// The cached prefix P of this state's calls, before the model's conditions (see
    /// `prompt_cache::prefix_tokens`); 0 when prompt caching is off.
    pub fn prefix_tokens(&self) -> f64 {
        self.prompt_cache.as_ref().map_or(0.0, |cache| {
            prefix_tokens(&self.shape, cache, self.system_before())
        })
    }

    /// The prefix cached on `model`, if any: P, when P > 0, P reaches the model's minimum
    /// prefix and the model has a cached-input price at the call's prices.
    pub fn cached_prefix(&self, model: &Model) -> Option<f64> {
        let cache = self.prompt_cache.as_ref()?;
        let prices = effective_prices(model, tokens(self.shape.input_on(model)));
        prices.cache_read?;
        let prefix = self.prefix_tokens();
        (prefix > 0.0 && prefix >= minimum_prefix(cache, model).tokens).then_some(prefix)
    }

    /// The standard-price parts of a call on `model`: with a cached prefix P and hit rate h,
    /// input = (input − P) × input price + (1 − h) × P × write price (TTL),
    /// cache reads = h × P × read price; output = output × output price.
    fn parts(&self, model: &Model) -> CallParts {
        let input = self.shape.input_on(model);
        let prices = effective_prices(model, tokens(input));
        let input_price = per_token(prices.input.dollars());
        let mut parts = CallParts {
            input: input * input_price,
            cache_read: 0.0,
            output: self.shape.billed_output() * per_token(prices.output.dollars()),
        };
        if let (Some(cache), Some(read), Some(prefix)) = (
            &self.prompt_cache,
            prices.cache_read,
            self.cached_prefix(model),
        ) {
            let (write, _) = write_price(&prices, cache.ttl);
            parts.input =
                (input - prefix) * input_price + (1.0 - cache.hit_rate) * prefix * per_token(write);
            parts.cache_read = cache.hit_rate * prefix * per_token(read.dollars());
        }
        parts
    }

    /// The cost of a call on `model` at `tier`'s prices, or `None` when the model has no
    /// such tier: input × input ratio + cache reads × cache-read ratio + output × output
    /// ratio (`service_tier::tier_rates`).
    pub fn tier_cost(&self, model: &Model, tier: ServiceTier) -> Option<f64> {
        let prices = effective_prices(model, tokens(self.shape.input_on(model)));
        let rates = tier_rates(model, &prices, tier)?;
        let parts = self.parts(model);
        Some(
            parts.input * rates.input
                + parts.cache_read * rates.cache_read
                + parts.output * rates.output,
        )
    }

    /// The cost of one API call on `model`, in dollars (see the module's formulas):
    /// (1 − b − f − p) × standard + b × batch + f × flex + p × priority, each tier that the
    /// model lacks at the standard cost.
    pub fn call_cost(&self, model: &Model) -> f64 {
        let parts = self.parts(model);
        let standard = parts.input + parts.cache_read + parts.output;
        let shares = [
            (ServiceTier::Batch, self.processing.share),
            (ServiceTier::Flex, self.processing.flex_share),
            (ServiceTier::Priority, self.processing.priority_share),
        ];
        let mut standard_share = 1.0;
        let mut tiered = 0.0;
        for (tier, share) in shares {
            if share > 0.0 {
                if let Some(cost) = self.tier_cost(model, tier) {
                    standard_share -= share;
                    tiered += share * cost;
                }
            }
        }
        standard_share * standard + tiered
    }

    /// Σ weight × call cost over the mix.
    pub fn cost_per_api_call(&self) -> f64 {
        self.mix
            .iter()
            .map(|(model, weight)| weight * self.call_cost(model))
            .sum()
    }

    /// 1 + the sum of the overhead factors in effect.
    pub fn multiplier(&self) -> f64 {
        1.0 + self.factors.sum()
    }

    /// Calls per month that reach the API.
    pub fn api_calls(&self) -> f64 {
        self.requests * self.api_share
    }

    /// The API part of the monthly cost, before overheads.
    pub fn api_cost(&self) -> f64 {
        self.api_calls() * self.cost_per_api_call()
    }

    /// Monthly cost: multiplier × API cost + requests × lookup cost.
    pub fn monthly_cost(&self) -> f64 {
        self.multiplier() * self.api_cost() + self.requests * self.lookup_cost
    }
}
