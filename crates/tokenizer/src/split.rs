//! Pre-tokenizing: how a text is cut into the pieces that byte-pair merging then encodes.
//!
//! Every tokenizer here cuts the text with regular expressions before merging, but not in
//! one way:
//! - tiktoken (OpenAI, Meta's Llama code, Mistral's tekken) runs one pattern over the text
//!   and merges each match;
//! - Hugging Face `tokenizers` runs a sequence of `Split` pre-tokenizers, each with the
//!   `Isolated` behaviour: every piece the previous stage made is cut into its matches and
//!   the text between them (DeepSeek V3 has three stages);
//! - Meta's Llama code first cuts the text into slices of at most 400,000 characters and
//!   cuts any run of more than 25,000 whitespace or non-whitespace characters, then encodes
//!   each slice on its own ([`MetaSlices`]).
//!
//! The patterns are written for the `regex` crate, which has no look-ahead. Each vendor
//! pattern ends in `\s+(?!\S)|\s+` (or `\s+(?!\S)|\s`), which here becomes `\s+` followed by
//! [`Stage::give_back`]: a whitespace run of two or more characters that the `\s+`
//! alternative matched, followed by a non-space within the same piece of text, gives back
//! its last character, which is what the look-ahead does. A run ending in `\r` or `\n` was
//! matched by the newline alternative before it and is kept whole, and so is a run that
//! reaches the end of the text the stage runs on (for a later stage, the end of the piece
//! the previous stage made, as in `tokenizers`, where each stage sees only its piece).
//!
//! Must not know: token tables or merging.

use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::{meta, Anchored, Input, Match, MatchKind};

/// Makes a search cache for a stage's automaton.
type MakeCache =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// One regular-expression stage.
///
/// Its pattern, in its `regex`-crate form and meaning, is compiled into a forward lazy DFA
/// (`regex_automata`'s hybrid DFA, the engine the `regex` crate's own meta regex runs for
/// such patterns), which answers the searches anchored where the last piece ended: the
/// end of the leftmost-first match that starts there ([`Stage::find`]). The meta regex
/// also compiles the reverse automaton (to find where an unanchored match starts), the
/// literal prefilters and three other engines: twice the work, which on a fresh page load
/// is tens of milliseconds the first count waits for. It is compiled here only when a
/// search finds no match where it starts (the text between the matches of a Hugging Face
/// stage; never with the tiktoken patterns, which match at every character).
pub struct Stage {
    /// The pattern (for the meta regex, compiled when first needed).
    pattern: String,
    /// The forward lazy DFA, leftmost-first.
    forward: Arc<DFA>,
    /// Its search caches, one per thread that searches at once.
    caches: Pool<Cache, MakeCache>,
    /// The pattern's meta regex, for unanchored searches; `None` if it could not be built.
    full: OnceLock<Option<meta::Regex>>,
    /// Whether the pattern ends in the `\s+(?!\S)` look-ahead (see the module docs).
    pub give_back: bool,
    /// Whether a whitespace run ending in `\r` or `\n` comes from a newline alternative
    /// (`\s*[\r\n]+`) and so is never given back.
    pub newline_alternative: bool,
}

impl std::fmt::Debug for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stage")
            .field("pattern", &self.pattern)
            .field("give_back", &self.give_back)
            .field("newline_alternative", &self.newline_alternative)
            .finish()
    }
}

/// Why a stage's pattern could not be compiled.
#[derive(Debug)]
pub struct BuildError(String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Meta's slicing before encoding (llama-models 0.3.0, `llama3/tokenizer.py` and
/// `llama4/tokenizer.py`, `Tokenizer.encode`): the text is cut every 400,000 characters
/// (`TIKTOKEN_MAX_ENCODE_CHARS`), and within each cut, a run of more than 25,000
/// (`MAX_NO_WHITESPACES_CHARS`) consecutive characters that are all whitespace, or all not
/// whitespace, in Python's `str.isspace` sense, is cut after every 25,000 of them. Each
/// slice is encoded on its own, so no piece crosses a cut.
#[derive(Clone, Copy, Debug)]
pub struct MetaSlices;

/// Characters per Meta encode call (`TIKTOKEN_MAX_ENCODE_CHARS`).
pub(crate) const META_MAX_CHARS: usize = 400_000;
/// Longest run of whitespace or of non-whitespace in one slice (`MAX_NO_WHITESPACES_CHARS`).
const META_MAX_RUN: usize = 25_000;

/// Python's `str.isspace`: Unicode White_Space (Rust's `char::is_whitespace`) and the four
/// information separators U+001C to U+001F, which Python counts as whitespace through their
/// bidirectional class.
fn python_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// A text's pre-tokenizer: optional Meta slicing, then one or more stages.
#[derive(Debug)]
pub struct Splitter {
    /// Meta's slicing, for the Llama tokenizers.
    pub meta: Option<MetaSlices>,
    /// The stages, applied in order.
    pub stages: Vec<Stage>,
}

/// A piece of the text, as a byte range, and whether splitting again from its end gives
/// the same pieces after it as splitting the whole text does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Offset of its first byte.
    pub start: usize,
    /// Offset just past its last byte.
    pub end: usize,
    /// Whether [`Splitter::pieces`] may be started again at `end`.
    pub restartable: bool,
}

impl Splitter {
    /// Calls `each` with every piece of `text` from byte `from` on, in order, until it says
    /// stop. `from` must be 0 or the end of a piece that was `restartable`.
    pub fn pieces(
        &self,
        text: &str,
        from: usize,
        each: &mut dyn FnMut(Piece) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        match self.meta {
            None => self.stage(0, text, from, text.len(), true, true, each),
            Some(MetaSlices) => {
                let mut slice_start = from;
                let mut result = ControlFlow::Continue(());
                meta_slices(text, from, |slice_end| {
                    result = self.stage(0, text, slice_start, slice_end, true, true, each);
                    slice_start = slice_end;
                    result
                });
                result
            }
        }
    }

    /// Runs stage `index` over `text[start..end]` and the later stages over its pieces.
    /// A point where the split may restart must be one at every stage: `interior_ok` says
    /// whether points strictly inside this range are (no: it is a match of an earlier
    /// stage, which could have been a different match had it started there; yes: it is
    /// the whole text or text between matches, where no match starts), and `end_ok`
    /// whether its end is.
    #[allow(clippy::too_many_arguments)]
    fn stage(
        &self,
        index: usize,
        text: &str,
        start: usize,
        end: usize,
        interior_ok: bool,
        end_ok: bool,
        each: &mut dyn FnMut(Piece) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let Some(stage) = self.stages.get(index) else {
            return each(Piece {
                start,
                end,
                restartable: end_ok,
            });
        };
        let point_ok = |at: usize| if at < end { interior_ok } else { end_ok };
        let haystack = &text[..end];
        let mut cache = stage.caches.get();
        let mut at = start;
        while at < end {
            let Some(found) = stage.find(&mut cache, haystack, at) else {
                break;
            };
            if found.start() > at {
                // The text between two matches is a piece of its own (`Isolated`).
                let gap_end = found.start();
                self.stage(
                    index + 1,
                    text,
                    at,
                    gap_end,
                    interior_ok,
                    point_ok(gap_end),
                    each,
                )?;
            }
            let piece_end = stage.piece_end(haystack, found.start(), found.end());
            self.stage(
                index + 1,
                text,
                found.start(),
                piece_end,
                false,
                point_ok(piece_end),
                each,
            )?;
            at = piece_end;
        }
        if at < end {
            self.stage(index + 1, text, at, end, interior_ok, end_ok, each)?;
        }
        ControlFlow::Continue(())
    }
}

impl Stage {
    /// A stage of `pattern`, with the `regex` crate's syntax and meaning.
    pub fn new(
        pattern: &str,
        give_back: bool,
        newline_alternative: bool,
    ) -> Result<Stage, Box<BuildError>> {
        let failed = |error: &dyn std::fmt::Display| Box::new(BuildError(error.to_string()));
        let nfa = thompson::NFA::compiler()
            .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build(pattern)
            .map_err(|error| failed(&error))?;
        let forward = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::LeftmostFirst))
            .build_from_nfa(nfa)
            .map_err(|error| failed(&error))?;
        let forward = Arc::new(forward);
        let maker = Arc::clone(&forward);
        let make: MakeCache = Box::new(move || maker.create_cache());
        Ok(Stage {
            pattern: pattern.to_owned(),
            forward,
            caches: Pool::new(make),
            full: OnceLock::new(),
            give_back,
            newline_alternative,
        })
    }

    /// The leftmost-first match in `haystack` that starts at `at` or later, as
    /// `regex::Regex::find_at` finds it. A match that starts at `at` is looked for first,
    /// anchored there: an anchored search runs forwards only (the forward automaton gives
    /// its end), while an unanchored one also runs a reverse search from the match's end
    /// to find its start, and on text with many scripts that reverse automaton keeps
    /// outgrowing its cache (rebuilding states was ~60 % of counting, 10× the cost of the
    /// anchored search, measured on the bench corpus in issue #21). The two agree: when a
    /// match starts at `at`, it is the leftmost, and among the matches that start there
    /// leftmost-first picks the same one either way. Only when none starts at `at` does
    /// the unanchored search run, with the meta regex.
    fn find(
        &self,
        cache: &mut PoolGuard<'_, Cache, MakeCache>,
        haystack: &str,
        at: usize,
    ) -> Option<Match> {
        let input = Input::new(haystack).range(at..);
        let anchored = input.clone().anchored(Anchored::Yes);
        match self.forward.try_search_fwd(cache, &anchored) {
            Ok(Some(end)) => return Some(Match::new(end.pattern(), at..end.offset())),
            Ok(None) => {}
            // The lazy DFA never quits or gives up as configured; should it, the meta
            // regex answers.
            Err(_) => {
                return self
                    .full()?
                    .search(&anchored)
                    .or_else(|| self.full()?.search(&input))
            }
        }
        self.full()?.search(&input)
    }

    /// The pattern's meta regex, compiled the first time it is needed.
    fn full(&self) -> Option<&meta::Regex> {
        self.full
            .get_or_init(|| meta::Regex::new(&self.pattern).ok())
            .as_ref()
    }

    /// Where a match at `start..end` of `haystack` really ends: `end`, or one character
    /// earlier when the look-ahead `\s+(?!\S)` would give it back (see the module docs).
    fn piece_end(&self, haystack: &str, start: usize, end: usize) -> usize {
        if !self.give_back || end >= haystack.len() {
            return end;
        }
        let piece = &haystack[start..end];
        if !piece.starts_with(char::is_whitespace)
            || (self.newline_alternative && piece.ends_with(['\r', '\n']))
            || !piece.chars().all(char::is_whitespace)
        {
            return end;
        }
        let mut chars = piece.chars();
        match (chars.next_back(), chars.next()) {
            (Some(last), Some(_)) => end - last.len_utf8(),
            _ => end,
        }
    }
}

/// Calls `each` with the end of every Meta slice of `text` from byte `from` on (see
/// [`MetaSlices`]), until it says stop. `from` must be 0 or a restartable piece end, which
/// under Meta slicing is where the character before and the one after differ in
/// whitespace-ness, or a slice end.
fn meta_slices(text: &str, from: usize, mut each: impl FnMut(usize) -> ControlFlow<()>) {
    // The 400,000-character cuts are counted from the start of the whole text.
    let chars_before = if text.len() > META_MAX_CHARS {
        text[..from].chars().count()
    } else {
        0
    };
    let mut window_left = META_MAX_CHARS - chars_before % META_MAX_CHARS;
    let mut run = 0usize;
    let mut run_is_space = text[from..].chars().next().is_some_and(python_isspace);
    for (offset, c) in text[from..].char_indices() {
        let at = from + offset;
        if window_left == 0 {
            if each(at).is_break() {
                return;
            }
            window_left = META_MAX_CHARS;
            run = 0;
            run_is_space = python_isspace(c);
        }
        window_left -= 1;
        let is_space = python_isspace(c);
        if is_space != run_is_space {
            run = 1;
            run_is_space = is_space;
        } else {
            run += 1;
            if run > META_MAX_RUN {
                if each(at).is_break() {
                    return;
                }
                run = 1;
            }
        }
    }
    if from < text.len() {
        let _ = each(text.len());
    }
}

/// Whether byte `at` of `text` is a point where Meta's slicing restarts in the same state
/// as it has there when slicing the whole text: the characters on either side of it
/// differ in whitespace-ness, so a run starts at `at` (the place in the 400,000-character
/// window is recounted from the start of the text).
pub fn meta_restartable(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    match (before, after) {
        (Some(before), Some(after)) => python_isspace(before) != python_isspace(after),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(pattern: &str) -> Stage {
        Stage::new(pattern, true, true).unwrap()
    }

    fn pieces(splitter: &Splitter, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let _ = splitter.pieces(text, 0, &mut |piece| {
            out.push(text[piece.start..piece.end].to_owned());
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn isolated_stages_keep_the_text_between_matches() {
        // DeepSeek V3's first two stages: digit groups, then CJK runs, each cut out.
        let splitter = Splitter {
            meta: None,
            stages: vec![
                Stage::new(r"\p{N}{1,3}", false, false).unwrap(),
                stage(r"[一-龥]+|\s+"),
            ],
        };
        assert_eq!(
            pieces(&splitter, "ab12345日本x"),
            ["ab", "123", "45", "日本", "x"]
        );
    }

    #[test]
    fn a_later_stage_sees_the_end_of_its_piece_as_the_end_of_the_text() {
        // "a  " then "1": in one pattern the two spaces would give one back to the digit;
        // within the piece "a  " (cut before the digit by the first stage) they are at the
        // end, so they stay together, as in Hugging Face tokenizers.
        let splitter = Splitter {
            meta: None,
            stages: vec![
                Stage::new(r"\p{N}+", false, false).unwrap(),
                stage(r"\p{L}+|\s+"),
            ],
        };
        assert_eq!(pieces(&splitter, "a  1"), ["a", "  ", "1"]);
        let one = Splitter {
            meta: None,
            stages: vec![stage(r"\p{L}+|\p{N}+|\s+")],
        };
        assert_eq!(pieces(&one, "a  1"), ["a", " ", " ", "1"]);
    }

    #[test]
    fn the_forward_automaton_finds_the_matches_the_regex_crate_finds() {
        // o200k_base's pattern without its look-ahead, over prose, code, numbers, CJK,
        // emoji and whitespace runs: every match starts where the last one ended, found by
        // the anchored forward search alone, so the meta regex is never compiled.
        let pattern = concat!(
            r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            r"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+",
        );
        let text = "Don't STOP: fn main() { let x = 12345; }\n\n  日本語のテキスト 🔥🔥 naïve Straße\r\n\t end   ";
        let stage = Stage::new(pattern, false, false).unwrap();
        let regex = meta::Regex::new(pattern).unwrap();
        let mut cache = stage.caches.get();
        let mut at = 0;
        while at < text.len() {
            let expected = regex.search(&Input::new(text).range(at..)).unwrap();
            assert_eq!(
                stage.find(&mut cache, text, at),
                Some(expected),
                "at byte {at}"
            );
            at = expected.end();
        }
        assert!(stage.full.get().is_none(), "the meta regex was compiled");
        // Where no match starts (text between matches), the meta regex finds the next one.
        let digits = Stage::new(r"\p{N}+", false, false).unwrap();
        let mut cache = digits.caches.get();
        assert_eq!(
            digits.find(&mut cache, "ab12c", 0).map(|m| m.range()),
            Some(2..4)
        );
        assert_eq!(digits.find(&mut cache, "ab12c", 4), None);
        assert!(digits.full.get().is_some());
    }

    #[test]
    fn meta_cuts_runs_longer_than_25000_characters() {
        let text = format!("{}{}", "a".repeat(25_001), " ".repeat(50_001));
        let mut ends = Vec::new();
        meta_slices(&text, 0, |end| {
            ends.push(end);
            ControlFlow::Continue(())
        });
        assert_eq!(ends, [25_000, 25_001 + 25_000, 25_001 + 50_000, text.len()]);
        // Python counts U+001C..U+001F as whitespace, so they do not end a space run.
        assert!(python_isspace('\u{1f}') && !'\u{1f}'.is_whitespace());
    }

    #[test]
    fn meta_cuts_every_400000_characters() {
        let text = "ab ".repeat(150_000); // 450,000 characters, no long run
        let mut ends = Vec::new();
        meta_slices(&text, 0, |end| {
            ends.push(end);
            ControlFlow::Continue(())
        });
        assert_eq!(ends, [400_000, text.len()]);
        // Restarting inside the text keeps the cut where it was.
        let mut from_middle = Vec::new();
        meta_slices(&text, 3_000, |end| {
            from_middle.push(end);
            ControlFlow::Continue(())
        });
        assert_eq!(from_middle, [400_000, text.len()]);
    }
}
