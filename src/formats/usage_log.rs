//! Usage logs: one record per LLM call, as CSV or JSONL, read from byte chunks of any size.
//!
//! The article's `LLMMetric` fields are recognised by name (`timestamp`, `user_id`,
//! `feature`, `model`, `input_tokens`, `output_tokens`, `total_tokens`, `cost`,
//! `latency_ms`, `cached`, `cache_type`, `error`, plus `prompt`), as are common other names
//! (`prompt_tokens`, `created_at`, …); anything else is mapped by the user
//! ([`Mapping`]). A record that cannot be read becomes a [`BadRow`] with the number of the
//! line it starts on and the reason: every record after the header is either read or a bad
//! row. CSV is read by `csv-core` as RFC 4180 has it: a quoted cell may hold commas,
//! doubled quotes and line breaks (`\n` or `\r\n`), so a record may span lines; a quote
//! never closed makes its line a bad row (see [`Reader`]). JSON Lines are one object a line.
//!
//! A call's tokens may come in parts: reasoning tokens (inside the output) and prompt-cache
//! reads and writes (5-minute and 1-hour). Their columns are found by the names in one
//! table, [`TOKEN_PART_NAMES`], which also says what each name means for the input count
//! ([`CacheConvention`], decided by [`cache_convention`]); a record always holds them in
//! one form ([`TokenParts`]): every part inside `input_tokens` or `output_tokens`. In JSON
//! Lines, nested objects are read as dotted names (`usage.prompt_tokens_details.
//! cached_tokens`), and a name is recognised by its last segments as well as in full.
//!
//! `cached` and `error` are yes-or-no cells, read by one rule (trimmed, any case): empty,
//! `false`, `0`, `no`, `n`, `null` and `None` mean no; `true`, `1`, `yes` and `y` mean yes.
//! In `error`, any other text (`timeout`, `rate_limit_exceeded`, `429`) is the error: the
//! call failed. In `cached`, any other text makes the row a bad row ("cached is not true or
//! false"), since it usually means the wrong column was mapped. In JSON Lines, booleans,
//! `null`, numbers and strings follow the same rule (`false`, `null`, `0` → no).
//! Must not know: the DOM, prices (cost may be missing; the analysis fills it in).

use serde_json::Value;

use crate::formats::time::parse_time;
use crate::models::usage::{Record, TokenParts};
use crate::text::file::FileError;

/// A field of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// When the call was made.
    Timestamp,
    /// Who made it.
    User,
    /// Which feature of the product.
    Feature,
    /// The model id.
    Model,
    /// Input (prompt) tokens.
    InputTokens,
    /// Output (completion) tokens.
    OutputTokens,
    /// Input + output.
    TotalTokens,
    /// Dollars.
    Cost,
    /// Milliseconds.
    Latency,
    /// Served from a cache.
    Cached,
    /// Which cache.
    CacheType,
    /// The error, if the call failed.
    Error,
    /// The prompt (or a hash of it), to find repeated prompts.
    Prompt,
    /// Reasoning tokens (part of the output tokens).
    ReasoningTokens,
    /// Input tokens read from the provider's prompt cache.
    CachedTokens,
    /// Input tokens written to the prompt cache (the TTL not said: priced as 5 minutes).
    CacheWriteTokens,
    /// Input tokens written to the prompt cache for 5 minutes.
    CacheWrite5mTokens,
    /// Input tokens written to the prompt cache for 1 hour.
    CacheWrite1hTokens,
}

impl Column {
    /// Every column.
    pub const ALL: [Column; 18] = [
        Column::Timestamp,
        Column::User,
        Column::Feature,
        Column::Model,
        Column::InputTokens,
        Column::OutputTokens,
        Column::TotalTokens,
        Column::Cost,
        Column::Latency,
        Column::Cached,
        Column::CacheType,
        Column::Error,
        Column::Prompt,
        Column::ReasoningTokens,
        Column::CachedTokens,
        Column::CacheWriteTokens,
        Column::CacheWrite5mTokens,
        Column::CacheWrite1hTokens,
    ];

    /// The article's name for it.
    pub fn key(self) -> &'static str {
        match self {
            Column::Timestamp => "timestamp",
            Column::User => "user_id",
            Column::Feature => "feature",
            Column::Model => "model",
            Column::InputTokens => "input_tokens",
            Column::OutputTokens => "output_tokens",
            Column::TotalTokens => "total_tokens",
            Column::Cost => "cost",
            Column::Latency => "latency_ms",
            Column::Cached => "cached",
            Column::CacheType => "cache_type",
            Column::Error => "error",
            Column::Prompt => "prompt",
            Column::ReasoningTokens => "reasoning_tokens",
            Column::CachedTokens => "cached_tokens",
            Column::CacheWriteTokens => "cache_creation_input_tokens",
            Column::CacheWrite5mTokens => "cache_write_5m_tokens",
            Column::CacheWrite1hTokens => "cache_write_1h_tokens",
        }
    }

    /// Other names recognised without asking (the token parts' names are in
    /// [`TOKEN_PART_NAMES`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Timestamp => &["time", "ts", "date", "created_at", "created", "datetime"],
            Column::User => &["user", "userid", "customer", "account"],
            Column::Feature => &["endpoint", "route", "use_case", "app"],
            Column::Model => &["model_name", "model_id", "engine"],
            Column::InputTokens => &["prompt_tokens", "tokens_in", "input"],
            Column::OutputTokens => &["completion_tokens", "tokens_out", "output"],
            Column::TotalTokens => &["tokens", "total"],
            Column::Cost => &["cost_usd", "usd", "price", "spend"],
            Column::Latency => &["latency", "duration_ms", "response_time_ms"],
            Column::Cached => &["cache_hit", "is_cached"],
            Column::CacheType => &["cache"],
            Column::Error => &["error_message", "status_error"],
            Column::Prompt => &["prompt_hash", "request_hash", "input_hash"],
            Column::ReasoningTokens
            | Column::CachedTokens
            | Column::CacheWriteTokens
            | Column::CacheWrite5mTokens
            | Column::CacheWrite1hTokens => &[],
        }
    }

    /// Every name the column is recognised by: its key, its aliases, and its rows of
    /// [`TOKEN_PART_NAMES`].
    fn names(self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.key())
            .chain(self.aliases().iter().copied())
            .chain(
                TOKEN_PART_NAMES
                    .iter()
                    .filter(move |part| part.column == self)
                    .map(|part| part.name),
            )
    }

    /// Must be mapped for a row to be read.
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::Timestamp | Column::Model | Column::InputTokens | Column::OutputTokens
        )
    }
}

/// What a log's input count means for its prompt-cache parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheConvention {
    /// The input count includes the cache reads and writes (OpenAI: `prompt_tokens` and
    /// `input_tokens` include `cached_tokens`).
    Included,
    /// The input count excludes them: the parts are disjoint (Anthropic: `input_tokens`,
    /// `cache_read_input_tokens` and `cache_creation_input_tokens` add up to the input).
    Separate,
}

/// A name a token-part column is recognised by, and what it says about the input count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartName {
    /// The column.
    pub column: Column,
    /// The name, compared as [`Mapping::guess`] compares names (case, spaces and `-`
    /// ignored; `.` separates the segments of a nested JSON name).
    pub name: &'static str,
    /// What a cache column of this name says about the input count (`None`: nothing).
    pub convention: Option<CacheConvention>,
}

/// The token-part columns' names, one row each (a provider's export format adds rows
/// here). A name matches a field in full or as its last segments, so that
/// `prompt_tokens_details.cached_tokens` finds `usage.prompt_tokens_details.cached_tokens`.
///
/// | column | names | input count |
/// | --- | --- | --- |
/// | reasoning | `reasoning_tokens`, `completion_tokens_details.reasoning_tokens` (OpenAI Chat Completions), `output_tokens_details.reasoning_tokens` (OpenAI Responses) | (inside the output) |
/// | cache read | `cached_tokens`, `prompt_tokens_details.cached_tokens` (OpenAI Chat Completions), `input_tokens_details.cached_tokens` (OpenAI Responses) | includes them |
/// | cache read | `cache_read_input_tokens` (Anthropic) | excludes them |
/// | cache write | `cache_creation_input_tokens` (Anthropic) | excludes them |
/// | 5-minute write | `cache_write_5m_tokens`, `cache_creation.ephemeral_5m_input_tokens` (Anthropic) | excludes them (the Anthropic name) |
/// | 1-hour write | `cache_write_1h_tokens`, `cache_creation.ephemeral_1h_input_tokens` (Anthropic) | excludes them (the Anthropic name) |
pub const TOKEN_PART_NAMES: &[PartName] = &[
    PartName {
        column: Column::ReasoningTokens,
        name: "completion_tokens_details.reasoning_tokens",
        convention: None,
    },
    PartName {
        column: Column::ReasoningTokens,
        name: "output_tokens_details.reasoning_tokens",
        convention: None,
    },
    PartName {
        column: Column::CachedTokens,
        name: "prompt_tokens_details.cached_tokens",
        convention: Some(CacheConvention::Included),
    },
    PartName {
        column: Column::CachedTokens,
        name: "input_tokens_details.cached_tokens",
        convention: Some(CacheConvention::Included),
    },
    PartName {
        column: Column::CachedTokens,
        name: "cached_tokens",
        convention: Some(CacheConvention::Included),
    },
    PartName {
        column: Column::CachedTokens,
        name: "cache_read_input_tokens",
        convention: Some(CacheConvention::Separate),
    },
    PartName {
        column: Column::CacheWriteTokens,
        name: "cache_creation_input_tokens",
        convention: Some(CacheConvention::Separate),
    },
    PartName {
        column: Column::CacheWrite5mTokens,
        name: "cache_creation.ephemeral_5m_input_tokens",
        convention: Some(CacheConvention::Separate),
    },
    PartName {
        column: Column::CacheWrite1hTokens,
        name: "cache_creation.ephemeral_1h_input_tokens",
        convention: Some(CacheConvention::Separate),
    },
];

/// A field name as names are compared: trimmed, lower case, spaces and `-` as `_`.
fn simple(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Whether field `field` is called `name`: the same with `.` read as `_` (`usage.input`
/// is `usage_input`, as before nested names were read), or `name` is its last
/// `.`-separated segments (`usage.prompt_tokens` is `prompt_tokens`).
fn is_called(field: &str, name: &str) -> bool {
    let (field, name) = (simple(field), simple(name));
    field.replace('.', "_") == name.replace('.', "_")
        || field
            .strip_suffix(&name)
            .is_some_and(|head| head.ends_with('.'))
}

/// Which convention a log's input count follows, from the names of the fields mapped to
/// the cache columns (the rule of OpenAI's and Anthropic's usage objects):
///
/// - **Separate** (Anthropic) when any of them is one of Anthropic's names in
///   [`TOKEN_PART_NAMES`] (`cache_read_input_tokens`, `cache_creation_input_tokens`,
///   `cache_creation.ephemeral_5m_input_tokens`, `…_1h_…`). Anthropic's prompt-caching
///   documentation (<https://platform.claude.com/docs/en/build-with-claude/prompt-caching>,
///   "Tracking cache performance") says `input_tokens` are the "input tokens which were not
///   read from or used to create a cache", and `total_input_tokens =
///   cache_read_input_tokens + cache_creation_input_tokens + input_tokens`;
///   `cache_creation_input_tokens` "equals the sum of the values in the `cache_creation`
///   object" (5-minute and 1-hour writes).
/// - **Included** (OpenAI) otherwise: `cached_tokens`, `prompt_tokens_details.cached_tokens`,
///   `input_tokens_details.cached_tokens`, and any name mapped by hand. OpenAI's usage
///   object (Chat Completions: `prompt_tokens` with `prompt_tokens_details.cached_tokens`;
///   Responses: `input_tokens` with `input_tokens_details.cached_tokens`; the prompt-caching
///   guide, <https://platform.openai.com/docs/guides/prompt-caching>, shows
///   `prompt_tokens: 2006` with `cached_tokens: 1920`) counts the cached tokens inside the
///   prompt tokens.
///
/// Reasoning tokens are inside the output count in both (OpenAI's
/// `completion_tokens_details.reasoning_tokens` / `output_tokens_details.reasoning_tokens`,
/// <https://platform.openai.com/docs/guides/reasoning>: `output_tokens: 1186` with
/// `reasoning_tokens: 1024`; Anthropic: `output_tokens` "remains the inclusive,
/// authoritative total used for billing").
pub fn cache_convention(mapping: &Mapping) -> CacheConvention {
    let anthropic = [
        Column::CachedTokens,
        Column::CacheWriteTokens,
        Column::CacheWrite5mTokens,
        Column::CacheWrite1hTokens,
    ]
    .into_iter()
    .filter_map(|column| mapping.get(column))
    .any(|field| {
        TOKEN_PART_NAMES.iter().any(|part| {
            part.convention == Some(CacheConvention::Separate) && is_called(field, part.name)
        })
    });
    if anthropic {
        CacheConvention::Separate
    } else {
        CacheConvention::Included
    }
}

/// Which source field holds each column (CSV: header position; JSONL: key, nested keys
/// joined by `.`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    /// Source field name per column, in [`Column::ALL`] order.
    pub fields: [Option<String>; 18],
}

impl Mapping {
    /// The source field of `column`.
    pub fn get(&self, column: Column) -> Option<&str> {
        let index = Column::ALL.iter().position(|&c| c == column)?;
        self.fields[index].as_deref()
    }

    /// Sets the source field of `column`.
    pub fn set(&mut self, column: Column, field: Option<String>) {
        if let Some(index) = Column::ALL.iter().position(|&c| c == column) {
            self.fields[index] = field;
        }
    }

    /// Guesses from field names: the article's names, then the aliases, then the token
    /// parts' names ([`TOKEN_PART_NAMES`]), each first in full and then as a field's last
    /// segments (case and separators ignored; see `is_called`).
    pub fn guess(names: &[String]) -> Mapping {
        let mut mapping = Mapping::default();
        for column in Column::ALL {
            let in_full = |name: &String, wanted: &str| {
                simple(name).replace('.', "_") == simple(wanted).replace('.', "_")
            };
            let found = column
                .names()
                .find_map(|wanted| names.iter().find(|name| in_full(name, wanted)))
                .or_else(|| {
                    column
                        .names()
                        .find_map(|wanted| names.iter().find(|name| is_called(name, wanted)))
                });
            mapping.set(column, found.cloned());
        }
        mapping
    }

    /// The required columns that are not mapped.
    pub fn missing(&self) -> Vec<Column> {
        Column::ALL
            .into_iter()
            .filter(|&column| column.required() && self.get(column).is_none())
            .collect()
    }
}

/// A line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// 1-based line number in the file.
    pub line: usize,
    /// Why.
    pub reason: String,
}

/// The format of a log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// One JSON document: an array of rows, or an object holding one array of row
    /// objects, or a single row (held whole and read at the end, up to
    /// `usage_formats::read::MAX_DOCUMENT_BYTES`).
    Json,
}

/// The format of a file, from its first lines: `[` first is a JSON document; `{` first is
/// JSON Lines when one of the first five non-blank lines is a whole JSON object starting at
/// the line's start, else a JSON document (pretty-printed); anything else is CSV.
pub fn detect(text: &str) -> Format {
    match crate::formats::usage_formats::read::container(text, false) {
        crate::formats::usage_formats::read::Container::Csv => Format::Csv,
        crate::formats::usage_formats::read::Container::Jsonl => Format::Jsonl,
        crate::formats::usage_formats::read::Container::Document => Format::Json,
    }
}

/// The field names of a log: the CSV header, the keys of the first JSON line, or the keys
/// of a JSON document's first row (a head cut mid-document is made whole first).
pub fn field_names(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    match detect(text) {
        Format::Json => crate::formats::usage_formats::read::head_names(text, &[]),
        Format::Csv => {
            let mut names = None;
            csv_records(text, |_line, cells| {
                if names.is_none() {
                    names = Some(
                        cells
                            .unwrap_or_default()
                            .iter()
                            .map(|name| name.trim().to_owned())
                            .collect(),
                    );
                }
            });
            names.unwrap_or_default()
        }
        Format::Jsonl => {
            let first = text
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("");
            let mut names = Vec::new();
            if let Ok(Value::Object(object)) = serde_json::from_str::<Value>(first) {
                nested_names(&object, "", &mut names);
            }
            names
        }
    }
}

/// The field names of a JSON object, a nested object's fields named by their path
/// (`usage.prompt_tokens_details.cached_tokens`), in the order they come.
pub(crate) fn nested_names(
    object: &serde_json::Map<String, Value>,
    prefix: &str,
    names: &mut Vec<String>,
) {
    for (key, value) in object {
        let name = format!("{prefix}{key}");
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                nested_names(inner, &format!("{name}."), names)
            }
            _ => names.push(name),
        }
    }
}

/// The value at `field` in `object`: a key of that name, or a path through nested
/// objects (`usage.prompt_tokens`).
pub(crate) fn nested_value<'a>(
    object: &'a serde_json::Map<String, Value>,
    field: &str,
) -> Option<&'a Value> {
    if let Some(value) = object.get(field) {
        return Some(value);
    }
    field
        .match_indices('.')
        .find_map(|(at, _)| match object.get(&field[..at])? {
            Value::Object(inner) => nested_value(inner, &field[at + 1..]),
            _ => None,
        })
}

/// Reads a log fed to it in byte chunks of any size ([`Reader::feed`], then
/// [`Reader::finish`]): the records and bad rows come out the same however the file is cut,
/// even through a character or a quoted line break.
pub struct Reader {
    format: Format,
    columns: Columns,
    /// CSV: the text, checked to be UTF-8.
    text: Utf8Stream,
    /// CSV: the records.
    csv: CsvRecords,
    /// JSON Lines: the lines.
    lines: LineSplitter,
    /// JSON Lines: the number of the last line read.
    line_number: usize,
    /// A JSON document: its bytes, read at the end.
    document: crate::formats::usage_formats::read::Document,
    /// A known format's reader (then the fields above are not used).
    export: Option<Box<crate::formats::usage_formats::read::ExportReader>>,
}

impl Reader {
    /// A reader for `format` with `mapping`.
    pub fn new(format: Format, mapping: Mapping) -> Reader {
        Reader {
            format,
            columns: Columns {
                convention: cache_convention(&mapping),
                mapping,
                positions: Vec::new(),
                header_seen: false,
            },
            text: Utf8Stream::default(),
            csv: CsvRecords::new(),
            lines: LineSplitter::new(),
            line_number: 0,
            document: Default::default(),
            export: None,
        }
    }

    /// A reader for the known export format `format` (its fields, units and conventions
    /// are the format's; no mapping is needed; the container, CSV, JSON Lines or a JSON
    /// document, is read from the file itself). The rules are in
    /// `usage_formats::read`.
    pub fn for_export(format: &'static crate::formats::usage_formats::ExportFormat) -> Reader {
        let mut reader = Reader::new(Format::Csv, Mapping::default());
        reader.export = Some(Box::new(
            crate::formats::usage_formats::read::ExportReader::new(format),
        ));
        reader
    }

    /// The rows a known format's reader left out on purpose so far (other kinds of rows,
    /// duplicates, empty buckets); all 0 for a generic log.
    pub fn skipped(&self) -> crate::formats::usage_formats::read::Skipped {
        self.export
            .as_ref()
            .map(|export| export.skipped())
            .unwrap_or_default()
    }

    /// Reads the next chunk of the file, calling `take` for every record or bad row it
    /// completes (the header and blank lines give nothing). A file holding NUL bytes or
    /// text that is not UTF-8 is an error.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        mut take: impl FnMut(Result<Record, BadRow>),
    ) -> Result<(), FileError> {
        if chunk.contains(&0) {
            return Err(FileError::Binary);
        }
        if let Some(export) = self.export.as_mut() {
            return export.feed(chunk, &mut take);
        }
        let Reader {
            format,
            columns,
            text,
            csv,
            lines,
            line_number,
            document,
            ..
        } = self;
        match format {
            Format::Json => document.push(chunk),
            Format::Csv => text.push(chunk, |valid| {
                csv.feed(valid, &mut |line, cells| {
                    if let Some(found) = columns.csv_record(line, cells) {
                        take(found);
                    }
                })
            }),
            Format::Jsonl => lines.feed(chunk, |line| {
                if let Some(found) = columns.json_line(line_number, line) {
                    take(found);
                }
            }),
        }
    }

    /// Ends the file: the last record or line, when the file does not end with a line
    /// break, and a bad row for a quote still open.
    pub fn finish(
        &mut self,
        mut take: impl FnMut(Result<Record, BadRow>),
    ) -> Result<(), FileError> {
        if let Some(export) = self.export.as_mut() {
            return export.finish(&mut take);
        }
        let Reader {
            format,
            columns,
            text,
            csv,
            lines,
            line_number,
            document,
            ..
        } = self;
        match format {
            Format::Json => document.generic(|line, found| {
                if let Some(found) = columns.json_object(line, found) {
                    take(found);
                }
            }),
            Format::Csv => {
                text.finish()?;
                csv.finish(&mut |line, cells| {
                    if let Some(found) = columns.csv_record(line, cells) {
                        take(found);
                    }
                });
                Ok(())
            }
            Format::Jsonl => lines.finish(|line| {
                if let Some(found) = columns.json_line(line_number, line) {
                    take(found);
                }
            }),
        }
    }
}

/// Which cell or key holds each column, and the reading of one record.
struct Columns {
    mapping: Mapping,
    /// What the input count means for the cache columns ([`cache_convention`]).
    convention: CacheConvention,
    /// CSV: the header position of each column, in [`Column::ALL`] order.
    positions: Vec<Option<usize>>,
    header_seen: bool,
}

impl Columns {
    /// A CSV record starting on `line` (`None`: its quote is never closed): the header
    /// gives nothing.
    fn csv_record(
        &mut self,
        line: usize,
        cells: Option<&[&str]>,
    ) -> Option<Result<Record, BadRow>> {
        let bad = |reason: String| BadRow { line, reason };
        let Some(cells) = cells else {
            return Some(Err(bad("a quote is not closed".into())));
        };
        if !self.header_seen {
            self.header_seen = true;
            let names: Vec<&str> = cells.iter().map(|cell| cell.trim()).collect();
            self.positions = Column::ALL
                .iter()
                .map(|&column| {
                    self.mapping
                        .get(column)
                        .and_then(|field| names.iter().position(|name| *name == field))
                })
                .collect();
            return None;
        }
        let get = |column: Column| -> Option<String> {
            let index = Column::ALL.iter().position(|&c| c == column)?;
            let position = self.positions.get(index).copied().flatten()?;
            cells.get(position).map(|cell| cell.trim().to_owned())
        };
        Some(build(&get, self.convention).map_err(bad))
    }

    /// The next JSON line (`line_number` is the last line's number): `None` for a blank
    /// line.
    fn json_line(&self, line_number: &mut usize, line: &str) -> Option<Result<Record, BadRow>> {
        let line = json_line_text(line_number, line)?;
        let found = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => Ok(object),
            Ok(_) => Err("not a JSON object".to_owned()),
            Err(error) => Err(format!("not JSON ({error})")),
        };
        self.json_object(*line_number, found)
    }

    /// A JSON row (a line, or a row of a document) starting on `line`.
    fn json_object(
        &self,
        line: usize,
        found: Result<serde_json::Map<String, Value>, String>,
    ) -> Option<Result<Record, BadRow>> {
        let bad = |reason: String| BadRow { line, reason };
        let object = match found {
            Ok(object) => object,
            Err(reason) => return Some(Err(bad(reason))),
        };
        let object = &object;
        let get = |column: Column| -> Option<String> {
            let field = self.mapping.get(column)?;
            match nested_value(object, field)? {
                Value::Null => None,
                Value::String(text) => Some(text.clone()),
                other => Some(other.to_string()),
            }
        };
        Some(build(&get, self.convention).map_err(bad))
    }
}

/// The next line of a JSON Lines file as it is parsed (`line_number`, the last line's
/// number, is counted on): without its `\r` and, on line 1, its byte-order mark; `None`
/// for a blank line.
pub(crate) fn json_line_text<'a>(line_number: &mut usize, line: &'a str) -> Option<&'a str> {
    *line_number += 1;
    let line = line.trim_end_matches('\r');
    let line = if *line_number == 1 {
        line.trim_start_matches('\u{feff}')
    } else {
        line
    };
    (!line.trim().is_empty()).then_some(line)
}

/// Reads the CSV records of a whole `text` as the usage log reads them ([`CsvRecords`]):
/// `sink` gets each record's first line number (from 1) and its cells, or `None` for a
/// record whose quote is never closed. Blank lines give nothing.
pub(crate) fn csv_records(text: &str, mut sink: impl FnMut(usize, Option<&[&str]>)) {
    let mut records = CsvRecords::new();
    records.feed(text.as_bytes(), &mut sink);
    records.finish(&mut sink);
}

/// A quoted cell still open after this many bytes of its record is taken to be a quote
/// that is never closed, so that one stray quote cannot hold the rest of a large file in
/// memory.
const MAX_OPEN_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// CSV records out of text fed in pieces, by `csv-core` (RFC 4180: a quoted cell may hold
/// commas, doubled quotes and line breaks). Records end at `\n`; a `\r` before it is kept
/// in the last cell, which the reader trims. A record made only of white space (a blank
/// line) gives nothing.
///
/// A quote that is never closed would swallow the rest of the file, so when the file ends
/// inside a quote (or a record inside a quote grows past [`MAX_OPEN_RECORD_BYTES`]), the
/// record's first line becomes a bad row and the lines after it are read again, each on
/// its own line from then on, as they are when nothing is quoted across lines.
pub(crate) struct CsvRecords {
    core: Core,
    /// The bytes read since the last record ended.
    raw: Vec<u8>,
    /// The current record's unquoted cells, one after the other, and where each ends.
    cells: Vec<u8>,
    cells_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// The line number of `raw[0]`.
    line: usize,
    /// The size of `raw` at which to look for an open quote again.
    next_check: usize,
    /// After a quote that was never closed: each line is read on its own.
    by_line: bool,
    /// [`MAX_OPEN_RECORD_BYTES`] (smaller in tests).
    max_open: usize,
}

/// What [`CsvRecords`] gives: a record's first line and its cells, or `None` for a
/// record whose quote is never closed.
pub(crate) type CsvSink<'a> = dyn FnMut(usize, Option<&[&str]>) + 'a;

impl CsvRecords {
    pub(crate) fn new() -> CsvRecords {
        CsvRecords {
            core: Core::new(),
            raw: Vec::new(),
            cells: vec![0; 1024],
            cells_len: 0,
            ends: vec![0; 32],
            ends_len: 0,
            line: 1,
            next_check: MAX_OPEN_RECORD_BYTES,
            by_line: false,
            max_open: MAX_OPEN_RECORD_BYTES,
        }
    }

    /// Reads `input`, UTF-8 cut only between characters.
    pub(crate) fn feed(&mut self, mut input: &[u8], sink: &mut CsvSink) {
        if self.by_line {
            return self.feed_lines(input, sink);
        }
        while !input.is_empty() {
            // Never past the next check, so that it falls on the same byte however the
            // file is cut.
            let room = (self.next_check + 1).saturating_sub(self.raw.len()).max(1);
            let piece = &input[..input.len().min(room)];
            let Some(core) = self.core.0.as_mut() else {
                return;
            };
            let (result, read, written, ended) = core.read_record(
                piece,
                &mut self.cells[self.cells_len..],
                &mut self.ends[self.ends_len..],
            );
            self.raw.extend_from_slice(&piece[..read]);
            input = &input[read..];
            self.cells_len += written;
            self.ends_len += ended;
            self.after_read(result, sink);
            if self.raw.len() > self.next_check {
                self.next_check = self.raw.len() + self.max_open;
                if ends_in_open_quote(&self.raw) {
                    self.unclosed(sink);
                    return self.feed_lines(input, sink);
                }
            }
        }
    }

    /// Ends the text.
    pub(crate) fn finish(&mut self, sink: &mut CsvSink) {
        if !self.by_line && ends_in_open_quote(&self.raw) {
            self.unclosed(sink);
        }
        if self.by_line {
            if !self.raw.is_empty() {
                self.read_line(sink);
            }
            return;
        }
        // The end of input gives the last record, then `End`; a few rounds at most.
        for _ in 0..8 {
            let Some(core) = self.core.0.as_mut() else {
                return;
            };
            let (result, _, written, ended) = core.read_record(
                &[],
                &mut self.cells[self.cells_len..],
                &mut self.ends[self.ends_len..],
            );
            self.cells_len += written;
            self.ends_len += ended;
            if self.after_read(result, sink) {
                return;
            }
        }
    }

    /// Acts on what csv-core said after a read: grows an output buffer that was full, or
    /// gives the record just read. Says whether the input has ended.
    fn after_read(&mut self, result: csv_core::ReadRecordResult, sink: &mut CsvSink) -> bool {
        match result {
            csv_core::ReadRecordResult::OutputFull => {
                self.cells.resize(self.cells.len() * 2, 0);
                false
            }
            csv_core::ReadRecordResult::OutputEndsFull => {
                self.ends.resize(self.ends.len() * 2, 0);
                false
            }
            csv_core::ReadRecordResult::Record => {
                self.record(sink);
                false
            }
            csv_core::ReadRecordResult::InputEmpty => false,
            csv_core::ReadRecordResult::End => true,
        }
    }

    /// Gives the record just read (unless it is blank) and starts the next.
    fn record(&mut self, sink: &mut CsvSink) {
        // Line breaks before a record are blank lines that csv-core skips.
        let skipped = self.raw.iter().take_while(|&&byte| byte == b'\n').count();
        let blank = std::str::from_utf8(&self.raw).is_ok_and(|text| text.trim().is_empty());
        if !blank {
            let mut cells = Vec::with_capacity(self.ends_len);
            let mut from = 0;
            for &end in &self.ends[..self.ends_len] {
                let end = end.clamp(from, self.cells_len);
                cells.push(std::str::from_utf8(&self.cells[from..end]).unwrap_or_default());
                from = end;
            }
            sink(self.line + skipped, Some(&cells));
        }
        self.line += self.raw.iter().filter(|&&byte| byte == b'\n').count();
        self.raw.clear();
        self.cells_len = 0;
        self.ends_len = 0;
        self.next_check = self.max_open;
    }

    /// The current record's quote is never closed: its first line is a bad row, and the
    /// lines after it are read again, each on its own.
    fn unclosed(&mut self, sink: &mut CsvSink) {
        let skipped = self.raw.iter().take_while(|&&byte| byte == b'\n').count();
        let start = self.line + skipped;
        sink(start, None);
        let rest = match self.raw[skipped..].iter().position(|&byte| byte == b'\n') {
            Some(at) => self.raw.split_off(skipped + at + 1),
            None => Vec::new(),
        };
        self.raw.clear();
        self.cells_len = 0;
        self.ends_len = 0;
        self.line = start + 1;
        self.core.reset();
        self.by_line = true;
        self.feed_lines(&rest, sink);
    }

    /// Reads `input` a line at a time (after an unclosed quote).
    fn feed_lines(&mut self, mut input: &[u8], sink: &mut CsvSink) {
        while let Some(at) = input.iter().position(|&byte| byte == b'\n') {
            self.raw.extend_from_slice(&input[..=at]);
            input = &input[at + 1..];
            self.read_line(sink);
        }
        self.raw.extend_from_slice(input);
    }

    /// Reads the one line in `raw` (with its `\n`, except at the end of the file).
    fn read_line(&mut self, sink: &mut CsvSink) {
        let blank = std::str::from_utf8(&self.raw).is_ok_and(|text| text.trim().is_empty());
        if !blank && ends_in_open_quote(&self.raw) {
            sink(self.line, None);
            self.line += 1;
            self.raw.clear();
            return;
        }
        self.core.reset();
        let mut input: &[u8] = &self.raw;
        // The line, then the end of input: one record.
        for _ in 0..64 {
            let Some(core) = self.core.0.as_mut() else {
                break;
            };
            let (result, read, written, ended) = core.read_record(
                input,
                &mut self.cells[self.cells_len..],
                &mut self.ends[self.ends_len..],
            );
            input = &input[read..];
            self.cells_len += written;
            self.ends_len += ended;
            match result {
                csv_core::ReadRecordResult::OutputFull => {
                    self.cells.resize(self.cells.len() * 2, 0)
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    self.ends.resize(self.ends.len() * 2, 0)
                }
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
                csv_core::ReadRecordResult::InputEmpty => {}
            }
        }
        self.record(sink);
    }
}

/// A csv-core reader. Building one builds its DFA, which costs more than reading a short
/// file, and a built one cannot be copied (csv-core's `Clone` leaves the copy's DFA half
/// empty), so a reader no longer needed is reset and kept for the next file.
struct Core(Option<csv_core::Reader>);

thread_local! {
    /// Readers of files read to the end, ready for the next.
    static SPARE_CORES: std::cell::RefCell<Vec<csv_core::Reader>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl Core {
    fn new() -> Core {
        let spare = SPARE_CORES
            .try_with(|spare| spare.borrow_mut().pop())
            .ok()
            .flatten();
        Core(Some(spare.unwrap_or_else(|| {
            csv_core::ReaderBuilder::new()
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build()
        })))
    }

    /// Back to the start of a file.
    fn reset(&mut self) {
        if let Some(core) = self.0.as_mut() {
            core.reset();
        }
    }
}

impl Drop for Core {
    fn drop(&mut self) {
        if let Some(mut core) = self.0.take() {
            core.reset();
            // (Not at all while the thread ends.)
            let _ = SPARE_CORES.try_with(|spare| {
                let mut spare = spare.borrow_mut();
                if spare.len() < 4 {
                    spare.push(core);
                }
            });
        }
    }
}

/// Whether `raw`, the text of one record, ends inside a quoted cell, by the rules
/// `csv-core` reads it with: a quote opens a quoted cell only at the start of a cell, and
/// inside one a doubled quote is a quote.
fn ends_in_open_quote(raw: &[u8]) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::CellStart;
    for &byte in raw {
        state = match (state, byte) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') | (State::CellStart, b'"') => State::Quoted,
            (_, b',' | b'\n') => State::CellStart,
            _ => State::Unquoted,
        };
    }
    state == State::Quoted
}

/// Checks that bytes fed in pieces are UTF-8, passing on whole characters only (a
/// character cut by the end of a piece waits for the next). A leading byte-order mark is
/// dropped.
#[derive(Debug, Default)]
pub(crate) struct Utf8Stream {
    /// The start of a character cut at the end of the last piece.
    carry: Vec<u8>,
    /// Bytes passed on (or dropped as the mark) so far.
    consumed: usize,
    started: bool,
}

impl Utf8Stream {
    pub(crate) fn push(&mut self, chunk: &[u8], take: impl FnOnce(&[u8])) -> Result<(), FileError> {
        let joined;
        let bytes: &[u8] = if self.carry.is_empty() {
            chunk
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), chunk].concat();
            &joined
        };
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => bytes,
            Err(error) if error.error_len().is_none() => {
                self.carry = bytes[error.valid_up_to()..].to_vec();
                &bytes[..error.valid_up_to()]
            }
            Err(error) => return Err(FileError::NotUtf8(self.consumed + error.valid_up_to())),
        };
        self.consumed += valid.len();
        let mut valid = valid;
        if !self.started && !valid.is_empty() {
            self.started = true;
            valid = valid.strip_prefix("\u{feff}".as_bytes()).unwrap_or(valid);
        }
        take(valid);
        Ok(())
    }

    /// Ends the bytes: a character still cut is an error.
    pub(crate) fn finish(&mut self) -> Result<(), FileError> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(FileError::NotUtf8(self.consumed))
        }
    }
}

/// A record from its cells (`get` gives a column's cell, trimmed, or `None`), or why not.
/// The token parts are read by [`token_parts`] under `convention`.
fn build(
    get: &dyn Fn(Column) -> Option<String>,
    convention: CacheConvention,
) -> Result<Record, String> {
    let required = |column: Column| {
        get(column)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| format!("no {}", column.key()))
    };
    let count = |column: Column| -> Result<Option<u64>, String> {
        match get(column).filter(|value| !value.is_empty()) {
            None => Ok(None),
            Some(raw) => raw
                .parse::<f64>()
                .ok()
                .filter(|value| {
                    value.is_finite() && *value >= 0.0 && value.fract() == 0.0 && *value < 1e15
                })
                .map(|value| Some(value as u64))
                .ok_or_else(|| {
                    format!(
                        "{} is not a whole number of 0 or more: \"{}\"",
                        column.key(),
                        shorten(&raw)
                    )
                }),
        }
    };
    let number = |column: Column| -> Result<Option<f64>, String> {
        match get(column).filter(|value| !value.is_empty()) {
            None => Ok(None),
            Some(raw) => raw
                .trim_start_matches('$')
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite() && *value >= 0.0)
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "{} is not a number of 0 or more: \"{}\"",
                        column.key(),
                        shorten(&raw)
                    )
                }),
        }
    };
    let raw_time = required(Column::Timestamp)?;
    let at = parse_time(&raw_time).ok_or_else(|| {
        format!(
            "timestamp \"{}\" is not a date or a number of seconds",
            shorten(&raw_time)
        )
    })?;
    let model = required(Column::Model)?;
    let input_tokens = count(Column::InputTokens)?.ok_or("no input_tokens")?;
    let output_tokens = count(Column::OutputTokens)?.ok_or("no output_tokens")?;
    let logged = LoggedParts {
        reasoning: count(Column::ReasoningTokens)?,
        cache_read: count(Column::CachedTokens)?,
        cache_write: count(Column::CacheWriteTokens)?,
        cache_write_5m: count(Column::CacheWrite5mTokens)?,
        cache_write_1h: count(Column::CacheWrite1hTokens)?,
    };
    let (input_tokens, output_tokens, parts) =
        token_parts(input_tokens, output_tokens, logged, convention)?;
    let cached = match get(Column::Cached) {
        None => false,
        Some(value) => match flag(&value) {
            Flag::No => false,
            Flag::Yes => true,
            Flag::Other => {
                return Err(format!(
                    "cached is not true or false: \"{}\"",
                    shorten(value.trim())
                ))
            }
        },
    };
    let error = get(Column::Error)
        .filter(|value| flag(value) != Flag::No)
        .map(|value| value.trim().to_owned());
    Ok(Record {
        calls: None,
        dimensions: Vec::new(),
        service_tier: None,
        long_context: None,
        at,
        user: get(Column::User).unwrap_or_default(),
        feature: get(Column::Feature).unwrap_or_default(),
        model,
        input_tokens,
        output_tokens,
        cost: number(Column::Cost)?,
        latency_ms: number(Column::Latency)?,
        cached,
        error,
        prompt: get(Column::Prompt).filter(|value| !value.is_empty()),
        parts,
    })
}

/// The token parts as a row logs them (`None`: no such column, or an empty cell).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LoggedParts {
    pub(crate) reasoning: Option<u64>,
    pub(crate) cache_read: Option<u64>,
    /// Cache writes, TTL not said (Anthropic's `cache_creation_input_tokens`).
    pub(crate) cache_write: Option<u64>,
    pub(crate) cache_write_5m: Option<u64>,
    pub(crate) cache_write_1h: Option<u64>,
}

/// What a log's counts include: whether its input count holds the cache reads, whether it
/// holds the cache writes, and whether its output count holds the reasoning tokens (each
/// known format says so in its table row, `usage_formats::ExportFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Inclusion {
    pub(crate) input_has_cache_read: bool,
    pub(crate) input_has_cache_write: bool,
    pub(crate) output_has_reasoning: bool,
}

impl From<CacheConvention> for Inclusion {
    /// [`CacheConvention::Included`]: reads and writes inside the input;
    /// [`CacheConvention::Separate`]: neither. Reasoning is inside the output in both.
    fn from(convention: CacheConvention) -> Inclusion {
        let included = convention == CacheConvention::Included;
        Inclusion {
            input_has_cache_read: included,
            input_has_cache_write: included,
            output_has_reasoning: true,
        }
    }
}

/// A call's whole input count and its parts, from the counts a row logs: every part ends
/// up inside `input_tokens` or `output_tokens` ([`TokenParts`]), whatever the log's
/// convention ([`cache_convention`] for a generic log, the format's row for a known one).
///
/// - Writes by TTL: the 1-hour writes are the 1-hour column (0 without one); the 5-minute
///   writes are the 5-minute column, or else the writes whose TTL is not said minus the
///   1-hour ones (Anthropic's `cache_creation_input_tokens` is the sum of both; its
///   default TTL is 5 minutes).
/// - input = logged input + the cache reads when the input does not hold them + the cache
///   writes when it does not hold them (Anthropic, all parts disjoint:
///   `total_input_tokens = cache_read_input_tokens + cache_creation_input_tokens +
///   input_tokens`). The parts the input holds must not exceed it (else the row is bad:
///   the counts cannot be of that convention). [`CacheConvention::Separate`] adds both;
///   [`CacheConvention::Included`] adds neither.
/// - output = logged output, + reasoning when the output does not hold it (Gemini:
///   `candidatesTokenCount` excludes `thoughtsTokenCount`); reasoning that the output
///   holds must not exceed it.
pub(crate) fn token_parts(
    input: u64,
    output: u64,
    logged: LoggedParts,
    inclusion: impl Into<Inclusion>,
) -> Result<(u64, u64, TokenParts), String> {
    let inclusion = inclusion.into();
    let cache_write_1h = logged.cache_write_1h;
    let cache_write_5m = logged.cache_write_5m.or_else(|| {
        logged
            .cache_write
            .map(|all| all.saturating_sub(cache_write_1h.unwrap_or(0)))
    });
    let parts = TokenParts {
        reasoning: logged.reasoning,
        cache_read: logged.cache_read,
        cache_write_5m,
        cache_write_1h,
    };
    let reads = parts.cache_read.unwrap_or(0);
    let writes = parts
        .cache_write_5m
        .unwrap_or(0)
        .saturating_add(parts.cache_write_1h.unwrap_or(0));
    let (mut inside, mut added) = (0u64, 0u64);
    for (amount, held) in [
        (reads, inclusion.input_has_cache_read),
        (writes, inclusion.input_has_cache_write),
    ] {
        if held {
            inside = inside.saturating_add(amount);
        } else {
            added = added.saturating_add(amount);
        }
    }
    if inside > input {
        return Err(format!(
            "the cached tokens ({inside}) are more than input_tokens ({input}), which include them"
        ));
    }
    let input = input.saturating_add(added);
    let reasoning = parts.reasoning.unwrap_or(0);
    let output = if inclusion.output_has_reasoning {
        if reasoning > output {
            return Err(format!(
                "reasoning_tokens ({reasoning}) are more than output_tokens ({output}), which include them"
            ));
        }
        output
    } else {
        output.saturating_add(reasoning)
    };
    Ok((input, output, parts))
}

/// How a yes-or-no cell (`cached`, `error`) reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flag {
    /// Empty, `false`, `0`, `no`, `n`, `null`, `none`.
    No,
    /// `true`, `1`, `yes`, `y`.
    Yes,
    /// Any other text.
    Other,
}

/// The rule for yes-or-no cells, trimmed and in any case: empty, `false`, `no`, `n`,
/// `null`, `none` and any number equal to 0 (`0`, `0.0`) mean no; `true`, `yes`, `y` and
/// any number equal to 1 mean yes; anything else is [`Flag::Other`]. JSON values go through
/// the same rule as their text (`false`, `null` → no; `true`, `1` → yes).
pub(crate) fn flag(raw: &str) -> Flag {
    const NO: [&str; 6] = ["false", "no", "n", "null", "none", ""];
    const YES: [&str; 3] = ["true", "yes", "y"];
    let value = raw.trim();
    if NO.iter().any(|word| value.eq_ignore_ascii_case(word)) {
        return Flag::No;
    }
    if YES.iter().any(|word| value.eq_ignore_ascii_case(word)) {
        return Flag::Yes;
    }
    match value.parse::<f64>() {
        Ok(0.0) => Flag::No,
        Ok(1.0) => Flag::Yes,
        _ => Flag::Other,
    }
}

pub(crate) fn shorten(text: &str) -> String {
    crate::form::shorten(text)
}

/// Reads a whole log with `mapping`: the records and the bad rows.
pub fn read_all(text: &str, mapping: &Mapping) -> (Vec<Record>, Vec<BadRow>) {
    let mut reader = Reader::new(detect(text), mapping.clone());
    let mut records = Vec::new();
    let mut bad = Vec::new();
    let mut take = |found: Result<Record, BadRow>| match found {
        Ok(record) => records.push(record),
        Err(row) => bad.push(row),
    };
    match reader.format {
        Format::Json => {
            let Reader { columns, .. } = &reader;
            crate::formats::usage_formats::read::generic_rows(text, &mut |line, found| {
                if let Some(found) = columns.json_object(line, found) {
                    take(found);
                }
            });
        }
        Format::Csv => {
            let Reader { columns, csv, .. } = &mut reader;
            let mut sink = |line: usize, cells: Option<&[&str]>| {
                if let Some(found) = columns.csv_record(line, cells) {
                    take(found);
                }
            };
            csv.feed(text.trim_start_matches('\u{feff}').as_bytes(), &mut sink);
            csv.finish(&mut sink);
        }
        Format::Jsonl => {
            let Reader {
                columns,
                line_number,
                ..
            } = &mut reader;
            for line in text.split('\n') {
                if let Some(found) = columns.json_line(line_number, line) {
                    take(found);
                }
            }
        }
    }
    (records, bad)
}

/// Splits a file read in byte chunks into lines, checking it is UTF-8 text across chunk
/// boundaries (a character or a line may straddle two chunks).
#[derive(Debug, Default)]
pub struct LineSplitter {
    pending: Vec<u8>,
    consumed: usize,
}

impl LineSplitter {
    /// A splitter at the start of a file.
    pub fn new() -> LineSplitter {
        LineSplitter::default()
    }

    /// Feeds the next chunk, calling `line` for every line it completes (without its
    /// `\n`).
    pub fn feed(&mut self, chunk: &[u8], line: impl FnMut(&str)) -> Result<(), FileError> {
        if chunk.contains(&0) {
            return Err(FileError::Binary);
        }
        self.pending.extend_from_slice(chunk);
        let Some(last) = self.pending.iter().rposition(|&byte| byte == b'\n') else {
            return Ok(());
        };
        self.emit(last, line)
    }

    /// Ends the file: the last line, if it has no `\n`.
    pub fn finish(&mut self, mut line: impl FnMut(&str)) -> Result<(), FileError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.pending.push(b'\n');
        let last = self.pending.len() - 1;
        self.emit(last, &mut line)
    }

    /// Emits the lines of `pending[..=last]` (which ends with `\n`) and drops them.
    fn emit(&mut self, last: usize, mut line: impl FnMut(&str)) -> Result<(), FileError> {
        let text = std::str::from_utf8(&self.pending[..last])
            .map_err(|error| FileError::NotUtf8(self.consumed + error.valid_up_to()))?;
        for one in text.split('\n') {
            line(one);
        }
        self.consumed += last + 1;
        self.pending.drain(..=last);
        Ok(())
    }
}

/// The article's column names, as written by [`to_csv`].
pub const CSV_HEADER: &str = "timestamp,user_id,feature,model,input_tokens,output_tokens,total_tokens,cost,latency_ms,cached,cache_type,error,prompt";

/// The token parts' columns, after [`CSV_HEADER`] when [`to_csv_with_parts`] writes them:
/// names that read back as parts inside `input_tokens` and `output_tokens`
/// ([`CacheConvention::Included`]), which is how a record holds them.
pub const CSV_PART_HEADER: &str =
    "reasoning_tokens,cached_tokens,cache_write_5m_tokens,cache_write_1h_tokens";

/// Records as CSV (with [`CSV_HEADER`] first, `\n` after every row), written by
/// [`CsvTable`](crate::formats::csv_table::CsvTable). The time is written as UTC
/// `YYYY-MM-DDTHH:MM:SSZ`; missing values are empty; the cache type is not kept by the
/// reader and is left empty.
pub fn to_csv(records: impl IntoIterator<Item = Record>) -> String {
    write_csv(records, false)
}

/// [`to_csv`] with the token parts' columns ([`CSV_PART_HEADER`]) at the end of each row
/// (empty where a part is not logged).
pub fn to_csv_with_parts(records: impl IntoIterator<Item = Record>) -> String {
    write_csv(records, true)
}

fn write_csv(records: impl IntoIterator<Item = Record>, parts: bool) -> String {
    let mut header: Vec<&str> = CSV_HEADER.split(',').collect();
    if parts {
        header.extend(CSV_PART_HEADER.split(','));
    }
    let mut table = crate::formats::csv_table::CsvTable::new(&header);
    for record in records {
        let mut cells = csv_cells(&record).to_vec();
        if parts {
            let part =
                |value: Option<u64>| value.map(|value| value.to_string()).unwrap_or_default();
            cells.extend([
                part(record.parts.reasoning),
                part(record.parts.cache_read),
                part(record.parts.cache_write_5m),
                part(record.parts.cache_write_1h),
            ]);
        }
        table.row(cells);
    }
    table.finish()
}

/// One record's cells, in [`CSV_HEADER`]'s order.
fn csv_cells(record: &Record) -> [String; 13] {
    let optional = |value: Option<f64>| value.map(|value| value.to_string()).unwrap_or_default();
    let seconds = record.at.floor();
    let time = format!(
        "{}:{:02}Z",
        crate::show::time::format_time(seconds).replacen(' ', "T", 1),
        (seconds.rem_euclid(60.0)) as u32
    );
    [
        time,
        record.user.clone(),
        record.feature.clone(),
        record.model.clone(),
        record.input_tokens.to_string(),
        record.output_tokens.to_string(),
        (record.input_tokens + record.output_tokens).to_string(),
        optional(record.cost),
        optional(record.latency_ms),
        record.cached.to_string(),
        String::new(),
        record.error.clone().unwrap_or_default(),
        record.prompt.clone().unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::usage::{analyse, Filter, Log, PartsLogged, Thresholds};
    use crate::money::units::Tokens;

    const ARTICLE_CSV: &str = "\u{feff}timestamp,user_id,feature,model,input_tokens,output_tokens,total_tokens,cost,latency_ms,cached,cache_type,error\r\n\
1714557600,u1,chat,gpt-4o,500,300,800,0.0042,850,false,,\r\n\
1714557660,u2,\"search, beta\",gpt-4o-mini,1200,100,1300,,420,true,exact,\r\n\
\r\n\
1714557720,u1,chat,gpt-4o,abc,300,800,0.0042,850,false,,\r\n\
1714557780,u3,chat,gpt-4o,500,300,800,0.0042,900,maybe,,\r\n\
2024-05-01T10:05:00Z,u3,chat,gpt-4o,500,300,800,0.0042,900,false,,timeout\r\n\
1714557900,u3,\"chat,gpt-4o,500\r\n";

    #[test]
    fn the_articles_csv_is_read_with_its_bad_rows_reported() {
        let names = field_names(ARTICLE_CSV);
        let mapping = Mapping::guess(&names);
        assert!(mapping.missing().is_empty());
        let (records, bad) = read_all(ARTICLE_CSV, &mapping);
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].feature, "search, beta", "quoted comma");
        assert_eq!(
            records[1].cost, None,
            "missing cost is left for the catalog"
        );
        assert!(records[1].cached);
        assert_eq!(records[2].at, 1_714_557_900.0);
        assert_eq!(records[2].error.as_deref(), Some("timeout"));
        let reasons: Vec<(usize, &str)> = bad
            .iter()
            .map(|row| (row.line, row.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (
                    5,
                    "input_tokens is not a whole number of 0 or more: \"abc\""
                ),
                (6, "cached is not true or false: \"maybe\""),
                (8, "a quote is not closed"),
            ]
        );
    }

    // Regression: a CSV whose error column held "false" (or "0", "no", …) counted every
    // row as failed: 100% errors instead of 3.1% on a real-looking log.
    #[test]
    fn error_and_cached_read_false_words_as_no() {
        let no = [
            "", "false", "False", "FALSE", " false ", "0", "0.0", "no", "NO", "n", "null", "None",
        ];
        let yes = ["true", "TRUE", "1", "yes", "Y"];
        let mut csv = String::from("timestamp,model,input_tokens,output_tokens,cached,error\n");
        for word in no.iter().chain(&yes) {
            csv.push_str(&format!("1714557600,gpt-4o,1,2,{word},{word}\n"));
        }
        csv.push_str(
            "1714557600,gpt-4o,1,2,0,timeout\n1714557600,gpt-4o,1,2,,rate_limit_exceeded\n",
        );
        let (records, bad) = read_all(&csv, &Mapping::guess(&field_names(&csv)));
        assert!(bad.is_empty(), "{bad:?}");
        let flags: Vec<(bool, Option<&str>)> = records
            .iter()
            .map(|record| (record.cached, record.error.as_deref()))
            .collect();
        let mut expected: Vec<(bool, Option<&str>)> = no.iter().map(|_| (false, None)).collect();
        expected.extend(yes.iter().map(|word| (true, Some(word.trim()))));
        expected.push((false, Some("timeout")));
        expected.push((false, Some("rate_limit_exceeded")));
        assert_eq!(flags, expected);
        // Any other text in `cached` is a bad row: it usually means the wrong column.
        let (_, bad) = read_all(
            "timestamp,model,input_tokens,output_tokens,cached\n1714557600,gpt-4o,1,2,hit\n",
            &Mapping::guess(&field_names(
                "timestamp,model,input_tokens,output_tokens,cached",
            )),
        );
        assert_eq!(bad[0].reason, "cached is not true or false: \"hit\"");
        // JSON booleans, null, numbers and strings follow the same rule.
        let jsonl = [
            r#"{"timestamp": 1714557600, "model": "m", "input_tokens": 1, "output_tokens": 2, "cached": false, "error": false}"#,
            r#"{"timestamp": 1714557600, "model": "m", "input_tokens": 1, "output_tokens": 2, "cached": 0, "error": 0}"#,
            r#"{"timestamp": 1714557600, "model": "m", "input_tokens": 1, "output_tokens": 2, "cached": null, "error": "None"}"#,
            r#"{"timestamp": 1714557600, "model": "m", "input_tokens": 1, "output_tokens": 2, "cached": true, "error": true}"#,
            r#"{"timestamp": 1714557600, "model": "m", "input_tokens": 1, "output_tokens": 2, "cached": 1, "error": 429}"#,
            r#"{"timestamp": 1714557600, "model": "m", "input_tokens": 1, "output_tokens": 2, "cached": "no", "error": "timeout"}"#,
        ]
        .join("\n");
        let (records, bad) = read_all(&jsonl, &Mapping::guess(&field_names(&jsonl)));
        assert!(bad.is_empty(), "{bad:?}");
        let flags: Vec<(bool, Option<&str>)> = records
            .iter()
            .map(|record| (record.cached, record.error.as_deref()))
            .collect();
        assert_eq!(
            flags,
            vec![
                (false, None),
                (false, None),
                (false, None),
                (true, Some("true")),
                (true, Some("429")),
                (false, Some("timeout")),
            ]
        );
    }

    #[test]
    fn other_names_are_guessed_or_mapped_by_hand() {
        let names: Vec<String> = [
            "created_at",
            "user",
            "endpoint",
            "model_name",
            "prompt_tokens",
            "completion_tokens",
            "dur",
        ]
        .map(String::from)
        .to_vec();
        let mut mapping = Mapping::guess(&names);
        assert_eq!(mapping.get(Column::InputTokens), Some("prompt_tokens"));
        assert_eq!(mapping.get(Column::Latency), None);
        mapping.set(Column::Latency, Some("dur".into()));
        let csv = "created_at,user,endpoint,model_name,prompt_tokens,completion_tokens,dur\n2024-05-01 10:00,a,x,gpt-4o,10,20,300";
        let (records, bad) = read_all(csv, &mapping);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(records[0].latency_ms, Some(300.0));
        // A mapping that misses a required column says which.
        assert_eq!(
            Mapping::guess(&["a".to_owned()]).missing(),
            vec![
                Column::Timestamp,
                Column::Model,
                Column::InputTokens,
                Column::OutputTokens
            ]
        );
    }

    const OPENAI_JSONL: &str =
        include_str!("../../tests/fixtures/usage/openai-chat-completions.jsonl");
    const ANTHROPIC_CSV: &str = include_str!("../../tests/fixtures/usage/anthropic-messages.csv");

    #[test]
    fn openai_usage_objects_are_read_with_their_parts_inside_the_counts() {
        // OpenAI's Chat Completions usage: `prompt_tokens` include
        // `prompt_tokens_details.cached_tokens`, `completion_tokens` include
        // `completion_tokens_details.reasoning_tokens` (the numbers are OpenAI's examples,
        // see tests/fixtures/usage/README.md).
        let names = field_names(OPENAI_JSONL);
        assert!(names.contains(&"usage.prompt_tokens_details.cached_tokens".to_owned()));
        let mapping = Mapping::guess(&names);
        assert!(mapping.missing().is_empty(), "{mapping:?}");
        assert_eq!(mapping.get(Column::Timestamp), Some("created"));
        assert_eq!(
            mapping.get(Column::InputTokens),
            Some("usage.prompt_tokens")
        );
        assert_eq!(
            mapping.get(Column::OutputTokens),
            Some("usage.completion_tokens")
        );
        assert_eq!(
            mapping.get(Column::CachedTokens),
            Some("usage.prompt_tokens_details.cached_tokens")
        );
        assert_eq!(
            mapping.get(Column::ReasoningTokens),
            Some("usage.completion_tokens_details.reasoning_tokens")
        );
        assert_eq!(mapping.get(Column::CacheWriteTokens), None);
        assert_eq!(cache_convention(&mapping), CacheConvention::Included);
        let (records, bad) = read_all(OPENAI_JSONL, &mapping);
        assert!(bad.is_empty(), "{bad:?}");
        let counts: Vec<(u64, u64, TokenParts)> = records
            .iter()
            .map(|record| (record.input_tokens, record.output_tokens, record.parts))
            .collect();
        let parts = |reasoning, cache_read| TokenParts {
            reasoning: Some(reasoning),
            cache_read,
            cache_write_5m: None,
            cache_write_1h: None,
        };
        assert_eq!(
            counts,
            vec![
                (2_006, 300, parts(0, Some(1_920))),
                (75, 1_186, parts(1_024, Some(0))),
                // No `prompt_tokens_details` on this line.
                (9, 12, parts(0, None)),
            ]
        );
        assert_eq!(records[0].model, "gpt-5-mini");
        assert_eq!(records[0].at, 1_764_583_200.0);
    }

    #[test]
    fn anthropic_cache_columns_are_added_to_the_input() {
        // Anthropic: total input = input_tokens + cache_read_input_tokens +
        // cache_creation_input_tokens; the first row is the prompt-caching docs' example.
        let mapping = Mapping::guess(&field_names(ANTHROPIC_CSV));
        assert_eq!(
            mapping.get(Column::CachedTokens),
            Some("cache_read_input_tokens")
        );
        assert_eq!(
            mapping.get(Column::CacheWriteTokens),
            Some("cache_creation_input_tokens")
        );
        assert_eq!(
            mapping.get(Column::CacheWrite5mTokens),
            Some("cache_creation.ephemeral_5m_input_tokens")
        );
        assert_eq!(
            mapping.get(Column::CacheWrite1hTokens),
            Some("cache_creation.ephemeral_1h_input_tokens")
        );
        assert_eq!(cache_convention(&mapping), CacheConvention::Separate);
        let (records, bad) = read_all(ANTHROPIC_CSV, &mapping);
        assert!(bad.is_empty(), "{bad:?}");
        // 2,048 + 1,800 + 248 = 4,096; 50 + 200,000 = 200,050; 1,000.
        let inputs: Vec<u64> = records.iter().map(|record| record.input_tokens).collect();
        assert_eq!(inputs, vec![4_096, 200_050, 1_000]);
        assert_eq!(
            records[0].parts,
            TokenParts {
                reasoning: None,
                cache_read: Some(1_800),
                cache_write_5m: Some(148),
                cache_write_1h: Some(100),
            }
        );
        // Empty 5m and 1h cells: the 0 writes of `cache_creation_input_tokens`, as 5-minute.
        assert_eq!(records[2].parts.cache_write_5m, Some(0));
        assert_eq!(records[2].parts.cache_write_1h, None);
    }

    #[test]
    fn writes_without_a_ttl_are_5_minute_writes() {
        // Only `cache_creation_input_tokens` (no breakdown): all 5-minute, Anthropic's
        // default TTL. With a 1-hour column only, the rest of the writes are 5-minute.
        let csv = "timestamp,model,input_tokens,output_tokens,cache_creation_input_tokens,cache_creation.ephemeral_1h_input_tokens\n\
1764583200,m,10,1,248,\n\
1764583200,m,10,1,248,100\n";
        let (records, bad) = read_all(csv, &Mapping::guess(&field_names(csv)));
        assert!(bad.is_empty(), "{bad:?}");
        let writes: Vec<(Option<u64>, Option<u64>, u64)> = records
            .iter()
            .map(|record| {
                (
                    record.parts.cache_write_5m,
                    record.parts.cache_write_1h,
                    record.input_tokens,
                )
            })
            .collect();
        assert_eq!(
            writes,
            vec![(Some(248), None, 258), (Some(148), Some(100), 258)]
        );
    }

    #[test]
    fn the_convention_is_decided_by_the_cache_columns_names() {
        let convention = |names: &[&str]| {
            let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
            cache_convention(&Mapping::guess(&names))
        };
        let base = ["timestamp", "model", "input_tokens", "output_tokens"];
        let with = |extra: &[&'static str]| [&base[..], extra].concat();
        assert_eq!(convention(&base), CacheConvention::Included);
        assert_eq!(
            convention(&with(&["cached_tokens"])),
            CacheConvention::Included
        );
        assert_eq!(
            convention(&with(&["usage.input_tokens_details.cached_tokens"])),
            CacheConvention::Included
        );
        assert_eq!(
            convention(&with(&["Cache Read Input Tokens"])),
            CacheConvention::Separate
        );
        assert_eq!(
            convention(&with(&["message.usage.cache_creation_input_tokens"])),
            CacheConvention::Separate
        );
        assert_eq!(
            convention(&with(&["cache_creation.ephemeral_1h_input_tokens"])),
            CacheConvention::Separate
        );
        // Only the cache columns decide: reasoning says nothing about the input.
        assert_eq!(
            convention(&with(&["output_tokens_details.reasoning_tokens"])),
            CacheConvention::Included
        );
        // A cache column mapped by hand under another name: OpenAI's rule.
        let mut mapping = Mapping::guess(
            &with(&["hits"])
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>(),
        );
        mapping.set(Column::CachedTokens, Some("hits".into()));
        assert_eq!(cache_convention(&mapping), CacheConvention::Included);
    }

    #[test]
    fn parts_larger_than_the_count_that_holds_them_are_bad_rows() {
        let csv = "timestamp,model,input_tokens,output_tokens,cached_tokens,reasoning_tokens\n\
1764583200,m,100,10,101,0\n\
1764583200,m,100,10,100,11\n\
1764583200,m,100,10,100,10\n\
1764583200,m,100,10,-1,\n";
        let (records, bad) = read_all(csv, &Mapping::guess(&field_names(csv)));
        assert_eq!(records.len(), 1);
        let reasons: Vec<(usize, &str)> = bad
            .iter()
            .map(|row| (row.line, row.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (
                    2,
                    "the cached tokens (101) are more than input_tokens (100), which include them"
                ),
                (
                    3,
                    "reasoning_tokens (11) are more than output_tokens (10), which include them"
                ),
                (
                    5,
                    "cached_tokens is not a whole number of 0 or more: \"-1\""
                ),
            ]
        );
        // Under Anthropic's names the same count is added, not checked.
        let csv = "timestamp,model,input_tokens,output_tokens,cache_read_input_tokens\n1764583200,m,100,10,101\n";
        let (records, bad) = read_all(csv, &Mapping::guess(&field_names(csv)));
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(records[0].input_tokens, 201);
    }

    #[test]
    fn a_log_with_parts_exports_and_reads_back_the_same() {
        // The export holds the parts inside the counts, under names that read back so
        // (OpenAI's convention), whatever convention the file came in.
        let (records, _) = read_all(ANTHROPIC_CSV, &Mapping::guess(&field_names(ANTHROPIC_CSV)));
        let text = to_csv_with_parts(records.clone());
        assert!(
            text.starts_with(&format!("{CSV_HEADER},{CSV_PART_HEADER}\n")),
            "{text}"
        );
        let mapping = Mapping::guess(&field_names(&text));
        assert_eq!(cache_convention(&mapping), CacheConvention::Included);
        let (again, bad) = read_all(&text, &mapping);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(again, records);
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn the_fixtures_are_priced_by_hand() {
        let catalog = crate::testing::catalog();
        let read = |text: &str| {
            let (records, bad) = read_all(text, &Mapping::guess(&field_names(text)));
            assert!(bad.is_empty(), "{bad:?}");
            analyse(
                &Log::from_records(records),
                &Filter::default(),
                catalog,
                &Thresholds::default(),
            )
            .totals
        };
        // GPT-5 mini: $0.25 input, $0.025 cached input, $2 output per M.
        // 1: 86 × $0.25 + 1,920 × $0.025 + 300 × $2 = 21.5 + 48 + 600 = 669.5 µ$;
        // 2: 75 × $0.25 + 1,186 × $2 = 18.75 + 2,372 = 2,390.75 µ$ (1,024 reasoning = 2,048 µ$);
        // 3: 9 × $0.25 + 12 × $2 = 2.25 + 24 = 26.25 µ$. Total 3,086.5 µ$.
        // (Without the parts: 2,006 × $0.25 + 600 = 1,101.5 µ$ for the first call.)
        let openai = read(include_str!(
            "../../tests/fixtures/usage/openai-chat-completions.jsonl"
        ));
        close(openai.cost, 0.0030865);
        assert_eq!(openai.reasoning_tokens, 1_024);
        close(openai.reasoning_cost, 0.002048);
        assert_eq!(openai.cache_read_tokens, 1_920);
        close(openai.cache_read_cost, 0.000048);
        assert_eq!(
            (openai.cache_write_tokens, openai.cache_write_cost),
            (0, 0.0)
        );
        assert_eq!((openai.input_tokens, openai.output_tokens), (2_090, 1_498));
        assert!(openai.parts_logged.reasoning && openai.parts_logged.cache_read);
        assert!(!openai.parts_logged.cache_write_5m);
        // Claude Sonnet 4.5 (as `models::usage`'s `sonnet()` test model): 15,384 µ$ + 131,550 µ$ (the 200K tier)
        // + 1,000 × $3 + 200 × $15 = 6,000 µ$; total 152,934 µ$. Reads: 1,800 + 200,000 =
        // 201,800 tokens, 540 + 120,000 = 120,540 µ$; writes 248 tokens, 1,155 µ$.
        let anthropic = read(include_str!(
            "../../tests/fixtures/usage/anthropic-messages.csv"
        ));
        close(anthropic.cost, 0.152934);
        assert_eq!(anthropic.cache_read_tokens, 201_800);
        close(anthropic.cache_read_cost, 0.12054);
        assert_eq!(anthropic.cache_write_tokens, 248);
        close(anthropic.cache_write_cost, 0.001155);
        assert_eq!(anthropic.input_tokens, 4_096 + 200_050 + 1_000);
        assert!(!anthropic.parts_logged.reasoning);
    }

    #[test]
    fn a_log_without_the_new_columns_is_priced_as_before() {
        // The sample log (the article's columns, no token parts), priced call by call with
        // `money::cost::call_cost` as the analysis priced it before the parts: the totals
        // are the same to the last bit.
        use crate::money::cost::{call_cost, CallTokens};
        let catalog = crate::testing::catalog();
        let text = crate::formats::usage_sample::sample_csv(7, 2_000);
        let (records, bad) = read_all(&text, &Mapping::guess(&field_names(&text)));
        assert!(bad.is_empty());
        let log = Log::from_records(records.clone());
        assert_eq!(log.parts_logged(), PartsLogged::default());
        let report = analyse(&log, &Filter::default(), catalog, &Thresholds::default());
        let before: f64 = records
            .iter()
            .map(|record| {
                record.cost.unwrap_or_else(|| {
                    catalog.get(&record.model).map_or(0.0, |model| {
                        let call = CallTokens {
                            input: Tokens::new(record.input_tokens),
                            output: Tokens::new(record.output_tokens),
                        };
                        call_cost(model, call).total.dollars()
                    })
                })
            })
            .sum();
        assert_eq!(report.totals.cost, before);
        assert!(report.totals.priced_from_catalog > 0);
        assert_eq!(
            (report.totals.reasoning_cost, report.totals.cache_read_cost),
            (0.0, 0.0)
        );
    }

    #[test]
    fn jsonl_is_read_line_by_line() {
        let text = "{\"timestamp\": 1714557600, \"model\": \"gpt-4o\", \"input_tokens\": 5, \"output_tokens\": 6, \"cached\": true, \"error\": null}\nnot json\n[1]\n";
        assert_eq!(detect(text), Format::Jsonl);
        let (records, bad) = read_all(text, &Mapping::guess(&field_names(text)));
        assert_eq!(records.len(), 1);
        assert!(records[0].cached && records[0].error.is_none());
        assert_eq!(
            bad.iter().map(|row| row.line).collect::<Vec<_>>(),
            vec![2, 3]
        );
    }

    #[test]
    fn written_csv_reads_back_the_same() {
        let record = Record {
            calls: None,
            dimensions: Vec::new(),
            service_tier: None,
            long_context: None,
            at: 1_714_557_605.0,
            user: "a,b".into(),
            feature: "say \"hi\"".into(),
            model: "gpt-4o".into(),
            input_tokens: 5,
            output_tokens: 7,
            cost: Some(0.25),
            latency_ms: None,
            cached: true,
            error: Some("timeout".into()),
            // The writer quoted line breaks that the reader then split (#17).
            prompt: Some("line one\r\nline two, \"quoted\"".into()),
            parts: crate::models::usage::TokenParts::default(),
        };
        let text = to_csv([record.clone()]);
        assert!(text.contains("2024-05-01T10:00:05Z"), "{text}");
        let (records, bad) = read_all(&text, &Mapping::guess(&field_names(&text)));
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(records, vec![record]);
    }

    #[test]
    fn chunks_split_anywhere_give_the_same_lines() {
        let text = "a,é\r\nb,😀\n\nc";
        let whole: Vec<String> = text.split('\n').map(str::to_owned).collect();
        for size in 1..=text.len() {
            let mut splitter = LineSplitter::new();
            let mut lines = Vec::new();
            for chunk in text.as_bytes().chunks(size) {
                splitter
                    .feed(chunk, |line| lines.push(line.to_owned()))
                    .unwrap();
            }
            splitter.finish(|line| lines.push(line.to_owned())).unwrap();
            assert_eq!(lines, whole, "chunks of {size}");
        }
        let mut splitter = LineSplitter::new();
        assert_eq!(
            splitter.feed(b"ok\n\xff\n", |_| {}),
            Err(FileError::NotUtf8(3))
        );
        assert_eq!(
            LineSplitter::new().feed(b"a\0", |_| {}),
            Err(FileError::Binary)
        );
    }

    /// Reads `text` fed to a [`Reader`] in the pieces that `cuts` (byte offsets) make.
    fn read_in_pieces(
        text: &[u8],
        cuts: &[usize],
    ) -> Result<(Vec<Record>, Vec<BadRow>), FileError> {
        read_in_pieces_open_at_most(text, cuts, MAX_OPEN_RECORD_BYTES)
    }

    /// [`read_in_pieces`], a record inside a quote taken as unclosed past `max_open` bytes.
    fn read_in_pieces_open_at_most(
        text: &[u8],
        cuts: &[usize],
        max_open: usize,
    ) -> Result<(Vec<Record>, Vec<BadRow>), FileError> {
        let head = String::from_utf8_lossy(&text[..text.len().min(512 * 1024)]);
        let mut reader = Reader::new(detect(&head), Mapping::guess(&field_names(&head)));
        reader.csv.max_open = max_open;
        reader.csv.next_check = max_open;
        let mut records = Vec::new();
        let mut bad = Vec::new();
        let mut take = |found: Result<Record, BadRow>| match found {
            Ok(record) => records.push(record),
            Err(row) => bad.push(row),
        };
        let mut start = 0;
        for &cut in cuts.iter().chain([text.len()].iter()) {
            let cut = cut.clamp(start, text.len());
            reader.feed(&text[start..cut], &mut take)?;
            start = cut;
        }
        reader.finish(&mut take)?;
        Ok((records, bad))
    }

    // Regression: the reader split lines before it read quotes, so a quoted prompt holding
    // a line break (RFC 4180 allows it) became two bad rows.
    #[test]
    fn a_quoted_line_break_is_part_of_the_cell() {
        let text = "timestamp,model,input_tokens,output_tokens,prompt,error\r\n\
1714557600,gpt-4o,5,6,\"Summarise:\r\nline two, with a comma\n\nand \"\"quotes\"\"\",false\r\n\
\r\n\
1714557660,gpt-4o,abc,6,one line,\r\n\
1714557720,gpt-4o,5,6,\"a\nb\",timeout\n";
        let (records, bad) = read_all(text, &Mapping::guess(&field_names(text)));
        assert_eq!(records.len(), 2, "{bad:?}");
        assert_eq!(
            records[0].prompt.as_deref(),
            Some("Summarise:\r\nline two, with a comma\n\nand \"quotes\"")
        );
        assert_eq!(records[0].error, None);
        assert_eq!(records[1].prompt.as_deref(), Some("a\nb"));
        assert_eq!(records[1].error.as_deref(), Some("timeout"));
        // A record's line number is the line it starts on.
        assert_eq!(
            bad,
            vec![BadRow {
                line: 7,
                reason: "input_tokens is not a whole number of 0 or more: \"abc\"".into()
            }]
        );
    }

    #[test]
    fn a_quote_never_closed_is_a_bad_row_and_the_lines_after_it_are_read() {
        // The quote on line 2 is never closed (the quotes after it are doubled, so they
        // stay inside it to the end of the file): line 2 is a bad row and the lines after it
        // are read again one by one, as they are when nothing spans lines.
        let text = "timestamp,model,input_tokens,output_tokens,prompt\n\
1714557600,gpt-4o,5,6,\"cut off\n\
1714557660,gpt-4o,5,6,fine\n\
\n\
1714557720,gpt-4o,5,6,say \"\"hi\"\"\n\
1714557840,gpt-4o,5,6,last";
        let (records, bad) = read_all(text, &Mapping::guess(&field_names(text)));
        let reasons: Vec<(usize, &str)> = bad
            .iter()
            .map(|row| (row.line, row.reason.as_str()))
            .collect();
        assert_eq!(reasons, vec![(2, "a quote is not closed")]);
        let prompts: Vec<Option<&str>> = records
            .iter()
            .map(|record| record.prompt.as_deref())
            .collect();
        assert_eq!(
            prompts,
            vec![Some("fine"), Some("say \"\"hi\"\""), Some("last")]
        );
        // A quote still open at the end of the file, as in a log cut while it was written.
        let cut = text
            .replace("\"cut off", "cut off")
            .replace("last", "\"last");
        let (records, bad) = read_all(&cut, &Mapping::guess(&field_names(text)));
        assert_eq!(records.len(), 3);
        let reasons: Vec<(usize, &str)> = bad
            .iter()
            .map(|row| (row.line, row.reason.as_str()))
            .collect();
        assert_eq!(reasons, vec![(6, "a quote is not closed")]);
    }

    #[test]
    fn a_quoted_line_break_across_the_views_512_kb_chunks_is_one_cell() {
        // The Usage view feeds the reader 512 KB at a time (`CHUNK` in src/ui/views/usage).
        const CHUNK: usize = 512 * 1024;
        let mut text = String::from("timestamp,model,input_tokens,output_tokens,prompt\n");
        let row = |prompt: &str| format!("1714557600,gpt-4o,5,6,\"{prompt}\"\n");
        while text.len() + 200 < CHUNK {
            text.push_str(&row("filler, with a comma"));
        }
        // The line break inside the quotes falls exactly on the chunk boundary, then a
        // two-byte character straddles it.
        let pad = CHUNK - text.len() - "1714557600,gpt-4o,5,6,\"".len();
        text.push_str(&row(&format!("{}\nafter", "x".repeat(pad))));
        let before = text.len();
        text.push_str(&row("é"));
        let cut_inside_e = before + "1714557600,gpt-4o,5,6,\"".len() + 1;
        for cuts in [vec![CHUNK], vec![CHUNK - 1, CHUNK + 1], vec![cut_inside_e]] {
            let (records, bad) = read_in_pieces(text.as_bytes(), &cuts).unwrap();
            assert!(bad.is_empty(), "{bad:?}");
            let last: Vec<&str> = records[records.len() - 2..]
                .iter()
                .map(|record| record.prompt.as_deref().unwrap_or(""))
                .collect();
            assert_eq!(
                last,
                vec![format!("{}\nafter", "x".repeat(pad)).as_str(), "é"]
            );
        }
    }

    #[test]
    fn the_file_checks_say_where() {
        assert_eq!(
            read_in_pieces(b"a,b\n\xff\n", &[]).unwrap_err(),
            FileError::NotUtf8(4)
        );
        assert_eq!(
            read_in_pieces(b"a,b\n\xc3", &[4]).unwrap_err(),
            FileError::NotUtf8(4)
        );
        assert_eq!(
            read_in_pieces(b"a,b\nc\0", &[2]).unwrap_err(),
            FileError::Binary
        );
    }

    /// CSV made of the characters that matter to a reader: quotes, commas, line breaks,
    /// blank space and a few letters, digits and multi-byte characters.
    fn csv_like() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("\"".to_owned()),
                proptest::strategy::Just(",".to_owned()),
                proptest::strategy::Just("\n".to_owned()),
                proptest::strategy::Just("\r\n".to_owned()),
                proptest::strategy::Just(" ".to_owned()),
                proptest::strategy::Just("1714557600".to_owned()),
                proptest::strategy::Just("gpt-4o".to_owned()),
                proptest::strategy::Just("é".to_owned()),
                proptest::strategy::Just("😀".to_owned()),
                "[0-9a-z]{1,3}",
            ],
            0..80,
        )
        .prop_map(|parts| {
            format!(
                "timestamp,model,input_tokens,output_tokens,prompt\n{}",
                parts.concat()
            )
        })
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #[test]
        fn lines_without_quotes_are_each_a_record_or_a_bad_row(lines in proptest::collection::vec("[ !#-~]{0,40}", 0..30)) {
            let text = format!("timestamp,model,input_tokens,output_tokens\n{}", lines.join("\n"));
            let (records, bad) = read_all(&text, &Mapping::guess(&field_names(&text)));
            let data_lines = lines.iter().filter(|line| !line.trim().is_empty()).count();
            proptest::prop_assert_eq!(records.len() + bad.len(), data_lines);
        }

        #[test]
        fn reading_in_pieces_of_any_size_reads_the_same(text in csv_like(), mut cuts in proptest::collection::vec(0usize..400, 0..6), size in 1usize..40) {
            let whole = read_all(&text, &Mapping::guess(&field_names(&text)));
            cuts.sort_unstable();
            let pieces = read_in_pieces(text.as_bytes(), &cuts).unwrap();
            proptest::prop_assert_eq!(&pieces, &whole);
            let even: Vec<usize> = (1..text.len().div_ceil(size)).map(|index| index * size).collect();
            let pieces = read_in_pieces(text.as_bytes(), &even).unwrap();
            proptest::prop_assert_eq!(&pieces, &whole);
            // Every record or bad row starts on a line of its own.
            let lines = text.split('\n').filter(|line| !line.trim().is_empty()).count();
            proptest::prop_assert!(whole.0.len() + whole.1.len() < lines.max(1));
        }

        #[test]
        fn a_long_open_quote_is_cut_at_the_same_byte_however_the_file_is_cut(text in csv_like(), mut cuts in proptest::collection::vec(0usize..400, 0..6), max_open in 1usize..60) {
            let whole = read_in_pieces_open_at_most(text.as_bytes(), &[], max_open).unwrap();
            cuts.sort_unstable();
            let pieces = read_in_pieces_open_at_most(text.as_bytes(), &cuts, max_open).unwrap();
            proptest::prop_assert_eq!(pieces, whole);
        }

        #[test]
        fn no_text_panics(text in "\\PC{0,300}") {
            let _ = read_all(&text, &Mapping::guess(&field_names(&text)));
        }
    }
}
