//! Stored and exported data as Burnrate wrote it before its formats moved to serde
//! derive (the files under `tests/fixtures/formats/` were written by the hand-written
//! writers of that time, and hand-edited files that those readers accepted). Every one
//! must keep reading back as it did, and the writers must keep writing the same bytes.

use std::collections::BTreeSet;

use crate::formats::usage_log::{Column, Mapping};
use crate::formats::{compress_rules, routing_rules, scenario};
use crate::formats::{compress_rules::RuleSettings, scenario::ScenarioForm};
use crate::models::routing::RoutingRules;
use crate::text::compress::rules::CustomRule;

use crate::formats::usage_mappings::SavedMappings;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../tests/fixtures/formats/", $name))
    };
}

/// A scenario with values of every kind: a mix, an emptied model, a value that is not
/// valid (kept as typed), non-ASCII text.
fn plan() -> ScenarioForm {
    let mut form = ScenarioForm::defaults(1);
    for (key, value) in [
        ("calls-per-month", "50000"),
        ("projection-model", "gpt-4o-mini"),
        ("model-mix", "gpt-4:10,claude-haiku-4-5:5"),
        ("growth-rate", "12.5"),
        ("lever-batch", "on"),
        ("routing-model-trivial", ""),
        ("user-tokens", "12 thousand"),
        ("context-strategy", "summary"),
        ("hourly-rate", "150"),
    ] {
        assert!(form.set(key, value), "{key}");
    }
    form
}

fn batch() -> ScenarioForm {
    let mut form = ScenarioForm::defaults(1);
    form.set("lever-batch", "on");
    form.set("batch-share", "80");
    form
}

const PLAN_NAME: &str = "Support plan — Q3 & \"draft\" ✓";

#[test]
fn a_scenario_file_is_written_and_read_as_before() {
    // The export file and `burnrate.projection.current` (named "Current") are one format.
    // The fixtures are version 1 and read on version 1's defaults; the writer writes
    // version 2 (issue #18), the same bytes but the version, since files hold every field.
    let as_v2 = |text: &str| text.replace("\"version\": 1\n", "\"version\": 2\n");
    assert_eq!(
        scenario::to_json(PLAN_NAME, &plan()),
        as_v2(fixture!("scenario-file.json"))
    );
    assert_eq!(
        scenario::from_json(fixture!("scenario-file.json")),
        Ok((PLAN_NAME.to_owned(), plan(), Vec::new()))
    );
    assert_eq!(
        scenario::to_json("Current", &batch()),
        as_v2(fixture!("projection-current.json"))
    );
    assert_eq!(
        scenario::from_json(fixture!("projection-current.json")),
        Ok(("Current".to_owned(), batch(), Vec::new()))
    );
}

#[test]
fn a_hand_edited_scenario_file_reads_as_before() {
    // Numbers and switches as JSON values, values that are neither, an unknown field, a
    // missing name and an extra top-level key, as the old reader took them.
    let (name, form, problems) =
        scenario::from_json(fixture!("scenario-file-hand-edited.json")).unwrap();
    assert_eq!(name, "Imported scenario");
    assert_eq!(form.get("calls-per-month"), "77");
    assert_eq!(form.get("growth-rate"), "2.5");
    assert_eq!(form.get("lever-batch"), "on");
    assert_eq!(form.get("lever-cache"), "off");
    assert_eq!(form.get("user-tokens"), "500");
    assert_eq!(form.get("output-tokens"), "300");
    let mut expected = ScenarioForm::defaults(1);
    for (key, value) in [
        ("calls-per-month", "77"),
        ("growth-rate", "2.5"),
        ("lever-batch", "on"),
        ("lever-cache", "off"),
    ] {
        expected.set(key, value);
    }
    assert_eq!(form, expected);
    assert_eq!(
        problems,
        vec![
            "The file's value for \"output-tokens\" is not text or a number; it was ignored.",
            "The file has an unknown setting \"spare-field\"; it was ignored.",
            "The file's value for \"user-tokens\" is not text or a number; it was ignored.",
        ]
    );
}

fn saved() -> Vec<scenario::SavedScenario> {
    vec![
        scenario::SavedScenario {
            name: "A".into(),
            form: ScenarioForm::defaults(1),
        },
        scenario::SavedScenario {
            name: "Mix & match — é".into(),
            form: plan(),
        },
        scenario::SavedScenario {
            name: "Batch".into(),
            form: batch(),
        },
    ]
}

#[test]
fn saved_scenarios_are_written_and_read_as_before() {
    let saved = saved();
    // Version 1 read on version 1's defaults; written as version 2, the same bytes but
    // the version.
    assert_eq!(
        scenario::saved_to_json(&saved),
        fixture!("saved-scenarios.json")
            .trim_end()
            .replace("\"version\":1}", "\"version\":2}")
    );
    assert_eq!(
        scenario::saved_from_json(fixture!("saved-scenarios.json")),
        Ok((saved, Vec::new()))
    );
}

#[test]
fn hand_edited_saved_scenarios_read_as_before() {
    let (saved, problems) =
        scenario::saved_from_json(fixture!("saved-scenarios-hand-edited.json")).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, "Kept");
    assert_eq!(saved[0].form.get("calls-per-month"), "9");
    assert_eq!(
        problems,
        vec![
            "A saved scenario without a name or fields was skipped.",
            "The saved scenario has an unknown setting \"nope\"; it was ignored.",
            "A saved scenario without a name or fields was skipped.",
        ]
    );
}

fn rules() -> RuleSettings {
    RuleSettings {
        disabled: BTreeSet::from(["filler-just".to_owned(), "hedge-i-think".to_owned()]),
        custom: vec![
            CustomRule {
                find: "utilize".into(),
                replace: "use".into(),
                regex: false,
            },
            CustomRule {
                find: r"\bvery\s+".into(),
                replace: String::new(),
                regex: true,
            },
            CustomRule {
                find: "—".into(),
                replace: " - \"dash\" ".into(),
                regex: false,
            },
        ],
    }
}

#[test]
fn compression_rules_are_written_and_read_as_before() {
    // `burnrate.compress-rules` and the exported rules file are one format.
    assert_eq!(
        compress_rules::to_json(&rules()),
        fixture!("compress-rules.json")
    );
    assert_eq!(
        compress_rules::parse(fixture!("compress-rules.json")),
        Ok(rules())
    );
    assert_eq!(
        compress_rules::to_json(&RuleSettings::default()),
        fixture!("compress-rules-empty.json")
    );
    // Lists left out, a rule without "regex", an unknown key: as before.
    let read = compress_rules::parse(
        r#"{"format":"burnrate-compress-rules","version":1,"extra":true,"custom":[{"find":"a","replace":"b"}]}"#,
    );
    assert_eq!(
        read,
        Ok(RuleSettings {
            disabled: BTreeSet::new(),
            custom: vec![CustomRule {
                find: "a".into(),
                replace: "b".into(),
                regex: false
            }]
        })
    );
}

fn routing() -> RoutingRules {
    let mut rules = RoutingRules::default();
    rules.keywords[0] = vec!["classify".into(), "yes/no".into(), "détecter".into()];
    rules.keywords[4] = Vec::new();
    rules
}

#[test]
fn routing_rules_are_written_and_read_as_before() {
    assert_eq!(
        routing_rules::to_json(&routing()),
        fixture!("routing-rules.json").trim_end()
    );
    assert_eq!(
        routing_rules::parse(fixture!("routing-rules.json")),
        Ok(routing())
    );
    // A tier left out keeps its defaults; keywords are trimmed and lower-cased on reading.
    let mut expected = RoutingRules::default();
    expected.keywords[1] = vec!["spaced out".into()];
    assert_eq!(
        routing_rules::parse(
            r#"{"format":"burnrate-routing-rules","version":1,"keywords":{"simple":["  Spaced OUT "]},"other":1}"#
        ),
        Ok(expected)
    );
}

fn mappings() -> SavedMappings {
    let mut first = Mapping::default();
    first.set(Column::Timestamp, Some("when".into()));
    first.set(Column::Model, Some("engine".into()));
    first.set(Column::InputTokens, Some("in".into()));
    first.set(Column::OutputTokens, Some("out".into()));
    first.set(Column::Cost, Some("coût €".into()));
    let mut second = Mapping::default();
    second.set(Column::Timestamp, Some("ts".into()));
    second.set(Column::Model, Some("m".into()));
    let names = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
    SavedMappings {
        entries: vec![
            (names(&["when", "engine", "in", "out", "coût €"]), first),
            (names(&["ts", "m"]), second),
        ],
    }
}

#[test]
fn usage_mappings_are_written_and_read_as_before() {
    assert_eq!(
        mappings().to_json(),
        fixture!("usage-mappings.json").trim_end()
    );
    assert_eq!(
        SavedMappings::from_json(fixture!("usage-mappings.json")),
        Ok(mappings())
    );
}

/// Forms whose values hold every character a link must escape.
fn linked() -> Vec<ScenarioForm> {
    let mut forms = Vec::new();
    for (key, value) in [
        ("projection-model", "gpt 5 & co=1+1 100% ✓"),
        ("model-mix", "gpt-4o-mini:30,gpt-4:10"),
        (
            "routing-model-expert",
            "Modèle – 日本語 / ? # [x] @ ! $ ' ( ) * ; ~._-",
        ),
        ("routing-model-trivial", ""),
        ("routing-model-simple", "tab\there\nnew line"),
    ] {
        let mut form = ScenarioForm::defaults(1);
        form.set(key, value);
        forms.push(form);
    }
    let mut all = ScenarioForm::defaults(1);
    all.set("calls-per-month", "50000");
    all.set("projection-model", "a+b=c&d");
    all.set("lever-batch", "on");
    forms.push(all);
    forms
}

#[test]
fn links_are_written_and_read_as_before() {
    // `links.txt` holds version-1 links, read on version 1's defaults; `links-v2.txt` the
    // same forms as this version writes them (issue #18), read back alike.
    let lines: Vec<&str> = fixture!("links.txt").lines().collect();
    let written: Vec<&str> = fixture!("links-v2.txt").lines().collect();
    let forms = linked();
    assert_eq!(lines.len(), forms.len());
    assert_eq!(written.len(), forms.len());
    for ((line, v2), form) in lines.iter().zip(written).zip(forms) {
        assert_eq!(
            ScenarioForm::from_query(line),
            (form.clone(), Vec::new()),
            "{line}"
        );
        assert_eq!(form.to_query(), v2);
        assert_eq!(ScenarioForm::from_query(v2), (form, Vec::new()), "{v2}");
    }
}

#[test]
fn hand_written_links_read_as_before() {
    // `+` is a space, lower-case escapes are read, `%2B` is a plus sign, and a name may be
    // escaped too.
    let (form, problems) = ScenarioForm::from_query(
        "v=1&projection-model=a+b%2Bc%c3%a9%C3%A9&routing%2Dmodel%2Dexpert=x%20y",
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(form.get("projection-model"), "a b+céé");
    assert_eq!(form.get("routing-model-expert"), "x y");
    // Broken escapes and bytes that are not UTF-8 are unreadable.
    for broken in ["%", "%4", "%G0", "%FF", "%C3", "a%zzb"] {
        let (form, problems) = ScenarioForm::from_query(&format!("v=1&projection-model={broken}"));
        assert_eq!(form.get("projection-model"), "gpt-5-mini", "{broken}");
        assert_eq!(
            problems,
            vec!["The link's value for \"projection-model\" is not readable and was ignored."],
            "{broken}"
        );
    }
    // An unreadable name is kept as written, and reported as unknown.
    let (_, problems) = ScenarioForm::from_query("v=1&%FF=1");
    assert_eq!(
        problems,
        vec!["The link has an unknown setting \"%FF\"; it was ignored."]
    );
}

#[test]
fn a_version_1_link_keeps_version_1s_defaults() {
    // The link format's defaults are a contract (a link holds only what differs from
    // them): `v=1` must read as every field at the default it had when the fixture was
    // written. Changing a default needs a new link version and a migration.
    let (_, defaults, problems) = scenario::from_json(fixture!("link-v1-defaults.json")).unwrap();
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(ScenarioForm::from_query("v=1"), (defaults, Vec::new()));
}

#[test]
fn a_scenario_file_from_before_the_cache_ttl_and_tiers_reads_as_it_meant() {
    // Written before `prompt-cache-ttl`, `tier-flex-share` and `tier-priority-share`, when
    // `prompt-cache-min-prefix` defaulted to 1024 and files wrote every field: the new
    // fields take their defaults (which change nothing) and the file keeps its explicit
    // minimum of 1,024 tokens, so an old file shows the figures it showed.
    let mut expected = plan();
    expected.set("prompt-cache-min-prefix", "1024");
    assert_eq!(
        scenario::from_json(fixture!("scenario-file-before-16.json")),
        Ok((PLAN_NAME.to_owned(), expected, Vec::new()))
    );
}
