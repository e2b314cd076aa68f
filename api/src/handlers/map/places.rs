use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{CitySuggestion, PlaceQuery};

use crate::cities;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable_json;

/// Cities and neighbourhoods to name on the map inside a viewport at a zoom (GeoNames,
/// population 15,000 or more, CC-BY 4.0): the most populous first, at most one per label-sized
/// part of the map (so that names do not overlap), at most 250. Without a street basemap, these
/// are the map's place names beyond the country outlines.
///
/// Problems: `400` bbox or zoom is missing or invalid.
#[utoipa::path(
    tag = "map",
    params(PlaceQuery),
    responses(
        (status = 200, description = "Places to name in the viewport", body = Vec<CitySuggestion>),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/map/places")]
pub async fn map_places(
    req: HttpRequest,
    query: web::Query<PlaceQuery>,
) -> Result<HttpResponse, ApiError> {
    let (bbox, zoom) = query.parse().map_err(ApiError::Invalid)?;
    let places: Vec<CitySuggestion> = cities::in_view(
        [
            bbox.min_lon.value(),
            bbox.min_lat.value(),
            bbox.max_lon.value(),
            bbox.max_lat.value(),
        ],
        zoom,
    )
    .into_iter()
    .map(|c| CitySuggestion {
        name: c.name.clone(),
        name_ar: c.name_ar.clone(),
        country: c.country.clone(),
        latitude: c.latitude,
        longitude: c.longitude,
    })
    .collect();
    cacheable_json(&req, &places)
}
