//! The state that the levers transform, and what a month of it costs.
//!
//! Formulas (prices per token are the catalog's per-million prices / 1,000,000):
//! - **call cost** on a model = input × input price + output × output price (input with
//!   tools and images, output with reasoning: `CallShape::input_on`, `billed_output`), at the
//!   prices of the call's long-context tier, with two adjustments when their levers are on:
//!   - prompt caching: a cached prefix P = min(prefix, input), if P ≥ the minimum prefix
//!     and the model has a cached-input price, pays hit rate × cache-read price +
//!     (1 − hit rate) × cache-write price (the input price where the provider charges no
//!     write premium) instead of the input price;
//!   - batch: a share b of calls pays the batch prices, scaled part by part
//!     (input-side × batch input / input price, output × batch output / output price):
//!     (1 − b) × standard + b × batched. Models without batch prices are unchanged.
//! - **cost per API call** = Σ over the mix of weight × call cost (weights add up to 1,
//!   plus the escalation share once routing is on);
//! - **monthly cost** = (1 + Σ overhead factors in effect) × requests × share reaching
//!   the API × cost per API call + requests × cache lookup cost.

use crate::money::catalog::Model;
use crate::money::cost::effective_prices;
use crate::money::units::{Tokens, TOKENS_PER_MILLION};

use super::config::{CallShape, Overheads, PromptCache};

/// One month of traffic at some point of the lever pipeline.
#[derive(Clone, Debug)]
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
    /// Share of calls sent through the batch API.
    pub batch_share: f64,
}

/// Dollars per token for a price quoted per million tokens.
fn per_token(price_per_million: f64) -> f64 {
    price_per_million / TOKENS_PER_MILLION
}

/// Whether prompt caching applies to calls on `model`, and the cached prefix if so.
pub fn cached_prefix(shape: &CallShape, cache: &PromptCache, model: &Model) -> Option<f64> {
    let prices = effective_prices(model, tokens(shape.input_on(model)));
    prices.cache_read?;
    let prefix = cache.prefix_tokens.min(shape.input_on(model));
    (prefix > 0.0 && prefix >= cache.min_prefix_tokens).then_some(prefix)
}

/// Whether `model` has batch prices.
pub fn has_batch_prices(model: &Model) -> bool {
    model.prices.batch_input.is_some() && model.prices.batch_output.is_some()
}

/// A whole number of tokens for a tier lookup (saturating; averages round to nearest).
fn tokens(count: f64) -> Tokens {
    Tokens::new(count.round().clamp(0.0, u64::MAX as f64) as u64)
}

impl State<'_> {
    /// The cost of one API call on `model`, in dollars (see the module's formulas).
    pub fn call_cost(&self, model: &Model) -> f64 {
        let input = self.shape.input_on(model);
        let prices = effective_prices(model, tokens(input));
        let input_price = per_token(prices.input.dollars());
        let mut input_cost = input * input_price;
        if let (Some(cache), Some(read)) = (&self.prompt_cache, prices.cache_read) {
            if let Some(prefix) = cached_prefix(&self.shape, cache, model) {
                let write = prices.cache_write_5m.unwrap_or(prices.input).dollars();
                let prefix_price = cache.hit_rate * per_token(read.dollars())
                    + (1.0 - cache.hit_rate) * per_token(write);
                input_cost = (input - prefix) * input_price + prefix * prefix_price;
            }
        }
        let output_cost = self.shape.billed_output() * per_token(prices.output.dollars());
        let standard = input_cost + output_cost;
        match (prices.batch_input, prices.batch_output) {
            (Some(batch_input), Some(batch_output)) if self.batch_share > 0.0 => {
                let ratio = |batch: f64, standard: f64| {
                    if standard > 0.0 {
                        batch / standard
                    } else {
                        1.0
                    }
                };
                let batched = input_cost * ratio(batch_input.dollars(), prices.input.dollars())
                    + output_cost * ratio(batch_output.dollars(), prices.output.dollars());
                (1.0 - self.batch_share) * standard + self.batch_share * batched
            }
            _ => standard,
        }
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
