//! Optimization opportunities found in a usage log, each with an estimated monthly saving
//! and the Projection scenario ([`Sketch`]) that carries its numbers.
//!
//! Rules and formulas (monthly = the log's figure × its month factor, see [`super`]):
//! - **expensive feature**: a feature averaging more than $0.10 per request. Saving =
//!   [`ROUTED_SHARE`] of its monthly calls × (its cost per call − the cost of its mean
//!   call on the cheapest small or balanced text model of its main model's provider),
//!   when positive;
//! - **flagship traffic**: more than 50% of calls on flagship-tier models. The same
//!   formula on the calls of the flagship model that costs the most;
//! - **repeated prompts**: calls whose prompt repeats an earlier one could be answered
//!   from a cache. Saving = the monthly cost of those repeats (lookups cost aside). Shown
//!   when at least 5% of the calls that log a prompt repeat one;
//! - **long prompts**: features averaging more than [`LONG_PROMPT`] input tokens.
//!   Saving = [`COMPRESSION`] of their monthly input cost;
//! - **errors**: an error rate above the alert threshold. Saving = [`RETRY_REDUCTION`] of
//!   what the failed calls cost a month.
//!
//! A log with aggregate rows (usage exports' buckets) is read by its per-call means
//! (cost per call = cost / calls, tokens per call = tokens / calls), which the expensive
//! feature, flagship, long-prompt and error rules use; the rules that need single calls
//! ([`PER_CALL_ONLY`]: repeated prompts) are not offered for it.
//!
//! Each [`Sketch`] describes the slice of traffic concerned as a Projection scenario:
//! calls per month, its mean input tokens (as system-prompt tokens: the log does not split
//! them), its mean output tokens, its main model, no growth, no hidden-cost factors (a log
//! already holds them) and only the matching lever on, set as above. Sketches about the
//! whole log (repeats, errors), whose calls are spread over several models, give instead
//! the tokens per call that cost the log's cost per call on its main model, and the cache
//! hit rate weighted by cost. The Projection then shows close to the same saving. The link
//! itself, and the Projection's own figure for it, are `formats::opportunity_links`.
//! Must not know: the DOM or the link format.

use super::{Share, Thresholds, UsageReport};
use crate::models::projection::RouteTier;
use crate::models::routing::{call, choose, Limits};
use crate::money::catalog::{CapabilityTier, Catalog};

/// Requests costing more than this on average make a feature expensive (dollars).
pub const EXPENSIVE_REQUEST: f64 = 0.10;
/// Share of calls assumed simple enough to route to a cheaper model.
pub const ROUTED_SHARE: f64 = 0.5;
/// Flagship share of calls above which routing is suggested.
pub const FLAGSHIP_SHARE: f64 = 0.5;
/// Repeated-prompt share from which a cache is suggested.
pub const REPEATED_SHARE: f64 = 0.05;
/// Mean input tokens above which a feature's prompts are long.
pub const LONG_PROMPT: f64 = 2_000.0;
/// Share of input tokens compression is assumed to remove (the Compress view's balanced
/// rules removed 10–28% on the test prompts).
pub const COMPRESSION: f64 = 0.2;
/// Share of failed calls assumed avoidable (the Projection's default retry reduction).
pub const RETRY_REDUCTION: f64 = 0.5;

/// What kind of opportunity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpportunityKind {
    /// A feature that costs more than $0.10 per request.
    ExpensiveFeature,
    /// Most traffic on flagship models.
    FlagshipTraffic,
    /// Identical prompts sent again.
    RepeatedPrompts,
    /// Long prompts.
    LongPrompts,
    /// Many failed calls.
    Errors,
}

/// The rules that need single calls, not offered for a log with aggregate rows.
pub const PER_CALL_ONLY: [OpportunityKind; 1] = [OpportunityKind::RepeatedPrompts];

impl OpportunityKind {
    /// Its name in a sentence ("repeated prompts").
    pub fn label(self) -> &'static str {
        match self {
            OpportunityKind::ExpensiveFeature => "expensive features",
            OpportunityKind::FlagshipTraffic => "flagship traffic",
            OpportunityKind::RepeatedPrompts => "repeated prompts",
            OpportunityKind::LongPrompts => "long prompts",
            OpportunityKind::Errors => "failed calls",
        }
    }
}

/// One thing to fix, with what it would save.
#[derive(Clone, Debug, PartialEq)]
pub struct Opportunity {
    /// Which rule found it.
    pub kind: OpportunityKind,
    /// One line: what to do.
    pub title: String,
    /// Why, with the log's numbers.
    pub detail: String,
    /// Estimated dollars saved per month, by the rule's formula (see the module's text).
    pub monthly_saving: f64,
    /// What the Projection shows for [`Opportunity::scenario`] (filled in by
    /// `formats::opportunity_links::priced`, which rounds mean tokens and calls to whole
    /// numbers as the link does, so it can differ from `monthly_saving` by a little).
    /// `None` without a scenario.
    pub projected_saving: Option<f64>,
    /// The Projection scenario carrying the numbers; `None` when the slice's model is not
    /// in the catalog.
    pub scenario: Option<Sketch>,
}

/// A Projection scenario for a slice of traffic: no growth, every hidden-cost factor at 0,
/// and every lever off but [`Sketch::lever`].
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    /// Calls a month.
    pub calls_per_month: f64,
    /// Input tokens per call, entered as system-prompt tokens (history, user and context
    /// tokens at 0).
    pub input_tokens: f64,
    /// Output tokens per call.
    pub output_tokens: f64,
    /// The model (a catalog id).
    pub model: String,
    /// The one lever on.
    pub lever: SketchLever,
}

/// The lever a [`Sketch`] turns on, with its settings.
#[derive(Clone, Debug, PartialEq)]
pub enum SketchLever {
    /// Model routing: `share` (0–1) of calls as simple ones on `model`, the rest moderate
    /// ones on the scenario's model; no trivial, complex or expert calls, no escalation.
    Routing {
        /// The cheaper model (a catalog id).
        model: String,
        /// Share of calls sent to it.
        share: f64,
    },
    /// A response cache answering `exact_rate` (0–1) of calls, at no lookup cost, with no
    /// semantic hits.
    Cache {
        /// Exact-hit rate.
        exact_rate: f64,
    },
    /// Prompt compression removing `share` (0–1) of input tokens.
    Compression {
        /// Share removed.
        share: f64,
    },
    /// Fewer retries: `overhead` (0–1) of extra cost from retries, `reduction` (0–1) of it
    /// avoided.
    Retries {
        /// The retry overhead.
        overhead: f64,
        /// The share of it avoided.
        reduction: f64,
    },
}

/// The scenario of a slice of traffic with only `lever` on (see the module's text).
fn workload(
    slice: &Share,
    calls_per_month: f64,
    catalog: &Catalog,
    lever: SketchLever,
) -> Option<Sketch> {
    // The log's model name (a dated id, a display name) as the catalog id the Projection
    // knows (`Catalog::lookup`).
    let model = catalog.lookup(&slice.main_model)?;
    let (input, output) = slice.mean_tokens();
    Some(Sketch {
        calls_per_month,
        input_tokens: input,
        output_tokens: output,
        model: model.id.clone(),
        lever,
    })
}

/// [`workload`] for traffic spread over several models: tokens per call chosen so that
/// a call on the slice's main model costs `cost_per_call` (the Projection's "from the
/// bill" rule: output = cost / (r × input price + output price), input = r × output,
/// r = the slice's input tokens per output token).
fn equivalent_workload(
    slice: &Share,
    calls_per_month: f64,
    cost_per_call: f64,
    catalog: &Catalog,
    lever: SketchLever,
) -> Option<Sketch> {
    let model = catalog.lookup(&slice.main_model)?;
    let ratio = slice.input_tokens as f64 / slice.output_tokens.max(1) as f64;
    let per_output = (ratio * model.prices.input.dollars() + model.prices.output.dollars()) / 1e6;
    if per_output <= 0.0 {
        return None;
    }
    let output = cost_per_call / per_output;
    let mut sketch = workload(slice, calls_per_month, catalog, lever)?;
    sketch.input_tokens = ratio * output;
    sketch.output_tokens = output;
    Some(sketch)
}

/// The cheaper model for a slice, and the saving of routing [`ROUTED_SHARE`] of it there.
fn routing(slice: &Share, month_factor: f64, catalog: &Catalog) -> Option<(String, f64, Sketch)> {
    let provider = catalog.lookup(&slice.main_model)?.provider.clone();
    let (input, output) = slice.mean_tokens();
    let mean = call(input.round() as u64, output.round() as u64);
    let limits = Limits {
        provider: Some(&provider),
        ..Limits::default()
    };
    let (model, cheaper) = choose(catalog, RouteTier::Moderate, mean, limits)?;
    let calls = slice.requests as f64 * month_factor;
    let saving = ROUTED_SHARE * calls * (slice.cost_per_request() - cheaper);
    if saving <= 0.0 {
        return None;
    }
    let lever = SketchLever::Routing {
        model: model.id.clone(),
        share: ROUTED_SHARE,
    };
    let sketch = workload(slice, calls, catalog, lever)?;
    Some((model.name.clone(), saving, sketch))
}

impl Opportunity {
    /// The saving to show: the Projection's figure for the link when there is one, so that
    /// the Usage view and the Projection it opens state the same amount (to the cent),
    /// else the formula's.
    pub fn saving(&self) -> f64 {
        self.projected_saving.unwrap_or(self.monthly_saving)
    }
}

/// The opportunities in `report`, largest saving (by the formula) first. Their
/// `projected_saving` is `None`: `formats::opportunity_links::priced` fills it in and
/// orders them by [`Opportunity::saving`].
pub fn opportunities(
    report: &UsageReport,
    catalog: &Catalog,
    thresholds: &Thresholds,
) -> Vec<Opportunity> {
    let factor = report.month_factor;
    let money = crate::show::number::usd;
    let unit = crate::show::number::unit_usd;
    let pct = crate::show::number::pct;
    let mut found = Vec::new();

    for feature in &report.by_feature {
        if feature.cost_per_request() > EXPENSIVE_REQUEST {
            if let Some((cheaper, saving, sketch)) = routing(feature, factor, catalog) {
                found.push(Opportunity {
                    kind: OpportunityKind::ExpensiveFeature,
                    title: format!("Route simpler \"{}\" calls to {cheaper}", feature.key),
                    detail: format!(
                        "\"{}\" averages {} per request (over {}) on {}. Moving half of its calls to {cheaper} saves this.",
                        feature.key,
                        unit(feature.cost_per_request()),
                        unit(EXPENSIVE_REQUEST),
                        feature.main_model
                    ),
                    monthly_saving: saving,
                    scenario: Some(sketch),
                    projected_saving: None,
                });
            }
        }
    }

    if report.flagship_share() > FLAGSHIP_SHARE {
        // The flagship model that costs the most; one model, so that the link's
        // Projection prices the same calls.
        let top = report.by_model.iter().find(|model| {
            catalog
                .lookup(&model.key)
                .is_some_and(|model| model.tier == CapabilityTier::Flagship)
        });
        if let Some((top, (cheaper, saving, sketch))) =
            top.and_then(|top| Some((top, routing(top, factor, catalog)?)))
        {
            found.push(Opportunity {
                kind: OpportunityKind::FlagshipTraffic,
                title: format!("Send less traffic to flagship models (try {cheaper})"),
                detail: format!(
                    "{} of calls go to flagship-tier models; {} costs the most of them. Routing half of its calls to {cheaper} saves this.",
                    pct(report.flagship_share()),
                    top.key
                ),
                monthly_saving: saving,
                scenario: Some(sketch),
                projected_saving: None,
            });
        }
    }

    if let Some(share) = report.repeated_prompt_share() {
        if share >= REPEATED_SHARE {
            let all = overall(report);
            // Weighted by cost, so that the Projection's saving is the repeats' cost.
            let rate = if all.cost > 0.0 {
                report.repeated_prompt_cost / all.cost
            } else {
                0.0
            };
            let scenario = equivalent_workload(
                &all,
                all.requests as f64 * factor,
                all.cost_per_request(),
                catalog,
                SketchLever::Cache { exact_rate: rate },
            );
            found.push(Opportunity {
                kind: OpportunityKind::RepeatedPrompts,
                title: "Cache answers to repeated prompts".to_owned(),
                detail: format!(
                    "{} of the calls that log a prompt repeat an earlier prompt exactly ({} of {}); a response cache would answer them.",
                    pct(share),
                    crate::show::money::integer(report.repeated_prompts.0 as u64),
                    crate::show::money::integer(report.repeated_prompts.1 as u64)
                ),
                monthly_saving: report.repeated_prompt_cost * factor,
                scenario,
                projected_saving: None,
            });
        }
    }

    for feature in &report.by_feature {
        let (input, _) = feature.mean_tokens();
        if input > LONG_PROMPT {
            let scenario = workload(
                feature,
                feature.requests as f64 * factor,
                catalog,
                SketchLever::Compression { share: COMPRESSION },
            );
            found.push(Opportunity {
                kind: OpportunityKind::LongPrompts,
                title: format!("Compress the prompts of \"{}\"", feature.key),
                detail: format!(
                    "\"{}\" sends {} input tokens per request on average (over {}). Removing {} of them saves this.",
                    feature.key,
                    crate::show::money::integer(input.round() as u64),
                    crate::show::money::integer(LONG_PROMPT as u64),
                    pct(COMPRESSION)
                ),
                monthly_saving: COMPRESSION * feature.input_cost * factor,
                scenario,
                projected_saving: None,
            });
        }
    }

    if report.totals.error_rate > thresholds.error_rate {
        let all = overall(report);
        let succeeded = all.cost - all.error_cost;
        let succeeded_calls = all.requests - all.errors;
        let scenario = (succeeded > 0.0 && succeeded_calls > 0)
            .then(|| {
                equivalent_workload(
                    &all,
                    succeeded_calls as f64 * factor,
                    succeeded / succeeded_calls as f64,
                    catalog,
                    SketchLever::Retries {
                        overhead: all.error_cost / succeeded,
                        reduction: RETRY_REDUCTION,
                    },
                )
            })
            .flatten();
        found.push(Opportunity {
            kind: OpportunityKind::Errors,
            title: "Cut failed calls and retries".to_owned(),
            detail: format!(
                "{} of calls fail (threshold {}); they cost {} a month. Halving them saves this.",
                pct(report.totals.error_rate),
                pct(thresholds.error_rate),
                money(all.error_cost * factor)
            ),
            monthly_saving: RETRY_REDUCTION * all.error_cost * factor,
            scenario,
            projected_saving: None,
        });
    }

    found.sort_by(|a, b| b.saving().total_cmp(&a.saving()));
    found
}

/// The whole report as one slice (its main model: the most expensive one).
fn overall(report: &UsageReport) -> Share {
    let mut all = Share {
        key: "all calls".to_owned(),
        main_model: report
            .by_model
            .first()
            .map(|model| model.key.clone())
            .unwrap_or_default(),
        ..Share::default()
    };
    for feature in &report.by_feature {
        all.cost += feature.cost;
        all.requests += feature.requests;
        all.tokens += feature.tokens;
        all.input_tokens += feature.input_tokens;
        all.output_tokens += feature.output_tokens;
        all.input_cost += feature.input_cost;
        all.errors += feature.errors;
        all.error_cost += feature.error_cost;
    }
    all
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::models::usage::Record;
    use crate::models::usage::{analyse, Filter, Log, HOUR};

    pub(crate) fn record(at: f64, feature: &str, model: &str, input: u64, output: u64) -> Record {
        Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at,
            user: "u".into(),
            feature: feature.into(),
            model: model.into(),
            input_tokens: input,
            output_tokens: output,
            cost: None,
            latency_ms: None,
            cached: false,
            error: None,
            prompt: None,
            parts: crate::models::usage::TokenParts::default(),
        }
    }

    /// 10 days; per day: 100 "report" calls on claude-opus-4-1 (3,000 in / 1,000 out =
    /// $0.045 + $0.075 = $0.12 each), 100 "chat" calls on gpt-5 (500 / 200), every 4th
    /// prompt of chat repeated, 10 of the 200 failing.
    pub(crate) fn sample_log() -> Log {
        let mut records = Vec::new();
        for day in 0..10 {
            for index in 0..100 {
                let at = f64::from(day) * 86_400.0 + f64::from(index) * 60.0;
                records.push(record(at, "report", "claude-opus-4-1", 3_000, 1_000));
                let mut chat = record(at + 1.0, "chat", "gpt-5", 500, 200);
                chat.prompt = Some(if index % 4 == 0 {
                    "same".to_owned()
                } else {
                    format!("p{day}-{index}")
                });
                if index % 20 == 0 {
                    chat.error = Some("timeout".into());
                }
                records.push(chat);
            }
        }
        Log::from_records(records)
    }

    #[test]
    fn the_sample_log_has_every_kind_with_hand_checked_savings() {
        let catalog = Catalog::shipped().unwrap();
        let thresholds = Thresholds {
            error_rate: 0.02,
            ..Thresholds::default()
        };
        let report = analyse(&sample_log(), &Filter::default(), &catalog, &thresholds);
        // Spans 9 days + 99 minutes: month factor = 30 / 9.07 days.
        let factor = 30.0 / ((9.0 * 86_400.0 + 99.0 * 60.0 + 1.0) / 86_400.0);
        assert!((report.month_factor - factor).abs() < 1e-9);
        let found = opportunities(&report, &catalog, &thresholds);
        let kinds: Vec<OpportunityKind> = found.iter().map(|found| found.kind).collect();
        for kind in [
            OpportunityKind::ExpensiveFeature,
            OpportunityKind::FlagshipTraffic,
            OpportunityKind::RepeatedPrompts,
            OpportunityKind::LongPrompts,
            OpportunityKind::Errors,
        ] {
            assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
        }
        let saving = |kind| {
            found
                .iter()
                .find(|found| found.kind == kind)
                .unwrap()
                .monthly_saving
        };
        // Long prompts: 20% of report's input cost: 1,000 calls × 3,000 × $15/M = $45.
        assert!((saving(OpportunityKind::LongPrompts) - 0.2 * 45.0 * factor).abs() < 1e-9);
        // Repeats: 25 "same" prompts a day, the first ever is new: 249 repeats of the
        // gpt-5 call at 500 × $1.25/M + 200 × $10/M = $0.002625.
        assert_eq!(report.repeated_prompts, (249, 1_000));
        assert!(
            (saving(OpportunityKind::RepeatedPrompts) - 249.0 * 0.002625 * factor).abs() < 1e-9
        );
        // Errors: 5 of 100 chat calls a day: 50 × $0.002625, half of it.
        assert!((saving(OpportunityKind::Errors) - 0.5 * 50.0 * 0.002625 * factor).abs() < 1e-9);
        assert!(found
            .windows(2)
            .all(|pair| pair[0].saving() >= pair[1].saving()));
    }

    #[test]
    fn a_cheap_quiet_log_has_none() {
        let catalog = Catalog::shipped().unwrap();
        let records =
            (0..50).map(|index| record(f64::from(index) * HOUR, "tag", "gpt-5-nano", 100, 10));
        let report = analyse(
            &Log::from_records(records),
            &Filter::default(),
            &catalog,
            &Thresholds::default(),
        );
        assert!(opportunities(&report, &catalog, &Thresholds::default()).is_empty());
    }
}
