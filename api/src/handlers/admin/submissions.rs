use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, get, post, web};
use shared::api::admin::{RejectRequest, ReviewItem, ReviewQueueQuery};

use super::private_json;
use crate::auth::extract::Moderator;
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use shared::domain::SubmissionId;

/// The review queue, newest first: new entries and updates, each with a field-by-field diff
/// against the published version and the likely duplicates. One page at a time (`limit`, 1 to
/// 200, default 50; `offset`); `X-Total-Count` says how many wait in all. A moderator limited to
/// some countries sees the submissions in those countries.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(ReviewQueueQuery),
    responses(
        (status = 200, description = "One page of pending submissions", body = Vec<ReviewItem>,
            headers(("X-Total-Count" = i64, description = "How many submissions wait for review in all, before limit and offset"))),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/submissions")]
pub async fn review_queue(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    query: web::Query<ReviewQueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, offset) = query.page();
    let (items, total) = with_db(&pool, move |conn| {
        let scope = crate::services::moderation::scope_of(conn, user.id)?;
        crate::services::submissions::review_queue(conn, &scope, limit, offset)
    })
    .await?;
    let mut response = private_json(&items);
    response.headers_mut().insert(
        HeaderName::from_static("x-total-count"),
        HeaderValue::from(total),
    );
    Ok(response)
}

/// Approves: a new entry is published, an update replaces the public version. The group is told.
/// An entry an active crisis covers is held by it, and published when the crisis is restored.
///
/// Problems: `409` already decided (`conflict`), or the owner asked for deletion
/// (`deletion_requested`).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The submission")),
    responses(
        (status = 204, description = "Approved"),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/submissions/{id}/approve")]
pub async fn approve(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: SubmissionId = id_in_path(&id, "submission")?;
    let settings = settings.into_inner();
    with_db(&pool, move |conn| {
        crate::services::moderation::require_submission(conn, user.id, id)?;
        crate::services::submissions::approve(conn, &settings, &user, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rejects with a reason, which the group receives by e-mail. A rejected new entry is never
/// public; a rejected update leaves the public version as it is.
///
/// Problems: `400` no reason given; `409` already decided.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The submission")),
    request_body = RejectRequest,
    responses(
        (status = 204, description = "Rejected"),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/submissions/{id}/reject")]
pub async fn reject(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<RejectRequest>(&body)?);
    let reason = request.validate().map_err(ApiError::Invalid)?;
    let id: SubmissionId = id_in_path(&id, "submission")?;
    let settings = settings.into_inner();
    with_db(&pool, move |conn| {
        crate::services::moderation::require_submission(conn, user.id, id)?;
        crate::services::submissions::reject(conn, &settings, &user, id, &reason)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
