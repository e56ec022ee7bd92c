//! Where the money goes in a usage log: totals, breakdowns, a time series, alerts and
//! optimization opportunities.
//!
//! Formulas:
//! - a record's cost is its logged cost, or (when missing) input × input price +
//!   output × output price at the catalog's standard prices; a record whose model the
//!   catalog does not know and that logs no cost counts as unpriced ($0);
//! - cache hit rate = cached records / records; error rate = records with an error /
//!   records; p95 latency = the latency at rank ⌈0.95 n⌉ of the sorted latencies;
//! - a month = 30 days: monthly figures scale the log's figures by 30 / the days it spans
//!   (at least 1 day);
//! - alerts: an hour costing more than the hourly threshold, a day more than the daily
//!   one, a call more than the per-request one, an hour whose error rate is above the
//!   error threshold (hours with at least 20 calls).
//!
//! Must not know: the DOM or file formats (records come parsed).

use std::collections::HashMap;

use crate::formats::usage_log::Record;
use crate::money::catalog::{CapabilityTier, Catalog};
use crate::money::cost::{call_cost, CallTokens};
use crate::money::units::Tokens;

/// Seconds in an hour and a day.
const HOUR: f64 = 3_600.0;
const DAY: f64 = 86_400.0;

/// Alert thresholds, with the article's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// Dollars per hour.
    pub hourly: f64,
    /// Dollars per day.
    pub daily: f64,
    /// Dollars per request.
    pub per_request: f64,
    /// Error rate (fraction).
    pub error_rate: f64,
}

impl Default for Thresholds {
    /// $10/hour, $100/day, $0.50/request, 5% errors.
    fn default() -> Thresholds {
        Thresholds {
            hourly: 10.0,
            daily: 100.0,
            per_request: 0.5,
            error_rate: 0.05,
        }
    }
}

/// Totals of a set of records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Records.
    pub requests: usize,
    /// Dollars.
    pub cost: f64,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Mean latency, ms.
    pub mean_latency: Option<f64>,
    /// 95th-percentile latency, ms.
    pub p95_latency: Option<f64>,
    /// Cached / requests.
    pub cache_hit_rate: f64,
    /// Errors / requests.
    pub error_rate: f64,
    /// Records priced at $0 because neither a cost nor the model's price is known.
    pub unpriced: usize,
}

/// One row of a breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// The feature, model or user ("(none)" when not logged).
    pub key: String,
    /// Dollars.
    pub cost: f64,
    /// Records.
    pub requests: usize,
    /// Input + output tokens.
    pub tokens: u64,
}

/// What kind of threshold was crossed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    /// An hour over the hourly cost.
    Hourly,
    /// A day over the daily cost.
    Daily,
    /// A call over the per-request cost.
    PerRequest,
    /// An hour over the error rate.
    ErrorRate,
}

/// A threshold crossed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alert {
    /// Start of the hour or day, or the call's time.
    pub at: f64,
    /// Which threshold.
    pub kind: AlertKind,
    /// The value seen.
    pub value: f64,
}

/// The analysis of a log.
#[derive(Clone, Debug, PartialEq)]
pub struct UsageReport {
    /// Totals.
    pub totals: Totals,
    /// Cost by feature, model and user, most expensive first.
    pub by_feature: Vec<Share>,
    /// By model.
    pub by_model: Vec<Share>,
    /// By user.
    pub by_user: Vec<Share>,
    /// Cost per day (start of day, dollars), in order.
    pub daily: Vec<(f64, f64)>,
    /// Thresholds crossed, in time order.
    pub alerts: Vec<Alert>,
    /// 30 / days spanned.
    pub month_factor: f64,
}

/// The cost of `record`, and whether it is known.
pub fn record_cost(record: &Record, catalog: &Catalog) -> Option<f64> {
    record.cost.or_else(|| {
        let model = catalog.get(&record.model)?;
        let call = CallTokens {
            input: Tokens::new(record.input_tokens),
            output: Tokens::new(record.output_tokens),
        };
        Some(call_cost(model, call).total.dollars())
    })
}

fn breakdown(records: &[Record], costs: &[f64], key: impl Fn(&Record) -> &str) -> Vec<Share> {
    let mut rows: HashMap<&str, Share> = HashMap::new();
    for (record, &cost) in records.iter().zip(costs) {
        let name = key(record);
        let row = rows.entry(name).or_insert_with(|| Share {
            key: if name.is_empty() {
                "(none)".to_owned()
            } else {
                name.to_owned()
            },
            cost: 0.0,
            requests: 0,
            tokens: 0,
        });
        row.cost += cost;
        row.requests += 1;
        row.tokens += record.input_tokens + record.output_tokens;
    }
    let mut rows: Vec<Share> = rows.into_values().collect();
    rows.sort_by(|a, b| b.cost.total_cmp(&a.cost).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// Analyses `records` (already filtered) with the catalog's prices.
pub fn analyse(records: &[Record], catalog: &Catalog, thresholds: &Thresholds) -> UsageReport {
    let priced: Vec<Option<f64>> = records
        .iter()
        .map(|record| record_cost(record, catalog))
        .collect();
    let costs: Vec<f64> = priced.iter().map(|cost| cost.unwrap_or(0.0)).collect();
    let requests = records.len();
    let fraction = |count: usize| {
        if requests == 0 {
            0.0
        } else {
            count as f64 / requests as f64
        }
    };
    let mut latencies: Vec<f64> = records
        .iter()
        .filter_map(|record| record.latency_ms)
        .collect();
    latencies.sort_by(f64::total_cmp);
    let p95 = (!latencies.is_empty()).then(|| {
        latencies[((latencies.len() as f64 * 0.95).ceil() as usize).clamp(1, latencies.len()) - 1]
    });
    let totals = Totals {
        requests,
        cost: costs.iter().sum(),
        input_tokens: records.iter().map(|record| record.input_tokens).sum(),
        output_tokens: records.iter().map(|record| record.output_tokens).sum(),
        mean_latency: (!latencies.is_empty())
            .then(|| latencies.iter().sum::<f64>() / latencies.len() as f64),
        p95_latency: p95,
        cache_hit_rate: fraction(records.iter().filter(|record| record.cached).count()),
        error_rate: fraction(
            records
                .iter()
                .filter(|record| record.error.is_some())
                .count(),
        ),
        unpriced: priced.iter().filter(|cost| cost.is_none()).count(),
    };
    let first = records
        .iter()
        .map(|record| record.at)
        .fold(f64::INFINITY, f64::min);
    let last = records
        .iter()
        .map(|record| record.at)
        .fold(f64::NEG_INFINITY, f64::max);
    let days = if requests == 0 {
        1.0
    } else {
        ((last - first) / DAY).max(1.0)
    };

    let mut hours: HashMap<i64, (f64, usize, usize)> = HashMap::new();
    let mut day_costs: HashMap<i64, f64> = HashMap::new();
    let mut alerts = Vec::new();
    for (record, &cost) in records.iter().zip(&costs) {
        let hour = hours.entry((record.at / HOUR).floor() as i64).or_default();
        hour.0 += cost;
        hour.1 += 1;
        hour.2 += usize::from(record.error.is_some());
        *day_costs
            .entry((record.at / DAY).floor() as i64)
            .or_default() += cost;
        if cost > thresholds.per_request {
            alerts.push(Alert {
                at: record.at,
                kind: AlertKind::PerRequest,
                value: cost,
            });
        }
    }
    for (&hour, &(cost, calls, errors)) in &hours {
        if cost > thresholds.hourly {
            alerts.push(Alert {
                at: hour as f64 * HOUR,
                kind: AlertKind::Hourly,
                value: cost,
            });
        }
        let rate = errors as f64 / calls as f64;
        if calls >= 20 && rate > thresholds.error_rate {
            alerts.push(Alert {
                at: hour as f64 * HOUR,
                kind: AlertKind::ErrorRate,
                value: rate,
            });
        }
    }
    let mut daily: Vec<(f64, f64)> = day_costs
        .into_iter()
        .map(|(day, cost)| (day as f64 * DAY, cost))
        .collect();
    daily.sort_by(|a, b| a.0.total_cmp(&b.0));
    for &(at, cost) in &daily {
        if cost > thresholds.daily {
            alerts.push(Alert {
                at,
                kind: AlertKind::Daily,
                value: cost,
            });
        }
    }
    alerts.sort_by(|a, b| a.at.total_cmp(&b.at));

    UsageReport {
        totals,
        by_feature: breakdown(records, &costs, |record| &record.feature),
        by_model: breakdown(records, &costs, |record| &record.model),
        by_user: breakdown(records, &costs, |record| &record.user),
        daily,
        alerts,
        month_factor: 30.0 / days,
    }
}

/// Share of requests on flagship-tier models (as the catalog classes them).
pub fn flagship_share(records: &[Record], catalog: &Catalog) -> f64 {
    if records.is_empty() {
        return 0.0;
    }
    let flagship = records
        .iter()
        .filter(|record| {
            catalog
                .get(&record.model)
                .is_some_and(|model| model.tier == CapabilityTier::Flagship)
        })
        .count();
    flagship as f64 / records.len() as f64
}

/// Share of requests whose prompt repeats an earlier one (records that log a prompt).
pub fn repeated_prompt_share(records: &[Record]) -> Option<f64> {
    let prompts: Vec<&str> = records
        .iter()
        .filter_map(|record| record.prompt.as_deref())
        .collect();
    if prompts.is_empty() {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    let repeats = prompts
        .iter()
        .filter(|prompt| !seen.insert(**prompt))
        .count();
    Some(repeats as f64 / prompts.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        at: f64,
        feature: &str,
        model: &str,
        input: u64,
        output: u64,
        cost: Option<f64>,
    ) -> Record {
        Record {
            at,
            user: "u1".into(),
            feature: feature.into(),
            model: model.into(),
            input_tokens: input,
            output_tokens: output,
            cost,
            latency_ms: Some(at),
            cached: false,
            error: None,
            prompt: None,
        }
    }

    #[test]
    fn a_small_log_adds_up_by_hand() {
        let catalog = Catalog::shipped().unwrap();
        // gpt-4o-mini at $0.15/$0.60 per M: 1,000 in + 500 out = $0.00015 + $0.0003.
        let mut records = vec![
            record(0.0, "chat", "gpt-4o-mini", 1_000, 500, None),
            record(60.0, "chat", "gpt-4o-mini", 0, 0, Some(0.02)),
            record(120.0, "search", "unknown-model", 10, 10, None),
            record(3_700.0, "search", "gpt-4o-mini", 0, 0, Some(0.75)),
        ];
        records[1].cached = true;
        records[2].error = Some("timeout".into());
        let report = analyse(&records, &catalog, &Thresholds::default());
        let totals = &report.totals;
        assert_eq!(totals.requests, 4);
        assert!((totals.cost - (0.00045 + 0.02 + 0.75)).abs() < 1e-12);
        assert_eq!(totals.unpriced, 1);
        assert_eq!(totals.cache_hit_rate, 0.25);
        assert_eq!(totals.error_rate, 0.25);
        // Latencies 0, 60, 120, 3,700: mean 970; p95 = rank ⌈3.8⌉ = 4th = 3,700.
        assert_eq!(totals.mean_latency, Some(970.0));
        assert_eq!(totals.p95_latency, Some(3_700.0));
        assert_eq!(report.by_feature[0].key, "search");
        assert!((report.by_feature[0].cost - 0.75).abs() < 1e-12);
        assert_eq!(report.by_feature[1].requests, 2);
        // The $0.75 call crosses the $0.50 per-request threshold; nothing else does.
        assert_eq!(report.alerts.len(), 1);
        assert_eq!(report.alerts[0].kind, AlertKind::PerRequest);
        // Spanning an hour: counted as one day, so a month is 30 of them.
        assert_eq!(report.month_factor, 30.0);
        assert_eq!(report.daily.len(), 1);
    }

    #[test]
    fn hourly_daily_and_error_alerts() {
        let catalog = Catalog::shipped().unwrap();
        let mut records: Vec<Record> = (0..300)
            .map(|index| record(f64::from(index), "f", "x", 0, 0, Some(0.4)))
            .collect();
        for record in records.iter_mut().take(20) {
            record.error = Some("500".into());
        }
        let report = analyse(&records, &catalog, &Thresholds::default());
        let kinds: Vec<AlertKind> = report.alerts.iter().map(|alert| alert.kind).collect();
        // 300 calls at $0.40 (under the $0.50 per-request threshold): $120 in the hour
        // and the day; 20/300 = 6.7% errors, over 5%.
        assert!(
            kinds.contains(&AlertKind::Hourly)
                && kinds.contains(&AlertKind::Daily)
                && kinds.contains(&AlertKind::ErrorRate)
        );
        assert!(!kinds.contains(&AlertKind::PerRequest));
    }

    #[test]
    fn flagship_and_repeated_prompt_shares() {
        let catalog = Catalog::shipped().unwrap();
        let mut records = vec![
            record(0.0, "a", "gpt-5", 1, 1, None),
            record(1.0, "a", "gpt-5-mini", 1, 1, None),
        ];
        assert_eq!(flagship_share(&records, &catalog), 0.5);
        assert_eq!(repeated_prompt_share(&records), None);
        records[0].prompt = Some("p".into());
        records[1].prompt = Some("p".into());
        assert_eq!(repeated_prompt_share(&records), Some(0.5));
        assert_eq!(
            analyse(&[], &catalog, &Thresholds::default())
                .totals
                .requests,
            0
        );
    }
}
