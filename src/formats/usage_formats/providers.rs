//! The providers' own usage exports: OpenAI, Anthropic, Claude Code and Gemini.

use super::ExportFormat;

/// The providers' formats (see [`ExportFormat`] for what each field means).
pub static FORMATS: &[ExportFormat] = &[];
