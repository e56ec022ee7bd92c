//! The usage report in Markdown, like the article's daily report: the headline figures,
//! the top features, models and users, the alerts and the opportunities.
//! Must not know: the DOM.

use super::opportunities::Opportunity;
use super::{Share, UsageReport};
use crate::show::money::{counted, integer, plural};
use crate::show::number::{pct, unit_usd, usd};
use crate::show::time::format_time;

/// Rows per breakdown in the report.
const TOP: usize = 10;

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn breakdown(out: &mut String, title: &str, shares: &[Share], total: f64) {
    out.push_str(&format!("\n## Cost by {title}\n\n| {title} | cost | share | requests | per request |\n| --- | ---: | ---: | ---: | ---: |\n"));
    for share in shares.iter().take(TOP) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&share.key),
            usd(share.cost),
            if total > 0.0 {
                pct(share.cost / total)
            } else {
                "—".to_owned()
            },
            integer(share.requests as u64),
            unit_usd(share.cost_per_request())
        ));
    }
    if shares.len() > TOP {
        out.push_str(&format!("\n({} more not shown.)\n", shares.len() - TOP));
    }
}

/// The note under the dashboard's figures: how the monthly figure is found, and how many
/// calls were priced from the price list or not at all.
pub fn pricing_note(totals: &super::Totals) -> String {
    let mut notes = vec!["Per month = the log's cost × 30 days ÷ the days it spans.".to_owned()];
    let from_catalog = totals.priced_from_catalog as u64;
    if from_catalog > 0 {
        notes.push(format!(
            "{} logged no cost; {} priced from the price list (Models view).",
            counted(from_catalog, "call", "calls"),
            plural(from_catalog, "it is", "they are")
        ));
    }
    let unpriced = totals.unpriced as u64;
    if unpriced > 0 {
        notes.push(format!(
            "{} logged no cost and {} a model the price list does not know; {} as $0 (add the model in the Models view).",
            counted(unpriced, "call", "calls"),
            plural(unpriced, "uses", "use"),
            plural(unpriced, "it counts", "they count")
        ));
    }
    notes.join(" ")
}

/// The note under the reasoning and cache figures: how their tokens are counted and
/// priced, and the calls whose parts are not priced. `None` when the log has no parts.
pub fn parts_note(totals: &super::Totals) -> Option<String> {
    let logged = totals.parts_logged;
    if !logged.reasoning && !logged.cache() {
        return None;
    }
    let mut notes = vec![
        "Reasoning tokens are part of the output tokens and cost the output price; cache reads and writes are part of the input tokens (OpenAI's prompt_tokens include cached_tokens; Anthropic's cache_read_input_tokens and cache_creation_input_tokens are added to its input_tokens) and cost the cache-read and cache-write prices. Dollars are list prices, also for calls that log their own cost."
            .to_owned(),
    ];
    let unpriced = totals.parts_unpriced as u64;
    if unpriced > 0 {
        notes.push(format!(
            "{} on models the price list does not know: {} reasoning and cache tokens are counted but not priced.",
            counted(unpriced, "call is", "calls are"),
            plural(unpriced, "its", "their")
        ));
    }
    Some(notes.join(" "))
}

/// The report. `scope` says which rows it covers ("all rows", or the filters).
pub fn markdown(report: &UsageReport, opportunities: &[Opportunity], scope: &str) -> String {
    let totals = &report.totals;
    let mut out = String::from("# LLM usage report\n\n");
    if let Some((first, last)) = report.span {
        out.push_str(&format!(
            "From {} to {} (UTC); {}.\n\n",
            format_time(first),
            format_time(last),
            cell(scope)
        ));
    }
    let unavailable = "not available for aggregate exports";
    let latency = |value: Option<f64>| {
        value.map_or_else(
            || {
                if totals.aggregate {
                    unavailable.to_owned()
                } else {
                    "—".to_owned()
                }
            },
            |ms| format!("{ms:.0} ms"),
        )
    };
    out.push_str(&format!(
        "- Total cost: {}\n- Requests: {}\n- Tokens: {} input, {} output\n- Average cost per request: {}\n- Latency: {} average, {} p95\n- Cache hit rate: {}\n- Error rate: {}\n- Estimated monthly cost (30 days at this rate): {}\n",
        usd(totals.cost),
        integer(totals.requests as u64),
        integer(totals.input_tokens),
        integer(totals.output_tokens),
        unit_usd(if totals.requests == 0 { 0.0 } else { totals.cost / totals.requests as f64 }),
        latency(totals.mean_latency),
        latency(totals.p95_latency),
        totals.cache_hit_rate.map_or(unavailable.to_owned(), pct),
        pct(totals.error_rate),
        usd(totals.cost * report.month_factor),
    ));
    if totals.parts_logged.reasoning {
        out.push_str(&format!(
            "- Reasoning: {} tokens (inside output), {}\n",
            integer(totals.reasoning_tokens),
            unit_usd(totals.reasoning_cost)
        ));
    }
    if totals.parts_logged.cache() {
        out.push_str(&format!(
            "- Prompt cache: {} tokens read, {}; {} written, {}\n",
            integer(totals.cache_read_tokens),
            unit_usd(totals.cache_read_cost),
            integer(totals.cache_write_tokens),
            unit_usd(totals.cache_write_cost)
        ));
    }
    if totals.unpriced > 0 {
        let unpriced = totals.unpriced as u64;
        out.push_str(&format!(
            "- {} no cost and a model the price list does not know; {} as $0.\n",
            counted(unpriced, "request has", "requests have"),
            plural(unpriced, "it counts", "they count")
        ));
    }
    breakdown(&mut out, "feature", &report.by_feature, totals.cost);
    breakdown(&mut out, "model", &report.by_model, totals.cost);
    breakdown(&mut out, "user", &report.by_user, totals.cost);

    out.push_str("\n## Alerts\n\n");
    if report.alerts.is_empty() {
        out.push_str("No threshold was crossed.\n");
    } else {
        for (kind, count) in super::AlertKind::ALL.iter().zip(report.alert_counts) {
            if count > 0 {
                out.push_str(&format!(
                    "- {}: crossed {}\n",
                    kind.label(),
                    counted(count as u64, "time", "times")
                ));
            }
        }
    }

    out.push_str("\n## Optimization opportunities\n\n");
    if opportunities.is_empty() {
        out.push_str("None found by the rules.\n");
    }
    for found in opportunities {
        out.push_str(&format!(
            "- **{}**: about {} a month. {}\n",
            cell(&found.title),
            usd(found.saving()),
            cell(&found.detail)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::usage::Record;
    use crate::models::usage::{analyse, Filter, Log, Thresholds};
    use crate::money::catalog::Catalog;

    #[test]
    fn the_report_holds_the_figures_and_escapes_cells() {
        let catalog = Catalog::shipped().unwrap();
        let record = |at: f64, feature: &str, cost: f64| Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at,
            user: "ann".into(),
            feature: feature.into(),
            model: "gpt-4o".into(),
            input_tokens: 10,
            output_tokens: 5,
            cost: Some(cost),
            latency_ms: Some(100.0),
            cached: false,
            error: None,
            prompt: None,
            parts: crate::models::usage::TokenParts::default(),
        };
        let log = Log::from_records(vec![
            record(1_714_557_600.0, "chat | beta", 0.75),
            record(1_714_557_660.0, "search", 0.25),
        ]);
        let report = analyse(&log, &Filter::default(), &catalog, &Thresholds::default());
        let text = markdown(&report, &[], "all rows");
        assert!(
            text.contains("From 2024-05-01 10:00 to 2024-05-01 10:01 (UTC)"),
            "{text}"
        );
        assert!(text.contains("- Total cost: $1.00\n"), "{text}");
        assert!(text.contains("- Requests: 2\n"));
        assert!(
            text.contains("| chat \\| beta | $0.75 | 75% | 1 | $0.75 |"),
            "{text}"
        );
        // Regression: counts of one read "crossed 1 times", "1 calls logged no cost".
        assert!(
            text.contains("- Cost of one request: crossed 1 time\n"),
            "{text}"
        );
        assert!(text.contains("None found by the rules."));
    }

    #[test]
    fn counts_of_one_are_singular() {
        // Regression: "1 calls logged no cost; they are priced …" and "1 requests have".
        let catalog = Catalog::shipped().unwrap();
        let call = |model: &str, cost: Option<f64>| Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at: 1_714_557_600.0,
            user: String::new(),
            feature: String::new(),
            model: model.into(),
            input_tokens: 1_000_000,
            output_tokens: 0,
            cost,
            latency_ms: None,
            cached: false,
            error: None,
            prompt: None,
            parts: crate::models::usage::TokenParts::default(),
        };
        let report = |records: Vec<Record>| {
            analyse(
                &Log::from_records(records),
                &Filter::default(),
                &catalog,
                &Thresholds::default(),
            )
        };
        let one = report(vec![call("gpt-4o", None), call("no-such-model", None)]);
        assert_eq!(
            pricing_note(&one.totals),
            "Per month = the log's cost × 30 days ÷ the days it spans. 1 call logged no cost; it is priced from the price list (Models view). 1 call logged no cost and uses a model the price list does not know; it counts as $0 (add the model in the Models view)."
        );
        assert!(markdown(&one, &[], "all rows").contains(
            "- 1 request has no cost and a model the price list does not know; it counts as $0.\n"
        ));
        let two = report(vec![
            call("gpt-4o", None),
            call("gpt-4o", None),
            call("x", None),
            call("x", None),
            call("x", Some(1.0)),
        ]);
        assert_eq!(
            pricing_note(&two.totals),
            "Per month = the log's cost × 30 days ÷ the days it spans. 2 calls logged no cost; they are priced from the price list (Models view). 2 calls logged no cost and use a model the price list does not know; they count as $0 (add the model in the Models view)."
        );
        assert!(markdown(&two, &[], "all rows").contains("- 2 requests have no cost"));
    }
}
