//! What the current text costs as the input of a call, on the chosen model and on every
//! model in the catalog.

use leptos::prelude::*;

use crate::form;
use crate::money::catalog::Model;
use crate::money::cost::price_options;
use crate::money::images::{self, Detail, ImageSize};
use crate::money::listing::{cheapest_first, Scope};
use crate::money::prompt::{tier_crossed, CallParts};
use crate::money::tools::tool_use_system_prompt;
use crate::money::units::Usd;
use crate::show::money as format;
use crate::text::context_window::fit;
use crate::ui::field::TextField;
use crate::ui::price_book::{use_price_book, CatalogState};

use super::use_tokens_state;
use crate::formats::route::View;
use crate::ui::kept::kept;

/// `field` with a capital first letter, as the form's own messages begin.
fn capitalized(field: &str) -> String {
    let mut chars = field.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Rows of the all-models table before "Show all".
const FIRST_ROWS: usize = 15;

/// The cost section. `model` is the chosen model, if it is in the catalog.
#[component]
pub fn CostPanel(model: Memo<Option<Model>>) -> impl IntoView {
    let state = use_tokens_state();
    let book = use_price_book();
    let output = kept(
        View::Tokens,
        "expected-output-tokens",
        "the expected output tokens",
        || "500".to_owned(),
    );
    let calls = kept(
        View::Tokens,
        "calls-per-month-tokens",
        "the calls per month",
        || "10,000".to_owned(),
    );
    // Issue #16: reasoning tokens (billed as output) and images per call. Every one
    // defaults to a value that changes nothing.
    let reasoning = kept(
        View::Tokens,
        "reasoning-tokens",
        "the reasoning tokens",
        || "0".to_owned(),
    );
    let image_count = kept(View::Tokens, "image-count", "the images per call", || {
        "0".to_owned()
    });
    let image_width = kept(View::Tokens, "image-width", "the image width", || {
        images::DEFAULT_IMAGE_SIZE.width.to_string()
    });
    let image_height = kept(View::Tokens, "image-height", "the image height", || {
        images::DEFAULT_IMAGE_SIZE.height.to_string()
    });
    let image_detail = kept(View::Tokens, "image-detail", "the image detail", || {
        "auto".to_owned()
    });
    let show_all = RwSignal::new(false);
    let output_check = move || form::whole_number(&output.get(), "expected output tokens");
    let calls_check = move || form::whole_number(&calls.get(), "calls per month");
    let reasoning_check = move || form::whole_number(&reasoning.get(), "reasoning tokens");
    let count_check = move || form::whole_number(&image_count.get(), "images per call");
    let side_check = move |raw: String, field: &'static str| -> Result<u32, String> {
        let value = form::whole_number(&raw, field).map_err(|e| e.to_string())?;
        match u32::try_from(value) {
            Ok(0) => Err(format!(
                "{} must be at least 1 pixel, got 0",
                capitalized(field)
            )),
            Ok(side) => Ok(side),
            Err(_) => Err(format!(
                "{} must be at most {} pixels",
                capitalized(field),
                u32::MAX
            )),
        }
    };
    let width_check = move || side_check(image_width.get(), "image width");
    let height_check = move || side_check(image_height.get(), "image height");
    let rule = Memo::new(move |_| model.with(|model| model.as_ref().and_then(images::rule_for)));
    let detail = move || Detail::from_slug(&image_detail.get()).unwrap_or_default();
    // The images' tokens per call: those entered here plus those of an imported chat
    // request; an error (shown under the fields) leaves the cost blank.
    let image_tokens = Memo::new(move |_| -> Result<u64, String> {
        let count = count_check().map_err(|e| e.to_string())?;
        let chat_images = state.chat_images.get();
        if count == 0 && chat_images.is_empty() {
            return Ok(0);
        }
        let Some(rule) = rule.get() else {
            let name = model
                .with(|m| m.as_ref().map(|m| m.name.clone()))
                .unwrap_or_default();
            return Err(format!(
                "{name}'s maker publishes no rule for image tokens, so images cannot be priced on it"
            ));
        };
        let entered = if count == 0 {
            0
        } else {
            let size = ImageSize {
                width: width_check()?,
                height: height_check()?,
            };
            images::images_tokens(rule, count, size, detail()).map_err(|e| e.to_string())?
        };
        Ok(entered.saturating_add(images::chat_images_tokens(rule, &chat_images)))
    });
    // Anthropic's tool-use system prompt, for a Claude model and a request with tools.
    let tool_prompt = Memo::new(move |_| {
        let defined = state.chat.with(|chat| chat.is_some())
            && state.chat_tools.with(|tools| tools.rendered.is_some());
        if !defined {
            return 0;
        }
        let choice = state.chat_tools.with(|tools| tools.choice.clone());
        model.with(|model| {
            model
                .as_ref()
                .and_then(|model| tool_use_system_prompt(model, &choice))
                .unwrap_or(0)
        })
    });
    let parts = Memo::new(move |_| {
        Some(CallParts {
            text: state.billed.get()? as u64,
            tool_system_prompt: tool_prompt.get(),
            images: image_tokens.get().ok()?,
            output: output_check().ok()?,
            reasoning: reasoning_check().ok()?,
        })
    });
    let call = Memo::new(move |_| parts.get().map(|parts| parts.call()));
    let options = Memo::new(move |_| {
        let call = call.get()?;
        model.with(|model| model.as_ref().map(|model| price_options(model, call)))
    });
    let per_month = move || {
        let calls = calls_check().ok()?;
        options
            .get()
            .map(|options| options.standard.total.times(calls as f64))
    };
    let money = |amount: Option<Usd>| amount.map(format::usd).unwrap_or_else(|| "—".to_owned());
    // One call's cost, with the digits that matter under a dollar.
    let per_call = |amount: Option<Usd>| {
        amount
            .map(format::usd_per_call)
            .unwrap_or_else(|| "—".to_owned())
    };
    let reasoning_cost = move || {
        let parts = parts.get()?;
        model.with(|model| model.as_ref().map(|model| parts.reasoning_cost(model)))
    };
    // "$6" rather than "$6.00" for whole dollars, as providers write tier prices.
    let tier_price = |price: crate::money::units::UsdPerMTok| {
        let text = format::price(price);
        text.strip_suffix(".00").map(str::to_owned).unwrap_or(text)
    };
    let tier_notice = move || {
        let input = parts.get()?.input();
        let crossed =
            model.with(|model| model.as_ref().and_then(|model| tier_crossed(model, input)))?;
        Some(format!(
            "This prompt is {} input tokens: above {} input tokens the whole call is billed at {} / {} per 1M.",
            format::integer(input.get()),
            format::integer(crossed.above.get()),
            tier_price(crossed.input),
            tier_price(crossed.output)
        ))
    };
    let image_rule_note = move || {
        match rule.get() {
        Some(images::ImageRule::Anthropic) => "Anthropic: width × height / 750 after resizing to at most 1568 px and about 1,600 tokens".to_owned(),
        Some(images::ImageRule::Gemini) => "Gemini: 258 tokens per 768-px tile (258 up to 384 × 384)".to_owned(),
        Some(images::ImageRule::OpenAiPatches { multiplier }) => format!("OpenAI: 32-px patches (at most 1,536) × {multiplier}"),
        Some(_) => "OpenAI: base tokens + tokens per 512-px tile at high detail; base only at low detail. An image of unknown size in an imported chat counts as 1024 × 1024.".to_owned(),
        None => "This model's maker publishes no rule for image tokens".to_owned(),
    }
    };
    let ranking = Memo::new(move |_| {
        let call = call.get()?;
        let encoding = state.encoding.get();
        let scope = if show_all.get() {
            Scope::All
        } else {
            Scope::FirstParty
        };
        Some(book.catalog.with(|catalog| {
            cheapest_first(catalog, call, scope, encoding)
                .into_iter()
                .map(|row| (catalog.models[row.index].clone(), row.cost, row.exact))
                .collect::<Vec<_>>()
        }))
    });

    view! {
        <section class="cost-section" aria-labelledby="cost-title">
            <h2 id="cost-title">"What it costs"</h2>
            <div class="cost-inputs">
                <TextField label="Expected output tokens per call" testid="expected-output-tokens" inputmode="numeric" value=output error=Signal::derive(move || output_check().err().map(|e| e.to_string())) />
                <TextField label="Calls per month" testid="calls-per-month-tokens" inputmode="numeric" value=calls error=Signal::derive(move || calls_check().err().map(|e| e.to_string())) />
                <TextField label="Reasoning tokens per call (billed as output)" testid="reasoning-tokens" inputmode="numeric" value=reasoning error=Signal::derive(move || reasoning_check().err().map(|e| e.to_string())) />

                <TextField label="Images per call" testid="image-count" inputmode="numeric" value=image_count error=Signal::derive(move || count_check().err().map(|e| e.to_string())) />
                <TextField label="Image width (px)" testid="image-width" inputmode="numeric" value=image_width error=Signal::derive(move || width_check().err()) />
                <TextField label="Image height (px)" testid="image-height" inputmode="numeric" value=image_height error=Signal::derive(move || height_check().err()) />
                <Show when=move || rule.get().is_some_and(|rule| rule.has_detail())>
                    <label class="field">
                        <span>"Image detail"</span>
                        <select data-testid="image-detail" prop:value=move || image_detail.get() on:change=move |ev| image_detail.set(event_target_value(&ev))>
                            {[Detail::Auto, Detail::High, Detail::Low].into_iter().map(|d| view! {
                                <option value=d.slug() selected=move || detail() == d>{d.slug()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
            </div>
            <p class="error" data-testid="image-tokens-error" role="alert" hidden=move || image_tokens.get().is_ok()>
                {move || image_tokens.get().err()}
            </p>
            <ContextCheck model=model output=Signal::derive(move || output_check().ok()) />
            <p class="hint">
                {move || model.with(|model| match model {
                    Some(model) => format!(
                        "On {}: the text above is the input, at {} per million input tokens and {} per million output tokens.",
                        model.name, format::price(model.prices.input), format::price(model.prices.output)
                    ),
                    None if book.state.get() == CatalogState::Loading => "Loading prices…".to_owned(),
                    None => "The chosen model is not in the catalog.".to_owned(),
                })}
            </p>
            <dl class="cost-figures">
                <div class="stat primary">
                    <dt>"Per call"</dt>
                    <dd data-testid="cost-per-call">{move || per_call(options.get().map(|o| o.standard.total))}</dd>
                    {move || tier_notice().map(|text| view! { <dd class="notice" data-testid="tier-notice" role="status">{text}</dd> })}
                </div>
                <div class="stat">
                    <dt title="Reasoning (thinking) tokens are billed at the output price; they are part of the cost per call">"Reasoning, per call"</dt>
                    <dd data-testid="reasoning-cost">{move || per_call(reasoning_cost())}</dd>
                </div>
                <div class="stat">
                    <dt title=image_rule_note>"Image tokens per call"</dt>
                    <dd data-testid="image-tokens">{move || image_tokens.get().ok().map(format::integer).unwrap_or_else(|| "—".into())}</dd>
                </div>
                <Show when=move || state.chat.with(|chat| chat.as_ref().is_some_and(|chat| chat.tool_definitions > 0))>
                    <div class="stat">
                        <dt title="Tool definitions and tool choice, counted with the formula of npm gpt-tokenizer's countChatCompletionTokens (OpenAI publishes none)">
                            "Tool definitions "<span class="badge estimate">"estimate"</span>
                        </dt>
                        <dd data-testid="tool-tokens">{move || state.chat.get().map(|chat| format::integer(chat.tool_definitions as u64))}</dd>
                    </div>
                </Show>
                <Show when=move || { tool_prompt.get() > 0 }>
                    <div class="stat">
                        <dt title="Anthropic adds a system prompt to every request with tools: 346 tokens on Claude 4 models with tool choice auto or none, 313 with any or a named tool (Anthropic, Tool use → Pricing)">"Anthropic tool-use prompt"</dt>
                        <dd data-testid="tool-prompt-tokens">{move || format::integer(tool_prompt.get())}</dd>
                    </div>
                </Show>
                <div class="stat"><dt>"Per 1,000 calls"</dt><dd data-testid="cost-per-1000">{move || money(options.get().map(|o| o.standard.total.times(1000.0)))}</dd></div>
                <div class="stat"><dt>"Per month"</dt><dd data-testid="cost-per-month">{move || money(per_month())}</dd></div>
                <div class="stat">
                    <dt title="If every input token were read from the provider's prompt cache">"Per call, input cached"</dt>
                    <dd data-testid="cost-cached">{move || options.get().map(|o| per_call(o.all_input_cached)).unwrap_or_else(|| "—".into())}</dd>
                </div>
                <div class="stat">
                    <dt title="Through the provider's batch API (results within 24 hours)">"Per call, batch"</dt>
                    <dd data-testid="cost-batch">{move || options.get().map(|o| per_call(o.batch)).unwrap_or_else(|| "—".into())}</dd>
                </div>
            </dl>

            <h3>{move || if show_all.get() { "On every model and host, cheapest first" } else { "On the makers' own APIs, cheapest first" }}</h3>
            <p class="hint">"Models whose count above is exact come first, then those where it is an estimate."</p>
            <div class="table-wrap">
                <table class="models-table cost-table" data-testid="cost-table">
                    <thead>
                        <tr>
                            <th scope="col">"Model"</th>
                            <th scope="col">"Provider"</th>
                            <th scope="col" class="num">"Per call"</th>
                            <th scope="col" class="num">"Per month"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let calls = calls_check().ok();
                            let limit = if show_all.get() { usize::MAX } else { FIRST_ROWS };
                            // Drawing every row of ~2,000 models is slow; the first 200 are plenty.
                            let limit = limit.min(200);
                            let rows = ranking.get().unwrap_or_default();
                            // Exact counts come first; one heading row says where the estimates begin.
                            let first_estimate = rows.iter().position(|(_, _, exact)| !exact);
                            rows.into_iter().take(limit).enumerate().map(|(place, (model, cost, exact))| view! {
                                {(Some(place) == first_estimate).then(|| view! {
                                    <tr class="group-row" data-testid="cost-table-estimates">
                                        <th scope="rowgroup" colspan="4">"Estimates: these models' tokenizers are not the selected encoding, so their counts (and costs) are approximate"</th>
                                    </tr>
                                })}
                                <tr>
                                    <td data-label="Model">
                                        <span class="model-name">{model.name.clone()}</span>
                                        {(!exact).then(|| view! {
                                            <span class="badge estimate" title="Counted with the selected encoding, which is not this model's tokenizer">"estimate"</span>
                                        })}
                                    </td>
                                    <td data-label="Provider">{model.provider_name.clone()}</td>
                                    <td class="num" data-label="Per call">{format::usd_per_call(cost)}</td>
                                    <td class="num" data-label="Per month">{calls.map(|calls| format::usd(cost.times(calls as f64))).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <button type="button" class="secondary" on:click=move |_| show_all.update(|all| *all = !*all)>
                {move || if show_all.get() { "Show the makers' APIs only" } else { "Include resellers and hosts" }}
            </button>
        </section>
    }
}

/// The text plus the expected output against the chosen model's context window and
/// maximum output (`data-testid="context-fit"`); a warning when the call does not fit.
#[component]
fn ContextCheck(model: Memo<Option<Model>>, output: Signal<Option<u64>>) -> impl IntoView {
    let state = use_tokens_state();
    let fit = Memo::new(move |_| {
        let input = state.billed.get()? as u64;
        let output = output.get()?;
        model.with(|model| {
            model
                .as_ref()
                .map(|model| fit(input, output, model.context_window, model.max_output))
        })
    });
    let n = |tokens: u64| format::integer(tokens);
    let message = move || {
        let fit = fit.get()?;
        let name = model.with(|model| model.as_ref().map(|model| model.name.clone()))?;
        let max_output = model.with(|model| model.as_ref().and_then(|model| model.max_output));
        let output_line = match (fit.output_over, max_output) {
            (Some(max), _) => Some(format!(
                " The expected output is over {name}'s maximum output of {} tokens.",
                n(max)
            )),
            (None, Some(max)) => Some(format!(" Maximum output: {} tokens.", n(max))),
            (None, None) => None,
        };
        let (class, text) = match (fit.window, fit.room) {
            (Some(window), Some(_)) if fit.input_over => {
                let input = fit.input;
                (
                    "notice error",
                    format!(
                        "Does not fit: the text alone is {} tokens, over {name}'s context window of {} tokens by {}. Cut it (below) or choose a model with a larger window.",
                        n(input),
                        n(window),
                        n(input - window)
                    ),
                )
            }
            (Some(window), Some(room)) if room < 0 => (
                "notice error",
                format!(
                    "Does not fit: the text plus the expected output is {} tokens, over {name}'s context window of {} tokens by {}.",
                    n(fit.total),
                    n(window),
                    n(room.unsigned_abs() as u64)
                ),
            ),
            (Some(window), Some(room)) => (
                if fit.output_over.is_some() { "notice error" } else { "hint" },
                format!(
                    "The text plus the expected output is {} of {name}'s {}-token context window ({:.1}%); {} tokens to spare.",
                    n(fit.total),
                    n(window),
                    fit.share.unwrap_or(0.0) * 100.0,
                    n(room as u64)
                ),
            ),
            _ => (
                if fit.output_over.is_some() { "notice error" } else { "hint" },
                format!("The price data does not give {name}'s context window, so the text is not checked against it."),
            ),
        };
        Some((class, format!("{text}{}", output_line.unwrap_or_default())))
    };
    view! {
        {move || message().map(|(class, text)| view! {
            <p class=class data-testid="context-fit" role="status">{text}</p>
        })}
    }
}
