//! The Projection's prompt caching as billed (issue #16, items 4 and 5) and the service tiers, through the form and the shipped
//! catalog, with hand-checked figures. Prices are per million tokens (M); the shipped
//! catalog (genai-prices 0.2.3, as of 2026-11-10) has:
//! - gpt-5-mini: $0.25 input, $0.025 cached input, $2 output, no cache-write price;
//!   gpt-5-nano: $0.05 / $0.005 / $0.40;
//! - claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 5-minute write, $6 1-hour
//!   write, $15 output.

use std::sync::OnceLock;

use burnrate::formats::scenario::{lever_key, validate, ScenarioForm, PRESETS};
use burnrate::models::projection::{project, Lever, Projection};
use burnrate::money::catalog::Catalog;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::shipped().expect("the shipped catalog is valid"))
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{actual} is not {expected}"
    );
}

fn run(form: &ScenarioForm) -> Projection {
    let catalog = catalog();
    let validated = validate(form, &|id| catalog.get(id).is_some());
    assert!(validated.errors.is_empty(), "{:?}", validated.errors);
    project(&validated.config.unwrap(), catalog).unwrap()
}

/// 10,000 calls of a 2,000-token system prompt, 500 user and 300 output tokens on `model`,
/// no overheads and only the levers named on, on version 1's defaults (the figures below
/// were worked out on them; a `v=1` link still reads as them).
fn plain(model: &str, levers: &[Lever]) -> ScenarioForm {
    let mut form = ScenarioForm::defaults(1);
    form.set("projection-model", model);
    form.set("system-tokens", "2000");
    for key in [
        "overhead-context-reload",
        "overhead-retries",
        "overhead-dev-testing",
        "overhead-system-prompt",
        "overhead-multi-turn",
    ] {
        form.set(key, "0");
    }
    for lever in Lever::ORDER {
        let on = levers.contains(&lever);
        form.set(lever_key(lever), if on { "on" } else { "off" });
    }
    form.set("prompt-cache-prefix", "2000");
    form
}

#[test]
fn the_cached_prefix_is_the_system_prompt_after_compression() {
    // Regression: with a 2,000-token system prompt and compression on, prompt caching
    // still cached the uncompressed 2,000 tokens (the lever's prefix), part of them the
    // user's message, and showed a saving 5/3 of the right one (the issue's $8,928.56
    // for $5,357.14: 2,000 / 1,200 tokens).
    //
    // The default scenario with system-tokens=2000: 10,000 requests, 24.25% answered by
    // the response cache (10% + 15% × 95%) → 7,575 API calls; compression 40% → a
    // 1,200-token system prompt; routing → 55% of calls on GPT-5 mini (50% kept + 5%
    // escalated) and 50% on GPT-5 nano; overheads after the window lever: 1 + 0.4 × 14/15
    // + 0.15 + 0.25 + 0.5 × 14/15 = 2.24. Caching saves on each prefix token
    // h × (input − read) + (1 − h) × (input − write): GPT-5 mini 0.8 × (0.25 − 0.025) +
    // 0.2 × 0 = $0.18/M, nano 0.8 × (0.05 − 0.005) = $0.036/M. Prefix P = 1,200:
    // 1,200 × (0.55 × 0.18 + 0.5 × 0.036) / M = $0.0001404 a call × 7,575 × 2.24
    // = $2.3823072 a month (it was $3.970512 with prefix 2,000, and $2.977884 with the
    // default prefix of 1,500, 300 of them from the user's message).
    let mut form = ScenarioForm::defaults(1);
    form.set("system-tokens", "2000");
    form.set("prompt-cache-prefix", "2000");
    let projection = run(&form);
    close(projection.lever(Lever::PromptCache).saving, 2.3823072);
    // The default prefix (1,500) is a cap within the instructions: min(1,500, 1,200).
    form.set("prompt-cache-prefix", "1500");
    close(run(&form).lever(Lever::PromptCache).saving, 2.3823072);
    let projection = run(&form);
    let notes = &projection.lever(Lever::PromptCache).notes;
    assert!(
        notes[0].contains("1,200 tokens (of 2,000 before compression)"),
        "{notes:?}"
    );
}

#[test]
fn the_prefix_never_swallows_the_users_message() {
    // Claude Sonnet 4.5, 10,000 calls, system 2,000 + user 500, prefix 5,000 asked:
    // there is no history or context, so P = min(5,000, 2,000) + min(3,000, 0) = 2,000.
    // Per call 2,000 × (0.8 × 0.30 + 0.2 × 3.75) + 500 × 3 + 300 × 15 = 1,980 + 1,500 +
    // 4,500 = $7,980/M → $79.80 a month, as with a 2,000-token prefix.
    let mut form = plain("claude-sonnet-4-5", &[Lever::PromptCache]);
    form.set("prompt-cache-prefix", "5000");
    let projection = run(&form);
    close(projection.optimized, 79.8);
    assert!(projection
        .lever(Lever::PromptCache)
        .notes
        .iter()
        .any(|note| note.contains("the user's message changes from call to call")));

    // Repeated history beyond the instructions is cached: history 3,000, prefix 4,000 →
    // P = 2,000 + min(2,000, 3,000) = 4,000. With compression 50% the system prompt is
    // 1,000 tokens and P = 1,000 + min(4,000 − 2,000, 3,000) = 3,000 (the history part
    // keeps its measured size). Per call: input 1,000 + 3,000 + 500 = 4,500, of which
    // 3,000 cached: 3,000 × 0.99 + 1,500 × 3 + 4,500 = 2,970 + 4,500 + 4,500 = $11,970/M
    // → $119.70.
    form.set("history-tokens", "3000");
    form.set("prompt-cache-prefix", "4000");
    form.set("lever-compression", "on");
    form.set("compression-percent", "50");
    close(run(&form).optimized, 119.7);
}

#[test]
fn misses_pay_the_write_price_of_the_ttl() {
    // Claude Sonnet 4.5 (see `the_prefix_never_swallows_the_users_message`): baseline
    // 2,500 × 3 + 300 × 15 = $12,000/M → $120. 5 minutes: $79.80, saving $40.20.
    // 1 hour: 2,000 × (0.8 × 0.30 + 0.2 × 6) = 2,880 + 1,500 + 4,500 = $8,880/M → $88.80,
    // saving $31.20: $9 less = 10,000 × 2,000 × 20% × (6 − 3.75) / M.
    let mut form = plain("claude-sonnet-4-5", &[Lever::PromptCache]);
    let projection = run(&form);
    close(projection.baseline, 120.0);
    close(projection.lever(Lever::PromptCache).saving, 40.2);
    form.set("prompt-cache-ttl", "1h");
    close(run(&form).lever(Lever::PromptCache).saving, 31.2);

    // GPT-5 mini charges no write premium (OpenAI: caching "has no additional fees"), so
    // a miss pays the input price whatever the TTL: per call 2,000 × (0.8 × 0.025 + 0.2 ×
    // 0.25) + 500 × 0.25 + 300 × 2 = 140 + 125 + 600 = $865/M → $8.65; baseline
    // 2,500 × 0.25 + 600 = $1,225/M → $12.25; saving $3.60 for both TTLs.
    let mut form = plain("gpt-5-mini", &[Lever::PromptCache]);
    close(run(&form).lever(Lever::PromptCache).saving, 3.6);
    form.set("prompt-cache-ttl", "1h");
    let projection = run(&form);
    close(projection.lever(Lever::PromptCache).saving, 3.6);
    assert!(projection
        .lever(Lever::PromptCache)
        .notes
        .iter()
        .any(|note| note.contains("charges no cache write")));
}

#[test]
fn each_model_gets_its_documented_minimum_prefix() {
    // Claude Haiku 4.5 caches prefixes of 4,096 tokens or more (Anthropic): a 2,000-token
    // prefix is not cached, and the note names the minimum and its source.
    let mut form = plain("claude-haiku-4-5", &[Lever::PromptCache]);
    let projection = run(&form);
    close(projection.lever(Lever::PromptCache).saving, 0.0);
    let note = &projection.lever(Lever::PromptCache).notes[0];
    assert!(note.contains("below its 4,096-token minimum"), "{note}");
    assert!(note.contains("Anthropic"), "{note}");
    // The user's own minimum overrides it: 1,024 → cached. Haiku 4.5: $1 input, $0.10
    // read, $1.25 write: saving 10,000 × 2,000 × (0.8 × 0.9 + 0.2 × −0.25) / M = $13.40.
    form.set("prompt-cache-min-prefix", "1024");
    let projection = run(&form);
    close(projection.lever(Lever::PromptCache).saving, 13.4);
    assert!(projection.lever(Lever::PromptCache).notes[0].contains("your setting"));
    // Sonnet 4.5 caches from 1,024 tokens and says where that comes from.
    let projection = run(&plain("claude-sonnet-4-5", &[Lever::PromptCache]));
    assert!(projection.lever(Lever::PromptCache).notes[0]
        .contains("minimum prefix 1,024 tokens (Anthropic"));
    // Gemini 2.5 Flash: 2,048 (Gemini API docs): 2,000 tokens are not enough.
    let projection = run(&plain("gemini-2.5-flash", &[Lever::PromptCache]));
    close(projection.lever(Lever::PromptCache).saving, 0.0);
    assert!(projection.lever(Lever::PromptCache).notes[0].contains("2,048-token minimum (Gemini"));
}

#[test]
fn the_documented_minimums_by_model() {
    use burnrate::models::projection::prompt_cache::documented_minimum;
    let minimum = |id: &str| documented_minimum(catalog().get(id).unwrap()).tokens;
    assert_eq!(minimum("gpt-5-mini"), 1_024.0);
    assert_eq!(minimum("gpt-4o"), 1_024.0);
    assert_eq!(minimum("claude-sonnet-4-5"), 1_024.0);
    assert_eq!(minimum("claude-opus-4-5"), 4_096.0);
    assert_eq!(minimum("claude-haiku-4-5"), 4_096.0);
    assert_eq!(minimum("claude-3-5-haiku-latest"), 2_048.0);
    assert_eq!(minimum("claude-opus-5"), 512.0);
    assert_eq!(minimum("gemini-2.5-pro"), 2_048.0);
    assert_eq!(minimum("gemini-3-pro-preview"), 4_096.0);
}

/// Today's figures (before prompt caching as billed and the service tiers), as printed by
/// the code of main at 2444d54: baseline, optimized and each lever's saving in
/// [`Lever::ORDER`].
const TODAY: &[(&str, f64, f64, [f64; 7])] = &[
    (
        "default",
        18.849999999999998,
        8.570990468749999,
        [
            4.3711249999999975,
            0.3295124999999999,
            0.6590250000000015,
            4.651618125000001,
            0.0,
            0.0,
            0.26772890624999945,
        ],
    ),
    (
        "support-chatbot",
        2448.0,
        112.227,
        [
            1835.4,
            229.49999999999994,
            27.0,
            243.87300000000008,
            0.0,
            0.0,
            0.0,
        ],
    ),
    (
        "default+batch",
        18.849999999999998,
        7.7338914218750014,
        [
            4.3711249999999975,
            0.3295124999999999,
            0.6590250000000015,
            4.651618125000001,
            0.0,
            0.8638719374999981,
            0.2409560156249988,
        ],
    ),
    (
        "system3000-nocomp-prefix2500",
        33.92499999999999,
        11.126416718749999,
        [
            8.026812499999995,
            0.6703874999999968,
            0.0,
            8.759729999999998,
            4.963140000000001,
            0.0,
            0.37851328125000094,
        ],
    ),
    (
        "sonnet-system3000-nocomp-batch",
        345.0,
        99.27205487187504,
        [
            83.46249999999998,
            6.817499999999939,
            0.0,
            112.03122000000005,
            28.595321999999996,
            11.389345800000001,
            3.4320573281249978,
        ],
    ),
];

fn today_form(name: &str) -> ScenarioForm {
    let mut form = ScenarioForm::defaults(1);
    match name {
        "support-chatbot" => {
            form = ScenarioForm::from_preset(PRESETS.iter().find(|p| p.id == name).unwrap())
        }
        "default+batch" => {
            form.set("lever-batch", "on");
        }
        "system3000-nocomp-prefix2500" => {
            form.set("system-tokens", "3000");
            form.set("lever-compression", "off");
            form.set("prompt-cache-prefix", "2500");
        }
        "sonnet-system3000-nocomp-batch" => {
            form.set("system-tokens", "3000");
            form.set("lever-compression", "off");
            form.set("projection-model", "claude-sonnet-4-5");
            form.set("lever-batch", "on");
        }
        _ => {}
    }
    form
}

#[test]
fn every_new_parameter_at_its_default_gives_todays_figures() {
    // The TTL (5m), the flex and priority shares (0) and the automatic minimum prefix
    // (1,024 for GPT-5 mini, GPT-5 nano and Claude Sonnet 4.5, as before) change nothing
    // where the prefix was already the instructions: the default scenario, the batch
    // lever, a system prompt without compression, Claude with batch.
    for &(name, baseline, optimized, savings) in TODAY {
        let projection = run(&today_form(name));
        close(projection.baseline, baseline);
        close(projection.optimized, optimized);
        for (lever, saving) in Lever::ORDER.iter().zip(savings) {
            close(projection.lever(*lever).saving, saving);
        }
    }
}

#[test]
fn the_presets_whose_prefix_was_the_bug_change_as_computed() {
    // RAG Q&A: a 1,200-token system prompt compressed by 30% is 840 tokens, below GPT-4.1's
    // 1,024-token minimum: nothing is cached (today's $99.77 cached 1,200 tokens, 360 of
    // them retrieved context that changes with every question).
    let rag = run(&ScenarioForm::from_preset(
        PRESETS.iter().find(|p| p.id == "rag-qa").unwrap(),
    ));
    close(rag.lever(Lever::PromptCache).saving, 0.0);
    // Classification: 1,500 × 70% = 1,050 tokens cached (today 1,170: the whole input,
    // 120 of them the item to label), and ≥ 1,024, so it is still cached, for less.
    let classification = run(&ScenarioForm::from_preset(
        PRESETS.iter().find(|p| p.id == "classification").unwrap(),
    ));
    let saving = classification.lever(Lever::PromptCache).saving;
    assert!(saving > 0.0 && saving < 325.94737499999985, "{saving}");
}

#[test]
fn flex_and_priority_shares_pay_their_tiers_prices() {
    // GPT-5 mini, no system prompt: 500 × 0.25 + 300 × 2 = $725/M = $0.000725 a call.
    // Flex at Batch API rates (50%): $0.0003625; priority 1.8× (OpenAI's $0.45 / $3.60 on
    // $0.25 / $2): $0.001305. 20% flex + 10% priority: 0.7 × 0.000725 + 0.2 × 0.0003625
    // + 0.1 × 0.001305 = $0.0007105 → $7.105 a month against $7.25: saving $0.145.
    let mut form = plain("gpt-5-mini", &[Lever::Batch]);
    form.set("system-tokens", "0");
    form.set("batch-share", "0");
    form.set("tier-flex-share", "20");
    form.set("tier-priority-share", "10");
    let projection = run(&form);
    close(projection.baseline, 7.25);
    close(projection.lever(Lever::Batch).saving, 0.145);
    // Priority costs more than it saves: half the calls at 1.8× → 0.5 × 0.000725 + 0.5 ×
    // 0.001305 = $0.001015 → $10.15: a saving of −$2.90.
    form.set("tier-flex-share", "0");
    form.set("tier-priority-share", "50");
    close(run(&form).lever(Lever::Batch).saving, -2.9);
    // Batch as before: 20% at the batch prices ($0.125 / $1): 0.8 × 0.000725 + 0.2 ×
    // 0.0003625 = $0.0006525 → saving $0.725.
    form.set("tier-priority-share", "0");
    form.set("batch-share", "20");
    close(run(&form).lever(Lever::Batch).saving, 0.725);
}

#[test]
fn a_model_without_a_tier_keeps_that_share_at_standard_prices() {
    // Claude Sonnet 4.5 has no flex processing: 30% flex changes nothing, with a note.
    let mut form = plain("claude-sonnet-4-5", &[Lever::Batch]);
    form.set("batch-share", "0");
    form.set("tier-flex-share", "30");
    let projection = run(&form);
    close(projection.lever(Lever::Batch).saving, 0.0);
    assert!(projection.lever(Lever::Batch).notes[0].contains("has no flex processing"));
    // GPT-4.1's priority tier is 1.75× (OpenAI: $3.50 / $14 on $2 / $8): 10,000 calls of
    // 2,500 input and 300 output = 2,500 × 2 + 300 × 8 = $7,400/M → $74 a month; all of
    // them priority: $129.50, a saving of −$55.50.
    let mut form = plain("gpt-4.1", &[Lever::Batch]);
    form.set("batch-share", "0");
    form.set("tier-priority-share", "100");
    close(run(&form).lever(Lever::Batch).saving, -55.5);
}

#[test]
fn the_shares_must_add_up_to_at_most_100() {
    let mut form = plain("gpt-5-mini", &[Lever::Batch]);
    form.set("batch-share", "60");
    form.set("tier-flex-share", "30");
    form.set("tier-priority-share", "20");
    let validated = validate(&form, &|id| catalog().get(id).is_some());
    assert!(validated.config.is_none());
    assert_eq!(
        validated.errors["tier-priority-share"],
        "Batch, flex and priority shares together must be at most 100%, they add up to 110%"
    );
    // Bad values get a message at their field, never a panic.
    for bad in ["", "-1", "NaN", "1e400", "abc"] {
        form.set("prompt-cache-min-prefix", bad);
        let validated = validate(&form, &|id| catalog().get(id).is_some());
        if bad.is_empty() {
            assert!(!validated.errors.contains_key("prompt-cache-min-prefix"));
        } else {
            assert!(
                validated.errors.contains_key("prompt-cache-min-prefix"),
                "{bad}"
            );
        }
    }
    form.set("prompt-cache-ttl", "2h");
    let validated = validate(&form, &|id| catalog().get(id).is_some());
    assert!(validated.errors["prompt-cache-ttl"].contains("5m, 1h"));
}

#[test]
fn tool_definitions_join_the_cached_prefix() {
    // Lead's merge: the prefix is the system prompt plus the tool definitions
    // (`CallShape::cacheable_prefix`). Claude Sonnet 4.5, 10,000 calls, system 2,000 +
    // tools 1,500 + user 500, output 300, prefix cap 5,000, 80% hits, 5-minute TTL:
    // P = min(5,000, 3,500) + min(max(5,000 − 2,000 − 1,500, 0), 0) = 3,500.
    // Per call: 3,500 × (0.8 × $0.30 + 0.2 × $3.75) + 500 × $3 + 300 × $15
    // = 3,465 + 1,500 + 4,500 = $9,465/M → $94.65 a month.
    let mut form = plain("claude-sonnet-4-5", &[Lever::PromptCache]);
    form.set("tool-tokens", "1500");
    form.set("prompt-cache-prefix", "5000");
    close(run(&form).optimized, 94.65);
}

#[test]
fn the_worked_agent_call_of_the_note() {
    // The note's worked example: one agent call on Claude Sonnet 4.5 with a 2,000-token
    // system prompt, 1,500 tokens of tool definitions, a 500-token user message, one
    // 1024 × 1024 image, 300 answer tokens and 1,000 reasoning tokens, prompt caching on
    // (prefix cap 5,000, 80% hits, 5-minute TTL), 10,000 calls, no overheads.
    // Image (Anthropic): 1024 × 1024 / 750 = 1,398.1 → 1,399 tokens.
    // Baseline per call: (2,000 + 1,500 + 500 + 1,399) × $3 + (300 + 1,000) × $15
    // = 16,197 + 19,500 = $35,697/M → $356.97 a month.
    // Cached: P = 3,500: 3,500 × $0.99 + (500 + 1,399) × $3 + 1,300 × $15
    // = 3,465 + 5,697 + 19,500 = $28,662/M → $286.62 a month; saving $70.35.
    let mut form = plain("claude-sonnet-4-5", &[Lever::PromptCache]);
    form.set("tool-tokens", "1500");
    form.set("image-count", "1");
    form.set("reasoning-tokens", "1000");
    form.set("prompt-cache-prefix", "5000");
    let projection = run(&form);
    close(projection.baseline, 356.97);
    close(projection.optimized, 286.62);
    close(projection.lever(Lever::PromptCache).saving, 70.35);
    // The 1-hour TTL writes at $6: 3,500 × (0.8 × 0.30 + 0.2 × 6) = 5,040 → $302.37.
    form.set("prompt-cache-ttl", "1h");
    close(run(&form).optimized, 302.37);
}

#[test]
fn the_compressed_prefix_note_names_the_tools() {
    // Regression (new-user test): with tools, the note said "the system prompt as
    // compressed: 2,314 tokens (of 1,800 before compression)", the 2,314 being system
    // 1,080 + tools 1,234. GPT-4o, system 1,800 compressed by 40% → 1,080; tools 1,234.
    let mut form = plain("gpt-4o", &[Lever::Compression, Lever::PromptCache]);
    form.set("system-tokens", "1800");
    form.set("tool-tokens", "1234");
    form.set("compression-percent", "40");
    form.set("prompt-cache-prefix", "5000");
    let projection = run(&form);
    let notes = &projection.lever(Lever::PromptCache).notes;
    assert!(
        notes[0].contains(
            "the system prompt as compressed and the tool definitions: 2,314 tokens (of 3,034 before compression)"
        ),
        "{notes:?}"
    );
}
