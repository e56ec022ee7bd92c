//! The rewrite rules: the article's families (filler words, verbose phrases, whitespace,
//! abbreviations), low-information sentences, and the user's own find/replace rules.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

/// How hard to compress. Each level includes the rules of the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// One rewrite rule: every match of `find` (outside protected spans) becomes `replace`,
/// except a match in which a group named `keep` takes part, which is left as it is.
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

fn rule(
    id: &str,
    family: Family,
    level: Level,
    pattern: &str,
    replace: &str,
    describe: &str,
) -> Option<Rule> {
    Some(Rule {
        id: id.to_owned(),
        family,
        level,
        find: Regex::new(pattern).ok()?,
        replace: replace.to_owned(),
        describe: describe.to_owned(),
    })
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

/// Verbose phrases and their short forms.
const VERBOSE: [(&str, &str); 24] = [
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
];

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

/// Pleasantries and similar sentences, dropped whole (aggressive only).
const LOW_INFORMATION: &str = r"(?im)(^|[.!?][ \t]+)(?:thank you|thanks|i hope this helps|feel free to|let me know if|have a (?:great|nice|good) day|good luck|i appreciate)[^.!?\n]*[.!?]";

/// The built-in rules, in the order they are tried. They are compiled once, on first use:
/// compiling their 47 expressions takes far longer than running them on a prompt, and
/// [`super::compress`] runs on every edit.
pub fn builtin_rules() -> &'static [Rule] {
    static RULES: LazyLock<Vec<Rule>> = LazyLock::new(compile_builtin_rules);
    &RULES
}

fn compile_builtin_rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    rules.extend(rule(
        "spaces",
        Family::Whitespace,
        Level::Light,
        r"[ \t]{2,}",
        " ",
        "runs of spaces → one space",
    ));
    rules.extend(rule(
        "trailing-space",
        Family::Whitespace,
        Level::Light,
        r"[ \t]+(\r?\n)",
        "$1",
        "spaces before a line break → none",
    ));
    rules.extend(rule(
        "blank-lines",
        Family::Whitespace,
        Level::Light,
        r"(\r?\n)[ \t]*(?:\r?\n[ \t]*){2,}",
        "$1$1",
        "three or more line breaks → a blank line",
    ));
    for filler in FILLERS {
        // "very much", "the very first": a match whose `keep` group takes part is left.
        let keep = if filler == "very" {
            r"(?P<keep>[ \t]+(?:much|many|well|few|little|first|last|same|best|end|beginning)\b)?"
        } else {
            ""
        };
        rules.extend(rule(
            &format!("filler-{filler}"),
            Family::Filler,
            Level::Light,
            &format!(r"(?i)\b{filler}\b{keep}[ \t]*,?[ \t]*"),
            "",
            &format!("“{filler}” → (removed)"),
        ));
    }
    for (long, short) in VERBOSE {
        let id = format!("verbose-{}", long.replace(' ', "-"));
        let pattern = if short.is_empty() {
            format!(r"(?i)\b{}\b[ \t]*,?[ \t]*", regex::escape(long))
        } else {
            format!(r"(?i)\b{}\b", regex::escape(long))
        };
        let shown = if short.is_empty() { "(removed)" } else { short };
        rules.extend(rule(
            &id,
            Family::Verbose,
            Level::Balanced,
            &pattern,
            short,
            &format!("“{long}” → {shown}"),
        ));
    }
    for (long, short) in ABBREVIATIONS {
        let id = format!("abbr-{}", long.replace(' ', "-"));
        rules.extend(rule(
            &id,
            Family::Abbreviation,
            Level::Aggressive,
            &format!(r"(?i)\b{}\b", regex::escape(long)),
            short,
            &format!("“{long}” → {short}"),
        ));
    }
    rules.extend(rule(
        "sentence-pleasantries",
        Family::Sentence,
        Level::Aggressive,
        LOW_INFORMATION,
        "$1",
        "pleasantries (“Thank you…”, “Feel free to…”) → dropped",
    ));
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
