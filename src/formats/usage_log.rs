//! Usage logs: one record per LLM call, as CSV or JSONL, read line by line.
//!
//! The article's `LLMMetric` fields are recognised by name (`timestamp`, `user_id`,
//! `feature`, `model`, `input_tokens`, `output_tokens`, `total_tokens`, `cost`,
//! `latency_ms`, `cached`, `cache_type`, `error`), as are common other names
//! (`prompt_tokens`, `created_at`, …); anything else is mapped by the user
//! ([`Mapping`]). A row that cannot be read becomes a [`BadRow`] with its line number and
//! the reason: every non-empty line after the header is either a record or a bad row.
//! Quoted CSV fields may hold commas and doubled quotes, not line breaks.
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
}

impl Column {
    /// Every column.
    pub const ALL: [Column; 13] = [
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
        }
    }

    /// Other names recognised without asking.
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
        }
    }

    /// Must be mapped for a row to be read.
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::Timestamp | Column::Model | Column::InputTokens | Column::OutputTokens
        )
    }
}

/// Which source field holds each column (CSV: header position; JSONL: key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    /// Source field name per column, in [`Column::ALL`] order.
    pub fields: [Option<String>; 13],
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

    /// Guesses from field names: the article's names, then the aliases (case and
    /// separators ignored).
    pub fn guess(names: &[String]) -> Mapping {
        let simple = |name: &str| name.trim().to_lowercase().replace([' ', '-', '.'], "_");
        let mut mapping = Mapping::default();
        for column in Column::ALL {
            let found = names
                .iter()
                .find(|name| simple(name) == column.key())
                .or_else(|| {
                    names
                        .iter()
                        .find(|name| column.aliases().contains(&simple(name).as_str()))
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

/// One call.
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
}

/// The format of a file, from its first non-empty line.
pub fn detect(text: &str) -> Format {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    if first.trim_start().starts_with('{') {
        Format::Jsonl
    } else {
        Format::Csv
    }
}

/// The field names of a log: the CSV header, or the keys of the first JSON line.
pub fn field_names(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    match detect(text) {
        Format::Csv => split_csv(first)
            .unwrap_or_default()
            .into_iter()
            .map(|name| name.trim().to_owned())
            .collect(),
        Format::Jsonl => serde_json::from_str::<Value>(first)
            .ok()
            .and_then(|value| {
                value
                    .as_object()
                    .map(|object| object.keys().cloned().collect())
            })
            .unwrap_or_default(),
    }
}

/// Splits one CSV line; `None` when a quote is left open.
pub fn split_csv(line: &str) -> Option<Vec<String>> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    if quoted {
        return None;
    }
    cells.push(cell);
    Some(cells)
}

/// Reads a log's lines one at a time (call [`Reader::line`] for each, in order).
pub struct Reader {
    format: Format,
    mapping: Mapping,
    positions: Vec<Option<usize>>,
    header_seen: bool,
    line_number: usize,
}

impl Reader {
    /// A reader for `format` with `mapping`.
    pub fn new(format: Format, mapping: Mapping) -> Reader {
        Reader {
            format,
            mapping,
            positions: Vec::new(),
            header_seen: false,
            line_number: 0,
        }
    }

    /// Reads the next line: `None` for the header and blank lines.
    pub fn line(&mut self, line: &str) -> Option<Result<Record, BadRow>> {
        self.line_number += 1;
        let line = line.trim_end_matches('\r');
        let line = if self.line_number == 1 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if line.trim().is_empty() {
            return None;
        }
        let bad = |reason: String| BadRow {
            line: self.line_number,
            reason,
        };
        match self.format {
            Format::Csv => {
                let cells = match split_csv(line) {
                    Some(cells) => cells,
                    None => return Some(Err(bad("a quote is not closed".into()))),
                };
                if !self.header_seen {
                    self.header_seen = true;
                    let names: Vec<String> =
                        cells.iter().map(|cell| cell.trim().to_owned()).collect();
                    self.positions = Column::ALL
                        .iter()
                        .map(|&column| {
                            self.mapping
                                .get(column)
                                .and_then(|field| names.iter().position(|name| name == field))
                        })
                        .collect();
                    return None;
                }
                let get = |column: Column| -> Option<String> {
                    let index = Column::ALL.iter().position(|&c| c == column)?;
                    let position = self.positions.get(index).copied().flatten()?;
                    cells.get(position).map(|cell| cell.trim().to_owned())
                };
                Some(self.build(&get).map_err(bad))
            }
            Format::Jsonl => {
                let value: Value = match serde_json::from_str(line) {
                    Ok(value) => value,
                    Err(error) => return Some(Err(bad(format!("not JSON ({error})")))),
                };
                let Some(object) = value.as_object() else {
                    return Some(Err(bad("not a JSON object".into())));
                };
                let get = |column: Column| -> Option<String> {
                    let field = self.mapping.get(column)?;
                    match object.get(field)? {
                        Value::Null => None,
                        Value::String(text) => Some(text.clone()),
                        other => Some(other.to_string()),
                    }
                };
                Some(self.build(&get).map_err(bad))
            }
        }
    }

    fn build(&self, get: &dyn Fn(Column) -> Option<String>) -> Result<Record, String> {
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
        })
    }
}

/// How a yes-or-no cell (`cached`, `error`) reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flag {
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
fn flag(raw: &str) -> Flag {
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
        Ok(number) if number == 0.0 => Flag::No,
        Ok(number) if number == 1.0 => Flag::Yes,
        _ => Flag::Other,
    }
}

fn shorten(text: &str) -> String {
    crate::form::shorten(text)
}

/// Reads a whole log with `mapping`: the records and the bad rows.
pub fn read_all(text: &str, mapping: &Mapping) -> (Vec<Record>, Vec<BadRow>) {
    let mut reader = Reader::new(detect(text), mapping.clone());
    let mut records = Vec::new();
    let mut bad = Vec::new();
    for line in text.split('\n') {
        match reader.line(line) {
            Some(Ok(record)) => records.push(record),
            Some(Err(row)) => bad.push(row),
            None => {}
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

/// Column mappings the user made, remembered per set of field names (localStorage
/// `burnrate.usage-mappings`): `{"format": "burnrate-usage-mappings", "version": 1,
/// "mappings": [{"fields": [names in the file], "columns": {column key: field}}]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedMappings {
    /// (The file's field names, the mapping), most recent first.
    pub entries: Vec<(Vec<String>, Mapping)>,
}

const MAPPINGS_FORMAT: &str = "burnrate-usage-mappings";
/// Mappings remembered at most.
pub const MAX_SAVED_MAPPINGS: usize = 20;

impl SavedMappings {
    /// The mapping remembered for a file with these field names.
    pub fn find(&self, names: &[String]) -> Option<&Mapping> {
        self.entries
            .iter()
            .find(|(fields, _)| fields == names)
            .map(|(_, mapping)| mapping)
    }

    /// Remembers `mapping` for these field names (replacing an older one).
    pub fn remember(&mut self, names: &[String], mapping: &Mapping) {
        self.entries.retain(|(fields, _)| fields != names);
        self.entries.insert(0, (names.to_vec(), mapping.clone()));
        self.entries.truncate(MAX_SAVED_MAPPINGS);
    }

    /// As JSON.
    pub fn to_json(&self) -> String {
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|(fields, mapping)| {
                let columns: serde_json::Map<String, Value> = Column::ALL
                    .iter()
                    .filter_map(|&column| {
                        mapping
                            .get(column)
                            .map(|field| (column.key().to_owned(), Value::from(field)))
                    })
                    .collect();
                serde_json::json!({ "fields": fields, "columns": columns })
            })
            .collect();
        serde_json::json!({ "format": MAPPINGS_FORMAT, "version": 1, "mappings": entries })
            .to_string()
    }

    /// From JSON; a message when it is not this format.
    pub fn from_json(text: &str) -> Result<SavedMappings, String> {
        let root: Value =
            serde_json::from_str(text).map_err(|error| format!("not JSON ({error})"))?;
        if root.get("format").and_then(Value::as_str) != Some(MAPPINGS_FORMAT) {
            return Err("not saved column mappings".into());
        }
        if root.get("version").and_then(Value::as_u64) != Some(1) {
            return Err("saved by another version of Burnrate".into());
        }
        let list = root
            .get("mappings")
            .and_then(Value::as_array)
            .ok_or("no list of mappings")?;
        let mut saved = SavedMappings::default();
        for entry in list {
            let fields: Option<Vec<String>> = entry
                .get("fields")
                .and_then(Value::as_array)
                .and_then(|names| {
                    names
                        .iter()
                        .map(|name| name.as_str().map(str::to_owned))
                        .collect()
                });
            let columns = entry.get("columns").and_then(Value::as_object);
            let (Some(fields), Some(columns)) = (fields, columns) else {
                return Err("a mapping without fields or columns".into());
            };
            let mut mapping = Mapping::default();
            for column in Column::ALL {
                if let Some(field) = columns.get(column.key()).and_then(Value::as_str) {
                    mapping.set(column, Some(field.to_owned()));
                }
            }
            saved.entries.push((fields, mapping));
        }
        Ok(saved)
    }
}

/// The article's column names, as written by [`to_csv`].
pub const CSV_HEADER: &str = "timestamp,user_id,feature,model,input_tokens,output_tokens,total_tokens,cost,latency_ms,cached,cache_type,error,prompt";

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// One record as a CSV line (no line break), in [`CSV_HEADER`]'s order. The time is
/// written as UTC `YYYY-MM-DDTHH:MM:SSZ`; missing values are empty; the cache type is
/// not kept by the reader and is left empty.
pub fn to_csv_line(record: &Record) -> String {
    let optional = |value: Option<f64>| value.map(|value| value.to_string()).unwrap_or_default();
    let seconds = record.at.floor();
    let time = format!(
        "{}:{:02}Z",
        crate::formats::time::format_time(seconds).replacen(' ', "T", 1),
        (seconds.rem_euclid(60.0)) as u32
    );
    [
        time,
        csv_cell(&record.user),
        csv_cell(&record.feature),
        csv_cell(&record.model),
        record.input_tokens.to_string(),
        record.output_tokens.to_string(),
        (record.input_tokens + record.output_tokens).to_string(),
        optional(record.cost),
        optional(record.latency_ms),
        record.cached.to_string(),
        String::new(),
        csv_cell(record.error.as_deref().unwrap_or("")),
        csv_cell(record.prompt.as_deref().unwrap_or("")),
    ]
    .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            prompt: None,
        };
        let text = format!("{CSV_HEADER}\n{}\n", to_csv_line(&record));
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

    #[test]
    fn mappings_are_remembered_by_field_names() {
        let names: Vec<String> = ["when", "engine", "in", "out"].map(String::from).to_vec();
        let mut mapping = Mapping::default();
        mapping.set(Column::Timestamp, Some("when".into()));
        mapping.set(Column::Model, Some("engine".into()));
        let mut saved = SavedMappings::default();
        saved.remember(&names, &mapping);
        saved.remember(&names, &mapping);
        assert_eq!(saved.entries.len(), 1);
        let back = SavedMappings::from_json(&saved.to_json()).unwrap();
        assert_eq!(back.find(&names), Some(&mapping));
        assert_eq!(back.find(&names[..2]), None);
        assert!(SavedMappings::from_json("{").is_err());
        assert!(
            SavedMappings::from_json("{\"format\":\"burnrate-usage-mappings\",\"version\":2}")
                .is_err()
        );
    }

    proptest::proptest! {
        #[test]
        fn every_non_empty_line_is_a_record_or_a_bad_row(lines in proptest::collection::vec("[ -~]{0,40}", 0..30)) {
            let text = format!("timestamp,model,input_tokens,output_tokens\n{}", lines.join("\n"));
            let (records, bad) = read_all(&text, &Mapping::guess(&field_names(&text)));
            let data_lines = lines.iter().filter(|line| !line.trim().is_empty()).count();
            proptest::prop_assert_eq!(records.len() + bad.len(), data_lines);
        }

        #[test]
        fn no_text_panics(text in "\\PC{0,300}") {
            let _ = read_all(&text, &Mapping::guess(&field_names(&text)));
        }
    }
}
