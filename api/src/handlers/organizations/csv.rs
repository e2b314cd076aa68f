use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::OrganizationQuery;

use super::{Format, load_page, set_next_link};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable;
use crate::index::PublicIndex;
use crate::services::transfer;

pub const CSV_PATH: &str = "/api/v1/organizations.csv";

/// The filtered set as CSV for spreadsheets (pages of up to 5,000; the next page is in the Link
/// header).
#[utoipa::path(
    tag = "organizations",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "UTF-8 CSV with a header row; the columns are those `solidarity-map import` reads. `limit` is 1 to 5,000 (default 1,000).",
            body = String, content_type = "text/csv"),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/organizations.csv")]
pub async fn organizations_csv(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    query: web::Query<OrganizationQuery>,
) -> Result<HttpResponse, ApiError> {
    let (items, next, filter) = load_page(&pool, &index, &query, Format::Bulk).await?;
    let body = transfer::csv_bytes(&items)?;
    let mut response = cacheable(&req, "text/csv; charset=utf-8", body);
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        header::HeaderValue::from_static("attachment; filename=\"organizations.csv\""),
    );
    set_next_link(&mut response, CSV_PATH, &filter, next.as_ref());
    Ok(response)
}
