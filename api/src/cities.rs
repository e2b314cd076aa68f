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

#[cfg(test)]
mod tests {
    use super::*;

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
