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

impl TextStats {
    /// The counts of this text followed by `next`, when no word runs across the join
    /// (as at the safe points of `text::chunks::split`, which follow a newline).
    pub fn joined(self, next: TextStats) -> TextStats {
        TextStats {
            chars: self.chars + next.chars,
            words: self.words + next.words,
            bytes: self.bytes + next.bytes,
            // lines = newlines + 1 on each side, so the join counts one line fewer.
            lines: match (self.bytes, next.bytes) {
                (0, _) => next.lines,
                (_, 0) => self.lines,
                _ => self.lines + next.lines - 1,
            },
        }
    }
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

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character
/// boundary.
pub fn prefix(text: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The byte offset in `text` of the position `utf16` UTF-16 code units from its start (as
/// browsers count text positions), clamped to the text and to a character boundary.
pub fn byte_offset_of_utf16(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (offset, c) in text.char_indices() {
        if units >= utf16 {
            return offset;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod offset_tests {
    use super::*;

    #[test]
    fn prefixes_never_split_a_character() {
        assert_eq!(prefix("héllo", 2), "h");
        assert_eq!(prefix("héllo", 3), "hé");
        assert_eq!(prefix("abc", 10), "abc");
        assert_eq!(prefix("", 3), "");
    }

    #[test]
    fn utf16_positions_map_to_bytes() {
        let text = "a🔥b é"; // 🔥 is 2 UTF-16 units and 4 bytes
        assert_eq!(byte_offset_of_utf16(text, 0), 0);
        assert_eq!(byte_offset_of_utf16(text, 1), 1);
        assert_eq!(byte_offset_of_utf16(text, 3), 5);
        assert_eq!(
            byte_offset_of_utf16(text, 2),
            5,
            "inside a surrogate pair: after the character"
        );
        assert_eq!(byte_offset_of_utf16(text, 5), 7);
        assert_eq!(byte_offset_of_utf16(text, 99), text.len());
    }

    proptest::proptest! {
        #[test]
        fn chunks_joined_count_as_the_whole(lines in proptest::collection::vec("[ a-zé😀\t]{0,12}", 0..40), target in 1usize..64) {
            let text = lines.join("\n");
            let joined = crate::text::chunks::split(&text, target)
                .into_iter()
                .map(|range| stats(&text[range]))
                .fold(TextStats::default(), TextStats::joined);
            proptest::prop_assert_eq!(joined, stats(&text));
        }
    }
}
