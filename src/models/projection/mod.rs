//! The projection: a month of LLM traffic, what it really costs, and what each lever saves.
//!
//! Owns: the formulas below. Takes a validated [`ScenarioConfig`] and the [`Catalog`];
//! returns a plain [`Projection`].
//! Must not know: text fields, URLs, storage or the DOM.
//!
//! # Formulas
//! Prices are the catalog's, per million tokens (M). For each model of the mix:
//! - **calls per month** N = calls, or conversations × turns;
//! - **cost per call** c = input tokens × input price / M + output tokens × output price / M,
//!   where input = system + history + user + context + tools + images and output = output +
//!   reasoning (see [`CallShape::input_on`] and [`CallShape::billed_output`]): tool
//!   definitions are input sent with every call, image inputs are input tokens by the
//!   model's image rule (`money::images`), and hidden reasoning tokens are billed as output.
//!   The mix's cost per call is Σ share × c (the main model's share is 1 − the others').
//!   So naive, true and optimized cost all include tools, images and reasoning;
//! - **naive** = N × cost per call;
//! - **true (baseline)** = naive × (1 + Σ factors in effect). A factor is replaced (not in
//!   effect) when the figure it estimates is entered: history tokens replace context
//!   reloading; history tokens or a volume given as conversations × turns replace
//!   multi-turn accumulation; system tokens replace repeated system prompts. When tokens
//!   come from the bill, no factor is in effect: the bill already includes them;
//! - **from the bill**: cost per call = spend / N; with r input tokens per output token,
//!   output tokens = cost per call / Σ share × (r × input price + output price) × M, input
//!   = r × output, and the user message = input − system − history − context − tools −
//!   images. The bill's output tokens include reasoning (OpenAI counts reasoning tokens in
//!   `completion_tokens`, Anthropic in `output_tokens`), so r is input per *billed* output
//!   token and the reasoning tokens per call, when given, are taken out of the derived
//!   output: visible output = output − reasoning. Image tokens depend on the model: the
//!   input r × output is the main model's, and a model of the mix whose image rule gives
//!   Δ more image tokens per call pays for them, so the derivation solves
//!   cost per call = Σ share × ((r × output + Δ) × input price + output × output price) / M;
//! - **the levers and the new units**: the response cache removes whole calls (every part
//!   of them); context management changes the history only; compression the system prompt
//!   only (not tools, images or reasoning); routing sends every part of a call to the other
//!   model, images re-counted by that model's image rule; the batch API discounts the
//!   billed output, reasoning included, at the batch output price; retries repeat every
//!   part. Tool tokens do not replace the repeated-system-prompt factor: they are a figure
//!   of their own, and the factor stands for the system prompt until it is entered;
//! - **levers** are applied one after another in [`Lever::ORDER`], each transforming the
//!   month (see `levers` and `state` for each formula); lever i's saving is the monthly
//!   cost before it minus the cost after it, so the savings add up exactly to
//!   baseline − optimized, and a lever that costs more than it saves shows a negative
//!   saving. A lever that is off changes nothing;
//! - **optimized** = the monthly cost after the last lever; **savings** = baseline −
//!   optimized, and savings % = savings / baseline;
//! - the months ahead, payback, ROI and roadmap: see `timeline`.

pub mod charts;
pub mod config;
pub mod levers;
pub mod prompt_cache;
pub mod service_tier;
pub mod state;
pub mod timeline;
pub mod units;

use std::fmt;

use crate::money::catalog::{Catalog, Model};
use crate::money::images::ImageError;
use crate::money::units::TOKENS_PER_MILLION;

use crate::show::number::{decimal, pct, tokens, unit_usd, usd};
pub use config::*;
use levers::StepText;
use state::State;
pub use timeline::{Month, RoadmapStep};

/// Why a scenario could not be projected.
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectionError {
    /// A model id that is not in the catalog.
    UnknownModel(String),
    /// From the bill: the known parts are more than the derived input.
    PartsExceedDerivedInput {
        /// The derived input tokens per call.
        derived_input: f64,
        /// System + history + context.
        parts: f64,
    },
    /// From the bill: the reasoning tokens given are more than the derived output.
    ReasoningExceedsDerivedOutput {
        /// The derived (billed) output tokens per call.
        derived_output: f64,
        /// The reasoning tokens per call given.
        reasoning: f64,
    },
    /// From the bill: the model costs nothing, so no token count explains the bill.
    FreeModel,
    /// Image inputs whose size no image rule can price.
    Image(ImageError),
    /// A result too large to show (overflowed).
    TooLarge,
}

impl fmt::Display for ProjectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectionError::UnknownModel(id) => {
                write!(f, "the model \"{id}\" is not in the price catalog")
            }
            ProjectionError::PartsExceedDerivedInput {
                derived_input,
                parts,
            } => write!(
                f,
                "system + history + context + tools + images ({}) are more than the {} input tokens per call that the bill implies",
                tokens(*parts),
                tokens(*derived_input)
            ),
            ProjectionError::ReasoningExceedsDerivedOutput {
                derived_output,
                reasoning,
            } => write!(
                f,
                "the reasoning tokens ({}) are more than the {} output tokens per call that the bill implies (the bill counts reasoning as output)",
                tokens(*reasoning),
                tokens(*derived_output)
            ),
            ProjectionError::FreeModel => write!(
                f,
                "the model's prices are zero, so no number of tokens explains a bill"
            ),
            ProjectionError::Image(error) => write!(f, "the images per call: {error}"),
            ProjectionError::TooLarge => write!(f, "the result is too large to show"),
        }
    }
}

impl std::error::Error for ProjectionError {}

/// The tokens per call derived from a bill.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BillDerivation {
    /// Last month's spend.
    pub spend: f64,
    /// Calls per month.
    pub calls: f64,
    /// Spend / calls.
    pub cost_per_call: f64,
    /// Input tokens per output token.
    pub input_per_output: f64,
    /// Dollars per output token including its r input tokens: Σ share × (r × in + out) / M.
    pub cost_per_output_token: f64,
    /// Dollars per call that the mix's other image rules add to the main model's image
    /// tokens: Σ share × Δ image tokens × input price / M (0 without images).
    pub image_adjustment: f64,
    /// Derived output tokens per call.
    pub output_tokens: f64,
    /// Derived input tokens per call.
    pub input_tokens: f64,
}

/// A hidden-cost factor and whether it is in effect.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FactorStatus {
    /// The factor.
    pub factor: Overhead,
    /// Its value as entered.
    pub value: f64,
    /// Why it is not in effect, if it is not (the figure that replaces it).
    pub replaced_by: Option<&'static str>,
}

/// What one lever did.
#[derive(Clone, Debug, PartialEq)]
pub struct LeverOutcome {
    /// The lever.
    pub lever: Lever,
    /// Switched on.
    pub on: bool,
    /// Monthly cost before it (first month).
    pub cost_before: f64,
    /// Monthly cost after it.
    pub cost_after: f64,
    /// Before − after; negative when it costs more than it saves.
    pub saving: f64,
    /// Its formula with this scenario's numbers (empty when off).
    pub formula: String,
    /// What did not apply, and why.
    pub notes: Vec<String>,
}

/// A formula as shown under "How is this calculated?".
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    /// What it computes.
    pub title: String,
    /// The formula with this scenario's numbers.
    pub with_numbers: String,
}

/// Everything the Projection view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// Calls (requests) per month, first month.
    pub calls_per_month: f64,
    /// Tokens per call before the levers.
    pub shape: CallShape,
    /// How the tokens were derived from the bill, when they were.
    pub derivation: Option<BillDerivation>,
    /// How the main model counts the call's images, when there are any.
    pub images: Option<units::ImagePricing>,
    /// Cost per call of the baseline mix.
    pub cost_per_call: f64,
    /// Naive monthly cost: no overheads, no levers.
    pub naive: f64,
    /// 1 + Σ factors in effect.
    pub multiplier: f64,
    /// True monthly cost without levers.
    pub baseline: f64,
    /// Monthly cost with the levers that are on.
    pub optimized: f64,
    /// Baseline − optimized.
    pub savings: f64,
    /// Savings / baseline; `None` when the baseline is zero.
    pub savings_fraction: Option<f64>,
    /// Every factor, in display order.
    pub factors: Vec<FactorStatus>,
    /// Every lever, in [`Lever::ORDER`].
    pub levers: Vec<LeverOutcome>,
    /// The months of the horizon.
    pub months: Vec<Month>,
    /// Effort of the levers that are on × hourly rate.
    pub investment: f64,
    /// Hours of effort of the levers that are on.
    pub effort_hours: f64,
    /// Savings summed over the horizon.
    pub horizon_savings: f64,
    /// Months until the savings repay the investment.
    pub payback_months: Option<f64>,
    /// (Horizon savings − investment) / investment.
    pub roi: Option<f64>,
    /// Levers by saving per hour, in weeks.
    pub roadmap: Vec<RoadmapStep>,
    /// The formulas with this scenario's numbers, in the order they are computed.
    pub formulas: Vec<Formula>,
}

impl Projection {
    /// The outcome of `lever`.
    pub fn lever(&self, lever: Lever) -> &LeverOutcome {
        &self.levers[lever.index()]
    }
}

fn resolve<'a>(catalog: &'a Catalog, id: &str) -> Result<&'a Model, ProjectionError> {
    catalog
        .get(id)
        .ok_or_else(|| ProjectionError::UnknownModel(id.to_owned()))
}

/// Projects `config` with the catalog's prices (see the module's formulas).
pub fn project(config: &ScenarioConfig, catalog: &Catalog) -> Result<Projection, ProjectionError> {
    let mut formulas = Vec::new();
    let calls = config.volume.calls();
    formulas.push(Formula {
        title: "Calls per month".into(),
        with_numbers: match config.volume {
            Volume::Calls(calls) => format!("N = {}", tokens(calls as f64)),
            Volume::Conversations {
                conversations,
                turns,
            } => format!(
                "N = {} conversations × {} turns = {}",
                tokens(conversations as f64),
                tokens(turns as f64),
                tokens(calls)
            ),
        },
    });

    let main = resolve(catalog, &config.model)?;
    let others: f64 = config.mix.iter().map(|entry| entry.share).sum();
    let mut mix = vec![(main, (1.0 - others).max(0.0))];
    for entry in &config.mix {
        mix.push((resolve(catalog, &entry.model)?, entry.share));
    }
    mix.retain(|&(_, share)| share > 0.0);
    check_images(config, main)?;

    let (shape, derivation) = match config.tokens {
        TokenSource::Detail(shape) => (shape, None),
        TokenSource::Bill {
            monthly_spend,
            input_per_output,
            system,
            history,
            context,
            reasoning,
            tools,
            images,
        } => derive_from_bill(
            calls,
            monthly_spend,
            input_per_output,
            CallShape {
                system,
                history,
                context,
                reasoning,
                tools,
                images,
                ..CallShape::default()
            },
            main,
            &mix,
        )?,
    };
    if let Some(derived) = &derivation {
        formulas.push(Formula {
            title: "Tokens from the bill".into(),
            with_numbers: format!(
                "cost per call = {} / {} = {}; output = {} / {} per output token (with its {} input tokens) = {} tokens; input = {} × {} = {} tokens{}",
                usd(derived.spend),
                tokens(derived.calls),
                unit_usd(derived.cost_per_call),
                if derived.image_adjustment == 0.0 {
                    unit_usd(derived.cost_per_call)
                } else {
                    format!(
                        "({} − {} for the mix's own image rules)",
                        unit_usd(derived.cost_per_call),
                        unit_usd(derived.image_adjustment)
                    )
                },
                unit_usd(derived.cost_per_output_token),
                decimal(derived.input_per_output),
                tokens(derived.output_tokens),
                decimal(derived.input_per_output),
                tokens(derived.output_tokens),
                tokens(derived.input_tokens),
                if shape.reasoning > 0.0 {
                    format!(
                        "; of the output, {} are reasoning and {} the answer",
                        tokens(shape.reasoning),
                        tokens(shape.output)
                    )
                } else {
                    String::new()
                }
            ),
        });
    }

    let factors = factor_statuses(config, &shape);
    let mut in_effect = config.overheads;
    for status in &factors {
        if status.replaced_by.is_some() {
            *in_effect.get_mut(status.factor) = 0.0;
        }
    }
    let mut state = State {
        requests: calls,
        api_share: 1.0,
        shape,
        factors: in_effect,
        mix,
        lookup_cost: 0.0,
        ..State::default()
    };
    let cost_per_call = state.cost_per_api_call();
    for (model, share) in &state.mix {
        formulas.push(Formula {
            title: format!("Cost per call on {}", model.name),
            with_numbers: format!(
                "({} × {} + {} × {}) / 1M = {}{}",
                input_text(&shape, model),
                crate::show::money::price(model.prices.input),
                output_text(&shape),
                crate::show::money::price(model.prices.output),
                unit_usd(state.call_cost(model)),
                if (share - 1.0).abs() > 1e-12 {
                    format!(", for {} of calls", pct(*share))
                } else {
                    String::new()
                }
            ),
        });
    }
    let naive = state.api_cost();
    formulas.push(Formula {
        title: "Naive monthly cost".into(),
        with_numbers: format!(
            "{} calls × {} = {}",
            tokens(calls),
            unit_usd(cost_per_call),
            usd(naive)
        ),
    });
    let multiplier = state.multiplier();
    let baseline = state.monthly_cost();
    let terms: Vec<String> = factors
        .iter()
        .filter(|status| status.replaced_by.is_none())
        .map(|status| decimal(status.value))
        .collect();
    formulas.push(Formula {
        title: "True (baseline) monthly cost".into(),
        with_numbers: format!(
            "{} × (1{}) = {} × {} = {}",
            usd(naive),
            terms
                .iter()
                .map(|term| format!(" + {term}"))
                .collect::<String>(),
            usd(naive),
            decimal(multiplier),
            usd(baseline)
        ),
    });

    let mut outcomes = Vec::with_capacity(Lever::ORDER.len());
    for lever in Lever::ORDER {
        let before = state.monthly_cost();
        let on = config.levers.is_on(lever);
        let text = if on {
            apply(lever, &mut state, config, catalog)?
        } else {
            StepText::default()
        };
        let after = state.monthly_cost();
        if on {
            formulas.push(Formula {
                title: lever.label().into(),
                with_numbers: format!(
                    "{}; monthly cost {} → {}, saving {}",
                    text.formula,
                    usd(before),
                    usd(after),
                    usd(before - after)
                ),
            });
        }
        outcomes.push(LeverOutcome {
            lever,
            on,
            cost_before: before,
            cost_after: after,
            saving: before - after,
            formula: text.formula,
            notes: text.notes,
        });
    }
    let optimized = state.monthly_cost();
    let savings = baseline - optimized;
    let savings_fraction = (baseline > 0.0).then(|| savings / baseline);
    formulas.push(Formula {
        title: "Monthly savings".into(),
        with_numbers: format!(
            "{} − {} = {}{} = the sum of the lever savings",
            usd(baseline),
            usd(optimized),
            usd(savings),
            savings_fraction
                .map(|fraction| format!(" ({})", pct(fraction)))
                .unwrap_or_default()
        ),
    });

    let months = timeline::months(baseline, optimized, config.growth, config.horizon_months);
    let horizon_savings = months.last().map_or(0.0, |month| month.cumulative_savings);
    let effort_hours: f64 = Lever::ORDER
        .iter()
        .filter(|&&lever| config.levers.is_on(lever))
        .map(|&lever| config.effort_hours[lever.index()])
        .sum();
    let investment = effort_hours * config.hourly_rate;
    let payback_months = timeline::payback_months(investment, savings, config.growth);
    let roi = (investment > 0.0).then(|| (horizon_savings - investment) / investment);
    formulas.push(Formula {
        title: "Growth".into(),
        with_numbers: format!(
            "month m costs month 1 × (1 + {})^(m − 1); month {}: baseline {}, optimized {}",
            pct(config.growth),
            config.horizon_months,
            usd(months.last().map_or(0.0, |month| month.baseline)),
            usd(months.last().map_or(0.0, |month| month.optimized))
        ),
    });
    formulas.push(Formula {
        title: "Investment, payback and ROI".into(),
        with_numbers: format!(
            "investment = {} hours × {} = {}; payback = {}; ROI over {} months = ({} − {}) / {} = {}",
            decimal(effort_hours),
            usd(config.hourly_rate),
            usd(investment),
            payback_months
                .map(|months| format!("{} months", decimal(months)))
                .unwrap_or_else(|| "never".to_owned()),
            config.horizon_months,
            usd(horizon_savings),
            usd(investment),
            usd(investment),
            roi.map(pct).unwrap_or_else(|| "—".to_owned())
        ),
    });
    let roadmap = timeline::roadmap(
        &outcomes
            .iter()
            .filter(|outcome| outcome.on)
            .map(|outcome| {
                (
                    outcome.lever,
                    config.effort_hours[outcome.lever.index()],
                    outcome.saving,
                )
            })
            .collect::<Vec<_>>(),
    );

    let images = if shape.images.count > 0.0 {
        units::image_pricing(&shape.images, main).ok()
    } else {
        None
    };
    let projection = Projection {
        calls_per_month: calls,
        shape,
        derivation,
        images,
        cost_per_call,
        naive,
        multiplier,
        baseline,
        optimized,
        savings,
        savings_fraction,
        factors,
        levers: outcomes,
        months,
        investment,
        effort_hours,
        horizon_savings,
        payback_months,
        roi,
        roadmap,
        formulas,
    };
    let finite = [
        projection.naive,
        projection.baseline,
        projection.optimized,
        projection.horizon_savings,
        projection.investment,
    ]
    .iter()
    .all(|value| value.is_finite() && value.abs() < f64::MAX)
        && projection.months.iter().all(|month| {
            month.baseline.is_finite()
                && month.optimized.is_finite()
                && month.cumulative_savings.is_finite()
        });
    if finite {
        Ok(projection)
    } else {
        Err(ProjectionError::TooLarge)
    }
}

fn apply<'a>(
    lever: Lever,
    state: &mut State<'a>,
    config: &ScenarioConfig,
    catalog: &'a Catalog,
) -> Result<StepText, ProjectionError> {
    let levers = &config.levers;
    Ok(match lever {
        Lever::Cache => levers::response_cache(state, &levers.cache.params),
        Lever::Context => levers::context_management(state, &levers.context.params, config.volume),
        Lever::Compression => levers::compression(state, &levers.compression.params),
        Lever::Routing => levers::routing(state, &levers.routing.params, catalog)?,
        Lever::PromptCache => levers::prompt_cache(state, &levers.prompt_cache.params),
        Lever::Batch => levers::batch(state, &levers.batch.params),
        Lever::Retries => levers::retries(state, &levers.retries.params),
    })
}

/// The input of a call on `model` for the "Cost per call" formula: "500 input" when it is
/// all text, else "2,465 input (user 500 + tools 1,200 + images 765)" with every part
/// that is not zero.
fn input_text(shape: &CallShape, model: &Model) -> String {
    let images = shape.image_tokens_on(model);
    let total = tokens(shape.input_on(model));
    if shape.tools == 0.0 && images == 0.0 {
        return format!("{total} input");
    }
    let parts = [
        ("system", shape.system),
        ("history", shape.history),
        ("user", shape.user),
        ("context", shape.context),
        ("tools", shape.tools),
        ("images", images),
    ];
    let listed: Vec<String> = parts
        .iter()
        .filter(|(_, count)| *count != 0.0)
        .map(|(name, count)| format!("{name} {}", tokens(*count)))
        .collect();
    format!("{total} input ({})", listed.join(" + "))
}

/// The billed output of a call for the "Cost per call" formula: "300 output", or
/// "1,800 output (answer 300 + reasoning 1,500)".
fn output_text(shape: &CallShape) -> String {
    let total = tokens(shape.billed_output());
    if shape.reasoning == 0.0 {
        format!("{total} output")
    } else {
        format!(
            "{total} output (answer {} + reasoning {})",
            tokens(shape.output),
            tokens(shape.reasoning)
        )
    }
}

/// Which factors are in effect, and what replaces the others.
fn factor_statuses(config: &ScenarioConfig, shape: &CallShape) -> Vec<FactorStatus> {
    let from_bill = matches!(config.tokens, TokenSource::Bill { .. });
    Overhead::ALL
        .iter()
        .map(|&factor| {
            let replaced_by = if from_bill {
                Some("your bill, which already includes it")
            } else {
                match factor {
                    Overhead::ContextReload if shape.history > 0.0 => Some("your history tokens"),
                    Overhead::SystemPrompt if shape.system > 0.0 => {
                        Some("your system prompt tokens")
                    }
                    Overhead::MultiTurn if shape.history > 0.0 => Some("your history tokens"),
                    Overhead::MultiTurn if config.volume.turns().is_some() => {
                        Some("your conversations × turns")
                    }
                    _ => None,
                }
            };
            FactorStatus {
                factor,
                value: config.overheads.get(factor),
                replaced_by,
            }
        })
        .collect()
}

/// Refuses image inputs whose size no image rule can price (a zero side), before any call
/// is costed. The error depends on the size only, so one model's rule stands for all.
fn check_images(config: &ScenarioConfig, main: &Model) -> Result<(), ProjectionError> {
    let images = match config.tokens {
        TokenSource::Detail(shape) => shape.images,
        TokenSource::Bill { images, .. } => images,
    };
    if images.count > 0.0 {
        units::image_pricing(&images, main).map_err(ProjectionError::Image)?;
    }
    Ok(())
}

/// Tokens per call from a bill (see the module's formula). `known` holds the parts the
/// user gave: system, history, context, tools and images within the derived input,
/// reasoning within the derived output; the user message and the visible output are
/// derived. The input r × output is the `main` model's; a model of the mix whose image
/// rule counts Δ = its image tokens − the main model's more (or fewer) pays for them, so
/// output = (cost per call − Σ share × Δ × input price / M) / Σ share × (r × input price +
/// output price) / M, and the naive cost is the bill again.
fn derive_from_bill(
    calls: f64,
    spend: f64,
    input_per_output: f64,
    known: CallShape,
    main: &Model,
    mix: &[(&Model, f64)],
) -> Result<(CallShape, Option<BillDerivation>), ProjectionError> {
    let cost_per_output_token: f64 = mix
        .iter()
        .map(|(model, share)| {
            share
                * (input_per_output * model.prices.input.dollars() + model.prices.output.dollars())
                / TOKENS_PER_MILLION
        })
        .sum();
    if cost_per_output_token <= 0.0 {
        return Err(ProjectionError::FreeModel);
    }
    let main_images = known.image_tokens_on(main);
    let image_adjustment: f64 = mix
        .iter()
        .map(|(model, share)| {
            share * (known.image_tokens_on(model) - main_images) * model.prices.input.dollars()
                / TOKENS_PER_MILLION
        })
        .sum();
    let cost_per_call = if calls > 0.0 { spend / calls } else { 0.0 };
    let output = (cost_per_call - image_adjustment) / cost_per_output_token;
    let input = input_per_output * output;
    let parts = known.input_on(main);
    // Parts within a thousandth of a token of the input count as equal (rounding).
    if parts > input + 1e-3 {
        return Err(ProjectionError::PartsExceedDerivedInput {
            derived_input: input,
            parts,
        });
    }
    if known.reasoning > output + 1e-3 {
        return Err(ProjectionError::ReasoningExceedsDerivedOutput {
            derived_output: output,
            reasoning: known.reasoning,
        });
    }
    let shape = CallShape {
        user: (input - parts).max(0.0),
        output: (output - known.reasoning).max(0.0),
        ..known
    };
    Ok((
        shape,
        Some(BillDerivation {
            spend,
            calls,
            cost_per_call,
            input_per_output,
            cost_per_output_token,
            image_adjustment,
            output_tokens: output,
            input_tokens: input,
        }),
    ))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod units_tests;
