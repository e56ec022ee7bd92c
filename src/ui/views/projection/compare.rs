//! Two scenarios side by side: the current one and the saved ones.

use leptos::prelude::*;

use crate::formats::scenario::{validate, ScenarioForm};
use crate::models::projection::{project, Projection};
use crate::show::number::{months, pct, tokens, usd};
use crate::ui::price_book::use_price_book;

use super::saved::SavedStore;
use super::use_projection;

/// The value of a compare select that stands for the current scenario.
const CURRENT: &str = "";

/// One row of the comparison: its label, how to show a value, and whether a difference
/// (B − A) means something.
struct Row {
    label: &'static str,
    value: fn(&Projection) -> Option<f64>,
    show: fn(f64) -> String,
}

const ROWS: &[Row] = &[
    Row {
        label: "Calls per month",
        value: |p| Some(p.calls_per_month),
        show: tokens,
    },
    Row {
        label: "Naive monthly cost",
        value: |p| Some(p.naive),
        show: usd,
    },
    Row {
        label: "True monthly cost",
        value: |p| Some(p.baseline),
        show: usd,
    },
    Row {
        label: "Optimized monthly cost",
        value: |p| Some(p.optimized),
        show: usd,
    },
    Row {
        label: "Monthly savings",
        value: |p| Some(p.savings),
        show: usd,
    },
    Row {
        label: "Savings %",
        value: |p| p.savings_fraction,
        show: pct,
    },
    Row {
        label: "Investment",
        value: |p| Some(p.investment),
        show: usd,
    },
    Row {
        label: "Payback (months)",
        value: |p| p.payback_months,
        show: months,
    },
    Row {
        label: "Savings over the horizon",
        value: |p| Some(p.horizon_savings),
        show: usd,
    },
];

/// Pick two scenarios; see their figures side by side with the difference.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let state = use_projection();
    let store = use_context::<SavedStore>().expect("ProjectionView provides the saved store");
    let book = use_price_book();
    let a = RwSignal::new(CURRENT.to_owned());
    let b = RwSignal::new(String::new());
    let form_of = move |choice: &str| -> Option<ScenarioForm> {
        if choice == CURRENT {
            Some(state.form.get())
        } else {
            store.list.with(|list| {
                list.iter()
                    .find(|saved| saved.name == choice)
                    .map(|saved| saved.form.clone())
            })
        }
    };
    let projection_of = move |choice: RwSignal<String>| {
        Memo::new(move |_| {
            let form = form_of(&choice.get())?;
            book.catalog.with(|catalog| {
                let config = validate(&form, &|id| catalog.get(id).is_some()).config?;
                project(&config, catalog).ok()
            })
        })
    };
    let first = projection_of(a);
    let second = projection_of(b);
    let options = move |selected: RwSignal<String>| {
        let names: Vec<String> = store
            .list
            .with(|list| list.iter().map(|saved| saved.name.clone()).collect());
        let current = selected.get();
        let mut views = vec![
            view! { <option value=CURRENT selected=current.is_empty()>"Current scenario"</option> }
                .into_any(),
        ];
        views.extend(names.into_iter().map(|name| {
            let is = name == current;
            let value = name.clone();
            view! { <option value=value selected=is>{name}</option> }.into_any()
        }));
        views
    };
    let table = move || {
        let (Some(first), Some(second)) = (first.get(), second.get()) else {
            return view! { <p class="hint">"Save a scenario (or two) to compare it with the current one. Both must be valid."</p> }.into_any();
        };
        let rows = ROWS.iter().map(|row| {
            let (x, y) = ((row.value)(&first), (row.value)(&second));
            let cell = |value: Option<f64>| value.map_or_else(|| "—".to_owned(), row.show);
            let difference = match (x, y) {
                (Some(x), Some(y)) => (row.show)(y - x),
                _ => "—".to_owned(),
            };
            view! { <tr><th scope="row">{row.label}</th><td class="num">{cell(x)}</td><td class="num">{cell(y)}</td><td class="num">{difference}</td></tr> }
        }).collect_view();
        view! {
            <div class="scroll-x">
                <table class="data-table" data-testid="compare-table">
                    <thead><tr><th></th><th class="num">"A"</th><th class="num">"B"</th><th class="num">"B − A"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }.into_any()
    };
    view! {
        <section class="compare-scenarios" aria-labelledby="compare-title">
            <h2 id="compare-title">"Compare scenarios"</h2>
            <div class="actions">
                <label class="field"><span class="field-label">"A"</span>
                    <select data-testid="compare-a" on:change=move |ev| a.set(event_target_value(&ev))>{move || options(a)}</select>
                </label>
                <label class="field"><span class="field-label">"B"</span>
                    <select data-testid="compare-b" on:change=move |ev| b.set(event_target_value(&ev))>{move || options(b)}</select>
                </label>
            </div>
            {table}
        </section>
    }
}
