use actix_web::{HttpResponse, post, web};
use shared::api::{OwnerEntry, Problem};

use super::{Owner, act_then_show};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;

/// "Still active": restarts the consent period; an entry hidden because it ran out comes back
/// (held instead while a crisis covers it).
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    responses(
        (status = 200, description = "Confirmed", body = OwnerEntry),
        (status = 401, description = "No valid owner token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Hidden for want of confirmation and waiting to be deleted (`deletion_requested`)", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/owner/entry/confirm")]
pub async fn confirm_entry(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    act_then_show(&pool, &settings, owner, |conn, id, _| {
        crate::services::owner::confirm(conn, id)
    })
    .await
}
