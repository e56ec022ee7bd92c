//! Keeps a signal in step with `location.hash`.

use leptos::prelude::*;

use crate::formats::route::{parse_fragment, Route, RouteError};

/// The current route, updated on every `hashchange`.
///
/// Navigation itself needs no code: the nav links are plain `href="#/<view>"` anchors, so
/// the browser's history, back button, middle-click and keyboard all work as usual.
pub fn use_route() -> ReadSignal<Result<Route, RouteError>> {
    let (route, set_route) = signal(current_route());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(current_route());
    });
    on_cleanup(move || handle.remove());
    route
}

/// The route in the address now (not reactive; [`use_route`] follows it).
pub fn current_route() -> Result<Route, RouteError> {
    let hash = window().location().hash().unwrap_or_default();
    parse_fragment(&hash)
}
