use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use shared::api::ManagedCallToAction;
use shared::domain::CallToActionId;

use super::private;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{id_in_path, problems, with_db};
use crate::services::calls_to_action;
use crate::site::ReferenceCache;

/// Withdraws one of the organisation's calls to action: it leaves the spotlight, the
/// organisation's page and the API at once.
///
/// Problems: `401` no valid owner token; `404` it has no such call to action; `409` it was
/// withdrawn already.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    params(("id" = String, Path, description = "The call to action's UUID")),
    responses(
        (status = 200, description = "Withdrawn", body = ManagedCallToAction),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/owner/calls-to-action/{id}/withdraw")]
pub async fn withdraw_call_to_action(
    pool: web::Data<DbPool>,
    pages: web::Data<ReferenceCache>,
    owner: Owner,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: CallToActionId = id_in_path(&id, "call to action")?;
    let withdrawn = with_db(&pool, move |conn| {
        calls_to_action::withdraw(conn, None, Some(owner.organization_id), id)
    })
    .await?;
    pages.expire();
    Ok(private(StatusCode::OK, &withdrawn))
}
