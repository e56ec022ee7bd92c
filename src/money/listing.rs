//! Searching, filtering and sorting the catalog for the Models view.

use std::cmp::Ordering;

use crate::money::catalog::{current, CapabilityTier, Catalog, Model};
use crate::money::cost::{blended_price, call_cost, monthly_cost, CallTokens, Workload};
use crate::money::units::{Usd, UsdPerMTok};
use crate::text::tokenize::Encoding;

/// A column to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The pickers' order ([`current::order`]): the major makers' current models newest
    /// first, then every other model by provider (makers first, then the user's own, then
    /// resellers).
    Catalog,
    /// Display name.
    Name,
    /// Provider name.
    Provider,
    /// Input price.
    Input,
    /// Output price.
    Output,
    /// Cached-input price (models without one sort last).
    CacheRead,
    /// Blended 3:1 price.
    Blended,
    /// Context window (models without one sort last).
    Context,
    /// Monthly cost of the workload.
    Workload,
}

impl SortKey {
    /// Every key, in column order.
    pub const ALL: [SortKey; 9] = [
        SortKey::Catalog,
        SortKey::Name,
        SortKey::Provider,
        SortKey::Input,
        SortKey::Output,
        SortKey::CacheRead,
        SortKey::Blended,
        SortKey::Context,
        SortKey::Workload,
    ];

    /// The name used in testids (`sort-<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            SortKey::Catalog => "default",
            SortKey::Name => "name",
            SortKey::Provider => "provider",
            SortKey::Input => "input",
            SortKey::Output => "output",
            SortKey::CacheRead => "cache-read",
            SortKey::Blended => "blended",
            SortKey::Context => "context",
            SortKey::Workload => "workload",
        }
    }
}

/// What to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Words that must all appear in the id, name or provider (case-insensitive).
    pub search: String,
    /// Only this provider id.
    pub provider: Option<String>,
    /// Only this capability tier.
    pub tier: Option<CapabilityTier>,
    /// Include deprecated and legacy models ([`current::is_legacy`]). Without it, legacy
    /// models are still listed when the search is not empty (a search finds them, as in
    /// the pickers); deprecated ones are not.
    pub include_deprecated: bool,
    /// Sort column.
    pub sort: SortKey,
    /// Largest first.
    pub descending: bool,
    /// The workload to price, if valid.
    pub workload: Option<Workload>,
}

/// One listed model, with the figures computed for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index into `catalog.models`.
    pub index: usize,
    /// Blended 3:1 price.
    pub blended: UsdPerMTok,
    /// Monthly cost of the query's workload.
    pub monthly: Option<Usd>,
}

/// The models matching `query`, sorted. Missing values (no cached price, unknown context
/// window) sort last in either direction; ties keep the pickers' order ([`current::order`]).
pub fn list(catalog: &Catalog, query: &Query) -> Vec<Row> {
    let words: Vec<String> = query
        .search
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let places = current::places(catalog);
    let show_legacy = query.include_deprecated || !words.is_empty();
    let mut rows: Vec<Row> = catalog
        .models
        .iter()
        .enumerate()
        .filter(|(_, model)| query.include_deprecated || !model.deprecated)
        .filter(|(_, model)| show_legacy || !current::is_legacy(model))
        .filter(|(_, model)| query.provider.as_ref().is_none_or(|p| &model.provider == p))
        .filter(|(_, model)| query.tier.is_none_or(|tier| model.tier == tier))
        .filter(|(_, model)| matches_words(model, &words))
        .map(|(index, model)| Row {
            index,
            blended: blended_price(&model.prices),
            monthly: query
                .workload
                .map(|workload| monthly_cost(model, &workload)),
        })
        .collect();
    rows.sort_by_key(|row| places[row.index]);
    rows.sort_by(|a, b| {
        let (ma, mb) = (&catalog.models[a.index], &catalog.models[b.index]);
        let ordering = match query.sort {
            SortKey::Catalog => Some(places[a.index].cmp(&places[b.index])),
            SortKey::Name => Some(ma.name.to_lowercase().cmp(&mb.name.to_lowercase())),
            SortKey::Provider => Some(
                ma.provider_name
                    .to_lowercase()
                    .cmp(&mb.provider_name.to_lowercase()),
            ),
            SortKey::Input => number(
                Some(ma.prices.input.dollars()),
                Some(mb.prices.input.dollars()),
            ),
            SortKey::Output => number(
                Some(ma.prices.output.dollars()),
                Some(mb.prices.output.dollars()),
            ),
            SortKey::CacheRead => number(
                ma.prices.cache_read.map(UsdPerMTok::dollars),
                mb.prices.cache_read.map(UsdPerMTok::dollars),
            ),
            SortKey::Blended => number(Some(a.blended.dollars()), Some(b.blended.dollars())),
            SortKey::Context => number(
                ma.context_window.map(|n| n as f64),
                mb.context_window.map(|n| n as f64),
            ),
            SortKey::Workload => number(a.monthly.map(Usd::dollars), b.monthly.map(Usd::dollars)),
        };
        match ordering {
            Some(ordering) if query.descending => ordering.reverse(),
            Some(ordering) => ordering,
            // One side has no value: it goes last whatever the direction.
            None => missing_last(a, b, query, catalog),
        }
    });
    rows
}

/// Which models to rank by the cost of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Models from their makers and the user's own ([`Catalog::first_party`]).
    FirstParty,
    /// Every model that is not deprecated, resellers and hosts included.
    All,
}

/// The text models in `scope` (see [`Model::is_for_text`]) with the cost of `call` on
/// each, cheapest first (ties keep catalog order), as indexes into `catalog.models`.
pub fn by_call_cost(catalog: &Catalog, call: CallTokens, scope: Scope) -> Vec<(usize, Usd)> {
    let mut rows: Vec<(usize, Usd)> = catalog
        .models
        .iter()
        .enumerate()
        .filter(|(_, model)| match scope {
            Scope::FirstParty => catalog.is_first_party(model),
            Scope::All => !model.deprecated,
        })
        // A prompt is priced on models that answer text, not on embedding or speech models.
        .filter(|(_, model)| model.is_for_text())
        .map(|(index, model)| (index, call_cost(model, call).total))
        .collect();
    rows.sort_by(|a, b| a.1.dollars().total_cmp(&b.1.dollars()));
    rows
}

/// One row of the Tokens view's "cheapest first" list ([`cheapest_first`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostRow {
    /// Index into `catalog.models`.
    pub index: usize,
    /// The cost of the call on it, at standard prices.
    pub cost: Usd,
    /// Whether the text's count is exact on this model: its own tokenizer reads text as
    /// `encoding` does (the same table; `o200k_harmony` reads text as `o200k_base`).
    pub exact: bool,
}

/// The text models in `scope`, exact counts first: [`by_call_cost`], then the models
/// whose count with `encoding` is exact for them ([`CostRow::exact`]) before those whose
/// count is an estimate, each part cheapest first (ties keep catalog order). In the
/// makers' scope ([`Scope::FirstParty`]) legacy models ([`current::is_legacy`]) are left
/// out too: the list is for choosing a model, and a superseded one is no choice.
pub fn cheapest_first(
    catalog: &Catalog,
    call: CallTokens,
    scope: Scope,
    encoding: Encoding,
) -> Vec<CostRow> {
    let mut rows: Vec<CostRow> = by_call_cost(catalog, call, scope)
        .into_iter()
        .filter(|(index, _)| scope == Scope::All || !current::is_legacy(&catalog.models[*index]))
        .map(|(index, cost)| CostRow {
            index,
            cost,
            exact: catalog.models[index]
                .tokenizer
                .offered_encoding()
                .is_some_and(|own| own.table_name() == encoding.table_name()),
        })
        .collect();
    // A stable sort: each part keeps its cheapest-first order.
    rows.sort_by_key(|row| !row.exact);
    rows
}

fn matches_words(model: &Model, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let haystack = format!("{} {} {}", model.id, model.name, model.provider_name).to_lowercase();
    words.iter().all(|word| haystack.contains(word.as_str()))
}

/// Compares two optional numbers; `None` when either is missing.
fn number(a: Option<f64>, b: Option<f64>) -> Option<Ordering> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.total_cmp(&b)),
        _ => None,
    }
}

fn missing_last(a: &Row, b: &Row, query: &Query, catalog: &Catalog) -> Ordering {
    let has = |row: &Row| {
        let model = &catalog.models[row.index];
        match query.sort {
            SortKey::CacheRead => model.prices.cache_read.is_some(),
            SortKey::Context => model.context_window.is_some(),
            SortKey::Workload => row.monthly.is_some(),
            _ => true,
        }
    };
    has(b).cmp(&has(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::units::Tokens;

    fn catalog() -> Catalog {
        Catalog::parse(
            r#"{"format":"burnrate-catalog","version":1,"as_of":"2026-11-10",
            "source":{"name":"n","version":"1","license":"MIT","url":"u"},"models":[
            {"id":"big","name":"Big One","provider":"acme","provider_name":"Acme","input":10,"output":30,"tier":"flagship","context_window":200000},
            {"id":"mid","name":"Middle","provider":"acme","provider_name":"Acme","input":1,"output":4,"cache_read":0.1},
            {"id":"tiny","name":"Tiny","provider":"zed","provider_name":"Zed","input":0.1,"output":0.4,"tier":"small","context_window":8000},
            {"id":"old","name":"Old Tiny","provider":"zed","provider_name":"Zed","input":0.05,"output":0.1,"tier":"small","deprecated":true}
            ]}"#,
        )
        .unwrap()
    }

    fn query() -> Query {
        Query {
            search: String::new(),
            provider: None,
            tier: None,
            include_deprecated: false,
            sort: SortKey::Name,
            descending: false,
            workload: None,
        }
    }

    fn ids(catalog: &Catalog, rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|row| catalog.models[row.index].id.clone())
            .collect()
    }

    #[test]
    fn search_matches_every_word_anywhere() {
        let catalog = catalog();
        let rows = list(
            &catalog,
            &Query {
                search: "acme ONE".into(),
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &rows), ["big"]);
        let rows = list(
            &catalog,
            &Query {
                search: "zed".into(),
                ..query()
            },
        );
        assert_eq!(
            ids(&catalog, &rows),
            ["tiny"],
            "deprecated hidden by default"
        );
        let rows = list(
            &catalog,
            &Query {
                search: "zed".into(),
                include_deprecated: true,
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &rows), ["old", "tiny"]);
    }

    #[test]
    fn the_default_order_is_the_catalogs() {
        let catalog = catalog();
        let rows = list(
            &catalog,
            &Query {
                sort: SortKey::Catalog,
                include_deprecated: true,
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &rows), ["big", "mid", "tiny", "old"]);
    }

    #[test]
    fn filters_by_provider_and_tier() {
        let catalog = catalog();
        let acme = list(
            &catalog,
            &Query {
                provider: Some("acme".into()),
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &acme), ["big", "mid"]);
        let small = list(
            &catalog,
            &Query {
                tier: Some(CapabilityTier::Small),
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &small), ["tiny"]);
    }

    #[test]
    fn sorts_by_price_either_way_with_missing_values_last() {
        let catalog = catalog();
        let cheap_first = list(
            &catalog,
            &Query {
                sort: SortKey::Blended,
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &cheap_first), ["tiny", "mid", "big"]);
        // Blended prices: tiny (0.3 + 0.4)/4 = 0.175; mid (3 + 4)/4 = 1.75; big (30 + 30)/4 = 15.
        assert!((cheap_first[0].blended.dollars() - 0.175).abs() < 1e-12);
        assert_eq!(cheap_first[2].blended.dollars(), 15.0);
        let context_desc = list(
            &catalog,
            &Query {
                sort: SortKey::Context,
                descending: true,
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &context_desc), ["big", "tiny", "mid"]);
        let context_asc = list(
            &catalog,
            &Query {
                sort: SortKey::Context,
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &context_asc), ["tiny", "big", "mid"]);
    }

    #[test]
    fn ranks_models_by_the_cost_of_a_call() {
        let catalog = catalog();
        let call = CallTokens {
            input: Tokens::new(1_000),
            output: Tokens::new(1_000),
        };
        // tiny: 1,000 × ($0.10 + $0.40) / M = $0.0005; mid: $0.005; big: $0.04; old
        // (deprecated) would be $0.00015 but is left out.
        let ranked = by_call_cost(&catalog, call, Scope::All);
        assert_eq!(
            ranked
                .iter()
                .map(|&(index, _)| catalog.models[index].id.as_str())
                .collect::<Vec<_>>(),
            ["tiny", "mid", "big"]
        );
        assert!((ranked[0].1.dollars() - 0.0005).abs() < 1e-12);
        assert!((ranked[2].1.dollars() - 0.04).abs() < 1e-12);
        // None of the test providers is a maker, so first party leaves nothing.
        assert!(by_call_cost(&catalog, call, Scope::FirstParty).is_empty());
    }

    #[test]
    fn prices_the_workload_per_model() {
        let catalog = catalog();
        let workload = Workload {
            call: CallTokens {
                input: Tokens::new(1_000),
                output: Tokens::new(500),
            },
            calls_per_month: 100_000,
        };
        let rows = list(
            &catalog,
            &Query {
                sort: SortKey::Workload,
                descending: true,
                workload: Some(workload),
                ..query()
            },
        );
        assert_eq!(ids(&catalog, &rows), ["big", "mid", "tiny"]);
        // big: 100,000 × (1,000 × $10 + 500 × $30) / M = 100,000 × $0.025 = $2,500.
        assert!((rows[0].monthly.unwrap().dollars() - 2_500.0).abs() < 1e-6);
    }

    #[test]
    fn prompts_are_priced_on_text_models_only() {
        let catalog = Catalog::shipped().unwrap();
        let call = CallTokens {
            input: Tokens::new(500),
            output: Tokens::new(300),
        };
        let ranked = by_call_cost(&catalog, call, Scope::FirstParty);
        let ranked_ids: Vec<&str> = ranked
            .iter()
            .map(|(index, _)| catalog.models[*index].id.as_str())
            .collect();
        assert!(ranked_ids.contains(&"gpt-4o"));
        assert!(!ranked_ids.contains(&"mistral-embed"), "an embedding model");
        assert!(ranked_ids.iter().all(|id| !id.contains("tts")));
    }

    // Regression: the Models & prices table opened on ada, babbage and davinci (catalog
    // order) and listed legacy models with "Show deprecated" off.
    #[test]
    fn the_default_order_is_the_pickers_and_legacy_waits_for_a_search() {
        let catalog = Catalog::shipped().unwrap();
        let query = Query {
            sort: SortKey::Catalog,
            ..query()
        };
        let rows = list(&catalog, &query);
        let listed = ids(&catalog, &rows);
        assert_eq!(listed[0], "gpt-6.1-sol");
        assert!(!listed.contains(&"ada".to_owned()), "legacy hidden");
        let ada = Query {
            search: "ada".into(),
            ..query.clone()
        };
        assert!(ids(&catalog, &list(&catalog, &ada)).contains(&"ada".to_owned()));
        let all = Query {
            include_deprecated: true,
            ..query
        };
        assert!(ids(&catalog, &list(&catalog, &all)).contains(&"ada".to_owned()));
    }

    #[test]
    fn cheapest_first_lists_exact_counts_first() {
        // Regression: "cheapest first" on the Tokens view was dominated by GLM and
        // Ministral estimates (GLM-4-FlashX first) while the text was counted with
        // o200k_base, and listed legacy models such as gemini-1.5-flash.
        let catalog = Catalog::shipped().unwrap();
        let call = CallTokens {
            input: Tokens::new(1_000),
            output: Tokens::new(300),
        };
        let rows = cheapest_first(&catalog, call, Scope::FirstParty, Encoding::O200kBase);
        let first = &catalog.models[rows[0].index];
        assert!(rows[0].exact, "{} first", first.id);
        assert_eq!(first.provider, "openai");
        let exact = rows.iter().take_while(|row| row.exact).count();
        assert!(exact > 10, "{exact} exact rows");
        assert!(
            rows[exact..].iter().all(|row| !row.exact),
            "estimates after"
        );
        for part in [&rows[..exact], &rows[exact..]] {
            assert!(part
                .windows(2)
                .all(|pair| pair[0].cost.dollars() <= pair[1].cost.dollars()));
        }
        let ids: Vec<&str> = rows
            .iter()
            .map(|row| catalog.models[row.index].id.as_str())
            .collect();
        let glm = ids
            .iter()
            .position(|id| *id == "GLM-4-FlashX-250414")
            .unwrap();
        assert!(
            glm >= exact,
            "GLM-4-FlashX is an estimate, after the exact rows"
        );
        assert!(!ids.contains(&"gemini-1.5-flash"), "legacy");
        assert!(!ids.contains(&"gemini-nano-banana-2.1"), "an image model");
        assert!(!ids.contains(&"voxtral-small-24b-2507"), "a speech model");
    }
}
