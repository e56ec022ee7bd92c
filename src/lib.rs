//! Burnrate: what an LLM feature really costs, and what each optimization saves.
//!
//! The crate has two layers, and the boundary between them is the one architectural rule:
//!
//! - **The core** (every module except `ui`) is plain Rust. It owns formulas, formats and
//!   data, builds and tests natively with `cargo test`, and must not import `leptos`,
//!   `web_sys`, `gloo` or `wasm_bindgen`. It never reads the DOM.
//! - **[`ui`]** holds the Leptos components and all browser I/O. Views call the core; they
//!   never compute.
//!
//! Data flows one way: raw input (strings) -> validated config -> pure computation -> plain
//! result structs -> view.
#![warn(missing_docs)]

pub mod chart;
pub mod form;
pub mod formats;
pub mod models;
pub mod money;
pub mod show;
pub mod text;
pub mod ui;

#[cfg(test)]
mod testing;
