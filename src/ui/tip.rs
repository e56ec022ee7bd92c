//! Help tips: a "?" beside a label whose explanation opens as a bubble.
//!
//! A tip is not a Tab stop (a keyboard user meets its text on the field instead): it is
//! focusable on demand (`tabindex="-1"`), so a click or a tap opens it. Its bubble opens on
//! hover, on a tap, and while the field it labels has focus (style/main.css);
//! public/tips.js keeps an open bubble inside the viewport and closes it on Escape.

use leptos::prelude::*;

/// A "?" whose bubble shows `text`. With `id`, the text's element carries it, so that a
/// field can name it in its `aria-describedby` and be read with its explanation.
#[component]
pub fn Tip(
    /// The explanation.
    #[prop(into)]
    text: String,
    /// The id of the text's element, for a field's `aria-describedby`.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let label = text.clone();
    let data = text.clone();
    view! {
        <span class="tip" tabindex="-1" role="note" aria-label=label data-tip=data>
            <span aria-hidden="true">"?"</span>
            <span class="tip-text" id=id aria-hidden="true">{text}</span>
        </span>
    }
}
