//! Formats that must stay stable because links, saved state and tests depend on them.
//!
//! Owns: parsing and writing of URL fragments (and, later, share links and saved state).
//! Must not know: the DOM, Leptos or any browser API; callers hand it plain strings.

pub mod route;
