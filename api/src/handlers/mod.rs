//! HTTP handlers, one file per resource action. Handlers stay thin: parse, call the model on a
//! blocking thread, map to the wire type.

pub mod admin;
pub mod auth;
pub mod cities;
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

use crate::db::{AnyConnection, DbPool};
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

/// Runs `work` with a pooled connection on actix's blocking thread pool, so database calls
/// never stall the async workers.
pub async fn with_db<T, F>(pool: &web::Data<DbPool>, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get().map_err(|e| {
            ApiError::Unavailable(anyhow::Error::new(e).context("taking a database connection"))
        })?;
        work(&mut conn)
    })
    .await?
}
