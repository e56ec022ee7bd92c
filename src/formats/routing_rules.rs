//! The router's keyword rules as kept in localStorage:
//! `{"format": "burnrate-routing-rules", "version": 1, "keywords": {"trivial": ["classify"], …}}`.
//! Must not know: the DOM.

use serde_json::{json, Map, Value};

use crate::models::projection::RouteTier;
use crate::models::routing::RoutingRules;

/// The `format` value.
pub const FORMAT: &str = "burnrate-routing-rules";

/// The rules as JSON.
pub fn to_json(rules: &RoutingRules) -> String {
    let keywords: Map<String, Value> = RouteTier::ALL
        .iter()
        .zip(&rules.keywords)
        .map(|(tier, words)| (tier.slug().to_owned(), json!(words)))
        .collect();
    json!({"format": FORMAT, "version": 1, "keywords": keywords}).to_string()
}

/// Reads rules; tiers the file leaves out keep the defaults.
pub fn parse(text: &str) -> Result<RoutingRules, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| format!("not JSON ({error})"))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT)
        || value.get("version").and_then(Value::as_u64) != Some(1)
    {
        return Err("not routing rules of a version this Burnrate reads".into());
    }
    let keywords = value
        .get("keywords")
        .and_then(Value::as_object)
        .ok_or("no \"keywords\" object")?;
    let mut rules = RoutingRules::default();
    for (index, tier) in RouteTier::ALL.iter().enumerate() {
        if let Some(list) = keywords.get(tier.slug()) {
            let list = list
                .as_array()
                .ok_or_else(|| format!("the {} keywords are not a list", tier.slug()))?;
            rules.keywords[index] = list
                .iter()
                .map(|word| {
                    word.as_str()
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
