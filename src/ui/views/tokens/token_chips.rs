//! The text drawn as tokens.

use leptos::prelude::*;

use crate::show::money as format;
use crate::text::chips::chips;
use crate::text::chunks::first_range_end;

use super::use_tokens_state;

/// Tokens drawn at first; the count above stays exact whatever the length. Laying out a
/// chip takes about 10 µs, so 500 keep a long paste's frame short.
pub const FIRST_DRAWN: usize = 500;
/// Tokens added by each "Show more".
pub const MORE_DRAWN: usize = 2_000;
/// Most tokens ever drawn.
pub const MAX_DRAWN: usize = 20_000;
/// Bytes of text encoded per token drawn, at least (a token is rarely over 8 bytes).
const BYTES_PER_DRAWN: usize = 16;

/// The tokens as coloured chips, `data-testid="token-view"`. Text is inserted as text
/// nodes, so pasted markup shows as markup and never runs.
#[component]
pub fn TokenChips() -> impl IntoView {
    let state = use_tokens_state();
    let show_ids = RwSignal::new(false);
    let limit = RwSignal::new(FIRST_DRAWN);
    // A new text starts again from the first few tokens.
    Effect::new(move |_| {
        state.text.track();
        if limit.get_untracked() != FIRST_DRAWN {
            limit.set(FIRST_DRAWN);
        }
    });
    let drawn = Memo::new(move |_| {
        let encoder = state.encoder()?;
        let limit = limit.get();
        Some(state.text.with(|text| {
            // The first tokens of a long text are those of its first safe chunk, so only
            // that much is encoded here; the exact total comes from the counter.
            let prefix = &text[..first_range_end(text, limit * BYTES_PER_DRAWN)];
            let spans = encoder.spans(prefix, limit);
            chips(prefix, &spans)
        }))
    });
    view! {
        <section class="token-section" aria-labelledby="token-view-title">
            <div class="section-head">
                <h2 id="token-view-title">"The tokens"</h2>
                <label class="check">
                    <input type="checkbox" prop:checked=move || show_ids.get() on:change=move |ev| show_ids.set(event_target_checked(&ev)) />
                    " Show token ids"
                </label>
            </div>
            <div class="token-view" class:with-ids=move || show_ids.get() data-testid="token-view">
                {move || match drawn.get() {
                    None => view! { <p class="hint">"Waiting for the tokenizer…"</p> }.into_any(),
                    Some(chips) if chips.is_empty() => view! {
                        <p class="hint">"Paste or type text above to see its tokens."</p>
                    }.into_any(),
                    Some(chips) => {
                        let total = state.counter.counted.with(|counted| counted.as_ref().map(|counted| counted.total));
                        let shown = chips.len();
                        let note = total.filter(|&total| total > shown).map(|total| format!(
                            "Showing the first {} of {} tokens; the count above covers them all.",
                            format::integer(shown as u64),
                            format::integer(total as u64)
                        ));
                        let more = (limit.get_untracked() < MAX_DRAWN).then(|| {
                            let next = MORE_DRAWN.min(MAX_DRAWN - limit.get_untracked());
                            view! {
                                <button type="button" class="secondary" data-testid="token-view-more"
                                    on:click=move |_| limit.update(|limit| *limit = (*limit + next).min(MAX_DRAWN))>
                                    {format!("Show {} more", format::integer(next as u64))}
                                </button>
                            }
                        });
                        view! {
                            <div class="chips">
                                {chips.into_iter().enumerate().map(|(index, chip)| view! {
                                    <span class=format!("chip c{}", index % 6) title=format!("token id {}", chip.id)>
                                        <span class="chip-text">{chip.label}</span>
                                        <span class="chip-id">{chip.id}</span>
                                    </span>
                                    {chip.ends_line.then(|| view! { <br /> })}
                                }).collect_view()}
                            </div>
                            {note.map(|note| view! { <p class="hint" data-testid="token-view-note">{note} " " {more}</p> })}
                        }.into_any()
                    }
                }}
            </div>
        </section>
    }
}
