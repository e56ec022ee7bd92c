//! Provider usage exports: the known formats of the usage files that providers, gateways
//! and observability tools write, how each is recognised, and what its fields, units and
//! rows mean. Each format is one row of a declarative table ([`ExportFormat`]); the
//! reader (`formats::usage_log::Reader::for_export`) follows the row, and the README lists
//! the same rules.
//!
//! The formats are split between two tables: [`providers::FORMATS`] (OpenAI, Anthropic,
//! Claude Code, Gemini) and [`gateways::FORMATS`] (LiteLLM, Langfuse, Helicone,
//! OpenRouter); [`formats`] lists both.
//!
//! Must not know: the DOM, prices.

pub mod gateways;
pub mod providers;
pub mod read;

use crate::models::usage::Dimension;

/// What a format's rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// One row per call.
    PerCall,
    /// Each row is a bucket of many calls (its request count, [`Fields::calls`], becomes
    /// `Record::calls`).
    Buckets,
    /// Each row states a cost only, with no tokens (a cost export).
    Costs,
}

/// The unit of a format's cost field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostUnit {
    /// US dollars.
    Dollars,
    /// US cents (Anthropic's cost report: a decimal string in cents).
    Cents,
}

/// The unit of a format's latency field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LatencyUnit {
    /// Seconds (Langfuse `latency`).
    Seconds,
    /// Milliseconds (Helicone `latency`).
    Millis,
}

/// Where a format's fields are, as names or dotted paths through nested objects
/// (`message.usage.input_tokens`, `usageDetails.input`; a path may go through a cell or
/// value that holds JSON as a string, such as LiteLLM's `metadata` in a CSV). A JSON
/// document's rows also see the fields of the objects that hold them (an OpenAI bucket's
/// `start_time` is read by each of its `results`), the row's own field winning.
///
/// A list of one name is that field. `time`, `model`, `cost`, `latency` and `calls` take
/// the first name the row has; the token lists are summed over the names the row has
/// (Gemini's input is `promptTokenCount` + `toolUsePromptTokenCount`). An empty list: the
/// format has no such field.
#[derive(Debug, PartialEq)]
pub struct Fields {
    /// When the call (or the bucket) started: Unix seconds or a date and time.
    pub time: &'static [&'static str],
    /// The model id or name.
    pub model: &'static [&'static str],
    /// The input count as the format logs it (see [`ExportFormat::input_has_cache_read`]).
    pub input: &'static [&'static str],
    /// The output count as the format logs it (see [`ExportFormat::output_has_reasoning`]).
    pub output: &'static [&'static str],
    /// Input tokens read from the prompt cache.
    pub cache_read: &'static [&'static str],
    /// Cache writes whose TTL the format does not say (read as 5-minute writes, less any
    /// 1-hour writes, as `usage_log::token_parts` does for Anthropic).
    pub cache_write: &'static [&'static str],
    /// 5-minute cache writes.
    pub cache_write_5m: &'static [&'static str],
    /// 1-hour cache writes.
    pub cache_write_1h: &'static [&'static str],
    /// Reasoning (thinking) tokens.
    pub reasoning: &'static [&'static str],
    /// The number of calls a bucket row stands for ([`Rows::Buckets`]).
    pub calls: &'static [&'static str],
    /// The cost the file states, in [`ExportFormat::cost_unit`].
    pub cost: &'static [&'static str],
    /// The call's latency, in [`ExportFormat::latency_unit`].
    pub latency: &'static [&'static str],
    /// Whether the call failed (read by the usage log's yes-or-no rule).
    pub error: &'static [&'static str],
    /// Whether the row ran on the batch API (OpenAI usage `batch`: yes-or-no).
    pub batch: &'static [&'static str],
    /// The processing tier (OpenAI `service_tier`: "flex", "priority"; anything else is
    /// standard).
    pub service_tier: &'static [&'static str],
    /// The long-context band a bucket's calls fell in (Anthropic's `context_window`,
    /// "0-200k" or "200k-1M"): which prices they paid, read by
    /// `read::long_context`. Without it a bucket's band is judged on its mean input per
    /// call.
    pub context_window: &'static [&'static str],
    /// Fields that say what the call belongs to. A list or object value is written as
    /// its items joined by ", " (`request_tags`).
    pub dimensions: &'static [(Dimension, &'static str)],
}

/// A known usage-export format: one row of the table.
#[derive(Debug, PartialEq)]
pub struct ExportFormat {
    /// Stable id, used in saved choices, tests and the override menu
    /// ("anthropic-console-usage").
    pub id: &'static str,
    /// Its name in the page ("Anthropic Console usage export").
    pub name: &'static str,
    /// Where its field names come from (the vendor page or source file), for the README.
    pub source: &'static str,
    /// Field names a file must all have to be read as this format (header names, or a
    /// row's names and dotted paths). Detection picks the format whose signature has the
    /// most names among those the file has all of.
    pub signature: &'static [&'static str],
    /// In a JSON document: the path of arrays to the rows (`["data", "results"]`: each
    /// element of `data`, then each element of its `results`). Empty: the document is an
    /// array of rows (or a single row). Not used for CSV and JSON Lines.
    pub rows_path: &'static [&'static str],
    /// Keep only rows whose field (a name or path) has this value (Langfuse: `type` is
    /// `GENERATION`; Claude Code: `type` is `assistant`). Other rows are skipped, not
    /// bad rows.
    pub keep: Option<(&'static str, &'static str)>,
    /// Fields whose values together identify a call logged more than once (Claude Code:
    /// `message.id` and `requestId`); later copies are skipped. Empty: no deduplication.
    pub dedupe: &'static [&'static str],
    /// What the rows are.
    pub rows: Rows,
    /// Where the fields are.
    pub fields: Fields,
    /// Whether the input count includes the cache reads (OpenAI, Gemini: yes;
    /// Anthropic: no, the parts are disjoint).
    pub input_has_cache_read: bool,
    /// Whether the input count includes the cache writes (OpenAI's usage API: yes,
    /// `input_tokens` include `input_cache_write_tokens`; Anthropic: no).
    pub input_has_cache_write: bool,
    /// Whether the output count includes the reasoning tokens (OpenAI, Anthropic,
    /// OpenRouter: yes; Gemini: no, `candidatesTokenCount` excludes
    /// `thoughtsTokenCount`).
    pub output_has_reasoning: bool,
    /// The unit of [`Fields::cost`].
    pub cost_unit: CostUnit,
    /// The unit of [`Fields::latency`].
    pub latency_unit: LatencyUnit,
    /// Which dimension fills the record's `feature`, and which its `user` (the page may
    /// offer the others instead).
    pub feature: Option<Dimension>,
    /// See [`ExportFormat::feature`].
    pub user: Option<Dimension>,
}

/// No fields: a table row names the ones its format has and takes the rest from here
/// (`Fields { model: &["model"], ..EMPTY_FIELDS }`).
pub const EMPTY_FIELDS: Fields = Fields {
    time: &[],
    model: &[],
    input: &[],
    output: &[],
    cache_read: &[],
    cache_write: &[],
    cache_write_5m: &[],
    cache_write_1h: &[],
    reasoning: &[],
    calls: &[],
    cost: &[],
    latency: &[],
    error: &[],
    batch: &[],
    service_tier: &[],
    context_window: &[],
    dimensions: &[],
};

/// Every known format, in the order the override menu lists them.
pub fn formats() -> impl Iterator<Item = &'static ExportFormat> {
    providers::FORMATS.iter().chain(gateways::FORMATS.iter())
}

/// The format with id `id`.
pub fn by_id(id: &str) -> Option<&'static ExportFormat> {
    formats().find(|format| format.id == id)
}

/// The known format of a file, from its first chunk (`head`, up to 512 KiB, possibly cut
/// mid-line or mid-document), or `None`: the file is read as a generic log (column names,
/// else the mapping step).
///
/// The head's field names are taken as each format would read the file
/// (`read::head_names`): the CSV header; the union of the names of the first JSON lines
/// (nested names dotted, `message.usage.input_tokens`); or, in a JSON document, the names of
/// the first row under the format's `rows_path` and of the objects holding it (a head cut
/// mid-document is cut back to the last whole value and its open brackets closed). The
/// format picked is the one whose signature names are all among them, the one with the
/// most names first (the table's order between equals).
pub fn detect_export(head: &str) -> Option<&'static ExportFormat> {
    let mut names_by_path: Vec<(&[&str], Vec<String>)> = Vec::new();
    let mut best: Option<&'static ExportFormat> = None;
    for format in formats() {
        if format.signature.is_empty() {
            continue;
        }
        let names = match names_by_path
            .iter()
            .find(|(path, _)| *path == format.rows_path)
        {
            Some((_, names)) => names,
            None => {
                names_by_path.push((format.rows_path, read::head_names(head, format.rows_path)));
                &names_by_path[names_by_path.len() - 1].1
            }
        };
        let all = format
            .signature
            .iter()
            .all(|wanted| names.iter().any(|name| name == wanted));
        if all && best.is_none_or(|best| format.signature.len() > best.signature.len()) {
            best = Some(format);
        }
    }
    best
}
