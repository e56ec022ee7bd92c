//! Plain counts of a text: characters, words, bytes and lines.

/// Counts that need no tokenizer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Unicode scalar values (what Rust calls `char`s).
    pub chars: usize,
    /// Runs of non-whitespace.
    pub words: usize,
    /// UTF-8 bytes.
    pub bytes: usize,
    /// Lines: newlines + 1, or 0 for empty text.
    pub lines: usize,
}

/// Counts `text`.
pub fn stats(text: &str) -> TextStats {
    TextStats {
        chars: text.chars().count(),
        words: text.split_whitespace().count(),
        bytes: text.len(),
        lines: if text.is_empty() {
            0
        } else {
            text.bytes().filter(|&b| b == b'\n').count() + 1
        },
    }
}

/// Characters per token, the usual measure of how well an encoding fits a text; `None`
/// for no tokens.
pub fn chars_per_token(chars: usize, tokens: usize) -> Option<f64> {
    (tokens > 0).then(|| chars as f64 / tokens as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        let counted = stats("héllo wörld 🔥\nnext");
        assert_eq!(counted.chars, 18);
        assert_eq!(counted.bytes, 23);
        assert_eq!(counted.words, 4);
        assert_eq!(counted.lines, 2);
        assert_eq!(stats(""), TextStats::default());
        assert_eq!(stats("   \n\t ").words, 0);
    }

    #[test]
    fn chars_per_token_is_a_plain_ratio() {
        assert_eq!(chars_per_token(10, 4), Some(2.5));
        assert_eq!(chars_per_token(10, 0), None);
    }
}
