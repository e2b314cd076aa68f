use actix_web::{HttpResponse, get, web};
use serde_json::json;

use super::{problems, with_db};
use crate::db::{self, DbPool};
use crate::error::ApiError;

/// Liveness: the process answers.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "The server is running", body = serde_json::Value, example = json!({"status": "ok"})))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({"status": "ok"}))
}

/// Readiness: the database answers a query.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "The database answers", body = serde_json::Value, example = json!({"status": "ready"})),
        (status = 503, response = problems::ServiceUnavailable)
    )
)]
#[get("/readyz")]
pub async fn readyz(pool: web::Data<DbPool>) -> Result<HttpResponse, ApiError> {
    with_db(&pool, |conn| {
        db::ping(conn).map_err(|e| {
            ApiError::Unavailable(anyhow::Error::new(e).context("pinging the database"))
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({"status": "ready"})))
}
