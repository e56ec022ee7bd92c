//! What each view's fields held, kept in localStorage so that a reload gives them back.
//!
//! One entry per view, under `burnrate.inputs.<view>` (for example `burnrate.inputs.tokens`):
//!
//! ```json
//! {"format": "burnrate-inputs", "version": 1,
//!  "fields": {"text": "Summarize this…", "encoding": "o200k_base", "chat-mode": false}}
//! ```
//!
//! Each field's value is whatever JSON its type serializes to (through serde); the view
//! that owns a field decodes it. A field whose JSON would be larger than
//! [`FIELD_LIMIT_BYTES`] is not written at all ([`encode_capped`] says so without
//! serializing more than the limit), so one 50 MB text never fills the browser's storage.
//!
//! Unknown fields are kept as they are (a newer version of a view may add fields, and an
//! older one must not drop them), but the header is strict: another `format` or a
//! `version` other than 1 is an error, and the caller sets the entry aside.
//!
//! Must not know: the browser; callers hand it strings and get strings back.

use std::collections::BTreeMap;
use std::fmt;
use std::io;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The `format` value of an inputs entry.
pub const FORMAT: &str = "burnrate-inputs";
/// The only version written and read.
pub const VERSION: u32 = 1;
/// The largest JSON one field may take in storage: a text longer than this stays while
/// the page is open, but is not kept across a reload.
pub const FIELD_LIMIT_BYTES: usize = 1024 * 1024;

/// An entry as stored: the header and each field's JSON, left unparsed until its view
/// asks for it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputsFile {
    format: String,
    version: u32,
    fields: BTreeMap<String, Box<RawValue>>,
}

/// Why an entry could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputsError {
    /// Not JSON, or not the shape of an inputs entry.
    Malformed(String),
    /// Another `format` than [`FORMAT`].
    WrongFormat(String),
    /// A version this build does not read.
    UnknownVersion(u32),
}

impl fmt::Display for InputsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputsError::Malformed(problem) => write!(f, "the saved inputs are damaged ({problem})"),
            InputsError::WrongFormat(format) => write!(
                f,
                "the saved inputs are a \"{format}\" file, not \"{FORMAT}\""
            ),
            InputsError::UnknownVersion(version) => write!(
                f,
                "the saved inputs are version {version}, which this version of Burnrate does not read (it reads version {VERSION})"
            ),
        }
    }
}

impl std::error::Error for InputsError {}

/// The fields of an entry, each as its JSON text.
pub type Fields = BTreeMap<String, Box<RawValue>>;

/// Reads an entry: its fields, each still JSON text.
pub fn parse(text: &str) -> Result<Fields, InputsError> {
    let file: InputsFile =
        serde_json::from_str(text).map_err(|error| InputsError::Malformed(error.to_string()))?;
    if file.format != FORMAT {
        return Err(InputsError::WrongFormat(file.format));
    }
    if file.version != VERSION {
        return Err(InputsError::UnknownVersion(file.version));
    }
    Ok(file.fields)
}

/// Writes an entry holding `fields`.
pub fn write(fields: Fields) -> String {
    let file = InputsFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        fields,
    };
    // A map of strings to already valid JSON always serializes.
    serde_json::to_string(&file).unwrap_or_default()
}

/// One field's value as JSON, or `Err` when its JSON would be longer than `limit` bytes.
/// Serializing stops as soon as the limit is passed, so checking a 50 MB text costs no
/// more than `limit` bytes of work. `Ok(None)` for a value JSON cannot hold (a map whose
/// keys are not strings).
pub fn encode_capped<T: Serialize + ?Sized>(
    value: &T,
    limit: usize,
) -> Result<Option<Box<RawValue>>, TooLarge> {
    let mut writer = CappedWriter {
        bytes: Vec::new(),
        limit,
        over: false,
    };
    let written = serde_json::to_writer(&mut writer, value);
    if writer.over {
        return Err(TooLarge { limit });
    }
    if written.is_err() {
        return Ok(None);
    }
    Ok(String::from_utf8(writer.bytes)
        .ok()
        .and_then(|text| RawValue::from_string(text).ok()))
}

/// A field's JSON was longer than the limit given to [`encode_capped`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The limit, in bytes.
    pub limit: usize,
}

/// A field's value from its JSON; `None` when it is not of the type asked for.
pub fn decode<T: for<'de> Deserialize<'de>>(json: &RawValue) -> Option<T> {
    serde_json::from_str(json.get()).ok()
}

/// Collects bytes until a write would pass `limit`, then fails.
struct CappedWriter {
    bytes: Vec<u8>,
    limit: usize,
    over: bool,
}

impl io::Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.over = true;
            return Err(io::Error::other("over the limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(name, json)| {
                (
                    (*name).to_owned(),
                    RawValue::from_string((*json).to_owned()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn an_entry_round_trips_with_every_field_as_written() {
        let written = write(fields(&[
            ("text", r#""Hello, \"world\"\n""#),
            ("chat-mode", "true"),
            ("rows", r#"[{"role":"user","content":"hi"}]"#),
        ]));
        assert_eq!(
            written,
            r#"{"format":"burnrate-inputs","version":1,"fields":{"chat-mode":true,"rows":[{"role":"user","content":"hi"}],"text":"Hello, \"world\"\n"}}"#
        );
        let read = parse(&written).unwrap();
        assert_eq!(
            decode::<String>(&read["text"]).unwrap(),
            "Hello, \"world\"\n"
        );
        assert_eq!(decode::<bool>(&read["chat-mode"]), Some(true));
        assert_eq!(read["rows"].get(), r#"[{"role":"user","content":"hi"}]"#);
    }

    #[test]
    fn a_field_of_another_type_decodes_to_none() {
        let read = parse(r#"{"format":"burnrate-inputs","version":1,"fields":{"n":"x"}}"#).unwrap();
        assert_eq!(decode::<u32>(&read["n"]), None);
        assert_eq!(decode::<String>(&read["n"]).as_deref(), Some("x"));
    }

    #[test]
    fn damaged_or_foreign_entries_are_errors_that_say_why() {
        assert!(matches!(
            parse("{\"format\":"),
            Err(InputsError::Malformed(_))
        ));
        assert!(matches!(parse("[]"), Err(InputsError::Malformed(_))));
        assert_eq!(
            parse(r#"{"format":"burnrate-scenarios","version":1,"fields":{}}"#).unwrap_err(),
            InputsError::WrongFormat("burnrate-scenarios".into())
        );
        let newer = parse(r#"{"format":"burnrate-inputs","version":2,"fields":{}}"#).unwrap_err();
        assert_eq!(newer, InputsError::UnknownVersion(2));
        assert!(newer.to_string().contains("version 2"), "{newer}");
        // The header is strict: an unknown top-level key is not this format.
        assert!(matches!(
            parse(r#"{"format":"burnrate-inputs","version":1,"fields":{},"extra":1}"#),
            Err(InputsError::Malformed(_))
        ));
    }

    #[test]
    fn encode_capped_refuses_a_value_past_the_limit() {
        // "abc" is 5 bytes of JSON with its quotes.
        assert_eq!(encode_capped("abc", 5).unwrap().unwrap().get(), "\"abc\"");
        assert_eq!(encode_capped("abc", 4).unwrap_err(), TooLarge { limit: 4 });
        // Escapes count: a newline is two bytes of JSON.
        assert_eq!(
            encode_capped("a\nb", 6).unwrap().unwrap().get(),
            "\"a\\nb\""
        );
        assert!(encode_capped("a\nb", 5).is_err());
        let long = "x".repeat(FIELD_LIMIT_BYTES);
        assert!(encode_capped(&long, FIELD_LIMIT_BYTES).is_err());
        assert!(encode_capped(&long[..FIELD_LIMIT_BYTES - 2], FIELD_LIMIT_BYTES).is_ok());
        // A value JSON cannot hold (a map with keys that are not strings) is not saved,
        // and it is not "too large".
        let pairs: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(matches!(encode_capped(&pairs, 100), Ok(None)));
    }

    proptest::proptest! {
        #[test]
        fn any_texts_round_trip_and_any_entry_reads_without_a_panic(
            texts in proptest::collection::btree_map("[a-z-]{1,12}", "\\PC*", 0..5),
            junk in "\\PC*",
        ) {
            let fields: Fields = texts
                .iter()
                .map(|(name, text)| (name.clone(), encode_capped(text, FIELD_LIMIT_BYTES).unwrap().unwrap()))
                .collect();
            let read = parse(&write(fields)).unwrap();
            proptest::prop_assert_eq!(read.len(), texts.len());
            for (name, text) in &texts {
                let decoded = decode::<String>(&read[name]);
                proptest::prop_assert_eq!(decoded.as_ref(), Some(text));
            }
            let _ = parse(&junk);
        }
    }
}
