use actix_web::{HttpResponse, post, web};
use shared::api::OwnerEntry;

use super::{Owner, act_then_show};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;

/// Shows again an entry its owner hid (or that was hidden because nobody confirmed it). Refused
/// while a crisis covers it (`held_by_crisis`) or after a deletion request (`deletion_requested`).
///
/// Problems: `409` not hidden by its owner (`conflict`), waiting to be deleted
/// (`deletion_requested`), or covered by a crisis (`held_by_crisis`).
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    responses(
        (status = 200, description = "Public again", body = OwnerEntry),
        (status = 401, response = problems::Unauthorized),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/owner/entry/show")]
pub async fn show_entry(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    act_then_show(&pool, &settings, owner, |conn, id, _| {
        crate::services::owner::show(conn, id)
    })
    .await
}
