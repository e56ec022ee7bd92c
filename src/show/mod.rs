//! How numbers, money, counts and times are written for people.
//!
//! One module for every writer of numbers, below everything that shows them: the form,
//! the formats, the models and the views all write figures through it, so a figure reads
//! the same everywhere. It imports nothing from the crate but the money units.
//!
//! - [`money`]: typed amounts and counts (`$1,234.56`, `$0.0025` a call, `12,345`);
//! - [`number`]: plain `f64` figures in formulas (`40%`, `2,666.7` tokens, `80.9` months);
//! - [`time`]: UTC dates and times (`2024-05-01 10:00`).

pub mod money;
pub mod number;
pub mod time;
