//! The Projection's form controls, each bound to one field of the scenario by its key
//! (which is also its `data-testid`).

use leptos::prelude::*;

use crate::money::catalog::current::PickerGroup;
use crate::ui::field::{picker_groups, ModelPicker};

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

/// Model options: the current models first, then by provider (the core's
/// [`crate::money::catalog::current::picker_groups`]).
pub type ModelGroups = Vec<PickerGroup>;

/// The model pickers' options, from the catalog with the user's overrides.
pub fn model_groups() -> Memo<ModelGroups> {
    picker_groups()
}

/// A model picker bound to a field of catalog ids, with a search box
/// (`<key>-search`, [`ModelPicker`]). With `keep`, an empty value means "keep the current
/// model". A value outside the list (from a link) is shown first.
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
    view! {
        <div class="model-pick">
            <ModelPicker label=label testid=key value=value groups=groups
                empty=if keep { Some("Keep the current model") } else { None }
                on_pick=Callback::new(move |id| value.set(id)) />
            <span class="error" data-testid=format!("{key}-error") role="alert">{move || error.get()}</span>
        </div>
    }
}

/// A money output: the formatted value, or "—" while there is none.
pub fn dash_or(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_owned())
}
