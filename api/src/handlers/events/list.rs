use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{EventPage, EventQuery};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable_json;
use crate::index::PublicIndex;

/// Public events that have not ended, by start time, one page at a time: published ones, and
/// cancelled ones (marked so) that had been published. An event is listed only while its
/// organiser is on the map: an entry hidden by its owner, a crisis or a lapsed consent takes
/// its events with it.
///
/// Problems: `400` a filter is invalid (each bad field named).
#[utoipa::path(
    tag = "events",
    params(EventQuery),
    responses(
        (status = 200, description = "One page of events", body = EventPage),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/events")]
pub async fn list_events(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    query: web::Query<EventQuery>,
) -> Result<HttpResponse, ApiError> {
    let (items, next) = super::public_events(&pool, &index, &query).await?;
    let page = EventPage {
        items,
        next_cursor: next.map(|c| c.to_string()),
    };
    cacheable_json(&req, &page)
}
