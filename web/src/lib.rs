//! The public web app, compiled to WebAssembly: two bundles share this library. `web` (the map
//! and organisation pages) is what most visitors download; `forms` (joining the map and the owner
//! page) is loaded only on those pages, so its forms never weigh on the map's first visit.

pub mod api;
pub mod app;
pub mod basemap;
pub mod components;
pub mod i18n;
pub mod leaflet_ext;
pub mod pages;
pub mod router;
pub mod state;
