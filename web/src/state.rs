//! What the page shows, kept in the URL so a view can be shared and back/forward work.

use crate::router::Query;
use shared::api::OrganizationQuery;
use shared::text::percent_encode as urlencode;

/// The filters a visitor chose. Empty means "no filter".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub q: String,
    /// The categories shown; empty means all.
    pub categories: Vec<String>,
    pub country: String,
    pub focus: String,
    /// `6` or `12` (months since a person confirmed the entry), or empty: any time.
    pub confirmed_within: String,
}

impl Filters {
    pub fn from_query(query: &Query) -> Self {
        let get = |k: &str| query.get(k).unwrap_or_default().trim().to_owned();
        Self {
            q: get("q"),
            categories: get("category")
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            country: get("country"),
            focus: get("focus"),
            confirmed_within: get("confirmed_within"),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether a category is shown, given every category key.
    pub fn shows(&self, category: &str) -> bool {
        self.categories.is_empty() || self.categories.iter().any(|c| c == category)
    }

    /// Shows or hides one category.
    pub fn toggled(&self, category: &str, all: &[String]) -> Self {
        let mut shown: Vec<String> = all.iter().filter(|c| self.shows(c)).cloned().collect();
        if let Some(i) = shown.iter().position(|c| c == category) {
            shown.remove(i);
        } else {
            shown.push(category.to_owned());
        }
        let categories = if shown.len() == all.len() {
            Vec::new()
        } else {
            all.iter().filter(|c| shown.contains(c)).cloned().collect()
        };
        Self {
            categories,
            ..self.clone()
        }
    }

    /// The organisation filter these choices make, as the API's query takes it (every absent
    /// choice left out).
    pub fn organization_query(&self) -> OrganizationQuery {
        let given = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        OrganizationQuery {
            q: given(&self.q),
            category: given(&self.categories.join(",")),
            country: given(&self.country),
            focus: given(&self.focus),
            confirmed_within: given(&self.confirmed_within),
            ..OrganizationQuery::default()
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if !self.categories.is_empty() {
            pairs.push(("category", self.categories.join(",")));
        }
        if !self.country.is_empty() {
            pairs.push(("country", self.country.clone()));
        }
        if !self.focus.is_empty() {
            pairs.push(("focus", self.focus.clone()));
        }
        if !self.confirmed_within.is_empty() {
            pairs.push(("confirmed_within", self.confirmed_within.clone()));
        }
        pairs
    }

    /// The page URL for these filters and map view.
    pub fn page_url(&self, view: Option<View>) -> String {
        self.url(view, None)
    }

    /// The page URL of one page of the list (the server's page writes the same).
    pub fn list_page_url(&self, view: Option<View>, cursor: &str) -> String {
        self.url(view, Some(cursor))
    }

    fn url(&self, view: Option<View>, cursor: Option<&str>) -> String {
        let mut pairs = self.pairs();
        if let Some(view) = view {
            pairs.push(("at", view.to_param()));
        }
        if let Some(cursor) = cursor {
            pairs.push(("cursor", cursor.to_owned()));
        }
        if pairs.is_empty() {
            "/".to_owned()
        } else {
            let query: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", urlencode(v)))
                .collect();
            format!("/?{}", query.join("&"))
        }
    }
}

/// Where the map looks: centre and zoom, as `at=lat,lon,zoom` in the URL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub latitude: f64,
    pub longitude: f64,
    pub zoom: f64,
}

impl View {
    /// The first view: the whole world, centred so Jerusalem sits near the middle.
    pub const WORLD: View = View {
        latitude: 25.0,
        longitude: 20.0,
        zoom: 2.0,
    };

    pub fn from_query(query: &Query) -> Option<Self> {
        let text = query.get("at")?;
        let parts: Vec<f64> = text
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        match parts[..] {
            [latitude, longitude, zoom]
                if (-90.0..=90.0).contains(&latitude)
                    && (-180.0..=180.0).contains(&longitude)
                    && (0.0..=22.0).contains(&zoom) =>
            {
                Some(Self {
                    latitude,
                    longitude,
                    zoom,
                })
            }
            _ => None,
        }
    }

    pub fn to_param(self) -> String {
        format!(
            "{:.4},{:.4},{}",
            self.latitude,
            self.longitude,
            self.zoom.round()
        )
    }

    /// Whether two views look the same at URL precision.
    pub fn same_as(self, other: View) -> bool {
        self.to_param() == other.to_param()
    }
}

/// The visible part of the map, reported by Leaflet after every move.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// `[west, south, east, north]`, which may extend past ±180 when the world wraps.
    pub bbox: [f64; 4],
    pub zoom: f64,
}

impl Viewport {
    /// The bbox clamped to valid coordinates (the API refuses wrapped longitudes).
    pub fn clamped_bbox(&self) -> [f64; 4] {
        let [w, s, e, n] = self.bbox;
        [
            w.clamp(-180.0, 180.0),
            s.clamp(-90.0, 90.0),
            e.clamp(-180.0, 180.0),
            n.clamp(-90.0, 90.0),
        ]
    }
}
