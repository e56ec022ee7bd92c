//! The honest stand-in for a view that is not built yet: what it will do, and no numbers.

use leptos::prelude::*;

use crate::formats::route::View;

/// A view that is not built yet. Its root carries `data-testid="view-<slug>"` like the real
/// view will, so navigation works and is tested before the view exists.
#[component]
pub fn Placeholder(
    /// The view this stands in for.
    view: View,
) -> impl IntoView {
    let heading_id = format!("view-{}-title", view.slug());
    view! {
        <section
            class="view placeholder"
            data-testid=format!("view-{}", view.slug())
            aria-labelledby=heading_id.clone()
        >
            <h1 id=heading_id.clone()>{view.title()}</h1>
            <p class="lede">{summary(view)}</p>
            <p class="status" role="status">
                <span class="badge">"Not built yet"</span>
                " This view is planned. It shows no figures until it computes real ones."
            </p>
            <ul class="plans">
                {plans(view).iter().map(|plan| view! { <li>{*plan}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// What the view is for, in one sentence.
fn summary(view: View) -> &'static str {
    match view {
        View::Tokens => "Paste a prompt, chat messages or a file and see exactly how many tokens it is, and what it costs.",
        View::Compress => "Shorten a prompt and see, in real tokens, what the shorter version saves.",
        View::Projection => "Enter your monthly traffic and see your true monthly bill, and what each optimization would save.",
        View::Conversation => "Simulate multi-turn conversations and see how resending the history grows the cost of every turn.",
        View::CacheRouting => "Simulate response caching and model routing, and see what hit rates and routing rules are worth.",
        View::Usage => "Import the usage log your app already writes and see which feature, model or user burns the money.",
        View::Models => "Every model's current prices, from a maintained public source, with your own overrides.",
    }
}

/// What the view will offer once built.
fn plans(view: View) -> &'static [&'static str] {
    match view {
        View::Tokens => &[
            "Exact counts for the OpenAI encodings (o200k, cl100k, p50k, r50k)",
            "The tokens themselves, drawn as chips",
            "Chat messages and files",
            "Cost per call and per month on every model",
        ],
        View::Compress => &[
            "Rule-based compression you can review line by line",
            "Savings measured with the real tokenizer",
            "One click to use the result in a projection",
        ],
        View::Projection => &[
            "Naive vs true cost, with the hidden multipliers spelled out",
            "Savings per lever: caching, compression, context, routing, batch",
            "Charts, ROI and payback, shareable as a link",
        ],
        View::Conversation => &[
            "Full history, sliding window or summary strategies",
            "Cost per turn and per conversation",
        ],
        View::CacheRouting => &[
            "Exact and semantic cache hit rates",
            "Routing by complexity tier, with escalations",
        ],
        View::Usage => &[
            "CSV and JSONL logs, read in this browser",
            "Spend by feature, model and user",
            "The fixes worth doing first",
        ],
        View::Models => &[
            "Input, output, cached and batch prices per million tokens",
            "Search, filter and compare",
            "Your own prices and models, saved in this browser",
        ],
    }
}
