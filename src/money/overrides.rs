//! The user's price overrides, as the computation takes them: edited prices of shipped
//! models and the user's own models. [`Catalog::with_overrides`] applies them. Also the
//! one reader of the price editor's long-context tiers ([`tiers_from_text`]).
//!
//! Must not know: how they are stored or exported (that is `formats::overrides`), the DOM.
//!
//! [`Catalog::with_overrides`]: crate::money::catalog::Catalog::with_overrides

use std::collections::BTreeMap;

use crate::form::{self, FieldError};
use crate::money::catalog::{Model, PriceTier};
use crate::money::units::{Tokens, UsdPerMTok};

/// New prices for a shipped model; `None` keeps the shipped price.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PriceEdit {
    /// Input price per million tokens.
    pub input: Option<UsdPerMTok>,
    /// Output price per million tokens.
    pub output: Option<UsdPerMTok>,
    /// Cached-input price per million tokens.
    pub cache_read: Option<UsdPerMTok>,
    /// The long-context tiers, replacing the shipped ones (`Some` of an empty list: no
    /// tiers). `None`, as in edits written before tiers could be edited: the shipped
    /// tiers are dropped when a price is edited (they were priced for the shipped base
    /// prices) and kept otherwise.
    pub tiers: Option<Vec<PriceTier>>,
}

/// Everything the user changed about prices.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// Edited prices, by catalog id.
    pub edits: BTreeMap<String, PriceEdit>,
    /// Models the user added, in the order added.
    pub custom: Vec<Model>,
}

impl Overrides {
    /// No overrides at all.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.custom.is_empty()
    }
}

/// The price editor's text for one long-context tier, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TierText {
    /// The input-token threshold: the tier applies to a call whose input is above it.
    pub above: String,
    /// Input price per million tokens in the tier; empty keeps the base price.
    pub input: String,
    /// Output price per million tokens in the tier; empty keeps the base price.
    pub output: String,
    /// Cached-input price per million tokens in the tier; empty keeps the base price.
    pub cache_read: String,
    /// The tier's 5-minute cache-write price, which the editor does not show: kept as it
    /// was.
    pub cache_write_5m: Option<UsdPerMTok>,
    /// The tier's 1-hour cache-write price, kept likewise.
    pub cache_write_1h: Option<UsdPerMTok>,
}

impl TierText {
    /// The editor's text for `tier`.
    pub fn of(tier: &PriceTier) -> TierText {
        let text = |price: Option<UsdPerMTok>| {
            price
                .map(|price| price.dollars().to_string())
                .unwrap_or_default()
        };
        TierText {
            above: tier.above.get().to_string(),
            input: text(tier.input),
            output: text(tier.output),
            cache_read: text(tier.cache_read),
            cache_write_5m: tier.cache_write_5m,
            cache_write_1h: tier.cache_write_1h,
        }
    }
}

/// What is wrong with one tier's fields; `None` where a field is fine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TierErrors {
    /// The threshold's problem.
    pub above: Option<FieldError>,
    /// The input price's problem, or that the tier sets neither input nor output.
    pub input: Option<FieldError>,
    /// The output price's problem.
    pub output: Option<FieldError>,
    /// The cached-input price's problem.
    pub cache_read: Option<FieldError>,
}

impl TierErrors {
    /// Whether every field is fine.
    pub fn is_empty(&self) -> bool {
        self == &TierErrors::default()
    }
}

/// Reads the price editor's tiers: each threshold a whole number of 1 or more
/// ([`form::whole_number`]) and not the same as an earlier tier's; each price empty or a
/// price ([`form::optional_price`]); a tier must set an input or an output price (a tier
/// that sets neither changes nothing). The tiers come back sorted by threshold, as the
/// catalog keeps them. On any error, the errors of every tier, in the order given (one
/// [`TierErrors`] per tier, empty for a tier that is fine), so that each message can be
/// shown next to its field.
pub fn tiers_from_text(rows: &[TierText]) -> Result<Vec<PriceTier>, Vec<TierErrors>> {
    let mut tiers = Vec::with_capacity(rows.len());
    let mut errors = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let number = index + 1;
        let mut row_errors = TierErrors::default();
        let field = |name: &str| format!("tier {number} {name}");
        let above = match form::whole_number(&row.above, &field("threshold")) {
            Ok(0) => {
                row_errors.above = Some(FieldError {
                    field: field("threshold"),
                    problem: "must be 1 or more: a tier applies above a number of input tokens"
                        .to_owned(),
                });
                None
            }
            Ok(above) => {
                match tiers
                    .iter()
                    .position(|tier: &PriceTier| tier.above.get() == above)
                {
                    Some(earlier) => {
                        row_errors.above = Some(FieldError {
                            field: field("threshold"),
                            problem: format!("is the same as tier {}'s", earlier + 1),
                        });
                        None
                    }
                    None => Some(above),
                }
            }
            Err(error) => {
                row_errors.above = Some(error);
                None
            }
        };
        let mut price =
            |raw: &str, name: &str, slot: fn(&mut TierErrors) -> &mut Option<FieldError>| {
                match form::optional_price(raw, &field(name)) {
                    Ok(price) => price,
                    Err(error) => {
                        *slot(&mut row_errors) = Some(error);
                        None
                    }
                }
            };
        let input = price(&row.input, "input price", |errors| &mut errors.input);
        let output = price(&row.output, "output price", |errors| &mut errors.output);
        let cache_read = price(&row.cache_read, "cached price", |errors| {
            &mut errors.cache_read
        });
        if row.input.trim().is_empty() && row.output.trim().is_empty() {
            row_errors.input = Some(FieldError {
                field: field("prices"),
                problem: "are missing: give an input or an output price".to_owned(),
            });
        }
        match above {
            Some(above) if row_errors.is_empty() => tiers.push(PriceTier {
                above: Tokens::new(above),
                input,
                output,
                cache_read,
                cache_write_5m: row.cache_write_5m,
                cache_write_1h: row.cache_write_1h,
            }),
            // A placeholder keeps the positions of later tiers for the duplicate check.
            Some(above) => tiers.push(PriceTier {
                above: Tokens::new(above),
                input: None,
                output: None,
                cache_read: None,
                cache_write_5m: None,
                cache_write_1h: None,
            }),
            None => tiers.push(PriceTier {
                above: Tokens::new(u64::MAX),
                input: None,
                output: None,
                cache_read: None,
                cache_write_5m: None,
                cache_write_1h: None,
            }),
        }
        errors.push(row_errors);
    }
    if errors.iter().all(TierErrors::is_empty) {
        tiers.sort_by_key(|tier| tier.above);
        Ok(tiers)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(above: &str, input: &str, output: &str, cache_read: &str) -> TierText {
        TierText {
            above: above.into(),
            input: input.into(),
            output: output.into(),
            cache_read: cache_read.into(),
            ..TierText::default()
        }
    }

    fn message(error: &Option<FieldError>) -> Option<String> {
        error.as_ref().map(ToString::to_string)
    }

    #[test]
    fn tiers_are_read_and_sorted() {
        let tiers = tiers_from_text(&[
            row("300,000", "8", "30", ""),
            row("200000", "$6", "22.50", "0.6"),
        ])
        .unwrap();
        assert_eq!(tiers.len(), 2);
        assert_eq!(tiers[0].above, Tokens::new(200_000));
        assert_eq!(tiers[0].input.unwrap().dollars(), 6.0);
        assert_eq!(tiers[0].output.unwrap().dollars(), 22.5);
        assert_eq!(tiers[0].cache_read.unwrap().dollars(), 0.6);
        assert_eq!(tiers[1].above, Tokens::new(300_000));
        assert_eq!(tiers[1].cache_read, None);
        // A tier may set only one price; the other stays the base price.
        let input_only = tiers_from_text(&[row("1000", "2", "", "")]).unwrap();
        assert_eq!(input_only[0].output, None);
        assert_eq!(tiers_from_text(&[]), Ok(Vec::new()));
    }

    #[test]
    fn a_tiers_unshown_cache_write_prices_are_kept() {
        let tier = PriceTier {
            above: Tokens::new(200_000),
            input: Some(UsdPerMTok::new(6.0).unwrap()),
            output: Some(UsdPerMTok::new(22.5).unwrap()),
            cache_read: None,
            cache_write_5m: Some(UsdPerMTok::new(7.5).unwrap()),
            cache_write_1h: Some(UsdPerMTok::new(12.0).unwrap()),
        };
        assert_eq!(tiers_from_text(&[TierText::of(&tier)]), Ok(vec![tier]));
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let errors = tiers_from_text(&[
            row("200000", "6", "22.5", ""),
            row("0", "-1", "abc", "NaN"),
            row("200,000", "", "", ""),
            row("", "1", "", "1e400"),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 4);
        assert!(errors[0].is_empty());
        assert_eq!(
            message(&errors[1].above).unwrap(),
            "Tier 2 threshold must be 1 or more: a tier applies above a number of input tokens"
        );
        assert_eq!(
            message(&errors[1].input).unwrap(),
            "Tier 2 input price must be 0 or more, got \"-1\""
        );
        assert_eq!(
            message(&errors[1].output).unwrap(),
            "Tier 2 output price must be a number of dollars, such as 2.50, got \"abc\""
        );
        assert!(message(&errors[1].cache_read).unwrap().contains("NaN"));
        assert_eq!(
            message(&errors[2].above).unwrap(),
            "Tier 3 threshold is the same as tier 1's"
        );
        assert_eq!(
            message(&errors[2].input).unwrap(),
            "Tier 3 prices are missing: give an input or an output price"
        );
        assert_eq!(
            message(&errors[3].above).unwrap(),
            "Tier 4 threshold is required"
        );
        assert!(message(&errors[3].cache_read).unwrap().contains("1e400"));
        assert_eq!(errors[3].input, None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panicking(
            rows in proptest::collection::vec(("\\PC{0,12}", "\\PC{0,8}", "\\PC{0,8}", "\\PC{0,8}"), 0..5)
        ) {
            let rows: Vec<TierText> = rows
                .into_iter()
                .map(|(above, input, output, cache_read)| row(&above, &input, &output, &cache_read))
                .collect();
            let _ = tiers_from_text(&rows);
        }
    }
}
