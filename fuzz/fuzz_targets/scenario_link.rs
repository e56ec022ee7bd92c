//! A Projection share link's query and a scenario file: read, validated, projected.
#![no_main]
use std::sync::OnceLock;

use burnrate::formats::scenario::{from_json, validate, ScenarioForm};
use burnrate::models::projection::project;
use burnrate::money::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::shipped().expect("the shipped catalog is valid"))
}

fn run(form: &ScenarioForm) {
    let known = |id: &str| catalog().get(id).is_some();
    let validated = validate(form, &known);
    if let Some(config) = validated.config {
        if let Ok(projection) = project(&config, catalog()) {
            assert!(projection.baseline.is_finite() && projection.optimized.is_finite());
        }
    }
}

fuzz_target!(|text: &str| {
    let (form, _problems) = ScenarioForm::from_query(text);
    run(&form);
    // The link it gives reads back as the same form.
    let (again, _) = ScenarioForm::from_query(&form.to_query());
    assert_eq!(again, form);
    if let Ok((_, form, _)) = from_json(text) {
        run(&form);
    }
});
