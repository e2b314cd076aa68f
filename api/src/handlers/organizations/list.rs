use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{OrganizationPage, OrganizationQuery};

use super::{Format, load_page};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{answer_key, current_snapshot};
use crate::http::{Prepared, PreparedAnswers};
use crate::index::PublicIndex;

/// The lists answered from the current snapshot, by query: partner sites and the app ask for the
/// same few again and again, and a list of 100 is about 80 KB to serialise and compress.
pub type PreparedLists = PreparedAnswers<crate::index::Snapshot, 512>;

/// List published organisations, filtered, one page at a time.
///
/// Each carries `last_confirmed_at`, when a person (its owner or a moderator) last confirmed
/// it; `confirmed_within=6` or `12` keeps those confirmed in the last so many months.
///
/// Problems: `400` a filter is invalid (each bad field named, `confirmed_within` included).
#[utoipa::path(
    tag = "organizations",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "One page of organisations", body = OrganizationPage),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/organizations")]
pub async fn list_organizations(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    query: web::Query<OrganizationQuery>,
    prepared: web::Data<PreparedLists>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = current_snapshot(&pool, &index).await?;
    let key = answer_key(req.query_string(), query.confirmed_within.as_deref());
    if let Some(answer) = prepared.get(&snapshot, &key) {
        return Ok(answer.respond(&req));
    }
    let (items, next, _) = load_page(&pool, &index, &query, Format::Json).await?;
    let page = OrganizationPage {
        items,
        next_cursor: next.map(|c| c.to_string()),
    };
    let body = serde_json::to_vec(&page).map_err(anyhow::Error::from)?;
    let answer = std::sync::Arc::new(Prepared::new("application/json", body));
    prepared.keep(&snapshot, key, answer.clone());
    Ok(answer.respond(&req))
}
