//! The URL fragment format that selects a view: `#/<view>` optionally followed by
//! `?<query>`, for example `#/projection?calls=10000`.
//!
//! Burnrate routes in the fragment rather than in the path so that the static build works
//! on any host and under any sub-path without server rewrites, and so that no part of a
//! view's state is ever sent to the server in a request line.
//!
//! Must not know: the DOM or any browser API. The UI passes `location.hash` in as a string.

use std::fmt;

/// One of the app's views, in navigation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// Exact token counts, visible tokens and cost per call.
    Tokens,
    /// Prompt compression measured in real tokens.
    Compress,
    /// The monthly savings calculator.
    Projection,
    /// Multi-turn conversation cost simulator.
    Conversation,
    /// Response cache and model routing simulators.
    CacheRouting,
    /// Usage log analyzer.
    Usage,
    /// The price catalog.
    Models,
}

impl View {
    /// Every view, in the order the navigation shows them.
    pub const ALL: [View; 7] = [
        View::Tokens,
        View::Compress,
        View::Projection,
        View::Conversation,
        View::CacheRouting,
        View::Usage,
        View::Models,
    ];

    /// The view shown for an empty fragment.
    pub const DEFAULT: View = View::Tokens;

    /// The view's name in URLs and in `data-testid`s (`nav-<slug>`, `view-<slug>`).
    /// These names are a public contract: never change one once it has shipped.
    pub fn slug(self) -> &'static str {
        match self {
            View::Tokens => "tokens",
            View::Compress => "compress",
            View::Projection => "projection",
            View::Conversation => "conversation",
            View::CacheRouting => "cache-routing",
            View::Usage => "usage",
            View::Models => "models",
        }
    }

    /// The view's human title, as shown in the navigation.
    pub fn title(self) -> &'static str {
        match self {
            View::Tokens => "Tokens",
            View::Compress => "Compress",
            View::Projection => "Projection",
            View::Conversation => "Conversation",
            View::CacheRouting => "Cache & routing",
            View::Usage => "Usage log",
            View::Models => "Models & prices",
        }
    }

    /// The view whose slug is exactly `slug`, if any.
    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|view| view.slug() == slug)
    }
}

/// What a fragment points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// A regular view.
    View(View),
    /// `#/about`: what Burnrate is, and the licences of what it ships (the tokenizers,
    /// the price data). Linked from the footer, not from the navigation: it is not a view
    /// of the work.
    About,
    /// `#/debug/panic`: deliberately panics, so that tests and people can check that a
    /// panic shows the recovery banner instead of a dead page. Not linked from the app.
    PanicDrill,
}

/// The slug of [`Page::About`]. A public contract, like the views' slugs.
pub const ABOUT_SLUG: &str = "about";

/// The title of [`Page::About`], as the footer link and the tab show it.
pub const ABOUT_TITLE: &str = "About and licences";

/// The slug of [`Page::PanicDrill`].
pub const PANIC_DRILL_SLUG: &str = "debug/panic";

/// A parsed fragment: the page, and the raw query that the page's own format parses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The page the fragment selects.
    pub page: Page,
    /// Everything after the first `?`, without the `?`; empty when there is none.
    pub query: String,
}

impl Route {
    /// A route to `view` with no query.
    pub fn view(view: View) -> Route {
        Route {
            page: Page::View(view),
            query: String::new(),
        }
    }
}

/// Why a fragment could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteError {
    /// The path names no view. Holds the path as given, so the message can quote it.
    UnknownView(String),
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::UnknownView(path) => {
                write!(f, "there is no view called \"{path}\"")
            }
        }
    }
}

impl std::error::Error for RouteError {}

/// Parses a URL fragment such as `#/projection?calls=10` (the leading `#` and `/` are
/// optional, as is one trailing `/`).
///
/// An empty fragment selects [`View::DEFAULT`]. View names are matched exactly: a link
/// that names no view is reported rather than silently sent somewhere else.
pub fn parse_fragment(fragment: &str) -> Result<Route, RouteError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let (path, query) = match fragment.split_once('?') {
        Some((path, query)) => (path, query),
        None => (fragment, ""),
    };
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    let page = if path.is_empty() {
        Page::View(View::DEFAULT)
    } else if path == PANIC_DRILL_SLUG {
        Page::PanicDrill
    } else if path == ABOUT_SLUG {
        Page::About
    } else {
        match View::from_slug(path) {
            Some(view) => Page::View(view),
            None => return Err(RouteError::UnknownView(path.to_owned())),
        }
    };
    Ok(Route {
        page,
        query: query.to_owned(),
    })
}

/// The fragment (with its leading `#`) that [`parse_fragment`] reads back as `route`.
pub fn to_fragment(route: &Route) -> String {
    let path = match route.page {
        Page::View(view) => view.slug(),
        Page::About => ABOUT_SLUG,
        Page::PanicDrill => PANIC_DRILL_SLUG,
    };
    if route.query.is_empty() {
        format!("#/{path}")
    } else {
        format!("#/{path}?{}", route.query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fragments_select_the_default_view() {
        for fragment in ["", "#", "#/", "/", "#//"] {
            assert_eq!(
                parse_fragment(fragment),
                Ok(Route::view(View::Tokens)),
                "fragment {fragment:?}"
            );
        }
    }

    #[test]
    fn every_view_round_trips_through_its_fragment() {
        for view in View::ALL {
            let route = Route::view(view);
            let fragment = to_fragment(&route);
            assert_eq!(fragment, format!("#/{}", view.slug()));
            assert_eq!(parse_fragment(&fragment), Ok(route));
        }
    }

    #[test]
    fn slugs_are_the_documented_contract() {
        let slugs: Vec<&str> = View::ALL.iter().map(|view| view.slug()).collect();
        assert_eq!(
            slugs,
            [
                "tokens",
                "compress",
                "projection",
                "conversation",
                "cache-routing",
                "usage",
                "models"
            ]
        );
    }

    #[test]
    fn the_query_is_kept_verbatim_for_the_view_to_parse() {
        let route = parse_fragment("#/projection?calls=10000&model=gpt-4o").unwrap();
        assert_eq!(route.page, Page::View(View::Projection));
        assert_eq!(route.query, "calls=10000&model=gpt-4o");
        assert_eq!(to_fragment(&route), "#/projection?calls=10000&model=gpt-4o");
    }

    #[test]
    fn a_trailing_slash_and_a_missing_leading_slash_are_accepted() {
        assert_eq!(parse_fragment("#/models/"), Ok(Route::view(View::Models)));
        assert_eq!(
            parse_fragment("cache-routing"),
            Ok(Route::view(View::CacheRouting))
        );
    }

    #[test]
    fn unknown_views_are_reported_with_their_name() {
        let error = parse_fragment("#/Tokens").unwrap_err();
        assert_eq!(error, RouteError::UnknownView("Tokens".to_owned()));
        assert_eq!(error.to_string(), "there is no view called \"Tokens\"");
        assert!(parse_fragment("#/tokens/extra").is_err());
    }

    #[test]
    fn the_panic_drill_has_its_own_page() {
        let route = parse_fragment("#/debug/panic").unwrap();
        assert_eq!(route.page, Page::PanicDrill);
        assert_eq!(to_fragment(&route), "#/debug/panic");
    }

    #[test]
    fn the_about_page_has_its_own_page() {
        let route = parse_fragment("#/about").unwrap();
        assert_eq!(route.page, Page::About);
        assert_eq!(to_fragment(&route), "#/about");
        assert_eq!(parse_fragment("about/"), Ok(route));
        // It is not a view: the navigation does not list it.
        assert!(View::from_slug(ABOUT_SLUG).is_none());
        assert!(parse_fragment("#/About").is_err());
    }

    #[test]
    fn a_second_question_mark_belongs_to_the_query() {
        assert_eq!(parse_fragment("#/tokens??x").unwrap().query, "?x");
    }

    proptest::proptest! {
        #[test]
        fn any_fragment_parses_without_panicking(fragment in "\\PC*") {
            let _ = parse_fragment(&fragment);
        }

        #[test]
        fn any_query_round_trips(index in 0..View::ALL.len(), query in "\\PC*") {
            let route = Route { page: Page::View(View::ALL[index]), query };
            proptest::prop_assert_eq!(parse_fragment(&to_fragment(&route)), Ok(route));
        }
    }
}
