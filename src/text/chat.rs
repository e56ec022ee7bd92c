//! Chat messages and what they cost in tokens.
//!
//! The formula, from OpenAI's cookbook ("How to count tokens with tiktoken", for the
//! gpt-3.5-turbo-0613 / gpt-4 family): every message costs 3 tokens of framing plus the
//! tokens of its role and content; a message with a name costs the name's tokens plus 1;
//! and 3 more tokens prime the reply. It is an estimate of what the API bills: providers
//! do not publish their exact framing, which changes between models.

use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess};
use serde::Deserialize;

use crate::json::{Field, Kind, Object};
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

/// An imported conversation as the JSON has it: a list of messages, or an object with a
/// `messages` list (such as the body of a Chat Completions request).
///
/// Issue #16 adds tools and images: the request's `tools` go in [`Request`], a message's
/// `tool_calls` and `tool_call_id` in [`WireMessage`], an image part's `type` and
/// `image_url` in [`Part`].
enum Conversation {
    List(Vec<Field<WireMessage>>),
    Request(Request),
}

impl Kind for Conversation {
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Option<Conversation>, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(seq)).map(|list| Some(Conversation::List(list)))
    }
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Conversation>, A::Error> {
        Request::deserialize(MapAccessDeserializer::new(map))
            .map(|request| Some(Conversation::Request(request)))
    }
}

/// An object holding the messages; its other fields (`model`, `temperature`, …) are
/// ignored.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Request {
    messages: Field<Vec<Field<WireMessage>>>,
}

/// One message as the JSON has it. Unknown fields (`function_call`, `tool_calls`,
/// `refusal`, …) are ignored: the import reads what the count uses.
#[derive(Default, Deserialize)]
#[serde(default)]
struct WireMessage {
    role: Field<String>,
    content: Field<Content>,
    name: Field<String>,
}
impl Object for WireMessage {}

/// A message's content: text, or a list of parts.
enum Content {
    Text(String),
    Parts(Vec<Field<Part>>),
}

impl Kind for Content {
    fn from_str(text: &str) -> Option<Content> {
        Some(Content::Text(text.to_owned()))
    }
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Option<Content>, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(seq)).map(|parts| Some(Content::Parts(parts)))
    }
}

/// One part of a content list. Only its `text` is read: parts without one (images,
/// audio) and parts that are not objects count for nothing.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Part {
    text: Field<String>,
}
impl Object for Part {}

/// Reads an OpenAI-style `messages` array (or an object with a `messages` field).
/// Content may be a string or a list of parts whose `text` fields are joined with a line
/// break. The role `developer` is read as `system`; `null` content is empty. Fields this
/// does not read are ignored. Problems are reported in this order: not JSON (with line and
/// column), not a list of messages, then for each message in turn: not an object, its
/// role, its content, its name.
pub fn parse_messages(json: &str) -> Result<Vec<Message>, ImportError> {
    let conversation: Field<Conversation> = serde_json::from_str(json).map_err(|error| {
        ImportError(format!(
            "Not valid JSON: {} (line {}, column {})",
            strip_position(&error.to_string()),
            error.line(),
            error.column()
        ))
    })?;
    let list = match conversation {
        Field::Given(Conversation::List(list)) => list,
        Field::Given(Conversation::Request(request)) => match request.messages {
            Field::Given(list) => list,
            _ => {
                return Err(ImportError(
                    "Expected a list of messages, or an object with a \"messages\" list".into(),
                ))
            }
        },
        _ => return Err(ImportError("Expected a list of messages".into())),
    };
    list.into_iter()
        .enumerate()
        .map(|(index, item)| {
            let at = format!("Message {}", index + 1);
            let Field::Given(message) = item else {
                return Err(ImportError(format!("{at} is not an object")));
            };
            let Field::Given(role_name) = message.role else {
                return Err(ImportError(format!("{at} has no \"role\"")));
            };
            let role = Role::from_name(&role_name).ok_or_else(|| {
                ImportError(format!(
                    "{at} has the role \"{role_name}\"; expected system, user, assistant or tool"
                ))
            })?;
            let content = match message.content {
                Field::Absent | Field::Null => String::new(),
                Field::Given(Content::Text(text)) => text,
                Field::Given(Content::Parts(parts)) => parts
                    .into_iter()
                    .filter_map(|part| match part {
                        Field::Given(Part {
                            text: Field::Given(text),
                        }) => Some(text),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                Field::Mistyped => {
                    return Err(ImportError(format!(
                        "{at} has a \"content\" that is neither text nor a list of parts"
                    )))
                }
            };
            let name = message
                .name
                .optional()
                .map_err(|_| ImportError(format!("{at} has a \"name\" that is not text")))?;
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

    #[test]
    fn a_request_body_with_tools_and_images_imports_its_texts() {
        let messages = parse_messages(
            r#"{"model":"gpt-4o","tools":[],"messages":[
                {"role":"user","content":[{"type":"text","text":"What is this?"},
                    {"type":"image_url","image_url":{"url":"data:,"}},{"type":"text","text":"Briefly."}]},
                {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function"}]},
                {"role":"tool","tool_call_id":"c1","content":"42"}]}"#,
        )
        .unwrap();
        assert_eq!(messages[0].content, "What is this?\nBriefly.");
        assert_eq!(messages[1].content, "");
        assert_eq!(
            (messages[2].role, messages[2].content.as_str()),
            (Role::Tool, "42")
        );
    }

    #[test]
    fn a_field_named_twice_is_not_json() {
        // serde's derive refuses it (the reader over serde_json::Value kept the last one).
        let error = parse_messages(r#"[{"role":"user","role":"system"}]"#).unwrap_err();
        assert!(
            error
                .0
                .starts_with("Not valid JSON: duplicate field `role` (line 1, column"),
            "{error}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_imports_without_panicking(text in "\\PC*") {
            let _ = parse_messages(&text);
        }
    }
}
