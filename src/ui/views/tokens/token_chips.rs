//! The text drawn as tokens.

use leptos::prelude::*;

use crate::money::format;
use crate::text::chips::chips;
use crate::text::chunks::first_range_end;

use super::use_tokens_state;

/// Most tokens drawn; the count above stays exact whatever the length.
pub const MAX_DRAWN: usize = 2_000;
/// At least this much of the text is encoded to draw its first tokens (2,000 tokens are
/// rarely more than 16 KB).
const PREFIX_BYTES: usize = 32 * 1024;

/// The tokens as coloured chips, `data-testid="token-view"`. Text is inserted as text
/// nodes, so pasted markup shows as markup and never runs.
#[component]
pub fn TokenChips() -> impl IntoView {
    let state = use_tokens_state();
    let show_ids = RwSignal::new(false);
    let drawn = Memo::new(move |_| {
        let encoder = state.encoder()?;
        Some(state.text.with(|text| {
            // The first tokens of a long text are those of its first safe chunk, so only
            // that much is encoded here; the exact total comes from the counter.
            let prefix = &text[..first_range_end(text, PREFIX_BYTES)];
            let spans = encoder.spans(prefix, MAX_DRAWN);
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
                        let note = total.filter(|&total| total > chips.len()).map(|total| format!(
                            "Showing the first {} of {} tokens; the count above covers them all.",
                            format::integer(chips.len() as u64),
                            format::integer(total as u64)
                        ));
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
                            {note.map(|note| view! { <p class="hint" data-testid="token-view-note">{note}</p> })}
                        }.into_any()
                    }
                }}
            </div>
        </section>
    }
}
