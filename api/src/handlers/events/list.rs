use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{EventPage, EventQuery};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::{current_snapshot, problems};
use crate::http::{Prepared, PreparedAnswers};
use crate::index::{EventIndex, PublicIndex};

/// The event lists answered from the current index of events, by query and minute: the map's
/// events layer asks for the same views again and again, and compressing a page of 50 events
/// (about 40 KB) on every request cost more than finding them (BENCHMARKS.md, "Events in a
/// view").
pub type PreparedEvents = PreparedAnswers<EventIndex, 512>;

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
    prepared: web::Data<PreparedEvents>,
) -> Result<HttpResponse, ApiError> {
    // The index checked first, so that the events are those of the current data.
    current_snapshot(&pool, &index).await?;
    let events = index.events();
    // An event leaves the answers within a minute of its end.
    let key = format!(
        "{}|{}",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M"),
        req.query_string()
    );
    if let Some(answer) = prepared.get(&events, &key) {
        return Ok(answer.respond(&req));
    }
    let (items, next) = super::public_events(&pool, &index, &query).await?;
    let page = EventPage {
        items,
        next_cursor: next.map(|c| c.to_string()),
    };
    let body = serde_json::to_vec(&page).map_err(anyhow::Error::from)?;
    // Quality 5, as for clusters: a panned view may never be asked again (Prepared::compressed_at).
    let answer = std::sync::Arc::new(Prepared::compressed_at("application/json", body, 5));
    prepared.keep(&events, key, answer.clone());
    Ok(answer.respond(&req))
}
