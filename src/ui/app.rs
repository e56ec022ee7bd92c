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
                        Page::About => catalog_gated(|| lazy_page(ABOUT_TITLE, about_page, loading_line)),
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
            {lazy_page(view.title(), move || load_view(view), tokens_early_box)}
        }
        .into_any();
    }
    catalog_gated(move || lazy_page(view.title(), move || load_view(view), loading_line))
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
/// and renders it; `fallback` (at least "Loading <title>…") shows meanwhile, and a Retry
/// message on failure.
fn lazy_page<Load, Loading>(
    title: &'static str,
    load: Load,
    fallback: fn(&'static str) -> AnyView,
) -> AnyView
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
                <Suspense fallback=move || fallback(title)>
                    {Suspend::new(async move {
                        load().await.unwrap_or_else(|_| load_failed(attempt))
                    })}
                </Suspense>
            }
        }}
    }
    .into_any()
}

/// "Loading <title>…", `data-testid="view-loading"`.
fn loading_line(title: &'static str) -> AnyView {
    view! {
        <p class="app-loading" role="status" data-testid="view-loading">
            {format!("Loading {title}…")}
        </p>
    }
    .into_any()
}

/// What shows while the Tokens view's code downloads: its heading and its text box, so
/// that a person can type or paste at once. The box is the view's own text (the same kept
/// field): what goes in it is there, and counted, when the view is in, and the view's box
/// takes over its focus and caret (`take_over_early_box`). Not in chat mode, and not for a
/// text too long for the box (the view shows a preview of it): "Loading Tokens…" alone then.
fn tokens_early_box(title: &'static str) -> AnyView {
    use crate::ui::kept::kept;
    use crate::ui::views::tokens::{BOX_LABEL, BOX_LIMIT, BOX_PLACEHOLDER, LEDE};
    let text = kept(View::Tokens, "text", "the text", String::new);
    let chat_mode = kept(View::Tokens, "chat-mode", "chat mode", || false);
    let shown = text.with_untracked(|text| (text.len() <= BOX_LIMIT).then(|| text.clone()));
    let early_box = shown.filter(|_| !chat_mode.get_untracked()).map(|shown| {
        view! {
            <label class="visually-hidden" for="token-input">{BOX_LABEL}</label>
            <textarea
                id="token-input"
                class="token-input"
                data-testid="token-input"
                rows="10"
                spellcheck="false"
                placeholder=BOX_PLACEHOLDER
                prop:value=shown
                // Not mid-composition (an input method's text is not typed yet, and the
                // view's box may take over before it is): when it is committed.
                on:input=move |ev| if !is_composing(&ev) { text.set(event_target_value(&ev)) }
                on:compositionend=move |ev| text.set(event_target_value(&ev))
                on:paste=move |ev| early_paste(&ev, text)
                // A file dropped here would replace the page; the view's box reads files.
                on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            ></textarea>
        }
    });
    view! {
        <section class="view tokens early" aria-labelledby="tokens-title">
            <h1 id="tokens-title">{title}</h1>
            <p class="lede">{LEDE}</p>
            <div class="token-controls early">
                <p role="status" data-testid="view-loading">{format!("Loading {title}…")}</p>
            </div>
            {early_box}
        </section>
    }
    .into_any()
}

/// Whether `ev` is an input event of a composition under way (an input method's).
fn is_composing(ev: &leptos::ev::Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.dyn_ref::<web_sys::InputEvent>()
        .is_some_and(web_sys::InputEvent::is_composing)
}

/// A paste into the early box that takes its text past the box's limit goes to the text
/// instead (as in the view's box: laying it out would hold the page for seconds), and the
/// box shows its start, read-only, until the view, which shows the same, is in.
fn early_paste(ev: &leptos::ev::ClipboardEvent, text: RwSignal<String>) {
    use crate::text::stats::{byte_offset_of_utf16, prefix};
    use crate::ui::views::tokens::{BOX_LIMIT, PREVIEW_BYTES, PREVIEW_MARK};
    use wasm_bindgen::JsCast;
    let Some(pasted) = ev
        .clipboard_data()
        .and_then(|data| crate::ui::browser::transfer_text(&data))
    else {
        return;
    };
    // At most BOX_LIMIT bytes however it is written (UTF-8 takes at most 3 bytes per UTF-16
    // unit): the box lays that out quickly (the view shows a preview of a longer whole).
    if pasted.length() as usize <= BOX_LIMIT / 3 {
        return;
    }
    let Some(area) = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let pasted = String::from(pasted);
    let value = area.value();
    if value.len() + pasted.len() <= BOX_LIMIT {
        return;
    }
    ev.prevent_default();
    let place = |units: Option<u32>| byte_offset_of_utf16(&value, units.unwrap_or(0) as usize);
    let (start, end) = (
        place(area.selection_start().ok().flatten()),
        place(area.selection_end().ok().flatten()),
    );
    let (start, end) = (start.min(end), end.max(start));
    let joined = format!("{}{pasted}{}", &value[..start], &value[end..]);
    area.set_value(&format!("{}{PREVIEW_MARK}", prefix(&joined, PREVIEW_BYTES)));
    area.set_read_only(true);
    text.set(joined);
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
