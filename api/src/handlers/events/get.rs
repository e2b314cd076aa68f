use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::Event;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::{current_snapshot, problems, with_db};
use crate::http::cacheable_json;
use crate::index::PublicIndex;
use crate::services::events;

/// One public event, by id (UUID) or slug.
///
/// Problems: `404` no public event has this id or slug (never published, ended, or its
/// organiser is not on the map now).
#[utoipa::path(
    tag = "events",
    params(("id_or_slug" = String, Path, description = "The event's UUID or its slug")),
    responses(
        (status = 200, description = "The event", body = Event),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 404, response = problems::NotFound)
    )
)]
#[get("/api/v1/events/{id_or_slug}")]
pub async fn get_event(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    id_or_slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = id_or_slug.into_inner();
    if key.len() > 200 {
        return Err(ApiError::NotFound("event".to_owned()));
    }
    let snapshot = current_snapshot(&pool, &index).await?;
    let event = with_db(&pool, move |conn| {
        events::public_one(conn, &snapshot, &key, events::public_now())
    })
    .await?;
    cacheable_json(&req, &event)
}
