use actix_web::{HttpResponse, post, web};
use shared::api::{HideRequest, OwnerEntry, Problem};

use super::{Owner, act_then_show};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::Json;

/// Hides the entry from every public page and endpoint at once, until the owner shows it again
/// or until the date given.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    request_body = HideRequest,
    responses(
        (status = 200, description = "Hidden", body = OwnerEntry),
        (status = 400, description = "The date is not in the future", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid owner token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The entry is not published", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/owner/entry/hide")]
pub async fn hide_entry(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    owner: Owner,
    request: Json<HideRequest>,
) -> Result<HttpResponse, ApiError> {
    let until = request
        .validate(chrono::Utc::now())
        .map_err(ApiError::Invalid)?
        .map(|t| t.naive_utc());
    act_then_show(&pool, &settings, owner, move |conn, id, _| {
        crate::services::owner::hide(conn, id, until)
    })
    .await
}
