//! The Tokens view: exact token counts as you type, the tokens themselves, what the text
//! costs on every model, and cutting a text to a token budget.

mod calibration_panel;
mod chat_editor;
mod compare_panel;
mod cost_panel;
pub(crate) mod counting;
mod token_chips;
mod truncate_panel;

use std::sync::Arc;

use leptos::prelude::*;

use crate::formats::route::View;
use crate::money::catalog::current;
use crate::show::money as format;
use crate::text::chat::{ChatCount, ImagePart, Message, Role, Tools};
use crate::text::stats::{chars_per_token, stats, Tally, TextStats};
use crate::text::tokenize::{Encoder, Encoding};
use crate::ui::browser::WorkSlice;
use crate::ui::field::{ModelPicker, StatusMessage};
use crate::ui::kept::kept;
use crate::ui::price_book::use_price_book;
use crate::ui::tokenizers::{use_tokenizers, TableState};

use calibration_panel::{CalibrationPanel, Estimate, EstimateFigures};
use chat_editor::{chat_count, ChatEditor, ChatRow};
use cost_panel::CostPanel;
use counting::Counter;
use token_chips::TokenChips;
use truncate_panel::TruncatePanel;

/// Texts longer than this stay out of the text box, which then shows a read-only preview.
/// A text box lays out and shapes all of its text in the task that sets it (and the
/// browser's own paste adds an editing pass over it): in Chromium on a busy 2-core machine
/// that took 11–44 ms for 16–32 KB of mixed prose, code, CJK and emoji, 180–195 ms for
/// 64 KB and 1–3 s for 1 MB (issue #21's traces, `scripts/trace-paste.mjs`). 32 KiB keeps
/// that task under 50 ms and every prompt of a few thousand tokens editable in the box.
pub const BOX_LIMIT: usize = 32 * 1024;
/// Texts up to this many bytes get their characters, words and bytes counted at once
/// (well under a millisecond); longer ones this much at a time between frames.
const STATS_SYNC_LIMIT: usize = 256 * 1024;
/// A file is read and decoded this many bytes at a time.
const FILE_SLICE_BYTES: u64 = 1024 * 1024;
/// How much of a long text the box shows: a few screens of it. The box's layout shapes
/// all of it on every paste, and 16 KB of text in several scripts took 66-140 ms to shape
/// (issue #21's traces of a 1 MB paste), while the workers counted.
pub const PREVIEW_BYTES: usize = 4 * 1024;

/// What the view is for, under its heading (also over the box the shell shows while the
/// view's code downloads: `tokens_early_box` in `src/ui/app.rs`).
pub const LEDE: &str = "Paste a prompt to see exactly how many tokens it is, the tokens themselves, and what it costs.";

/// The text box's label, read by screen readers (the same on the box the shell shows while
/// the view's code downloads).
pub const BOX_LABEL: &str = "Text to count";
/// The text box's placeholder (the same on the shell's early box).
pub const BOX_PLACEHOLDER: &str = "Paste or type a prompt, a document or code…";

/// The model selected when the view opens.
const DEFAULT_MODEL: &str = "gpt-4o";

/// The shared state of the view's panels.
#[derive(Clone, Copy)]
pub struct TokensState {
    /// The text as typed.
    pub text: RwSignal<String>,
    /// The encoding that counts it.
    pub encoding: RwSignal<Encoding>,
    /// The text's count by chunks, and the progress of counting a long text.
    pub counter: Counter,
    /// The count that the costs and the context check use: the exact token count of the
    /// text (or, in chat mode, of the conversation) once the encoding's table is ready and
    /// counting is done, or for a model counted as an estimate and calibrated, its
    /// calibrated count.
    pub billed: Memo<Option<usize>>,
    /// In chat mode, the conversation's count (tool definitions and calls included).
    pub chat: Memo<Option<ChatCount>>,
    /// In chat mode, the images of the conversation (none otherwise).
    pub chat_images: Memo<Vec<ImagePart>>,
    /// The imported request's tool definitions and choice (read in chat mode only).
    pub chat_tools: RwSignal<Tools>,
}

impl TokensState {
    /// The ready encoder for the current encoding, if loaded.
    pub fn encoder(self) -> Option<Arc<Encoder>> {
        match use_tokenizers().get(self.encoding.get()) {
            TableState::Ready(encoder) => Some(encoder),
            _ => None,
        }
    }
}

/// The view's root, `data-testid="view-tokens"`.
#[component]
pub fn TokensView() -> impl IntoView {
    let tokenizers = use_tokenizers();
    let book = use_price_book();
    // Kept above the view: what the user left here is still here after a change of view.
    let text = kept(View::Tokens, "text", "the text", String::new);
    // What the program (not the user's typing) last put in the text box. Writing the box's
    // value back on every keystroke would cost as much as the paste itself on long texts.
    let (box_text, box_large) = text.with_untracked(|text| box_contents(text));
    let shown_text = RwSignal::new(box_text);
    // The text is longer than the box holds: it shows a preview and is read-only.
    let large = RwSignal::new(box_large);
    let own_box = NodeRef::<leptos::html::Textarea>::new();
    take_over_early_box(own_box, text, shown_text, large);
    let put_text = move |new_text: String| {
        let (in_box, is_large) = box_contents(&new_text);
        shown_text.set(in_box);
        large.set(is_large);
        text.set(new_text);
    };
    // A large paste goes straight to the text, not through the box. It arrives as a
    // JavaScript string, converted a slice at a time between frames (`reading_paste`
    // meanwhile); a newer paste cancels an older one still being read.
    let reading_paste = RwSignal::new(false);
    let paste_generation = StoredValue::new(0u64);
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(pasted) = ev
            .clipboard_data()
            .and_then(|data| crate::ui::browser::transfer_text(&data))
        else {
            return;
        };
        // Where it goes: over the selection. In a preview (the text's start, then "…"), the
        // same place of the text: the preview is its start, so a caret there is at the same
        // byte; a caret on the "…" is at the text's end, and select-all covers all of it.
        // Regression: a paste into the preview replaced the whole long text, silently.
        let (start, end) = {
            use wasm_bindgen::JsCast;
            let selection = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                .map(|area| {
                    (
                        area.selection_start().ok().flatten().unwrap_or(0),
                        area.selection_end().ok().flatten().unwrap_or(0),
                    )
                });
            let (from, to) = selection.unwrap_or((0, 0));
            let preview = large.get_untracked();
            shown_text.with_untracked(|shown| {
                text.with_untracked(|current| {
                    let place = |units: u32| {
                        let at = crate::text::stats::byte_offset_of_utf16(shown, units as usize);
                        if preview {
                            in_text_of_preview(shown, current, at)
                        } else {
                            crate::text::stats::byte_offset_of_utf16(current, units as usize)
                        }
                    };
                    let from = place(from);
                    (from, place(to).max(from))
                })
            })
        };
        // The browser pastes into the box itself only while the text stays within the box's
        // limit; a longer result goes to the text, and the box shows its preview. (A box
        // that was asked to hold a longer text takes pastes up to the limit as they come.)
        let length = text.with_untracked(String::len);
        let room = if length > BOX_LIMIT {
            BOX_LIMIT
        } else {
            BOX_LIMIT - (length - (end - start))
        };
        // A UTF-16 unit is 1 to 3 bytes of UTF-8; only a paste that might fit is measured.
        let units = pasted.length() as usize;
        let fits = units.saturating_mul(3) <= room
            || (units <= room && String::from(pasted.clone()).len() <= room);
        if fits && !large.get_untracked() {
            return; // The browser pastes it as usual.
        }
        ev.prevent_default();
        paste_generation.update_value(|generation| *generation += 1);
        let generation = paste_generation.get_value();
        let still_wanted = move || paste_generation.get_value() == generation;
        reading_paste.set(true);
        leptos::task::spawn_local(async move {
            let Some(pasted) = crate::ui::browser::js_string_in_slices(pasted, still_wanted).await
            else {
                return;
            };
            // The text's first count and drawing get a task of their own.
            crate::ui::browser::yield_now().await;
            if !still_wanted() {
                return;
            }
            reading_paste.set(false);
            let joined = text.with_untracked(|current| {
                // The text may have changed while the paste was read: then the pasted text
                // goes at the end rather than into a range that is no longer there.
                match (current.get(..start), current.get(end..)) {
                    (Some(""), Some("")) => None,
                    (Some(before), Some(after)) => Some(format!("{before}{pasted}{after}")),
                    _ => Some(format!("{current}{pasted}")),
                }
            });
            put_text(joined.unwrap_or(pasted));
        });
    };
    let encoding = kept(View::Tokens, "encoding", "the encoding", || {
        Encoding::DEFAULT
    });
    let model_id = kept(View::Tokens, "model", "the model", || {
        DEFAULT_MODEL.to_owned()
    });
    // A table that failed (its file or code could not be downloaded) is tried again when
    // the view opens: the network may be back, as it is when "Try again" brought the view's
    // own code in after the shared chunks both need had failed.
    tokenizers.retry(encoding.get_untracked());
    let table = Memo::new(move |_| match tokenizers.get(encoding.get()) {
        TableState::Ready(_) => Ok(true),
        TableState::Loading => Ok(false),
        TableState::Failed(problem) => Err(problem),
    });
    let chat_mode = kept(View::Tokens, "chat-mode", "chat mode", || false);
    let chat_messages = kept(View::Tokens, "chat-messages", "the chat messages", Vec::new);
    let chat_tools = kept(
        View::Tokens,
        "chat-tools",
        "the imported tool definitions",
        Tools::default,
    );
    // The editor's rows hold a signal per field; they are made afresh from the kept
    // messages each time the view opens, and every edit is copied back.
    let chat_rows = RwSignal::new(chat_messages.with_untracked(|messages| {
        messages
            .iter()
            .map(ChatRow::from_message)
            .collect::<Vec<_>>()
    }));
    Effect::new(move |_| {
        let messages: Vec<Message> =
            chat_rows.with(|rows| rows.iter().map(ChatRow::message).collect());
        if chat_messages.with_untracked(|kept| *kept != messages) {
            chat_messages.set(messages);
        }
    });
    let counter = Counter::new();
    // Counting may run in slices over several frames, so it is started here and its
    // result lands in `counter` when done.
    Effect::new(move |_| {
        let encoder = match tokenizers.get(encoding.get()) {
            TableState::Ready(encoder) => Some(encoder),
            _ => None,
        };
        text.track();
        counter.start(encoder, text);
    });
    let text_count = Memo::new(move |_| {
        counter
            .counted
            .with(|counted| counted.as_ref().map(|counted| counted.total))
    });
    let chat_counted = Memo::new(move |_| {
        if !chat_mode.get() {
            return None;
        }
        match tokenizers.get(encoding.get()) {
            TableState::Ready(encoder) => Some(chat_count(&encoder, chat_rows, chat_tools)),
            _ => None,
        }
    });
    let count = Memo::new(move |_| {
        if chat_mode.get() {
            chat_counted.get().map(|counted| counted.total)
        } else {
            text_count.get()
        }
    });
    let model = Memo::new(move |_| {
        book.catalog
            .with(|catalog| catalog.get(&model_id.get()).cloned())
    });
    // A model whose tokenizer is not public is counted with o200k_base: an estimate.
    let estimate_of = Estimate::new(model, text, encoding, count);
    let chat_images = Memo::new(move |_| {
        if !chat_mode.get() {
            return Vec::new();
        }
        chat_rows.with(|rows| {
            rows.iter()
                .flat_map(|row| row.attached.with(|(_, images)| images.clone()))
                .collect()
        })
    });
    let state = TokensState {
        text,
        encoding,
        counter,
        billed: estimate_of.billed,
        chat: chat_counted,
        chat_images,
        chat_tools,
    };
    provide_context(state);
    let file_status = RwSignal::new(None::<Result<String, String>>);
    // The share of the file read so far, while one is being read.
    let reading = RwSignal::new(None::<f64>);
    let file_generation = StoredValue::new(0u64);
    let open_file = move |file: gloo_file::File| {
        let name = file.name();
        if file.size() > crate::text::file::MAX_FILE_BYTES as u64 {
            let error = crate::text::file::FileError::TooLarge(file.size() as usize);
            file_status.set(Some(Err(format!("\"{name}\" {error}."))));
            return;
        }
        reading.set(Some(0.0));
        file_status.set(None);
        file_generation.update_value(|generation| *generation += 1);
        let generation = file_generation.get_value();
        leptos::task::spawn_local(async move {
            // Read and decoded a slice at a time (each slice's read yields to the browser),
            // so that a 50 MiB file never holds the page, with the progress shown.
            let size = file.size();
            let refused = |error: crate::text::file::FileError| format!("\"{name}\" {error}.");
            let read = async {
                let mut decoder =
                    crate::text::file::Decoder::new(size as usize).map_err(refused)?;
                let mut at = 0;
                while at < size {
                    let end = (at + FILE_SLICE_BYTES).min(size);
                    let bytes = crate::ui::browser::read_file_slice(&file, at, end).await?;
                    if file_generation.get_value() != generation {
                        // Another file was opened meanwhile; this read is dropped below.
                        return Err(String::new());
                    }
                    decoder.push(&bytes).map_err(refused)?;
                    at = end;
                    reading.set(Some(at as f64 / size as f64));
                }
                decoder.finish().map_err(refused)
            };
            let result = read.await;
            if file_generation.get_value() != generation {
                return;
            }
            reading.set(None);
            match result {
                Ok(contents) => {
                    let size = format::integer(contents.len() as u64);
                    put_text(contents);
                    file_status.set(Some(Ok(format!("Opened \"{name}\" ({size} bytes)."))));
                }
                Err(problem) => file_status.set(Some(Err(problem))),
            }
        });
    };
    let on_file_input = move |ev: leptos::ev::Event| {
        if let Some(file) = crate::ui::browser::take_picked_file(&ev) {
            open_file(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = crate::ui::browser::dropped_file(&ev) {
            open_file(file);
        }
    };
    let toggle_chat = move |on: bool| {
        if on && chat_rows.with(Vec::is_empty) {
            // Start the conversation from the text typed so far.
            chat_rows.set(vec![
                ChatRow::new(Role::System, "", ""),
                ChatRow::new(Role::User, "", &text.get_untracked()),
            ]);
        }
        chat_mode.set(on);
    };

    // Characters, words, bytes: at once for a short text; for a long one, a piece at a time
    // between frames (one pass over the bytes, about a millisecond per MB here, but 50 MB
    // would still be a long task), like the token count.
    let text_stats = RwSignal::new(TextStats::default());
    let stats_generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        stats_generation.update_value(|generation| *generation += 1);
        let generation = stats_generation.get_value();
        let length = text.with(|text| {
            if text.len() <= STATS_SYNC_LIMIT {
                text_stats.set(stats(text));
                None
            } else {
                Some(text.len())
            }
        });
        if let Some(length) = length {
            leptos::task::spawn_local(async move {
                // Start in a task of its own, not in the one that changed the text.
                crate::ui::browser::yield_now().await;
                let mut tally = Tally::default();
                let mut slice = WorkSlice::start();
                let mut at = 0;
                while at < length {
                    if stats_generation.get_value() != generation {
                        return; // The text changed: these offsets are not its own.
                    }
                    let Some(next) = text.with_untracked(|text| {
                        let piece = crate::text::stats::prefix(text.get(at..)?, STATS_SYNC_LIMIT);
                        tally.add(piece);
                        Some(at + piece.len())
                    }) else {
                        return;
                    };
                    at = next;
                    if slice.due() {
                        slice.pause().await;
                    }
                }
                if stats_generation.get_value() == generation {
                    text_stats.set(tally.stats());
                }
            });
        }
    });
    let estimate = move || {
        model.with(|model| {
            model
                .as_ref()
                .is_some_and(|model| model.tokenizer.offered_encoding().is_none())
        })
    };
    let choose_model = move |id: String| {
        let chosen = book.catalog.with(|catalog| {
            catalog
                .get(&id)
                .map(|model| model.tokenizer.offered_encoding())
        });
        if let Some(model_encoding) = chosen {
            let chosen = model_encoding.unwrap_or(Encoding::DEFAULT);
            tokenizers.retry(chosen);
            encoding.set(chosen);
        }
        model_id.set(id);
    };
    // The pickers' options and order; a model whose count is an estimate says so.
    let model_options = Memo::new(move |_| {
        book.catalog.with(|catalog| {
            let mut groups = current::picker_groups(catalog);
            for option in groups.iter_mut().flat_map(|group| group.options.iter_mut()) {
                let estimate = catalog
                    .get(&option.id)
                    .is_some_and(|model| model.tokenizer.offered_encoding().is_none());
                if estimate {
                    option.label.push_str(" · estimate");
                }
            }
            groups
        })
    });

    view! {
        <section class="view tokens" data-testid="view-tokens" aria-labelledby="tokens-title">
            <h1 id="tokens-title">"Tokens"</h1>
            <p class="lede">{LEDE}</p>

            <div class="token-controls">
                <ModelPicker label="Model" testid="model-select" value=model_id groups=model_options
                    on_pick=Callback::new(choose_model) />
                <label class="field">
                    <span>"Encoding"</span>
                    <select
                        data-testid="encoding-select"
                        aria-describedby="encoding-used-by"
                        // The select's own value, not only the options' `selected`
                        // attributes, which a browser ignores once a person has chosen.
                        prop:value=move || encoding.get().name()
                        on:change=move |ev| {
                            if let Some(chosen) = Encoding::from_name(&event_target_value(&ev)) {
                                tokenizers.retry(chosen);
                                encoding.set(chosen);
                            }
                        }
                    >
                        {[("OpenAI", true), ("Open models", false)].into_iter().map(|(group, openai)| view! {
                            <optgroup label=group>
                                {Encoding::offered().filter(|option| Encoding::ALL.contains(option) == openai).map(|option| view! {
                                    // The name alone, so that it is not cut off on a phone;
                                    // the models that use it are in its title and below.
                                    <option value=option.name() title=format!("{} ({})", option.name(), option.used_by()) selected=move || encoding.get() == option>
                                        {option.name()}
                                    </option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    <span class="hint" id="encoding-used-by" data-testid="encoding-used-by">{move || format!("Used by {}", encoding.get().used_by())}</span>
                </label>
                <label class="check switch">
                    <input type="checkbox" role="switch" data-testid="chat-mode" prop:checked=move || chat_mode.get() on:change=move |ev| toggle_chat(event_target_checked(&ev)) />
                    " Chat messages"
                </label>
                <button type="button" class="secondary" on:click=move |_| put_text(String::new()) disabled=move || text.with(String::is_empty) hidden=move || chat_mode.get()>
                    "Clear"
                </button>
            </div>

            {move || {
                let own = model.with(|model| model.as_ref().and_then(|m| m.tokenizer.encoding().map(|own| (own, m.name.clone()))));
                let chosen = encoding.get();
                own.filter(|(own, _)| own.table_name() != chosen.table_name()).map(|(own, name)| view! {
                    <p class="notice" data-testid="encoding-mismatch" role="status">
                        {format!("Counted with {}, not {name}'s own tokenizer ({}): the counts and costs below are not {name}'s. ", chosen.name(), own.name())}
                        <button type="button" class="link" on:click=move |_| { tokenizers.retry(own); encoding.set(own); }>{format!("Count with {}", own.name())}</button>
                    </p>
                })
            }}
            <Show when=move || chat_mode.get()>
                // The editor and the request-body reader are a chunk of their own, downloaded
                // when chat mode is first switched on (a first visit opens plain text).
                <Suspense fallback=|| view! {
                    <p class="app-loading" role="status" data-testid="chat-editor-loading">"Loading the chat editor…"</p>
                }>
                    {Suspend::new(async move {
                        chat_editor_view(chat_rows, chat_tools, chat_counted).await.unwrap_or_else(|_| view! {
                            <p class="app-loading" role="alert">
                                "The chat editor's code could not be downloaded. Check your connection, then switch chat mode off and on again."
                            </p>
                        }.into_any())
                    })}
                </Suspense>
            </Show>
            <div hidden=move || chat_mode.get()>
                <label class="visually-hidden" for="token-input">{BOX_LABEL}</label>
                <textarea
                    node_ref=own_box
                    id="token-input"
                    class="token-input"
                    data-testid="token-input"
                    rows="10"
                    spellcheck="false"
                    placeholder=BOX_PLACEHOLDER
                    prop:value=move || shown_text.get()
                    readonly=move || large.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:paste=on_paste
                    on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                    on:drop=on_drop
                ></textarea>
                <Show when=move || large.get()>
                    <p class="notice large-text" data-testid="large-text-note" role="status">
                        {move || format!(
                            "This text is {} bytes. The box shows its first {} KB, read-only; every count covers all of it.",
                            format::integer(text.with(String::len) as u64),
                            PREVIEW_BYTES / 1024
                        )}
                        " "
                        <button type="button" class="secondary" on:click=move |_| {
                            shown_text.set(text.get_untracked());
                            large.set(false);
                        }>"Put it all in the box (slow)"</button>
                    </p>
                </Show>
                <div class="file-row">
                    <label class="button secondary">
                        "Open a text file"
                        <input type="file" class="visually-hidden" data-testid="file-input" on:change=on_file_input />
                    </label>
                    <span class="hint">"or drop one on the text box. Up to 50 MiB; it stays in this browser."</span>
                    {move || reading.get().map(|done| view! {
                        <progress data-testid="file-progress" max="1" value=done aria-label="Reading the file"></progress>
                    })}
                    <span role="status" data-testid="file-status">
                        <StatusMessage status=file_status />
                    </span>
                </div>
            </div>

            <dl class="token-stats" aria-live="polite" hidden=move || chat_mode.get()>
                <div class="stat primary">
                    <dt>
                        "Tokens"
                        <Show when=estimate>
                            <span class="badge estimate" data-testid="token-estimate" title="This model's tokenizer is not public, so the text is counted with OpenAI's o200k_base; the likely range of its real count is below.">"estimate"</span>
                        </Show>
                    </dt>
                    <dd data-testid="token-count" data-encoding=move || (!chat_mode.get()).then(|| counter.counted.with(|counted| counted.as_ref().map(|counted| counted.encoding.name()))).flatten() data-counted-by=move || (!chat_mode.get()).then(|| counter.counted_by.get().map(|by| by.name())).flatten()>{move || count.get().filter(|_| !reading_paste.get()).map(|n| format::integer(n as u64))}</dd>
                    <EstimateFigures estimate=estimate_of model=model />
                    <dd class="loading"><span role="status">
                        {move || match table.get() {
                            Ok(true) => String::new(),
                            Ok(false) => format!("Loading the {} tokenizer…", encoding.get().name()),
                            Err(problem) => problem,
                        }}
                        {move || reading_paste.get().then_some("Reading the pasted text…")}
                        {move || counter.progress.get().map(|done| view! {
                            <span class="counting">
                                <progress data-testid="count-progress" max="1" value=done aria-label="Counting tokens"></progress>
                                {format!(" Counting… {:.0}%", done * 100.0)}
                            </span>
                        })}
                    </span></dd>
                </div>
                <div class="stat"><dt>"Characters"</dt><dd data-testid="char-count">{move || format::integer(text_stats.get().chars as u64)}</dd></div>
                <div class="stat"><dt>"Words"</dt><dd data-testid="word-count">{move || format::integer(text_stats.get().words as u64)}</dd></div>
                <div class="stat"><dt>"Bytes (UTF-8)"</dt><dd data-testid="byte-count">{move || format::integer(text_stats.get().bytes as u64)}</dd></div>
                <div class="stat">
                    <dt title="Characters divided by tokens: English prose is usually about 4">"Chars per token"</dt>
                    <dd data-testid="chars-per-token">
                        {move || count.get().and_then(|tokens| chars_per_token(text_stats.get().chars, tokens)).map(|ratio| format!("{ratio:.2}")).unwrap_or_else(|| "—".into())}
                    </dd>
                </div>
            </dl>

            <CalibrationPanel estimate=estimate_of model=model count=count />
            <div hidden=move || chat_mode.get()>
                <TokenChips />
            </div>
            <CostPanel model=model />
            <div hidden=move || chat_mode.get()><compare_panel::ComparePanel /></div>
            <div hidden=move || chat_mode.get()>
                <TruncatePanel />
            </div>
        </section>
    }
}

/// The chat editor, as a split point: its code (the editor and the request-body reader)
/// is downloaded the first time chat mode is on.
#[leptos::wasm_split::wasm_split(chat_editor, wasm_split_path = ::leptos::wasm_split, fallible)]
fn chat_editor_view(
    rows: RwSignal<Vec<ChatRow>>,
    tools: RwSignal<Tools>,
    counted: Memo<Option<ChatCount>>,
) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <ChatEditor rows=rows tools=tools counted=counted /> }.into_any())
}

/// What the text box shows for `text`, and whether that is a read-only preview: a text
/// longer than the box holds shows only its start.
fn box_contents(text: &str) -> (String, bool) {
    if text.len() > BOX_LIMIT {
        (
            format!(
                "{}{PREVIEW_MARK}",
                crate::text::stats::prefix(text, PREVIEW_BYTES)
            ),
            true,
        )
    } else {
        (text.to_owned(), false)
    }
}

/// The box the shell shows while this view's code downloads (`tokens_early_box` in
/// `src/ui/app.rs`) is still in the page while the view is made, and may have the focus.
/// Once the view's own box is in the page, in the same task, it takes that focus and
/// caret (without scrolling: it is where the early box was), and shows whatever was typed
/// after the view read its text: a person typing as the view comes in loses no key. What
/// was typed in the early box stays editable in this one, past the box's limit too, as
/// typing does here; only a long paste (the early box then shows a preview) is previewed.
fn take_over_early_box(
    own_box: NodeRef<leptos::html::Textarea>,
    text: RwSignal<String>,
    shown_text: RwSignal<String>,
    large: RwSignal<bool>,
) {
    use wasm_bindgen::JsCast;
    let Some(early) = document()
        .get_element_by_id("token-input")
        .and_then(|early| early.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let focused = document().active_element().as_ref() == Some(early.as_ref());
    let caret = (
        early.selection_start().ok().flatten(),
        early.selection_end().ok().flatten(),
        early.selection_direction().ok().flatten(),
    );
    let previewed = early.read_only();
    // The view goes in a few microtasks after it is made.
    fn once_in_page(
        own_box: NodeRef<leptos::html::Textarea>,
        tries: u8,
        then: Box<dyn FnOnce(web_sys::HtmlTextAreaElement)>,
    ) {
        queue_microtask(move || match own_box.get_untracked() {
            Some(own) if own.is_connected() => then(own),
            _ if tries > 0 => once_in_page(own_box, tries - 1, then),
            _ => {}
        });
    }
    once_in_page(
        own_box,
        32,
        Box::new(move |own| {
            let (in_box, is_large) = if previewed {
                text.with_untracked(|text| box_contents(text))
            } else {
                (text.get_untracked(), false)
            };
            if shown_text.with_untracked(|shown| *shown != in_box)
                || large.get_untracked() != is_large
            {
                shown_text.set(in_box);
                large.set(is_large);
            }
            if focused {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = own.focus_with_options(&options);
                if let (Some(start), Some(end), direction) = caret {
                    let _ = match direction {
                        Some(direction) => {
                            own.set_selection_range_with_direction(start, end, &direction)
                        }
                        None => own.set_selection_range(start, end),
                    };
                }
            }
        }),
    );
}

/// Where byte `at` of the box's `preview` (see [`box_contents`]) is in `text`: the
/// preview is the text's first bytes and then a line with "…", so a place in those first
/// bytes is the same place in the text, and a place on the "…" line is the text's end.
fn in_text_of_preview(preview: &str, text: &str, at: usize) -> usize {
    let start = preview.strip_suffix(PREVIEW_MARK).unwrap_or(preview).len();
    if at <= start && text.is_char_boundary(at) {
        at
    } else {
        text.len()
    }
}

/// The end of a preview, after the text's first bytes.
pub const PREVIEW_MARK: &str = "\n…";

/// The view's shared state, provided by [`TokensView`].
pub fn use_tokens_state() -> TokensState {
    use_context::<TokensState>().expect("TokensView provides its state")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_in_a_preview_is_the_same_place_in_the_text_or_its_end() {
        let text = "ab".repeat(BOX_LIMIT);
        let (preview, large) = box_contents(&text);
        assert!(large);
        let start = PREVIEW_BYTES; // ASCII: the prefix is exactly PREVIEW_BYTES long
        assert_eq!(preview.len(), start + PREVIEW_MARK.len());
        assert_eq!(in_text_of_preview(&preview, &text, 0), 0);
        assert_eq!(in_text_of_preview(&preview, &text, 100), 100);
        assert_eq!(in_text_of_preview(&preview, &text, start), start);
        // On the "…" line, and past the preview: the end of the text.
        assert_eq!(in_text_of_preview(&preview, &text, start + 1), text.len());
        assert_eq!(
            in_text_of_preview(&preview, &text, preview.len()),
            text.len()
        );
    }
}
