//! HTTP handlers, one file per resource action. Handlers stay thin: parse, call the model on a
//! blocking thread, map to the wire type.

pub mod admin;
pub mod auth;
pub mod calls_to_action;
pub mod cities;
pub mod events;
pub mod feed;
pub mod health;
pub mod map;
pub mod organizations;
pub mod owner;
pub mod problems;
pub mod reference;
pub mod submissions;

use actix_web::web;

use std::sync::Arc;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::index::{PublicIndex, Snapshot};

/// The public index's current snapshot (checking the data version when it is due, on a
/// blocking thread because that may query the database and rebuild).
pub async fn current_snapshot(
    pool: &web::Data<DbPool>,
    index: &web::Data<PublicIndex>,
) -> Result<Arc<Snapshot>, ApiError> {
    if let Some(snapshot) = index.if_fresh() {
        return Ok(snapshot);
    }
    let pool = pool.clone();
    let index = index.clone();
    web::block(move || index.current(&pool)).await?
}

pub use crate::db::with_db;

/// The key a public answer is prepared under for the current snapshot: its query string, and for
/// a filter on confirmations (`confirmed_within`) also today's UTC date, since what such an
/// answer holds changes at midnight even when the data does not.
pub fn answer_key(query_string: &str, confirmed_within: Option<&str>) -> String {
    match confirmed_within.map(str::trim).filter(|w| !w.is_empty()) {
        Some(_) => format!("{}|{query_string}", chrono::Utc::now().date_naive()),
        None => query_string.to_owned(),
    }
}

/// An id from the URL, read after the caller's rights were checked. One that is not a UUID names
/// nothing: 404, as an unknown one gets.
pub fn id_in_path<T: std::str::FromStr>(raw: &str, what: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound(what.to_owned()))
}
