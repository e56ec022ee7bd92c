//! An imported price-overrides file and a price catalog file (Models view).
#![no_main]
use std::sync::OnceLock;

use burnrate::money::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::shipped().expect("the shipped catalog is valid"))
}

fuzz_target!(|text: &str| {
    if let Ok(overrides) = burnrate::formats::overrides::parse(text) {
        let merged = catalog().with_overrides(&overrides);
        let _ = burnrate::formats::overrides::to_json(&overrides);
        let _ = merged.first_party().count();
    }
    if let Ok(parsed) = Catalog::parse(text) {
        let _ = parsed.providers();
    }
});
