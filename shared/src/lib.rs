//! Types and rules shared by the server (`api`) and the browser app (`web`).
//!
//! Nothing here depends on diesel or actix, so it compiles to `wasm32-unknown-unknown` and the
//! browser runs exactly the checks the server runs.

pub mod api;
pub mod countries;
pub mod domain;
pub mod i18n;
pub mod text;

pub use domain::{
    BBox, CountryCode, Cursor, FieldError, Key, Latitude, Longitude, PageSize, Precision,
    SearchQuery, Slug, Status,
};
