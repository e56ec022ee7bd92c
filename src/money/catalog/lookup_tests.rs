//! Tests of [`Catalog::lookup`] over names real usage files carry.

use super::*;

fn shipped() -> Catalog {
    Catalog::shipped().expect("the shipped catalog is valid")
}

fn found(catalog: &Catalog, name: &str) -> Option<String> {
    catalog.lookup(name).map(|model| model.id.clone())
}

/// genai-prices 0.2.3's `equals` clauses (tests/fixtures/model_ids/README.md).
const GENAI_EQUALS: &str =
    include_str!("../../../tests/fixtures/model_ids/genai-prices-equals.tsv");

/// Names genai-prices maps to one seller's model where the rule picks another seller's copy
/// of the same model, on purpose: (name, the rule's model, why).
const OTHER_SELLER: [(&str, &str); 3] = [
    // genai-prices lists OpenRouter's slug under Google Vertex's copy; the rule prefers
    // the maker, Anthropic.
    ("anthropic/claude-sonnet-4", "claude-sonnet-4-0"),
    // GLM 5.1 is sold by Z.ai (international) and Zhipu (China), both its makers;
    // Z.ai comes first in MAKERS.
    ("GLM-5.1-20260406", "GLM-5.1"),
    ("glm-5.1-20260406", "GLM-5.1"),
];

#[test]
fn genai_prices_equals_clauses_never_give_another_models_prices() {
    // Every `equals` clause genai-prices 0.2.3 gives a maker's model (521 names: the real
    // ids each model is called by) either finds that model, or a reseller's copy of the
    // same name (steps 4 of the rule), or nothing: never a different model. A name
    // found nowhere is left for the page to list.
    let catalog = shipped();
    let (mut same, mut copies, mut none, mut total) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for line in GENAI_EQUALS.lines().filter(|line| !line.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(name), Some(expected)) = (fields.next(), fields.next()) else {
            continue;
        };
        total += 1;
        match catalog.lookup(name) {
            None => none += 1,
            Some(model) if model.id == expected => same += 1,
            Some(model) if OTHER_SELLER.contains(&(name, model.id.as_str())) => copies += 1,
            Some(model) if catalog.maker_rank(model) > MAKERS.len() => copies += 1,
            Some(model) => wrong.push(format!(
                "{name} -> {}, genai-prices says {expected}",
                model.id
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(total, 521);
    // Measured: 2026-12-01, genai-prices 0.2.3. The rule finds most names; the rest
    // are aliases no rule can derive (`gpt-5-codex` is priced as `gpt-5`, `gpt-35-turbo`
    // is Azure's name for `gpt-3.5-turbo`).
    println!("{same} found, {copies} another seller's copy, {none} unmatched of {total}");
    assert!(same >= 385, "{same} found");
}

/// Real names from usage files, and the catalog model each must find (`None`: none).
/// Sources:
/// - [A] Anthropic, "Model IDs and versioning" and "Claude on Amazon Bedrock"
///   (platform.claude.com/docs/en/about-claude/models/model-ids-and-versions,
///   …/api/claude-on-amazon-bedrock): API ids, Bedrock ids, Vertex ids.
/// - [S] anthropic-sdk-python, src/anthropic/types/model_param.py (`ModelParam`).
/// - [G] genai-prices 0.2.3 match clauses (tests/fixtures/model_ids/README.md).
/// - [O] OpenAI model ids as the Usage API and `model` fields report them (the dated
///   snapshot ids genai-prices lists as `equals`).
/// - [V] Google Gemini API / Vertex ids (`models/…` as the API lists them, `-001`
///   stamps, Vertex `publishers/google/models/…` resource names).
/// - [R] OpenRouter slugs (`anthropic/claude-3.5-sonnet`, `:thinking`) and LiteLLM
///   `provider/model` names.
/// - [N] Display names as Anthropic, OpenAI and Google write them.
const TABLE: &[(&str, Option<&str>)] = &[
    // Anthropic API, dated [A][S].
    ("claude-sonnet-4-5-20250929", Some("claude-sonnet-4-5")),
    ("claude-haiku-4-5-20251001", Some("claude-haiku-4-5")),
    ("claude-opus-4-5-20251101", Some("claude-opus-4-5")),
    ("claude-opus-4-1-20250805", Some("claude-opus-4-1")),
    ("claude-opus-4-20250514", Some("claude-opus-4-0")),
    ("claude-sonnet-4-20250514", Some("claude-sonnet-4-0")),
    ("claude-4-sonnet-20250514", Some("claude-sonnet-4-0")),
    ("claude-4-opus-20250514", Some("claude-opus-4-0")),
    (
        "claude-3-7-sonnet-20250219",
        Some("claude-3-7-sonnet-latest"),
    ),
    ("claude-3-5-sonnet-20241022", Some("claude-3-5-sonnet")),
    ("claude-3-5-sonnet-20240620", Some("claude-3-5-sonnet")),
    ("claude-3-5-haiku-20241022", Some("claude-3-5-haiku-latest")),
    ("claude-3-opus-20240229", Some("claude-3-opus-latest")),
    ("claude-3-haiku-20240307", Some("claude-3-haiku")),
    // Anthropic aliases [S].
    ("claude-3-7-sonnet-latest", Some("claude-3-7-sonnet-latest")),
    ("claude-3-5-haiku-latest", Some("claude-3-5-haiku-latest")),
    ("claude-sonnet-4-0", Some("claude-sonnet-4-0")),
    ("claude-sonnet-4-6", Some("claude-sonnet-4-6")),
    // Bedrock [A].
    (
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        Some("claude-sonnet-4-5"),
    ),
    (
        "us.anthropic.claude-sonnet-4-20250514-v1:0",
        Some("claude-sonnet-4-0"),
    ),
    (
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        Some("claude-3-5-sonnet"),
    ),
    ("anthropic.claude-opus-4-6-v1", Some("claude-opus-4-6")),
    (
        "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        Some("claude-haiku-4-5"),
    ),
    (
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
        Some("claude-sonnet-4-0"),
    ),
    // Vertex [A][S].
    ("claude-sonnet-4@20250514", Some("claude-sonnet-4-0")),
    ("claude-haiku-4-5@20251001", Some("claude-haiku-4-5")),
    ("claude-3-5-sonnet-v2@20241022", Some("claude-3-5-sonnet")),
    // OpenRouter and LiteLLM [R].
    ("anthropic/claude-3.5-sonnet", Some("claude-3-5-sonnet")),
    ("anthropic/claude-sonnet-4.5", Some("claude-sonnet-4-5")),
    (
        "anthropic/claude-3.7-sonnet:thinking",
        Some("claude-3-7-sonnet-latest"),
    ),
    ("openai/gpt-4o", Some("gpt-4o")),
    ("openai/gpt-4o:extended", Some("gpt-4o:extended")),
    ("azure/gpt-4o-mini", Some("gpt-4o-mini")),
    ("vertex_ai/gemini-2.5-pro", Some("gemini-2.5-pro")),
    ("google/gemini-2.5-flash", Some("gemini-2.5-flash")),
    (
        "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
        Some("claude-3-5-sonnet"),
    ),
    // An id of a second seller, as written, is that seller's model [G].
    ("google/claude-3-5-sonnet", Some("google/claude-3-5-sonnet")),
    // OpenAI [O][G].
    ("gpt-4o-2024-08-06", Some("gpt-4o")),
    ("gpt-4o-2024-11-20", Some("gpt-4o")),
    ("gpt-4o-2024-05-13", Some("gpt-4o-2024-05-13")),
    ("gpt-4o-mini-2024-07-18", Some("gpt-4o-mini")),
    ("gpt-4.1-2025-04-14", Some("gpt-4.1")),
    ("gpt-4.1-mini-2025-04-14", Some("gpt-4.1-mini")),
    ("gpt-5-2025-08-07", Some("gpt-5")),
    ("gpt-5-mini-2025-08-07", Some("gpt-5-mini")),
    ("o3-2025-04-16", Some("o3")),
    ("o1", Some("o1")),
    ("o1-mini", Some("o1-mini")),
    ("o1-mini-2024-09-12", Some("o1-mini")),
    ("o1-2024-12-17", Some("o1")),
    ("o3-mini-2025-01-31", Some("o3-mini")),
    ("o4-mini-2025-04-16", Some("o4-mini")),
    ("gpt-4-turbo-2024-04-09", Some("gpt-4-turbo")),
    ("chatgpt-4o-latest", Some("chatgpt-4o-latest")),
    (
        "ft:gpt-4o-mini-2024-07-18:my-org::A1b2C3d4",
        Some("ft:gpt-4o-mini"),
    ),
    ("ft:gpt-4o-2024-08-06:my-org:custom:xyz", Some("ft:gpt-4o")),
    // Gemini [V][G].
    ("gemini-2.5-flash", Some("gemini-2.5-flash")),
    ("models/gemini-2.5-flash", Some("gemini-2.5-flash")),
    (
        "gemini-2.5-flash-preview-05-20",
        Some("gemini-2.5-flash-preview"),
    ),
    ("gemini-2.0-flash-001", Some("gemini-2.0-flash")),
    ("gemini-1.5-pro-002", Some("gemini-1.5-pro")),
    ("gemini-1.5-flash-latest", Some("gemini-1.5-flash")),
    (
        "projects/my-project/locations/us-central1/publishers/google/models/gemini-2.0-flash-001",
        Some("gemini-2.0-flash"),
    ),
    // Display names [N].
    ("Claude Haiku 4.5", Some("claude-haiku-4-5")),
    ("Claude Sonnet 4", Some("claude-sonnet-4-0")),
    ("Claude 3.5 Sonnet", Some("claude-3-5-sonnet")),
    ("Claude Sonnet 3.7", Some("claude-3-7-sonnet-latest")),
    ("Claude Opus 4.1", Some("claude-opus-4-1")),
    ("GPT-4o mini", Some("gpt-4o-mini")),
    ("GPT-4.1", Some("gpt-4.1")),
    ("Gemini 2.5 Pro", Some("gemini-2.5-pro")),
    ("o4 Mini High", Some("o4-mini")),
    // No match.
    ("claude-sonnet-4-5-foo", None),
    ("claude-sonnet-4-5-20250929-foo", None),
    ("gpt-4o-mini-foo", None),
    ("text-embedding-3-small", None),
    ("llama-3-70b-private", None),
    ("<synthetic>", None),
    ("gemini-pro-latest", None),
    ("gpt-3.5-turbo-0301", None),
    ("llama3:70b", None),
    ("", None),
    ("   ", None),
];

#[test]
fn real_names_find_their_models() {
    let catalog = shipped();
    let wrong: Vec<String> = TABLE
        .iter()
        .filter_map(|(name, expected)| {
            let got = found(&catalog, name);
            (got.as_deref() != *expected)
                .then(|| format!("{name:?} -> {got:?}, expected {expected:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(TABLE.len() >= 40);
}

#[test]
fn ties_prefer_the_maker_and_exact_ids_win() {
    let catalog = shipped();
    // Google Vertex sells `claude-3-7-sonnet`; Anthropic's own id is
    // `claude-3-7-sonnet-latest`. The dated id is Anthropic's.
    assert_eq!(catalog.get("claude-3-7-sonnet").unwrap().provider, "google");
    let sonnet = catalog.lookup("claude-3-7-sonnet-20250219").unwrap();
    assert_eq!(sonnet.provider, "anthropic");
    // Azure's catalog id is `o3-2025-04-16`; OpenAI's `o3` comes first.
    assert_eq!(catalog.get("o3-2025-04-16").unwrap().provider, "azure");
    assert_eq!(catalog.lookup("o3-2025-04-16").unwrap().id, "o3");
    // A maker's exact id wins over a stripped one.
    assert_eq!(
        catalog.lookup("gpt-4o-2024-05-13").unwrap().id,
        "gpt-4o-2024-05-13"
    );
    // Case and separators do not matter.
    assert_eq!(catalog.lookup(" GPT-4O ").unwrap().id, "gpt-4o");
    assert_eq!(
        catalog.lookup("claude_sonnet_4_5").unwrap().id,
        "claude-sonnet-4-5"
    );
}

#[test]
fn a_users_model_is_found_first() {
    let mut catalog = shipped();
    let mut mine = catalog.get("gpt-4o").unwrap().clone();
    mine.id = "my-gpt".into();
    mine.model = "my-gpt".into();
    mine.name = "My GPT".into();
    mine.provider = "me".into();
    mine.origin = Origin::Custom;
    catalog.models.push(mine);
    assert_eq!(catalog.lookup("my-gpt-2025-01-01").unwrap().id, "my-gpt");
    assert_eq!(catalog.lookup("My GPT").unwrap().id, "my-gpt");
}

#[test]
fn a_thousand_lookups_are_quick() {
    // Measured: see the report; in a debug build this is only a smoke test.
    let catalog = shipped();
    let names: Vec<&str> = TABLE.iter().map(|(name, _)| *name).collect();
    let start = std::time::Instant::now();
    for i in 0..1000 {
        let _ = catalog.lookup(names[i % names.len()]);
    }
    println!("1000 lookups: {:?}", start.elapsed());
}

proptest::proptest! {
    #[test]
    fn lookup_never_panics(name in "\\PC*") {
        SHIPPED.with(|catalog| {
            let _ = catalog.lookup(&name);
        });
    }

    #[test]
    fn lookup_never_panics_on_id_like_names(name in "[a-z0-9.:@/_ -]{0,40}") {
        SHIPPED.with(|catalog| {
            let _ = catalog.lookup(&name);
        });
    }
}

thread_local! {
    static SHIPPED: Catalog = shipped();
}

#[test]
fn no_two_models_of_a_provider_share_a_key_with_other_prices() {
    // The key ignores case and separators (`model_ids::key`); if two models of one
    // provider had one key and different prices, a name would find one at random.
    let catalog = shipped();
    let mut seen: std::collections::HashMap<(String, String), &Model> =
        std::collections::HashMap::new();
    for model in &catalog.models {
        for name in [&model.id, &model.model] {
            let key = (model.provider.clone(), super::model_ids::key(name));
            if let Some(other) = seen.insert(key, model) {
                assert!(
                    other.id == model.id || other.prices == model.prices,
                    "{} and {}",
                    other.id,
                    model.id
                );
            }
        }
    }
}
