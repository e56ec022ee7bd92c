//! `#/debug/panic`: a page that panics on purpose.

use leptos::prelude::*;

/// Panics while rendering, so the browser tests (and anyone curious) can check that a
/// panic leaves a visible recovery banner rather than a dead page.
#[component]
pub fn PanicDrill() -> impl IntoView {
    panic!("panic drill: this page panics on purpose to test the recovery banner");
    #[allow(unreachable_code)]
    ()
}
