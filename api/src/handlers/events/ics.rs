use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::EventQuery;
use shared::domain::PageSize;

use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable;
use crate::index::PublicIndex;
use crate::services::events;

/// The public events of `GET /api/v1/events` with the same filters (`organization=` one
/// entry's events, as organiser or co-organiser; `event=` one event, for "add to calendar"),
/// as an iCalendar feed (RFC 5545) to subscribe to in a calendar app. Up to 500 events (`limit`), by start time. Each event keeps its UID
/// across fetches; times are UTC; a cancelled event is listed with `STATUS:CANCELLED` until it
/// would have ended.
///
/// Problems: `400` a filter is invalid (each bad field named).
#[utoipa::path(
    tag = "events",
    params(EventQuery),
    responses(
        (status = 200, description = "An iCalendar document", body = String, content_type = "text/calendar"),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/events.ics")]
pub async fn events_ics(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    settings: web::Data<JoinSettings>,
    query: web::Query<EventQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut query = query.into_inner();
    // A feed holds every matching event a page can: the largest page unless asked otherwise.
    if query.limit.as_deref().is_none_or(|l| l.trim().is_empty()) {
        query.limit = Some(PageSize::MAX.to_string());
    }
    let (items, _) = super::public_events(&pool, &index, &query).await?;
    let body = events::calendar(&items, &settings.public_url);
    Ok(cacheable(
        &req,
        "text/calendar; charset=utf-8",
        body.into_bytes(),
    ))
}
