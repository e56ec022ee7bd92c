//! The navigation between views.

use leptos::prelude::*;

use crate::formats::route::{to_fragment, Route, View};

/// One link per view, `data-testid="nav-<slug>"`. The link of the current view carries
/// `aria-current="page"`.
#[component]
pub fn Nav(
    /// The view on screen, or `None` on pages that are not views (such as "not found").
    current: Memo<Option<View>>,
) -> impl IntoView {
    view! {
        <nav class="nav" aria-label="Views">
            <ul class="nav-list">
                {View::ALL
                    .into_iter()
                    .map(|view| {
                        let is_current = move || current.get() == Some(view);
                        view! {
                            <li>
                                <a
                                    class="nav-link"
                                    href=to_fragment(&Route::view(view))
                                    data-testid=format!("nav-{}", view.slug())
                                    aria-current=move || is_current().then_some("page")
                                >
                                    {view.title()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
