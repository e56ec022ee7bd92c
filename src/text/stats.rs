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

/// Counts of a text read a piece at a time, each piece ending on a character boundary
/// (so that a long text can be counted between frames, cut anywhere). The counts of the
/// pieces added in order are those of their concatenation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    chars: usize,
    words: usize,
    bytes: usize,
    newlines: usize,
    /// The last character added is not whitespace (a word runs on into the next piece).
    in_word: bool,
}

impl Tally {
    /// Adds the counts of `piece`, which follows what was added before.
    ///
    /// One pass over the bytes: a character is a byte that does not continue a UTF-8
    /// sequence; a word starts at each non-whitespace character after whitespace (or at
    /// the start), whitespace being Unicode's `White_Space`, as `char::is_whitespace`.
    /// Beyond ASCII only eight characters and the range U+2000 to U+200A are whitespace
    /// (U+0085, U+00A0, U+1680, U+2028, U+2029, U+202F, U+205F, U+3000); they are told
    /// from their UTF-8 bytes, without decoding anything.
    pub fn add(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let (mut chars, mut words, mut newlines, mut in_word) =
            (self.chars, self.words, self.newlines, self.in_word);
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            let (space, width) = if byte < 0x80 {
                newlines += usize::from(byte == b'\n');
                (matches!(byte, b'\t'..=b'\r' | b' '), 1)
            } else {
                let width = match byte {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    _ => 2,
                };
                // Read from the bytes: U+0085 and U+00A0 (C2 85, C2 A0), U+1680
                // (E1 9A 80), U+2000 to U+200A, U+2028, U+2029, U+202F (E2 80 xx),
                // U+205F (E2 81 9F) and U+3000 (E3 80 80).
                let next = |offset: usize| bytes.get(at + offset).copied();
                let space = match byte {
                    0xC2 => matches!(next(1), Some(0x85 | 0xA0)),
                    0xE1 => next(1) == Some(0x9A) && next(2) == Some(0x80),
                    0xE2 => match (next(1), next(2)) {
                        (Some(0x80), Some(last)) => {
                            matches!(last, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
                        }
                        (Some(0x81), Some(last)) => last == 0x9F,
                        _ => false,
                    },
                    0xE3 => next(1) == Some(0x80) && next(2) == Some(0x80),
                    _ => false,
                };
                (space, width)
            };
            chars += 1;
            words += usize::from(!space && !in_word);
            in_word = !space;
            at += width;
        }
        *self = Tally {
            chars,
            words,
            bytes: self.bytes + bytes.len(),
            newlines,
            in_word,
        };
    }

    /// The counts of everything added.
    pub fn stats(&self) -> TextStats {
        TextStats {
            chars: self.chars,
            words: self.words,
            bytes: self.bytes,
            lines: if self.bytes == 0 {
                0
            } else {
                self.newlines + 1
            },
        }
    }
}

/// Counts `text`: its characters, words (runs of non-whitespace), bytes and lines.
pub fn stats(text: &str) -> TextStats {
    let mut tally = Tally::default();
    tally.add(text);
    tally.stats()
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

    /// What `stats` counts, the slow and obvious way.
    fn reference(text: &str) -> TextStats {
        TextStats {
            chars: text.chars().count(),
            words: text.split_whitespace().count(),
            bytes: text.len(),
            lines: if text.is_empty() {
                0
            } else {
                text.matches('\n').count() + 1
            },
        }
    }

    #[test]
    fn every_whitespace_character_separates_words() {
        // Every char, whitespace or not, between words.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(stats(&text), reference(&text), "U+{:04X}", c as u32);
        }
        assert_eq!(stats("a\u{3000}b\u{205F}c\u{85}d").words, 4);
        assert_eq!(stats("日本語 テキスト").words, 2);
    }

    proptest::proptest! {
        #[test]
        fn counts_as_the_standard_library(text in "[ a-zé😀\t\n\u{a0}\u{2003}\u{3000}日]{0,80}") {
            proptest::prop_assert_eq!(stats(&text), reference(&text));
        }

        #[test]
        fn pieces_cut_anywhere_count_as_the_whole(text in "[ a-zé😀\t\n\u{3000}]{0,60}", cuts in proptest::collection::vec(0usize..240, 0..6)) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| cut.min(text.len())).filter(|&cut| text.is_char_boundary(cut)).collect();
            cuts.sort_unstable();
            let mut tally = Tally::default();
            let mut from = 0;
            for cut in cuts.into_iter().chain([text.len()]) {
                tally.add(&text[from..cut]);
                from = cut;
            }
            proptest::prop_assert_eq!(tally.stats(), reference(&text));
        }
    }
}
