//! Workload inputs: volume, tokens per call (or the bill), model mix, growth, horizon.

use leptos::prelude::*;

use crate::models::projection::TokenSource;
use crate::show::number::{decimal, tokens, unit_usd, usd};

use super::call_units::CallUnits;
use super::inputs::{Choice, ModelPick, Num, Tip};
use super::use_projection;
use crate::ui::field::ModelPicker;

/// The workload fieldsets.
#[component]
pub fn WorkloadPanel() -> impl IntoView {
    let state = use_projection();
    let volume_mode = state.field("volume-mode");
    let input_mode = state.field("input-mode");
    let by_conversation =
        Signal::derive(move || volume_mode.with(|mode| mode.trim() == "conversations"));
    let from_bill = Signal::derive(move || input_mode.with(|mode| mode.trim() == "bill"));
    let mix_add_model = RwSignal::new(String::new());
    let mix_add_share = RwSignal::new("20".to_owned());
    let groups = state.groups;
    let mix = state.field("model-mix");
    let add_to_mix = move |_| {
        let id = mix_add_model.get_untracked();
        if id.is_empty() {
            return;
        }
        let share = mix_add_share.get_untracked();
        mix.update(|mix| {
            let entry = format!("{id}:{}", share.trim().trim_end_matches('%'));
            if mix.trim().is_empty() {
                *mix = entry;
            } else {
                mix.push_str(", ");
                mix.push_str(&entry);
            }
        });
    };
    let main_share = move || {
        state.validated.with(|validated| {
            validated.config.as_ref().map(|config| {
                let others: f64 = config.mix.iter().map(|entry| entry.share).sum();
                format!(
                    "The main model serves the other {}.",
                    crate::show::number::pct(1.0 - others)
                )
            })
        })
    };
    let derivation = move || {
        state.with_projection(|projection| {
            projection.derivation.map(|derived| {
                format!(
                    "{} ÷ {} calls = {} a call. At {} input tokens per output token an output token costs {} with its input, so a call is {} output + {} input tokens; the user message is the input less the parts you know: {} tokens.{}",
                    usd(derived.spend),
                    tokens(derived.calls),
                    unit_usd(derived.cost_per_call),
                    decimal(derived.input_per_output),
                    unit_usd(derived.cost_per_output_token),
                    tokens(derived.output_tokens),
                    tokens(derived.input_tokens),
                    tokens(projection.shape.user),
                    if projection.shape.reasoning > 0.0 {
                        format!(
                            " Of the output, {} are your reasoning tokens and {} the answer.",
                            tokens(projection.shape.reasoning),
                            tokens(projection.shape.output)
                        )
                    } else {
                        String::new()
                    },
                )
            })
        })
        .flatten()
    };
    let is_bill_config = move || {
        state.validated.with(|validated| {
            validated
                .config
                .as_ref()
                .is_some_and(|config| matches!(config.tokens, TokenSource::Bill { .. }))
        })
    };

    view! {
        <fieldset class="panel">
            <legend>"Traffic"</legend>
            <Choice key="volume-mode" label="Volume given as" options=&[("calls", "Calls per month"), ("conversations", "Conversations × turns")] />
            <Show when=move || !by_conversation.get()>
                <Num key="calls-per-month" label="Calls per month" unit="calls" tip="API requests your feature makes in a month, before caching." />
            </Show>
            <Show when=move || by_conversation.get()>
                <Num key="conversations-per-month" label="Conversations per month" unit="conv." />
                <Num key="turns-per-conversation" label="Turns per conversation" unit="turns" tip="Each turn is one API call carrying the history so far." />
            </Show>
            <Num key="growth-rate" label="Monthly growth" unit="%" tip="Traffic grows by this much each month (negative shrinks it)." />
            <Num key="horizon-months" label="Horizon" unit="months" />
        </fieldset>

        <fieldset class="panel">
            <legend>"Tokens per call"</legend>
            <Choice key="input-mode" label="Tokens come from" options=&[("detail", "My numbers, part by part"), ("bill", "Last month's bill")] />
            <Show when=move || from_bill.get()>
                <Num key="monthly-spend" label="Last month's spend" unit="$" tip="What your provider billed for this feature last month." />
                <Num key="io-ratio" label="Input tokens per output token" unit=": 1" tip="Typical chat apps send 3 to 10 input tokens per output token; RAG and agents more." />
            </Show>
            <Num key="system-tokens" label="System prompt" unit="tokens" tip="Instructions sent with every call. Entering them replaces the “repeated system prompts” factor." />
            <Num key="history-tokens" label="Conversation history" unit="tokens" tip="Earlier turns resent with the call, on average. Entering them replaces the context-reloading and multi-turn factors." />
            <Num key="user-tokens" label="User message" unit="tokens" disabled=from_bill />
            <Num key="context-tokens" label="Retrieved context" unit="tokens" tip="RAG chunks, files or tool results added to the prompt." />
            <Num key="output-tokens" label="Output" unit="tokens" disabled=from_bill />
            <Show when=move || is_bill_config()>
                <p class="derivation" data-testid="bill-derivation">
                    {move || derivation().unwrap_or_else(|| "The derivation appears once the fields are valid.".to_owned())}
                </p>
            </Show>
        </fieldset>

        <CallUnits />

        <fieldset class="panel">
            <legend>"Models"</legend>
            <ModelPick key="projection-model" label="Main model" groups=groups />
            <label class="field grow">
                <span class="field-label">"Other models in the mix " <Tip text="Share of calls served by other models, written id:percent, separated by commas. The main model serves the rest." /></span>
                <input type="text" data-testid="model-mix" placeholder="e.g. gpt-4o-mini:30, claude-haiku-4-5:10"
                    prop:value=move || mix.get() on:input=move |ev| mix.set(event_target_value(&ev))
                    aria-invalid=move || state.error("model-mix").get().is_some().to_string() aria-describedby="model-mix-error" />
                <span class="error" id="model-mix-error" data-testid="model-mix-error" role="alert">{move || state.error("model-mix").get()}</span>
                <span class="hint">{main_share}</span>
            </label>
            <div class="mix-add">
                <ModelPicker label="Add a model" testid="mix-add-model" value=mix_add_model groups=groups
                    empty=Some("Choose…") on_pick=Callback::new(move |id| mix_add_model.set(id)) />
                <label class="field">
                    <span class="field-label">"Share"</span>
                    <span class="with-unit">
                        <input type="text" inputmode="decimal" data-testid="mix-add-share" prop:value=move || mix_add_share.get()
                            on:input=move |ev| mix_add_share.set(event_target_value(&ev)) />
                        <span class="unit">"%"</span>
                    </span>
                </label>
                <button type="button" class="secondary" data-testid="mix-add" on:click=add_to_mix>"Add to mix"</button>
            </div>
        </fieldset>
    }
}
