//! The cost of calls to a model.
//!
//! Formulas (prices are per million tokens, "M" = 1,000,000):
//! - **effective prices** of a call: the standard prices, replaced field by field by those
//!   of the highest long-context tier whose threshold the call's input tokens exceed
//!   (providers charge all of such a call's tokens at the tier price);
//! - **call cost** = input tokens × input price / M + output tokens × output price / M;
//! - **monthly cost** = call cost × calls per month;
//! - **monthly input cost** of some tokens sent with every call = tokens × input price / M
//!   × calls per month (what removing them from a prompt saves);
//! - **blended price** = (3 × input price + output price) / 4, the price of a million
//!   tokens in a 3:1 input-to-output mix, a common single-number comparison.

use crate::money::catalog::{Model, Prices};
use crate::money::units::{Tokens, Usd, UsdPerMTok};

/// The tokens of one call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallTokens {
    /// Input (prompt) tokens.
    pub input: Tokens,
    /// Output (completion) tokens.
    pub output: Tokens,
}

/// What one call costs, split by direction.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CallCost {
    /// Cost of the input tokens.
    pub input: Usd,
    /// Cost of the output tokens.
    pub output: Usd,
    /// Input plus output.
    pub total: Usd,
}

/// A steady workload: the same call, `calls_per_month` times a month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Workload {
    /// The tokens of each call.
    pub call: CallTokens,
    /// Calls per month.
    pub calls_per_month: u64,
}

/// The prices that apply to a call with `input` tokens: the standard prices with the
/// highest tier whose threshold `input` exceeds laid over them.
pub fn effective_prices(model: &Model, input: Tokens) -> Prices {
    let mut prices = model.prices.clone();
    if let Some(tier) = model.tiers.iter().rev().find(|tier| input > tier.above) {
        prices.input = tier.input.unwrap_or(prices.input);
        prices.output = tier.output.unwrap_or(prices.output);
        prices.cache_read = tier.cache_read.or(prices.cache_read);
        prices.cache_write_5m = tier.cache_write_5m.or(prices.cache_write_5m);
        prices.cache_write_1h = tier.cache_write_1h.or(prices.cache_write_1h);
    }
    prices
}

/// The cost of one call: input × input price / M + output × output price / M, at the
/// call's effective prices.
pub fn call_cost(model: &Model, call: CallTokens) -> CallCost {
    let prices = effective_prices(model, call.input);
    let input = prices.input.cost_of(call.input);
    let output = prices.output.cost_of(call.output);
    CallCost {
        input,
        output,
        total: input + output,
    }
}

/// The monthly cost of `workload` on `model`: call cost × calls per month.
pub fn monthly_cost(model: &Model, workload: &Workload) -> Usd {
    call_cost(model, workload.call)
        .total
        .times(workload.calls_per_month as f64)
}

/// The monthly cost of `tokens` input tokens sent with each of `calls_per_month` calls:
/// tokens × input price / M × calls.
pub fn monthly_input_cost(model: &Model, tokens: Tokens, calls_per_month: u64) -> Usd {
    model
        .prices
        .input
        .cost_of(tokens)
        .times(calls_per_month as f64)
}

/// What one call costs at the standard, cached-input and batch prices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PriceOptions {
    /// At the standard prices.
    pub standard: CallCost,
    /// If every input token were read from the provider's prompt cache: input × cache-read
    /// price / M + output × output price / M. `None` where the model has no cached price.
    pub all_input_cached: Option<Usd>,
    /// Through the batch API: input × batch input price / M + output × batch output
    /// price / M. `None` where the model has no batch prices.
    pub batch: Option<Usd>,
}

/// The cost of one call at each kind of price the model offers.
pub fn price_options(model: &Model, call: CallTokens) -> PriceOptions {
    let prices = effective_prices(model, call.input);
    let standard = call_cost(model, call);
    PriceOptions {
        standard,
        all_input_cached: prices
            .cache_read
            .map(|cached| cached.cost_of(call.input) + standard.output),
        batch: match (prices.batch_input, prices.batch_output) {
            (Some(input), Some(output)) => {
                Some(input.cost_of(call.input) + output.cost_of(call.output))
            }
            _ => None,
        },
    }
}

/// The blended price: (3 × input + output) / 4 per million tokens.
pub fn blended_price(prices: &Prices) -> UsdPerMTok {
    let blended = (3.0 * prices.input.dollars() + prices.output.dollars()) / 4.0;
    // Finite and non-negative inputs give a finite, non-negative mean unless it overflows.
    UsdPerMTok::new(blended.min(f64::MAX)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::{CapabilityTier, Origin, PriceTier};

    fn price(dollars: f64) -> UsdPerMTok {
        UsdPerMTok::new(dollars).unwrap()
    }

    /// Claude Sonnet 4.5's prices: $3/$15, and $6/$22.50 above 200k input tokens.
    fn sonnet() -> Model {
        Model {
            id: "claude-sonnet-4-5".into(),
            provider: "anthropic".into(),
            provider_name: "Anthropic".into(),
            model: "claude-sonnet-4-5".into(),
            name: "Claude Sonnet 4.5".into(),
            prices: Prices {
                input: price(3.0),
                output: price(15.0),
                cache_read: Some(price(0.3)),
                cache_write_5m: Some(price(3.75)),
                cache_write_1h: Some(price(6.0)),
                batch_input: Some(price(1.5)),
                batch_output: Some(price(7.5)),
                flex_input: None,
                flex_output: None,
                flex_cache_read: None,
                priority_input: None,
                priority_output: None,
                priority_cache_read: None,
            },
            tiers: vec![PriceTier {
                above: Tokens::new(200_000),
                input: Some(price(6.0)),
                output: Some(price(22.5)),
                cache_read: Some(price(0.6)),
                cache_write_5m: None,
                cache_write_1h: None,
            }],
            context_window: Some(1_000_000),
            max_output: None,
            tokenizer: crate::money::catalog::ModelTokenizer::Estimate,
            tier: CapabilityTier::Flagship,
            deprecated: false,
            reasoning: false,
            origin: Origin::Shipped,
        }
    }

    fn call(input: u64, output: u64) -> CallTokens {
        CallTokens {
            input: Tokens::new(input),
            output: Tokens::new(output),
        }
    }

    #[test]
    fn a_call_costs_its_tokens_at_the_standard_prices() {
        // 1,000 × $3 / M = $0.003; 500 × $15 / M = $0.0075; total $0.0105.
        let cost = call_cost(&sonnet(), call(1_000, 500));
        assert_eq!(cost.input.dollars(), 0.003);
        assert_eq!(cost.output.dollars(), 0.0075);
        assert!((cost.total.dollars() - 0.0105).abs() < 1e-15);
    }

    #[test]
    fn a_long_call_pays_the_tier_price_on_all_its_tokens() {
        // At exactly 200,000 the standard price still applies: 200,000 × $3 / M = $0.60.
        assert_eq!(call_cost(&sonnet(), call(200_000, 0)).input.dollars(), 0.6);
        // Above it, every token pays the tier: 200,001 × $6 / M = $1.200006;
        // 1,000 × $22.50 / M = $0.0225.
        let cost = call_cost(&sonnet(), call(200_001, 1_000));
        assert!((cost.input.dollars() - 1.200006).abs() < 1e-12);
        assert!((cost.output.dollars() - 0.0225).abs() < 1e-12);
        let prices = effective_prices(&sonnet(), Tokens::new(200_001));
        assert_eq!(prices.cache_read, Some(price(0.6)));
        assert_eq!(
            prices.cache_write_5m,
            Some(price(3.75)),
            "no tier price: standard kept"
        );
    }

    #[test]
    fn monthly_input_cost_prices_tokens_in_every_call() {
        // 19 tokens × $3 / M × 100,000 calls = $5.70.
        let cost = monthly_input_cost(&sonnet(), Tokens::new(19), 100_000);
        assert!((cost.dollars() - 5.7).abs() < 1e-9);
    }

    #[test]
    fn monthly_cost_is_call_cost_times_calls() {
        // 10,000 calls × (500 × $3 + 300 × $15) / M = 10,000 × $0.006 = $60.
        let workload = Workload {
            call: call(500, 300),
            calls_per_month: 10_000,
        };
        assert!((monthly_cost(&sonnet(), &workload).dollars() - 60.0).abs() < 1e-9);
        let idle = Workload {
            calls_per_month: 0,
            ..workload
        };
        assert_eq!(monthly_cost(&sonnet(), &idle), Usd::ZERO);
    }

    #[test]
    fn the_blended_price_weighs_input_three_to_one() {
        // (3 × $3 + $15) / 4 = $6.
        assert_eq!(blended_price(&sonnet().prices).dollars(), 6.0);
        // GPT-4o mini: (3 × $0.15 + $0.60) / 4 = $0.2625.
        let mini = Prices {
            input: price(0.15),
            output: price(0.6),
            ..sonnet().prices
        };
        assert!((blended_price(&mini).dollars() - 0.2625).abs() < 1e-12);
    }

    #[test]
    fn cached_and_batch_prices_are_priced_separately() {
        // Cached: 1,000 × $0.30 / M + 500 × $15 / M = $0.0003 + $0.0075 = $0.0078.
        // Batch: 1,000 × $1.50 / M + 500 × $7.50 / M = $0.0015 + $0.00375 = $0.00525.
        let options = price_options(&sonnet(), call(1_000, 500));
        assert!((options.all_input_cached.unwrap().dollars() - 0.0078).abs() < 1e-15);
        assert!((options.batch.unwrap().dollars() - 0.00525).abs() < 1e-15);
        assert!((options.standard.total.dollars() - 0.0105).abs() < 1e-15);
        let mut plain = sonnet();
        plain.prices.cache_read = None;
        plain.prices.batch_output = None;
        let options = price_options(&plain, call(1_000, 500));
        assert_eq!(options.all_input_cached, None);
        assert_eq!(options.batch, None);
    }

    #[test]
    fn extreme_workloads_stay_finite() {
        let workload = Workload {
            call: call(u64::MAX, u64::MAX),
            calls_per_month: u64::MAX,
        };
        assert!(monthly_cost(&sonnet(), &workload).dollars().is_finite());
    }
}
