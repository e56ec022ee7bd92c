//! The units of a call beyond its text: image inputs priced by each model's image rule,
//! and the reasoning budgets the Projection suggests for reasoning models.
//!
//! Owns: which image rule prices a model's images (its maker's, or a stated fallback) and
//! the per-effort reasoning figures with their source. The rules themselves are
//! `money::images`; the call's cost is `state`.
//! Must not know: text fields, URLs or the DOM.

use crate::money::catalog::Model;
use crate::money::images::{image_tokens, rule_for, ImageError, ImageRule};

use super::config::ImageInput;

/// The rule for a model whose maker publishes no image rule (or that Burnrate does not
/// know): OpenAI's GPT-4o tile rule, 85 tokens + 170 per 512-px tile at high detail. It is
/// the most widely documented and copied rule, and for a 1024 × 1024 image (765 tokens)
/// it lies between Gemini's 258 per tile and Anthropic's 1,399, so an estimate is neither
/// the cheapest nor the dearest of the published rules. Results by it are labelled an
/// estimate.
pub const FALLBACK_IMAGE_RULE: ImageRule = ImageRule::OpenAiTiles;

/// How one model prices a call's images.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImagePricing {
    /// The rule used.
    pub rule: ImageRule,
    /// Whether it is the model maker's published rule; `false` means the fallback
    /// ([`FALLBACK_IMAGE_RULE`]), an estimate.
    pub published: bool,
    /// Input tokens of one image.
    pub per_image: u64,
    /// Input tokens of a call's images: images per call × tokens of one image.
    pub per_call: f64,
}

impl ImagePricing {
    /// What the page says under the image tokens: "2 × 765 tokens by OpenAI's tile rule
    /// (85 + 170 per 512-px tile)", or for a model without a published rule "2 × 765
    /// tokens, an estimate: Acme 1 has no published image rule, so OpenAI's tile rule
    /// (85 + 170 per 512-px tile) stands in".
    pub fn describe(&self, count: f64, model_name: &str) -> String {
        let times = format!(
            "{} × {} tokens",
            crate::show::number::tokens(count),
            crate::show::number::tokens(self.per_image as f64)
        );
        if self.published {
            format!("{times} by {} on {model_name}", rule_label(self.rule))
        } else {
            format!(
                "{times}, an estimate: {model_name} has no published image rule, so {} stands in",
                rule_label(self.rule)
            )
        }
    }
}

/// A rule's name and formula in a few words.
pub fn rule_label(rule: ImageRule) -> String {
    match rule {
        ImageRule::OpenAiTiles => "OpenAI's tile rule (85 + 170 per 512-px tile)".to_owned(),
        ImageRule::OpenAiTilesScaled { base, per_tile } => {
            format!("OpenAI's tile rule ({base} + {per_tile} per 512-px tile)")
        }
        ImageRule::OpenAiPatches { multiplier } => {
            format!("OpenAI's patch rule (32-px patches × {multiplier})")
        }
        ImageRule::Anthropic => "Anthropic's rule (width × height / 750)".to_owned(),
        ImageRule::Gemini => "Gemini's rule (258 per tile)".to_owned(),
    }
}

/// Whether `model`'s image rule (or the fallback) reads OpenAI's `detail` setting, so the
/// page offers it.
pub fn reads_detail(model: &Model) -> bool {
    rule_for(model).unwrap_or(FALLBACK_IMAGE_RULE).has_detail()
}

/// The image tokens of a call on `model`: images per call × `money::images::image_tokens`
/// of one image of the given size and detail, by the model's rule (`rule_for`) or, where
/// there is none, by [`FALLBACK_IMAGE_RULE`]. For example 1024 × 1024 at high (or auto)
/// detail: 765 tokens on GPT-4o (85 + 4 tiles × 170), 1,659 on GPT-5 mini (1,024 patches
/// × 1.62), 1,399 on Claude (1,048,576 / 750, rounded up). An image with a zero side is an
/// error.
pub fn image_pricing(images: &ImageInput, model: &Model) -> Result<ImagePricing, ImageError> {
    let (rule, published) = match rule_for(model) {
        Some(rule) => (rule, true),
        None => (FALLBACK_IMAGE_RULE, false),
    };
    let per_image = image_tokens(rule, images.size, images.detail)?;
    Ok(ImagePricing {
        rule,
        published,
        per_image,
        per_call: images.count * per_image as f64,
    })
}

/// A reasoning-effort level and the reasoning tokens per call the Projection suggests for
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReasoningBudget {
    /// `low`, `medium` or `high`.
    pub effort: &'static str,
    /// Reasoning tokens per call.
    pub tokens: u64,
}

/// The reasoning tokens per call suggested for each effort level: 1,024 (low), 8,192
/// (medium) and 24,576 (high). They are Google's published translation of OpenAI's
/// `reasoning_effort` into thinking-token budgets: "the OpenAI API offers three levels of
/// thinking control: "low", "medium", and "high", which behind the scenes we map to 1K,
/// 8K, and 24K thinking token budgets" (Gemini API, "OpenAI compatibility",
/// <https://ai.google.dev/gemini-api/docs/openai>). 1,024 is also the smallest extended-
/// thinking budget Anthropic accepts (`budget_tokens` ≥ 1,024,
/// <https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking>). No provider
/// publishes the tokens a call *typically* uses: OpenAI says only that reasoning "can
/// range from a few hundred to tens of thousands of tokens" and to reserve at least
/// 25,000 for reasoning and output while experimenting
/// (<https://platform.openai.com/docs/guides/reasoning>). A budget is a ceiling, so these
/// are upper estimates; the usage log's reasoning column gives your own figure.
pub const REASONING_BUDGETS: [ReasoningBudget; 3] = [
    ReasoningBudget {
        effort: "low",
        tokens: 1_024,
    },
    ReasoningBudget {
        effort: "medium",
        tokens: 8_192,
    },
    ReasoningBudget {
        effort: "high",
        tokens: 24_576,
    },
];

/// Where [`REASONING_BUDGETS`] come from, as the page cites it.
pub const REASONING_BUDGETS_SOURCE: &str =
    "Google's mapping of reasoning effort to thinking budgets (Gemini API, OpenAI compatibility)";

/// The address of [`REASONING_BUDGETS_SOURCE`].
pub const REASONING_BUDGETS_URL: &str = "https://ai.google.dev/gemini-api/docs/openai";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::Catalog;
    use crate::money::images::{Detail, ImageSize};

    fn images(count: f64, width: u32, height: u32, detail: Detail) -> ImageInput {
        ImageInput {
            count,
            size: ImageSize { width, height },
            detail,
        }
    }

    fn shipped(id: &str) -> Model {
        Catalog::shipped().unwrap().get(id).unwrap().clone()
    }

    #[test]
    fn each_model_prices_images_by_its_makers_rule() {
        let square = images(2.0, 1024, 1024, Detail::High);
        // GPT-4o: 1024 × 1024 → 768 × 768 → 2 × 2 tiles: 85 + 4 × 170 = 765; two images 1,530.
        let gpt4o = image_pricing(&square, &shipped("gpt-4o")).unwrap();
        assert_eq!(
            (gpt4o.rule, gpt4o.published, gpt4o.per_image, gpt4o.per_call),
            (ImageRule::OpenAiTiles, true, 765, 1_530.0)
        );
        // GPT-5 mini: 32 × 32 = 1,024 patches × 1.62 = 1,658.88 → 1,659.
        let mini = image_pricing(&square, &shipped("gpt-5-mini")).unwrap();
        assert_eq!((mini.per_image, mini.per_call), (1_659, 3_318.0));
        // Claude: 1,048,576 / 750 = 1,398.1 → 1,399.
        let claude = image_pricing(&square, &shipped("claude-sonnet-4-5")).unwrap();
        assert_eq!(
            (claude.rule, claude.per_image),
            (ImageRule::Anthropic, 1_399)
        );
        // Low detail on GPT-4o: the 85 base tokens only.
        let low = images(1.0, 1024, 1024, Detail::Low);
        assert_eq!(
            image_pricing(&low, &shipped("gpt-4o")).unwrap().per_image,
            85
        );
    }

    #[test]
    fn a_model_without_a_published_rule_uses_the_fallback_as_an_estimate() {
        // The test catalog's models have ids no maker's rule names.
        let mut model = shipped("gpt-4o");
        model.id = "acme-1".into();
        model.model = "acme-1".into();
        let pricing = image_pricing(&images(1.0, 1024, 1024, Detail::Auto), &model).unwrap();
        assert_eq!(
            (pricing.rule, pricing.published, pricing.per_image),
            (FALLBACK_IMAGE_RULE, false, 765)
        );
        assert_eq!(
            pricing.describe(2.0, "Acme 1"),
            "2 × 765 tokens, an estimate: Acme 1 has no published image rule, so OpenAI's tile rule (85 + 170 per 512-px tile) stands in"
        );
        assert!(reads_detail(&model));
        assert!(!reads_detail(&shipped("claude-sonnet-4-5")));
        let gpt4o = image_pricing(&images(2.0, 1024, 1024, Detail::High), &shipped("gpt-4o"));
        assert_eq!(
            gpt4o.unwrap().describe(2.0, "GPT-4o"),
            "2 × 765 tokens by OpenAI's tile rule (85 + 170 per 512-px tile) on GPT-4o"
        );
    }

    #[test]
    fn a_zero_sized_image_is_an_error_not_a_panic() {
        assert_eq!(
            image_pricing(&images(1.0, 0, 1024, Detail::High), &shipped("gpt-4o")),
            Err(ImageError::ZeroSize {
                width: 0,
                height: 1024
            })
        );
    }
}
