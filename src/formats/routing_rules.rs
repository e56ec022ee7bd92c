//! The router's keyword rules as kept in localStorage `burnrate.routing-rules`:
//! `{"format": "burnrate-routing-rules", "keywords": {"complex": […], …, "trivial":
//! ["classify"]}, "version": 1}`, on one line.
//!
//! Written and read by serde ([`to_json`], [`parse`]). Unknown keys are ignored, at the
//! top level and among the tiers; a tier left out keeps its default keywords.
//! Must not know: the DOM.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::formats::json::{read_root, Loose, Object};
use crate::models::projection::RouteTier;
use crate::models::routing::RoutingRules;

/// The `format` value.
pub const FORMAT: &str = "burnrate-routing-rules";
/// The version written and read.
const VERSION: u64 = 1;

/// As written, fields in alphabetical order: the writer before serde went through
/// `serde_json::Value`, whose objects are sorted by key, and the bytes stay the same.
#[derive(Serialize)]
struct RulesOut<'a> {
    format: &'static str,
    keywords: BTreeMap<&'static str, &'a [String]>,
    version: u64,
}

/// As read: every value [`Loose`], so that [`parse`] says what is wrong.
#[derive(Deserialize)]
struct RulesIn {
    #[serde(default)]
    format: Loose<String>,
    #[serde(default)]
    keywords: Loose<BTreeMap<String, Loose<Vec<Loose<String>>>>>,
    #[serde(default)]
    version: Loose<u64>,
}

/// The rules as JSON.
pub fn to_json(rules: &RoutingRules) -> String {
    let file = RulesOut {
        format: FORMAT,
        keywords: RouteTier::ALL
            .iter()
            .zip(&rules.keywords)
            .map(|(tier, words)| (tier.slug(), words.as_slice()))
            .collect(),
        version: VERSION,
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// Reads rules; tiers the file leaves out keep the defaults. Keywords are trimmed and
/// lower-cased.
pub fn parse(text: &str) -> Result<RoutingRules, String> {
    let root = read_root::<RulesIn>(text).map_err(|error| format!("not JSON ({error})"))?;
    let Some(Object(file)) = root.ok().filter(|Object(file)| {
        file.format.as_ref().map(String::as_str) == Some(FORMAT)
            && file.version.as_ref() == Some(&VERSION)
    }) else {
        return Err("not routing rules of a version this Burnrate reads".into());
    };
    let mut keywords = file.keywords.ok().ok_or("no \"keywords\" object")?;
    let mut rules = RoutingRules::default();
    for (index, tier) in RouteTier::ALL.iter().enumerate() {
        if let Some(list) = keywords.remove(tier.slug()) {
            let list = list
                .ok()
                .ok_or_else(|| format!("the {} keywords are not a list", tier.slug()))?;
            rules.keywords[index] = list
                .into_iter()
                .map(|word| {
                    word.ok()
                        .map(|word| word.trim().to_lowercase())
                        .ok_or("a keyword is not text")
                })
                .collect::<Result<_, _>>()?;
        }
    }
    Ok(rules)
}

/// Comma-separated keywords -> a clean list (trimmed, lower case, no empties).
pub fn keywords_from_text(text: &str) -> Vec<String> {
    text.split(',')
        .map(|word| word.trim().to_lowercase())
        .filter(|word| !word.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_and_bad_data_is_refused() {
        let mut rules = RoutingRules::default();
        rules.keywords[0] = keywords_from_text(" Yes/No , , TRIAGE ");
        assert_eq!(rules.keywords[0], vec!["yes/no", "triage"]);
        assert_eq!(parse(&to_json(&rules)), Ok(rules));
        assert!(parse("{").is_err());
        assert!(parse(
            r#"{"format":"burnrate-routing-rules","version":1,"keywords":{"simple":"x"}}"#
        )
        .is_err());
    }

    #[test]
    fn each_wrong_shape_has_the_message_it_always_had() {
        let rules = |keywords: &str| {
            parse(&format!(
                r#"{{"format":"burnrate-routing-rules","version":1,"keywords":{keywords}}}"#
            ))
        };
        assert_eq!(
            rules(r#"{"simple":null}"#),
            Err("the simple keywords are not a list".into())
        );
        assert_eq!(
            rules(r#"{"expert":["a"],"trivial":["b",3]}"#),
            Err("a keyword is not text".into())
        );
        assert_eq!(rules("[]"), Err("no \"keywords\" object".into()));
        for other in [
            "[]",
            "{}",
            r#"{"format":"burnrate-routing-rules","version":2,"keywords":{}}"#,
            r#"{"format":"burnrate-routing-rules","version":"1","keywords":{}}"#,
        ] {
            assert_eq!(
                parse(other),
                Err("not routing rules of a version this Burnrate reads".into()),
                "{other}"
            );
        }
        assert!(parse("{").unwrap_err().starts_with("not JSON ("));
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panic(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn any_rules_round_trip_as_trimmed_lower_case(words in proptest::collection::vec(proptest::collection::vec("\\PC{0,12}", 0..4), 5)) {
            let mut rules = RoutingRules::default();
            for (slot, list) in rules.keywords.iter_mut().zip(words) {
                *slot = list;
            }
            let mut expected = rules.clone();
            for list in &mut expected.keywords {
                for word in list.iter_mut() {
                    *word = word.trim().to_lowercase();
                }
            }
            proptest::prop_assert_eq!(parse(&to_json(&rules)), Ok(expected));
        }
    }
}
