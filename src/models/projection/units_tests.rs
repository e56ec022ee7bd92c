//! Hand-checked tests of the units of a call beyond text: reasoning tokens (billed as
//! output), tool-definition tokens (input, cacheable prefix) and image inputs, with every
//! lever, and from the bill. Prices are per million tokens (M); each test writes out its
//! arithmetic. The same units through the form and links, and the rule that every new unit
//! at zero gives exactly today's figures: `formats::scenario::units_tests`.

use super::tests::{model, price};
use super::*;
use crate::money::catalog::Source;

/// GPT-4 at the article's $30 / $60 (batch $15 / $30), a small model at $0.15 / $0.60
/// and a Sonnet-like model at $3 / $15 with a $0.30 cache read and a $3.75 cache write.
fn catalog() -> Catalog {
    let mut gpt4 = model("gpt-4", 30.0, 60.0);
    gpt4.prices.batch_input = Some(price(15.0));
    gpt4.prices.batch_output = Some(price(30.0));
    // The API names pick the image rules: none for "gpt-4" (the fallback, 765 tokens for
    // 1024 × 1024), GPT-5 mini's patches (1,659) and Anthropic's area / 750 (1,399).
    let mut mini = model("mini", 0.15, 0.6);
    mini.model = "gpt-5-mini".into();
    let mut sonnet = model("sonnet", 3.0, 15.0);
    sonnet.model = "claude-sonnet-4-5".into();
    sonnet.prices.cache_read = Some(price(0.3));
    sonnet.prices.cache_write_5m = Some(price(3.75));
    Catalog {
        as_of: "2026-12-01".into(),
        source: Source {
            name: "test".into(),
            version: "0".into(),
            license: "MIT".into(),
            url: String::new(),
        },
        models: vec![gpt4, mini, sonnet, model("free", 0.0, 0.0)],
    }
}

fn off<T>(params: T) -> Switch<T> {
    Switch { on: false, params }
}

fn levers() -> Levers {
    let tier = |tier, share, model: Option<&str>| TierRoute {
        tier,
        share,
        model: model.map(String::from),
    };
    Levers {
        cache: off(ResponseCache {
            exact_hit_rate: 0.10,
            semantic_hit_rate: 0.20,
            false_hit_rate: 0.05,
            lookup_cost: 0.001,
        }),
        context: off(ContextManagement {
            strategy: ContextStrategy::Window { turns: 2 },
            turns: 6,
        }),
        compression: off(Compression { removed: 0.5 }),
        routing: off(Routing {
            tiers: vec![
                tier(RouteTier::Trivial, 0.0, None),
                tier(RouteTier::Simple, 0.7, Some("mini")),
                tier(RouteTier::Moderate, 0.0, None),
                tier(RouteTier::Complex, 0.3, None),
                tier(RouteTier::Expert, 0.0, None),
            ],
            escalation_rate: 0.10,
        }),
        prompt_cache: off(PromptCache {
            prefix_tokens: 2_000.0,
            hit_rate: 0.8,
            min_prefix_tokens: Some(1_024.0),
            ttl: CacheTtl::FiveMinutes,
        }),
        batch: off(Batch {
            share: 0.5,
            flex_share: 0.0,
            priority_share: 0.0,
        }),
        retries: off(RetryReduction { removed: 0.5 }),
    }
}

const NO_OVERHEADS: Overheads = Overheads {
    context_reload: 0.0,
    retries: 0.0,
    dev_testing: 0.0,
    system_prompt: 0.0,
    multi_turn: 0.0,
};

/// 10,000 calls on GPT-4, no overheads: a 1,000-token system prompt, a 500-token user
/// message, 1,000 tokens of tool definitions, a 300-token answer and 200 reasoning tokens.
/// A call: input 1,000 + 500 + 1,000 = 2,500 × $30 / M = $0.075; output 300 + 200 = 500 ×
/// $60 / M = $0.03; $0.105 a call, $1,050 a month.
fn agent() -> ScenarioConfig {
    ScenarioConfig {
        volume: Volume::Calls(10_000),
        tokens: TokenSource::Detail(CallShape {
            system: 1_000.0,
            user: 500.0,
            output: 300.0,
            reasoning: 200.0,
            tools: 1_000.0,
            ..CallShape::default()
        }),
        model: "gpt-4".into(),
        mix: Vec::new(),
        growth: 0.0,
        horizon_months: 12,
        overheads: NO_OVERHEADS,
        levers: levers(),
        effort_hours: Lever::ORDER.map(Lever::default_effort_hours),
        hourly_rate: 200.0,
    }
}

/// The same scenario without the new units: system 1,000 + user 500 = 1,500 × $30 / M =
/// $0.045, 300 × $60 / M = $0.018; $0.063 a call, $630 a month.
fn text_only() -> ScenarioConfig {
    let mut config = agent();
    config.tokens = TokenSource::Detail(CallShape {
        system: 1_000.0,
        user: 500.0,
        output: 300.0,
        ..CallShape::default()
    });
    config
}

fn shape_mut(config: &mut ScenarioConfig) -> &mut CallShape {
    match &mut config.tokens {
        TokenSource::Detail(shape) => shape,
        TokenSource::Bill { .. } => unreachable!("a detail scenario"),
    }
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9 * expected.abs().max(1.0),
        "expected {expected}, got {actual}"
    );
}

fn run(config: &ScenarioConfig) -> Projection {
    project(config, &catalog()).unwrap()
}

fn with_lever(mut config: ScenarioConfig, lever: Lever) -> ScenarioConfig {
    config.levers.set_on(lever, true);
    config
}

#[test]
fn reasoning_is_billed_at_the_output_price() {
    // 500 input × $30 + (300 + 1,500 reasoning) × $60 = $0.015 + $0.108 = $0.123 a call;
    // × 10,000 = $1,230 (without reasoning: $0.015 + $0.018 = $0.033, $330).
    let mut config = text_only();
    *shape_mut(&mut config) = CallShape {
        user: 500.0,
        output: 300.0,
        reasoning: 1_500.0,
        ..CallShape::default()
    };
    let projection = run(&config);
    close(projection.cost_per_call, 0.123);
    close(projection.naive, 1_230.0);
    close(projection.baseline, 1_230.0);
    close(projection.optimized, 1_230.0);
}

#[test]
fn tool_definitions_are_input_on_every_call() {
    // (500 user + 1,200 tools) × $30 + 300 × $60 = $0.051 + $0.018 = $0.069 a call; $690.
    let mut config = text_only();
    *shape_mut(&mut config) = CallShape {
        user: 500.0,
        output: 300.0,
        tools: 1_200.0,
        ..CallShape::default()
    };
    let projection = run(&config);
    close(projection.cost_per_call, 0.069);
    close(projection.naive, 690.0);
    assert_eq!(projection.shape.input(), 1_700.0);
    assert_eq!(projection.shape.cacheable_prefix(), 1_200.0);
}

#[test]
fn naive_true_and_optimized_cost_include_every_unit() {
    // $1,050 naive (see `agent`); with the article's overheads (system prompt replaced by
    // the figure): 1 + 0.40 + 0.15 + 0.25 + 0.50 = 2.3 → $2,415.
    let mut config = agent();
    config.overheads = Overheads::default();
    let projection = run(&config);
    close(projection.naive, 1_050.0);
    close(projection.multiplier, 2.3);
    close(projection.baseline, 2_415.0);
    // Retry reduction on: 2.3 − 0.15 × 0.5 = 2.225 → $2,336.25 optimized.
    config.levers.retries.on = true;
    close(run(&config).optimized, 2_336.25);
}

#[test]
fn the_cost_per_call_formula_shows_every_part() {
    let projection = run(&agent());
    let formula = projection
        .formulas
        .iter()
        .find(|formula| formula.title == "Cost per call on gpt-4")
        .unwrap();
    assert_eq!(
        formula.with_numbers,
        "(2,500 input (system 1,000 + user 500 + tools 1,000) × $30.00 + 500 output (answer 300 + reasoning 200) × $60.00) / 1M = $0.105"
    );
    // Without the new units the formula reads as it always did.
    let projection = run(&text_only());
    let formula = projection
        .formulas
        .iter()
        .find(|formula| formula.title == "Cost per call on gpt-4")
        .unwrap();
    assert_eq!(
        formula.with_numbers,
        "(1,500 input × $30.00 + 300 output × $60.00) / 1M = $0.063"
    );
}

#[test]
fn the_response_cache_removes_every_part_of_a_call() {
    // Hit rate 10% + 20% × (1 − 5%) = 29%: 7,100 calls × $0.105 = $745.50, plus 10,000
    // lookups × $0.001 = $10 → $755.50; saving $1,050 − $755.50 = $294.50.
    let projection = run(&with_lever(agent(), Lever::Cache));
    close(projection.optimized, 755.5);
    close(projection.lever(Lever::Cache).saving, 294.5);
}

#[test]
fn context_management_touches_history_only() {
    // History 1,000 tokens, a window of 2 turns over 6: r = 9 / 15 = 60% → 600 tokens; the
    // saving is 400 × $30 / M × 10,000 = $120 with or without tools and reasoning.
    let mut config = with_lever(agent(), Lever::Context);
    shape_mut(&mut config).history = 1_000.0;
    let mut plain = with_lever(text_only(), Lever::Context);
    shape_mut(&mut plain).history = 1_000.0;
    close(run(&config).lever(Lever::Context).saving, 120.0);
    close(run(&plain).lever(Lever::Context).saving, 120.0);
}

#[test]
fn compression_touches_the_system_prompt_only() {
    // 50% of the 1,000-token system prompt: 500 × $30 / M × 10,000 = $150. Had it shrunk
    // the 1,000 tool tokens too, the saving would be $300.
    let projection = run(&with_lever(agent(), Lever::Compression));
    close(projection.lever(Lever::Compression).saving, 150.0);
    close(projection.optimized, 900.0);
}

#[test]
fn routing_sends_every_part_to_the_other_model() {
    // On the small model a call is 2,500 × $0.15 / M + 500 × $0.60 / M = $0.000375 +
    // $0.0003 = $0.000675. Routed: 70% × $0.000675 + 30% × $0.105 + 10% × 70% escalated ×
    // $0.105 = $0.0004725 + $0.0315 + $0.00735 = $0.0393225 → $393.225; saving $656.775.
    let projection = run(&with_lever(agent(), Lever::Routing));
    close(projection.optimized, 393.225);
    close(projection.lever(Lever::Routing).saving, 656.775);
}

#[test]
fn prompt_caching_never_caches_reasoning() {
    // On the Sonnet-like model, a 2,000-token prefix (system 1,000 + tools 1,000, within
    // the 2,500 input tokens): 500 × $3 + 2,000 × (80% × $0.30 + 20% × $3.75) = $1,500 +
    // $1,980 per M, plus output (300 + 200) × $15 = $7,500 per M → $0.01098 a call,
    // $109.80 a month; without the cache $0.015, $150; saving $40.20. The reasoning tokens
    // are output and stay at the output price.
    let mut config = with_lever(agent(), Lever::PromptCache);
    config.model = "sonnet".into();
    let projection = run(&config);
    close(projection.baseline, 150.0);
    close(projection.optimized, 109.8);
    close(projection.lever(Lever::PromptCache).saving, 40.2);
}

#[test]
fn the_batch_api_discounts_reasoning_at_the_batch_output_price() {
    // Half the calls at the batch prices: input 2,500 × $15 / M = $0.0375, output (300 +
    // 200 reasoning) × $30 / M = $0.015 → $0.0525 a batched call; (0.5 × $0.105 + 0.5 ×
    // $0.0525) × 10,000 = $787.50; saving $262.50.
    let projection = run(&with_lever(agent(), Lever::Batch));
    close(projection.optimized, 787.5);
    close(projection.lever(Lever::Batch).saving, 262.5);
}

#[test]
fn retries_repeat_every_part_of_a_call() {
    // A retry factor of 15%: $1,050 × 1.15 = $1,207.50; halved: $1,050 × 1.075 =
    // $1,128.75; saving $78.75, all parts included.
    let mut config = with_lever(agent(), Lever::Retries);
    config.overheads.retries = 0.15;
    let projection = run(&config);
    close(projection.baseline, 1_207.5);
    close(projection.optimized, 1_128.75);
    close(projection.lever(Lever::Retries).saving, 78.75);
}

#[test]
fn from_the_bill_reasoning_is_part_of_the_derived_output() {
    // $1,200 for 10,000 calls = $0.12 a call; at 3 input tokens per billed output token on
    // GPT-4 an output token costs (3 × $30 + $60) / M = $0.00015 → 800 billed output
    // tokens, 2,400 input. Of the output, 300 are reasoning → a 500-token answer; of the
    // input, 400 are a system prompt and 600 tool definitions → 1,400 user tokens. The
    // naive cost is the bill again: 10,000 × (2,400 × $30 + 800 × $60) / M = $1,200.
    let mut config = agent();
    config.tokens = TokenSource::Bill {
        monthly_spend: 1_200.0,
        input_per_output: 3.0,
        system: 400.0,
        history: 0.0,
        context: 0.0,
        reasoning: 300.0,
        tools: 600.0,
        images: ImageInput::default(),
    };
    let projection = run(&config);
    let derived = projection.derivation.unwrap();
    close(derived.output_tokens, 800.0);
    close(derived.input_tokens, 2_400.0);
    close(projection.shape.output, 500.0);
    close(projection.shape.reasoning, 300.0);
    close(projection.shape.user, 1_400.0);
    close(projection.shape.tools, 600.0);
    close(projection.naive, 1_200.0);

    // More reasoning than the bill's output is an error with a message, not a panic.
    config.tokens = TokenSource::Bill {
        monthly_spend: 1_200.0,
        input_per_output: 3.0,
        system: 0.0,
        history: 0.0,
        context: 0.0,
        reasoning: 900.0,
        tools: 0.0,
        images: ImageInput::default(),
    };
    let error = project(&config, &catalog()).unwrap_err();
    assert_eq!(
        error,
        ProjectionError::ReasoningExceedsDerivedOutput {
            derived_output: 800.0,
            reasoning: 900.0
        }
    );
    assert_eq!(
        error.to_string(),
        "the reasoning tokens (900) are more than the 800 output tokens per call that the bill implies (the bill counts reasoning as output)"
    );
    // Tools beyond the derived input are the known-parts error.
    config.tokens = TokenSource::Bill {
        monthly_spend: 1_200.0,
        input_per_output: 3.0,
        system: 0.0,
        history: 0.0,
        context: 0.0,
        reasoning: 0.0,
        tools: 3_000.0,
        images: ImageInput::default(),
    };
    assert!(matches!(
        project(&config, &catalog()),
        Err(ProjectionError::PartsExceedDerivedInput { .. })
    ));
}

fn square_images(count: f64) -> ImageInput {
    ImageInput {
        count,
        size: crate::money::images::ImageSize {
            width: 1024,
            height: 1024,
        },
        detail: crate::money::images::Detail::High,
    }
}

#[test]
fn images_are_input_tokens_by_the_models_rule() {
    // "gpt-4" has no published rule: the fallback, OpenAI's tiles, 85 + 4 × 170 = 765 per
    // 1024 × 1024 image. Two images: (500 + 1,530) × $30 + 300 × $60 = $0.0609 + $0.018 =
    // $0.0789 a call, $789 a month.
    let mut config = text_only();
    *shape_mut(&mut config) = CallShape {
        user: 500.0,
        output: 300.0,
        images: square_images(2.0),
        ..CallShape::default()
    };
    let projection = run(&config);
    close(projection.cost_per_call, 0.0789);
    close(projection.naive, 789.0);
    let formula = projection
        .formulas
        .iter()
        .find(|formula| formula.title == "Cost per call on gpt-4")
        .unwrap();
    assert_eq!(
        formula.with_numbers,
        "(2,030 input (user 500 + images 1,530) × $30.00 + 300 output × $60.00) / 1M = $0.0789"
    );
    // Compression leaves the images alone: there is no system prompt to shrink.
    config.levers.compression.on = true;
    close(run(&config).lever(Lever::Compression).saving, 0.0);
    // Half an image per call on average: 382.5 tokens.
    shape_mut(&mut config).images.count = 0.5;
    close(
        run(&config).shape.image_tokens_on(&catalog().models[0]),
        382.5,
    );
}

#[test]
fn routing_recounts_images_by_the_target_models_rule() {
    // One 1024 × 1024 image per call. On GPT-4 (fallback, 765): (2,500 + 765) × $30 +
    // 500 × $60 = $0.09795 + $0.03 = $0.12795 a call, $1,279.50 a month. On the small
    // model (GPT-5 mini's patches, 1,659): (2,500 + 1,659) × $0.15 + 500 × $0.60 =
    // $0.00062385 + $0.0003 = $0.00092385. Routed: 70% × $0.00092385 + (30% + 7%
    // escalated) × $0.12795 = $0.000646695 + $0.0473415 = $0.047988195 → $479.88195;
    // saving $799.61805.
    let mut config = with_lever(agent(), Lever::Routing);
    shape_mut(&mut config).images = square_images(1.0);
    let projection = run(&config);
    close(projection.baseline, 1_279.5);
    close(projection.optimized, 479.88195);
    close(projection.lever(Lever::Routing).saving, 799.61805);
}

#[test]
fn from_the_bill_each_model_of_the_mix_pays_its_own_image_tokens() {
    // Half the calls on GPT-4 (765 image tokens), half on the Sonnet-like model (1,399):
    // Δ = 634 tokens × $3 × 50% = $0.000951 a call. An output token with its 3 input
    // tokens costs 50% × (3 × $30 + $60) + 50% × (3 × $3 + $15) = $87 per M. A bill of
    // $879.51 for 10,000 calls = $0.087951 a call → output = ($0.087951 − $0.000951) /
    // $0.000087 = 1,000 tokens, input on GPT-4 3,000, of which 765 are the image → 2,235
    // user tokens. Check: GPT-4 (3,000 × $30 + 1,000 × $60) = $0.15; Sonnet ((2,235 +
    // 1,399) × $3 + 1,000 × $15) = $0.025902; half each = $0.087951, the bill.
    let mut config = agent();
    config.mix = vec![MixEntry {
        model: "sonnet".into(),
        share: 0.5,
    }];
    config.tokens = TokenSource::Bill {
        monthly_spend: 879.51,
        input_per_output: 3.0,
        system: 0.0,
        history: 0.0,
        context: 0.0,
        reasoning: 0.0,
        tools: 0.0,
        images: square_images(1.0),
    };
    let projection = run(&config);
    let derived = projection.derivation.unwrap();
    close(derived.image_adjustment, 0.000951);
    close(derived.output_tokens, 1_000.0);
    close(derived.input_tokens, 3_000.0);
    close(projection.shape.user, 2_235.0);
    close(projection.naive, 879.51);
}

#[test]
fn an_image_without_pixels_is_an_error_not_a_panic() {
    let mut config = text_only();
    shape_mut(&mut config).images = ImageInput {
        count: 1.0,
        size: crate::money::images::ImageSize {
            width: 0,
            height: 10,
        },
        detail: crate::money::images::Detail::Auto,
    };
    let error = project(&config, &catalog()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the images per call: an image must be at least 1 × 1 pixels, got 0 × 10"
    );
    // No images: the size does not matter.
    shape_mut(&mut config).images.count = 0.0;
    close(run(&config).naive, 630.0);
}

mod properties {
    use super::*;
    use crate::money::images::{Detail, ImageSize};
    use proptest::prelude::*;

    proptest! {
        // Any reasoning, tools and images, on any model, from detail or from a bill: a
        // projection or an error, never a panic.
        #[test]
        fn no_units_panic(reasoning in 0.0..1e9, tools in 0.0..1e9, count in 0.0..1e4,
                          width in 0u32..=u32::MAX, height in 0u32..=u32::MAX, detail in 0..3,
                          model in prop::sample::select(vec!["gpt-4", "mini", "sonnet", "free"]),
                          bill in any::<bool>(), spend in 0.0..1e9, on in prop::array::uniform7(any::<bool>())) {
            let images = ImageInput {
                count,
                size: ImageSize { width, height },
                detail: [Detail::Low, Detail::High, Detail::Auto][detail as usize],
            };
            let mut config = agent();
            config.model = model.into();
            config.mix = vec![MixEntry { model: "sonnet".into(), share: 0.3 }];
            for (lever, on) in Lever::ORDER.iter().zip(on) {
                config.levers.set_on(*lever, on);
            }
            config.tokens = if bill {
                TokenSource::Bill { monthly_spend: spend, input_per_output: 3.0, system: 0.0, history: 0.0,
                                    context: 0.0, reasoning, tools, images }
            } else {
                TokenSource::Detail(CallShape { user: 500.0, output: 300.0, reasoning, tools, images,
                                                ..CallShape::default() })
            };
            if let Ok(projection) = project(&config, &catalog()) {
                prop_assert!(projection.optimized.is_finite());
            }
        }
    }
}
