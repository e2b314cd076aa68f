use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::Organization;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::current_snapshot;
use crate::handlers::problems;
use crate::http::cacheable_json;
use crate::index::PublicIndex;

/// One published organisation, by id (UUID) or slug.
///
/// Problems: `404` no published organisation has this id or slug.
#[utoipa::path(
    tag = "organizations",
    params(("id_or_slug" = String, Path, description = "The organisation's UUID or its slug")),
    responses(
        (status = 200, description = "The organisation", body = Organization),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 404, response = problems::NotFound)
    )
)]
#[get("/api/v1/organizations/{id_or_slug}")]
pub async fn get_organization(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    id_or_slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = id_or_slug.into_inner();
    if key.len() > 200 {
        return Err(ApiError::NotFound("organisation".to_owned()));
    }
    let snapshot = current_snapshot(&pool, &index).await?;
    let org = snapshot
        .find(&key)
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))?;
    cacheable_json(&req, org)
}
