//! Estimates for models whose tokenizer is not public: the likely range beside the count,
//! and calibration with the count a provider reported (`text::estimate`), kept per model in
//! `burnrate.calibration` (`formats::calibration`) and exported or imported as a file.

use leptos::prelude::*;

use crate::formats::calibration::{self, Calibrations, STORAGE_KEY};
use crate::money::catalog::Model;
use crate::show::money as format;
use crate::text::estimate::{classify, estimate_range, parse_reported, Sample, TextKind};
use crate::text::tokenize::Encoding;
use crate::ui::browser::{download_text, kept_under, load_stored, read_picked_text, store, Stored};
use crate::ui::field::StatusMessage;

/// The share of a long text that decides its kind: the kind changes slowly.
const KIND_SAMPLE_BYTES: usize = 64 * 1024;

/// The estimate of the chosen model's count, shared by the view's panels.
#[derive(Clone, Copy)]
pub struct Estimate {
    /// The chosen model is counted as an estimate (its tokenizer is not public).
    pub is_estimate: Memo<bool>,
    /// The count is an o200k_base count, the one ranges and calibrations are for.
    pub with_o200k: Memo<bool>,
    /// The text's kind, which picks the range.
    pub kind: Memo<TextKind>,
    /// The likely range of the model's real count.
    pub range: Memo<Option<(u64, u64)>>,
    /// The calibrated count, when the model has a calibration.
    pub calibrated: Memo<Option<u64>>,
    /// The count the costs use: the calibrated one when there is one, else the count.
    pub billed: Memo<Option<usize>>,
    /// Every model's calibration.
    pub calibrations: RwSignal<Calibrations>,
    /// What happened to the calibrations last (loading, adding, importing).
    pub status: RwSignal<Option<Result<String, String>>>,
}

impl Estimate {
    /// The estimate of `count` (the text's count with `encoding`) for `model`.
    pub fn new(
        model: Memo<Option<Model>>,
        text: RwSignal<String>,
        encoding: RwSignal<Encoding>,
        count: Memo<Option<usize>>,
    ) -> Estimate {
        let status = RwSignal::new(None);
        let calibrations = RwSignal::new(load(status));
        let is_estimate = Memo::new(move |_| {
            model.with(|model| model.as_ref().is_some_and(|m| m.tokenizer.is_estimate()))
        });
        let with_o200k = Memo::new(move |_| encoding.get().table_name() == "o200k_base");
        let kind = Memo::new(move |_| {
            text.with(|text| classify(crate::text::stats::prefix(text, KIND_SAMPLE_BYTES)))
        });
        let applies = move || is_estimate.get() && with_o200k.get();
        let range = Memo::new(move |_| {
            let count = count.get()?;
            applies().then(|| estimate_range(count as u64, kind.get()))
        });
        let calibrated = Memo::new(move |_| {
            let count = count.get()?;
            if !applies() {
                return None;
            }
            let id = model.with(|model| model.as_ref().map(|m| m.id.clone()))?;
            calibrations.with(|all| {
                all.models
                    .get(&id)
                    .map(|calibration| calibration.calibrated(count as u64))
            })
        });
        let billed = Memo::new(move |_| {
            calibrated
                .get()
                .map(|tokens| usize::try_from(tokens).unwrap_or(usize::MAX))
                .or_else(|| count.get())
        });
        Estimate {
            is_estimate,
            with_o200k,
            kind,
            range,
            calibrated,
            billed,
            calibrations,
            status,
        }
    }

    fn save(self) {
        let json = self.calibrations.with_untracked(calibration::to_json);
        if let Err(problem) = store(STORAGE_KEY, &json) {
            self.status.set(Some(Err(format!(
                "The calibration is in use but could not be saved in this browser ({problem}); export it to keep it."
            ))));
        }
    }
}

fn load(status: RwSignal<Option<Result<String, String>>>) -> Calibrations {
    match load_stored(STORAGE_KEY, calibration::parse) {
        Stored::Nothing => Calibrations::default(),
        Stored::Read(calibrations) => calibrations,
        Stored::Unreadable { problem, aside, .. } => {
            status.set(Some(Err(format!(
                "Your saved calibrations could not be read ({problem}); they are kept under \"{}\" and none is in use.",
                kept_under(&aside, STORAGE_KEY)
            ))));
            Calibrations::default()
        }
    }
}

/// The range (and the calibrated count) beside the Tokens count.
#[component]
pub fn EstimateFigures(estimate: Estimate, model: Memo<Option<Model>>) -> impl IntoView {
    let n = |tokens: u64| format::integer(tokens);
    let name =
        move || model.with(|model| model.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    view! {
        {move || estimate.range.get().map(|(low, high)| view! {
            <dd class="estimate-range" data-testid="token-estimate-range"
                title="Counted with o200k_base. The range is how far the public tokenizers (Llama, Mistral, Qwen, DeepSeek, Gemma, cl100k) and published measurements of Claude's differ from o200k_base on text of this kind; see About and licences.">
                {format!("{}'s count is likely {}–{} ({})", name(), n(low), n(high), estimate.kind.get().slug())}
            </dd>
        })}
        {move || estimate.calibrated.get().map(|tokens| {
            let ratio = estimate.calibrations.with(|all| {
                model.with(|model| model.as_ref().and_then(|m| all.models.get(&m.id)).map(|c| (c.ratio().unwrap_or(1.0), c.samples().len())))
            });
            let (ratio, samples) = ratio.unwrap_or((1.0, 0));
            view! {
                <dd class="calibrated" data-testid="token-calibrated">
                    <span class="badge">"calibrated"</span>
                    {format!(" {}: {} tokens (× {ratio:.3} from {samples} sample{})", name(), n(tokens), if samples == 1 { "" } else { "s" })}
                </dd>
            }
        })}
        {move || (estimate.is_estimate.get() && !estimate.with_o200k.get()).then(|| view! {
            <dd class="hint">"Ranges and calibrations are for o200k_base counts: choose o200k_base to see them."</dd>
        })}
    }
}

/// Calibrating the chosen model's estimates with a provider's count
/// (`data-testid="calibration-panel"`), shown for models counted as estimates.
#[component]
pub fn CalibrationPanel(
    estimate: Estimate,
    model: Memo<Option<Model>>,
    count: Memo<Option<usize>>,
) -> impl IntoView {
    let reported = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<String>);
    let model_id = move || model.with(|model| model.as_ref().map(|m| m.id.clone()));
    let name =
        move || model.with(|model| model.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let add = move || {
        field_error.set(None);
        let Some(id) = model_id() else { return };
        let Some(counted) = count.get_untracked() else {
            field_error.set(Some("Wait for the text's count, then add.".to_owned()));
            return;
        };
        let sample = parse_reported(&reported.get_untracked())
            .and_then(|reported| Sample::new(counted as u64, reported));
        match sample {
            Ok(sample) => {
                estimate
                    .calibrations
                    .update(|all| all.models.entry(id).or_default().add(sample));
                estimate.save();
                reported.set(String::new());
                estimate.status.set(Some(Ok(format!(
                    "Added: {} reported {} tokens for a text of {} o200k_base tokens.",
                    name(),
                    format::integer(sample.reported()),
                    format::integer(sample.counted())
                ))));
            }
            Err(error) => field_error.set(Some(format!("{}.", capitalized(&error.to_string())))),
        }
    };
    let forget = move |_| {
        let Some(id) = model_id() else { return };
        estimate.calibrations.update(|all| {
            all.models.remove(&id);
        });
        estimate.save();
        estimate
            .status
            .set(Some(Ok(format!("{}'s calibration is forgotten.", name()))));
    };
    let export = move |_| {
        let json = estimate.calibrations.with_untracked(calibration::to_json);
        if let Err(problem) = download_text("burnrate-calibration.json", "application/json", &json)
        {
            estimate.status.set(Some(Err(problem)));
        }
    };
    let import = move |ev: leptos::ev::Event| {
        read_picked_text(&ev, move |read| {
            let result = read.and_then(|text| {
                calibration::parse(&text).map_err(|e| format!("The file could not be read: {e}"))
            });
            match result {
                Ok(imported) => {
                    let models = imported.models.len();
                    estimate
                        .calibrations
                        .update(|all| all.models.extend(imported.models));
                    estimate.save();
                    estimate.status.set(Some(Ok(format!(
                        "Imported the calibrations of {models} model{}.",
                        if models == 1 { "" } else { "s" }
                    ))));
                }
                Err(problem) => estimate.status.set(Some(Err(problem))),
            }
        });
    };
    let samples = move || {
        estimate.calibrations.with(|all| {
            model_id().and_then(|id| all.models.get(&id).map(|c| (c.samples().len(), c.ratio())))
        })
    };
    view! {
        <Show when=move || estimate.is_estimate.get()>
            <details class="calibration-panel" data-testid="calibration-panel">
                <summary>{move || format!("Calibrate {}'s estimate with a count from the provider", name())}</summary>
                <p class="hint">
                    "Send this text to the provider and enter the input tokens it reported (an API response's "
                    <code>"usage"</code>
                    ", or a token-count endpoint). Burnrate keeps the ratio of reported to counted tokens for this model, in this browser, and applies it to later counts."
                </p>
                <form class="calibration-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); add(); }>
                    <label class="field">
                        <span>{move || format!("Input tokens {} reported for this text", name())}</span>
                        <input type="text" inputmode="numeric" data-testid="calibration-reported"
                            aria-invalid=move || field_error.with(Option::is_some).to_string()
                            aria-describedby="calibration-error"
                            prop:value=move || reported.get() on:input=move |ev| reported.set(event_target_value(&ev)) />
                        <span class="error" id="calibration-error" data-testid="calibration-error" role="alert">{move || field_error.get()}</span>
                    </label>
                    <button type="submit" data-testid="calibration-add" disabled=move || !estimate.with_o200k.get()>"Add"</button>
                </form>
                <p data-testid="calibration-ratio">
                    {move || match samples() {
                        Some((count, Some(ratio))) => format!(
                            "{}: × {ratio:.3} ({} tokens reported per 1,000 counted), from {count} sample{}.",
                            name(), format::integer((ratio * 1000.0).round() as u64), if count == 1 { "" } else { "s" }
                        ),
                        _ => format!("{} has no calibration yet.", name()),
                    }}
                </p>
                <div class="button-row">
                    <button type="button" class="secondary" data-testid="calibration-clear" on:click=forget disabled=move || samples().is_none()>"Forget this model's calibration"</button>
                    <button type="button" class="secondary" data-testid="calibration-export" on:click=export disabled=move || estimate.calibrations.with(|all| all.models.is_empty())>"Export calibrations"</button>
                    <label class="button secondary">
                        "Import calibrations"
                        <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="calibration-import" on:change=import />
                    </label>
                </div>
                <p role="status" data-testid="calibration-status"><StatusMessage status=estimate.status /></p>
            </details>
        </Show>
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
