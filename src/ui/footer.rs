//! The footer: the privacy promise, where the price data comes from, and the way to the
//! About and licences page.

use leptos::prelude::*;

use crate::formats::route::{to_fragment, Page, Route, ABOUT_TITLE};
use crate::text::families::built_with;
use crate::ui::price_book::use_price_book;

/// The page footer.
#[component]
pub fn Footer() -> impl IntoView {
    let book = use_price_book();
    let about = to_fragment(&Route {
        page: Page::About,
        query: String::new(),
    });
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
            <p>
                <a href=about data-testid="footer-about">{ABOUT_TITLE}</a>
                {built_with().into_iter().map(|words| format!(" · {words}")).collect::<String>()}
            </p>
        </footer>
    }
}
