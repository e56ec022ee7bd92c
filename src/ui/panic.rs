//! What a panic looks like to the user.
//!
//! A panic in WebAssembly stops the app, so the hook must not rely on Leptos or on any
//! state the panic may have left half-updated: it builds the banner with plain DOM calls
//! (web_sys: gloo has no DOM API), and listens to its button with gloo-events.

/// The text of the recovery banner.
pub const BANNER_TEXT: &str = "Something went wrong; reload. Your inputs are saved.";

/// Installs a panic hook that logs the panic to the console (with its message and
/// location) and shows a recovery banner at the top of the page.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_banner();
    }));
}

/// Adds the banner once; later panics leave the first banner in place.
fn show_banner() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id("panic-banner").is_some() {
        return;
    }
    let (Ok(banner), Ok(text), Ok(button), Some(body)) = (
        document.create_element("div"),
        document.create_element("p"),
        document.create_element("button"),
        document.body(),
    ) else {
        return;
    };
    banner.set_id("panic-banner");
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    text.set_text_content(Some(BANNER_TEXT));
    let _ = button.set_attribute("type", "button");
    button.set_text_content(Some("Reload"));
    // Reloading touches no app state, so it still works after the app has stopped.
    gloo_events::EventListener::new(&button, "click", |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    })
    .forget();
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&button);
    let _ = body.prepend_with_node_1(&banner);
}
