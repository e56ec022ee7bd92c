use std::sync::OnceLock;

use super::rules::CustomRule;
use super::*;
use crate::text::tokenize::{Encoder, Encoding};

fn encoder() -> &'static Encoder {
    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| Encoder::bundled(Encoding::O200kBase).unwrap())
}

fn count(text: &str) -> usize {
    encoder().count(text)
}

fn options(level: Level) -> Options {
    Options {
        level,
        target: None,
        disabled: BTreeSet::new(),
        custom: Vec::new(),
    }
}

fn run(text: &str, level: Level) -> Compressed {
    compress(text, &options(level), &count)
}

fn custom(find: &str, replace: &str, regex: bool) -> Rule {
    CustomRule {
        find: find.into(),
        replace: replace.into(),
        regex,
    }
    .compile(0)
    .unwrap()
}

fn status<'a>(result: &'a Compressed, id: &str) -> &'a RuleOutcome {
    result.rules.iter().find(|rule| rule.id == id).unwrap()
}

#[test]
fn filler_words_go_and_the_sentence_keeps_its_capital() {
    let result = run(
        "Please write a very short poem. It should really rhyme.",
        Level::Light,
    );
    assert_eq!(result.text, "Write a short poem. It should rhyme.");
    assert!(result.after < result.before);
    assert_eq!(count(&result.text), result.after);
    assert_eq!(status(&result, "filler-please").status, RuleStatus::Applied);
    assert_eq!(
        status(&result, "verbose-in-order-to").status,
        RuleStatus::AboveLevel
    );
}

#[test]
fn verbose_phrases_shrink_at_balanced() {
    let text = "In order to succeed, make sure that you test due to the fact that bugs hide.";
    assert_eq!(
        run(text, Level::Balanced).text,
        "To succeed, ensure you test because bugs hide."
    );
    assert_eq!(
        run(text, Level::Light).text,
        text,
        "light leaves phrases alone"
    );
}

#[test]
fn whitespace_collapses_outside_code() {
    let result = run("a      b  and   c\n```\nx    y\n```", Level::Light);
    assert_eq!(result.text, "a b and c\n```\nx    y\n```");
    // In o200k_base a run of blank lines is one token, like a single one: collapsing it
    // would save nothing, so it is reported and left.
    let result = run("a\n\n\n\nb", Level::Light);
    assert_eq!(result.text, "a\n\n\n\nb");
    assert_eq!(
        status(&result, "blank-lines").status,
        RuleStatus::SavedNothing(0)
    );
}

#[test]
fn aggressive_abbreviates_and_drops_pleasantries() {
    let result = run(
        "Summarize the documentation. Thank you for your help! List risks, costs and so on as soon as possible.",
        Level::Aggressive,
    );
    assert_eq!(
        result.text,
        "Summarize the documentation. List risks, costs etc. ASAP."
    );
    assert_eq!(
        status(&result, "sentence-pleasantries").status,
        RuleStatus::Applied
    );
    // The article's own example: "documentation" is one token, like "docs", so the
    // abbreviation saves nothing and is skipped.
    assert_eq!(
        status(&result, "abbr-documentation").status,
        RuleStatus::SavedNothing(0)
    );
}

#[test]
fn a_rewrite_that_adds_tokens_is_skipped_and_reported() {
    let mut options = options(Level::Light);
    options
        .custom
        .push(custom("cat", "a small domesticated feline animal", false));
    let result = compress("The cat sat.", &options, &count);
    assert_eq!(result.text, "The cat sat.");
    let outcome = result.rules.last().unwrap();
    assert!(
        matches!(outcome.status, RuleStatus::SavedNothing(added) if added > 0),
        "{outcome:?}"
    );
}

#[test]
fn protected_spans_survive_every_level() {
    let text = "Please keep `very` and \"very nice\" and https://example.com/just/very, \
                reply to ops@example.org in 30 seconds with {name} and {\"really\": \"very\"}.";
    for level in Level::ALL {
        let result = run(text, level);
        for kept in [
            "`very`",
            "\"very nice\"",
            "https://example.com/just/very",
            "ops@example.org",
            "30 seconds",
            "{name}",
            "{\"really\": \"very\"}",
        ] {
            assert!(
                result.text.contains(kept),
                "{level:?} lost {kept}: {}",
                result.text
            );
        }
        assert!(!result.text.starts_with("Please"), "{}", result.text);
    }
}

#[test]
fn the_meaning_guard_refuses_negations_numbers_and_names_below_aggressive() {
    let mut light = options(Level::Light);
    light.custom.push(custom("do not ", "", false));
    light.custom.push(custom(r"call \w+ ", "", true));
    let text = "You do not guess. Then call Alice today.";
    let result = compress(text, &light, &count);
    assert_eq!(result.text, text);
    assert_eq!(
        result.rules[result.rules.len() - 2].status,
        RuleStatus::Guarded
    );
    assert_eq!(result.rules[result.rules.len() - 1].refused, 1);
    let mut aggressive = light.clone();
    aggressive.level = Level::Aggressive;
    assert_eq!(
        compress(text, &aggressive, &count).text,
        "You guess. Then today."
    );
}

#[test]
fn a_target_stops_early_and_disabled_rules_do_nothing() {
    let text = "Please be very very clear, and really just answer.";
    let mut with_target = options(Level::Light);
    with_target.target = Some(0.01);
    let result = compress(text, &with_target, &count);
    assert_eq!(
        result
            .rules
            .iter()
            .filter(|rule| rule.status == RuleStatus::Applied)
            .count(),
        1
    );
    assert!(result
        .rules
        .iter()
        .any(|rule| rule.status == RuleStatus::TargetReached));
    let mut disabled = options(Level::Light);
    disabled.disabled.insert("filler-very".into());
    let result = compress(text, &disabled, &count);
    assert!(result.text.contains("very very"));
    assert_eq!(status(&result, "filler-very").status, RuleStatus::Disabled);
}

#[test]
fn the_articles_verbose_prompt_gets_shorter_at_each_level() {
    let prompt = "Please analyze the following customer feedback and provide a comprehensive summary. \
        I would like you to identify the main themes, and it is important to note that you should \
        really focus on actionable insights. In order to do this effectively, please make sure that \
        you consider both positive and negative feedback. Thank you very much for your help!";
    let mut previous = count(prompt);
    for level in Level::ALL {
        let result = run(prompt, level);
        assert!(result.after <= previous, "{level:?}");
        previous = result.after;
    }
    assert!(
        previous < count(prompt) * 85 / 100,
        "aggressive saves over 15%: {previous}"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const WORDS: [&str; 16] = [
        "please",
        "Very",
        "write",
        "really",
        "in order to",
        "the",
        "documentation",
        "Thank you.",
        "not",
        "Alice",
        "  ",
        "\n\n\n",
        "make sure that",
        "just",
        "information",
        "answer.",
    ];
    const PROTECTED: [&str; 8] = [
        "`just do it`",
        "https://example.com/very",
        "\"really please\"",
        "{name}",
        "42 tokens",
        "{\"a\": \"very\"}",
        "$API_KEY",
        "\n```\nplease   very\n```\n",
    ];

    prop_compose! {
        fn prompt()(parts in prop::collection::vec((0usize..WORDS.len(), prop::option::of(0usize..PROTECTED.len())), 0..30)) -> (String, Vec<&'static str>) {
            let mut text = String::new();
            let mut kept = Vec::new();
            for (word, protected) in parts {
                text.push_str(WORDS[word]);
                text.push(' ');
                if let Some(index) = protected {
                    text.push_str(PROTECTED[index]);
                    text.push(' ');
                    kept.push(PROTECTED[index]);
                }
            }
            (text, kept)
        }
    }

    proptest! {
        #![proptest_config(crate::testing::cases(64))]

        #[test]
        fn protected_spans_come_out_unchanged_and_tokens_never_go_up((text, kept) in prompt(), level in 0usize..3) {
            let result = run(&text, Level::ALL[level]);
            prop_assert!(result.after <= result.before);
            prop_assert_eq!(count(&result.text), result.after);
            let mut from = 0;
            for snippet in kept {
                let found = result.text[from..].find(snippet);
                prop_assert!(found.is_some(), "{:?} lost from {:?}", snippet, result.text);
                from += found.unwrap_or(0) + snippet.len();
            }
        }

        #[test]
        fn light_and_balanced_are_idempotent((text, _) in prompt(), level in 0usize..2) {
            let once = run(&text, Level::ALL[level]);
            let twice = run(&once.text, Level::ALL[level]);
            prop_assert_eq!(twice.text, once.text);
        }

        #[test]
        fn no_input_panics(text in "\\PC{0,200}", level in 0usize..3) {
            let result = run(&text, Level::ALL[level]);
            prop_assert!(result.after <= result.before);
        }
    }
}

#[test]
fn list_items_start_sentences_so_their_capitals_are_not_names() {
    let result = run(
        "Rules:\n- It is important to note that you answer.\n- In order to help, ask.",
        Level::Balanced,
    );
    assert_eq!(result.text, "Rules:\n- You answer.\n- To help, ask.");
    // A name in the middle of a sentence is still protected by the guard.
    let mut light = options(Level::Light);
    light.custom.push(custom("ask Bob", "ask", false));
    assert_eq!(
        compress("Then ask Bob.", &light, &count).text,
        "Then ask Bob."
    );
}

#[test]
fn the_sample_prompts_shrink_and_keep_their_protected_spans() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prompts");
    for name in ["article", "support", "rag", "code-review"] {
        let text = std::fs::read_to_string(folder.join(format!("{name}.txt"))).unwrap();
        let spans: Vec<String> = protect::protected_spans(&text)
            .iter()
            .map(|span| text[span.start..span.end].to_owned())
            .collect();
        let mut previous = count(&text);
        for level in Level::ALL {
            let result = run(&text, level);
            assert!(result.after <= previous, "{name} {level:?}");
            previous = result.after;
            for span in &spans {
                assert!(
                    result.text.contains(span.as_str()),
                    "{name} {level:?} lost {span}"
                );
            }
        }
        assert!(previous < count(&text), "{name} gets shorter");
    }
}
