//! Shared test settings.

/// A property test's config with `cases` cases, or `PROPTEST_CASES` when it is set (the
/// deep mode: `PROPTEST_CASES=10000 cargo test`). Tests without their own config read
/// `PROPTEST_CASES` themselves.
pub fn cases(cases: u32) -> proptest::prelude::ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(cases);
    proptest::prelude::ProptestConfig::with_cases(cases)
}

/// The shipped catalog, parsed once for all tests.
pub fn catalog() -> &'static crate::money::catalog::Catalog {
    static CATALOG: std::sync::OnceLock<crate::money::catalog::Catalog> =
        std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        crate::money::catalog::Catalog::shipped().expect("the shipped catalog is valid")
    })
}
