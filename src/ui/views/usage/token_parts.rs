//! What the log's reasoning tokens and prompt-cache reads and writes cost, when the log has
//! them; a note saying it has none otherwise.

use std::sync::Arc;

use leptos::prelude::*;

use crate::models::usage::report::parts_note;
use crate::models::usage::UsageReport;
use crate::show::money::integer;
use crate::show::number::unit_usd;

/// The token parts, `data-testid="usage-token-parts"`: reasoning spend
/// (`usage-reasoning-spend`), cache spend (`usage-cache-spend`), or the empty state
/// (`usage-token-parts-empty`).
#[component]
pub fn TokenParts(
    /// The analysis.
    report: Memo<Arc<UsageReport>>,
) -> impl IntoView {
    let logged = move || report.with(|report| report.totals.parts_logged);
    let figure =
        |testid: &'static str, value: String| view! { <span data-testid=testid>{value}</span> };
    view! {
        <section class="token-parts" data-testid="usage-token-parts" aria-labelledby="usage-parts-title">
            <h2 id="usage-parts-title">"Reasoning and prompt caching"</h2>
            {move || {
                let logged = logged();
                (!logged.reasoning && !logged.cache()).then(|| view! {
                    <p class="hint" data-testid="usage-token-parts-empty">"This log has no reasoning or prompt-cache columns (reasoning_tokens, cached_tokens, cache_read_input_tokens, cache_creation_input_tokens, or OpenAI's and Anthropic's nested usage names), so every input token is priced at the input price."</p>
                })
            }}
            <dl class="cost-figures usage-figures">
                {move || report.with(|report| {
                    let totals = &report.totals;
                    totals.parts_logged.reasoning.then(|| view! {
                        <div class="stat"><dt>"Reasoning (inside output, at the output price)"</dt><dd data-testid="usage-reasoning-spend">
                            {figure("usage-reasoning-tokens", integer(totals.reasoning_tokens))}" tokens · "{figure("usage-reasoning-cost", unit_usd(totals.reasoning_cost))}
                        </dd></div>
                    })
                })}
                {move || report.with(|report| {
                    let totals = &report.totals;
                    let logged = totals.parts_logged;
                    logged.cache().then(|| view! {
                        <div class="stat"><dt>"Prompt cache (inside input)"</dt><dd data-testid="usage-cache-spend">
                            {logged.cache_read.then(|| view! {
                                <span class="part">{figure("usage-cache-read-tokens", integer(totals.cache_read_tokens))}" read · "{figure("usage-cache-read-cost", unit_usd(totals.cache_read_cost))}</span>
                            })}
                            {(logged.cache_read && (logged.cache_write_5m || logged.cache_write_1h)).then_some("; ")}
                            {(logged.cache_write_5m || logged.cache_write_1h).then(|| view! {
                                <span class="part">{figure("usage-cache-write-tokens", integer(totals.cache_write_tokens))}" written · "{figure("usage-cache-write-cost", unit_usd(totals.cache_write_cost))}</span>
                            })}
                        </dd></div>
                    })
                })}
            </dl>
            {move || report.with(|report| parts_note(&report.totals)).map(|note| view! { <p class="hint" data-testid="usage-parts-note">{note}</p> })}
        </section>
    }
}
