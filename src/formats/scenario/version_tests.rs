//! Version 2 of the scenario format (issue #18): its defaults, the headline they give, the
//! article's example preset, and the migration of version-1 links, files and saved
//! scenarios.

use super::*;
use crate::models::projection::{project, Projection};
use crate::money::catalog::Catalog;

fn shipped() -> Catalog {
    static SHIPPED: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| Catalog::shipped().unwrap()).clone()
}

fn projected(form: &ScenarioForm) -> Projection {
    let catalog = shipped();
    let validated = validate(form, &|id| catalog.get(id).is_some());
    assert_eq!(validated.errors, BTreeMap::new());
    project(&validated.config.unwrap(), &catalog).unwrap()
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "{actual} is not {expected}"
    );
}

/// The version-1 defaults as the fixture wrote them before version 2 existed.
fn v1_fixture() -> ScenarioForm {
    let (_, form, problems) = from_json(include_str!(
        "../../../tests/fixtures/formats/link-v1-defaults.json"
    ))
    .unwrap();
    assert_eq!(problems, Vec::<String>::new());
    form
}

#[test]
fn the_default_scenario_pays_back_in_two_and_a_half_months() {
    // Regression: the version-1 defaults opened on ROI −98.4% and payback 80.9 months
    // ($10,400 of effort against $10.28 a month saved; prompt caching saved $0.00).
    //
    // Version 2, worked out by hand with the shipped prices per million tokens: GPT-5.6
    // Terra $2 in, $12 out, $0.20 cached read, $2.50 cache write (5 min); GPT-5.6 Luna
    // $0.20, $1.20, $0.02, $0.25.
    // N = 20,000 conversations × 6 turns = 120,000 calls of 5,000 system + 1,000 history
    // + 200 user = 6,200 input and 200 output tokens.
    // Naive: 6,200 × 2 / M + 200 × 12 / M = $0.0124 + $0.0024 = $0.0148 a call × 120,000
    //   = $1,776.00.
    // True: history and system tokens are entered, so context reloading, multi-turn and
    //   repeated system prompts are replaced; retries +15% and dev/testing +25% remain:
    //   × 1.40 = $2,486.40.
    // 1. Response cache: hit rate 10% + 15% × (1 − 5%) = 24.25%; 120,000 × 75.75% =
    //    90,900 API calls; lookups 120,000 × $0.00002 = $2.40.
    //    1.4 × 90,900 × $0.0148 + $2.40 = $1,885.848: saves $600.552.
    // 2. Context window of 2 of 6 turns: 9 / 15 = 60% of the history, 600 tokens; a call
    //    5,800 × 2 / M + $0.0024 = $0.0140: 1.4 × 90,900 × 0.0140 + 2.40 = $1,784.04:
    //    saves $101.808.
    // 3. Compression 10%: system 4,500; a call 5,300 × 2 / M + $0.0024 = $0.0130:
    //    1.4 × 90,900 × 0.0130 + 2.40 = $1,656.78: saves $127.26.
    // 4. Routing: 50% to Luna (5,300 × 0.2 / M + 200 × 1.2 / M = $0.0013), 50% stay on
    //    Terra, and 10% of the routed 50% are paid again on Terra: 0.5 × 0.0013 +
    //    0.55 × 0.0130 = $0.0078 an API call: 1.4 × 90,900 × 0.0078 + 2.40 = $995.028:
    //    saves $661.752.
    // 5. Prompt caching: prefix min(5,000, 4,500 as compressed) = 4,500 tokens, above
    //    both models' 1,024 minimum; 80% read it, 20% write it.
    //    Terra: 800 × 2 / M + 0.2 × 4,500 × 2.5 / M + 0.8 × 4,500 × 0.2 / M + $0.0024
    //      = 0.0016 + 0.00225 + 0.00072 + 0.0024 = $0.00697;
    //    Luna: 800 × 0.2 / M + 0.2 × 4,500 × 0.25 / M + 0.8 × 4,500 × 0.02 / M + $0.00024
    //      = 0.00016 + 0.000225 + 0.000072 + 0.00024 = $0.000697;
    //    0.5 × 0.000697 + 0.55 × 0.00697 = $0.004182 an API call; 90,900 × 0.004182 =
    //    $380.1438; 1.4 × 380.1438 + 2.40 = $534.60132: saves $460.42668.
    // 6. Batch: off (replies are live).
    // 7. Retries: 15% × (1 − 50%) = 7.5%: 1.325 × 380.1438 + 2.40 = $506.090535: saves
    //    $28.510785.
    // Optimized $506.090535; savings 2,486.40 − 506.090535 = $1,980.309465 a month,
    // 1,980.309465 / 2,486.40 = 79.65%.
    // Investment: (12 + 10 + 6 + 16 + 4 + 4) = 52 hours × $100 = $5,200.
    // Payback, growing 5% a month: 1,980.309 + 2,079.325 = 4,059.634 after month 2;
    //   month 3 saves 2,183.291: 2 + (5,200 − 4,059.634) / 2,183.291 = 2.5223 months.
    // ROI over 12 months: savings 1,980.309465 × (1.05¹² − 1) / 0.05 = 1,980.309465 ×
    //   15.917127 = $31,520.84; (31,520.84 − 5,200) / 5,200 = +506.2%.
    let projection = projected(&ScenarioForm::default());
    close(projection.naive, 1_776.0);
    close(projection.baseline, 2_486.4);
    let savings = [600.552, 101.808, 127.26, 661.752, 460.42668, 0.0, 28.510785];
    for (lever, saving) in Lever::ORDER.iter().zip(savings) {
        close(projection.lever(*lever).saving, saving);
    }
    close(projection.optimized, 506.090535);
    close(projection.savings, 1_980.309465);
    close(projection.investment, 5_200.0);
    let payback = projection.payback_months.unwrap();
    assert!((payback - 2.5223).abs() < 1e-4, "{payback}");
    let roi = projection.roi.unwrap();
    assert!((roi - 5.0617).abs() < 1e-4, "{roi}");
    assert!(roi > 0.0 && payback <= 4.0);
}

#[test]
fn the_article_example_preset_gives_330_and_858() {
    // 10,000 × (500 × $30 + 300 × $60) / M = 10,000 × $0.033 = $330; × (1 + 0.40 + 0.15
    // + 0.25 + 0.30 + 0.50) = × 2.6 = $858.
    let preset = PRESETS
        .iter()
        .find(|preset| preset.id == "article-example")
        .unwrap();
    let projection = projected(&ScenarioForm::from_preset(preset));
    close(projection.naive, 330.0);
    close(projection.multiplier, 2.6);
    close(projection.baseline, 858.0);
    // It holds on either version's defaults: the preset sets every field they depend on.
    let mut on_v2 = ScenarioForm::default();
    for (key, value) in preset.values {
        on_v2.set(key, value);
    }
    let projection = projected(&on_v2);
    close(projection.naive, 330.0);
    close(projection.baseline, 858.0);
}

#[test]
fn a_version_1_link_reads_as_it_did() {
    // The links of the tests written before version 2, each read on the version-1
    // defaults as the fixture froze them, to the same ScenarioConfig.
    let catalog = shipped();
    let config = |form: &ScenarioForm| {
        validate(form, &|id| catalog.get(id).is_some())
            .config
            .expect("a valid scenario")
    };
    for link in [
        "v=1",
        "v=1&calls-per-month=50000&lever-batch=on",
        "v=1&calls-per-month=123456",
        "v=1&reasoning-tokens=1500&tool-tokens=1200",
        "v=1&image-count=2&image-width=2048&image-height=4096&image-detail=high",
        "v=1&lever-cache=OFF&lever-batch=yes&lever-routing=0&lever-context=&volume-mode=Conversations&calls-per-month=12%2C000",
        "v=1&calls-per-month=50000&projection-model=gpt-4.1&model-mix=gpt-4o-mini:30&lever-batch=on&batch-share=40",
    ] {
        let (form, _) = ScenarioForm::from_query(link);
        let (expected, _) = {
            let mut expected = v1_fixture();
            let problems = expected.apply_query(link);
            (expected, problems)
        };
        assert_eq!(form, expected, "{link}");
        if validate(&form, &|id| catalog.get(id).is_some()).config.is_some() {
            assert_eq!(config(&form), config(&expected), "{link}");
        }
        // A link without `v` meant version 1.
        let without = link.trim_start_matches("v=1").trim_start_matches('&');
        assert_eq!(ScenarioForm::from_query(without).0, form, "{without}");
    }
    // The old default headline: naive $7.25, true $18.85.
    let projection = projected(&ScenarioForm::from_query("v=1").0);
    close(projection.naive, 7.25);
    close(projection.baseline, 18.85);
}

#[test]
fn a_version_1_link_written_again_is_version_2_and_keeps_the_scenario() {
    let link = "v=1&calls-per-month=50000&lever-batch=on&batch-share=40";
    let (form, problems) = ScenarioForm::from_query(link);
    assert_eq!(problems, Vec::<String>::new());
    let written = form.to_query();
    assert!(written.starts_with("v=2&"), "{written}");
    // It names the version-1 defaults that version 2 changed.
    assert!(written.contains("projection-model=gpt-5-mini"), "{written}");
    assert!(written.contains("compression-percent=40"), "{written}");
    assert_eq!(ScenarioForm::from_query(&written), (form, Vec::new()));
}

#[test]
fn a_version_2_link_is_shorter_for_the_new_defaults() {
    let mut form = ScenarioForm::default();
    form.set("conversations-per-month", "35000");
    let v2 = form.to_query();
    assert_eq!(v2, "v=2&conversations-per-month=35000");
    // The same scenario as a version-1 link would have to list every changed default.
    let v1: String = std::iter::once("v=1".to_owned())
        .chain(
            FIELDS
                .iter()
                .filter(|field| form.get(field.key) != field.default_v1)
                .map(|field| format!("{}={}", field.key, form.get(field.key))),
        )
        .collect::<Vec<_>>()
        .join("&");
    assert!(v2.len() * 5 < v1.len(), "{v2} vs {v1}");
    assert_eq!(ScenarioForm::from_query(&v1).0, form);
}

#[test]
fn an_unknown_version_is_reported_and_read_on_the_current_defaults() {
    let (form, problems) = ScenarioForm::from_query("v=9&calls-per-month=5");
    assert_eq!(
        problems,
        vec!["The link is of version \"9\"; it was read as version 2."]
    );
    let mut expected = ScenarioForm::default();
    expected.set("calls-per-month", "5");
    assert_eq!(form, expected);
    // The first readable `v` decides, as for every parameter.
    let (form, problems) = ScenarioForm::from_query("v=%ZZ&v=1&v=2");
    assert_eq!(form, ScenarioForm::defaults(1));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(ScenarioForm::query_version("merge=1&v=2"), 2);
    assert_eq!(ScenarioForm::query_version(""), 1);
}

#[test]
fn files_and_saved_scenarios_read_on_their_versions_defaults() {
    // A file or entry that gives one field: the others are its version's defaults.
    let file = |version| {
        format!(
            r#"{{"format":"burnrate-scenario","version":{version},"fields":{{"calls-per-month":"7"}}}}"#
        )
    };
    for (version, mut expected) in [(1, ScenarioForm::defaults(1)), (2, ScenarioForm::default())] {
        expected.set("calls-per-month", "7");
        let (_, form, problems) = from_json(&file(version)).unwrap();
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(form, expected, "file version {version}");
        let entry = format!(
            r#"{{"format":"burnrate-scenarios","version":{version},"scenarios":[{{"name":"A","fields":{{"calls-per-month":"7"}}}}]}}"#
        );
        let (saved, problems) = saved_from_json(&entry).unwrap();
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(saved[0].form, expected, "saved version {version}");
    }
    // Written again, both are version 2 and read back the same.
    let (_, old, _) = from_json(&file(1)).unwrap();
    let json = to_json("Current", &old);
    assert!(json.contains("\"version\": 2"), "{json}");
    assert_eq!(from_json(&json).unwrap().1, old);
    assert!(from_json(&file(3)).is_err());
    assert!(
        saved_from_json(r#"{"format":"burnrate-scenarios","version":3,"scenarios":[]}"#).is_err()
    );
}

#[test]
fn version_2_defaults_the_compression_to_a_measured_figure_and_keeps_batch_off() {
    let form = ScenarioForm::default();
    assert_eq!(form.get("compression-percent"), "10");
    assert_eq!(form.get("lever-batch"), "off");
    // Every provider's minimum cacheable prefix is at most 4,096 tokens: the system
    // prompt stays above it after compression (5,000 × 0.9 = 4,500).
    assert_eq!(form.get("system-tokens"), "5000");
    assert_eq!(form.get("prompt-cache-prefix"), "5000");
}
