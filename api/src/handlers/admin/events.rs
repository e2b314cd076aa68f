//! `/api/v1/admin/events`: the moderators' review of events (issue #19). A moderator limited
//! to some countries sees and decides the events of organisers in those countries only.

use actix_web::{HttpResponse, get, post, web};
use shared::api::admin::RejectRequest;
use shared::api::{EventReviewQuery, ManagedEvent};
use shared::domain::{EventId, EventStatus};

use super::private_json;
use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use crate::services::{events, moderation};

/// Events by state: `pending` (the default: those waiting for review, oldest first),
/// `published`, `rejected`, `cancelled` (by start time) or `all`. At most 500.
///
/// Problems: `400` unknown `state`.
#[utoipa::path(
    operation_id = "list_events_for_review",
    tag = "admin",
    security(("bearer" = [])),
    params(EventReviewQuery),
    responses(
        (status = 200, description = "Events", body = Vec<ManagedEvent>),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/events")]
pub async fn list(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    query: web::Query<EventReviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = query.status().map_err(ApiError::Invalid)?;
    let items = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        events::review_list(conn, status, &scope)
    })
    .await?;
    Ok(private_json(&items))
}

/// Approves a pending event: it is public until it ends, while its organiser is on the map.
///
/// Problems: `403` the organiser is outside the countries the moderator is limited to; `409`
/// the event is not pending.
#[utoipa::path(
    operation_id = "approve_event",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The event's UUID")),
    responses(
        (status = 200, description = "Published", body = ManagedEvent),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/events/{id}/approve")]
pub async fn approve(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: EventId = id_in_path(&id, "event")?;
    let decided = with_db(&pool, move |conn| {
        let organizer = events::organizer_of(conn, id)?;
        moderation::require_entry(conn, user.id, organizer)?;
        events::decide(conn, &user, id, EventStatus::Published, None)
    })
    .await?;
    Ok(private_json(&decided))
}

/// Rejects a pending event with a reason, which its organiser sees with the event.
///
/// Problems: `400` no reason given; `403` the organiser is outside the countries the moderator
/// is limited to; `409` the event is not pending.
#[utoipa::path(
    operation_id = "reject_event",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The event's UUID")),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected", body = ManagedEvent),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/events/{id}/reject")]
pub async fn reject(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let reason = json_body::<RejectRequest>(&body)?
        .validate()
        .map_err(ApiError::Invalid)?;
    let id: EventId = id_in_path(&id, "event")?;
    let decided = with_db(&pool, move |conn| {
        let organizer = events::organizer_of(conn, id)?;
        moderation::require_entry(conn, user.id, organizer)?;
        events::decide(conn, &user, id, EventStatus::Rejected, Some(&reason))
    })
    .await?;
    Ok(private_json(&decided))
}
