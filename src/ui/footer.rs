//! The footer: the privacy promise and where the price data comes from.

use leptos::prelude::*;

/// The page footer.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p data-testid="footer-privacy">
                <strong>"Your prompts and usage data never leave this browser."</strong>
                " Burnrate has no server: every count and cost is computed on this page."
            </p>
            <p data-testid="footer-prices">
                "Price data: not bundled yet. Once the Models & prices view lands, its source and date appear here."
            </p>
        </footer>
    }
}
