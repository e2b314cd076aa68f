use actix_web::{HttpResponse, post, web};
use shared::api::auth::{RefreshRequest, TokenPair};

use crate::auth::{AuthState, session};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;

/// Trades a refresh token for a new pair; the old refresh token stops working. Presenting a used
/// refresh token again revokes every token of that sign-in.
///
/// Problems: `400` the body is not a JSON refresh request; `401` unknown, used, expired or revoked
/// refresh token.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = TokenPair),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[post("/api/v1/auth/refresh")]
pub async fn refresh(
    pool: web::Data<DbPool>,
    state: web::Data<AuthState>,
    request: crate::http::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = request.into_inner().refresh_token;
    if token.is_empty() || token.len() > 200 {
        return Err(ApiError::NotSignedIn);
    }
    let state = state.into_inner();
    let pair = with_db(&pool, move |conn| session::refresh(conn, &state, &token)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}
