//! A realistic sample usage log, the same for the same seed, so that a newcomer sees a
//! full dashboard at once.
//!
//! A week from 2026-11-02 00:00 UTC of a product with five features: `chat` (gpt-4o and
//! gpt-4o-mini, some cached), `search` (RAG on gpt-4.1-mini, long prompts, some cached),
//! `summarize` (claude-sonnet-4-5), `classify` (gpt-5-nano, prompts that repeat a lot) and
//! `report` (claude-opus-4-1, expensive, now and then huge). Traffic follows office
//! hours; users follow a steep curve (a few heavy users). Two incidents: an hour of
//! failing calls on day 4 (14:00) and a runaway `report` job on day 6 (03:00). Cached
//! calls log a cost of 0; other calls log no cost, so the catalog prices them.
//! The generator is a fixed SplitMix64, not a crate, so that a seed gives the same log in
//! every version.
//! Must not know: the DOM, prices.

use super::usage_log::to_csv;
use crate::models::usage::Record;

/// 2026-11-02 00:00 UTC (a Monday).
const START: f64 = 1_793_577_600.0;
const DAY: f64 = 86_400.0;

/// SplitMix64.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// An index from weights.
    fn pick(&mut self, weights: &[f64]) -> usize {
        let mut left = self.unit() * weights.iter().sum::<f64>();
        for (index, weight) in weights.iter().enumerate() {
            if left < *weight {
                return index;
            }
            left -= weight;
        }
        weights.len() - 1
    }
}

/// One feature's traffic: share of calls, models with weights, mean input and output
/// tokens, cache rate, share of prompts drawn from a small pool of common ones.
struct Feature {
    name: &'static str,
    weight: f64,
    models: &'static [(&'static str, f64)],
    input: f64,
    output: f64,
    cached: f64,
    common_prompts: f64,
    latency: f64,
}

const FEATURES: [Feature; 5] = [
    Feature {
        name: "chat",
        weight: 45.0,
        models: &[("gpt-4o", 0.6), ("gpt-4o-mini", 0.4)],
        input: 1_400.0,
        output: 280.0,
        cached: 0.12,
        common_prompts: 0.2,
        latency: 1_400.0,
    },
    Feature {
        name: "search",
        weight: 25.0,
        models: &[("gpt-4.1-mini", 1.0)],
        input: 3_600.0,
        output: 220.0,
        cached: 0.25,
        common_prompts: 0.3,
        latency: 1_100.0,
    },
    Feature {
        name: "summarize",
        weight: 15.0,
        models: &[("claude-sonnet-4-5", 1.0)],
        input: 2_600.0,
        output: 400.0,
        cached: 0.0,
        common_prompts: 0.0,
        latency: 2_600.0,
    },
    Feature {
        name: "classify",
        weight: 10.0,
        models: &[("gpt-5-nano", 1.0)],
        input: 320.0,
        output: 6.0,
        cached: 0.0,
        common_prompts: 0.6,
        latency: 350.0,
    },
    Feature {
        name: "report",
        weight: 5.0,
        models: &[("claude-opus-4-1", 1.0)],
        input: 6_000.0,
        output: 1_800.0,
        cached: 0.0,
        common_prompts: 0.0,
        latency: 9_000.0,
    },
];

/// Relative traffic per UTC hour: low at night, high in office hours.
const HOURS: [f64; 24] = [
    1.0, 0.7, 0.5, 0.5, 0.5, 0.7, 1.2, 2.0, 3.5, 5.0, 5.5, 5.5, 5.0, 5.5, 5.8, 5.5, 5.0, 4.2, 3.2,
    2.6, 2.2, 1.9, 1.6, 1.3,
];

const ERRORS: [&str; 3] = [
    "timeout",
    "rate_limit_exceeded",
    "500 internal server error",
];

fn call(random: &mut Random, at: f64, feature: &Feature, failing: f64) -> Record {
    let model =
        feature.models[random.pick(&feature.models.iter().map(|m| m.1).collect::<Vec<_>>())].0;
    let spread = |random: &mut Random, mean: f64| (mean * random.between(0.5, 1.5)).round() as u64;
    let mut input = spread(random, feature.input);
    let mut output = spread(random, feature.output).max(1);
    if feature.name == "report" && random.unit() < 0.03 {
        // Now and then a report over a whole quarter's data.
        input *= 4;
        output *= 2;
    }
    let user = (150.0 * random.unit().powi(3)) as u32 + 1;
    let cached = random.unit() < feature.cached;
    let error = (!cached && random.unit() < failing)
        .then(|| ERRORS[random.pick(&[3.0, 2.0, 1.0])].to_owned());
    let prompt = if random.unit() < feature.common_prompts {
        format!("{}-common-{:02}", feature.name, random.pick(&[1.0; 30]))
    } else {
        format!("{:016x}", random.next())
    };
    if error.is_some() {
        output = 0;
    }
    let latency = if cached {
        random.between(5.0, 40.0)
    } else if error.is_some() {
        random.between(5_000.0, 30_000.0)
    } else {
        feature.latency * random.between(0.4, 2.2)
    };
    if cached {
        input = input.min(60);
    }
    Record {
        calls: None,
        dimensions: Vec::new(),
        service_tier: None,
        long_context: None,
        at: at.floor(),
        user: format!("user-{user:03}"),
        feature: feature.name.to_owned(),
        model: model.to_owned(),
        input_tokens: input,
        output_tokens: output,
        cost: cached.then_some(0.0),
        latency_ms: Some(latency.round()),
        cached,
        error,
        prompt: Some(prompt),
        parts: crate::models::usage::TokenParts::default(),
    }
}

/// `rows` calls (plus the incidents' extra calls) as a CSV log with the article's
/// columns, in time order.
pub fn sample_csv(seed: u64, rows: usize) -> String {
    let mut random = Random(seed);
    let weights: Vec<f64> = FEATURES.iter().map(|feature| feature.weight).collect();
    let mut records: Vec<Record> = Vec::with_capacity(rows + 80);
    for _ in 0..rows {
        let day = (random.unit() * 7.0).floor();
        let hour = random.pick(&HOURS) as f64;
        let at = START + day * DAY + hour * 3_600.0 + random.unit() * 3_600.0;
        let failing = if day == 3.0 && hour == 14.0 {
            0.35
        } else {
            0.012
        };
        let feature = &FEATURES[random.pick(&weights)];
        records.push(call(&mut random, at, feature, failing));
    }
    // The runaway job: 70 reports in one night hour.
    for _ in 0..70 {
        let at = START + 5.0 * DAY + 3.0 * 3_600.0 + random.unit() * 3_600.0;
        let mut record = call(&mut random, at, &FEATURES[4], 0.012);
        record.user = "batch-job".to_owned();
        records.push(record);
    }
    records.sort_by(|a, b| a.at.total_cmp(&b.at));
    to_csv(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::usage_log::{field_names, read_all, Mapping};

    #[test]
    fn the_sample_is_readable_and_the_same_for_a_seed() {
        let text = sample_csv(42, 2_000);
        assert_eq!(text, sample_csv(42, 2_000));
        assert_ne!(text, sample_csv(43, 2_000));
        let mapping = Mapping::guess(&field_names(&text));
        assert!(mapping.missing().is_empty());
        let (records, bad) = read_all(&text, &mapping);
        assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(3)]);
        assert_eq!(records.len(), 2_070);
        assert!(records.windows(2).all(|pair| pair[0].at <= pair[1].at));
        let features: std::collections::BTreeSet<&str> = records
            .iter()
            .map(|record| record.feature.as_str())
            .collect();
        assert_eq!(features.len(), 5);
        assert!(records.iter().any(|record| record.cached));
        assert!(records.iter().any(|record| record.error.is_some()));
        assert!(records
            .iter()
            .all(|record| (START..START + 7.0 * DAY).contains(&record.at)));
    }
}
