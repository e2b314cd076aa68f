use actix_web::{HttpResponse, post, web};
use shared::api::{OrganizationDraft, OwnerEntry};

use super::{Owner, act_then_show};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::Json;

/// Proposes a new version of the entry. A published entry stays as it is until a moderator
/// approves the update; an entry still under review is replaced.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    request_body = OrganizationDraft,
    responses(
        (status = 200, description = "Held for review", body = OwnerEntry),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[post("/api/v1/owner/entry/update")]
pub async fn propose_update(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    owner: Owner,
    draft: Json<OrganizationDraft>,
) -> Result<HttpResponse, ApiError> {
    let draft = draft.into_inner();
    let valid = draft.validate().map_err(ApiError::Invalid)?;
    act_then_show(&pool, &settings, owner, move |conn, id, _| {
        crate::services::owner::propose_update(conn, id, &valid, &draft)
    })
    .await
}
