//! Text: token counts with the OpenAI encodings, token tables, chat counting and text
//! statistics.
//!
//! Owns: the chat-message formula, chunking and statistics. Token counting and the binary
//! token-table format live in the `burnrate-tokenizer` crate (`crates/tokenizer`), which
//! the release build optimizes for speed; they are re-exported here as `tokenize` and
//! `table`.
//! Must not know: the DOM, Leptos, fetching or workers; callers hand it bytes and strings.

pub mod chat;
pub mod chips;
pub mod chunks;
pub mod compress;
pub mod context_window;
pub mod estimate;
pub mod families;
pub mod file;
pub mod many;
pub mod stats;
pub use burnrate_tokenizer::{table, tokenize};
