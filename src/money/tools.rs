//! Tools: the input tokens a provider adds when a request defines tools.
//!
//! Owns: Anthropic's tool-use system prompt table ([`tool_use_system_prompt`]). The tool
//! definitions themselves are text, counted in `text::chat` with gpt-tokenizer's formula.
//! Must not know: the DOM, request-body formats.

use crate::money::catalog::Model;
use crate::text::chat::ToolChoice;

/// The tokens of the system prompt Anthropic adds to a request that defines tools, for
/// `model`, or `None` when the model is not a Claude model (no other provider documents
/// such a prompt).
///
/// Source: Anthropic, "Tool use with Claude" → "Pricing"
/// (<https://docs.claude.com/en/docs/agents-and-tools/tool-use/overview#pricing>): "When
/// you use `tools`, we also automatically include a special system prompt for the model
/// which enables tool use", per model and tool choice (`auto`/`none` | `any`/`tool`):
///
/// | model                                                   | auto, none | any, tool |
/// |---------------------------------------------------------|-----------:|----------:|
/// | Claude Opus 4.5 / 4.1 / 4, Sonnet 4.5 / 4 / 3.7, Haiku 4.5 | 346     | 313       |
/// | Claude Haiku 3.5                                        | 264        | 340       |
/// | Claude Opus 3                                           | 530        | 281       |
/// | Claude Sonnet 3                                         | 159        | 235       |
/// | Claude Haiku 3                                          | 264        | 340       |
///
/// The table "assumes at least 1 tool is provided"; the caller adds nothing when the
/// request defines none. Claude models the table does not list (later ones) are given the
/// value of every Claude 4 model, 346 / 313. `required` (OpenAI's word for `any`) and a
/// named tool read as `any, tool`.
pub fn tool_use_system_prompt(model: &Model, choice: &ToolChoice) -> Option<u64> {
    let id = model
        .model
        .rsplit('/')
        .next()
        .unwrap_or(&model.model)
        .to_ascii_lowercase();
    if !id.contains("claude") && !model.id.to_ascii_lowercase().contains("claude") {
        return None;
    }
    let (auto, forced) = if id.contains("claude-3-opus") {
        (530, 281)
    } else if id.contains("claude-3-sonnet") {
        (159, 235)
    } else if id.contains("claude-3-haiku") || id.contains("claude-3-5-haiku") {
        (264, 340)
    } else {
        (346, 313)
    };
    Some(match choice {
        ToolChoice::Auto | ToolChoice::None => auto,
        ToolChoice::Required | ToolChoice::Named(_) => forced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::Catalog;

    #[test]
    fn claude_models_add_anthropics_tool_prompt() {
        let Ok(catalog) = Catalog::shipped() else {
            panic!("the shipped catalog must load");
        };
        let prompt = |id: &str, choice: ToolChoice| {
            catalog
                .get(id)
                .and_then(|model| tool_use_system_prompt(model, &choice))
        };
        assert_eq!(prompt("claude-sonnet-4-5", ToolChoice::Auto), Some(346));
        assert_eq!(prompt("claude-sonnet-4-5", ToolChoice::None), Some(346));
        assert_eq!(prompt("claude-sonnet-4-5", ToolChoice::Required), Some(313));
        assert_eq!(
            prompt("claude-sonnet-4-5", ToolChoice::Named("f".into())),
            Some(313)
        );
        assert_eq!(prompt("claude-3-haiku", ToolChoice::Auto), Some(264));
        assert_eq!(
            prompt("claude-3-opus-latest", ToolChoice::Required),
            Some(281)
        );
        assert_eq!(prompt("gpt-4o", ToolChoice::Auto), None);
    }
}
