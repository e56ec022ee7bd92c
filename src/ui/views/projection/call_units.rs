//! The units of a call beyond its text: reasoning tokens (with the suggested budgets for
//! a reasoning model), tool-definition tokens and image inputs, each bound to its field.

use leptos::prelude::*;

use crate::models::projection::units::{
    reads_detail, REASONING_BUDGETS, REASONING_BUDGETS_SOURCE, REASONING_BUDGETS_URL,
};
use crate::show::number::tokens;
use crate::ui::price_book::use_price_book;

use super::inputs::{Choice, Num};
use super::use_projection;

/// The reasoning, tools and images fieldset.
#[component]
pub fn CallUnits() -> impl IntoView {
    let state = use_projection();
    let book = use_price_book();
    let model_id = state.field("projection-model");
    let reasoning = state.field("reasoning-tokens");
    let image_count = state.field("image-count");
    let from_bill = Signal::derive({
        let input_mode = state.field("input-mode");
        move || input_mode.with(|mode| mode.trim() == "bill")
    });
    // The main model's name, and whether it reasons, from the catalog.
    let main_model = move || {
        let id = model_id.get();
        book.catalog.with(|catalog| {
            catalog
                .get(id.trim())
                .map(|model| (model.name.clone(), model.reasoning, reads_detail(model)))
        })
    };
    let suggest = move || {
        let (name, reasoning_model, _) = main_model()?;
        reasoning_model.then(|| {
            let buttons = REASONING_BUDGETS
                .iter()
                .map(|budget| {
                    let value = budget.tokens.to_string();
                    view! {
                        <button type="button" class="secondary"
                            data-testid=format!("reasoning-suggest-{}", budget.effort)
                            on:click=move |_| reasoning.set(value.clone())>
                            {format!("{} effort: {}", budget.effort, tokens(budget.tokens as f64))}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <p class="hint suggest" data-testid="reasoning-suggest">
                    {format!("{name} is a reasoning model. Budgets per effort level, to apply if they fit your calls: ")}
                    {buttons}
                    " Source: "
                    <a href=REASONING_BUDGETS_URL target="_blank" rel="noopener">{REASONING_BUDGETS_SOURCE}</a>
                    ". A budget is a ceiling: calls often use less; your usage log's reasoning tokens are the better figure."
                </p>
            }
        })
    };
    let has_images = move || {
        image_count.with(|count| count.trim().parse::<f64>().is_ok_and(|count| count > 0.0))
    };
    let shows_detail = move || main_model().is_none_or(|(_, _, detail)| detail);
    let image_tokens = move || {
        state
            .with_projection(|projection| projection.images.map_or(0.0, |pricing| pricing.per_call))
            .map(tokens)
            .unwrap_or_else(|| "—".to_owned())
    };
    let image_note = move || {
        state
            .with_projection(|projection| {
                let pricing = projection.images?;
                let name = main_model().map_or_else(String::new, |(name, _, _)| name);
                let mut note = pricing.describe(projection.shape.images.count, &name);
                note.push_str(
                    ". Other models of the mix and routed calls count by their own rule.",
                );
                Some(note)
            })
            .flatten()
    };

    view! {
        <fieldset class="panel">
            <legend>"Reasoning, tools and images"</legend>
            <Num key="reasoning-tokens" label="Reasoning" unit="tokens"
                tip="Hidden reasoning (“thinking”) tokens per call, billed at the output price. From the bill they are part of the output the bill implies." />
            {suggest}
            <Num key="tool-tokens" label="Tool definitions" unit="tokens"
                tip="The tools (functions) sent with every call: input tokens, and part of the prefix a provider's prompt cache can hold. Not shrunk by prompt compression." />
            <Num key="image-count" label="Images per call" unit="images"
                tip="Image inputs per call, on average (0.5 = every other call). Counted in input tokens by the model's image rule." />
            <Show when=has_images>
                <Num key="image-width" label="Image width" unit="px" />
                <Num key="image-height" label="Image height" unit="px" />
                <Show when=shows_detail>
                    <Choice key="image-detail" label="Image detail" options=&[("auto", "auto (priced as high)"), ("high", "high"), ("low", "low")] />
                </Show>
            </Show>
            <p class="derivation">
                "Image tokens per call: " <span data-testid="image-tokens">{image_tokens}</span>
                <Show when=has_images>
                    <span class="hint" data-testid="image-rule">{move || image_note().map(|note| format!(" — {note}"))}</span>
                </Show>
            </p>
            <Show when=move || from_bill.get()>
                <p class="hint">"From the bill, reasoning tokens are taken out of the derived output, and tools and images out of the derived input."</p>
            </Show>
        </fieldset>
    }
}
