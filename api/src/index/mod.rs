//! The in-memory index of published organisations. Public reads (lists, detail, GeoJSON, CSV,
//! counts) are answered from an immutable [`Snapshot`], so the hot path touches no database.
//! A snapshot is refreshed when the `data_version` row changes, which every write transaction
//! bumps — also in another process (the CLI, another server on the same PostgreSQL). A refresh
//! re-reads only the organisations named in the change log that database triggers write
//! (`organization_changes`), and waits a little after an expensive rebuild, so that a steady
//! stream of approvals cannot keep a core busy rebuilding (see BENCHMARKS.md, "Mixed load").

mod events;
mod snapshot;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use diesel::Connection;
pub use events::{EventIndex, IndexedEvent};
pub use snapshot::Snapshot;

use crate::db::models::organization::SearchableOrganization;
use crate::db::models::{changes, data_version, organization};
use crate::db::{AnyConnection, DbPool};
use crate::error::ApiError;

/// After a rebuild that took `t`, the next one waits `REBUILD_PAUSE_FACTOR * t` (at most
/// [`MAX_REBUILD_PAUSE`]): rebuilding then takes at most a third of one core, and a change is
/// still visible within a second at 100,000 organisations.
const REBUILD_PAUSE_FACTOR: u32 = 2;
const MAX_REBUILD_PAUSE: Duration = Duration::from_millis(600);

/// What the index holds: a snapshot and how far into the database's history it has read.
#[derive(Clone)]
struct Current {
    snapshot: Arc<Snapshot>,
    /// The public events, read in the same transaction as `snapshot`.
    events: Arc<EventIndex>,
    /// `data_version` when it was last refreshed; `None` before the first load.
    version: Option<i64>,
    /// The last `organization_changes` row taken into account.
    change_seq: i64,
}

pub struct PublicIndex {
    current: RwLock<Current>,
    checked_at: Mutex<Option<Instant>>,
    /// Held while a snapshot is being built, so concurrent requests build it once.
    rebuilding: Mutex<()>,
    /// When the last rebuild ended, and the pause it asks for before the next one.
    paused_until: Mutex<Option<Instant>>,
    /// How stale a snapshot may be before the version is checked again. Zero (tests) also turns
    /// the pause off: every read then sees every write made before it.
    refresh_every: Duration,
}

impl PublicIndex {
    pub fn new(refresh_every: Duration) -> Self {
        Self {
            current: RwLock::new(Current {
                snapshot: Arc::new(Snapshot::empty()),
                events: Arc::new(EventIndex::empty()),
                version: None,
                change_seq: 0,
            }),
            checked_at: Mutex::new(None),
            rebuilding: Mutex::new(()),
            paused_until: Mutex::new(None),
            refresh_every,
        }
    }

    fn latest(&self) -> Current {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The current snapshot when it was checked against the database less than
    /// `refresh_every` ago; `None` when a check is due (then call [`Self::current`] on a
    /// blocking thread). Never blocks on the database.
    pub fn if_fresh(&self) -> Option<Arc<Snapshot>> {
        let mut checked = self.checked_at.lock().unwrap_or_else(|e| e.into_inner());
        let latest = self.latest();
        match *checked {
            // Never answer from the placeholder before the first load has finished.
            Some(t) if t.elapsed() < self.refresh_every && latest.version.is_some() => {
                Some(latest.snapshot)
            }
            _ => {
                *checked = Some(Instant::now());
                None
            }
        }
    }

    /// The public events as of the snapshot [`Self::if_fresh`] or [`Self::current`] gave last
    /// (or of a refresh since, which only makes them fresher).
    pub fn events(&self) -> Arc<EventIndex> {
        self.latest().events
    }

    /// Makes the next read check the data version, whatever `refresh_every` says: after a write
    /// through this process, whoever wrote reads what they wrote (a visitor who reports an entry
    /// unsafe, then reloads the map, no longer finds it there).
    pub fn expire(&self) {
        *self.checked_at.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The current snapshot after checking the data version (refreshing when it changed).
    /// Blocking: call it on a blocking thread.
    pub fn current(&self, pool: &DbPool) -> Result<Arc<Snapshot>, ApiError> {
        let held = self.latest();
        let mut conn = pool.get().map_err(|e| {
            ApiError::Unavailable(anyhow::Error::new(e).context("taking a database connection"))
        })?;
        let version = data_version(&mut conn)?;
        if held.version == Some(version) {
            return Ok(held.snapshot);
        }
        // While another request refreshes, answer from the previous snapshot (at most one
        // refresh behind) instead of queueing every reader behind it; only the very first load
        // is waited for.
        let _building = match self.rebuilding.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::WouldBlock) if held.version.is_some() => {
                return Ok(held.snapshot);
            }
            Err(_) => self.rebuilding.lock().unwrap_or_else(|e| e.into_inner()),
        };
        let held = self.latest();
        if held.version.is_some_and(|v| v >= version) {
            return Ok(held.snapshot);
        }
        if held.version.is_some() && self.pausing() {
            return Ok(held.snapshot);
        }
        let started = Instant::now();
        let fresh = refresh(&mut conn, &held)?;
        if !Arc::ptr_eq(&fresh.snapshot, &held.snapshot) {
            let loaded = started.elapsed();
            // Build the unfiltered cluster index now, not on the first map request.
            fresh
                .snapshot
                .clusters(&shared::api::OrganizationFilter::default());
            let took = started.elapsed();
            tracing::info!(
                version = fresh.version,
                organizations = fresh.snapshot.len(),
                load_ms = loaded.as_millis() as u64,
                total_ms = took.as_millis() as u64,
                "rebuilt the public index"
            );
            self.pause_after(took);
        }
        let snapshot = fresh.snapshot.clone();
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(snapshot)
    }

    fn pausing(&self) -> bool {
        let until = self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
        until.is_some_and(|t| Instant::now() < t)
    }

    fn pause_after(&self, took: Duration) {
        if self.refresh_every.is_zero() {
            return;
        }
        let pause = (took * REBUILD_PAUSE_FACTOR).min(MAX_REBUILD_PAUSE);
        *self.paused_until.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + pause);
    }
}

/// Reads the version, the change log and the changed rows in one transaction. A change to
/// unpublished organisations only, such as a new submission, keeps the held snapshot.
fn refresh(conn: &mut AnyConnection, held: &Current) -> Result<Current, ApiError> {
    let refreshed = conn.transaction(|conn| {
        let version = data_version(conn)?;
        let events = Arc::new(EventIndex::refresh(
            &held.events,
            conn,
            chrono::Utc::now().naive_utc(),
        )?);
        let at = |snapshot, change_seq| Current {
            snapshot,
            events,
            version: Some(version),
            change_seq,
        };
        let (categories, focus_areas) = organization::known_keys(conn)?;
        if held.version.is_none() {
            let (snapshot, change_seq) = read_everything(conn, categories, focus_areas)?;
            return Ok(at(snapshot, change_seq));
        }
        let seen = held.change_seq;
        let (ids, change_seq) = changes::since(conn, seen)?;
        // Read after the log rows: on PostgreSQL each statement sees its own snapshot, so a
        // prune committed in between shows here, and rows it took are then read in full. The
        // log's end below what was seen means the database was restored from a backup.
        let pruned = changes::pruned_through(conn)?;
        if seen < pruned || changes::latest(conn)?.max(pruned) < seen {
            let (snapshot, change_seq) = read_everything(conn, categories, focus_areas)?;
            return Ok(at(snapshot, change_seq));
        }
        let fresh = organization::published_searchable_by_ids(conn, &ids)?;
        let changed: HashSet<shared::domain::OrganizationId> = ids.iter().copied().collect();
        let old = held.snapshot.entries();
        let mut entries: Vec<Arc<SearchableOrganization>> = old
            .iter()
            .filter(|e| !changed.contains(&e.organization.id))
            .cloned()
            .collect();
        if fresh.is_empty()
            && entries.len() == old.len()
            && held.snapshot.has_keys(&categories, &focus_areas)
        {
            return Ok(at(held.snapshot.clone(), change_seq));
        }
        entries.extend(fresh.into_iter().map(Arc::new));
        let snapshot = Snapshot::build(entries, categories, focus_areas);
        Ok::<_, diesel::result::Error>(at(Arc::new(snapshot), change_seq))
    })?;
    Ok(refreshed)
}

/// The first load, or after the change log lost rows this index had not seen: every published
/// organisation, and the log position it stands at.
fn read_everything(
    conn: &mut AnyConnection,
    categories: Vec<String>,
    focus_areas: Vec<String>,
) -> diesel::QueryResult<(Arc<Snapshot>, i64)> {
    // The log's end is read before the rows: a change committed in between is then read again
    // next time, never missed. An empty log after a prune starts at the prune's watermark.
    let change_seq = changes::latest(conn)?.max(changes::pruned_through(conn)?);
    let entries = organization::all_published_searchable(conn)?
        .into_iter()
        .map(Arc::new)
        .collect();
    let snapshot = Snapshot::build(entries, categories, focus_areas);
    Ok((Arc::new(snapshot), change_seq))
}
