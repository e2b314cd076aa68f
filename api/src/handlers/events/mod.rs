//! `/api/v1/events`: public events (issue #19) as JSON, as an iCalendar feed and as an Atom
//! feed.

pub mod atom;
pub mod get;
pub mod ics;
pub mod list;

use actix_web::web;
use shared::api::{Event, EventQuery};
use shared::domain::EventCursor;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::{current_snapshot, with_db};
use crate::index::PublicIndex;
use crate::services::events;

/// What the list and both feeds share: the query checked (each bad field named, categories
/// against the index), then one page of public events and the next page's cursor.
async fn public_events(
    pool: &web::Data<DbPool>,
    index: &web::Data<PublicIndex>,
    query: &EventQuery,
) -> Result<(Vec<Event>, Option<EventCursor>), ApiError> {
    let filter = query.parse().map_err(ApiError::Invalid)?;
    let snapshot = current_snapshot(pool, index).await?;
    let unknown = events::unknown_categories(&snapshot, &filter);
    if !unknown.is_empty() {
        return Err(ApiError::Invalid(unknown));
    }
    let twins = match filter.partnership {
        Some(id) => with_db(pool, move |conn| events::twinned(conn, id)).await?,
        None => None,
    };
    Ok(events::public_page(
        &index.events(),
        &snapshot,
        &filter,
        twins,
        events::public_now(),
    ))
}
