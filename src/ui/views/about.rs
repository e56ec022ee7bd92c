//! The About page (`#/about`): what Burnrate is and promises, and the licences of what it
//! ships: every tokenizer (from `text::families`), tiktoken-rs, the price data and the
//! app itself. Every link is to a file of the build; addresses elsewhere are plain text.

use leptos::prelude::*;

use crate::text::families::{
    built_with, shipped, Tokenizer, MIT_COPYRIGHTS, MIT_LICENCE, TIKTOKEN_RS,
};
use crate::text::tokenize::Encoding;
use crate::ui::browser::fetch_bytes;
use crate::ui::price_book::use_price_book;

/// The page's root, `data-testid="view-about"`.
#[component]
pub fn AboutView() -> impl IntoView {
    let book = use_price_book();
    let rows = shipped()
        .into_iter()
        .map(|(encoding, entry)| view! { <LicenceRow encoding=encoding entry=entry /> })
        .collect_view();

    view! {
        <section class="view about" data-testid="view-about" aria-labelledby="about-title">
            <h1 id="about-title">"About and licences"</h1>
            <p class="built-with" data-testid="about-built-with">
                {built_with().into_iter().map(|words| view! { <span>{words}</span> }).collect_view()}
            </p>
            <p class="lede">
                "Burnrate shows what an LLM feature really costs: exact token counts, the cost of a call on every model, the true monthly cost, and what each optimization would save."
            </p>
            <p class="about-promise">
                <strong>"Your prompts and usage data never leave this browser."</strong>
                " Burnrate has no server: the page, the price list and the token tables are static files, and every count and cost is computed on this page. Nothing you type or open is sent anywhere."
            </p>

            <h2>"Tokenizers"</h2>
            <p class="hint">
                "Each token table is generated at build time from the file of a public package, never edited by hand, and downloaded only when a count first needs it. Its licence and notices are shipped beside it."
            </p>
            <ul class="licence-list" data-testid="about-licences">{rows}</ul>

            <h2>"Price data"</h2>
            <p data-testid="about-prices-source">
                {move || book.catalog.with(|catalog| format!(
                    "Prices as of {}, from the {} package {} ({} licence, {}).",
                    catalog.as_of,
                    catalog.source.name,
                    catalog.source.version,
                    catalog.source.license,
                    catalog.source.url,
                ))}
            </p>
            <p class="hint">"Prices you set or models you add (in Models & prices) stay in this browser and override these."</p>

            <h2>"Code"</h2>
            <p>
                {format!(
                    "OpenAI's encodings are counted with tiktoken-rs {} ({}), whose tables are OpenAI's tiktoken rank files. Both are under the MIT licence, as is Burnrate itself:",
                    TIKTOKEN_RS.version, TIKTOKEN_RS.registry
                )}
            </p>
            <ul class="copyrights">
                {MIT_COPYRIGHTS
                    .into_iter()
                    .map(|(what, copyright)| view! { <li><strong>{what}</strong>": "{copyright}</li> })
                    .collect_view()}
            </ul>
            <details class="licence-text">
                <summary>"The MIT licence"</summary>
                <pre>{MIT_LICENCE}</pre>
            </details>
        </section>
    }
}

/// One tokenizer's row, `data-testid="about-licence-<encoding>"`.
#[component]
fn LicenceRow(
    /// The encoding.
    encoding: Encoding,
    /// What is shipped of it, and on what terms.
    entry: &'static Tokenizer,
) -> impl IntoView {
    let files = entry.file_paths(encoding);
    let source = entry.source;
    // OpenAI's tables come with a crate; the open ones from a registry's package.
    let package = if source.package == TIKTOKEN_RS.package {
        format!(
            " in the crate {} {} ({}).",
            source.package, source.version, source.registry
        )
    } else {
        format!(
            " in the {} package {} {}.",
            source.registry, source.package, source.version
        )
    };
    view! {
        <li class="licence" data-testid=format!("about-licence-{}", encoding.name())>
            <p class="licence-head">
                <strong>{entry.family}</strong>
                " "
                <code>{encoding.name()}</code>
            </p>
            <p class="licence-source">"Table made from " <code>{source.file}</code> {package}</p>
            <p class="licence-terms">
                "Licence: " {entry.licence} "."
                {files.is_empty().then_some(" Its text is below, under Code.")}
            </p>
            {entry.required_notice.map(|notice| view! {
                <blockquote class="licence-notice">{notice.trim().to_owned()}</blockquote>
            })}
            {entry.terms_note.map(|note| view! { <p class="hint">{note}</p> })}
            {(!files.is_empty()).then(|| view! {
                <div class="licence-files">
                    {files.into_iter().map(|path| view! { <LicenceFile path=path /> }).collect_view()}
                </div>
            })}
        </li>
    }
}

/// A licence or notice file of the build: a link to it, and its text, read when first
/// unfolded (the files are plain text that hosts serve with varying types).
#[component]
fn LicenceFile(
    /// Its path relative to the page, `tokenizers/<table>.<suffix>`.
    path: String,
) -> impl IntoView {
    let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
    let text = RwSignal::new(None::<Result<String, String>>);
    let href = path.clone();
    let label = format!("The text of {name}");
    let on_toggle = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let open = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .is_some_and(|details| details.open());
        if !open || text.with_untracked(Option::is_some) {
            return;
        }
        let path = path.clone();
        leptos::task::spawn_local(async move {
            let read = fetch_bytes(&path)
                .await
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|problem| format!("{path} could not be read ({problem})."));
            text.set(Some(read));
        });
    };
    view! {
        <details class="licence-file" on:toggle=on_toggle>
            <summary>{name.clone()}</summary>
            <p class="hint"><a href=href type="text/plain">{format!("Open {name}")}</a></p>
            {move || match text.get() {
                None => view! { <p class="hint" role="status">"Reading…"</p> }.into_any(),
                // Scrolls when long: focusable, so the keyboard can scroll it too.
                Some(Ok(text)) => view! {
                    <pre tabindex="0" role="region" aria-label=label.clone()>{text}</pre>
                }
                .into_any(),
                Some(Err(problem)) => view! { <p role="alert">{problem}</p> }.into_any(),
            }}
        </details>
    }
}
