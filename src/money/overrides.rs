//! The user's price overrides, as the computation takes them: edited prices of shipped
//! models and the user's own models. [`Catalog::with_overrides`] applies them.
//!
//! Must not know: how they are stored or exported (that is `formats::overrides`), the DOM.
//!
//! [`Catalog::with_overrides`]: crate::money::catalog::Catalog::with_overrides

use std::collections::BTreeMap;

use crate::money::catalog::{Model, PriceTier};
use crate::money::units::UsdPerMTok;

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
