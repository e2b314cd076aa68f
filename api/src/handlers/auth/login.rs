use actix_web::{HttpRequest, HttpResponse, post, web};
use shared::api::Problem;
use shared::api::auth::{LoginRequest, TokenPair};

use crate::auth::{AuthState, session};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::with_db;

/// Signs in with e-mail, password and (when the account has it) the second factor. Attempts are
/// throttled per address and per account before any password is checked; a wrong address and a
/// wrong password get the same answer in the same time.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 400, description = "E-mail or password missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong e-mail, password or code; or the second factor is needed (errors name `totp_code`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address or for this account", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    state: web::Data<AuthState>,
    request: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = request.into_inner();
    request.validate().map_err(ApiError::Invalid)?;
    let ip = crate::http::request_client_ip(&req);
    let state = state.into_inner();
    let pair = with_db(&pool, move |conn| {
        state.throttle.attempt(conn, ip, &request.email)?;
        session::login(conn, &state, &request)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}
