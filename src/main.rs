//! Entry point: install the panic hook, then mount the app. Nothing else lives here.

fn main() {
    burnrate::ui::panic::install_hook();
    leptos::mount::mount_to_body(burnrate::ui::App);
}
