//! Splitting a long text into pieces whose token counts add up exactly to the whole
//! text's count, so that long texts can be counted a piece at a time without freezing the
//! page, and a budget cut found without re-encoding everything.
//!
//! A split point `p` is safe when the text has a newline at `p - 1`, a character that is
//! not whitespace before that newline, and a letter at `p`. Under every OpenAI encoding's
//! pre-tokenizing pattern the newline then ends a piece on its own or closes a
//! punctuation piece, and nothing that can match before it reaches past it, whether or
//! not the text goes on after it; and no piece can start before `p` and take in the letter.
//! The tokens of the whole text are therefore the tokens of the part before `p` followed by
//! those of the part after it. (The property test below checks this on random text.)
//!
//! Meta's Llama tokenizers encode the text in windows of 400,000 characters counted from
//! its start, each on its own ([`Encoding::window_chars`]). A part counted on its own
//! starts a window of its own, so for them [`split_for`] cuts only at the window
//! boundaries, where the vendor's code cuts too; no other point is safe without knowing
//! where the part sits in the whole text. Qwen's NFC normalization keeps safe points safe:
//! a newline never composes with the letter after it, and a letter only with the marks
//! that follow it, which stay in its part.

use std::ops::Range;

use crate::text::tokenize::{Encoder, Encoding, Truncation};

/// The size the app's views cut a long text into ([`split_for`]'s target): small enough
/// that the truncate panel re-encodes little, large enough that the ranges are few.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// About this many bytes of a long text go to a counting worker in one message
/// ([`batch_ranges`]): a few milliseconds of counting, small enough that a new text stops
/// a count soon and that the workers share a text evenly, large enough that the messages
/// cost little.
pub const BATCH_BYTES: usize = 256 * 1024;

/// Whether `c` is certainly a letter (Unicode category L) under every pattern: ASCII
/// letters and the main CJK, kana and Hangul blocks. Other letters are not split before,
/// which is only less often, never wrong.
fn is_plain_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c,
            '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs (Lo)
            | '\u{3041}'..='\u{3096}' // hiragana (Lo)
            | '\u{30A1}'..='\u{30FA}' // katakana (Lo)
            | '\u{AC00}'..='\u{D7A3}' // Hangul syllables (Lo)
        )
}

/// Whether the text may be split at byte offset `p` (see the module documentation).
pub fn is_safe_split(text: &str, p: usize) -> bool {
    if p < 2 || p >= text.len() || !text.is_char_boundary(p) || text.as_bytes()[p - 1] != b'\n' {
        return false;
    }
    let before = text[..p - 1].chars().next_back();
    let after = text[p..].chars().next();
    matches!((before, after), (Some(b), Some(a)) if !b.is_whitespace() && is_plain_letter(a))
}

/// Splits `text` into consecutive ranges of about `target` bytes or more, at safe points.
/// A text without safe points stays one range. An empty text gives one empty range.
pub fn split(text: &str, target: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    while let Some(p) = next_split(text, start, target) {
        ranges.push(start..p);
        start = p;
    }
    ranges.push(start..text.len());
    ranges
}

/// Splits `text` into consecutive ranges whose counts with `encoding` add up to the whole
/// text's: for an encoding with windows (Meta's), exactly at every window boundary; where
/// chunks can be counted alone ([`Encoding::chunks_count_alone`]), [`split`]'s safe points
/// of about `target` bytes; otherwise the whole text as one range, which
/// [`Encoder::count_part`] still counts a part at a time, cutting only where the count
/// cannot change.
pub fn split_for(encoding: Encoding, text: &str, target: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    loop {
        let end = next_range_end(encoding, text, start, target);
        ranges.push(start..end);
        if end >= text.len() {
            return ranges;
        }
        start = end;
    }
}

/// The end of the range of [`split_for`] that starts at `start` (0 or the end of an earlier
/// range): the ranges one at a time, reading only as much of the text as each takes, so
/// that a caller can split a long text as it goes (the counting workers' pool does) rather
/// than in one long task. A `start` at or past the end gives the text's end.
pub fn next_range_end(encoding: Encoding, text: &str, start: usize, target: usize) -> usize {
    if start >= text.len() || !text.is_char_boundary(start) {
        return text.len();
    }
    if let Some(window) = encoding.window_chars() {
        // Meta's windows: `window` characters from the start of the range.
        match text[start..].char_indices().nth(window) {
            Some((at, _)) => start + at,
            None => text.len(),
        }
    } else if encoding.chunks_count_alone() {
        next_split(text, start, target).unwrap_or(text.len())
    } else {
        text.len()
    }
}

/// The ranges from `start` (0 or the end of an earlier batch) that make one batch for a
/// counting worker: ranges of [`next_range_end`] with `target`, until they cover at least
/// `batch_bytes` bytes or the text ends, so that a worker counts several ranges in one
/// message and each range's count is still known (the truncate panel reads them). The
/// last range's target is only what is left of `batch_bytes`, so a batch ends at the first
/// safe split past `start + batch_bytes` rather than up to a whole range later: batches
/// of one size give the workers equal shares. Always at least one range when `start` is
/// in the text (an empty text gives its one empty range); none when `start` is past the
/// end or not at a character boundary.
pub fn batch_ranges(
    encoding: Encoding,
    text: &str,
    start: usize,
    target: usize,
    batch_bytes: usize,
) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    if start > text.len() || !text.is_char_boundary(start) || (start == text.len() && start > 0) {
        return ranges;
    }
    let until = start.saturating_add(batch_bytes);
    let mut at = start;
    loop {
        let want = target.min(until.saturating_sub(at)).max(1);
        let end = next_range_end(encoding, text, at, want);
        ranges.push(at..end);
        at = end;
        if at >= text.len() || at >= until {
            return ranges;
        }
    }
}

/// The end of the first range [`split`] would give: only as much of the text is read as
/// that takes, so it is cheap on a long text.
pub fn first_range_end(text: &str, target: usize) -> usize {
    next_split(text, 0, target).unwrap_or(text.len())
}

/// The first safe split at least `target` bytes after `start`, if any.
fn next_split(text: &str, start: usize, target: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut search = start.saturating_add(target.max(1));
    while search < text.len() {
        // The next newline at or after `search` that makes a safe split.
        let offset = bytes[search..].iter().position(|&b| b == b'\n')?;
        let p = search + offset + 1;
        if is_safe_split(text, p) {
            return Some(p);
        }
        search = p;
    }
    None
}

/// A range of the text with its token count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedChunk {
    /// The bytes of the text it covers.
    pub range: Range<usize>,
    /// Its tokens.
    pub tokens: usize,
}

/// Cuts `text` to at most `max_tokens` tokens using its counted chunks: only the chunk
/// where the budget runs out is encoded again. `chunks` must be
/// `split_for(encoder.encoding(), text, _)` counted with `encoder`.
pub fn truncate(
    encoder: &Encoder,
    text: &str,
    chunks: &[CountedChunk],
    max_tokens: usize,
) -> Truncation {
    let total_tokens: usize = chunks.iter().map(|chunk| chunk.tokens).sum();
    let mut before = 0;
    for chunk in chunks {
        if before + chunk.tokens > max_tokens {
            let Some(piece) = text.get(chunk.range.clone()) else {
                break;
            };
            // The chunk's count is known: only the cut is encoded.
            let cut = encoder.truncate_counted(piece, max_tokens - before, chunk.tokens);
            return Truncation {
                kept_bytes: chunk.range.start + cut.kept_bytes,
                kept_tokens: before + cut.kept_tokens,
                total_tokens,
            };
        }
        before += chunk.tokens;
    }
    Truncation {
        kept_bytes: text.len(),
        kept_tokens: total_tokens,
        total_tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn encoders() -> &'static Vec<Encoder> {
        static ENCODERS: OnceLock<Vec<Encoder>> = OnceLock::new();
        ENCODERS.get_or_init(|| {
            [
                Encoding::O200kBase,
                Encoding::Cl100kBase,
                Encoding::R50kBase,
            ]
            .into_iter()
            .map(|encoding| Encoder::bundled(encoding).unwrap())
            .collect()
        })
    }

    fn counted(encoder: &Encoder, text: &str, target: usize) -> Vec<CountedChunk> {
        split(text, target)
            .into_iter()
            .map(|range| CountedChunk {
                tokens: encoder.count(&text[range.clone()]),
                range,
            })
            .collect()
    }

    #[test]
    fn splits_only_at_safe_newlines() {
        let text = "first line.\nSecond line\n  indented\nthird\n\nfourth\n日本語\n";
        let ranges = split(text, 1);
        assert_eq!(ranges.first().unwrap().start, 0);
        assert_eq!(ranges.last().unwrap().end, text.len());
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(is_safe_split(text, pair[0].end));
        }
        // Safe: before "Second" ('.' then newline), "third" and "日本語". Not before
        // "  indented" (a space follows), nor after a blank line (whitespace before the newline).
        let starts: Vec<char> = ranges
            .iter()
            .map(|range| text[range.start..].chars().next().unwrap())
            .collect();
        assert_eq!(starts, ['f', 'S', 't', '日']);
        assert_eq!(first_range_end(text, 1), ranges[0].end);
        assert_eq!(first_range_end("no newline", 1), 10);
        assert_eq!(split("", 10), vec![0..0]);
        assert_eq!(split("no newline at all", 1), vec![0..17]);
    }

    #[test]
    fn chunk_counts_add_up_on_the_fixture_corpus() {
        let root = env!("CARGO_MANIFEST_DIR");
        let corpus = std::fs::read_dir(format!("{root}/tests/fixtures/tokens/corpus")).unwrap();
        let texts: Vec<String> = corpus
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect();
        let all = texts.join("\n");
        for encoder in encoders() {
            let chunks = counted(encoder, &all, 64);
            assert!(chunks.len() > 50, "{} chunks", chunks.len());
            let sum: usize = chunks.iter().map(|chunk| chunk.tokens).sum();
            assert_eq!(sum, encoder.count(&all), "{:?}", encoder.encoding());
        }
    }

    #[test]
    fn sentencepiece_style_chunks_add_up_where_they_may_be_counted_alone() {
        // Gemma 3's chunks, counted alone, add up to the whole count; Mistral v3's would not
        // (its dummy prefix before every chunk), so split_for keeps its text whole.
        let root = env!("CARGO_MANIFEST_DIR");
        let corpus = std::fs::read_dir(format!("{root}/tests/fixtures/tokens/corpus")).unwrap();
        let mut texts: Vec<String> = corpus
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect();
        texts.sort();
        let all = texts.join("\n");
        let gemma = Encoder::from_vendor(Encoding::Gemma3).unwrap();
        let ranges = split_for(Encoding::Gemma3, &all, 64);
        assert!(ranges.len() > 50, "{} chunks", ranges.len());
        let sum: usize = ranges.iter().map(|r| gemma.count(&all[r.clone()])).sum();
        assert_eq!(sum, gemma.count(&all));
        let mistral = Encoder::from_vendor(Encoding::MistralV3).unwrap();
        let whole = split_for(Encoding::MistralV3, &all, 64);
        assert!(whole.len() == 1 && whole[0] == (0..all.len()));
        let alone: usize = split(&all, 64)
            .into_iter()
            .map(|r| mistral.count(&all[r]))
            .sum();
        assert_ne!(alone, mistral.count(&all));
    }

    #[test]
    fn truncating_by_chunks_matches_truncating_the_whole() {
        let text = "Alpha beta gamma.\nDelta epsilon zeta eta.\nTheta iota kappa lambda mu.\nNu xi omicron.\n".repeat(20);
        let encoder = &encoders()[0];
        let chunks = counted(encoder, &text, 30);
        for max in [0, 1, 5, 17, 100, 399, 10_000] {
            let by_chunks = truncate(encoder, &text, &chunks, max);
            let whole = encoder.truncate(&text, max);
            assert!(by_chunks.kept_tokens <= max);
            assert_eq!(
                by_chunks.kept_tokens,
                encoder.count(&text[..by_chunks.kept_bytes]),
                "max {max}"
            );
            assert_eq!(by_chunks.total_tokens, whole.total_tokens);
            assert_eq!(by_chunks.kept_bytes, whole.kept_bytes, "max {max}");
        }
    }

    // Regression: a Llama text of more than 400,000 characters was counted in parts cut
    // at newlines, each of which started a 400,000-character window of its own, so the
    // count differed from Meta's, which cuts windows from the start of the text.
    #[test]
    fn meta_parts_are_its_400000_character_windows_and_add_up() {
        let Ok(encoder) = Encoder::from_vendor(Encoding::Llama3) else {
            panic!("the llama3 vendor file is missing: run scripts/fetch-tokenizers");
        };
        // 900,000 characters: both window ends fall inside a word ("Alph|a"), which
        // Meta's code cuts in two there.
        let text = "Alpha beta gamma.\n".repeat(50_000);
        let chars = text.chars().count();
        assert!(chars > 800_000, "{chars}");
        let ranges = split_for(Encoding::Llama3, &text, 64 * 1024);
        let lengths: Vec<usize> = ranges
            .iter()
            .map(|r| text[r.clone()].chars().count())
            .collect();
        assert_eq!(lengths[..2], [400_000, 400_000]);
        assert_eq!(lengths.iter().sum::<usize>(), chars);
        let sum: usize = ranges.iter().map(|r| encoder.count(&text[r.clone()])).sum();
        assert_eq!(sum, encoder.count(&text));
        // Parts cut at newlines, as for the other encodings, do not add up here.
        let newline_parts: usize = split(&text, 64 * 1024)
            .into_iter()
            .map(|r| encoder.count(&text[r]))
            .sum();
        assert_ne!(newline_parts, encoder.count(&text));
        // Other encodings keep the safe points.
        assert_eq!(split_for(Encoding::Qwen3, &text, 1024), split(&text, 1024));
        assert_eq!(split_for(Encoding::Llama4, "short", 1), vec![0..5]);
        assert_eq!(split_for(Encoding::Llama4, "", 1), vec![0..0]);
    }

    /// The open tokenizers without windows, whose chunk counts the property test checks.
    fn open_encoders() -> &'static Vec<Encoder> {
        static ENCODERS: OnceLock<Vec<Encoder>> = OnceLock::new();
        ENCODERS.get_or_init(|| {
            Encoding::OPEN
                .into_iter()
                .filter(|encoding| encoding.window_chars().is_none())
                .map(|encoding| {
                    Encoder::from_vendor(encoding).unwrap_or_else(|error| {
                        panic!("{encoding}: {error}; run scripts/fetch-tokenizers")
                    })
                })
                .collect()
        })
    }

    #[test]
    fn open_tokenizer_chunk_counts_add_up_on_the_fixture_corpus() {
        let root = env!("CARGO_MANIFEST_DIR");
        let corpus = std::fs::read_dir(format!("{root}/tests/fixtures/tokens/corpus")).unwrap();
        let mut texts: Vec<(String, String)> = corpus
            .map(|entry| {
                let path = entry.unwrap().path();
                (
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                )
            })
            .collect();
        texts.sort();
        let all: Vec<String> = texts.into_iter().map(|(_, text)| text).collect();
        let all = all.join("\n");
        for encoder in open_encoders() {
            let ranges = split_for(encoder.encoding(), &all, 64);
            if encoder.encoding().chunks_count_alone() {
                assert!(
                    ranges.len() > 50,
                    "{:?}: {} chunks",
                    encoder.encoding(),
                    ranges.len()
                );
            }
            let sum: usize = ranges.into_iter().map(|r| encoder.count(&all[r])).sum();
            assert_eq!(sum, encoder.count(&all), "{:?}", encoder.encoding());
        }
    }

    /// Every encoding the tests can build: OpenAI's, bundled, and the open ones from the
    /// vendor files (Meta's windowed ones included).
    fn all_encoders() -> Vec<&'static Encoder> {
        static WINDOWED: OnceLock<Vec<Encoder>> = OnceLock::new();
        let windowed = WINDOWED.get_or_init(|| {
            Encoding::OPEN
                .into_iter()
                .filter(|encoding| encoding.window_chars().is_some())
                .map(|encoding| {
                    Encoder::from_vendor(encoding).unwrap_or_else(|error| {
                        panic!("{encoding}: {error}; run scripts/fetch-tokenizers")
                    })
                })
                .collect()
        });
        encoders()
            .iter()
            .chain(open_encoders())
            .chain(windowed)
            .collect()
    }

    /// The batches the counting workers' pool sends, from the start to the end.
    fn batches(
        encoding: Encoding,
        text: &str,
        target: usize,
        batch: usize,
    ) -> Vec<Vec<Range<usize>>> {
        let mut batches = Vec::new();
        let mut start = 0;
        loop {
            let ranges = batch_ranges(encoding, text, start, target, batch);
            let Some(end) = ranges.last().map(|range| range.end) else {
                break;
            };
            batches.push(ranges);
            if end >= text.len() {
                break;
            }
            start = end;
        }
        batches
    }

    /// `ranges` are consecutive, non-empty (but for an empty text's one range) and cover
    /// `text` from its start to its end.
    fn assert_covers(ranges: &[Range<usize>], text: &str, encoding: Encoding) {
        assert_eq!(
            ranges.first().map(|range| range.start),
            Some(0),
            "{encoding:?}"
        );
        assert_eq!(
            ranges.last().map(|range| range.end),
            Some(text.len()),
            "{encoding:?}"
        );
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "{encoding:?}");
            assert!(pair[0].start < pair[0].end, "{encoding:?}: an empty range");
        }
    }

    /// A text that does not repeat: words drawn by a fixed pseudo-random sequence from an
    /// alphabet of prose, code, numbers, punctuation and several scripts, with lines of
    /// varied length (the kind of text the workers' pool cuts into 64 KB ranges).
    fn varied_text(bytes: usize, seed: u64) -> String {
        const WORDS: [&str; 24] = [
            "the",
            "Counting",
            "tokens",
            "fn",
            "main()",
            "{",
            "}",
            "let x = 42;",
            "über",
            "naïve",
            "日本語",
            "テキスト",
            "한국어",
            "текст",
            "🔥",
            "3.14159",
            "\"key\":",
            "[1, 2]",
            "http://example.com/a?b=c",
            "'s",
            "don't",
            "\t",
            "  ",
            "é\u{301}",
        ];
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut text = String::with_capacity(bytes + 64);
        while text.len() < bytes {
            text.push_str(WORDS[next() % WORDS.len()]);
            // Made-up words and numbers, so that pieces rarely repeat.
            if next() % 3 == 0 {
                for _ in 0..(1 + next() % 6) {
                    text.push(char::from(b'a' + (next() % 26) as u8));
                }
            }
            match next() % 12 {
                0 => text.push_str(".\n"),
                1 => text.push('\n'),
                2 => text.push_str(", "),
                3 => text.push_str(&format!(" {} ", next() % 100_000)),
                _ => text.push(' '),
            }
        }
        text
    }

    #[test]
    fn next_range_end_walks_the_ranges_of_split_for() {
        let text = varied_text(20_000, 7);
        for encoder in all_encoders() {
            let encoding = encoder.encoding();
            for target in [1, 100, 4096] {
                let ranges = split_for(encoding, &text, target);
                let mut walked = Vec::new();
                let mut start = 0;
                loop {
                    let end = next_range_end(encoding, &text, start, target);
                    walked.push(start..end);
                    if end >= text.len() {
                        break;
                    }
                    start = end;
                }
                assert_eq!(walked, ranges, "{encoding:?} {target}");
            }
            // Past the end or inside a character: the end, never a panic.
            assert_eq!(
                next_range_end(encoding, &text, text.len() + 5, 10),
                text.len()
            );
            assert_eq!(next_range_end(encoding, "日本", 1, 1), 6);
            assert!(batch_ranges(encoding, "日本", 1, 1, 1).is_empty());
            assert_eq!(batch_ranges(encoding, "", 0, 1, 1), vec![0..0]);
            assert!(batch_ranges(encoding, "ab", 2, 1, 1).is_empty());
        }
    }

    // The pool's own sizes: 64 KB ranges in 256 KB batches of a text that does not repeat
    // (about 700 KB, so that there are several batches), for every encoding the tests
    // can build; the counts of the ranges, batch by batch, add up to the whole count.
    #[test]
    fn the_pools_batches_count_exactly_at_its_sizes() {
        let text = varied_text(700 * 1024, 21);
        for encoder in all_encoders() {
            let encoding = encoder.encoding();
            let batches = batches(encoding, &text, CHUNK_BYTES, BATCH_BYTES);
            let ranges: Vec<Range<usize>> = batches.iter().flatten().cloned().collect();
            assert_covers(&ranges, &text, encoding);
            for batch in &batches {
                // Every range but a batch's last is split_for's, from where it starts.
                for range in &batch[..batch.len() - 1] {
                    assert_eq!(
                        range.end,
                        next_range_end(encoding, &text, range.start, CHUNK_BYTES),
                        "{encoding:?}"
                    );
                }
            }
            if encoding.chunks_count_alone() && encoding.window_chars().is_none() {
                assert!(
                    batches.len() >= 3,
                    "{encoding:?}: {} batches",
                    batches.len()
                );
                assert!(ranges.len() >= 10, "{encoding:?}: {} ranges", ranges.len());
            }
            for batch in &batches[..batches.len() - 1] {
                let bytes: usize = batch.iter().map(|range| range.len()).sum();
                assert!(
                    bytes >= BATCH_BYTES,
                    "{encoding:?}: a batch of {bytes} bytes"
                );
                // It ends at the first safe split past its size, not a range later.
                let start = batch[0].start;
                if encoding.chunks_count_alone() && encoding.window_chars().is_none() {
                    let end = batch.last().unwrap().end;
                    assert!(
                        end <= next_range_end(encoding, &text, start, BATCH_BYTES),
                        "{encoding:?}: a batch to {end}"
                    );
                }
            }
            let sum: usize = ranges
                .iter()
                .map(|range| encoder.count(&text[range.clone()]))
                .sum();
            assert_eq!(sum, encoder.count(&text), "{encoding:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(100))]
        // The pool's batches, at small sizes: their ranges cover the text in order, and
        // the ranges' counts add up to the whole text's, for every encoding.
        #[test]
        fn pool_batches_count_exactly(text in "[a-zA-Z0-9 \t\r\n.,;:!?'/\\-_()\\[\\]{}\"日本語かカ한éß🔥\u{0301}\u{2028}]{0,300}", target in 1usize..40, batch in 1usize..120) {
            for encoder in all_encoders() {
                let encoding = encoder.encoding();
                let ranges: Vec<Range<usize>> = batches(encoding, &text, target, batch).into_iter().flatten().collect();
                assert_covers(&ranges, &text, encoding);
                let sum: usize = ranges.into_iter().map(|range| encoder.count(&text[range])).sum();
                proptest::prop_assert_eq!(sum, encoder.count(&text), "{:?} {:?}", encoding, text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(100))]
        #[test]
        fn open_tokenizer_chunk_counts_add_up(text in "[a-zA-Z0-9 \t\r\n.,;:!?'/\\-_()\\[\\]{}\"日本語かカ한éß🔥\u{0301}\u{2028}]{0,300}", target in 1usize..40) {
            for encoder in open_encoders() {
                let sum: usize = split_for(encoder.encoding(), &text, target)
                    .into_iter()
                    .map(|range| encoder.count(&text[range]))
                    .sum();
                proptest::prop_assert_eq!(sum, encoder.count(&text), "{:?} {:?}", encoder.encoding(), text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(300))]
        // Text from an alphabet rich in what the patterns treat specially: newlines, CR,
        // spaces, tabs, punctuation, digits, apostrophes, letters of several scripts.
        #[test]
        fn chunk_counts_add_up(text in "[a-zA-Z0-9 \t\r\n.,;:!?'/\\-_()\\[\\]{}\"日本語かカ한éß🔥]{0,300}", target in 1usize..40) {
            for encoder in encoders() {
                let chunks = counted(encoder, &text, target);
                let sum: usize = chunks.iter().map(|chunk| chunk.tokens).sum();
                proptest::prop_assert_eq!(sum, encoder.count(&text), "{:?} {:?}", encoder.encoding(), text);
            }
        }
    }
}
