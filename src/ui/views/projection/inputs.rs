//! The Projection's form controls, each bound to one field of the scenario by its key
//! (which is also its `data-testid`).

use leptos::prelude::*;

use crate::money::catalog::Model;
use crate::ui::price_book::use_price_book;

use super::use_projection;

pub use crate::ui::tip::Tip;

/// A text field for a number, with its unit after it and its message below.
#[component]
pub fn Num(
    /// The field's key and testid.
    key: &'static str,
    /// The visible label.
    label: &'static str,
    /// The unit shown after the input ("tokens", "%", "$").
    #[prop(default = "")]
    unit: &'static str,
    /// An explanation for the tooltip.
    #[prop(optional, into)]
    tip: Option<String>,
    /// Disabled (shown, not used).
    #[prop(optional, into)]
    disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let state = use_projection();
    let value = state.field(key);
    let error = state.error(key);
    let error_id = format!("{key}-error");
    let tip_id = format!("{key}-tip");
    // The field is read with its explanation as well as its message.
    let described_by = if tip.is_some() {
        format!("{error_id} {tip_id}")
    } else {
        error_id.clone()
    };
    let disabled = disabled.unwrap_or_else(|| Signal::derive(|| false));
    view! {
        <label class="field num">
            <span class="field-label">{label}{tip.map(|tip| view! { " " <Tip text=tip id=tip_id /> })}</span>
            <span class="with-unit">
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid=key
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    prop:disabled=move || disabled.get()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=described_by
                />
                <span class="unit">{unit}</span>
            </span>
            <span class="error" id=error_id.clone() data-testid=error_id role="alert">{move || error.get()}</span>
        </label>
    }
}

/// A checkbox bound to an `on`/`off` field.
#[component]
pub fn Toggle(
    /// The field's key and testid.
    key: &'static str,
    /// The visible label.
    label: &'static str,
) -> impl IntoView {
    let value = use_projection().field(key);
    view! {
        <label class="check toggle">
            <input
                type="checkbox"
                data-testid=key
                prop:checked=move || value.with(|value| matches!(value.trim().to_ascii_lowercase().as_str(), "on" | "true" | "1" | "yes"))
                on:change=move |ev| value.set(if event_target_checked(&ev) { "on" } else { "off" }.to_owned())
            />
            <span>{label}</span>
        </label>
    }
}

/// A `<select>` bound to a field, with `(value, label)` options.
#[component]
pub fn Choice(
    /// The field's key and testid.
    key: &'static str,
    /// The visible label.
    label: &'static str,
    /// The options.
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let state = use_projection();
    let value = state.field(key);
    let error = state.error(key);
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <select data-testid=key on:change=move |ev| value.set(event_target_value(&ev))>
                {options.iter().map(|&(option, text)| view! {
                    <option value=option selected=move || value.with(|value| value.trim().eq_ignore_ascii_case(option))>{text}</option>
                }).collect_view()}
            </select>
            <span class="error" data-testid=format!("{key}-error") role="alert">{move || error.get()}</span>
        </label>
    }
}

/// Model options grouped by provider: the makers' current models.
pub type ModelGroups = Vec<(String, Vec<(String, String)>)>;

/// The catalog's first-party models grouped by provider name, in catalog order.
pub fn model_groups() -> Memo<ModelGroups> {
    let book = use_price_book();
    Memo::new(move |_| {
        book.catalog.with(|catalog| {
            let mut groups: ModelGroups = Vec::new();
            for model in catalog.first_party() {
                let entry = (model.id.clone(), model_label(model));
                match groups
                    .iter_mut()
                    .find(|(name, _)| *name == model.provider_name)
                {
                    Some((_, models)) => models.push(entry),
                    None => groups.push((model.provider_name.clone(), vec![entry])),
                }
            }
            groups
        })
    })
}

fn model_label(model: &Model) -> String {
    if model.name == model.id {
        model.name.clone()
    } else {
        format!("{} — {}", model.name, model.id)
    }
}

/// A model picker bound to a field of catalog ids. With `keep`, an empty value means
/// "keep the current model". A value outside the list (from a link) is shown first.
#[component]
pub fn ModelPick(
    /// The field's key and testid.
    key: &'static str,
    /// The visible label.
    label: &'static str,
    /// The options.
    groups: Memo<ModelGroups>,
    /// Offer "keep the current model" (the empty value).
    #[prop(default = false)]
    keep: bool,
) -> impl IntoView {
    let state = use_projection();
    let value = state.field(key);
    let error = state.error(key);
    let book = use_price_book();
    view! {
        <label class="field model-pick">
            <span class="field-label">{label}</span>
            <select data-testid=key on:change=move |ev| value.set(event_target_value(&ev))>
                {move || {
                    let current = value.get();
                    let listed = groups.with(|groups| groups.iter().any(|(_, models)| models.iter().any(|(id, _)| *id == current)));
                    let shown = listed || (keep && current.is_empty());
                    let extra = (!shown).then(|| {
                        let text = book.catalog.with(|catalog| catalog.get(&current).map(model_label))
                            .unwrap_or_else(|| format!("{current} (not in the catalog)"));
                        view! { <option value=current.clone() selected=true>{text}</option> }
                    });
                    let keep_option = keep.then(|| view! {
                        <option value="" selected=current.is_empty()>"Keep the current model"</option>
                    });
                    let options = groups.with(|groups| groups.iter().map(|(provider, models)| {
                        let models = models.iter().map(|(id, text)| {
                            view! { <option value=id.clone() selected=*id == current>{text.clone()}</option> }
                        }).collect_view();
                        view! { <optgroup label=provider.clone()>{models}</optgroup> }
                    }).collect_view());
                    view! { {keep_option}{extra}{options} }
                }}
            </select>
            <span class="error" data-testid=format!("{key}-error") role="alert">{move || error.get()}</span>
        </label>
    }
}

/// A money output: the formatted value, or "—" while there is none.
pub fn dash_or(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_owned())
}
