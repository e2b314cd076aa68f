use actix_web::{HttpResponse, post, web};
use shared::api::admin::InvitationAcceptance;

use crate::auth::session;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::json_body;

/// An invited person chooses their password (at least 12 characters) with the token from their
/// invitation link, which then stops working; they sign in with it afterwards.
///
/// Problems: `400` the password breaks the rules, or the token is unknown, used or expired (field
/// by field).
#[utoipa::path(
    tag = "auth",
    request_body = InvitationAcceptance,
    responses(
        (status = 204, description = "The password is set; sign in with it"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[post("/api/v1/auth/invitation")]
pub async fn accept_invitation(
    pool: web::Data<DbPool>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = json_body::<InvitationAcceptance>(&body)?;
    with_db(&pool, move |conn| {
        session::accept_invitation(conn, &request.token, &request.password)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
