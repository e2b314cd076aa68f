//! The public web app, compiled to WebAssembly: four bundles share this library. `web` (the map
//! and organisation pages) is what most visitors download; `pages` (joining the map, the owner
//! page, contacting a group, resources, about, the embeddable map) is loaded only on those pages,
//! so they never weigh on the map's first visit. `admin` is the dashboard at `/admin`; `events`
//! is the map's events layer, loaded when a visitor first turns it on.

pub mod admin;
pub mod api;
pub mod app;
pub mod basemap;
pub mod components;
pub mod events_handoff;
pub mod events_layer;
pub mod i18n;
pub mod leaflet_ext;
pub mod pages;
pub mod router;
pub mod state;
pub mod take_over;
