//! The Tokens view: exact token counts as you type, the tokens themselves, what the text
//! costs on every model, and cutting a text to a token budget.

mod cost_panel;
mod token_chips;
mod truncate_panel;

use std::sync::Arc;

use leptos::prelude::*;

use crate::money::catalog::Model;
use crate::money::format;
use crate::text::stats::{chars_per_token, stats};
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::price_book::use_price_book;
use crate::ui::tokenizers::{use_tokenizers, TableState};

use cost_panel::CostPanel;
use token_chips::TokenChips;
use truncate_panel::TruncatePanel;

/// The model selected when the view opens.
const DEFAULT_MODEL: &str = "gpt-4o";

/// The shared state of the view's panels.
#[derive(Clone, Copy)]
pub struct TokensState {
    /// The text as typed.
    pub text: RwSignal<String>,
    /// The encoding that counts it.
    pub encoding: RwSignal<Encoding>,
    /// The exact token count, once the encoding's table is ready.
    pub count: Memo<Option<usize>>,
}

impl TokensState {
    /// The ready encoder for the current encoding, if loaded.
    pub fn encoder(self) -> Option<Arc<Encoder>> {
        match use_tokenizers().get(self.encoding.get()) {
            TableState::Ready(encoder) => Some(encoder),
            _ => None,
        }
    }
}

/// The view's root, `data-testid="view-tokens"`.
#[component]
pub fn TokensView() -> impl IntoView {
    let tokenizers = use_tokenizers();
    let book = use_price_book();
    let text = RwSignal::new(String::new());
    let encoding = RwSignal::new(Encoding::DEFAULT);
    let model_id = RwSignal::new(DEFAULT_MODEL.to_owned());
    let table = Memo::new(move |_| match tokenizers.get(encoding.get()) {
        TableState::Ready(_) => Ok(true),
        TableState::Loading => Ok(false),
        TableState::Failed(problem) => Err(problem),
    });
    let count = Memo::new(move |_| {
        let encoder = match tokenizers.get(encoding.get()) {
            TableState::Ready(encoder) => encoder,
            _ => return None,
        };
        Some(text.with(|text| encoder.count(text)))
    });
    let state = TokensState {
        text,
        encoding,
        count,
    };
    provide_context(state);

    let text_stats = Memo::new(move |_| text.with(|text| stats(text)));
    let model = Memo::new(move |_| {
        book.catalog
            .with(|catalog| catalog.get(&model_id.get()).cloned())
    });
    // A model whose tokenizer is not public is counted with o200k_base: an estimate.
    let estimate =
        move || model.with(|model| model.as_ref().is_some_and(|model| model.encoding.is_none()));
    let choose_model = move |id: String| {
        let chosen = book.catalog.with(|catalog| {
            catalog
                .get(&id)
                .map(|model| model.encoding.as_deref().and_then(Encoding::from_name))
        });
        if let Some(model_encoding) = chosen {
            encoding.set(model_encoding.unwrap_or(Encoding::DEFAULT));
        }
        model_id.set(id);
    };
    let model_options = Memo::new(move |_| {
        book.catalog.with(|catalog| {
            let mut exact: Vec<(String, String)> = Vec::new();
            let mut others: Vec<(String, String)> = Vec::new();
            for model in catalog.first_party() {
                let entry = (model.id.clone(), option_label(model));
                if model.encoding.is_some() {
                    exact.push(entry);
                } else {
                    others.push(entry);
                }
            }
            (exact, others)
        })
    });

    view! {
        <section class="view tokens" data-testid="view-tokens" aria-labelledby="tokens-title">
            <h1 id="tokens-title">"Tokens"</h1>
            <p class="lede">"Paste a prompt to see exactly how many tokens it is, the tokens themselves, and what it costs."</p>

            <div class="token-controls">
                <label class="field">
                    <span>"Model"</span>
                    <select data-testid="model-select" on:change=move |ev| choose_model(event_target_value(&ev))>
                        {move || {
                            let current = model_id.get_untracked();
                            let (exact, others) = model_options.get();
                            let option = |(id, label): (String, String)| {
                                let selected = id == current;
                                view! { <option value=id selected=selected>{label}</option> }
                            };
                            view! {
                                <optgroup label="OpenAI: exact counts">{exact.into_iter().map(option).collect_view()}</optgroup>
                                <optgroup label="Other providers: estimated with o200k_base">{others.into_iter().map(option).collect_view()}</optgroup>
                            }
                        }}
                    </select>
                </label>
                <label class="field">
                    <span>"Encoding"</span>
                    <select
                        data-testid="encoding-select"
                        on:change=move |ev| {
                            if let Some(chosen) = Encoding::from_name(&event_target_value(&ev)) {
                                encoding.set(chosen);
                            }
                        }
                    >
                        {Encoding::ALL.into_iter().map(|option| view! {
                            <option value=option.name() selected=move || encoding.get() == option>
                                {format!("{} ({})", option.name(), option.used_by())}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="secondary" on:click=move |_| text.set(String::new()) disabled=move || text.with(String::is_empty)>
                    "Clear"
                </button>
            </div>

            <label class="visually-hidden" for="token-input">"Text to count"</label>
            <textarea
                id="token-input"
                class="token-input"
                data-testid="token-input"
                rows="10"
                spellcheck="false"
                placeholder="Paste or type a prompt, a document or code…"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>

            <dl class="token-stats" aria-live="polite">
                <div class="stat main">
                    <dt>
                        "Tokens"
                        <Show when=estimate>
                            <span class="badge estimate" title="This provider's tokenizer is not public or not available offline, so the text is counted with OpenAI's o200k_base. Real counts usually differ by 5 to 20%.">"estimate"</span>
                        </Show>
                    </dt>
                    <dd data-testid="token-count">{move || count.get().map(|n| format::integer(n as u64))}</dd>
                    <dd class="loading" role="status">
                        {move || match table.get() {
                            Ok(true) => String::new(),
                            Ok(false) => format!("Loading the {} tokenizer…", encoding.get().name()),
                            Err(problem) => problem,
                        }}
                    </dd>
                </div>
                <div class="stat"><dt>"Characters"</dt><dd data-testid="char-count">{move || format::integer(text_stats.get().chars as u64)}</dd></div>
                <div class="stat"><dt>"Words"</dt><dd data-testid="word-count">{move || format::integer(text_stats.get().words as u64)}</dd></div>
                <div class="stat"><dt>"Bytes (UTF-8)"</dt><dd data-testid="byte-count">{move || format::integer(text_stats.get().bytes as u64)}</dd></div>
                <div class="stat">
                    <dt title="Characters divided by tokens: English prose is usually about 4">"Chars per token"</dt>
                    <dd data-testid="chars-per-token">
                        {move || count.get().and_then(|tokens| chars_per_token(text_stats.get().chars, tokens)).map(|ratio| format!("{ratio:.2}")).unwrap_or_else(|| "—".into())}
                    </dd>
                </div>
            </dl>

            <TokenChips />
            <CostPanel model=model />
            <TruncatePanel />
        </section>
    }
}

fn option_label(model: &Model) -> String {
    if model.name == model.id {
        format!("{} ({})", model.name, model.provider_name)
    } else {
        format!("{} — {} ({})", model.name, model.id, model.provider_name)
    }
}

/// The view's shared state, provided by [`TokensView`].
pub fn use_tokens_state() -> TokensState {
    use_context::<TokensState>().expect("TokensView provides its state")
}
