use actix_web::{HttpRequest, HttpResponse, get, web};
use atom_syndication::{Entry, Feed, Link, Text};
use shared::api::EventQuery;
use shared::domain::PageSize;

use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable;
use crate::index::PublicIndex;

/// The 50 public events (of those `GET /api/v1/events` gives for the same filters) changed
/// most recently, newest first, as an Atom feed (RFC 4287): a feed reader learns of each new
/// event once a moderator has approved it, and of a cancellation. An entry keeps its id across
/// fetches; its link is the event's page on the map, and the group's own link for it is
/// `related`.
///
/// Problems: `400` a filter is invalid (each bad field named).
#[utoipa::path(
    tag = "events",
    params(EventQuery),
    responses(
        (status = 200, description = "An Atom feed", body = String, content_type = "application/atom+xml"),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/events.atom")]
pub async fn events_atom(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    settings: web::Data<JoinSettings>,
    query: web::Query<EventQuery>,
) -> Result<HttpResponse, ApiError> {
    const ENTRIES: usize = 50;
    let mut query = query.into_inner();
    // The newest changes among every matching event a page can hold, not the first by date.
    query.limit = Some(PageSize::MAX.to_string());
    let (mut items, _) = super::public_events(&pool, &index, &query).await?;
    items.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.slug.cmp(&b.slug)));
    items.truncate(ENTRIES);
    let base = &settings.public_url;
    let mut feed = Feed::default();
    feed.set_title("International Solidarity Map: events");
    feed.set_id(format!("{base}/api/v1/events.atom"));
    feed.set_updated(
        items
            .first()
            .map_or_else(chrono::DateTime::default, |e| e.updated_at)
            .fixed_offset(),
    );
    let mut own = Link::default();
    own.set_href(format!("{base}{}", req.uri()));
    own.set_rel("self");
    feed.set_links(vec![own]);
    feed.set_entries(
        items
            .iter()
            .map(|event| {
                let mut entry = Entry::default();
                let place = event
                    .place
                    .as_ref()
                    .map_or_else(String::new, |p| format!(", {} ({})", p.city, p.country));
                entry.set_title(format!(
                    "{}: {}, {}{place}",
                    event.title,
                    event.organizer.name,
                    event.starts_at.format("%Y-%m-%d %H:%M UTC"),
                ));
                entry.set_id(format!("urn:uuid:{}", event.id));
                entry.set_updated(event.updated_at.fixed_offset());
                let mut page = Link::default();
                page.set_href(format!("{base}/events/{}", event.slug));
                let mut links = vec![page];
                if let Some(own) = &event.link {
                    let mut related = Link::default();
                    related.set_href(own.clone());
                    related.set_rel("related");
                    links.push(related);
                }
                entry.set_links(links);
                entry.set_summary(Some(Text::plain(event.description.clone())));
                entry
            })
            .collect::<Vec<_>>(),
    );
    Ok(cacheable(
        &req,
        "application/atom+xml; charset=utf-8",
        feed.to_string().into_bytes(),
    ))
}
