//! The `events` and `event_co_organizers` tables (migration 000020): events that listed groups
//! organise (issue #19). Rows hold public fields only, and the moderator's reason for a
//! rejection; nothing about attendees exists.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::ValidEvent;
use shared::domain::{EventId, EventKind, EventStatus, OrganizationId, Precision};

use crate::db::models::{json_list, to_json_list};
use crate::db::schema::{event_co_organizers, events};
use crate::db::{AnyConnection, MultiBackend};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: EventId,
    pub slug: String,
    pub organization_id: OrganizationId,
    pub title: String,
    pub description: String,
    pub link: Option<String>,
    pub kind: EventKind,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub online: bool,
    pub city: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub precision: Option<Precision>,
    pub languages: String,
    pub status: EventStatus,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

impl EventRow {
    pub fn languages(&self) -> Vec<String> {
        json_list(&self.languages)
    }

    /// Whether the public may see it at `now`, as far as the event itself goes (its organiser
    /// must be public too): published, or cancelled after it was published, and not ended.
    pub fn is_public_at(&self, now: NaiveDateTime) -> bool {
        let listed = match self.status {
            EventStatus::Published => true,
            EventStatus::Cancelled => self.published_at.is_some(),
            EventStatus::Pending | EventStatus::Rejected => false,
        };
        listed && self.ends_at > now
    }
}

/// The columns an event's draft sets, as one tuple that both the insert and the update write.
macro_rules! draft_columns {
    ($valid:expr) => {{
        let valid: &ValidEvent = $valid;
        let place = valid.place.as_ref();
        (
            events::title.eq(valid.title.clone()),
            events::description.eq(valid.description.clone()),
            events::link.eq(valid.link.clone()),
            events::kind.eq(valid.kind),
            events::starts_at.eq(valid.starts_at.naive_utc()),
            events::ends_at.eq(valid.ends_at.naive_utc()),
            events::time_zone.eq(valid.time_zone.as_str()),
            events::online.eq(place.is_none()),
            events::city.eq(place.map(|p| p.city.clone())),
            events::country.eq(place.map(|p| p.country.to_string())),
            events::latitude.eq(place.map(|p| p.latitude.value())),
            events::longitude.eq(place.map(|p| p.longitude.value())),
            events::precision.eq(place.map(|p| p.precision)),
            events::languages.eq(to_json_list(&valid.languages)),
        )
    }};
}

/// Stores a new event, held for review.
pub fn insert(
    conn: &mut AnyConnection,
    id: EventId,
    slug: &str,
    organization_id: OrganizationId,
    valid: &ValidEvent,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(events::table)
        .values((
            (
                events::id.eq(id),
                events::slug.eq(slug),
                events::organization_id.eq(organization_id),
                events::status.eq(EventStatus::Pending),
                events::created_at.eq(now),
                events::updated_at.eq(now),
            ),
            draft_columns!(valid),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Replaces an event's fields with a new draft; it is held for review again.
pub fn update_draft(
    conn: &mut AnyConnection,
    id: EventId,
    valid: &ValidEvent,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(events::table.find(id))
        .set((
            draft_columns!(valid),
            (
                events::status.eq(EventStatus::Pending),
                events::reason.eq(None::<String>),
                events::updated_at.eq(now),
            ),
        ))
        .execute(conn)?;
    // A published event leaves the public index until it is approved again.
    super::mark_changed(conn)
}

/// Replaces an event's fields with a moderator's version; its status stays.
pub fn update_details(
    conn: &mut AnyConnection,
    id: EventId,
    valid: &ValidEvent,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(events::table.find(id))
        .set((draft_columns!(valid), events::updated_at.eq(now)))
        .execute(conn)?;
    // A published event's new details reach every server's public index.
    super::mark_changed(conn)
}

/// Sets an event's status (and the rejection reason, cleared otherwise); the first approval
/// stamps `published_at`.
pub fn set_status(
    conn: &mut AnyConnection,
    id: EventId,
    status: EventStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(events::table.find(id))
        .set((
            events::status.eq(status),
            events::reason.eq(reason),
            events::updated_at.eq(now),
        ))
        .execute(conn)?;
    if status == EventStatus::Published {
        diesel::update(
            events::table
                .find(id)
                .filter(events::published_at.is_null()),
        )
        .set(events::published_at.eq(Some(now)))
        .execute(conn)?;
    }
    // Every server's public index of events reads the table again.
    super::mark_changed(conn)
}

/// Names the event's co-organisers (replacing any named before).
pub fn set_co_organizers(
    conn: &mut AnyConnection,
    id: EventId,
    organizations: &[OrganizationId],
) -> QueryResult<()> {
    diesel::delete(event_co_organizers::table.filter(event_co_organizers::event_id.eq(id)))
        .execute(conn)?;
    for organization in organizations {
        diesel::insert_into(event_co_organizers::table)
            .values((
                event_co_organizers::event_id.eq(id),
                event_co_organizers::organization_id.eq(*organization),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The co-organisers of each event, in the order of `ids`.
pub fn co_organizers(
    conn: &mut AnyConnection,
    ids: &[EventId],
) -> QueryResult<Vec<(EventId, OrganizationId)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    event_co_organizers::table
        .filter(event_co_organizers::event_id.eq_any(ids))
        .select((
            event_co_organizers::event_id,
            event_co_organizers::organization_id,
        ))
        .order((
            event_co_organizers::event_id,
            event_co_organizers::organization_id,
        ))
        .load(conn)
}

pub fn find(conn: &mut AnyConnection, id: EventId) -> QueryResult<EventRow> {
    events::table
        .find(id)
        .select(EventRow::as_select())
        .first(conn)
}

/// By id (UUID text) or slug.
pub fn find_by_key(conn: &mut AnyConnection, id_or_slug: &str) -> QueryResult<Option<EventRow>> {
    let query = events::table.select(EventRow::as_select());
    match id_or_slug.parse::<EventId>() {
        Ok(id) => query.filter(events::id.eq(id)).first(conn).optional(),
        Err(_) => query
            .filter(events::slug.eq(id_or_slug))
            .first(conn)
            .optional(),
    }
}

/// Events whose slug is one of `slugs` (for finding a free one).
pub fn taken_slugs(conn: &mut AnyConnection, slugs: &[&str]) -> QueryResult<Vec<String>> {
    events::table
        .filter(events::slug.eq_any(slugs))
        .select(events::slug)
        .load(conn)
}

/// Every slug that is `base` or `base-…`.
pub fn slugs_like(conn: &mut AnyConnection, base: &str) -> QueryResult<Vec<String>> {
    events::table
        .filter(
            events::slug
                .eq(base)
                .or(events::slug.like(format!("{base}-%"))),
        )
        .select(events::slug)
        .load(conn)
}

type BoxedEvents<'a> = diesel::dsl::IntoBoxed<'a, events::table, MultiBackend>;

/// Every event public at `now` as far as its own columns go (see [`EventRow::is_public_at`]),
/// by start time then slug: what the public index of events holds. Whether its organiser is
/// public, and the filters, are applied by the index's reader.
pub fn listed_at(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<Vec<EventRow>> {
    events::table
        .filter(
            events::status.eq(EventStatus::Published).or(events::status
                .eq(EventStatus::Cancelled)
                .and(events::published_at.is_not_null())),
        )
        .filter(events::ends_at.gt(now))
        .order((events::starts_at.asc(), events::slug.asc()))
        .select(EventRow::as_select())
        .load(conn)
}

/// Every (event, co-organiser) pair: a few per event, read whole with [`listed_at`].
pub fn all_co_organizers(conn: &mut AnyConnection) -> QueryResult<Vec<(EventId, OrganizationId)>> {
    event_co_organizers::table
        .select((
            event_co_organizers::event_id,
            event_co_organizers::organization_id,
        ))
        .order((
            event_co_organizers::event_id,
            event_co_organizers::organization_id,
        ))
        .load(conn)
}

/// How many events there are and when one last changed: every write to an event (a new one,
/// an edit, a decision, a cancellation) moves the latter, and a deletion (with its organiser)
/// the former, so an unchanged pair means the public index of events may be kept.
pub fn stamp(conn: &mut AnyConnection) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    events::table
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(events::updated_at),
        ))
        .first(conn)
}

/// Events with `status` (every status: `None`) whose organiser is in `countries` (every
/// country: `None`), for the moderators: pending ones oldest first, the others by start time.
pub fn for_review(
    conn: &mut AnyConnection,
    status: Option<EventStatus>,
    countries: Option<Vec<String>>,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    use crate::db::schema::organizations;
    let mut query: BoxedEvents<'_> = events::table.into_boxed();
    if let Some(status) = status {
        query = query.filter(events::status.eq(status));
    }
    if let Some(countries) = countries {
        let in_scope = organizations::table
            .filter(organizations::country.eq_any(countries))
            .select(organizations::id);
        query = query.filter(events::organization_id.eq_any(in_scope));
    }
    let query = if status == Some(EventStatus::Pending) {
        query.order((events::created_at.asc(), events::slug.asc()))
    } else {
        query.order((events::starts_at.asc(), events::slug.asc()))
    };
    query.limit(limit).select(EventRow::as_select()).load(conn)
}

/// One organiser's events, every status, by start time (latest first), at most `limit`.
pub fn for_organization(
    conn: &mut AnyConnection,
    organization: OrganizationId,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    events::table
        .filter(events::organization_id.eq(organization))
        .order((events::starts_at.desc(), events::slug.asc()))
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// Events that are or were public by their status (published, or cancelled after being
/// published), ended or not, that `organization` organises or co-organises; latest start first,
/// at most `limit`. Whether each organiser is public now is checked by the caller.
pub fn public_of_organization(
    conn: &mut AnyConnection,
    organization: OrganizationId,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    let co_organised = event_co_organizers::table
        .filter(event_co_organizers::organization_id.eq(organization))
        .select(event_co_organizers::event_id);
    events::table
        .filter(
            events::status.eq(EventStatus::Published).or(events::status
                .eq(EventStatus::Cancelled)
                .and(events::published_at.is_not_null())),
        )
        .filter(
            events::organization_id
                .eq(organization)
                .or(events::id.eq_any(co_organised)),
        )
        .order((events::starts_at.desc(), events::slug.asc()))
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// Short references to the organisations among `ids` whatever their status (for the organiser
/// and the moderators, who see events of entries not public now), keyed by id.
pub fn organization_refs(
    conn: &mut AnyConnection,
    ids: &[OrganizationId],
) -> QueryResult<std::collections::HashMap<OrganizationId, shared::api::OrganizationRef>> {
    use crate::db::schema::organizations;
    let mut refs = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(OrganizationId, String, String, String, String, f64, f64)> =
            organizations::table
                .filter(organizations::id.eq_any(chunk))
                .select((
                    organizations::id,
                    organizations::slug,
                    organizations::name,
                    organizations::city,
                    organizations::country,
                    organizations::latitude,
                    organizations::longitude,
                ))
                .load(conn)?;
        for (id, slug, name, city, country, latitude, longitude) in rows {
            let location = shared::api::GeoPoint {
                latitude,
                longitude,
            };
            let reference = shared::api::OrganizationRef {
                id,
                slug,
                name,
                city,
                country,
                location,
            };
            refs.insert(id, reference);
        }
    }
    Ok(refs)
}

/// The organisation with this UUID or slug, whatever its status, and that status.
pub fn organization_by_key(
    conn: &mut AnyConnection,
    id_or_slug: &str,
) -> QueryResult<Option<(OrganizationId, shared::domain::Status)>> {
    use crate::db::schema::organizations;
    let query = organizations::table.select((organizations::id, organizations::status));
    match id_or_slug.parse::<OrganizationId>() {
        Ok(id) => query
            .filter(organizations::id.eq(id))
            .first(conn)
            .optional(),
        Err(_) => query
            .filter(organizations::slug.eq(id_or_slug))
            .first(conn)
            .optional(),
    }
}

/// An organisation's name (for the e-mails about its events).
pub fn organization_name(conn: &mut AnyConnection, id: OrganizationId) -> QueryResult<String> {
    use crate::db::schema::organizations;
    organizations::table
        .find(id)
        .select(organizations::name)
        .first(conn)
}
