use super::testing::read_chunked;
use super::*;
use crate::formats::usage_formats::{by_id, detect_export};
use crate::formats::usage_log::{detect, field_names, read_all, Format, Mapping};

fn format(id: &str) -> &'static ExportFormat {
    by_id(id).unwrap()
}

#[test]
fn a_head_cut_mid_document_is_made_whole() {
    let head = "{\"object\": \"page\", \"data\": [{\"start_time\": 1, \"results\": [{\"input_tokens\": 5, \"outp";
    let value = whole_head(head).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"object": "page", "data": [{"start_time": 1, "results": [{"input_tokens": 5}]}]})
    );
    let names = head_names(head, &["data", "results"]);
    assert!(names.contains(&"start_time".to_owned()), "{names:?}");
    assert!(names.contains(&"input_tokens".to_owned()), "{names:?}");
    assert_eq!(whole_head("\"abc"), None);
}

#[test]
fn a_json_document_s_rows_see_their_parents_and_say_their_line() {
    let text = "{\n \"data\": [\n  {\"start_time\": 1730419200, \"results\": [\n   {\"input_tokens\": 10, \"output_tokens\": 2, \"num_model_requests\": 1},\n   {\"input_tokens\": \"x\", \"output_tokens\": 2, \"num_model_requests\": 1}\n  ]}\n ]\n}\n";
    let (records, bad, _) =
        read_chunked(format("openai-usage-completions"), text.as_bytes(), 7).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].at, 1_730_419_200.0);
    assert_eq!(records[0].model, ALL_MODELS);
    assert_eq!(
        bad,
        vec![BadRow {
            line: 5,
            reason: "input_tokens is not a whole number of 0 or more: \"x\"".into()
        }]
    );
    // Broken JSON is one bad row at the line serde_json names.
    let (records, bad, _) = read_chunked(
        format("openai-usage-completions"),
        b"{\"data\": [\n{\"start_time\": 1,,}]}",
        0,
    )
    .unwrap();
    assert!(records.is_empty());
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].line, 2);
}

#[test]
fn a_path_goes_through_a_string_holding_json() {
    let object: Map<String, Value> = serde_json::from_str(
        r#"{"metadata": "{\"user_api_key_alias\": \"team-a\", \"n\": {\"k\": 3}}"}"#,
    )
    .unwrap();
    assert_eq!(
        lookup(&object, "metadata.user_api_key_alias"),
        Some(Value::String("team-a".into()))
    );
    assert_eq!(lookup(&object, "metadata.n.k"), Some(serde_json::json!(3)));
    assert_eq!(lookup(&object, "metadata.missing"), None);
    assert_eq!(
        text_of(&serde_json::json!(["a", "b"])).as_deref(),
        Some("a, b")
    );
    assert_eq!(
        text_of(&serde_json::json!({"env": "prod", "team": "x"})).as_deref(),
        Some("env: prod, team: x")
    );
}

#[test]
fn the_generic_reader_reads_a_json_document_of_rows() {
    let array = "[\n {\"timestamp\": 1714557600, \"model\": \"gpt-4o\", \"input_tokens\": 5, \"output_tokens\": 6},\n {\"timestamp\": 1714557660, \"model\": \"gpt-4o\", \"input_tokens\": \"x\", \"output_tokens\": 6}\n]";
    assert_eq!(detect(array), Format::Json);
    let names = field_names(array);
    // (serde_json keeps an object's keys sorted.)
    assert_eq!(
        names,
        ["input_tokens", "model", "output_tokens", "timestamp"]
    );
    let (records, bad) = read_all(array, &Mapping::guess(&names));
    assert_eq!(records.len(), 1);
    assert_eq!(bad[0].line, 3);
    // An object with one array of row objects, pretty-printed.
    let object = "{\n  \"rows\": [\n    {\"timestamp\": 1714557600, \"model\": \"gpt-4o\", \"input_tokens\": 5, \"output_tokens\": 6}\n  ],\n  \"count\": 1\n}";
    assert_eq!(detect(object), Format::Json);
    let names = field_names(object);
    let (records, bad) = read_all(object, &Mapping::guess(&names));
    assert_eq!((records.len(), bad.len()), (1, 0));
    // Read from chunks, the same.
    let mut reader = crate::formats::usage_log::Reader::new(Format::Json, Mapping::guess(&names));
    let mut count = 0;
    for chunk in object.as_bytes().chunks(3) {
        reader
            .feed(chunk, |found| count += found.is_ok() as usize)
            .unwrap();
    }
    reader
        .finish(|found| count += found.is_ok() as usize)
        .unwrap();
    assert_eq!(count, 1);
}

#[test]
fn conventions_decide_the_whole_counts() {
    let parts = LoggedParts {
        reasoning: Some(50),
        cache_read: Some(600),
        cache_write: None,
        cache_write_5m: Some(40),
        cache_write_1h: None,
    };
    // Gemini: input holds the reads (and writes); output lacks the reasoning: 200 + 50.
    let gemini = Inclusion {
        input_has_cache_read: true,
        input_has_cache_write: true,
        output_has_reasoning: false,
    };
    let (input, output, _) = token_parts(1_000, 200, parts, gemini).unwrap();
    assert_eq!((input, output), (1_000, 250));
    // Reads inside, writes outside: 1,000 + 40.
    let mixed = Inclusion {
        input_has_cache_write: false,
        ..gemini
    };
    assert_eq!(token_parts(1_000, 200, parts, mixed).unwrap().0, 1_040);
    // Disjoint: 1,000 + 600 + 40.
    let disjoint = Inclusion {
        input_has_cache_read: false,
        input_has_cache_write: false,
        output_has_reasoning: true,
    };
    assert_eq!(token_parts(1_000, 200, parts, disjoint).unwrap().0, 1_640);
    // Held parts above the input are a bad row.
    assert!(token_parts(500, 200, parts, gemini).is_err());
}

#[test]
fn too_large_a_document_is_an_error() {
    let mut document = Document::default();
    let chunk = vec![b' '; 1024 * 1024];
    let mut result = Ok(());
    for _ in 0..=MAX_DOCUMENT_BYTES / chunk.len() {
        result = document.push(&chunk);
    }
    assert_eq!(
        result,
        Err(FileError::TooLarge(MAX_DOCUMENT_BYTES + chunk.len()))
    );
}

proptest::proptest! {
    #[test]
    fn no_bytes_panic_through_detection_and_reading(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), size in 1usize..50) {
        let head = String::from_utf8_lossy(&bytes);
        let _ = detect_export(&head);
        let _ = field_names(&head);
        for format in crate::formats::usage_formats::formats() {
            let _ = read_chunked(format, &bytes, size);
        }
    }

    #[test]
    fn no_json_like_text_panics(text in "[\\[\\]{}\",:a-z0-9 \n.\\\\]{0,200}") {
        let _ = detect_export(&text);
        let _ = whole_head(&text);
        for format in crate::formats::usage_formats::formats() {
            let _ = read_chunked(format, text.as_bytes(), 5);
        }
        let _ = read_all(&text, &Mapping::guess(&field_names(&text)));
    }
}
