//! `/api/v1/cities`: the offline world-cities list, for the join form's location picker (no
//! third-party geocoder).

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::CitySuggestion;
use shared::domain::{CountryCode, FieldError};

use crate::cities;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable_json;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct CityQuery {
    /// The start of a city's name, in Latin or Arabic letters (2 characters or more).
    pub q: Option<String>,
    /// Only this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// 1 to 20 (default 10).
    pub limit: Option<usize>,
}

/// Cities whose name starts with `q`, most populous first (GeoNames, population 15,000 or more,
/// CC-BY 4.0).
///
/// Problems: `400` q missing or too short, or an unknown country.
#[utoipa::path(
    tag = "reference",
    params(CityQuery),
    responses(
        (status = 200, description = "Matching cities", body = Vec<CitySuggestion>),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/cities")]
pub async fn search_cities(
    req: HttpRequest,
    query: web::Query<CityQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    let mut errors = Vec::new();
    if q.chars().count() < 2 || q.chars().count() > 100 {
        errors.push(FieldError::new(
            "q",
            "too_short",
            "give 2 to 100 characters of a city's name",
        ));
    }
    let country = match query.country.as_deref() {
        Some(code) => CountryCode::parse(code)
            .map(|c| Some(c.to_string()))
            .unwrap_or_else(|e| {
                errors.push(e.at("country"));
                None
            }),
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let limit = query.limit.unwrap_or(10).clamp(1, 20);
    let found: Vec<CitySuggestion> = cities::search(q, country.as_deref(), limit)
        .into_iter()
        .map(|c| CitySuggestion {
            name: c.name.clone(),
            name_ar: c.name_ar.clone(),
            country: c.country.clone(),
            latitude: c.latitude,
            longitude: c.longitude,
        })
        .collect();
    cacheable_json(&req, &found)
}
