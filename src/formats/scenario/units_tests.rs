//! The Projection's new units (reasoning, tools, images) through the form, links and
//! files: every new unit at zero gives exactly today's figures, the parameters round-trip,
//! and bad values get a message next to their field.

use super::*;
use crate::models::projection::{project, Lever, Projection};
use crate::money::catalog::Catalog;

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9 * expected.abs().max(1.0),
        "expected {expected}, got {actual}"
    );
}

/// The shipped catalog, for scenarios read through the form.
fn shipped() -> Catalog {
    Catalog::shipped().unwrap()
}

fn project_form(form: &ScenarioForm, catalog: &Catalog) -> Projection {
    let validated = validate(form, &|id| catalog.get(id).is_some());
    assert_eq!(validated.errors, Default::default());
    project(&validated.config.unwrap(), catalog).unwrap()
}

/// The new parameters, each at a value that must change nothing: zero of each unit, and
/// image settings that do not matter while there are no images.
const NEW_PARAMS_AT_ZERO: &str =
    "reasoning-tokens=0&tool-tokens=0&image-count=0&image-width=4000&image-height=300&image-detail=low";

#[test]
fn every_new_unit_at_zero_gives_exactly_todays_figures() {
    // Today's figures were recorded from main (commit 2444d54, before the new units) with
    // the shipped catalog: naive, baseline and the savings of the levers applied before
    // prompt caching (response cache, context, compression, routing), which no other part
    // of issue #16 changes.
    let today: [(&str, f64, f64, [f64; 4]); 6] = [
        (
            "default",
            7.249999999999999,
            18.849999999999998,
            [
                4.3711249999999975,
                0.3295124999999999,
                0.6590250000000015,
                4.651618125000001,
            ],
        ),
        (
            "support-chatbot",
            1440.0,
            2448.0,
            [1835.4, 229.49999999999994, 27.0, 243.87300000000008],
        ),
        (
            "rag-qa",
            705.6,
            1622.8799999999999,
            [388.2911999999999, 0.0, 75.5136, 283.6794239999999],
        ),
        (
            "classification",
            492.00000000000006,
            1131.6000000000001,
            [129.74000000000012, 0.0, 263.9250000000002, 0.0],
        ),
        (
            "coding-agent",
            79020.0,
            110628.0,
            [0.0, 29828.68965517242, 2016.0, 12211.41310344827],
        ),
        (
            "bill",
            2500.0,
            2500.0,
            [
                606.0499999999997,
                0.0,
                0.26664000000005217,
                619.6061825357144,
            ],
        ),
    ];
    let catalog = shipped();
    for (name, naive, baseline, savings) in today {
        let query = match name {
            "default" => "v=1".to_owned(),
            "bill" => {
                "v=1&input-mode=bill&monthly-spend=2500&system-tokens=400&model-mix=gpt-4o-mini:30"
                    .to_owned()
            }
            preset => {
                let preset = PRESETS.iter().find(|p| p.id == preset).unwrap();
                ScenarioForm::from_preset(preset).to_query()
            }
        };
        let (without, problems) = ScenarioForm::from_query(&query);
        assert_eq!(problems, Vec::<String>::new());
        let (with, problems) = ScenarioForm::from_query(&format!("{query}&{NEW_PARAMS_AT_ZERO}"));
        assert_eq!(problems, Vec::<String>::new());
        // The link without the new parameters is the one a version-1 link always was.
        assert!(!without.to_query().contains("reasoning-tokens"));
        let before = project_form(&without, &catalog);
        let after = project_form(&with, &catalog);
        // Everything but the (unused) image size and detail that the link changed.
        let mut same = after.clone();
        same.shape.images = before.shape.images;
        assert_eq!(before, same, "{name}: the whole projection");
        close(after.naive, naive);
        close(after.baseline, baseline);
        for (lever, saving) in Lever::ORDER.iter().zip(savings) {
            close(after.lever(*lever).saving, saving);
        }
    }
}

#[test]
fn the_new_link_parameters_round_trip_and_are_written_only_when_set() {
    let (form, problems) = ScenarioForm::from_query("v=2&reasoning-tokens=1500&tool-tokens=1200");
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(form.get("reasoning-tokens"), "1500");
    assert_eq!(form.get("tool-tokens"), "1200");
    assert_eq!(
        form.to_query(),
        "v=2&reasoning-tokens=1500&tool-tokens=1200"
    );
    assert_eq!(ScenarioForm::default().to_query(), "v=2");
    // A file writes them when set, and not when they are at their defaults.
    let file = to_json("Agent", &form);
    assert!(file.contains("\"reasoning-tokens\": \"1500\""));
    let plain = to_json("Plain", &ScenarioForm::defaults(1));
    assert!(!plain.contains("reasoning-tokens"));
    let (_, read, problems) = from_json(&file).unwrap();
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(read, form);
}

#[test]
fn bad_unit_values_get_a_message_next_to_their_field() {
    let catalog = shipped();
    let known = |id: &str| catalog.get(id).is_some();
    for (key, text, message) in [
        (
            "reasoning-tokens",
            "-3",
            "Reasoning tokens must be 0 or more, got \"-3\"",
        ),
        (
            "tool-tokens",
            "lots",
            "Tool-definition tokens must be a whole number, got \"lots\"",
        ),
        ("reasoning-tokens", "", "Reasoning tokens is required"),
        (
            "tool-tokens",
            "NaN",
            "Tool-definition tokens must be a whole number, got \"NaN\"",
        ),
    ] {
        let mut form = ScenarioForm::defaults(1);
        form.set(key, text);
        let validated = validate(&form, &known);
        assert_eq!(validated.config, None, "{key}={text} blocks the projection");
        assert_eq!(
            validated.errors.get(key).map(String::as_str),
            Some(message),
            "{key}={text}"
        );
    }
}

#[test]
fn the_image_parameters_round_trip() {
    let query = "v=1&image-count=2&image-width=2048&image-height=4096&image-detail=high";
    let (form, problems) = ScenarioForm::from_query(query);
    assert_eq!(problems, Vec::<String>::new());
    // Written as a version-2 link, it reads back as the same form.
    assert_eq!(
        ScenarioForm::from_query(&form.to_query()),
        (form.clone(), Vec::new())
    );
    let catalog = Catalog::shipped().unwrap();
    let config = validate(&form, &|id| catalog.get(id).is_some())
        .config
        .unwrap();
    let TokenSource::Detail(shape) = config.tokens else {
        panic!("a detail scenario");
    };
    assert_eq!(shape.images.count, 2.0);
    assert_eq!(
        (shape.images.size.width, shape.images.size.height),
        (2048, 4096)
    );
    assert_eq!(shape.images.detail, Detail::High);
    // The default model, GPT-5 mini, counts patches: 64 × 128 = 8,192 > 1,536, scaled
    // to 1,536 patches at most × 1.62 ≈ 2,488 per image; the whole-call figure follows.
    let projection = project(&config, &catalog).unwrap();
    let main = catalog.get("gpt-5-mini").unwrap();
    let per_image = crate::models::projection::units::image_pricing(&shape.images, main)
        .unwrap()
        .per_image;
    assert!(per_image <= 2_489, "{per_image}");
    close(
        projection.shape.image_tokens_on(main),
        2.0 * per_image as f64,
    );
    // A bad choice in a link is ignored and listed.
    let (form, problems) = ScenarioForm::from_query("v=1&image-detail=ultra");
    assert_eq!(form.get("image-detail"), "auto");
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn bad_image_values_get_a_message_and_block_only_with_images() {
    let catalog = Catalog::shipped().unwrap();
    let known = |id: &str| catalog.get(id).is_some();
    let mut form = ScenarioForm::defaults(1);
    form.set("image-width", "0");
    let validated = validate(&form, &known);
    assert_eq!(
        validated.errors.get("image-width").map(String::as_str),
        Some("Image width must be from 1 to 100,000 pixels, got \"0\"")
    );
    // No images: the projection goes on.
    assert!(validated.config.is_some());
    form.set("image-count", "1");
    assert_eq!(validate(&form, &known).config, None);
    for (key, text) in [
        ("image-count", "-1"),
        ("image-count", "NaN"),
        ("image-count", ""),
        ("image-height", "1e9"),
        ("image-height", "200000"),
    ] {
        let mut form = ScenarioForm::defaults(1);
        form.set("image-count", "1");
        form.set(key, text);
        let validated = validate(&form, &known);
        assert_eq!(validated.config, None, "{key}={text}");
        assert!(validated.errors.contains_key(key), "{key}={text}");
    }
}
