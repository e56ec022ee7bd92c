//! Provider prompt caching as the providers bill it: which tokens of a call form the
//! cached prefix, the shortest prefix each provider caches, and the price of writing it.
//!
//! Owns: the prefix rule, the table of documented minimums and the write price by TTL.
//! Must not know: text fields, links or the DOM. The lever's step (`levers`) and the call
//! cost (`state`) call these functions; nothing here changes the month.

use crate::money::catalog::{Model, Prices};

use super::config::{CacheTtl, CallShape, PromptCache};

/// The tokens a provider can cache at the start of every call: the instructions, that is
/// the system prompt plus the tool definitions (providers put tools first, then the system
/// prompt: Anthropic caches "tools, system, and messages (in that order)", OpenAI asks for
/// "static content like instructions and examples at the beginning" and notes that tools
/// must be identical between requests;
/// <https://platform.claude.com/docs/en/build-with-claude/prompt-caching>,
/// <https://developers.openai.com/api/docs/guides/prompt-caching>).
///
/// This is the one place where tool-definition tokens join the prefix
/// ([`CallShape::cacheable_prefix`]: tools + system).
pub fn instruction_tokens(shape: &CallShape) -> f64 {
    shape.cacheable_prefix()
}

/// The cached prefix P of a call, in tokens:
///
/// P = min(L, S + T) + min(max(L − S₀ − T, 0), H + C)
///
/// where L is the lever's "cacheable prefix" (`prompt-cache-prefix`, tokens as the user
/// measured them, before compression), S the system prompt as sent (after compression),
/// S₀ the system prompt before compression, T the tool definitions, and H + C the history
/// and retrieved context of the call.
///
/// - Within the instructions, L is a cap: the prefix is at most what the call still sends
///   of them, so compression shrinks the cached prefix with the prompt (a 2,000-token
///   system prompt compressed by 40% caches 1,200 tokens, not 2,000).
/// - Beyond the instructions (L > S₀ + T), the rest of L is history and context that
///   repeat from call to call (an agent's conversation so far, a fixed document), at
///   most the call's H + C.
/// - The user's message varies from call to call and is never part of the prefix.
///
/// With no compression (S = S₀) this is min(L, S + T + H + C): the link's meaning of
/// `prompt-cache-prefix` before, without the user's message.
pub fn prefix_tokens(shape: &CallShape, cache: &PromptCache, system_before: f64) -> f64 {
    let limit = cache.prefix_tokens.max(0.0);
    let instructions = instruction_tokens(shape);
    let tools = instructions - shape.system;
    let within = limit.min(instructions);
    let beyond = (limit - system_before.max(shape.system) - tools).max(0.0);
    within + beyond.min(shape.history + shape.context)
}

/// The shortest prefix a model caches, and where that number comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MinimumPrefix {
    /// Tokens.
    pub tokens: f64,
    /// Where the number comes from: "your setting" or the provider's documentation.
    pub source: &'static str,
}

// The sources as the notes name them (short words, so that a note wraps on a phone); the
// pages are: platform.claude.com/docs/en/build-with-claude/prompt-caching (with LiteLLM's
// docs/completion/prompt_caching table for the 2026 models),
// developers.openai.com/api/docs/guides/prompt-caching and
// ai.google.dev/gemini-api/docs/caching (updated 2026-10-13).
const ANTHROPIC_DOCS: &str = "Anthropic's prompt-caching docs";
const OPENAI_DOCS: &str = "OpenAI's prompt-caching guide";
const GEMINI_DOCS: &str = "Gemini API caching docs";

/// The documented minimum prefixes, first match wins, matched against the model's name at
/// its provider (and its id) in lower case with `.` read as `-`, so that
/// `anthropic/claude-sonnet-4.5` and `claude-sonnet-4-5` match alike:
///
/// | model | minimum | source |
/// |---|---|---|
/// | Claude Opus 5, Fable 5, Mythos 5 | 512 | Anthropic (via LiteLLM's table) |
/// | Claude Opus 4.5, 4.6, 4.7, Haiku 4.5 | 4,096 | Anthropic ("4096 tokens for Claude Opus 4.6, Claude Opus 4.5 … Claude Haiku 4.5"; 4.7 from LiteLLM's Bedrock row) |
/// | Claude Haiku 3.5, Haiku 3 | 2,048 | Anthropic |
/// | other Claude (Sonnet 3.7–5, Opus 3–4.1, 4.8) | 1,024 | Anthropic |
/// | Gemini 2.5 | 2,048 | Gemini API docs |
/// | Gemini 3 and later | 4,096 | Gemini API docs |
/// | OpenAI (GPT, o-series, Codex) | 1,024 | OpenAI: "enabled automatically for prompts that are 1024 tokens or longer" |
///
/// A model the table does not know gets 1,024, the most common minimum, and says so.
const TABLE: &[(&[&str], f64, &str)] = &[
    (
        &["claude-opus-5", "claude-fable-5", "claude-mythos-5"],
        512.0,
        ANTHROPIC_DOCS,
    ),
    (
        &[
            "claude-opus-4-5",
            "claude-opus-4-6",
            "claude-opus-4-7",
            "claude-haiku-4-5",
        ],
        4_096.0,
        ANTHROPIC_DOCS,
    ),
    (
        &["claude-3-5-haiku", "claude-3-haiku", "claude-haiku-3"],
        2_048.0,
        ANTHROPIC_DOCS,
    ),
    (&["claude"], 1_024.0, ANTHROPIC_DOCS),
    (&["gemini-2-5"], 2_048.0, GEMINI_DOCS),
    (&["gemini-3", "gemini-4"], 4_096.0, GEMINI_DOCS),
    (
        &["gpt-", "chatgpt", "codex", "o1", "o3", "o4"],
        1_024.0,
        OPENAI_DOCS,
    ),
];

/// What a model not in the table gets.
const UNKNOWN: MinimumPrefix = MinimumPrefix {
    tokens: 1_024.0,
    source: "no documented minimum for this model in Burnrate's table; 1,024 assumed (OpenAI's, and most Claude models')",
};

/// The minimum prefix in use for `model`: the lever's own setting when the user gave one,
/// else the model's documented minimum from [`TABLE`] (first match on its provider name
/// or id; OpenAI's pattern only for names that start with it).
pub fn minimum_prefix(cache: &PromptCache, model: &Model) -> MinimumPrefix {
    if let Some(tokens) = cache.min_prefix_tokens {
        return MinimumPrefix {
            tokens,
            source: "your setting",
        };
    }
    documented_minimum(model)
}

/// The model's documented minimum prefix (see [`TABLE`]).
pub fn documented_minimum(model: &Model) -> MinimumPrefix {
    let names = [normalized(&model.model), normalized(&model.id)];
    for (patterns, tokens, source) in TABLE {
        let openai = *source == OPENAI_DOCS;
        let found = names.iter().any(|name| {
            // The last path segment: "openai/gpt-4o" → "gpt-4o".
            let last = name.rsplit('/').next().unwrap_or(name);
            patterns.iter().any(|pattern| {
                if openai {
                    last.starts_with(pattern)
                } else {
                    name.contains(pattern)
                }
            })
        });
        if found {
            return MinimumPrefix {
                tokens: *tokens,
                source,
            };
        }
    }
    UNKNOWN
}

fn normalized(name: &str) -> String {
    name.to_ascii_lowercase().replace('.', "-")
}

/// How a cache write is priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteBasis {
    /// The catalog's write price for the TTL.
    Catalog,
    /// No write price in the catalog: the provider charges no write premium (OpenAI,
    /// Gemini's implicit caching), so a write costs the input price.
    NoPremium,
    /// A 1-hour write on a model with a 5-minute write price but no 1-hour one: Anthropic's
    /// documented 2 × the base input price.
    AnthropicOneHour,
}

/// Dollars per million tokens for writing the prefix with `ttl`, and how it was found:
///
/// - 5 minutes: `cache_write_5m`, else the input price (no write premium);
/// - 1 hour: `cache_write_1h`; else, where the model has a 5-minute write premium (an
///   Anthropic model at a provider that lists no 1-hour price), 2 × the input price,
///   as Anthropic documents ("1-hour cache write tokens are 2 times the base input
///   tokens price", platform.claude.com/docs/en/build-with-claude/prompt-caching#pricing);
///   else the input price (no write premium: OpenAI's and Gemini's caches are written
///   at the input price whatever they keep it for).
///
/// For claude-sonnet-4-5 ($3 input): 5m → $3.75, 1h → $6; for gpt-5-mini ($0.25 input,
/// no write price) both are $0.25.
pub fn write_price(prices: &Prices, ttl: CacheTtl) -> (f64, WriteBasis) {
    match ttl {
        CacheTtl::FiveMinutes => match prices.cache_write_5m {
            Some(write) => (write.dollars(), WriteBasis::Catalog),
            None => (prices.input.dollars(), WriteBasis::NoPremium),
        },
        CacheTtl::OneHour => match (prices.cache_write_1h, prices.cache_write_5m) {
            (Some(write), _) => (write.dollars(), WriteBasis::Catalog),
            (None, Some(_)) => (2.0 * prices.input.dollars(), WriteBasis::AnthropicOneHour),
            (None, None) => (prices.input.dollars(), WriteBasis::NoPremium),
        },
    }
}
