//! Formats that must stay stable because links, saved state and tests depend on them.
//!
//! Owns: parsing and writing of URL fragments and of the saved price overrides (and,
//! later, share links and saved scenarios).
//! Must not know: the DOM, Leptos or any browser API; callers hand it plain strings.

pub mod calibration;
pub mod compress_rules;
pub mod csv_table;
pub mod dom;
pub mod exports;
pub mod inputs;
pub mod json;
pub mod opportunity_links;
pub mod overrides;
pub mod queries;
pub mod route;
pub mod routing_rules;
pub mod scenario;
pub mod time;
pub mod usage_formats;
pub mod usage_log;
pub mod usage_mappings;
pub mod usage_sample;

#[cfg(test)]
mod fixture_tests;
