use actix_web::{HttpResponse, post, web};
use shared::api::{OrganizationDraft, SubmissionCheck};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::Json;

/// Checks an entry before it is sent: every field rule, and the published entries it may
/// duplicate (never one under review). Nothing is stored.
#[utoipa::path(
    tag = "join",
    request_body = OrganizationDraft,
    responses(
        (status = 200, description = "The draft is valid; likely duplicates, if any", body = SubmissionCheck),
        (status = 400, response = problems::BadRequest)
    )
)]
#[post("/api/v1/submissions/check")]
pub async fn check_submission(
    pool: web::Data<DbPool>,
    draft: Json<OrganizationDraft>,
) -> Result<HttpResponse, ApiError> {
    let valid = draft.validate().map_err(ApiError::Invalid)?;
    let possible_duplicates = with_db(&pool, move |conn| {
        crate::services::entries::check_keys(conn, &valid)?;
        Ok(crate::services::entries::possible_duplicates(
            conn, &valid, None, false,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SubmissionCheck {
            possible_duplicates,
        }))
}
