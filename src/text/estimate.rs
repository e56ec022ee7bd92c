//! Estimate ranges: how far a model's real token count may be from the o200k_base count
//! that Burnrate shows for a model whose tokenizer is not public (Claude, Grok, Cohere…,
//! see `money::catalog::ModelTokenizer::Estimate`).
//!
//! The range depends on the kind of text ([`classify`]): tokenizers agree closely on
//! English prose and disagree most on CJK and emoji. For each kind, [`RANGES`] holds the
//! lowest and highest ratio, to o200k_base's count, of the public tokenizers' counts on the
//! reference corpus files of that kind (`tests/fixtures/tokens/`), widened by the cited
//! measurement of Claude's tokenizer ([`CITED`]). A test recomputes the table from the
//! fixtures, so it cannot drift from them.
//!
//! How the UI calls it: count the text with o200k_base, then
//! `estimate_range(count, classify(text))` gives the `(low, high)` to show beside the count
//! ("about 1,234, likely 1,100–1,450"). For a long text, classify a sample (the first
//! 64 KiB, say) rather than the whole text; the kind changes slowly.
//!
//! Calibration ([`Calibration`]): a user enters the count a provider reported for a text
//! (an API response's `usage`, or a count endpoint) beside Burnrate's o200k_base count of the
//! same text. [`Sample::new`] validates the pair, [`parse_reported`] the typed number, and
//! [`Calibration::calibrated`] applies the model's samples to later counts:
//!
//! ```text
//! let sample = Sample::new(o200k_count, parse_reported(&typed)?)?;   // errors say what to fix
//! calibrations.entry(model_id).or_default().add(sample);            // one Calibration per model
//! let shown = calibration.calibrated(o200k_count_of_new_text);      // label it "calibrated"
//! ```
//! Saving and exporting them is `formats::calibration` (`burnrate.calibration`).
//!
//! Must not know: the DOM, storage, the catalog, the tokenizers themselves (it takes counts).

/// What a text mostly is, for choosing an estimate's range ([`classify`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// Natural-language text in an alphabetic script.
    Prose,
    /// Source code, JSON or markup.
    Code,
    /// Chinese, Japanese or Korean.
    Cjk,
    /// Text with many emoji.
    Emoji,
    /// Two or more of code, CJK and emoji.
    Mixed,
}

impl TextKind {
    /// Every kind, in [`RANGES`]' order.
    pub const ALL: [TextKind; 5] = [
        TextKind::Prose,
        TextKind::Code,
        TextKind::Cjk,
        TextKind::Emoji,
        TextKind::Mixed,
    ];

    /// A lower-case name, such as `cjk`.
    pub fn slug(self) -> &'static str {
        match self {
            TextKind::Prose => "prose",
            TextKind::Code => "code",
            TextKind::Cjk => "cjk",
            TextKind::Emoji => "emoji",
            TextKind::Mixed => "mixed",
        }
    }
}

/// Characters that mark code or markup, and are rare in prose: brackets and braces, `<`,
/// `>`, `;`, `=`, `\`, `|`, `_`, `$`, `@`, `^`, `~` and the backquote. (Not parentheses,
/// quotes, colons or `#`, which prose uses too.)
fn is_code_mark(c: char) -> bool {
    matches!(
        c,
        '{' | '}'
            | '['
            | ']'
            | '<'
            | '>'
            | ';'
            | '='
            | '\\'
            | '|'
            | '_'
            | '$'
            | '@'
            | '^'
            | '~'
            | '`'
    )
}

/// Han ideographs, kana, Hangul (syllables and jamo), CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Hangul jamo
        | 0x3000..=0x30FF     // CJK punctuation, hiragana, katakana
        | 0x3130..=0x318F     // Hangul compatibility jamo
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFF00..=0xFFEF     // half-width and full-width forms
        | 0x20000..=0x2FFFF) // CJK extensions B to F
}

/// Pictographs and the characters that build emoji sequences: U+1F000–U+1FAFF (emoji,
/// regional indicators for flags, skin-tone modifiers), tag characters (subdivision flags),
/// the keycap mark U+20E3 and the emoji presentation selector U+FE0F. The zero-width joiner
/// is left out: it also joins Indic scripts.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0xE0020..=0xE007F | 0x20E3 | 0xFE0F)
}

/// The kind of `text`, by shares of its characters other than whitespace:
/// - emoji if at least 1% of them are emoji characters ([`is_emoji`]): an emoji costs as
///   many tokens as ten letters or more, so a few of them already weigh on the count;
/// - CJK if at least 20% are CJK characters ([`is_cjk`]);
/// - code if at least 5% are code marks ([`is_code_mark`]); prose has almost none
///   (0.3% in the GPL's text), code and JSON 8–20%, roff markup 7%;
/// - mixed if two or three of those hold; prose if none does (also for empty text).
pub fn classify(text: &str) -> TextKind {
    let (mut total, mut emoji, mut cjk, mut code) = (0u64, 0u64, 0u64, 0u64);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        emoji += u64::from(is_emoji(c));
        cjk += u64::from(is_cjk(c));
        code += u64::from(is_code_mark(c));
    }
    // Shares compared in whole numbers: part / total >= percent / 100.
    let at_least = |part: u64, percent: u64| total > 0 && part * 100 >= percent * total;
    let kinds = [
        (at_least(emoji, 1), TextKind::Emoji),
        (at_least(cjk, 20), TextKind::Cjk),
        (at_least(code, 5), TextKind::Code),
    ];
    let mut found = kinds
        .iter()
        .filter(|(holds, _)| *holds)
        .map(|(_, kind)| *kind);
    match (found.next(), found.next()) {
        (None, _) => TextKind::Prose,
        (Some(kind), None) => kind,
        (Some(_), Some(_)) => TextKind::Mixed,
    }
}

/// The lowest and highest ratio of a tokenizer's count to o200k_base's, in thousandths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatioRange {
    /// The lowest ratio × 1000, rounded down.
    pub low_permille: u64,
    /// The highest ratio × 1000, rounded up.
    pub high_permille: u64,
}

/// Public measurements of a tokenizer that is not public, as the ratio of its count to
/// o200k_base's × 1000, by kind: Claude 3.5 Sonnet against GPT-4o (o200k_base) counted
/// 16% more tokens on English articles and 30% more on Python code (Lavanya Gupta,
/// "Hidden costs in AI deployment: why Claude models may be 20-30% more expensive than GPT
/// in enterprise settings", VentureBeat, May 2025, as republished at
/// <https://siliconflash.com/uncovering-the-true-costs-of-ai-deployment-the-cost-disparity-between-claude-models-and-gpt-in-enterprise-environments>
/// and summarized at
/// <https://news.quarkybyte.com/understanding-tokenizer-differences-impacting-ai-model-costs-and-efficiency-2025-05-01>).
/// No public measurement was found for CJK or emoji.
pub const CITED: [(TextKind, u64); 2] = [(TextKind::Prose, 1160), (TextKind::Code, 1300)];

/// The range of each kind. Each one's bounds are the lowest and highest of:
/// - 1 (o200k_base itself);
/// - for each corpus file of that kind ([`classify`] of its text; the constructed stress
///   files `edge-*` and `adversarial-*` left out, as no one's prompt is 30,000 spaces) and
///   each public tokenizer in use today (cl100k_base, llama3, llama4, mistral-tekken,
///   mistral-v3, qwen3, deepseek-v3, gemma3; not p50k_base and r50k_base, GPT-2-era tables
///   no current model uses, nor o200k_harmony, which counts text as o200k_base does), that
///   tokenizer's count on the file divided by o200k_base's (the counts of
///   `tests/fixtures/tokens/counts.json` and `vendor-counts.json`);
/// - the cited measurements of that kind ([`CITED`]).
///
/// The test `the_range_table_is_what_the_fixtures_give` recomputes it.
pub const RANGES: [(TextKind, RatioRange); 5] = [
    (TextKind::Prose, range(1000, 1175)),
    (TextKind::Code, range(919, 1337)),
    (TextKind::Cjk, range(756, 1478)),
    (TextKind::Emoji, range(998, 1458)),
    (TextKind::Mixed, range(901, 1284)),
];

const fn range(low_permille: u64, high_permille: u64) -> RatioRange {
    RatioRange {
        low_permille,
        high_permille,
    }
}

/// The range of ratios for `kind` ([`RANGES`]).
pub fn ratio_range(kind: TextKind) -> RatioRange {
    RANGES
        .iter()
        .find(|(each, _)| *each == kind)
        .map_or(range(1000, 1000), |(_, range)| *range)
}

/// The likely range of a model's real count, given the o200k_base count `o200k_count` of a
/// text of kind `kind`:
///
/// low = ⌊o200k_count × low‰ / 1000⌋, high = ⌈o200k_count × high‰ / 1000⌉,
///
/// with `low‰` and `high‰` from [`ratio_range`]. For example 1,000 tokens of prose give
/// (1,000, 1,175), and 1,000 tokens of CJK (756, 1,478). Computed in 128 bits, so no count
/// overflows; the bounds saturate at `u64::MAX`.
pub fn estimate_range(o200k_count: u64, kind: TextKind) -> (u64, u64) {
    let RatioRange {
        low_permille,
        high_permille,
    } = ratio_range(kind);
    let count = u128::from(o200k_count);
    let low = count * u128::from(low_permille) / 1000;
    let high = (count * u128::from(high_permille)).div_ceil(1000);
    let clamp = |value: u128| u64::try_from(value).unwrap_or(u64::MAX);
    (clamp(low), clamp(high))
}

/// The fewest o200k_base tokens a calibration text may have. A provider's reported count
/// includes a request's fixed overhead (the message format adds a few tokens, Anthropic's
/// count endpoint about 7 for one user message), which would skew the ratio of a shorter text
/// by 5% or more.
pub const MIN_CALIBRATION_TOKENS: u64 = 100;

/// The largest ratio of reported to counted tokens a sample may have, and the inverse of the
/// smallest (1/4). Public tokenizers differ from o200k_base by at most 1.5× on every corpus
/// file of ordinary text ([`RANGES`]) and by 4.3× on the worst constructed one (30,000
/// spaces); a ratio past 4 is a count of another text, or of a whole request with its
/// system prompt, tools or images.
pub const MAX_CALIBRATION_RATIO: u64 = 4;

/// The largest reported count accepted: 100 million tokens, ten times the largest context
/// window of any model in the catalog.
pub const MAX_REPORTED_TOKENS: u64 = 100_000_000;

/// The most samples kept per model; adding one more drops the oldest.
pub const MAX_SAMPLES: usize = 50;

/// Why a calibration sample is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalibrationError {
    /// The reported count is not a whole number (holds what was typed).
    NotANumber(String),
    /// The reported count is 0.
    ZeroReported,
    /// The reported count is past [`MAX_REPORTED_TOKENS`].
    TooLarge(u64),
    /// The text has fewer o200k_base tokens than [`MIN_CALIBRATION_TOKENS`].
    TooShort(u64),
    /// The ratio reported / counted is past [`MAX_CALIBRATION_RATIO`] either way.
    Absurd {
        /// Burnrate's o200k_base count.
        counted: u64,
        /// The provider's count.
        reported: u64,
    },
}

impl std::fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CalibrationError::NotANumber(typed) => write!(
                f,
                "the reported count must be a whole number of tokens, such as 1234, got \"{typed}\""
            ),
            CalibrationError::ZeroReported => write!(
                f,
                "the reported count must be 1 or more; 0 is what an API reports for an empty or failed request"
            ),
            CalibrationError::TooLarge(reported) => write!(
                f,
                "a reported count of {reported} tokens is more than {MAX_REPORTED_TOKENS}, larger than any model's context; check the number"
            ),
            CalibrationError::TooShort(counted) => write!(
                f,
                "the text is {counted} tokens; calibrate with at least {MIN_CALIBRATION_TOKENS}, so that the request's fixed overhead does not skew the ratio"
            ),
            CalibrationError::Absurd { counted, reported } => write!(
                f,
                "a reported count of {reported} for a text of {counted} tokens is more than {MAX_CALIBRATION_RATIO} times off; tokenizers differ by less than that, so it is probably the count of another text, or of a whole request with its system prompt or tools"
            ),
        }
    }
}

impl std::error::Error for CalibrationError {}

/// Reads the reported count as typed: a whole number, with spaces around it and `,`, `_`
/// or spaces between digit groups allowed ("12,345"). A minus sign, a fraction or anything
/// else is [`CalibrationError::NotANumber`]; 0 is [`CalibrationError::ZeroReported`].
pub fn parse_reported(typed: &str) -> Result<u64, CalibrationError> {
    let trimmed = typed.trim();
    let digits: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CalibrationError::NotANumber(trimmed.to_owned()));
    }
    match digits.parse::<u64>() {
        Ok(0) => Err(CalibrationError::ZeroReported),
        Ok(reported) => Ok(reported),
        // Only a number past u64 gets here.
        Err(_) => Err(CalibrationError::TooLarge(u64::MAX)),
    }
}

/// One calibration: a text's o200k_base count and the count the provider reported for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    counted: u64,
    reported: u64,
}

impl Sample {
    /// A checked sample. Checked in this order: `reported` is 1 or more and at most
    /// [`MAX_REPORTED_TOKENS`]; `counted` is at least [`MIN_CALIBRATION_TOKENS`];
    /// `reported / counted` is between 1/[`MAX_CALIBRATION_RATIO`] and
    /// [`MAX_CALIBRATION_RATIO`].
    pub fn new(counted: u64, reported: u64) -> Result<Sample, CalibrationError> {
        if reported == 0 {
            return Err(CalibrationError::ZeroReported);
        }
        if reported > MAX_REPORTED_TOKENS {
            return Err(CalibrationError::TooLarge(reported));
        }
        if counted < MIN_CALIBRATION_TOKENS {
            return Err(CalibrationError::TooShort(counted));
        }
        // reported / counted in [1/4, 4], in whole numbers (u128: no overflow).
        let (c, r, max) = (
            u128::from(counted),
            u128::from(reported),
            u128::from(MAX_CALIBRATION_RATIO),
        );
        if r > c * max || c > r * max {
            return Err(CalibrationError::Absurd { counted, reported });
        }
        Ok(Sample { counted, reported })
    }

    /// Burnrate's o200k_base count of the text.
    pub fn counted(self) -> u64 {
        self.counted
    }

    /// The provider's count of the same text.
    pub fn reported(self) -> u64 {
        self.reported
    }
}

/// A model's calibration: its samples, oldest first (at most [`MAX_SAMPLES`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calibration {
    samples: Vec<Sample>,
}

impl Calibration {
    /// A calibration of these samples (the last [`MAX_SAMPLES`] of them).
    pub fn from_samples(samples: Vec<Sample>) -> Calibration {
        let mut calibration = Calibration::default();
        for sample in samples {
            calibration.add(sample);
        }
        calibration
    }

    /// Adds a sample, dropping the oldest past [`MAX_SAMPLES`].
    pub fn add(&mut self, sample: Sample) {
        self.samples.push(sample);
        if self.samples.len() > MAX_SAMPLES {
            self.samples.remove(0);
        }
    }

    /// Removes the sample at `index` (oldest first), if there is one.
    pub fn remove(&mut self, index: usize) {
        if index < self.samples.len() {
            self.samples.remove(index);
        }
    }

    /// The samples, oldest first.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The sums `(Σ counted, Σ reported)` of the samples.
    fn totals(&self) -> (u128, u128) {
        self.samples.iter().fold((0, 0), |(c, r), sample| {
            (
                c + u128::from(sample.counted),
                r + u128::from(sample.reported),
            )
        })
    }

    /// The ratio reported / counted, combined over the samples as
    /// Σ reported / Σ counted: each sample weighs as much as its size, as its tokens do on a
    /// bill (the mean of the ratios would let a short text count as much as a long one).
    /// `None` without samples.
    pub fn ratio(&self) -> Option<f64> {
        let (counted, reported) = self.totals();
        // Counts are at most 100 million per sample and 50 samples: exact in f64.
        (counted > 0).then(|| reported as f64 / counted as f64)
    }

    /// A later o200k_base count, calibrated: round(o200k_count × Σ reported / Σ counted),
    /// halves rounded up; the count itself without samples. Computed in 128 bits, so no
    /// count overflows; the result saturates at `u64::MAX`.
    pub fn calibrated(&self, o200k_count: u64) -> u64 {
        let (counted, reported) = self.totals();
        if counted == 0 {
            return o200k_count;
        }
        let value = (2 * u128::from(o200k_count) * reported + counted) / (2 * counted);
        u64::try_from(value).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn kinds_follow_the_character_shares() {
        assert_eq!(classify(""), TextKind::Prose);
        assert_eq!(classify("   \n\t"), TextKind::Prose);
        assert_eq!(
            classify("The quick brown fox jumps over the lazy dog."),
            TextKind::Prose
        );
        // 6 code marks in 20 characters (30%).
        assert_eq!(classify("fn main() { let x = [1]; }"), TextKind::Code);
        assert_eq!(classify("{\"a\": [1, 2]}"), TextKind::Code);
        assert_eq!(classify("今日は良い天気です。"), TextKind::Cjk);
        assert_eq!(classify("안녕하세요"), TextKind::Cjk);
        assert_eq!(classify("party 🎉🎉"), TextKind::Emoji);
        // One emoji in 100 non-space characters is 1%: emoji. In 101, under 1%: prose.
        let letters = "a".repeat(99);
        assert_eq!(classify(&format!("{letters}🎉")), TextKind::Emoji);
        assert_eq!(classify(&format!("{letters}a🎉")), TextKind::Prose);
        // One CJK character in five (20%) is CJK; one in six is not.
        assert_eq!(classify("abcd中"), TextKind::Cjk);
        assert_eq!(classify("abcde中"), TextKind::Prose);
        // One code mark in 20 (5%) is code; one in 21 is not.
        let letters = "a".repeat(19);
        assert_eq!(classify(&format!("{letters};")), TextKind::Code);
        assert_eq!(classify(&format!("{letters}a;")), TextKind::Prose);
        assert_eq!(classify("let 猫 = \"🐈\";"), TextKind::Mixed);
        assert_eq!(classify("日本語のテキスト 🎌"), TextKind::Mixed);
    }

    #[test]
    fn a_range_is_the_count_times_each_bound() {
        // Prose: 1.000 to 1.175.
        assert_eq!(estimate_range(1000, TextKind::Prose), (1000, 1175));
        // 7 × 1.175 = 8.225: up to 9. 7 × 1.000 = 7.
        assert_eq!(estimate_range(7, TextKind::Prose), (7, 9));
        // CJK: 0.756 to 1.478. 3 × 0.756 = 2.268: down to 2; 3 × 1.478 = 4.434: up to 5.
        assert_eq!(estimate_range(3, TextKind::Cjk), (2, 5));
        assert_eq!(estimate_range(1000, TextKind::Cjk), (756, 1478));
        // Code: 0.919 to 1.337. 250 × 0.919 = 229.75: down to 229; 250 × 1.337 = 334.25:
        // up to 335.
        assert_eq!(estimate_range(250, TextKind::Code), (229, 335));
        assert_eq!(estimate_range(0, TextKind::Emoji), (0, 0));
        // No overflow: 1.458 × u64::MAX is past u64, so the top saturates.
        assert_eq!(estimate_range(u64::MAX, TextKind::Emoji).1, u64::MAX);
        assert_eq!(
            estimate_range(u64::MAX, TextKind::Prose).0,
            u64::MAX,
            "a low ratio of 1 keeps the count"
        );
    }

    #[test]
    fn every_range_holds_the_o200k_count_and_every_cited_measurement() {
        for kind in TextKind::ALL {
            let range = ratio_range(kind);
            assert!(
                range.low_permille <= 1000 && 1000 <= range.high_permille,
                "{kind:?}"
            );
            let (low, high) = estimate_range(10_000, kind);
            assert!(low <= 10_000 && 10_000 <= high, "{kind:?}");
        }
        for (kind, cited) in CITED {
            assert!(ratio_range(kind).high_permille >= cited, "{kind:?}");
        }
    }

    /// `(kind, low‰, high‰)` of each kind, computed from the token fixtures as [`RANGES`]
    /// says, and which file and tokenizer gave each bound.
    fn ranges_from_fixtures() -> (BTreeMap<&'static str, (u64, u64)>, Vec<String>) {
        let root = env!("CARGO_MANIFEST_DIR");
        let read = |name: &str| {
            let path = format!("{root}/tests/fixtures/tokens/{name}");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            serde_json::from_str::<serde_json::Value>(&text).expect("JSON")
        };
        let openai = read("counts.json");
        let vendor = read("vendor-counts.json");
        let count = |set: &serde_json::Value, family: &str, file: &str| {
            set["counts"][family][file]
                .as_u64()
                .unwrap_or_else(|| panic!("no count for {family} on {file}"))
        };
        let families: [(&serde_json::Value, &str); 8] = [
            (&openai, "cl100k_base"),
            (&vendor, "llama3"),
            (&vendor, "llama4"),
            (&vendor, "mistral-tekken"),
            (&vendor, "mistral-v3"),
            (&vendor, "qwen3"),
            (&vendor, "deepseek-v3"),
            (&vendor, "gemma3"),
        ];
        let mut table: BTreeMap<&'static str, (u64, u64)> = TextKind::ALL
            .iter()
            .map(|kind| (kind.slug(), (1000, 1000)))
            .collect();
        let mut notes = Vec::new();
        let corpus = format!("{root}/tests/fixtures/tokens/corpus");
        let mut files: Vec<String> = std::fs::read_dir(&corpus)
            .expect("the corpus")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .into_string()
                    .expect("UTF-8")
            })
            .filter(|name| !name.starts_with("edge-") && !name.starts_with("adversarial-"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(format!("{corpus}/{file}")).expect("UTF-8");
            let kind = classify(&text);
            let o200k = count(&openai, "o200k_base", &file);
            let bounds = table.get_mut(kind.slug()).expect("every kind");
            notes.push(format!("{file}: {}", kind.slug()));
            for (set, family) in families {
                let n = count(set, family, &file);
                // ⌊1000 n / o200k⌋ and ⌈1000 n / o200k⌉.
                let low = 1000 * n / o200k;
                let high = (1000 * n).div_ceil(o200k);
                bounds.0 = bounds.0.min(low);
                bounds.1 = bounds.1.max(high);
            }
        }
        for (kind, cited) in CITED {
            let bounds = table.get_mut(kind.slug()).expect("every kind");
            bounds.1 = bounds.1.max(cited);
        }
        (table, notes)
    }

    #[test]
    fn the_range_table_is_what_the_fixtures_give() {
        let (expected, notes) = ranges_from_fixtures();
        let actual: BTreeMap<&'static str, (u64, u64)> = RANGES
            .iter()
            .map(|(kind, range)| (kind.slug(), (range.low_permille, range.high_permille)))
            .collect();
        assert_eq!(actual, expected, "files by kind: {notes:#?}");
        assert_eq!(
            RANGES.map(|(kind, _)| kind),
            TextKind::ALL,
            "one range per kind, in order"
        );
    }

    #[test]
    fn the_corpus_files_have_the_kinds_their_contents_say() {
        let (_, notes) = ranges_from_fixtures();
        assert_eq!(
            notes,
            [
                "apache2-crlf.txt: prose",
                "aws-sqs.json: code",
                "chinese.txt: cjk",
                "cjk-japanese-man.txt: mixed",
                "cjk-simplified.txt: mixed",
                "emoji-keycaps-flags.txt: emoji",
                "emoji.txt: emoji",
                "gpl3-prose.txt: prose",
                // JSON whose flags are 2% of its characters, and whose quotes and
                // colons are not code marks.
                "iso-3166.json: emoji",
                "japanese.txt: cjk",
                "korean.txt: cjk",
                "prose-german.txt: code",
                "prose-russian.txt: code",
                "python-code.py: code",
                "rust-code.rs: code",
            ]
        );
    }

    #[test]
    fn a_reported_count_is_read_as_typed() {
        assert_eq!(parse_reported(" 1234 "), Ok(1234));
        assert_eq!(parse_reported("12,345"), Ok(12_345));
        assert_eq!(parse_reported("12_345"), Ok(12_345));
        assert_eq!(parse_reported("0"), Err(CalibrationError::ZeroReported));
        assert_eq!(
            parse_reported("-3"),
            Err(CalibrationError::NotANumber("-3".into()))
        );
        assert_eq!(
            parse_reported("12.5"),
            Err(CalibrationError::NotANumber("12.5".into()))
        );
        assert_eq!(
            parse_reported(""),
            Err(CalibrationError::NotANumber("".into()))
        );
        assert_eq!(
            parse_reported("99999999999999999999999"),
            Err(CalibrationError::TooLarge(u64::MAX))
        );
        assert_eq!(
            parse_reported("-3").unwrap_err().to_string(),
            "the reported count must be a whole number of tokens, such as 1234, got \"-3\""
        );
    }

    #[test]
    fn samples_that_cannot_be_right_are_refused() {
        assert_eq!(Sample::new(1000, 0), Err(CalibrationError::ZeroReported));
        assert_eq!(
            Sample::new(1000, 100_000_001),
            Err(CalibrationError::TooLarge(100_000_001))
        );
        assert_eq!(Sample::new(99, 120), Err(CalibrationError::TooShort(99)));
        assert!(Sample::new(100, 120).is_ok());
        // Exactly 4 times either way is accepted; past it is not.
        assert!(Sample::new(1000, 4000).is_ok());
        assert!(Sample::new(1000, 250).is_ok());
        assert_eq!(
            Sample::new(1000, 4001),
            Err(CalibrationError::Absurd {
                counted: 1000,
                reported: 4001
            })
        );
        assert_eq!(
            Sample::new(1000, 249),
            Err(CalibrationError::Absurd {
                counted: 1000,
                reported: 249
            })
        );
        assert_eq!(
            Sample::new(u64::MAX, 100).unwrap_err(),
            CalibrationError::Absurd {
                counted: u64::MAX,
                reported: 100
            }
        );
        let message = Sample::new(1000, 5000).unwrap_err().to_string();
        assert!(message.contains("more than 4 times off"), "{message}");
    }

    #[test]
    fn samples_combine_by_their_totals() {
        let mut calibration = Calibration::default();
        assert_eq!(calibration.ratio(), None);
        assert_eq!(calibration.calibrated(500), 500);
        // 1,000 counted, 1,200 reported: 1.2.
        calibration.add(Sample::new(1000, 1200).unwrap());
        assert_eq!(calibration.ratio(), Some(1.2));
        assert_eq!(calibration.calibrated(500), 600);
        // With 3,000 counted and 3,300 reported: (1,200 + 3,300) / (1,000 + 3,000) = 1.125,
        // not the mean of 1.2 and 1.1 (1.15).
        calibration.add(Sample::new(3000, 3300).unwrap());
        assert_eq!(calibration.ratio(), Some(1.125));
        // 100 × 1.125 = 112.5: rounded up to 113. 7 × 1.125 = 7.875: 8.
        assert_eq!(calibration.calibrated(100), 113);
        assert_eq!(calibration.calibrated(7), 8);
        assert_eq!(calibration.calibrated(0), 0);
        assert_eq!(calibration.calibrated(u64::MAX), u64::MAX);
        calibration.remove(0);
        assert_eq!(calibration.ratio(), Some(1.1));
        calibration.remove(9);
        assert_eq!(calibration.samples().len(), 1);
    }

    #[test]
    fn only_the_latest_samples_are_kept() {
        let calibration = Calibration::from_samples(
            (0..60)
                .map(|i| Sample::new(1000 + i, 1000).unwrap())
                .collect(),
        );
        assert_eq!(calibration.samples().len(), MAX_SAMPLES);
        assert_eq!(calibration.samples()[0].counted(), 1010);
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_count_give_a_range_around_the_count(text in "\\PC*", count in 0u64..u64::MAX / 2) {
            let kind = classify(&text);
            let (low, high) = estimate_range(count, kind);
            proptest::prop_assert!(low <= count && count <= high);
        }

        #[test]
        fn any_typed_count_and_sample_are_checked_without_panicking(typed in "\\PC*", counted: u64, reported: u64) {
            let _ = parse_reported(&typed);
            if let Ok(sample) = Sample::new(counted, reported) {
                let calibration = Calibration::from_samples(vec![sample]);
                let _ = calibration.calibrated(counted);
            }
        }
    }
}
