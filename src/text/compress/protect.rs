//! The spans of a prompt that compression must never change: code, URLs, e-mail
//! addresses, numbers with their units, quoted strings, template placeholders and JSON.

use std::sync::OnceLock;

use regex::Regex;

/// What a protected span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protected {
    /// Fenced (```) or inline (`) code.
    Code,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// A number, with its unit when it has one.
    Number,
    /// A string in straight or curly quotes.
    Quoted,
    /// `{name}`, `{{var}}`, `${var}` or `$VAR`.
    Placeholder,
    /// A JSON object or array.
    Json,
}

impl Protected {
    /// How the span is named on the page.
    pub fn label(self) -> &'static str {
        match self {
            Protected::Code => "code",
            Protected::Url => "URL",
            Protected::Email => "e-mail address",
            Protected::Number => "number",
            Protected::Quoted => "quoted string",
            Protected::Placeholder => "placeholder",
            Protected::Json => "JSON",
        }
    }
}

/// A protected byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is (the first kind found, when kinds overlap).
    pub kind: Protected,
}

struct Patterns {
    fenced: Regex,
    inline_code: Regex,
    url: Regex,
    email: Regex,
    placeholder: Regex,
    number: Regex,
    quoted: Regex,
    single_quoted: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        // These patterns are constants; a typo in one is a bug caught by the tests, and a
        // pattern that fails to compile matches nothing rather than panicking.
        let compile = |pattern: &str| {
            Regex::new(pattern).unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("empty class"))
        };
        Patterns {
            fenced: compile(r"(?s)(```|~~~).*?(```|~~~|\z)"),
            inline_code: compile(r"`[^`\n]+`"),
            url: compile(r#"\b(?:https?|ftp)://[^\s<>"'`]+|\bwww\.[^\s<>"'`]+"#),
            email: compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
            placeholder: compile(r"\{\{[^{}\n]*\}\}|\{[A-Za-z_][\w.\-]*\}|\$\{[^}\n]*\}|\$[A-Z_][A-Z0-9_]*"),
            number: compile(
                r"(?i)[$€£¥]?\d[\d,._]*(?:%|\s?(?:°[cf]|ms|sec|seconds?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?|[kmgt]i?b|bytes?|tokens?|words?|characters?|chars?|items?|times|px|em|rem|pt|km|cm|mm|m|kg|g|lb|usd|eur|x)\b)?",
            ),
            quoted: compile(r#""[^"\n]*"|“[^”\n]*”|«[^»\n]*»"#),
            single_quoted: compile(r"(?:^|[\s(\[])('[^'\n]+')(?:$|[\s.,;:!?)\]])"),
        }
    })
}

/// Every protected span of `text`, sorted and merged so that none overlap.
pub fn protected_spans(text: &str) -> Vec<Span> {
    let patterns = patterns();
    let mut spans = Vec::new();
    let add = |spans: &mut Vec<Span>, regex: &Regex, kind: Protected| {
        spans.extend(regex.find_iter(text).map(|found| Span {
            start: found.start(),
            end: found.end(),
            kind,
        }));
    };
    add(&mut spans, &patterns.fenced, Protected::Code);
    add(&mut spans, &patterns.inline_code, Protected::Code);
    add(&mut spans, &patterns.url, Protected::Url);
    add(&mut spans, &patterns.email, Protected::Email);
    add(&mut spans, &patterns.placeholder, Protected::Placeholder);
    add(&mut spans, &patterns.quoted, Protected::Quoted);
    for captures in patterns.single_quoted.captures_iter(text) {
        if let Some(quoted) = captures.get(1) {
            spans.push(Span {
                start: quoted.start(),
                end: quoted.end(),
                kind: Protected::Quoted,
            });
        }
    }
    spans.extend(json_blocks(text));
    add(&mut spans, &patterns.number, Protected::Number);
    merge(spans)
}

/// Sorts spans and merges the overlapping ones (keeping the first one's kind).
fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Balanced `{…}` and `[…]` blocks that look like JSON: an object with a `"key":`, or an
/// array that starts with a string, an object or an array.
fn json_blocks(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let open = bytes[index];
        if open == b'{' || open == b'[' {
            if let Some(end) = balanced_end(bytes, index) {
                let inner = &text[index + 1..end - 1];
                let looks_like_json = if open == b'{' {
                    inner.contains("\":") || inner.contains("\" :")
                } else {
                    matches!(inner.trim_start().bytes().next(), Some(b'"' | b'{' | b'['))
                };
                if looks_like_json {
                    spans.push(Span {
                        start: index,
                        end,
                        kind: Protected::Json,
                    });
                    index = end;
                    continue;
                }
            }
        }
        index += 1;
    }
    spans
}

/// The byte after the bracket that closes the one at `start`, skipping strings; `None`
/// when it is never closed.
fn balanced_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &byte) in bytes[start..].iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(start + offset + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Protected, &str)> {
        protected_spans(text)
            .into_iter()
            .map(|span| (span.kind, &text[span.start..span.end]))
            .collect()
    }

    #[test]
    fn each_kind_is_found() {
        assert_eq!(
            kinds("Run `cargo test` then see https://example.com/a?b=1 or mail ops@example.org."),
            vec![
                (Protected::Code, "`cargo test`"),
                (Protected::Url, "https://example.com/a?b=1"),
                (Protected::Email, "ops@example.org")
            ]
        );
        assert_eq!(
            kinds("Wait 30 seconds, spend $5 or 12.5% of 2,000 tokens."),
            vec![
                (Protected::Number, "30 seconds"),
                (Protected::Number, "$5"),
                (Protected::Number, "12.5%"),
                (Protected::Number, "2,000 tokens")
            ]
        );
        assert_eq!(
            kinds("Say \"hello there\" to {name}, {{user}}, ${HOME} and $API_KEY; it's 'fine'."),
            vec![
                (Protected::Quoted, "\"hello there\""),
                (Protected::Placeholder, "{name}"),
                (Protected::Placeholder, "{{user}}"),
                (Protected::Placeholder, "${HOME}"),
                (Protected::Placeholder, "$API_KEY"),
                (Protected::Quoted, "'fine'")
            ]
        );
    }

    #[test]
    fn fenced_code_and_json_are_whole_blocks() {
        let text =
            "Before\n```python\nprint('very very')\n```\nReturn {\"a\": [1, {\"b\": \"}\"}]} now.";
        let found = kinds(text);
        assert_eq!(
            found[0],
            (Protected::Code, "```python\nprint('very very')\n```")
        );
        assert_eq!(found[1], (Protected::Json, "{\"a\": [1, {\"b\": \"}\"}]}"));
        // An unclosed fence protects the rest of the text.
        assert_eq!(kinds("a ```b c")[0], (Protected::Code, "```b c"));
        // Braces that are not JSON are left to the rules (placeholders aside).
        assert!(kinds("a {very} b")
            .iter()
            .all(|(kind, _)| *kind == Protected::Placeholder));
        assert!(kinds("x { not json } y").is_empty());
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(kinds("don't do what we're told").is_empty());
    }
}
