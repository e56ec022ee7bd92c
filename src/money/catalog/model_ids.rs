//! How a model name written in a usage file is matched to a catalog model
//! ([`super::Catalog::lookup`]): the spellings a name is tried as, in order, and the key
//! they are compared by.
//!
//! Usage files name models as their API was called, not by catalog id: dated ids
//! (`claude-sonnet-4-5-20250929`, `gpt-4o-2024-08-06`), a gateway's prefixed ids
//! (`anthropic/claude-3.5-sonnet`, `bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0`,
//! `models/gemini-2.5-flash`, `claude-sonnet-4@20250514`) and display names
//! ("Claude Haiku 4.5"). This module only turns a name into spellings; which model wins
//! among those that match is [`super::Catalog::lookup`]'s rule.
//!
//! Must not know: the DOM, or any usage format.

/// A name as compared: lower case, every run of characters other than ASCII letters and
/// digits read as one `-`, none at either end. `Claude 3.5 Sonnet`, `claude-3.5-sonnet`
/// and `claude_3_5_sonnet` all read `claude-3-5-sonnet`. (No two models of one provider in
/// the shipped catalog share a key with different prices; a test checks it.)
pub(crate) fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in key_chars(name) {
        out.push(c);
    }
    out
}

/// Writes [`key`]`(name)` into `out`, replacing what it held (so that one buffer serves a
/// whole catalog).
pub(crate) fn key_into(name: &str, out: &mut String) {
    out.clear();
    out.extend(key_chars(name));
}

/// The characters of [`key`]`(name)`, without allocating.
fn key_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    let mut pending = false;
    let mut started = false;
    let mut chars = name.chars();
    let mut queued: Option<char> = None;
    std::iter::from_fn(move || {
        if let Some(c) = queued.take() {
            return Some(c);
        }
        for c in chars.by_ref() {
            if c.is_ascii_alphanumeric() {
                let c = c.to_ascii_lowercase();
                if pending && started {
                    pending = false;
                    queued = Some(c);
                    return Some('-');
                }
                pending = false;
                started = true;
                return Some(c);
            }
            pending = true;
        }
        None
    })
}

/// Whether [`key`]`(name) == wanted`, without allocating.
pub(crate) fn key_is(name: &str, wanted: &str) -> bool {
    key_chars(name).eq(wanted.chars())
}

/// OpenRouter's variant suffixes (`anthropic/claude-3.7-sonnet:thinking`,
/// `…:free`): the same model at the same list price. Only these words are stripped, so that
/// an Ollama-style `llama3:70b` is not read as `llama3`.
const VARIANT_SUFFIXES: [&str; 9] = [
    "thinking", "online", "free", "beta", "extended", "nitro", "floor", "exacto", "latest",
];

/// Bedrock's cross-region inference-profile prefixes (`us.anthropic.claude-…`).
const BEDROCK_REGIONS: [&str; 8] = [
    "us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca.",
];

/// Bedrock's vendor prefixes (`anthropic.claude-3-5-sonnet-20241022-v2:0`).
const BEDROCK_VENDORS: [&str; 12] = [
    "anthropic.",
    "meta.",
    "amazon.",
    "mistral.",
    "cohere.",
    "ai21.",
    "deepseek.",
    "openai.",
    "qwen.",
    "writer.",
    "moonshot.",
    "google.",
];

/// Spellings of `name` to try, as groups of [`key`]s, best first. A group's keys are
/// equally good (the rule in [`super::Catalog::lookup`] picks among the models they
/// match); a later group is tried only when no model matches an earlier one.
///
/// 1. The name as written.
/// 2. Without what gateways and clouds wrap around an id, one step at a time: the path
///    before the last `/` (`openrouter/`, `anthropic/`, `models/`, `bedrock/`,
///    `projects/…/models/`), a Bedrock region and vendor (`us.`, `anthropic.`) with its
///    version (`-v2:0`, `:0`), a Vertex version (`@20241022`, `-v2@20241022`,
///    `@001`), and an OpenRouter variant (`:thinking`, `:free`, … [`VARIANT_SUFFIXES`]).
/// 3. That id without one release stamp at its end: `-20250929` (8 digits from 20…),
///    `-2024-08-06`, a Gemini preview's `-05-20` or a 3-digit `-001` version. OpenAI's
///    older 4-digit stamps (`gpt-3.5-turbo-0301`) are not removed: those snapshots were
///    priced unlike today's alias (genai-prices prices `gpt-3.5-turbo-0301` apart from
///    `gpt-3.5-turbo`), so they match only a catalog id of their own.
///
/// Every group also holds, for each key with a version number, the same key with `-latest`
/// added or removed (Anthropic's catalog ids are `claude-3-7-sonnet-latest`, Google's
/// `gemini-1.5-pro`; see [`with_and_without_latest`]),
/// and for Claude ids both of Anthropic's word orders (`claude-3-5-sonnet` and
/// `claude-sonnet-3-5`) and a major version with and without `-0` (`claude-opus-4` and
/// `claude-opus-4-0`).
///
/// Nothing else is removed: no prefix of an id ever matches on its own, so
/// `claude-sonnet-4-5-foo` matches nothing rather than Claude Sonnet 4.5, and
/// `gpt-4o-mini-2024-07-18` is `gpt-4o-mini` (its stamp removed), never `gpt-4o`.
///
/// A fine-tuned OpenAI model (`ft:gpt-4o-mini-2024-07-18:org::id`) is tried only as
/// `ft:` + its base model, with and without the stamp: its prices are not the base
/// model's.
pub(crate) fn spellings(name: &str) -> Vec<Vec<String>> {
    let name = name.trim().to_ascii_lowercase();
    let mut groups: Vec<Vec<String>> = Vec::new();
    if let Some(rest) = name.strip_prefix("ft:") {
        let base = rest.split(':').next().unwrap_or("");
        if base.is_empty() {
            return groups;
        }
        push(&mut groups, &[format!("ft:{base}")]);
        if let Some(undated) = strip_stamp(base) {
            push(&mut groups, &[format!("ft:{undated}")]);
        }
        return groups;
    }
    push(&mut groups, std::slice::from_ref(&name));
    let mut current = name;
    while let Some(next) = unwrap_once(&current) {
        push(&mut groups, std::slice::from_ref(&next));
        current = next;
    }
    if let Some(undated) = strip_stamp(&current) {
        push(&mut groups, &[undated]);
    }
    groups
}

/// Adds a group of the keys of `names` and their alternates (see [`spellings`]), unless
/// it adds nothing new.
fn push(groups: &mut Vec<Vec<String>>, names: &[String]) {
    let mut group: Vec<String> = Vec::new();
    for name in names {
        let base = key(name);
        if base.is_empty() {
            continue;
        }
        for alternate in claude_orders(&base) {
            for form in with_and_without_latest(&alternate) {
                if !group.contains(&form) {
                    group.push(form);
                }
            }
        }
    }
    group.retain(|form| !groups.iter().any(|earlier| earlier.contains(form)));
    if !group.is_empty() {
        groups.push(group);
    }
}

/// `key` with `-latest` added or removed, for a versioned key only: `gemini-pro-latest`
/// and `mistral-medium-latest` are rolling aliases for whichever model is newest, not the
/// catalog's `gemini-pro` or a `mistral-medium` snapshot.
fn with_and_without_latest(key: &str) -> Vec<String> {
    let base = key.strip_suffix("-latest").unwrap_or(key);
    if !base.bytes().any(|b| b.is_ascii_digit()) {
        return vec![key.to_owned()];
    }
    match key.strip_suffix("-latest") {
        Some(base) => vec![key.to_owned(), base.to_owned()],
        None => vec![key.to_owned(), format!("{key}-latest")],
    }
}

/// Claude's families, which Anthropic has written both before and after the version.
const CLAUDE_FAMILIES: [&str; 3] = ["haiku", "sonnet", "opus"];

/// A Claude key in both word orders and with a major version with and without `-0`:
/// `claude-3-5-sonnet` gives also `claude-sonnet-3-5`; `claude-opus-4` gives
/// `claude-opus-4-0`, `claude-4-opus` and `claude-4-0-opus`. Other keys are returned as they
/// are.
fn claude_orders(key: &str) -> Vec<String> {
    let mut out = vec![key.to_owned()];
    let Some(rest) = key.strip_prefix("claude-") else {
        return out;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    let is_number = |part: &&&str| {
        !part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit())
    };
    // Either family first (`sonnet-4-5…`) or version first (`3-5-sonnet…`).
    let (family, version, tail): (&str, Vec<&str>, &[&str]) =
        if let Some(family) = parts.first().filter(|part| CLAUDE_FAMILIES.contains(part)) {
            let count = parts[1..].iter().take(2).take_while(is_number).count();
            if count == 0 {
                return out;
            }
            (family, parts[1..1 + count].to_vec(), &parts[1 + count..])
        } else {
            let count = parts.iter().take(2).take_while(is_number).count();
            match parts.get(count) {
                Some(family) if count > 0 && CLAUDE_FAMILIES.contains(family) => {
                    (family, parts[..count].to_vec(), &parts[count + 1..])
                }
                _ => return out,
            }
        };
    let mut versions = vec![version.join("-")];
    match version.as_slice() {
        [major] => versions.push(format!("{major}-0")),
        [major, "0"] => versions.push((*major).to_owned()),
        _ => {}
    }
    let tail = tail.join("-");
    for version in versions {
        for form in [
            format!("claude-{family}-{version}"),
            format!("claude-{version}-{family}"),
        ] {
            let form = if tail.is_empty() {
                form
            } else {
                format!("{form}-{tail}")
            };
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// One wrapper taken off `name` (step 2 of [`spellings`]), or `None` if it has none.
fn unwrap_once(name: &str) -> Option<String> {
    if let Some((_, last)) = name.rsplit_once('/') {
        return Some(last.to_owned());
    }
    // Vertex: `claude-3-5-sonnet-v2@20241022`, `gemini-1.5-pro@002`.
    if let Some((id, _)) = name.split_once('@') {
        return Some(strip_version(id).unwrap_or(id).to_owned());
    }
    if let Some(rest) = BEDROCK_REGIONS
        .iter()
        .find_map(|region| name.strip_prefix(region))
    {
        if BEDROCK_VENDORS
            .iter()
            .any(|vendor| rest.starts_with(vendor))
        {
            return Some(rest.to_owned());
        }
    }
    if let Some((id, after)) = name.rsplit_once(':') {
        // Bedrock: `anthropic.claude-3-5-sonnet-20241022-v2:0`.
        if !after.is_empty() && after.bytes().all(|b| b.is_ascii_digit()) {
            return Some(strip_version(id).unwrap_or(id).to_owned());
        }
        if VARIANT_SUFFIXES.contains(&after) {
            return Some(id.to_owned());
        }
    }
    // Bedrock's vendor, and the `-v1` its newer ids end in without `:0`
    // (`anthropic.claude-opus-4-6-v1`).
    if let Some(rest) = BEDROCK_VENDORS
        .iter()
        .find_map(|vendor| name.strip_prefix(vendor))
    {
        return Some(strip_version(rest).unwrap_or(rest).to_owned());
    }
    None
}

/// `id` without a `-v2`-style version at its end (used only where a `@` or `:` marked one).
fn strip_version(id: &str) -> Option<&str> {
    let (rest, version) = id.rsplit_once("-v")?;
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())).then_some(rest)
}

/// `id` without one release stamp at its end (step 3 of [`spellings`]), or `None`.
fn strip_stamp(id: &str) -> Option<String> {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let number = |part: &str| part.parse::<u32>().unwrap_or(0);
    let parts: Vec<&str> = id.split('-').collect();
    let n = parts.len();
    let keep = |count: usize| Some(parts[..n - count].join("-")).filter(|rest| !rest.is_empty());
    let last = *parts.last()?;
    let month_day = |month: &str, day: &str| {
        (1..=12).contains(&number(month)) && (1..=31).contains(&number(day))
    };
    // -2024-08-06
    if n >= 4 && digits(parts[n - 3], 4) && digits(parts[n - 2], 2) && digits(last, 2) {
        return keep(3);
    }
    // -20250929
    if digits(last, 8) && last.starts_with("20") {
        return keep(1);
    }
    // A Gemini preview's -05-20.
    if n >= 3
        && parts[n - 3] == "preview"
        && digits(parts[n - 2], 2)
        && digits(last, 2)
        && month_day(parts[n - 2], last)
    {
        return keep(2);
    }
    // -001
    if digits(last, 3) && last.starts_with('0') {
        return keep(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_separators() {
        assert_eq!(key("Claude 3.5 Sonnet"), "claude-3-5-sonnet");
        assert_eq!(key("  GPT_4o--mini "), "gpt-4o-mini");
        assert_eq!(key("ft:gpt-4o"), "ft-gpt-4o");
        assert_eq!(key("Grüße"), "gr-e");
        assert_eq!(key("---"), "");
        for name in ["Claude 3.5 Sonnet", "a..b", "", "-x-", "é1é"] {
            assert!(key_is(name, &key(name)), "{name}");
        }
        assert!(!key_is("gpt-4o", "gpt-4o-mini"));
        assert!(!key_is("gpt-4o-mini", "gpt-4o"));
    }

    #[test]
    fn stamps_are_release_dates_and_versions_only() {
        let strip = |id: &str| strip_stamp(id);
        assert_eq!(
            strip("claude-sonnet-4-5-20250929").as_deref(),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(strip("gpt-4o-2024-08-06").as_deref(), Some("gpt-4o"));
        assert_eq!(
            strip("gemini-2.0-flash-001").as_deref(),
            Some("gemini-2.0-flash")
        );
        assert_eq!(
            strip("gemini-2.5-flash-preview-05-20").as_deref(),
            Some("gemini-2.5-flash-preview")
        );
        // Sizes and versions that are not release stamps stay.
        for id in [
            "gpt-3.5-turbo-0301",
            "codestral-2508",
            "llama-3-70b-8192",
            "gpt-4-32k",
            "deepseek-v3",
            "claude-3-5-sonnet",
            "0613",
        ] {
            assert_eq!(strip(id), None, "{id}");
        }
    }

    #[test]
    fn wrappers_come_off_one_at_a_time() {
        let groups = spellings("bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0");
        let firsts: Vec<&str> = groups.iter().map(|group| group[0].as_str()).collect();
        assert_eq!(
            firsts,
            [
                "bedrock-us-anthropic-claude-3-5-sonnet-20241022-v2-0",
                "us-anthropic-claude-3-5-sonnet-20241022-v2-0",
                "anthropic-claude-3-5-sonnet-20241022-v2-0",
                "anthropic-claude-3-5-sonnet-20241022",
                "claude-3-5-sonnet-20241022",
                "claude-3-5-sonnet",
            ]
        );
        assert_eq!(
            spellings("claude-3-5-sonnet-v2@20241022")[1][0],
            "claude-3-5-sonnet"
        );
        assert!(
            spellings("llama3:70b").len() == 1,
            "an unknown suffix stays"
        );
        assert_eq!(spellings("x:thinking")[1][0], "x");
        assert!(spellings("").is_empty());
        assert_eq!(
            spellings("ft:gpt-4o-mini-2024-07-18:org::abc")[1][0],
            "ft-gpt-4o-mini"
        );
    }

    #[test]
    fn claude_is_tried_in_both_word_orders() {
        assert_eq!(
            claude_orders("claude-3-5-sonnet"),
            ["claude-3-5-sonnet", "claude-sonnet-3-5"]
        );
        assert_eq!(
            claude_orders("claude-opus-4"),
            [
                "claude-opus-4",
                "claude-4-opus",
                "claude-opus-4-0",
                "claude-4-0-opus"
            ]
        );
        assert_eq!(
            claude_orders("claude-sonnet-4-0"),
            [
                "claude-sonnet-4-0",
                "claude-4-0-sonnet",
                "claude-sonnet-4",
                "claude-4-sonnet"
            ]
        );
        assert_eq!(claude_orders("claude-v1"), ["claude-v1"]);
        assert_eq!(claude_orders("claude-fable-5"), ["claude-fable-5"]);
        assert_eq!(
            claude_orders("claude-sonnet-4-5-foo"),
            ["claude-sonnet-4-5-foo", "claude-4-5-sonnet-foo"]
        );
    }
}
