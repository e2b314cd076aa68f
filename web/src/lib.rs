//! The public web app, compiled to WebAssembly: two bundles share this library. `web` (the map
//! and organisation pages) is what most visitors download; `pages` (joining the map, the owner
//! page, contacting a group, resources, about, the embeddable map) is loaded only on those pages,
//! so they never weigh on the map's first visit. `admin` is the dashboard at `/admin`.

pub mod admin;
pub mod api;
pub mod app;
pub mod basemap;
pub mod components;
pub mod i18n;
pub mod leaflet_ext;
pub mod pages;
pub mod router;
pub mod state;

/// Takes over the page the server rendered: its content (`#server-page`) makes way for the
/// app's. Called by each bundle just before it mounts.
pub fn take_over() {
    if let Some(server_page) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("server-page"))
    {
        server_page.remove();
    }
}
