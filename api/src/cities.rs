//! The world cities list (GeoNames, CC-BY 4.0; see `data/README.md`), compiled in.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One city of `data/cities.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    pub name: String,
    pub name_ar: Option<String>,
    pub country: String,
    pub latitude: f64,
    pub longitude: f64,
    pub population: u64,
}

const CITIES_CSV: &str = include_str!("../../data/cities.csv");

/// Every city, most populous first.
pub fn all() -> &'static [City] {
    static CITIES: OnceLock<Vec<City>> = OnceLock::new();
    CITIES.get_or_init(|| {
        csv::Reader::from_reader(CITIES_CSV.as_bytes())
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| {
                Some(City {
                    name: r.get(1)?.to_owned(),
                    name_ar: r.get(2).filter(|s| !s.is_empty()).map(str::to_owned),
                    country: r.get(3)?.to_owned(),
                    latitude: r.get(4)?.parse().ok()?,
                    longitude: r.get(5)?.parse().ok()?,
                    population: r.get(6)?.parse().ok()?,
                })
            })
            .collect()
    })
}

/// The Arabic name of a city, so that an Arabic search finds organisations whose city was
/// entered in Latin letters.
pub fn arabic_name(city: &str, country: &str) -> Option<String> {
    static INDEX: OnceLock<HashMap<(String, String), String>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut index = HashMap::new();
            for c in all() {
                if let Some(ar) = &c.name_ar {
                    index
                        .entry((c.name.to_lowercase(), c.country.clone()))
                        .or_insert_with(|| ar.clone());
                }
            }
            index
        })
        .get(&(city.to_lowercase(), country.to_owned()))
        .cloned()
}

/// Folded names (Latin, Arabic) of every city, in [`all`]'s order, for search.
fn folded() -> &'static [(String, String)] {
    static FOLDED: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FOLDED.get_or_init(|| {
        all()
            .iter()
            .map(|c| {
                (
                    shared::text::normalize_for_search(&c.name),
                    c.name_ar
                        .as_deref()
                        .map(shared::text::normalize_for_search)
                        .unwrap_or_default(),
                )
            })
            .collect()
    })
}

/// Cities whose name (Latin or Arabic) starts with `query` (folded like every search), optionally
/// in one country, most populous first.
pub fn search(query: &str, country: Option<&str>, limit: usize) -> Vec<&'static City> {
    let wanted = shared::text::normalize_for_search(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    all()
        .iter()
        .zip(folded())
        .filter(|(city, _)| country.is_none_or(|c| city.country == c))
        .filter(|(_, (latin, arabic))| {
            latin.starts_with(&wanted) || (!arabic.is_empty() && arabic.starts_with(&wanted))
        })
        .map(|(city, _)| city)
        .take(limit)
        .collect()
}

/// The most places [`in_view`] gives for one viewport.
pub const MAX_PLACES_IN_VIEW: usize = 250;

/// Room a label needs on the map, in pixels: one place per cell of this size.
const LABEL_CELL: (f64, f64) = (110.0, 36.0);

/// The places to name on a map showing `bbox` at `zoom`: most populous first, and at most one
/// per label-sized cell of the map at that zoom (Web Mercator pixels), so that names do not
/// overlap; a deeper zoom brings smaller places in. At most [`MAX_PLACES_IN_VIEW`].
pub fn in_view(bbox: [f64; 4], zoom: u8) -> Vec<&'static City> {
    let [min_lon, min_lat, max_lon, max_lat] = bbox;
    let world = 256.0 * 2f64.powi(i32::from(zoom));
    let pixel = |lon: f64, lat: f64| {
        let lat = lat.clamp(-85.05, 85.05).to_radians();
        let x = (lon + 180.0) / 360.0 * world;
        let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * world;
        (x, y)
    };
    let mut taken = std::collections::HashSet::new();
    all()
        .iter()
        .filter(|c| {
            (min_lon..=max_lon).contains(&c.longitude) && (min_lat..=max_lat).contains(&c.latitude)
        })
        .filter(|c| {
            let (x, y) = pixel(c.longitude, c.latitude);
            let cell = ((x / LABEL_CELL.0) as i64, (y / LABEL_CELL.1) as i64);
            // Neighbouring cells too: two names at a cell's edges would still touch.
            let free = (-1..=1).all(|dx| !taken.contains(&(cell.0 + dx, cell.1)));
            if free {
                taken.insert(cell);
            }
            free
        })
        .take(MAX_PLACES_IN_VIEW)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_view_are_inside_most_populous_first_and_apart() {
        // Jerusalem and around, at a city zoom.
        let places = in_view([34.9, 31.6, 35.5, 32.0], 11);
        assert!(!places.is_empty());
        assert!(places.iter().all(|c| (34.9..=35.5).contains(&c.longitude)));
        assert_eq!(places.first().map(|c| c.name.as_str()), Some("Jerusalem"));
        assert!(
            places
                .windows(2)
                .all(|w| w[0].population >= w[1].population)
        );
        // Zoomed out, fewer (bigger) places share the same view.
        assert!(in_view([34.9, 31.6, 35.5, 32.0], 7).len() < places.len());
        assert!(in_view([-180.0, -85.0, 180.0, 85.0], 22).len() <= MAX_PLACES_IN_VIEW);
    }

    #[test]
    fn search_finds_latin_and_arabic_names_most_populous_first() {
        let found = search("jerus", None, 5);
        assert_eq!(found.first().map(|c| c.country.as_str()), Some("PS"));
        let arabic = search("القدس", None, 5);
        assert!(arabic.iter().any(|c| c.name == "Jerusalem"), "{arabic:?}");
        let glasgow = search("glasg", Some("GB"), 5);
        assert_eq!(glasgow.first().map(|c| c.name.as_str()), Some("Glasgow"));
        assert!(search("glasg", Some("FR"), 5).is_empty());
    }
}
