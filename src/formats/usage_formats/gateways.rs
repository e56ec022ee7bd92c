//! Gateways' and observability tools' exports: LiteLLM, Langfuse, Helicone and OpenRouter.

use super::ExportFormat;

/// The gateways' formats (see [`ExportFormat`] for what each field means).
pub static FORMATS: &[ExportFormat] = &[];
