//! The validated scenario: every number checked, every share a fraction in `[0, 1]`.
//!
//! Built from the form's raw text by `formats::scenario::validate`; nothing here parses
//! text. The defaults named here are the documented defaults of the Projection view.

use crate::money::catalog::Model;
use crate::money::images::{Detail, ImageSize, DEFAULT_IMAGE_SIZE};

/// How the monthly traffic is given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Volume {
    /// API calls per month.
    Calls(u64),
    /// Conversations per month, each of `turns` calls.
    Conversations {
        /// Conversations per month.
        conversations: u64,
        /// Calls (turns) per conversation.
        turns: u64,
    },
}

impl Volume {
    /// Calls per month: the calls, or conversations × turns.
    pub fn calls(self) -> f64 {
        match self {
            Volume::Calls(calls) => calls as f64,
            Volume::Conversations {
                conversations,
                turns,
            } => conversations as f64 * turns as f64,
        }
    }

    /// Turns per conversation, when the volume is given as conversations.
    pub fn turns(self) -> Option<u64> {
        match self {
            Volume::Calls(_) => None,
            Volume::Conversations { turns, .. } => Some(turns),
        }
    }
}

/// The average tokens of one call, by part. Averages, so they may be fractional once a
/// lever has scaled them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CallShape {
    /// System prompt (instructions) tokens.
    pub system: f64,
    /// Conversation history resent with the call.
    pub history: f64,
    /// The user's message.
    pub user: f64,
    /// Retrieved context (RAG chunks, files, tool results).
    pub context: f64,
    /// Output tokens: the visible answer.
    pub output: f64,
    /// Reasoning (thinking) tokens: output the model produces and hides, billed as output.
    pub reasoning: f64,
    /// Tool-definition tokens sent with every call: input, at the start of the prompt.
    pub tools: f64,
    /// Image inputs of every call, counted in tokens by each model's image rule.
    pub images: ImageInput,
}

/// The images a call sends: how many, how large, and OpenAI's `detail` setting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImageInput {
    /// Images per call, on average (0.5: every other call carries one image).
    pub count: f64,
    /// The size of each image, before the provider's own resizing.
    pub size: ImageSize,
    /// OpenAI's `detail` (read only by the tile rule; see `ImageRule::has_detail`).
    pub detail: Detail,
}

impl Default for ImageInput {
    /// No images; 1024 × 1024 (`money::images::DEFAULT_IMAGE_SIZE`) at `auto` detail once
    /// there are some.
    fn default() -> ImageInput {
        ImageInput {
            count: 0.0,
            size: DEFAULT_IMAGE_SIZE,
            detail: Detail::Auto,
        }
    }
}

impl CallShape {
    /// Input tokens that are the same on every model: system + history + user + context +
    /// tools. Images are counted per model (see [`CallShape::input_on`]).
    pub fn input(&self) -> f64 {
        self.system + self.history + self.user + self.context + self.tools
    }

    /// Image input tokens of a call on `model`: images per call × the tokens of one image
    /// by the model's rule, or by the fallback rule where its maker publishes none (see
    /// `units::image_pricing`). No images cost nothing, whatever their size.
    pub fn image_tokens_on(&self, model: &Model) -> f64 {
        if self.images.count <= 0.0 {
            return 0.0;
        }
        // `project` refuses a size the rules cannot price before any call is costed.
        super::units::image_pricing(&self.images, model).map_or(0.0, |pricing| pricing.per_call)
    }

    /// Input tokens of a call on `model`: [`CallShape::input`] + the image tokens by the
    /// model's image rule ([`CallShape::image_tokens_on`]).
    pub fn input_on(&self, model: &Model) -> f64 {
        self.input() + self.image_tokens_on(model)
    }

    /// Output tokens as billed: output + reasoning. OpenAI bills reasoning tokens "as
    /// output tokens" and counts them in `completion_tokens`
    /// (<https://platform.openai.com/docs/guides/reasoning>); Anthropic bills extended
    /// thinking "as output tokens"
    /// (<https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking>).
    pub fn billed_output(&self) -> f64 {
        self.output + self.reasoning
    }

    /// The part of every call that a provider's prompt cache can hold: the tool
    /// definitions and the system prompt. Anthropic's cache covers "tools, system, and
    /// messages (in that order)"
    /// (<https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching>); OpenAI
    /// caches the longest identical prefix of the prompt, which begins with the tools and
    /// the instructions (<https://platform.openai.com/docs/guides/prompt-caching>).
    /// History, the user's message, retrieved context and images vary from call to call and
    /// are not part of it. Read after the levers have run, it is the prefix after
    /// compression.
    pub fn cacheable_prefix(&self) -> f64 {
        self.tools + self.system
    }
}

/// Where the tokens per call come from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokenSource {
    /// Entered part by part.
    Detail(CallShape),
    /// Derived from last month's bill: the spend, and the ratio of input to output tokens.
    /// `system`, `history` and `context` are the known parts of the derived input; the user
    /// message is the rest.
    Bill {
        /// Last month's spend in dollars.
        monthly_spend: f64,
        /// Input tokens per output token (3 means 3:1).
        input_per_output: f64,
        /// Known system prompt tokens within the derived input.
        system: f64,
        /// Known history tokens within the derived input.
        history: f64,
        /// Known context tokens within the derived input.
        context: f64,
        /// Known reasoning tokens within the derived output (the bill counts them as
        /// output); the visible output is the rest.
        reasoning: f64,
        /// Known tool-definition tokens within the derived input.
        tools: f64,
        /// Known image inputs within the derived input (counted on the main model).
        images: ImageInput,
    },
}

/// One model of a mix and its share of the traffic.
#[derive(Clone, Debug, PartialEq)]
pub struct MixEntry {
    /// Catalog id.
    pub model: String,
    /// Share of calls, in `[0, 1]`.
    pub share: f64,
}

/// The hidden-cost factors of the article "LLM cost optimization", each a fraction added
/// to the naive cost (0.4 = +40%).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overheads {
    /// Reloading conversation history.
    pub context_reload: f64,
    /// Failed requests and retries.
    pub retries: f64,
    /// Development and testing traffic.
    pub dev_testing: f64,
    /// The system prompt repeated in every call.
    pub system_prompt: f64,
    /// Context accumulating over multi-turn conversations.
    pub multi_turn: f64,
}

impl Default for Overheads {
    /// The article's figures: +40%, +15%, +25%, +30%, +50%.
    fn default() -> Overheads {
        Overheads {
            context_reload: 0.40,
            retries: 0.15,
            dev_testing: 0.25,
            system_prompt: 0.30,
            multi_turn: 0.50,
        }
    }
}

impl Overheads {
    /// Every factor, in display order.
    pub fn get(&self, factor: Overhead) -> f64 {
        match factor {
            Overhead::ContextReload => self.context_reload,
            Overhead::Retries => self.retries,
            Overhead::DevTesting => self.dev_testing,
            Overhead::SystemPrompt => self.system_prompt,
            Overhead::MultiTurn => self.multi_turn,
        }
    }

    /// A mutable reference to `factor`.
    pub fn get_mut(&mut self, factor: Overhead) -> &mut f64 {
        match factor {
            Overhead::ContextReload => &mut self.context_reload,
            Overhead::Retries => &mut self.retries,
            Overhead::DevTesting => &mut self.dev_testing,
            Overhead::SystemPrompt => &mut self.system_prompt,
            Overhead::MultiTurn => &mut self.multi_turn,
        }
    }

    /// The sum of all factors.
    pub fn sum(&self) -> f64 {
        Overhead::ALL.iter().map(|&factor| self.get(factor)).sum()
    }
}

/// One hidden-cost factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Overhead {
    /// Reloading conversation history.
    ContextReload,
    /// Failed requests and retries.
    Retries,
    /// Development and testing traffic.
    DevTesting,
    /// The system prompt repeated in every call.
    SystemPrompt,
    /// Context accumulating over multi-turn conversations.
    MultiTurn,
}

impl Overhead {
    /// All factors, in display order.
    pub const ALL: [Overhead; 5] = [
        Overhead::ContextReload,
        Overhead::Retries,
        Overhead::DevTesting,
        Overhead::SystemPrompt,
        Overhead::MultiTurn,
    ];

    /// The factor's name in testids (`overhead-<slug>`) and links.
    pub fn slug(self) -> &'static str {
        match self {
            Overhead::ContextReload => "context-reload",
            Overhead::Retries => "retries",
            Overhead::DevTesting => "dev-testing",
            Overhead::SystemPrompt => "system-prompt",
            Overhead::MultiTurn => "multi-turn",
        }
    }

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Overhead::ContextReload => "Context reloading",
            Overhead::Retries => "Failed requests and retries",
            Overhead::DevTesting => "Development and testing traffic",
            Overhead::SystemPrompt => "Repeated system prompts",
            Overhead::MultiTurn => "Multi-turn accumulation",
        }
    }

    /// What the factor stands for, for a tooltip.
    pub fn explanation(self) -> &'static str {
        match self {
            Overhead::ContextReload => {
                "Conversation history resent with every message. The article estimates +40%. \
                 Replaced by your figure when you enter history tokens."
            }
            Overhead::Retries => {
                "Timeouts and errors make you pay for calls twice. The article estimates +15%."
            }
            Overhead::DevTesting => {
                "Prompt iteration, evaluations and test traffic billed to the same key. The \
                 article estimates +25%."
            }
            Overhead::SystemPrompt => {
                "Instructions sent again with every call. The article estimates +30%. \
                 Replaced by your figure when you enter system prompt tokens."
            }
            Overhead::MultiTurn => {
                "Conversations whose later turns carry more and more context. The article \
                 estimates +50%. Replaced when you enter history tokens or give the volume as \
                 conversations × turns."
            }
        }
    }
}

/// An optimization lever.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lever {
    /// A response cache (exact and semantic).
    Cache,
    /// Context-window management.
    Context,
    /// Prompt compression.
    Compression,
    /// Model routing.
    Routing,
    /// The provider's prompt caching.
    PromptCache,
    /// The batch API.
    Batch,
    /// Fewer failed requests and retries.
    Retries,
}

impl Lever {
    /// Every lever, in the order they are applied and their savings attributed: a cache
    /// hit removes a call before anything else matters; context management and compression
    /// shrink the tokens of the calls left; routing sets the prices those tokens pay;
    /// prompt caching and batch discount those prices; retry reduction shrinks the overhead
    /// on whatever remains.
    pub const ORDER: [Lever; 7] = [
        Lever::Cache,
        Lever::Context,
        Lever::Compression,
        Lever::Routing,
        Lever::PromptCache,
        Lever::Batch,
        Lever::Retries,
    ];

    /// The lever's name in testids (`lever-<slug>`, `lever-saving-<slug>`) and links.
    pub fn slug(self) -> &'static str {
        match self {
            Lever::Cache => "cache",
            Lever::Context => "context",
            Lever::Compression => "compression",
            Lever::Routing => "routing",
            Lever::PromptCache => "prompt-cache",
            Lever::Batch => "batch",
            Lever::Retries => "retries",
        }
    }

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Lever::Cache => "Response cache",
            Lever::Context => "Context-window management",
            Lever::Compression => "Prompt compression",
            Lever::Routing => "Model routing",
            Lever::PromptCache => "Provider prompt caching",
            Lever::Batch => "Batch API and service tiers",
            Lever::Retries => "Retry reduction",
        }
    }

    /// A label short enough for a chart's axis.
    pub fn short_label(self) -> &'static str {
        match self {
            Lever::Cache => "Response cache",
            Lever::Context => "Context window",
            Lever::Compression => "Compression",
            Lever::Routing => "Routing",
            Lever::PromptCache => "Prompt caching",
            Lever::Batch => "Batch API",
            Lever::Retries => "Retries",
        }
    }

    /// The documented default implementation effort, in hours. The article's case study
    /// took 40 hours for cache, routing, context and compression; these add up to 44.
    pub fn default_effort_hours(self) -> f64 {
        match self {
            Lever::Cache => 12.0,
            Lever::Context => 10.0,
            Lever::Compression => 6.0,
            Lever::Routing => 16.0,
            Lever::PromptCache => 4.0,
            Lever::Batch => 8.0,
            Lever::Retries => 4.0,
        }
    }

    /// The lever's index in [`Lever::ORDER`].
    pub fn index(self) -> usize {
        Lever::ORDER
            .iter()
            .position(|&lever| lever == self)
            .unwrap_or(0)
    }
}

/// A lever's parameters and whether it is switched on. Off means exactly "not there".
#[derive(Clone, Debug, PartialEq)]
pub struct Switch<T> {
    /// Switched on.
    pub on: bool,
    /// Its parameters, kept while it is off.
    pub params: T,
}

/// A response cache in front of the model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResponseCache {
    /// Share of requests answered by an exact-match hit.
    pub exact_hit_rate: f64,
    /// Share of requests answered by a semantic (similar-question) hit.
    pub semantic_hit_rate: f64,
    /// Share of semantic hits that are wrong, so the question is asked again.
    pub false_hit_rate: f64,
    /// Dollars per request for the lookup (embedding and vector search).
    pub lookup_cost: f64,
}

/// The provider's prompt caching of a repeated prefix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PromptCache {
    /// Tokens at the start of every call that are the same from call to call, as measured
    /// before compression (see `prompt_cache::prefix_tokens` for how it meets the call).
    pub prefix_tokens: f64,
    /// Share of calls that find the prefix in the cache.
    pub hit_rate: f64,
    /// The shortest prefix the provider caches; `None` (`auto`) for the model's documented
    /// minimum (see `prompt_cache::minimum_prefix`).
    pub min_prefix_tokens: Option<f64>,
    /// How long a written prefix lives, which sets the write price.
    pub ttl: CacheTtl,
}

/// How long a prompt-cache entry lives. Anthropic bills the write by it; OpenAI and
/// Gemini's implicit caching charge no write premium, so it changes nothing there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CacheTtl {
    /// Five minutes (`5m`), every provider's default.
    #[default]
    FiveMinutes,
    /// One hour (`1h`).
    OneHour,
}

impl CacheTtl {
    /// Its value in links: `5m` or `1h`.
    pub fn slug(self) -> &'static str {
        match self {
            CacheTtl::FiveMinutes => "5m",
            CacheTtl::OneHour => "1h",
        }
    }

    /// "5-minute" or "1-hour".
    pub fn label(self) -> &'static str {
        match self {
            CacheTtl::FiveMinutes => "5-minute",
            CacheTtl::OneHour => "1-hour",
        }
    }
}

/// Prompt compression of the instructions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Compression {
    /// Share of system prompt tokens removed.
    pub removed: f64,
}

/// How much history each call carries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ContextStrategy {
    /// Every earlier turn is resent.
    FullHistory,
    /// Only the last `turns` turns are resent.
    Window {
        /// Turns kept.
        turns: u64,
    },
    /// A summary of older turns plus the last `turns` turns.
    SummaryWindow {
        /// Turns kept verbatim.
        turns: u64,
        /// Tokens of the summary.
        summary_tokens: f64,
    },
    /// A measured figure (from the Conversation view): history tokens per call.
    Measured {
        /// History tokens per call.
        history_tokens: f64,
    },
}

/// Context-window management.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ContextManagement {
    /// The strategy.
    pub strategy: ContextStrategy,
    /// Turns per conversation, used when the volume is given as calls.
    pub turns: u64,
}

/// A complexity tier of the router.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RouteTier {
    /// Yes/no, lookups, formatting.
    Trivial,
    /// Classification, extraction.
    Simple,
    /// Q&A, summaries.
    Moderate,
    /// Multi-step reasoning, code.
    Complex,
    /// The hardest tasks.
    Expert,
}

impl RouteTier {
    /// The article's five tiers.
    pub const ALL: [RouteTier; 5] = [
        RouteTier::Trivial,
        RouteTier::Simple,
        RouteTier::Moderate,
        RouteTier::Complex,
        RouteTier::Expert,
    ];

    /// Name in testids and links.
    pub fn slug(self) -> &'static str {
        match self {
            RouteTier::Trivial => "trivial",
            RouteTier::Simple => "simple",
            RouteTier::Moderate => "moderate",
            RouteTier::Complex => "complex",
            RouteTier::Expert => "expert",
        }
    }

    /// Capitalised name.
    pub fn label(self) -> &'static str {
        match self {
            RouteTier::Trivial => "Trivial",
            RouteTier::Simple => "Simple",
            RouteTier::Moderate => "Moderate",
            RouteTier::Complex => "Complex",
            RouteTier::Expert => "Expert",
        }
    }
}

/// Where one tier's traffic goes.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRoute {
    /// The tier.
    pub tier: RouteTier,
    /// Share of calls in this tier.
    pub share: f64,
    /// The catalog id of the model that serves it; `None` keeps the current model (mix).
    pub model: Option<String>,
}

/// Model routing by task complexity.
#[derive(Clone, Debug, PartialEq)]
pub struct Routing {
    /// One entry per tier; the shares add up to 1.
    pub tiers: Vec<TierRoute>,
    /// Share of routed calls re-sent to the current model, so paid twice.
    pub escalation_rate: f64,
}

/// The batch API and the providers' other service tiers: each share of the calls is
/// processed at that tier's prices; the rest (1 − batch − flex − priority) is standard.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Batch {
    /// Share of calls that can wait up to 24 hours (the batch API).
    pub share: f64,
    /// Share of calls sent with flex processing (slower, at times unavailable, cheaper).
    pub flex_share: f64,
    /// Share of calls sent with priority processing (faster, dearer).
    pub priority_share: f64,
}

/// Fewer failed requests and retries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryReduction {
    /// Share of the retry overhead removed.
    pub removed: f64,
}

/// Every lever, each with its switch.
#[derive(Clone, Debug, PartialEq)]
pub struct Levers {
    /// Response cache.
    pub cache: Switch<ResponseCache>,
    /// Context-window management.
    pub context: Switch<ContextManagement>,
    /// Prompt compression.
    pub compression: Switch<Compression>,
    /// Model routing.
    pub routing: Switch<Routing>,
    /// Provider prompt caching.
    pub prompt_cache: Switch<PromptCache>,
    /// Batch API.
    pub batch: Switch<Batch>,
    /// Retry reduction.
    pub retries: Switch<RetryReduction>,
}

impl Levers {
    /// Whether `lever` is switched on.
    pub fn is_on(&self, lever: Lever) -> bool {
        match lever {
            Lever::Cache => self.cache.on,
            Lever::Context => self.context.on,
            Lever::Compression => self.compression.on,
            Lever::Routing => self.routing.on,
            Lever::PromptCache => self.prompt_cache.on,
            Lever::Batch => self.batch.on,
            Lever::Retries => self.retries.on,
        }
    }

    /// Switches `lever` on or off, keeping its parameters.
    pub fn set_on(&mut self, lever: Lever, on: bool) {
        match lever {
            Lever::Cache => self.cache.on = on,
            Lever::Context => self.context.on = on,
            Lever::Compression => self.compression.on = on,
            Lever::Routing => self.routing.on = on,
            Lever::PromptCache => self.prompt_cache.on = on,
            Lever::Batch => self.batch.on = on,
            Lever::Retries => self.retries.on = on,
        }
    }
}

/// A whole validated scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioConfig {
    /// Monthly traffic in the first month.
    pub volume: Volume,
    /// Tokens per call.
    pub tokens: TokenSource,
    /// The catalog id of the main model.
    pub model: String,
    /// Other models and their shares; the main model serves the rest (1 − their sum).
    pub mix: Vec<MixEntry>,
    /// Growth of the traffic per month, as a fraction (0.1 = +10% a month).
    pub growth: f64,
    /// Months to project, 1 or more.
    pub horizon_months: u32,
    /// Hidden-cost factors.
    pub overheads: Overheads,
    /// Optimization levers.
    pub levers: Levers,
    /// Implementation effort per lever, hours, indexed like [`Lever::ORDER`].
    pub effort_hours: [f64; 7],
    /// Dollars per hour of engineering time.
    pub hourly_rate: f64,
}
