//! The Projection links of the Usage view's opportunities, and the Projection's own figure
//! for each.
//!
//! A [`Sketch`] (a slice of traffic with one lever on) becomes a scenario link
//! (`#/projection?…`, the format of [`super::scenario`]): calls and tokens are written as
//! whole numbers, shares as percentages with up to four decimals. The saving the Usage view
//! shows is the one the Projection computes for that link, so both state the same amount.
//! Must not know: the DOM.

use super::scenario::{validate, ScenarioForm};
use crate::models::projection::project;
use crate::models::usage::opportunities::{Opportunity, Sketch, SketchLever};
use crate::money::catalog::Catalog;

/// A number as a link value: up to four decimals, no separators.
fn plain(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A whole number as a link value.
fn whole(value: f64) -> String {
    format!("{:.0}", value.round())
}

/// The scenario form of `sketch`: every field the Projection would otherwise take from
/// its defaults and that changes the saving is set (volume by calls, tokens in detail, no
/// growth, hidden-cost factors at 0, every lever off but the sketch's).
pub fn form(sketch: &Sketch) -> ScenarioForm {
    form_on(sketch, ScenarioForm::default())
}

/// [`form`] laid over `base` (the defaults of a link version).
fn form_on(sketch: &Sketch, mut form: ScenarioForm) -> ScenarioForm {
    let fields = [
        ("volume-mode", "calls".to_owned()),
        ("calls-per-month", whole(sketch.calls_per_month)),
        ("input-mode", "detail".to_owned()),
        ("system-tokens", whole(sketch.input_tokens)),
        ("history-tokens", "0".to_owned()),
        ("user-tokens", "0".to_owned()),
        ("context-tokens", "0".to_owned()),
        ("output-tokens", whole(sketch.output_tokens)),
        ("projection-model", sketch.model.clone()),
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
    let lever: Vec<(&str, String)> = match &sketch.lever {
        SketchLever::Routing { model, share } => vec![
            ("routing-share-trivial", "0".to_owned()),
            ("routing-share-simple", plain(share * 100.0)),
            ("routing-share-moderate", plain((1.0 - share) * 100.0)),
            ("routing-model-moderate", String::new()),
            ("routing-share-complex", "0".to_owned()),
            ("routing-share-expert", "0".to_owned()),
            ("routing-escalation", "0".to_owned()),
            ("lever-routing", "on".to_owned()),
            ("routing-model-simple", model.clone()),
        ],
        SketchLever::Cache { exact_rate } => vec![
            ("lever-cache", "on".to_owned()),
            ("cache-exact-rate", plain(exact_rate * 100.0)),
            ("cache-semantic-rate", "0".to_owned()),
            ("cache-false-hit-rate", "0".to_owned()),
            ("cache-lookup-cost", "0".to_owned()),
        ],
        SketchLever::Compression { share } => vec![
            ("lever-compression", "on".to_owned()),
            ("compression-percent", plain(share * 100.0)),
        ],
        SketchLever::Retries {
            overhead,
            reduction,
        } => vec![
            ("lever-retries", "on".to_owned()),
            ("overhead-retries", plain(overhead * 100.0)),
            ("retry-reduction", plain(reduction * 100.0)),
        ],
    };
    for (key, value) in lever {
        form.set(key, &value);
    }
    form
}

/// The Projection query of `sketch` (the part after `#/projection?`).
pub fn query(sketch: &Sketch) -> String {
    form(sketch).to_query()
}

/// The Projection link of an opportunity, `#/projection?…`; `None` without a scenario.
pub fn href(found: &Opportunity) -> Option<String> {
    found
        .scenario
        .as_ref()
        .map(|sketch| format!("#/projection?{}", query(sketch)))
}

/// The monthly saving the Projection computes for `sketch`'s link (read back from the
/// query, as the Projection reads it).
fn projected_saving(sketch: &Sketch, catalog: &Catalog) -> Option<f64> {
    let (form, problems) = ScenarioForm::from_query(&query(sketch));
    if !problems.is_empty() {
        return None;
    }
    let config = validate(&form, &|id: &str| catalog.get(id).is_some()).config?;
    project(&config, catalog)
        .ok()
        .map(|projection| projection.savings)
}

/// `found` with each one's [`Opportunity::projected_saving`] filled in, largest
/// [`Opportunity::saving`] first.
pub fn priced(mut found: Vec<Opportunity>, catalog: &Catalog) -> Vec<Opportunity> {
    for opportunity in &mut found {
        opportunity.projected_saving = opportunity
            .scenario
            .as_ref()
            .and_then(|sketch| projected_saving(sketch, catalog));
    }
    found.sort_by(|a, b| b.saving().total_cmp(&a.saving()));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::projection::Lever;
    use crate::models::usage::opportunities::tests::sample_log;
    use crate::models::usage::opportunities::{opportunities, OpportunityKind};
    use crate::models::usage::{analyse, Filter, Thresholds};

    fn found() -> (Vec<Opportunity>, Catalog) {
        let catalog = Catalog::shipped().unwrap();
        let thresholds = Thresholds {
            error_rate: 0.02,
            ..Thresholds::default()
        };
        let report = analyse(&sample_log(), &Filter::default(), &catalog, &thresholds);
        let found = priced(opportunities(&report, &catalog, &thresholds), &catalog);
        (found, catalog)
    }

    #[test]
    fn the_links_are_those_the_usage_model_wrote_before_the_move() {
        // The links of the sample log as `models::usage::opportunities` wrote them when it
        // built the scenario forms itself (before #20 moved the link format here): a link
        // in a report someone saved must still open the same scenario. They are version-1
        // links, read on version 1's defaults; this version writes version 2 (issue #18,
        // `opportunity-links-v2.txt`), and each old link still opens its sketch's form on
        // version 1's defaults.
        let (found, _) = found();
        let mut written: Vec<String> = found
            .iter()
            .map(|found| format!("{:?} {}", found.kind, href(found).unwrap()))
            .collect();
        written.sort();
        let expected = include_str!("../../tests/fixtures/formats/opportunity-links-v2.txt");
        assert_eq!(written.join("\n") + "\n", expected);
        let old = include_str!("../../tests/fixtures/formats/opportunity-links.txt");
        let mut by_kind: Vec<(String, &Opportunity)> = found
            .iter()
            .map(|found| (format!("{:?}", found.kind), found))
            .collect();
        by_kind.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(old.lines().count(), by_kind.len());
        for (line, (kind, found)) in old.lines().zip(by_kind) {
            let (name, link) = line.split_once(' ').unwrap();
            assert_eq!(name, kind);
            let query = link.strip_prefix("#/projection?").unwrap();
            let sketch = found.scenario.as_ref().unwrap();
            assert_eq!(
                ScenarioForm::from_query(query),
                (form_on(sketch, ScenarioForm::defaults(1)), Vec::new()),
                "{kind}"
            );
        }
    }

    #[test]
    fn each_link_shows_about_the_same_saving_in_the_projection() {
        let (found, catalog) = found();
        assert_eq!(found.len(), 5);
        for found in &found {
            let query = query(found.scenario.as_ref().expect("every model is known"));
            let (form, problems) = ScenarioForm::from_query(&query);
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
    fn priced_opportunities_come_largest_saving_first() {
        let (found, _) = found();
        assert!(found
            .windows(2)
            .all(|pair| pair[0].saving() >= pair[1].saving()));
        assert!(found.iter().all(|found| found.projected_saving.is_some()));
        assert!(found
            .iter()
            .any(|found| found.kind == OpportunityKind::RepeatedPrompts));
    }
}
