//! Models of an LLM workload over time: what a month of traffic costs and what each
//! optimization would save.
//!
//! Owns: the projection (monthly workload + levers -> baseline, optimized, per-lever
//! savings, a series over months, payback and ROI).
//! Must not know: the DOM, Leptos, URL or storage formats; it takes validated config and
//! the catalog, and returns plain result structs.

pub mod cache_sim;
pub mod conversation;
pub mod projection;
pub mod routing;
pub mod usage;
