use actix_web::{HttpRequest, HttpResponse, post, web};
use shared::api::auth::{LoginRequest, TokenPair};

use actix_web::cookie::{Cookie, SameSite};

use crate::auth::throttle::DEVICE_COOKIE;
use crate::auth::{AuthState, session};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;

/// Signs in with e-mail, password and (when the account has it) the second factor. Attempts are
/// throttled per address, per account and address, and per account from any address before any
/// password is checked; a wrong address and a wrong password get the same answer in the same
/// time.
///
/// Problems: `400` e-mail or password missing; `401` wrong e-mail, password or code; or the second
/// factor is needed (errors name `totp_code`); `429` too many attempts from this address or for
/// this account.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; sets the `sm_device` cookie that marks this browser as one that signed in to the account before (HttpOnly, SameSite=Strict, path /api/v1/auth): its later sign-ins are throttled on their own", body = TokenPair),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 429, response = problems::TooManyRequests),
        (status = 503, response = problems::ServiceUnavailable)
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    state: web::Data<AuthState>,
    request: crate::http::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = request.into_inner();
    request.validate().map_err(ApiError::Invalid)?;
    if state.throttle.saturated() {
        return Err(ApiError::Busy);
    }
    let ip = crate::http::request_client_ip(&req);
    let device = req.cookie(DEVICE_COOKIE).map(|c| c.value().to_owned());
    let state = state.into_inner();
    let (pair, device_cookie) = with_db(&pool, move |conn| {
        let pair = state
            .throttle
            .guard(conn, ip, &request.email, device.as_deref(), |conn| {
                session::login(conn, &state, &request)
            })?;
        Ok((pair, state.throttle.device_cookie(&request.email)?))
    })
    .await?;
    // Marks this browser as one that signed in to the account: an attack on the account from
    // elsewhere then does not lock it out (RELIABILITY.md, Security).
    let cookie = Cookie::build(DEVICE_COOKIE, device_cookie)
        .path("/api/v1/auth")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(crate::client_address::request_over_tls(&req))
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .cookie(cookie)
        .json(pair))
}
