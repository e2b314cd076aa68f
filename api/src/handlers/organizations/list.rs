use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{OrganizationPage, OrganizationQuery, Problem};

use super::{Format, load_page};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::cacheable_json;
use crate::index::PublicIndex;

/// List published organisations, filtered, one page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/organizations",
    tag = "organizations",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "One page of organisations", body = OrganizationPage),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A filter is invalid; `errors` names each field", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/organizations")]
pub async fn list_organizations(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    query: web::Query<OrganizationQuery>,
) -> Result<HttpResponse, ApiError> {
    let (items, next, _) = load_page(&pool, &index, &query, Format::Json).await?;
    let page = OrganizationPage {
        items,
        next_cursor: next.map(|c| c.to_string()),
    };
    cacheable_json(&req, &page)
}
