use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use shared::api::ManagedEvent;
use shared::domain::EventId;

use super::private;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{id_in_path, problems, with_db};
use crate::services::events;

/// Cancels one of the group's events. One that was published stays listed, marked cancelled
/// (`STATUS:CANCELLED` in the calendar feed), until it would have ended.
///
/// Problems: `401` no valid owner token; `404` the group has no such event; `409` it was
/// cancelled or rejected already, or has ended.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    params(("id" = String, Path, description = "The event's UUID")),
    responses(
        (status = 200, description = "Cancelled", body = ManagedEvent),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/owner/events/{id}/cancel")]
pub async fn cancel_event(
    pool: web::Data<DbPool>,
    owner: Owner,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: EventId = id_in_path(&id, "event")?;
    let cancelled = with_db(&pool, move |conn| {
        events::cancel(conn, owner.organization_id, id)
    })
    .await?;
    Ok(private(StatusCode::OK, &cancelled))
}
