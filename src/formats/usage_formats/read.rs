//! The reader of a known export format ([`ExportReader`], behind
//! `usage_log::Reader::for_export`), JSON documents for the generic reader, and the field
//! names that detection compares with the formats' signatures ([`head_names`]).
//!
//! Rules (each format's row in the table says which fields and conventions apply):
//! - **Container**, from the file itself: a first non-blank character `[` is a JSON
//!   document; `{` is JSON Lines when one of the first five non-blank lines is a whole JSON
//!   object starting at the line's start (a pretty-printed document's rows are indented)
//!   and the format has no [`ExportFormat::rows_path`], else a JSON document;
//!   anything else is CSV with a header line.
//! - **A JSON document** is held whole and parsed at `finish`, up to
//!   [`MAX_DOCUMENT_BYTES`] (50 MiB, the file limit); a larger one is
//!   [`FileError::TooLarge`]. Its rows are found by the format's `rows_path` (each element
//!   of an array on the way is walked); a row also sees the fields of the objects holding it,
//!   its own field winning. With no `rows_path`: an array's elements, or an object's one
//!   array of objects, or the object itself. A row's line is the line its object starts on.
//! - **Paths** (`message.usage.input_tokens`) go through nested objects and through strings
//!   that hold a JSON object (a CSV cell `{"user_api_key_alias": "k"}`). Token lists are
//!   summed over the names a row has; `time`, `model`, `cost`, `latency` and `calls` take
//!   the first name present. A row with none of its input and output names is bad (a
//!   count left out is 0: Gemini leaves zero counts out).
//! - **keep** skips other rows, **dedupe** skips later copies of a row that was read (both
//!   counted in [`Skipped`], across chunks).
//! - **Units**: cents / 100 = dollars; latency seconds × 1000 = ms; times by
//!   `formats::time::parse_time` (Unix seconds or milliseconds, or a date and time).
//! - **Buckets**: `calls` from the field (`Some(0)` when the format has no request count,
//!   as Anthropic's usage report); a bucket with 0 calls and 0 tokens is skipped (counted
//!   as empty). **Costs**: no tokens, model from the field or "(all models)", cost required.
//!   A bucket with no model (OpenAI's usage API without `group_by=model`) is
//!   "(all models)".
//!
//! Must not know: the DOM, prices.

use std::collections::{BTreeMap, HashSet};

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{CostUnit, ExportFormat, LatencyUnit, Rows};
use crate::formats::time::parse_time;
use crate::formats::usage_log::{
    csv_records, flag, nested_names, shorten, token_parts, BadRow, CsvRecords, Flag, Inclusion,
    LineSplitter, LoggedParts, Utf8Stream,
};
use crate::models::usage::{Dimension, Record, ServiceTier};
use crate::text::file::{FileError, MAX_FILE_BYTES};

/// The largest JSON document read (it is held whole to be parsed).
pub const MAX_DOCUMENT_BYTES: usize = MAX_FILE_BYTES;

/// The model of a row that gives none (a cost row, or a bucket not grouped by model).
pub const ALL_MODELS: &str = "(all models)";

/// Rows a reader left out on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Rows that are not the format's kind ([`ExportFormat::keep`]).
    pub other: usize,
    /// Later copies of a call already read ([`ExportFormat::dedupe`]).
    pub duplicates: usize,
    /// Buckets of no calls and no tokens.
    pub empty: usize,
}

/// What a file is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Container {
    Csv,
    Jsonl,
    Document,
}

/// The container of a file from its first bytes (see the module's rules); `rows_path`
/// says whether the format's rows are inside a document.
pub(crate) fn container(head: &str, has_rows_path: bool) -> Container {
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('[') {
        return Container::Document;
    }
    if !text.starts_with('{') {
        return Container::Csv;
    }
    if has_rows_path {
        return Container::Document;
    }
    let lines_are_objects = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(5)
        .any(|line| {
            line.starts_with('{')
                && matches!(serde_json::from_str::<Value>(line), Ok(Value::Object(_)))
        });
    if lines_are_objects {
        Container::Jsonl
    } else {
        Container::Document
    }
}

/// A JSON document gathered from chunks, read at the end.
#[derive(Debug, Default)]
pub(crate) struct Document {
    bytes: Vec<u8>,
    seen: usize,
}

impl Document {
    /// Adds a chunk; past [`MAX_DOCUMENT_BYTES`] the file is too large.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        self.seen += chunk.len();
        if self.seen > MAX_DOCUMENT_BYTES {
            self.bytes = Vec::new();
            return Err(FileError::TooLarge(self.seen));
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// Parses the document as a generic log's ([`generic_rows`]).
    pub(crate) fn generic(
        &mut self,
        mut row: impl FnMut(usize, Result<Map<String, Value>, String>),
    ) -> Result<(), FileError> {
        let bytes = std::mem::take(&mut self.bytes);
        let text = std::str::from_utf8(&bytes).map_err(|e| FileError::NotUtf8(e.valid_up_to()))?;
        generic_rows(text, &mut row);
        Ok(())
    }

    /// Parses the document and gives each row (its line and object, or a bad row).
    pub(crate) fn rows(
        &mut self,
        path: &[&str],
        mut row: impl FnMut(usize, Result<Map<String, Value>, String>),
    ) -> Result<(), FileError> {
        let bytes = std::mem::take(&mut self.bytes);
        let text = std::str::from_utf8(&bytes).map_err(|e| FileError::NotUtf8(e.valid_up_to()))?;
        document_rows(text, path, &mut row);
        Ok(())
    }
}

/// The rows of the JSON document `text` under `path` (see the module's rules).
pub(crate) fn document_rows(
    text: &str,
    path: &[&str],
    row: &mut dyn FnMut(usize, Result<Map<String, Value>, String>),
) {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return;
    }
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, byte)| *byte == b'\n')
        .map(|(at, _)| at)
        .collect();
    let line_of = |raw: &RawValue| {
        let at = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        1 + newlines.partition_point(|&newline| newline < at)
    };
    let root: &RawValue = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(error) => return row(error.line().max(1), Err(format!("not JSON ({error})"))),
    };
    walk(root, path, &Map::new(), &line_of, row);
}

/// The rows under `raw` along `path`, with the fields of the objects above (`parents`).
fn walk(
    raw: &RawValue,
    path: &[&str],
    parents: &Map<String, Value>,
    line_of: &dyn Fn(&RawValue) -> usize,
    row: &mut dyn FnMut(usize, Result<Map<String, Value>, String>),
) {
    let text = raw.get().trim_start();
    if text.starts_with('[') {
        let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
            return row(line_of(raw), Err("not JSON".into()));
        };
        for item in items {
            walk(item, path, parents, line_of, row);
        }
        return;
    }
    if !text.starts_with('{') {
        return row(line_of(raw), Err("not a JSON object".into()));
    }
    let Ok(fields) = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get()) else {
        return row(line_of(raw), Err("not JSON".into()));
    };
    let (step, rest) = match path.split_first() {
        Some((step, rest)) => (Some(*step), rest),
        None => (None, path),
    };
    let Some(step) = step else {
        let mut object = parents.clone();
        match serde_json::from_str::<Map<String, Value>>(raw.get()) {
            Ok(own) => object.extend(own),
            Err(error) => return row(line_of(raw), Err(format!("not JSON ({error})"))),
        }
        return row(line_of(raw), Ok(object));
    };
    let Some(inner) = fields.get(step) else {
        return;
    };
    let mut above = parents.clone();
    for (key, value) in &fields {
        if key != step {
            if let Ok(value) = serde_json::from_str::<Value>(value.get()) {
                above.insert(key.clone(), value);
            }
        }
    }
    walk(inner, rest, &above, line_of, row);
}

/// The generic reading of a document: an array's elements, or the one array of objects
/// of an object at the top, or the object itself.
fn generic_path(text: &str) -> Option<String> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    array_of_objects_key(&object)
}

fn array_of_objects_key(object: &Map<String, Value>) -> Option<String> {
    let mut arrays = object.iter().filter(|(_, value)| {
        matches!(value, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object))
    });
    match (arrays.next(), arrays.next()) {
        (Some((key, _)), None) => Some(key.clone()),
        _ => None,
    }
}

/// The rows of a generic JSON document (no known format): an array's elements, an
/// object's one array of row objects, or the object itself.
pub(crate) fn generic_rows(
    text: &str,
    row: &mut dyn FnMut(usize, Result<Map<String, Value>, String>),
) {
    match generic_path(text.trim_start_matches('\u{feff}')) {
        Some(key) => document_rows(text, &[key.as_str()], row),
        None => document_rows(text, &[], row),
    }
}

/// A document cut anywhere (the head of a file), made whole: cut back to the last point
/// where a value ended or a container opened, and the containers still open closed.
/// `None` when nothing before the cut can be made whole.
pub(crate) fn whole_head(head: &str) -> Option<Value> {
    let head = head.trim_start_matches('\u{feff}');
    if let Ok(value) = serde_json::from_str::<Value>(head) {
        return Some(value);
    }
    let mut stack: Vec<u8> = Vec::new();
    let mut cut: Option<(usize, Vec<u8>)> = None;
    let (mut in_string, mut escaped) = (false, false);
    for (at, byte) in head.bytes().enumerate() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                stack.push(if byte == b'{' { b'}' } else { b']' });
                cut = Some((at + 1, stack.clone()));
            }
            b'}' | b']' => {
                stack.pop();
                if stack.is_empty() {
                    break;
                }
                cut = Some((at + 1, stack.clone()));
            }
            b',' => cut = Some((at, stack.clone())),
            _ => {}
        }
    }
    let (at, stack) = cut?;
    let mut text = head[..at].to_owned();
    text.extend(stack.iter().rev().map(|&closer| closer as char));
    serde_json::from_str(&text).ok()
}

/// The field names of a file's head for detection, as `format` would read it: the CSV
/// header; the union of the names of the JSON lines (nested names dotted: Claude Code logs
/// start with lines that are not assistant messages); or the names of a document's first
/// row under `format`'s rows path with its parents' names (a head cut mid-document is
/// made whole by [`whole_head`] first).
pub(crate) fn head_names(head: &str, rows_path: &[&str]) -> Vec<String> {
    let mut names = Vec::new();
    match container(head, !rows_path.is_empty()) {
        Container::Csv => {
            let mut first = true;
            csv_records(head.trim_start_matches('\u{feff}'), |_, cells| {
                if std::mem::take(&mut first) {
                    names = cells
                        .unwrap_or_default()
                        .iter()
                        .map(|name| name.trim().to_owned())
                        .collect();
                }
            });
        }
        Container::Jsonl => {
            for line in head.trim_start_matches('\u{feff}').lines().take(200) {
                if let Ok(Value::Object(object)) = serde_json::from_str::<Value>(line) {
                    let mut found = Vec::new();
                    nested_names(&object, "", &mut found);
                    for name in found {
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
            }
        }
        Container::Document => {
            if let Some(value) = whole_head(head) {
                let text = value.to_string();
                let mut first = None;
                let mut take = |_: usize, found: Result<Map<String, Value>, String>| {
                    if first.is_none() {
                        first = found.ok();
                    }
                };
                if rows_path.is_empty() {
                    generic_rows(&text, &mut take);
                } else {
                    document_rows(&text, rows_path, &mut take);
                }
                if let Some(row) = first {
                    nested_names(&row, "", &mut names);
                }
            }
        }
    }
    names
}

/// The value at `path` in `object`: a key of that name, or a path through nested objects
/// and through strings that hold a JSON object.
fn lookup(object: &Map<String, Value>, path: &str) -> Option<Value> {
    if let Some(value) = object.get(path) {
        return Some(value.clone());
    }
    path.match_indices('.')
        .find_map(|(at, _)| match object.get(&path[..at])? {
            Value::Object(inner) => lookup(inner, &path[at + 1..]),
            Value::String(text) => match serde_json::from_str::<Value>(text).ok()? {
                Value::Object(inner) => lookup(&inner, &path[at + 1..]),
                _ => None,
            },
            _ => None,
        })
}

/// A value as text: `None` for null or blank; lists and objects as their items joined by
/// ", " (an object's items as `key: value`).
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        // A cell that holds a JSON list or object (a CSV of LiteLLM's table writes
        // `request_tags` as `["prod", "search"]`) reads as that list or object.
        Value::String(text) if text.trim_start().starts_with(['[', '{']) => {
            match serde_json::from_str::<Value>(text.trim()) {
                Ok(inner @ (Value::Array(_) | Value::Object(_))) => return text_of(&inner),
                _ => text.trim().to_owned(),
            }
        }
        Value::String(text) => text.trim().to_owned(),
        Value::Array(items) => items
            .iter()
            .filter_map(text_of)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(fields) => fields
            .iter()
            .filter_map(|(key, value)| text_of(value).map(|value| format!("{key}: {value}")))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

/// The reader of one known format.
pub struct ExportReader {
    format: &'static ExportFormat,
    /// The first bytes, until the container is known.
    start: Vec<u8>,
    container: Option<Container>,
    text: Utf8Stream,
    csv: CsvRecords,
    header: Option<Vec<String>>,
    lines: LineSplitter,
    line_number: usize,
    document: Document,
    seen: HashSet<String>,
    skipped: Skipped,
}

type Take<'a> = dyn FnMut(Result<Record, BadRow>) + 'a;

impl ExportReader {
    /// A reader of `format` at the start of a file.
    pub fn new(format: &'static ExportFormat) -> ExportReader {
        ExportReader {
            format,
            start: Vec::new(),
            container: None,
            text: Utf8Stream::default(),
            csv: CsvRecords::new(),
            header: None,
            lines: LineSplitter::new(),
            line_number: 0,
            document: Document::default(),
            seen: HashSet::new(),
            skipped: Skipped::default(),
        }
    }

    /// The rows left out so far.
    pub fn skipped(&self) -> Skipped {
        self.skipped
    }

    /// Reads the next chunk.
    pub fn feed(&mut self, chunk: &[u8], take: &mut Take) -> Result<(), FileError> {
        if self.container.is_none() {
            self.start.extend_from_slice(chunk);
            let lines = self.start.iter().filter(|&&byte| byte == b'\n').count();
            if lines < 6 && self.start.len() < 64 * 1024 {
                return Ok(());
            }
            let start = std::mem::take(&mut self.start);
            self.decide(&start);
            return self.pass(&start, take);
        }
        self.pass(chunk, take)
    }

    /// Ends the file.
    pub fn finish(&mut self, take: &mut Take) -> Result<(), FileError> {
        if self.container.is_none() {
            let start = std::mem::take(&mut self.start);
            self.decide(&start);
            self.pass(&start, take)?;
        }
        let ExportReader {
            format,
            text,
            csv,
            header,
            lines,
            line_number,
            document,
            seen,
            skipped,
            container,
            ..
        } = self;
        let mut rows = RowReader {
            format,
            seen,
            skipped,
        };
        match container {
            Some(Container::Csv) => {
                text.finish()?;
                csv.finish(&mut |line, cells| rows.csv(header, line, cells, take));
                Ok(())
            }
            Some(Container::Jsonl) => lines.finish(|line| rows.json_line(line_number, line, take)),
            Some(Container::Document) => document.rows(format.rows_path, |line, found| {
                rows.object(line, found, take)
            }),
            None => Ok(()),
        }
    }

    fn decide(&mut self, start: &[u8]) {
        let head = String::from_utf8_lossy(start);
        self.container = Some(container(&head, !self.format.rows_path.is_empty()));
    }

    fn pass(&mut self, chunk: &[u8], take: &mut Take) -> Result<(), FileError> {
        let ExportReader {
            format,
            text,
            csv,
            header,
            lines,
            line_number,
            document,
            seen,
            skipped,
            container,
            ..
        } = self;
        let mut rows = RowReader {
            format,
            seen,
            skipped,
        };
        match container {
            Some(Container::Csv) => text.push(chunk, |valid| {
                csv.feed(valid, &mut |line, cells| {
                    rows.csv(header, line, cells, take)
                })
            }),
            Some(Container::Jsonl) => {
                lines.feed(chunk, |line| rows.json_line(line_number, line, take))
            }
            Some(Container::Document) => document.push(chunk),
            None => Ok(()),
        }
    }
}

/// The reading of rows by a format, with the state kept across chunks.
struct RowReader<'a> {
    format: &'a ExportFormat,
    seen: &'a mut HashSet<String>,
    skipped: &'a mut Skipped,
}

impl RowReader<'_> {
    fn csv(
        &mut self,
        header: &mut Option<Vec<String>>,
        line: usize,
        cells: Option<&[&str]>,
        take: &mut Take,
    ) {
        let Some(cells) = cells else {
            return take(Err(BadRow {
                line,
                reason: "a quote is not closed".into(),
            }));
        };
        let Some(names) = header.as_ref() else {
            *header = Some(cells.iter().map(|cell| cell.trim().to_owned()).collect());
            return;
        };
        let object: Map<String, Value> = names
            .iter()
            .zip(cells)
            .map(|(name, cell)| (name.clone(), Value::String(cell.trim().to_owned())))
            .collect();
        self.object(line, Ok(object), take);
    }

    fn json_line(&mut self, line_number: &mut usize, line: &str, take: &mut Take) {
        let Some(line) = crate::formats::usage_log::json_line_text(line_number, line) else {
            return;
        };
        let found = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => Ok(object),
            Ok(_) => Err("not a JSON object".to_owned()),
            Err(error) => Err(format!("not JSON ({error})")),
        };
        self.object(*line_number, found, take);
    }

    fn object(&mut self, line: usize, found: Result<Map<String, Value>, String>, take: &mut Take) {
        let object = match found {
            Ok(object) => object,
            Err(reason) => return take(Err(BadRow { line, reason })),
        };
        if let Some((field, wanted)) = self.format.keep {
            if lookup(&object, field).as_ref().and_then(text_of).as_deref() != Some(wanted) {
                self.skipped.other += 1;
                return;
            }
        }
        let key = (!self.format.dedupe.is_empty())
            .then(|| {
                self.format
                    .dedupe
                    .iter()
                    .map(|field| lookup(&object, field).as_ref().and_then(text_of))
                    .collect::<Option<Vec<String>>>()
                    .map(|parts| parts.join("\u{1f}"))
            })
            .flatten();
        if key.as_ref().is_some_and(|key| self.seen.contains(key)) {
            self.skipped.duplicates += 1;
            return;
        }
        match record(self.format, &object) {
            Ok(Some(record)) => {
                if let Some(key) = key {
                    self.seen.insert(key);
                }
                take(Ok(record));
            }
            Ok(None) => self.skipped.empty += 1,
            Err(reason) => take(Err(BadRow { line, reason })),
        }
    }
}

/// One row of `format` as a record (see the module's rules); `None` for an empty bucket.
pub(crate) fn record(
    format: &ExportFormat,
    object: &Map<String, Value>,
) -> Result<Option<Record>, String> {
    let fields = &format.fields;
    let first = |names: &[&str]| -> Option<(String, String)> {
        names.iter().find_map(|name| {
            let value = lookup(object, name)?;
            text_of(&value).map(|text| (name.to_string(), text))
        })
    };
    let whole = |name: &str, raw: &str| -> Result<u64, String> {
        raw.parse::<f64>()
            .ok()
            .filter(|value| value.is_finite() && *value >= 0.0 && value.fract() == 0.0)
            .filter(|value| *value < 1e15)
            .map(|value| value as u64)
            .ok_or_else(|| {
                format!(
                    "{name} is not a whole number of 0 or more: \"{}\"",
                    shorten(raw)
                )
            })
    };
    let sum = |names: &[&str]| -> Result<Option<u64>, String> {
        let mut total: Option<u64> = None;
        for name in names {
            if let Some(raw) = lookup(object, name).as_ref().and_then(text_of) {
                let count = whole(name, &raw)?;
                total = Some(total.unwrap_or(0).saturating_add(count));
            }
        }
        Ok(total)
    };
    let number = |names: &[&str]| -> Result<Option<f64>, String> {
        match first(names) {
            None => Ok(None),
            Some((name, raw)) => raw
                .trim_start_matches('$')
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite() && *value >= 0.0)
                .map(Some)
                .ok_or_else(|| {
                    format!("{name} is not a number of 0 or more: \"{}\"", shorten(&raw))
                }),
        }
    };
    let (time_name, raw_time) = first(fields.time).ok_or_else(|| match fields.time.first() {
        Some(name) => format!("no {name}"),
        None => "no time".to_owned(),
    })?;
    let at = parse_time(&raw_time).ok_or_else(|| {
        format!(
            "{time_name} \"{}\" is not a date or a number of seconds",
            shorten(&raw_time)
        )
    })?;
    let model = match (first(fields.model), format.rows) {
        (Some((_, model)), _) => model,
        (None, Rows::PerCall) => {
            return Err(format!("no {}", fields.model.first().unwrap_or(&"model")))
        }
        (None, _) => ALL_MODELS.to_owned(),
    };
    let cost = number(fields.cost)?.map(|cost| match format.cost_unit {
        CostUnit::Dollars => cost,
        CostUnit::Cents => cost / 100.0,
    });
    let (input_tokens, output_tokens, parts, calls) = if format.rows == Rows::Costs {
        if cost.is_none() {
            return Err(format!("no {}", fields.cost.first().unwrap_or(&"cost")));
        }
        (0, 0, Default::default(), Some(0))
    } else {
        let input = sum(fields.input)?;
        let output = sum(fields.output)?;
        if input.is_none() && output.is_none() {
            return Err(format!(
                "no token counts ({})",
                fields
                    .input
                    .iter()
                    .chain(fields.output)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let logged = LoggedParts {
            reasoning: sum(fields.reasoning)?,
            cache_read: sum(fields.cache_read)?,
            cache_write: sum(fields.cache_write)?,
            cache_write_5m: sum(fields.cache_write_5m)?,
            cache_write_1h: sum(fields.cache_write_1h)?,
        };
        let inclusion = Inclusion {
            input_has_cache_read: format.input_has_cache_read,
            input_has_cache_write: format.input_has_cache_write,
            output_has_reasoning: format.output_has_reasoning,
        };
        let (input, output, parts) =
            token_parts(input.unwrap_or(0), output.unwrap_or(0), logged, inclusion)?;
        let calls = match format.rows {
            Rows::Buckets => Some(match first(fields.calls) {
                Some((name, raw)) => whole(&name, &raw)?,
                None if fields.calls.is_empty() => 0,
                None => return Err(format!("no {}", fields.calls[0])),
            }),
            _ => None,
        };
        if format.rows == Rows::Buckets && calls == Some(0) && input == 0 && output == 0 {
            return Ok(None);
        }
        (input, output, parts, calls)
    };
    let latency_ms = number(fields.latency)?.map(|latency| match format.latency_unit {
        LatencyUnit::Seconds => latency * 1000.0,
        LatencyUnit::Millis => latency,
    });
    let error = first(fields.error)
        .map(|(_, value)| value)
        .filter(|value| flag(value) != Flag::No);
    let mut dimensions: Vec<(Dimension, String)> = Vec::new();
    for (dimension, field) in fields.dimensions {
        if dimensions.iter().any(|(have, _)| have == dimension) {
            continue;
        }
        if let Some(text) = lookup(object, field).as_ref().and_then(text_of) {
            dimensions.push((*dimension, text));
        }
    }
    let dimension = |wanted: Option<Dimension>| {
        wanted
            .and_then(|wanted| dimensions.iter().find(|(have, _)| *have == wanted))
            .map(|(_, text)| text.clone())
            .unwrap_or_default()
    };
    let batch = first(fields.batch).is_some_and(|(_, value)| flag(&value) == Flag::Yes);
    let service_tier = if batch {
        Some(ServiceTier::Batch)
    } else {
        first(fields.service_tier).and_then(|(_, tier)| match tier.to_lowercase().as_str() {
            "flex" => Some(ServiceTier::Flex),
            "priority" => Some(ServiceTier::Priority),
            "batch" => Some(ServiceTier::Batch),
            _ => None,
        })
    };
    let long_context = first(fields.context_window).and_then(|(_, band)| long_context(&band));
    Ok(Some(Record {
        at,
        user: dimension(format.user),
        feature: dimension(format.feature),
        model,
        input_tokens,
        output_tokens,
        cost,
        latency_ms,
        cached: false,
        error,
        prompt: None,
        parts,
        calls,
        dimensions,
        service_tier,
        long_context,
    }))
}

/// Whether a context-window band (Anthropic's `context_window`: "0-200k", "200k-1M")
/// is a long-context one: its lower bound, a number with an optional `k` (thousand) or
/// `m` (million) suffix before the `-`, is above 0. `None` when it cannot be read.
pub(crate) fn long_context(band: &str) -> Option<bool> {
    let band = band.trim().to_lowercase();
    let lower = band.split('-').next()?.trim();
    let (digits, scale) = match lower.strip_suffix('k') {
        Some(digits) => (digits, 1e3),
        None => match lower.strip_suffix('m') {
            Some(digits) => (digits, 1e6),
            None => (lower, 1.0),
        },
    };
    let value = digits
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())?;
    Some(value * scale > 0.0)
}

/// Test helpers that the gateways' tests use too.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::formats::usage_log::Reader;

    /// What reading a file gives: records, bad rows, rows skipped.
    pub(crate) type Read = (Vec<Record>, Vec<BadRow>, Skipped);

    /// Reads `bytes` as `format` in chunks of `size` bytes (0: one chunk).
    pub(crate) fn read_chunked(
        format: &'static ExportFormat,
        bytes: &[u8],
        size: usize,
    ) -> Result<Read, FileError> {
        let mut reader = Reader::for_export(format);
        let (mut records, mut bad) = (Vec::new(), Vec::new());
        let mut take = |found: Result<Record, BadRow>| match found {
            Ok(record) => records.push(record),
            Err(row) => bad.push(row),
        };
        let size = if size == 0 { bytes.len().max(1) } else { size };
        for chunk in bytes.chunks(size) {
            reader.feed(chunk, &mut take)?;
        }
        reader.finish(&mut take)?;
        let skipped = reader.skipped();
        Ok((records, bad, skipped))
    }

    /// Detects `text`'s format (it must be `id`) and reads it in one chunk.
    pub(crate) fn detect_and_read(id: &str, text: &str) -> Read {
        let format = crate::formats::usage_formats::detect_export(text)
            .unwrap_or_else(|| panic!("{id}: no format detected"));
        assert_eq!(format.id, id);
        read_chunked(format, text.as_bytes(), 0).unwrap()
    }

    /// Checks that `text` read as `format` in chunks of every size from 1 to 64 bytes, and
    /// of `extra` sizes, gives what one chunk gives.
    pub(crate) fn assert_chunks_read_the_same(
        format: &'static ExportFormat,
        text: &str,
        extra: &[usize],
    ) {
        let whole = read_chunked(format, text.as_bytes(), 0).unwrap();
        for size in (1..=64).chain(extra.iter().copied()) {
            let pieces = read_chunked(format, text.as_bytes(), size).unwrap();
            assert_eq!(pieces, whole, "{}: chunks of {size}", format.id);
        }
    }
}

#[cfg(test)]
mod tests;
