use actix_web::{HttpResponse, get, web};
use shared::api::ManagedCallToAction;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{problems, with_db};
use crate::services::calls_to_action;

/// The organisation's own calls to action in every state (published, withdrawn, expired),
/// latest by-when day first; at most 500.
///
/// Problems: `401` no valid owner token.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    responses(
        (status = 200, description = "The organisation's calls to action", body = Vec<ManagedCallToAction>),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[get("/api/v1/owner/calls-to-action")]
pub async fn list_own_calls_to_action(
    pool: web::Data<DbPool>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let items = with_db(&pool, move |conn| {
        calls_to_action::owner_list(conn, owner.organization_id)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(items))
}
