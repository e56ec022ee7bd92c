//! A model's long-context tiers, service-tier prices and reasoning badge, as the table row
//! and the comparison show them. The words come from the core ([`PriceTier::summary`],
//! [`Prices::service_tier_summaries`]); this only lays them out.
//!
//! [`PriceTier::summary`]: crate::money::catalog::PriceTier::summary
//! [`Prices::service_tier_summaries`]: crate::money::catalog::Prices::service_tier_summaries

use leptos::prelude::*;

use crate::money::catalog::Model;

/// The tooltip of the Tiers column and of the comparison's tiers.
pub const TIERS_TITLE: &str = "Long-context tiers: input / output price per 1M tokens of a call whose input is above the threshold (the whole call is billed at the tier's prices). Below: service-tier prices per 1M tokens (OpenAI's flex and priority processing) where the data has them.";

/// What the reasoning badge's tooltip says.
const REASONING_TITLE: &str = "A reasoning model: it can spend hidden reasoning (thinking) tokens on a call, billed as output tokens. Add them to the output tokens to price them.";

/// `<prefix>-tiers-<testid>`: the tiers ("above 200,000: $6 / $22.50; …", or "—"), and
/// `<prefix>-service-tiers-<testid>` under it when the model has flex or priority prices.
#[component]
pub fn ModelTiers(
    /// The model.
    model: Model,
    /// The model's testid part (`formats::dom::model_testid`).
    testid: String,
    /// `model` in the table, `compare` in the comparison.
    prefix: &'static str,
) -> impl IntoView {
    let tiers: Vec<String> = model
        .tiers
        .iter()
        .map(|tier| tier.summary(&model.prices))
        .collect();
    let tiers = if tiers.is_empty() {
        "—".to_owned()
    } else {
        tiers.join("; ")
    };
    let service = model.prices.service_tier_summaries();
    view! {
        <span class="tiers" title=TIERS_TITLE data-testid=format!("{prefix}-tiers-{testid}")>{tiers}</span>
        {(!service.is_empty()).then(|| view! {
            <br />
            <span class="service-tiers muted" title=TIERS_TITLE data-testid=format!("{prefix}-service-tiers-{testid}")>
                {service.join("; ")}
            </span>
        })}
    }
}

/// The "Reasoning" badge, with a tooltip that says what it means for the bill.
#[component]
pub fn ReasoningBadge(
    /// Its `data-testid`.
    testid: String,
) -> impl IntoView {
    view! {
        <span class="badge reasoning" title=REASONING_TITLE data-testid=testid>"Reasoning"</span>
    }
}
