//! The hidden-cost factors: naive vs true cost.

use leptos::prelude::*;

use crate::formats::scenario::overhead_key;
use crate::models::projection::Overhead;

use super::inputs::Num;
use super::use_projection;

/// The overhead factors, each with whether it is in effect.
#[component]
pub fn HiddenCosts() -> impl IntoView {
    let state = use_projection();
    view! {
        <fieldset class="panel hidden-costs">
            <legend>"Hidden costs"</legend>
            <p class="hint">"The article's overhead factors, added to the naive cost: true = naive × (1 + the factors in effect). A factor stops counting when you enter the figure it estimates, so nothing is counted twice."</p>
            {Overhead::ALL.iter().map(|&factor| {
                let key = overhead_key(factor);
                let status = move || state.with_projection(|projection| {
                    projection.factors.iter().find(|status| status.factor == factor).map(|status| status.replaced_by)
                }).flatten();
                view! {
                    <div class="factor">
                        <Num key=key label=factor.label() unit="%" tip=factor.explanation() />
                        <span class="factor-status" data-testid=format!("{key}-status")>
                            {move || match status() {
                                Some(Some(by)) => view! { <span class="muted">{format!("Not in effect: counted in {by}.")}</span> }.into_any(),
                                Some(None) => view! { <span class="in-effect">"In effect"</span> }.into_any(),
                                None => view! { <span class="muted">"—"</span> }.into_any(),
                            }}
                        </span>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
