//! Provider usage exports (issue #19): the known formats of usage files that providers,
//! gateways and observability tools write, how each is recognised, and what its token
//! counts, units and rows mean.
//!
//! This is the contract between the reader (`formats::usage_log::Reader::for_export`) and
//! the Usage view. The table of formats, their detection and their rules are filled in by
//! the format work; the view lists [`FORMATS`], names the detected one and lets the user
//! choose another.
//!
//! Must not know: the DOM, prices.

/// What a format's rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// One row per call.
    PerCall,
    /// Each row is a bucket of many calls (its request count is `Record::calls`).
    Buckets,
    /// Each row states a cost only, with no tokens (a cost export).
    Costs,
}

/// A known usage-export format.
#[derive(Debug, PartialEq)]
pub struct ExportFormat {
    /// Stable id, used in saved choices and tests ("anthropic-console-csv").
    pub id: &'static str,
    /// Its name in the page ("Anthropic Console usage export").
    pub name: &'static str,
    /// What its rows are.
    pub rows: Rows,
}

/// Every known format, in the order the override menu lists them.
pub static FORMATS: &[ExportFormat] = &[];

/// The format with id `id`.
pub fn by_id(id: &str) -> Option<&'static ExportFormat> {
    FORMATS.iter().find(|format| format.id == id)
}

/// The known format of a file, from its first chunk (`head`, up to 512 KiB, possibly cut
/// mid-line), or `None`: the file is read as a generic log (column names, else the mapping
/// step).
pub fn detect_export(head: &str) -> Option<&'static ExportFormat> {
    let _ = head;
    None
}
