//! `/api/v1/admin/events`: the moderators' review of events, and the events they post, edit
//! and cancel for any group (issue #19). A moderator limited to some countries sees and acts
//! on the events of organisers in those countries only. Every change is audited.

use actix_web::{HttpResponse, get, post, put, web};
use shared::api::admin::RejectRequest;
use shared::api::{AdminEventRequest, EventDraft, EventReviewQuery, ManagedEvent};
use shared::domain::{EventId, EventStatus, FieldError};

use super::private_json;
use crate::auth::extract::Moderator;
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{current_snapshot, id_in_path, with_db};
use crate::http::json_body;
use crate::index::PublicIndex;
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
/// The group is told by e-mail, in its language, with the link to the event's page.
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
    settings: web::Data<JoinSettings>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: EventId = id_in_path(&id, "event")?;
    let settings = settings.into_inner();
    let decided = with_db(&pool, move |conn| {
        let organizer = events::organizer_of(conn, id)?;
        moderation::require_entry(conn, user.id, organizer)?;
        events::decide(conn, &settings, &user, id, EventStatus::Published, None)
    })
    .await?;
    Ok(private_json(&decided))
}

/// Rejects a pending event with a reason, which its organiser sees with the event and
/// receives by e-mail, in its language, with the link to its owner page.
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
    settings: web::Data<JoinSettings>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let reason = json_body::<RejectRequest>(&body)?
        .validate()
        .map_err(ApiError::Invalid)?;
    let id: EventId = id_in_path(&id, "event")?;
    let settings = settings.into_inner();
    let decided = with_db(&pool, move |conn| {
        let organizer = events::organizer_of(conn, id)?;
        moderation::require_entry(conn, user.id, organizer)?;
        events::decide(
            conn,
            &settings,
            &user,
            id,
            EventStatus::Rejected,
            Some(&reason),
        )
    })
    .await?;
    Ok(private_json(&decided))
}

/// Posts an event for any group on the map; a moderator's event is published at once.
///
/// The organiser is named by UUID or slug; the event's fields are a group's `EventDraft`. The
/// event needs no review because the review events wait for is a moderator's, and a moderator
/// wrote this one. It is public while its organiser is, like any event; the audit log records
/// who posted it (`event.create`, with the status it got). The group gets no e-mail (there is
/// no decision to tell it of); it sees the event with its own.
///
/// Problems: `400` a field breaks a rule, or no entry has this UUID or slug (each named);
/// `403` the organiser is outside the countries the moderator is limited to; `409` the
/// organiser is not on the map (pending, rejected or archived).
#[utoipa::path(
    operation_id = "create_event_for_group",
    tag = "admin",
    security(("bearer" = [])),
    request_body = AdminEventRequest,
    responses(
        (status = 201, description = "Published", body = ManagedEvent),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/events")]
pub async fn create(
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    Moderator(user): Moderator,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = json_body::<AdminEventRequest>(&body)?;
    let checked = request.validate(chrono::Utc::now());
    let key = request.organizer.trim().to_owned();
    let found = if key.is_empty() {
        None
    } else {
        let key = key.clone();
        with_db(&pool, move |conn| events::organizer_by_key(conn, &key)).await?
    };
    let unknown = (!key.is_empty() && found.is_none()).then(|| {
        FieldError::new(
            "organizer",
            "unknown_entry",
            "no entry has this UUID or slug",
        )
    });
    let (valid, (organizer, status)) = match (checked, found, unknown) {
        (Ok(valid), Some(found), None) => (valid, found),
        (Err(mut errors), _, Some(unknown)) => {
            errors.insert(0, unknown);
            return Err(ApiError::Invalid(errors));
        }
        (Err(errors), _, None) => return Err(ApiError::Invalid(errors)),
        (Ok(_), _, unknown) => return Err(ApiError::Invalid(unknown.into_iter().collect())),
    };
    let snapshot = current_snapshot(&pool, &index).await?;
    let co_organizers = events::co_organizer_ids(&snapshot, organizer, &valid)?;
    let created = with_db(&pool, move |conn| {
        moderation::require_entry(conn, user.id, organizer)?;
        events::create_for(conn, &user, organizer, status, &valid, &co_organizers)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(created))
}

/// Replaces the details of any group's event; its status stays.
///
/// A pending event still waits for a decision (approving it is what tells the group), a
/// published one stays public: a moderator's edit needs no review. Audited with the details
/// before and after.
///
/// Problems: `400` a field breaks a rule (each named); `403` the organiser is outside the
/// countries the moderator is limited to; `404` no such event; `409` the event was cancelled
/// or has ended.
#[utoipa::path(
    operation_id = "update_event_for_group",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The event's UUID")),
    request_body = EventDraft,
    responses(
        (status = 200, description = "Updated", body = ManagedEvent),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[put("/api/v1/admin/events/{id}")]
pub async fn update(
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id: EventId = id_in_path(&id, "event")?;
    let draft = json_body::<EventDraft>(&body)?;
    let valid = draft
        .validate(chrono::Utc::now())
        .map_err(ApiError::Invalid)?;
    let organizer = with_db(&pool, move |conn| {
        let organizer = events::organizer_of(conn, id)?;
        moderation::require_entry(conn, user.id, organizer)?;
        Ok(organizer)
    })
    .await?;
    let snapshot = current_snapshot(&pool, &index).await?;
    let co_organizers = events::co_organizer_ids(&snapshot, organizer, &valid)?;
    let updated = with_db(&pool, move |conn| {
        events::update_for(conn, &user, id, &valid, &co_organizers)
    })
    .await?;
    Ok(private_json(&updated))
}

/// Cancels any group's event, as its organiser may: one that was published stays listed,
/// marked cancelled, until it would have ended. Audited.
///
/// Problems: `403` the organiser is outside the countries the moderator is limited to; `404`
/// no such event; `409` it was cancelled or rejected already, or has ended.
#[utoipa::path(
    operation_id = "cancel_event_for_group",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The event's UUID")),
    responses(
        (status = 200, description = "Cancelled", body = ManagedEvent),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/events/{id}/cancel")]
pub async fn cancel(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: EventId = id_in_path(&id, "event")?;
    let cancelled = with_db(&pool, move |conn| {
        let organizer = events::organizer_of(conn, id)?;
        moderation::require_entry(conn, user.id, organizer)?;
        events::cancel_for(conn, &user, id)
    })
    .await?;
    Ok(private_json(&cancelled))
}
