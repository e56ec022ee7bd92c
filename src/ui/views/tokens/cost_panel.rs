//! What the current text costs as the input of a call, on the chosen model and on every
//! model in the catalog.

use leptos::prelude::*;

use crate::form;
use crate::money::catalog::Model;
use crate::money::cost::{price_options, CallTokens};
use crate::money::listing::{by_call_cost, Scope};
use crate::money::units::{Tokens, Usd};
use crate::show::money as format;
use crate::text::context_window::fit;
use crate::ui::field::TextField;
use crate::ui::price_book::use_price_book;

use super::use_tokens_state;
use crate::formats::route::View;
use crate::ui::kept::kept;

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
    let show_all = RwSignal::new(false);
    let output_check = move || form::whole_number(&output.get(), "expected output tokens");
    let calls_check = move || form::whole_number(&calls.get(), "calls per month");
    let call = Memo::new(move |_| {
        let input = state.billed.get()?;
        let output = output_check().ok()?;
        Some(CallTokens {
            input: Tokens::new(input as u64),
            output: Tokens::new(output),
        })
    });
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
    let ranking = Memo::new(move |_| {
        let call = call.get()?;
        let encoding = state.encoding.get();
        let scope = if show_all.get() {
            Scope::All
        } else {
            Scope::FirstParty
        };
        Some(book.catalog.with(|catalog| {
            by_call_cost(catalog, call, scope)
                .into_iter()
                .map(|(index, cost)| {
                    let model = catalog.models[index].clone();
                    // o200k_harmony counts ordinary text exactly as o200k_base does (same table).
                    let exact = model
                        .tokenizer
                        .offered_encoding()
                        .is_some_and(|own| own.table_name() == encoding.table_name());
                    (model, cost, exact)
                })
                .collect::<Vec<_>>()
        }))
    });

    view! {
        <section class="cost-section" aria-labelledby="cost-title">
            <h2 id="cost-title">"What it costs"</h2>
            <div class="cost-inputs">
                <TextField label="Expected output tokens per call" testid="expected-output-tokens" inputmode="numeric" value=output error=Signal::derive(move || output_check().err().map(|e| e.to_string())) />
                <TextField label="Calls per month" testid="calls-per-month-tokens" inputmode="numeric" value=calls error=Signal::derive(move || calls_check().err().map(|e| e.to_string())) />
            </div>
            <ContextCheck model=model output=Signal::derive(move || output_check().ok()) />
            <p class="hint">
                {move || model.with(|model| match model {
                    Some(model) => format!(
                        "On {}: the text above is the input, at {} per million input tokens and {} per million output tokens.",
                        model.name, format::price(model.prices.input), format::price(model.prices.output)
                    ),
                    None => "The chosen model is not in the catalog.".to_owned(),
                })}
            </p>
            <dl class="cost-figures">
                <div class="stat primary"><dt>"Per call"</dt><dd data-testid="cost-per-call">{move || per_call(options.get().map(|o| o.standard.total))}</dd></div>
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
                            ranking.get().unwrap_or_default().into_iter().take(limit).map(|(model, cost, exact)| view! {
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
