//! Routing tasks by complexity to the cheapest model allowed for their tier.
//!
//! Rules: the article's keyword heuristic. A task's tier is the first of trivial, simple,
//! moderate, complex and expert whose keywords appear in it (case-insensitively); a task
//! that matches none is moderate. A tier allows models of these capability classes:
//! trivial and simple → small; moderate → small or balanced; complex → balanced or
//! flagship; expert → flagship. The model chosen is the cheapest allowed one (for the
//! call's tokens, at standard prices) among the models of the [`Pool`] whose context
//! window (when known) holds the call, and whose cost stays within the optional budget;
//! models for speech, images, embeddings and moderation are never picked. By default the
//! pool is the major makers' current models ([`current::CURRENT`]) and the user's own, so
//! that a task goes to a current model of a known maker, not to an unknown reseller's or a
//! superseded one.
//! Must not know: the DOM or storage.

use crate::models::projection::RouteTier;
use crate::money::catalog::{current, CapabilityTier, Catalog, Model, Origin};
use crate::money::cost::{call_cost, CallTokens};
use crate::money::units::Tokens;

/// Keywords per tier, in [`RouteTier::ALL`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutingRules {
    /// Lower-case keywords of each tier.
    pub keywords: [Vec<String>; 5],
}

impl Default for RoutingRules {
    /// The article's `estimate_task_complexity` keywords.
    fn default() -> RoutingRules {
        let list = |words: &[&str]| words.iter().map(|word| (*word).to_owned()).collect();
        RoutingRules {
            keywords: [
                list(&["classify", "yes or no", "true or false", "sentiment"]),
                list(&["extract", "list", "identify", "count"]),
                list(&["summarize", "explain", "describe", "translate"]),
                list(&["analyze", "reason", "solve", "generate code"]),
                list(&[
                    "creative writing",
                    "complex analysis",
                    "multi-step",
                    "research",
                ]),
            ],
        }
    }
}

impl RoutingRules {
    /// The tier of `task`.
    pub fn classify(&self, task: &str) -> RouteTier {
        let lower = task.to_lowercase();
        RouteTier::ALL
            .into_iter()
            .zip(&self.keywords)
            .find(|(_, words)| {
                words
                    .iter()
                    .any(|word| !word.is_empty() && lower.contains(word.as_str()))
            })
            .map_or(RouteTier::Moderate, |(tier, _)| tier)
    }
}

/// The capability classes a tier may use.
pub fn allowed(tier: RouteTier) -> &'static [CapabilityTier] {
    match tier {
        RouteTier::Trivial | RouteTier::Simple => &[CapabilityTier::Small],
        RouteTier::Moderate => &[CapabilityTier::Small, CapabilityTier::Balanced],
        RouteTier::Complex => &[CapabilityTier::Balanced, CapabilityTier::Flagship],
        RouteTier::Expert => &[CapabilityTier::Flagship],
    }
}

/// Whether `model` is a text model the router may pick (see [`Model::is_for_text`]).
pub fn is_text_model(model: &Model) -> bool {
    model.is_for_text()
}

/// The models the router chooses among, before the tier, window and budget rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pool {
    /// The major makers' current models ([`current::Standing::Current`]) and the user's
    /// own models. When [`Limits::provider`] names a maker with no row in the current
    /// table, that maker's models that are neither legacy nor deprecated.
    #[default]
    Current,
    /// Every maker's model and the user's own, not deprecated ([`Catalog::first_party`]):
    /// the rule before there was a current table, legacy models included.
    AnyMaker,
}

/// Which models the router may pick.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Limits<'a> {
    /// Dollars per call at most.
    pub budget: Option<f64>,
    /// Only this provider's models (catalog provider id).
    pub provider: Option<&'a str>,
    /// The models to choose among.
    pub pool: Pool,
}

/// Whether `model` is in the pool of `limits` ([`Pool`]'s rule) in `catalog`.
fn in_pool(catalog: &Catalog, model: &Model, limits: &Limits) -> bool {
    if !catalog.is_first_party(model) {
        return false;
    }
    match limits.pool {
        Pool::AnyMaker => true,
        Pool::Current => {
            let standing = current::standing(model);
            if standing == current::Standing::Current || model.origin == Origin::Custom {
                return true;
            }
            // A maker the current table does not cover: its own non-legacy models.
            limits.provider.is_some_and(|provider| {
                standing == current::Standing::Other
                    && !catalog.models.iter().any(|other| {
                        other.provider == provider
                            && current::standing(other) == current::Standing::Current
                    })
            })
        }
    }
}

/// The cheapest allowed model for `tier` and a call of `call` tokens, within the limits.
pub fn choose<'a>(
    catalog: &'a Catalog,
    tier: RouteTier,
    call: CallTokens,
    limits: Limits,
) -> Option<(&'a Model, f64)> {
    let needed = call.input.get().saturating_add(call.output.get());
    let budget = limits.budget;
    catalog
        .models
        .iter()
        .filter(|model| in_pool(catalog, model, &limits))
        .filter(|model| is_text_model(model))
        .filter(|model| {
            limits
                .provider
                .is_none_or(|provider| model.provider == provider)
        })
        .filter(|model| allowed(tier).contains(&model.tier))
        .filter(|model| model.context_window.is_none_or(|window| needed <= window))
        .map(|model| (model, call_cost(model, call).total.dollars()))
        .filter(|(_, cost)| budget.is_none_or(|budget| *cost <= budget))
        .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)))
}

/// One task's routing.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The task as given.
    pub task: String,
    /// Its tier.
    pub tier: RouteTier,
    /// The model chosen (catalog id and name), if any is allowed.
    pub model: Option<(String, String)>,
    /// Its cost per call.
    pub cost: f64,
}

/// All tasks routed.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutingReport {
    /// One per task, in order.
    pub decisions: Vec<Decision>,
    /// Σ routed cost per call of each task.
    pub routed_cost: f64,
    /// Σ cost if every task went to the flagship model.
    pub flagship_cost: f64,
    /// Share of tasks in each tier, in [`RouteTier::ALL`] order.
    pub shares: [f64; 5],
    /// The model chosen for each tier (catalog id), when one is allowed.
    pub tier_models: [Option<String>; 5],
}

impl RoutingReport {
    /// 1 − routed / flagship; `None` when the flagship costs nothing.
    pub fn saving(&self) -> Option<f64> {
        (self.flagship_cost > 0.0).then(|| 1.0 - self.routed_cost / self.flagship_cost)
    }
}

/// Routes every non-empty line of `tasks`.
pub fn route(
    tasks: &str,
    rules: &RoutingRules,
    catalog: &Catalog,
    call: CallTokens,
    limits: Limits,
    flagship: &Model,
) -> RoutingReport {
    let tier_models: [Option<(String, String, f64)>; 5] = RouteTier::ALL.map(|tier| {
        choose(catalog, tier, call, limits)
            .map(|(model, cost)| (model.id.clone(), model.name.clone(), cost))
    });
    let flagship_cost = call_cost(flagship, call).total.dollars();
    let mut report = RoutingReport {
        decisions: Vec::new(),
        routed_cost: 0.0,
        flagship_cost: 0.0,
        shares: [0.0; 5],
        tier_models: tier_models
            .clone()
            .map(|chosen| chosen.map(|(id, _, _)| id)),
    };
    for task in tasks.lines().map(str::trim).filter(|task| !task.is_empty()) {
        let tier = rules.classify(task);
        let index = RouteTier::ALL.iter().position(|&t| t == tier).unwrap_or(2);
        let chosen = &tier_models[index];
        // A tier with no allowed model falls back to the flagship, as the article does.
        let cost = chosen.as_ref().map_or(flagship_cost, |(_, _, cost)| *cost);
        report.routed_cost += cost;
        report.flagship_cost += flagship_cost;
        report.shares[index] += 1.0;
        report.decisions.push(Decision {
            task: task.to_owned(),
            tier,
            model: chosen
                .as_ref()
                .map(|(id, name, _)| (id.clone(), name.clone())),
            cost,
        });
    }
    let total = report.decisions.len() as f64;
    if total > 0.0 {
        for share in &mut report.shares {
            *share /= total;
        }
    }
    report
}

/// Percentages in tenths that add up to exactly 100.0 (largest remainder), for links.
pub fn rounded_percentages(shares: &[f64; 5]) -> [f64; 5] {
    let total: f64 = shares.iter().sum();
    if total <= 0.0 {
        return [0.0; 5];
    }
    let tenths: Vec<f64> = shares.iter().map(|share| share / total * 1000.0).collect();
    let mut floors: Vec<u64> = tenths.iter().map(|value| value.floor() as u64).collect();
    let mut missing = 1000 - floors.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..5).collect();
    order.sort_by(|&a, &b| {
        (tenths[b] - tenths[b].floor()).total_cmp(&(tenths[a] - tenths[a].floor()))
    });
    for index in order {
        if missing == 0 {
            break;
        }
        floors[index] += 1;
        missing -= 1;
    }
    [0, 1, 2, 3, 4].map(|index| floors[index] as f64 / 10.0)
}

/// Tokens of a call, for the router's inputs.
pub fn call(input: u64, output: u64) -> CallTokens {
    CallTokens {
        input: Tokens::new(input),
        output: Tokens::new(output),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Catalog {
        Catalog::shipped().unwrap()
    }

    #[test]
    fn the_articles_keywords_pick_the_tier() {
        let rules = RoutingRules::default();
        assert_eq!(rules.classify("Classify this ticket"), RouteTier::Trivial);
        assert_eq!(
            rules.classify("Extract the invoice number"),
            RouteTier::Simple
        );
        assert_eq!(rules.classify("Summarize the meeting"), RouteTier::Moderate);
        assert_eq!(
            rules.classify("Solve this scheduling problem"),
            RouteTier::Complex
        );
        assert_eq!(
            rules.classify("Multi-step research plan"),
            RouteTier::Expert
        );
        assert_eq!(
            rules.classify("Hello"),
            RouteTier::Moderate,
            "no keyword: moderate"
        );
        // The first matching tier wins, as in the article: "classify" beats "analyze".
        assert_eq!(rules.classify("Analyze and classify"), RouteTier::Trivial);
        let mut edited = RoutingRules::default();
        edited.keywords[4].push("legal".into());
        assert_eq!(edited.classify("A legal memo"), RouteTier::Expert);
    }

    #[test]
    fn the_cheapest_allowed_model_is_chosen_within_window_and_budget() {
        let catalog = shipped();
        let small_call = call(1_000, 200);
        let (model, cost) =
            choose(&catalog, RouteTier::Trivial, small_call, Limits::default()).unwrap();
        assert_eq!(model.tier, CapabilityTier::Small);
        for other in catalog
            .models
            .iter()
            .filter(|m| current::standing(m) == current::Standing::Current)
            .filter(|m| m.tier == CapabilityTier::Small)
        {
            assert!(
                call_cost(other, small_call).total.dollars() >= cost,
                "{} is cheaper",
                other.id
            );
        }
        let (expert, _) =
            choose(&catalog, RouteTier::Expert, small_call, Limits::default()).unwrap();
        assert_eq!(expert.tier, CapabilityTier::Flagship);
        // A budget below every flagship's price leaves none.
        assert!(choose(
            &catalog,
            RouteTier::Expert,
            small_call,
            Limits {
                budget: Some(0.0),
                ..Limits::default()
            }
        )
        .is_none());
        // A long call only goes to a model whose window holds it (or whose window the
        // catalog does not know).
        let (long, _) = choose(
            &catalog,
            RouteTier::Moderate,
            call(300_000, 1_000),
            Limits::default(),
        )
        .unwrap();
        assert!(
            long.context_window.is_none_or(|window| window >= 301_000),
            "{}",
            long.id
        );
        // Limited to one provider.
        let openai = Limits {
            provider: Some("openai"),
            ..Limits::default()
        };
        assert_eq!(
            choose(&catalog, RouteTier::Simple, small_call, openai)
                .unwrap()
                .0
                .provider,
            "openai"
        );
    }

    #[test]
    fn a_report_adds_up_costs_and_shares() {
        let catalog = shipped();
        let flagship = catalog.get("gpt-5").unwrap();
        let report = route(
            "Classify A\n\nSummarize B\nSolve C\nsummarize D",
            &RoutingRules::default(),
            &catalog,
            call(1_000, 200),
            Limits::default(),
            flagship,
        );
        assert_eq!(report.decisions.len(), 4);
        assert_eq!(report.shares, [0.25, 0.0, 0.5, 0.25, 0.0]);
        let sum: f64 = report.decisions.iter().map(|d| d.cost).sum();
        assert!((report.routed_cost - sum).abs() < 1e-15);
        // GPT-5: (1,000 × $1.25 + 200 × $10) / M = $0.00325 a call, 4 calls.
        assert!((report.flagship_cost - 4.0 * 0.00325).abs() < 1e-12);
        assert!(report.saving().unwrap() > 0.0);
    }

    // Regression: a text-to-speech model that the catalog classes as flagship
    // (gemini-2.5-flash-tts) was the cheapest "expert" model for text tasks.
    #[test]
    fn models_for_speech_images_and_embeddings_are_never_picked() {
        let catalog = shipped();
        let tts = catalog.get("gemini-2.5-flash-tts").unwrap();
        assert!(!is_text_model(tts));
        for tier in RouteTier::ALL {
            for tokens in [call(1_000, 200), call(1_000, 300), call(50, 10)] {
                if let Some((model, _)) = choose(&catalog, tier, tokens, Limits::default()) {
                    assert!(is_text_model(model), "{tier:?}: {}", model.id);
                }
            }
        }
    }

    // Regression: "Summarize this 10-page contract" (moderate) went to GLM-4-FlashX, the
    // cheapest small model of any maker in the catalog, rather than to a current model
    // of a major maker.
    #[test]
    fn by_default_a_task_goes_to_a_current_model_of_a_major_maker() {
        let catalog = shipped();
        let flagship = catalog.get("gpt-5").unwrap();
        let report = route(
            "Summarize this 10-page contract for a sales rep",
            &RoutingRules::default(),
            &catalog,
            call(1_000, 300),
            Limits::default(),
            flagship,
        );
        let (id, _) = report.decisions[0].model.clone().unwrap();
        assert_ne!(id, "GLM-4-FlashX-250414");
        let model = catalog.get(&id).unwrap();
        assert_eq!(current::standing(model), current::Standing::Current, "{id}");
        for tier in RouteTier::ALL {
            let (model, _) = choose(&catalog, tier, call(1_000, 300), Limits::default()).unwrap();
            assert_eq!(
                current::standing(model),
                current::Standing::Current,
                "{tier:?}: {}",
                model.id
            );
        }
        // "Any maker's model" keeps the old pool.
        let any = Limits {
            pool: Pool::AnyMaker,
            ..Limits::default()
        };
        let (cheapest, _) = choose(&catalog, RouteTier::Moderate, call(1_000, 300), any).unwrap();
        assert_eq!(cheapest.id, "GLM-4-FlashX-250414");
        // A maker without current rows (Cohere) still gets its own models.
        let cohere = Limits {
            provider: Some("cohere"),
            ..Limits::default()
        };
        let (model, _) = choose(&catalog, RouteTier::Moderate, call(1_000, 300), cohere).unwrap();
        assert_eq!(model.provider, "cohere");
    }

    #[test]
    fn rounded_percentages_add_up_to_100() {
        let thirds = rounded_percentages(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0, 0.0, 0.0]);
        assert!((thirds.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        assert_eq!(thirds, [33.4, 33.3, 33.3, 0.0, 0.0]);
        assert_eq!(rounded_percentages(&[0.0; 5]), [0.0; 5]);
    }

    proptest::proptest! {
        #[test]
        fn any_task_gets_one_tier_and_a_model_within_budget(task in "\\PC{0,80}", budget in 0.0f64..1.0) {
            let catalog = crate::testing::catalog();
            let tier = RoutingRules::default().classify(&task);
            let limits = Limits { budget: Some(budget), ..Limits::default() };
            if let Some((model, cost)) = choose(catalog, tier, call(500, 300), limits) {
                proptest::prop_assert!(cost <= budget && allowed(tier).contains(&model.tier));
            }
        }
    }
}
