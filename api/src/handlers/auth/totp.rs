use actix_web::{HttpResponse, post, web};
use serde_json::json;
use shared::api::Problem;
use shared::api::auth::{RecoveryCodes, TotpCode, TotpSetup};
use shared::domain::FieldError;

use crate::auth::extract::SignedIn;
use crate::auth::{AuthState, totp};
use crate::db::DbPool;
use crate::db::models::{audit, now, user};
use crate::error::ApiError;
use crate::handlers::with_db;
use crate::http::json_body;
use crate::secrets;

/// Starts two-factor sign-in: a new secret for the authenticator app. It takes effect once a
/// code from the app is confirmed.
#[utoipa::path(
    post,
    path = "/api/v1/auth/totp/setup",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The secret", body = TotpSetup),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Two-factor sign-in is already on", body = Problem, content_type = "application/problem+json")
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
        Ok(user::set_totp(conn, &signed_in.id, Some(&stored), false)?)
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
#[utoipa::path(
    post,
    path = "/api/v1/auth/totp/enable",
    tag = "auth",
    security(("bearer" = [])),
    request_body = TotpCode,
    responses(
        (status = 200, description = "On; the recovery codes, shown once", body = RecoveryCodes),
        (status = 400, description = "Wrong code or password, or no setup started", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/totp/enable")]
pub async fn enable(
    pool: web::Data<DbPool>,
    state: web::Data<AuthState>,
    signed_in: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let TotpCode { code, password } = json_body::<TotpCode>(&body)?;
    let state = state.into_inner();
    let codes = totp::recovery_codes()?;
    let hashes: Vec<String> = codes.iter().map(|c| secrets::token_hash(c)).collect();
    with_db(&pool, move |conn| {
        let account = user::by_id(conn, &signed_in.id)?.ok_or(ApiError::NotSignedIn)?;
        let secret = account.totp_secret.as_deref().and_then(totp::from_base32);
        let wrong = || {
            ApiError::Invalid(vec![FieldError::new(
                "code",
                "wrong_code",
                "this is not the app's current code",
            )])
        };
        if !state.verify_password(&password, Some(&account.password_hash)) {
            return Err(ApiError::Invalid(vec![FieldError::new(
                "password",
                "wrong_password",
                "this is not the account's password",
            )]));
        }
        let secret = secret.ok_or_else(wrong)?;
        if account.totp_enabled || !totp::check(&secret, &account.email, &code) {
            return Err(wrong());
        }
        crate::db::write_transaction(conn, |conn| {
            user::set_totp(conn, &account.id, account.totp_secret.as_deref(), true)?;
            user::replace_recovery_codes(conn, &account.id, &hashes)?;
            user::end_sessions(conn, &account.id, now())?;
            audit::record(
                conn,
                &signed_in,
                "enable_totp",
                "user",
                &account.id,
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
