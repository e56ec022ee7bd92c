//! A chart on the page: drawn by the core at the width of its card, with read-outs on
//! hover and on the keyboard, and a "Download SVG" button.
//!
//! The card's width is measured on mount and on every window resize, and the core is
//! asked for an SVG of exactly that width, so its text shows at the size it is drawn
//! (12 units or more). The figure is one Tab stop: Left/Right (and Home/End) move the
//! read-out from point to point, announced in an `aria-live` region.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chart::Drawn;
use crate::ui::browser::download_text;

/// The width drawn when the card has none (hidden, or not laid out).
const FALLBACK_WIDTH: u32 = 640;

/// A chart's figure.
#[component]
pub fn ChartFigure(
    /// Draws the chart `width` units wide; `None` when there is nothing to draw.
    draw: Callback<u32, Option<Drawn>>,
    /// The chart in words: the figure's label and caption.
    #[prop(into)]
    description: Signal<Option<String>>,
    /// The `data-testid` of the element holding the SVG.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The `data-testid` of the figure.
    #[prop(optional)]
    figure_testid: Option<&'static str>,
    /// The downloaded file's name; no download button without it.
    #[prop(optional)]
    file_name: Option<&'static str>,
    /// The download button's `data-testid`.
    #[prop(optional)]
    download_testid: Option<&'static str>,
    /// The caption's class (`chart-caption` unless told).
    #[prop(optional)]
    caption_class: Option<&'static str>,
    /// The caption while there is nothing to draw.
    #[prop(optional)]
    empty: Option<&'static str>,
) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    let width = RwSignal::new(None::<u32>);
    // Regression: a chart left before its next frame (Projection, then at once another
    // view) measured itself in that frame through a disposed node and panicked; `try_`
    // reads give nothing once the chart is gone.
    let measure = move || {
        if let Some(Some(element)) = node.try_get_untracked() {
            let measured = u32::try_from(element.client_width()).unwrap_or(0);
            let measured = if measured == 0 {
                FALLBACK_WIDTH
            } else {
                measured
            };
            // `None` once the chart is gone.
            if let Some(now) = width.try_get_untracked() {
                if now != Some(measured) {
                    width.set(Some(measured));
                }
            }
        }
    };
    // Measured once the element is laid out (the frame after mount), and again after each
    // redraw, since a chart that makes the page taller can bring a scroll bar that narrows
    // the card.
    let drawn = Memo::new(move |_| width.get().and_then(|width| draw.run(width)));
    Effect::new(move |_| {
        drawn.track();
        if node.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let active = RwSignal::new(None::<usize>);
    let count = move || drawn.with(|drawn| drawn.as_ref().map_or(0, |d| d.readouts.len()));
    let readout = move || {
        let index = active.get()?;
        drawn.with(|drawn| drawn.as_ref()?.readouts.get(index).cloned())
    };
    // The bar or column read out is marked, for the page's CSS to show.
    Effect::new(move |_| {
        let index = active.get();
        drawn.track();
        let Some(element) = node.get() else { return };
        while let Ok(Some(marked)) = element.query_selector("[data-active]") {
            let _ = marked.remove_attribute("data-active");
        }
        if let Some(index) = index {
            if let Ok(Some(target)) = element.query_selector(&format!("[data-i=\"{index}\"]")) {
                let _ = target.set_attribute("data-active", "");
            }
        }
    });
    let point_at = move |ev: leptos::ev::MouseEvent| {
        let index = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("[data-i]").ok().flatten())
            .and_then(|element| element.get_attribute("data-i"))
            .and_then(|text| text.parse::<usize>().ok());
        if index.is_some() {
            active.set(index);
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let last = count().saturating_sub(1);
        let current = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => current.map_or(0, |i| (i + 1).min(last)),
            "ArrowLeft" | "ArrowUp" => current.map_or(0, |i| i.saturating_sub(1)),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        if count() > 0 {
            active.set(Some(next));
        }
    };
    let download = move |_| {
        if let (Some(name), Some(svg)) = (
            file_name,
            drawn.with_untracked(|drawn| drawn.as_ref().map(|d| d.svg.clone())),
        ) {
            let _ = download_text(name, "image/svg+xml", &svg);
        }
    };
    let label = move || description.get().unwrap_or_default();
    view! {
        <figure class="chart" data-testid=figure_testid tabindex="0"
            aria-label=move || format!("{} Left and right arrow keys read each point.", label())
            on:keydown=keys
            on:focus=move |_| { if active.get_untracked().is_none() && count() > 0 { active.set(Some(0)) } }>
            <div class="chart-svg" data-testid=testid role="img" node_ref=node
                aria-label=label
                on:mouseover=point_at on:click=point_at
                inner_html=move || drawn.with(|drawn| drawn.as_ref().map(|d| d.svg.clone()).unwrap_or_default())></div>
            <p class="chart-readout" data-testid="chart-readout" aria-live="polite">
                {move || readout().unwrap_or_else(|| if count() > 0 { "Point at a bar or line, or focus the chart and press ←/→, to read its figures.".to_owned() } else { String::new() })}
            </p>
            <figcaption class=caption_class.unwrap_or("chart-caption")>
                {move || description.get().unwrap_or_else(|| empty.unwrap_or_default().to_owned())}
            </figcaption>
            {file_name.map(|_| view! {
                <button type="button" class="secondary" data-testid=download_testid
                    disabled=move || drawn.with(Option::is_none) on:click=download>"Download SVG"</button>
            })}
        </figure>
    }
}
