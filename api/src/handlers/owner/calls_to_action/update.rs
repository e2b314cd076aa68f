use actix_web::http::StatusCode;
use actix_web::{HttpResponse, put, web};
use shared::api::{CallToActionDraft, ManagedCallToAction};
use shared::domain::CallToActionId;

use super::private;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{id_in_path, problems, with_db};
use crate::http::json_body;
use crate::services::calls_to_action;
use crate::site::ReferenceCache;

/// Replaces the words, day and link of one of the organisation's calls to action (public at
/// once).
///
/// Problems: `400` a field breaks a rule (each named); `401` no valid owner token; `403` the
/// entry is not a Jerusalem grassroots organisation; `404` it has no such call to action; `409`
/// it was withdrawn.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    params(("id" = String, Path, description = "The call to action's UUID")),
    request_body = CallToActionDraft,
    responses(
        (status = 200, description = "Updated", body = ManagedCallToAction),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[put("/api/v1/owner/calls-to-action/{id}")]
pub async fn update_call_to_action(
    pool: web::Data<DbPool>,
    pages: web::Data<ReferenceCache>,
    owner: Owner,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id: CallToActionId = id_in_path(&id, "call to action")?;
    let draft = json_body::<CallToActionDraft>(&body)?;
    let valid = draft
        .validate(chrono::Utc::now().date_naive())
        .map_err(ApiError::Invalid)?;
    let updated = with_db(&pool, move |conn| {
        calls_to_action::update(conn, None, Some(owner.organization_id), id, &valid)
    })
    .await?;
    pages.expire();
    Ok(private(StatusCode::OK, &updated))
}
