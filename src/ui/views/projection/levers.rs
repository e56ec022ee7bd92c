//! The optimization levers, in the order they are applied and their savings attributed.

use leptos::prelude::*;

use crate::formats::scenario::{effort_key, lever_key, routing_keys};
use crate::models::projection::{Lever, RouteTier};
use crate::show::number::usd;

use super::inputs::{Choice, ModelPick, Num, Tip, Toggle};
use super::use_projection;

/// Where each lever's defaults come from (the help tip; the field table of
/// `formats::scenario` has the same sources).
fn source(lever: Lever) -> &'static str {
    match lever {
        Lever::Cache => "Defaults: 10% exact and 15% semantic hits, 5% of semantic hits wrong (asked again), $0.00002 a lookup (about 500 tokens through a $0.02-per-million embedding model plus the vector search). The article is the only source for hit rates: its case study reports 75% for common support questions; the defaults take a third of that, since only a conversation's first turns repeat.",
        Lever::Context => "Default: keep the last 2 turns. The article's case study cut history by 60% with a sliding window; of 6 turns, a window of 2 keeps 9/15 = 60% of the history (cuts 40%). Without history tokens, the window scales the context-reloading and multi-turn factors instead.",
        Lever::Compression => "Default 10%: the Compress view measured 3–21% on users' own prompts; the article's 40% is the top of what it cites (40–60%). Measure your own prompt in the Compress view.",
        Lever::Routing => "Defaults: trivial and simple questions (50%) to GPT-5.6 Luna, the small model of GPT-5.6 Terra's family, the rest kept; 10% of routed calls escalated and paid twice (an assumption). The article's case study, the only source, sent 70% of requests to a cheaper model.",
        Lever::PromptCache => "The cached prefix is the system prompt (and tool definitions) as sent, after compression, plus any history or context your prefix says repeats; never the user's message. Each model's documented minimum prefix applies (OpenAI 1,024 tokens; Claude 1,024, 2,048 for Haiku 3/3.5, 4,096 for Opus 4.5–4.7 and Haiku 4.5; Gemini 2.5 2,048, 3 and later 4,096) unless you set one; the default 5,000-token system prompt is above all of them, also after compression. Hits pay the cache-read price (OpenAI: a tenth of the input price); misses write the prefix at the 5-minute or 1-hour write price (Anthropic: 1.25× and 2× input), or at the input price where there is no write premium. Default 80% hits: the 5 later turns of a 6-turn conversation come within the 5-minute lifetime (5/6 = 83%). Prices come from the catalog.",
        Lever::Batch => "Off by default: a support bot's replies are live. OpenAI's and Anthropic's batch APIs charge 50% less for results within 24 hours. OpenAI's flex processing is priced at Batch API rates; its priority processing costs about 2× standard on GPT-5.x (1.8× GPT-5 mini, 2.5× GPT-5.5) and 1.75× on GPT-4.1 (openai.com/api-priority-processing). Prices come from the catalog where it has them; a model without a tier keeps that share at standard prices. Priority can cost more than it saves: the saving is then negative.",
        Lever::Retries => "Default 50%: backoff with jitter, timeouts that fit the model and idempotent retries remove about half of the retry overhead (an assumption; the article names the fix but gives no figure; measure your error rate).",
    }
}

/// The short "Source:" line shown on each lever's card.
fn source_line(lever: Lever) -> &'static str {
    match lever {
        Lever::Cache => "Source: the article's case study (75% hits for common questions, its only source); the default takes a third of it.",
        Lever::Context => "Source: the article's case study (a sliding window cut history 60%); a window of 2 of 6 turns cuts 40%.",
        Lever::Compression => "Source: the Compress view measured 3–21% on users' own prompts; the article's 40% is its best case.",
        Lever::Routing => "Source: the article's case study sent 70% to a cheaper model; the default routes 50%. Escalation is an assumption.",
        Lever::PromptCache => "Source: the providers' prompt-caching docs (OpenAI, Anthropic, Gemini) for the minimum prefix and the cached price; 80% hits = the 5 later turns of 6.",
        Lever::Batch => "Source: OpenAI's and Anthropic's Batch API pricing (50% off). Off by default: support replies are live.",
        Lever::Retries => "Source: an assumption (the article names backoff but gives no figure); measure your error rate.",
    }
}

/// Every lever as a card.
#[component]
pub fn LeversPanel() -> impl IntoView {
    view! {
        <section class="levers" aria-labelledby="levers-title">
            <h2 id="levers-title">"Levers"</h2>
            <p class="hint">"Applied in this order, each on what the ones before it left: a cache hit removes a call before compression matters, and routing sets the prices the remaining tokens pay. So the savings add up exactly to baseline − optimized."</p>
            {Lever::ORDER.iter().map(|&lever| view! { <LeverCard lever=lever /> }).collect_view()}
        </section>
    }
}

/// One lever: its switch, saving, parameters, effort and notes.
#[component]
fn LeverCard(
    /// The lever.
    lever: Lever,
) -> impl IntoView {
    let state = use_projection();
    let on = state.field(lever_key(lever));
    let is_on = move || {
        on.with(|value| {
            matches!(
                value.trim().to_ascii_lowercase().as_str(),
                "on" | "true" | "1" | "yes"
            )
        })
    };
    let saving = move || {
        state
            .with_projection(|projection| {
                let outcome = projection.lever(lever);
                outcome.on.then(|| usd(outcome.saving))
            })
            .flatten()
            .unwrap_or_else(|| "—".to_owned())
    };
    let negative = move || {
        state
            .with_projection(|projection| projection.lever(lever).saving < -0.005)
            .unwrap_or(false)
    };
    let notes = move || {
        state
            .with_projection(|projection| {
                let outcome = projection.lever(lever);
                if outcome.on {
                    outcome.notes.clone()
                } else {
                    Vec::new()
                }
            })
            .unwrap_or_default()
    };
    view! {
        <article class="lever-card" class:off=move || !is_on() data-testid=format!("lever-card-{}", lever.slug())>
            <header class="lever-head">
                <Toggle key=lever_key(lever) label=lever.label() />
                <Tip text=source(lever) />
                <span class="lever-saving" class:negative=negative>
                    <span class="muted">"Saves "</span>
                    <strong data-testid=format!("lever-saving-{}", lever.slug())>{saving}</strong>
                    <span class="muted">" /month"</span>
                </span>
            </header>
            <div class="lever-body" hidden=move || !is_on()>
                <p class="hint lever-source" data-testid=format!("lever-source-{}", lever.slug())>{source_line(lever)}</p>
                {params(lever)}
                <Num key=effort_key(lever) label="Effort" unit="hours" tip="Engineering hours to build it; with the hourly rate this gives the payback and ROI." />
            </div>
            <ul class="lever-notes" data-testid=format!("lever-notes-{}", lever.slug())>
                {move || notes().into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
            </ul>
        </article>
    }
}

fn params(lever: Lever) -> AnyView {
    match lever {
        Lever::Cache => view! {
            <Num key="cache-exact-rate" label="Exact-match hits" unit="%" tip="Requests identical (after normalising) to an earlier one, answered from the cache." />
            <Num key="cache-semantic-rate" label="Semantic hits" unit="%" tip="Requests close in meaning to an earlier one (by embedding similarity), answered from the cache." />
            <Num key="cache-false-hit-rate" label="False hits" unit="% of semantic" tip="Semantic hits whose answer is wrong; the user asks again, so the call is made anyway." />
            <Num key="cache-lookup-cost" label="Lookup cost" unit="$ / request" tip="Embedding the request and searching the vector store, paid on every request, hit or miss." />
        }.into_any(),
        Lever::Context => {
            let state = use_projection();
            let strategy = state.field("context-strategy");
            let volume_mode = state.field("volume-mode");
            let is = move |name: &'static str| strategy.with(|value| value.trim() == name);
            view! {
                <Choice key="context-strategy" label="Strategy" options=&[("full", "Full history"), ("window", "Sliding window"), ("summary", "Summary + window"), ("measured", "Measured history")] />
                <div class="inline-fields" hidden=move || !(is("window") || is("summary"))>
                    <Num key="context-window-turns" label="Turns kept" unit="turns" />
                </div>
                <div class="inline-fields" hidden=move || !is("summary")>
                    <Num key="context-summary-tokens" label="Summary size" unit="tokens" tip="A summary of the older turns, sent instead of them. The calls that build it are not counted here." />
                </div>
                <div class="inline-fields" hidden=move || !is("measured")>
                    <Num key="context-history-tokens" label="History per call" unit="tokens" tip="A measured average, for example from the Conversation view." />
                </div>
                <div class="inline-fields" hidden=move || volume_mode.with(|mode| mode.trim() == "conversations")>
                    <Num key="context-turns" label="Turns per conversation" unit="turns" tip="Used to work out the window's effect when the volume is given as calls." />
                </div>
            }.into_any()
        }
        Lever::Compression => view! {
            <Num key="compression-percent" label="Instruction tokens removed" unit="%" tip="Share of the system prompt removed by compression. Without system tokens, it shrinks the repeated-system-prompt factor." />
            <p class="hint"><a href="#/compress" data-testid="compression-measure-link">"Measure yours in Compress"</a>": paste your system prompt and see how many tokens each level removes."</p>
        }.into_any(),
        Lever::Routing => view! { <RoutingTable /> }.into_any(),
        Lever::PromptCache => view! {
            <Num key="prompt-cache-prefix" label="Cacheable prefix" unit="tokens" tip="Tokens at the start of every call that don't change, as measured before compression. Within the system prompt and tools it caps the prefix (compression shrinks it with the prompt); beyond them it counts repeated history or context. The user's message is never cached." />
            <Num key="prompt-cache-hit-rate" label="Calls that hit the cache" unit="%" tip="The rest write the prefix to the cache, at the write price of the TTL (the input price where the provider charges no write premium)." />
            <Choice key="prompt-cache-ttl" label="Cache lifetime" options=&[("5m", "5 minutes"), ("1h", "1 hour")] />
            <Num key="prompt-cache-min-prefix" label="Minimum prefix" unit="tokens" tip="auto: each model's documented minimum, shown in the notes with its source. A number overrides it for every model." />
        }.into_any(),
        Lever::Batch => view! {
            <Num key="batch-share" label="Traffic that can wait 24 h" unit="%" tip="Evaluations, back-fills, nightly reports: anything that needs no answer now." />
            <Num key="tier-flex-share" label="Flex processing" unit="%" tip="Calls sent with service_tier=flex: slower and at times unavailable, at Batch API rates (OpenAI)." />
            <Num key="tier-priority-share" label="Priority processing" unit="%" tip="Calls sent with service_tier=priority: faster and steadier, at about twice the standard price." />
        }.into_any(),
        Lever::Retries => view! {
            <Num key="retry-reduction" label="Retry overhead removed" unit="%" />
        }.into_any(),
    }
}

/// The routing tiers: share of traffic and model for each.
#[component]
fn RoutingTable() -> impl IntoView {
    let state = use_projection();
    let groups = state.groups;
    let shares_error = state.error("routing-shares");
    view! {
        <div class="routing-tiers">
            {RouteTier::ALL.iter().map(|&tier| {
                let (share_key, model_key) = routing_keys(tier);
                view! {
                    <div class="tier-row">
                        <span class="tier-name">{tier.label()}</span>
                        <Num key=share_key label="Share" unit="%" />
                        <ModelPick key=model_key label="Model" groups=groups keep=true />
                    </div>
                }
            }).collect_view()}
            <span class="error" data-testid="routing-shares-error" role="alert">{move || shares_error.get()}</span>
            <Num key="routing-escalation" label="Escalation rate" unit="% of routed" tip="Routed calls whose answer is not good enough and are sent again to the current model, so paid twice." />
        </div>
    }
}
