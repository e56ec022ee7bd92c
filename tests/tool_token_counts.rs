//! Tool definitions and tool traffic are counted exactly as npm `gpt-tokenizer`'s
//! `countChatCompletionTokens` counts them.
//!
//! `tests/fixtures/chat/tool-bodies.json` was written by `scripts/make-tool-fixtures` with
//! gpt-tokenizer (version in the file): request bodies with tools from public examples
//! (OpenAI's cookbook, Anthropic's docs, public agents and MCP servers; each entry names
//! its source), varied hand-written bodies and 40 random schemas, each with the count
//! gpt-tokenizer gives on o200k_base (gpt-4o) and cl100k_base (gpt-4-turbo). Bodies marked
//! `extension` have a message with several tool calls, which gpt-tokenizer's request
//! cannot hold; the script counts the further calls as Burnrate documents
//! (`chat::count_request`).

use std::fs;

use burnrate::text::chat::{count_request, parse_request};
use burnrate::text::tokenize::{Encoder, Encoding};

#[derive(serde::Deserialize)]
struct Fixture {
    gpt_tokenizer: String,
    bodies: Vec<Body>,
}

#[derive(serde::Deserialize)]
struct Body {
    name: String,
    body: String,
    o200k_base: usize,
    cl100k_base: usize,
}

#[test]
fn tool_bodies_count_as_gpt_tokenizer_counts_them() {
    let path = format!(
        "{}/tests/fixtures/chat/tool-bodies.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let fixture: Fixture = serde_json::from_str(&text).expect("the fixture's format");
    assert_eq!(fixture.gpt_tokenizer, "4.0.0");
    assert!(
        fixture.bodies.len() >= 60,
        "{} bodies",
        fixture.bodies.len()
    );
    let encoders = [
        (
            Encoder::bundled(Encoding::O200kBase).expect("o200k_base"),
            "o200k_base",
        ),
        (
            Encoder::bundled(Encoding::Cl100kBase).expect("cl100k_base"),
            "cl100k_base",
        ),
    ];
    let mut differing = Vec::new();
    for body in &fixture.bodies {
        let request = match parse_request(&body.body) {
            Ok(request) => request,
            Err(error) => {
                differing.push(format!("{}: not imported: {error}", body.name));
                continue;
            }
        };
        for (encoder, name) in &encoders {
            let expected = if *name == "o200k_base" {
                body.o200k_base
            } else {
                body.cl100k_base
            };
            let counted = count_request(encoder, &request.messages, &request.tools);
            if counted.total != expected {
                differing.push(format!(
                    "{} on {name}: Burnrate {}, gpt-tokenizer {expected}",
                    body.name, counted.total
                ));
            }
            assert_eq!(
                counted.total,
                counted.content + counted.tool_calls + counted.tool_definitions + counted.overhead,
                "{}: the parts add up",
                body.name
            );
        }
    }
    assert!(
        differing.is_empty(),
        "{} counts differ over {} bodies:\n{}",
        differing.len(),
        fixture.bodies.len(),
        differing.join("\n")
    );
}
