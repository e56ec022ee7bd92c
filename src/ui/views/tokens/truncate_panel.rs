//! Cutting the text to a token budget.

use leptos::prelude::*;

use crate::form;
use crate::show::money as format;
use crate::text::chunks;
use crate::text::stats::prefix;
use crate::ui::browser::copy_text;
use crate::ui::field::TextField;

use super::use_tokens_state;
use crate::formats::route::View;
use crate::ui::kept::kept;

/// Texts up to this many bytes are shown whole; longer ones as their first
/// [`PREVIEW_BYTES`] (the copy buttons still copy all of it). Laying out megabytes of text
/// holds the page for a tenth of a second or more.
const SHOW_LIMIT: usize = 256 * 1024;
/// How much of a long kept text or tail is shown.
const PREVIEW_BYTES: usize = 16 * 1024;

/// `text`, or its first [`PREVIEW_BYTES`] and an ellipsis when it is over [`SHOW_LIMIT`].
fn shown(text: &str) -> String {
    if text.len() <= SHOW_LIMIT {
        text.to_owned()
    } else {
        format!("{}\n…", prefix(text, PREVIEW_BYTES))
    }
}

/// The truncation section.
#[component]
pub fn TruncatePanel() -> impl IntoView {
    let state = use_tokens_state();
    let max = kept(View::Tokens, "truncate-max", "the token budget", || {
        "1,000".to_owned()
    });
    let copied = RwSignal::new(None::<String>);
    let tail_open = RwSignal::new(false);
    let max_check = move || form::whole_number(&max.get(), "token budget");
    // (bytes kept, tokens kept, tokens in all) of the current text.
    let cut = Memo::new(move |_| {
        let encoder = state.encoder()?;
        let budget = max_check().ok()?;
        let budget = usize::try_from(budget).unwrap_or(usize::MAX);
        state.counter.counted.with(|counted| {
            let counted = counted.as_ref()?;
            state.text.with_untracked(|text| {
                // Only the chunk where the budget runs out is encoded again.
                let cut = chunks::truncate(&encoder, text, &counted.chunks, budget);
                // Chunks counted for an older text must never panic here, only show
                // nothing until the new count lands.
                text.is_char_boundary(cut.kept_bytes).then_some((
                    cut.kept_bytes,
                    cut.kept_tokens,
                    cut.total_tokens,
                ))
            })
        })
    });
    // The tail's length in characters, once per cut.
    let tail_chars = Memo::new(move |_| {
        let (kept, ..) = cut.get()?;
        state
            .text
            .with_untracked(|text| text.get(kept..).map(|tail| tail.chars().count()))
    });
    let part = move |kept_part: bool| {
        let (kept, ..) = cut.get_untracked()?;
        state.text.with_untracked(|text| {
            if kept_part {
                text.get(..kept).map(str::to_owned)
            } else {
                text.get(kept..).map(str::to_owned)
            }
        })
    };
    let copy = move |kept_part: bool| {
        let Some(text) = part(kept_part) else {
            return;
        };
        leptos::task::spawn_local(async move {
            copied.set(Some(match copy_text(&text).await {
                Ok(()) => "Copied.".to_owned(),
                Err(problem) => problem,
            }));
        });
    };
    let kept_shown = move || {
        let (kept, ..) = cut.get()?;
        state
            .text
            .with_untracked(|text| text.get(..kept).map(shown))
    };
    let tail_shown = move || {
        if !tail_open.get() {
            return None;
        }
        let (kept, ..) = cut.get()?;
        state
            .text
            .with_untracked(|text| text.get(kept..).map(shown))
    };
    view! {
        <section class="truncate-section" aria-labelledby="truncate-title">
            <h2 id="truncate-title">"Cut to a token budget"</h2>
            <TextField label="Maximum tokens" testid="truncate-max" inputmode="numeric" value=max error=Signal::derive(move || max_check().err().map(|e| e.to_string())) />
            <p class="hint">
                {move || cut.get().map(|(kept_bytes, kept, total)| {
                    let fits = state.text.with_untracked(|text| kept_bytes >= text.len());
                    if fits {
                        format!("The text fits: {}.", format::counted(total as u64, "token", "tokens"))
                    } else {
                        format!("Kept {} of {} tokens, cut at a token boundary without splitting a character.", format::integer(kept as u64), format::integer(total as u64))
                    }
                })}
                {move || cut.get().filter(|(kept, ..)| *kept > SHOW_LIMIT).map(|_| format!(
                    " The box shows the first {} KB; the copy button copies all of it.",
                    PREVIEW_BYTES / 1024
                ))}
            </p>
            <label class="visually-hidden" for="truncate-output">"Text that fits the budget"</label>
            <textarea id="truncate-output" class="token-input" data-testid="truncate-output" rows="5" readonly prop:value=move || kept_shown().unwrap_or_default()></textarea>
            <div class="actions">
                <button type="button" data-testid="truncate-copy" on:click=move |_| copy(true)>"Copy the text that fits"</button>
                <span role="status">{move || copied.get()}</span>
            </div>
            {move || tail_chars.get().filter(|&chars| chars > 0).map(|chars| view! {
                <details class="tail" on:toggle=move |ev| {
                    use wasm_bindgen::JsCast;
                    let open = ev.target().and_then(|target| target.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|details| details.open());
                    tail_open.set(open);
                } prop:open=move || tail_open.get_untracked()>
                    <summary>{format!("The cut-off tail ({} characters)", format::integer(chars as u64))}</summary>
                    <pre data-testid="truncate-tail">{tail_shown}</pre>
                    <button type="button" class="secondary" data-testid="truncate-tail-copy" on:click=move |_| copy(false)>"Copy the tail"</button>
                </details>
            })}
        </section>
    }
}
