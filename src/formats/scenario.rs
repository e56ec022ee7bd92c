//! A projection scenario as the user typed it: the fields of the Projection view as raw
//! text, their defaults, the share-link query, the JSON file, saved scenarios, presets and
//! the one function that turns the text into a validated [`ScenarioConfig`].
//!
//! Every field has one name, used alike as its `data-testid`, its link parameter and its
//! key in JSON files (see [`FIELDS`]). A link writes `v=1` and then only the fields that
//! differ from the defaults of version 1, so `#/projection?v=1&calls-per-month=50000`
//! reads as what it means; if the defaults ever change, version 1 links keep version 1's.
//! Unknown parameters and broken values are reported, never silently dropped: a bad value
//! lands in its field, where the field's own message explains it.
//! Must not know: the DOM or Leptos.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::form::{capitalised, decimal, shorten, whole_number, FieldError};
use crate::models::projection::{
    Batch, CacheTtl, CallShape, Compression, ContextManagement, ContextStrategy, ImageInput, Lever,
    MixEntry, Overhead, Overheads, PromptCache, ResponseCache, RetryReduction, RouteTier, Routing,
    ScenarioConfig, Switch, TierRoute, TokenSource, Volume,
};
use crate::money::images::{Detail, ImageSize};

/// The version written into links and files. Version 2 (issue #18) changed the defaults to
/// the article's customer-support case at today's prices (see [`FIELDS`]); version 1's
/// defaults are kept, and a version-1 link, file or saved scenario is read on them, so it
/// means what it meant.
pub const VERSION: u64 = 2;
/// Every version this Burnrate reads: a link, a file or a saved scenario names one, and the
/// fields it does not give take that version's defaults. A link without `v` is version 1
/// (links were version 1 before there was another).
pub const VERSIONS: &[u64] = &[1, 2];
/// The version whose defaults the [`PRESETS`] are written on: they were written on
/// version 1's and keep their meaning.
pub const PRESETS_VERSION: u64 = 1;
/// The `format` of a scenario file.
pub const FORMAT: &str = "burnrate-scenario";
/// The `format` of the saved-scenarios entry in localStorage.
pub const SAVED_FORMAT: &str = "burnrate-scenarios";
/// The longest value a link or file may give a field.
const MAX_VALUE_CHARS: usize = 2_000;
/// The longest horizon, in months.
pub const MAX_HORIZON_MONTHS: u64 = 120;

/// What a field holds, and so how it is validated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A whole number of tokens or calls.
    Whole,
    /// A whole number, or `auto` (or empty) for a value the projection works out.
    WholeOrAuto,
    /// A percentage from `min` to `max`.
    Percent(f64, f64),
    /// Dollars, 0 or more.
    Dollars,
    /// A plain number from `min` to `max`.
    Number(f64, f64),
    /// One of the listed values.
    Choice(&'static [&'static str]),
    /// `on` or `off`.
    Toggle,
    /// A catalog model id.
    Model,
    /// A catalog model id, or empty for "keep the current model".
    ModelOrKeep,
    /// `id:percent` pairs separated by commas.
    Mix,
}

/// One field of the form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// Its name: testid, link parameter and JSON key.
    pub key: &'static str,
    /// Its label, as in messages ("calls per month").
    pub label: &'static str,
    /// Its default text in the current version, [`VERSION`].
    pub default: &'static str,
    /// Its default text in version 1, which `v=1` links, links without `v` and version-1
    /// files and saved scenarios are read on.
    pub default_v1: &'static str,
    /// How it is validated.
    pub kind: Kind,
}

const PERCENT: Kind = Kind::Percent(0.0, 100.0);
const FACTOR: Kind = Kind::Percent(0.0, 1_000.0);
const HOURS: Kind = Kind::Number(0.0, 100_000.0);

/// `key, label, version-1 default [=> version-2 default], kind;` per field; a row without
/// `=>` has the same default in both versions. The doc comments on the rows say where each
/// default comes from.
macro_rules! fields {
    ($($(#[$doc:meta])* $key:literal, $label:literal, $v1:literal $(=> $v2:literal)?, $kind:expr;)*) => {
        /// Every field of the Projection view, with its defaults in versions 2 and 1.
        pub const FIELDS: &[Field] = &[$(Field {
            key: $key,
            label: $label,
            default: latest!($v1 $(, $v2)?),
            default_v1: $v1,
            kind: $kind,
        }),*];
    };
}

/// The last of a row's defaults: version 2's when the row gives one, else version 1's.
macro_rules! latest {
    ($v1:literal) => {
        $v1
    };
    ($v1:literal, $v2:literal) => {
        $v2
    };
}

fields! {
    /// Version 2: the article's support case counts conversations (its case study: 6 turns each).
    "volume-mode", "volume given as", "calls" => "conversations", Kind::Choice(&["calls", "conversations"]);
    /// Version 2: the same traffic as 20,000 conversations × 6 turns, for when the volume is given as calls.
    "calls-per-month", "calls per month", "10000" => "120000", Kind::Whole;
    /// Version 2: 20,000 support conversations a month, the article's case study at month 3
    /// ("Volume: 20,000 conversations/month", after growing from 5,000).
    "conversations-per-month", "conversations per month", "2000" => "20000", Kind::Whole;
    /// Version 2: the article's case study, "Average conversation: 6 turns, 400 tokens per turn".
    "turns-per-conversation", "turns per conversation", "5" => "6", Kind::Whole;
    "input-mode", "tokens given as", "detail", Kind::Choice(&["detail", "bill"]);
    "monthly-spend", "last month's spend", "1000", Kind::Dollars;
    "io-ratio", "input tokens per output token", "3", Kind::Number(0.0, 100_000.0);
    /// Version 2: a support bot's instructions, policies and product facts. Above every
    /// provider's minimum cacheable prefix (`prompt_cache::TABLE`'s largest is 4,096 tokens)
    /// even after the default 10% compression (4,500 tokens), so provider prompt caching
    /// pays on any model. Entered, it replaces the repeated-system-prompt factor.
    "system-tokens", "system prompt tokens", "0" => "5000", Kind::Whole;
    /// Version 2: the article's 6 turns × 400 tokens: each call resends the earlier turns,
    /// on average (0 + 1 + … + 5) / 6 × 400 = 1,000 tokens. Entered, it replaces the
    /// context-reloading and multi-turn factors, so they are not counted twice.
    "history-tokens", "history tokens", "0" => "1000", Kind::Whole;
    /// Version 2: half of the article's 400-token turn (the Support chatbot preset's split).
    "user-tokens", "user message tokens", "500" => "200", Kind::Whole;
    "context-tokens", "retrieved context tokens", "0", Kind::Whole;
    /// Version 2: the other half of the article's 400-token turn.
    "output-tokens", "output tokens", "300" => "200", Kind::Whole;
    "reasoning-tokens", "reasoning tokens", "0", Kind::Whole;
    "tool-tokens", "tool-definition tokens", "0", Kind::Whole;
    "image-count", "images per call", "0", Kind::Number(0.0, 10_000.0);
    "image-width", "image width", "1024", Kind::Whole;
    "image-height", "image height", "1024", Kind::Whole;
    "image-detail", "image detail", "auto", Kind::Choice(&["auto", "low", "high"]);
    /// Version 2: GPT-5.6 Terra, OpenAI's current mid-size model ("Previewing GPT-5.6 Sol",
    /// 26 June 2026, openai.com/api/pricing): a support bot needs a capable model, not the
    /// flagship; its token counts are exact (o200k_base) and the catalog has every price the
    /// levers use (cached input, cache writes, batch, flex, priority).
    "projection-model", "model", "gpt-5-mini" => "gpt-5.6-terra", Kind::Model;
    "model-mix", "model mix", "", Kind::Mix;
    "growth-rate", "monthly growth", "5", Kind::Percent(-99.0, 1_000.0);
    "horizon-months", "horizon", "12", Kind::Whole;
    "overhead-context-reload", "context reloading", "40", FACTOR;
    /// Versions 1 and 2: the article's "+15% (API timeouts, errors)", its only source.
    "overhead-retries", "failed requests and retries", "15", FACTOR;
    /// Versions 1 and 2: the article's "+25% (ongoing refinements)", its only source.
    "overhead-dev-testing", "development and testing traffic", "25", FACTOR;
    "overhead-system-prompt", "repeated system prompts", "30", FACTOR;
    "overhead-multi-turn", "multi-turn accumulation", "50", FACTOR;
    "lever-cache", "response cache", "on", Kind::Toggle;
    /// Versions 1 and 2: 10% exact + 15% semantic (5% of those false) ≈ 24% of calls, a third
    /// of the article's "75% cache hit rate for common questions" (the article is the only
    /// source: a support bot's repeated questions are mostly first turns).
    "cache-exact-rate", "exact-match hit rate", "10", PERCENT;
    "cache-semantic-rate", "semantic hit rate", "15", PERCENT;
    "cache-false-hit-rate", "false-hit rate", "5", PERCENT;
    "cache-lookup-cost", "lookup cost per request", "0.00002", Kind::Dollars;
    "lever-context", "context-window management", "on", Kind::Toggle;
    "context-strategy", "strategy", "window", Kind::Choice(&["full", "window", "summary", "measured"]);
    /// Version 2: the article's case study cut history 60% with a sliding window; of 6 turns
    /// a window of 2 keeps Σ min(j, 2) / Σ j = 9 / 15 = 60% of it (cuts 40%), the nearer
    /// cautious setting (a window of 1 would cut 67%).
    "context-window-turns", "turns kept", "4" => "2", Kind::Whole;
    "context-summary-tokens", "summary tokens", "300", Kind::Whole;
    "context-history-tokens", "measured history tokens", "0", Kind::Whole;
    "context-turns", "turns per conversation", "6", Kind::Whole;
    "lever-compression", "prompt compression", "on", Kind::Toggle;
    /// Version 2: the Compress view measured 3–21% on users' own prompts (issue #18), not the
    /// article's 40%; 10% is a cautious middle. The lever points to Compress to measure yours.
    "compression-percent", "instruction tokens removed", "40" => "10", PERCENT;
    "lever-routing", "model routing", "on", Kind::Toggle;
    "routing-share-trivial", "trivial share", "20", PERCENT;
    /// Version 2: GPT-5.6 Luna, the small model of the main model's family (same provider,
    /// same prompt format). The shares (50% trivial + simple) are an assumption; the article's
    /// case study sent 70% to the small model, its only source.
    "routing-model-trivial", "trivial model", "gpt-5-nano" => "gpt-5.6-luna", Kind::ModelOrKeep;
    "routing-share-simple", "simple share", "30", PERCENT;
    /// Version 2: as the trivial tier.
    "routing-model-simple", "simple model", "gpt-5-nano" => "gpt-5.6-luna", Kind::ModelOrKeep;
    "routing-share-moderate", "moderate share", "25", PERCENT;
    "routing-model-moderate", "moderate model", "", Kind::ModelOrKeep;
    "routing-share-complex", "complex share", "15", PERCENT;
    "routing-model-complex", "complex model", "", Kind::ModelOrKeep;
    "routing-share-expert", "expert share", "10", PERCENT;
    "routing-model-expert", "expert model", "", Kind::ModelOrKeep;
    /// Versions 1 and 2: an assumption (no source gives a figure): 1 in 10 routed answers is
    /// judged too weak and sent again to the current model.
    "routing-escalation", "escalation rate", "10", PERCENT;
    "lever-prompt-cache", "provider prompt caching", "on", Kind::Toggle;
    /// Version 2: the system prompt, as measured before compression (history is not counted as
    /// cached). The discount is the catalog's cached-input price (OpenAI: cached input at a
    /// tenth of the input price, developers.openai.com/api/docs/guides/prompt-caching).
    "prompt-cache-prefix", "cacheable prefix tokens", "1500" => "5000", Kind::Whole;
    /// Versions 1 and 2: in a 6-turn conversation the 5 later turns follow the first within
    /// the 5-minute cache lifetime, so at least 5 / 6 = 83% of calls read the prefix; 80%
    /// leaves room for quiet hours (OpenAI and Anthropic keep a prefix 5 minutes after its
    /// last use, developers.openai.com/api/docs/guides/prompt-caching,
    /// platform.claude.com/docs/en/build-with-claude/prompt-caching).
    "prompt-cache-hit-rate", "calls that hit the cache", "80", PERCENT;
    "prompt-cache-min-prefix", "minimum prefix", "auto", Kind::WholeOrAuto;
    "prompt-cache-ttl", "cache lifetime (TTL)", "5m", Kind::Choice(&["5m", "1h"]);
    /// Off in both versions: a support bot's replies are live; the Batch API answers within 24 h.
    "lever-batch", "batch API", "off", Kind::Toggle;
    "batch-share", "traffic that can wait 24 h", "20", PERCENT;
    "tier-flex-share", "traffic sent with flex processing", "0", PERCENT;
    "tier-priority-share", "traffic sent with priority processing", "0", PERCENT;
    "lever-retries", "retry reduction", "on", Kind::Toggle;
    /// Versions 1 and 2: an assumption; the article names the fix ("retry logic with
    /// exponential backoff") but gives no figure.
    "retry-reduction", "retry overhead removed", "50", PERCENT;
    /// Effort hours, versions 1 and 2: the article's case study took 40 hours for the cache,
    /// routing, context and compression (these add up to 44); prompt caching is a prompt
    /// reordering (4), retries a backoff policy (4).
    "effort-cache", "response cache effort", "12", HOURS;
    "effort-context", "context management effort", "10", HOURS;
    "effort-compression", "compression effort", "6", HOURS;
    "effort-routing", "routing effort", "16", HOURS;
    "effort-prompt-cache", "prompt caching effort", "4", HOURS;
    "effort-batch", "batch effort", "8", HOURS;
    "effort-retries", "retry reduction effort", "4", HOURS;
    /// Version 2: a fully loaded engineer's hour: the US median software developer's wage is
    /// about $130,000 a year (BLS Occupational Outlook Handbook, ≈ $65 an hour), × 1.5 for
    /// benefits and overhead ≈ $100. Version 1 used the article's $8,000 / 40 hours = $200.
    "hourly-rate", "hourly rate", "200" => "100", Kind::Dollars;
}

/// Fields added to version 1 after its files were first written (issue #16: reasoning,
/// tools and images per call). A file or saved scenario writes them only when they differ
/// from their defaults, so a scenario that does not use them is written byte for byte as
/// before, and an older Burnrate reads it without reporting unknown settings. Links write
/// every field only when it differs from its default anyway.
pub const ADDED_FIELDS: &[&str] = &[
    "reasoning-tokens",
    "tool-tokens",
    "image-count",
    "image-width",
    "image-height",
    "image-detail",
];

/// The widest or tallest image a link or form may give, in pixels. Every provider scales
/// a larger image down before counting it (OpenAI to 2,048 px, Anthropic to 1,568 px),
/// so a bigger number only means a typo.
pub const MAX_IMAGE_SIDE: u64 = 100_000;

impl Field {
    /// Its default text in `version` (the current version's for a version this Burnrate
    /// does not read; callers report such a version).
    pub fn default_in(&self, version: u64) -> &'static str {
        if version == 1 {
            self.default_v1
        } else {
            self.default
        }
    }
}

/// Whether a file writes field `key` with text `value` (see [`ADDED_FIELDS`]).
fn written_to_files(key: &str, value: &str) -> bool {
    !ADDED_FIELDS.contains(&key) || field(key).is_none_or(|field| field.default != value)
}

/// The field called `key`.
pub fn field(key: &str) -> Option<&'static Field> {
    index(key).and_then(|index| FIELDS.get(index))
}

/// The position of field `key` in [`FIELDS`]. A map rather than a scan: validating a form
/// looks fields up some 150 times, and a link names each of its parameters.
fn index(key: &str) -> Option<usize> {
    static INDEX: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
        FIELDS
            .iter()
            .enumerate()
            .map(|(index, field)| (field.key, index))
            .collect()
    });
    INDEX.get(key).copied()
}

/// The form: every field's raw text.
#[derive(Clone, PartialEq, Eq)]
pub struct ScenarioForm {
    /// The text of each field, in [`FIELDS`] order; a field at its default borrows it, so
    /// a fresh form allocates one vector and nothing else.
    values: Vec<Cow<'static, str>>,
}

impl Default for ScenarioForm {
    /// Every field at its default in the current version.
    fn default() -> ScenarioForm {
        ScenarioForm::defaults(VERSION)
    }
}

impl std::fmt::Debug for ScenarioForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.entries()).finish()
    }
}

impl ScenarioForm {
    /// Every field at its default in `version` (see [`Field::default_in`]).
    pub fn defaults(version: u64) -> ScenarioForm {
        ScenarioForm {
            values: FIELDS
                .iter()
                .map(|field| Cow::Borrowed(field.default_in(version)))
                .collect(),
        }
    }

    /// The text of field `key` (empty for an unknown key).
    pub fn get(&self, key: &str) -> &str {
        index(key)
            .and_then(|index| self.values.get(index))
            .map_or("", |value| value.as_ref())
    }

    /// Field `key` and its text, found with one lookup.
    fn field_and_text(&self, key: &str) -> Option<(&'static Field, &str)> {
        let index = index(key)?;
        Some((FIELDS.get(index)?, self.values.get(index)?.as_ref()))
    }

    /// Sets field `key`; returns false (and changes nothing) for an unknown key.
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        match index(key).and_then(|index| self.values.get_mut(index)) {
            Some(slot) => {
                *slot = Cow::Owned(value.to_owned());
                true
            }
            None => false,
        }
    }

    /// `(key, text)` for every field, in [`FIELDS`] order.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &str)> {
        FIELDS
            .iter()
            .zip(&self.values)
            .map(|(field, value)| (field.key, value.as_ref()))
    }

    /// The share-link query: `v=2` ([`VERSION`]) and every field that differs from its
    /// default in that version.
    pub fn to_query(&self) -> String {
        let mut query = format!("v={VERSION}");
        for (field, value) in FIELDS.iter().zip(&self.values) {
            if value != field.default {
                query.push('&');
                query.push_str(field.key);
                query.push('=');
                encode_into(&mut query, value);
            }
        }
        query
    }

    /// A link that merges `fields` into the Projection's current scenario (see
    /// [`ScenarioForm::is_merge`]): `#/projection?merge=1&key=value…`, each value
    /// percent-encoded as in share links, so that a model id with `&`, `#` or a space
    /// arrives whole.
    pub fn merge_link(fields: &[(&str, &str)]) -> String {
        let mut link = String::from("#/projection?merge=1");
        for (key, value) in fields {
            link.push('&');
            link.push_str(key);
            link.push('=');
            encode_into(&mut link, value);
        }
        link
    }

    /// Reads a share-link query. Fields it doesn't name keep their defaults in the link's
    /// version (see [`ScenarioForm::query_version`]). Returns the problems to report (see
    /// [`ScenarioForm::apply_query`]).
    pub fn from_query(query: &str) -> (ScenarioForm, Vec<String>) {
        let mut form = ScenarioForm::defaults(ScenarioForm::query_version(query));
        let problems = form.apply_query(query);
        (form, problems)
    }

    /// The version whose defaults a link's query is read on: its first readable `v` when
    /// that is a version of [`VERSIONS`]; 1 when the link has no `v` (every link was
    /// version 1 until version 2); the current version for an unknown one, which
    /// [`ScenarioForm::apply_query`] reports.
    pub fn query_version(query: &str) -> u64 {
        let first = query
            .split('&')
            .filter_map(|pair| {
                let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key)? == "v").then(|| decode(raw))?
            })
            .next();
        match first {
            None => 1,
            Some(value) => known_version(&value).unwrap_or(VERSION),
        }
    }

    /// Whether `query` asks to be merged into the current scenario (`merge=1`) rather
    /// than replace it. Other views send their results this way, for example
    /// `#/projection?merge=1&lever-compression=on&compression-percent=35`.
    pub fn is_merge(query: &str) -> bool {
        query.split('&').any(|pair| pair == "merge=1")
    }

    /// Sets the fields a query names, keeping the others, and returns one problem per
    /// thing it could not use as given: an unknown parameter, an unknown version, a
    /// `merge` other than `1`, broken encoding, a value that is not valid for its field
    /// (see [`link_value_problem`]) and every repetition of a parameter. A parameter
    /// given more than once takes its first readable value; the later ones are ignored.
    pub fn apply_query(&mut self, query: &str) -> Vec<String> {
        let mut problems = Vec::new();
        // The first readable value of each parameter, by its decoded name.
        let mut first: BTreeMap<String, String> = BTreeMap::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key).unwrap_or_else(|| key.to_owned());
            let Some(value) = decode(raw) else {
                problems.push(format!(
                    "The link's value for \"{}\" is not readable and was ignored.",
                    shorten(&key)
                ));
                continue;
            };
            let known = matches!(key.as_str(), "v" | "merge") || field(&key).is_some();
            if known {
                if let Some(used) = first.get(&key) {
                    problems.push(format!(
                        "The link gives \"{key}\" more than once; the first value, \"{}\", was used and \"{}\" was ignored.",
                        shorten(used),
                        shorten(&value)
                    ));
                    continue;
                }
                first.insert(key.clone(), value.clone());
            }
            match key.as_str() {
                "v" => {
                    if known_version(&value).is_none() {
                        problems.push(format!(
                            "The link is of version \"{}\"; it was read as version {VERSION}.",
                            shorten(&value)
                        ));
                    }
                }
                "merge" => {
                    // `is_merge` reads the pair as written.
                    if pair != "merge=1" {
                        problems.push(format!(
                            "The link's \"merge\" is \"{}\", not 1; the link was read as a whole scenario, not merged into yours.",
                            shorten(&value)
                        ));
                    }
                }
                _ => {
                    let Some(field) = field(&key) else {
                        self.set_reporting(&key, value, &mut problems, "link");
                        continue;
                    };
                    let value = cut(field, value, &mut problems, "link");
                    match link_value_problem(field, &value) {
                        None => {
                            self.set(field.key, &value);
                        }
                        Some(LinkValueProblem::Ignored(problem)) => problems.push(format!(
                            "The link's value for \"{}\" is not valid ({problem}); it was ignored, and the field keeps \"{}\".",
                            field.key,
                            shorten(self.get(field.key))
                        )),
                        Some(LinkValueProblem::Shown(problem)) => {
                            problems.push(format!(
                                "The link's value for \"{}\" is not valid: {problem}.",
                                field.key
                            ));
                            self.set(field.key, &value);
                        }
                    }
                }
            }
        }
        problems
    }

    fn set_reporting(&mut self, key: &str, value: String, problems: &mut Vec<String>, from: &str) {
        let Some(field) = field(key) else {
            problems.push(format!(
                "The {from} has an unknown setting \"{}\"; it was ignored.",
                shorten(key)
            ));
            return;
        };
        let value = cut(field, value, problems, from);
        self.set(key, &value);
    }

    /// Applies a preset on top of the defaults of [`PRESETS_VERSION`].
    pub fn from_preset(preset: &Preset) -> ScenarioForm {
        let mut form = ScenarioForm::defaults(PRESETS_VERSION);
        for (key, value) in preset.values {
            form.set(key, value);
        }
        form
    }
}

/// The version `value` names, if this Burnrate reads it (`1`, `2`).
fn known_version(value: &str) -> Option<u64> {
    VERSIONS
        .iter()
        .copied()
        .find(|version| value == version.to_string())
}

/// What a link writes as it is: ASCII letters and digits, RFC 3986's other unreserved
/// characters `-._~`, and `:` `,` so that a mix reads `gpt-4o-mini:30,gpt-4:10`. Every
/// other byte of the UTF-8 text is written `%XX`, with capital hex digits.
const LINK_KEEPS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b',');

/// Appends `value` to `out`, percent-encoded (see [`LINK_KEEPS`]).
fn encode_into(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, LINK_KEEPS));
}

/// Decodes percent-encoding (either case of hex digits), and `+` as a space; `None` for
/// a broken escape or for bytes that are not UTF-8.
fn decode(value: &str) -> Option<String> {
    // `percent_decode` leaves a `%` that two hex digits do not follow as it is; a link
    // says instead that such a value is broken.
    let broken = value.split('%').skip(1).any(|after| {
        !after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if broken {
        return None;
    }
    // `+` is a space in a query; an escaped plus, `%2B`, is decoded after this.
    let spaced = value.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(Cow::into_owned)
}

/// `value`, cut to [`MAX_VALUE_CHARS`] (and the cut reported) when longer.
fn cut(field: &Field, value: String, problems: &mut Vec<String>, from: &str) -> String {
    if value.chars().count() > MAX_VALUE_CHARS {
        problems.push(format!(
            "The {from}'s value for \"{}\" was longer than {MAX_VALUE_CHARS} characters and was cut.",
            field.key
        ));
        value.chars().take(MAX_VALUE_CHARS).collect()
    } else {
        value
    }
}

/// Why a link's value is not valid for its field, and what becomes of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkValueProblem {
    /// A switch or a choice outside its set: the control cannot show it, so the value is
    /// ignored and the field keeps the one it had.
    Ignored(String),
    /// A number that is not valid: the field shows the text with this message.
    Shown(String),
}

/// What is wrong with `value` for `field`, checked on its own: a switch that is not on
/// or off, a choice outside its list, a number that does not parse or is out of range.
/// Model ids (which depend on the reader's catalog), the model mix and the rules that
/// tie fields together are left to [`validate`], which shows them at their fields.
pub fn link_value_problem(field: &Field, value: &str) -> Option<LinkValueProblem> {
    match field.kind {
        Kind::Toggle => toggle_value(value)
            .is_none()
            .then(|| LinkValueProblem::Ignored(toggle_message(field.label, value))),
        Kind::Choice(options) => choice_value(options, value)
            .is_none()
            .then(|| LinkValueProblem::Ignored(choice_message(field.label, options, value))),
        Kind::Whole | Kind::WholeOrAuto | Kind::Percent(..) | Kind::Dollars | Kind::Number(..) => {
            parse(field, value)
                .err()
                .map(|error| LinkValueProblem::Shown(error.to_string()))
        }
        Kind::Model | Kind::ModelOrKeep | Kind::Mix => None,
    }
}

/// A switch's value: `on`, `true`, `1`, `yes` or `off`, `false`, `0`, `no`, empty (any
/// case, spaces around ignored).
fn toggle_value(raw: &str) -> Option<bool> {
    let value = raw.trim();
    let any = |words: &[&str]| words.iter().any(|word| word.eq_ignore_ascii_case(value));
    if any(&["on", "true", "1", "yes"]) {
        Some(true)
    } else if any(&["off", "false", "0", "no", ""]) {
        Some(false)
    } else {
        None
    }
}

fn toggle_message(label: &str, raw: &str) -> String {
    format!(
        "{} must be on or off, got \"{}\"",
        capitalised(label),
        shorten(raw.trim())
    )
}

/// The option `raw` names (any case, spaces around ignored).
fn choice_value(options: &'static [&'static str], raw: &str) -> Option<&'static str> {
    let value = raw.trim();
    options
        .iter()
        .find(|option| option.eq_ignore_ascii_case(value))
        .copied()
}

fn choice_message(label: &str, options: &[&str], raw: &str) -> String {
    format!(
        "{} must be one of {}, got \"{}\"",
        capitalised(label),
        options.join(", "),
        shorten(raw.trim())
    )
}

/// A one-click starting point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preset {
    /// Its id (`preset-<id>` is its button's testid).
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// What it models and where its numbers come from.
    pub description: &'static str,
    /// The fields it sets; the others keep their defaults.
    pub values: &'static [(&'static str, &'static str)],
}

/// The presets, each written on the defaults of [`PRESETS_VERSION`].
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "support-chatbot",
        name: "Support chatbot",
        description: "The article's case study: 5,000 conversations a month of 6 turns × 400 tokens \
                      (200 in, 200 out) on GPT-4, doubling monthly to 20,000 by month 3. History is \
                      the average of the earlier turns (0 + 1 + … + 5) / 6 × 400 = 1,000 tokens. \
                      Levers as in the article: 75% cache hits, 70% of requests to GPT-3.5 Turbo, \
                      history cut 60% (to 400 tokens), 40% fewer instruction tokens.",
        values: &[
            ("volume-mode", "conversations"),
            ("conversations-per-month", "5000"),
            ("turns-per-conversation", "6"),
            ("system-tokens", "0"),
            ("history-tokens", "1000"),
            ("user-tokens", "200"),
            ("output-tokens", "200"),
            ("projection-model", "gpt-4"),
            ("growth-rate", "100"),
            ("horizon-months", "3"),
            ("cache-exact-rate", "25"),
            ("cache-semantic-rate", "50"),
            ("cache-false-hit-rate", "0"),
            ("context-strategy", "measured"),
            ("context-history-tokens", "400"),
            ("routing-share-trivial", "0"),
            ("routing-share-simple", "70"),
            ("routing-model-simple", "gpt-3.5-turbo"),
            ("routing-share-moderate", "0"),
            ("routing-share-complex", "30"),
            ("routing-share-expert", "0"),
            ("routing-escalation", "0"),
            ("lever-prompt-cache", "off"),
            ("lever-retries", "off"),
        ],
    },
    Preset {
        id: "rag-qa",
        name: "RAG Q&A",
        description: "60,000 questions a month over a document store: a 1,200-token system prompt, \
                      3,000 tokens of retrieved chunks and a short question on GPT-4.1, growing \
                      10% a month. The system prompt is cached by the provider; a third of the \
                      questions are easy enough for GPT-4.1 mini.",
        values: &[
            ("calls-per-month", "60000"),
            ("system-tokens", "1200"),
            ("user-tokens", "80"),
            ("context-tokens", "3000"),
            ("output-tokens", "400"),
            ("projection-model", "gpt-4.1"),
            ("growth-rate", "10"),
            ("cache-exact-rate", "5"),
            ("cache-semantic-rate", "20"),
            ("lever-context", "off"),
            ("compression-percent", "30"),
            ("routing-share-trivial", "10"),
            ("routing-model-trivial", "gpt-4.1-mini"),
            ("routing-share-simple", "25"),
            ("routing-model-simple", "gpt-4.1-mini"),
            ("routing-share-moderate", "40"),
            ("routing-share-complex", "20"),
            ("routing-share-expert", "5"),
            ("prompt-cache-prefix", "1200"),
            ("prompt-cache-hit-rate", "70"),
        ],
    },
    Preset {
        id: "classification",
        name: "Classification pipeline",
        description: "2 million items a month labelled by GPT-4o mini with a 1,500-token prompt of \
                      instructions and examples and a 5-token answer. Most of it can wait for the \
                      batch API; the prompt prefix is the same for every item.",
        values: &[
            ("calls-per-month", "2000000"),
            ("system-tokens", "1500"),
            ("user-tokens", "120"),
            ("output-tokens", "5"),
            ("projection-model", "gpt-4o-mini"),
            ("growth-rate", "0"),
            ("cache-exact-rate", "15"),
            ("cache-semantic-rate", "0"),
            ("lever-context", "off"),
            ("compression-percent", "30"),
            ("lever-routing", "off"),
            ("prompt-cache-prefix", "1500"),
            ("prompt-cache-hit-rate", "95"),
            ("lever-batch", "on"),
            ("batch-share", "80"),
        ],
    },
    Preset {
        id: "coding-agent",
        name: "Coding agent",
        description: "10,000 agent sessions a month of 30 steps on Claude Sonnet 4.5, each step \
                      carrying an 8,000-token system prompt with tools, 60,000 tokens of history \
                      and 12,000 of files. Prompt caching covers the prefix; a summary + window \
                      keeps history in check; easy steps go to Claude Haiku 4.5.",
        values: &[
            ("volume-mode", "conversations"),
            ("conversations-per-month", "10000"),
            ("turns-per-conversation", "30"),
            ("system-tokens", "8000"),
            ("history-tokens", "60000"),
            ("user-tokens", "300"),
            ("context-tokens", "12000"),
            ("output-tokens", "1500"),
            ("projection-model", "claude-sonnet-4-5"),
            ("growth-rate", "15"),
            ("lever-cache", "off"),
            ("context-strategy", "summary"),
            ("context-window-turns", "10"),
            ("context-summary-tokens", "4000"),
            ("compression-percent", "20"),
            ("routing-share-trivial", "10"),
            ("routing-model-trivial", "claude-haiku-4-5"),
            ("routing-share-simple", "20"),
            ("routing-model-simple", "claude-haiku-4-5"),
            ("routing-share-moderate", "40"),
            ("routing-model-moderate", ""),
            ("routing-share-complex", "25"),
            ("routing-share-expert", "5"),
            ("routing-escalation", "15"),
            ("prompt-cache-prefix", "60000"),
            ("prompt-cache-hit-rate", "90"),
        ],
    },
    // The article's own example ("Real-World Cost Breakdown Analysis"): 10,000 calls of
    // 500 input + 300 output tokens on GPT-4 at $0.03 / $0.06 per 1K = $30 / $60 per M:
    // 10,000 × (500 × 30 + 300 × 60) / 1,000,000 = 10,000 × $0.033 = $330 naive; the five
    // hidden costs +40% +15% +25% +30% +50% = × 2.6, $858 true. Every field the two
    // figures depend on is set here, so that they hold on any defaults; the levers are
    // version 1's.
    Preset {
        id: "article-example",
        name: "Article example (GPT-4)",
        description: "The article's naive and true cost: 10,000 calls a month of 500 input + 300 \
                      output tokens on GPT-4 at $0.03 / $0.06 per 1K tokens is $330 naive; its five \
                      hidden costs (+40% context reloading, +15% retries, +25% development and \
                      testing, +30% repeated system prompts, +50% multi-turn) make it × 2.6 = $858.",
        values: &[
            ("volume-mode", "calls"),
            ("calls-per-month", "10000"),
            ("input-mode", "detail"),
            ("system-tokens", "0"),
            ("history-tokens", "0"),
            ("user-tokens", "500"),
            ("context-tokens", "0"),
            ("output-tokens", "300"),
            ("reasoning-tokens", "0"),
            ("tool-tokens", "0"),
            ("image-count", "0"),
            ("projection-model", "gpt-4"),
            ("model-mix", ""),
            ("overhead-context-reload", "40"),
            ("overhead-retries", "15"),
            ("overhead-dev-testing", "25"),
            ("overhead-system-prompt", "30"),
            ("overhead-multi-turn", "50"),
        ],
    },
];

/// The result of validating a form.
#[derive(Clone, Debug, PartialEq)]
pub struct Validated {
    /// The config, when every field that is in use is valid.
    pub config: Option<ScenarioConfig>,
    /// A message per invalid field, by key. Fields of a lever that is off are checked too,
    /// but don't stop the projection: the lever does nothing anyway. Group errors use the
    /// keys `routing-shares` and `model-mix`.
    pub errors: BTreeMap<&'static str, String>,
}

struct Checker<'a> {
    form: &'a ScenarioForm,
    known_model: &'a dyn Fn(&str) -> bool,
    errors: BTreeMap<&'static str, String>,
    blocking: bool,
}

impl Checker<'_> {
    fn report(&mut self, key: &'static str, message: String, blocks: bool) {
        self.errors.entry(key).or_insert(message);
        self.blocking |= blocks;
    }

    /// The field's value, or its default (and a reported error) when invalid.
    fn number(&mut self, key: &'static str, blocks: bool) -> f64 {
        let Some((field, raw)) = self.form.field_and_text(key) else {
            return 0.0;
        };
        match parse(field, raw) {
            Ok(value) => value,
            Err(error) => {
                self.report(key, error.to_string(), blocks);
                parse(field, field.default).unwrap_or(0.0)
            }
        }
    }

    fn whole(&mut self, key: &'static str, blocks: bool) -> u64 {
        self.number(key, blocks) as u64
    }

    fn share(&mut self, key: &'static str, blocks: bool) -> f64 {
        self.number(key, blocks) / 100.0
    }

    fn choice(&mut self, key: &'static str) -> &'static str {
        let Some(field) = field(key) else { return "" };
        let Kind::Choice(options) = field.kind else {
            return field.default;
        };
        let raw = self.form.get(key);
        match choice_value(options, raw) {
            Some(option) => option,
            None => {
                self.report(key, choice_message(field.label, options, raw), true);
                field.default
            }
        }
    }

    fn toggle(&mut self, key: &'static str) -> bool {
        let raw = self.form.get(key);
        match toggle_value(raw) {
            Some(on) => on,
            None => {
                let label = field(key).map_or(key, |field| field.label);
                self.report(key, toggle_message(label, raw), true);
                false
            }
        }
    }

    fn model(&mut self, key: &'static str, blocks: bool) -> Option<String> {
        let id = self.form.get(key).trim().to_owned();
        let label = field(key).map_or(key, |field| field.label);
        if id.is_empty() {
            if field(key).map(|field| field.kind) == Some(Kind::ModelOrKeep) {
                return None;
            }
            self.report(key, format!("{} is required", capitalised(label)), blocks);
            return None;
        }
        if (self.known_model)(&id) {
            Some(id)
        } else {
            self.report(
                key,
                format!(
                    "{} \"{}\" is not in the price catalog",
                    capitalised(label),
                    shorten(&id)
                ),
                blocks,
            );
            None
        }
    }
}

/// A numeric field's value.
fn parse(field: &Field, raw: &str) -> Result<f64, FieldError> {
    match field.kind {
        Kind::Whole => {
            let value = whole_number(raw, field.label)? as f64;
            if field.key == "horizon-months" && !(1.0..=MAX_HORIZON_MONTHS as f64).contains(&value)
            {
                return Err(FieldError {
                    field: field.label.to_owned(),
                    problem: format!(
                        "must be from 1 to {MAX_HORIZON_MONTHS} months, got \"{}\"",
                        shorten(raw.trim())
                    ),
                });
            }
            if matches!(field.key, "image-width" | "image-height")
                && !(1.0..=MAX_IMAGE_SIDE as f64).contains(&value)
            {
                return Err(FieldError {
                    field: field.label.to_owned(),
                    problem: format!(
                        "must be from 1 to {} pixels, got \"{}\"",
                        crate::show::money::integer(MAX_IMAGE_SIDE),
                        shorten(raw.trim())
                    ),
                });
            }
            Ok(value)
        }
        Kind::WholeOrAuto if is_auto(raw) => Ok(0.0),
        Kind::WholeOrAuto => whole_number(raw, field.label)
            .map(|value| value as f64)
            .map_err(|error| FieldError {
                problem: format!(
                    "must be a whole number of 0 or more, or auto for the model's documented minimum, got \"{}\"",
                    shorten(raw.trim())
                ),
                ..error
            }),
        Kind::Percent(min, max) => {
            decimal(raw, field.label, min, max, "a percentage, such as 12.5")
        }
        Kind::Dollars => decimal(
            raw,
            field.label,
            0.0,
            1e12,
            "an amount of dollars, such as 0.002",
        ),
        Kind::Number(min, max) => decimal(raw, field.label, min, max, "a number"),
        _ => Ok(0.0),
    }
}

/// Whether a [`Kind::WholeOrAuto`] field's text asks for the worked-out value: `auto`
/// (any case) or nothing.
fn is_auto(raw: &str) -> bool {
    let value = raw.trim();
    value.is_empty() || value.eq_ignore_ascii_case("auto")
}

/// Turns the form into a [`ScenarioConfig`], or says what is wrong, field by field.
/// `known_model` tells whether a catalog id exists.
pub fn validate(form: &ScenarioForm, known_model: &dyn Fn(&str) -> bool) -> Validated {
    let mut check = Checker {
        form,
        known_model,
        errors: BTreeMap::new(),
        blocking: false,
    };
    let volume = match check.choice("volume-mode") {
        "conversations" => Volume::Conversations {
            conversations: check.whole("conversations-per-month", true),
            turns: check.whole("turns-per-conversation", true),
        },
        _ => Volume::Calls(check.whole("calls-per-month", true)),
    };
    let from_bill = check.choice("input-mode") == "bill";
    let system = check.number("system-tokens", true);
    let history = check.number("history-tokens", true);
    let context = check.number("context-tokens", true);
    let reasoning = check.number("reasoning-tokens", true);
    let tools = check.number("tool-tokens", true);
    let images = image_input(&mut check);
    let tokens = if from_bill {
        let monthly_spend = check.number("monthly-spend", true);
        let input_per_output = check.number("io-ratio", true);
        TokenSource::Bill {
            monthly_spend,
            input_per_output,
            system,
            history,
            context,
            reasoning,
            tools,
            images,
        }
    } else {
        TokenSource::Detail(CallShape {
            system,
            history,
            user: check.number("user-tokens", true),
            context,
            output: check.number("output-tokens", true),
            reasoning,
            tools,
            images,
        })
    };
    let model = check.model("projection-model", true);
    let mix = parse_mix(&mut check);
    let growth = check.share("growth-rate", true);
    let horizon_months = check.whole("horizon-months", true) as u32;
    let mut overheads = Overheads::default();
    for factor in Overhead::ALL {
        let key = overhead_key(factor);
        *overheads.get_mut(factor) = check.share(key, true);
    }

    let on = Lever::ORDER.map(|lever| check.toggle(lever_key(lever)));
    let is_on = |lever: Lever| on[lever.index()];

    let blocks = is_on(Lever::Cache);
    let cache = ResponseCache {
        exact_hit_rate: check.share("cache-exact-rate", blocks),
        semantic_hit_rate: check.share("cache-semantic-rate", blocks),
        false_hit_rate: check.share("cache-false-hit-rate", blocks),
        lookup_cost: check.number("cache-lookup-cost", blocks),
    };
    if cache.exact_hit_rate + cache.semantic_hit_rate > 1.0 + 1e-9 {
        check.report(
            "cache-semantic-rate",
            "Exact and semantic hit rates together must be at most 100%".to_owned(),
            blocks,
        );
    }

    let blocks = is_on(Lever::Context);
    let kept = check.whole("context-window-turns", blocks);
    let strategy = match check.choice("context-strategy") {
        "full" => ContextStrategy::FullHistory,
        "summary" => ContextStrategy::SummaryWindow {
            turns: kept,
            summary_tokens: check.number("context-summary-tokens", blocks),
        },
        "measured" => ContextStrategy::Measured {
            history_tokens: check.number("context-history-tokens", blocks),
        },
        _ => ContextStrategy::Window { turns: kept },
    };
    let context_turns = check.whole("context-turns", blocks);

    let blocks = is_on(Lever::Compression);
    let compression = Compression {
        removed: check.share("compression-percent", blocks),
    };

    let blocks = is_on(Lever::Routing);
    let mut tiers = Vec::new();
    for tier in RouteTier::ALL {
        let (share_key, model_key) = routing_keys(tier);
        tiers.push(TierRoute {
            tier,
            share: check.share(share_key, blocks),
            model: check.model(model_key, blocks),
        });
    }
    let total: f64 = tiers.iter().map(|tier| tier.share).sum();
    if (total - 1.0).abs() > 1e-6 {
        check.report(
            "routing-shares",
            format!(
                "The tier shares must add up to 100%, they add up to {}",
                crate::show::number::pct(total)
            ),
            blocks,
        );
    }
    let escalation_rate = check.share("routing-escalation", blocks);

    let blocks = is_on(Lever::PromptCache);
    let min_prefix = check.number("prompt-cache-min-prefix", blocks);
    let prompt_cache = PromptCache {
        prefix_tokens: check.number("prompt-cache-prefix", blocks),
        hit_rate: check.share("prompt-cache-hit-rate", blocks),
        min_prefix_tokens: (!is_auto(form.get("prompt-cache-min-prefix"))
            && !check.errors.contains_key("prompt-cache-min-prefix"))
        .then_some(min_prefix),
        ttl: match check.choice("prompt-cache-ttl") {
            "1h" => CacheTtl::OneHour,
            _ => CacheTtl::FiveMinutes,
        },
    };
    let blocks = is_on(Lever::Batch);
    let batch = Batch {
        share: check.share("batch-share", blocks),
        flex_share: check.share("tier-flex-share", blocks),
        priority_share: check.share("tier-priority-share", blocks),
    };
    if batch.share + batch.flex_share + batch.priority_share > 1.0 + 1e-9 {
        check.report(
            "tier-priority-share",
            format!(
                "Batch, flex and priority shares together must be at most 100%, they add up to {}",
                crate::show::number::pct(batch.share + batch.flex_share + batch.priority_share)
            ),
            blocks,
        );
    }
    let blocks = is_on(Lever::Retries);
    let retries = RetryReduction {
        removed: check.share("retry-reduction", blocks),
    };

    let effort_hours = Lever::ORDER.map(|lever| check.number(effort_key(lever), true));
    let hourly_rate = check.number("hourly-rate", true);

    let config = match (check.blocking, model) {
        (false, Some(model)) => Some(ScenarioConfig {
            volume,
            tokens,
            model,
            mix,
            growth,
            horizon_months,
            overheads,
            levers: crate::models::projection::Levers {
                cache: Switch {
                    on: is_on(Lever::Cache),
                    params: cache,
                },
                context: Switch {
                    on: is_on(Lever::Context),
                    params: ContextManagement {
                        strategy,
                        turns: context_turns,
                    },
                },
                compression: Switch {
                    on: is_on(Lever::Compression),
                    params: compression,
                },
                routing: Switch {
                    on: is_on(Lever::Routing),
                    params: Routing {
                        tiers,
                        escalation_rate,
                    },
                },
                prompt_cache: Switch {
                    on: is_on(Lever::PromptCache),
                    params: prompt_cache,
                },
                batch: Switch {
                    on: is_on(Lever::Batch),
                    params: batch,
                },
                retries: Switch {
                    on: is_on(Lever::Retries),
                    params: retries,
                },
            },
            effort_hours,
            hourly_rate,
        }),
        _ => None,
    };
    Validated {
        config,
        errors: check.errors,
    }
}

/// `image-count`, `image-width`, `image-height` and `image-detail`. The size is checked
/// always but blocks the projection only when there are images, as a lever's fields do
/// only when it is on.
fn image_input(check: &mut Checker) -> ImageInput {
    let count = check.number("image-count", true);
    let blocks = count > 0.0;
    let side = |check: &mut Checker, key| {
        let pixels = check.whole(key, blocks).clamp(1, MAX_IMAGE_SIDE);
        u32::try_from(pixels).unwrap_or(u32::MAX)
    };
    let width = side(check, "image-width");
    let height = side(check, "image-height");
    let detail = Detail::from_slug(check.choice("image-detail")).unwrap_or_default();
    ImageInput {
        count,
        size: ImageSize { width, height },
        detail,
    }
}

/// `model-mix`: `id:percent` pairs; the main model serves the rest.
fn parse_mix(check: &mut Checker) -> Vec<MixEntry> {
    let raw = check.form.get("model-mix").to_owned();
    let mut mix = Vec::new();
    let mut total = 0.0;
    for part in raw
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let Some((id, share)) = part.rsplit_once(':') else {
            check.report(
                "model-mix",
                format!(
                    "Each model of the mix is written id:percent, got \"{}\"",
                    shorten(part)
                ),
                true,
            );
            continue;
        };
        let id = id.trim();
        if !(check.known_model)(id) {
            check.report(
                "model-mix",
                format!(
                    "The mix's model \"{}\" is not in the price catalog",
                    shorten(id)
                ),
                true,
            );
            continue;
        }
        match decimal(
            share,
            &format!("the share of {id}"),
            0.0,
            100.0,
            "a percentage",
        ) {
            Ok(share) => {
                total += share;
                mix.push(MixEntry {
                    model: id.to_owned(),
                    share: share / 100.0,
                });
            }
            Err(error) => check.report("model-mix", error.to_string(), true),
        }
    }
    if total > 100.0 + 1e-9 {
        check.report(
            "model-mix",
            format!(
                "The other models' shares add up to {}%, more than 100%",
                crate::show::number::decimal(total)
            ),
            true,
        );
    }
    mix
}

/// The key of a hidden-cost factor's field: `overhead-<slug>`.
pub fn overhead_key(factor: Overhead) -> &'static str {
    match factor {
        Overhead::ContextReload => "overhead-context-reload",
        Overhead::Retries => "overhead-retries",
        Overhead::DevTesting => "overhead-dev-testing",
        Overhead::SystemPrompt => "overhead-system-prompt",
        Overhead::MultiTurn => "overhead-multi-turn",
    }
}

/// The key of a lever's switch: `lever-<slug>`.
pub fn lever_key(lever: Lever) -> &'static str {
    match lever {
        Lever::Cache => "lever-cache",
        Lever::Context => "lever-context",
        Lever::Compression => "lever-compression",
        Lever::Routing => "lever-routing",
        Lever::PromptCache => "lever-prompt-cache",
        Lever::Batch => "lever-batch",
        Lever::Retries => "lever-retries",
    }
}

/// The key of a lever's effort: `effort-<slug>`.
pub fn effort_key(lever: Lever) -> &'static str {
    match lever {
        Lever::Cache => "effort-cache",
        Lever::Context => "effort-context",
        Lever::Compression => "effort-compression",
        Lever::Routing => "effort-routing",
        Lever::PromptCache => "effort-prompt-cache",
        Lever::Batch => "effort-batch",
        Lever::Retries => "effort-retries",
    }
}

/// The keys of a routing tier's share and model.
pub fn routing_keys(tier: RouteTier) -> (&'static str, &'static str) {
    match tier {
        RouteTier::Trivial => ("routing-share-trivial", "routing-model-trivial"),
        RouteTier::Simple => ("routing-share-simple", "routing-model-simple"),
        RouteTier::Moderate => ("routing-share-moderate", "routing-model-moderate"),
        RouteTier::Complex => ("routing-share-complex", "routing-model-complex"),
        RouteTier::Expert => ("routing-share-expert", "routing-model-expert"),
    }
}

mod file;
pub mod replaced;

pub use file::{from_json, saved_from_json, saved_to_json, to_json, FileError, SavedScenario};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod units_tests;
#[cfg(test)]
mod version_tests;
