//! The providers' own usage exports: OpenAI, Anthropic, Claude Code and Gemini.

use super::{CostUnit, ExportFormat, Fields, LatencyUnit, Rows, EMPTY_FIELDS};
use crate::models::usage::Dimension;

/// A per-call format's defaults (dollars, milliseconds, nothing skipped).
const PER_CALL: ExportFormat = ExportFormat {
    id: "",
    name: "",
    source: "",
    signature: &[],
    rows_path: &[],
    keep: None,
    dedupe: &[],
    rows: Rows::PerCall,
    fields: EMPTY_FIELDS,
    input_has_cache_read: true,
    input_has_cache_write: true,
    output_has_reasoning: true,
    cost_unit: CostUnit::Dollars,
    latency_unit: LatencyUnit::Millis,
    feature: None,
    user: None,
};

/// OpenAI usage API result fields (the page and its dashboard CSV share them).
const OPENAI_USAGE_FIELDS: Fields = Fields {
    time: &["start_time", "start_time_iso"],
    model: &["model"],
    input: &["input_tokens"],
    output: &["output_tokens"],
    cache_read: &["input_cached_tokens"],
    cache_write: &["input_cache_write_tokens"],
    calls: &["num_model_requests"],
    batch: &["batch"],
    service_tier: &["service_tier"],
    dimensions: &[
        (Dimension::Project, "project_id"),
        (Dimension::ApiKey, "api_key_id"),
        (Dimension::User, "user_id"),
    ],
    ..EMPTY_FIELDS
};

/// Anthropic usage report result fields.
const ANTHROPIC_USAGE_FIELDS: Fields = Fields {
    time: &["starting_at"],
    model: &["model"],
    input: &["uncached_input_tokens"],
    output: &["output_tokens"],
    cache_read: &["cache_read_input_tokens"],
    cache_write_5m: &[
        "cache_creation.ephemeral_5m_input_tokens",
        "cache_creation_5m_input_tokens",
    ],
    cache_write_1h: &[
        "cache_creation.ephemeral_1h_input_tokens",
        "cache_creation_1h_input_tokens",
    ],
    service_tier: &["service_tier"],
    dimensions: &[
        (Dimension::Project, "workspace_id"),
        (Dimension::ApiKey, "api_key_id"),
    ],
    ..EMPTY_FIELDS
};

/// The providers' formats (see [`ExportFormat`] for what each field means).
pub static FORMATS: &[ExportFormat] = &[
    // `input_tokens` are "the aggregated number of input tokens used, including cached and
    // cache-write tokens" (the OpenAPI spec's UsageCompletionsResult).
    ExportFormat {
        id: "openai-usage-completions",
        name: "OpenAI Usage API (completions)",
        source: "https://platform.openai.com/docs/api-reference/usage/completions (UsageCompletionsResult in openai/openai-openapi)",
        signature: &["start_time", "end_time", "input_tokens", "output_tokens", "num_model_requests"],
        rows_path: &["data", "results"],
        rows: Rows::Buckets,
        fields: OPENAI_USAGE_FIELDS,
        feature: Some(Dimension::Project),
        user: Some(Dimension::User),
        ..PER_CALL
    },
    ExportFormat {
        id: "openai-usage-csv",
        name: "OpenAI usage dashboard export",
        source: "https://platform.openai.com/usage (Export: the usage API's fields with start_time_iso and end_time_iso)",
        signature: &[
            "start_time",
            "end_time",
            "start_time_iso",
            "input_tokens",
            "output_tokens",
            "num_model_requests",
        ],
        rows: Rows::Buckets,
        fields: OPENAI_USAGE_FIELDS,
        feature: Some(Dimension::Project),
        user: Some(Dimension::User),
        ..PER_CALL
    },
    ExportFormat {
        id: "openai-costs",
        name: "OpenAI Costs API",
        source: "https://platform.openai.com/docs/api-reference/usage/costs (organization.costs.result: amount.value in dollars)",
        signature: &["start_time", "amount.value", "amount.currency"],
        rows_path: &["data", "results"],
        rows: Rows::Costs,
        fields: Fields {
            time: &["start_time"],
            cost: &["amount.value"],
            dimensions: &[(Dimension::Project, "project_id"), (Dimension::Tags, "line_item")],
            ..EMPTY_FIELDS
        },
        feature: Some(Dimension::Project),
        ..PER_CALL
    },
    // `prompt_tokens` include `prompt_tokens_details.cached_tokens`; `completion_tokens`
    // include `completion_tokens_details.reasoning_tokens`.
    ExportFormat {
        id: "openai-chat-completions",
        name: "OpenAI Chat Completions usage",
        source: "https://platform.openai.com/docs/api-reference/chat/object (usage)",
        signature: &["created", "model", "usage.prompt_tokens", "usage.completion_tokens"],
        fields: Fields {
            time: &["created"],
            model: &["model"],
            input: &["usage.prompt_tokens"],
            output: &["usage.completion_tokens"],
            cache_read: &["usage.prompt_tokens_details.cached_tokens"],
            reasoning: &["usage.completion_tokens_details.reasoning_tokens"],
            service_tier: &["service_tier"],
            ..EMPTY_FIELDS
        },
        ..PER_CALL
    },
    ExportFormat {
        id: "openai-responses",
        name: "OpenAI Responses usage",
        source: "https://platform.openai.com/docs/api-reference/responses/object (usage)",
        signature: &["created_at", "model", "usage.input_tokens", "usage.output_tokens", "usage.input_tokens_details.cached_tokens"],
        fields: Fields {
            time: &["created_at"],
            model: &["model"],
            input: &["usage.input_tokens"],
            output: &["usage.output_tokens"],
            cache_read: &["usage.input_tokens_details.cached_tokens"],
            reasoning: &["usage.output_tokens_details.reasoning_tokens"],
            service_tier: &["service_tier"],
            ..EMPTY_FIELDS
        },
        ..PER_CALL
    },
    // The parts are disjoint: uncached input, cache reads, 5-minute and 1-hour writes.
    ExportFormat {
        id: "anthropic-usage-report",
        name: "Anthropic usage report (Admin API)",
        source: "https://docs.anthropic.com/en/api/admin-api/usage-cost/get-messages-usage-report",
        signature: &["starting_at", "uncached_input_tokens", "output_tokens"],
        rows_path: &["data", "results"],
        rows: Rows::Buckets,
        fields: ANTHROPIC_USAGE_FIELDS,
        input_has_cache_read: false,
        input_has_cache_write: false,
        feature: Some(Dimension::Project),
        ..PER_CALL
    },
    ExportFormat {
        id: "anthropic-console-usage",
        name: "Anthropic Console usage export",
        source: "Anthropic Console, Usage, Export (header as in issue #19; older files lack the last columns)",
        signature: &["usage_date_utc", "model_version", "usage_input_tokens_no_cache", "usage_output_tokens"],
        rows: Rows::Buckets,
        fields: Fields {
            time: &["usage_date_utc"],
            model: &["model_version"],
            input: &["usage_input_tokens_no_cache"],
            output: &["usage_output_tokens"],
            cache_read: &["usage_input_tokens_cache_read"],
            cache_write_5m: &["usage_input_tokens_cache_write_5m"],
            cache_write_1h: &["usage_input_tokens_cache_write_1h"],
            dimensions: &[(Dimension::Project, "workspace"), (Dimension::ApiKey, "api_key")],
            context_window: &["context_window"],
            ..EMPTY_FIELDS
        },
        input_has_cache_read: false,
        input_has_cache_write: false,
        feature: Some(Dimension::Project),
        ..PER_CALL
    },
    // `amount` is a decimal string in cents.
    ExportFormat {
        id: "anthropic-cost-report",
        name: "Anthropic cost report (Admin API)",
        source: "https://docs.anthropic.com/en/api/admin-api/usage-cost/get-cost-report",
        signature: &["starting_at", "amount", "currency"],
        rows_path: &["data", "results"],
        rows: Rows::Costs,
        fields: Fields {
            time: &["starting_at"],
            model: &["model"],
            cost: &["amount"],
            service_tier: &["service_tier"],
            dimensions: &[(Dimension::Project, "workspace_id"), (Dimension::Tags, "description")],
            ..EMPTY_FIELDS
        },
        cost_unit: CostUnit::Cents,
        feature: Some(Dimension::Project),
        ..PER_CALL
    },
    ExportFormat {
        id: "anthropic-console-cost",
        name: "Anthropic Console cost export",
        source: "Anthropic Console, Cost, Export (cost_usd in dollars, issue #19)",
        signature: &["usage_date_utc", "cost_usd"],
        rows: Rows::Costs,
        fields: Fields {
            time: &["usage_date_utc"],
            model: &["model_version", "model"],
            cost: &["cost_usd"],
            dimensions: &[(Dimension::Project, "workspace"), (Dimension::ApiKey, "api_key")],
            ..EMPTY_FIELDS
        },
        feature: Some(Dimension::Project),
        ..PER_CALL
    },
    // Assistant lines only; the same message is logged more than once (ccusage's
    // `createUniqueHash`: `message.id` + `requestId`). `input_tokens` exclude the cache.
    ExportFormat {
        id: "claude-code",
        name: "Claude Code session log",
        source: "ryoppippi/ccusage src/data-loader.ts (usageDataSchema, createUniqueHash); ~/.claude/projects/*/*.jsonl",
        signature: &["sessionId", "message.usage.input_tokens", "message.usage.output_tokens"],
        keep: Some(("type", "assistant")),
        dedupe: &["message.id", "requestId"],
        fields: Fields {
            time: &["timestamp"],
            model: &["message.model"],
            input: &["message.usage.input_tokens"],
            output: &["message.usage.output_tokens"],
            cache_read: &["message.usage.cache_read_input_tokens"],
            cache_write: &["message.usage.cache_creation_input_tokens"],
            cache_write_5m: &["message.usage.cache_creation.ephemeral_5m_input_tokens"],
            cache_write_1h: &["message.usage.cache_creation.ephemeral_1h_input_tokens"],
            cost: &["costUSD"],
            dimensions: &[(Dimension::Session, "sessionId"), (Dimension::Directory, "cwd")],
            ..EMPTY_FIELDS
        },
        input_has_cache_read: false,
        input_has_cache_write: false,
        feature: Some(Dimension::Directory),
        ..PER_CALL
    },
    // `promptTokenCount` includes `cachedContentTokenCount`; `candidatesTokenCount`
    // excludes `thoughtsTokenCount`; `toolUsePromptTokenCount` is input too.
    ExportFormat {
        id: "gemini-usage-metadata",
        name: "Gemini usageMetadata",
        source: "https://ai.google.dev/api/generate-content#UsageMetadata (googleapis/python-genai types.GenerateContentResponseUsageMetadata)",
        signature: &["usageMetadata.promptTokenCount", "modelVersion"],
        fields: Fields {
            time: &["createTime", "timestamp"],
            model: &["modelVersion"],
            input: &["usageMetadata.promptTokenCount", "usageMetadata.toolUsePromptTokenCount"],
            output: &["usageMetadata.candidatesTokenCount"],
            cache_read: &["usageMetadata.cachedContentTokenCount"],
            reasoning: &["usageMetadata.thoughtsTokenCount"],
            ..EMPTY_FIELDS
        },
        output_has_reasoning: false,
        ..PER_CALL
    },
];

#[cfg(test)]
mod tests;
