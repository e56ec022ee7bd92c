//! The user's own prices: add a custom model, export, import and reset.

use leptos::prelude::*;

use crate::formats::route::View;
use crate::ui::kept::kept;

use crate::form;
use crate::formats::overrides;
use crate::money::catalog::{CapabilityTier, Model, Origin, Prices};
use crate::ui::browser::{download_text, read_picked_text};
use crate::ui::field::{StatusMessage, TextField};
use crate::ui::price_book::use_price_book;

/// The panel under the table.
#[component]
pub fn OverridesPanel() -> impl IntoView {
    let book = use_price_book();
    let status = RwSignal::new(None::<Result<String, String>>);
    let confirming_reset = RwSignal::new(false);
    let count = move || {
        book.overrides
            .with(|overrides| overrides.edits.len() + overrides.custom.len())
    };

    let export = move |_| {
        let json = book.overrides.with(overrides::to_json);
        match download_text("burnrate-price-overrides.json", "application/json", &json) {
            Ok(()) => status.set(Some(Ok("Exported your price overrides.".into()))),
            Err(problem) => status.set(Some(Err(format!("Export failed: {problem}")))),
        }
    };
    let import = move |ev: leptos::ev::Event| {
        read_picked_text(&ev, move |result| match result {
            Ok(text) => match overrides::parse(&text) {
                Ok(imported) => {
                    let summary = format!(
                        "Imported {} edited price(s) and {} custom model(s).",
                        imported.edits.len(),
                        imported.custom.len()
                    );
                    book.overrides.set(imported);
                    status.set(Some(Ok(summary)));
                }
                Err(error) => status.set(Some(Err(format!(
                    "Nothing was imported: {error}. Your current prices are unchanged."
                )))),
            },
            Err(problem) => status.set(Some(Err(format!("Nothing was imported: {problem}.")))),
        });
    };
    let download_unreadable = move |_| {
        if let Some(raw) = book.unreadable.get() {
            let _ = download_text(
                "burnrate-unreadable-price-overrides.json",
                "application/json",
                &raw,
            );
        }
    };

    view! {
        <section class="overrides" aria-labelledby="overrides-title">
            <h2 id="overrides-title">"Your prices"</h2>
            <p class="hint">
                "Edit any price with its Edit button, or add a model of your own (self-hosted, or a negotiated price). Your prices are saved in this browser and used by every view."
            </p>
            <CustomModelForm status=status />
            <div class="actions">
                <button type="button" class="secondary" data-testid="catalog-export" on:click=export>
                    "Export my prices (JSON)"
                </button>
                <label class="button secondary">
                    "Import prices (JSON)"
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="catalog-import" on:change=import />
                </label>
                <Show
                    when=move || confirming_reset.get()
                    fallback=move || view! {
                        <button type="button" class="secondary" data-testid="catalog-reset" disabled=move || count() == 0 on:click=move |_| confirming_reset.set(true)>
                            "Reset to shipped prices"
                        </button>
                    }
                >
                    <span class="confirm" role="group" aria-label="Confirm reset">
                        {move || format!("Discard your {} override(s)?", count())}
                        <button type="button" class="danger" data-testid="catalog-reset-confirm" on:click=move |_| {
                            book.overrides.set(Default::default());
                            confirming_reset.set(false);
                            status.set(Some(Ok("Shipped prices restored.".into())));
                        }>"Yes, reset"</button>
                        <button type="button" class="secondary" data-testid="catalog-reset-cancel" on:click=move |_| confirming_reset.set(false)>"Cancel"</button>
                    </span>
                </Show>
                {move || book.unreadable.get().map(|_| view! {
                    <button type="button" class="secondary" data-testid="catalog-download-unreadable" on:click=download_unreadable>
                        "Download the unreadable saved data"
                    </button>
                })}
            </div>
            <p class="status-line" data-testid="catalog-import-status" role="status">
                <StatusMessage status=status />
            </p>
        </section>
    }
}

/// Adds a custom model.
#[component]
fn CustomModelForm(
    /// Where to report the result.
    status: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let book = use_price_book();
    let id = kept(
        View::Models,
        "custom-model-id",
        "the custom model id",
        String::new,
    );
    let name = kept(
        View::Models,
        "custom-model-name",
        "the custom model name",
        String::new,
    );
    let input = kept(
        View::Models,
        "custom-model-input",
        "the custom model input price",
        String::new,
    );
    let output = kept(
        View::Models,
        "custom-model-output",
        "the custom model output price",
        String::new,
    );
    let cache_read = kept(
        View::Models,
        "custom-model-cache-read",
        "the custom model cache price",
        String::new,
    );
    let submitted = RwSignal::new(false);

    let id_check = move || {
        let id = id.get();
        book.catalog
            .with(|catalog| catalog.check_new_custom_id(&id))
            .map(|()| id.trim().to_owned())
            .map_err(|error| error.to_string())
    };
    let input_check = move || form::price(&input.get(), "input price");
    let output_check = move || form::price(&output.get(), "output price");
    let cache_check = move || form::optional_price(&cache_read.get(), "cached price");
    let shown = move |error: Option<String>| if submitted.get() { error } else { None };

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        let (Ok(model_id), Ok(input_price), Ok(output_price), Ok(cache_price)) =
            (id_check(), input_check(), output_check(), cache_check())
        else {
            return;
        };
        let display = Some(name.get().trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| model_id.clone());
        let model = Model {
            id: model_id.clone(),
            provider: "custom".into(),
            provider_name: "Custom".into(),
            model: model_id.clone(),
            name: display,
            prices: Prices {
                input: input_price,
                output: output_price,
                cache_read: cache_price,
                cache_write_5m: None,
                cache_write_1h: None,
                batch_input: None,
                batch_output: None,
                flex_input: None,
                flex_output: None,
                flex_cache_read: None,
                priority_input: None,
                priority_output: None,
                priority_cache_read: None,
            },
            tiers: Vec::new(),
            context_window: None,
            max_output: None,
            tokenizer: crate::money::catalog::ModelTokenizer::Estimate,
            tier: CapabilityTier::Balanced,
            deprecated: false,
            reasoning: false,
            origin: Origin::Custom,
        };
        book.overrides
            .update(|overrides| overrides.custom.push(model));
        status.set(Some(Ok(format!("Added \"{model_id}\"."))));
        for field in [id, name, input, output, cache_read] {
            field.set(String::new());
        }
        submitted.set(false);
    };

    view! {
        <form class="custom-model" on:submit=add>
            <fieldset>
                <legend>"Add a model (prices in US dollars per million tokens)"</legend>
                <TextField label="Model id" testid="custom-model-id" inputmode="text" value=id error=Signal::derive(move || shown(id_check().err())) />
                <TextField label="Name (optional)" testid="custom-model-name" inputmode="text" value=name error=Signal::derive(|| None::<String>) />
                <TextField label="Input price" testid="custom-model-input" inputmode="decimal" value=input error=Signal::derive(move || shown(input_check().err().map(|e| e.to_string()))) />
                <TextField label="Output price" testid="custom-model-output" inputmode="decimal" value=output error=Signal::derive(move || shown(output_check().err().map(|e| e.to_string()))) />
                <TextField label="Cached input price (optional)" testid="custom-model-cache-read" inputmode="decimal" value=cache_read error=Signal::derive(move || shown(cache_check().err().map(|e| e.to_string()))) />
                <button type="submit" data-testid="custom-model-add">"Add model"</button>
            </fieldset>
        </form>
    }
}
