//! The app shell: header, navigation, the current view and the footer.

use leptos::prelude::*;

use crate::formats::route::{Page, View};
use crate::ui::footer::Footer;
use crate::ui::header::Header;
use crate::ui::nav::Nav;
use crate::ui::price_book::{provide_price_book, CatalogState};
use crate::ui::router::use_route;
use crate::ui::set_aside::SetAsideNotice;
use crate::ui::tokenizers::provide_tokenizers;
use crate::ui::views::{
    CacheRoutingView, CompressView, ConversationView, ModelsView, NotFound, PanicDrill,
    ProjectionView, TokensView, UsageView,
};

/// The root: a short "loading" line until the price list is in, then [`Shell`].
#[component]
pub fn App() -> impl IntoView {
    let book = provide_price_book();
    provide_tokenizers();
    move || {
        match book.state.get() {
        CatalogState::Ready => view! { <Shell /> }.into_any(),
        CatalogState::Loading => view! {
            <p class="app-loading" role="status">"Loading prices…"</p>
        }
        .into_any(),
        CatalogState::Failed(problem) => view! {
            <div class="app-loading" role="alert" data-testid="app-failed">
                <p>{problem}</p>
                <button type="button" on:click=|_| { let _ = window().location().reload(); }>"Reload"</button>
            </div>
        }
        .into_any(),
    }
    }
}

/// The app shell: header, navigation, the current view and the footer. Its element
/// carries `data-testid="app"`.
#[component]
fn Shell() -> impl IntoView {
    let route = use_route();
    // The page alone decides which component is mounted: a view that keeps its state in
    // the query (the Projection) rewrites the query without being mounted afresh.
    let page = Memo::new(move |_| route.get().map(|route| route.page));
    let current_view = Memo::new(move |_| match route.get() {
        Ok(route) => match route.page {
            Page::View(view) => Some(view),
            Page::PanicDrill => None,
        },
        Err(_) => None,
    });

    // The document title follows the view, so history entries and tabs are told apart.
    Effect::new(move |_| {
        let title = match current_view.get() {
            Some(view) => format!("{} · Burnrate", view.title()),
            None => "Burnrate".to_owned(),
        };
        document().set_title(&title);
    });

    view! {
        <div class="app" data-testid="app">
            <Header />
            <Nav current=current_view />
            <main class="main" id="main">
                {move || match page.get() {
                    Ok(page) => match page {
                        Page::View(view) => view_for(view),
                        Page::PanicDrill => view! { <PanicDrill /> }.into_any(),
                    },
                    Err(error) => view! { <NotFound error=error /> }.into_any(),
                }}
            </main>
            <SetAsideNotice route=route />
            <Footer />
        </div>
    }
}

/// The component that renders `view`.
fn view_for(view: View) -> AnyView {
    match view {
        View::Models => view! { <ModelsView /> }.into_any(),
        View::Tokens => view! { <TokensView /> }.into_any(),
        View::Projection => view! { <ProjectionView /> }.into_any(),
        View::Compress => view! { <CompressView /> }.into_any(),
        View::Conversation => view! { <ConversationView /> }.into_any(),
        View::CacheRouting => view! { <CacheRoutingView /> }.into_any(),
        View::Usage => view! { <UsageView /> }.into_any(),
    }
}
