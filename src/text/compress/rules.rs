//! The rewrite rules: the article's families (filler words, verbose phrases, whitespace,
//! abbreviations), low-information sentences, and the user's own find/replace rules.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

/// How hard to compress. Each level includes the rules of the ones before it. Serialized
/// as its slug (`"balanced"`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Whitespace and filler words.
    Light,
    /// Plus verbose phrases.
    Balanced,
    /// Plus abbreviations and dropping low-information sentences; this can change
    /// meaning, and the meaning guard is off.
    Aggressive,
}

impl Level {
    /// All levels.
    pub const ALL: [Level; 3] = [Level::Light, Level::Balanced, Level::Aggressive];

    /// The value in `compress-level`.
    pub fn slug(self) -> &'static str {
        match self {
            Level::Light => "light",
            Level::Balanced => "balanced",
            Level::Aggressive => "aggressive",
        }
    }

    /// The level named `slug`.
    pub fn from_slug(slug: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.slug() == slug)
    }
}

/// A family of rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Runs of spaces, trailing spaces, blank lines.
    Whitespace,
    /// Words that carry no instruction.
    Filler,
    /// Long phrases with short equivalents.
    Verbose,
    /// Common abbreviations.
    Abbreviation,
    /// Pleasantries and other sentences a model does not need.
    Sentence,
    /// The user's own.
    Custom,
}

impl Family {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Family::Whitespace => "whitespace",
            Family::Filler => "filler word",
            Family::Verbose => "verbose phrase",
            Family::Abbreviation => "abbreviation",
            Family::Sentence => "low-information sentence",
            Family::Custom => "custom",
        }
    }
}

/// Where in a sentence a rule may rewrite, judged on the text before a match (see
/// `starts_sentence` and `starts_clause` in the parent module).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Anywhere (single words, phrases with an equivalent, the user's own rules).
    Anywhere,
    /// Only where a clause starts: at a sentence start, after `;`, `,`, `(` or a dash, or
    /// after a word that opens a clause (“and”, “but”, “then”…) in one of those places.
    /// Deleting a lead-in such as “I would like you to” there leaves a clause (“…, and
    /// check the logs”); inside a clause (“what I would like you to do is”) it would not.
    Clause,
    /// Only where a sentence starts (a whole sentence dropped).
    Sentence,
    /// Anywhere but at a sentence start: “e.g.” and “i.e.” do not open a sentence.
    InsideSentence,
}

/// One rewrite rule: every match of `find` (outside protected spans) becomes `replace`,
/// except a match in which a group named `keep` takes part, which is left as it is, and a
/// match where `anchor` does not allow it.
#[derive(Clone, Debug)]
pub struct Rule {
    /// A stable id (`compress-rule-<id>` is its checkbox).
    pub id: String,
    /// Its family.
    pub family: Family,
    /// The lowest level it runs at.
    pub level: Level,
    /// What it finds.
    pub find: Regex,
    /// What a match becomes (`$1` etc. refer to groups).
    pub replace: String,
    /// Where a match may be rewritten.
    pub anchor: Anchor,
    /// Shown in the rules table: "please →", "in order to → to".
    pub describe: String,
}

/// Why a custom rule is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError(pub String);

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A user's find/replace rule, as they typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomRule {
    /// Text or regular expression to find.
    pub find: String,
    /// What to put instead.
    pub replace: String,
    /// `find` is a regular expression (otherwise plain text, matched case-insensitively
    /// at word boundaries where it starts and ends with a letter or digit).
    pub regex: bool,
}

impl CustomRule {
    /// The rule, or what is wrong with it.
    pub fn compile(&self, index: usize) -> Result<Rule, RuleError> {
        if self.find.is_empty() {
            return Err(RuleError("The text to find is empty.".into()));
        }
        if self.find.len() > 1_000 {
            return Err(RuleError(
                "The text to find is longer than 1,000 characters.".into(),
            ));
        }
        let pattern = if self.regex {
            self.find.clone()
        } else {
            word_pattern(&self.find)
        };
        let find = compile_pattern(&pattern)
            .map_err(|error| RuleError(format!("Not a valid regular expression: {error}")))?;
        if find.is_match("") {
            return Err(RuleError(
                "The expression matches empty text, which would change nothing useful.".into(),
            ));
        }
        let replace = if self.regex {
            self.replace.clone()
        } else {
            self.replace.replace('$', "$$")
        };
        Ok(Rule {
            id: format!("custom-{index}"),
            family: Family::Custom,
            level: Level::Light,
            find,
            replace,
            anchor: Anchor::Anywhere,
            describe: format!("{} → {}", self.find, self.replace),
        })
    }
}

/// Most compiled custom patterns kept: more than the 200 custom rules a settings file may
/// hold, so that a full set is compiled once, not on every edit of the prompt.
const MAX_CACHED_PATTERNS: usize = 256;

/// `pattern` compiled (at most 1 MiB of compiled program), or the regex crate's reason in
/// one line. Results are kept by pattern text: the Compress view compiles every custom rule
/// again on each edit, and compiling costs far more than matching a prompt. When the cache
/// is full it is emptied, which bounds its memory by [`MAX_CACHED_PATTERNS`] programs.
fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    static CACHE: LazyLock<Mutex<HashMap<String, Result<Regex, String>>>> =
        LazyLock::new(Mutex::default);
    if let Some(hit) = CACHE
        .lock()
        .ok()
        .and_then(|cache| cache.get(pattern).cloned())
    {
        return hit;
    }
    let compiled = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|error| first_line(&error.to_string()).to_owned());
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= MAX_CACHED_PATTERNS {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), compiled.clone());
    }
    compiled
}

fn first_line(text: &str) -> &str {
    text.lines()
        .rfind(|line| line.trim_start().starts_with("error:"))
        .unwrap_or(text)
        .trim()
}

/// `(?i)\bphrase\b` for plain text, with the boundaries only where they make sense.
fn word_pattern(phrase: &str) -> String {
    let escaped = regex::escape(phrase);
    let starts = phrase.chars().next().is_some_and(char::is_alphanumeric);
    let ends = phrase.chars().last().is_some_and(char::is_alphanumeric);
    format!(
        "(?i){}{}{}",
        if starts { r"\b" } else { "" },
        escaped,
        if ends { r"\b" } else { "" }
    )
}

/// A built-in rule: where it runs and what it finds.
struct Spec<'a> {
    id: &'a str,
    family: Family,
    level: Level,
    anchor: Anchor,
    pattern: &'a str,
    replace: &'a str,
    describe: &'a str,
}

fn rule(spec: Spec) -> Option<Rule> {
    Some(Rule {
        id: spec.id.to_owned(),
        family: spec.family,
        level: spec.level,
        find: Regex::new(spec.pattern).ok()?,
        replace: spec.replace.to_owned(),
        anchor: spec.anchor,
        describe: spec.describe.to_owned(),
    })
}

/// Phrases a filler word belongs to, which are left whole: after a negation (“not
/// really”, “isn't just”: dropping the word changes what is negated) and a few fixed
/// phrases (“if you please”, “very much”, “the very first”, “simply put”, “just 2”).
fn filler_keeps(filler: &str) -> Vec<String> {
    let mut keeps = Vec::new();
    if !matches!(filler, "please" | "kindly") {
        keeps.push(format!(r"(?:\bnot|n't|\bnever)[ \t]+{filler}\b"));
    }
    match filler {
        "please" => keeps.push(r"\b(?:if|as)[ \t]+(?:you|they|we)[ \t]+please\b".to_owned()),
        "very" => keeps.push(
            r"\bvery[ \t]+(?:much|many|well|few|little|first|last|same|best|end|beginning|top|bottom|least|next|moment|thing|idea|reason)\b"
                .to_owned(),
        ),
        "simply" => keeps.push(r"\bsimply[ \t]+put\b".to_owned()),
        // “just 2 bits” means “only 2 bits”.
        "just" => keeps.push(r"\bjust[ \t]+(?:\d|one\b|two\b|a few\b|a little\b)".to_owned()),
        _ => {}
    }
    keeps
}

/// The filler words of the article, removed with the space after them.
const FILLERS: [&str; 9] = [
    "please",
    "kindly",
    "very",
    "really",
    "just",
    "actually",
    "basically",
    "simply",
    "quite",
];

/// Verbose phrases and their short forms. An empty short form deletes the phrase, only
/// where a clause starts ([`Anchor::Clause`]).
const VERBOSE: [(&str, &str); 28] = [
    ("in order to", "to"),
    ("due to the fact that", "because"),
    ("owing to the fact that", "because"),
    ("in spite of the fact that", "although"),
    ("at this point in time", "now"),
    ("at the present time", "now"),
    ("in the event that", "if"),
    ("for the purpose of", "for"),
    ("with regard to", "about"),
    ("with respect to", "about"),
    ("in relation to", "about"),
    ("a large number of", "many"),
    ("the majority of", "most"),
    ("is able to", "can"),
    ("are able to", "can"),
    ("has the ability to", "can"),
    ("make sure that", "ensure"),
    ("prior to", "before"),
    ("subsequent to", "after"),
    ("in addition to", "besides"),
    ("it is important to note that", ""),
    ("please note that", ""),
    ("i would like you to", ""),
    ("i want you to", ""),
    ("i need you to", ""),
    // “What I would like you to do is (to) take a look” → “Take a look”.
    ("what i would like you to do is", ""),
    ("what i want you to do is", ""),
    ("what i need you to do is", ""),
];

/// Determiners after “the majority of” and “a large number of”: “the majority of the
/// users” becomes “most of the users”, not “most the users”.
const DETERMINERS: &str =
    "the|these|those|this|that|my|our|your|his|her|their|its|them|us|you|it|which|whom|all";

/// Verbs that take a singular subject: “the documentation is” stays (“the docs is” is
/// not English).
const SINGULAR_VERBS: &str = "is|was|has|does|says|shows|explains|describes|covers|contains|includes|lists|states|mentions|provides|needs|seems|makes|gives|tells|looks|reads|goes";

/// Abbreviations (aggressive only). Most single-word ones save nothing in current
/// encodings ("information" and "info" are one token each in o200k_base); they stay in
/// the list so that the report shows it, and are skipped by the token check.
const ABBREVIATIONS: [(&str, &str); 10] = [
    ("as soon as possible", "ASAP"),
    ("and so on", "etc."),
    ("et cetera", "etc."),
    ("that is to say", "i.e."),
    ("information", "info"),
    ("documentation", "docs"),
    ("configuration", "config"),
    ("approximately", "approx."),
    ("for example", "e.g."),
    ("versus", "vs"),
];

/// Pleasantries and similar sentences, dropped whole where a sentence starts (aggressive
/// only). “Thanks to caching, …” is a reason, not a pleasantry: it is kept.
const LOW_INFORMATION: &str = r"(?i)\b(?:thank you|thanks(?P<keep>[ \t]+to\b)?|i hope this helps|feel free to|let me know if|have a (?:great|nice|good) day|good luck|i appreciate)[^.!?\n]*[.!?]";

/// The built-in rules, in the order they are tried. They are compiled once, on first use:
/// compiling their expressions takes far longer than running them on a prompt, and
/// [`super::compress`] runs on every edit.
///
/// A deletion (a rule whose replacement is empty) must leave a sentence: filler words
/// are removed with the space and comma after them, except inside the phrases of
/// `filler_keeps`; verbose lead-ins only where a clause starts; pleasantries only as
/// whole sentences. The rewrite loop then tidies the join (see `rewrite` in the parent
/// module).
pub fn builtin_rules() -> &'static [Rule] {
    static RULES: LazyLock<Vec<Rule>> = LazyLock::new(compile_builtin_rules);
    &RULES
}

fn compile_builtin_rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    let whitespace = |id, pattern, replace, describe| Spec {
        id,
        family: Family::Whitespace,
        level: Level::Light,
        anchor: Anchor::Anywhere,
        pattern,
        replace,
        describe,
    };
    rules.extend(rule(whitespace(
        "spaces",
        r"[ \t]{2,}",
        " ",
        "runs of spaces → one space",
    )));
    rules.extend(rule(whitespace(
        "trailing-space",
        r"[ \t]+(\r?\n)",
        "$1",
        "spaces before a line break → none",
    )));
    rules.extend(rule(whitespace(
        "blank-lines",
        r"(\r?\n)[ \t]*(?:\r?\n[ \t]*){2,}",
        "$1$1",
        "three or more line breaks → a blank line",
    )));
    for filler in FILLERS {
        // A match in which `keep` takes part (“not really”, “very much”) is left.
        let pattern = format!(
            r"(?i)(?P<keep>{})|\b{filler}\b[ \t]*,?[ \t]*",
            filler_keeps(filler).join("|")
        );
        rules.extend(rule(Spec {
            id: &format!("filler-{filler}"),
            family: Family::Filler,
            level: Level::Light,
            anchor: Anchor::Anywhere,
            pattern: &pattern,
            replace: "",
            describe: &format!("“{filler}” → (removed)"),
        }));
    }
    for (long, short) in VERBOSE {
        let id = format!("verbose-{}", long.replace(' ', "-"));
        let (pattern, replace) = if short.is_empty() {
            // “What I would like you to do is to take a look”: the “to” goes too.
            let to = if long.starts_with("what ") {
                r"(?:[ \t]+to\b)?"
            } else {
                ""
            };
            (
                format!(r"(?i)\b{}\b{to}[ \t]*,?[ \t]*", regex::escape(long)),
                String::new(),
            )
        } else if let Some(head) = long.strip_suffix(" of").filter(|_| short != "for") {
            // “the majority of the users” → “most of the users”; “of users” → “users”.
            (
                format!(
                    r"(?i)\b{}(?:(?P<determiner>[ \t]+of[ \t]+(?:{DETERMINERS})\b)|[ \t]+of\b)",
                    regex::escape(head)
                ),
                format!("{short}${{determiner}}"),
            )
        } else {
            (
                format!(r"(?i)\b{}\b", regex::escape(long)),
                short.to_owned(),
            )
        };
        let shown = if short.is_empty() { "(removed)" } else { short };
        rules.extend(rule(Spec {
            id: &id,
            family: Family::Verbose,
            level: Level::Balanced,
            anchor: if short.is_empty() {
                Anchor::Clause
            } else {
                Anchor::Anywhere
            },
            pattern: &pattern,
            replace: &replace,
            describe: &format!("“{long}” → {shown}"),
        }));
    }
    for (long, short) in ABBREVIATIONS {
        let id = format!("abbr-{}", long.replace(' ', "-"));
        let pattern = if long == "documentation" {
            format!(r"(?i)\bdocumentation\b(?P<keep>[ \t]+(?:{SINGULAR_VERBS})\b)?")
        } else {
            format!(r"(?i)\b{}\b", regex::escape(long))
        };
        rules.extend(rule(Spec {
            id: &id,
            family: Family::Abbreviation,
            level: Level::Aggressive,
            // “e.g.” and “i.e.” do not start a sentence.
            anchor: if short.starts_with(char::is_lowercase) && short.ends_with('.') {
                Anchor::InsideSentence
            } else {
                Anchor::Anywhere
            },
            pattern: &pattern,
            replace: short,
            describe: &format!("“{long}” → {short}"),
        }));
    }
    rules.extend(rule(Spec {
        id: "sentence-pleasantries",
        family: Family::Sentence,
        level: Level::Aggressive,
        anchor: Anchor::Sentence,
        pattern: LOW_INFORMATION,
        replace: "",
        describe: "pleasantries (“Thank you…”, “Feel free to…”) → dropped",
    }));
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_compiles_with_a_unique_id() {
        let rules = builtin_rules();
        assert_eq!(
            rules.len(),
            3 + FILLERS.len() + VERBOSE.len() + ABBREVIATIONS.len() + 1
        );
        let mut ids: Vec<&str> = rules.iter().map(|rule| rule.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), rules.len());
    }

    #[test]
    fn builtin_rules_are_compiled_once() {
        // Regression: every call to `compress` compiled the 47 built-in expressions again,
        // which took almost all of its time (the custom_rule fuzz target reached 998
        // executions in 60 s).
        assert!(std::ptr::eq(
            builtin_rules().as_ptr(),
            builtin_rules().as_ptr()
        ));
    }

    #[test]
    fn a_cached_pattern_gives_the_same_rule_or_error() {
        // More patterns than the cache keeps, so that it is emptied on the way.
        for round in 0..2 {
            for n in 0..MAX_CACHED_PATTERNS + 10 {
                let rule = CustomRule {
                    find: format!("word{n}"),
                    replace: "w".into(),
                    regex: false,
                };
                let compiled = rule.compile(n).unwrap();
                assert!(
                    compiled.find.is_match(&format!("a Word{n}.")),
                    "round {round}"
                );
                assert!(
                    !compiled.find.is_match(&format!("word{n}x")),
                    "round {round}"
                );
            }
            let bad = CustomRule {
                find: "[z-a]".into(),
                replace: String::new(),
                regex: true,
            };
            assert_eq!(
                bad.compile(0).unwrap_err().0,
                "Not a valid regular expression: error: invalid character class range, the start must be <= the end"
            );
        }
    }

    #[test]
    fn custom_rules_are_checked() {
        let plain = CustomRule {
            find: "utilize".into(),
            replace: "use".into(),
            regex: false,
        };
        let compiled = plain.compile(0).unwrap();
        assert!(compiled.find.is_match("Utilize it"));
        assert!(!compiled.find.is_match("utilized"));
        let bad = CustomRule {
            find: "(unclosed".into(),
            replace: String::new(),
            regex: true,
        };
        assert!(bad
            .compile(1)
            .unwrap_err()
            .0
            .starts_with("Not a valid regular expression"));
        let empty = CustomRule {
            find: "a*".into(),
            replace: String::new(),
            regex: true,
        };
        assert!(empty.compile(2).unwrap_err().0.contains("empty text"));
        let dollars = CustomRule {
            find: "USD".into(),
            replace: "$".into(),
            regex: false,
        };
        assert_eq!(dollars.compile(3).unwrap().replace, "$$");
    }
}
