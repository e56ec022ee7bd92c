//! Prompt compression whose savings are measured with the real tokenizer.
//!
//! Owns: the rules, the protected spans and the rewrite loop. The caller hands in a token
//! counter (the encoding's exact `count`), so a rewrite is kept **only if the whole text's
//! token count goes down**; rules that match but save nothing are reported as skipped.
//! Must not know: the DOM, storage or which encoding the user chose.
//!
//! The loop: the text is cut into free and protected segments (see `protect`); rules run
//! in order on the free segments only, each on the result of the ones before it, and the
//! whole list is run again until a pass keeps nothing (at most 5 passes), so compressing
//! a result again at the same level changes nothing. At light and balanced the **meaning
//! guard** refuses a match that would remove a negation, a number or a capitalised name;
//! at aggressive it is off, and the page says that meaning can change. With a target
//! reduction, rules stop as soon as it is reached.

pub mod diff;
pub mod protect;
pub mod rules;

use std::collections::BTreeSet;

use protect::{protected_spans, Protected};
use rules::{Family, Level, Rule};

/// Most passes over the rule list.
const MAX_PASSES: usize = 5;

/// Words whose removal would flip an instruction.
const NEGATIONS: [&str; 17] = [
    "not",
    "no",
    "never",
    "none",
    "nor",
    "nothing",
    "nobody",
    "neither",
    "without",
    "cannot",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "can't",
    "isn't",
    "shouldn't",
];

/// How to compress.
#[derive(Clone, Debug)]
pub struct Options {
    /// The level.
    pub level: Level,
    /// Stop once the tokens are down by this fraction (0.3 = 30%).
    pub target: Option<f64>,
    /// Ids of the built-in rules switched off.
    pub disabled: BTreeSet<String>,
    /// The user's own rules, already compiled; they run at every level, after the others.
    pub custom: Vec<Rule>,
}

/// What became of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleStatus {
    /// Kept: it lowered the token count.
    Applied,
    /// Nothing in the free text matches it.
    NoMatch,
    /// It matched, but the rewrite did not lower the token count (by how many tokens it
    /// would have raised it; 0 when it saved nothing).
    SavedNothing(usize),
    /// Every match was refused by the meaning guard.
    Guarded,
    /// Switched off by the user.
    Disabled,
    /// Above the chosen level.
    AboveLevel,
    /// Not tried: the target was reached first.
    TargetReached,
}

/// One rule's line in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleOutcome {
    /// The rule's id.
    pub id: String,
    /// Its family.
    pub family: Family,
    /// What it does.
    pub describe: String,
    /// What became of it.
    pub status: RuleStatus,
    /// Matches rewritten.
    pub rewrites: usize,
    /// Matches the meaning guard refused.
    pub refused: usize,
    /// Tokens it saved.
    pub saved: usize,
}

/// The result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compressed {
    /// The compressed text.
    pub text: String,
    /// Tokens before.
    pub before: usize,
    /// Tokens after (never more than before).
    pub after: usize,
    /// Every rule, built-in then custom, in the order tried.
    pub rules: Vec<RuleOutcome>,
    /// How many protected spans of each kind the text has.
    pub protected: Vec<(Protected, usize)>,
}

impl Compressed {
    /// Tokens saved.
    pub fn saved(&self) -> usize {
        self.before - self.after
    }

    /// Saved / before, or 0 for an empty text.
    pub fn reduction(&self) -> f64 {
        if self.before == 0 {
            0.0
        } else {
            self.saved() as f64 / self.before as f64
        }
    }
}

/// A piece of the text: free to rewrite, or protected.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment {
    text: String,
    protected: bool,
}

fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for span in protected_spans(text) {
        if span.start > at {
            out.push(Segment {
                text: text[at..span.start].to_owned(),
                protected: false,
            });
        }
        out.push(Segment {
            text: text[span.start..span.end].to_owned(),
            protected: true,
        });
        at = span.end;
    }
    if at < text.len() {
        out.push(Segment {
            text: text[at..].to_owned(),
            protected: false,
        });
    }
    out
}

fn join(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|segment| segment.text.as_str())
        .collect()
}

/// Compresses `text` with `options`, counting tokens with `count`.
pub fn compress(text: &str, options: &Options, count: &dyn Fn(&str) -> usize) -> Compressed {
    let mut current = segments(text);
    let mut protected: Vec<(Protected, usize)> = Vec::new();
    for span in protected_spans(text) {
        match protected.iter_mut().find(|(kind, _)| *kind == span.kind) {
            Some((_, total)) => *total += 1,
            None => protected.push((span.kind, 1)),
        }
    }
    let builtin = rules::builtin_rules();
    let all: Vec<&Rule> = builtin.iter().chain(options.custom.iter()).collect();
    let mut outcomes: Vec<RuleOutcome> = all
        .iter()
        .map(|rule| RuleOutcome {
            id: rule.id.clone(),
            family: rule.family,
            describe: rule.describe.clone(),
            status: if options.disabled.contains(&rule.id) {
                RuleStatus::Disabled
            } else if rule.level > options.level {
                RuleStatus::AboveLevel
            } else {
                RuleStatus::NoMatch
            },
            rewrites: 0,
            refused: 0,
            saved: 0,
        })
        .collect();
    let before = count(text);
    let mut tokens = before;
    let guard = options.level < Level::Aggressive;
    let reached = |tokens: usize| {
        options
            .target
            .is_some_and(|target| before > 0 && (before - tokens) as f64 / before as f64 >= target)
    };

    'passes: for _ in 0..MAX_PASSES {
        let mut kept_any = false;
        for (rule, outcome) in all.iter().zip(outcomes.iter_mut()) {
            if matches!(
                outcome.status,
                RuleStatus::Disabled | RuleStatus::AboveLevel
            ) {
                continue;
            }
            if reached(tokens) {
                break 'passes;
            }
            let Some(rewrite) = rewrite(&current, rule, guard) else {
                continue;
            };
            outcome.refused = outcome.refused.max(rewrite.refused);
            if rewrite.rewrites == 0 {
                if outcome.status != RuleStatus::Applied {
                    outcome.status = RuleStatus::Guarded;
                }
                continue;
            }
            let candidate_tokens = count(&join(&rewrite.segments));
            if candidate_tokens < tokens {
                outcome.status = RuleStatus::Applied;
                outcome.rewrites += rewrite.rewrites;
                outcome.saved += tokens - candidate_tokens;
                tokens = candidate_tokens;
                current = rewrite.segments;
                kept_any = true;
            } else if outcome.status != RuleStatus::Applied {
                outcome.status = RuleStatus::SavedNothing(candidate_tokens - tokens);
            }
        }
        if !kept_any {
            break;
        }
    }
    if reached(tokens) {
        for outcome in &mut outcomes {
            if matches!(outcome.status, RuleStatus::NoMatch) {
                outcome.status = RuleStatus::TargetReached;
            }
        }
    }
    Compressed {
        text: join(&current),
        before,
        after: tokens,
        rules: outcomes,
        protected,
    }
}

/// A rule applied to every free segment.
struct Rewrite {
    segments: Vec<Segment>,
    rewrites: usize,
    refused: usize,
}

/// Applies `rule`; `None` when nothing matches.
fn rewrite(segments: &[Segment], rule: &Rule, guard: bool) -> Option<Rewrite> {
    if !segments
        .iter()
        .any(|segment| !segment.protected && rule.find.is_match(&segment.text))
    {
        return None;
    }
    let mut out = Vec::with_capacity(segments.len());
    let mut rewrites = 0;
    let mut refused = 0;
    let mut previous_char: Option<char> = None;
    for segment in segments {
        if segment.protected {
            previous_char = segment.text.trim_end().chars().last().or(previous_char);
            out.push(segment.clone());
            continue;
        }
        let text = &segment.text;
        let mut result = String::with_capacity(text.len());
        let mut at = 0;
        let mut capitalise_next = false;
        for captures in rule.find.captures_iter(text) {
            let Some(found) = captures.get(0) else {
                continue;
            };
            if captures.name("keep").is_some() {
                continue;
            }
            push_with_case(&mut result, &text[at..found.start()], &mut capitalise_next);
            let mut replacement = String::new();
            captures.expand(&rule.replace, &mut replacement);
            let sentence_start = starts_sentence(&text[..found.start()], previous_char);
            if guard && loses_meaning(found.as_str(), &replacement, sentence_start) {
                refused += 1;
                push_with_case(&mut result, found.as_str(), &mut capitalise_next);
            } else {
                rewrites += 1;
                let capitalised = found
                    .as_str()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                if capitalised && sentence_start {
                    if replacement.trim().is_empty() {
                        result.push_str(&replacement);
                        capitalise_next = true;
                    } else {
                        push_with_case(&mut result, &replacement, &mut true);
                    }
                } else {
                    push_with_case(&mut result, &replacement, &mut capitalise_next);
                }
            }
            at = found.end();
        }
        push_with_case(&mut result, &text[at..], &mut capitalise_next);
        previous_char = result.trim_end().chars().last().or(previous_char);
        out.push(Segment {
            text: result,
            protected: false,
        });
    }
    Some(Rewrite {
        segments: out,
        rewrites,
        refused,
    })
}

/// Whether a match after `prefix` (the text before it in its segment; `previous` is the
/// last visible character of the segments before) starts a sentence: after `.`, `!`,
/// `?`, `:`, at the start of the text or of a line, or after a list marker such as `- `,
/// `* ` or `2. `.
fn starts_sentence(prefix: &str, previous: Option<char>) -> bool {
    let line = prefix.rsplit('\n').next().unwrap_or(prefix);
    let is_marker = |c: char| {
        c.is_whitespace()
            || c.is_ascii_digit()
            || matches!(c, '-' | '*' | '•' | '.' | ')' | '#' | '>')
    };
    if prefix.contains('\n') && line.chars().all(is_marker) {
        return true;
    }
    match prefix.trim_end().chars().last().or(previous) {
        None => true,
        Some('.' | '!' | '?' | '\n' | ':') => true,
        // A list marker at the very start of the text.
        Some(_) => !prefix.is_empty() && previous.is_none() && prefix.chars().all(is_marker),
    }
}

/// Appends `text`, upper-casing its first letter if `capitalise` is set (then clearing it).
fn push_with_case(out: &mut String, text: &str, capitalise: &mut bool) {
    if !*capitalise {
        out.push_str(text);
        return;
    }
    let mut chars = text.char_indices();
    for (index, c) in chars.by_ref() {
        if c.is_alphabetic() {
            out.extend(c.to_uppercase());
            out.push_str(&text[index + c.len_utf8()..]);
            *capitalise = false;
            return;
        }
        out.push(c);
        if !c.is_whitespace() {
            // Something else starts the sentence (a quote, a digit): leave it.
            *capitalise = false;
            out.push_str(&text[index + c.len_utf8()..]);
            return;
        }
    }
}

/// Whether replacing `removed` by `replacement` drops a negation, a number or a
/// capitalised name (a capitalised word that does not start a sentence).
fn loses_meaning(removed: &str, replacement: &str, sentence_start: bool) -> bool {
    let kept: Vec<String> = replacement
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(str::to_lowercase)
        .collect();
    removed
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .enumerate()
        .any(|(index, word)| {
            let lower = word.to_lowercase();
            let negation = NEGATIONS.contains(&lower.as_str()) || lower.ends_with("n't");
            let number = word.chars().any(|c| c.is_ascii_digit());
            let name = word.chars().next().is_some_and(char::is_uppercase)
                && !(index == 0 && sentence_start);
            (negation || number || name) && !kept.contains(&lower)
        })
}

#[cfg(test)]
mod tests;
