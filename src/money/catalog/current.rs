//! Which models are current, which are legacy, and the order every model picker and the
//! Models & prices table show them in.
//!
//! The catalog (`genai-prices`) has no release dates and no "legacy" flag, so both live
//! here, as tables written by hand from the makers' own pages, each row and rule with its
//! source. A test checks that every id of [`CURRENT`] is in the shipped catalog, so that a
//! price update that renames a model fails the build instead of silently dropping it.
//!
//! The order ([`standing`], [`order`]):
//! 1. the current models of the major makers ([`CURRENT`]), newest first (by release
//!    month, then as the table lists them);
//! 2. every other model, grouped by provider: the makers in [`MAKERS`] order, then the
//!    user's own models, then resellers and hosts in catalog order; within a group, the
//!    catalog's order, with legacy and deprecated models after the others.
//!
//! Legacy ([`is_legacy`]) and deprecated models are hidden by default; a search shows them.
//!
//! Must not know: the DOM or storage.

use super::{Catalog, Model, Origin, MAKERS};

/// One current model: its catalog id and its release month (`YYYY-MM`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Current {
    /// The catalog id (the maker's API id).
    pub id: &'static str,
    /// The month the maker released it (or opened it to the API), `YYYY-MM`.
    pub released: &'static str,
}

const fn row(id: &'static str, released: &'static str) -> Current {
    Current { id, released }
}

/// The makers' current models, by maker, each maker's newest first.
///
/// Sources (the makers' models and pricing pages, read for the lineup; the release month
/// from the maker's announcement where one is named):
/// - OpenAI: <https://platform.openai.com/docs/models> and
///   <https://openai.com/api/pricing/>. GPT-5.6 Sol/Terra/Luna: "Previewing GPT-5.6 Sol"
///   (<https://openai.com/index/previewing-gpt-5-6-sol/>, 26 June 2026). GPT-5.5: 23 April
///   2026. GPT-5: 7 August 2025 (<https://openai.com/index/introducing-gpt-5/>). gpt-oss:
///   5 August 2025. GPT-4.1: 14 April 2025. o3 and o4-mini: 16 April 2025. The GPT-6 rows
///   are on the pricing page of the shipped catalog (as of 2026-11-10); their month
///   (after GPT-5.6, before the catalog date) is not verified against an announcement.
/// - Anthropic: <https://docs.anthropic.com/en/docs/about-claude/models/overview> and
///   <https://www.anthropic.com/pricing#api>. Sonnet 4.5: 29 September 2025; Haiku 4.5:
///   15 October 2025; Opus 4.5: 24 November 2025; Claude 5.5 models: September 2026 (the
///   models overview lists Opus 5.5, Sonnet 5.5 and Haiku 5.5 as latest). The months of
///   the 4.6 to 5.2 releases are those of the models overview's "latest" snapshots and
///   are not verified against an announcement each.
/// - Google: <https://ai.google.dev/gemini-api/docs/models> and
///   <https://ai.google.dev/gemini-api/docs/pricing>. Gemini 4 Argon: announced 30
///   September 2026. Gemini 2.5 Pro and Flash: generally available 17 June 2025; 2.5 Flash
///   Lite: 22 July 2025; Gemini 3 Flash: December 2025. The 3.x Flash months are not
///   verified against an announcement each.
/// - Mistral: <https://docs.mistral.ai/getting-started/models/models_overview/> (the
///   month is in the id: `-2512` is December 2025, `-2603` March 2026).
/// - DeepSeek: <https://api-docs.deepseek.com/quick_start/pricing>. V3.2: 1 December 2025.
/// - xAI: <https://docs.x.ai/docs/models>. Grok 4.1 Fast: 19 November 2025; Grok Code
///   Fast 1: 28 August 2025.
///
/// Only chat and reasoning models are listed: speech, image and embedding models are not
/// "current models" for a text price comparison (they stay in their maker's group).
pub const CURRENT: &[Current] = &[
    // OpenAI
    row("gpt-6.1-sol", "2026-11"),
    row("gpt-6.1-terra", "2026-11"),
    row("gpt-6-sol", "2026-10"),
    row("gpt-6-luna", "2026-10"),
    row("gpt-5.6-sol", "2026-06"),
    row("gpt-5.6-terra", "2026-06"),
    row("gpt-5.6-luna", "2026-06"),
    row("gpt-5.5", "2026-04"),
    row("gpt-5.4", "2026-03"),
    row("gpt-5.4-mini", "2026-03"),
    row("gpt-5.4-nano", "2026-03"),
    row("gpt-5", "2025-08"),
    row("gpt-5-mini", "2025-08"),
    row("gpt-5-nano", "2025-08"),
    row("gpt-oss-120b", "2025-08"),
    row("gpt-oss-20b", "2025-08"),
    row("o3", "2025-04"),
    row("o4-mini", "2025-04"),
    row("gpt-4.1", "2025-04"),
    row("gpt-4.1-mini", "2025-04"),
    row("gpt-4.1-nano", "2025-04"),
    // Anthropic
    row("claude-opus-5-5", "2026-09"),
    row("claude-sonnet-5-5", "2026-09"),
    row("claude-haiku-5-5", "2026-09"),
    row("claude-opus-5", "2026-07"),
    row("claude-sonnet-5", "2026-07"),
    row("claude-opus-4-8", "2026-05"),
    row("claude-sonnet-4-6", "2026-02"),
    row("claude-haiku-4-5", "2025-10"),
    row("claude-sonnet-4-5", "2025-09"),
    // Google
    row("gemini-4-argon", "2026-09"),
    row("gemini-3.8-flash", "2026-09"),
    row("gemini-3.5-flash", "2026-05"),
    row("gemini-3.5-flash-lite", "2026-05"),
    row("gemini-3.1-pro-preview", "2026-02"),
    row("gemini-3.1-flash-lite", "2026-03"),
    row("gemini-3-flash-preview", "2025-12"),
    row("gemini-2.5-pro", "2025-06"),
    row("gemini-2.5-flash", "2025-06"),
    row("gemini-2.5-flash-lite", "2025-07"),
    // Mistral
    row("mistral-medium-3-5", "2026-06"),
    row("mistral-small-2603", "2026-03"),
    row("mistral-large-2512", "2025-12"),
    row("ministral-14b-2512", "2025-12"),
    row("ministral-8b-2512", "2025-12"),
    row("ministral-3b-2512", "2025-12"),
    // DeepSeek
    row("deepseek-v4-pro", "2026-04"),
    row("deepseek-v4-flash", "2026-04"),
    row("deepseek-v3.2", "2025-12"),
    // xAI
    row("grok-4.7", "2026-10"),
    row("grok-4-1-fast-reasoning", "2025-11"),
    row("grok-4-1-fast-non-reasoning", "2025-11"),
    row("grok-code-fast-1", "2025-08"),
];

/// A legacy rule: API ids that start with `prefix` (or equal it, with `exact`) are legacy.
struct LegacyRule {
    prefix: &'static str,
    exact: bool,
}

const fn starts(prefix: &'static str) -> LegacyRule {
    LegacyRule {
        prefix,
        exact: false,
    }
}

const fn exactly(prefix: &'static str) -> LegacyRule {
    LegacyRule {
        prefix,
        exact: true,
    }
}

/// Superseded families, as the makers name them on their own legacy and deprecation pages.
/// Matched against the model's API id in lower case, without a `provider/` prefix (so a
/// reseller's `openai/gpt-3.5-turbo` is legacy too), and without a `ft:` prefix.
///
/// - OpenAI, <https://platform.openai.com/docs/deprecations> and the "Legacy" part of
///   <https://platform.openai.com/docs/models>: the GPT-3 base models (`ada`, `babbage`,
///   `curie`, `davinci` and their `-002` successors), `text-*` and `code-*` completions,
///   every GPT-3.5, GPT-4 (`gpt-4`, `gpt-4-32k`, `gpt-4-turbo`, `gpt-4-vision-preview`,
///   `gpt-4-0314`…), GPT-4.5 Preview, o1-preview, o1-mini and `chatgpt-4o-latest`.
/// - Anthropic, <https://docs.anthropic.com/en/docs/about-claude/model-deprecations>:
///   Claude 1 (`claude-v1`, `claude-1*`), Claude 2, Claude Instant and every Claude 3
///   (`claude-3-*`, including 3.5 and 3.7).
/// - Google, <https://ai.google.dev/gemini-api/docs/changelog> and Vertex AI's "Model
///   versions and lifecycle": PaLM (`*-bison`), Gemini 1.0 (`gemini-pro`,
///   `gemini-1.0-*`), Gemini 1.5 (`gemini-1.5-*`, `gemini-pro-1.5`, `gemini-flash-1.5*`)
///   and Gemini 2.0 (`gemini-2.0-*`).
/// - Mistral, the "Legacy models" table of
///   <https://docs.mistral.ai/getting-started/models/models_overview/>: Mistral 7B,
///   Mixtral 8x7B and 8x22B, Mistral Medium 2312, `mistral-tiny`.
const LEGACY: &[LegacyRule] = &[
    // OpenAI
    starts("ada"),
    starts("babbage"),
    starts("curie"),
    starts("davinci"),
    starts("text-"),
    starts("code-"),
    starts("gpt-3.5"),
    exactly("gpt-4"),
    starts("gpt-4-"),
    starts("gpt-4.5"),
    starts("o1-preview"),
    starts("o1-mini"),
    starts("chatgpt-4o"),
    // Anthropic
    starts("claude-v1"),
    starts("claude-1"),
    starts("claude-2"),
    starts("claude-instant"),
    starts("claude-3-"),
    starts("claude-3."),
    // Google
    starts("chat-bison"),
    starts("text-bison"),
    exactly("gemini-pro"),
    starts("gemini-1.0"),
    starts("gemini-1.5"),
    starts("gemini-pro-1.5"),
    starts("gemini-flash-1.5"),
    starts("gemini-2.0"),
    // Mistral
    starts("mistral-7b"),
    starts("open-mistral-7b"),
    starts("mixtral-8x"),
    starts("open-mixtral"),
    starts("mistral-medium-2312"),
    starts("mistral-tiny"),
];

/// Whether `model` belongs to a superseded family that its maker lists as legacy (the
/// rules and their sources are in [`LEGACY`]'s doc). A custom model is never legacy.
pub fn is_legacy(model: &Model) -> bool {
    if model.origin == Origin::Custom {
        return false;
    }
    let id = api_id(&model.model);
    LEGACY.iter().any(|rule| {
        if rule.exact {
            id == rule.prefix
        } else {
            id.starts_with(rule.prefix)
        }
    })
}

/// The API id in lower case, without `provider/` or `ft:` prefixes.
fn api_id(model: &str) -> String {
    let lower = model.trim().to_lowercase();
    let base = lower.rsplit('/').next().unwrap_or(&lower);
    base.strip_prefix("ft:").unwrap_or(base).to_owned()
}

/// The [`CURRENT`] row of a catalog id, with its place in the table.
pub fn current(id: &str) -> Option<(usize, &'static Current)> {
    CURRENT.iter().enumerate().find(|(_, row)| row.id == id)
}

/// Where a model stands in the pickers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// A current model of a major maker ([`CURRENT`]).
    Current,
    /// Any other model that is neither legacy nor deprecated.
    Other,
    /// A superseded family ([`is_legacy`]).
    Legacy,
    /// Deprecated by its provider (the catalog's flag).
    Deprecated,
}

impl Standing {
    /// Whether a picker shows it without a search.
    pub fn shown_by_default(self) -> bool {
        matches!(self, Standing::Current | Standing::Other)
    }

    /// The tag a picker writes after its name: "legacy", "deprecated", or nothing.
    pub fn tag(self) -> Option<&'static str> {
        match self {
            Standing::Legacy => Some("legacy"),
            Standing::Deprecated => Some("deprecated"),
            Standing::Current | Standing::Other => None,
        }
    }
}

/// A model's standing. A maker's current model is [`Standing::Current`] only when the
/// model is the maker's own listing (not a reseller's copy with the same id) and not
/// deprecated; deprecated wins over legacy.
pub fn standing(model: &Model) -> Standing {
    if model.deprecated {
        Standing::Deprecated
    } else if model.origin != Origin::Custom
        && MAKERS.contains(&model.provider.as_str())
        && current(&model.id).is_some()
    {
        Standing::Current
    } else if is_legacy(model) {
        Standing::Legacy
    } else {
        Standing::Other
    }
}

/// The sort key of a model in [`order`]: section (0 current, 1 maker, 2 the user's own,
/// 3 reseller), then within the section, as the module doc says.
fn rank(model: &Model, index: usize) -> (u8, String, usize, bool, usize) {
    let standing = standing(model);
    if standing == Standing::Current {
        let (place, row) = current(&model.id).unwrap_or((usize::MAX, &CURRENT[0]));
        // Newest first: the month's complement sorts descending as text ascending.
        let newest_first: String = row
            .released
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| char::from(b'9' - d as u8)))
            .collect();
        return (0, newest_first, place, false, index);
    }
    let hidden = !standing.shown_by_default();
    if model.origin == Origin::Custom {
        return (2, String::new(), 0, hidden, index);
    }
    match MAKERS.iter().position(|maker| *maker == model.provider) {
        Some(place) => (1, String::new(), place, hidden, index),
        None => (3, String::new(), 0, hidden, index),
    }
}

/// Every model of `catalog` as indexes into `catalog.models`, in the pickers' order (the
/// module doc): current models newest first, then by provider.
pub fn order(catalog: &Catalog) -> Vec<usize> {
    let mut indexes: Vec<usize> = (0..catalog.models.len()).collect();
    indexes.sort_by_cached_key(|&index| rank(&catalog.models[index], index));
    indexes
}

/// A model's place in [`order`] for each index of `catalog.models` (`places[index]`).
pub fn places(catalog: &Catalog) -> Vec<usize> {
    let mut places = vec![0; catalog.models.len()];
    for (place, index) in order(catalog).into_iter().enumerate() {
        places[index] = place;
    }
    places
}

/// Whether `query` matches `model`: every word of it (split on white space) appears,
/// case-insensitively, in the model's name, catalog id, API id or provider name. An empty
/// query matches every model.
pub fn matches_search(model: &Model, query: &str) -> bool {
    let haystack = format!(
        "{} {} {} {} {}",
        model.name, model.id, model.model, model.provider_name, model.provider
    )
    .to_lowercase();
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

/// One option of a model picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickerOption {
    /// The catalog id (the option's value).
    pub id: String,
    /// The text shown.
    pub label: String,
    /// Its standing.
    pub standing: Standing,
    /// What a search is matched against, in lower case.
    pub haystack: String,
}

impl PickerOption {
    /// Whether the option is shown for `query` ([`matches_search`]'s rule), when `chosen`
    /// is the picked id: the picked option always; with an empty query the current and
    /// other models; with a query every model that matches it, legacy and deprecated
    /// included.
    pub fn visible(&self, query: &str, chosen: &str) -> bool {
        self.id == chosen || self.matches(query)
    }

    /// Whether the option answers `query` alone: with an empty query, the current and
    /// other models; else the models whose name, ids or provider hold every word of it.
    pub fn matches(&self, query: &str) -> bool {
        if query.trim().is_empty() {
            return self.standing.shown_by_default();
        }
        query
            .split_whitespace()
            .all(|word| self.haystack.contains(&word.to_lowercase()))
    }
}

/// A group of picker options (an `<optgroup>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickerGroup {
    /// The group's label: "Current models" or the provider's name.
    pub label: String,
    /// Its options, in order.
    pub options: Vec<PickerOption>,
}

/// The label of the "current models" group.
pub const CURRENT_GROUP: &str = "Current models, newest first";

/// A picker's text for a model: its name, then its id when the id says something the name
/// does not (compared as `model_ids::key`s, so "Claude Sonnet 4.5" and
/// `claude-sonnet-4-5` are the same), then the provider in the current group, then
/// "legacy" or "deprecated".
pub fn picker_label(model: &Model, with_provider: bool) -> String {
    let mut label = model.name.clone();
    if super::model_ids::key(&model.name) != super::model_ids::key(&model.id) {
        label.push_str(" — ");
        label.push_str(&model.id);
    }
    if with_provider {
        label.push_str(" · ");
        label.push_str(&model.provider_name);
    }
    if let Some(tag) = standing(model).tag() {
        label.push_str(" (");
        label.push_str(tag);
        label.push(')');
    }
    label
}

/// The options of a model picker: the makers' models and the user's own (every
/// deprecated and legacy one included, hidden by [`PickerOption::visible`] until a search
/// asks for them), in [`order`], grouped: the current models first, then one group per
/// provider. Resellers' copies are left out, as they always were from pickers.
pub fn picker_groups(catalog: &Catalog) -> Vec<PickerGroup> {
    let mut groups: Vec<PickerGroup> = Vec::new();
    for index in order(catalog) {
        let model = &catalog.models[index];
        let first_party =
            model.origin == Origin::Custom || MAKERS.contains(&model.provider.as_str());
        if !first_party {
            continue;
        }
        let standing = standing(model);
        let label = if standing == Standing::Current {
            CURRENT_GROUP.to_owned()
        } else {
            model.provider_name.clone()
        };
        let option = PickerOption {
            id: model.id.clone(),
            label: picker_label(model, standing == Standing::Current),
            standing,
            haystack: format!(
                "{} {} {} {} {}",
                model.name, model.id, model.model, model.provider_name, model.provider
            )
            .to_lowercase(),
        };
        match groups.last_mut() {
            Some(group) if group.label == label => group.options.push(option),
            _ => groups.push(PickerGroup {
                label,
                options: vec![option],
            }),
        }
    }
    groups
}

/// "12 of 340 models", or "No model matches": the note beside a picker's search box,
/// counting the options that [`PickerOption::matches`] `query` (the chosen option, always
/// shown, is not counted unless it matches).
pub fn picker_count(groups: &[PickerGroup], query: &str) -> String {
    let options = || groups.iter().flat_map(|group| &group.options);
    let total = options().count();
    let matching = options().filter(|option| option.matches(query)).count();
    if matching == 0 && !query.trim().is_empty() {
        "No model matches".to_owned()
    } else {
        format!("{matching} of {total} models")
    }
}

#[cfg(test)]
#[path = "current_tests.rs"]
mod tests;
