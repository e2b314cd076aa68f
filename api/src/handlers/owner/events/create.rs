use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use shared::api::{EventDraft, ManagedEvent};

use super::private;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{current_snapshot, problems, with_db};
use crate::http::json_body;
use crate::index::PublicIndex;
use crate::services::events;

/// Posts an event of the group, held for review: it is public once a moderator approves it,
/// until it ends, while the group's entry is public. Co-organisers are other entries on the
/// map, by slug. By default only a point about 1 km from the place is stored (`exact_place`
/// keeps the exact one). Nothing about who attends is asked or kept.
///
/// Problems: `400` a field breaks a rule (each named); `401` no valid owner token; `409` the
/// entry is not on the map (pending, rejected or archived).
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    request_body = EventDraft,
    responses(
        (status = 201, description = "Held for review", body = ManagedEvent),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/owner/events")]
pub async fn create_event(
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    owner: Owner,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let draft = json_body::<EventDraft>(&body)?;
    let valid = draft
        .validate(chrono::Utc::now())
        .map_err(ApiError::Invalid)?;
    let snapshot = current_snapshot(&pool, &index).await?;
    let co_organizers = events::co_organizer_ids(&snapshot, owner.organization_id, &valid)?;
    let created = with_db(&pool, move |conn| {
        events::create(
            conn,
            owner.organization_id,
            owner.status,
            &valid,
            &co_organizers,
        )
    })
    .await?;
    Ok(private(StatusCode::CREATED, &created))
}
