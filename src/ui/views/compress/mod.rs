//! The Compress view: a shorter prompt whose savings are measured with the real tokenizer.

mod rules_panel;

use std::sync::Arc;

use leptos::prelude::*;

use crate::form;
use crate::formats::compress_rules::{self, RuleSettings};
use crate::formats::route::View;
use crate::money::cost::monthly_input_cost;
use crate::money::units::Tokens;
use crate::show::number::{pct, usd};
use crate::text::compress::diff::{word_diff, DiffPart};
use crate::text::compress::rules::Level;
use crate::text::compress::{compress, Compressed, Options, RuleStatus};
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::browser::{copy_text, kept_under, load_stored, store, NotStored, Stored};
use crate::ui::count_many::count_texts;
use crate::ui::field::{whole_number_error, ModelSelect, StatusMessage, TextField};
use crate::ui::kept::kept;
use crate::ui::price_book::use_price_book;
use crate::ui::tokenizers::{use_tokenizers, TableState};

use rules_panel::RulesPanel;

/// Where the rule settings live.
pub const STORAGE_KEY: &str = "burnrate.compress-rules";
/// Longest text compressed live, in characters; longer texts get a message.
pub const MAX_CHARS: usize = 100_000;

/// The article's verbose prompt, for "Try an example".
const EXAMPLE: &str = "Please analyze the following customer feedback and provide a comprehensive summary. \
I would like you to identify the main themes, and it is important to note that you should really focus on \
actionable insights. In order to do this effectively, please make sure that you consider both positive and \
negative feedback. Do not include any personal information such as names or e-mail addresses, for example \
support@example.com. Keep the summary under 200 words and use the format {summary}.\n\n\n\
Thank you very much for your help!";

/// The view's root, `data-testid="view-compress"`.
#[component]
pub fn CompressView() -> impl IntoView {
    let book = use_price_book();
    let tokenizers = use_tokenizers();
    // Kept above the view: what the user left here is still here after a change of view.
    let input = kept(View::Compress, "compress-input", "the prompt", String::new);
    let level = kept(View::Compress, "compress-level", "the level", || {
        Level::Balanced
    });
    let target = kept(View::Compress, "compress-target", "the target", String::new);
    let model_id = kept(View::Compress, "compress-model", "the model", || {
        "gpt-5-mini".to_owned()
    });
    let calls = kept(
        View::Compress,
        "compress-calls",
        "the calls per month",
        || "100,000".to_owned(),
    );
    let (loaded, load_problem) = load_settings();
    let settings = RwSignal::new(loaded);
    let status = RwSignal::new(load_problem.map(Err));

    Effect::new(move |previous: Option<()>| {
        let json = settings.with(compress_rules::to_json);
        if previous.is_some() {
            // Only a refused write is reported: without any storage, the rules last the session.
            if store(STORAGE_KEY, &json) == Err(NotStored::Refused) {
                status.set(Some(Err("Your rules could not be saved (browser storage is full or blocked). Export them to keep them.".into())));
            }
        }
    });

    let encoding = Memo::new(move |_| {
        book.catalog.with(|catalog| {
            catalog
                .get(&model_id.get())
                .and_then(|model| model.tokenizer.offered_encoding())
                .unwrap_or(Encoding::DEFAULT)
        })
    });
    let encoder = Signal::derive(move || match tokenizers.get(encoding.get()) {
        TableState::Ready(encoder) => Ok(Some(encoder)),
        TableState::Loading => Ok(None),
        TableState::Failed(problem) => Err(problem),
    });
    let target_check = move || {
        let raw = target.get();
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            form::decimal(
                &raw,
                "target reduction",
                1.0,
                95.0,
                "a percentage, such as 30",
            )
            .map(|value| Some(value / 100.0))
        }
    };
    // Read by the compression and by the long prompt's count.
    let too_long = Memo::new(move |_| input.with(|text| text.chars().count() > MAX_CHARS));
    let result = Memo::new(move |_| -> Option<Result<Compressed, String>> {
        if input.with(String::is_empty) {
            return None;
        }
        if too_long.get() {
            return Some(Err(format!("Prompts up to {} characters are compressed here; this one is longer. Split it, or compress its parts.", crate::show::money::integer(MAX_CHARS as u64))));
        }
        let text = input.get();
        let encoder: Arc<Encoder> = match encoder.get() {
            Ok(Some(encoder)) => encoder,
            Ok(None) => return None,
            Err(problem) => return Some(Err(problem)),
        };
        let target = target_check().ok().flatten();
        let options = settings.with(|settings| Options {
            level: level.get(),
            target,
            disabled: settings.disabled.clone(),
            custom: settings
                .custom
                .iter()
                .enumerate()
                .filter_map(|(index, rule)| rule.compile(index).ok())
                .collect(),
        });
        Some(Ok(compress(&text, &options, &|text| encoder.count(text))))
    });
    // A prompt too long to compress still gets its exact count, counted in the counting
    // workers (it may be megabytes); a new text or encoding makes a count in progress stale.
    let long_count = RwSignal::new(None::<LongCount>);
    let long_counts = StoredValue::new(0_u64);
    Effect::new(move |_| {
        long_counts.update_value(|generation| *generation += 1);
        let generation = long_counts.get_value();
        input.track();
        let (too_long, encoder) = (too_long.get(), encoder.get());
        if long_count.with_untracked(Option::is_some) {
            long_count.set(None);
        }
        let (true, Ok(Some(encoder))) = (too_long, encoder) else {
            return;
        };
        let text = input.get_untracked();
        let (bytes, encoding) = (text.len(), encoder.encoding());
        let stale = move || long_counts.try_get_value() != Some(generation);
        leptos::task::spawn_local(async move {
            if let Some(&tokens) = count_texts(encoder, vec![text], stale)
                .await
                .as_ref()
                .and_then(|counts| counts.first())
            {
                long_count.set(Some(LongCount {
                    bytes,
                    encoding,
                    tokens,
                }));
            }
        });
    });
    let long_count_text = move || {
        if !too_long.get() || !matches!(encoder.get(), Ok(Some(_))) {
            return None;
        }
        // Only the current text's count (the effect clears an old one a moment later).
        let current = long_count.get().filter(|count| {
            count.encoding == encoding.get() && input.with(String::len) == count.bytes
        });
        Some(match current {
            Some(count) => format!(
                "This prompt is {} tokens ({}). ",
                crate::show::money::integer(count.tokens as u64),
                count.encoding.name()
            ),
            None => "Counting this prompt's tokens… ".to_owned(),
        })
    };
    let compressed = move || {
        result.with(|result| {
            result
                .as_ref()
                .and_then(|result| result.as_ref().ok())
                .cloned()
        })
    };
    let figure = move |pick: fn(&Compressed) -> String| {
        move || {
            compressed()
                .map(|result| pick(&result))
                .unwrap_or_else(|| "—".to_owned())
        }
    };
    let monthly_saving = move || {
        let result = compressed()?;
        let calls = form::whole_number(&calls.get(), "calls per month").ok()?;
        book.catalog.with(|catalog| {
            let model = catalog.get(&model_id.get())?;
            let saved = Tokens::new(result.saved() as u64);
            Some(usd(monthly_input_cost(model, saved, calls).dollars()))
        })
    };
    let copy_output = move |_| {
        if let Some(result) = compressed() {
            leptos::task::spawn_local(async move {
                status.set(Some(
                    copy_text(&result.text)
                        .await
                        .map(|()| "Copied the compressed prompt.".to_owned()),
                ));
            });
        }
    };
    let use_in_projection = move |_| {
        if let Some(result) = compressed() {
            let percent = (result.reduction() * 1000.0).round() / 10.0;
            let _ = window().location().set_hash(&format!(
                "#/projection?merge=1&lever-compression=on&compression-percent={percent}"
            ));
        }
    };
    let loading = move || input.with(|text| !text.is_empty()) && matches!(encoder.get(), Ok(None));
    let problem = move || {
        result.with(|result| match result {
            Some(Err(problem)) => Some(problem.clone()),
            _ => None,
        })
    };

    view! {
        <section class="view compress" data-testid="view-compress" aria-labelledby="compress-title">
            <h1 id="compress-title">"Compress"</h1>
            <p class="lede">"Shorten a prompt and see, in real tokens, what the shorter version saves. A rewrite is kept only when the tokenizer says it helps; code, URLs, numbers, quotes, placeholders and JSON are never touched."</p>
            <div class="compress-controls">
                // Short option names, so that none is cut off on a phone; what each level
                // does is in its title and under the drop-down.
                <label class="field">
                    <span>"Level"</span>
                    <select data-testid="compress-level" aria-describedby="compress-level-note" on:change=move |ev| if let Some(chosen) = Level::from_slug(&event_target_value(&ev)) { level.set(chosen) }>
                        <option value="light" title=level_note(Level::Light) selected=move || level.get() == Level::Light>"Light"</option>
                        <option value="balanced" title=level_note(Level::Balanced) selected=move || level.get() == Level::Balanced>"Balanced"</option>
                        <option value="aggressive" title=level_note(Level::Aggressive) selected=move || level.get() == Level::Aggressive>"Aggressive"</option>
                    </select>
                    <span class="hint" id="compress-level-note">{move || level_note(level.get())}</span>
                </label>
                <TextField label="Target reduction (%, optional)" testid="compress-target" value=target inputmode="decimal"
                    error=Signal::derive(move || target_check().err().map(|error| error.to_string())) />
                <ModelSelect label="Model (sets the encoding and the price)" testid="compress-model" value=model_id />
                <TextField label="Calls per month" testid="compress-calls" value=calls inputmode="numeric"
                    error=whole_number_error(calls, "calls per month") />
            </div>
            <p class="notice" data-testid="compress-meaning-warning" hidden=move || level.get() != Level::Aggressive>
                "Aggressive drops whole sentences (pleasantries) and abbreviates, with the meaning guard off: it can change what the prompt means. Read the diff before you use it."
            </p>
            <div class="compress-grid">
                <label class="field grow">
                    <span class="section-head">"Your prompt"
                        <button type="button" class="link" data-testid="compress-example" on:click=move |_| input.set(EXAMPLE.to_owned())>"Try the article's verbose prompt"</button>
                    </span>
                    <textarea class="token-input" data-testid="compress-input" aria-label="Your prompt" rows="12" spellcheck="false"
                        placeholder="Paste a system prompt or instructions…"
                        prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev))></textarea>
                </label>
                <label class="field grow">
                    <span class="section-head">"Compressed"
                        <button type="button" class="secondary" data-testid="compress-copy" on:click=copy_output disabled=move || compressed().is_none()>"Copy"</button>
                    </span>
                    <textarea class="token-input" data-testid="compress-output" aria-label="Compressed prompt" rows="12" readonly
                        prop:value=move || compressed().map(|result| result.text).unwrap_or_default()></textarea>
                </label>
            </div>
            <p class="status-line" role="status">
                <StatusMessage status=status />
                {move || loading().then(|| view! { <span class="muted">{format!("Loading the {} tokenizer…", encoding.get().name())}</span> })}
                {move || long_count_text().map(|text| view! { <span class="muted" data-testid="compress-long-count">{text}</span> })}
                {move || problem().map(|problem| view! { <span class="error" data-testid="compress-problem">{problem}</span> })}
            </p>
            <dl class="cost-figures">
                <div class="stat"><dt>"Tokens before"</dt><dd data-testid="compress-tokens-before">{figure(|r| crate::show::money::integer(r.before as u64))}</dd></div>
                <div class="stat"><dt>"Tokens after"</dt><dd data-testid="compress-tokens-after">{figure(|r| crate::show::money::integer(r.after as u64))}</dd></div>
                <div class="stat"><dt>"Saved"</dt><dd data-testid="compress-tokens-saved">{figure(|r| crate::show::money::integer(r.saved() as u64))}</dd></div>
                <div class="stat primary"><dt>"Reduction"</dt><dd data-testid="compress-saved-percent">{figure(|r| pct(r.reduction()))}</dd></div>
                <div class="stat"><dt>"Saved per month (input price)"</dt><dd data-testid="compress-monthly-saving">{move || monthly_saving().unwrap_or_else(|| "—".to_owned())}</dd></div>
            </dl>
            {move || target_note(compressed(), target_check().ok().flatten(), level.get()).map(|note| view! {
                <p class="notice" data-testid="compress-target-note">{note}</p>
            })}
            <p class="hint">{move || {
                let estimate = book.catalog.with(|catalog| catalog.get(&model_id.get()).is_some_and(|model| model.tokenizer.is_estimate()));
                let counted = if estimate {
                    format!("Estimated with {}: this model's tokenizer is not public, so its real counts differ (see Tokens for the likely range).", encoding.get().name())
                } else {
                    format!("Counted exactly with {}.", encoding.get().name())
                };
                format!("{counted} Saved per month = tokens saved × calls per month × the model's input price.")
            }}</p>
            <div class="actions">
                <button type="button" data-testid="compress-use-in-projection" on:click=use_in_projection disabled=move || compressed().is_none()>
                    "Use in projection"
                </button>
                <span class="hint">"Sends the measured reduction to the Projection's compression lever."</span>
            </div>
            <h2>"What changed"</h2>
            <div class="diff" data-testid="compress-diff" aria-label="Differences: removed text is struck through, new text is highlighted">
                {move || match compressed() {
                    None => view! { <p class="hint">"The differences appear here."</p> }.into_any(),
                    Some(result) => match input.with(|text| word_diff(text, &result.text)) {
                        None => view! { <p class="hint">"This text is too long to show the differences."</p> }.into_any(),
                        Some(parts) => parts.into_iter().map(|part| match part {
                            DiffPart::Same(text) => view! { <span>{text}</span> }.into_any(),
                            DiffPart::Removed(text) => view! { <del>{text}</del> }.into_any(),
                            DiffPart::Added(text) => view! { <ins>{text}</ins> }.into_any(),
                        }).collect_view().into_any(),
                    },
                }}
            </div>
            <p class="hint" data-testid="compress-protected">{move || compressed().map(|result| {
                if result.protected.is_empty() {
                    "Nothing in this prompt needed protecting.".to_owned()
                } else {
                    let parts: Vec<String> = result.protected.iter().map(|(kind, count)| format!("{count} × {}", kind.label())).collect();
                    format!("Left untouched: {}.", parts.join(", "))
                }
            })}</p>
            <RulesPanel settings=settings result=Signal::derive(compressed) status=status />
        </section>
    }
}

/// The exact count of a prompt too long to compress, and which text and encoding it is of.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LongCount {
    /// The prompt's length in bytes when it was counted.
    bytes: usize,
    /// The encoding it was counted with.
    encoding: Encoding,
    /// Its tokens.
    tokens: usize,
}

/// The saved rule settings, or the defaults. Unreadable settings are moved aside (never
/// deleted), with a message to show.
fn load_settings() -> (RuleSettings, Option<String>) {
    match load_stored(STORAGE_KEY, compress_rules::parse) {
        Stored::Nothing => (RuleSettings::default(), None),
        Stored::Read(settings) => (settings, None),
        Stored::Unreadable { problem, aside, .. } => (
            RuleSettings::default(),
            Some(format!(
                "Your saved rules could not be read ({problem}); they are kept under \"{}\" in this browser's storage. The default rules are in use.",
                kept_under(&aside, STORAGE_KEY)
            )),
        ),
    }
}

/// What to say when the target reduction was not reached; `None` when it was, or when no
/// target is set.
fn target_note(result: Option<Compressed>, target: Option<f64>, level: Level) -> Option<String> {
    let result = result.filter(|result| result.target_missed)?;
    let next = if level == Level::Aggressive {
        "Aggressive is the strongest level; rules of your own may save more."
    } else {
        "A stronger level, or rules of your own, may save more."
    };
    Some(format!(
        "Target not reached: you asked for {}, the rules at this level save {}. {next}",
        pct(target?),
        pct(result.reduction())
    ))
}

/// How a rule's status reads in the table.
pub fn status_text(status: RuleStatus) -> String {
    match status {
        RuleStatus::Applied => "applied".to_owned(),
        RuleStatus::NoMatch => "no match".to_owned(),
        RuleStatus::SavedNothing(0) => "skipped: saved nothing".to_owned(),
        RuleStatus::SavedNothing(added) => format!("skipped: would add {added} token(s)"),
        RuleStatus::Guarded => "refused: meaning guard".to_owned(),
        RuleStatus::Disabled => "off".to_owned(),
        RuleStatus::AboveLevel => "not at this level".to_owned(),
        RuleStatus::TargetReached => "not needed: target reached".to_owned(),
    }
}

/// What `level` does, in the words of the level drop-down.
fn level_note(level: Level) -> &'static str {
    match level {
        Level::Light => "Light: whitespace, filler words",
        Level::Balanced => "Balanced: + verbose phrases",
        Level::Aggressive => "Aggressive: + abbreviations, drops pleasantries",
    }
}
