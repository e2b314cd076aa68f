//! Types and rules shared by the server (`api`) and the browser app (`web`).
//!
//! Nothing here depends on actix, and diesel only behind the `diesel` feature (the server's
//! `ToSql`/`FromSql` for ids and text enums), so it compiles to `wasm32-unknown-unknown` and the
//! browser runs exactly the checks the server runs, on exactly the types the server stores.

pub mod api;
pub mod cluster_look;
pub mod countries;
pub mod domain;
pub mod i18n;
pub mod label_place;
pub mod text;

pub use domain::{
    BBox, CountryCode, Cursor, FieldError, Key, Latitude, Longitude, PageSize, Precision,
    SearchQuery, Slug, Status,
};
