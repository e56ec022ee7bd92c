//! Units as types, so that a price per million tokens can never be added to a dollar
//! amount, and so that no value of these types is NaN, infinite or negative.

use std::fmt;
use std::ops::{Add, Sub};

/// Tokens per million: the unit every price in the catalog is quoted in.
pub const TOKENS_PER_MILLION: f64 = 1_000_000.0;

/// A count of tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tokens(u64);

impl Tokens {
    /// `count` tokens.
    pub const fn new(count: u64) -> Tokens {
        Tokens(count)
    }

    /// The count as an integer.
    pub const fn get(self) -> u64 {
        self.0
    }
}

/// An amount of US dollars. Finite, and negative only when it is a difference (a saving
/// that turned out to be a cost); constructors reject NaN and infinities.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Usd(f64);

impl Usd {
    /// Zero dollars.
    pub const ZERO: Usd = Usd(0.0);

    /// `dollars`, if finite.
    pub fn new(dollars: f64) -> Option<Usd> {
        dollars.is_finite().then_some(Usd(dollars))
    }

    /// The amount in dollars.
    pub fn dollars(self) -> f64 {
        self.0
    }

    /// This amount `times` times (for example the cost of one call times calls per month).
    /// Saturates to `f64::MAX` rather than becoming infinite.
    pub fn times(self, times: f64) -> Usd {
        Usd((self.0 * times).clamp(-f64::MAX, f64::MAX))
    }
}

impl Add for Usd {
    type Output = Usd;
    fn add(self, other: Usd) -> Usd {
        Usd((self.0 + other.0).clamp(-f64::MAX, f64::MAX))
    }
}

impl Sub for Usd {
    type Output = Usd;
    fn sub(self, other: Usd) -> Usd {
        Usd((self.0 - other.0).clamp(-f64::MAX, f64::MAX))
    }
}

/// A price in US dollars per million tokens: finite and zero or more.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct UsdPerMTok(f64);

/// Why a number is not a valid price.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PriceError {
    /// NaN or infinite.
    NotFinite,
    /// Below zero.
    Negative(f64),
}

impl fmt::Display for PriceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriceError::NotFinite => write!(f, "must be a finite number"),
            PriceError::Negative(value) => write!(f, "must be 0 or more, got {value}"),
        }
    }
}

impl UsdPerMTok {
    /// A price of `dollars` per million tokens, if finite and not negative.
    pub fn new(dollars: f64) -> Result<UsdPerMTok, PriceError> {
        if !dollars.is_finite() {
            Err(PriceError::NotFinite)
        } else if dollars < 0.0 {
            Err(PriceError::Negative(dollars))
        } else {
            // Normalises -0.0 to 0.0 so that it prints as "0".
            Ok(UsdPerMTok(dollars + 0.0))
        }
    }

    /// The price in dollars per million tokens.
    pub fn dollars(self) -> f64 {
        self.0
    }

    /// The cost of `tokens` at this price: `price × tokens / 1,000,000`.
    pub fn cost_of(self, tokens: Tokens) -> Usd {
        Usd((self.0 * tokens.0 as f64 / TOKENS_PER_MILLION).min(f64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_per_million_costs_a_millionth_per_token() {
        let price = UsdPerMTok::new(2.5).unwrap();
        assert_eq!(
            price.cost_of(Tokens::new(1_000_000)),
            Usd::new(2.5).unwrap()
        );
        assert_eq!(price.cost_of(Tokens::new(1_000)).dollars(), 0.0025);
        assert_eq!(price.cost_of(Tokens::new(0)), Usd::ZERO);
    }

    #[test]
    fn prices_reject_nan_infinity_and_negatives() {
        assert_eq!(UsdPerMTok::new(f64::NAN), Err(PriceError::NotFinite));
        assert_eq!(UsdPerMTok::new(f64::INFINITY), Err(PriceError::NotFinite));
        assert_eq!(UsdPerMTok::new(-1.0), Err(PriceError::Negative(-1.0)));
        assert_eq!(UsdPerMTok::new(0.0).unwrap().dollars(), 0.0);
        assert!(UsdPerMTok::new(-0.0).unwrap().dollars().is_sign_positive());
    }

    #[test]
    fn dollar_amounts_stay_finite() {
        assert_eq!(Usd::new(f64::NAN), None);
        let huge = Usd::new(f64::MAX).unwrap();
        assert!((huge + huge).dollars().is_finite());
        assert!(huge.times(10.0).dollars().is_finite());
        let price = UsdPerMTok::new(f64::MAX).unwrap();
        assert!(price.cost_of(Tokens::new(u64::MAX)).dollars().is_finite());
    }
}
