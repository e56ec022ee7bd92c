//! The bill against list prices: for the rows of a log that state their cost (LiteLLM
//! `spend`, Helicone `cost`, OpenRouter `total_cost`, Langfuse `totalCost`, ...), what
//! they say they cost beside what the same tokens cost at the catalog's list prices, by
//! model.
//!
//! Formulas, per model (rows that state no cost are left out):
//! - stated = the sum of the rows' stated costs;
//! - list = the sum of the same rows' tokens at the catalog's prices, each part at its
//!   own rate, with the row's service tier and the long-context tier of its mean call
//!   ([`super::row_parts_cost`]); `None` ("no list price") when the catalog does not
//!   match the model, or when the rows carry no tokens (a cost-only export);
//! - difference = stated − list (negative: the bill is below list price), and
//!   difference % = difference / list (`None` when list is $0).
//!
//! The total line adds the models that have a list price; the stated cost of the others
//! is shown apart ([`BillVsList::stated_without_list`]).
//! Must not know: the DOM or file formats.

use rustc_hash::FxHashMap as HashMap;

use super::{filtered, row_parts_cost, Filter, Log};
use crate::money::catalog::Catalog;

/// One model's stated cost and list-price cost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BillRow {
    /// The model as the file names it.
    pub model: String,
    /// Calls that state a cost.
    pub calls: usize,
    /// Their input + output tokens.
    pub tokens: u64,
    /// What the file says they cost (dollars).
    pub stated: f64,
    /// What their tokens cost at list prices (dollars); `None`: no list price.
    pub list: Option<f64>,
}

impl BillRow {
    /// Stated − list, dollars.
    pub fn difference(&self) -> Option<f64> {
        self.list.map(|list| self.stated - list)
    }

    /// (Stated − list) / list.
    pub fn difference_share(&self) -> Option<f64> {
        share(self.stated, self.list?)
    }
}

fn share(stated: f64, list: f64) -> Option<f64> {
    (list > 0.0).then(|| (stated - list) / list)
}

/// The bill against list prices, by model, most stated cost first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BillVsList {
    /// One row per model with a stated cost.
    pub rows: Vec<BillRow>,
    /// Stated cost of the models that have a list price.
    pub stated: f64,
    /// Their list-price cost.
    pub list: f64,
    /// Stated cost of the models without a list price (unmatched, or no tokens).
    pub stated_without_list: f64,
}

impl BillVsList {
    /// Total stated − total list, over the models with a list price.
    pub fn difference(&self) -> f64 {
        self.stated - self.list
    }

    /// The total difference / total list.
    pub fn difference_share(&self) -> Option<f64> {
        share(self.stated, self.list)
    }

    /// Whether no row carries tokens: a cost-only export, which needs the usage export
    /// beside it to be compared.
    pub fn cost_only(&self) -> bool {
        self.rows.iter().all(|row| row.tokens == 0)
    }
}

/// The bill against list prices of the rows of `log` that `filter` lets through, or
/// `None` when none of them states a cost.
pub fn bill_vs_list(log: &Log, filter: &Filter, catalog: &Catalog) -> Option<BillVsList> {
    #[derive(Default)]
    struct Sum {
        calls: usize,
        tokens: u64,
        stated: f64,
        list: f64,
    }
    let mut sums: HashMap<u32, Sum> = HashMap::default();
    let mut models = HashMap::default();
    for row in filtered(log, filter) {
        let Some(stated) = row.cost else { continue };
        let model = *models
            .entry(row.model)
            .or_insert_with(|| catalog.lookup(log.name(row.model)));
        let sum = sums.entry(row.model).or_default();
        sum.calls = sum.calls.saturating_add(row.call_count());
        sum.tokens = sum
            .tokens
            .saturating_add(row.input_tokens.saturating_add(row.output_tokens));
        sum.stated += stated;
        if let Some(model) = model {
            sum.list += row_parts_cost(model, row).0.total;
        }
    }
    if sums.is_empty() {
        return None;
    }
    let mut bill = BillVsList::default();
    for (number, sum) in sums {
        let matched = models.get(&number).copied().flatten().is_some();
        let list = (matched && sum.tokens > 0).then_some(sum.list);
        match list {
            Some(list) => {
                bill.stated += sum.stated;
                bill.list += list;
            }
            None => bill.stated_without_list += sum.stated,
        }
        bill.rows.push(BillRow {
            model: log.name(number).to_owned(),
            calls: sum.calls,
            tokens: sum.tokens,
            stated: sum.stated,
            list,
        });
    }
    bill.rows.sort_by(|a, b| {
        b.stated
            .total_cmp(&a.stated)
            .then_with(|| a.model.cmp(&b.model))
    });
    Some(bill)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::usage::{Record, TokenParts};

    fn record(model: &str, input: u64, output: u64, cost: Option<f64>) -> Record {
        Record {
            at: 0.0,
            user: String::new(),
            feature: String::new(),
            model: model.into(),
            input_tokens: input,
            output_tokens: output,
            cost,
            latency_ms: None,
            cached: false,
            error: None,
            prompt: None,
            parts: TokenParts::default(),
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    #[test]
    fn two_models_against_their_list_prices_by_hand() {
        let catalog = crate::testing::catalog();
        // gpt-4o-mini lists $0.15 / $0.60 per M: 10M input + 10M output = $1.50 + $6.00 =
        // $7.50 at list; the file says $6.00: −$1.50, −20.0%.
        // gpt-4o lists $2.50 / $10 per M: 1M input + 0.25M output = $2.50 + $2.50 =
        // $5.00 at list; the file says $4.00: −$1.00, −20.0%.
        // Together: stated $10.00 against list $12.50: −$2.50, −20.0%.
        let log = Log::from_records([
            record("gpt-4o-mini", 10_000_000, 10_000_000, Some(6.0)),
            record("gpt-4o", 1_000_000, 250_000, Some(4.0)),
            // No stated cost: not part of the bill.
            record("gpt-4o", 1_000_000, 0, None),
            // Unknown to the catalog: stated, with no list price.
            record("in-house-llm", 500, 500, Some(0.25)),
        ]);
        let bill = bill_vs_list(&log, &Filter::default(), catalog).unwrap();
        assert_eq!(bill.rows.len(), 3);
        let mini = &bill.rows[0];
        assert_eq!(mini.model, "gpt-4o-mini");
        close(mini.list.unwrap(), 7.5);
        close(mini.difference().unwrap(), -1.5);
        close(mini.difference_share().unwrap(), -0.2);
        let gpt4o = &bill.rows[1];
        assert_eq!(gpt4o.calls, 1);
        close(gpt4o.list.unwrap(), 5.0);
        close(gpt4o.difference().unwrap(), -1.0);
        assert_eq!(bill.rows[2].list, None);
        assert_eq!(bill.rows[2].difference(), None);
        close(bill.stated, 10.0);
        close(bill.list, 12.5);
        close(bill.difference(), -2.5);
        close(bill.difference_share().unwrap(), -0.2);
        close(bill.stated_without_list, 0.25);
        assert!(!bill.cost_only());
    }

    #[test]
    fn a_cost_only_file_has_no_list_price_and_no_cost_none_at_all() {
        let catalog = crate::testing::catalog();
        let log = Log::from_records([record("gpt-4o", 0, 0, Some(3.0))]);
        let bill = bill_vs_list(&log, &Filter::default(), catalog).unwrap();
        assert!(bill.cost_only());
        assert_eq!(bill.rows[0].list, None);
        close(bill.stated_without_list, 3.0);
        let unstated = Log::from_records([record("gpt-4o", 10, 10, None)]);
        assert_eq!(bill_vs_list(&unstated, &Filter::default(), catalog), None);
    }
}
