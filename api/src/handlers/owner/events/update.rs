use actix_web::http::StatusCode;
use actix_web::{HttpResponse, put, web};
use shared::api::{EventDraft, ManagedEvent};
use shared::domain::EventId;

use super::private;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{current_snapshot, id_in_path, problems, with_db};
use crate::http::json_body;
use crate::index::PublicIndex;
use crate::services::events;

/// Replaces the details of one of the group's events. The event is held for review again: a
/// published one leaves the public lists until a moderator approves the new version.
///
/// Problems: `400` a field breaks a rule (each named); `401` no valid owner token; `404` the
/// group has no such event; `409` the event was cancelled or has ended.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    params(("id" = String, Path, description = "The event's UUID")),
    request_body = EventDraft,
    responses(
        (status = 200, description = "Held for review", body = ManagedEvent),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[put("/api/v1/owner/events/{id}")]
pub async fn update_event(
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    owner: Owner,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id: EventId = id_in_path(&id, "event")?;
    let draft = json_body::<EventDraft>(&body)?;
    let valid = draft
        .validate(chrono::Utc::now())
        .map_err(ApiError::Invalid)?;
    let snapshot = current_snapshot(&pool, &index).await?;
    let co_organizers = events::co_organizer_ids(&snapshot, owner.organization_id, &valid)?;
    let updated = with_db(&pool, move |conn| {
        events::update(conn, owner.organization_id, id, &valid, &co_organizers)
    })
    .await?;
    Ok(private(StatusCode::OK, &updated))
}
