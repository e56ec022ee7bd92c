//! The text drawn as tokens.

use leptos::prelude::*;

use crate::show::money as format;
use crate::text::chips::chips;
use crate::text::chunks::first_range_end;
use crate::ui::browser::{next_frame, now_ms, yield_now};

use super::use_tokens_state;

/// Tokens drawn at first; the count above stays exact whatever the length. Laying out a
/// chip takes about 10 µs, so 500 keep a long paste's frame short.
pub const FIRST_DRAWN: usize = 500;
/// Tokens added by each "Show more".
pub const MORE_DRAWN: usize = 2_000;
/// Most tokens ever drawn.
pub const MAX_DRAWN: usize = 20_000;
/// Longest the chips wait for the counting workers to finish (ms).
const CHIPS_WAIT_MS: f64 = 400.0;
/// Bytes of text encoded per token drawn, at least (a token is rarely over 8 bytes).
const BYTES_PER_DRAWN: usize = 16;

/// The tokens as coloured chips, `data-testid="token-view"`. Text is inserted as text
/// nodes, so pasted markup shows as markup and never runs.
#[component]
pub fn TokenChips() -> impl IntoView {
    let state = use_tokens_state();
    let show_ids = RwSignal::new(false);
    let limit = RwSignal::new(FIRST_DRAWN);
    // The chips are drawn in a task of their own, a moment after the text changes: drawing
    // 500 of them took 20–35 ms in issue #21's traces, and the task that took a paste (or
    // a keystroke) already lays out the box and counts. `drawn_text` is bumped once that
    // task is over; a newer text supersedes an older one not drawn yet.
    let drawn_text = RwSignal::new(0u64);
    let text_generation = StoredValue::new(0u64);
    Effect::new(move |previous: Option<()>| {
        state.text.track();
        // A new text starts again from the first few tokens.
        if limit.get_untracked() != FIRST_DRAWN {
            limit.set(FIRST_DRAWN);
        }
        if previous.is_none() {
            return; // The text the view opens with is drawn at once.
        }
        text_generation.update_value(|generation| *generation += 1);
        let generation = text_generation.get_value();
        leptos::task::spawn_local(async move {
            yield_now().await;
            // While a long text is counted (in the workers or in slices), the count has the
            // cores: the chips wait for it (its frame is painted first), for at most
            // CHIPS_WAIT_MS. The counter marks its progress as soon as the text changes,
            // so this does not depend on which of the two tasks runs first.
            let started = now_ms();
            let mut waited = false;
            let counting = move || state.counter.progress.with_untracked(Option::is_some);
            while counting() && now_ms() - started < CHIPS_WAIT_MS {
                if text_generation.get_value() != generation {
                    return;
                }
                waited = true;
                gloo_timers::future::TimeoutFuture::new(10).await;
            }
            if waited {
                next_frame().await;
            }
            if text_generation.get_value() == generation {
                drawn_text.set(generation);
            }
        });
    });
    let drawn = Memo::new(move |_| {
        drawn_text.track();
        let encoder = state.encoder()?;
        let limit = limit.get();
        Some(state.text.with_untracked(|text| {
            // The first tokens of a long text are those of its first safe chunk, so only
            // that much is encoded here; the exact total comes from the counter.
            let prefix = &text[..first_range_end(text, limit * BYTES_PER_DRAWN)];
            let spans = encoder.spans(prefix, limit);
            chips(prefix, &spans)
        }))
    });
    // How many are drawn, for the note under them (which changes when the count lands,
    // without drawing the chips again).
    let drawn_count = Memo::new(move |_| drawn.with(|chips| chips.as_ref().map(Vec::len)));
    let note = move || {
        let shown = drawn_count.get()?;
        let total = state
            .counter
            .counted
            .with(|counted| counted.as_ref().map(|counted| counted.total))?;
        (total > shown).then(|| {
            let more = (limit.get_untracked() < MAX_DRAWN).then(|| {
                let next = MORE_DRAWN.min(MAX_DRAWN - limit.get_untracked());
                view! {
                    <button type="button" class="secondary" data-testid="token-view-more"
                        on:click=move |_| limit.update(|limit| *limit = (*limit + next).min(MAX_DRAWN))>
                        {format!("Show {} more", format::integer(next as u64))}
                    </button>
                }
            });
            let note = format!(
                "Showing the first {} of {} tokens; the count above covers them all.",
                format::integer(shown as u64),
                format::integer(total as u64)
            );
            view! { <p class="hint" data-testid="token-view-note">{note} " " {more}</p> }
        })
    };
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
                    Some(chips) => view! {
                        <div class="chips">
                            {chips.into_iter().enumerate().map(|(index, chip)| view! {
                                <span class=format!("chip c{}", index % 6) title=format!("token id {}", chip.id)>
                                    <span class="chip-text">{chip.label}</span>
                                    <span class="chip-id">{chip.id}</span>
                                </span>
                                {chip.ends_line.then(|| view! { <br /> })}
                            }).collect_view()}
                        </div>
                    }.into_any(),
                }}
                {note}
            </div>
        </section>
    }
}
