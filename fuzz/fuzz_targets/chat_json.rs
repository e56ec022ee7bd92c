//! Pasted OpenAI `messages` JSON (Tokens and Conversation views).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(messages) = burnrate::text::chat::parse_messages(text) {
        for message in &messages {
            let _ = (message.role, message.content.len(), message.name.as_deref());
        }
    }
});
