//! Extractors that make a handler require a signed-in user, a moderator or an admin. Every
//! request loads the user: a disabled account, a changed role or an ended session takes effect
//! at the next request, whatever the token says.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use shared::api::auth::Role;

use super::{AuthState, jwt};
use crate::db::DbPool;
use crate::db::models::audit::Actor;
use crate::db::models::user;
use crate::db::with_db;
use crate::error::ApiError;
use shared::domain::UserId;

/// A signed-in admin or moderator.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub id: UserId,
    pub email: String,
    pub role: Role,
    pub totp_enabled: bool,
    /// Whether this session passed a second factor.
    pub mfa: bool,
}

/// The audit log records who acted.
impl<'a> From<&'a SignedIn> for Actor<'a> {
    fn from(user: &'a SignedIn) -> Self {
        Actor {
            id: user.id,
            email: &user.email,
        }
    }
}

impl SignedIn {
    /// Admins may be required to have two-factor sign-in before anything else.
    fn check_second_factor(&self, state: &AuthState) -> Result<(), ApiError> {
        if state.settings.require_totp_for_admins && self.role == Role::Admin && !self.mfa {
            return Err(ApiError::Forbidden(
                "admins must set up two-factor sign-in first (POST /api/v1/auth/totp/setup)"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

/// The credentials of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110,
/// section 11.1).
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() < 4096)
        .then_some(token)
}

async fn signed_in(req: HttpRequest) -> Result<(SignedIn, web::Data<AuthState>), ApiError> {
    let state = req
        .app_data::<web::Data<AuthState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("auth state missing")))?;
    let pool = req
        .app_data::<web::Data<DbPool>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("pool missing")))?;
    let token = bearer(&req).ok_or(ApiError::NotSignedIn)?;
    let claims = jwt::verify(&state.settings.jwt_key, token).ok_or(ApiError::NotSignedIn)?;
    let id = UserId::parse_stored(&claims.sub).map_err(|_| ApiError::NotSignedIn)?;
    let family = claims.sid.clone();
    // A replayed refresh token revokes its family: the family's access tokens end with it.
    let (user, revoked) = with_db(&pool, move |conn| {
        Ok((user::by_id(conn, id)?, user::family_revoked(conn, &family)?))
    })
    .await?;
    let user = user.ok_or(ApiError::NotSignedIn)?;
    if revoked || user.disabled || user.session_epoch != claims.epoch {
        return Err(ApiError::NotSignedIn);
    }
    Ok((
        SignedIn {
            id: user.id,
            email: user.email,
            role: user.role,
            totp_enabled: user.totp_enabled,
            mfa: claims.mfa,
        },
        state,
    ))
}

type Extraction<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Extraction<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { signed_in(req).await.map(|(user, _)| user) })
    }
}

/// A moderator or an admin (with a second factor when admins must have one).
#[derive(Debug, Clone)]
pub struct Moderator(pub SignedIn);

impl FromRequest for Moderator {
    type Error = ApiError;
    type Future = Extraction<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (user, state) = signed_in(req).await?;
            user.check_second_factor(&state)?;
            Ok(Moderator(user))
        })
    }
}

/// An admin.
#[derive(Debug, Clone)]
pub struct Admin(pub SignedIn);

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Extraction<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (user, state) = signed_in(req).await?;
            if user.role != Role::Admin {
                return Err(ApiError::Forbidden("this needs the admin role".to_owned()));
            }
            user.check_second_factor(&state)?;
            Ok(Admin(user))
        })
    }
}
