//! "How is this calculated?": every formula with the scenario's numbers.

use leptos::prelude::*;

use super::use_projection;

/// The formulas, in the order they are computed.
#[component]
pub fn Formulas() -> impl IntoView {
    let state = use_projection();
    let items = move || {
        state.with_projection(|projection| {
            projection
                .formulas
                .iter()
                .map(|formula| {
                    view! {
                        <div class="formula">
                            <dt>{formula.title.clone()}</dt>
                            <dd>{formula.with_numbers.clone()}</dd>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details class="formulas" data-testid="formulas">
            <summary>"How is this calculated?"</summary>
            <p class="hint">"Prices are per million tokens (1M), from the catalog on the Models view (with your overrides). Levers are applied in the order listed; each line shows the monthly cost before and after it."</p>
            <dl>{items}</dl>
        </details>
    }
}
