//! Cache analysis of a pasted query list, in batches with progress.

use leptos::prelude::*;

use crate::formats::route::View;
use crate::ui::kept::kept;

use crate::form;
use crate::formats::queries::parse_queries;
use crate::models::cache_sim::{CacheAnalysis, CacheAnalyzer, CacheOptions, Normalize};
use crate::models::routing::call;
use crate::money::cost::call_cost;
use crate::show::number::{pct, usd};
use crate::ui::browser::yield_now;
use crate::ui::field::{whole_number_error, ModelSelect, TextField};
use crate::ui::price_book::use_price_book;
use crate::ui::tip::Tip;

/// Most queries analysed.
pub const MAX_QUERIES: usize = 100_000;
/// Queries per batch between progress updates.
const BATCH: usize = 2_000;

const SAMPLE: &str = "How do I reset my password?
how do i reset my password
How can I reset my password?
What are your opening hours?
what are your opening hours
Where is my order?
Where is my order #1234?
Can I return a gift without a receipt?
How do I reset my password
Do you ship to Canada?
Do you ship to canada
How long does shipping to Canada take?
Where is my order?
Can I change my delivery address?
How do I cancel my subscription?
how do i cancel my subscription?
I want to cancel my subscription
What payment methods do you accept?
Do you accept PayPal?
What are your opening hours on Sunday?";

/// How the false-hit estimate is made, for its "?".
const FALSE_HIT_TIP: &str = "A cache that matches by similarity alone would also answer queries that are near-identical but differ in a number, id, date or quoted string (“order #12345” and “order #12346”), with the wrong answer. Estimate = those queries ÷ all its near hits. Here they are misses; the Projection gets this rate with its semantic hits, so its cache hits what this analysis found.";

/// The cache section.
#[component]
pub fn CachePanel() -> impl IntoView {
    let book = use_price_book();
    let queries = kept(
        View::CacheRouting,
        "cache-queries",
        "the queries",
        String::new,
    );
    // What the code puts in the box (the sample). Typing and pasting only update `queries`:
    // writing a pasted megabyte back into the box would cost the browser a second layout.
    let queries_shown = RwSignal::new(queries.get_untracked());
    let case = kept(
        View::CacheRouting,
        "cache-normalize-case",
        "the case option",
        || true,
    );
    let whitespace = kept(
        View::CacheRouting,
        "cache-normalize-whitespace",
        "the whitespace option",
        || true,
    );
    let punctuation = kept(
        View::CacheRouting,
        "cache-normalize-punctuation",
        "the punctuation option",
        || true,
    );
    let threshold = kept(
        View::CacheRouting,
        "cache-threshold",
        "the similarity threshold",
        || 0.8,
    );
    let ttl = kept(View::CacheRouting, "cache-ttl", "the TTL", String::new);
    let model_id = kept(View::CacheRouting, "cache-model", "the model", || {
        "gpt-5-mini".to_owned()
    });
    let calls = kept(
        View::CacheRouting,
        "cache-calls",
        "the calls per month",
        || "100,000".to_owned(),
    );
    let input_tokens = kept(
        View::CacheRouting,
        "cache-input-tokens",
        "the input tokens",
        || "500".to_owned(),
    );
    let output_tokens = kept(
        View::CacheRouting,
        "cache-output-tokens",
        "the output tokens",
        || "300".to_owned(),
    );
    let progress = RwSignal::new(None::<f64>);
    let result = RwSignal::new(None::<CacheAnalysis>);
    let problems = RwSignal::new(Vec::<String>::new());
    let generation = StoredValue::new(0u64);

    let ttl_check = move || {
        let raw = ttl.get();
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            form::decimal(&raw, "TTL", 0.0, 1e9, "a number of minutes")
                .map(|minutes| Some(minutes * 60.0))
        }
    };
    // Re-analyse whenever the queries or options change; a newer run cancels an older one.
    Effect::new(move |_| {
        let text = queries.get();
        let options = CacheOptions {
            normalize: Normalize {
                case: case.get(),
                whitespace: whitespace.get(),
                punctuation: punctuation.get(),
            },
            threshold: threshold.get(),
            ttl_seconds: ttl_check().ok().flatten(),
        };
        generation.update_value(|value| *value += 1);
        let run = generation.get_value();
        leptos::task::spawn_local(async move {
            let (mut parsed, mut found_problems) = parse_queries(&text);
            if parsed.len() > MAX_QUERIES {
                found_problems.insert(
                    0,
                    format!(
                        "Only the first {} queries are analysed.",
                        crate::show::money::integer(MAX_QUERIES as u64)
                    ),
                );
                parsed.truncate(MAX_QUERIES);
            }
            if options.ttl_seconds.is_some() && parsed.iter().any(|query| query.at.is_none()) {
                found_problems.insert(0, "The TTL needs a timestamp on every query (a CSV with a timestamp column); queries without one never expire.".into());
            }
            let mut analyzer = CacheAnalyzer::new(options);
            let total = parsed.len();
            for (index, batch) in parsed.chunks(BATCH).enumerate() {
                for query in batch {
                    analyzer.add(query);
                }
                if total > BATCH {
                    progress.set(Some(((index + 1) * BATCH).min(total) as f64 / total as f64));
                    yield_now().await;
                    if generation.get_value() != run {
                        return;
                    }
                }
            }
            progress.set(None);
            problems.set(found_problems);
            result.set((total > 0).then(|| analyzer.finish()));
        });
    });

    let monthly = move || {
        let analysis = result.get()?;
        let calls = form::whole_number(&calls.get(), "calls per month").ok()?;
        let tokens = call(
            form::whole_number(&input_tokens.get(), "input tokens").ok()?,
            form::whole_number(&output_tokens.get(), "output tokens").ok()?,
        );
        let cost = book.catalog.with(|catalog| {
            catalog
                .get(&model_id.get())
                .map(|model| call_cost(model, tokens).total.dollars())
        })?;
        Some(analysis.monthly_savings(calls as f64, cost))
    };
    let rate = move |pick: fn(&CacheAnalysis) -> f64| {
        move || {
            result
                .get()
                .map(|analysis| pct(pick(&analysis)))
                .unwrap_or_else(|| "—".to_owned())
        }
    };
    // The Projection's cache lever models a similarity cache: its semantic hits include
    // the literal conflicts, and the false-hit rate takes them out again, so that its
    // effective hit rate is the near-hit rate shown here.
    let use_in_projection = move |_| {
        if let Some(analysis) = result.get_untracked() {
            let rates = analysis.projection_rates();
            let percent = |fraction: f64| (fraction * 1000.0).round() / 10.0;
            let _ = window().location().set_hash(&format!(
                "#/projection?merge=1&lever-cache=on&cache-exact-rate={}&cache-semantic-rate={}&cache-false-hit-rate={}",
                percent(rates.exact),
                percent(rates.semantic),
                percent(rates.false_hits)
            ));
        }
    };

    view! {
        <section class="cache-panel" aria-labelledby="cache-title">
            <h2 id="cache-title">"Cache analysis"</h2>
            <p class="hint">"One query per line, or a CSV with a header naming a query column and, optionally, a timestamp column. Up to 100,000 queries."</p>
            <label class="field grow">
                <span class="section-head">"Queries"
                    <button type="button" class="link" data-testid="cache-sample" on:click=move |_| { queries.set(SAMPLE.to_owned()); queries_shown.set(SAMPLE.to_owned()); }>"Try sample support queries"</button>
                </span>
                <textarea class="token-input" rows="8" data-testid="cache-queries" aria-label="Queries" spellcheck="false"
                    prop:value=move || queries_shown.get() on:input=move |ev| queries.set(event_target_value(&ev))></textarea>
            </label>
            <div class="filters">
                <label class="check"><input type="checkbox" data-testid="cache-normalize-case" prop:checked=move || case.get() on:change=move |ev| case.set(event_target_checked(&ev)) />"Ignore case"</label>
                <label class="check"><input type="checkbox" data-testid="cache-normalize-whitespace" prop:checked=move || whitespace.get() on:change=move |ev| whitespace.set(event_target_checked(&ev)) />"Ignore extra spaces"</label>
                <label class="check"><input type="checkbox" data-testid="cache-normalize-punctuation" prop:checked=move || punctuation.get() on:change=move |ev| punctuation.set(event_target_checked(&ev)) />"Ignore punctuation"</label>
                <label class="field">
                    <span>{move || format!("Near-duplicate threshold: {:.2}", threshold.get())}</span>
                    <input type="range" min="0.5" max="1" step="0.01" data-testid="cache-threshold" prop:value=move || threshold.get().to_string()
                        on:input=move |ev| { if let Ok(value) = event_target_value(&ev).parse::<f64>() { threshold.set(value.clamp(0.0, 1.0)) } } />
                </label>
                <TextField label="TTL (minutes, optional)" testid="cache-ttl" value=ttl inputmode="decimal" error=Signal::derive(move || ttl_check().err().map(|e| e.to_string())) />
            </div>
            <progress data-testid="cache-progress" max="1" hidden=move || progress.get().is_none() prop:value=move || progress.get().unwrap_or(0.0)></progress>
            <ul class="lever-notes" data-testid="cache-problems">{move || problems.get().into_iter().take(20).map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
            <dl class="cost-figures">
                <div class="stat"><dt>"Queries"</dt><dd data-testid="cache-query-count">{move || result.get().map(|a| crate::show::money::integer(a.queries as u64)).unwrap_or_else(|| "—".into())}</dd></div>
                <div class="stat primary"><dt>"Exact-match hit rate"</dt><dd data-testid="cache-exact-hit-rate">{rate(CacheAnalysis::exact_hit_rate)}</dd></div>
                <div class="stat primary"><dt>"With near duplicates (lexical)"</dt><dd data-testid="cache-near-hit-rate">{rate(CacheAnalysis::near_hit_rate)}</dd></div>
                <div class="stat"><dt>"False hits of a similarity cache (estimate) "
                    <Tip text=FALSE_HIT_TIP /></dt>
                    <dd data-testid="cache-false-hit-estimate">{rate(CacheAnalysis::false_hit_rate)}</dd></div>
                <div class="stat"><dt>"Saved per month (exact / with near)"</dt><dd data-testid="cache-monthly-saving">{move || monthly().map(|(exact, near)| format!("{} / {}", usd(exact), usd(near))).unwrap_or_else(|| "—".into())}</dd></div>
            </dl>
            <p class="hint">"Near duplicates are found by character 3-gram cosine similarity: lexical, not semantic (no embedding model runs here), so “cancel my plan” and “end my subscription” do not match. Two queries share an answer only if their numbers, ids, dates and quoted strings are the same. Saving = hit rate × calls per month × the cost of a call."</p>
            <div class="filters">
                <ModelSelect label="Model" testid="cache-model" value=model_id />
                <TextField label="Calls per month" testid="cache-calls" value=calls inputmode="numeric" error=whole_number_error(calls, "calls per month") />
                <TextField label="Input tokens per call" testid="cache-input-tokens" value=input_tokens inputmode="numeric" error=whole_number_error(input_tokens, "input tokens") />
                <TextField label="Output tokens per call" testid="cache-output-tokens" value=output_tokens inputmode="numeric" error=whole_number_error(output_tokens, "output tokens") />
                <button type="button" data-testid="cache-use-in-projection" disabled=move || result.get().is_none() on:click=use_in_projection>"Use in projection"</button>
            </div>
            <h3>"Queries that would share an answer"</h3>
            <ol class="groups" data-testid="cache-groups">
                {move || result.get().map(|analysis| analysis.groups.into_iter().map(|group| view! {
                    <li><strong>{group.first}</strong>{format!(" — answers {} queries", group.size)}
                        {(!group.examples.is_empty()).then(|| view! { <span class="muted">{format!(" (e.g. {})", group.examples.join(" · "))}</span> })}</li>
                }).collect_view())}
            </ol>
            <h3>"Pairs a similarity cache would wrongly share"</h3>
            <p class="hint">{move || result.get().map(|analysis| format!(
                "{} of {} near hits of a cache that ignores literals would give the answer to a different number, id, date or quoted string: the false-hit estimate sent to the Projection.",
                crate::show::money::integer(analysis.literal_conflicts as u64),
                crate::show::money::integer((analysis.near_hits + analysis.literal_conflicts) as u64),
            ))}</p>
            <ul class="pairs" data-testid="cache-false-hit-pairs">
                {move || result.get().map(|analysis| analysis.false_hit_pairs.into_iter().map(|pair| view! {
                    <li>{format!("{:.2}", pair.similarity)}" · "{pair.query}" ↔ "{pair.cached}</li>
                }).collect_view())}
            </ul>
            <h3>"Pairs nearest the threshold"</h3>
            <p class="hint">"Judge these by eye: a pair above the threshold that should not share an answer is a false hit."</p>
            <ul class="pairs" data-testid="cache-close-pairs">
                {move || result.get().map(|analysis| analysis.close_pairs.into_iter().map(|pair| view! {
                    <li>{format!("{:.2}", pair.similarity)}" · "{pair.query}" ↔ "{pair.cached}</li>
                }).collect_view())}
            </ul>
        </section>
    }
}
