use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::OrganizationQuery;

use super::{Format, load_page, set_next_link};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable;
use crate::index::PublicIndex;
use crate::services::transfer;

pub const GEOJSON_PATH: &str = "/api/v1/organizations.geojson";

/// The filtered set as a GeoJSON FeatureCollection (pages of up to 5,000).
#[utoipa::path(
    tag = "organizations",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "RFC 7946 FeatureCollection of points (longitude, latitude) whose properties are the public fields. The next page, if any, is in the `next_cursor` member and the Link header. `limit` is 1 to 5,000 (default 1,000).",
            body = serde_json::Value, content_type = "application/geo+json"),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/organizations.geojson")]
pub async fn organizations_geojson(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    query: web::Query<OrganizationQuery>,
) -> Result<HttpResponse, ApiError> {
    let (items, next, filter) = load_page(&pool, &index, &query, Format::Bulk).await?;
    let collection = transfer::feature_collection(&items, next.as_ref().map(ToString::to_string));
    let body = serde_json::to_vec(&collection).map_err(anyhow::Error::from)?;
    let mut response = cacheable(&req, "application/geo+json", body);
    set_next_link(&mut response, GEOJSON_PATH, &filter, next.as_ref());
    Ok(response)
}
