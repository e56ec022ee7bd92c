//! Hand-checked projections. Prices are per million tokens; each test writes out its
//! arithmetic.

use super::*;
use crate::money::catalog::{CapabilityTier, Origin, Prices, Source};
use crate::money::units::UsdPerMTok;

pub(super) fn price(dollars: f64) -> UsdPerMTok {
    UsdPerMTok::new(dollars).unwrap()
}

pub(super) fn model(id: &str, input: f64, output: f64) -> Model {
    Model {
        id: id.into(),
        provider: "test".into(),
        provider_name: "Test".into(),
        model: id.into(),
        name: id.into(),
        prices: Prices {
            input: price(input),
            output: price(output),
            cache_read: None,
            cache_write_5m: None,
            cache_write_1h: None,
            batch_input: None,
            batch_output: None,
            flex_input: None,
            flex_output: None,
            flex_cache_read: None,
            priority_input: None,
            priority_output: None,
            priority_cache_read: None,
        },
        tiers: Vec::new(),
        context_window: None,
        max_output: None,
        tokenizer: crate::money::catalog::ModelTokenizer::Estimate,
        tier: CapabilityTier::Balanced,
        deprecated: false,
        reasoning: false,
        origin: Origin::Shipped,
    }
}

/// GPT-4 as the article priced it ($0.03/$0.06 per 1K = $30/$60 per M, batch half), a
/// small model with cached input, Claude Sonnet 4.5 with cache writes, and a free model.
fn catalog() -> Catalog {
    let mut gpt4 = model("gpt-4", 30.0, 60.0);
    gpt4.prices.batch_input = Some(price(15.0));
    gpt4.prices.batch_output = Some(price(30.0));
    let mut mini = model("mini", 0.15, 0.6);
    mini.prices.cache_read = Some(price(0.075));
    mini.prices.batch_input = Some(price(0.075));
    mini.prices.batch_output = Some(price(0.3));
    let mut sonnet = model("sonnet", 3.0, 15.0);
    sonnet.prices.cache_read = Some(price(0.3));
    sonnet.prices.cache_write_5m = Some(price(3.75));
    sonnet.prices.batch_input = Some(price(1.5));
    sonnet.prices.batch_output = Some(price(7.5));
    Catalog {
        as_of: "2026-11-10".into(),
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

fn default_levers() -> Levers {
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
                TierRoute {
                    tier: RouteTier::Trivial,
                    share: 0.0,
                    model: None,
                },
                TierRoute {
                    tier: RouteTier::Simple,
                    share: 0.7,
                    model: Some("mini".into()),
                },
                TierRoute {
                    tier: RouteTier::Moderate,
                    share: 0.0,
                    model: None,
                },
                TierRoute {
                    tier: RouteTier::Complex,
                    share: 0.3,
                    model: None,
                },
                TierRoute {
                    tier: RouteTier::Expert,
                    share: 0.0,
                    model: None,
                },
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
            ..Batch::default()
        }),
        retries: off(RetryReduction { removed: 0.5 }),
    }
}

/// The article's example: 10,000 calls of 500 input and 300 output tokens on GPT-4.
fn article() -> ScenarioConfig {
    ScenarioConfig {
        volume: Volume::Calls(10_000),
        tokens: TokenSource::Detail(CallShape {
            user: 500.0,
            output: 300.0,
            ..CallShape::default()
        }),
        model: "gpt-4".into(),
        mix: Vec::new(),
        growth: 0.0,
        horizon_months: 12,
        overheads: Overheads::default(),
        levers: default_levers(),
        effort_hours: Lever::ORDER.map(Lever::default_effort_hours),
        hourly_rate: 200.0,
    }
}

fn no_overheads(mut config: ScenarioConfig) -> ScenarioConfig {
    config.overheads = Overheads {
        context_reload: 0.0,
        retries: 0.0,
        dev_testing: 0.0,
        system_prompt: 0.0,
        multi_turn: 0.0,
    };
    config
}

fn sonnet_with_system_prompt() -> ScenarioConfig {
    let mut config = no_overheads(article());
    config.model = "sonnet".into();
    config.tokens = TokenSource::Detail(CallShape {
        system: 2_000.0,
        user: 500.0,
        output: 300.0,
        ..CallShape::default()
    });
    config
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}

fn run(config: &ScenarioConfig) -> Projection {
    project(config, &catalog()).unwrap()
}

#[test]
fn the_article_example_is_naive_330_and_true_858() {
    // Naive: 10,000 × (500 × $30 + 300 × $60) / M = 10,000 × $0.033 = $330.
    // True: $330 × (1 + 0.40 + 0.15 + 0.25 + 0.30 + 0.50) = $330 × 2.6 = $858.
    let projection = run(&article());
    close(projection.naive, 330.0);
    close(projection.multiplier, 2.6);
    close(projection.baseline, 858.0);
    close(projection.optimized, 858.0);
    assert!(projection
        .factors
        .iter()
        .all(|status| status.replaced_by.is_none()));
    assert_eq!(projection.savings_fraction, Some(0.0));
}

#[test]
fn explicit_figures_replace_their_factors() {
    // System 200 + user 300: the same $330 naive, but the system-prompt factor is
    // replaced by the figure: 1 + 0.40 + 0.15 + 0.25 + 0.50 = 2.3 → $759.
    let mut config = article();
    config.tokens = TokenSource::Detail(CallShape {
        system: 200.0,
        user: 300.0,
        output: 300.0,
        ..CallShape::default()
    });
    let projection = run(&config);
    close(projection.naive, 330.0);
    close(projection.baseline, 759.0);
    let replaced: Vec<Overhead> = projection
        .factors
        .iter()
        .filter(|status| status.replaced_by.is_some())
        .map(|status| status.factor)
        .collect();
    assert_eq!(replaced, vec![Overhead::SystemPrompt]);

    // History tokens replace context reloading and multi-turn accumulation; so does a
    // volume of conversations × turns replace multi-turn alone.
    config.tokens = TokenSource::Detail(CallShape {
        history: 100.0,
        user: 400.0,
        output: 300.0,
        ..CallShape::default()
    });
    close(run(&config).multiplier, 1.0 + 0.15 + 0.25 + 0.30);
    config.tokens = article().tokens;
    config.volume = Volume::Conversations {
        conversations: 2_000,
        turns: 5,
    };
    let projection = run(&config);
    close(projection.calls_per_month, 10_000.0);
    close(projection.multiplier, 1.0 + 0.40 + 0.15 + 0.25 + 0.30);
}

#[test]
fn the_response_cache_removes_calls_and_charges_lookups() {
    // h = 10% + 20% × (1 − 5%) = 29%; $858 × 71% = $609.18, plus 10,000 × $0.001 = $10
    // of lookups → $619.18, a saving of $238.82.
    let mut config = article();
    config.levers.cache.on = true;
    let projection = run(&config);
    close(projection.optimized, 619.18);
    close(projection.lever(Lever::Cache).saving, 238.82);
}

#[test]
fn a_lever_that_costs_more_than_it_saves_shows_a_negative_saving() {
    // No hits at all, $0.01 per lookup: the cache only adds 10,000 × $0.01 = $100.
    let mut config = article();
    config.levers.cache.on = true;
    config.levers.cache.params.exact_hit_rate = 0.0;
    config.levers.cache.params.semantic_hit_rate = 0.0;
    config.levers.cache.params.lookup_cost = 0.01;
    let projection = run(&config);
    close(projection.lever(Lever::Cache).saving, -100.0);
    close(projection.optimized, 958.0);
    assert!(
        projection.roadmap.is_empty(),
        "a lever that loses money is not on the roadmap"
    );
}

#[test]
fn compression_shrinks_the_system_prompt_or_its_factor() {
    // No system tokens: the factor 30% × (1 − 50%) = 15%; $330 × 2.45 = $808.50.
    let mut config = article();
    config.levers.compression.on = true;
    close(run(&config).optimized, 808.5);
    // 2,000 system tokens on Sonnet, no overheads: (2,500 × $3 + 300 × $15) / M × 10,000
    // = $120 → system 1,000: (1,500 × $3 + 300 × $15) / M × 10,000 = $90.
    let mut config = sonnet_with_system_prompt();
    close(run(&config).baseline, 120.0);
    config.levers.compression.on = true;
    close(run(&config).optimized, 90.0);
}

#[test]
fn a_sliding_window_shrinks_history_by_the_carried_turns() {
    // 1,000 conversations × 6 turns = 6,000 calls of 1,000 history + 200 user + 200 output
    // tokens on GPT-4: (1,200 × $30 + 200 × $60) / M = $0.048 → naive $288. History and
    // turns replace two factors: × (1 + 0.15 + 0.25 + 0.30) = 1.7 → $489.60.
    // A window of 2 turns carries 9 of 15 turns (r = 60%): history 600 → $0.036 a call
    // → $216 × 1.7 = $367.20, a saving of $122.40.
    let mut config = article();
    config.volume = Volume::Conversations {
        conversations: 1_000,
        turns: 6,
    };
    config.tokens = TokenSource::Detail(CallShape {
        history: 1_000.0,
        user: 200.0,
        output: 200.0,
        ..CallShape::default()
    });
    close(run(&config).baseline, 489.6);
    config.levers.context.on = true;
    let projection = run(&config);
    close(projection.optimized, 367.2);
    close(projection.lever(Lever::Context).saving, 122.4);

    // Summary of 300 tokens + window of 2: turns 4–6 (half the calls) add 300 tokens →
    // history 600 + 150 = 750 → (950 × $30 + 200 × $60) / M = $0.0405 → $243 × 1.7.
    config.levers.context.params.strategy = ContextStrategy::SummaryWindow {
        turns: 2,
        summary_tokens: 300.0,
    };
    close(run(&config).optimized, 243.0 * 1.7);

    // A measured 300 tokens of history replaces the 1,000.
    config.levers.context.params.strategy = ContextStrategy::Measured {
        history_tokens: 300.0,
    };
    // (500 × $30 + 200 × $60) / M = $0.027 → $162 × 1.7 = $275.40.
    close(run(&config).optimized, 275.4);
}

#[test]
fn without_history_tokens_the_window_scales_the_history_factors() {
    // The article example with a window of 2 over the lever's 6 turns: r = 60%, so
    // context reload 40% → 24% and multi-turn 50% → 30%; multiplier 2.6 − 0.36 = 2.24
    // → $330 × 2.24 = $739.20.
    let mut config = article();
    config.levers.context.on = true;
    let projection = run(&config);
    close(projection.optimized, 739.2);
    assert_eq!(
        projection.lever(Lever::Context).notes.len(),
        1,
        "says which turns it assumed"
    );
}

#[test]
fn routing_moves_calls_to_cheaper_models_and_pays_escalations_twice() {
    // 70% to mini: (500 × $0.15 + 300 × $0.60) / M = $0.000255; 30% stay on GPT-4 at
    // $0.033; 10% of the routed 70% go again to GPT-4: 7% × $0.033.
    // Per call: 0.7 × 0.000255 + 0.3 × 0.033 + 0.07 × 0.033 = $0.0123885;
    // × 10,000 × 2.6 = $322.101; saving $858 − $322.101 = $535.899.
    let mut config = article();
    config.levers.routing.on = true;
    let projection = run(&config);
    close(projection.optimized, 322.101);
    close(projection.lever(Lever::Routing).saving, 535.899);
}

#[test]
fn prompt_caching_prices_the_prefix_at_read_and_write_prices() {
    // Sonnet, $120 a month (see above). Prefix 2,000: 80% read at $0.30, 20% written at
    // $3.75: 2,000 × (0.8 × 0.30 + 0.2 × 3.75) / M = $0.00198, plus 500 × $3 / M =
    // $0.0015 of other input and $0.0045 of output = $0.00798 a call → $79.80.
    let mut config = sonnet_with_system_prompt();
    config.levers.prompt_cache.on = true;
    let projection = run(&config);
    close(projection.optimized, 79.8);
    assert!(!projection
        .lever(Lever::PromptCache)
        .notes
        .iter()
        .any(|note| note.contains("nothing is cached")));

    // A prefix under the 1,024-token minimum caches nothing, and says so.
    config.levers.prompt_cache.params.prefix_tokens = 1_000.0;
    let projection = run(&config);
    close(projection.optimized, 120.0);
    assert!(projection.lever(Lever::PromptCache).notes[0].contains("below its 1,024-token minimum"));

    // GPT-4 has no cached-input price: nothing changes, with a note.
    let mut config = article();
    config.tokens = TokenSource::Detail(CallShape {
        system: 2_000.0,
        user: 500.0,
        output: 300.0,
        ..CallShape::default()
    });
    config.levers.prompt_cache.on = true;
    let projection = run(&config);
    close(projection.lever(Lever::PromptCache).saving, 0.0);
    assert!(projection.lever(Lever::PromptCache).notes[0].contains("no cached-input price"));
}

#[test]
fn batch_halves_the_price_of_the_share_that_waits() {
    // Sonnet $0.012 a call; half the calls at the batch prices ($0.006): 0.5 × 0.012 +
    // 0.5 × 0.006 = $0.009 → $90.
    let mut config = sonnet_with_system_prompt();
    config.levers.batch.on = true;
    close(run(&config).optimized, 90.0);
}

#[test]
fn retry_reduction_shrinks_the_retry_factor() {
    // 15% × (1 − 50%) = 7.5%: $330 × 2.525 = $833.25.
    let mut config = article();
    config.levers.retries.on = true;
    close(run(&config).optimized, 833.25);
}

#[test]
fn a_mix_weights_each_models_cost_per_call() {
    // Half on GPT-4 ($0.033), half on mini ($0.000255): $0.0166275 × 10,000 = $166.275.
    let mut config = article();
    config.mix = vec![MixEntry {
        model: "mini".into(),
        share: 0.5,
    }];
    close(run(&config).naive, 166.275);
}

#[test]
fn tokens_can_be_derived_from_the_bill() {
    // $1,200 for 10,000 calls = $0.12 a call. At 3 input tokens per output token on
    // GPT-4, an output token costs (3 × $30 + $60) / M = $0.00015 → 800 output tokens and
    // 2,400 input, of which 400 are a known system prompt → 2,000 user tokens.
    let mut config = article();
    config.tokens = TokenSource::Bill {
        monthly_spend: 1_200.0,
        input_per_output: 3.0,
        system: 400.0,
        history: 0.0,
        context: 0.0,
        reasoning: 0.0,
        tools: 0.0,
        images: ImageInput::default(),
    };
    let projection = run(&config);
    let derived = projection.derivation.unwrap();
    close(derived.output_tokens, 800.0);
    close(derived.input_tokens, 2_400.0);
    close(projection.shape.user, 2_000.0);
    // The bill is the true cost: no factor on top of it.
    close(projection.naive, 1_200.0);
    close(projection.baseline, 1_200.0);
    assert!(projection
        .factors
        .iter()
        .all(|status| status.replaced_by.is_some()));

    config.tokens = TokenSource::Bill {
        monthly_spend: 1_200.0,
        input_per_output: 3.0,
        system: 3_000.0,
        history: 0.0,
        context: 0.0,
        reasoning: 0.0,
        tools: 0.0,
        images: ImageInput::default(),
    };
    assert!(matches!(
        project(&config, &catalog()),
        Err(ProjectionError::PartsExceedDerivedInput { .. })
    ));
    config.model = "free".into();
    assert_eq!(
        project(&config, &catalog()),
        Err(ProjectionError::FreeModel)
    );
}

#[test]
fn payback_and_roi_follow_from_effort_and_savings() {
    // Routing alone saves $535.899 a month for 16 h × $200 = $3,200:
    // payback 3,200 / 535.899 = 5.971 months; ROI over 12 months =
    // (12 × 535.899 − 3,200) / 3,200 = 1.00962.
    let mut config = article();
    config.levers.routing.on = true;
    let projection = run(&config);
    close(projection.investment, 3_200.0);
    close(projection.payback_months.unwrap(), 3_200.0 / 535.899);
    close(
        projection.roi.unwrap(),
        (12.0 * 535.899 - 3_200.0) / 3_200.0,
    );
    assert_eq!(projection.roadmap.len(), 1);
    assert_eq!(projection.months.len(), 12);
}

#[test]
fn an_unknown_model_is_an_error() {
    let mut config = article();
    config.model = "nope".into();
    assert_eq!(
        project(&config, &catalog()),
        Err(ProjectionError::UnknownModel("nope".into()))
    );
}

#[test]
fn extreme_workloads_stay_finite() {
    // 0 calls: everything is $0, and there is no savings percentage.
    let mut config = article();
    config.volume = Volume::Calls(0);
    for lever in Lever::ORDER {
        config.levers.set_on(lever, true);
    }
    let projection = run(&config);
    close(projection.baseline, 0.0);
    assert_eq!(projection.savings_fraction, None);
    assert_eq!(projection.payback_months, None);
    // 10^12 calls and 100% hit rates: the API cost is gone, the lookups remain.
    config.volume = Volume::Calls(1_000_000_000_000);
    config.levers.cache.params.exact_hit_rate = 1.0;
    config.levers.cache.params.semantic_hit_rate = 0.0;
    let projection = run(&config);
    close(projection.baseline / 1e12, 858.0 / 1e4);
    close(projection.optimized, 1e12 * 0.001);
    // 0 tokens.
    config.tokens = TokenSource::Detail(CallShape::default());
    close(run(&config).naive, 0.0);
}

#[test]
fn every_formula_is_listed_with_its_numbers() {
    let mut config = article();
    config.levers.cache.on = true;
    let projection = run(&config);
    let text: Vec<&str> = projection
        .formulas
        .iter()
        .map(|f| f.with_numbers.as_str())
        .collect();
    assert!(
        text.iter()
            .any(|line| line.contains("10,000 calls × $0.033 = $330.00")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|line| line.contains("$330.00 × 2.6 = $858.00")),
        "{text:#?}"
    );
    assert!(text
        .iter()
        .any(|line| line.contains("hit rate = 10% exact + 20% semantic")));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn share() -> impl Strategy<Value = f64> {
        prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0]
    }

    fn model_id() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["gpt-4", "mini", "sonnet", "free"]).prop_map(String::from)
    }

    prop_compose! {
        fn shape()(system in 0.0..1e6, history in 0.0..1e6, user in 0.0..1e6,
                   context in 0.0..1e6, output in 0.0..1e5, reasoning in 0.0..1e5,
                   tools in 0.0..1e5) -> CallShape {
            CallShape { system, history, user, context, output, reasoning, tools, ..CallShape::default() }
        }
    }

    prop_compose! {
        fn levers()(on in prop::array::uniform7(any::<bool>()),
                    exact in share(), semantic in share(), false_hits in share(), lookup in 0.0..0.1,
                    kept in 0u64..20, summary in 0.0..5e3, turns in 0u64..50, strategy in 0..4,
                    removed in share(),
                    tier_shares in prop::array::uniform5(0.0..1.0f64),
                    tier_models in prop::array::uniform5(prop::option::of(model_id())),
                    escalation in share(),
                    prefix in 0.0..1e5, prefix_hits in share(), min_prefix in 0.0..4096.0,
                    processing in prop::array::uniform3(share()), retries in share()) -> Levers {
            // The minimum is automatic and the TTL one hour for some cases, told apart by
            // the retry share so as to keep the strategy shallow.
            let (auto, one_hour) = (retries < 0.3, retries > 0.6);
            // Batch, flex and priority shares that add up to at most 1.
            let processing_total: f64 = processing.iter().sum::<f64>().max(1.0);
            let [batch, flex, priority] = processing.map(|share| share / processing_total);
            let total: f64 = tier_shares.iter().sum::<f64>().max(1e-9);
            let strategy = match strategy {
                0 => ContextStrategy::FullHistory,
                1 => ContextStrategy::Window { turns: kept },
                2 => ContextStrategy::SummaryWindow { turns: kept, summary_tokens: summary },
                _ => ContextStrategy::Measured { history_tokens: summary },
            };
            Levers {
                cache: Switch { on: on[0], params: ResponseCache {
                    exact_hit_rate: exact / 2.0, semantic_hit_rate: semantic / 2.0,
                    false_hit_rate: false_hits, lookup_cost: lookup } },
                context: Switch { on: on[1], params: ContextManagement { strategy, turns } },
                compression: Switch { on: on[2], params: Compression { removed } },
                routing: Switch { on: on[3], params: Routing {
                    tiers: RouteTier::ALL.iter().zip(tier_shares).zip(tier_models)
                        .map(|((&tier, share), model)| TierRoute { tier, share: share / total, model })
                        .collect(),
                    escalation_rate: escalation } },
                prompt_cache: Switch { on: on[4], params: PromptCache {
                    prefix_tokens: prefix, hit_rate: prefix_hits, min_prefix_tokens: (!auto).then_some(min_prefix),
                    ttl: if one_hour { CacheTtl::OneHour } else { CacheTtl::FiveMinutes } } },
                batch: Switch { on: on[5], params: Batch { share: batch, flex_share: flex, priority_share: priority } },
                retries: Switch { on: on[6], params: RetryReduction { removed: retries } },
            }
        }
    }

    prop_compose! {
        fn scenario()(calls in prop_oneof![Just(0u64), 0u64..10_000_000],
                      conversations in prop::option::of((0u64..1_000_000, 1u64..50)),
                      shape in shape(), model in model_id(),
                      mix in prop::option::of((model_id(), 0.0..1.0f64)),
                      growth in -0.99..2.0f64, horizon in 1u32..=120,
                      factors in prop::array::uniform5(0.0..2.0f64),
                      levers in levers().boxed(),
                      effort in prop::array::uniform7(0.0..100.0f64), rate in 0.0..500.0f64)
                      -> ScenarioConfig {
            ScenarioConfig {
                volume: match conversations {
                    Some((conversations, turns)) => Volume::Conversations { conversations, turns },
                    None => Volume::Calls(calls),
                },
                tokens: TokenSource::Detail(shape),
                model,
                mix: mix.map(|(model, share)| vec![MixEntry { model, share }]).unwrap_or_default(),
                growth,
                horizon_months: horizon,
                overheads: Overheads {
                    context_reload: factors[0], retries: factors[1], dev_testing: factors[2],
                    system_prompt: factors[3], multi_turn: factors[4],
                },
                levers,
                effort_hours: effort,
                hourly_rate: rate,
            }
        }
    }

    proptest! {
        #[test]
        fn savings_add_up_to_baseline_minus_optimized(config in scenario()) {
            // Growth over 120 months can overflow: that is reported, never a panic.
            let Ok(projection) = project(&config, &catalog()) else { return Ok(()); };
            let sum: f64 = projection.levers.iter().map(|outcome| outcome.saving).sum();
            prop_assert!((sum - (projection.baseline - projection.optimized)).abs() < 0.01,
                "sum {sum} vs {}", projection.baseline - projection.optimized);
            prop_assert!(projection.baseline >= 0.0 && projection.optimized >= 0.0);
            for outcome in &projection.levers {
                if !outcome.on {
                    prop_assert_eq!(outcome.saving, 0.0);
                }
            }
        }

        #[test]
        fn a_lever_switched_off_is_as_if_it_were_not_there(config in scenario().boxed(), other in levers().boxed(), index in 0usize..7) {
            // Off, with whatever parameters, gives the same result as off with any others.
            let lever = Lever::ORDER[index];
            let mut first = config.clone();
            first.levers.set_on(lever, false);
            let mut second = first.clone();
            match lever {
                Lever::Cache => second.levers.cache.params = other.cache.params,
                Lever::Context => second.levers.context.params = other.context.params,
                Lever::Compression => second.levers.compression.params = other.compression.params,
                Lever::Routing => second.levers.routing.params = other.routing.params.clone(),
                Lever::PromptCache => second.levers.prompt_cache.params = other.prompt_cache.params,
                Lever::Batch => second.levers.batch.params = other.batch.params,
                Lever::Retries => second.levers.retries.params = other.retries.params,
            }
            let (Ok(first), Ok(second)) = (project(&first, &catalog()), project(&second, &catalog())) else {
                return Ok(());
            };
            prop_assert_eq!(first.optimized, second.optimized);
            prop_assert_eq!(first.lever(lever).saving, 0.0);
            // And with every lever off, the optimized cost is the baseline.
            let mut none = config.clone();
            for lever in Lever::ORDER { none.levers.set_on(lever, false); }
            if let Ok(projection) = project(&none, &catalog()) {
                prop_assert_eq!(projection.optimized, projection.baseline);
            }
        }
    }
}

#[test]
fn charts_and_csv_follow_the_projection() {
    let mut config = article();
    config.levers.cache.on = true;
    config.levers.cache.params.exact_hit_rate = 0.0;
    config.levers.cache.params.semantic_hit_rate = 0.0;
    config.levers.cache.params.lookup_cost = 0.01;
    config.levers.retries.on = true;
    config.horizon_months = 2;
    config.growth = 0.5;
    let projection = run(&config);
    let chart = charts::waterfall(&projection);
    let labels: Vec<&str> = chart.steps.iter().map(|step| step.label.as_str()).collect();
    assert_eq!(
        labels,
        vec!["Baseline", "Response cache", "Retries", "Optimized"]
    );
    // The cache adds $100; retries save 7.5% of $330 = $24.75 → $933.25.
    assert_eq!(
        charts::describe_waterfall(&projection),
        "Monthly cost, lever by lever: Baseline $858.00 a month; Response cache adds $100.00; \
         Retry reduction saves $24.75; optimized $933.25 a month."
    );
    // The months the CSV export writes (`formats::exports::months_csv`, tested there).
    let months: Vec<(u32, f64, f64, f64, f64)> = projection
        .months
        .iter()
        .map(|m| {
            (
                m.month,
                m.baseline,
                m.optimized,
                m.savings,
                m.cumulative_savings,
            )
        })
        .collect();
    let hand_checked = [
        (1, 858.0, 933.25, -75.25, -75.25),
        (2, 1287.0, 1399.875, -112.875, -188.125),
    ];
    assert_eq!(months.len(), hand_checked.len());
    for (got, want) in months.iter().zip(hand_checked) {
        assert_eq!(got.0, want.0);
        let pairs = [
            (got.1, want.1),
            (got.2, want.2),
            (got.3, want.3),
            (got.4, want.4),
        ];
        for (figure, expected) in pairs {
            assert!(
                (figure - expected).abs() < 1e-9,
                "month {}: {figure} vs {expected}",
                want.0
            );
        }
    }
    assert_eq!(
        charts::timeline(
            &projection,
            crate::chart::YearMonth {
                year: 2027,
                month: 1
            }
        )
        .series[2]
            .values
            .len(),
        2
    );
}
