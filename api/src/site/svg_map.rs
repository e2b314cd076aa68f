//! The map drawn by the server as SVG: the same Natural Earth outlines the app draws
//! (`web/static/basemap/world-110m.json`), in Web Mercator at the app's zoom levels, so that a
//! view (`at=lat,lon,zoom`) shows the same part of the world with or without scripts.

use std::f64::consts::PI;
use std::fmt::Write;
use std::sync::LazyLock;

/// The drawing's size in SVG units (it scales to the width of the page).
pub const WIDTH: f64 = 800.0;
pub const HEIGHT: f64 = 450.0;
/// Web Mercator's pixel size of the world at zoom 0 (Leaflet's 256-pixel tiles).
const TILE: f64 = 256.0;
const MIN_ZOOM: u8 = 2;
pub const MAX_ZOOM: u8 = 18;
/// Web Mercator stops here.
const MAX_LATITUDE: f64 = 85.051_128_78;

/// Where the map looks: a centre and a zoom level, as `at=lat,lon,zoom` in the URL (the app's
/// format: `web/src/state.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub latitude: f64,
    pub longitude: f64,
    pub zoom: u8,
}

/// x and y in pixels of the world at zoom 0 (0..256).
fn world_point(latitude: f64, longitude: f64) -> (f64, f64) {
    let lat = latitude.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (longitude + 180.0) / 360.0 * TILE;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * TILE;
    (x, y)
}

fn world_coordinates(x: f64, y: f64) -> (f64, f64) {
    let longitude = x / TILE * 360.0 - 180.0;
    let n = PI * (1.0 - 2.0 * y / TILE);
    let latitude = n.sinh().atan().to_degrees();
    (latitude, longitude)
}

impl MapView {
    /// The first view: the whole world, Jerusalem near the middle (the app's `View::WORLD`).
    pub const WORLD: MapView = MapView {
        latitude: 25.0,
        longitude: 20.0,
        zoom: 2,
    };

    /// `lat,lon,zoom`; `None` when it is not three numbers in range.
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<f64> = text
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .ok()?;
        match parts[..] {
            [latitude, longitude, zoom]
                if (-90.0..=90.0).contains(&latitude)
                    && (-180.0..=180.0).contains(&longitude)
                    && (0.0..=22.0).contains(&zoom) =>
            {
                Some(
                    Self {
                        latitude,
                        longitude,
                        zoom: zoom.round() as u8,
                    }
                    .clamped(),
                )
            }
            _ => None,
        }
    }

    /// The view moved so that it shows only the world (no grey beyond the poles or the date
    /// line), at a zoom the drawing supports.
    pub fn clamped(self) -> Self {
        let zoom = self.zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        let size = TILE * f64::from(1u32 << zoom);
        let scale = size / TILE;
        let (x, y) = world_point(self.latitude, self.longitude);
        let (x, y) = (x * scale, y * scale);
        let x = x.clamp(WIDTH / 2.0, (size - WIDTH / 2.0).max(WIDTH / 2.0));
        let y = y.clamp(HEIGHT / 2.0, (size - HEIGHT / 2.0).max(HEIGHT / 2.0));
        let (latitude, longitude) = world_coordinates(x / scale, y / scale);
        Self {
            latitude,
            longitude,
            zoom,
        }
    }

    fn scale(&self) -> f64 {
        f64::from(1u32 << self.zoom)
    }

    /// The top-left corner in pixels of the world at this zoom.
    fn origin(&self) -> (f64, f64) {
        let (x, y) = world_point(self.latitude, self.longitude);
        let scale = self.scale();
        (x * scale - WIDTH / 2.0, y * scale - HEIGHT / 2.0)
    }

    /// Where a point is drawn.
    pub fn project(&self, latitude: f64, longitude: f64) -> (f64, f64) {
        let (x, y) = world_point(latitude, longitude);
        let (ox, oy) = self.origin();
        let scale = self.scale();
        (x * scale - ox, y * scale - oy)
    }

    fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        let (ox, oy) = self.origin();
        let scale = self.scale();
        world_coordinates((x + ox) / scale, (y + oy) / scale)
    }

    /// `[west, south, east, north]` of what the drawing shows.
    pub fn bbox(&self) -> [f64; 4] {
        let (north, west) = self.unproject(0.0, 0.0);
        let (south, east) = self.unproject(WIDTH, HEIGHT);
        [
            west.clamp(-180.0, 180.0),
            south.clamp(-90.0, 90.0),
            east.clamp(-180.0, 180.0),
            north.clamp(-90.0, 90.0),
        ]
    }

    /// The URL form, as the app writes it.
    pub fn to_param(self) -> String {
        format!("{:.4},{:.4},{}", self.latitude, self.longitude, self.zoom)
    }

    pub fn zoomed_to(self, zoom: u8) -> Self {
        Self { zoom, ..self }.clamped()
    }

    /// Moved by a fraction of the drawing's width and height (north and west are negative).
    pub fn panned(self, right: f64, down: f64) -> Self {
        let (latitude, longitude) = self.unproject(WIDTH * (0.5 + right), HEIGHT * (0.5 + down));
        Self {
            latitude,
            longitude,
            ..self
        }
        .clamped()
    }

    pub fn can_zoom_in(&self) -> bool {
        self.zoom < MAX_ZOOM
    }

    pub fn can_zoom_out(&self) -> bool {
        self.zoom > MIN_ZOOM
    }
}

/// The basemap file: land polygons and border lines, each ring `[x0, y0, dx1, dy1, …]` in
/// 1/scale degrees (written by `scripts/derive-basemap.mjs`).
#[derive(serde::Deserialize)]
struct BasemapFile {
    scale: f64,
    land: Vec<Vec<Vec<i64>>>,
    borders: Vec<Vec<i64>>,
}

/// A line or ring in zoom-0 world pixels, with its bounding box.
struct Shape {
    points: Vec<(f64, f64)>,
    min: (f64, f64),
    max: (f64, f64),
}

impl Shape {
    fn decode(encoded: &[i64], scale: f64) -> Self {
        let (mut lon, mut lat) = (0i64, 0i64);
        let points: Vec<(f64, f64)> = encoded
            .chunks_exact(2)
            .map(|step| {
                lon += step[0];
                lat += step[1];
                world_point(lat as f64 / scale, lon as f64 / scale)
            })
            .collect();
        let min = points
            .iter()
            .fold((f64::MAX, f64::MAX), |m, p| (m.0.min(p.0), m.1.min(p.1)));
        let max = points
            .iter()
            .fold((f64::MIN, f64::MIN), |m, p| (m.0.max(p.0), m.1.max(p.1)));
        Self { points, min, max }
    }
}

struct Basemap {
    land: Vec<Shape>,
    borders: Vec<Shape>,
}

static BASEMAP: LazyLock<Basemap> = LazyLock::new(|| {
    let file: BasemapFile =
        serde_json::from_str(include_str!("../../../web/static/basemap/world-110m.json"))
            .unwrap_or(BasemapFile {
                scale: 1.0,
                land: Vec::new(),
                borders: Vec::new(),
            });
    Basemap {
        land: file
            .land
            .iter()
            .flatten()
            .map(|ring| Shape::decode(ring, file.scale))
            .collect(),
        borders: file
            .borders
            .iter()
            .map(|line| Shape::decode(line, file.scale))
            .collect(),
    }
});

/// How far past the edges outlines are kept, so their strokes do not show at the border.
const MARGIN: f64 = 4.0;

/// A shape's points in view pixels, when its box meets the view.
fn in_view(shape: &Shape, view: &MapView) -> Option<impl Iterator<Item = (f64, f64)>> {
    let (ox, oy) = view.origin();
    let scale = view.scale();
    let (x0, y0) = (shape.min.0 * scale - ox, shape.min.1 * scale - oy);
    let (x1, y1) = (shape.max.0 * scale - ox, shape.max.1 * scale - oy);
    let meets = x1 >= -MARGIN && y1 >= -MARGIN && x0 <= WIDTH + MARGIN && y0 <= HEIGHT + MARGIN;
    meets.then(|| {
        shape
            .points
            .iter()
            .map(move |(x, y)| (x * scale - ox, y * scale - oy))
    })
}

/// Sutherland–Hodgman: the part of a ring inside the view (plus the margin). Edges along the
/// view's border are harmless for a fill.
fn clip_ring(ring: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    type Inside = fn((f64, f64)) -> bool;
    type Cross = fn((f64, f64), (f64, f64)) -> (f64, f64);
    let edges: [(Inside, Cross); 4] = [
        (
            |p| p.0 >= -MARGIN,
            |a, b| {
                let x = -MARGIN;
                (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
            },
        ),
        (
            |p| p.0 <= WIDTH + MARGIN,
            |a, b| {
                let x = WIDTH + MARGIN;
                (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
            },
        ),
        (
            |p| p.1 >= -MARGIN,
            |a, b| {
                let y = -MARGIN;
                (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y)
            },
        ),
        (
            |p| p.1 <= HEIGHT + MARGIN,
            |a, b| {
                let y = HEIGHT + MARGIN;
                (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y)
            },
        ),
    ];
    let mut points = ring;
    for (inside, cross) in edges {
        let Some(&last) = points.last() else { break };
        let mut clipped = Vec::with_capacity(points.len());
        let mut previous = last;
        for &point in &points {
            match (inside(point), inside(previous)) {
                (true, true) => clipped.push(point),
                (true, false) => {
                    clipped.push(cross(previous, point));
                    clipped.push(point);
                }
                (false, true) => clipped.push(cross(previous, point)),
                (false, false) => {}
            }
            previous = point;
        }
        points = clipped;
    }
    points
}

/// How far (in pixels) a drawn line may stray from the outline: under half a pixel, the
/// points a simplification drops do not show, and the world view's page is 4 KB lighter.
const TOLERANCE: f64 = 0.5;

/// Douglas–Peucker: the points of `points` that keep the line within [`TOLERANCE`] of it
/// (always the first and the last).
fn simplified(points: &[(i64, i64)]) -> Vec<(i64, i64)> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut spans = vec![(0, points.len() - 1)];
    while let Some((first, last)) = spans.pop() {
        let (a, b) = (points[first], points[last]);
        let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
        let length = dx.hypot(dy);
        let distance = |p: (i64, i64)| {
            let (px, py) = ((p.0 - a.0) as f64, (p.1 - a.1) as f64);
            if length == 0.0 {
                px.hypot(py)
            } else {
                (dx * py - dy * px).abs() / length
            }
        };
        let farthest = (first + 1..last)
            .map(|i| (i, distance(points[i])))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((i, d)) = farthest
            && d > TOLERANCE
        {
            keep[i] = true;
            spans.push((first, i));
            spans.push((i, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(p, kept)| kept.then_some(*p))
        .collect()
}

/// `M x y l dx dy …`: whole pixels, repeated points dropped, simplified, each point written as
/// its step from the one before (short numbers, which compress well); `None` for fewer than
/// `min` distinct points.
fn path_data(points: impl Iterator<Item = (f64, f64)>, min: usize, close: bool) -> Option<String> {
    let mut distinct: Vec<(i64, i64)> = Vec::new();
    for (x, y) in points {
        let point = (x.round() as i64, y.round() as i64);
        if distinct.last() != Some(&point) {
            distinct.push(point);
        }
    }
    if distinct.len() < min {
        return None;
    }
    let points = simplified(&distinct);
    if points.len() < min {
        return None;
    }
    let mut data = format!("M{} {}", points[0].0, points[0].1);
    for (i, pair) in points.windows(2).enumerate() {
        let _ = write!(
            data,
            "{}{} {}",
            if i == 0 { "l" } else { " " },
            pair[1].0 - pair[0].0,
            pair[1].1 - pair[0].1
        );
    }
    Some(if close { data + "Z" } else { data })
}

/// The land of the view as one path's `d`.
pub fn land_path(view: &MapView) -> String {
    BASEMAP
        .land
        .iter()
        .filter_map(|ring| {
            let points: Vec<(f64, f64)> = in_view(ring, view)?.collect();
            path_data(clip_ring(points).into_iter(), 3, true)
        })
        .collect()
}

/// The borders of the view as one path's `d`: lines cut where they leave the view.
pub fn border_path(view: &MapView) -> String {
    let inside = |p: &(f64, f64)| {
        (-MARGIN..=WIDTH + MARGIN).contains(&p.0) && (-MARGIN..=HEIGHT + MARGIN).contains(&p.1)
    };
    let mut data = String::new();
    for line in &BASEMAP.borders {
        let Some(points) = in_view(line, view) else {
            continue;
        };
        let points: Vec<(f64, f64)> = points.collect();
        // Keep each segment with an end in view, and its neighbours, so lines reach the edge.
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, point) in points.iter().enumerate() {
            let near = inside(point)
                || points.get(i + 1).is_some_and(inside)
                || (i > 0 && points.get(i - 1).is_some_and(inside));
            if near {
                run.push(*point);
            } else if !run.is_empty() {
                data.extend(path_data(run.drain(..), 2, false));
            }
        }
        data.extend(path_data(run.into_iter(), 2, false));
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_round_trips_through_its_url_form() {
        let view = MapView::parse("31.7767,35.2345,13").unwrap_or(MapView::WORLD);
        assert_eq!(view.to_param(), "31.7767,35.2345,13");
        let (x, y) = view.project(31.7767, 35.2345);
        assert!((x - WIDTH / 2.0).abs() < 0.01 && (y - HEIGHT / 2.0).abs() < 0.01);
    }

    #[test]
    fn bad_views_are_refused_and_odd_ones_clamped() {
        assert_eq!(MapView::parse("91,0,3"), None);
        assert_eq!(MapView::parse("a,b,c"), None);
        assert_eq!(MapView::parse("1,2"), None);
        let far = MapView::parse("89,179,0").unwrap_or(MapView::WORLD);
        assert_eq!(far.zoom, MIN_ZOOM);
        let [w, s, e, n] = far.bbox();
        assert!(w >= -180.0 && e <= 180.0 && s >= -90.0 && n <= 90.0 && w < e && s < n);
    }

    #[test]
    fn the_world_view_draws_land_and_borders_small_enough_for_a_page() {
        let land = land_path(&MapView::WORLD);
        let borders = border_path(&MapView::WORLD);
        assert!(land.len() > 5_000, "{}", land.len());
        assert!(
            land.len() + borders.len() < 60_000,
            "{}",
            land.len() + borders.len()
        );
    }

    #[test]
    fn a_city_view_keeps_only_what_it_shows() {
        let jerusalem = MapView::parse("31.7767,35.2345,13").unwrap_or(MapView::WORLD);
        let land = land_path(&jerusalem);
        assert!(land.len() < 2_000, "{}", land.len());
        let points = absolute_points(&land);
        assert!(!points.is_empty());
        for (x, y) in points {
            assert!(
                (-5..=805).contains(&x) && (-5..=455).contains(&y),
                "{x} {y} is off the drawing"
            );
        }
    }

    /// The points a path's `d` (as [`path_data`] writes it) goes through.
    fn absolute_points(d: &str) -> Vec<(i64, i64)> {
        let mut points = Vec::new();
        for shape in d.split('M').filter(|s| !s.is_empty()) {
            let shape = shape.trim_end_matches('Z');
            let (start, steps) = shape.split_once('l').unwrap_or((shape, ""));
            let numbers = |text: &str| -> Vec<i64> {
                text.split_whitespace()
                    .map(|n| n.parse().unwrap_or(i64::MAX))
                    .collect()
            };
            let start = numbers(start);
            let mut at = (start[0], start[1]);
            points.push(at);
            for step in numbers(steps).chunks_exact(2) {
                at = (at.0 + step[0], at.1 + step[1]);
                points.push(at);
            }
        }
        points
    }

    #[test]
    fn outlines_are_simplified_within_half_a_pixel() {
        // A straight run with a bump under the tolerance and a corner above it.
        let line = [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (4, 5)];
        assert_eq!(simplified(&line), vec![(0, 0), (4, 0), (4, 5)]);
        let kept_corner = [(0, 0), (5, 1), (10, 0)];
        assert_eq!(simplified(&kept_corner), kept_corner.to_vec());
        assert_eq!(
            path_data(
                [(0.0, 0.0), (2.0, 0.0), (4.0, 0.0), (4.0, 3.0)].into_iter(),
                2,
                true
            ),
            Some("M0 0l4 0 0 3Z".to_owned())
        );
        // The world view keeps its shapes: over a thousand points of land.
        let world = absolute_points(&land_path(&MapView::WORLD));
        assert!(world.len() > 1_000, "{}", world.len());
    }
}
