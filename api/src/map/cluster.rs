use rustc_hash::FxHashMap as HashMap;
use std::f64::consts::PI;

/// Tuning of the clustering, in the units of supercluster (pixels of a 256-pixel tile).
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// Points closer than this many pixels at a zoom are merged.
    pub radius_px: f64,
    /// The most detailed zoom that still clusters; above it every point stands alone.
    pub max_zoom: u8,
    /// The fewest points that make a cluster.
    pub min_points: u32,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        Self {
            radius_px: 60.0,
            max_zoom: 16,
            min_points: 2,
        }
    }
}

/// One point to cluster: its position, the caller's handle for it and its category (an index
/// into the caller's list of categories).
#[derive(Debug, Clone, Copy)]
pub struct PointInput {
    pub latitude: f64,
    pub longitude: f64,
    pub handle: u32,
    pub category: u16,
}

/// How many of a cluster's members are in one category (an index into the caller's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryCount {
    pub category: u16,
    pub count: u32,
}

/// Where a cluster's [`CategoryCount`]s are in its index: read them with
/// [`ClusterIndex::shares`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shares {
    start: u32,
    end: u32,
}

/// What a viewport shows at one zoom: a cluster, or a single point (by its handle).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MapItem {
    Cluster {
        latitude: f64,
        longitude: f64,
        count: u32,
        /// The members' extent: `[min_lon, min_lat, max_lon, max_lat]`.
        bbox: [f64; 4],
        /// The zoom at which the cluster breaks apart.
        expansion_zoom: u8,
        /// Its members per category, largest first.
        shares: Shares,
    },
    Point {
        latitude: f64,
        longitude: f64,
        handle: u32,
    },
}

impl MapItem {
    /// How many organisations this stands for.
    pub fn members(&self) -> u32 {
        match self {
            MapItem::Cluster { count, .. } => *count,
            MapItem::Point { .. } => 1,
        }
    }
}

/// A node of one level: a point (`count == 1`) or a cluster, in Web Mercator units (0..1).
#[derive(Debug, Clone, Copy)]
struct Node {
    x: f64,
    y: f64,
    count: u32,
    /// The point's handle, or the index of the cluster's extent in `extents`.
    payload: u32,
    /// The zoom at which this node was formed (for clusters), so it expands one level deeper.
    zoom: u8,
    /// The point's category (unused for clusters: their shares are in `ShareTable`). It fits in
    /// the node's padding: a node is 32 bytes with or without it.
    category: u16,
}

/// Members' extent in Mercator units: min_x, min_y, max_x, max_y.
type Extent = [f64; 4];

pub struct ClusterIndex {
    options: ClusterOptions,
    /// `levels[z]` for z in 0..=max_zoom+1; the last level holds the raw points.
    levels: Vec<Level>,
    /// Per cluster (by its payload), its members' extent and their shares per category.
    extents: Vec<Extent>,
    shares: ShareTable,
}

/// Every cluster's members per category, as supercluster's map/reduce keeps properties: each
/// cluster's counts are summed from its children's when it is formed. Cluster `i`'s run is
/// `counts[ends[i - 1]..ends[i]]`, largest first: no allocation per cluster, and a cluster
/// holds only the categories it has.
#[derive(Default)]
struct ShareTable {
    counts: Vec<CategoryCount>,
    ends: Vec<u32>,
    /// While building: the cluster being formed, per category index, and which are non-zero.
    tally: Vec<u32>,
    touched: Vec<u16>,
}

impl ShareTable {
    fn range(&self, cluster: u32) -> Shares {
        let cluster = cluster as usize;
        let start = if cluster == 0 {
            0
        } else {
            self.ends[cluster - 1]
        };
        Shares {
            start,
            end: self.ends[cluster],
        }
    }

    /// Counts `node`'s members into the cluster being formed.
    fn add(&mut self, node: &Node) {
        if node.count == 1 {
            self.bump(node.category, 1);
        } else {
            let Shares { start, end } = self.range(node.payload);
            for i in start..end {
                let share = self.counts[i as usize];
                self.bump(share.category, share.count);
            }
        }
    }

    fn bump(&mut self, category: u16, count: u32) {
        let slot = &mut self.tally[usize::from(category)];
        if *slot == 0 {
            self.touched.push(category);
        }
        *slot += count;
    }

    /// Stores the cluster being formed, largest share first (ties by category index).
    fn close(&mut self) {
        let start = self.counts.len();
        for &category in &self.touched {
            let slot = &mut self.tally[usize::from(category)];
            self.counts.push(CategoryCount {
                category,
                count: *slot,
            });
            *slot = 0;
        }
        self.touched.clear();
        self.counts[start..]
            .sort_unstable_by(|a, b| b.count.cmp(&a.count).then(a.category.cmp(&b.category)));
        self.ends.push(self.counts.len() as u32);
    }
}

/// One zoom's nodes, sorted by the tile (at that zoom, capped) they fall in, with each tile's
/// range: no allocation per tile, and a tile's nodes sit together in memory.
struct Level {
    nodes: Vec<Node>,
    tile_zoom: u8,
    tiles: HashMap<u64, (u32, u32)>,
}

fn tile_key((x, y): (u32, u32)) -> u64 {
    (u64::from(x) << 32) | u64::from(y)
}

/// Sorts `nodes` by `key` and returns each key's `start..end` range.
fn bucket(nodes: &mut Vec<Node>, key: impl Fn(&Node) -> u64) -> HashMap<u64, (u32, u32)> {
    let mut keyed: Vec<(u64, Node)> = nodes.drain(..).map(|n| (key(&n), n)).collect();
    keyed.sort_unstable_by_key(|(k, _)| *k);
    let mut ranges: HashMap<u64, (u32, u32)> = HashMap::default();
    for (i, (k, node)) in keyed.into_iter().enumerate() {
        let i = i as u32;
        ranges
            .entry(k)
            .and_modify(|r| r.1 = i + 1)
            .or_insert((i, i + 1));
        nodes.push(node);
    }
    ranges
}

const MAX_LATITUDE: f64 = 85.051_128_78;
const MAX_TILE_ZOOM: u8 = 12;

fn project(latitude: f64, longitude: f64) -> (f64, f64) {
    let lat = latitude.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = longitude / 360.0 + 0.5;
    let y = 0.5 - ((PI / 4.0 + lat / 2.0).tan().ln()) / (2.0 * PI);
    (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0))
}

fn unproject(x: f64, y: f64) -> (f64, f64) {
    let longitude = (x - 0.5) * 360.0;
    let latitude = (2.0 * ((PI - 2.0 * PI * y).exp()).atan() - PI / 2.0).to_degrees();
    (latitude, longitude)
}

impl Level {
    fn new(mut nodes: Vec<Node>, zoom: u8) -> Self {
        let tile_zoom = zoom.min(MAX_TILE_ZOOM);
        let scale = f64::from(1u32 << tile_zoom);
        let tiles = bucket(&mut nodes, |n| tile_key(tile_of(n.x, n.y, scale)));
        Self {
            nodes,
            tile_zoom,
            tiles,
        }
    }
}

fn tile_of(x: f64, y: f64, scale: f64) -> (u32, u32) {
    let max = scale - 1.0;
    (
        (x * scale).floor().clamp(0.0, max) as u32,
        (y * scale).floor().clamp(0.0, max) as u32,
    )
}

impl ClusterIndex {
    pub fn build(points: &[PointInput], options: ClusterOptions) -> Self {
        let mut extents = Vec::new();
        let categories = points.iter().map(|p| usize::from(p.category) + 1).max();
        let mut shares = ShareTable {
            tally: vec![0; categories.unwrap_or(0)],
            ..ShareTable::default()
        };
        let top = options.max_zoom + 1;
        let mut current: Vec<Node> = points
            .iter()
            .map(|p| {
                let (x, y) = project(p.latitude, p.longitude);
                Node {
                    x,
                    y,
                    count: 1,
                    payload: p.handle,
                    zoom: u8::MAX,
                    category: p.category,
                }
            })
            .collect();
        let mut levels_top_down = Vec::with_capacity(usize::from(top) + 1);
        for zoom in (0..=options.max_zoom).rev() {
            let next = cluster_level(&current, zoom, &options, &mut extents, &mut shares);
            levels_top_down.push(Level::new(current, zoom + 1));
            current = next;
        }
        levels_top_down.push(Level::new(current, 0));
        levels_top_down.reverse();
        shares.tally = Vec::new();
        shares.touched = Vec::new();
        shares.counts.shrink_to_fit();
        shares.ends.shrink_to_fit();
        Self {
            options,
            levels: levels_top_down,
            extents,
            shares,
        }
    }

    /// A cluster's members per category, largest first; their counts add up to its count.
    pub fn shares(&self, shares: Shares) -> &[CategoryCount] {
        self.shares
            .counts
            .get(shares.start as usize..shares.end as usize)
            .unwrap_or_default()
    }

    /// The bytes the index holds on the heap, counted by capacity (a hash table at its entries
    /// plus one control byte each): what the benchmark reports as the index's memory.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let levels: usize = self
            .levels
            .iter()
            .map(|level| {
                level.nodes.capacity() * size_of::<Node>()
                    + level.tiles.capacity() * (size_of::<(u64, (u32, u32))>() + 1)
            })
            .sum();
        levels
            + self.levels.capacity() * size_of::<Level>()
            + self.extents.capacity() * size_of::<Extent>()
            + self.shares.counts.capacity() * size_of::<CategoryCount>()
            + self.shares.ends.capacity() * size_of::<u32>()
    }

    /// The items of the level for `zoom` inside the bbox `[min_lon, min_lat, max_lon, max_lat]`.
    pub fn query(&self, bbox: [f64; 4], zoom: f64) -> Vec<MapItem> {
        let top = usize::from(self.options.max_zoom) + 1;
        let level_index = (zoom.floor().max(0.0) as usize).min(top);
        let level = &self.levels[level_index];
        let (min_x, max_y) = project(bbox[1], bbox[0]);
        let (max_x, min_y) = project(bbox[3], bbox[2]);
        let scale = f64::from(1u32 << level.tile_zoom);
        let (tx0, ty0) = tile_of(min_x, min_y, scale);
        let (tx1, ty1) = tile_of(max_x, max_y, scale);
        let mut out = Vec::new();
        let tile_count = u64::from(tx1 - tx0 + 1) * u64::from(ty1 - ty0 + 1);
        let mut visit = |node: &Node| {
            if node.x >= min_x && node.x <= max_x && node.y >= min_y && node.y <= max_y {
                out.push(self.item(*node));
            }
        };
        if tile_count as usize > level.tiles.len() {
            level.nodes.iter().for_each(&mut visit);
        } else {
            for tx in tx0..=tx1 {
                for ty in ty0..=ty1 {
                    if let Some(&(start, end)) = level.tiles.get(&tile_key((tx, ty))) {
                        level.nodes[start as usize..end as usize]
                            .iter()
                            .for_each(&mut visit);
                    }
                }
            }
        }
        out
    }

    fn item(&self, node: Node) -> MapItem {
        let (latitude, longitude) = unproject(node.x, node.y);
        if node.count == 1 {
            return MapItem::Point {
                latitude,
                longitude,
                handle: node.payload,
            };
        }
        let extent = self.extents[node.payload as usize];
        let (min_lat, min_lon) = unproject(extent[0], extent[3]);
        let (max_lat, max_lon) = unproject(extent[2], extent[1]);
        MapItem::Cluster {
            latitude,
            longitude,
            count: node.count,
            bbox: [min_lon, min_lat, max_lon, max_lat],
            expansion_zoom: node.zoom.saturating_add(1),
            shares: self.shares.range(node.payload),
        }
    }
}

/// Clusters one level's nodes for `zoom`: greedy, in input order, merging every unvisited
/// neighbour within the radius (bucketed in a grid of radius-sized cells, so each search looks
/// at 3 x 3 cells).
fn cluster_level(
    nodes: &[Node],
    zoom: u8,
    options: &ClusterOptions,
    extents: &mut Vec<Extent>,
    shares: &mut ShareTable,
) -> Vec<Node> {
    let radius = options.radius_px / (256.0 * f64::from(1u32 << zoom));
    let cell = |x: f64, y: f64| ((x / radius).floor() as i64, (y / radius).floor() as i64);
    // Cells are at most 2^24 a side (radius >= 60 px of a zoom-16 world), so a pair packs in a u64.
    let cell_key = |(cx, cy): (i64, i64)| ((cx as u64) << 32) | (cy as u64 & 0xFFFF_FFFF);
    let mut sorted = nodes.to_vec();
    let cells = bucket(&mut sorted, |n| cell_key(cell(n.x, n.y)));
    let nodes = &sorted;
    let mut visited = vec![false; nodes.len()];
    let mut out = Vec::with_capacity(nodes.len() / 2 + 1);
    let radius_sq = radius * radius;
    let mut neighbours = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if visited[i] {
            continue;
        }
        visited[i] = true;
        neighbours.clear();
        let (cx, cy) = cell(node.x, node.y);
        let mut count = node.count;
        for gx in cx - 1..=cx + 1 {
            for gy in cy - 1..=cy + 1 {
                let Some(&(start, end)) = cells.get(&cell_key((gx, gy))) else {
                    continue;
                };
                for j in start..end {
                    let j = j as usize;
                    if visited[j] {
                        continue;
                    }
                    let other = &nodes[j];
                    let (dx, dy) = (other.x - node.x, other.y - node.y);
                    if dx * dx + dy * dy <= radius_sq {
                        neighbours.push(j);
                        count += other.count;
                    }
                }
            }
        }
        if neighbours.is_empty() || count < options.min_points {
            out.push(*node);
            continue;
        }
        let mut weighted_x = node.x * f64::from(node.count);
        let mut weighted_y = node.y * f64::from(node.count);
        let mut extent = node_extent(node, extents);
        shares.add(node);
        for &j in &neighbours {
            let other = &nodes[j];
            visited[j] = true;
            shares.add(other);
            weighted_x += other.x * f64::from(other.count);
            weighted_y += other.y * f64::from(other.count);
            let e = node_extent(other, extents);
            extent = [
                extent[0].min(e[0]),
                extent[1].min(e[1]),
                extent[2].max(e[2]),
                extent[3].max(e[3]),
            ];
        }
        extents.push(extent);
        shares.close();
        out.push(Node {
            x: weighted_x / f64::from(count),
            y: weighted_y / f64::from(count),
            count,
            payload: (extents.len() - 1) as u32,
            zoom,
            category: 0,
        });
    }
    out
}

fn node_extent(node: &Node, extents: &[Extent]) -> Extent {
    if node.count == 1 {
        [node.x, node.y, node.x, node.y]
    } else {
        extents[node.payload as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(n: u32) -> Vec<PointInput> {
        (0..n)
            .map(|i| PointInput {
                latitude: -60.0 + f64::from(i % 97) * 1.3,
                longitude: -170.0 + f64::from(i % 89) * 3.9 + f64::from(i / 8633) * 0.001,
                handle: i,
                // Uneven: category 0 the most common, 4 the rarest.
                category: [0, 0, 0, 1, 1, 2, 3, 0, 1, 4][(i % 10) as usize],
            })
            .collect()
    }

    fn total(items: &[MapItem]) -> u32 {
        items.iter().map(MapItem::members).sum()
    }

    const WORLD: [f64; 4] = [-180.0, -85.0, 180.0, 85.0];

    #[test]
    fn every_zoom_accounts_for_every_point_exactly_once() {
        let input = points(5000);
        let index = ClusterIndex::build(&input, ClusterOptions::default());
        for zoom in 0..=18 {
            assert_eq!(
                total(&index.query(WORLD, f64::from(zoom))),
                5000,
                "zoom {zoom}"
            );
        }
    }

    #[test]
    fn the_world_view_is_clustered_and_the_deepest_view_is_not() {
        let index = ClusterIndex::build(&points(5000), ClusterOptions::default());
        assert!(index.query(WORLD, 0.0).len() < 200);
        let deepest = index.query(WORLD, 17.0);
        assert!(deepest.iter().all(|i| matches!(i, MapItem::Point { .. })));
        let mut handles: Vec<u32> = deepest
            .iter()
            .filter_map(|i| match i {
                MapItem::Point { handle, .. } => Some(*handle),
                MapItem::Cluster { .. } => None,
            })
            .collect();
        handles.sort_unstable();
        assert_eq!(handles, (0..5000).collect::<Vec<_>>());
    }

    #[test]
    fn a_cluster_contains_its_members_and_expands_deeper() {
        let index = ClusterIndex::build(&points(2000), ClusterOptions::default());
        for item in index.query(WORLD, 3.0) {
            if let MapItem::Cluster {
                latitude,
                longitude,
                bbox,
                expansion_zoom,
                ..
            } = item
            {
                assert!(bbox[0] - 1e-9 <= longitude && longitude <= bbox[2] + 1e-9);
                assert!(bbox[1] - 1e-9 <= latitude && latitude <= bbox[3] + 1e-9);
                assert!(expansion_zoom > 3);
            }
        }
    }

    #[test]
    fn a_viewport_returns_only_what_is_inside_it() {
        let index = ClusterIndex::build(&points(3000), ClusterOptions::default());
        let bbox = [0.0, 0.0, 40.0, 30.0];
        for item in index.query(bbox, 10.0) {
            let (lat, lon) = match item {
                MapItem::Cluster {
                    latitude,
                    longitude,
                    ..
                }
                | MapItem::Point {
                    latitude,
                    longitude,
                    ..
                } => (latitude, longitude),
            };
            assert!(
                (0.0..=40.0).contains(&lon) && (0.0..=30.0).contains(&lat),
                "{lat},{lon}"
            );
        }
    }

    /// Every cluster's shares at `zoom`, with its count.
    fn clusters_at(index: &ClusterIndex, zoom: u8) -> Vec<(u32, Vec<CategoryCount>)> {
        index
            .query(WORLD, f64::from(zoom))
            .into_iter()
            .filter_map(|item| match item {
                MapItem::Cluster { count, shares, .. } => {
                    Some((count, index.shares(shares).to_vec()))
                }
                MapItem::Point { .. } => None,
            })
            .collect()
    }

    #[test]
    fn shares_add_up_to_each_cluster_and_to_every_category_at_every_zoom() {
        let input = points(5000);
        let mut expected = [0u32; 5];
        for p in &input {
            expected[usize::from(p.category)] += 1;
        }
        let index = ClusterIndex::build(&input, ClusterOptions::default());
        for zoom in 0..=17 {
            let mut seen = [0u32; 5];
            for item in index.query(WORLD, f64::from(zoom)) {
                match item {
                    MapItem::Cluster { count, shares, .. } => {
                        let shares = index.shares(shares);
                        assert_eq!(shares.iter().map(|s| s.count).sum::<u32>(), count);
                        assert!(shares.windows(2).all(|w| w[0].count >= w[1].count));
                        assert!(shares.iter().all(|s| s.count > 0));
                        for share in shares {
                            seen[usize::from(share.category)] += share.count;
                        }
                    }
                    MapItem::Point { handle, .. } => {
                        seen[usize::from(input[handle as usize].category)] += 1;
                    }
                }
            }
            assert_eq!(seen, expected, "zoom {zoom}");
        }
        assert!(
            clusters_at(&index, 0).iter().any(|(_, s)| s.len() == 5),
            "the world view mixes every category"
        );
    }

    #[test]
    fn the_largest_category_comes_first() {
        let at = |i: u32, category: u16| PointInput {
            latitude: 48.85 + f64::from(i) * 0.001,
            longitude: 2.35,
            handle: i,
            category,
        };
        // Built from several sub-clusters at the deeper zooms: the counts must be summed, not
        // taken from the first child.
        let input: Vec<PointInput> = (0..12)
            .map(|i| at(i, if i % 4 == 0 { 7 } else { 2 }))
            .chain((12..14).map(|i| at(i, 5)))
            .collect();
        let index = ClusterIndex::build(&input, ClusterOptions::default());
        let world = clusters_at(&index, 2);
        assert_eq!(
            world,
            vec![(
                14,
                vec![
                    CategoryCount {
                        category: 2,
                        count: 9
                    },
                    CategoryCount {
                        category: 7,
                        count: 3
                    },
                    CategoryCount {
                        category: 5,
                        count: 2
                    },
                ]
            )]
        );
    }

    #[test]
    fn points_of_one_category_make_clusters_of_that_category_only() {
        // What the snapshot builds for a category filter: only that category's points.
        let input: Vec<PointInput> = points(3000)
            .into_iter()
            .filter(|p| p.category == 3)
            .collect();
        let index = ClusterIndex::build(&input, ClusterOptions::default());
        for zoom in 0..=16 {
            for (count, shares) in clusters_at(&index, zoom) {
                assert_eq!(
                    shares,
                    vec![CategoryCount { category: 3, count }],
                    "zoom {zoom}"
                );
            }
        }
        assert!(!clusters_at(&index, 0).is_empty());
    }

    #[test]
    fn projection_round_trips() {
        for (lat, lon) in [
            (31.7767, 35.2345),
            (-33.9, 18.4),
            (0.0, 0.0),
            (60.0, -150.0),
        ] {
            let (x, y) = project(lat, lon);
            let (lat2, lon2) = unproject(x, y);
            assert!((lat - lat2).abs() < 1e-9 && (lon - lon2).abs() < 1e-9);
        }
    }
}
