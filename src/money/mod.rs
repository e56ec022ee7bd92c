//! Money: units, the price catalog and the cost of a call.
//!
//! Owns: the `Usd`, `Tokens` and `UsdPerMTok` newtypes, the validated model catalog (with
//! the user's overrides applied) and the formulas that turn tokens into dollars.
//! Must not know: the DOM, Leptos or any browser API, or `formats` (which sits above
//! money and reads and writes its files).

pub mod catalog;
pub mod cost;
pub mod images;
pub mod listing;
pub mod overrides;
pub mod units;
