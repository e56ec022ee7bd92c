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
//! reduction, rules stop as soon as it is reached ([`Compressed::target_missed`] says
//! when every rule was tried and it was not). A rule that deletes must leave a sentence:
//! each rule has an [`Anchor`] saying where in a sentence it may rewrite, and the loop
//! tidies the join around a deletion (see `rewrite`).

pub mod diff;
pub mod protect;
pub mod rules;

use std::collections::BTreeSet;

use protect::{protected_spans, Protected};
use rules::{Anchor, Family, Level, Rule};

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
    /// A target reduction was set and not reached: (before − after) / before < target
    /// after every rule of the level was tried (an empty text reaches no target).
    pub target_missed: bool,
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
    let target_missed = options.target.is_some() && !reached(tokens);
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
        target_missed,
    }
}

/// A rule applied to every free segment.
struct Rewrite {
    segments: Vec<Segment>,
    rewrites: usize,
    refused: usize,
}

/// Punctuation that ends a clause: a deletion just before it leaves no space or comma.
const CLAUSE_END: [char; 7] = ['.', '!', '?', ',', ';', ':', ')'];

/// Applies `rule`; `None` when nothing matches where the rule's [`Anchor`] allows it.
///
/// Each match is first checked where it stands: a match that its anchor does not allow,
/// or a deletion that would leave a sentence without words (“Really?” → “?”) or split a
/// word (“very-high” → “-high”), is left. A kept deletion is then joined up with the text
/// around it:
/// - before `.` `!` `?` `,` `;` `:` `)` (or the end of a line or of the text) no space is
///   left, nor a comma (“Reply in English, please.” → “Reply in English.”);
/// - a parenthetical between commas goes with its first comma (“He said, basically,
///   that” → “He said that”);
/// - no double space is left where the deletion was;
/// - at a sentence start the next word is capitalised when the deleted text was, or when
///   the sentence follows `.`, `!`, `?` or starts the text (“basically, do it.” → “Do
///   it.”); after a colon or a list marker the writer's case is kept.
///
/// A replacement at a sentence start is capitalised the same way, and one that ends with a
/// period is not followed by a second one (“and so on.” → “etc.”).
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
    for (index, segment) in segments.iter().enumerate() {
        if segment.protected {
            previous_char = segment.text.trim_end().chars().last().or(previous_char);
            out.push(segment.clone());
            continue;
        }
        let ends_text = index + 1 == segments.len();
        let text = &segment.text;
        // The rule also sees the start of the protected text that follows, so that a
        // phrase to keep can reach into it (“just 2 bits”: the 2 is protected); nothing
        // in it is rewritten.
        let context = segments
            .get(index + 1)
            .filter(|next| next.protected)
            .map_or("", |next| head(&next.text, CONTEXT_BYTES));
        let haystack = format!("{text}{context}");
        let mut result = String::with_capacity(text.len());
        let mut at = 0;
        let mut capitalise_next = false;
        for captures in rule.find.captures_iter(&haystack) {
            let Some(found) = captures.get(0) else {
                continue;
            };
            if captures.name("keep").is_some() || found.end() > text.len() {
                continue;
            }
            let prefix = &text[..found.start()];
            let rest = &haystack[found.end()..];
            let sentence_start = starts_sentence(prefix, previous_char);
            let allowed = match rule.anchor {
                Anchor::Anywhere => true,
                Anchor::Clause => starts_clause(prefix, previous_char),
                Anchor::Sentence => sentence_start,
                Anchor::InsideSentence => !sentence_start,
            };
            let mut replacement = String::new();
            captures.expand(&rule.replace, &mut replacement);
            let deletion = replacement.trim().is_empty();
            let after = rest.trim_start_matches([' ', '\t']);
            if !allowed
                || (deletion
                    && (splits_word(found.as_str(), rest)
                        || (sentence_start && after.starts_with(CLAUSE_END))))
            {
                continue;
            }
            push_with_case(&mut result, &text[at..found.start()], &mut capitalise_next);
            at = found.end();
            if guard && loses_meaning(found.as_str(), &replacement, sentence_start) {
                refused += 1;
                push_with_case(&mut result, found.as_str(), &mut capitalise_next);
                continue;
            }
            rewrites += 1;
            let capital = sentence_start
                && (found.as_str().starts_with(char::is_uppercase)
                    || opens_sentence(prefix, previous_char));
            if deletion {
                result.push_str(&replacement);
                if capital {
                    capitalise_next = true;
                }
                if after.starts_with(CLAUSE_END) || (after.is_empty() && ends_text) {
                    trim_end_spaces(&mut result);
                    if result.ends_with(',') && (after.starts_with(CLAUSE_END) || after.is_empty())
                    {
                        result.pop();
                    }
                    at += rest.len() - after.len();
                } else if after.starts_with(['\n', '\r']) {
                    trim_end_spaces(&mut result);
                } else if found.as_str().trim_end().ends_with(',')
                    && result.trim_end().ends_with(',')
                {
                    trim_end_spaces(&mut result);
                    result.pop();
                    result.push(' ');
                    at += rest.len() - after.len();
                } else if result.is_empty() || result.ends_with(char::is_whitespace) {
                    at += rest.len() - after.len();
                }
            } else {
                push_with_case(&mut result, &replacement, &mut (capital || capitalise_next));
                capitalise_next = false;
                if replacement.ends_with('.') && rest.starts_with('.') {
                    at += 1;
                }
            }
        }
        push_with_case(
            &mut result,
            &text[at.min(text.len())..],
            &mut capitalise_next,
        );
        previous_char = result.trim_end().chars().last().or(previous_char);
        out.push(Segment {
            text: result,
            protected: false,
        });
    }
    (rewrites + refused > 0).then_some(Rewrite {
        segments: out,
        rewrites,
        refused,
    })
}

/// How much of the protected text after a free segment its rules see.
const CONTEXT_BYTES: usize = 32;

/// The first `bytes` bytes of `text`, or fewer to end on a character boundary.
fn head(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Removes the spaces and tabs at the end of `text`.
fn trim_end_spaces(text: &mut String) {
    let kept = text.trim_end_matches([' ', '\t']).len();
    text.truncate(kept);
}

/// Whether deleting `found` would leave half a word: it ends with a letter or digit and
/// `rest` goes on with a hyphen, slash, underscore or apostrophe (“very-high”).
fn splits_word(found: &str, rest: &str) -> bool {
    found.ends_with(char::is_alphanumeric) && rest.starts_with(['-', '/', '_', '\'', '’'])
}

/// Whether a match after `prefix` starts a sentence: after `.`, `!`, `?`, `:`, at the
/// start of the text or of a line, or after a list marker such as `- `, `* ` or `2. `.
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

/// Whether a sentence starts at the end of `prefix` in the full sense: at the start of the
/// text or after `.`, `!` or `?` (not after a colon, a line break or a list marker, where
/// writers may go on in lower case).
fn opens_sentence(prefix: &str, previous: Option<char>) -> bool {
    let last = if prefix.contains('\n') {
        prefix.trim_end().chars().last()
    } else {
        prefix.trim_end().chars().last().or(previous)
    };
    match last {
        None => !prefix.contains('\n'),
        Some(c) => matches!(c, '.' | '!' | '?'),
    }
}

/// Words that open a clause where they follow a clause boundary: “…, and I want you to
/// check” is “…, and check” without the lead-in.
const CLAUSE_OPENERS: [&str; 12] = [
    "and", "but", "so", "or", "yet", "then", "also", "now", "next", "first", "finally", "second",
];

/// Whether a match after `prefix` starts a clause: it starts a sentence, follows `;`,
/// `,`, `(` or a dash, or follows one of [`CLAUSE_OPENERS`] that itself comes at a
/// sentence start or after one of those marks.
fn starts_clause(prefix: &str, previous: Option<char>) -> bool {
    let boundary = |prefix: &str| {
        starts_sentence(prefix, previous)
            || matches!(
                prefix.trim_end().chars().last().or(previous),
                Some(';' | ',' | '(' | '—' | '–')
            )
    };
    if boundary(prefix) {
        return true;
    }
    let trimmed = prefix.trim_end();
    if trimmed.len() == prefix.len() {
        // The match is glued to the word before it.
        return false;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(index, c)| index + c.len_utf8());
    let word = trimmed[word_start..].to_lowercase();
    CLAUSE_OPENERS.contains(&word.as_str()) && boundary(&trimmed[..word_start])
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
/// capitalised name (a capitalised word that does not start a sentence, other than “I”).
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
            // “I” is capitalised everywhere; it is not a name.
            let name = word.chars().next().is_some_and(char::is_uppercase)
                && !(index == 0 && sentence_start)
                && word != "I"
                && !word.starts_with("I'");
            (negation || number || name) && !kept.contains(&lower)
        })
}

#[cfg(test)]
mod tests;
