//! One component per view, plus the pages that are not views.

mod about;
mod cache_routing;
mod compress;
mod conversation;
mod models;
mod not_found;
mod panic_drill;
mod projection;
pub(crate) mod tokens;
mod usage;

pub use about::AboutView;
pub use cache_routing::CacheRoutingView;
pub use compress::CompressView;
pub use conversation::ConversationView;
pub use models::ModelsView;
pub use not_found::NotFound;
pub use panic_drill::PanicDrill;
pub use projection::ProjectionView;
pub use tokens::TokensView;
pub use usage::UsageView;
