//! The in-memory index of published organisations. Public reads (lists, detail, GeoJSON, CSV,
//! counts) are answered from an immutable [`Snapshot`], so the hot path touches no database.
//! A snapshot is rebuilt when the `data_version` row changes, which every write transaction
//! bumps — also in another process (the CLI, another server on the same PostgreSQL).

mod snapshot;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use diesel::Connection;
pub use snapshot::Snapshot;

use crate::db::models::organization::SearchableOrganization;
use crate::db::models::{data_version, organization};
use crate::db::{AnyConnection, DbPool};
use crate::error::ApiError;

pub struct PublicIndex {
    current: RwLock<Arc<Snapshot>>,
    checked_at: Mutex<Option<Instant>>,
    /// Held while a snapshot is being built, so concurrent requests build it once.
    rebuilding: Mutex<()>,
    /// How stale a snapshot may be before the version is checked again.
    refresh_every: Duration,
}

impl PublicIndex {
    pub fn new(refresh_every: Duration) -> Self {
        Self {
            current: RwLock::new(Arc::new(Snapshot::empty())),
            checked_at: Mutex::new(None),
            rebuilding: Mutex::new(()),
            refresh_every,
        }
    }

    fn latest(&self) -> Arc<Snapshot> {
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
        match *checked {
            // Never answer from the placeholder before the first load has finished.
            Some(t)
                if t.elapsed() < self.refresh_every
                    && self.latest().version != Snapshot::empty_version() =>
            {
                Some(self.latest())
            }
            _ => {
                *checked = Some(Instant::now());
                None
            }
        }
    }

    /// The current snapshot after checking the data version (rebuilding when it changed).
    /// Blocking: call it on a blocking thread.
    pub fn current(&self, pool: &DbPool) -> Result<Arc<Snapshot>, ApiError> {
        let snapshot = self.latest();
        let mut conn = pool.get().map_err(|e| {
            ApiError::Unavailable(anyhow::Error::new(e).context("taking a database connection"))
        })?;
        let version = data_version(&mut conn)?;
        if version == snapshot.version {
            return Ok(snapshot);
        }
        // While another request rebuilds, answer from the previous snapshot (at most one
        // rebuild behind) instead of queueing every reader behind the rebuild; only the very
        // first load is waited for.
        let _building = match self.rebuilding.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::WouldBlock)
                if snapshot.version != Snapshot::empty_version() =>
            {
                return Ok(snapshot);
            }
            Err(_) => self.rebuilding.lock().unwrap_or_else(|e| e.into_inner()),
        };
        let latest = self.latest();
        if latest.version >= version {
            return Ok(latest);
        }
        let started = Instant::now();
        let fresh = Arc::new(load(&mut conn, &latest)?);
        let loaded = started.elapsed();
        // Build the unfiltered cluster index now, not on the first map request.
        fresh.clusters(&shared::api::OrganizationFilter::default());
        tracing::info!(
            version = fresh.version,
            organizations = fresh.len(),
            load_ms = loaded.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "rebuilt the public index"
        );
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = fresh.clone();
        Ok(fresh)
    }
}

/// Reads the version and the rows in one transaction, so the snapshot is consistent with the
/// version it carries. Only organisations that are new or whose `updated_at` changed since
/// `previous` are read in full (every write that changes a public field or the status sets
/// `updated_at`); the others are shared with the previous snapshot.
fn load(conn: &mut AnyConnection, previous: &Snapshot) -> Result<Snapshot, ApiError> {
    let snapshot = conn.transaction(|conn| {
        let version = data_version(conn)?;
        let (categories, focus_areas) = organization::known_keys(conn)?;
        let entries = if previous.version == Snapshot::empty_version() {
            organization::all_published_searchable(conn)?
                .into_iter()
                .map(Arc::new)
                .collect()
        } else {
            let kept: HashMap<uuid::Uuid, &Arc<SearchableOrganization>> = previous
                .entries()
                .iter()
                .map(|e| (e.organization.id, e))
                .collect();
            let mut entries = Vec::with_capacity(kept.len() + 16);
            let mut changed = Vec::new();
            for (id, updated_at) in organization::published_versions(conn)? {
                let unchanged = uuid::Uuid::parse_str(&id)
                    .ok()
                    .and_then(|uuid| kept.get(&uuid))
                    .filter(|e| e.organization.updated_at.naive_utc() == updated_at);
                match unchanged {
                    Some(entry) => entries.push(Arc::clone(entry)),
                    None => changed.push(id),
                }
            }
            entries.extend(
                organization::published_searchable_by_ids(conn, &changed)?
                    .into_iter()
                    .map(Arc::new),
            );
            entries
        };
        Ok::<_, diesel::result::Error>(Snapshot::build(version, entries, categories, focus_areas))
    })?;
    Ok(snapshot)
}
