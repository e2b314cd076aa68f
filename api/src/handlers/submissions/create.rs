use actix_web::{HttpResponse, post, web};
use shared::api::{SubmissionReceipt, SubmissionRequest};

use super::check_form_token;
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::Json;

/// A group asks to join the map. Nothing is public until a moderator approves. The answer
/// carries the private owner link (shown once; also e-mailed) and any likely duplicates. Each
/// form token allows one submission: a refused one (a field error) does not use it up.
///
/// Problems: `400` also for a filled-in honeypot, a form sent too fast, or a form token used
/// already (`form_token_used`); `413` a body over 64 KiB.
#[utoipa::path(
    tag = "join",
    request_body = SubmissionRequest,
    responses(
        (status = 201, description = "Received; awaiting review", body = SubmissionReceipt),
        (status = 400, response = problems::BadRequest),
        (status = 413, response = problems::PayloadTooLarge),
        (status = 429, response = problems::TooManyRequests)
    )
)]
#[post("/api/v1/submissions")]
pub async fn create_submission(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    request: Json<SubmissionRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = request.into_inner();
    // Validated once; the form token's errors join the fields'.
    let validated = request.validate();
    let mut errors = validated.as_ref().err().cloned().unwrap_or_default();
    let form_token = check_form_token(&settings, &request.form_token, &mut errors);
    let (Some(form_token), Ok(valid), true) = (form_token, validated, errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let settings = settings.into_inner();
    let receipt = with_db(&pool, move |conn| {
        crate::services::submissions::submit(
            conn,
            &settings,
            &form_token,
            &valid,
            &request.organization,
        )
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(receipt))
}
