//! What a response cache would hit on a real list of queries.
//!
//! Owns: normalization, exact and near-duplicate (lexical) matching, TTL, groups.
//! Must not know: the DOM; the caller feeds queries in batches (for progress) and reads
//! the [`CacheAnalysis`].
//!
//! Definitions, in the order the queries came:
//! - a query **hits** when the cache already holds an answer for it: an earlier query
//!   whose cached answer is not older than the TTL;
//! - **exact** hit: the same text after normalization (optionally ignoring case, runs
//!   of whitespace and punctuation);
//! - **near** hit (lexical, not semantic: no embedding model runs here): character
//!   3-gram cosine similarity (|A ∩ B| / √(|A| |B|) over the sets of 3-grams) ≥ the
//!   threshold with a cached query. Candidates are found with MinHash (16 bands × 2 rows
//!   over 32 hashes; at most 64 per query, the most recent first) and scored exactly;
//! - **literals must match**: two queries share an answer (exact or near) only if their
//!   numbers, ids, dates and quoted strings ([`literals`]) are the same, in the same
//!   order: “Where is my order #12345?” and “…#12346?” are near-identical text, but one
//!   answer cannot serve both;
//! - hit rate = hits / queries; the near-hit rate counts exact and near hits.
//! - An answer is cached when a query misses, and kept for the TTL (forever without one).
//! - A **literal conflict** is a query that misses only because of that rule: a cached
//!   query is near enough by similarity, but a literal differs. A similarity cache
//!   without the rule would have answered it with the other query's answer: a false hit
//!   ([`CacheAnalysis::false_hit_rate`]).

use std::collections::HashMap;

/// How queries are normalized before matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalize {
    /// Ignore upper/lower case.
    pub case: bool,
    /// Collapse runs of whitespace and trim.
    pub whitespace: bool,
    /// Drop punctuation.
    pub punctuation: bool,
}

/// `query` normalized.
pub fn normalize(query: &str, options: &Normalize) -> String {
    let mut out = String::with_capacity(query.len());
    for c in query.chars() {
        if options.punctuation
            && (c.is_ascii_punctuation() || matches!(c, '¿' | '¡' | '…' | '“' | '”' | '‘' | '’'))
        {
            continue;
        }
        if options.case {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    if options.whitespace {
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        out
    }
}

/// The literals of `query` that must be equal for two queries to share an answer, in
/// the order found: first its quoted strings, then its numbers and ids.
///
/// - A **quoted string** is text between `"…"`, `“…”`, `«…»` or `` `…` ``, or between
///   single quotes `'…'` / `‘…’` that open after a non-letter and close before one (so
///   the apostrophe of “don't” is no quote). It is normalized with `options` and kept
///   with its quotes (`"\"reset\""`); an unclosed quote is ignored.
/// - A **number or id** is a run of letters, digits and the joiners `. , : / - _ +` that
///   holds at least one digit, with joiners trimmed at both ends: `#12345?` → `12345`,
///   `2024-05-01`, `10:30`, `v1.2.3`, `A-1042`, `$1,200.50` → `1,200.50`. Letters are
///   lower-cased when `options.case` is set.
///
/// So “Where is my order?” has none, “Where is my order #1234?” has `1234`: they do not
/// share an answer.
pub fn literals(query: &str, options: &Normalize) -> Vec<String> {
    let mut found = quoted_strings(query, options);
    let is_joiner = |c: char| matches!(c, '.' | ',' | ':' | '/' | '-' | '_' | '+');
    for run in query.split(|c: char| !(c.is_alphanumeric() || is_joiner(c))) {
        let run = run.trim_matches(is_joiner);
        if run.chars().any(char::is_numeric) {
            found.push(if options.case {
                run.to_lowercase()
            } else {
                run.to_owned()
            });
        }
    }
    found
}

/// The quoted strings of `query` (see [`literals`]), normalized, each in straight quotes.
fn quoted_strings(query: &str, options: &Normalize) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let before_is_word = index > 0 && chars[index - 1].is_alphanumeric();
        let closing: &[char] = match chars[index] {
            '"' => &['"'],
            '“' => &['”', '"'],
            '«' => &['»'],
            '`' => &['`'],
            '\'' if !before_is_word => &['\''],
            '‘' if !before_is_word => &['’'],
            _ => {
                index += 1;
                continue;
            }
        };
        let single = matches!(chars[index], '\'' | '‘');
        let end = (index + 1..chars.len()).find(|&at| {
            closing.contains(&chars[at])
                && !(single && chars.get(at + 1).is_some_and(|c| c.is_alphanumeric()))
        });
        match end {
            Some(end) => {
                let inner: String = chars[index + 1..end].iter().collect();
                let inner = normalize(&inner, options);
                if !inner.trim().is_empty() {
                    found.push(format!("\"{inner}\""));
                }
                index = end + 1;
            }
            None => index += 1,
        }
    }
    found
}

/// The set of character 3-grams of `text` (padded with a space at each end), as sorted
/// 32-bit hashes.
fn grams(text: &str) -> Vec<u32> {
    let chars: Vec<char> = std::iter::once(' ')
        .chain(text.chars())
        .chain(std::iter::once(' '))
        .collect();
    let mut set: Vec<u32> = chars
        .windows(3)
        .map(|window| hash_gram(window) as u32)
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

fn hash_gram(gram: &[char]) -> u64 {
    // FNV-1a: stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for c in gram {
        for byte in (*c as u32).to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Cosine similarity of two 3-gram sets: |A ∩ B| / √(|A| |B|), in [0, 1].
fn cosine(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (shared as f64 / ((a.len() * b.len()) as f64).sqrt()).clamp(0.0, 1.0)
}

/// The character 3-gram cosine similarity of two texts (as they are).
pub fn similarity(a: &str, b: &str) -> f64 {
    cosine(&grams(a), &grams(b))
}

const HASHES: usize = 32;
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
/// How many earlier queries of one LSH bucket are scored against a new one.
const BUCKET_CHECKS: usize = 24;
/// How many earlier queries in all are scored against a new one.
const MAX_CANDIDATES: usize = 64;

fn minhash(grams: &[u32]) -> [u64; HASHES] {
    let mut signature = [u64::MAX; HASHES];
    for &gram in grams {
        let gram = u64::from(gram);
        for (index, slot) in signature.iter_mut().enumerate() {
            let mixed = (gram ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(index as u64 + 1)))
                .wrapping_mul(0xBF58_476D_1CE4_E5B9);
            *slot = (*slot).min(mixed ^ (mixed >> 31));
        }
    }
    signature
}

/// Options of an analysis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CacheOptions {
    /// Normalization.
    pub normalize: Normalize,
    /// Near-duplicate threshold in [0, 1].
    pub threshold: f64,
    /// How long an answer stays cached, in seconds; `None` for ever. Needs timestamps.
    pub ttl_seconds: Option<f64>,
}

/// One query: its text and, when given, when it was asked (seconds).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The text.
    pub text: String,
    /// Seconds since the Unix epoch, or any increasing clock.
    pub at: Option<f64>,
}

/// A cached answer.
struct Entry {
    text: String,
    /// The query as it was asked, to show a false-hit pair as the user wrote it.
    asked: String,
    literals: Vec<String>,
    grams: Vec<u32>,
    cached_at: Option<f64>,
    group: usize,
}

/// Queries that would share an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The first query of the group (the one whose answer is cached).
    pub first: String,
    /// How many queries it answers, itself included.
    pub size: usize,
    /// A few of the others.
    pub examples: Vec<String>,
}

/// A pair of queries scored close to the threshold, to judge false hits by eye.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosePair {
    /// The later query.
    pub query: String,
    /// The cached one it was compared with.
    pub cached: String,
    /// Their similarity.
    pub similarity: f64,
}

/// The result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CacheAnalysis {
    /// Queries analysed.
    pub queries: usize,
    /// Exact hits.
    pub exact_hits: usize,
    /// Near (lexical) hits that were not exact.
    pub near_hits: usize,
    /// The largest groups, largest first (at most 20).
    pub groups: Vec<Group>,
    /// Pairs scored nearest the threshold (at most 10).
    pub close_pairs: Vec<ClosePair>,
    /// Literal conflicts: queries that missed only because a number, id, date or quoted
    /// string differs from a cached query that is near enough by similarity. A similarity
    /// cache without the literal rule would have served them the wrong answer.
    pub literal_conflicts: usize,
    /// Some of those pairs (the first 10 found), with the cached query nearest to each,
    /// both as they were asked.
    pub false_hit_pairs: Vec<ClosePair>,
}

impl CacheAnalysis {
    /// Exact hits / queries.
    pub fn exact_hit_rate(&self) -> f64 {
        if self.queries == 0 {
            0.0
        } else {
            self.exact_hits as f64 / self.queries as f64
        }
    }

    /// Monthly savings at `calls_per_month` calls of `cost_per_call` dollars: hit rate ×
    /// calls × cost per call, for the exact and for the near-hit rate.
    pub fn monthly_savings(&self, calls_per_month: f64, cost_per_call: f64) -> (f64, f64) {
        let per_month = calls_per_month * cost_per_call;
        (
            self.exact_hit_rate() * per_month,
            self.near_hit_rate() * per_month,
        )
    }

    /// (Exact + near hits) / queries.
    pub fn near_hit_rate(&self) -> f64 {
        if self.queries == 0 {
            0.0
        } else {
            (self.exact_hits + self.near_hits) as f64 / self.queries as f64
        }
    }

    /// The share of queries a similarity cache that ignores literals would answer from a
    /// near (not exact) match: (near hits + literal conflicts) / queries.
    pub fn similarity_hit_rate(&self) -> f64 {
        if self.queries == 0 {
            0.0
        } else {
            (self.near_hits + self.literal_conflicts) as f64 / self.queries as f64
        }
    }

    /// The estimated false-hit rate of such a similarity cache, as a share of its near
    /// hits: literal conflicts / (near hits + literal conflicts), 0 when it has no near
    /// hits. Each conflict is a query it would answer from a near-identical query whose
    /// number, id, date or quoted string differs (“order #12346” served the answer to
    /// “order #12345”).
    ///
    /// It is an estimate: only the differences in literals are seen (two queries that
    /// differ in one word of meaning, such as “cancel” and “renew”, are not), and it is
    /// counted on this analysis's cache, where a conflicting query is a miss and its
    /// answer is cached.
    pub fn false_hit_rate(&self) -> f64 {
        let similar = self.near_hits + self.literal_conflicts;
        if similar == 0 {
            0.0
        } else {
            self.literal_conflicts as f64 / similar as f64
        }
    }

    /// The rates for the Projection's response cache: exact = [`Self::exact_hit_rate`],
    /// semantic = [`Self::similarity_hit_rate`], false hits = [`Self::false_hit_rate`].
    /// The Projection's effective hit rate, exact + semantic × (1 − false hits), is then
    /// (exact + near hits) / queries = [`Self::near_hit_rate`]: what this analysis found.
    pub fn projection_rates(&self) -> ProjectionRates {
        ProjectionRates {
            exact: self.exact_hit_rate(),
            semantic: self.similarity_hit_rate(),
            false_hits: self.false_hit_rate(),
        }
    }
}

/// The cache rates the Projection takes, as fractions (see
/// [`CacheAnalysis::projection_rates`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProjectionRates {
    /// Exact-match hits / queries.
    pub exact: f64,
    /// Near hits of a similarity cache / queries.
    pub semantic: f64,
    /// False hits / near hits of a similarity cache.
    pub false_hits: f64,
}

/// Feeds queries in order; [`CacheAnalyzer::finish`] gives the analysis.
pub struct CacheAnalyzer {
    options: CacheOptions,
    entries: Vec<Entry>,
    exact: HashMap<String, usize>,
    buckets: HashMap<(usize, u64), Vec<usize>>,
    groups: Vec<(usize, Vec<String>)>,
    analysis: CacheAnalysis,
    close: Vec<ClosePair>,
}

impl CacheAnalyzer {
    /// A new analysis.
    pub fn new(options: CacheOptions) -> CacheAnalyzer {
        CacheAnalyzer {
            options,
            entries: Vec::new(),
            exact: HashMap::new(),
            buckets: HashMap::new(),
            groups: Vec::new(),
            analysis: CacheAnalysis::default(),
            close: Vec::new(),
        }
    }

    fn fresh(&self, entry: &Entry, at: Option<f64>) -> bool {
        match (self.options.ttl_seconds, entry.cached_at, at) {
            (Some(ttl), Some(cached), Some(now)) => now - cached <= ttl,
            _ => true,
        }
    }

    /// Adds one query: an exact hit, a near hit, or a miss (a literal conflict when a
    /// near-enough cached query differs only in its literals).
    pub fn add(&mut self, query: &Query) {
        self.analysis.queries += 1;
        let text = normalize(&query.text, &self.options.normalize);
        let query_literals = literals(&query.text, &self.options.normalize);
        // Normalization can make texts with different literals equal ("1.5" and "15"
        // without punctuation): the exact key holds both.
        let key = format!("{text}\u{0}{}", query_literals.join("\u{0}"));
        if let Some(&index) = self.exact.get(&key) {
            if self.fresh(&self.entries[index], query.at) {
                self.analysis.exact_hits += 1;
                let group = self.entries[index].group;
                self.join(group, &query.text);
                return;
            }
        }
        let query_grams = grams(&text);
        let signature = minhash(&query_grams);
        let mut candidates: Vec<usize> = Vec::new();
        for band in 0..BANDS {
            if let Some(bucket) = self.buckets.get(&(band, band_key(&signature, band))) {
                for &index in bucket.iter().rev().take(BUCKET_CHECKS) {
                    if candidates.len() < MAX_CANDIDATES && !candidates.contains(&index) {
                        candidates.push(index);
                    }
                }
            }
        }
        let mut best: Option<(usize, f64)> = None;
        let mut conflict: Option<(usize, f64)> = None;
        for index in candidates {
            if !self.fresh(&self.entries[index], query.at) {
                continue;
            }
            let score = cosine(&query_grams, &self.entries[index].grams);
            if (score - self.options.threshold).abs() <= 0.1 {
                self.close.push(ClosePair {
                    query: query.text.clone(),
                    cached: self.entries[index].text.clone(),
                    similarity: score,
                });
                if self.close.len() > 200 {
                    self.trim_close();
                }
            }
            if score < self.options.threshold {
                continue;
            }
            let slot = if self.entries[index].literals == query_literals {
                &mut best
            } else {
                &mut conflict
            };
            if slot.is_none_or(|(_, b)| score > b) {
                *slot = Some((index, score));
            }
        }
        if let Some((index, _)) = best {
            self.analysis.near_hits += 1;
            let group = self.entries[index].group;
            self.join(group, &query.text);
            return;
        }
        if let Some((index, score)) = conflict {
            self.analysis.literal_conflicts += 1;
            if self.analysis.false_hit_pairs.len() < 10 {
                self.analysis.false_hit_pairs.push(ClosePair {
                    query: query.text.clone(),
                    cached: self.entries[index].asked.clone(),
                    similarity: score,
                });
            }
        }
        // A miss: the answer is cached.
        let index = self.entries.len();
        self.groups.push((1, Vec::new()));
        self.entries.push(Entry {
            text,
            asked: query.text.clone(),
            literals: query_literals,
            grams: query_grams,
            cached_at: query.at,
            group: self.groups.len() - 1,
        });
        self.exact.insert(key, index);
        for band in 0..BANDS {
            self.buckets
                .entry((band, band_key(&signature, band)))
                .or_default()
                .push(index);
        }
    }

    fn join(&mut self, group: usize, text: &str) {
        if let Some((size, examples)) = self.groups.get_mut(group) {
            *size += 1;
            if examples.len() < 3 && !examples.iter().any(|example| example == text) {
                examples.push(text.to_owned());
            }
        }
    }

    fn trim_close(&mut self) {
        let threshold = self.options.threshold;
        self.close.sort_by(|a, b| {
            (a.similarity - threshold)
                .abs()
                .total_cmp(&(b.similarity - threshold).abs())
        });
        self.close
            .dedup_by(|a, b| a.query == b.query && a.cached == b.cached);
        self.close.truncate(10);
    }

    /// The analysis.
    pub fn finish(mut self) -> CacheAnalysis {
        self.trim_close();
        let mut groups: Vec<Group> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, (size, _))| *size > 1)
            // Each miss creates one entry and one group together, so group g's first
            // query is entry g.
            .filter_map(|(group, (size, examples))| {
                let first = self.entries.get(group)?;
                Some(Group {
                    first: first.text.clone(),
                    size: *size,
                    examples: examples.clone(),
                })
            })
            .collect();
        groups.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.first.cmp(&b.first)));
        groups.truncate(20);
        self.analysis.groups = groups;
        self.analysis.close_pairs = self.close;
        self.analysis
    }
}

fn band_key(signature: &[u64; HASHES], band: usize) -> u64 {
    signature[band * ROWS..(band + 1) * ROWS]
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, &value| {
            (hash ^ value).wrapping_mul(0x0100_0000_01b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(threshold: f64) -> CacheOptions {
        CacheOptions {
            normalize: Normalize {
                case: true,
                whitespace: true,
                punctuation: true,
            },
            threshold,
            ttl_seconds: None,
        }
    }

    fn analyse(queries: &[&str], options: CacheOptions) -> CacheAnalysis {
        let mut analyzer = CacheAnalyzer::new(options);
        for text in queries {
            analyzer.add(&Query {
                text: (*text).into(),
                at: None,
            });
        }
        analyzer.finish()
    }

    #[test]
    fn normalization_options() {
        let all = Normalize {
            case: true,
            whitespace: true,
            punctuation: true,
        };
        assert_eq!(
            normalize("  How do I   RESET my password?! ", &all),
            "how do i reset my password"
        );
        let none = Normalize {
            case: false,
            whitespace: false,
            punctuation: false,
        };
        assert_eq!(normalize("A  b?", &none), "A  b?");
    }

    #[test]
    fn similarity_is_one_for_equal_texts_and_falls_with_differences() {
        assert!((similarity("reset my password", "reset my password") - 1.0).abs() < 1e-12);
        let close = similarity("how do i reset my password", "how can i reset my password");
        let far = similarity("how do i reset my password", "what are your opening hours");
        assert!(close > 0.7 && far < 0.2, "{close} {far}");
        // Texts of under two characters have no 3-grams, so nothing is similar to them.
        assert_eq!(similarity("", ""), 0.0);
    }

    #[test]
    fn exact_and_near_hits_are_counted_in_order() {
        let result = analyse(
            &[
                "How do I reset my password?",
                "how do i reset my password",
                "How can I reset my password?",
                "What are your opening hours?",
                "what are your opening hours",
            ],
            options(0.7),
        );
        assert_eq!(result.queries, 5);
        // 2nd and 5th are exact after normalization; the 3rd is near.
        assert_eq!(result.exact_hits, 2);
        assert_eq!(result.near_hits, 1);
        assert!((result.exact_hit_rate() - 0.4).abs() < 1e-12);
        assert!((result.near_hit_rate() - 0.6).abs() < 1e-12);
        // 1,000 calls at $0.01: 40% → $4, 60% → $6.
        let (exact, near) = result.monthly_savings(1_000.0, 0.01);
        assert!((exact - 4.0).abs() < 1e-12 && (near - 6.0).abs() < 1e-12);
        assert_eq!(result.groups[0].size, 3);
        assert_eq!(result.groups[0].first, "how do i reset my password");
        // A threshold of 1 leaves only exact hits.
        assert_eq!(analyse(&["abc def", "abc deg"], options(1.0)).near_hits, 0);
    }

    #[test]
    fn a_ttl_expires_cached_answers() {
        let mut with_ttl = options(0.9);
        with_ttl.ttl_seconds = Some(60.0);
        let mut analyzer = CacheAnalyzer::new(with_ttl);
        for (text, at) in [
            ("hello", 0.0),
            ("hello", 30.0),
            ("hello", 100.0),
            ("hello", 150.0),
        ] {
            analyzer.add(&Query {
                text: text.into(),
                at: Some(at),
            });
        }
        // 30 s: hit; 100 s: the answer from 0 s expired → miss, cached again; 150 s: hit.
        assert_eq!(analyzer.finish().exact_hits, 2);
    }

    #[test]
    fn literals_are_numbers_ids_dates_and_quoted_strings() {
        let all = Normalize {
            case: true,
            whitespace: true,
            punctuation: true,
        };
        assert_eq!(literals("Where is my order #12345?", &all), ["12345"]);
        assert!(literals("Where is my order?", &all).is_empty());
        assert_eq!(
            literals(
                "Rebook A-1042 from 2024-05-01 10:30 to v1.2.3, for $1,200.50.",
                &all
            ),
            ["a-1042", "2024-05-01", "10:30", "v1.2.3", "1,200.50"]
        );
        // Quoted strings come first, normalized like the query; apostrophes are no quotes.
        assert_eq!(
            literals(
                "Don't translate “Good  Morning” or 'the user's name', it's `X1`",
                &all
            ),
            ["\"good morning\"", "\"the users name\"", "\"x1\"", "x1"]
        );
        // An unclosed quote is ignored.
        assert!(literals("say \"hello", &all).is_empty());
    }

    // Regression: "Where is my order #12345?" and "…#12346?" (similarity 0.91) were one
    // answer, a near hit; "Use in projection" sent a false-hit rate of 0.
    #[test]
    fn queries_that_differ_in_a_literal_do_not_share_an_answer() {
        let result = analyse(
            &["Where is my order #12345?", "Where is my order #12346?"],
            options(0.8),
        );
        assert_eq!((result.exact_hits, result.near_hits), (0, 0));
        assert!(result.groups.is_empty());
        assert_eq!(result.literal_conflicts, 1);
        assert_eq!(result.false_hit_pairs[0].query, "Where is my order #12346?");
        assert_eq!(
            result.false_hit_pairs[0].cached,
            "Where is my order #12345?"
        );
        assert!((result.false_hit_rate() - 1.0).abs() < 1e-12);
        // Dates, quoted strings, a number against none, and "1.5" against "15" (equal
        // once punctuation is dropped) are literals too.
        for (first, second) in [
            (
                "Is the store open on 2024-05-01?",
                "Is the store open on 2024-05-02?",
            ),
            (
                "Translate \"good morning\" to French",
                "Translate \"good evening\" to French",
            ),
            ("Where is my order?", "Where is my order #1234?"),
            ("Set the ratio to 1.5", "Set the ratio to 15"),
        ] {
            let result = analyse(&[first, second], options(0.8));
            assert_eq!(
                (
                    result.exact_hits,
                    result.near_hits,
                    result.literal_conflicts
                ),
                (0, 0, 1),
                "{first} / {second}"
            );
        }
    }

    #[test]
    fn the_false_hit_estimate_is_conflicts_over_similarity_hits() {
        let result = analyse(
            &[
                "How do I reset my password?",
                // 0.83 similar to the first, no literals: a near hit.
                "How can I reset my password?",
                "Where is my order #12345?",
                // 0.91 similar to the one before, another number: a conflict.
                "Where is my order #12346?",
                // The same order again: an exact hit.
                "Where is my order #12345?",
            ],
            options(0.8),
        );
        assert_eq!(
            (
                result.queries,
                result.exact_hits,
                result.near_hits,
                result.literal_conflicts
            ),
            (5, 1, 1, 1)
        );
        // exact 1/5; near 2/5; a similarity cache: (1 near + 1 conflict) / 5 = 0.4, of
        // which 1 / (1 + 1) = 50% are false hits.
        let rates = result.projection_rates();
        assert!((rates.exact - 0.2).abs() < 1e-12);
        assert!((rates.semantic - 0.4).abs() < 1e-12);
        assert!((rates.false_hits - 0.5).abs() < 1e-12);
        // The Projection's effective hit rate is then this analysis's near-hit rate.
        let effective = rates.exact + rates.semantic * (1.0 - rates.false_hits);
        assert!((effective - result.near_hit_rate()).abs() < 1e-12);
        assert!((result.near_hit_rate() - 0.4).abs() < 1e-12);
        // With no near hits at all, the estimate is 0.
        assert_eq!(
            analyse(&["a b c", "x y z"], options(0.8)).false_hit_rate(),
            0.0
        );
    }

    proptest::proptest! {
        #[test]
        fn hit_rates_stay_in_0_1_and_nothing_panics(queries in proptest::collection::vec("\\PC{0,30}", 0..40), threshold in 0.0..=1.0f64) {
            let refs: Vec<&str> = queries.iter().map(String::as_str).collect();
            let result = analyse(&refs, options(threshold));
            proptest::prop_assert!((0.0..=1.0).contains(&result.exact_hit_rate()));
            proptest::prop_assert!((0.0..=1.0).contains(&result.near_hit_rate()));
            proptest::prop_assert!(result.exact_hit_rate() <= result.near_hit_rate());
            proptest::prop_assert!((0.0..=1.0).contains(&result.false_hit_rate()));
            proptest::prop_assert!((0.0..=1.0).contains(&result.similarity_hit_rate()));
            let rates = result.projection_rates();
            let effective = rates.exact + rates.semantic * (1.0 - rates.false_hits);
            proptest::prop_assert!((effective - result.near_hit_rate()).abs() < 1e-9);
            for query in &queries {
                let _ = literals(query, &options(threshold).normalize);
            }
        }
    }
}
