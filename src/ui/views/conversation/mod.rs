//! The Conversation view: what a multi-turn conversation costs under each context
//! strategy, turn by turn, and what the best one saves.

use leptos::prelude::*;

use crate::formats::route::View;
use crate::ui::kept::kept;

use crate::chart::line_chart_svg;
use crate::form;
use crate::models::conversation::{
    describe_per_turn, full_history, overflow_turn, per_turn_chart, sliding_window, summary_window,
    token_budget, ConversationShape, PerTurn, StrategyRun, SummarySettings, MESSAGE_OVERHEAD,
    REPLY_PRIMING,
};
use crate::show::number::{pct, tokens, unit_usd, usd};
use crate::text::chat::{parse_messages, Role};
use crate::text::tokenize::Encoding;
use crate::ui::chart::ChartFigure;
use crate::ui::count_many;
use crate::ui::field::{ModelSelect, StatusMessage, TextField};
use crate::ui::price_book::use_price_book;
use crate::ui::tokenizers::{use_tokenizers, TableState};

/// The strategies, in table order: (key, label).
const STRATEGIES: [(&str, &str); 4] = [
    ("full", "Full history"),
    ("window", "Sliding window"),
    ("summary", "Summary + window"),
    ("budget", "Token budget"),
];

/// Everything the view shows, once the fields are valid.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    shape: ConversationShape,
    runs: Vec<StrategyRun>,
    overflow: Option<u64>,
    context_window: Option<u64>,
    conversations: f64,
}

/// The view's root, `data-testid="view-conversation"`.
#[component]
pub fn ConversationView() -> impl IntoView {
    let book = use_price_book();
    let tokenizers = use_tokenizers();
    let turns = kept(View::Conversation, "conv-turns", "the turns", || {
        "10".to_owned()
    });
    let system = kept(
        View::Conversation,
        "conv-system-tokens",
        "the system prompt tokens",
        || "500".to_owned(),
    );
    let user = kept(
        View::Conversation,
        "conv-user-tokens",
        "the user tokens",
        || "150".to_owned(),
    );
    let assistant = kept(
        View::Conversation,
        "conv-assistant-tokens",
        "the assistant tokens",
        || "300".to_owned(),
    );
    let window_messages = kept(
        View::Conversation,
        "conv-window",
        "the messages kept",
        || "6".to_owned(),
    );
    let summary_tokens = kept(
        View::Conversation,
        "conv-summary-tokens",
        "the summary tokens",
        || "400".to_owned(),
    );
    let summary_every = kept(
        View::Conversation,
        "conv-summary-every",
        "the summary interval",
        || "4".to_owned(),
    );
    let budget = kept(
        View::Conversation,
        "conv-budget",
        "the token budget",
        || "4000".to_owned(),
    );
    let conversations = kept(
        View::Conversation,
        "conv-conversations",
        "the conversations per month",
        || "10,000".to_owned(),
    );
    let model_id = kept(View::Conversation, "conv-model", "the model", || {
        "gpt-5-mini".to_owned()
    });
    let summarizer_id = kept(
        View::Conversation,
        "conv-summarizer",
        "the summarizer",
        || "gpt-5-nano".to_owned(),
    );
    let chosen = kept(View::Conversation, "conv-strategy", "the strategy", || {
        "window".to_owned()
    });
    let import_text = kept(
        View::Conversation,
        "conv-import",
        "the conversation to import",
        String::new,
    );
    let status = RwSignal::new(None::<Result<String, String>>);

    let whole = |signal: RwSignal<String>, label: &'static str| {
        move || form::whole_number(&signal.get(), label).map_err(|error| error.to_string())
    };
    let turns_check = whole(turns, "turns");
    let system_check = whole(system, "system prompt tokens");
    let user_check = whole(user, "user tokens per turn");
    let assistant_check = whole(assistant, "assistant tokens per turn");
    let window_check = whole(window_messages, "messages kept");
    let summary_check = whole(summary_tokens, "summary tokens");
    let every_check = move || match form::whole_number(&summary_every.get(), "rebuild every") {
        Ok(0) => Err("Rebuild every must be 1 turn or more".to_owned()),
        other => other.map_err(|error| error.to_string()),
    };
    let budget_check = whole(budget, "token budget");
    let conversations_check = whole(conversations, "conversations per month");
    let turns_limit = move || match turns_check() {
        Ok(turns) if turns > 10_000 => Err("Turns must be at most 10,000".to_owned()),
        other => other,
    };

    let outcome = Memo::new(move |_| -> Option<Outcome> {
        let shape = ConversationShape {
            turns: turns_limit().ok()?,
            system: system_check().ok()? as f64,
            user: user_check().ok()? as f64,
            assistant: assistant_check().ok()? as f64,
        };
        let settings = SummarySettings {
            window_messages: window_check().ok()?,
            summary_tokens: summary_check().ok()? as f64,
            every_turns: every_check().ok()?,
        };
        let budget = budget_check().ok()? as f64;
        let conversations = conversations_check().ok()? as f64;
        book.catalog.with(|catalog| {
            let model = catalog.get(&model_id.get())?;
            let summarizer = catalog.get(&summarizer_id.get())?;
            Some(Outcome {
                runs: vec![
                    full_history(&shape, model),
                    sliding_window(&shape, model, settings.window_messages),
                    summary_window(&shape, model, &settings, summarizer),
                    token_budget(&shape, model, budget),
                ],
                overflow: model
                    .context_window
                    .and_then(|window| overflow_turn(&shape, window)),
                context_window: model.context_window,
                shape,
                conversations,
            })
        })
    });
    let chosen_index = move || {
        STRATEGIES
            .iter()
            .position(|(key, _)| *key == chosen.get())
            .unwrap_or(1)
    };
    let total = move |index: usize| {
        move || {
            outcome.with(|outcome| {
                outcome
                    .as_ref()
                    .map(|o| unit_usd(o.runs[index].total_cost()))
                    .unwrap_or_else(|| "—".to_owned())
            })
        }
    };
    let saving = move || {
        outcome.with(|outcome| {
            let outcome = outcome.as_ref()?;
            outcome.runs[chosen_index()].saving_against(&outcome.runs[0])
        })
    };
    let labels = STRATEGIES.map(|(_, label)| label);
    let chart = move |what: PerTurn, width: u32| {
        outcome.with(|outcome| {
            let outcome = outcome.as_ref()?;
            line_chart_svg(
                &per_turn_chart(&labels, &outcome.runs, what, outcome.overflow),
                width,
            )
            .ok()
        })
    };
    let text = move |what: PerTurn| {
        outcome.with(|outcome| {
            outcome
                .as_ref()
                .map(|outcome| describe_per_turn(&labels, &outcome.runs, what, outcome.overflow))
        })
    };
    let svg = Callback::new(move |width| chart(PerTurn::Input, width));
    let cost_svg = Callback::new(move |width| chart(PerTurn::Cost, width));
    let description = Signal::derive(move || text(PerTurn::Input));
    let cost_description = Signal::derive(move || text(PerTurn::Cost));
    let use_in_projection = move |_| {
        let Some(history) = outcome.with(|outcome| {
            outcome
                .as_ref()
                .map(|o| o.runs[chosen_index()].history_per_call(&o.shape))
        }) else {
            return;
        };
        let _ = window().location().set_hash(&format!(
            "#/projection?merge=1&lever-context=on&context-strategy=measured&context-history-tokens={}",
            history.round() as u64
        ));
    };
    // Each import counts anew; a newer one makes an older count stale.
    let imports = StoredValue::new(0_u64);
    let import = move |_| {
        imports.update_value(|generation| *generation += 1);
        let generation = imports.get_value();
        let messages = match parse_messages(&import_text.get_untracked()) {
            Ok(messages) => messages,
            Err(error) => {
                status.set(Some(Err(error.0)));
                return;
            }
        };
        let encoding = book.catalog.with_untracked(|catalog| {
            catalog
                .get(&model_id.get_untracked())
                .and_then(|m| m.tokenizer.offered_encoding())
                .unwrap_or(Encoding::DEFAULT)
        });
        let TableState::Ready(encoder) = tokenizers.get(encoding) else {
            status.set(Some(Err(
                "The tokenizer is still loading; try again in a moment.".into(),
            )));
            return;
        };
        // Only these roles fill the fields; the others are not counted.
        let (roles, texts): (Vec<Role>, Vec<String>) = messages
            .into_iter()
            .filter(|m| matches!(m.role, Role::System | Role::User | Role::Assistant))
            .map(|m| (m.role, m.content))
            .unzip();
        if !roles.contains(&Role::User) {
            status.set(Some(Err("The conversation has no user message.".into())));
            return;
        }
        if !count_many::counts_at_once(&texts) {
            status.set(Some(Ok(format!("Counting {} messages…", texts.len()))));
        }
        let stale = move || imports.try_get_value() != Some(generation);
        leptos::task::spawn_local(async move {
            let Some(counts) = count_many::count_texts(encoder, texts, stale).await else {
                return;
            };
            let count_of = |role: Role| -> Vec<usize> {
                roles
                    .iter()
                    .zip(&counts)
                    .filter(|(r, _)| **r == role)
                    .map(|(_, &count)| count)
                    .collect()
            };
            let (systems, users, assistants) = (
                count_of(Role::System),
                count_of(Role::User),
                count_of(Role::Assistant),
            );
            let average = |counts: &[usize]| {
                if counts.is_empty() {
                    0
                } else {
                    (counts.iter().sum::<usize>() as f64 / counts.len() as f64).round() as u64
                }
            };
            system.set(systems.iter().sum::<usize>().to_string());
            user.set(average(&users).to_string());
            assistant.set(average(&assistants).to_string());
            turns.set(users.len().to_string());
            status.set(Some(Ok(format!(
                "Counted exactly with {}: {} {}, system {} tokens, user {} and assistant {} tokens per turn on average.",
                encoding.name(), users.len(), if users.len() == 1 { "turn" } else { "turns" }, systems.iter().sum::<usize>(), average(&users), average(&assistants)
            ))));
        });
    };
    view! {
        <section class="view conversation" data-testid="view-conversation" aria-labelledby="conversation-title">
            <h1 id="conversation-title">"Conversation"</h1>
            <p class="lede">"Every turn of a chat resends the history. See how the input grows turn by turn, and what a window, a summary or a token budget saves."</p>
            <fieldset>
                <legend>"Conversation"</legend>
                <TextField label="Turns" testid="conv-turns" value=turns inputmode="numeric" error=Signal::derive(move || turns_limit().err()) />
                <TextField label="System prompt tokens" testid="conv-system-tokens" value=system inputmode="numeric" error=Signal::derive(move || system_check().err()) />
                <TextField label="User tokens per turn" testid="conv-user-tokens" value=user inputmode="numeric" error=Signal::derive(move || user_check().err()) />
                <TextField label="Assistant tokens per turn" testid="conv-assistant-tokens" value=assistant inputmode="numeric" error=Signal::derive(move || assistant_check().err()) />
                <ModelSelect label="Model" testid="conv-model" value=model_id />
                <TextField label="Conversations per month" testid="conv-conversations" value=conversations inputmode="numeric" error=Signal::derive(move || conversations_check().err()) />
            </fieldset>
            <fieldset>
                <legend>"Strategies"</legend>
                <TextField label="Window: messages kept" testid="conv-window" value=window_messages inputmode="numeric" error=Signal::derive(move || window_check().err()) />
                <TextField label="Summary tokens" testid="conv-summary-tokens" value=summary_tokens inputmode="numeric" error=Signal::derive(move || summary_check().err()) />
                <TextField label="Rebuild the summary every (turns)" testid="conv-summary-every" value=summary_every inputmode="numeric" error=Signal::derive(move || every_check().err()) />
                <ModelSelect label="Summarizer model" testid="conv-summarizer" value=summarizer_id />
                <TextField label="Token budget per call" testid="conv-budget" value=budget inputmode="numeric" error=Signal::derive(move || budget_check().err()) />
            </fieldset>
            <details class="chat-import-box">
                <summary>"Count a real conversation"</summary>
                <p class="hint">"Paste OpenAI-style messages JSON; each message is counted exactly with the model's tokenizer, and the averages fill the fields above."</p>
                <textarea class="token-input" rows="6" data-testid="conv-import" aria-label="Messages as OpenAI JSON" placeholder=r#"[{"role": "system", "content": "…"}, {"role": "user", "content": "…"}]"#
                    prop:value=move || import_text.get() on:input=move |ev| import_text.set(event_target_value(&ev))></textarea>
                <button type="button" class="secondary" data-testid="conv-import-apply" on:click=import>"Count and use"</button>
            </details>
            <p class="status-line" data-testid="conv-status" role="status"><StatusMessage status=status /></p>

            <div class="scroll-x">
                <table class="data-table" data-testid="conv-table">
                    <thead><tr><th>"Strategy"</th><th class="num">"Input tokens / conversation"</th><th class="num">"Cost / conversation"</th><th class="num">"Per month"</th><th class="num">"Saving vs full"</th></tr></thead>
                    <tbody>
                        {STRATEGIES.iter().enumerate().map(|(index, (key, label))| {
                            let testid = format!("conv-total-{key}");
                            let row = move || outcome.with(|outcome| outcome.as_ref().map(|o| {
                                let run = &o.runs[index];
                                (tokens(run.total_input()), usd(run.monthly_cost(o.conversations)),
                                 run.saving_against(&o.runs[0]).map(pct).unwrap_or_else(|| "—".into()),
                                 run.summary_calls)
                            }));
                            view! {
                                <tr>
                                    <th scope="row">{*label}</th>
                                    <td class="num">{move || row().map(|r| r.0).unwrap_or_else(|| "—".into())}</td>
                                    <td class="num"><span data-testid=testid>{total(index)}</span></td>
                                    <td class="num">{move || row().map(|r| r.1).unwrap_or_else(|| "—".into())}</td>
                                    <td class="num">{move || row().map(|r| r.2).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="hint">{move || outcome.with(|o| o.as_ref().map(|o| format!(
                "Summary + window includes {} summarizer call(s) per conversation ({}). Costs use the model's standard prices; every message adds {} tokens of chat overhead and every call {}.",
                o.runs[2].summary_calls, unit_usd(o.runs[2].summary_cost), MESSAGE_OVERHEAD, REPLY_PRIMING)))}</p>
            <div class="actions">
                <label class="field"><span>"Strategy to use"</span>
                    <select data-testid="conv-strategy" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {STRATEGIES.iter().skip(1).map(|(key, label)| view! { <option value=*key selected=*key == "window">{*label}</option> }).collect_view()}
                    </select>
                </label>
                <dl class="inline-stat"><div class="stat primary"><dt>"Saving vs full history"</dt><dd data-testid="conv-savings-percent">{move || saving().map(pct).unwrap_or_else(|| "—".into())}</dd></div></dl>
                <button type="button" data-testid="conv-use-in-projection" on:click=use_in_projection disabled=move || outcome.with(Option::is_none)>"Use in projection"</button>
            </div>
            <p class="hint" data-testid="conv-overflow">{move || outcome.with(|o| o.as_ref().map(|o| match (o.overflow, o.context_window) {
                (Some(turn), Some(window)) => format!("With full history, turn {turn} needs more than the model's {}-token context window.", crate::show::money::integer(window)),
                (None, Some(window)) => format!("Full history stays within the model's {}-token context window.", crate::show::money::integer(window)),
                _ => "The catalog does not list this model's context window.".to_owned(),
            }))}</p>
            <ChartFigure testid="chart-conversation" file_name="burnrate-conversation.svg" download_testid="download-chart-conversation"
                draw=svg description=description empty="The chart appears once the fields are valid." />
            <ChartFigure testid="chart-conversation-cost" file_name="burnrate-conversation-cost.svg" download_testid="download-chart-conversation-cost"
                draw=cost_svg description=cost_description />
            <details class="formulas">
                <summary>"How is this calculated?"</summary>
                <dl>
                    <div class="formula"><dt>"Full history"</dt><dd>"input at turn k = (system + 4) + (user + 4) + 3 + (k − 1) × (user + assistant + 8)"</dd></div>
                    <div class="formula"><dt>"Sliding window"</dt><dd>"the latest m = min(2(k − 1), W) messages: ⌈m/2⌉ replies and ⌊m/2⌋ user messages"</dd></div>
                    <div class="formula"><dt>"Summary + window"</dt><dd>"the window, plus the summary once older messages exist; a summarizer call every M turns reads the previous summary and the turns since"</dd></div>
                    <div class="formula"><dt>"Token budget"</dt><dd>"the most recent whole turns that fit the budget B"</dd></div>
                    <div class="formula"><dt>"Cost"</dt><dd>"turn cost = input × input price + assistant tokens × output price; saving = 1 − strategy total ÷ full-history total"</dd></div>
                </dl>
            </details>
        </section>
    }
}
