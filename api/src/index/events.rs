//! The public events (issue #19) in memory, beside the organisations' [`super::Snapshot`]: the
//! map asks for the events in its view at every pan, and reading them from the database took a
//! query per page of 200 rows, plus the crises and the co-organisers. Here they are read once per
//! change of the events table and filtered in memory (see BENCHMARKS.md, "Events in a view").
//!
//! The index holds what the events' own columns allow (published, or cancelled once published,
//! not ended when read) and the active crises; whether an event is public at a given moment (its
//! end, its organiser in the snapshot, no crisis over its place) is decided by its reader,
//! `services::events`, with the snapshot of the same moment.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use shared::api::admin::CrisisScope;
use shared::domain::{CrisisId, EventId, OrganizationId};

use crate::db::AnyConnection;
use crate::db::models::crisis;
use crate::db::models::event::{self, EventRow};

/// An event as the index holds it: its row and the entries it names as co-organisers.
pub struct IndexedEvent {
    pub row: EventRow,
    pub co_organizers: Vec<OrganizationId>,
}

/// The events table's [`event::stamp`]: (rows, last change).
type Stamp = (i64, Option<NaiveDateTime>);

pub struct EventIndex {
    /// By start time, then slug (the public order and the cursor's).
    events: Arc<Vec<IndexedEvent>>,
    /// The crisis actions not yet restored.
    pub crises: Vec<(CrisisId, CrisisScope)>,
    /// `None` for the placeholder held before the first load.
    stamp: Option<Stamp>,
}

impl EventIndex {
    pub fn empty() -> Self {
        Self {
            events: Arc::new(Vec::new()),
            crises: Vec::new(),
            stamp: None,
        }
    }

    /// The events, by start time then slug.
    pub fn events(&self) -> &[IndexedEvent] {
        &self.events
    }

    /// The index after the database changed: the crises are read again (a few rows), the events
    /// only when their table changed. Call it inside the snapshot's read transaction, so both
    /// describe the same moment.
    pub fn refresh(
        held: &Self,
        conn: &mut AnyConnection,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<Self> {
        let crises = crisis::active(conn)?;
        let stamp = event::stamp(conn)?;
        let events = if held.stamp == Some(stamp) {
            held.events.clone()
        } else {
            Arc::new(read_events(conn, now)?)
        };
        Ok(Self {
            events,
            crises,
            stamp: Some(stamp),
        })
    }
}

fn read_events(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
) -> diesel::QueryResult<Vec<IndexedEvent>> {
    let mut co_organizers: HashMap<EventId, Vec<OrganizationId>> = HashMap::new();
    for (event, organization) in event::all_co_organizers(conn)? {
        co_organizers.entry(event).or_default().push(organization);
    }
    Ok(event::listed_at(conn, now)?
        .into_iter()
        .map(|row| IndexedEvent {
            co_organizers: co_organizers.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}
