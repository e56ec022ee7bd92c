//! Form pieces shared by the views.

use leptos::prelude::*;

use crate::form;
use crate::ui::price_book::use_price_book;

/// A labelled one-line text field holding the user's raw text, with its error message
/// beside it. The input carries `data-testid=<testid>`; the message
/// `data-testid=<testid>-error`, and the input points to it with `aria-describedby`.
#[component]
pub fn TextField(
    /// The visible label.
    label: &'static str,
    /// The input's `data-testid`.
    testid: &'static str,
    /// The raw text.
    value: RwSignal<String>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The on-screen keyboard to offer: `text`, `numeric` or `decimal`.
    #[prop(default = "text")]
    inputmode: &'static str,
) -> impl IntoView {
    let error_id = format!("{testid}-error");
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type="text"
                inputmode=inputmode
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <span class="error" id=error_id.clone() data-testid=error_id role="alert">{move || error.get()}</span>
        </label>
    }
}

/// A one-line outcome: `Ok` in muted text, `Err` in the error colour. Nothing for `None`.
#[component]
pub fn StatusMessage(
    /// The outcome to show.
    #[prop(into)]
    status: Signal<Option<Result<String, String>>>,
) -> impl IntoView {
    move || {
        status.get().map(|status| match status {
            Ok(message) => view! { <span class="ok">{message}</span> }.into_any(),
            Err(message) => view! { <span class="error">{message}</span> }.into_any(),
        })
    }
}

/// The message for a whole-number field, or `None` while it is valid.
pub fn whole_number_error(value: RwSignal<String>, label: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        form::whole_number(&value.get(), label)
            .err()
            .map(|error| error.to_string())
    })
}

/// A labelled `<select>` of the makers' current models, each shown as "Name (Provider)".
/// `value` holds the chosen catalog id.
#[component]
pub fn ModelSelect(
    /// The visible label.
    label: &'static str,
    /// The select's `data-testid`.
    testid: &'static str,
    /// The chosen catalog id.
    value: RwSignal<String>,
) -> impl IntoView {
    let book = use_price_book();
    view! {
        <label class="field">
            <span>{label}</span>
            <select data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                {move || {
                    let current = value.get();
                    book.catalog.with(|catalog| {
                        catalog
                            .first_party()
                            .map(|model| {
                                let selected = model.id == current;
                                view! {
                                    <option value=model.id.clone() selected=selected>
                                        {format!("{} ({})", model.name, model.provider_name)}
                                    </option>
                                }
                            })
                            .collect_view()
                    })
                }}
            </select>
        </label>
    }
}
