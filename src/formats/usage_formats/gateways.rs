//! Gateways' and observability tools' exports: LiteLLM, Langfuse, Helicone and OpenRouter.
//!
//! Each row below says, in its doc, what its source says about the token counts (which
//! input includes which part), its units and its rows; the reader applies the row. The
//! fixtures in `tests/fixtures/usage/gateways/` (with their README saying where each shape
//! comes from) are read by the tests in `gateways/tests.rs`.
//!
//! Must not know: the DOM, prices.

use super::{CostUnit, ExportFormat, Fields, LatencyUnit, Rows, EMPTY_FIELDS};
use crate::models::usage::Dimension;

#[cfg(test)]
mod tests;

/// LiteLLM's spend logs: the proxy's `/spend/logs` (`summarize=false`: a JSON array of
/// rows) or a CSV of its `LiteLLM_SpendLogs` table. One row per call.
///
/// - Columns: `model LiteLLM_SpendLogs` in `schema.prisma` (`request_id`, `spend` in
///   dollars, `prompt_tokens`, `completion_tokens`, `startTime`, `request_duration_ms`,
///   `model`, `model_group`, `user`, `metadata`, `cache_hit`, `request_tags`, `team_id`,
///   `end_user`, `session_id`, `status`).
/// - `metadata` is an object in the JSON and a JSON string in a CSV cell; it holds
///   `user_api_key_alias` and `additional_usage_values`, which is every field of the
///   call's `usage` but the prompt, completion and total counts
///   (`litellm/proxy/spend_tracking/spend_tracking_utils.py`).
/// - LiteLLM normalises every provider's usage to OpenAI's shape: `prompt_tokens`
///   includes the cache reads and the cache writes (Anthropic: `prompt_tokens` =
///   `input_tokens` + `cache_creation_input_tokens` + `cache_read_input_tokens`,
///   `litellm/llms/anthropic/chat/transformation.py` `calculate_usage`), and
///   `completion_tokens` includes `completion_tokens_details.reasoning_tokens`.
/// - Cache reads are read from `prompt_tokens_details.cached_tokens` only: LiteLLM fills it
///   for every provider, and Anthropic rows also carry `cache_read_input_tokens` with the
///   same count, which summed with it would count the reads twice.
/// - Cache writes: `cache_creation_input_tokens` (TTL not said), with the 1-hour share in
///   `prompt_tokens_details.cache_creation_token_details.ephemeral_1h_input_tokens`.
/// - `cache_hit` ("True", "False", "None") is LiteLLM's own response cache, not the
///   provider's prompt cache; a hit's `spend` is 0.
const LITELLM_SPEND_LOGS: ExportFormat = ExportFormat {
    id: "litellm-spend-logs",
    name: "LiteLLM spend logs",
    source: "BerriAI/litellm schema.prisma (model LiteLLM_SpendLogs); \
             litellm/proxy/spend_tracking/spend_tracking_utils.py (metadata, \
             additional_usage_values, cache_hit); \
             litellm/llms/anthropic/chat/transformation.py (calculate_usage)",
    signature: &[
        "request_id",
        "spend",
        "prompt_tokens",
        "completion_tokens",
        "startTime",
    ],
    rows_path: &[],
    keep: None,
    dedupe: &[],
    rows: Rows::PerCall,
    fields: Fields {
        time: &["startTime"],
        model: &["model", "model_group"],
        input: &["prompt_tokens"],
        output: &["completion_tokens"],
        cache_read: &["metadata.additional_usage_values.prompt_tokens_details.cached_tokens"],
        cache_write: &["metadata.additional_usage_values.cache_creation_input_tokens"],
        cache_write_1h: &[
            "metadata.additional_usage_values.prompt_tokens_details.cache_creation_token_details.ephemeral_1h_input_tokens",
        ],
        reasoning: &["metadata.additional_usage_values.completion_tokens_details.reasoning_tokens"],
        cost: &["spend"],
        latency: &["request_duration_ms"],
        dimensions: &[
            (Dimension::User, "end_user"),
            (Dimension::User, "user"),
            (Dimension::Project, "team_id"),
            (Dimension::Tags, "request_tags"),
            (Dimension::ApiKey, "metadata.user_api_key_alias"),
            (Dimension::Session, "session_id"),
        ],
        ..EMPTY_FIELDS
    },
    input_has_cache_read: true,
    input_has_cache_write: true,
    output_has_reasoning: true,
    cost_unit: CostUnit::Dollars,
    latency_unit: LatencyUnit::Millis,
    feature: Some(Dimension::Tags),
    user: Some(Dimension::User),
};

/// Langfuse's batch export of observations (CSV, JSON or JSON Lines). One row per
/// observation; only `type` = `GENERATION` rows are calls (spans and events are skipped).
///
/// - Keys: `convertObservation` (`packages/shared/src/server/repositories/
///   observations_converters.ts`) plus the trace's `traceName`, `traceTags` and `userId`
///   (`worker/src/features/database-read-stream/observation-stream.ts`). In the CSV every
///   object is a JSON string cell (`transformStreamToCsv.ts`).
/// - `usageDetails` holds disjoint parts: Langfuse takes every detail out of the total it
///   was given. From OpenAI usage, `input` = `prompt_tokens` less each
///   `prompt_tokens_details` value (`input_cached_tokens`, ...) and `output` =
///   `completion_tokens` less each `completion_tokens_details` value
///   (`output_reasoning_tokens`) (`packages/shared/src/server/ingestion/types.ts`); from
///   OpenTelemetry, `input` less the cache reads (`input_cached_tokens`) and writes
///   (`input_cache_creation`), `output` less the reasoning
///   (`packages/shared/src/server/otel/OtelIngestionProcessor.ts`). So the input excludes
///   the cache parts and the output excludes the reasoning.
/// - `totalCost` is `costDetails.total`, in dollars; `latency` is (end − start) / 1000,
///   in seconds.
/// - `traceName` (the name the app gives the trace: "support-chat") is the nearest thing
///   to a feature the file has, so it fills the Tags dimension and the feature.
const LANGFUSE_OBSERVATIONS: ExportFormat = ExportFormat {
    id: "langfuse-observations",
    name: "Langfuse observations export",
    source: "langfuse/langfuse packages/shared/src/server/repositories/\
             observations_converters.ts (keys, latency); \
             worker/src/features/database-read-stream/observation-stream.ts (trace fields); \
             packages/shared/src/server/ingestion/types.ts and \
             packages/shared/src/server/otel/OtelIngestionProcessor.ts (usageDetails)",
    signature: &[
        "traceId",
        "type",
        "startTime",
        "usageDetails",
        "costDetails",
    ],
    rows_path: &[],
    keep: Some(("type", "GENERATION")),
    dedupe: &[],
    rows: Rows::PerCall,
    fields: Fields {
        time: &["startTime"],
        model: &["model"],
        input: &["usageDetails.input"],
        output: &["usageDetails.output"],
        cache_read: &[
            "usageDetails.input_cached_tokens",
            "usageDetails.input_cache_read",
            "usageDetails.cache_read_input_tokens",
        ],
        cache_write: &[
            "usageDetails.input_cache_creation",
            "usageDetails.input_cache_write",
            "usageDetails.cache_creation_input_tokens",
        ],
        cache_write_5m: &["usageDetails.input_cache_creation_5m"],
        cache_write_1h: &["usageDetails.input_cache_creation_1h"],
        reasoning: &["usageDetails.output_reasoning_tokens"],
        cost: &["totalCost", "costDetails.total"],
        latency: &["latency"],
        dimensions: &[
            (Dimension::User, "userId"),
            (Dimension::Session, "sessionId"),
            (Dimension::Tags, "traceName"),
        ],
        ..EMPTY_FIELDS
    },
    input_has_cache_read: false,
    input_has_cache_write: false,
    output_has_reasoning: false,
    cost_unit: CostUnit::Dollars,
    latency_unit: LatencyUnit::Seconds,
    feature: Some(Dimension::Tags),
    user: Some(Dimension::User),
};

/// Helicone's request export (`npx @helicone/export`: CSV, JSON or JSON Lines). One row
/// per request.
///
/// - The JSON rows are `HeliconeRequest` (`packages/llm-mapper/types.ts`):
///   `request_created_at`, `model`, `prompt_tokens`, `prompt_cache_read_tokens`,
///   `prompt_cache_write_tokens`, `completion_tokens`, `cost` (older: `costUSD`),
///   `delay_ms`, `request_user_id`, `request_properties`. The CSV keeps only
///   `...,request_properties,request_user_id,model,prompt_tokens,completion_tokens,latency,
///   cost` (older: `cost_usd`) (`examples/export/typescript/index.ts`): it has no cache
///   counts, and its `latency` cell is empty because the rows carry `delay_ms`.
/// - `prompt_tokens` are the uncached input only: Helicone prices them at the input rate
///   and adds the cache reads and writes at their own (`packages/cost/index.ts`
///   `costOfPrompt`: "regular prompt tokens (these are the fresh, uncached tokens)").
/// - Helicone records no reasoning count (the issue's `reasoning_tokens` is not in
///   `HeliconeRequest`).
const HELICONE_REQUESTS: ExportFormat = ExportFormat {
    id: "helicone-requests",
    name: "Helicone requests export",
    source: "Helicone/helicone packages/llm-mapper/types.ts (HeliconeRequest); \
             examples/export/typescript/index.ts (CSV header); \
             packages/cost/index.ts (costOfPrompt)",
    signature: &[
        "response_id",
        "request_created_at",
        "request_user_id",
        "prompt_tokens",
        "completion_tokens",
    ],
    rows_path: &[],
    keep: None,
    dedupe: &[],
    rows: Rows::PerCall,
    fields: Fields {
        time: &["request_created_at"],
        model: &["model", "response_model", "request_model"],
        input: &["prompt_tokens"],
        output: &["completion_tokens"],
        cache_read: &["prompt_cache_read_tokens"],
        cache_write: &["prompt_cache_write_tokens"],
        cost: &["cost", "cost_usd", "costUSD"],
        latency: &["delay_ms", "latency"],
        dimensions: &[
            (Dimension::User, "request_user_id"),
            (Dimension::Tags, "request_properties"),
        ],
        ..EMPTY_FIELDS
    },
    input_has_cache_read: false,
    input_has_cache_write: false,
    output_has_reasoning: false,
    cost_unit: CostUnit::Dollars,
    latency_unit: LatencyUnit::Millis,
    feature: Some(Dimension::Tags),
    user: Some(Dimension::User),
};

/// OpenRouter's Activity page CSV export: one row per day and model, each a bucket of
/// `Requests` calls.
///
/// - Header `Date,Slug,Usage,BYOK Usage,Requests,Prompt Tokens,Completion Tokens,
///   Reasoning Tokens` (as issue #19 gives it; the fields are the activity API's).
/// - "Reasoning tokens ... are included in completion tokens for billing"
///   (<https://openrouter.ai/docs/cookbook/administration/activity-export>).
/// - `Usage` is the dollars spent in OpenRouter credits; `BYOK Usage` is an estimate of
///   what bring-your-own-key calls cost at the provider, paid there, so it is not the
///   stated cost.
/// - No cache counts, no user or project.
const OPENROUTER_ACTIVITY_CSV: ExportFormat = ExportFormat {
    id: "openrouter-activity-csv",
    name: "OpenRouter activity export",
    source: "https://openrouter.ai/docs/cookbook/administration/activity-export; \
             header as issue #19 gives it",
    signature: &[
        "Date",
        "Slug",
        "Usage",
        "Requests",
        "Prompt Tokens",
        "Completion Tokens",
    ],
    rows_path: &[],
    keep: None,
    dedupe: &[],
    rows: Rows::Buckets,
    fields: Fields {
        time: &["Date"],
        model: &["Slug"],
        input: &["Prompt Tokens"],
        output: &["Completion Tokens"],
        reasoning: &["Reasoning Tokens"],
        calls: &["Requests"],
        cost: &["Usage"],
        ..EMPTY_FIELDS
    },
    input_has_cache_read: false,
    input_has_cache_write: false,
    output_has_reasoning: true,
    cost_unit: CostUnit::Dollars,
    latency_unit: LatencyUnit::Millis,
    feature: None,
    user: None,
};

/// OpenRouter's activity API (`GET /api/v1/activity`): `{"data": [ActivityItem]}`, one
/// item per day and model endpoint, each a bucket of `requests` calls.
///
/// - `ActivityItem`: `date`, `model`, `model_permaslug`, `endpoint_id`, `provider_name`,
///   `usage` ("Total cost in USD (OpenRouter credits spent)"), `byok_usage_inference`,
///   `requests`, `prompt_tokens`, `completion_tokens`, `reasoning_tokens`
///   (<https://openrouter.ai/docs/client-sdks/typescript/models/activityitem>).
/// - Reasoning is inside the completion tokens, as in the CSV export.
const OPENROUTER_ACTIVITY: ExportFormat = ExportFormat {
    id: "openrouter-activity",
    name: "OpenRouter activity API",
    source: "https://openrouter.ai/docs/client-sdks/typescript/models/activityitem",
    signature: &[
        "date",
        "model_permaslug",
        "endpoint_id",
        "requests",
        "prompt_tokens",
        "completion_tokens",
    ],
    rows_path: &["data"],
    keep: None,
    dedupe: &[],
    rows: Rows::Buckets,
    fields: Fields {
        time: &["date"],
        model: &["model", "model_permaslug"],
        input: &["prompt_tokens"],
        output: &["completion_tokens"],
        reasoning: &["reasoning_tokens"],
        calls: &["requests"],
        cost: &["usage"],
        ..EMPTY_FIELDS
    },
    input_has_cache_read: false,
    input_has_cache_write: false,
    output_has_reasoning: true,
    cost_unit: CostUnit::Dollars,
    latency_unit: LatencyUnit::Millis,
    feature: None,
    user: None,
};

/// OpenRouter's generation records (`GET /api/v1/generation?id=…`, one
/// `{"data": GenerationResponseData}` per call, as JSON Lines or an array).
///
/// - `native_tokens_prompt`, `native_tokens_cached`, `native_tokens_completion`,
///   `native_tokens_reasoning` (the provider's own tokenizer's counts), `total_cost` and
///   `cache_discount` in dollars, `latency` in ms, `external_user`
///   (<https://openrouter.ai/docs/client-sdks/python/components/generationresponsedata>).
/// - OpenRouter reports usage in OpenAI's shape: the prompt count includes the cached
///   tokens ("cached_tokens is the number of tokens that were read from the cache") and
///   the completion count includes the reasoning; it does not report cache writes
///   (<https://openrouter.ai/docs/use-cases/usage-accounting>).
const OPENROUTER_GENERATIONS: ExportFormat = ExportFormat {
    id: "openrouter-generations",
    name: "OpenRouter generation records",
    source: "https://openrouter.ai/docs/client-sdks/python/components/generationresponsedata; \
             https://openrouter.ai/docs/use-cases/usage-accounting",
    signature: &[
        "data.id",
        "data.native_tokens_prompt",
        "data.native_tokens_completion",
        "data.total_cost",
    ],
    rows_path: &[],
    keep: None,
    dedupe: &["data.id"],
    rows: Rows::PerCall,
    fields: Fields {
        time: &["data.created_at"],
        model: &["data.model"],
        input: &["data.native_tokens_prompt"],
        output: &["data.native_tokens_completion"],
        cache_read: &["data.native_tokens_cached"],
        reasoning: &["data.native_tokens_reasoning"],
        cost: &["data.total_cost"],
        latency: &["data.latency"],
        dimensions: &[(Dimension::User, "data.external_user")],
        ..EMPTY_FIELDS
    },
    input_has_cache_read: true,
    input_has_cache_write: false,
    output_has_reasoning: true,
    cost_unit: CostUnit::Dollars,
    latency_unit: LatencyUnit::Millis,
    feature: None,
    user: Some(Dimension::User),
};

/// The gateways' formats (see [`ExportFormat`] for what each field means).
pub static FORMATS: &[ExportFormat] = &[
    LITELLM_SPEND_LOGS,
    LANGFUSE_OBSERVATIONS,
    HELICONE_REQUESTS,
    OPENROUTER_ACTIVITY_CSV,
    OPENROUTER_ACTIVITY,
    OPENROUTER_GENERATIONS,
];
