//! The Compress view's rule settings, kept in localStorage and exported as a file:
//!
//! ```json
//! {"custom": [{"find": "utilize", "regex": false, "replace": "use"}],
//!  "disabled": ["filler-just"],
//!  "format": "burnrate-compress-rules", "version": 1}
//! ```
//!
//! Written and read by serde ([`to_json`], [`parse`]); unknown keys are ignored, and a
//! value of the wrong type is refused with a message that names it.
//!
//! Must not know: the DOM or Leptos.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::formats::json::{read_root, Loose, Object};
use crate::text::compress::rules::CustomRule;

/// The `format` value.
pub const FORMAT: &str = "burnrate-compress-rules";
/// The version written.
pub const VERSION: u64 = 1;
/// Most custom rules kept.
pub const MAX_CUSTOM: usize = 200;

/// Which built-in rules are off, and the user's own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSettings {
    /// Ids of built-in rules switched off.
    pub disabled: BTreeSet<String>,
    /// Custom find/replace rules, in order.
    pub custom: Vec<CustomRule>,
}

// The structs as written, their fields in alphabetical order: the writer before serde
// went through `serde_json::Value`, whose objects are sorted by key, and the bytes stay
// the same.

#[derive(Serialize)]
struct RulesOut<'a> {
    custom: Vec<RuleOut<'a>>,
    disabled: &'a BTreeSet<String>,
    format: &'static str,
    version: u64,
}

#[derive(Serialize)]
struct RuleOut<'a> {
    find: &'a str,
    regex: bool,
    replace: &'a str,
}

// The structs as read: every value [`Loose`], so that [`parse`] says what is wrong.
// Unknown keys are ignored (as they always were), here and in a rule.

#[derive(Deserialize)]
struct RulesIn {
    #[serde(default)]
    custom: Loose<Vec<Loose<Object<RuleIn>>>>,
    #[serde(default)]
    disabled: Loose<Vec<Loose<String>>>,
    #[serde(default)]
    format: Loose<String>,
    #[serde(default)]
    version: Loose<u64>,
}

#[derive(Deserialize)]
struct RuleIn {
    #[serde(default)]
    find: Loose<String>,
    #[serde(default)]
    regex: Loose<bool>,
    #[serde(default)]
    replace: Loose<String>,
}

/// The settings as JSON, pretty-printed.
pub fn to_json(settings: &RuleSettings) -> String {
    let file = RulesOut {
        custom: settings
            .custom
            .iter()
            .map(|rule| RuleOut {
                find: &rule.find,
                regex: rule.regex,
                replace: &rule.replace,
            })
            .collect(),
        disabled: &settings.disabled,
        format: FORMAT,
        version: VERSION,
    };
    // Strings, booleans and a number always serialize.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads settings, or says in words why they cannot be read: not JSON, not this format
/// or version, a list that is not one or holds the wrong things, more than
/// [`MAX_CUSTOM`] custom rules, or a custom rule that does not compile. `disabled` and
/// `custom` may be left out (nothing disabled, no custom rules), and a rule's `regex`
/// too (plain text).
pub fn parse(text: &str) -> Result<RuleSettings, String> {
    let root = read_root::<RulesIn>(text).map_err(|error| format!("not JSON ({error})"))?;
    let Object(file) = root.ok().ok_or("not a rules file (no JSON object)")?;
    if file.format.as_ref().map(String::as_str) != Some(FORMAT) {
        return Err(format!(
            "not a rules file (its \"format\" is not \"{FORMAT}\")"
        ));
    }
    if file.version.ok() != Some(VERSION) {
        return Err(format!(
            "a version this Burnrate cannot read (it reads version {VERSION})"
        ));
    }
    let mut settings = RuleSettings::default();
    if !matches!(file.disabled, Loose::Missing) {
        let list = file.disabled.ok().ok_or("\"disabled\" is not a list")?;
        for id in list {
            settings.disabled.insert(
                id.ok()
                    .ok_or("\"disabled\" holds something other than rule ids")?,
            );
        }
    }
    if !matches!(file.custom, Loose::Missing) {
        let list = file.custom.ok().ok_or("\"custom\" is not a list")?;
        if list.len() > MAX_CUSTOM {
            return Err(format!("more than {MAX_CUSTOM} custom rules"));
        }
        for (index, rule) in list.into_iter().enumerate() {
            let Some((find, replace, regex)) = rule.ok().and_then(|Object(rule)| {
                Some((rule.find.ok()?, rule.replace.ok()?, rule.regex.ok()))
            }) else {
                return Err(format!(
                    "custom rule {} needs \"find\" and \"replace\" text",
                    index + 1
                ));
            };
            let custom = CustomRule {
                find,
                replace,
                regex: regex.unwrap_or(false),
            };
            // An invalid rule is refused here, with its message, so stored rules compile.
            custom
                .compile(index)
                .map_err(|error| format!("custom rule {}: {error}", index + 1))?;
            settings.custom.push(custom);
        }
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_bad_files_are_refused_with_a_reason() {
        let mut settings = RuleSettings::default();
        settings.disabled.insert("filler-just".into());
        settings.custom.push(CustomRule {
            find: "utilize".into(),
            replace: "use".into(),
            regex: false,
        });
        assert_eq!(parse(&to_json(&settings)), Ok(settings));
        assert!(parse("{").unwrap_err().starts_with("not JSON"));
        assert!(parse(r#"{"format":"x"}"#)
            .unwrap_err()
            .contains("not a rules file"));
        assert!(parse(r#"{"format":"burnrate-compress-rules","version":9}"#)
            .unwrap_err()
            .contains("version"));
        let bad_regex = r#"{"format":"burnrate-compress-rules","version":1,"custom":[{"find":"(","replace":"","regex":true}]}"#;
        assert!(parse(bad_regex)
            .unwrap_err()
            .starts_with("custom rule 1: Not a valid regular expression"));
    }

    #[test]
    fn each_wrong_shape_has_the_message_it_always_had() {
        let file = |rest: &str| {
            parse(&format!(
                r#"{{"format":"burnrate-compress-rules","version":1{rest}}}"#
            ))
        };
        for (rest, message) in [
            (r#","disabled":null"#, "\"disabled\" is not a list"),
            (r#","disabled":"filler-just""#, "\"disabled\" is not a list"),
            (
                r#","disabled":["a",2]"#,
                "\"disabled\" holds something other than rule ids",
            ),
            (r#","custom":{}"#, "\"custom\" is not a list"),
            (
                r#","custom":[["a","b",false]]"#,
                "custom rule 1 needs \"find\" and \"replace\" text",
            ),
            (
                r#","custom":[{"find":"a","replace":"b"},{"find":"a"}]"#,
                "custom rule 2 needs \"find\" and \"replace\" text",
            ),
        ] {
            assert_eq!(file(rest), Err(message.to_owned()), "{rest}");
        }
        let many = vec![r#"{"find":"a","replace":"b"}"#; MAX_CUSTOM + 1].join(",");
        assert_eq!(
            file(&format!(r#","custom":[{many}]"#)),
            Err("more than 200 custom rules".to_owned())
        );
        assert_eq!(
            parse("[]"),
            Err("not a rules file (no JSON object)".to_owned())
        );
        assert_eq!(
            parse(r#"{"format":"burnrate-compress-rules"}"#),
            Err("a version this Burnrate cannot read (it reads version 1)".to_owned())
        );
        // A "regex" that is not true or false reads as plain text, as before.
        assert_eq!(
            file(r#","custom":[{"find":"a","replace":"b","regex":"yes"}]"#)
                .map(|read| read.custom[0].regex),
            Ok(false)
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panic(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn any_settings_round_trip_or_name_the_rule_that_does_not_compile(
            disabled in proptest::collection::btree_set("[a-z-]{1,12}", 0..5),
            custom in proptest::collection::vec(("\\PC{0,20}", "\\PC{0,20}", proptest::bool::ANY), 0..5),
        ) {
            let settings = RuleSettings {
                disabled,
                custom: custom
                    .into_iter()
                    .map(|(find, replace, regex)| crate::text::compress::rules::CustomRule { find, replace, regex })
                    .collect(),
            };
            match settings.custom.iter().position(|rule| rule.compile(0).is_err()) {
                None => proptest::prop_assert_eq!(parse(&to_json(&settings)), Ok(settings)),
                Some(index) => {
                    let refused = parse(&to_json(&settings)).unwrap_err();
                    let prefix = format!("custom rule {}:", index + 1);
                    proptest::prop_assert!(refused.starts_with(&prefix), "{}", refused);
                }
            }
        }
    }
}
