//! The public map, compiled to WebAssembly and served by the API server at `/`.

mod api;
mod app;
mod basemap;
mod components;
mod i18n;
mod leaflet_ext;
mod pages;
mod router;
mod state;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
