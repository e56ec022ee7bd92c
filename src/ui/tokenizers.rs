//! Token tables, downloaded on demand and shared by every view.
//!
//! The tables (`tokenizers/<encoding>.bin`, 0.4 to 1.8 MB each) are not in the app's wasm.
//! The default encoding starts loading as soon as the app mounts on a view that counts
//! tokens; other encodings, or the default one on other views, when a view first asks.
//! Each ready moment is marked in the Performance timeline as
//! `burnrate:tokenizer-ready:<encoding>` for the benchmarks. The first table to be ready
//! also starts the counting workers (`count_pool`), warmed with its encoding.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::formats::route::{Page, View};
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::browser::{fetch_bytes, mark, yield_now};
use crate::ui::count_pool;
use crate::ui::router::current_route;

/// Where one encoding's table stands.
#[derive(Clone, Debug)]
pub enum TableState {
    /// Downloading or building.
    Loading,
    /// Ready to count.
    Ready(Arc<Encoder>),
    /// Could not be loaded; the message says why.
    Failed(String),
}

/// The shared tokenizers, through context.
#[derive(Clone, Copy)]
pub struct Tokenizers {
    states: RwSignal<HashMap<Encoding, TableState>>,
}

impl Tokenizers {
    /// The state of `encoding`'s table, starting its download if nobody has asked yet.
    /// Reactive: re-runs the caller when the state changes.
    pub fn get(self, encoding: Encoding) -> TableState {
        let state = self.states.with(|states| states.get(&encoding).cloned());
        match state {
            Some(state) => state,
            None => {
                self.request(encoding);
                TableState::Loading
            }
        }
    }

    /// Tries `encoding`'s table again if it failed to load (a person chose it again: the
    /// network may be back). Not called by [`Tokenizers::get`], which must not loop on a
    /// failure.
    pub fn retry(self, encoding: Encoding) {
        let failed = self
            .states
            .with_untracked(|states| matches!(states.get(&encoding), Some(TableState::Failed(_))));
        if failed {
            self.states.update(|states| {
                states.remove(&encoding);
            });
            self.request(encoding);
        }
    }

    /// Starts downloading `encoding`'s table unless it is loaded or loading.
    pub fn request(self, encoding: Encoding) {
        if self
            .states
            .with_untracked(|states| states.contains_key(&encoding))
        {
            return;
        }
        self.states.update_untracked(|states| {
            states.insert(encoding, TableState::Loading);
        });
        let states = self.states;
        leptos::task::spawn_local(async move {
            let state = match load(encoding).await {
                Ok(encoder) => {
                    mark(&format!("burnrate:tokenizer-ready:{}", encoding.name()));
                    // The counting workers start with the first table, a task later: after
                    // the page is interactive and after the count this table was wanted for.
                    leptos::task::spawn_local(async move {
                        yield_now().await;
                        count_pool::start(encoding);
                    });
                    TableState::Ready(Arc::new(encoder))
                }
                Err(problem) => TableState::Failed(problem),
            };
            states.update(|states| {
                states.insert(encoding, state);
            });
        });
    }
}

/// Provides the tokenizers. Call once, in `App`. When the page opens on a view that counts
/// tokens, the default encoding starts loading at once; other views (Projection, Usage,
/// Models, Cache & routing) never build an encoder, and a counting view opened later
/// asks for its table itself.
pub fn provide_tokenizers() -> Tokenizers {
    let tokenizers = Tokenizers {
        states: RwSignal::new(HashMap::new()),
    };
    let counts_tokens = matches!(
        current_route().map(|route| route.page),
        Ok(Page::View(
            View::Tokens | View::Compress | View::Conversation
        ))
    );
    if counts_tokens {
        tokenizers.request(Encoding::DEFAULT);
    }
    provide_context(tokenizers);
    tokenizers
}

/// The tokenizers provided by `App`.
pub fn use_tokenizers() -> Tokenizers {
    use_context::<Tokenizers>().expect("App provides the Tokenizers")
}

async fn load(encoding: Encoding) -> Result<Encoder, String> {
    // The tokenizer's code downloads while the table does (a failure shows below).
    leptos::task::spawn_local(async {
        let _ = __wasm_split_preload_build_encoder().await;
    });
    let url = format!("tokenizers/{}.bin", encoding.table_name());
    let bytes = fetch_bytes(&url).await.map_err(|what| {
        format!(
            "The {} tokenizer could not be downloaded ({what}). Reload to try again.",
            encoding.name()
        )
    })?;
    let built = build_encoder(encoding, bytes).await.map_err(|_| {
        format!(
            "The {} tokenizer's code could not be downloaded. Reload to try again.",
            encoding.name()
        )
    })?;
    built.map_err(|error| {
        format!(
            "The {} tokenizer could not be loaded: {error}.",
            encoding.name()
        )
    })
}

/// Builds an encoder from its table. Its code (the table reader and the pattern compiler)
/// is a chunk of its own, downloaded with the first table.
#[leptos::wasm_split::wasm_split(tokenizer, wasm_split_path = ::leptos::wasm_split, fallible)]
fn build_encoder(
    encoding: Encoding,
    bytes: Vec<u8>,
) -> Result<Result<Encoder, String>, leptos::wasm_split::SplitLoaderError> {
    Ok(Encoder::from_table(encoding, &bytes).map_err(|error| error.to_string()))
}
