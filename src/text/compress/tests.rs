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

// Regression: at aggressive, "Basically, what I would like you to do is to take a look…"
// became "What do is to take a look…": "I would like you to" was deleted inside a clause.
#[test]
fn a_lead_in_is_deleted_only_where_a_clause_starts() {
    let text = "Basically, what I would like you to do is to take a look at the logs.";
    assert_eq!(
        run(text, Level::Light).text,
        "What I would like you to do is to take a look at the logs."
    );
    for level in [Level::Aggressive, Level::Balanced] {
        assert_eq!(
            run(text, level).text,
            "Take a look at the logs.",
            "{level:?}"
        );
    }
    // At a clause start the lead-in goes and the clause stays whole.
    for (before, after) in [
        (
            "Check the logs, and I would like you to fix the bug.",
            "Check the logs, and fix the bug.",
        ),
        ("If it fails, I want you to retry.", "If it fails, retry."),
        ("Then I need you to stop.", "Then stop."),
        (
            "Read it; it is important to note that the file is large.",
            "Read it; the file is large.",
        ),
        ("I want you to list the risks.", "List the risks."),
    ] {
        assert_eq!(run(before, Level::Aggressive).text, after);
    }
    // Sentences that merely contain a phrase are left as they are.
    for text in [
        "The thing I want you to see is the chart.",
        "Tell them what I would like you to change.",
        "He knows that it is important to note that down.",
        "The form I need you to sign is attached.",
    ] {
        for level in Level::ALL {
            assert_eq!(run(text, level).text, text, "{level:?}");
        }
    }
}

// Regression: deleting a filler left a stray comma or space ("Reply in English, ."), an
// empty sentence ("Really?" → "?"), or half a phrase ("Simply put," → "Put,", "not
// really clear" → "not clear").
#[test]
fn a_deleted_filler_leaves_a_sentence() {
    for (before, after) in [
        ("Reply in English, please.", "Reply in English."),
        (
            "He said, basically, that it works.",
            "He said that it works.",
        ),
        ("Really? Yes.", "Really? Yes."),
        ("Simply put, it works.", "Simply put, it works."),
        ("It is not really clear.", "It is not really clear."),
        ("You can't just slice it.", "You can't just slice it."),
        ("It uses just 2 bits.", "It uses just 2 bits."),
        ("Do it quickly, really.", "Do it quickly."),
    ] {
        for level in Level::ALL {
            assert_eq!(run(before, level).text, after, "{level:?}");
        }
    }
}

// Regression: a deletion at a sentence start left the next word in lower case when the
// deleted word was ("basically, do it. please write it." stayed lower case).
#[test]
fn the_word_after_a_deletion_at_a_sentence_start_is_capitalised() {
    assert_eq!(
        run("basically, do it. please write it.", Level::Light).text,
        "Do it. Write it."
    );
    // After a colon or a list marker the writer's case is kept.
    assert_eq!(
        run("Rules: please be brief.", Level::Light).text,
        "Rules: be brief."
    );
    assert_eq!(
        run("Steps:\n- please check the logs.", Level::Light).text,
        "Steps:\n- check the logs."
    );
    assert_eq!(
        run("Steps:\n- Please check the logs.", Level::Light).text,
        "Steps:\n- Check the logs."
    );
}

// Regression: "the majority of the users" became "most the users"; "and so on." became
// "etc.."; "That is to say," became "I.e.,"; "Thanks to caching, …" was dropped as a
// pleasantry, and a dropped first sentence left a space at the start.
#[test]
fn rewrites_and_dropped_sentences_stay_grammatical() {
    for (before, after) in [
        (
            "The majority of the users agree.",
            "Most of the users agree.",
        ),
        ("The majority of users agree.", "Most users agree."),
        (
            "A large number of the tests fail.",
            "Many of the tests fail.",
        ),
        (
            "List costs and so on. Then stop.",
            "List costs etc. Then stop.",
        ),
        ("That is to say, store it.", "That is to say, store it."),
        ("For example, use a cache.", "For example, use a cache."),
        (
            "Thanks to caching, it is fast.",
            "Thanks to caching, it is fast.",
        ),
        ("Thanks! Write a poem.", "Write a poem."),
        (
            "Write a poem. Thank you! Then stop.",
            "Write a poem. Then stop.",
        ),
    ] {
        assert_eq!(run(before, Level::Aggressive).text, after);
    }
}

#[test]
fn a_target_that_is_not_reached_is_reported() {
    let text = "Please write a short poem.";
    let mut with_target = options(Level::Light);
    with_target.target = Some(0.9);
    let result = compress(text, &with_target, &count);
    assert!(result.reduction() < 0.9);
    assert!(result.target_missed);
    with_target.target = Some(0.01);
    assert!(!compress(text, &with_target, &count).target_missed);
    assert!(!run(text, Level::Light).target_missed);
}
