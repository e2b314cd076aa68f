use actix_web::{HttpResponse, post, web};
use shared::api::OwnerEntry;

use super::{Owner, act_then_show};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;

/// "Still active": restarts the consent period; an entry hidden because it ran out comes back
/// (held instead while a crisis covers it).
///
/// Problems: `409` hidden for want of confirmation and waiting to be deleted
/// (`deletion_requested`).
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    responses(
        (status = 200, description = "Confirmed", body = OwnerEntry),
        (status = 401, response = problems::Unauthorized),
        (status = 409, response = problems::Conflict)
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
