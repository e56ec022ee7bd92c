//! Routing of pasted task descriptions with editable keyword rules.

use leptos::prelude::*;

use crate::formats::route::View;
use crate::ui::kept::kept;

use crate::form;
use crate::formats::routing_rules::{self, keywords_from_text};
use crate::formats::scenario::{routing_keys, ScenarioForm};
use crate::models::projection::RouteTier;
use crate::models::routing::{
    call, rounded_percentages, route, Limits, Pool, RoutingReport, RoutingRules,
};
use crate::show::number::{pct, unit_usd};
use crate::ui::browser::{kept_under, load_stored, store, Stored};
use crate::ui::field::{whole_number_error, ModelSelect, StatusMessage, TextField};
use crate::ui::price_book::use_price_book;

/// Where the rules live.
const STORAGE_KEY: &str = "burnrate.routing-rules";

const SAMPLE: &str = "Classify this support ticket as billing, technical or other
Is this review positive? Answer yes or no
Extract the order number and date from this e-mail
List the action items in these meeting notes
Summarize this 10-page contract for a sales rep
Translate the product description into German
Explain the error message to a non-technical user
Analyze last quarter's churn and suggest causes
Generate code for a paginated REST endpoint in Rust
Write a multi-step research plan for entering the Japanese market
Draft a reply to this customer";

fn load_rules(status: RwSignal<Option<Result<String, String>>>) -> RoutingRules {
    match load_stored(STORAGE_KEY, routing_rules::parse) {
        Stored::Nothing => RoutingRules::default(),
        Stored::Read(rules) => rules,
        Stored::Unreadable { problem, aside, .. } => {
            status.set(Some(Err(format!(
                "Your saved routing rules could not be read ({problem}); they are kept under \"{}\" and the defaults are in use.",
                kept_under(&aside, STORAGE_KEY)
            ))));
            RoutingRules::default()
        }
    }
}

/// The routing section.
#[component]
pub fn RoutingPanel() -> impl IntoView {
    let book = use_price_book();
    let status = RwSignal::new(None::<Result<String, String>>);
    let rules = RwSignal::new(load_rules(status));
    let tasks = kept(
        View::CacheRouting,
        "routing-tasks",
        "the tasks",
        String::new,
    );
    // What the code puts in the box (the sample). Typing and pasting only update `tasks`:
    // writing a pasted megabyte back into the box would cost the browser a second layout.
    let tasks_shown = RwSignal::new(tasks.get_untracked());
    let input_tokens = kept(
        View::CacheRouting,
        "routing-input-tokens",
        "the input tokens",
        || "1,000".to_owned(),
    );
    let output_tokens = kept(
        View::CacheRouting,
        "routing-output-tokens",
        "the output tokens",
        || "300".to_owned(),
    );
    let budget = kept(
        View::CacheRouting,
        "routing-budget",
        "the budget",
        String::new,
    );
    let flagship_id = kept(
        View::CacheRouting,
        "routing-flagship",
        "the flagship model",
        || "gpt-5".to_owned(),
    );
    let provider = kept(
        View::CacheRouting,
        "routing-provider",
        "the provider",
        String::new,
    );
    let any_model = kept(
        View::CacheRouting,
        "routing-any-model",
        "the any-model choice",
        || false,
    );

    Effect::new(move |previous: Option<()>| {
        let json = rules.with(routing_rules::to_json);
        if previous.is_some() {
            let _ = store(STORAGE_KEY, &json);
        }
    });
    let budget_check = move || {
        let raw = budget.get();
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            form::decimal(&raw, "budget per call", 0.0, 1e6, "dollars, such as 0.01").map(Some)
        }
    };
    let report = Memo::new(move |_| -> Option<RoutingReport> {
        let text = tasks.get();
        if text.trim().is_empty() {
            return None;
        }
        let tokens = call(
            form::whole_number(&input_tokens.get(), "input tokens").ok()?,
            form::whole_number(&output_tokens.get(), "output tokens").ok()?,
        );
        let budget = budget_check().ok()?;
        book.catalog.with(|catalog| {
            let flagship = catalog.get(&flagship_id.get())?;
            let provider = provider.get();
            let limits = Limits {
                budget,
                provider: (!provider.is_empty()).then_some(provider.as_str()),
                pool: if any_model.get() {
                    Pool::AnyMaker
                } else {
                    Pool::Current
                },
            };
            Some(rules.with(|rules| route(&text, rules, catalog, tokens, limits, flagship)))
        })
    });
    let use_in_projection = move |_| {
        let Some(report) = report.get_untracked() else {
            return;
        };
        let shares = rounded_percentages(&report.shares);
        let shares: Vec<String> = shares.iter().map(ToString::to_string).collect();
        let mut fields = vec![("lever-routing", "on")];
        for (index, tier) in RouteTier::ALL.iter().enumerate() {
            let (share_key, model_key) = routing_keys(*tier);
            fields.push((share_key, &shares[index]));
            fields.push((
                model_key,
                report.tier_models[index].as_deref().unwrap_or_default(),
            ));
        }
        let _ = window()
            .location()
            .set_hash(&ScenarioForm::merge_link(&fields));
    };

    view! {
        <section class="routing-panel" aria-labelledby="routing-title">
            <h2 id="routing-title">"Routing"</h2>
            <p class="hint">"One task description per line. Each gets the first tier whose keywords it contains (moderate when none match), then the cheapest current model of a major maker (or one of your own) allowed for that tier: small models for trivial and simple tasks, small or balanced for moderate, balanced or flagship for complex, flagship for expert."</p>
            <label class="field grow">
                <span class="section-head">"Tasks"
                    <button type="button" class="link" data-testid="routing-sample" on:click=move |_| { tasks.set(SAMPLE.to_owned()); tasks_shown.set(SAMPLE.to_owned()); }>"Try sample tasks"</button>
                </span>
                <textarea class="token-input" rows="8" data-testid="routing-tasks" aria-label="Tasks, one per line" spellcheck="false"
                    prop:value=move || tasks_shown.get() on:input=move |ev| tasks.set(event_target_value(&ev))></textarea>
            </label>
            <details class="routing-rules">
                <summary>"Keyword rules (saved in this browser)"</summary>
                {RouteTier::ALL.iter().enumerate().map(|(index, tier)| view! {
                    <label class="field grow">
                        <span>{format!("{} — comma-separated", tier.label())}</span>
                        <input type="text" data-testid=format!("routing-rules-{}", tier.slug())
                            prop:value=move || rules.with(|rules| rules.keywords[index].join(", "))
                            on:change=move |ev| { let words = keywords_from_text(&event_target_value(&ev)); rules.update(|rules| rules.keywords[index] = words); } />
                    </label>
                }).collect_view()}
                <button type="button" class="link" data-testid="routing-rules-reset" on:click=move |_| rules.set(RoutingRules::default())>"Reset to the article's keywords"</button>
            </details>
            <p class="status-line" role="status"><StatusMessage status=status /></p>
            <div class="filters">
                <TextField label="Input tokens per call" testid="routing-input-tokens" value=input_tokens inputmode="numeric" error=whole_number_error(input_tokens, "input tokens") />
                <TextField label="Output tokens per call" testid="routing-output-tokens" value=output_tokens inputmode="numeric" error=whole_number_error(output_tokens, "output tokens") />
                <TextField label="Budget per call ($, optional)" testid="routing-budget" value=budget inputmode="decimal" error=Signal::derive(move || budget_check().err().map(|e| e.to_string())) />
                <label class="field"><span>"Models from"</span>
                    <select data-testid="routing-provider" on:change=move |ev| provider.set(event_target_value(&ev))>
                        <option value="">"Any provider"</option>
                        {move || book.catalog.with(|catalog| catalog.providers().into_iter()
                            .filter(|(id, _)| crate::money::catalog::MAKERS.contains(&id.as_str()))
                            .map(|(id, name)| { let selected = id == provider.get_untracked(); view! { <option value=id selected=selected>{name}</option> } }).collect_view())}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="routing-any-model" prop:checked=move || any_model.get()
                        on:change=move |ev| any_model.set(event_target_checked(&ev)) />
                    " Any maker's model, not only current ones"
                </label>
                <ModelSelect label="Compared with sending everything to" testid="routing-flagship" value=flagship_id />
            </div>
            <dl class="cost-figures">
                <div class="stat primary"><dt>"Saving vs one flagship model"</dt><dd data-testid="routing-savings">{move || report.get().and_then(|r| r.saving()).map(pct).unwrap_or_else(|| "—".into())}</dd></div>
                <div class="stat"><dt>"Routed cost (all tasks once)"</dt><dd data-testid="routing-routed-cost">{move || report.get().map(|r| unit_usd(r.routed_cost)).unwrap_or_else(|| "—".into())}</dd></div>
                <div class="stat"><dt>"On the flagship"</dt><dd data-testid="routing-flagship-cost">{move || report.get().map(|r| unit_usd(r.flagship_cost)).unwrap_or_else(|| "—".into())}</dd></div>
            </dl>
            <p class="hint" data-testid="routing-shares">{move || report.get().map(|r| {
                let parts: Vec<String> = RouteTier::ALL.iter().zip(r.shares).map(|(tier, share)| format!("{} {}", tier.label(), pct(share))).collect();
                format!("Traffic by tier: {}.", parts.join(", "))
            })}</p>
            <button type="button" data-testid="routing-use-in-projection" disabled=move || report.get().is_none() on:click=use_in_projection>"Use in projection"</button>
            <div class="scroll-x">
                <table class="data-table" data-testid="routing-table">
                    <thead><tr><th>"Task"</th><th>"Tier"</th><th>"Model"</th><th class="num">"Cost per call"</th></tr></thead>
                    <tbody>
                        {move || report.get().map(|report| report.decisions.into_iter().map(|decision| view! {
                            <tr>
                                <td>{decision.task}</td>
                                <td>{decision.tier.label()}</td>
                                <td>{decision.model.map(|(_, name)| name).unwrap_or_else(|| "none allowed: the flagship".into())}</td>
                                <td class="num">{unit_usd(decision.cost)}</td>
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
