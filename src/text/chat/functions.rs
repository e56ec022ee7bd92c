//! Tool (function) definitions as the model reads them: the text whose tokens a request's
//! `tools` or `functions` cost.
//!
//! OpenAI publishes no formula for this. The one used here is the widely used community
//! formula as implemented by the npm package `gpt-tokenizer` 4.0.0
//! (`src/functionCalling.ts`, `formatFunctionDefinitions` and the functions it calls),
//! ported line by line: the definitions are rendered as a TypeScript-like namespace,
//!
//! ```text
//! namespace functions {
//!
//! // Get the weather
//! type get_weather = (_: {
//! // The city
//! location: string,
//! unit?: "c" | "f",
//! }) => any;
//!
//! } // namespace functions
//! ```
//!
//! and that text is counted like any other (see `chat::count_request` for the fixed
//! tokens added around it). The JSON is read with its keys in the order a JavaScript
//! engine gives them (`Object.entries`: keys that are array indices first, in ascending
//! order, then the others as written; a key written twice keeps its first place and its
//! last value), because the order of properties changes the text.
//!
//! Must not know: tokenizers (the caller counts the text), the DOM.

use std::fmt::Write as _;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::json::Kind;

/// A JSON value with its object keys kept in JavaScript's order (see the module doc).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, read as JavaScript reads it (a 64-bit float).
    Number(f64),
    /// Text.
    String(String),
    /// A list.
    Array(Vec<Json>),
    /// An object, its entries in JavaScript's order.
    Object(Vec<(String, Json)>),
}

/// Whether `key` is an array index to JavaScript (a canonical whole number below
/// 2³² − 1), which `Object.entries` lists first.
fn array_index(key: &str) -> Option<u32> {
    let index: u32 = key.parse().ok()?;
    (index != u32::MAX && index.to_string() == key).then_some(index)
}

impl Json {
    /// The value of `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// JavaScript's truthiness: `null`, `false`, `0`, `NaN` and `""` are false.
    fn truthy(&self) -> bool {
        match self {
            Json::Null => false,
            Json::Bool(value) => *value,
            Json::Number(n) => *n != 0.0 && !n.is_nan(),
            Json::String(text) => !text.is_empty(),
            Json::Array(_) | Json::Object(_) => true,
        }
    }

    /// JavaScript's `${value}` (`String(value)`).
    pub fn js_string(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(value) => value.to_string(),
            Json::Number(n) => js_number(*n),
            Json::String(text) => text.clone(),
            Json::Array(items) => items
                .iter()
                .map(|item| match item {
                    Json::Null => String::new(),
                    other => other.js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            Json::Object(_) => "[object Object]".into(),
        }
    }

    /// JavaScript's `JSON.stringify(value)`: compact, keys in JavaScript's order.
    pub fn js_json(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(value) => value.to_string(),
            Json::Number(n) if n.is_finite() => js_number(*n),
            Json::Number(_) => "null".into(),
            Json::String(text) => serde_json::to_string(text).unwrap_or_default(),
            Json::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Json::js_json)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Json::Object(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(key, value)| format!(
                        "{}:{}",
                        serde_json::to_string(key).unwrap_or_default(),
                        value.js_json()
                    ))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    /// The object's entries (none for other values).
    fn entries(&self) -> &[(String, Json)] {
        match self {
            Json::Object(entries) => entries,
            _ => &[],
        }
    }
}

/// A number as JavaScript prints it, for the numbers tool schemas hold: whole numbers
/// below 10²¹ without a fraction, others as Rust's shortest round-trip form (which agrees
/// with JavaScript except for exponents: JavaScript writes `1e-7` where Rust writes
/// `0.0000001`).
fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct JsonVisitor;
        impl<'de> Visitor<'de> for JsonVisitor {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, value: bool) -> Result<Json, E> {
                Ok(Json::Bool(value))
            }
            fn visit_u64<E>(self, value: u64) -> Result<Json, E> {
                Ok(Json::Number(value as f64))
            }
            fn visit_i64<E>(self, value: i64) -> Result<Json, E> {
                Ok(Json::Number(value as f64))
            }
            fn visit_f64<E>(self, value: f64) -> Result<Json, E> {
                Ok(Json::Number(value))
            }
            fn visit_str<E>(self, value: &str) -> Result<Json, E> {
                Ok(Json::String(value.to_owned()))
            }
            fn visit_string<E>(self, value: String) -> Result<Json, E> {
                Ok(Json::String(value))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries: Vec<(String, Json)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Json>()? {
                    // JSON.parse: a repeated key keeps its first place and its last value.
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 = value,
                        None => entries.push((key, value)),
                    }
                }
                // Object.entries lists array-index keys first, ascending (a stable sort
                // keeps the other keys as written).
                entries.sort_by_key(|(key, _)| array_index(key).map_or(u64::MAX, u64::from));
                Ok(Json::Object(entries))
            }
        }
        deserializer.deserialize_any(JsonVisitor)
    }
}

impl Kind for Json {
    fn from_bool(value: bool) -> Option<Json> {
        Some(Json::Bool(value))
    }
    fn from_u64(value: u64) -> Option<Json> {
        Some(Json::Number(value as f64))
    }
    fn from_i64(value: i64) -> Option<Json> {
        Some(Json::Number(value as f64))
    }
    fn from_f64(value: f64) -> Option<Json> {
        Some(Json::Number(value))
    }
    fn from_str(value: &str) -> Option<Json> {
        Some(Json::String(value.to_owned()))
    }
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Option<Json>, A::Error> {
        Json::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Json>, A::Error> {
        Json::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
    }
}

/// The function definitions of a request: each `tools` item's `function` (or, for an
/// Anthropic-style tool with no `function`, the item itself with its `input_schema` as
/// `parameters`), then each `functions` item. Items that are not objects are skipped.
pub fn definitions(tools: Option<&Json>, functions: Option<&Json>) -> Vec<Json> {
    let mut found = Vec::new();
    if let Some(Json::Array(items)) = tools {
        for item in items {
            if !matches!(item, Json::Object(_)) {
                continue;
            }
            match item.get("function") {
                Some(function @ Json::Object(_)) => found.push(function.clone()),
                _ => {
                    let mut entries = item.entries().to_vec();
                    if item.get("parameters").is_none() {
                        if let Some(schema) = item.get("input_schema") {
                            entries.push(("parameters".into(), schema.clone()));
                        }
                    }
                    found.push(Json::Object(entries));
                }
            }
        }
    }
    if let Some(Json::Array(items)) = functions {
        found.extend(
            items
                .iter()
                .filter(|item| matches!(item, Json::Object(_)))
                .cloned(),
        );
    }
    found
}

/// `formatFunctionDefinitions`: the namespace text for `functions` (see the module doc).
/// A function with no parameters, or none with properties, is `type name = () => any;`.
pub fn format_function_definitions(functions: &[Json]) -> String {
    let mut lines: Vec<String> = vec!["namespace functions {".into(), String::new()];
    for function in functions {
        if let Some(description) = function.get("description").filter(|d| d.truthy()) {
            lines.push(format!("// {}", description.js_string()));
        }
        let name = function
            .get("name")
            .map_or_else(|| "undefined".to_owned(), Json::js_string);
        let parameters = function.get("parameters").filter(|p| p.truthy());
        let properties = parameters
            .and_then(|p| p.get("properties"))
            .filter(|p| p.truthy());
        match (parameters, properties) {
            (Some(parameters), Some(properties)) if !properties.entries().is_empty() => {
                lines.push(format!("type {name} = (_: {{"));
                let formatted = format_object_properties(parameters, 0);
                if !formatted.is_empty() {
                    lines.push(formatted);
                }
                lines.push("}) => any;".into());
            }
            _ => lines.push(format!("type {name} = () => any;")),
        }
        lines.push(String::new());
    }
    lines.push("} // namespace functions".into());
    lines.join("\n")
}

/// `formatObjectProperties`: one line per property, `name: type,` (`name?:` when it is
/// not in `required`), with a `// description` line above it when `indent` < 2.
fn format_object_properties(object: &Json, indent: usize) -> String {
    let Some(properties) = object.get("properties").filter(|p| p.truthy()) else {
        return String::new();
    };
    let required: Vec<&str> = match object.get("required") {
        Some(Json::Array(items)) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    for (name, param) in properties.entries() {
        if let Some(description) = param.get("description").filter(|d| d.truthy()) {
            if indent < 2 {
                lines.push(format!("{pad}// {}", description.js_string()));
            }
        }
        let optional = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        lines.push(format!(
            "{pad}{name}{optional}: {},",
            format_function_type(param, indent)
        ));
    }
    lines.join("\n")
}

/// `formatFunctionType`: a property's type as TypeScript-like text: `string` (or its
/// `enum` values as JSON strings joined by ` | `), `number` (or its `enum` values),
/// `boolean`, `null`, `T[]` (`any[]` without `items`), an object's properties in braces,
/// and `any` for anything else.
fn format_function_type(param: &Json, indent: usize) -> String {
    let enum_values = match param.get("enum") {
        Some(Json::Array(values)) => Some(values),
        _ => None,
    };
    match param.get("type").and_then(Json::as_str) {
        Some("string") => enum_values.map_or_else(
            || "string".into(),
            |values| {
                values
                    .iter()
                    .map(Json::js_json)
                    .collect::<Vec<_>>()
                    .join(" | ")
            },
        ),
        Some("integer") | Some("number") => enum_values.map_or_else(
            || "number".into(),
            |values| {
                values
                    .iter()
                    .map(Json::js_string)
                    .collect::<Vec<_>>()
                    .join(" | ")
            },
        ),
        Some("boolean") => "boolean".into(),
        Some("null") => "null".into(),
        Some("array") => match param.get("items").filter(|items| items.truthy()) {
            Some(items) => format!("{}[]", format_function_type(items, indent)),
            None => "any[]".into(),
        },
        Some("object") => {
            let inner = format_object_properties(param, indent + 2);
            let mut text = String::from("{\n");
            let _ = write!(text, "{inner}\n{}}}", " ".repeat(indent));
            text
        }
        _ => "any".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json {
        serde_json::from_str(text).unwrap_or(Json::Null)
    }

    #[test]
    fn renders_the_namespace_as_gpt_tokenizer_does() {
        let functions = definitions(
            Some(&json(
                r#"[{"type":"function","function":{"name":"get_weather","description":"Get the weather",
                "parameters":{"type":"object","properties":{
                    "location":{"type":"string","description":"The city"},
                    "unit":{"type":"string","enum":["c","f"]},
                    "days":{"type":"integer","enum":[1,2.5]},
                    "tags":{"type":"array","items":{"type":"string"}},
                    "any":{},
                    "nested":{"type":"object","description":"skipped at depth 2? no, depth 0",
                        "properties":{"x":{"type":"number","description":"not shown"}},"required":["x"]}
                },"required":["location"]}}},
                {"type":"function","function":{"name":"ping"}}]"#,
            )),
            None,
        );
        let expected = "namespace functions {\n\n// Get the weather\ntype get_weather = (_: {\n// The city\nlocation: string,\nunit?: \"c\" | \"f\",\ndays?: 1 | 2.5,\ntags?: string[],\nany?: any,\n// skipped at depth 2? no, depth 0\nnested?: {\n  x: number,\n},\n}) => any;\n\ntype ping = () => any;\n\n} // namespace functions";
        assert_eq!(format_function_definitions(&functions), expected);
    }

    #[test]
    fn keys_come_in_javascripts_order() {
        // Array-index keys first, ascending; then the rest as written; a repeated key keeps
        // its first place and its last value.
        let value = json(r#"{"b":1,"10":2,"a":3,"2":4,"b":5,"01":6}"#);
        let keys: Vec<&str> = value.entries().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2", "10", "b", "a", "01"]);
        assert_eq!(value.get("b"), Some(&Json::Number(5.0)));
    }

    #[test]
    fn anthropic_tools_use_their_input_schema() {
        let functions = definitions(
            Some(&json(
                r#"[{"name":"f","description":"d","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}, 3]"#,
            )),
            Some(&json(r#"[{"name":"g"}]"#)),
        );
        assert_eq!(
            format_function_definitions(&functions),
            "namespace functions {\n\n// d\ntype f = (_: {\nq?: string,\n}) => any;\n\ntype g = () => any;\n\n} // namespace functions"
        );
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        assert_eq!(js_number(1.0), "1");
        assert_eq!(js_number(-0.0), "0");
        assert_eq!(js_number(2.5), "2.5");
        assert_eq!(Json::String("a\"b".into()).js_json(), "\"a\\\"b\"");
        assert_eq!(json("[1,null,\"x\"]").js_string(), "1,,x");
    }
}
