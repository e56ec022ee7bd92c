//! Tokens as labels a person can read: whitespace made visible, broken characters shown
//! as bytes.

use crate::text::tokenize::TokenSpan;

/// One token, ready to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    /// The token id.
    pub id: u32,
    /// The token's text with spaces as `·`, tabs as `→`, carriage returns as `␍` and
    /// newlines as `↵`; or, when the token holds only part of a character, its bytes in
    /// hex such as `⟨e6 97⟩`.
    pub label: String,
    /// The token ends with a newline, so the next token starts a new line.
    pub ends_line: bool,
}

/// The chips of `spans` over `text`.
pub fn chips(text: &str, spans: &[TokenSpan]) -> Vec<Chip> {
    spans
        .iter()
        .map(|span| {
            let bytes = text
                .as_bytes()
                .get(span.start..span.end)
                .unwrap_or_default();
            let label = match text.get(span.start..span.end) {
                Some(piece) => visible(piece),
                None => {
                    let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
                    format!("⟨{}⟩", hex.join(" "))
                }
            };
            Chip {
                id: span.id,
                label,
                ends_line: bytes.last() == Some(&b'\n'),
            }
        })
        .collect()
}

/// `piece` with its whitespace drawn.
pub fn visible(piece: &str) -> String {
    piece
        .chars()
        .map(|c| match c {
            ' ' => '·',
            '\t' => '→',
            '\r' => '␍',
            '\n' => '↵',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(id: u32, start: usize, end: usize) -> TokenSpan {
        TokenSpan { id, start, end }
    }

    #[test]
    fn whitespace_is_drawn_and_newlines_end_lines() {
        let text = "a b\t\r\n";
        let drawn = chips(text, &[span(1, 0, 1), span(2, 1, 3), span(3, 3, 6)]);
        assert_eq!(drawn[0].label, "a");
        assert_eq!(drawn[1].label, "·b");
        assert_eq!(drawn[2].label, "→␍↵");
        assert!(drawn[2].ends_line);
        assert!(!drawn[1].ends_line);
    }

    #[test]
    fn partial_characters_show_their_bytes() {
        let text = "日"; // e6 97 a5
        let drawn = chips(text, &[span(7, 0, 2), span(8, 2, 3)]);
        assert_eq!(drawn[0].label, "⟨e6 97⟩");
        assert_eq!(drawn[1].label, "⟨a5⟩");
    }

    #[test]
    fn markup_stays_text() {
        let drawn = chips("<img src=x onerror=alert(1)>", &[span(1, 0, 28)]);
        assert_eq!(drawn[0].label, "<img·src=x·onerror=alert(1)>");
    }

    #[test]
    fn spans_past_the_text_do_not_panic() {
        let drawn = chips("ab", &[span(1, 1, 9)]);
        assert_eq!(drawn[0].label, "⟨⟩");
    }
}
