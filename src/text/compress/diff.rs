//! A word-level diff between the original and the compressed text, for the diff view.

use similar::{ChangeTag, TextDiff};

/// Texts longer than this are not diffed (the view says so).
pub const MAX_DIFF_BYTES: usize = 200_000;

/// A run of the diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffPart {
    /// In both texts.
    Same(String),
    /// Only in the original: struck through.
    Removed(String),
    /// Only in the compressed text: highlighted.
    Added(String),
}

/// The diff as runs, adjacent changes of one kind merged; `None` for texts too long to diff.
pub fn word_diff(before: &str, after: &str) -> Option<Vec<DiffPart>> {
    if before.len() > MAX_DIFF_BYTES || after.len() > MAX_DIFF_BYTES {
        return None;
    }
    let diff = TextDiff::from_words(before, after);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match (change.tag(), parts.last_mut()) {
            (ChangeTag::Equal, Some(DiffPart::Same(run)))
            | (ChangeTag::Delete, Some(DiffPart::Removed(run)))
            | (ChangeTag::Insert, Some(DiffPart::Added(run))) => run.push_str(value),
            (ChangeTag::Equal, _) => parts.push(DiffPart::Same(value.to_owned())),
            (ChangeTag::Delete, _) => parts.push(DiffPart::Removed(value.to_owned())),
            (ChangeTag::Insert, _) => parts.push(DiffPart::Added(value.to_owned())),
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_and_added_words_are_marked() {
        let parts = word_diff("Please write in order to win", "Write to win").unwrap();
        let removed: String = parts
            .iter()
            .filter_map(|part| match part {
                DiffPart::Removed(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let added: String = parts
            .iter()
            .filter_map(|part| match part {
                DiffPart::Added(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            removed.contains("Please") && removed.contains("order"),
            "{parts:?}"
        );
        assert!(added.contains("Write"), "{parts:?}");
        // The runs rebuild both texts.
        let rebuild = |keep_removed: bool| -> String {
            parts
                .iter()
                .filter_map(|part| match part {
                    DiffPart::Same(text) => Some(text.as_str()),
                    DiffPart::Removed(text) if keep_removed => Some(text.as_str()),
                    DiffPart::Added(text) if !keep_removed => Some(text.as_str()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(rebuild(true), "Please write in order to win");
        assert_eq!(rebuild(false), "Write to win");
        assert_eq!(word_diff(&"x".repeat(MAX_DIFF_BYTES + 1), ""), None);
    }
}
