//! The Cache & routing view: what a response cache would hit on real queries, and where
//! a keyword router would send real tasks.

mod cache_panel;
mod routing_panel;

use leptos::prelude::*;

use cache_panel::CachePanel;
use routing_panel::RoutingPanel;

/// The view's root, `data-testid="view-cache-routing"`.
#[component]
pub fn CacheRoutingView() -> impl IntoView {
    view! {
        <section class="view cache-routing" data-testid="view-cache-routing" aria-labelledby="cache-routing-title">
            <h1 id="cache-routing-title">"Cache & routing"</h1>
            <p class="lede">"Paste your own queries to see what a cache would really hit, and your own tasks to see where a router would send them. Both results can go straight into the Projection."</p>
            <CachePanel />
            <RoutingPanel />
        </section>
    }
}
