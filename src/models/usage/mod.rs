//! Where the money goes in a usage log: totals, breakdowns, time series, alerts and
//! optimization opportunities ([`opportunities`]), and the Markdown report ([`report`]).
//!
//! Formulas:
//! - a record's cost is its logged cost, or (when missing) its tokens at the catalog's
//!   standard prices, each part at its own rate ([`parts_cost`]; long-context tiers
//!   included); a record whose model the catalog does not know and that logs no cost
//!   counts as unpriced ($0);
//! - a record's input cost is its input tokens at the model's prices ([`parts_cost`]) when
//!   the catalog knows the model, else its cost × input / (input + output) tokens;
//! - reasoning and prompt-cache spend: the parts' tokens at the model's prices
//!   ([`parts_cost`]), summed over the calls whose model the catalog knows (also where the
//!   call logs its own cost: these are list prices);
//! - cache hit rate = cached records / records; error rate = records with an error /
//!   records; p95 latency = the latency at rank ⌈0.95 n⌉ of the sorted latencies;
//! - a month = 30 days: monthly figures scale the log's figures by 30 / the days it spans
//!   (at least 1 day);
//! - alerts: an hour costing more than the hourly threshold, a day more than the daily
//!   one, a call more than the per-request one, an hour whose error rate is above the
//!   error threshold (hours with at least 20 calls).
//!
//! A log of a million calls is held compactly: each text (user, feature, model, error,
//! prompt) is stored once and rows refer to it by number ([`Log`]).
//! Must not know: the DOM or file formats (records come parsed).

pub mod bill;
pub mod charts;
pub mod opportunities;
pub mod report;

use rustc_hash::FxHashMap as HashMap;

use crate::models::projection::service_tier::tier_rates;
pub use crate::models::projection::service_tier::ServiceTier;
use crate::money::catalog::{CapabilityTier, Catalog, Model, Prices};
use crate::money::cost::effective_prices;
use crate::money::units::{Tokens, UsdPerMTok};

/// The parts of a call's tokens that a log may give (`None`: not logged), each inside the
/// record's input or output count: reasoning tokens are output tokens, and cache reads and
/// writes are input tokens (the reader turns a log whose input count excludes them into
/// this form: `formats::usage_log::cache_convention`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenParts {
    /// Reasoning (thinking) tokens, part of the output tokens.
    pub reasoning: Option<u64>,
    /// Input tokens read from the provider's prompt cache.
    pub cache_read: Option<u64>,
    /// Input tokens written to the prompt cache for 5 minutes.
    pub cache_write_5m: Option<u64>,
    /// Input tokens written to the prompt cache for 1 hour.
    pub cache_write_1h: Option<u64>,
}

impl TokenParts {
    /// Input tokens read from or written to the cache: reads + 5-minute + 1-hour writes.
    pub fn cached_input(&self) -> u64 {
        [self.cache_read, self.cache_write_5m, self.cache_write_1h]
            .into_iter()
            .flatten()
            .fold(0u64, u64::saturating_add)
    }
}

/// Which token parts a log has columns for (a row's part is 0 where it is not logged).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartsLogged {
    /// Reasoning tokens.
    pub reasoning: bool,
    /// Cache reads.
    pub cache_read: bool,
    /// 5-minute cache writes.
    pub cache_write_5m: bool,
    /// 1-hour cache writes.
    pub cache_write_1h: bool,
}

impl PartsLogged {
    /// Whether any cache read or write is logged.
    pub fn cache(&self) -> bool {
        self.cache_read || self.cache_write_5m || self.cache_write_1h
    }
}

/// A row's token parts, 0 where not logged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowParts {
    /// Reasoning tokens (inside the output tokens).
    pub reasoning: u64,
    /// Cache reads (inside the input tokens).
    pub cache_read: u64,
    /// 5-minute cache writes (inside the input tokens).
    pub cache_write_5m: u64,
    /// 1-hour cache writes (inside the input tokens).
    pub cache_write_1h: u64,
}

/// What one call's tokens cost at a model's prices, part by part (dollars).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PartsCost {
    /// The input tokens neither read from nor written to the cache, at the input price.
    pub uncached_input: f64,
    /// Cache reads.
    pub cache_read: f64,
    /// Cache writes (5-minute and 1-hour).
    pub cache_write: f64,
    /// Every input part: uncached + reads + writes.
    pub input: f64,
    /// The output tokens, reasoning included.
    pub output: f64,
    /// The reasoning tokens (a part of `output`, not added to it).
    pub reasoning: f64,
    /// Input + output.
    pub total: f64,
}

/// The cost of one call of `input` input and `output` output tokens with `parts` inside
/// them, each part at its own rate (prices per million tokens, M = 1,000,000):
///
/// - prices: the model's, with the long-context tier that the call's whole input
///   (`input`, cache reads and writes included) crosses ([`effective_prices`]; Anthropic
///   counts cache reads and writes towards its 200K threshold);
/// - uncached input = input − cache reads − cache writes (at least 0), × input price / M;
/// - cache reads × cache-read price / M (the input price when the model has none);
/// - 5-minute writes × `cache_write_5m` price / M, 1-hour writes × `cache_write_1h`
///   price / M (each the input price when the model has none; OpenAI does not charge for
///   writes and its models carry no write price);
/// - output × output price / M; reasoning tokens are output tokens, so reasoning =
///   min(reasoning, output) × output price / M is a part of it, not added to it
///   (OpenAI: "reasoning tokens are billed as output tokens", reasoning guide,
///   <https://platform.openai.com/docs/guides/reasoning>);
/// - total = (uncached + reads + writes) + output.
///
/// With every part 0 this is `money::cost::call_cost`, to the last bit.
pub fn parts_cost(model: &Model, input: u64, output: u64, parts: &RowParts) -> PartsCost {
    priced_parts(
        &effective_prices(model, Tokens::new(input)),
        input,
        output,
        parts,
    )
}

/// The cost of a row at `model`'s prices, each part at its own rate ([`parts_cost`]'s
/// formulas), with two rules of its own:
///
/// - the long-context tier is the one the file states (`Row::long_context`: Anthropic's
///   `context_window` "0-200k" is the standard prices, "200k-1M" the model's first
///   long-context tier); else it is judged on the row's **mean input per call**,
///   ⌊input / calls⌋: an aggregate bucket of 1,000 calls of 150K tokens each is 150M
///   input tokens, but no one of its calls crossed a 200K threshold (a single call is its
///   own mean). A bucket whose call count the file does not give (0) and whose band it
///   does not state is priced at the standard prices: its mean is unknown, and most calls
///   are below every threshold;
/// - a call on a service tier (batch, flex, priority) pays the tier's prices:
///   the standard (or long-context) prices × the tier's ratios from
///   [`service_tier::tier_rates`](crate::models::projection::service_tier::tier_rates)
///   (the catalog's tier prices, else the provider's cited multipliers): uncached input
///   and cache writes × the input ratio, cache reads × the cache-read ratio, output × the
///   output ratio. Returns whether the tier was priced: `false` when the model has no
///   such tier (it is then priced at standard prices).
pub fn row_parts_cost(model: &Model, row: &Row) -> (PartsCost, bool) {
    let judged = match row.long_context {
        Some(false) => 0,
        Some(true) => model
            .tiers
            .first()
            .map_or(0, |tier| tier.above.get().saturating_add(1)),
        None if row.calls == 0 => 0,
        None => row.input_tokens / row.calls,
    };
    let mut prices = effective_prices(model, Tokens::new(judged));
    let mut tier_priced = true;
    if let Some(tier) = row.service_tier {
        match tier_rates(model, &prices, tier) {
            Some(rates) => {
                let scale = |price: UsdPerMTok, ratio: f64| {
                    UsdPerMTok::new(price.dollars() * ratio).unwrap_or(price)
                };
                let input = prices.input;
                prices.cache_write_5m =
                    Some(scale(prices.cache_write_5m.unwrap_or(input), rates.input));
                prices.cache_write_1h =
                    Some(scale(prices.cache_write_1h.unwrap_or(input), rates.input));
                prices.cache_read =
                    Some(scale(prices.cache_read.unwrap_or(input), rates.cache_read));
                prices.input = scale(input, rates.input);
                prices.output = scale(prices.output, rates.output);
            }
            None => tier_priced = false,
        }
    }
    (
        priced_parts(&prices, row.input_tokens, row.output_tokens, &row.parts),
        tier_priced,
    )
}

fn priced_parts(prices: &Prices, input: u64, output: u64, parts: &RowParts) -> PartsCost {
    let cost = |price: UsdPerMTok, tokens: u64| price.cost_of(Tokens::new(tokens));
    let cached = parts
        .cache_read
        .saturating_add(parts.cache_write_5m)
        .saturating_add(parts.cache_write_1h);
    let uncached_input = cost(prices.input, input.saturating_sub(cached));
    let cache_read = cost(prices.cache_read.unwrap_or(prices.input), parts.cache_read);
    let cache_write = cost(
        prices.cache_write_5m.unwrap_or(prices.input),
        parts.cache_write_5m,
    ) + cost(
        prices.cache_write_1h.unwrap_or(prices.input),
        parts.cache_write_1h,
    );
    let input_cost = uncached_input + cache_read + cache_write;
    let output_cost = cost(prices.output, output);
    PartsCost {
        uncached_input: uncached_input.dollars(),
        cache_read: cache_read.dollars(),
        cache_write: cache_write.dollars(),
        input: input_cost.dollars(),
        output: output_cost.dollars(),
        reasoning: cost(prices.output, parts.reasoning.min(output)).dollars(),
        total: (input_cost + output_cost).dollars(),
    }
}

/// One call, as a usage log records it (read by `formats::usage_log`).
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Seconds since the Unix epoch.
    pub at: f64,
    /// User ("" when not logged).
    pub user: String,
    /// Feature ("" when not logged).
    pub feature: String,
    /// Model id.
    pub model: String,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Dollars, when logged.
    pub cost: Option<f64>,
    /// Milliseconds, when logged.
    pub latency_ms: Option<f64>,
    /// Served from a cache.
    pub cached: bool,
    /// The error, when the call failed.
    pub error: Option<String>,
    /// The prompt or its hash, when logged.
    pub prompt: Option<String>,
    /// Reasoning tokens and prompt-cache reads and writes, inside `input_tokens` and
    /// `output_tokens` (which are the call's whole input and output).
    pub parts: TokenParts,
    /// `None`: the record is one call. `Some(n)`: it is an aggregate row (a usage export's
    /// bucket) of `n` calls, and its tokens and cost are theirs together.
    pub calls: Option<u64>,
    /// What else the file says the call belongs to (project, API key, session, ...), each
    /// dimension at most once; `user` and `feature` are filled from these by the format's
    /// rule.
    pub dimensions: Vec<(Dimension, String)>,
    /// The processing tier the file says the call ran on (OpenAI usage `batch` and
    /// `service_tier`); `None`: standard.
    pub service_tier: Option<ServiceTier>,
    /// Whether the file says the call (or the bucket's calls) paid long-context prices
    /// (Anthropic's `context_window` "200k-1M": `Some(true)`; "0-200k": `Some(false)`);
    /// `None`: not said, judged from the input.
    pub long_context: Option<bool>,
}

/// A way a usage export groups calls, beside the feature and user columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// The project or workspace (OpenAI `project_id`, Anthropic `workspace`, LiteLLM
    /// `team_id`).
    Project,
    /// The API key (its id or alias).
    ApiKey,
    /// The user or end user.
    User,
    /// Request tags or properties.
    Tags,
    /// The session or trace.
    Session,
    /// The working directory of a Claude Code project (`cwd`).
    Directory,
}

impl Dimension {
    /// Every dimension, in display order.
    pub const ALL: [Dimension; 6] = [
        Dimension::Project,
        Dimension::ApiKey,
        Dimension::User,
        Dimension::Tags,
        Dimension::Session,
        Dimension::Directory,
    ];

    /// Its name in the page ("project or workspace").
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Project => "project or workspace",
            Dimension::ApiKey => "API key",
            Dimension::User => "user",
            Dimension::Tags => "tags",
            Dimension::Session => "session",
            Dimension::Directory => "project directory",
        }
    }
}

/// Seconds in an hour and a day.
pub const HOUR: f64 = 3_600.0;
/// Seconds in a day.
pub const DAY: f64 = 86_400.0;
/// Per-request alerts kept in a report (all are counted).
pub const MAX_REQUEST_ALERTS: usize = 1_000;

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

/// One call, its texts stored in the [`Log`]'s name table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    /// Seconds since the Unix epoch.
    pub at: f64,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Dollars, when logged.
    pub cost: Option<f64>,
    /// Milliseconds, when logged.
    pub latency_ms: Option<f64>,
    /// Name number of the user ("" when not logged).
    pub user: u32,
    /// Name number of the feature.
    pub feature: u32,
    /// Name number of the model.
    pub model: u32,
    /// Name number of the error, when the call failed.
    pub error: Option<u32>,
    /// Name number of the prompt (or its hash), when logged.
    pub prompt: Option<u32>,
    /// Served from a cache.
    pub cached: bool,
    /// Reasoning tokens and prompt-cache reads and writes (0 where not logged).
    pub parts: RowParts,
    /// The calls the row stands for: 1 for a single call, n for an aggregate row.
    pub calls: u64,
    /// Whether the row is an aggregate (a bucket of `calls` calls, `Record::calls` =
    /// `Some`), even of one call.
    pub aggregate: bool,
    /// The processing tier (`None`: standard).
    pub service_tier: Option<ServiceTier>,
    /// Whether the file says it paid long-context prices (`Record::long_context`).
    pub long_context: Option<bool>,
    /// Number of the row's set of dimensions in the [`Log`]'s table (0: none).
    pub dimensions: u32,
}

impl Row {
    /// The calls the row stands for, as a count (1 for a single call).
    pub fn call_count(&self) -> usize {
        usize::try_from(self.calls).unwrap_or(usize::MAX)
    }
}

/// A usage log held compactly.
#[derive(Clone, Debug)]
pub struct Log {
    rows: Vec<Row>,
    names: Vec<String>,
    numbers: HashMap<String, u32>,
    logged: PartsLogged,
    /// The distinct sets of dimensions, each a list of (dimension, name number); set 0 is
    /// the empty one.
    dimension_sets: Vec<Vec<(Dimension, u32)>>,
    dimension_numbers: HashMap<Vec<(Dimension, u32)>, u32>,
    aggregate: bool,
}

impl Default for Log {
    fn default() -> Log {
        Log {
            rows: Vec::new(),
            names: Vec::new(),
            numbers: HashMap::default(),
            logged: PartsLogged::default(),
            dimension_sets: vec![Vec::new()],
            dimension_numbers: HashMap::default(),
            aggregate: false,
        }
    }
}

impl Log {
    /// An empty log.
    pub fn new() -> Log {
        Log::default()
    }

    /// A log of `records`, in order.
    pub fn from_records(records: impl IntoIterator<Item = Record>) -> Log {
        let mut log = Log::new();
        for record in records {
            log.push(record);
        }
        log
    }

    fn number(&mut self, name: String) -> u32 {
        if let Some(&number) = self.numbers.get(&name) {
            return number;
        }
        let number = self.names.len() as u32;
        self.names.push(name.clone());
        self.numbers.insert(name, number);
        number
    }

    fn dimension_set(&mut self, dimensions: Vec<(Dimension, String)>) -> u32 {
        if dimensions.is_empty() {
            return 0;
        }
        let set: Vec<(Dimension, u32)> = dimensions
            .into_iter()
            .map(|(dimension, name)| (dimension, self.number(name)))
            .collect();
        if let Some(&number) = self.dimension_numbers.get(&set) {
            return number;
        }
        let number = self.dimension_sets.len() as u32;
        self.dimension_sets.push(set.clone());
        self.dimension_numbers.insert(set, number);
        number
    }

    /// Adds one record (a call, or an aggregate row of `record.calls` calls).
    pub fn push(&mut self, record: Record) {
        self.aggregate |= record.calls.is_some();
        let row = Row {
            calls: record.calls.unwrap_or(1),
            aggregate: record.calls.is_some(),
            service_tier: record.service_tier,
            long_context: record.long_context,
            dimensions: self.dimension_set(record.dimensions),
            at: record.at,
            input_tokens: record.input_tokens,
            output_tokens: record.output_tokens,
            cost: record.cost,
            latency_ms: record.latency_ms,
            user: self.number(record.user),
            feature: self.number(record.feature),
            model: self.number(record.model),
            error: record.error.map(|error| self.number(error)),
            prompt: record.prompt.map(|prompt| self.number(prompt)),
            cached: record.cached,
            parts: RowParts {
                reasoning: record.parts.reasoning.unwrap_or(0),
                cache_read: record.parts.cache_read.unwrap_or(0),
                cache_write_5m: record.parts.cache_write_5m.unwrap_or(0),
                cache_write_1h: record.parts.cache_write_1h.unwrap_or(0),
            },
        };
        let logged = &mut self.logged;
        logged.reasoning |= record.parts.reasoning.is_some();
        logged.cache_read |= record.parts.cache_read.is_some();
        logged.cache_write_5m |= record.parts.cache_write_5m.is_some();
        logged.cache_write_1h |= record.parts.cache_write_1h.is_some();
        self.rows.push(row);
    }

    /// Which token parts the log has (some call logs them).
    pub fn parts_logged(&self) -> PartsLogged {
        self.logged
    }

    /// The rows, in the order read.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Whether some row is an aggregate of calls (a usage export's bucket): figures that
    /// need single calls are then not available.
    pub fn has_aggregates(&self) -> bool {
        self.aggregate
    }

    /// The dimensions of `row`, in the order the record gave them.
    pub fn dimensions(&self, row: &Row) -> impl Iterator<Item = (Dimension, &str)> + '_ {
        self.dimension_sets
            .get(row.dimensions as usize)
            .into_iter()
            .flatten()
            .map(|&(dimension, name)| (dimension, self.name(name)))
    }

    /// The dimensions some row carries, in [`Dimension::ALL`] order.
    pub fn dimensions_present(&self) -> Vec<Dimension> {
        Dimension::ALL
            .into_iter()
            .filter(|dimension| {
                self.dimension_sets
                    .iter()
                    .any(|set| set.iter().any(|(d, _)| d == dimension))
            })
            .collect()
    }

    /// The log with its feature and user breakdowns taken from the dimensions `feature`
    /// and `user` (`None`: the file's own feature or user column). A row without the
    /// dimension has "" there (shown as "(none)"). Every other figure is unchanged.
    pub fn with_breakdowns(&self, feature: Option<Dimension>, user: Option<Dimension>) -> Log {
        let mut log = self.clone();
        let pick = |set: &[(Dimension, u32)], wanted: Dimension, empty: u32| {
            set.iter()
                .find(|(dimension, _)| *dimension == wanted)
                .map_or(empty, |&(_, name)| name)
        };
        let empty = log.number(String::new());
        for row in &mut log.rows {
            let set = self
                .dimension_sets
                .get(row.dimensions as usize)
                .map_or(&[][..], Vec::as_slice);
            if let Some(feature) = feature {
                row.feature = pick(set, feature, empty);
            }
            if let Some(user) = user {
                row.user = pick(set, user, empty);
            }
        }
        log
    }

    /// Rows (records) in the log; an aggregate row counts once.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the log has no calls.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The text of name number `number`.
    pub fn name(&self, number: u32) -> &str {
        self.names.get(number as usize).map_or("", String::as_str)
    }

    /// The number of a text, if the log holds it.
    pub fn number_of(&self, name: &str) -> Option<u32> {
        self.numbers.get(name).copied()
    }

    /// A row as a record again (for export).
    pub fn record(&self, row: &Row) -> Record {
        Record {
            calls: row.aggregate.then_some(row.calls),
            dimensions: self
                .dimensions(row)
                .map(|(dimension, name)| (dimension, name.to_owned()))
                .collect(),
            service_tier: row.service_tier,
            long_context: row.long_context,
            at: row.at,
            user: self.name(row.user).to_owned(),
            feature: self.name(row.feature).to_owned(),
            model: self.name(row.model).to_owned(),
            input_tokens: row.input_tokens,
            output_tokens: row.output_tokens,
            cost: row.cost,
            latency_ms: row.latency_ms,
            cached: row.cached,
            error: row.error.map(|error| self.name(error).to_owned()),
            prompt: row.prompt.map(|prompt| self.name(prompt).to_owned()),
            parts: TokenParts {
                reasoning: self.logged.reasoning.then_some(row.parts.reasoning),
                cache_read: self.logged.cache_read.then_some(row.parts.cache_read),
                cache_write_5m: self
                    .logged
                    .cache_write_5m
                    .then_some(row.parts.cache_write_5m),
                cache_write_1h: self
                    .logged
                    .cache_write_1h
                    .then_some(row.parts.cache_write_1h),
            },
        }
    }

    /// The distinct users, features or models, by name.
    pub fn distinct(&self, pick: impl Fn(&Row) -> u32) -> Vec<String> {
        let mut seen = vec![false; self.names.len()];
        for row in &self.rows {
            seen[pick(row) as usize] = true;
        }
        let mut names: Vec<String> = seen
            .iter()
            .enumerate()
            .filter(|(_, &seen)| seen)
            .map(|(number, _)| self.names[number].clone())
            .collect();
        names.sort();
        names
    }

    /// Approximate bytes held (rows and texts), for the memory figure.
    pub fn heap_bytes(&self) -> usize {
        self.rows.capacity() * std::mem::size_of::<Row>()
            + self
                .names
                .iter()
                .map(|name| name.capacity() * 2 + 48)
                .sum::<usize>()
    }
}

/// Which rows to analyse. Every part is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Calls at or after (seconds).
    pub from: Option<f64>,
    /// Calls before (seconds).
    pub until: Option<f64>,
    /// Only this feature.
    pub feature: Option<String>,
    /// Only this model.
    pub model: Option<String>,
    /// Only this user.
    pub user: Option<String>,
}

/// A [`Filter`] resolved against one log.
struct Matcher {
    from: f64,
    until: f64,
    feature: Option<Option<u32>>,
    model: Option<Option<u32>>,
    user: Option<Option<u32>>,
}

impl Matcher {
    fn new(filter: &Filter, log: &Log) -> Matcher {
        let resolve = |name: &Option<String>| name.as_ref().map(|name| log.number_of(name));
        Matcher {
            from: filter.from.unwrap_or(f64::NEG_INFINITY),
            until: filter.until.unwrap_or(f64::INFINITY),
            feature: resolve(&filter.feature),
            model: resolve(&filter.model),
            user: resolve(&filter.user),
        }
    }

    fn matches(&self, row: &Row) -> bool {
        let is = |wanted: Option<Option<u32>>, number: u32| match wanted {
            None => true,
            Some(wanted) => wanted == Some(number),
        };
        row.at >= self.from
            && row.at < self.until
            && is(self.feature, row.feature)
            && is(self.model, row.model)
            && is(self.user, row.user)
    }
}

/// The rows of `log` that `filter` lets through.
pub fn filtered<'a>(log: &'a Log, filter: &Filter) -> impl Iterator<Item = &'a Row> + 'a {
    let matcher = Matcher::new(filter, log);
    log.rows.iter().filter(move |row| matcher.matches(row))
}

/// Totals of a set of records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Calls: a single call counts 1, an aggregate row its `calls`.
    pub requests: usize,
    /// Whether the log has aggregate rows: then the figures that need single calls
    /// (latency, cache hit rate, the cost of one request, repeated prompts) are `None` or
    /// not computed.
    pub aggregate: bool,
    /// Calls on a service tier (batch, flex, priority) that their model has no prices
    /// for, priced at standard prices.
    pub tier_at_standard: usize,
    /// Aggregate rows with tokens whose file gives no call count (Anthropic's usage
    /// report and Console export): `requests` leaves their calls out, so the request
    /// count and the averages per request are not known when this is above 0.
    pub buckets_without_count: usize,
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
    /// Cached / requests (`None` for a log with aggregate rows: the `cached` flag is a
    /// single call's).
    pub cache_hit_rate: Option<f64>,
    /// Errors / requests.
    pub error_rate: f64,
    /// Records priced at $0 because neither a cost nor the model's price is known.
    pub unpriced: usize,
    /// Records whose cost was computed from the catalog (none logged).
    pub priced_from_catalog: usize,
    /// Which token parts the log has.
    pub parts_logged: PartsLogged,
    /// Reasoning tokens (inside `output_tokens`).
    pub reasoning_tokens: u64,
    /// Reasoning tokens at the output price ([`parts_cost`]), calls on known models.
    pub reasoning_cost: f64,
    /// Input tokens read from the prompt cache (inside `input_tokens`).
    pub cache_read_tokens: u64,
    /// Cache reads at the cache-read price, calls on known models.
    pub cache_read_cost: f64,
    /// Input tokens written to the prompt cache, 5-minute and 1-hour (inside
    /// `input_tokens`).
    pub cache_write_tokens: u64,
    /// Cache writes at the write prices, calls on known models.
    pub cache_write_cost: f64,
    /// Calls with reasoning or cache tokens whose model the catalog does not know: their
    /// parts are counted but not priced.
    pub parts_unpriced: usize,
}

/// One row of a breakdown (or a slice of the log, such as its flagship calls).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Share {
    /// The feature, model or user ("(none)" when not logged).
    pub key: String,
    /// Dollars.
    pub cost: f64,
    /// Calls (an aggregate row counts its calls).
    pub requests: usize,
    /// Input + output tokens.
    pub tokens: u64,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Dollars spent on input tokens.
    pub input_cost: f64,
    /// Calls with an error.
    pub errors: usize,
    /// Dollars spent on records with an error.
    pub error_cost: f64,
    /// The model with the most cost among these records.
    pub main_model: String,
}

impl Share {
    /// Dollars per request.
    pub fn cost_per_request(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.cost / self.requests as f64
        }
    }

    /// Mean input and output tokens per request.
    pub fn mean_tokens(&self) -> (f64, f64) {
        if self.requests == 0 {
            (0.0, 0.0)
        } else {
            let n = self.requests as f64;
            (self.input_tokens as f64 / n, self.output_tokens as f64 / n)
        }
    }
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

impl AlertKind {
    /// Every kind, in display order.
    pub const ALL: [AlertKind; 4] = [
        AlertKind::Hourly,
        AlertKind::Daily,
        AlertKind::PerRequest,
        AlertKind::ErrorRate,
    ];

    /// Its name in lists.
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::Hourly => "Hourly cost",
            AlertKind::Daily => "Daily cost",
            AlertKind::PerRequest => "Cost of one request",
            AlertKind::ErrorRate => "Hourly error rate",
        }
    }
}

/// A threshold crossed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alert {
    /// Start of the hour or day, or the call's time.
    pub at: f64,
    /// Which threshold.
    pub kind: AlertKind,
    /// The value seen (dollars, or a fraction for the error rate).
    pub value: f64,
}

/// The analysis of a log.
#[derive(Clone, Debug, PartialEq)]
pub struct UsageReport {
    /// Totals.
    pub totals: Totals,
    /// Cost by feature, most expensive first.
    pub by_feature: Vec<Share>,
    /// By model.
    pub by_model: Vec<Share>,
    /// By user.
    pub by_user: Vec<Share>,
    /// The calls on flagship-tier models (as the catalog classes them), as one slice.
    pub flagship: Share,
    /// Cost per hour (start of hour, dollars), hours with calls, in order.
    pub hourly: Vec<(f64, f64)>,
    /// Cost per day (start of day, dollars), days with calls, in order.
    pub daily: Vec<(f64, f64)>,
    /// Thresholds crossed, in time order (per-request alerts: the first
    /// [`MAX_REQUEST_ALERTS`]).
    pub alerts: Vec<Alert>,
    /// How many times each threshold was crossed, in [`AlertKind::ALL`] order.
    pub alert_counts: [usize; 4],
    /// First and last call (seconds), if any.
    pub span: Option<(f64, f64)>,
    /// 30 / days spanned.
    pub month_factor: f64,
    /// Calls whose prompt repeats an earlier one, and calls that log a prompt.
    pub repeated_prompts: (usize, usize),
    /// Cost of the calls whose prompt repeats an earlier one.
    pub repeated_prompt_cost: f64,
    /// The models the catalog does not match, most tokens first: their tokens are left
    /// unpriced (a row that states its cost still counts that cost).
    pub unmatched: Vec<Unmatched>,
}

/// A model of the log that the catalog does not match ([`Catalog::lookup`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unmatched {
    /// The model as the file names it.
    pub model: String,
    /// Calls.
    pub calls: usize,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Calls that state no cost either: priced at $0.
    pub unpriced_calls: usize,
}

impl UsageReport {
    /// Share of calls on flagship-tier models.
    pub fn flagship_share(&self) -> f64 {
        fraction(self.flagship.requests, self.totals.requests)
    }

    /// Share of the calls that log a prompt whose prompt repeats an earlier one (`None`
    /// when none logs one, or the log has aggregate rows).
    pub fn repeated_prompt_share(&self) -> Option<f64> {
        let (repeats, logged) = self.repeated_prompts;
        (logged > 0 && !self.totals.aggregate).then(|| repeats as f64 / logged as f64)
    }
}

fn fraction(count: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        count as f64 / of as f64
    }
}

/// The cost of `record`, and whether it is known.
pub fn record_cost(record: &Record, catalog: &Catalog) -> Option<f64> {
    record.cost.or_else(|| {
        let parts = RowParts {
            reasoning: record.parts.reasoning.unwrap_or(0),
            cache_read: record.parts.cache_read.unwrap_or(0),
            cache_write_5m: record.parts.cache_write_5m.unwrap_or(0),
            cache_write_1h: record.parts.cache_write_1h.unwrap_or(0),
        };
        let row = Row {
            at: record.at,
            input_tokens: record.input_tokens,
            output_tokens: record.output_tokens,
            cost: None,
            latency_ms: None,
            user: 0,
            feature: 0,
            model: 0,
            error: None,
            prompt: None,
            cached: false,
            parts,
            calls: record.calls.unwrap_or(1),
            aggregate: record.calls.is_some(),
            service_tier: record.service_tier,
            long_context: record.long_context,
            dimensions: 0,
        };
        Some(row_parts_cost(catalog.lookup(&record.model)?, &row).0.total)
    })
}

/// The cost of `row` as the analysis counts it: its logged cost, or else its tokens at
/// `model`'s prices ([`row_parts_cost`]); `None` when it logs none and the model is
/// unknown.
pub fn row_cost(row: &Row, model: Option<&Model>) -> Option<f64> {
    row.cost
        .or_else(|| model.map(|model| row_parts_cost(model, row).0.total))
}

fn row_cached_input(parts: &RowParts) -> u64 {
    parts.cache_read + parts.cache_write_5m + parts.cache_write_1h
}

/// Sums for one breakdown key.
#[derive(Default)]
struct Tally {
    share: Share,
    by_model: HashMap<u32, f64>,
}

impl Tally {
    fn add(&mut self, row: &Row, cost: f64, input_cost: f64) {
        let share = &mut self.share;
        share.cost += cost;
        share.requests = share.requests.saturating_add(row.call_count());
        share.tokens += row.input_tokens + row.output_tokens;
        share.input_tokens += row.input_tokens;
        share.output_tokens += row.output_tokens;
        share.input_cost += input_cost;
        if row.error.is_some() {
            share.errors = share.errors.saturating_add(row.call_count());
            share.error_cost += cost;
        }
        *self.by_model.entry(row.model).or_default() += cost;
    }

    fn finish(self, key: &str, log: &Log) -> Share {
        let main = self
            .by_model
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(&model, _)| log.name(model).to_owned())
            .unwrap_or_default();
        Share {
            key: if key.is_empty() {
                "(none)".to_owned()
            } else {
                key.to_owned()
            },
            main_model: main,
            ..self.share
        }
    }
}

fn finish_breakdown(tallies: HashMap<u32, Tally>, log: &Log) -> Vec<Share> {
    let mut rows: Vec<Share> = tallies
        .into_iter()
        .map(|(number, tally)| tally.finish(log.name(number), log))
        .collect();
    rows.sort_by(|a, b| b.cost.total_cmp(&a.cost).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// Analyses the rows of `log` that `filter` lets through, with the catalog's prices.
pub fn analyse(
    log: &Log,
    filter: &Filter,
    catalog: &Catalog,
    thresholds: &Thresholds,
) -> UsageReport {
    // The catalog is looked up once per distinct model, not once per row.
    let mut models: HashMap<u32, Option<&Model>> = HashMap::default();
    let mut totals = Totals::default();
    let mut latencies: Vec<f64> = Vec::new();
    let (mut cached, mut errors) = (0usize, 0usize);
    let mut by_feature: HashMap<u32, Tally> = HashMap::default();
    let mut by_model: HashMap<u32, Tally> = HashMap::default();
    let mut by_user: HashMap<u32, Tally> = HashMap::default();
    let mut flagship = Tally::default();
    let mut hours: HashMap<i64, (f64, usize, usize)> = HashMap::default();
    let mut days: HashMap<i64, f64> = HashMap::default();
    let mut alerts = Vec::new();
    let mut alert_counts = [0usize; 4];
    let (mut first, mut last) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut prompts_seen = vec![false; log.names.len()];
    let (mut repeats, mut logged_prompts, mut repeated_cost) = (0usize, 0usize, 0.0);
    let mut unmatched: HashMap<u32, Unmatched> = HashMap::default();
    let aggregate = log.has_aggregates();
    totals.aggregate = aggregate;

    for row in filtered(log, filter) {
        let calls = row.call_count();
        if row.aggregate && row.calls == 0 && row.input_tokens + row.output_tokens > 0 {
            totals.buckets_without_count += 1;
        }
        let model = *models
            .entry(row.model)
            .or_insert_with(|| catalog.lookup(log.name(row.model)));
        let priced = model.map(|model| {
            let (cost, tier_priced) = row_parts_cost(model, row);
            if !tier_priced {
                totals.tier_at_standard = totals.tier_at_standard.saturating_add(calls);
            }
            cost
        });
        if model.is_none() {
            let entry = unmatched.entry(row.model).or_default();
            entry.calls = entry.calls.saturating_add(calls);
            entry.input_tokens = entry.input_tokens.saturating_add(row.input_tokens);
            entry.output_tokens = entry.output_tokens.saturating_add(row.output_tokens);
            if row.cost.is_none() {
                entry.unpriced_calls = entry.unpriced_calls.saturating_add(calls);
            }
        }
        let cost = match (row.cost, priced) {
            (Some(cost), _) => cost,
            (None, Some(priced)) => {
                totals.priced_from_catalog += calls;
                priced.total
            }
            (None, None) => {
                totals.unpriced += calls;
                0.0
            }
        };
        let parts = &row.parts;
        totals.reasoning_tokens += parts.reasoning;
        totals.cache_read_tokens += parts.cache_read;
        totals.cache_write_tokens += parts.cache_write_5m + parts.cache_write_1h;
        match priced {
            Some(priced) => {
                totals.reasoning_cost += priced.reasoning;
                totals.cache_read_cost += priced.cache_read;
                totals.cache_write_cost += priced.cache_write;
            }
            None => {
                if parts.reasoning > 0 || row_cached_input(parts) > 0 {
                    totals.parts_unpriced = totals.parts_unpriced.saturating_add(calls);
                }
            }
        }
        let input_cost = match priced {
            Some(priced) => priced.input.min(cost.max(0.0)),
            None => {
                let tokens = row.input_tokens + row.output_tokens;
                if tokens == 0 {
                    0.0
                } else {
                    cost * row.input_tokens as f64 / tokens as f64
                }
            }
        };
        totals.requests = totals.requests.saturating_add(calls);
        totals.cost += cost;
        totals.input_tokens = totals.input_tokens.saturating_add(row.input_tokens);
        totals.output_tokens = totals.output_tokens.saturating_add(row.output_tokens);
        if !aggregate {
            latencies.extend(row.latency_ms);
        }
        cached += usize::from(row.cached);
        if row.error.is_some() {
            errors = errors.saturating_add(calls);
        }
        by_feature
            .entry(row.feature)
            .or_default()
            .add(row, cost, input_cost);
        by_model
            .entry(row.model)
            .or_default()
            .add(row, cost, input_cost);
        by_user
            .entry(row.user)
            .or_default()
            .add(row, cost, input_cost);
        if model.is_some_and(|model| model.tier == CapabilityTier::Flagship) {
            flagship.add(row, cost, input_cost);
        }
        if let (Some(prompt), false) = (row.prompt, aggregate) {
            logged_prompts += 1;
            let seen = &mut prompts_seen[prompt as usize];
            if *seen {
                repeats += 1;
                repeated_cost += cost;
            }
            *seen = true;
        }
        first = first.min(row.at);
        last = last.max(row.at);
        let hour = hours.entry((row.at / HOUR).floor() as i64).or_default();
        hour.0 += cost;
        hour.1 += calls;
        if row.error.is_some() {
            hour.2 += calls;
        }
        *days.entry((row.at / DAY).floor() as i64).or_default() += cost;
        // The cost of one request is known only for single calls.
        if !aggregate && cost > thresholds.per_request {
            alert_counts[2] += 1;
            if alert_counts[2] <= MAX_REQUEST_ALERTS {
                alerts.push(Alert {
                    at: row.at,
                    kind: AlertKind::PerRequest,
                    value: cost,
                });
            }
        }
    }

    latencies.sort_by(f64::total_cmp);
    if !latencies.is_empty() {
        let n = latencies.len();
        totals.mean_latency = Some(latencies.iter().sum::<f64>() / n as f64);
        totals.p95_latency = Some(latencies[((n as f64 * 0.95).ceil() as usize).clamp(1, n) - 1]);
    }
    totals.cache_hit_rate = (!aggregate).then(|| fraction(cached, totals.requests));
    totals.error_rate = fraction(errors, totals.requests);

    let mut hourly: Vec<(f64, f64)> = Vec::with_capacity(hours.len());
    for (&hour, &(cost, calls, errors)) in &hours {
        let at = hour as f64 * HOUR;
        hourly.push((at, cost));
        if cost > thresholds.hourly {
            alert_counts[0] += 1;
            alerts.push(Alert {
                at,
                kind: AlertKind::Hourly,
                value: cost,
            });
        }
        let rate = errors as f64 / calls as f64;
        if calls >= 20 && rate > thresholds.error_rate {
            alert_counts[3] += 1;
            alerts.push(Alert {
                at,
                kind: AlertKind::ErrorRate,
                value: rate,
            });
        }
    }
    hourly.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut daily: Vec<(f64, f64)> = days
        .into_iter()
        .map(|(day, cost)| (day as f64 * DAY, cost))
        .collect();
    daily.sort_by(|a, b| a.0.total_cmp(&b.0));
    for &(at, cost) in &daily {
        if cost > thresholds.daily {
            alert_counts[1] += 1;
            alerts.push(Alert {
                at,
                kind: AlertKind::Daily,
                value: cost,
            });
        }
    }
    alerts.sort_by(|a, b| a.at.total_cmp(&b.at));

    totals.parts_logged = log.logged;
    let span = (totals.requests > 0).then_some((first, last));
    let days_spanned = span.map_or(1.0, |(first, last)| ((last - first) / DAY).max(1.0));
    UsageReport {
        totals,
        by_feature: finish_breakdown(by_feature, log),
        by_model: finish_breakdown(by_model, log),
        by_user: finish_breakdown(by_user, log),
        flagship: flagship.finish("flagship models", log),
        hourly,
        daily,
        alerts,
        alert_counts,
        span,
        month_factor: 30.0 / days_spanned,
        repeated_prompts: (repeats, logged_prompts),
        repeated_prompt_cost: repeated_cost,
        unmatched: finish_unmatched(unmatched, log),
    }
}

fn finish_unmatched(unmatched: HashMap<u32, Unmatched>, log: &Log) -> Vec<Unmatched> {
    let mut rows: Vec<Unmatched> = unmatched
        .into_iter()
        .map(|(number, entry)| Unmatched {
            model: log.name(number).to_owned(),
            ..entry
        })
        .collect();
    rows.sort_by(|a, b| {
        (b.input_tokens + b.output_tokens)
            .cmp(&(a.input_tokens + a.output_tokens))
            .then_with(|| a.model.cmp(&b.model))
    });
    rows
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
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
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
            parts: TokenParts::default(),
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
        let report = analyse(
            &Log::from_records(records),
            &Filter::default(),
            &catalog,
            &Thresholds::default(),
        );
        let totals = &report.totals;
        assert_eq!(totals.requests, 4);
        assert!((totals.cost - (0.00045 + 0.02 + 0.75)).abs() < 1e-12);
        assert_eq!(totals.unpriced, 1);
        assert_eq!(totals.cache_hit_rate, Some(0.25));
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
        let report = analyse(
            &Log::from_records(records),
            &Filter::default(),
            &catalog,
            &Thresholds::default(),
        );
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
        let report = |records: &[Record]| {
            analyse(
                &Log::from_records(records.to_vec()),
                &Filter::default(),
                &catalog,
                &Thresholds::default(),
            )
        };
        assert_eq!(report(&records).flagship_share(), 0.5);
        assert_eq!(report(&records).flagship.main_model, "gpt-5");
        assert_eq!(report(&records).repeated_prompt_share(), None);
        records[0].prompt = Some("p".into());
        records[1].prompt = Some("p".into());
        assert_eq!(report(&records).repeated_prompt_share(), Some(0.5));
        assert_eq!(report(&[]).totals.requests, 0);
        assert_eq!(report(&[]).span, None);
    }

    #[test]
    fn filters_narrow_every_figure() {
        let catalog = Catalog::shipped().unwrap();
        let mut records = vec![
            record(0.0, "chat", "m", 0, 0, Some(1.0)),
            record(10.0, "chat", "m", 0, 0, Some(2.0)),
            record(DAY, "search", "m", 0, 0, Some(4.0)),
            record(DAY + 5.0, "chat", "n", 0, 0, Some(8.0)),
        ];
        records[3].user = "u2".into();
        let log = Log::from_records(records);
        let cost = |filter: Filter| {
            analyse(&log, &filter, &catalog, &Thresholds::default())
                .totals
                .cost
        };
        assert_eq!(cost(Filter::default()), 15.0);
        let feature = |name: &str| Filter {
            feature: Some(name.into()),
            ..Filter::default()
        };
        assert_eq!(cost(feature("chat")), 11.0);
        assert_eq!(cost(feature("absent")), 0.0);
        assert_eq!(
            cost(Filter {
                from: Some(DAY),
                ..Filter::default()
            }),
            12.0
        );
        assert_eq!(
            cost(Filter {
                until: Some(DAY),
                model: Some("m".into()),
                ..Filter::default()
            }),
            3.0
        );
        assert_eq!(
            cost(Filter {
                user: Some("u2".into()),
                ..Filter::default()
            }),
            8.0
        );
        assert_eq!(log.distinct(|row| row.feature), vec!["chat", "search"]);
        // Rows go back to the records they came from.
        assert_eq!(log.record(&log.rows()[3]).user, "u2");
    }

    #[test]
    fn shares_carry_input_cost_errors_and_main_model() {
        let catalog = Catalog::shipped().unwrap();
        // gpt-4o-mini at $0.15/$0.60 per M: 2,000 in = $0.0003 of input.
        let mut records = vec![
            record(0.0, "chat", "gpt-4o-mini", 2_000, 1_000, None),
            record(1.0, "chat", "own-model", 300, 100, Some(0.04)),
        ];
        records[1].error = Some("timeout".into());
        let report = analyse(
            &Log::from_records(records),
            &Filter::default(),
            &catalog,
            &Thresholds::default(),
        );
        let chat = &report.by_feature[0];
        // Unknown model: input share of the logged cost = 0.04 × 300 / 400 = 0.03.
        assert!((chat.input_cost - (0.0003 + 0.03)).abs() < 1e-12);
        assert_eq!(chat.errors, 1);
        assert_eq!(chat.error_cost, 0.04);
        assert_eq!(chat.main_model, "own-model");
        assert_eq!(chat.mean_tokens(), (1_150.0, 550.0));
        assert_eq!(report.totals.priced_from_catalog, 1);
    }

    /// Claude Sonnet 4.5's prices as Anthropic lists them
    /// (<https://platform.claude.com/docs/en/about-claude/pricing>): $3 input, $15 output,
    /// $0.30 cache reads, $3.75 5-minute and $6 1-hour writes; above 200K input tokens $6,
    /// $22.50, $0.60, $7.50 and $12.
    fn sonnet() -> Model {
        // Built from the shipped model, field by field, so that the test says every price
        // it uses and does not break when the catalog's structs gain fields.
        let price = |dollars| UsdPerMTok::new(dollars).unwrap();
        let mut model = crate::testing::catalog()
            .get("claude-sonnet-4-5")
            .cloned()
            .unwrap();
        let prices = &mut model.prices;
        prices.input = price(3.0);
        prices.output = price(15.0);
        prices.cache_read = Some(price(0.3));
        prices.cache_write_5m = Some(price(3.75));
        prices.cache_write_1h = Some(price(6.0));
        let mut tier = model.tiers.first().cloned().unwrap();
        tier.above = Tokens::new(200_000);
        tier.input = Some(price(6.0));
        tier.output = Some(price(22.5));
        tier.cache_read = Some(price(0.6));
        tier.cache_write_5m = Some(price(7.5));
        tier.cache_write_1h = Some(price(12.0));
        model.tiers = vec![tier];
        model
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn each_part_is_priced_at_its_own_rate() {
        // Anthropic's prompt-caching example: 2,048 uncached + 1,800 read + 148 (5 min) +
        // 100 (1 h) written = 4,096 input tokens, 503 output.
        let parts = RowParts {
            reasoning: 0,
            cache_read: 1_800,
            cache_write_5m: 148,
            cache_write_1h: 100,
        };
        let cost = parts_cost(&sonnet(), 4_096, 503, &parts);
        // 2,048 × $3 / M = $0.006144; 1,800 × $0.30 / M = $0.00054;
        // 148 × $3.75 / M + 100 × $6 / M = $0.000555 + $0.0006 = $0.001155;
        // 503 × $15 / M = $0.007545. Total $0.015384.
        close(cost.uncached_input, 0.006144);
        close(cost.cache_read, 0.00054);
        close(cost.cache_write, 0.001155);
        close(cost.input, 0.007839);
        close(cost.output, 0.007545);
        close(cost.total, 0.015384);
        // OpenAI's reasoning example: 75 input, 1,186 output of which 1,024 reasoning. The
        // reasoning is inside the output: 1,024 × $15 / M = $0.01536 of the
        // 1,186 × $15 / M = $0.01779; total 75 × $3 / M + $0.01779 = $0.018015.
        let reasoning = RowParts {
            reasoning: 1_024,
            ..RowParts::default()
        };
        let cost = parts_cost(&sonnet(), 75, 1_186, &reasoning);
        close(cost.reasoning, 0.01536);
        close(cost.output, 0.01779);
        close(cost.total, 0.018015);
    }

    #[test]
    fn the_whole_input_picks_the_long_context_tier() {
        // Anthropic's rate-limit example: a 200,000-token cached document and a 50-token
        // question. The whole input, 200,050, is above 200K, so every part pays the tier:
        // 50 × $6 / M = $0.0003; 200,000 × $0.60 / M = $0.12; 500 × $22.50 / M = $0.01125.
        let parts = RowParts {
            cache_read: 200_000,
            ..RowParts::default()
        };
        let cost = parts_cost(&sonnet(), 200_050, 500, &parts);
        close(cost.uncached_input, 0.0003);
        close(cost.cache_read, 0.12);
        close(cost.total, 0.13155);
        // A model without cache prices charges every part the input price.
        let mut plain = sonnet();
        plain.tiers.clear();
        plain.prices.cache_read = None;
        plain.prices.cache_write_5m = None;
        plain.prices.cache_write_1h = None;
        let parts = RowParts {
            reasoning: 0,
            cache_read: 1_800,
            cache_write_5m: 148,
            cache_write_1h: 100,
        };
        // 4,096 × $3 / M = $0.012288.
        close(parts_cost(&plain, 4_096, 0, &parts).total, 0.012288);
    }

    #[test]
    fn a_row_stays_compact_and_gives_its_record_back() {
        // 120 bytes before the calls, tier and dimensions; 136 with them (a million rows:
        // 136 MB at most, texts apart).
        assert_eq!(std::mem::size_of::<Row>(), 136);
        let mut bucket = record(0.0, "", "gpt-4o", 10, 20, None);
        bucket.calls = Some(7);
        bucket.service_tier = Some(ServiceTier::Batch);
        bucket.dimensions = vec![
            (Dimension::Project, "proj_1".into()),
            (Dimension::ApiKey, "key_1".into()),
        ];
        let single = record(1.0, "", "gpt-4o", 1, 1, None);
        let log = Log::from_records([bucket.clone(), single.clone(), bucket.clone()]);
        assert_eq!(log.record(&log.rows()[0]), bucket);
        assert_eq!(log.record(&log.rows()[1]), single);
        // The same dimensions are stored once.
        assert_eq!(log.rows()[0].dimensions, log.rows()[2].dimensions);
        assert!(log.has_aggregates());
        assert_eq!(
            log.dimensions_present(),
            vec![Dimension::Project, Dimension::ApiKey]
        );
    }

    #[test]
    fn breakdowns_follow_the_chosen_dimensions() {
        let catalog = Catalog::shipped().unwrap();
        let mut a = record(0.0, "chat", "m", 0, 0, Some(1.0));
        a.dimensions = vec![
            (Dimension::Project, "p1".into()),
            (Dimension::ApiKey, "k1".into()),
        ];
        let mut b = record(1.0, "chat", "m", 0, 0, Some(2.0));
        b.dimensions = vec![(Dimension::Project, "p2".into())];
        let log = Log::from_records([a, b]);
        let by = log.with_breakdowns(Some(Dimension::Project), Some(Dimension::ApiKey));
        let report = analyse(&by, &Filter::default(), &catalog, &Thresholds::default());
        let keys = |shares: &[Share]| -> Vec<(String, f64)> {
            shares.iter().map(|s| (s.key.clone(), s.cost)).collect()
        };
        assert_eq!(
            keys(&report.by_feature),
            vec![("p2".into(), 2.0), ("p1".into(), 1.0)]
        );
        // The second row has no API key: "(none)".
        assert_eq!(
            keys(&report.by_user),
            vec![("(none)".into(), 2.0), ("k1".into(), 1.0)]
        );
        let filter = Filter {
            feature: Some("p1".into()),
            ..Filter::default()
        };
        assert_eq!(
            analyse(&by, &filter, &catalog, &Thresholds::default())
                .totals
                .cost,
            1.0
        );
        // None keeps the file's own columns.
        assert_eq!(
            log.with_breakdowns(None, None).distinct(|r| r.feature),
            vec!["chat"]
        );
    }

    #[test]
    fn aggregate_rows_count_their_calls_and_give_no_single_call_figures() {
        let catalog = Catalog::shipped().unwrap();
        // A bucket of 100 calls on gpt-4o-mini ($0.15 / $0.60 per M): 1,000,000 in +
        // 200,000 out = $0.15 + $0.12 = $0.27 for the 100 calls; and one call stating
        // $0.03. Together 101 calls, $0.30, $0.30 / 101 per call.
        let mut bucket = record(0.0, "chat", "gpt-4o-mini", 1_000_000, 200_000, None);
        bucket.calls = Some(100);
        bucket.cached = true;
        let mut single = record(60.0, "chat", "gpt-4o-mini", 0, 0, Some(0.03));
        single.prompt = Some("p".into());
        let mut again = single.clone();
        again.cost = Some(0.9);
        let report = analyse(
            &Log::from_records([bucket, single, again]),
            &Filter::default(),
            &catalog,
            &Thresholds::default(),
        );
        let totals = &report.totals;
        assert_eq!(totals.requests, 102);
        assert!(totals.aggregate);
        close(totals.cost, 0.27 + 0.03 + 0.9);
        assert_eq!(report.by_feature[0].requests, 102);
        close(report.by_feature[0].cost_per_request(), 1.2 / 102.0);
        assert_eq!(totals.priced_from_catalog, 100);
        // Figures that need single calls are not available, not wrong.
        assert_eq!(totals.mean_latency, None);
        assert_eq!(totals.p95_latency, None);
        assert_eq!(totals.cache_hit_rate, None);
        assert_eq!(report.repeated_prompt_share(), None);
        // The $0.90 call would cross the $0.50 per-request threshold in a per-call log.
        assert_eq!(report.alert_counts[2], 0);
        let found = opportunities::opportunities(&report, &catalog, &Thresholds::default());
        assert!(found
            .iter()
            .all(|found| !opportunities::PER_CALL_ONLY.contains(&found.kind)));
    }

    #[test]
    fn a_bucket_without_a_call_count_is_counted_as_such() {
        // Anthropic's usage buckets give no request count (calls = Some(0)). A day of
        // 300,000 input tokens on Claude Sonnet 4.5 ($3 / $15 per M, $6 / $22.50 above
        // 200K) with no stated band is priced at the standard prices: 300,000 × $3 / M =
        // $0.90 (not $1.80: its mean call is unknown, not 300,000 tokens).
        let catalog = Catalog::shipped().unwrap();
        let mut bucket = record(0.0, "", "claude-sonnet-4-5-20250929", 300_000, 0, None);
        bucket.calls = Some(0);
        let report = analyse(
            &Log::from_records([bucket]),
            &Filter::default(),
            &catalog,
            &Thresholds::default(),
        );
        assert_eq!(report.totals.buckets_without_count, 1);
        assert_eq!(report.totals.requests, 0);
        close(report.totals.cost, 0.90);
    }

    #[test]
    fn a_bucket_takes_the_long_context_tier_of_its_mean_call() {
        // Ten calls, 1,000,000 input tokens together: 100,000 a call, under the 200K
        // threshold, so $3 per M: $3.00 (one call of 1,000,000 would pay $6: $6.00).
        let mut bucket = record(0.0, "", "claude-sonnet-4-5", 1_000_000, 0, None);
        bucket.calls = Some(10);
        let single = record(0.0, "", "claude-sonnet-4-5", 1_000_000, 0, None);
        let log = Log::from_records([bucket, single]);
        close(row_parts_cost(&sonnet(), &log.rows()[0]).0.total, 3.0);
        close(row_parts_cost(&sonnet(), &log.rows()[1]).0.total, 6.0);
    }

    #[test]
    fn a_service_tier_is_priced_at_the_tiers_rates() {
        let catalog = crate::testing::catalog();
        let mini = catalog.get("gpt-4o-mini").unwrap();
        let cost = |tier| {
            let mut call = record(0.0, "", "gpt-4o-mini", 1_000_000, 1_000_000, None);
            call.service_tier = tier;
            let log = Log::from_records([call]);
            row_parts_cost(mini, &log.rows()[0])
        };
        // gpt-4o-mini: standard $0.15 + $0.60 = $0.75; batch $0.075 + $0.30 = $0.375;
        // priority $0.25 + $1.00 = $1.25 (the catalog's tier prices).
        close(cost(None).0.total, 0.75);
        close(cost(Some(ServiceTier::Batch)).0.total, 0.375);
        close(cost(Some(ServiceTier::Priority)).0.total, 1.25);
        // Cache reads pay the tier's cache-read price: 1M of them at priority
        // $0.125 (standard $0.075) + 0 uncached + $1.00 output = $1.125.
        let mut read = record(0.0, "", "gpt-4o-mini", 1_000_000, 1_000_000, None);
        read.service_tier = Some(ServiceTier::Priority);
        read.parts.cache_read = Some(1_000_000);
        let log = Log::from_records([read]);
        close(row_parts_cost(mini, &log.rows()[0]).0.total, 1.125);
        // gpt-4o-mini has no flex prices: standard, and said so.
        let (flex, priced) = cost(Some(ServiceTier::Flex));
        close(flex.total, 0.75);
        assert!(!priced);
    }

    #[test]
    fn unmatched_models_are_listed_with_their_tokens() {
        let catalog = Catalog::shipped().unwrap();
        let mut bucket = record(0.0, "", "in-house-llm", 1_000, 500, None);
        bucket.calls = Some(4);
        let report = analyse(
            &Log::from_records([
                bucket,
                record(1.0, "", "in-house-llm", 10, 5, Some(0.1)),
                record(2.0, "", "gpt-4o", 10, 5, None),
            ]),
            &Filter::default(),
            &catalog,
            &Thresholds::default(),
        );
        assert_eq!(
            report.unmatched,
            vec![Unmatched {
                model: "in-house-llm".into(),
                calls: 5,
                input_tokens: 1_010,
                output_tokens: 505,
                unpriced_calls: 4,
            }]
        );
        assert_eq!(report.totals.unpriced, 4);
    }

    proptest::proptest! {
        #[test]
        fn with_no_parts_a_call_costs_what_call_cost_says(input in 0u64..2_000_000_000, output in 0u64..2_000_000_000, model in 0usize..4) {
            use crate::money::cost::{call_cost, CallTokens};
            let ids = ["gpt-4o", "gpt-5-mini", "claude-sonnet-4-5", "claude-haiku-4-5"];
            let model = crate::testing::catalog().get(ids[model]).unwrap();
            let call = CallTokens { input: Tokens::new(input), output: Tokens::new(output) };
            let today = call_cost(model, call);
            let parts = parts_cost(model, input, output, &RowParts::default());
            proptest::prop_assert_eq!(parts.total, today.total.dollars());
            proptest::prop_assert_eq!(parts.input, today.input.dollars());
        }

        #[test]
        fn parts_never_cost_less_than_nothing_or_more_than_the_dearest_rate(input in 0u64..1_000_000, output in 0u64..100_000, read in 0u64..1_000_000, w5 in 0u64..100_000, w1 in 0u64..100_000, reasoning in 0u64..200_000) {
            let parts = RowParts { reasoning, cache_read: read, cache_write_5m: w5, cache_write_1h: w1 };
            let cost = parts_cost(&sonnet(), input, output, &parts);
            proptest::prop_assert!(cost.total.is_finite() && cost.total >= 0.0);
            proptest::prop_assert!(cost.reasoning <= cost.output);
        }
    }

    proptest::proptest! {
        #[test]
        fn breakdowns_add_up_to_the_totals(
            rows in proptest::collection::vec(
                (0.0f64..2e6, 0usize..3, 0usize..3, 0u64..50_000, 0u64..5_000, proptest::option::of(0.0f64..5.0), proptest::bool::ANY),
                0..60,
            ),
            from in proptest::option::of(0.0f64..2e6),
        ) {
            let catalog = crate::testing::catalog();
            let names = ["a", "b", ""];
            let models = ["gpt-4o", "unknown", "gpt-5-nano"];
            let log = Log::from_records(rows.iter().map(|&(at, feature, model, input, output, cost, failed)| {
                let mut record = record(at, names[feature], models[model], input, output, cost);
                record.error = failed.then(|| "x".to_owned());
                record
            }));
            let filter = Filter { from, ..Filter::default() };
            let report = analyse(&log, &filter, catalog, &Thresholds::default());
            let totals = &report.totals;
            proptest::prop_assert_eq!(totals.requests, filtered(&log, &filter).count());
            for shares in [&report.by_feature, &report.by_model, &report.by_user] {
                let cost: f64 = shares.iter().map(|share| share.cost).sum();
                let requests: usize = shares.iter().map(|share| share.requests).sum();
                proptest::prop_assert!((cost - totals.cost).abs() <= 1e-9 * totals.cost.max(1.0));
                proptest::prop_assert_eq!(requests, totals.requests);
            }
            let hourly: f64 = report.hourly.iter().map(|hour| hour.1).sum();
            proptest::prop_assert!((hourly - totals.cost).abs() <= 1e-9 * totals.cost.max(1.0));
            proptest::prop_assert!((0.0..=1.0).contains(&totals.error_rate));
            let found = opportunities::opportunities(&report, catalog, &Thresholds::default());
            proptest::prop_assert!(found.iter().all(|found| found.monthly_saving.is_finite() && found.monthly_saving >= 0.0));
        }
    }
}
