use actix_web::{HttpResponse, post, web};
use serde_json::json;
use shared::api::Problem;
use shared::api::auth::PasswordChange;

use crate::auth::extract::SignedIn;
use crate::auth::{AuthState, session};
use crate::db::DbPool;
use crate::db::models::audit;
use crate::error::ApiError;
use crate::handlers::with_db;
use crate::http::json_body;

/// Changes the signed-in user's password (at least 12 characters). Every session ends: sign in
/// again.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password",
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every session ended"),
        (status = 400, description = "Wrong current password, or the new one is too short", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/auth/password")]
pub async fn change_password(
    pool: web::Data<DbPool>,
    state: web::Data<AuthState>,
    user: SignedIn,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<PasswordChange>(&body)?);
    let request = request.into_inner();
    let state = state.into_inner();
    with_db(&pool, move |conn| {
        session::change_password(
            conn,
            &state,
            &user.id,
            &request.current_password,
            &request.new_password,
        )?;
        audit::record(
            conn,
            &user,
            "change_password",
            "user",
            &user.id,
            None,
            Some(json!({"password": "changed"})),
        )?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
