//! Optimization opportunities found in a usage log, each with an estimated monthly saving
//! and a Projection link that carries its numbers.
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
//! Each link describes the slice of traffic concerned as a Projection scenario: calls per
//! month, its mean input tokens (as system-prompt tokens: the log does not split them),
//! its mean output tokens, its main model, no growth, no hidden-cost factors (a log
//! already holds them) and only the matching lever on, set as above. Links about the whole
//! log (repeats, errors), whose calls are spread over several models, give instead the
//! tokens per call that cost the log's cost per call on its main model, and the cache
//! hit rate weighted by cost. The Projection then shows close to the same saving.
//! Must not know: the DOM.

use super::{Share, Thresholds, UsageReport};
use crate::formats::scenario::ScenarioForm;
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
    /// What the Projection shows for [`Opportunity::projection`]: the link rounds mean
    /// tokens and calls to whole numbers, so it can differ from `monthly_saving` by a
    /// little. `None` without a link.
    pub projected_saving: Option<f64>,
    /// The Projection query (after `#/projection?`) carrying the numbers; `None` when the
    /// slice's model is not in the catalog.
    pub projection: Option<String>,
}

/// A number as a link value: up to four decimals, no separators.
fn plain(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The scenario of a slice of traffic with every lever off (see the module's text).
fn workload(slice: &Share, calls_per_month: f64, catalog: &Catalog) -> Option<ScenarioForm> {
    catalog.get(&slice.main_model)?;
    let (input, output) = slice.mean_tokens();
    let mut form = ScenarioForm::default();
    let fields = [
        ("volume-mode", "calls".to_owned()),
        ("calls-per-month", format!("{:.0}", calls_per_month.round())),
        ("input-mode", "detail".to_owned()),
        ("system-tokens", format!("{:.0}", input.round())),
        ("history-tokens", "0".to_owned()),
        ("user-tokens", "0".to_owned()),
        ("context-tokens", "0".to_owned()),
        ("output-tokens", format!("{:.0}", output.round())),
        ("projection-model", slice.main_model.clone()),
        ("model-mix", String::new()),
        ("growth-rate", "0".to_owned()),
    ];
    for (key, value) in fields {
        form.set(key, &value);
    }
    for key in [
        "overhead-context-reload",
        "overhead-retries",
        "overhead-dev-testing",
        "overhead-system-prompt",
        "overhead-multi-turn",
    ] {
        form.set(key, "0");
    }
    for key in [
        "lever-cache",
        "lever-context",
        "lever-compression",
        "lever-routing",
        "lever-prompt-cache",
        "lever-batch",
        "lever-retries",
    ] {
        form.set(key, "off");
    }
    Some(form)
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
) -> Option<ScenarioForm> {
    let model = catalog.get(&slice.main_model)?;
    let ratio = slice.input_tokens as f64 / slice.output_tokens.max(1) as f64;
    let per_output = (ratio * model.prices.input.dollars() + model.prices.output.dollars()) / 1e6;
    if per_output <= 0.0 {
        return None;
    }
    let output = cost_per_call / per_output;
    let mut form = workload(slice, calls_per_month, catalog)?;
    form.set("system-tokens", &format!("{:.0}", (ratio * output).round()));
    form.set("output-tokens", &format!("{:.0}", output.round()));
    Some(form)
}

/// The cheaper model for a slice, and the saving of routing [`ROUTED_SHARE`] of it there.
fn routing(
    slice: &Share,
    month_factor: f64,
    catalog: &Catalog,
) -> Option<(String, f64, ScenarioForm)> {
    let provider = catalog.get(&slice.main_model)?.provider.clone();
    let (input, output) = slice.mean_tokens();
    let mean = call(input.round() as u64, output.round() as u64);
    let limits = Limits {
        budget: None,
        provider: Some(&provider),
    };
    let (model, cheaper) = choose(catalog, RouteTier::Moderate, mean, limits)?;
    let calls = slice.requests as f64 * month_factor;
    let saving = ROUTED_SHARE * calls * (slice.cost_per_request() - cheaper);
    if saving <= 0.0 {
        return None;
    }
    let mut form = workload(slice, calls, catalog)?;
    let shares = [
        ("routing-share-trivial", "0"),
        ("routing-share-simple", "50"),
        ("routing-share-moderate", "50"),
        ("routing-model-moderate", ""),
        ("routing-share-complex", "0"),
        ("routing-share-expert", "0"),
        ("routing-escalation", "0"),
        ("lever-routing", "on"),
    ];
    for (key, value) in shares {
        form.set(key, value);
    }
    form.set("routing-model-simple", &model.id);
    Some((model.name.clone(), saving, form))
}

impl Opportunity {
    /// The saving to show: the Projection's figure for the link when there is one, so that
    /// the Usage view and the Projection it opens state the same amount (to the cent),
    /// else the formula's.
    pub fn saving(&self) -> f64 {
        self.projected_saving.unwrap_or(self.monthly_saving)
    }
}

/// The monthly saving the Projection computes for the scenario `query`.
fn projected_saving(query: &str, catalog: &Catalog) -> Option<f64> {
    let (form, problems) = ScenarioForm::from_query(query);
    if !problems.is_empty() {
        return None;
    }
    let validated =
        crate::formats::scenario::validate(&form, &|id: &str| catalog.get(id).is_some());
    let config = validated.config?;
    crate::models::projection::project(&config, catalog)
        .ok()
        .map(|projection| projection.savings)
}

/// The opportunities in `report`, largest saving first.
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
            if let Some((cheaper, saving, form)) = routing(feature, factor, catalog) {
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
                    projection: Some(form.to_query()),
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
                .get(&model.key)
                .is_some_and(|model| model.tier == CapabilityTier::Flagship)
        });
        if let Some((top, (cheaper, saving, form))) =
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
                projection: Some(form.to_query()),
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
            let projection = equivalent_workload(
                &all,
                all.requests as f64 * factor,
                all.cost_per_request(),
                catalog,
            )
            .map(|mut form| {
                for (key, value) in [
                    ("lever-cache", "on".to_owned()),
                    ("cache-exact-rate", plain(rate * 100.0)),
                    ("cache-semantic-rate", "0".to_owned()),
                    ("cache-false-hit-rate", "0".to_owned()),
                    ("cache-lookup-cost", "0".to_owned()),
                ] {
                    form.set(key, &value);
                }
                form.to_query()
            });
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
                projection,
                projected_saving: None,
            });
        }
    }

    for feature in &report.by_feature {
        let (input, _) = feature.mean_tokens();
        if input > LONG_PROMPT {
            let projection =
                workload(feature, feature.requests as f64 * factor, catalog).map(|mut form| {
                    form.set("lever-compression", "on");
                    form.set("compression-percent", &plain(COMPRESSION * 100.0));
                    form.to_query()
                });
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
                projection,
                projected_saving: None,
            });
        }
    }

    if report.totals.error_rate > thresholds.error_rate {
        let all = overall(report);
        let succeeded = all.cost - all.error_cost;
        let succeeded_calls = all.requests - all.errors;
        let projection = (succeeded > 0.0 && succeeded_calls > 0)
            .then(|| {
                equivalent_workload(
                    &all,
                    succeeded_calls as f64 * factor,
                    succeeded / succeeded_calls as f64,
                    catalog,
                )
            })
            .flatten()
            .map(|mut form| {
                form.set("lever-retries", "on");
                form.set(
                    "overhead-retries",
                    &plain(all.error_cost / succeeded * 100.0),
                );
                form.set("retry-reduction", &plain(RETRY_REDUCTION * 100.0));
                form.to_query()
            });
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
            projection,
            projected_saving: None,
        });
    }

    for opportunity in &mut found {
        opportunity.projected_saving = opportunity
            .projection
            .as_deref()
            .and_then(|query| projected_saving(query, catalog));
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
mod tests {
    use super::*;
    use crate::formats::scenario::validate;
    use crate::models::projection::{project, Lever};
    use crate::models::usage::Record;
    use crate::models::usage::{analyse, Filter, Log, HOUR};

    fn record(at: f64, feature: &str, model: &str, input: u64, output: u64) -> Record {
        Record {
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
        }
    }

    /// 10 days; per day: 100 "report" calls on claude-opus-4-1 (3,000 in / 1,000 out =
    /// $0.045 + $0.075 = $0.12 each), 100 "chat" calls on gpt-5 (500 / 200), every 4th
    /// prompt of chat repeated, 10 of the 200 failing.
    fn sample_log() -> Log {
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
    fn each_link_shows_about_the_same_saving_in_the_projection() {
        let catalog = Catalog::shipped().unwrap();
        let thresholds = Thresholds {
            error_rate: 0.02,
            ..Thresholds::default()
        };
        let report = analyse(&sample_log(), &Filter::default(), &catalog, &thresholds);
        for found in opportunities(&report, &catalog, &thresholds) {
            let query = found.projection.as_deref().expect("every model is known");
            let (form, problems) = ScenarioForm::from_query(query);
            assert!(problems.is_empty(), "{problems:?}");
            let validated = validate(&form, &|id: &str| catalog.get(id).is_some());
            assert!(validated.errors.is_empty(), "{:?}", validated.errors);
            let projection = project(&validated.config.unwrap(), &catalog).unwrap();
            let shown = projection.savings;
            let on: Vec<Lever> = Lever::ORDER
                .into_iter()
                .filter(|&lever| projection.lever(lever).saving != 0.0)
                .collect();
            assert_eq!(on.len(), 1, "{:?}: only its lever saves", found.kind);
            // Mean tokens at catalog prices and whole calls: within 2%.
            assert!(
                (shown - found.monthly_saving).abs() <= 0.02 * found.monthly_saving,
                "{:?}: projection {shown} vs {}",
                found.kind,
                found.monthly_saving
            );
            // Regression: Usage said $16.82 and the Projection it opened $16.83. The
            // figure Usage shows is the Projection's own.
            assert_eq!(
                crate::show::number::usd(found.saving()),
                crate::show::number::usd(shown),
                "{:?}",
                found.kind
            );
        }
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
