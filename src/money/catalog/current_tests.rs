use super::*;
use crate::money::catalog::Catalog;

fn shipped() -> Catalog {
    Catalog::shipped().unwrap()
}

fn ids(catalog: &Catalog, order: &[usize]) -> Vec<String> {
    order
        .iter()
        .map(|&index| catalog.models[index].id.clone())
        .collect()
}

fn position(list: &[String], id: &str) -> usize {
    list.iter()
        .position(|listed| listed == id)
        .unwrap_or_else(|| panic!("{id} is not listed"))
}

#[test]
fn every_current_id_is_a_makers_text_model_in_the_shipped_catalog() {
    // The table is written by hand; this keeps a price update from silently dropping a row.
    let catalog = shipped();
    for row in CURRENT {
        let model = catalog
            .models
            .iter()
            .find(|model| model.id == row.id && MAKERS.contains(&model.provider.as_str()))
            .unwrap_or_else(|| panic!("{} is not a maker's model in the catalog", row.id));
        assert!(!model.deprecated, "{} is deprecated", row.id);
        assert!(model.is_for_text(), "{} is not a text model", row.id);
        assert!(!is_legacy(model), "{} is current and legacy", row.id);
        assert_eq!(standing(model), Standing::Current, "{}", row.id);
        let month = row.released.as_bytes();
        assert!(
            month.len() == 7 && month[4] == b'-' && row.released[..4].parse::<u32>().is_ok(),
            "{}: {} is not YYYY-MM",
            row.id,
            row.released
        );
    }
    let mut seen = std::collections::HashSet::new();
    assert!(
        CURRENT.iter().all(|row| seen.insert(row.id)),
        "an id is listed twice"
    );
}

#[test]
fn the_major_makers_current_models_come_first_newest_first() {
    let catalog = shipped();
    let order = ids(&catalog, &order(&catalog));
    // The first rows are the table's current models, not ada, babbage and davinci.
    let first: Vec<&str> = order
        .iter()
        .take(CURRENT.len())
        .map(String::as_str)
        .collect();
    assert!(CURRENT.iter().all(|row| first.contains(&row.id)));
    assert_eq!(order[0], "gpt-6.1-sol");
    // Newest first, by release month.
    assert!(position(&order, "gpt-5.5") < position(&order, "gpt-5"));
    assert!(position(&order, "claude-opus-5-5") < position(&order, "claude-sonnet-4-5"));
    assert!(position(&order, "gemini-4-argon") < position(&order, "gemini-2.5-pro"));
    assert!(position(&order, "gpt-5") < position(&order, "gpt-4.1"));
    // Hand-checked: GPT-5, Claude and Gemini before ada.
    let ada = position(&order, "ada");
    for id in ["gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash", "gpt-4o"] {
        assert!(position(&order, id) < ada, "{id} after ada");
    }
}

#[test]
fn other_models_are_grouped_by_maker_then_the_users_then_resellers() {
    let catalog = shipped();
    let order = order(&catalog);
    let rest: Vec<&Model> = order
        .iter()
        .map(|&index| &catalog.models[index])
        .filter(|model| standing(model) != Standing::Current)
        .collect();
    let maker_place = |model: &Model| {
        MAKERS
            .iter()
            .position(|maker| *maker == model.provider)
            .unwrap_or(MAKERS.len())
    };
    // Maker places never go down along the list.
    let places: Vec<usize> = rest.iter().map(|model| maker_place(model)).collect();
    assert!(places.windows(2).all(|pair| pair[0] <= pair[1]));
    // Within OpenAI's group, gpt-4o (other) comes before ada (legacy).
    let ids: Vec<String> = rest.iter().map(|model| model.id.clone()).collect();
    assert!(position(&ids, "gpt-4o") < position(&ids, "ada"));
}

#[test]
fn legacy_families_follow_the_makers_pages() {
    let catalog = shipped();
    let legacy = |id: &str| is_legacy(catalog.get(id).unwrap_or_else(|| panic!("{id}")));
    for id in [
        "ada",
        "babbage",
        "davinci",
        "curie",
        "text-davinci-003",
        "gpt-3.5-turbo",
        "gpt-4",
        "gpt-4-32k",
        "gpt-4-turbo",
        "gpt-4.5-preview",
        "claude-2",
        "claude-v1",
        "claude-3-haiku",
        "claude-3-5-sonnet",
        "claude-3-7-sonnet-latest",
        "gemini-1.5-pro",
        "gemini-pro",
        "gemini-flash-1.5",
        "mixtral-8x7b",
    ] {
        assert!(legacy(id), "{id} should be legacy");
    }
    for id in [
        "gpt-4o",
        "gpt-4.1",
        "gpt-5",
        "o3",
        "claude-sonnet-4-5",
        "claude-opus-4-1",
        "gemini-2.5-pro",
        "gemini-pro-latest-not-there",
    ] {
        if let Some(model) = catalog.get(id) {
            assert!(!is_legacy(model), "{id} should not be legacy");
        }
    }
    // A reseller's copy of a legacy family is legacy too.
    let copy = catalog
        .models
        .iter()
        .find(|model| model.model.ends_with("gpt-3.5-turbo") && model.provider != "openai");
    if let Some(copy) = copy {
        assert!(is_legacy(copy), "{}", copy.id);
    }
}

#[test]
fn ada_is_hidden_until_a_search_finds_it() {
    let catalog = shipped();
    let groups = picker_groups(&catalog);
    let option = |id: &str| {
        groups
            .iter()
            .flat_map(|group| &group.options)
            .find(|option| option.id == id)
            .unwrap_or_else(|| panic!("{id} is not an option"))
            .clone()
    };
    let ada = option("ada");
    assert_eq!(ada.standing, Standing::Legacy);
    assert_eq!(ada.label, "ada (legacy)");
    assert!(!ada.visible("", "gpt-5"));
    assert!(ada.visible("ADA", "gpt-5"));
    // The chosen option is never hidden.
    assert!(ada.visible("", "ada"));
    assert!(ada.visible("claude", "ada"));
    let gpt5 = option("gpt-5");
    assert!(gpt5.visible("", "ada"));
    assert!(gpt5.visible("openai gpt 5", ""));
    assert!(!gpt5.visible("openai claude", ""));
    // The first group is the current models, the first option the newest.
    assert_eq!(groups[0].label, CURRENT_GROUP);
    assert_eq!(groups[0].options[0].label, "GPT-6.1 Sol · OpenAI");
}

#[test]
fn every_option_of_the_old_pickers_is_still_an_option() {
    // Tests outside this repository select these ids; no value may disappear.
    let catalog = shipped();
    let groups = picker_groups(&catalog);
    let values: std::collections::HashSet<&str> = groups
        .iter()
        .flat_map(|group| &group.options)
        .map(|option| option.id.as_str())
        .collect();
    for model in catalog.first_party() {
        assert!(values.contains(model.id.as_str()), "{} lost", model.id);
    }
    assert!(values.contains("gpt-4") && values.contains("gpt-3.5-turbo"));
}

#[test]
fn the_search_counts_what_it_shows() {
    let catalog = shipped();
    let groups = picker_groups(&catalog);
    let total: usize = groups.iter().map(|group| group.options.len()).sum();
    let shown = groups
        .iter()
        .flat_map(|group| &group.options)
        .filter(|option| option.standing.shown_by_default())
        .count();
    assert_eq!(
        picker_count(&groups, ""),
        format!("{shown} of {total} models")
    );
    assert_eq!(picker_count(&groups, "zzqx"), "No model matches");
    // "haiku 4.5": Claude Haiku 4.5 only among the makers' listings.
    assert_eq!(
        picker_count(&groups, "haiku 4.5"),
        format!("1 of {total} models")
    );
}

#[test]
fn search_words_must_all_match_name_id_or_provider() {
    let catalog = shipped();
    let model = catalog.get("claude-sonnet-4-5").unwrap();
    assert!(matches_search(model, ""));
    assert!(matches_search(model, "Anthropic sonnet"));
    assert!(matches_search(model, "claude-sonnet-4-5"));
    assert!(matches_search(model, "SONNET 4.5"));
    assert!(!matches_search(model, "sonnet openai"));
}

#[test]
fn deprecated_wins_over_current_and_legacy() {
    let catalog = Catalog::parse(
        r#"{"format":"burnrate-catalog","version":1,"as_of":"2026-11-10",
        "source":{"name":"n","version":"1","license":"MIT","url":"u"},"models":[
        {"id":"gpt-5","name":"GPT-5","provider":"openai","provider_name":"OpenAI","input":1,"output":2,"deprecated":true},
        {"id":"gpt-4","name":"gpt 4","provider":"openai","provider_name":"OpenAI","input":1,"output":2},
        {"id":"gpt-5.5","name":"GPT-5.5","provider":"someone","provider_name":"Someone","input":1,"output":2}
        ]}"#,
    )
    .unwrap();
    assert_eq!(standing(&catalog.models[0]), Standing::Deprecated);
    assert_eq!(standing(&catalog.models[1]), Standing::Legacy);
    // A reseller's copy of a current id is not the maker's current model.
    assert_eq!(standing(&catalog.models[2]), Standing::Other);
    // Both hidden ones stay in their maker's group, in catalog order; the reseller last.
    assert_eq!(
        ids(&catalog, &order(&catalog)),
        ["gpt-5", "gpt-4", "gpt-5.5"]
    );
}
