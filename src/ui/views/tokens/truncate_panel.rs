//! Cutting the text to a token budget.

use leptos::prelude::*;

use crate::form;
use crate::money::format;
use crate::text::chunks;
use crate::ui::browser::copy_text;
use crate::ui::field::TextField;

use super::use_tokens_state;

/// The truncation section.
#[component]
pub fn TruncatePanel() -> impl IntoView {
    let state = use_tokens_state();
    let max = RwSignal::new("1,000".to_owned());
    let copied = RwSignal::new(None::<String>);
    let max_check = move || form::whole_number(&max.get(), "token budget");
    let cut = Memo::new(move |_| {
        let encoder = state.encoder()?;
        let budget = max_check().ok()?;
        let budget = usize::try_from(budget).unwrap_or(usize::MAX);
        state.counter.counted.with(|counted| {
            let counted = counted.as_ref()?;
            state.text.with_untracked(|text| {
                // Only the chunk where the budget runs out is encoded again.
                let cut = chunks::truncate(&encoder, text, &counted.chunks, budget);
                // `get` rather than indexing: chunks counted for an older text must never
                // panic here, only show nothing until the new count lands.
                Some((
                    text.get(..cut.kept_bytes)?.to_owned(),
                    text.get(cut.kept_bytes..)?.to_owned(),
                    cut.kept_tokens,
                    cut.total_tokens,
                ))
            })
        })
    });
    let copy = move |_| {
        let Some((kept, ..)) = cut.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            copied.set(Some(match copy_text(&kept).await {
                Ok(()) => "Copied.".to_owned(),
                Err(problem) => problem,
            }));
        });
    };
    view! {
        <section class="truncate-section" aria-labelledby="truncate-title">
            <h2 id="truncate-title">"Cut to a token budget"</h2>
            <TextField label="Maximum tokens" testid="truncate-max" inputmode="numeric" value=max error=Signal::derive(move || max_check().err().map(|e| e.to_string())) />
            <p class="hint">
                {move || cut.get().map(|(_, tail, kept, total)| if tail.is_empty() {
                    format!("The text fits: {} tokens.", format::integer(total as u64))
                } else {
                    format!("Kept {} of {} tokens, cut at a token boundary without splitting a character.", format::integer(kept as u64), format::integer(total as u64))
                })}
            </p>
            <label class="visually-hidden" for="truncate-output">"Text that fits the budget"</label>
            <textarea id="truncate-output" class="token-input" data-testid="truncate-output" rows="5" readonly prop:value=move || cut.get().map(|(kept, ..)| kept).unwrap_or_default()></textarea>
            <div class="actions">
                <button type="button" data-testid="truncate-copy" on:click=copy>"Copy the text that fits"</button>
                <span role="status">{move || copied.get()}</span>
            </div>
            {move || cut.get().filter(|(_, tail, ..)| !tail.is_empty()).map(|(_, tail, ..)| view! {
                <details class="tail">
                    <summary>{format!("The cut-off tail ({} characters)", format::integer(tail.chars().count() as u64))}</summary>
                    <pre data-testid="truncate-tail">{tail}</pre>
                </details>
            })}
        </section>
    }
}
