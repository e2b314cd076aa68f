use actix_web::{HttpRequest, HttpResponse, post, web};
use serde_json::json;
use shared::api::auth::{RecoveryCodes, TotpCode, TotpSetup};
use shared::domain::FieldError;

use crate::auth::extract::SignedIn;
use crate::auth::{AuthState, totp};
use crate::db::DbPool;
use crate::db::models::{audit, now, user};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::json_body;
use crate::secrets;

/// Starts two-factor sign-in: a new secret for the authenticator app. It takes effect once a
/// code from the app is confirmed.
///
/// Problems: `409` two-factor sign-in is already on.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The secret", body = TotpSetup),
        (status = 401, response = problems::Unauthorized),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/auth/totp/setup")]
pub async fn setup(pool: web::Data<DbPool>, signed_in: SignedIn) -> Result<HttpResponse, ApiError> {
    if signed_in.totp_enabled {
        return Err(ApiError::Conflict(
            "two-factor sign-in is already on".to_owned(),
        ));
    }
    let secret = totp::new_secret()?;
    let otpauth_url = totp::totp(&secret, &signed_in.email)?
        .to_url()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("otpauth URL: {e:?}")))?;
    let encoded = totp::to_base32(&secret);
    let stored = encoded.clone();
    with_db(&pool, move |conn| {
        Ok(user::set_totp(conn, signed_in.id, Some(&stored), false)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(TotpSetup {
            secret: encoded,
            otpauth_url,
        }))
}

/// Turns two-factor sign-in on with a code from the app; answers with ten single-use recovery
/// codes. Every session ends: sign in again with the code.
///
/// Problems: `400` wrong password or code (`wrong_password_or_code`, the same whichever was wrong),
/// or no setup started (`no_setup`); `409` two-factor sign-in is already on; `429` too many
/// attempts (the sign-in throttle).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = TotpCode,
    responses(
        (status = 200, description = "On; the recovery codes, shown once", body = RecoveryCodes),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 409, response = problems::Conflict),
        (status = 429, response = problems::TooManyRequests),
        (status = 503, response = problems::ServiceUnavailable)
    )
)]
#[post("/api/v1/auth/totp/enable")]
pub async fn enable(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    state: web::Data<AuthState>,
    signed_in: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let TotpCode { code, password } = json_body::<TotpCode>(&body)?;
    let ip = crate::http::request_client_ip(&req);
    let device = req
        .cookie(crate::auth::throttle::DEVICE_COOKIE)
        .map(|c| c.value().to_owned());
    let state = state.into_inner();
    let codes = totp::recovery_codes()?;
    let hashes: Vec<String> = codes.iter().map(|c| secrets::token_hash(c)).collect();
    with_db(&pool, move |conn| {
        let account = user::by_id(conn, signed_in.id)?.ok_or(ApiError::NotSignedIn)?;
        if account.totp_enabled {
            return Err(ApiError::Conflict(
                "two-factor sign-in is already on".to_owned(),
            ));
        }
        let secret = account
            .totp_secret
            .as_deref()
            .and_then(totp::from_base32)
            .ok_or_else(|| {
                ApiError::Invalid(vec![FieldError::new(
                    "code",
                    "no_setup",
                    "start with POST /api/v1/auth/totp/setup",
                )])
            })?;
        // The password and the code are checked under the sign-in throttle and answered alike,
        // so that a stolen access token is no oracle for the password.
        let step = state
            .throttle
            .guard(conn, ip, &account.email, device.as_deref(), |_| {
                let password_ok = state.verify_password(&password, Some(&account.password_hash));
                let step = totp::check_step(&secret, &account.email, &code)
                    .filter(|step| account.totp_last_step.is_none_or(|last| *step > last));
                match (password_ok, step) {
                    (true, Some(step)) => Ok(step),
                    _ => Err(ApiError::WrongSecret {
                        fields: &["password", "code"],
                    }),
                }
            })?;
        crate::db::write_transaction(conn, |conn| {
            // The code is used up here, as at sign-in (RFC 6238, section 5.2).
            user::set_totp_step(conn, account.id, step)?;
            user::set_totp(conn, account.id, account.totp_secret.as_deref(), true)?;
            user::replace_recovery_codes(conn, account.id, &hashes)?;
            user::end_sessions(conn, account.id, now())?;
            audit::record(
                conn,
                &signed_in,
                "enable_totp",
                "user",
                account.id,
                Some(json!({"totp_enabled": false})),
                Some(json!({"totp_enabled": true})),
            )?;
            Ok::<_, ApiError>(())
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(RecoveryCodes {
            recovery_codes: codes,
        }))
}
