//! Signing in and out: the blocking work behind the auth handlers.

use std::time::SystemTime;

use shared::api::auth::{LoginRequest, Role, TokenPair};

use super::{AuthState, jwt, password, totp};
use crate::db::AnyConnection;
use crate::db::models::audit::Actor;
use crate::db::models::{now, user};
use crate::error::ApiError;
use crate::secrets;
use shared::domain::UserId;

const WRONG: &str = "the e-mail address or the password is wrong";

/// A new access token and a refresh token of `family` (a new family at sign-in).
fn token_pair(
    conn: &mut AnyConnection,
    state: &AuthState,
    account: &user::UserRow,
    mfa: bool,
    family: &str,
) -> Result<TokenPair, ApiError> {
    let role = account.role;
    let access_token = jwt::issue(
        &state.settings.jwt_key,
        &account.id.to_string(),
        account.session_epoch,
        mfa,
        family,
        state.settings.access_ttl,
        SystemTime::now(),
    )?;
    let refresh_token = secrets::new_owner_token()?;
    let at = now();
    let ttl = chrono::Duration::from_std(state.settings.refresh_ttl)
        .unwrap_or(chrono::Duration::days(14));
    user::insert_refresh(
        conn,
        account.id,
        &secrets::token_hash(&refresh_token),
        family,
        at,
        at + ttl,
    )?;
    Ok(TokenPair {
        access_token,
        token_type: "Bearer".to_owned(),
        expires_in: state.settings.access_ttl.as_secs(),
        refresh_token,
        role,
        totp_setup_required: state.settings.require_totp_for_admins
            && role == Role::Admin
            && !account.totp_enabled,
    })
}

/// Checks the password (always running argon2, known account or not), the second factor, and
/// opens a session. The caller has already applied the throttle.
pub fn login(
    conn: &mut AnyConnection,
    state: &AuthState,
    request: &LoginRequest,
) -> Result<TokenPair, ApiError> {
    let account = user::by_email(conn, &request.email)?;
    // An invited account has no password yet: checked against the dummy, like an unknown one.
    let stored = account
        .as_ref()
        .map(|a| a.password_hash.as_str())
        .filter(|hash| *hash != user::NO_PASSWORD);
    let matches = state.verify_password(&request.password, stored);
    let account = match account {
        Some(account) if matches && !account.disabled => account,
        _ => return Err(ApiError::SignInFailed(WRONG)),
    };
    crate::db::write_transaction(conn, |conn| {
        let mut mfa = false;
        if account.totp_enabled {
            let secret = account
                .totp_secret
                .as_deref()
                .and_then(totp::from_base32)
                .ok_or_else(|| {
                    ApiError::Internal(anyhow::anyhow!("TOTP enabled without a secret"))
                })?;
            match (&request.totp_code, &request.recovery_code) {
                (Some(code), _) if !code.trim().is_empty() => {
                    // A code is accepted once (RFC 6238, section 5.2).
                    let step = totp::check_step(&secret, &account.email, code)
                        .filter(|step| account.totp_last_step.is_none_or(|last| *step > last))
                        .ok_or(ApiError::SignInFailed(
                            "the one-time code is wrong, expired or used already",
                        ))?;
                    user::set_totp_step(conn, account.id, step)?;
                }
                (_, Some(code)) if !code.trim().is_empty() => {
                    let hash = secrets::token_hash(&code.trim().to_lowercase());
                    if !user::use_recovery_code(conn, account.id, &hash, now())? {
                        return Err(ApiError::SignInFailed(
                            "the recovery code is wrong or was used",
                        ));
                    }
                }
                _ => return Err(ApiError::SecondFactorRequired),
            }
            mfa = true;
        }
        if password::needs_rehash(&account.password_hash) {
            user::set_hash(conn, account.id, &password::hash(&request.password)?)?;
        }
        let family = uuid::Uuid::new_v4().to_string();
        token_pair(conn, state, &account, mfa, &family)
    })
}

/// Trades a refresh token for a new pair. A token used twice was stolen: its whole family is
/// revoked and both holders must sign in again.
pub fn refresh(
    conn: &mut AnyConnection,
    state: &AuthState,
    token: &str,
) -> Result<TokenPair, ApiError> {
    let hash = secrets::token_hash(token);
    let result = crate::db::write_transaction(conn, |conn| {
        let row = user::find_refresh(conn, &hash)?.ok_or(ApiError::NotSignedIn)?;
        let at = now();
        if row.revoked_at.is_some() || row.expires_at <= at {
            return Err(ApiError::NotSignedIn);
        }
        if !user::use_refresh(conn, &row.id, at)? {
            user::revoke_family(conn, &row.family, at)?;
            return Ok(Err(ApiError::NotSignedIn));
        }
        let account = user::by_id(conn, row.user_id)?.ok_or(ApiError::NotSignedIn)?;
        if account.disabled {
            return Err(ApiError::NotSignedIn);
        }
        // The family began with a sign-in; it passed the second factor if the account has one.
        let mfa = account.totp_enabled;
        Ok(token_pair(conn, state, &account, mfa, &row.family))
    })?;
    // The revocation above is committed before the refusal is returned.
    result
}

/// Ends every session of the user.
pub fn logout(conn: &mut AnyConnection, user_id: UserId) -> Result<(), ApiError> {
    Ok(user::end_sessions(conn, user_id, now())?)
}

/// Changes the password after checking the current one; every session ends.
/// The check of the current password goes through the sign-in throttle: a stolen access token
/// must not allow unlimited guesses at it.
pub fn change_password(
    conn: &mut AnyConnection,
    state: &AuthState,
    ip: std::net::IpAddr,
    device: Option<&str>,
    actor: &super::extract::SignedIn,
    current: &str,
    new: &str,
) -> Result<(), ApiError> {
    let user_id = actor.id;
    shared::api::auth::new_password(new)
        .map_err(|e| ApiError::Invalid(vec![e.at("new_password")]))?;
    let account = user::by_id(conn, user_id)?.ok_or(ApiError::NotSignedIn)?;
    state
        .throttle
        .guard(conn, ip, &account.email, device, |_| {
            if state.verify_password(current, Some(&account.password_hash)) {
                Ok(())
            } else {
                Err(ApiError::WrongSecret {
                    fields: &["current_password"],
                })
            }
        })?;
    let hash = password::hash(new)?;
    crate::db::write_transaction(conn, |conn| {
        user::set_hash(conn, user_id, &hash)?;
        user::end_sessions(conn, user_id, now())?;
        crate::db::models::audit::record(
            conn,
            actor,
            "change_password",
            "user",
            user_id,
            None,
            Some(serde_json::json!({"password": "changed"})),
        )?;
        Ok(())
    })
}

/// A new account (from `solidarity-map create-admin` or an admin). Fails with a conflict when
/// the address has an account already.
pub fn create_user(
    conn: &mut AnyConnection,
    email: &str,
    role: Role,
    new_password: &str,
) -> Result<UserId, ApiError> {
    shared::api::auth::new_password(new_password)
        .map_err(|e| ApiError::Invalid(vec![e.at("password")]))?;
    if user::by_email(conn, email)?.is_some() {
        return Err(ApiError::Conflict(
            "an account with this e-mail address exists".to_owned(),
        ));
    }
    let hash = password::hash(new_password)?;
    Ok(user::insert(conn, email, &hash, role, now())?)
}

/// A new account without a password, and the token of the invitation that lets its person
/// choose one (valid for [`INVITATION_DAYS`] days; only its hash is kept). Fails with a conflict
/// when the address has an account already.
pub fn create_invited_user(
    conn: &mut AnyConnection,
    email: &str,
    role: Role,
) -> Result<(UserId, String), ApiError> {
    if user::by_email(conn, email)?.is_some() {
        return Err(ApiError::Conflict(
            "an account with this e-mail address exists".to_owned(),
        ));
    }
    let at = now();
    let id = user::insert(conn, email, user::NO_PASSWORD, role, at)?;
    let token = secrets::new_owner_token()?;
    user::insert_invitation(
        conn,
        id,
        &secrets::token_hash(&token),
        at,
        at + chrono::Duration::days(INVITATION_DAYS),
    )?;
    Ok((id, token))
}

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

/// Sets the password of an invited account and uses up its invitation. Sessions (there should
/// be none) end.
pub fn accept_invitation(
    conn: &mut AnyConnection,
    token: &str,
    new_password: &str,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if token.trim().is_empty() {
        errors.push(shared::domain::FieldError::new(
            "token",
            "required",
            "the token from the invitation link",
        ));
    }
    if let Err(e) = shared::api::auth::new_password(new_password) {
        errors.push(e.at("password"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    crate::db::write_transaction(conn, |conn| {
        let at = now();
        let account = user::use_invitation(conn, &secrets::token_hash(token.trim()), at)?
            .map(|id| user::by_id(conn, id))
            .transpose()?
            .flatten()
            .ok_or_else(|| {
                ApiError::Invalid(vec![shared::domain::FieldError::new(
                    "token",
                    "invalid_token",
                    "this invitation is unknown, used or expired: ask an admin for a new one",
                )])
            })?;
        // Hashed only for a real invitation, so that guessing tokens costs the server nothing.
        let hash = password::hash(new_password)?;
        user::set_hash(conn, account.id, &hash)?;
        user::end_sessions(conn, account.id, at)?;
        crate::db::models::audit::record(
            conn,
            Actor {
                id: account.id,
                email: &account.email,
            },
            "accept_invitation",
            "user",
            account.id,
            None,
            Some(serde_json::json!({"password": "set"})),
        )?;
        Ok(())
    })
}
