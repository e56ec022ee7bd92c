//! The browser layer: Leptos components, state wiring and browser I/O.
//!
//! Owns: everything that touches the DOM, `window`, storage or events. Views read results
//! from the core and render them; they never compute figures themselves.

mod app;
pub mod bench;
mod browser;
mod chart;
mod count_many;
pub mod count_pool;
mod field;
mod footer;
mod header;
pub mod kept;
mod nav;
pub mod panic;
pub mod price_book;
mod router;
mod set_aside;
mod tip;
pub mod tokenizers;
mod views;

pub use app::App;
