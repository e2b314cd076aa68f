//! `/api/v1/organizations` and its GeoJSON and CSV forms.

pub mod contact;
pub mod csv;
pub mod geojson;
pub mod get;
pub mod list;
pub mod report;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use shared::api::{Organization, OrganizationFilter, OrganizationQuery};
use shared::domain::Cursor;

use super::current_snapshot;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::index::PublicIndex;

/// Which page sizes a format allows.
#[derive(Clone, Copy)]
pub enum Format {
    Json,
    Bulk,
}

/// Parses the query, checks its keys against the tables and loads one page.
pub async fn load_page(
    pool: &web::Data<DbPool>,
    index: &web::Data<PublicIndex>,
    query: &OrganizationQuery,
    format: Format,
) -> Result<(Vec<Organization>, Option<Cursor>, OrganizationFilter), ApiError> {
    let filter = match format {
        Format::Json => query.parse(),
        Format::Bulk => query.parse_for_export(),
    }
    .map_err(ApiError::Invalid)?;
    let snapshot = current_snapshot(pool, index).await?;
    let unknown = snapshot.unknown_keys(&filter);
    if !unknown.is_empty() {
        return Err(ApiError::Invalid(unknown));
    }
    // A page from a few grid cells takes microseconds; anything that may scan the whole map
    // (no small bbox, or free text) runs on a blocking thread so it cannot stall a worker.
    let (items, next) = if snapshot.answers_quickly(&filter) {
        snapshot.page(&filter)
    } else {
        let for_index = filter.clone();
        web::block(move || snapshot.page(&for_index)).await?
    };
    Ok((items, next, filter))
}

/// Adds `Link: <path?…&cursor=…>; rel="next"` when there is a next page.
pub fn set_next_link(
    response: &mut HttpResponse,
    path: &str,
    filter: &OrganizationFilter,
    next: Option<&Cursor>,
) {
    let Some(next) = next else { return };
    let mut query = filter.to_query();
    query.cursor = Some(next.to_string());
    let link = format!("<{path}?{}>; rel=\"next\"", serde_urlencoded_query(&query));
    if let Ok(value) = header::HeaderValue::from_str(&link) {
        response.headers_mut().insert(header::LINK, value);
    }
}

fn serde_urlencoded_query(query: &OrganizationQuery) -> String {
    let pairs = [
        ("bbox", &query.bbox),
        ("category", &query.category),
        ("country", &query.country),
        ("focus", &query.focus),
        ("q", &query.q),
        ("updated_since", &query.updated_since),
        ("confirmed_within", &query.confirmed_within),
        ("limit", &query.limit),
        ("cursor", &query.cursor),
    ];
    pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .map(|v| format!("{k}={}", shared::text::percent_encode(v)))
        })
        .collect::<Vec<_>>()
        .join("&")
}
