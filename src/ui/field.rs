//! Form pieces shared by the views.

use leptos::prelude::*;

use crate::form;
use crate::money::catalog::current::{self, PickerGroup, PickerOption};
use crate::ui::price_book::{use_price_book, CatalogState};

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

/// The model pickers' options, from the price book's catalog, in the core's order
/// ([`current::picker_groups`]).
pub fn picker_groups() -> Memo<Vec<PickerGroup>> {
    let book = use_price_book();
    Memo::new(move |_| book.catalog.with(current::picker_groups))
}

/// A model picker: a search box, then a `<select>` of models with catalog ids as values.
///
/// The select (`data-testid=<testid>`) holds every maker's model and the user's own, in
/// the core's order (current models newest first, then by provider). Legacy and
/// deprecated models, and those the search filters out, stay in it with the `hidden`
/// attribute, so that setting the select to any id (as Playwright's `selectOption` does)
/// still works; the chosen option is never hidden. The search box
/// (`data-testid=<testid>-search`) matches every word against name, id and provider;
/// Escape clears it. Beside it, `<testid>-search-count` says "n of N models" or "No model
/// matches". A value not among the options (from a link) is shown first, as it is.
#[component]
pub fn ModelPicker(
    /// The visible label.
    label: &'static str,
    /// The select's `data-testid`.
    testid: &'static str,
    /// The chosen catalog id.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the id picked.
    on_pick: Callback<String>,
    /// The options ([`picker_groups`]).
    #[prop(into)]
    groups: Signal<Vec<PickerGroup>>,
    /// The text of a first option whose value is empty ("Keep the current model",
    /// "Choose…"), if the picker offers one.
    #[prop(default = None)]
    empty: Option<&'static str>,
    /// Classes added to the wrapper's `field`.
    #[prop(default = "")]
    class: &'static str,
) -> impl IntoView {
    let book = use_price_book();
    let search = RwSignal::new(String::new());
    let select_id = format!("{testid}-picker");
    let count = move || groups.with(|groups| current::picker_count(groups, &search.get()));
    view! {
        <div class=format!("field model-picker {class}")>
            <label class="field-label" for=select_id.clone()>{label}</label>
            <input
                type="search"
                data-testid=format!("{testid}-search")
                aria-label=format!("Search models ({label})")
                placeholder="Search models"
                autocomplete="off"
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && !search.with_untracked(String::is_empty) {
                        ev.prevent_default();
                        search.set(String::new());
                    }
                    // Enter picks the first model the search shows, as a search box's
                    // first result is picked elsewhere.
                    if ev.key() == "Enter" && !search.with_untracked(String::is_empty) {
                        ev.prevent_default();
                        let query = search.get_untracked();
                        let first = groups.with_untracked(|groups| {
                            groups
                                .iter()
                                .flat_map(|group| &group.options)
                                .find(|option| option.matches(&query))
                                .map(|option| option.id.clone())
                        });
                        if let Some(id) = first {
                            on_pick.run(id);
                        }
                    }
                }
            />
            <select id=select_id data-testid=testid on:change=move |ev| on_pick.run(event_target_value(&ev))>
                {move || {
                    let current = value.get();
                    let listed = groups.with(|groups| groups.iter().any(|group| group.options.iter().any(|option| option.id == current)));
                    let extra = (!listed && !current.is_empty()).then(|| {
                        let text = book.catalog.with_untracked(|catalog| catalog.get(&current).map(|model| current::picker_label(model, true)))
                            .unwrap_or_else(|| if book.state.get() == CatalogState::Loading {
                                format!("{current} (loading prices…)")
                            } else {
                                format!("{current} (not in the catalog)")
                            });
                        view! { <option value=current.clone() selected=true>{text}</option> }
                    });
                    let empty_option = empty.map(|text| view! { <option value="" selected=current.is_empty()>{text}</option> });
                    let options = groups.get().into_iter().map(|group| {
                        let has_chosen = group.options.iter().any(|option| option.id == current);
                        let members: Vec<PickerOption> = group.options.clone();
                        let group_hidden = move || !has_chosen && search.with(|query| !members.iter().any(|option| option.matches(query)));
                        let options = group.options.into_iter().map(|option| {
                            let chosen = option.id == current;
                            let id = option.id.clone();
                            let text = option.label.clone();
                            let hidden = move || !chosen && search.with(|query| !option.matches(query));
                            view! { <option value=id selected=chosen hidden=hidden>{text}</option> }
                        }).collect_view();
                        view! { <optgroup label=group.label hidden=group_hidden>{options}</optgroup> }
                    }).collect_view();
                    view! { {empty_option}{extra}{options} }
                }}
            </select>
            <span class="hint" data-testid=format!("{testid}-search-count") aria-live="polite">{count}</span>
        </div>
    }
}

/// A labelled model picker ([`ModelPicker`]) bound to a signal of catalog ids.
#[component]
pub fn ModelSelect(
    /// The visible label.
    label: &'static str,
    /// The select's `data-testid`.
    testid: &'static str,
    /// The chosen catalog id.
    value: RwSignal<String>,
) -> impl IntoView {
    let groups = picker_groups();
    view! {
        <ModelPicker label=label testid=testid value=value groups=groups on_pick=Callback::new(move |id| value.set(id)) />
    }
}
