//! The masthead: product name and its one-line promise.

use leptos::prelude::*;

/// The page header.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="masthead">
            <a class="brand" href="#/tokens" aria-label="Burnrate, home">
                <img class="brand-mark" src="public/favicon.svg" alt="" width="28" height="28" />
                <span class="brand-name">"Burnrate"</span>
            </a>
            <p class="promise">
                "What your LLM feature really costs, and what each fix saves."
            </p>
        </header>
    }
}
