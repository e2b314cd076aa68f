use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use shared::api::{CallToActionDraft, ManagedCallToAction};

use super::private;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{problems, with_db};
use crate::http::json_body;
use crate::services::calls_to_action;
use crate::site::ReferenceCache;

/// Publishes a call to action of a Jerusalem grassroots organisation: what is asked, by when,
/// how to help and a link. It is public at once (Jerusalem partners are curated) until its day
/// has passed, while the organisation is on the map, and the groups twinned with it hear of it
/// in their next daily digest.
///
/// Problems: `400` a field breaks a rule (each named); `401` no valid owner token; `403` the
/// entry is not a Jerusalem grassroots organisation; `409` the entry is not on the map.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    request_body = CallToActionDraft,
    responses(
        (status = 201, description = "Published", body = ManagedCallToAction),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/owner/calls-to-action")]
pub async fn create_call_to_action(
    pool: web::Data<DbPool>,
    pages: web::Data<ReferenceCache>,
    owner: Owner,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let draft = json_body::<CallToActionDraft>(&body)?;
    let valid = draft
        .validate(chrono::Utc::now().date_naive())
        .map_err(ApiError::Invalid)?;
    let created = with_db(&pool, move |conn| {
        calls_to_action::create(conn, None, owner.organization_id, &valid)
    })
    .await?;
    pages.expire();
    Ok(private(StatusCode::CREATED, &created))
}
