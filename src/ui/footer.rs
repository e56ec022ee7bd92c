//! The footer: the privacy promise and where the price data comes from.

use leptos::prelude::*;

use crate::ui::price_book::use_price_book;

/// The page footer.
#[component]
pub fn Footer() -> impl IntoView {
    let book = use_price_book();
    view! {
        <footer class="footer">
            <p data-testid="footer-privacy">
                <strong>"Your prompts and usage data never leave this browser."</strong>
                " Burnrate has no server: every count and cost is computed on this page."
            </p>
            <p data-testid="footer-prices">
                {move || book.catalog.with(|catalog| format!(
                    "Prices as of {}, from the {} package {} ({} licence), plus any prices you set.",
                    catalog.as_of, catalog.source.name, catalog.source.version, catalog.source.license
                ))}
            </p>
        </footer>
    }
}
