//! Counting many texts as one: the plan by which several texts (a conversation's
//! messages) are counted in one go, as one long text cut into ranges, and the sums that
//! give each text its own count back.
//!
//! The texts are joined end to end, with nothing between them ([`Joined`]). Each text is
//! cut into ranges by [`next_range_end`], measured from the text's own start, so that Meta's
//! windows start where the text starts; no range crosses from one text into the next, and
//! an empty text has no range. The counts of a text's ranges therefore add up to that
//! text's own count, whatever else the joined text holds.
//!
//! Must not know: the DOM, workers or Leptos; the browser layer (`ui::count_many`) sends
//! the ranges to the counting workers and hands their counts back here.

use std::fmt;
use std::ops::Range;

use crate::text::chunks::{next_range_end, CountedChunk};
use crate::text::tokenize::Encoding;

/// Several texts joined end to end, and where each one lies in the joined text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joined {
    /// The texts, one after the other, with nothing between them.
    pub text: String,
    /// Each text's bytes in [`Joined::text`], in order: consecutive, from 0 to its end.
    pub spans: Vec<Range<usize>>,
}

impl Joined {
    /// Joins `texts` in order.
    pub fn new<S: AsRef<str>>(texts: &[S]) -> Joined {
        let length = texts.iter().map(|text| text.as_ref().len()).sum();
        let mut text = String::with_capacity(length);
        let mut spans = Vec::with_capacity(texts.len());
        for part in texts {
            let start = text.len();
            text.push_str(part.as_ref());
            spans.push(start..text.len());
        }
        Joined { text, spans }
    }

    /// The ranges of the joined text to count, in order: each text cut by
    /// [`next_range_end`] with `encoding` at about `target` bytes, from the text's own
    /// start. They are consecutive, cover the joined text, never cross from one text into
    /// the next, and none is empty (an empty text has none).
    pub fn ranges(&self, encoding: Encoding, target: usize) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        for span in &self.spans {
            let text = &self.text[span.clone()];
            let mut start = 0;
            while start < text.len() {
                let end = next_range_end(encoding, text, start, target);
                ranges.push(span.start + start..span.start + end);
                start = end;
            }
        }
        ranges
    }

    /// Each text's tokens, in order, from the counts of [`Joined::ranges`]: every range's
    /// tokens go to the text it lies in. An error when the counted ranges are not
    /// consecutive, do not cover the joined text, or one crosses from a text into the next
    /// (they were not this text's ranges), rather than a count that is silently wrong.
    pub fn per_text(&self, counted: &[CountedChunk]) -> Result<Vec<usize>, Mismatch> {
        let mut tokens = vec![0; self.spans.len()];
        let mut at = 0;
        for chunk in counted {
            let range = &chunk.range;
            if range.start != at || range.end < range.start {
                return Err(Mismatch::NotConsecutive { at });
            }
            if range.is_empty() {
                continue;
            }
            // The first text that ends after the range starts is the one it starts in.
            let index = self.spans.partition_point(|span| span.end <= range.start);
            match self.spans.get(index) {
                Some(span) if range.end <= span.end => tokens[index] += chunk.tokens,
                _ => return Err(Mismatch::CrossesTexts(range.clone())),
            }
            at = range.end;
        }
        if at != self.text.len() {
            return Err(Mismatch::Short {
                counted: at,
                length: self.text.len(),
            });
        }
        Ok(tokens)
    }
}

/// Ranges, in order, grouped into batches for the counting workers: the ranges of
/// `ranges` from index `first` until they cover at least `batch_bytes` bytes or the
/// ranges run out (as `chunks::batch_ranges` groups a single text's). The batch's indices
/// into `ranges`: at least one range when `first` is in `ranges`, none past the end.
pub fn batch_from(ranges: &[Range<usize>], first: usize, batch_bytes: usize) -> Range<usize> {
    let mut bytes = 0;
    let mut end = first;
    while end < ranges.len() && (end == first || bytes < batch_bytes) {
        bytes += ranges[end].len();
        end += 1;
    }
    first.min(ranges.len())..end
}

/// Why counted ranges could not be summed back per text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The range counted at byte `at` does not start where the previous one ended.
    NotConsecutive {
        /// Where the next range should have started.
        at: usize,
    },
    /// This range takes in the end of one text and the start of the next.
    CrossesTexts(Range<usize>),
    /// The ranges stop at byte `counted` of a joined text of `length` bytes.
    Short {
        /// Where the counted ranges end.
        counted: usize,
        /// The joined text's length.
        length: usize,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::NotConsecutive { at } => {
                write!(f, "the counted parts skip or repeat text at byte {at}")
            }
            Mismatch::CrossesTexts(range) => write!(
                f,
                "a counted part (bytes {}..{}) runs from one text into the next",
                range.start, range.end
            ),
            Mismatch::Short { counted, length } => {
                write!(f, "the counted parts end at byte {counted} of {length}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::chunks::{BATCH_BYTES, CHUNK_BYTES};
    use crate::text::tokenize::Encoder;
    use std::sync::OnceLock;

    /// Every encoding the tests can build: OpenAI's, bundled, and the open ones from the
    /// vendor files (Meta's windowed ones and Mistral's, kept whole, included).
    fn all_encoders() -> &'static Vec<Encoder> {
        static ENCODERS: OnceLock<Vec<Encoder>> = OnceLock::new();
        ENCODERS.get_or_init(|| {
            let bundled = [
                Encoding::O200kBase,
                Encoding::Cl100kBase,
                Encoding::R50kBase,
            ]
            .into_iter()
            .map(|encoding| Encoder::bundled(encoding).unwrap());
            let open = Encoding::OPEN.into_iter().map(|encoding| {
                Encoder::from_vendor(encoding).unwrap_or_else(|error| {
                    panic!("{encoding}: {error}; run scripts/fetch-tokenizers")
                })
            });
            bundled.chain(open).collect()
        })
    }

    /// The ranges counted one by one, as the workers count them.
    fn counted(encoder: &Encoder, joined: &Joined, target: usize) -> Vec<CountedChunk> {
        joined
            .ranges(encoder.encoding(), target)
            .into_iter()
            .map(|range| CountedChunk {
                tokens: encoder.count(&joined.text[range.clone()]),
                range,
            })
            .collect()
    }

    /// Checks what the module promises of `texts` cut at `target`, for `encoder`.
    fn check(encoder: &Encoder, texts: &[String], target: usize) -> Result<(), String> {
        let encoding = encoder.encoding();
        let joined = Joined::new(texts);
        if joined.text != texts.concat() || joined.spans.len() != texts.len() {
            return Err("not the texts joined".into());
        }
        let ranges = joined.ranges(encoding, target);
        let mut at = 0;
        for range in &ranges {
            if range.start != at || range.is_empty() {
                return Err(format!("{encoding:?}: range {range:?} after {at}"));
            }
            if !joined
                .spans
                .iter()
                .any(|span| span.start <= range.start && range.end <= span.end)
            {
                return Err(format!("{encoding:?}: range {range:?} crosses a text"));
            }
            at = range.end;
        }
        if at != joined.text.len() {
            return Err(format!("{encoding:?}: ranges end at {at}"));
        }
        let sums = joined
            .per_text(&counted(encoder, &joined, target))
            .map_err(|error| error.to_string())?;
        let expected: Vec<usize> = texts.iter().map(|text| encoder.count(text)).collect();
        if sums != expected {
            return Err(format!("{encoding:?}: {sums:?} != {expected:?}"));
        }
        Ok(())
    }

    #[test]
    fn empty_texts_count_nothing_and_get_no_range() {
        let texts = ["", "Hello there.\nSecond line", "", ""].map(String::from);
        for encoder in all_encoders() {
            let joined = Joined::new(&texts);
            assert_eq!(joined.spans, vec![0..0, 0..24, 24..24, 24..24]);
            let chunks = counted(encoder, &joined, 1);
            assert!(chunks.iter().all(|chunk| !chunk.range.is_empty()));
            let sums = joined.per_text(&chunks).unwrap();
            assert_eq!(sums[0], 0);
            assert_eq!(sums[2..], [0, 0]);
            assert_eq!(sums[1], encoder.count(&texts[1]));
            check(encoder, &texts, 1).unwrap();
        }
        let none = Joined::new::<&str>(&[]);
        assert!(none.ranges(Encoding::O200kBase, 1).is_empty());
        assert_eq!(none.per_text(&[]), Ok(vec![]));
        let blanks = Joined::new(&["", ""]);
        assert_eq!(blanks.per_text(&[]), Ok(vec![0, 0]));
    }

    #[test]
    fn counts_that_do_not_fit_the_texts_are_refused() {
        let joined = Joined::new(&["one\nTwo", "three"]);
        let chunk = |range: Range<usize>| CountedChunk { range, tokens: 1 };
        assert_eq!(
            joined.per_text(&[chunk(0..4), chunk(4..7)]),
            Err(Mismatch::Short {
                counted: 7,
                length: 12
            })
        );
        assert_eq!(
            joined.per_text(&[chunk(0..4), chunk(5..12)]),
            Err(Mismatch::NotConsecutive { at: 4 })
        );
        assert_eq!(
            joined.per_text(&[chunk(0..4), chunk(4..9)]),
            Err(Mismatch::CrossesTexts(4..9))
        );
        assert_eq!(
            joined.per_text(&[chunk(0..4), chunk(4..7), chunk(7..12)]),
            Ok(vec![2, 1])
        );
    }

    #[test]
    fn batches_walk_every_range_once() {
        let ranges: Vec<Range<usize>> = [0..5, 5..6, 6..20, 20..21, 21..40].into_iter().collect();
        let walk = |batch_bytes| {
            let mut batches = Vec::new();
            let mut first = 0;
            while first < ranges.len() {
                let batch = batch_from(&ranges, first, batch_bytes);
                first = batch.end;
                batches.push(batch);
            }
            batches
        };
        assert_eq!(walk(1), vec![0..1, 1..2, 2..3, 3..4, 4..5]);
        assert_eq!(walk(6), vec![0..2, 2..3, 3..5]);
        assert_eq!(walk(1000), vec![0..5]);
        assert_eq!(batch_from(&ranges, 5, 10), 5..5);
        assert_eq!(batch_from(&ranges, 9, 10), 5..9);
        assert_eq!(batch_from(&[], 0, 10), 0..0);
    }

    /// A text that does not repeat: words drawn by a fixed pseudo-random sequence from an
    /// alphabet of prose, code, numbers, punctuation and several scripts.
    fn varied_text(bytes: usize, seed: u64) -> String {
        const WORDS: [&str; 20] = [
            "the",
            "Counting",
            "fn",
            "main()",
            "{",
            "}",
            "über",
            "naïve",
            "日本語",
            "テキスト",
            "한국어",
            "текст",
            "🔥",
            "3.14159",
            "\"key\":",
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
            if next() % 3 == 0 {
                for _ in 0..(1 + next() % 6) {
                    text.push(char::from(b'a' + (next() % 26) as u8));
                }
            }
            match next() % 10 {
                0 => text.push_str(".\n"),
                1 => text.push('\n'),
                2 => text.push_str(", "),
                _ => text.push(' '),
            }
        }
        text
    }

    // A conversation's worth of messages at the app's sizes: several hundred KB in texts
    // of very different lengths (some empty, some over a range), cut at CHUNK_BYTES and
    // grouped at BATCH_BYTES; every text's count comes back exact for every encoding.
    #[test]
    fn a_long_conversation_counts_exactly_at_the_apps_sizes() {
        let texts: Vec<String> = [0, 40, 180_000, 3, 0, 70_000, 9_000, 150_000, 1]
            .into_iter()
            .enumerate()
            .map(|(seed, bytes)| varied_text(bytes, seed as u64))
            .collect();
        for encoder in all_encoders() {
            check(encoder, &texts, CHUNK_BYTES).unwrap();
            let joined = Joined::new(&texts);
            let ranges = joined.ranges(encoder.encoding(), CHUNK_BYTES);
            let mut first = 0;
            let mut batches = 0;
            while first < ranges.len() {
                let batch = batch_from(&ranges, first, BATCH_BYTES);
                first = batch.end;
                batches += 1;
            }
            assert!(batches >= 2, "{:?}: {batches} batches", encoder.encoding());
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(60))]
        // Random multi-script texts, some empty, cut at small sizes: the ranges are
        // consecutive, cover the joined text, never cross a text, and each text's sum is
        // its own count, for every encoding.
        #[test]
        fn per_text_sums_are_each_texts_count(
            texts in proptest::collection::vec("[a-zA-Z0-9 \t\r\n.,;:!?'/\\-_()\\[\\]{}\"日本語かカ한éß🔥\u{0301}\u{2028}]{0,120}", 0..6),
            target in 1usize..40,
        ) {
            for encoder in all_encoders() {
                let checked = check(encoder, &texts, target);
                proptest::prop_assert!(checked.is_ok(), "{:?} {:?}", checked, texts);
            }
        }
    }
}
