//! Moderation at scale: choosing many submissions, rejecting them in one action, undoing it,
//! and the queue's age per country. A moderator limited to some countries acts on theirs only.

use actix_web::{HttpResponse, get, post, web};
use shared::api::moderation::{
    BulkRejectRequest, BulkRejection, QueueAge, SelectionPreview, SelectionQuery,
};
use shared::domain::RejectionBatchId;

use super::private_json;
use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use crate::services::moderation;

/// The pending submissions that match every filter given, oldest first, each with why it looks
/// like spam: the preview of a bulk rejection.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(SelectionQuery),
    responses(
        (status = 200, description = "The matching pending submissions", body = SelectionPreview),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/submissions/selection")]
pub async fn selection(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    query: web::Query<SelectionQuery>,
) -> Result<HttpResponse, ApiError> {
    let selection = query.validate().map_err(ApiError::Invalid)?;
    let submissions = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        moderation::select(conn, &scope, &selection, crate::db::models::now())
    })
    .await?;
    Ok(private_json(&SelectionPreview { submissions }))
}

/// Rejects the submissions given (those still pending and in the moderator's countries) with one
/// reason, in one transaction. For 15 minutes the rejection can be undone and nothing is sent;
/// then each group is told (when `tell_groups`) and rejected new entries' addresses are
/// forgotten.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = BulkRejectRequest,
    responses(
        (status = 200, description = "Rejected, until `undo_until` reversibly", body = BulkRejection),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[post("/api/v1/admin/submissions/bulk-reject")]
pub async fn bulk_reject(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = json_body::<BulkRejectRequest>(&body)?
        .validate()
        .map_err(ApiError::Invalid)?;
    let rejection = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        moderation::bulk_reject(conn, &user, &scope, &request, crate::db::models::now())
    })
    .await?;
    Ok(private_json(&rejection))
}

/// Puts every submission of a bulk rejection back in the queue, while its undo window is open.
///
/// Problems: `409` already undone, or the window has passed.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The rejection batch")),
    responses(
        (status = 204, description = "Back in the queue"),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/rejection-batches/{id}/undo")]
pub async fn undo_rejection(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let batch: RejectionBatchId = id_in_path(&id, "rejection batch")?;
    with_db(&pool, move |conn| {
        moderation::undo(conn, &user, batch, crate::db::models::now())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// How long submissions have waited: the whole queue first (no country), then each country,
/// longest wait first.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Pending count, median and oldest wait in hours", body = Vec<QueueAge>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/submissions/age")]
pub async fn queue_age(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
) -> Result<HttpResponse, ApiError> {
    let ages = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        moderation::queue_age(conn, &scope, crate::db::models::now())
    })
    .await?;
    Ok(private_json(&ages))
}
