//! The clustered map: `GET /api/v1/map/clusters`.

use chrono::{DateTime, Utc};

use crate::domain::OrganizationId;

use super::filter::OrganizationQuery;
use crate::domain::{BBox, FieldError};

/// The deepest zoom the map asks for.
pub const MAX_MAP_ZOOM: u8 = 22;

/// Query string of the cluster endpoint: a viewport, a zoom, and the organisation filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ClusterQuery {
    /// The viewport, `min_lon,min_lat,max_lon,max_lat`.
    #[cfg_attr(feature = "openapi", param(example = "-180,-85,180,85"))]
    pub bbox: Option<String>,
    /// The map's zoom level, 0 (world) to 22.
    #[cfg_attr(feature = "openapi", param(example = "2"))]
    pub zoom: Option<String>,
    /// Category keys, comma-separated.
    pub category: Option<String>,
    /// ISO 3166-1 alpha-2 codes, comma-separated.
    pub country: Option<String>,
    /// Focus area keys, comma-separated.
    pub focus: Option<String>,
    /// Free text, as for the organisation list.
    pub q: Option<String>,
    /// `6` or `12`: only organisations confirmed in the last so many months, as for the
    /// organisation list; empty: at any time.
    #[cfg_attr(feature = "openapi", param(example = "6", pattern = "^(6|12)?$"))]
    pub confirmed_within: Option<String>,
}

/// A parsed cluster query.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRequest {
    pub bbox: BBox,
    pub zoom: u8,
    pub filter: super::OrganizationFilter,
}

impl ClusterQuery {
    pub fn parse(&self) -> Result<ClusterRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let bbox = match self
            .bbox
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            None => {
                errors.push(FieldError::new("bbox", "required", "bbox is required"));
                None
            }
            Some(text) => BBox::parse(text)
                .map_err(|e| errors.push(e.at("bbox")))
                .ok(),
        };
        let zoom = match self
            .zoom
            .as_deref()
            .map(str::trim)
            .filter(|z| !z.is_empty())
        {
            None => {
                errors.push(FieldError::new("zoom", "required", "zoom is required"));
                None
            }
            Some(text) => match text.parse::<f64>() {
                Ok(z) if z.is_finite() && (0.0..=f64::from(MAX_MAP_ZOOM)).contains(&z) => {
                    Some(z.floor() as u8)
                }
                _ => {
                    errors.push(FieldError::new(
                        "zoom",
                        "out_of_range",
                        format!("zoom must be a number from 0 to {MAX_MAP_ZOOM}"),
                    ));
                    None
                }
            },
        };
        let filters = OrganizationQuery {
            category: self.category.clone(),
            country: self.country.clone(),
            focus: self.focus.clone(),
            q: self.q.clone(),
            confirmed_within: self.confirmed_within.clone(),
            ..OrganizationQuery::default()
        };
        let filter = filters.parse().map_err(|mut e| errors.append(&mut e)).ok();
        match (bbox, zoom, filter) {
            (Some(bbox), Some(zoom), Some(filter)) if errors.is_empty() => {
                Ok(ClusterRequest { bbox, zoom, filter })
            }
            _ => Err(errors),
        }
    }
}

/// One thing to draw: a cluster of organisations, or one organisation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MapFeature {
    Cluster {
        latitude: f64,
        longitude: f64,
        count: u32,
        /// The members' extent, `[min_lon, min_lat, max_lon, max_lat]`: zoom to it to expand.
        bbox: [f64; 4],
        /// The zoom at which this cluster splits.
        expansion_zoom: u8,
        /// How many of the members are in each category, largest first (ties in the order of
        /// the category keys); the counts add up to `count`. The first is the category the
        /// maps colour the cluster with.
        #[serde(default)]
        categories: Vec<CategoryShare>,
    },
    Organization {
        id: OrganizationId,
        slug: String,
        name: String,
        /// The name in Arabic, when the group gave one: what Arabic readers see. (Names in other
        /// languages are on the organisation, not on the marker: a map of them here would weigh
        /// on every reader's bundle.)
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name_ar: Option<String>,
        category: String,
        latitude: f64,
        longitude: f64,
        /// When a person last confirmed the entry (see the organisation's field): the maps fade
        /// an entry not confirmed for more than a year.
        last_confirmed_at: DateTime<Utc>,
    },
}

/// The members of a cluster in one category.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryShare {
    /// A category key, see `/api/v1/categories` (its colour and names).
    #[cfg_attr(feature = "openapi", schema(example = "student_group"))]
    pub category: String,
    #[cfg_attr(feature = "openapi", schema(example = 12))]
    pub count: u32,
}

/// What a viewport shows at one zoom.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterResponse {
    pub zoom: u8,
    /// Organisations in the viewport, clustered or not.
    pub total: u32,
    pub features: Vec<MapFeature>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_and_zoom_are_required_and_checked() {
        let errors = ClusterQuery::default().parse().unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["bbox", "zoom"]
        );
        let bad = ClusterQuery {
            bbox: Some("0,0,1,1".into()),
            zoom: Some("23".into()),
            category: Some("Bad Key".into()),
            confirmed_within: Some("24".into()),
            ..ClusterQuery::default()
        };
        let errors = bad.parse().unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["zoom", "category", "confirmed_within"]
        );
    }
}

/// How the map draws its background. By default only our own country outlines and the
/// GeoNames places (`/api/v1/map/places`): no request leaves our origin. An operator may serve
/// a street basemap from this server (a PMTiles archive, `BASEMAP_PMTILES`) or add a raster tile
/// layer from another server (with its attribution).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapConfig {
    /// A tile URL template with `{z}`, `{x}` and `{y}`, or null for none.
    pub tile_url: Option<String>,
    /// The tiles' attribution (HTML allowed by Leaflet), shown on the map.
    pub tile_attribution: Option<String>,
    /// Where this server serves its street basemap (vector tiles in one PMTiles archive, read
    /// with HTTP range requests), or null when it has none.
    #[serde(default)]
    pub pmtiles_url: Option<String>,
}

/// The path of the street basemap on our own origin, when the operator configured one.
pub const PMTILES_PATH: &str = "/basemap.pmtiles";

/// The zoom from which the map shows street-level detail (the street basemap, or the GeoNames
/// places without one): below it, the country outlines are all there is to see.
pub const STREET_ZOOM: u8 = 6;

/// Query string of `GET /api/v1/map/places`: a viewport and a zoom.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PlaceQuery {
    /// The viewport, `min_lon,min_lat,max_lon,max_lat`.
    #[cfg_attr(
        feature = "openapi",
        param(required = true, example = "34.9,31.6,35.5,32.0")
    )]
    pub bbox: Option<String>,
    /// The map's zoom level, 0 (world) to 22: the deeper, the smaller the places shown.
    #[cfg_attr(feature = "openapi", param(required = true, example = "11"))]
    pub zoom: Option<String>,
}

impl PlaceQuery {
    /// The viewport and the whole zoom, checked by the same rules as the cluster query's.
    pub fn parse(&self) -> Result<(BBox, u8), Vec<FieldError>> {
        ClusterQuery {
            bbox: self.bbox.clone(),
            zoom: self.zoom.clone(),
            ..ClusterQuery::default()
        }
        .parse()
        .map(|request| (request.bbox, request.zoom))
    }
}
