use std::time::SystemTime;

use actix_web::{HttpResponse, get, web};
use shared::api::FormToken;

use crate::config::JoinSettings;
use crate::error::ApiError;

/// A token to send back with a form (join, contact): it proves the form was shown to
/// someone a few seconds earlier, with no puzzle to solve. It allows one submission.
#[utoipa::path(
    tag = "join",
    responses((status = 200, description = "A fresh form token", body = FormToken))
)]
#[get("/api/v1/form-token")]
pub async fn form_token(settings: web::Data<JoinSettings>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(FormToken {
            token: settings.form_key.issue(SystemTime::now())?,
            min_seconds: settings.min_fill.as_secs(),
        }))
}
