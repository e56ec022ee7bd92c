//! Whether a call fits the model: its input tokens plus the output it is expected to
//! write, against the model's context window and maximum output.
//!
//! The rule (OpenAI, Anthropic, Google and Mistral all document the context window as the
//! input and the output together):
//! - the call fits when `input + output <= context_window` and `output <= max_output`;
//! - `room = context_window - input - output` is what is left (negative: by how much it is
//!   over);
//! - `share = (input + output) / context_window` is how full the window is;
//! - a limit the price data does not give is `None`, and is not checked.
//!
//! Must not know: where the limits come from (the catalog) or how they are shown.

/// How a call stands against a model's limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Input and output tokens together.
    pub total: u64,
    /// The input tokens.
    pub input: u64,
    /// The model's context window, if known.
    pub window: Option<u64>,
    /// `window - total`: tokens left (negative when over), if the window is known.
    pub room: Option<i128>,
    /// `total / window`, if the window is known and not zero.
    pub share: Option<f64>,
    /// The input alone is over the window: no output fits at all.
    pub input_over: bool,
    /// The expected output is over the model's maximum output, when that is known:
    /// `Some(max_output)`.
    pub output_over: Option<u64>,
}

impl Fit {
    /// Whether the call fits every limit that is known.
    pub fn fits(&self) -> bool {
        self.room.is_none_or(|room| room >= 0) && self.output_over.is_none()
    }
}

/// Checks `input` tokens plus `output` expected output tokens against `window` (the
/// context window) and `max_output`; the formulas are in the module doc.
pub fn fit(input: u64, output: u64, window: Option<u64>, max_output: Option<u64>) -> Fit {
    let total = input.saturating_add(output);
    let window = window.filter(|&window| window > 0);
    Fit {
        total,
        input,
        window,
        room: window.map(|window| i128::from(window) - i128::from(total)),
        share: window.map(|window| total as f64 / window as f64),
        input_over: window.is_some_and(|window| input > window),
        output_over: max_output.filter(|&max| output > max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_that_fits_gpt_4s_8k_window_leaves_the_difference() {
        // 7,000 + 500 = 7,500 of 8,192: 692 left, 91.55% full.
        let fit = fit(7_000, 500, Some(8_192), None);
        assert_eq!(fit.total, 7_500);
        assert_eq!(fit.room, Some(692));
        assert!((fit.share.unwrap() - 0.915_527_343_75).abs() < 1e-12);
        assert!(fit.fits());
        assert!(!fit.input_over);
    }

    #[test]
    fn input_that_fits_with_output_that_does_not_is_over_by_the_difference() {
        // 8,000 + 500 = 8,500: 308 over 8,192, though the input alone fits.
        let fit = fit(8_000, 500, Some(8_192), None);
        assert_eq!(fit.room, Some(-308));
        assert!(!fit.fits());
        assert!(!fit.input_over);
    }

    #[test]
    fn input_over_the_window_is_said_as_such() {
        let fit = fit(1_000_001, 0, Some(1_000_000), None);
        assert_eq!(fit.room, Some(-1));
        assert!(fit.input_over);
        assert!(!fit.fits());
    }

    #[test]
    fn a_million_token_window_holds_what_an_8k_one_does_not() {
        let fit = fit(8_000, 500, Some(1_000_000), None);
        assert_eq!(fit.room, Some(991_500));
        assert!((fit.share.unwrap() - 0.0085).abs() < 1e-12);
        assert!(fit.fits());
    }

    #[test]
    fn output_over_the_maximum_output_does_not_fit_even_in_a_large_window() {
        let fit = fit(100, 40_000, Some(200_000), Some(32_000));
        assert_eq!(fit.output_over, Some(32_000));
        assert!(!fit.fits());
        // Exactly the maximum is allowed.
        assert!(super::fit(100, 32_000, Some(200_000), Some(32_000)).fits());
    }

    #[test]
    fn unknown_limits_are_not_checked() {
        let fit = fit(u64::MAX, u64::MAX, None, None);
        assert_eq!(fit.total, u64::MAX);
        assert_eq!((fit.room, fit.share), (None, None));
        assert!(fit.fits());
        // A window of zero in the data is treated as unknown rather than divided by.
        assert_eq!(super::fit(1, 1, Some(0), None).window, None);
    }
}
