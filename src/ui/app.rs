//! The app shell: header, navigation, the current view and the footer.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::formats::route::{Page, View, ABOUT_TITLE};
use crate::ui::footer::Footer;
use crate::ui::header::Header;
use crate::ui::kept::{provide_kept, KeptNotice};
use crate::ui::nav::Nav;
use crate::ui::price_book::{provide_price_book, use_price_book, CatalogState};
use crate::ui::router::use_route;
use crate::ui::set_aside::SetAsideNotice;
use crate::ui::tokenizers::provide_tokenizers;
use crate::ui::views::{
    AboutView, CacheRoutingView, CompressView, ConversationView, ModelsView, NotFound, PanicDrill,
    ProjectionView, TokensView, UsageView,
};

/// The root: the shell at once. The price list downloads and is parsed after the first
/// paint (`provide_price_book`), off the path to interactive: the Tokens view works
/// without it (its prices fill in when it is ready), the views that read prices show
/// "Loading prices…" until then, and a price list that cannot be loaded is reported
/// where the view would be (`app-failed`), with a Reload button.
#[component]
pub fn App() -> impl IntoView {
    provide_price_book();
    provide_tokenizers();
    // Above the views, so that what a view holds outlives it (see `kept`).
    provide_kept();
    view! { <Shell /> }
}

/// What shows instead of a view while the price list is loading or when it failed.
/// `None` when it is ready.
fn catalog_pending(state: CatalogState) -> Option<AnyView> {
    match state {
        CatalogState::Ready => None,
        CatalogState::Loading => Some(
            view! {
                <p class="app-loading" role="status" data-testid="catalog-loading">"Loading prices…"</p>
            }
            .into_any(),
        ),
        CatalogState::Failed(problem) => Some(
            view! {
                <div class="app-loading" role="alert" data-testid="app-failed">
                    <p>{problem}</p>
                    <button type="button" on:click=|_| { let _ = window().location().reload(); }>"Reload"</button>
                </div>
            }
            .into_any(),
        ),
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
            Page::About | Page::PanicDrill => None,
        },
        Err(_) => None,
    });

    // The document title follows the view, so history entries and tabs are told apart.
    Effect::new(move |_| {
        let title = match (current_view.get(), page.get()) {
            (Some(view), _) => format!("{} · Burnrate", view.title()),
            (None, Ok(Page::About)) => format!("{ABOUT_TITLE} · Burnrate"),
            _ => "Burnrate".to_owned(),
        };
        document().set_title(&title);
    });

    view! {
        <div class="app" data-testid="app">
            <SkipLink />
            <Header />
            <Nav current=current_view />
            <KeptNotice />
            <main class="main" id="main" tabindex="-1">
                {move || match page.get() {
                    Ok(page) => match page {
                        Page::View(view) => view_for(view),
                        Page::About => catalog_gated(|| lazy_page(ABOUT_TITLE, about_page)),
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

/// The component that renders `view`. Each view's code is a chunk of its own (see
/// `scripts/wasm.mjs`), downloaded the first time the view is opened; until then a
/// "Loading" line shows, and if the download fails, a message with a Retry button.
///
/// The Tokens view does not wait for the price list: it counts without it, and a price
/// list that failed is reported above it. Every other view waits (it reads prices, or
/// model ids in its link, as it opens).
fn view_for(view: View) -> AnyView {
    let book = use_price_book();
    if view == View::Tokens {
        return view! {
            {move || match book.state.get() {
                CatalogState::Failed(problem) => catalog_pending(CatalogState::Failed(problem)),
                _ => None,
            }}
            {lazy_page(view.title(), move || load_view(view))}
        }
        .into_any();
    }
    catalog_gated(move || lazy_page(view.title(), move || load_view(view)))
}

/// `page` once the price list is ready; "Loading prices…" or the failure until then.
fn catalog_gated(page: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    let book = use_price_book();
    let ready = Memo::new(move |_| book.state.get() == CatalogState::Ready);
    (move || {
        if ready.get() {
            page()
        } else {
            catalog_pending(book.state.get()).unwrap_or_else(|| ().into_any())
        }
    })
    .into_any()
}

/// A page whose code is a chunk of its own: `load` downloads it (if it is not loaded yet)
/// and renders it; "Loading <title>…" shows meanwhile, and a Retry message on failure.
fn lazy_page<Load, Loading>(title: &'static str, load: Load) -> AnyView
where
    Load: Fn() -> Loading + Copy + Send + Sync + 'static,
    Loading: std::future::Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    // Bumped by Retry: the chunk loader keeps no failure, so loading again tries afresh.
    let attempt = RwSignal::new(0_u32);
    view! {
        {move || {
            attempt.track();
            view! {
                <Suspense fallback=move || view! {
                    <p class="app-loading" role="status" data-testid="view-loading">
                        {format!("Loading {title}…")}
                    </p>
                }>
                    {Suspend::new(async move {
                        load().await.unwrap_or_else(|_| load_failed(attempt))
                    })}
                </Suspense>
            }
        }}
    }
    .into_any()
}

/// "Skip to main content", `data-testid="skip-link"`: the page's first Tab stop, shown
/// when focused, which moves focus to the view's region (`<main id="main">`). Its click
/// moves focus itself, because the address's fragment is the route: following `#main`
/// would open a page that does not exist.
#[component]
fn SkipLink() -> impl IntoView {
    use wasm_bindgen::JsCast;
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document()
            .get_element_by_id("main")
            .and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
            main.scroll_into_view();
        }
    };
    view! {
        <a class="skip-link" href="#main" data-testid="skip-link" on:click=skip>"Skip to main content"</a>
    }
}

/// What shows when a view's chunk could not be downloaded; "Try again" bumps `attempt`.
fn load_failed(attempt: RwSignal<u32>) -> AnyView {
    view! {
        <div class="app-loading" role="alert" data-testid="view-load-failed">
            <p>
                "This view's code could not be downloaded. Check your connection, then try again; the other views keep working. If Burnrate was updated since you opened this page, reload the page to get the new version."
            </p>
            <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                "Try again"
            </button>
        </div>
    }
    .into_any()
}

/// Downloads `view`'s chunk, if it is not loaded yet, and renders the view.
async fn load_view(view: View) -> Result<AnyView, SplitLoaderError> {
    match view {
        View::Models => models_view().await,
        View::Tokens => tokens_view().await,
        View::Projection => projection_view().await,
        View::Compress => compress_view().await,
        View::Conversation => conversation_view().await,
        View::CacheRouting => cache_routing_view().await,
        View::Usage => usage_view().await,
    }
}

// One split point per view: `wasm_split(<chunk>, …)` makes the function's code, and all
// the code only it reaches, a chunk of its own; calling it downloads the chunk first.
macro_rules! view_chunk {
    ($($function:ident: $chunk:ident => $component:ident),* $(,)?) => {$(
        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $function() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$component /> }.into_any())
        }
    )*};
}

view_chunk! {
    models_view: models => ModelsView,
    tokens_view: tokens => TokensView,
    projection_view: projection => ProjectionView,
    compress_view: compress => CompressView,
    conversation_view: conversation => ConversationView,
    cache_routing_view: cache_routing => CacheRoutingView,
    usage_view: usage => UsageView,
    about_page: about => AboutView,
}
