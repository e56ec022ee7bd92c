//! Chat mode: a conversation of messages, counted with the cookbook formula.

use leptos::prelude::*;

use crate::show::money as format;
use crate::text::chat::{self, ChatCount, ImagePart, Message, Role, ToolCall, Tools};

use crate::formats::route::View;
use crate::text::tokenize::Encoder;
use crate::ui::field::StatusMessage;
use crate::ui::kept::kept;

/// One message being edited. Its fields are signals so that typing in one message never
/// redraws (and unfocuses) the others.
#[derive(Clone, Copy)]
pub struct ChatRow {
    /// Stable identity for keyed drawing while messages are reordered.
    pub key: u64,
    /// Who wrote it.
    pub role: RwSignal<Role>,
    /// Optional participant name.
    pub name: RwSignal<String>,
    /// The text.
    pub content: RwSignal<String>,
    /// What an imported message held besides text: its tool calls and images (shown,
    /// not edited).
    pub attached: RwSignal<(Vec<ToolCall>, Vec<ImagePart>)>,
}

impl ChatRow {
    /// A new row with a fresh key.
    pub fn new(role: Role, name: &str, content: &str) -> ChatRow {
        thread_local! {
            static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
        }
        let key = NEXT.with(|next| {
            let key = next.get();
            next.set(key + 1);
            key
        });
        ChatRow {
            key,
            role: RwSignal::new(role),
            name: RwSignal::new(name.to_owned()),
            content: RwSignal::new(content.to_owned()),
            attached: RwSignal::new((Vec::new(), Vec::new())),
        }
    }

    /// A row holding `message`.
    pub fn from_message(message: &Message) -> ChatRow {
        let row = ChatRow::new(
            message.role,
            message.name.as_deref().unwrap_or_default(),
            &message.content,
        );
        row.attached
            .set((message.tool_calls.clone(), message.images.clone()));
        row
    }

    /// The message this row holds (tracked).
    pub fn message(&self) -> Message {
        let (tool_calls, images) = self.attached.get();
        Message {
            role: self.role.get(),
            name: Some(self.name.get()).filter(|name| !name.trim().is_empty()),
            content: self.content.get(),
            tool_calls,
            images,
        }
    }
}

/// The messages' token count with the imported tool definitions (tracked).
pub fn chat_count(
    encoder: &Encoder,
    rows: RwSignal<Vec<ChatRow>>,
    tools: RwSignal<Tools>,
) -> ChatCount {
    let messages: Vec<Message> = rows.with(|rows| rows.iter().map(ChatRow::message).collect());
    tools.with(|tools| chat::count_request(encoder, &messages, tools))
}

/// The messages editor.
#[component]
pub fn ChatEditor(
    /// The conversation.
    rows: RwSignal<Vec<ChatRow>>,
    /// The tool definitions of the imported request body.
    tools: RwSignal<Tools>,
    /// Its token count (None while the tokenizer loads).
    counted: Memo<Option<ChatCount>>,
) -> impl IntoView {
    let import_text = kept(
        View::Tokens,
        "chat-import",
        "the chat JSON to import",
        String::new,
    );
    let import_status = RwSignal::new(None::<Result<String, String>>);
    let import = move |_| match chat::parse_request(&import_text.get()) {
        Ok(request) => {
            let count = request.messages.len();
            let calls: usize = request.messages.iter().map(|m| m.tool_calls.len()).sum();
            let images: usize = request.messages.iter().map(|m| m.images.len()).sum();
            let defined = request.tools.names.len();
            rows.set(request.messages.iter().map(ChatRow::from_message).collect());
            tools.set(request.tools);
            let mut parts = vec![format::counted(count as u64, "message", "messages")];
            if defined > 0 {
                parts.push(format::counted(
                    defined as u64,
                    "tool definition",
                    "tool definitions",
                ));
            }
            if calls > 0 {
                parts.push(format::counted(calls as u64, "tool call", "tool calls"));
            }
            if images > 0 {
                parts.push(format::counted(images as u64, "image", "images"));
            }
            import_status.set(Some(Ok(format!("Imported {}.", parts.join(", ")))));
        }
        Err(error) => {
            import_status.set(Some(Err(format!("{error}. Your messages are unchanged."))))
        }
    };
    let move_row = move |key: u64, step: isize| {
        rows.update(|rows| {
            if let Some(index) = rows.iter().position(|row| row.key == key) {
                let target = index as isize + step;
                if target >= 0 && (target as usize) < rows.len() {
                    rows.swap(index, target as usize);
                }
            }
        });
    };
    let per_message = move |key: u64| {
        let index = rows.with(|rows| rows.iter().position(|row| row.key == key))?;
        counted.with(|counted| {
            counted
                .as_ref()
                .and_then(|counted| counted.per_message.get(index).copied())
        })
    };

    view! {
        <section class="chat" aria-label="Chat messages">
            <ol class="messages">
                <For each=move || rows.get() key=|row| row.key let:row>
                    <li class="message">
                        <div class="message-head">
                            <label class="field">
                                <span>"Role"</span>
                                <select
                                    data-testid="chat-role"
                                    on:change=move |ev| {
                                        if let Some(role) = Role::from_name(&event_target_value(&ev)) {
                                            row.role.set(role);
                                        }
                                    }
                                >
                                    {Role::ALL.into_iter().map(|role| view! {
                                        <option value=role.name() selected=move || row.role.get() == role>{role.name()}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <label class="field">
                                <span>"Name (optional)"</span>
                                <input type="text" data-testid="chat-name" prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev)) />
                            </label>
                            <span class="message-tokens" data-testid="chat-message-tokens">
                                {move || per_message(row.key).map(|n| format!("{} tokens", format::integer(n as u64)))}
                            </span>
                            <div class="message-actions">
                                <button type="button" class="secondary" aria-label="Move up" title="Move up" on:click=move |_| move_row(row.key, -1)>"↑"</button>
                                <button type="button" class="secondary" aria-label="Move down" title="Move down" on:click=move |_| move_row(row.key, 1)>"↓"</button>
                                <button type="button" class="secondary" data-testid="chat-remove" aria-label="Remove message" title="Remove" on:click=move |_| rows.update(|rows| rows.retain(|other| other.key != row.key))>"✕"</button>
                            </div>
                        </div>
                        <label class="visually-hidden" for=format!("chat-content-{}", row.key)>"Message content"</label>
                        <textarea
                            id=format!("chat-content-{}", row.key)
                            class="token-input"
                            data-testid="chat-content"
                            rows="3"
                            prop:value=move || row.content.get()
                            on:input=move |ev| row.content.set(event_target_value(&ev))
                        ></textarea>
                    </li>
                </For>
            </ol>
            <button type="button" data-testid="chat-add" on:click=move |_| rows.update(|rows| rows.push(ChatRow::new(Role::User, "", "")))>
                "Add a message"
            </button>

            <dl class="token-stats">
                <div class="stat primary">
                    <dt>"Total tokens"</dt>
                    <dd data-testid="chat-total-tokens">{move || counted.get().map(|c| format::integer(c.total as u64))}</dd>
                </div>
                <div class="stat"><dt>"Content"</dt><dd data-testid="chat-content-tokens">{move || counted.get().map(|c| format::integer(c.content as u64))}</dd></div>
                <div class="stat">
                    <dt title=format!(
                        "OpenAI cookbook formula: {} tokens per message, +{} with a name, +{} to prime the reply, plus each role's name. An estimate of what the API counts; providers do not publish their exact framing.",
                        chat::TOKENS_PER_MESSAGE, chat::TOKENS_PER_NAME, chat::REPLY_PRIMING
                    )>"Message overhead (estimate)"</dt>
                    <dd data-testid="chat-overhead-tokens">{move || counted.get().map(|c| format::integer(c.overhead as u64))}</dd>
                </div>
                <div class="stat">
                    <dt title="Each call's function name and arguments, plus 3 tokens (gpt-tokenizer's formula)">"Tool calls"</dt>
                    <dd data-testid="chat-tool-call-tokens">{move || counted.get().map(|c| format::integer(c.tool_calls as u64))}</dd>
                </div>
                <div class="stat">
                    <dt title="The tool definitions as the model reads them (a TypeScript-like namespace), counted with the formula of npm gpt-tokenizer's countChatCompletionTokens; OpenAI publishes none">
                        "Tool definitions "<span class="badge estimate">"estimate"</span>
                    </dt>
                    <dd data-testid="chat-tool-tokens">{move || counted.get().map(|c| format::integer(c.tool_definitions as u64))}</dd>
                </div>
            </dl>

            <details class="chat-import-box">
                <summary>"Import a request body or a messages array (JSON)"</summary>
                <label class="visually-hidden" for="chat-import">"Messages JSON"</label>
                <textarea
                    id="chat-import"
                    class="token-input"
                    data-testid="chat-import"
                    rows="5"
                    placeholder=r#"{"messages": [{"role": "user", "content": "…"}], "tools": [{"type": "function", "function": {…}}]}"#
                    prop:value=move || import_text.get()
                    on:input=move |ev| import_text.set(event_target_value(&ev))
                ></textarea>
                <div class="actions">
                    <button type="button" data-testid="chat-import-apply" on:click=import>"Import"</button>
                    <span role="status" data-testid="chat-import-status">
                        <StatusMessage status=import_status />
                    </span>
                </div>
            </details>
        </section>
    }
}
