//! Events (issue #19). A listed group posts an event through its owner link; it is held for
//! review (`pending`) until a moderator approves or rejects it, and the group may edit it (held
//! for review again) or cancel it. The public sees an event while it is published — or
//! cancelled after it was published, shown as cancelled — until it ends, and only while its
//! organiser is public: the public index ([`Snapshot`]) holds exactly the organisations the
//! public may see, so whatever hides an entry (its owner, a crisis, a consent lapse, a
//! moderator, a report) hides its events by the same one rule. An active crisis also hides the
//! events whose place it covers, whoever organises them (crisis mode's own rule). Co-organisers
//! that are not public are left out of the public view.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use serde_json::json;
use shared::api::admin::CrisisScope;
use shared::api::{
    Event, EventFilter, EventPlace, GeoPoint, ManagedEvent, OrganizationRef, ValidEvent,
};
use shared::domain::{
    CrisisId, EventCursor, EventId, EventStatus, FieldError, OrganizationId, PartnershipId, Slug,
    Status,
};
use uuid::Uuid;

use super::crisis;
use super::entries::{conflict, contact_address};
use crate::config::JoinSettings;
use crate::db::models::audit::{self, Actor};
use crate::db::models::event::{self, EventRow};
use crate::db::models::{outbox, utc};
use crate::db::{AnyConnection, write_transaction};
use crate::error::ApiError;
use crate::index::{EventIndex, Snapshot};
use crate::mail;
use crate::services::moderation::Scope;

/// The most events one review list holds.
pub const REVIEW_LIST_MAX: i64 = 500;

/// The public reference to an organisation of the index.
fn public_ref(organization: &shared::api::Organization) -> OrganizationRef {
    OrganizationRef {
        id: organization.id,
        slug: organization.slug.clone(),
        name: organization.name.clone(),
        city: organization.city.clone(),
        country: organization.country.clone(),
        location: organization.location,
    }
}

/// The wire form of a row, with its organiser and co-organisers as given.
fn view(row: EventRow, organizer: OrganizationRef, co_organizers: Vec<OrganizationRef>) -> Event {
    let languages = row.languages();
    let place = match (
        row.online,
        row.city,
        row.country,
        row.latitude,
        row.longitude,
        row.precision,
    ) {
        (false, Some(city), Some(country), Some(latitude), Some(longitude), Some(precision)) => {
            Some(EventPlace {
                city,
                country,
                location: GeoPoint {
                    latitude,
                    longitude,
                },
                precision,
            })
        }
        _ => None,
    };
    Event {
        id: row.id,
        slug: row.slug,
        title: row.title,
        description: row.description,
        link: row.link,
        kind: row.kind,
        status: row.status,
        starts_at: utc(row.starts_at),
        ends_at: utc(row.ends_at),
        time_zone: row.time_zone,
        online: row.online,
        place,
        languages,
        organizer,
        co_organizers,
        updated_at: utc(row.updated_at),
    }
}

/// Co-organisers of each of `rows`.
fn co_organizers_of(
    conn: &mut AnyConnection,
    rows: &[EventRow],
) -> Result<HashMap<EventId, Vec<OrganizationId>>, ApiError> {
    let ids: Vec<EventId> = rows.iter().map(|r| r.id).collect();
    let mut out: HashMap<EventId, Vec<OrganizationId>> = HashMap::new();
    for (event, organization) in event::co_organizers(conn, &ids)? {
        out.entry(event).or_default().push(organization);
    }
    Ok(out)
}

/// The public organiser of an event the public may see, as far as who organises it and where it
/// happens go: its organiser is in the public index, and no active crisis covers its place
/// (crisis mode's own rule, [`crisis::covering`], with the event's country and point and its
/// organiser's category). `None`: not public.
fn public_organizer<'s>(
    snapshot: &'s Snapshot,
    crises: &[(CrisisId, CrisisScope)],
    row: &EventRow,
) -> Option<&'s shared::api::Organization> {
    let organizer = snapshot.by_id(row.organization_id)?;
    if let (Some(country), Some(latitude), Some(longitude)) =
        (row.country.as_deref(), row.latitude, row.longitude)
        && crisis::covering(crises, country, &organizer.category, latitude, longitude).is_some()
    {
        return None;
    }
    Some(organizer)
}

/// Public views of `rows` that are public now (see [`public_organizer`]); co-organisers that
/// are not public are left out.
fn public_views(
    conn: &mut AnyConnection,
    snapshot: &Snapshot,
    rows: Vec<EventRow>,
) -> Result<Vec<Event>, ApiError> {
    let crises = crisis::active(conn)?;
    let mut co = co_organizers_of(conn, &rows)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let organizer = public_ref(public_organizer(snapshot, &crises, &row)?);
            let co_organizers = co
                .remove(&row.id)
                .unwrap_or_default()
                .iter()
                .filter_map(|id| snapshot.find(&id.to_string()))
                .map(public_ref)
                .collect();
            Some(view(row, organizer, co_organizers))
        })
        .collect())
}

/// What the organiser and the moderators see of `rows`: any status, with the organiser whatever
/// its status. Co-organisers are those published now: an entry that hid itself after another
/// group named it is not shown to that group.
fn managed_views(
    conn: &mut AnyConnection,
    rows: Vec<EventRow>,
) -> Result<Vec<ManagedEvent>, ApiError> {
    let mut co = co_organizers_of(conn, &rows)?;
    let mut organizers: Vec<OrganizationId> = rows.iter().map(|r| r.organization_id).collect();
    organizers.sort();
    organizers.dedup();
    let refs = event::organization_refs(conn, &organizers)?;
    let mut named: Vec<OrganizationId> = co.values().flatten().copied().collect();
    named.sort();
    named.dedup();
    let co_refs = crate::db::models::reference::published_refs(conn, &named)?;
    rows.into_iter()
        .map(|row| {
            let organizer = refs.get(&row.organization_id).cloned().ok_or_else(|| {
                ApiError::Internal(anyhow::anyhow!(
                    "event {} has no organiser {}",
                    row.id,
                    row.organization_id
                ))
            })?;
            let co_organizers = co
                .remove(&row.id)
                .unwrap_or_default()
                .iter()
                .filter_map(|id| co_refs.get(id).cloned())
                .collect();
            let reason = row.reason.clone();
            let created_at = utc(row.created_at);
            let published_at = row.published_at.map(utc);
            Ok(ManagedEvent {
                event: view(row, organizer, co_organizers),
                reason,
                created_at,
                published_at,
            })
        })
        .collect()
}

fn managed_view(conn: &mut AnyConnection, id: EventId) -> Result<ManagedEvent, ApiError> {
    let row = event::find(conn, id)?;
    managed_views(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::NotFound("event".to_owned()))
}

/// The co-organisers a draft names: entries on the map now, other than the organiser.
pub fn co_organizer_ids(
    snapshot: &Snapshot,
    organizer: OrganizationId,
    valid: &ValidEvent,
) -> Result<Vec<OrganizationId>, ApiError> {
    let mut errors = Vec::new();
    let mut ids = Vec::new();
    for (i, slug) in valid.co_organizers.iter().enumerate() {
        let field = format!("co_organizers[{i}]");
        match snapshot.find(slug.as_str()) {
            None => errors.push(FieldError::new(
                field,
                "unknown_entry",
                "no entry on the map has this slug",
            )),
            Some(other) if other.id == organizer => errors.push(FieldError::new(
                field,
                "same_entry",
                "the organiser is not its own co-organiser",
            )),
            Some(other) => ids.push(other.id),
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// A group may post events while its entry is listed: published, or hidden for now (its events
/// then wait with it).
fn require_listed(status: Status) -> Result<(), ApiError> {
    match status {
        Status::Published | Status::Hidden => Ok(()),
        Status::Pending | Status::Rejected | Status::Archived => Err(conflict(
            "events can be posted once the entry is on the map",
        )),
    }
}

/// Stores a group's new event, held for review.
pub fn create(
    conn: &mut AnyConnection,
    organizer: OrganizationId,
    organizer_status: Status,
    valid: &ValidEvent,
    co_organizers: &[OrganizationId],
) -> Result<ManagedEvent, ApiError> {
    require_listed(organizer_status)?;
    let now = crate::db::models::now();
    let id = EventId::from_uuid(Uuid::new_v4());
    // The title and the day, in the organiser's time zone: `vigil-for-jerusalem-2026-12-10`.
    let day = valid.time_zone.local_date(valid.starts_at);
    let base = Slug::from_text(&format!("{} {day}", valid.title), "event");
    write_transaction(conn, |conn| {
        let slug = super::slugs::free_event_slug(conn, &base)?;
        event::insert(conn, id, slug.as_str(), organizer, valid, now)?;
        event::set_co_organizers(conn, id, co_organizers)?;
        Ok::<_, ApiError>(())
    })?;
    managed_view(conn, id)
}

/// The event `id` if `organizer` organises it; 404 otherwise (another group's event is not
/// theirs to know about).
fn own_event(
    conn: &mut AnyConnection,
    organizer: OrganizationId,
    id: EventId,
) -> Result<EventRow, ApiError> {
    match event::find(conn, id) {
        Ok(row) if row.organization_id == organizer => Ok(row),
        Ok(_) | Err(diesel::result::Error::NotFound) => Err(ApiError::NotFound("event".to_owned())),
        Err(e) => Err(e.into()),
    }
}

/// Replaces an event's details; it is held for review again (a published event leaves the
/// public lists until a moderator approves the new version).
pub fn update(
    conn: &mut AnyConnection,
    organizer: OrganizationId,
    id: EventId,
    valid: &ValidEvent,
    co_organizers: &[OrganizationId],
) -> Result<ManagedEvent, ApiError> {
    let now = crate::db::models::now();
    write_transaction(conn, |conn| {
        let row = own_event(conn, organizer, id)?;
        if row.status == EventStatus::Cancelled {
            return Err(conflict("the event was cancelled"));
        }
        if row.ends_at <= now {
            return Err(conflict("the event has ended"));
        }
        event::update_draft(conn, id, valid, now)?;
        event::set_co_organizers(conn, id, co_organizers)?;
        Ok(())
    })?;
    managed_view(conn, id)
}

/// The organiser cancels an event. One that had been published stays listed, as cancelled,
/// until it ends (so that calendars that hold it learn it is off).
pub fn cancel(
    conn: &mut AnyConnection,
    organizer: OrganizationId,
    id: EventId,
) -> Result<ManagedEvent, ApiError> {
    let now = crate::db::models::now();
    write_transaction(conn, |conn| {
        let row = own_event(conn, organizer, id)?;
        check_cancellable(&row, now)?;
        event::set_status(conn, id, EventStatus::Cancelled, None, now)?;
        Ok::<_, ApiError>(())
    })?;
    managed_view(conn, id)
}

/// Only a pending or published event that has not ended can be cancelled.
fn check_cancellable(row: &EventRow, now: NaiveDateTime) -> Result<(), ApiError> {
    match row.status {
        EventStatus::Cancelled => return Err(conflict("the event was cancelled already")),
        EventStatus::Rejected => return Err(conflict("the event was rejected")),
        EventStatus::Pending | EventStatus::Published => {}
    }
    if row.ends_at <= now {
        return Err(conflict("the event has ended"));
    }
    Ok(())
}

fn audited(row: &EventRow) -> serde_json::Value {
    json!({"status": row.status, "reason": row.reason})
}

/// A moderator's decision on a pending event: `Published` or `Rejected` (with the reason, for
/// the organiser). Audited. The group hears of it by e-mail, in its language (when it gave an
/// address): an approval links to the event's page, a rejection carries the reason and links
/// to the owner page, where the event can be corrected and sent again.
pub fn decide<'a>(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    actor: impl Into<Actor<'a>>,
    id: EventId,
    decision: EventStatus,
    reason: Option<&str>,
) -> Result<ManagedEvent, ApiError> {
    let actor = actor.into();
    let now = crate::db::models::now();
    let action = match decision {
        EventStatus::Published => "event.approve",
        EventStatus::Rejected => "event.reject",
        EventStatus::Pending | EventStatus::Cancelled => {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "{decision} is not a moderator's decision"
            )));
        }
    };
    write_transaction(conn, |conn| {
        let before = event::find(conn, id)?;
        if before.status != EventStatus::Pending {
            return Err(conflict("the event is not waiting for review"));
        }
        event::set_status(conn, id, decision, reason, now)?;
        let after = event::find(conn, id)?;
        audit::record(
            conn,
            actor,
            action,
            "event",
            id,
            Some(audited(&before)),
            Some(audited(&after)),
        )?;
        // In the same transaction as the decision: the group hears of every decision, once.
        tell_group(conn, settings, &after, now)?;
        Ok(())
    })?;
    managed_view(conn, id)
}

/// Queues the e-mail that tells an event's organiser of a moderator's decision on it.
fn tell_group(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    row: &EventRow,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let Some((address, lang)) = contact_address(conn, row.organization_id)? else {
        return Ok(());
    };
    let name = event::organization_name(conn, row.organization_id)?;
    let message = match row.status {
        EventStatus::Published => mail::event_approved(
            &address,
            lang,
            &name,
            &row.title,
            &format!("{}/events/{}", settings.public_url, row.slug),
        ),
        EventStatus::Rejected => mail::event_rejected(
            &address,
            lang,
            &name,
            &row.title,
            row.reason.as_deref().unwrap_or_default(),
            &format!("{}/owner", settings.public_url),
        ),
        EventStatus::Pending | EventStatus::Cancelled => return Ok(()),
    };
    outbox::enqueue(conn, &settings.outbox_key, &message, now)?;
    Ok(())
}

/// The organisation a moderator names by UUID or slug, and its status; `None` when none has it.
pub fn organizer_by_key(
    conn: &mut AnyConnection,
    key: &str,
) -> Result<Option<(OrganizationId, Status)>, ApiError> {
    Ok(event::organization_by_key(conn, key)?)
}

/// A moderator posts an event for a group. It is published at once: the review an event waits
/// for is a moderator's, and a moderator wrote this one. The audit log records who posted it
/// (`event.create`, with the status it got), and no e-mail goes to the group.
pub fn create_for<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    organizer: OrganizationId,
    organizer_status: Status,
    valid: &ValidEvent,
    co_organizers: &[OrganizationId],
) -> Result<ManagedEvent, ApiError> {
    require_listed(organizer_status)?;
    let actor = actor.into();
    let now = crate::db::models::now();
    let id = EventId::from_uuid(Uuid::new_v4());
    let day = valid.time_zone.local_date(valid.starts_at);
    let base = Slug::from_text(&format!("{} {day}", valid.title), "event");
    write_transaction(conn, |conn| {
        let slug = super::slugs::free_event_slug(conn, &base)?;
        event::insert(conn, id, slug.as_str(), organizer, valid, now)?;
        event::set_co_organizers(conn, id, co_organizers)?;
        event::set_status(conn, id, EventStatus::Published, None, now)?;
        let after = event::find(conn, id)?;
        audit::record(
            conn,
            actor,
            "event.create",
            "event",
            id,
            None,
            Some(audited_draft(&after, co_organizers)),
        )?;
        Ok::<_, ApiError>(())
    })?;
    managed_view(conn, id)
}

/// A moderator replaces an event's details. Its status stays: a pending event still waits for
/// a decision (approving it is what tells the group), a published one stays public. Audited
/// with the details before and after.
pub fn update_for<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    id: EventId,
    valid: &ValidEvent,
    co_organizers: &[OrganizationId],
) -> Result<ManagedEvent, ApiError> {
    let actor = actor.into();
    let now = crate::db::models::now();
    write_transaction(conn, |conn| {
        let before = event::find(conn, id)?;
        if before.status == EventStatus::Cancelled {
            return Err(conflict("the event was cancelled"));
        }
        if before.ends_at <= now {
            return Err(conflict("the event has ended"));
        }
        let named_before: Vec<OrganizationId> =
            co_organizers_of(conn, std::slice::from_ref(&before))?
                .remove(&id)
                .unwrap_or_default();
        event::update_details(conn, id, valid, now)?;
        event::set_co_organizers(conn, id, co_organizers)?;
        let after = event::find(conn, id)?;
        audit::record(
            conn,
            actor,
            "event.update",
            "event",
            id,
            Some(audited_draft(&before, &named_before)),
            Some(audited_draft(&after, co_organizers)),
        )?;
        Ok(())
    })?;
    managed_view(conn, id)
}

/// A moderator cancels an event, as its organiser may (see [`cancel`]). Audited.
pub fn cancel_for<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    id: EventId,
) -> Result<ManagedEvent, ApiError> {
    let actor = actor.into();
    let now = crate::db::models::now();
    write_transaction(conn, |conn| {
        let before = event::find(conn, id)?;
        check_cancellable(&before, now)?;
        event::set_status(conn, id, EventStatus::Cancelled, None, now)?;
        let after = event::find(conn, id)?;
        audit::record(
            conn,
            actor,
            "event.cancel",
            "event",
            id,
            Some(audited(&before)),
            Some(audited(&after)),
        )?;
        Ok::<_, ApiError>(())
    })?;
    managed_view(conn, id)
}

/// An event's details for the audit log (public fields only: events hold nothing private).
fn audited_draft(row: &EventRow, co_organizers: &[OrganizationId]) -> serde_json::Value {
    json!({
        "status": row.status,
        "reason": row.reason,
        "organizer": row.organization_id,
        "title": row.title,
        "description": row.description,
        "link": row.link,
        "kind": row.kind,
        "starts_at": utc(row.starts_at),
        "ends_at": utc(row.ends_at),
        "time_zone": row.time_zone,
        "online": row.online,
        "city": row.city,
        "country": row.country,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "precision": row.precision,
        "languages": row.languages(),
        "co_organizers": co_organizers,
    })
}

/// A group's own events, every status, latest start first (at most [`REVIEW_LIST_MAX`]).
pub fn owner_list(
    conn: &mut AnyConnection,
    organizer: OrganizationId,
) -> Result<Vec<ManagedEvent>, ApiError> {
    let rows = event::for_organization(conn, organizer, REVIEW_LIST_MAX)?;
    managed_views(conn, rows)
}

/// The organiser of event `id` (for the moderator's country scope).
pub fn organizer_of(conn: &mut AnyConnection, id: EventId) -> Result<OrganizationId, ApiError> {
    Ok(event::find(conn, id)?.organization_id)
}

/// The moderators' list: events with `status` (every status: `None`) of organisers in their
/// countries.
pub fn review_list(
    conn: &mut AnyConnection,
    status: Option<EventStatus>,
    scope: &Scope,
) -> Result<Vec<ManagedEvent>, ApiError> {
    let rows = event::for_review(conn, status, scope.codes(), REVIEW_LIST_MAX)?;
    managed_views(conn, rows)
}

/// The two organisations of the published twinning `id`, for the events filter
/// `partnership=`; `None` when there is no such twinning.
pub fn twinned(
    conn: &mut AnyConnection,
    id: PartnershipId,
) -> Result<Option<[OrganizationId; 2]>, ApiError> {
    Ok(crate::db::models::reference::published_partnership_organizations(conn, id)?)
}

/// One page of public events matching `filter` at `now`, by start time, and the next page's
/// cursor, read from the public index (`events`, with the organisations' `snapshot` of the
/// same moment): no database query. `twins` are the organisations of the filter's
/// `partnership` (see [`twinned`]). Empty when the filter names an organisation that is not
/// public or a twinning that does not exist.
pub fn public_page(
    events: &EventIndex,
    snapshot: &Snapshot,
    filter: &EventFilter,
    twins: Option<[OrganizationId; 2]>,
    now: NaiveDateTime,
) -> (Vec<Event>, Option<EventCursor>) {
    // The organisations one of which must organise or co-organise an event, if any are named.
    let mut organizers: Option<Vec<OrganizationId>> = None;
    if let Some(slug) = &filter.organization {
        match snapshot.find(slug.as_str()) {
            Some(organization) => organizers = Some(vec![organization.id]),
            // Not on the map (or not now): no events, as for any filter nothing matches.
            None => return (Vec::new(), None),
        }
    }
    if filter.partnership.is_some() {
        let Some(twins) = twins else {
            return (Vec::new(), None);
        };
        let named = organizers.get_or_insert_with(|| twins.to_vec());
        named.retain(|id| twins.contains(id));
        if named.is_empty() {
            return (Vec::new(), None);
        }
    }
    let all = events.events();
    let start = filter.cursor.as_ref().map_or(0, |cursor| {
        let after = (cursor.starts_at().naive_utc(), cursor.slug().as_str());
        all.partition_point(|e| (e.row.starts_at, e.row.slug.as_str()) <= after)
    });
    let to = filter.to.map(|to| to.naive_utc());
    let wanted = filter.limit.get() as usize;
    let mut kept: Vec<Event> = Vec::with_capacity(wanted + 1);
    for indexed in &all[start..] {
        let row = &indexed.row;
        // By start time: nothing further starts before `to`.
        if to.is_some_and(|to| row.starts_at > to) {
            break;
        }
        if !matches_columns(row, filter, now)
            || organizers.as_ref().is_some_and(|ids| {
                !ids.contains(&row.organization_id)
                    && !indexed.co_organizers.iter().any(|c| ids.contains(c))
            })
        {
            continue;
        }
        let Some(organizer) = public_organizer(snapshot, &events.crises, row) else {
            continue;
        };
        let category_ok = filter.categories.is_empty()
            || filter
                .categories
                .iter()
                .any(|c| c.as_str() == organizer.category);
        if !category_ok || !(filter.languages.is_empty() || filter.speaks_any(&row.languages())) {
            continue;
        }
        let co_organizers = indexed
            .co_organizers
            .iter()
            .filter_map(|&id| snapshot.by_id(id))
            .map(public_ref)
            .collect();
        kept.push(view(row.clone(), public_ref(organizer), co_organizers));
        // One more than a page, to know whether a next page exists.
        if kept.len() > wanted {
            break;
        }
    }
    let next = if kept.len() > wanted {
        kept.truncate(wanted);
        kept.last().and_then(|last| {
            Slug::parse(&last.slug)
                .ok()
                .map(|slug| EventCursor::after(last.starts_at, slug))
        })
    } else {
        None
    };
    (kept, next)
}

/// Whether the event's own columns match `filter` at `now` (what the organiser decides is
/// checked by the caller).
fn matches_columns(row: &EventRow, filter: &EventFilter, now: NaiveDateTime) -> bool {
    let inside = |bbox: shared::domain::BBox| match (row.latitude, row.longitude) {
        (Some(latitude), Some(longitude)) => {
            (bbox.min_lat.value()..=bbox.max_lat.value()).contains(&latitude)
                && (bbox.min_lon.value()..=bbox.max_lon.value()).contains(&longitude)
        }
        // Online events are in no view.
        _ => false,
    };
    row.ends_at > now
        && filter
            .from
            .is_none_or(|from| row.ends_at >= from.naive_utc())
        && (filter.kinds.is_empty() || filter.kinds.contains(&row.kind))
        && (filter.countries.is_empty()
            || row
                .country
                .as_deref()
                .is_some_and(|c| filter.countries.iter().any(|f| f.as_str() == c)))
        && filter.bbox.is_none_or(inside)
        && filter
            .event
            .as_ref()
            .is_none_or(|slug| row.slug == slug.as_str())
}

/// One public event by id or slug, at `now`.
pub fn public_one(
    conn: &mut AnyConnection,
    snapshot: &Snapshot,
    id_or_slug: &str,
    now: NaiveDateTime,
) -> Result<Event, ApiError> {
    let not_found = || ApiError::NotFound("event".to_owned());
    let row = event::find_by_key(conn, id_or_slug)?
        .filter(|row| row.is_public_at(now))
        .ok_or_else(not_found)?;
    public_views(conn, snapshot, vec![row])?
        .pop()
        .ok_or_else(not_found)
}

/// What the public may know of one event, past ones included (an organiser's archive keeps
/// them): see [`public_record`].
pub enum PublicRecord {
    /// Public: published, or cancelled after it was published, and its organiser public.
    Shown(Box<Event>),
    /// It was public once and is not now (its organiser hid, a crisis covers it, or an edit
    /// waits for review).
    Gone,
    /// No such event, or never public (pending or rejected): nothing to say about it.
    Missing,
}

/// One event by id or slug for its page: as [`public_one`], but an event that has ended stays
/// shown (the organiser's archive links to it).
pub fn public_record(
    conn: &mut AnyConnection,
    snapshot: &Snapshot,
    id_or_slug: &str,
) -> Result<PublicRecord, ApiError> {
    let Some(row) = event::find_by_key(conn, id_or_slug)? else {
        return Ok(PublicRecord::Missing);
    };
    let was_public = row.published_at.is_some();
    // At the start of time, `is_public_at` asks only about the status.
    if !row.is_public_at(NaiveDateTime::MIN) {
        return Ok(if was_public {
            PublicRecord::Gone
        } else {
            PublicRecord::Missing
        });
    }
    Ok(match public_views(conn, snapshot, vec![row])?.pop() {
        Some(event) => PublicRecord::Shown(Box::new(event)),
        None => PublicRecord::Gone,
    })
}

/// The most events an organiser's archive lists.
pub const ARCHIVE_MAX: i64 = 500;

/// An organiser's public events, past and upcoming (as organiser or co-organiser), latest
/// start first: those the public may see but for having ended. Empty when the organiser is
/// not public; events organised by an entry that is not public are left out.
pub fn archive(
    conn: &mut AnyConnection,
    snapshot: &Snapshot,
    organization: &str,
) -> Result<Vec<Event>, ApiError> {
    let Some(organizer) = snapshot.find(organization) else {
        return Ok(Vec::new());
    };
    let rows = event::public_of_organization(conn, organizer.id, ARCHIVE_MAX)?;
    public_views(conn, snapshot, rows)
}

/// Now, as the public queries compare it.
pub fn public_now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// The category keys of `filter` that name no category (the organisations' rule, reused).
pub fn unknown_categories(snapshot: &Snapshot, filter: &EventFilter) -> Vec<FieldError> {
    snapshot.unknown_keys(&shared::api::OrganizationFilter {
        categories: filter.categories.clone(),
        ..shared::api::OrganizationFilter::default()
    })
}

/// The host of the site's public address, for calendar UIDs (`{event id}@{host}`).
fn uid_host(public_url: &str) -> &str {
    let rest = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest);
    rest.split(['/', ':', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost")
}

/// How often calendar apps should fetch the feed again.
const CALENDAR_REFRESH: chrono::Duration = chrono::Duration::hours(6);

/// `events` as an iCalendar (RFC 5545) document. Each event's UID is its id at the site's
/// host, so it is the same in every feed and every fetch; times are UTC; `DTSTAMP` is when the
/// event last changed, so the same events give the same bytes. A cancelled event says
/// `STATUS:CANCELLED`, which calendar apps show or remove. `URL` is the event's page on the
/// map; the group's own link closes the description.
pub fn calendar(events: &[Event], public_url: &str) -> String {
    use icalendar::{Component, EventLike};
    let host = uid_host(public_url);
    let mut calendar = icalendar::Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//International Solidarity Map//Events//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .ttl(&CALENDAR_REFRESH);
    for event in events {
        let mut item = icalendar::Event::new();
        item.uid(&format!("{}@{host}", event.id))
            .timestamp(event.updated_at)
            .last_modified(event.updated_at)
            .starts(event.starts_at)
            .ends(event.ends_at)
            .summary(&event.title)
            .categories([event.kind.as_str()])
            .status(match event.status {
                EventStatus::Cancelled => icalendar::EventStatus::Cancelled,
                _ => icalendar::EventStatus::Confirmed,
            });
        // The group's own link goes in the description too: Google Calendar shows no URL.
        let description = match &event.link {
            Some(link) if event.description.is_empty() => link.clone(),
            Some(link) => format!("{}\n\n{link}", event.description),
            None => event.description.clone(),
        };
        if !description.is_empty() {
            item.description(&description);
        }
        item.url(&format!("{public_url}/events/{}", event.slug));
        match &event.place {
            Some(place) => {
                let country = shared::domain::CountryCode::parse(&place.country)
                    .map(|c| c.name())
                    .unwrap_or_default();
                let location = if country.is_empty() {
                    place.city.clone()
                } else {
                    format!("{}, {country}", place.city)
                };
                item.location(&location);
            }
            None => {
                if let Some(link) = &event.link {
                    item.location(link);
                }
            }
        }
        calendar.push(item.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDateTime, Utc};
    use shared::api::EventFilter;
    use shared::domain::{BBox, EventId, EventKind, EventStatus, OrganizationId, Precision};

    use super::matches_columns;
    use crate::db::models::event::EventRow;

    fn talk_in_glasgow(starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> EventRow {
        EventRow {
            id: EventId::from_uuid(uuid::Uuid::new_v4()),
            slug: "talk".to_owned(),
            organization_id: OrganizationId::from_uuid(uuid::Uuid::new_v4()),
            title: "Talk".to_owned(),
            description: String::new(),
            link: None,
            kind: EventKind::Talk,
            starts_at,
            ends_at,
            time_zone: "Europe/London".to_owned(),
            online: false,
            city: Some("Glasgow".to_owned()),
            country: Some("GB".to_owned()),
            latitude: Some(55.86),
            longitude: Some(-4.25),
            precision: Some(Precision::Approximate),
            languages: "[\"en\"]".to_owned(),
            status: EventStatus::Published,
            reason: None,
            created_at: starts_at,
            updated_at: starts_at,
            published_at: Some(starts_at),
        }
    }

    #[test]
    fn an_event_that_ended_since_the_index_was_read_is_no_longer_listed() {
        let now = Utc::now().naive_utc();
        let talk = talk_in_glasgow(now - Duration::hours(2), now + Duration::hours(1));
        let filter = EventFilter::default();
        assert!(matches_columns(&talk, &filter, now));
        assert!(!matches_columns(&talk, &filter, now + Duration::hours(1)));
    }

    #[test]
    fn a_view_holds_the_events_placed_inside_it_and_never_online_ones() {
        let now = Utc::now().naive_utc();
        let mut talk = talk_in_glasgow(now, now + Duration::hours(1));
        let scotland = EventFilter {
            bbox: BBox::parse("-8,54,-1,61").ok(),
            ..EventFilter::default()
        };
        let jerusalem = EventFilter {
            bbox: BBox::parse("35,31,36,32").ok(),
            ..EventFilter::default()
        };
        assert!(scotland.bbox.is_some() && jerusalem.bbox.is_some());
        assert!(matches_columns(&talk, &scotland, now));
        assert!(!matches_columns(&talk, &jerusalem, now));
        (talk.online, talk.latitude, talk.longitude) = (true, None, None);
        assert!(!matches_columns(&talk, &scotland, now));
        assert!(matches_columns(&talk, &EventFilter::default(), now));
    }
}
