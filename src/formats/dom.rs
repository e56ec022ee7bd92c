//! Names in the DOM contract that are derived from data.

/// The suffix of a model row's testid, `model-row-<suffix>`: the catalog id with every
/// character other than `a-z`, `0-9`, `.` and `-` replaced by `-`.
pub fn model_testid(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '.' | '-' => c,
            _ => '-',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_only_lowercase_digits_dots_and_dashes() {
        assert_eq!(model_testid("gpt-4o"), "gpt-4o");
        assert_eq!(model_testid("gpt-4.1-mini"), "gpt-4.1-mini");
        assert_eq!(
            model_testid("openrouter/anthropic/claude-3.5"),
            "openrouter-anthropic-claude-3.5"
        );
        assert_eq!(model_testid("Llama_3 8B"), "-lama-3-8-");
        assert_eq!(model_testid("modèle"), "mod-le");
    }
}
