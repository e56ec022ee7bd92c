//! Text: token counts with the OpenAI encodings, token tables, chat counting and text
//! statistics.
//!
//! Owns: every use of `tiktoken-rs` (this module is its only user), the binary token-table
//! format the app loads on demand, and the chat-message formula.
//! Must not know: the DOM, Leptos, fetching or workers; callers hand it bytes and strings.

pub mod chat;
pub mod chips;
pub mod chunks;
pub mod compress;
pub mod file;
pub mod stats;
pub mod table;
pub mod tokenize;
