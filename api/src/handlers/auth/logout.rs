use actix_web::{HttpResponse, post, web};

use crate::auth::extract::SignedIn;
use crate::auth::session;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;

/// Signs out everywhere: every access and refresh token of the user stops working.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[post("/api/v1/auth/logout")]
pub async fn logout(pool: web::Data<DbPool>, user: SignedIn) -> Result<HttpResponse, ApiError> {
    with_db(&pool, move |conn| session::logout(conn, user.id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
