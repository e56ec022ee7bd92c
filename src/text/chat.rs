//! Chat messages and request bodies, and what they cost in tokens.
//!
//! The formula is the one npm `gpt-tokenizer` 4.0.0 implements in
//! `computeChatCompletionTokenCount` (`src/functionCalling.ts`), which extends OpenAI's
//! cookbook ("How to count tokens with tiktoken", gpt-3.5-turbo-0613 / gpt-4 family) to
//! function definitions; see [`count_request`]. It is an estimate of what the API bills:
//! OpenAI does not publish its exact framing, which changes between models.

use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{MapAccess, SeqAccess};
use serde::Deserialize;

use crate::json::{Field, Kind, Object};
use crate::text::tokenize::Encoder;

pub mod functions;

use functions::Json;

/// Framing tokens per message.
pub const TOKENS_PER_MESSAGE: usize = 3;
/// Extra tokens when a message has a name.
pub const TOKENS_PER_NAME: usize = 1;
/// Tokens that prime the assistant's reply.
pub const REPLY_PRIMING: usize = 3;
/// Tokens a function (or tool) call in an assistant message costs beyond its name and
/// arguments (`FUNCTION_CALL_METADATA_TOKEN_OVERHEAD`).
pub const TOKENS_PER_TOOL_CALL: usize = 3;
/// Tokens a `function` message costs less than others (`FUNCTION_ROLE_TOKEN_DISCOUNT`).
pub const FUNCTION_ROLE_DISCOUNT: usize = 2;
/// Tokens added to the rendered definitions (`FUNCTION_DEFINITION_TOKEN_OVERHEAD`).
pub const TOKENS_PER_DEFINITIONS: usize = 9;
/// Tokens taken off when definitions come with a system message
/// (`SYSTEM_FUNCTION_TOKEN_DEDUCTION`).
pub const SYSTEM_WITH_DEFINITIONS_DEDUCTION: usize = 4;
/// Tokens a tool choice of `none` adds (`FUNCTION_CALL_NONE_TOKEN_OVERHEAD`).
pub const CHOICE_NONE_TOKENS: usize = 1;
/// Tokens a named tool choice adds beyond the name (`FUNCTION_CALL_NAME_TOKEN_OVERHEAD`).
pub const CHOICE_NAMED_TOKENS: usize = 4;

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
    /// A function's result (the older `functions` API).
    Function,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::System,
        Role::User,
        Role::Assistant,
        Role::Tool,
        Role::Function,
    ];

    /// The API's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
            Role::Function => "function",
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
    /// The function or tool calls of an assistant message, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// The images of the message, in order. Their tokens depend on the model
    /// (`money::images`), so [`count_request`] leaves them out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImagePart>,
}

impl Message {
    /// A message of text alone.
    pub fn text(role: Role, name: Option<String>, content: impl Into<String>) -> Message {
        Message {
            role,
            name,
            content: content.into(),
            tool_calls: Vec::new(),
            images: Vec::new(),
        }
    }
}

/// A function or tool call an assistant message makes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ToolCall {
    /// The function's name.
    pub name: String,
    /// Its arguments, as the JSON text the model wrote.
    pub arguments: String,
}

/// An image in a message: its size where the request gives one, and its `detail`.
/// Chat Completions bodies carry no size (an `image_url` is a URL or base64 data); a part
/// or its `image_url` object may carry `width` and `height` (a Burnrate extension, so that
/// a body can say what the image is).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImagePart {
    /// Width in pixels, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// OpenAI's `detail` (`low`, `high`, `auto`), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Which tool the request lets or makes the model call (`tool_choice`, or the older
/// `function_call`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToolChoice {
    /// The model decides (`auto`, or not given).
    #[default]
    Auto,
    /// No tool (`none`).
    None,
    /// Some tool (`required`, Anthropic's `any`).
    Required,
    /// This tool (`{"type": "function", "function": {"name": …}}`, Anthropic's
    /// `{"type": "tool", "name": …}`, or `function_call: {"name": …}`).
    Named(String),
}

/// The tool definitions of a request, rendered as the model reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tools {
    /// The functions' names, in order.
    pub names: Vec<String>,
    /// Their namespace text ([`functions::format_function_definitions`]); `None` when the
    /// request defines no function.
    pub rendered: Option<String>,
    /// The tool choice.
    pub choice: ToolChoice,
}

/// A request body: its messages and its tools.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChatRequest {
    /// The messages, in order (a top-level Anthropic `system` first).
    pub messages: Vec<Message>,
    /// The tool definitions and choice.
    pub tools: Tools,
}

/// The token count of a conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChatCount {
    /// Each message's tokens, framing and tool calls included.
    pub per_message: Vec<usize>,
    /// Tokens of the contents alone.
    pub content: usize,
    /// Tokens of the assistant messages' tool calls: names, arguments and 3 each.
    pub tool_calls: usize,
    /// Tokens of the tool definitions and the tool choice, with their fixed tokens (9
    /// added, 4 taken off beside a system message, the system message's added line
    /// break, 1 for `none`, the name + 4 for a named tool). 0 without tools.
    pub tool_definitions: usize,
    /// Framing: per-message, name and reply-priming tokens, and the role names.
    pub overhead: usize,
    /// Everything: content + tool calls + tool definitions + overhead.
    pub total: usize,
}

/// Counts `messages` with the cookbook formula (no tool definitions).
pub fn count(encoder: &Encoder, messages: &[Message]) -> ChatCount {
    count_request(encoder, messages, &Tools::default())
}

/// Counts a request with `gpt-tokenizer`'s `computeChatCompletionTokenCount` (4.0.0):
/// - each message: 3 + tokens(role) + tokens(content) [+ tokens(name) + 1 when it has a
///   non-empty name] [+ tokens(call name) + tokens(call arguments) + 3 for each tool
///   call] [− 2 for a `function` message];
/// - + 3 to prime the reply;
/// - with tool definitions: + tokens(rendered definitions) + 9, − 4 if any message is a
///   system message; and the first system message is counted with a line break added
///   to its content (unless it is empty or already ends with one);
/// - tool choice `none`: + 1; a named tool: + tokens(name) + 4; `auto` and `required`:
///   nothing.
///
/// `gpt-tokenizer` reads one `function_call` per message; a message with several
/// `tool_calls` is counted as if each were such a call (the same 3 tokens and its name
/// and arguments each). A message's images are not counted here (see [`Message::images`]).
pub fn count_request(encoder: &Encoder, messages: &[Message], tools: &Tools) -> ChatCount {
    let has_definitions = tools.rendered.is_some();
    let mut result = ChatCount::default();
    let mut system_padded = false;
    let mut tool_tokens = 0usize;
    for message in messages {
        let content = encoder.count(&message.content);
        let mut counted_content = content;
        if has_definitions && message.role == Role::System && !system_padded {
            system_padded = true;
            if !message.content.is_empty() && !message.content.ends_with('\n') {
                counted_content = encoder.count(&format!("{}\n", message.content));
                tool_tokens += counted_content.saturating_sub(content);
            }
        }
        let mut tokens = TOKENS_PER_MESSAGE + encoder.count(message.role.name()) + counted_content;
        if let Some(name) = message.name.as_deref().filter(|name| !name.is_empty()) {
            tokens += encoder.count(name) + TOKENS_PER_NAME;
        }
        for call in &message.tool_calls {
            let call_tokens =
                encoder.count(&call.name) + encoder.count(&call.arguments) + TOKENS_PER_TOOL_CALL;
            tokens += call_tokens;
            result.tool_calls += call_tokens;
        }
        if message.role == Role::Function {
            tokens = tokens.saturating_sub(FUNCTION_ROLE_DISCOUNT);
        }
        result.per_message.push(tokens);
        result.content += content;
        result.total += tokens;
    }
    result.total += REPLY_PRIMING;
    if let Some(rendered) = &tools.rendered {
        let mut definitions = encoder.count(rendered) + TOKENS_PER_DEFINITIONS;
        if messages.iter().any(|message| message.role == Role::System) {
            definitions = definitions.saturating_sub(SYSTEM_WITH_DEFINITIONS_DEDUCTION);
        }
        tool_tokens += definitions;
        result.total += definitions;
    }
    let choice = match &tools.choice {
        ToolChoice::None => CHOICE_NONE_TOKENS,
        ToolChoice::Named(name) if !name.is_empty() => encoder.count(name) + CHOICE_NAMED_TOKENS,
        _ => 0,
    };
    tool_tokens += choice;
    result.total += choice;
    result.tool_definitions = tool_tokens;
    result.overhead = result
        .total
        .saturating_sub(result.content + result.tool_calls + result.tool_definitions);
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
/// `messages` list (the body of a Chat Completions or Messages request).
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

/// A request body; its other fields (`model`, `temperature`, …) are ignored.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Request {
    messages: Field<Vec<Field<WireMessage>>>,
    /// Anthropic's top-level system prompt: text or a list of text blocks.
    system: Field<Content>,
    tools: Field<Json>,
    functions: Field<Json>,
    tool_choice: Field<Json>,
    function_call: Field<Json>,
}

/// One message as the JSON has it. Unknown fields (`tool_call_id`, `refusal`, …) are
/// ignored: the import reads what the count uses.
#[derive(Default, Deserialize)]
#[serde(default)]
struct WireMessage {
    role: Field<String>,
    content: Field<Content>,
    name: Field<String>,
    tool_calls: Field<Vec<Field<WireToolCall>>>,
    function_call: Field<WireFunction>,
}
impl Object for WireMessage {}

/// One of an assistant message's `tool_calls`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct WireToolCall {
    function: Field<WireFunction>,
}
impl Object for WireToolCall {}

/// A call's function: its name and arguments (JSON text; an object is written out).
#[derive(Default, Deserialize)]
#[serde(default)]
struct WireFunction {
    name: Field<String>,
    arguments: Field<Json>,
}
impl Object for WireFunction {}

impl WireFunction {
    fn call(self) -> ToolCall {
        ToolCall {
            name: self.name.optional().ok().flatten().unwrap_or_default(),
            arguments: match self.arguments {
                Field::Given(Json::String(text)) => text,
                Field::Given(other) => other.js_json(),
                _ => String::new(),
            },
        }
    }
}

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

/// One part of a content list. Text parts give their `text`; image parts
/// (`image_url`, the Responses API's `input_image`, Anthropic's `image`) give an image;
/// Anthropic's `tool_use` gives a tool call and its `tool_result` its content's text.
/// Other parts (audio, files) and parts that are not objects count for nothing.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Part {
    #[serde(rename = "type")]
    kind: Field<String>,
    text: Field<String>,
    image_url: Field<Json>,
    detail: Field<String>,
    width: Field<u64>,
    height: Field<u64>,
    name: Field<String>,
    input: Field<Json>,
    content: Field<Json>,
}
impl Object for Part {}

/// What one content part adds to a message.
enum PartValue {
    Text(String),
    Image(ImagePart),
    Call(ToolCall),
    Nothing,
}

/// A size field, if it is a whole number that fits in 32 bits.
fn pixels(field: Option<&Json>) -> Option<u32> {
    match field {
        Some(Json::Number(n)) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => {
            Some(*n as u32)
        }
        _ => None,
    }
}

impl Part {
    fn value(self) -> PartValue {
        let kind = self.kind.optional().ok().flatten().unwrap_or_default();
        match kind.as_str() {
            "image_url" | "input_image" | "image" => {
                let object = match &self.image_url {
                    Field::Given(object @ Json::Object(_)) => Some(object),
                    _ => None,
                };
                let from_object = |key: &str| object.and_then(|o| pixels(o.get(key)));
                let own = |field: &Field<u64>| match field {
                    Field::Given(n) => u32::try_from(*n).ok(),
                    _ => None,
                };
                let detail = match &self.detail {
                    Field::Given(detail) => Some(detail.clone()),
                    _ => object
                        .and_then(|o| o.get("detail"))
                        .and_then(Json::as_str)
                        .map(str::to_owned),
                };
                PartValue::Image(ImagePart {
                    width: own(&self.width).or_else(|| from_object("width")),
                    height: own(&self.height).or_else(|| from_object("height")),
                    detail,
                })
            }
            "tool_use" => PartValue::Call(ToolCall {
                name: self.name.optional().ok().flatten().unwrap_or_default(),
                arguments: match self.input {
                    Field::Given(input) => input.js_json(),
                    _ => String::new(),
                },
            }),
            "tool_result" => match self.content {
                Field::Given(Json::String(text)) => PartValue::Text(text),
                Field::Given(Json::Array(blocks)) => PartValue::Text(
                    blocks
                        .iter()
                        .filter_map(|block| block.get("text").and_then(Json::as_str))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                _ => PartValue::Nothing,
            },
            _ => match self.text {
                Field::Given(text) => PartValue::Text(text),
                _ => PartValue::Nothing,
            },
        }
    }
}

/// A message's content as text, images and tool calls.
struct ReadContent {
    text: String,
    images: Vec<ImagePart>,
    calls: Vec<ToolCall>,
}

/// Reads a content field: text, or parts whose texts are joined with a line break.
/// `Err(())` when it is neither.
fn read_content(content: Field<Content>) -> Result<ReadContent, ()> {
    let mut read = ReadContent {
        text: String::new(),
        images: Vec::new(),
        calls: Vec::new(),
    };
    match content {
        Field::Absent | Field::Null => {}
        Field::Given(Content::Text(text)) => read.text = text,
        Field::Given(Content::Parts(parts)) => {
            let mut texts = Vec::new();
            for part in parts {
                let Field::Given(part) = part else { continue };
                match part.value() {
                    PartValue::Text(text) => texts.push(text),
                    PartValue::Image(image) => read.images.push(image),
                    PartValue::Call(call) => read.calls.push(call),
                    PartValue::Nothing => {}
                }
            }
            read.text = texts.join("\n");
        }
        Field::Mistyped => return Err(()),
    }
    Ok(read)
}

/// The tool choice of a request: its `tool_choice`, else its `function_call`.
fn tool_choice(tool_choice: Option<&Json>, function_call: Option<&Json>) -> ToolChoice {
    let named = |name: Option<&Json>| {
        name.and_then(Json::as_str)
            .map_or(ToolChoice::Auto, |name| ToolChoice::Named(name.to_owned()))
    };
    match tool_choice.or(function_call) {
        Some(Json::String(choice)) => match choice.as_str() {
            "none" => ToolChoice::None,
            "required" | "any" => ToolChoice::Required,
            _ => ToolChoice::Auto,
        },
        Some(object @ Json::Object(_)) => match object.get("type").and_then(Json::as_str) {
            Some("function") => named(object.get("function").and_then(|f| f.get("name"))),
            Some("tool") => named(object.get("name")),
            Some("any") => ToolChoice::Required,
            Some("none") => ToolChoice::None,
            Some(_) => ToolChoice::Auto,
            None => named(object.get("name")),
        },
        _ => ToolChoice::Auto,
    }
}

/// Reads an OpenAI-style `messages` array, or a request body with a `messages` field,
/// and keeps its messages only (see [`parse_request`]).
pub fn parse_messages(json: &str) -> Result<Vec<Message>, ImportError> {
    parse_request(json).map(|request| request.messages)
}

/// Reads a request body (`{"messages": [...], "tools": [...]}`, OpenAI's Chat Completions
/// or Anthropic's Messages) or a bare `messages` array.
///
/// - Content may be a string or a list of parts; text parts are joined with a line break,
///   image parts become [`Message::images`], Anthropic `tool_use` blocks tool calls and
///   `tool_result` blocks text.
/// - An assistant message's `tool_calls` (and older `function_call`) become
///   [`Message::tool_calls`]; `tool` and `function` messages are read like others.
/// - Anthropic's top-level `system` becomes a first system message.
/// - `tools` (each item's `function`, or the item itself with its `input_schema`) and
///   `functions` become [`ChatRequest::tools`], rendered by
///   [`functions::format_function_definitions`]; `tool_choice` (or `function_call`) its
///   choice.
///
/// The role `developer` is read as `system`; `null` content is empty. Fields this does
/// not read are ignored. Problems are reported in this order: not JSON (with line and
/// column), not a list of messages, `tools` or `functions` not a list, then for each
/// message in turn: not an object, its role, its content, its name.
pub fn parse_request(json: &str) -> Result<ChatRequest, ImportError> {
    let conversation: Field<Conversation> = serde_json::from_str(json).map_err(|error| {
        ImportError(format!(
            "Not valid JSON: {} (line {}, column {})",
            strip_position(&error.to_string()),
            error.line(),
            error.column()
        ))
    })?;
    let mut tools = Tools::default();
    let mut messages = Vec::new();
    let list = match conversation {
        Field::Given(Conversation::List(list)) => list,
        Field::Given(Conversation::Request(request)) => {
            let Field::Given(list) = request.messages else {
                return Err(ImportError(
                    "Expected a list of messages, or an object with a \"messages\" list".into(),
                ));
            };
            for (field, name) in [(&request.tools, "tools"), (&request.functions, "functions")] {
                if matches!(field, Field::Given(value) if !matches!(value, Json::Array(_)))
                    || matches!(field, Field::Mistyped)
                {
                    return Err(ImportError(format!(
                        "The request's \"{name}\" is not a list of definitions"
                    )));
                }
            }
            let given = |field: &Field<Json>| match field {
                Field::Given(value) => Some(value.clone()),
                _ => None,
            };
            let definitions = functions::definitions(
                given(&request.tools).as_ref(),
                given(&request.functions).as_ref(),
            );
            if !definitions.is_empty() {
                tools.names = definitions
                    .iter()
                    .map(|d| {
                        d.get("name")
                            .map_or_else(|| "undefined".into(), Json::js_string)
                    })
                    .collect();
                tools.rendered = Some(functions::format_function_definitions(&definitions));
            }
            tools.choice = tool_choice(
                given(&request.tool_choice).as_ref(),
                given(&request.function_call).as_ref(),
            );
            match read_content(request.system) {
                Ok(system) if !system.text.is_empty() => {
                    messages.push(Message::text(Role::System, None, system.text));
                }
                Ok(_) => {}
                Err(()) => {
                    return Err(ImportError(
                        "The request's \"system\" is neither text nor a list of parts".into(),
                    ))
                }
            }
            list
        }
        _ => return Err(ImportError("Expected a list of messages".into())),
    };
    for (index, item) in list.into_iter().enumerate() {
        let at = format!("Message {}", index + 1);
        let Field::Given(message) = item else {
            return Err(ImportError(format!("{at} is not an object")));
        };
        let Field::Given(role_name) = message.role else {
            return Err(ImportError(format!("{at} has no \"role\"")));
        };
        let role = Role::from_name(&role_name).ok_or_else(|| {
            ImportError(format!(
                "{at} has the role \"{role_name}\"; expected system, user, assistant, tool or function"
            ))
        })?;
        let content = read_content(message.content).map_err(|()| {
            ImportError(format!(
                "{at} has a \"content\" that is neither text nor a list of parts"
            ))
        })?;
        let name = message
            .name
            .optional()
            .map_err(|_| ImportError(format!("{at} has a \"name\" that is not text")))?;
        let mut tool_calls = content.calls;
        if let Field::Given(calls) = message.tool_calls {
            tool_calls.extend(calls.into_iter().filter_map(|call| match call {
                Field::Given(WireToolCall {
                    function: Field::Given(function),
                }) => Some(function.call()),
                _ => None,
            }));
        }
        if let Field::Given(function) = message.function_call {
            tool_calls.push(function.call());
        }
        messages.push(Message {
            role,
            name,
            content: content.text,
            tool_calls,
            images: content.images,
        });
    }
    Ok(ChatRequest { messages, tools })
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
            Message::text(Role::System, None, "You are helpful."),
            Message::text(Role::User, Some("ann".into()), "Hi"),
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
            "Message 1 has the role \"robot\"; expected system, user, assistant, tool or function"
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
        assert_eq!(messages[0].images, vec![ImagePart::default()]);
        assert_eq!(messages[1].content, "");
        // A tool call without a function is no call.
        assert_eq!(messages[1].tool_calls, vec![]);
        assert_eq!(
            (messages[2].role, messages[2].content.as_str()),
            (Role::Tool, "42")
        );
    }

    #[test]
    fn tool_calls_and_images_are_read_not_dropped() {
        // Regression: the import dropped `tool_calls` and image parts without a word, so a
        // body with a 40-token tool call counted as if the assistant had said nothing.
        let request = parse_request(
            r#"{"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],
                "tool_choice":{"type":"function","function":{"name":"f"}},
                "messages":[
                {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low","width":640,"height":480}},
                    {"type":"input_image","image_url":"https://x/z.png","width":10,"height":20}]},
                {"role":"assistant","content":"","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{\"q\":\"x\"}"}}]},
                {"role":"function","name":"f","content":"ok"}]}"#,
        )
        .unwrap();
        let images = &request.messages[0].images;
        assert_eq!(
            images[0],
            ImagePart {
                width: Some(640),
                height: Some(480),
                detail: Some("low".into())
            }
        );
        assert_eq!((images[1].width, images[1].height), (Some(10), Some(20)));
        assert_eq!(
            request.messages[1].tool_calls,
            vec![ToolCall {
                name: "f".into(),
                arguments: "{\"q\":\"x\"}".into()
            }]
        );
        assert_eq!(request.messages[2].role, Role::Function);
        assert_eq!(request.tools.names, vec!["f".to_owned()]);
        assert_eq!(request.tools.choice, ToolChoice::Named("f".into()));
        let rendered = request.tools.rendered.clone().unwrap_or_default();
        assert_eq!(
            rendered,
            "namespace functions {\n\ntype f = (_: {\nq?: string,\n}) => any;\n\n} // namespace functions"
        );

        let encoder = Encoder::bundled(Encoding::O200kBase).unwrap();
        let c = |text: &str| encoder.count(text);
        let counted = count_request(&encoder, &request.messages, &request.tools);
        // The call: tokens(f) + tokens({"q":"x"}) + 3.
        assert_eq!(counted.tool_calls, c("f") + c("{\"q\":\"x\"}") + 3);
        // Definitions: tokens(rendered) + 9 (no system message), + tokens(f) + 4 for the
        // named choice.
        assert_eq!(counted.tool_definitions, c(&rendered) + 9 + c("f") + 4);
        // The function message: 3 + tokens(function) + tokens(ok) + tokens(f) + 1 − 2.
        assert_eq!(
            counted.per_message[2],
            3 + c("function") + c("ok") + c("f") + 1 - 2
        );
        assert_eq!(
            counted.total,
            counted.per_message.iter().sum::<usize>() + 3 + counted.tool_definitions
        );
    }

    #[test]
    fn anthropic_bodies_read_system_tool_use_and_tool_results() {
        let request = parse_request(
            r#"{"system":[{"type":"text","text":"Be terse."}],
                "tools":[{"name":"w","input_schema":{"type":"object","properties":{"c":{"type":"string"}},"required":["c"]}}],
                "tool_choice":{"type":"any"},
                "messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"w","input":{"c":"Oslo"}}]},
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"-3 C"}]},
                    {"type":"image","source":{"type":"base64","media_type":"image/png","data":""}}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            request.messages[0],
            Message::text(Role::System, None, "Be terse.")
        );
        assert_eq!(
            request.messages[1].tool_calls[0].arguments,
            "{\"c\":\"Oslo\"}"
        );
        assert_eq!(request.messages[2].content, "-3 C");
        assert_eq!(request.messages[2].images.len(), 1);
        assert_eq!(request.tools.choice, ToolChoice::Required);
        assert_eq!(
            request.tools.rendered.as_deref(),
            Some("namespace functions {\n\ntype w = (_: {\nc: string,\n}) => any;\n\n} // namespace functions")
        );
    }

    #[test]
    fn tools_that_are_not_a_list_are_refused() {
        assert_eq!(
            parse_request(r#"{"messages":[],"tools":{"name":"f"}}"#)
                .unwrap_err()
                .0,
            "The request's \"tools\" is not a list of definitions"
        );
        assert_eq!(
            parse_request(r#"{"messages":[],"functions":"f"}"#)
                .unwrap_err()
                .0,
            "The request's \"functions\" is not a list of definitions"
        );
    }

    #[test]
    fn without_tools_the_count_is_the_cookbook_count() {
        // Every new part at zero gives today's figures: no tools, no calls → no tool tokens.
        let encoder = Encoder::bundled(Encoding::Cl100kBase).unwrap();
        let messages = vec![Message::text(Role::User, None, "Hi")];
        let counted = count_request(&encoder, &messages, &Tools::default());
        assert_eq!(counted, count(&encoder, &messages));
        assert_eq!((counted.tool_calls, counted.tool_definitions), (0, 0));
        assert_eq!(counted.total, 3 + 1 + 1 + 3);
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
