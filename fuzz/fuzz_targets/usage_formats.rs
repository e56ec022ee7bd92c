//! A usage export, as bytes: its format detected from its head, then read as that format
//! (and as every known format) in two chunks split where the first byte says. Nothing may
//! panic, and every record's parts must sit inside its counts.
#![no_main]
use burnrate::formats::usage_formats::{detect_export, formats};
use burnrate::formats::usage_log::Reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&split, bytes)) = data.split_first() else {
        return;
    };
    let head = String::from_utf8_lossy(bytes);
    let detected = detect_export(&head);
    let at = (split as usize * bytes.len() / 255).min(bytes.len());
    for format in detected.into_iter().chain(formats()) {
        let mut reader = Reader::for_export(format);
        let mut take = |found: Result<burnrate::models::usage::Record, _>| {
            if let Ok(record) = found {
                assert!(record.parts.cached_input() <= record.input_tokens);
                assert!(record.parts.reasoning.unwrap_or(0) <= record.output_tokens);
            }
        };
        let _ = reader
            .feed(&bytes[..at], &mut take)
            .and_then(|()| reader.feed(&bytes[at..], &mut take))
            .and_then(|()| reader.finish(&mut take));
    }
});
