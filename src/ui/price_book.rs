//! The catalog as every view sees it: the shipped prices with the user's overrides
//! applied, the overrides kept in localStorage.
//!
//! Views read prices only through [`PriceBook::catalog`], so an edited price shows up
//! everywhere at once.

use leptos::prelude::*;

use crate::formats::overrides;
use crate::money::catalog::{Catalog, Source};
use crate::money::overrides::Overrides;
use crate::ui::browser::{fetch_bytes, load_stored, mark, store, NotStored, Stored};

/// Where the overrides live in localStorage. The value is the versioned overrides file.
pub const STORAGE_KEY: &str = "burnrate.price-overrides";

/// Prices, shared through context.
#[derive(Clone, Copy)]
pub struct PriceBook {
    /// The user's overrides. Writing them saves them.
    pub overrides: RwSignal<Overrides>,
    /// Shipped prices with the overrides applied.
    pub catalog: Memo<Catalog>,
    /// A problem to tell the user about (saved data unreadable, storage unavailable).
    pub notice: RwSignal<Option<String>>,
    /// Saved data that could not be read, kept so the user can download it.
    pub unreadable: RwSignal<Option<String>>,
    /// Whether the shipped catalog is loaded.
    pub state: RwSignal<CatalogState>,
}

/// An empty catalog, in place until the shipped one is loaded.
fn empty_catalog() -> Catalog {
    Catalog {
        as_of: String::new(),
        source: Source {
            name: String::new(),
            version: String::new(),
            license: String::new(),
            url: String::new(),
        },
        models: Vec::new(),
    }
}

/// Where the shipped catalog stands.
#[derive(Clone, Debug, PartialEq)]
pub enum CatalogState {
    /// Downloading.
    Loading,
    /// Loaded and valid.
    Ready,
    /// Could not be loaded; the message says why.
    Failed(String),
}

/// The URL of the shipped catalog, relative to the page (copied by the build from
/// `public/prices/catalog.json`, and preloaded by `index.html`).
const CATALOG_URL: &str = "public/prices/catalog.json";

/// Builds the price book, provides it as context and returns it. Call once, in `App`.
///
/// The shipped catalog is a static file rather than part of the wasm (it would add some
/// 470 KB to it); it downloads while the wasm does, and the app shows its views once it
/// is parsed ([`PriceBook::state`]).
pub fn provide_price_book() -> PriceBook {
    let state = RwSignal::new(CatalogState::Loading);
    let shipped = RwSignal::new(empty_catalog());
    leptos::task::spawn_local(async move {
        match fetch_catalog().await {
            Ok(catalog) => {
                shipped.set(catalog);
                state.set(CatalogState::Ready);
            }
            Err(problem) => state.set(CatalogState::Failed(problem)),
        }
    });
    let notice = RwSignal::new(None);
    let unreadable = RwSignal::new(None);
    let overrides = RwSignal::new(load(notice, unreadable));
    let catalog = Memo::new(move |_| {
        shipped.with(|shipped| overrides.with(|overrides| shipped.with_overrides(overrides)))
    });
    // Saving is the one side effect: it syncs the overrides with localStorage.
    Effect::new(move |previous: Option<()>| {
        let json = overrides.with(overrides::to_json);
        if previous.is_none() && overrides.with(Overrides::is_empty) {
            return; // Nothing to save yet; don't create an empty entry on first visit.
        }
        if let Err(problem) = save(&json) {
            notice.set(Some(problem));
        }
    });
    let book = PriceBook {
        overrides,
        catalog,
        notice,
        unreadable,
        state,
    };
    provide_context(book);
    book
}

/// The price book provided by `App`.
pub fn use_price_book() -> PriceBook {
    use_context::<PriceBook>().expect("App provides the PriceBook")
}

/// Downloads and parses the shipped catalog.
async fn fetch_catalog() -> Result<Catalog, String> {
    let failed = |what: String| {
        format!("The price list could not be downloaded ({what}). Reload to try again.")
    };
    let bytes = fetch_bytes(CATALOG_URL).await.map_err(failed)?;
    // The parse (tens of milliseconds) waits until the shell has been painted: it is not
    // on the path to interactive.
    after_paint().await;
    let text = String::from_utf8(bytes).map_err(|_| failed("not UTF-8 text".to_owned()))?;
    mark("burnrate:catalog-parse-start");
    let parsed = Catalog::parse(&text)
        .map_err(|error| format!("The price list is damaged: {error}. Reload to try again."));
    mark("burnrate:catalog-ready");
    parsed
}

/// Resolves after the next frame has been painted: a timeout set in an animation frame
/// runs once that frame is drawn.
async fn after_paint() {
    let painted = js_sys::Promise::new(&mut |resolve, _| {
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(painted).await;
}

/// Reads the saved overrides. Unreadable data is moved aside under a new key (never
/// deleted), offered for download, and reported.
fn load(notice: RwSignal<Option<String>>, unreadable: RwSignal<Option<String>>) -> Overrides {
    match load_stored(STORAGE_KEY, overrides::parse) {
        Stored::Nothing => Overrides::default(),
        Stored::Read(overrides) => overrides,
        Stored::Unreadable {
            problem,
            aside,
            raw,
        } => {
            notice.set(Some(format!(
                "Your saved price overrides could not be read ({problem}). {}",
                if aside.is_some() {
                    "They were set aside, not deleted; you can download them below. Shipped prices are in use."
                } else {
                    "They were left where they are; you can download them below. Shipped prices are in use."
                }
            )));
            unreadable.set(Some(raw));
            Overrides::default()
        }
    }
}

fn save(json: &str) -> Result<(), String> {
    store(STORAGE_KEY, json).map_err(|problem| match problem {
        NotStored::NoStorage => "This browser does not allow saving (localStorage is off), so price overrides last only until you close the tab.".to_owned(),
        NotStored::Refused => "Your price overrides could not be saved (browser storage is full or blocked). Export them to keep them.".to_owned(),
    })
}
