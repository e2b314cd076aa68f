use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use shared::api::{Organization, OrganizationFilter};
use shared::domain::{BBox, Cursor, FieldError, OrganizationId, Slug};

use crate::db::models::organization::SearchableOrganization;
use crate::map::{ClusterIndex, ClusterOptions, PointInput};

/// Cluster indexes kept per snapshot, one per filter combination (LRU-free: cleared when full).
const MAX_CACHED_CLUSTER_INDEXES: usize = 64;

/// Grid cells are one degree square; a bbox covering more cells than this scans in slug order
/// instead (it then holds a large share of the map anyway).
const MAX_GRID_CELLS: i64 = 256;

type Cell = (i32, i32);

fn cell_of(latitude: f64, longitude: f64) -> Cell {
    (latitude.floor() as i32, longitude.floor() as i32)
}

fn cell_count(bbox: BBox) -> i64 {
    let (lat_from, lon_from) = cell_of(bbox.min_lat.value(), bbox.min_lon.value());
    let (lat_to, lon_to) = cell_of(bbox.max_lat.value(), bbox.max_lon.value());
    (i64::from(lat_to) - i64::from(lat_from) + 1) * (i64::from(lon_to) - i64::from(lon_from) + 1)
}

/// An immutable view of every published organisation, sorted by slug.
pub struct Snapshot {
    entries: Vec<Arc<SearchableOrganization>>,
    by_id: HashMap<OrganizationId, usize>,
    /// Entry positions per grid cell, ascending (so also in slug order).
    grid: HashMap<Cell, Vec<usize>>,
    category_keys: Vec<String>,
    focus_area_keys: Vec<String>,
    /// Each entry's category as an index into `cluster_categories` (the category keys, and
    /// after them any key an entry has that the list lacks), for the cluster index's shares.
    entry_categories: Vec<u16>,
    cluster_categories: Vec<String>,
    pub category_counts: HashMap<String, i64>,
    pub country_counts: HashMap<String, i64>,
    pub focus_area_counts: HashMap<String, i64>,
    /// Cluster indexes by filter (see [`Snapshot::clusters`]).
    cluster_cache: Mutex<HashMap<String, Arc<ClusterIndex>>>,
}

impl Snapshot {
    /// The placeholder held until the first load.
    pub fn empty() -> Self {
        Self::build(Vec::new(), Vec::new(), Vec::new())
    }

    /// Whether a category has the key `key`.
    pub fn knows_category(&self, key: &str) -> bool {
        self.category_keys.iter().any(|k| k == key)
    }

    /// Whether the snapshot knows exactly these category and focus area keys.
    pub fn has_keys(&self, categories: &[String], focus_areas: &[String]) -> bool {
        self.category_keys == categories && self.focus_area_keys == focus_areas
    }

    /// Sorts `entries` by slug and indexes them.
    pub fn build(
        mut entries: Vec<Arc<SearchableOrganization>>,
        category_keys: Vec<String>,
        focus_area_keys: Vec<String>,
    ) -> Self {
        let mut snapshot = Self {
            by_id: HashMap::with_capacity(entries.len()),
            grid: HashMap::new(),
            entry_categories: Vec::with_capacity(entries.len()),
            cluster_categories: category_keys.clone(),
            category_keys,
            focus_area_keys,
            category_counts: HashMap::new(),
            country_counts: HashMap::new(),
            focus_area_counts: HashMap::new(),
            cluster_cache: Mutex::new(HashMap::new()),
            entries: Vec::new(),
        };
        entries.sort_unstable_by(|a, b| a.organization.slug.cmp(&b.organization.slug));
        let (mut categories, mut countries, mut focus) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        let mut category_index: HashMap<String, u16> = snapshot
            .cluster_categories
            .iter()
            .enumerate()
            .map(|(i, key)| (key.clone(), u16::try_from(i).unwrap_or(u16::MAX)))
            .collect();
        for (position, entry) in entries.iter().enumerate() {
            let org = &entry.organization;
            snapshot.by_id.insert(org.id, position);
            snapshot
                .grid
                .entry(cell_of(org.location.latitude, org.location.longitude))
                .or_default()
                .push(position);
            *categories.entry(org.category.as_str()).or_default() += 1;
            let index = match category_index.get(&org.category) {
                Some(&index) => index,
                None => {
                    // The categories are read with the entries, in one transaction: this does
                    // not happen, but if it did the cluster would still count the entry.
                    let index =
                        u16::try_from(snapshot.cluster_categories.len()).unwrap_or(u16::MAX);
                    snapshot.cluster_categories.push(org.category.clone());
                    category_index.insert(org.category.clone(), index);
                    index
                }
            };
            snapshot.entry_categories.push(index);
            *countries.entry(org.country.as_str()).or_default() += 1;
            for key in &org.focus_areas {
                *focus.entry(key.as_str()).or_default() += 1;
            }
        }
        let owned = |counts: HashMap<&str, i64>| {
            counts.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
        };
        snapshot.category_counts = owned(categories);
        snapshot.country_counts = owned(countries);
        snapshot.focus_area_counts = owned(focus);
        snapshot.entries = entries;
        snapshot
    }

    /// Every entry, for a refresh that keeps the unchanged ones.
    pub fn entries(&self) -> &[Arc<SearchableOrganization>] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Filter keys that name no category or focus area.
    pub fn unknown_keys(&self, filter: &OrganizationFilter) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for key in &filter.categories {
            if !self.category_keys.iter().any(|k| k == key.as_str()) {
                errors.push(FieldError::new(
                    "category",
                    "unknown_category",
                    format!("no category has the key {key}"),
                ));
            }
        }
        for key in &filter.focus_areas {
            if !self.focus_area_keys.iter().any(|k| k == key.as_str()) {
                errors.push(FieldError::new(
                    "focus",
                    "unknown_focus_area",
                    format!("no focus area has the key {key}"),
                ));
            }
        }
        errors
    }

    /// A published organisation by id.
    pub fn by_id(&self, id: OrganizationId) -> Option<&Organization> {
        self.by_id
            .get(&id)
            .map(|&position| &self.entries[position].organization)
    }

    /// A published organisation by id or slug.
    pub fn find(&self, id_or_slug: &str) -> Option<&Organization> {
        let position = match id_or_slug.parse::<OrganizationId>() {
            Ok(id) => self.by_id.get(&id).copied(),
            // Entries are sorted by slug.
            Err(_) => self
                .entries
                .binary_search_by(|e| e.organization.slug.as_str().cmp(id_or_slug))
                .ok(),
        };
        position.map(|p| &self.entries[p].organization)
    }

    /// One page of organisations matching `filter` now, in slug order, and the next page's
    /// cursor.
    pub fn page(&self, filter: &OrganizationFilter) -> (Vec<Organization>, Option<Cursor>) {
        self.page_at(filter, Utc::now())
    }

    /// [`Self::page`] for a reader at `now` (the filter on confirmations counts from it).
    pub fn page_at(
        &self,
        filter: &OrganizationFilter,
        now: DateTime<Utc>,
    ) -> (Vec<Organization>, Option<Cursor>) {
        let confirmed_since = filter.confirmed_since(now);
        let start = filter.cursor.as_ref().map_or(0, |cursor| {
            let after = cursor.last_slug().as_str();
            self.entries
                .partition_point(|e| e.organization.slug.as_str() <= after)
        });
        let limit = filter.limit.get() as usize;
        let mut items = Vec::with_capacity(limit.min(self.entries.len()));
        let mut take = |position: usize| -> bool {
            let entry = &self.entries[position];
            if !matches(entry, filter, confirmed_since) {
                return true;
            }
            if items.len() == limit {
                return false;
            }
            items.push(entry.organization.clone());
            true
        };
        let mut more = false;
        match filter
            .bbox
            .and_then(|bbox| self.cell_candidates(bbox, start))
        {
            Some(candidates) => {
                for position in candidates {
                    if !take(position) {
                        more = true;
                        break;
                    }
                }
            }
            None => {
                for position in start..self.entries.len() {
                    if !take(position) {
                        more = true;
                        break;
                    }
                }
            }
        }
        let next = if more {
            items
                .last()
                .and_then(|o| Slug::parse(&o.slug).ok())
                .map(Cursor::after)
        } else {
            None
        };
        (items, next)
    }

    /// The cluster index of the organisations matching `filter` now (its bbox, cursor and
    /// limit are ignored), built on first use and kept for the snapshot's life. The unfiltered
    /// index is built with the snapshot.
    pub fn clusters(&self, filter: &OrganizationFilter) -> Arc<ClusterIndex> {
        self.clusters_at(filter, Utc::now())
    }

    /// [`Self::clusters`] for a reader at `now`. A filter on confirmations is kept under the
    /// day it counts from, so an index is built at most once a day for it.
    pub fn clusters_at(
        &self,
        filter: &OrganizationFilter,
        now: DateTime<Utc>,
    ) -> Arc<ClusterIndex> {
        let confirmed_since = filter.confirmed_since(now);
        let key = cluster_key(filter, confirmed_since);
        if let Some(index) = self
            .cluster_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return index.clone();
        }
        let points: Vec<PointInput> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| matches_ignoring_bbox(entry, filter, confirmed_since))
            .map(|(position, entry)| PointInput {
                latitude: entry.organization.location.latitude,
                longitude: entry.organization.location.longitude,
                handle: position as u32,
                category: self.entry_categories[position],
            })
            .collect();
        let index = Arc::new(ClusterIndex::build(&points, ClusterOptions::default()));
        let mut cache = self.cluster_cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_CACHED_CLUSTER_INDEXES {
            cache.clear();
        }
        cache.insert(key, index.clone());
        index
    }

    /// The key of a category as the cluster index counts it ([`crate::map::CategoryCount`]).
    pub fn category_key(&self, index: u16) -> &str {
        self.cluster_categories
            .get(usize::from(index))
            .map_or("", String::as_str)
    }

    /// The organisation behind a cluster index handle.
    pub fn by_handle(&self, handle: u32) -> Option<&Organization> {
        self.entries.get(handle as usize).map(|e| &e.organization)
    }

    /// Whether [`Self::page`] only looks at a few grid cells (no scan, no free text).
    pub fn answers_quickly(&self, filter: &OrganizationFilter) -> bool {
        filter.q.is_none()
            && filter
                .bbox
                .is_some_and(|bbox| cell_count(bbox) <= MAX_GRID_CELLS)
    }

    /// Positions in the grid cells a small bbox covers, from `start` on, ascending; `None` when
    /// the bbox covers too many cells for the grid to help.
    fn cell_candidates(&self, bbox: BBox, start: usize) -> Option<Vec<usize>> {
        let (lat_from, lon_from) = cell_of(bbox.min_lat.value(), bbox.min_lon.value());
        let (lat_to, lon_to) = cell_of(bbox.max_lat.value(), bbox.max_lon.value());
        let cells = (i64::from(lat_to) - i64::from(lat_from) + 1)
            * (i64::from(lon_to) - i64::from(lon_from) + 1);
        if cells > MAX_GRID_CELLS {
            return None;
        }
        let mut positions: Vec<usize> = (lat_from..=lat_to)
            .flat_map(|lat| (lon_from..=lon_to).map(move |lon| (lat, lon)))
            .filter_map(|cell| self.grid.get(&cell))
            .flatten()
            .copied()
            .filter(|&p| p >= start)
            .collect();
        positions.sort_unstable();
        Some(positions)
    }
}

/// The part of a filter that selects which organisations are clustered: a filter on
/// confirmations by the day it counts from.
fn cluster_key(filter: &OrganizationFilter, confirmed_since: Option<DateTime<Utc>>) -> String {
    let mut query = filter.to_query();
    query.bbox = None;
    query.cursor = None;
    query.limit = None;
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        query.category,
        query.country,
        query.focus,
        query.q,
        query.updated_since,
        confirmed_since.map(|t| t.date_naive())
    )
}

fn matches(
    entry: &SearchableOrganization,
    filter: &OrganizationFilter,
    confirmed_since: Option<DateTime<Utc>>,
) -> bool {
    let org = &entry.organization;
    if let Some(bbox) = filter.bbox
        && !bbox.contains(org.location.latitude, org.location.longitude)
    {
        return false;
    }
    matches_ignoring_bbox(entry, filter, confirmed_since)
}

/// `confirmed_since`: the filter's `confirmed_within` resolved for the reader's day.
fn matches_ignoring_bbox(
    entry: &SearchableOrganization,
    filter: &OrganizationFilter,
    confirmed_since: Option<DateTime<Utc>>,
) -> bool {
    let org = &entry.organization;
    if let Some(since) = confirmed_since
        && org.last_confirmed_at < since
    {
        return false;
    }
    if !filter.categories.is_empty()
        && !filter.categories.iter().any(|k| k.as_str() == org.category)
    {
        return false;
    }
    if !filter.countries.is_empty() && !filter.countries.iter().any(|c| c.as_str() == org.country) {
        return false;
    }
    if !filter.focus_areas.is_empty()
        && !filter
            .focus_areas
            .iter()
            .any(|k| org.focus_areas.iter().any(|f| f == k.as_str()))
    {
        return false;
    }
    if let Some(since) = filter.updated_since
        && org.updated_at < since
    {
        return false;
    }
    if let Some(q) = &filter.q
        && !q
            .terms()
            .iter()
            .all(|term| entry.search_text.contains(term.as_str()))
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::MapItem;
    use shared::api::{GeoPoint, OrganizationQuery};
    use shared::domain::Precision;

    fn entry(i: u32, category: &str) -> Arc<SearchableOrganization> {
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        Arc::new(SearchableOrganization {
            organization: Organization {
                id: OrganizationId::from_uuid(uuid::Uuid::from_u128(u128::from(i) + 1)),
                slug: format!("group-{i:04}"),
                name: format!("Group {i}"),
                name_ar: None,
                category: category.to_owned(),
                description: String::new(),
                original_language: None,
                translations: Default::default(),
                city: "Paris".to_owned(),
                city_ar: None,
                country: "FR".to_owned(),
                // A few hundred metres apart: one cluster at the world view.
                location: GeoPoint {
                    latitude: 48.85 + f64::from(i % 10) * 0.002,
                    longitude: 2.35 + f64::from(i / 10) * 0.002,
                },
                precision: Precision::Exact,
                website: None,
                links: Vec::new(),
                languages: Vec::new(),
                focus_areas: Vec::new(),
                featured: false,
                created_at: at,
                updated_at: at,
                last_confirmed_at: at,
            },
            search_text: String::new(),
        })
    }

    /// The clusters of the world view for a category filter (`None`: all), as (count, shares
    /// by category key).
    fn world_clusters(
        snapshot: &Snapshot,
        category: Option<&str>,
    ) -> Vec<(u32, Vec<(String, u32)>)> {
        let filter = OrganizationQuery {
            category: category.map(str::to_owned),
            ..OrganizationQuery::default()
        }
        .parse()
        .unwrap_or_default();
        let index = snapshot.clusters(&filter);
        index
            .query([-180.0, -85.0, 180.0, 85.0], 2.0)
            .into_iter()
            .filter_map(|item| match item {
                MapItem::Cluster { count, shares, .. } => Some((
                    count,
                    index
                        .shares(shares)
                        .iter()
                        .map(|s| (snapshot.category_key(s.category).to_owned(), s.count))
                        .collect(),
                )),
                MapItem::Point { .. } => None,
            })
            .collect()
    }

    #[test]
    fn clusters_name_their_categories_and_a_category_filter_leaves_only_that_one() {
        let entries = (0..30)
            .map(|i| entry(i, if i % 3 == 0 { "media" } else { "student_group" }))
            .collect();
        let keys = vec!["media".to_owned(), "student_group".to_owned()];
        let snapshot = Snapshot::build(entries, keys, Vec::new());
        let pair = |key: &str, n: u32| (key.to_owned(), n);
        assert_eq!(
            world_clusters(&snapshot, None),
            vec![(30, vec![pair("student_group", 20), pair("media", 10)])]
        );
        assert_eq!(
            world_clusters(&snapshot, Some("media")),
            vec![(10, vec![pair("media", 10)])]
        );
    }

    #[test]
    fn an_entry_of_a_category_missing_from_the_list_is_still_counted_under_its_key() {
        let snapshot = Snapshot::build(
            vec![entry(1, "media"), entry(2, "newer")],
            vec!["media".to_owned()],
            Vec::new(),
        );
        assert_eq!(
            world_clusters(&snapshot, None),
            vec![(2, vec![("media".to_owned(), 1), ("newer".to_owned(), 1)])]
        );
    }

    #[test]
    fn a_filter_on_confirmations_counts_from_the_readers_day_and_is_cached_per_day() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let days = |n: i64| now - chrono::Duration::days(n);
        let aged = |i: u32, age: i64| {
            let Ok(mut entry) = Arc::try_unwrap(entry(i, "media")) else {
                panic!("a fresh entry has one owner");
            };
            entry.organization.last_confirmed_at = days(age);
            Arc::new(entry)
        };
        let snapshot = Snapshot::build(
            vec![aged(1, 10), aged(2, 150), aged(3, 300), aged(4, 400)],
            vec!["media".to_owned()],
            Vec::new(),
        );
        let within = |months: &str| {
            OrganizationQuery {
                confirmed_within: Some(months.to_owned()),
                ..OrganizationQuery::default()
            }
            .parse()
            .unwrap_or_default()
        };
        let counted = |index: &ClusterIndex| -> u32 {
            index
                .query([-180.0, -85.0, 180.0, 85.0], 22.0)
                .iter()
                .map(MapItem::members)
                .sum()
        };
        assert_eq!(counted(&snapshot.clusters_at(&within("6"), now)), 2);
        assert_eq!(counted(&snapshot.clusters_at(&within("12"), now)), 3);
        assert_eq!(snapshot.page_at(&within("12"), now).0.len(), 3);
        // Two months later the same filter leaves out one more: another day, another index.
        let later = now + chrono::Duration::days(60);
        assert_eq!(counted(&snapshot.clusters_at(&within("6"), later)), 1);
        assert_eq!(snapshot.page_at(&within("6"), later).0.len(), 1);
        // Within a day (this `now` is 08:00 UTC), the index is built once.
        assert!(Arc::ptr_eq(
            &snapshot.clusters_at(&within("6"), now),
            &snapshot.clusters_at(&within("6"), now + chrono::Duration::hours(1)),
        ));
    }
}
