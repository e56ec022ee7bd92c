//! The page for a link that names no view.

use leptos::prelude::*;

use crate::formats::route::{to_fragment, Route, RouteError, View};

/// Says which part of the link was not understood, and offers a way on.
#[component]
pub fn NotFound(
    /// Why the link was not understood.
    error: RouteError,
) -> impl IntoView {
    view! {
        <section class="view" data-testid="view-not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"Page not found"</h1>
            <p role="alert">"This link does not work: " {error.to_string()} "."</p>
            <p>
                <a href=to_fragment(&Route::view(View::DEFAULT))>"Go to the Tokens view"</a>
                " or pick a view above."
            </p>
        </section>
    }
}
