//! Each lever as a step that transforms the month's [`State`], in [`Lever::ORDER`].
//!
//! A step returns the notes and the formula (with this scenario's numbers) that the page
//! shows. Every lever acts on the explicit figure when the user gave one and on the
//! matching overhead factor otherwise, so that it never saves the same dollar twice.

use crate::money::catalog::Catalog;

use super::config::{
    Batch, Compression, ContextManagement, ContextStrategy, PromptCache, ResponseCache,
    RetryReduction, Routing, Volume,
};
use super::prompt_cache::{minimum_prefix, write_price, WriteBasis};
use super::service_tier::{tier_rates, ServiceTier, TierSource};
use super::state::State;
use super::ProjectionError;
use crate::money::cost::effective_prices;
use crate::money::units::Tokens;
use crate::show::number::{pct, tokens, unit_usd, usd};

/// What a step says about itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepText {
    /// The formula with this scenario's numbers.
    pub formula: String,
    /// Caveats: what did not apply, and why.
    pub notes: Vec<String>,
}

/// Response cache. Effective hit rate h = exact + semantic × (1 − false-hit rate); only
/// (1 − h) of requests reach the API, and every request pays the lookup.
pub fn response_cache(state: &mut State, cache: &ResponseCache) -> StepText {
    let hit_rate = (cache.exact_hit_rate + cache.semantic_hit_rate * (1.0 - cache.false_hit_rate))
        .clamp(0.0, 1.0);
    state.api_share *= 1.0 - hit_rate;
    state.lookup_cost = cache.lookup_cost;
    StepText {
        formula: format!(
            "hit rate = {} exact + {} semantic × (1 − {} false hits) = {}; API calls = {} × (1 − {}) = {}; lookups = {} × {} = {}",
            pct(cache.exact_hit_rate),
            pct(cache.semantic_hit_rate),
            pct(cache.false_hit_rate),
            pct(hit_rate),
            tokens(state.requests),
            pct(hit_rate),
            tokens(state.api_calls()),
            tokens(state.requests),
            unit_usd(cache.lookup_cost),
            usd(state.requests * cache.lookup_cost),
        ),
        notes: Vec::new(),
    }
}

/// Σ_{j=0}^{T−1} min(j, K): the turns of history carried over a conversation of `turns`
/// turns when at most `kept` earlier turns are resent. With K ≥ T − 1 it is T(T − 1)/2.
pub fn history_turns(turns: u64, kept: u64) -> f64 {
    let turns = turns as f64;
    let kept = kept as f64;
    if turns <= 1.0 {
        0.0
    } else if kept >= turns - 1.0 {
        turns * (turns - 1.0) / 2.0
    } else {
        kept * (kept + 1.0) / 2.0 + (turns - 1.0 - kept) * kept
    }
}

/// Share of turns whose history is longer than the window: (T − 1 − K) / T, or 0.
fn summarized_share(turns: u64, kept: u64) -> f64 {
    if turns == 0 || kept + 1 >= turns {
        0.0
    } else {
        (turns - 1 - kept) as f64 / turns as f64
    }
}

/// Context-window management. With a window of K turns over T-turn conversations the
/// history shrinks by r = Σ min(j, K) / Σ j (j = 0 … T − 1); a summary adds its tokens to
/// the share (T − 1 − K) / T of calls that have older turns to summarize. r scales the
/// history tokens when given, else the context-reload and multi-turn factors. A measured
/// figure replaces the history tokens and both factors.
pub fn context_management(
    state: &mut State,
    context: &ContextManagement,
    volume: Volume,
) -> StepText {
    let turns = volume.turns().unwrap_or(context.turns);
    let explicit = state.shape.history > 0.0;
    let (kept, summary) = match context.strategy {
        ContextStrategy::FullHistory => {
            return StepText {
                formula: "full history: every earlier turn is resent; nothing changes".to_owned(),
                notes: Vec::new(),
            }
        }
        ContextStrategy::Measured { history_tokens } => {
            let before = state.shape.history;
            state.shape.history = history_tokens;
            state.factors.context_reload = 0.0;
            state.factors.multi_turn = 0.0;
            return StepText {
                formula: format!(
                    "history per call = {} measured (was {}); the context-reload and multi-turn factors are replaced by it",
                    tokens(history_tokens),
                    tokens(before)
                ),
                notes: Vec::new(),
            };
        }
        ContextStrategy::Window { turns: kept } => (kept, 0.0),
        ContextStrategy::SummaryWindow {
            turns: kept,
            summary_tokens,
        } => (kept, summary_tokens),
    };
    let full = history_turns(turns, turns);
    let windowed = history_turns(turns, kept);
    let ratio = if full > 0.0 { windowed / full } else { 1.0 };
    let summarized = summarized_share(turns, kept) * summary;
    let mut formula = format!(
        "r = Σ min(j, {kept}) / Σ j over {turns} turns = {} / {} = {}",
        tokens(windowed),
        tokens(full),
        pct(ratio)
    );
    if explicit {
        let before = state.shape.history;
        state.shape.history = before * ratio + summarized;
        formula.push_str(&format!(
            "; history per call = {} × {}{} = {}",
            tokens(before),
            pct(ratio),
            if summary > 0.0 {
                format!(
                    " + {} summary × {} of calls",
                    tokens(summary),
                    pct(summarized_share(turns, kept))
                )
            } else {
                String::new()
            },
            tokens(state.shape.history)
        ));
    } else {
        let reload = state.factors.context_reload;
        let multi = state.factors.multi_turn;
        state.factors.context_reload *= ratio;
        state.factors.multi_turn *= ratio;
        state.shape.history += summarized;
        formula.push_str(&format!(
            "; context reload {} → {}, multi-turn {} → {}",
            pct(reload),
            pct(state.factors.context_reload),
            pct(multi),
            pct(state.factors.multi_turn)
        ));
        if summarized > 0.0 {
            formula.push_str(&format!(
                "; + {} summary tokens per call",
                tokens(summarized)
            ));
        }
    }
    let mut notes = Vec::new();
    if volume.turns().is_none() {
        notes.push(format!(
            "Assumes {turns} turns per conversation (the lever's own setting; give the volume as conversations to use yours)."
        ));
    }
    if summary > 0.0 {
        notes.push("The cost of the calls that build the summary is not included.".to_owned());
    }
    StepText { formula, notes }
}

/// Prompt compression: the system prompt tokens shrink by the share removed; without
/// explicit system tokens, the repeated-system-prompt factor does.
pub fn compression(state: &mut State, compression: &Compression) -> StepText {
    let keep = 1.0 - compression.removed;
    let formula = if state.shape.system > 0.0 {
        let before = state.shape.system;
        state.system_before_compression = Some(state.system_before());
        state.shape.system *= keep;
        format!(
            "system prompt = {} × (1 − {}) = {} tokens per call",
            tokens(before),
            pct(compression.removed),
            tokens(state.shape.system)
        )
    } else {
        let before = state.factors.system_prompt;
        state.factors.system_prompt *= keep;
        format!(
            "repeated-system-prompt factor = {} × (1 − {}) = {}",
            pct(before),
            pct(compression.removed),
            pct(state.factors.system_prompt)
        )
    };
    StepText {
        formula,
        notes: Vec::new(),
    }
}

/// Model routing: each tier's share of calls goes to its model (or stays on the current
/// mix); a share e of the routed calls is escalated to the current mix and paid twice.
/// Cost per call = Σ tier share × tier cost + e × routed share × current cost.
pub fn routing<'a>(
    state: &mut State<'a>,
    routing: &Routing,
    catalog: &'a Catalog,
) -> Result<StepText, ProjectionError> {
    let current = std::mem::take(&mut state.mix);
    let mut routed_share = 0.0;
    let mut parts = Vec::new();
    for route in &routing.tiers {
        match &route.model {
            Some(id) => {
                let model = catalog
                    .get(id)
                    .ok_or_else(|| ProjectionError::UnknownModel(id.clone()))?;
                state.mix.push((model, route.share));
                routed_share += route.share;
                parts.push(format!(
                    "{} {} → {}",
                    pct(route.share),
                    route.tier.label(),
                    model.name
                ));
            }
            None => {
                state.mix.extend(
                    current
                        .iter()
                        .map(|&(model, weight)| (model, weight * route.share)),
                );
                parts.push(format!(
                    "{} {} → current model",
                    pct(route.share),
                    route.tier.label()
                ));
            }
        }
    }
    let escalated = routing.escalation_rate * routed_share;
    state.mix.extend(
        current
            .iter()
            .map(|&(model, weight)| (model, weight * escalated)),
    );
    state.mix.retain(|&(_, weight)| weight > 0.0);
    Ok(StepText {
        formula: format!(
            "{}; escalated {} × {} routed = {} of calls paid again on the current model; cost per API call = {}",
            parts.join(", "),
            pct(routing.escalation_rate),
            pct(routed_share),
            pct(escalated),
            unit_usd(state.cost_per_api_call())
        ),
        notes: Vec::new(),
    })
}

/// Provider prompt caching; see the state's call-cost formula and `prompt_cache` for the
/// prefix rule, the minimum prefix per model and the write price per TTL. The notes say
/// what the prefix is made of, the minimum in use on each model and its source, and why a
/// model is not cached.
pub fn prompt_cache(state: &mut State, cache: &PromptCache) -> StepText {
    state.prompt_cache = Some(*cache);
    let prefix = state.prefix_tokens();
    let system_before = state.system_before();
    let mut notes = Vec::new();
    let instructions = super::prompt_cache::instruction_tokens(&state.shape);
    if state.system_before_compression.is_some() && cache.prefix_tokens > instructions {
        let tools = instructions - state.shape.system;
        notes.push(format!(
            "The prefix holds the system prompt as compressed{}: {} tokens (of {} before compression).",
            if tools > 0.0 { " and the tool definitions" } else { "" },
            tokens(instructions.min(cache.prefix_tokens)),
            tokens(system_before + tools)
        ));
    }
    let repeated = (cache.prefix_tokens
        - system_before.max(state.shape.system)
        - (instructions - state.shape.system))
        .max(0.0);
    if repeated > state.shape.history + state.shape.context + 1e-9 {
        notes.push(format!(
            "The cacheable prefix ({}) reaches past the instructions and the {} tokens of history and context: the user's message changes from call to call and is not cached.",
            tokens(cache.prefix_tokens),
            tokens(state.shape.history + state.shape.context)
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (model, _) in &state.mix {
        if seen.contains(&model.id.as_str()) {
            continue;
        }
        seen.push(&model.id);
        let prices = effective_prices(
            model,
            Tokens::new(state.shape.input().round().max(0.0) as u64),
        );
        let minimum = minimum_prefix(cache, model);
        if prices.cache_read.is_none() {
            notes.push(format!(
                "{} has no cached-input price in the catalog: its calls are not cached.",
                model.name
            ));
            continue;
        }
        if prefix < minimum.tokens || prefix <= 0.0 {
            notes.push(format!(
                "{}: a {}-token prefix is below its {}-token minimum ({}): nothing is cached.",
                model.name,
                tokens(prefix),
                tokens(minimum.tokens),
                minimum.source
            ));
        } else {
            notes.push(format!(
                "{}: minimum prefix {} tokens ({}).",
                model.name,
                tokens(minimum.tokens),
                minimum.source
            ));
        }
        let (write, basis) = write_price(&prices, cache.ttl);
        match basis {
            WriteBasis::Catalog => {}
            WriteBasis::NoPremium => notes.push(format!(
                "{} charges no cache write: a miss pays the input price ({}), whatever the TTL.",
                model.name,
                crate::show::money::price(prices.input)
            )),
            WriteBasis::AnthropicOneHour => notes.push(format!(
                "{} has no 1-hour write price in the catalog: Anthropic's documented 2 × input = ${}/M is used.",
                model.name,
                crate::show::number::decimal(write)
            )),
        }
    }
    StepText {
        formula: format!(
            "prefix {} tokens: {} of calls read it at the cache-read price, {} write it at the {} cache-write price (the input price where there is no write premium); cost per API call = {}",
            tokens(prefix),
            pct(cache.hit_rate),
            pct(1.0 - cache.hit_rate),
            cache.ttl.label(),
            unit_usd(state.cost_per_api_call())
        ),
        notes,
    }
}

/// Batch API and service tiers: shares b, f and p of the calls pay the batch, flex and
/// priority prices (see the state's call-cost formula and `service_tier::tier_rates`), the
/// rest the standard ones. A model without a tier pays standard prices for that share,
/// and a note says so. Priority costs more than standard, so the lever's saving can be
/// negative.
pub fn batch(state: &mut State, batch: &Batch) -> StepText {
    state.processing = *batch;
    let shares = [
        (ServiceTier::Batch, batch.share),
        (ServiceTier::Flex, batch.flex_share),
        (ServiceTier::Priority, batch.priority_share),
    ];
    let mut notes = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (model, _) in &state.mix {
        if seen.contains(&model.id.as_str()) {
            continue;
        }
        seen.push(&model.id);
        let prices = effective_prices(
            model,
            Tokens::new(state.shape.input().round().max(0.0) as u64),
        );
        for (tier, share) in shares {
            if share <= 0.0 {
                continue;
            }
            match tier_rates(model, &prices, tier) {
                None if tier == ServiceTier::Batch => notes.push(format!(
                    "{} has no batch prices in the catalog: its calls are not discounted.",
                    model.name
                )),
                None => notes.push(format!(
                    "{} has no {} processing: its {} share is billed at standard prices.",
                    model.name,
                    tier.label(),
                    tier.label()
                )),
                Some(rates) => {
                    if let TierSource::Documented(source) = rates.source {
                        notes.push(format!(
                            "{} {}: {} × the standard prices, from {source} (the catalog has no {} prices).",
                            model.name,
                            tier.label(),
                            crate::show::number::decimal(rates.input),
                            tier.label()
                        ));
                    }
                }
            }
        }
    }
    let standard = (1.0 - batch.share - batch.flex_share - batch.priority_share).max(0.0);
    let formula = if batch.flex_share > 0.0 || batch.priority_share > 0.0 {
        format!(
            "{} of calls at the batch prices, {} flex, {} priority, {} standard; cost per API call = {}",
            pct(batch.share),
            pct(batch.flex_share),
            pct(batch.priority_share),
            pct(standard),
            unit_usd(state.cost_per_api_call())
        )
    } else {
        format!(
            "{} of calls at the batch prices, {} at the standard ones; cost per API call = {}",
            pct(batch.share),
            pct(1.0 - batch.share),
            unit_usd(state.cost_per_api_call())
        )
    };
    StepText { formula, notes }
}

/// Retry reduction: the retry factor shrinks by the share removed.
pub fn retries(state: &mut State, retries: &RetryReduction) -> StepText {
    let before = state.factors.retries;
    state.factors.retries *= 1.0 - retries.removed;
    let mut notes = Vec::new();
    if before == 0.0 {
        notes.push("The retry factor is not in effect, so there is nothing to reduce.".to_owned());
    }
    StepText {
        formula: format!(
            "retry factor = {} × (1 − {}) = {}",
            pct(before),
            pct(retries.removed),
            pct(state.factors.retries)
        ),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_turns_by_hand() {
        // 6 turns, full history: 0 + 1 + 2 + 3 + 4 + 5 = 15 earlier turns carried.
        assert_eq!(history_turns(6, 6), 15.0);
        assert_eq!(history_turns(6, 5), 15.0);
        // Window of 2: 0 + 1 + 2 + 2 + 2 + 2 = 9 = 2·3/2 + (6 − 1 − 2)·2.
        assert_eq!(history_turns(6, 2), 9.0);
        // Window of 0: no history at all.
        assert_eq!(history_turns(6, 0), 0.0);
        assert_eq!(history_turns(1, 4), 0.0);
        assert_eq!(history_turns(0, 4), 0.0);
        // Summaries: turns 4, 5, 6 of 6 have turns older than a window of 2 → 3/6.
        assert_eq!(summarized_share(6, 2), 0.5);
        assert_eq!(summarized_share(6, 5), 0.0);
        assert_eq!(summarized_share(6, 9), 0.0);
    }
}
