//! What the pages need besides organisations: categories and focus areas with their names, the
//! twinnings and the calls to action that stand today. They change rarely and every page shows them, so they are read once per
//! snapshot of the public index (and at most every few seconds), not once per request.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::web;
use parking_lot::Mutex;
use shared::api::{Category, FocusArea, Partnership};

use crate::db::DbPool;
use crate::db::models::reference;
use crate::error::ApiError;
use crate::handlers::{current_snapshot, with_db};
use crate::index::{PublicIndex, Snapshot};

/// Taxonomy names can change without a new snapshot (a renamed category): read again after this.
const READ_AGAIN_AFTER: Duration = Duration::from_secs(5);

#[derive(PartialEq)]
pub struct Reference {
    pub categories: Vec<Category>,
    pub focus_areas: Vec<FocusArea>,
    pub partnerships: Vec<Partnership>,
    /// The calls to action that stand today, of organisations in this snapshot, soonest first.
    pub calls_to_action: Vec<shared::api::CallToAction>,
}

struct Held {
    snapshot: Arc<Snapshot>,
    read_at: Instant,
    reference: Arc<Reference>,
}

/// The cache, one per server: the reference data, and the map pages rendered from the current
/// snapshot (most visitors ask for the same few views: the world, Jerusalem, in four languages).
/// The pages are kept by the reference data they were rendered with, which is read again for
/// every new snapshot (and every few seconds).
#[derive(Default)]
pub struct ReferenceCache(
    Mutex<Option<Held>>,
    crate::http::PreparedAnswers<Reference, MAX_RENDERED_PAGES>,
    /// Set while the reference data is read again: one request reads it, the others go on
    /// with what is held (when it is from the same snapshot).
    std::sync::atomic::AtomicBool,
);

/// How many rendered map pages are kept per snapshot.
const MAX_RENDERED_PAGES: usize = 256;

impl ReferenceCache {
    /// A page rendered with this reference data (so from its snapshot) for `key`, if kept.
    pub fn rendered(
        &self,
        reference: &Arc<Reference>,
        key: &str,
    ) -> Option<Arc<crate::http::Prepared>> {
        self.1.get(reference, key)
    }

    pub fn keep(&self, reference: &Arc<Reference>, key: String, page: Arc<crate::http::Prepared>) {
        self.1.keep(reference, key, page);
    }

    /// Makes the next page read the reference data again (and so render again): after a write
    /// through this server that the pages show, such as a call to action. Other instances see
    /// it within [`READ_AGAIN_AFTER`].
    pub fn expire(&self) {
        *self.0.lock() = None;
    }

    /// Replaces the page kept for `key` with a better-compressed copy, if still current.
    pub fn improve(&self, reference: &Arc<Reference>, key: &str, page: Arc<crate::http::Prepared>) {
        self.1.improve(reference, key, page);
    }
}

/// The current snapshot and the reference data that goes with it.
pub async fn load(
    pool: &web::Data<DbPool>,
    index: &web::Data<PublicIndex>,
    cache: &web::Data<ReferenceCache>,
) -> Result<(Arc<Snapshot>, Arc<Reference>), ApiError> {
    let snapshot = current_snapshot(pool, index).await?;
    if let Some(held) = &*cache.0.lock()
        && Arc::ptr_eq(&held.snapshot, &snapshot)
        && held.read_at.elapsed() < READ_AGAIN_AFTER
    {
        return Ok((snapshot, held.reference.clone()));
    }
    use std::sync::atomic::Ordering;
    if cache.2.swap(true, Ordering::AcqRel) {
        if let Some(held) = &*cache.0.lock()
            && Arc::ptr_eq(&held.snapshot, &snapshot)
        {
            return Ok((snapshot, held.reference.clone()));
        }
        return read_again(pool, snapshot, cache).await;
    }
    let read = read_again(pool, snapshot, cache).await;
    cache.2.store(false, Ordering::Release);
    read
}

async fn read_again(
    pool: &web::Data<DbPool>,
    snapshot: Arc<Snapshot>,
    cache: &web::Data<ReferenceCache>,
) -> Result<(Arc<Snapshot>, Arc<Reference>), ApiError> {
    let for_query = snapshot.clone();
    let fresh = with_db(pool, move |conn| {
        Ok(Reference {
            categories: reference::categories(conn, &for_query.category_counts)?,
            focus_areas: reference::focus_areas(conn, &for_query.focus_area_counts)?,
            partnerships: reference::published_partnerships(conn)?,
            calls_to_action: crate::services::calls_to_action::public_current(
                conn,
                &for_query,
                crate::services::calls_to_action::today(crate::db::models::now()),
            )?,
        })
    })
    .await?;
    let mut held = cache.0.lock();
    // Unchanged data keeps its `Arc`, and with it the pages rendered from it: dropping them
    // every few seconds made every open connection render the same page at once.
    let reference = match &*held {
        Some(old) if Arc::ptr_eq(&old.snapshot, &snapshot) && *old.reference == fresh => {
            old.reference.clone()
        }
        _ => Arc::new(fresh),
    };
    *held = Some(Held {
        snapshot: snapshot.clone(),
        read_at: Instant::now(),
        reference: reference.clone(),
    });
    drop(held);
    Ok((snapshot, reference))
}

impl Reference {
    pub fn category(&self, key: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.key == key)
    }

    pub fn focus_area(&self, key: &str) -> Option<&FocusArea> {
        self.focus_areas.iter().find(|f| f.key == key)
    }
}
