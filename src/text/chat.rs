//! Chat messages and what they cost in tokens.
//!
//! The formula, from OpenAI's cookbook ("How to count tokens with tiktoken", for the
//! gpt-3.5-turbo-0613 / gpt-4 family): every message costs 3 tokens of framing plus the
//! tokens of its role and content; a message with a name costs the name's tokens plus 1;
//! and 3 more tokens prime the reply. It is an estimate of what the API bills: providers
//! do not publish their exact framing, which changes between models.

use std::fmt;

use serde_json::Value;

use crate::text::tokenize::Encoder;

/// Framing tokens per message.
pub const TOKENS_PER_MESSAGE: usize = 3;
/// Extra tokens when a message has a name.
pub const TOKENS_PER_NAME: usize = 1;
/// Tokens that prime the assistant's reply.
pub const REPLY_PRIMING: usize = 3;

/// Who wrote a message. Serialized as its name in the API (`"system"`, `"user"`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions.
    System,
    /// The user.
    User,
    /// The model.
    Assistant,
    /// A tool's result.
    Tool,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::System, Role::User, Role::Assistant, Role::Tool];

    /// The API's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
        }
    }

    /// The role called `name` (`developer` is read as `system`).
    pub fn from_name(name: &str) -> Option<Role> {
        match name {
            "developer" => Some(Role::System),
            other => Role::ALL.into_iter().find(|role| role.name() == other),
        }
    }
}

/// One chat message.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// The optional participant name.
    pub name: Option<String>,
    /// The text.
    pub content: String,
}

/// The token count of a conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChatCount {
    /// Each message's tokens, framing included.
    pub per_message: Vec<usize>,
    /// Tokens of the contents alone.
    pub content: usize,
    /// Framing: per-message, name and reply-priming tokens, and the role names.
    pub overhead: usize,
    /// Everything: content + overhead.
    pub total: usize,
}

/// Counts `messages` with the cookbook formula.
pub fn count(encoder: &Encoder, messages: &[Message]) -> ChatCount {
    let mut result = ChatCount::default();
    for message in messages {
        let content = encoder.count(&message.content);
        let mut tokens = TOKENS_PER_MESSAGE + encoder.count(message.role.name()) + content;
        if let Some(name) = &message.name {
            tokens += encoder.count(name) + TOKENS_PER_NAME;
        }
        result.per_message.push(tokens);
        result.content += content;
        result.total += tokens;
    }
    result.total += REPLY_PRIMING;
    result.overhead = result.total - result.content;
    result
}

/// Why a `messages` JSON could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

/// Reads an OpenAI-style `messages` array (or an object with a `messages` field).
/// Content may be a string or a list of parts whose `text` fields are joined.
pub fn parse_messages(json: &str) -> Result<Vec<Message>, ImportError> {
    let value: Value = serde_json::from_str(json).map_err(|error| {
        ImportError(format!(
            "Not valid JSON: {} (line {}, column {})",
            strip_position(&error.to_string()),
            error.line(),
            error.column()
        ))
    })?;
    let list = match &value {
        Value::Array(list) => list,
        Value::Object(object) => object
            .get("messages")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                ImportError(
                    "Expected a list of messages, or an object with a \"messages\" list".into(),
                )
            })?,
        _ => return Err(ImportError("Expected a list of messages".into())),
    };
    list.iter()
        .enumerate()
        .map(|(index, item)| {
            let at = format!("Message {}", index + 1);
            let object = item
                .as_object()
                .ok_or_else(|| ImportError(format!("{at} is not an object")))?;
            let role_name = object
                .get("role")
                .and_then(Value::as_str)
                .ok_or_else(|| ImportError(format!("{at} has no \"role\"")))?;
            let role = Role::from_name(role_name).ok_or_else(|| {
                ImportError(format!(
                    "{at} has the role \"{role_name}\"; expected system, user, assistant or tool"
                ))
            })?;
            let content = match object.get("content") {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => text.clone(),
                Some(Value::Array(parts)) => parts
                    .iter()
                    .filter_map(|part| part.get("text").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Some(_) => {
                    return Err(ImportError(format!(
                        "{at} has a \"content\" that is neither text nor a list of parts"
                    )))
                }
            };
            let name = match object.get("name") {
                None | Some(Value::Null) => None,
                Some(Value::String(name)) => Some(name.clone()),
                Some(_) => {
                    return Err(ImportError(format!("{at} has a \"name\" that is not text")))
                }
            };
            Ok(Message {
                role,
                name,
                content,
            })
        })
        .collect()
}

fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::Encoding;

    #[test]
    fn the_cookbook_formula() {
        let encoder = Encoder::bundled(Encoding::Cl100kBase).unwrap();
        let messages = vec![
            Message {
                role: Role::System,
                name: None,
                content: "You are helpful.".into(),
            },
            Message {
                role: Role::User,
                name: Some("ann".into()),
                content: "Hi".into(),
            },
        ];
        let counted = count(&encoder, &messages);
        let c = |text: &str| encoder.count(text);
        let first = 3 + c("system") + c("You are helpful.");
        let second = 3 + c("user") + c("Hi") + c("ann") + 1;
        assert_eq!(counted.per_message, vec![first, second]);
        assert_eq!(counted.total, first + second + 3);
        assert_eq!(counted.content, c("You are helpful.") + c("Hi"));
        assert_eq!(counted.overhead, counted.total - counted.content);
        // The cookbook's own example gives 129 tokens for its 7-message conversation on
        // gpt-4/cl100k; this smaller one, checked by hand: system=1 token,
        // "You are helpful."=4, user=1, Hi=1, ann=1 -> (3+1+4) + (3+1+1+1+1) + 3 = 18.
        assert_eq!(counted.total, 18);
    }

    #[test]
    fn no_messages_still_prime_the_reply() {
        let encoder = Encoder::bundled(Encoding::O200kBase).unwrap();
        let counted = count(&encoder, &[]);
        assert_eq!(counted.total, 3);
        assert_eq!(counted.overhead, 3);
    }

    #[test]
    fn imports_openai_messages() {
        let messages = parse_messages(
            r#"[{"role":"system","content":"Be brief."},
                {"role":"user","name":"ann","content":[{"type":"text","text":"Hello"}]},
                {"role":"developer","content":null}]"#,
        )
        .unwrap();
        assert_eq!(messages.len(), 3);
        assert_eq!(messages[1].name.as_deref(), Some("ann"));
        assert_eq!(messages[1].content, "Hello");
        assert_eq!(messages[2].role, Role::System);
        assert_eq!(parse_messages(r#"{"messages":[]}"#).unwrap(), vec![]);
    }

    #[test]
    fn malformed_json_says_where() {
        let error = parse_messages("[{\"role\": \"user\",\n \"content\": }]").unwrap_err();
        assert!(error.0.starts_with("Not valid JSON"), "{error}");
        assert!(error.0.contains("line 2"), "{error}");
        assert_eq!(
            parse_messages(r#"[{"role":"robot","content":"x"}]"#)
                .unwrap_err()
                .0,
            "Message 1 has the role \"robot\"; expected system, user, assistant or tool"
        );
        assert!(parse_messages("42").is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_text_imports_without_panicking(text in "\\PC*") {
            let _ = parse_messages(&text);
        }
    }
}
