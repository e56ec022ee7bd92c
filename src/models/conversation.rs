//! Multi-turn conversations: the input tokens of every turn under each context strategy.
//!
//! Formulas (per conversation of T turns; each message carries the chat overhead of
//! [`MESSAGE_OVERHEAD`] = 4 tokens, and each call [`REPLY_PRIMING`] = 3 more, as the
//! Tokens view counts them):
//! - a turn's own part: P = system (S + 4) + user message (U + 4) + priming (3);
//! - **full history**: input at turn k = P + (k − 1) × (U + 4 + A + 4);
//! - **sliding window** of the last W messages: the m = min(2(k − 1), W) latest messages,
//!   ⌈m/2⌉ of them assistant and ⌊m/2⌋ user: input = P + ⌈m/2⌉(A + 4) + ⌊m/2⌋(U + 4);
//! - **summary + window**: the window as above, plus the summary (Σ + 4) once there are
//!   older messages; the summary is rebuilt every M turns by a call on the summarizer
//!   model that reads the previous summary and the messages since, and writes Σ tokens;
//! - **token budget** B: the most recent whole turns that fit, t = the largest number
//!   ≤ k − 1 with P + t(U + A + 8) ≤ B; input = P + t(U + A + 8) (at least P);
//! - the cost of turn k = input × input price + A × output price;
//! - saving = 1 − total cost of the strategy / total cost with full history.

use crate::chart::{LineChart, Marker, Series, Unit, XAxis};
use crate::money::catalog::Model;
use crate::money::units::TOKENS_PER_MILLION;
use crate::show::number::{tokens, unit_usd};

/// Tokens every chat message adds: the cookbook's 3 per message plus its role's name,
/// which is one token ("system", "user", "assistant") in every OpenAI encoding.
pub const MESSAGE_OVERHEAD: f64 = crate::text::chat::TOKENS_PER_MESSAGE as f64 + 1.0;
/// Tokens every call adds to prime the reply.
pub const REPLY_PRIMING: f64 = crate::text::chat::REPLY_PRIMING as f64;

/// A conversation shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConversationShape {
    /// Turns (user message + assistant reply).
    pub turns: u64,
    /// System prompt tokens.
    pub system: f64,
    /// Tokens of each user message.
    pub user: f64,
    /// Tokens of each assistant reply.
    pub assistant: f64,
}

/// A summary + window strategy's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SummarySettings {
    /// Messages kept verbatim.
    pub window_messages: u64,
    /// Tokens of the summary.
    pub summary_tokens: f64,
    /// The summary is rebuilt every this many turns (1 or more).
    pub every_turns: u64,
}

/// What each turn costs under one strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyRun {
    /// Input tokens of each turn, from turn 1.
    pub inputs: Vec<f64>,
    /// Cost of each turn in dollars (the summarizer's calls not included).
    pub costs: Vec<f64>,
    /// Summarizer calls per conversation and their total cost.
    pub summary_calls: u64,
    /// Their cost.
    pub summary_cost: f64,
}

impl StrategyRun {
    /// Σ input tokens.
    pub fn total_input(&self) -> f64 {
        self.inputs.iter().sum()
    }

    /// Σ turn costs + summarizer cost.
    pub fn total_cost(&self) -> f64 {
        self.costs.iter().sum::<f64>() + self.summary_cost
    }

    /// The strategy's cost for `conversations` conversations: total cost × conversations.
    pub fn monthly_cost(&self, conversations: f64) -> f64 {
        self.total_cost() * conversations
    }

    /// 1 − this strategy's total cost / `full`'s; `None` when full history costs nothing.
    pub fn saving_against(&self, full: &StrategyRun) -> Option<f64> {
        let full = full.total_cost();
        (full > 0.0).then(|| 1.0 - self.total_cost() / full)
    }

    /// Average history tokens per call: (Σ input − T × the turn's own part) / T.
    pub fn history_per_call(&self, shape: &ConversationShape) -> f64 {
        if self.inputs.is_empty() {
            0.0
        } else {
            (self.total_input() / self.inputs.len() as f64 - own_part(shape)).max(0.0)
        }
    }
}

/// P = (S + 4) + (U + 4) + 3: what every call carries besides history.
pub fn own_part(shape: &ConversationShape) -> f64 {
    (shape.system + MESSAGE_OVERHEAD) + (shape.user + MESSAGE_OVERHEAD) + REPLY_PRIMING
}

fn pair(shape: &ConversationShape) -> f64 {
    shape.user + shape.assistant + 2.0 * MESSAGE_OVERHEAD
}

/// Input tokens of turn `k` (1-based) with full history.
pub fn full_input(shape: &ConversationShape, k: u64) -> f64 {
    own_part(shape) + (k.saturating_sub(1)) as f64 * pair(shape)
}

/// Input tokens of turn `k` keeping the last `window` messages.
pub fn window_input(shape: &ConversationShape, k: u64, window: u64) -> f64 {
    let messages = (2 * k.saturating_sub(1)).min(window);
    let assistant = messages.div_ceil(2) as f64;
    let user = (messages / 2) as f64;
    own_part(shape)
        + assistant * (shape.assistant + MESSAGE_OVERHEAD)
        + user * (shape.user + MESSAGE_OVERHEAD)
}

/// Input tokens of turn `k` with a budget of `budget` tokens.
pub fn budget_input(shape: &ConversationShape, k: u64, budget: f64) -> f64 {
    let base = own_part(shape);
    let room = ((budget - base) / pair(shape)).floor();
    let kept = if room.is_finite() && room > 0.0 {
        room.min(k.saturating_sub(1) as f64)
    } else {
        0.0
    };
    base + kept * pair(shape)
}

/// Dollars for `input` and `output` tokens on `model` (standard prices).
fn cost(model: &Model, input: f64, output: f64) -> f64 {
    (input * model.prices.input.dollars() + output * model.prices.output.dollars())
        / TOKENS_PER_MILLION
}

fn run(shape: &ConversationShape, model: &Model, input_of: impl Fn(u64) -> f64) -> StrategyRun {
    let inputs: Vec<f64> = (1..=shape.turns).map(input_of).collect();
    let costs = inputs
        .iter()
        .map(|&input| cost(model, input, shape.assistant))
        .collect();
    StrategyRun {
        inputs,
        costs,
        summary_calls: 0,
        summary_cost: 0.0,
    }
}

/// Full history.
pub fn full_history(shape: &ConversationShape, model: &Model) -> StrategyRun {
    run(shape, model, |k| full_input(shape, k))
}

/// Sliding window of `window` messages.
pub fn sliding_window(shape: &ConversationShape, model: &Model, window: u64) -> StrategyRun {
    run(shape, model, |k| window_input(shape, k, window))
}

/// Token budget.
pub fn token_budget(shape: &ConversationShape, model: &Model, budget: f64) -> StrategyRun {
    run(shape, model, |k| budget_input(shape, k, budget))
}

/// Summary + window; the summarizer runs on `summarizer`.
pub fn summary_window(
    shape: &ConversationShape,
    model: &Model,
    summary: &SummarySettings,
    summarizer: &Model,
) -> StrategyRun {
    let has_older = |k: u64| 2 * k.saturating_sub(1) > summary.window_messages;
    let mut result = run(shape, model, |k| {
        window_input(shape, k, summary.window_messages)
            + if has_older(k) {
                summary.summary_tokens + MESSAGE_OVERHEAD
            } else {
                0.0
            }
    });
    // A rebuild before every M-th turn that has older messages: it reads the previous
    // summary (if any) and the M turns since, and writes a new summary.
    let every = summary.every_turns.max(1);
    let mut built = false;
    for k in 1..=shape.turns {
        if has_older(k) && (k - 1) % every == 0 || has_older(k) && !built {
            let read = if built {
                summary.summary_tokens + MESSAGE_OVERHEAD
            } else {
                0.0
            } + every.min(k - 1) as f64 * pair(shape)
                + REPLY_PRIMING;
            result.summary_calls += 1;
            result.summary_cost += cost(summarizer, read, summary.summary_tokens);
            built = true;
        }
    }
    result
}

/// The first turn whose full-history input exceeds `context_window`, if any.
pub fn overflow_turn(shape: &ConversationShape, context_window: u64) -> Option<u64> {
    (1..=shape.turns).find(|&k| full_input(shape, k) > context_window as f64)
}

/// What a per-turn chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerTurn {
    /// Input tokens of each turn.
    Input,
    /// Cost of each turn.
    Cost,
}

impl PerTurn {
    fn values(self, run: &StrategyRun) -> &[f64] {
        match self {
            PerTurn::Input => &run.inputs,
            PerTurn::Cost => &run.costs,
        }
    }
}

/// One line per strategy (`labels[i]` names `runs[i]`); the input chart marks the turn at
/// which full history overflows the context window.
pub fn per_turn_chart(
    labels: &[&str],
    runs: &[StrategyRun],
    what: PerTurn,
    overflow: Option<u64>,
) -> LineChart {
    let (title, y_label, unit) = match what {
        PerTurn::Input => ("Input tokens per turn", "Input tokens", Unit::Count),
        PerTurn::Cost => ("Cost per turn", "US dollars per call", Unit::Usd),
    };
    LineChart {
        title: title.into(),
        x_axis: XAxis::Count {
            noun: "Turn".into(),
        },
        y_label: y_label.into(),
        unit,
        series: labels
            .iter()
            .zip(runs)
            .map(|(label, run)| Series {
                name: (*label).into(),
                values: what.values(run).to_vec(),
            })
            .collect(),
        markers: overflow
            .filter(|_| what == PerTurn::Input)
            .map(|turn| Marker {
                x: turn as f64,
                label: format!("turn {turn}: over the context window"),
            })
            .into_iter()
            .collect(),
    }
}

/// The per-turn chart in words: each strategy's figure at the last turn.
pub fn describe_per_turn(
    labels: &[&str],
    runs: &[StrategyRun],
    what: PerTurn,
    overflow: Option<u64>,
) -> String {
    let parts: Vec<String> = labels
        .iter()
        .zip(runs)
        .map(|(label, run)| {
            let last = what.values(run).last().copied().unwrap_or(0.0);
            match what {
                PerTurn::Input => format!("{label}: {} tokens at the last turn", tokens(last)),
                PerTurn::Cost => format!("{label}: {} at the last turn", unit_usd(last)),
            }
        })
        .collect();
    match what {
        PerTurn::Input => {
            let turns = runs.first().map_or(0, |run| run.inputs.len());
            let overflow = overflow
                .map(|turn| {
                    format!(" Full history exceeds the model's context window at turn {turn}.")
                })
                .unwrap_or_default();
            format!(
                "Input tokens per turn over {}. {}.{overflow}",
                crate::show::money::counted(turns as u64, "turn", "turns"),
                parts.join("; ")
            )
        }
        PerTurn::Cost => format!("Cost per turn. {}.", parts.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::{CapabilityTier, Origin, Prices};
    use crate::money::units::UsdPerMTok;

    fn model(input: f64, output: f64) -> Model {
        Model {
            id: "m".into(),
            provider: "p".into(),
            provider_name: "P".into(),
            model: "m".into(),
            name: "m".into(),
            prices: Prices {
                input: UsdPerMTok::new(input).unwrap(),
                output: UsdPerMTok::new(output).unwrap(),
                cache_read: None,
                cache_write_5m: None,
                cache_write_1h: None,
                batch_input: None,
                batch_output: None,
                flex_input: None,
                flex_output: None,
                flex_cache_read: None,
                priority_input: None,
                priority_output: None,
                priority_cache_read: None,
            },
            tiers: Vec::new(),
            context_window: Some(1_000),
            max_output: None,
            tokenizer: crate::money::catalog::ModelTokenizer::Estimate,
            tier: CapabilityTier::Balanced,
            deprecated: false,
            reasoning: false,
            origin: Origin::Shipped,
        }
    }

    /// System 100, user 50, assistant 150: P = 104 + 54 + 3 = 161; a turn pair is 208.
    fn shape(turns: u64) -> ConversationShape {
        ConversationShape {
            turns,
            system: 100.0,
            user: 50.0,
            assistant: 150.0,
        }
    }

    #[test]
    fn full_history_grows_by_a_pair_each_turn() {
        assert_eq!(own_part(&shape(1)), 161.0);
        assert_eq!(full_input(&shape(3), 1), 161.0);
        assert_eq!(full_input(&shape(3), 3), 161.0 + 2.0 * 208.0);
        // At $1/$2 per M: turn 3 costs (577 × 1 + 150 × 2) / M.
        let run = full_history(&shape(3), &model(1.0, 2.0));
        assert_eq!(run.inputs, vec![161.0, 369.0, 577.0]);
        assert!((run.costs[2] - 877.0 / 1e6).abs() < 1e-15);
        assert_eq!(run.total_input(), 1_107.0);
        // History per call: 1,107 / 3 − 161 = 208.
        assert_eq!(run.history_per_call(&shape(3)), 208.0);
    }

    #[test]
    fn a_window_keeps_the_latest_messages() {
        // Turn 4 has 6 earlier messages; a window of 3 keeps a3, u3, a2: 2 assistant (154
        // each) + 1 user (54) on top of 161.
        assert_eq!(window_input(&shape(4), 4, 3), 161.0 + 2.0 * 154.0 + 54.0);
        // A window as large as the history changes nothing (W ≥ 2(T − 1)).
        for k in 1..=5 {
            assert_eq!(window_input(&shape(5), k, 8), full_input(&shape(5), k));
            assert_eq!(window_input(&shape(5), k, 100), full_input(&shape(5), k));
        }
        // 0 turns: nothing at all.
        assert!(sliding_window(&shape(0), &model(1.0, 1.0), 4)
            .inputs
            .is_empty());
        assert_eq!(full_history(&shape(0), &model(1.0, 1.0)).total_cost(), 0.0);
    }

    #[test]
    fn a_budget_drops_the_oldest_whole_turns() {
        // Budget 600: 161 + t × 208 ≤ 600 → t = 2.
        assert_eq!(budget_input(&shape(5), 5, 600.0), 161.0 + 2.0 * 208.0);
        assert_eq!(
            budget_input(&shape(5), 2, 600.0),
            161.0 + 208.0,
            "only one earlier turn"
        );
        // A budget below the turn's own part still sends the turn itself.
        assert_eq!(budget_input(&shape(5), 5, 10.0), 161.0);
    }

    #[test]
    fn a_summary_replaces_older_messages_and_costs_its_rebuilds() {
        // Window of 2 messages, summary of 80 tokens rebuilt every 2 turns, 5 turns.
        let settings = SummarySettings {
            window_messages: 2,
            summary_tokens: 80.0,
            every_turns: 2,
        };
        let run = summary_window(&shape(5), &model(1.0, 1.0), &settings, &model(0.5, 1.0));
        // Turn 2 has 2 earlier messages (they fit the window): no summary. Turn 3 has 4:
        // u2 and a2 are kept (54 + 154), the older two are summarized (80 + 4).
        assert_eq!(run.inputs[1], window_input(&shape(5), 2, 2));
        assert_eq!(run.inputs[2], 161.0 + 154.0 + 54.0 + 84.0);
        // Rebuilds before turns 3 and 5: the first reads 2 turns (416) + priming 3; the
        // second the summary (84), 2 turns and priming: 503. At $0.5/$1 per M with 80
        // output tokens each.
        assert_eq!(run.summary_calls, 2);
        let expected = (419.0 * 0.5 + 80.0) / 1e6 + (503.0 * 0.5 + 80.0) / 1e6;
        assert!(
            (run.summary_cost - expected).abs() < 1e-15,
            "{}",
            run.summary_cost
        );
        // A summary larger than what it replaces costs more than the window alone.
        let big = SummarySettings {
            summary_tokens: 5_000.0,
            ..settings
        };
        let with_big = summary_window(&shape(5), &model(1.0, 1.0), &big, &model(0.5, 1.0));
        assert!(
            with_big.total_input() > sliding_window(&shape(5), &model(1.0, 1.0), 2).total_input()
        );
    }

    #[test]
    fn savings_months_and_chart_text() {
        let m = model(1.0, 2.0);
        let full = full_history(&shape(3), &m);
        let window = sliding_window(&shape(3), &m, 2);
        // Full: (1,107 × $1 + 450 × $2) / M = $0.002007; window: inputs 161, 369, 369 =
        // 899 → $0.001799; saving 1 − 1,799 / 2,007.
        assert!((window.saving_against(&full).unwrap() - (1.0 - 1_799.0 / 2_007.0)).abs() < 1e-12);
        assert!((full.monthly_cost(1_000.0) - 2.007).abs() < 1e-12);
        let free = full_history(&shape(3), &model(0.0, 0.0));
        assert_eq!(free.saving_against(&free), None);
        let chart = per_turn_chart(
            &["Full", "Window"],
            &[full.clone(), window.clone()],
            PerTurn::Input,
            Some(3),
        );
        assert_eq!(chart.series[1].values, vec![161.0, 369.0, 369.0]);
        assert_eq!(chart.markers.len(), 1);
        assert!(per_turn_chart(
            &["Full"],
            std::slice::from_ref(&full),
            PerTurn::Cost,
            Some(3)
        )
        .markers
        .is_empty());
        assert_eq!(
            describe_per_turn(&["Full", "Window"], &[full, window], PerTurn::Input, Some(3)),
            "Input tokens per turn over 3 turns. Full: 577 tokens at the last turn; Window: 369 tokens at the last turn. Full history exceeds the model's context window at turn 3."
        );
    }

    #[test]
    fn the_overflow_turn_is_the_first_over_the_window() {
        // 161 + (k − 1) × 208 > 1,000 → k − 1 ≥ 5 (1,201) → turn 6.
        assert_eq!(overflow_turn(&shape(10), 1_000), Some(6));
        assert_eq!(overflow_turn(&shape(5), 1_000), None);
    }
}
