//! The Compress view's rule settings, kept in localStorage and exported as a file:
//!
//! ```json
//! {"format": "burnrate-compress-rules", "version": 1,
//!  "disabled": ["filler-just"],
//!  "custom": [{"find": "utilize", "replace": "use", "regex": false}]}
//! ```
//!
//! Must not know: the DOM or Leptos.

use std::collections::BTreeSet;

use serde_json::{json, Value};

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

/// The settings as JSON.
pub fn to_json(settings: &RuleSettings) -> String {
    let custom: Vec<Value> = settings
        .custom
        .iter()
        .map(|rule| json!({"find": rule.find, "replace": rule.replace, "regex": rule.regex}))
        .collect();
    serde_json::to_string_pretty(&json!({
        "format": FORMAT,
        "version": VERSION,
        "disabled": settings.disabled,
        "custom": custom,
    }))
    .unwrap_or_default()
}

/// Reads settings, or says in words why they cannot be read.
pub fn parse(text: &str) -> Result<RuleSettings, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| format!("not JSON ({error})"))?;
    let root = value
        .as_object()
        .ok_or("not a rules file (no JSON object)")?;
    if root.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(format!(
            "not a rules file (its \"format\" is not \"{FORMAT}\")"
        ));
    }
    if root.get("version").and_then(Value::as_u64) != Some(VERSION) {
        return Err(format!(
            "a version this Burnrate cannot read (it reads version {VERSION})"
        ));
    }
    let mut settings = RuleSettings::default();
    if let Some(disabled) = root.get("disabled") {
        let list = disabled.as_array().ok_or("\"disabled\" is not a list")?;
        for id in list {
            settings.disabled.insert(
                id.as_str()
                    .ok_or("\"disabled\" holds something other than rule ids")?
                    .to_owned(),
            );
        }
    }
    if let Some(custom) = root.get("custom") {
        let list = custom.as_array().ok_or("\"custom\" is not a list")?;
        if list.len() > MAX_CUSTOM {
            return Err(format!("more than {MAX_CUSTOM} custom rules"));
        }
        for (index, rule) in list.iter().enumerate() {
            let text = |key: &str| rule.get(key).and_then(Value::as_str).map(str::to_owned);
            let (Some(find), Some(replace)) = (text("find"), text("replace")) else {
                return Err(format!(
                    "custom rule {} needs \"find\" and \"replace\" text",
                    index + 1
                ));
            };
            let regex = rule.get("regex").and_then(Value::as_bool).unwrap_or(false);
            let custom = CustomRule {
                find,
                replace,
                regex,
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
