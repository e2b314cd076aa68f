use actix_web::{HttpRequest, HttpResponse, post, web};
use shared::api::auth::PasswordChange;

use crate::auth::extract::SignedIn;
use crate::auth::{AuthState, session};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::json_body;

/// Changes the signed-in user's password (at least 12 characters). Every session ends: sign in
/// again.
///
/// Problems: `400` wrong current password, or the new one is too short.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every session ended"),
        (status = 400, response = problems::BadRequest),
        (status = 429, response = problems::TooManyRequests),
        (status = 503, response = problems::ServiceUnavailable),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[post("/api/v1/auth/password")]
pub async fn change_password(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    state: web::Data<AuthState>,
    user: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = json_body::<PasswordChange>(&body)?;
    // A stolen access token must not allow unlimited guesses at the current password.
    let ip = crate::http::request_client_ip(&req);
    let device = req
        .cookie(crate::auth::throttle::DEVICE_COOKIE)
        .map(|c| c.value().to_owned());
    let state = state.into_inner();
    with_db(&pool, move |conn| {
        session::change_password(
            conn,
            &state,
            ip,
            device.as_deref(),
            &user,
            &request.current_password,
            &request.new_password,
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
