//! One call's tokens by part, as the Tokens view prices them: the text (or chat request,
//! tool definitions included), Anthropic's tool-use system prompt, images, the expected
//! output and reasoning; and the long-context tier the call's input falls in.
//!
//! Formulas:
//! - **input** = text + tool-use system prompt + image tokens;
//! - **billed output** = output + reasoning tokens: reasoning models bill their hidden
//!   reasoning as output tokens (OpenAI, "Reasoning models": "reasoning tokens … are
//!   billed as output tokens"; Anthropic bills extended thinking as output tokens);
//! - the call is then priced by `money::cost::price_options` at the effective prices of
//!   its whole input, so a tier that the images or tools push the input over applies to
//!   every token of the call.
//!
//! With reasoning, images and tools at 0 the call is exactly the text and output of
//! before.
//! Must not know: the DOM.

use crate::money::catalog::Model;
use crate::money::cost::{effective_prices, CallTokens};
use crate::money::units::{Tokens, Usd, UsdPerMTok};

/// One call's tokens by part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallParts {
    /// The text's tokens (in chat mode: the whole request, tool definitions and calls
    /// included).
    pub text: u64,
    /// Anthropic's tool-use system prompt (`money::tools`), 0 without tools.
    pub tool_system_prompt: u64,
    /// The images' tokens (`money::images`).
    pub images: u64,
    /// The expected visible output.
    pub output: u64,
    /// The expected reasoning (thinking) tokens, billed as output.
    pub reasoning: u64,
}

impl CallParts {
    /// Input = text + tool-use system prompt + images.
    pub fn input(&self) -> Tokens {
        Tokens::new(
            self.text
                .saturating_add(self.tool_system_prompt)
                .saturating_add(self.images),
        )
    }

    /// Billed output = output + reasoning.
    pub fn billed_output(&self) -> Tokens {
        Tokens::new(self.output.saturating_add(self.reasoning))
    }

    /// The call as input and billed output.
    pub fn call(&self) -> CallTokens {
        CallTokens {
            input: self.input(),
            output: self.billed_output(),
        }
    }

    /// What the reasoning tokens cost: reasoning × the output price that applies to the
    /// call (its tier's, if its input crosses one) / M.
    pub fn reasoning_cost(&self, model: &Model) -> Usd {
        effective_prices(model, self.input())
            .output
            .cost_of(Tokens::new(self.reasoning))
    }
}

/// A long-context tier a call's input crosses: the whole call is billed at its prices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TierCrossed {
    /// The tier applies to calls whose input is above this.
    pub above: Tokens,
    /// The input price of the call.
    pub input: UsdPerMTok,
    /// The output price of the call.
    pub output: UsdPerMTok,
}

/// The highest of `model`'s tiers whose threshold `input` exceeds, with the prices the
/// call then pays (`money::cost::effective_prices`), or `None` below every tier.
pub fn tier_crossed(model: &Model, input: Tokens) -> Option<TierCrossed> {
    let tier = model.tiers.iter().rev().find(|tier| input > tier.above)?;
    let prices = effective_prices(model, input);
    Some(TierCrossed {
        above: tier.above,
        input: prices.input,
        output: prices.output,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::Catalog;
    use crate::money::cost::price_options;

    fn sonnet() -> Model {
        let Ok(catalog) = Catalog::shipped() else {
            panic!("the shipped catalog must load");
        };
        let Some(model) = catalog.get("claude-sonnet-4-5").cloned() else {
            panic!("Claude Sonnet 4.5 is in the catalog");
        };
        model
    }

    #[test]
    fn every_new_part_at_zero_prices_the_call_as_before() {
        let parts = CallParts {
            text: 1_000,
            output: 500,
            ..CallParts::default()
        };
        let before = CallTokens {
            input: Tokens::new(1_000),
            output: Tokens::new(500),
        };
        assert_eq!(parts.call(), before);
        assert_eq!(
            price_options(&sonnet(), parts.call()),
            price_options(&sonnet(), before)
        );
        assert_eq!(parts.reasoning_cost(&sonnet()), Usd::ZERO);
    }

    #[test]
    fn reasoning_is_billed_at_the_output_price() {
        // Sonnet 4.5: $3 / $15. 1,000 in, 500 out, 2,000 reasoning:
        // 1,000 × 3 / M + (500 + 2,000) × 15 / M = $0.003 + $0.0375 = $0.0405;
        // the reasoning alone 2,000 × 15 / M = $0.03.
        let parts = CallParts {
            text: 1_000,
            output: 500,
            reasoning: 2_000,
            ..CallParts::default()
        };
        let cost = price_options(&sonnet(), parts.call()).standard.total;
        assert!((cost.dollars() - 0.0405).abs() < 1e-12, "{cost:?}");
        assert!((parts.reasoning_cost(&sonnet()).dollars() - 0.03).abs() < 1e-12);
    }

    #[test]
    fn images_and_tools_can_push_a_call_over_a_tier() {
        // 199,000 text + 346 tool prompt + 1,399 × 1 image = 200,745 > 200,000: the whole
        // call pays $6 / $22.50.
        let parts = CallParts {
            text: 199_000,
            tool_system_prompt: 346,
            images: 1_399,
            output: 1_000,
            reasoning: 0,
        };
        assert_eq!(parts.input(), Tokens::new(200_745));
        let crossed = tier_crossed(&sonnet(), parts.input())
            .map(|t| (t.above.get(), t.input.dollars(), t.output.dollars()));
        assert_eq!(crossed, Some((200_000, 6.0, 22.5)));
        // 200,745 × 6 / M + 1,000 × 22.5 / M = 1.20447 + 0.0225 = $1.22697.
        let cost = price_options(&sonnet(), parts.call()).standard.total;
        assert!((cost.dollars() - 1.22697).abs() < 1e-9, "{cost:?}");
        // At exactly 200,000 no tier applies.
        assert_eq!(tier_crossed(&sonnet(), Tokens::new(200_000)), None);
    }
}
