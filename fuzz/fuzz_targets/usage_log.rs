//! A usage log file, as bytes read in two chunks (split where the first byte says), then
//! analysed, its opportunities found and its report written: the Usage view's whole path.
#![no_main]
use std::sync::OnceLock;

use burnrate::formats::opportunity_links::{href, priced};
use burnrate::formats::usage_log::{detect, field_names, Mapping, Reader};
use burnrate::models::usage::opportunities::opportunities;
use burnrate::models::usage::report::markdown;
use burnrate::models::usage::{analyse, Filter, Log, Thresholds};
use burnrate::money::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::shipped().expect("the shipped catalog is valid"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, bytes)) = data.split_first() else {
        return;
    };
    let head = String::from_utf8_lossy(bytes);
    let mut reader = Reader::new(detect(&head), Mapping::guess(&field_names(&head)));
    let mut log = Log::new();
    let mut bad = 0usize;
    let at = (split as usize * bytes.len() / 255).min(bytes.len());
    let mut take = |found: Result<_, _>| match found {
        Ok(record) => log.push(record),
        Err(_) => bad += 1,
    };
    let read = reader
        .feed(&bytes[..at], &mut take)
        .and_then(|()| reader.feed(&bytes[at..], &mut take))
        .and_then(|()| reader.finish(&mut take));
    if read.is_err() {
        return;
    }
    let thresholds = Thresholds::default();
    let report = analyse(&log, &Filter::default(), catalog(), &thresholds);
    assert_eq!(report.totals.requests, log.len());
    let found = priced(opportunities(&report, catalog(), &thresholds), catalog());
    for found in &found {
        let _ = href(found);
    }
    let _ = markdown(&report, &found, "all rows");
});
