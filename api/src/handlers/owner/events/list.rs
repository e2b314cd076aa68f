use actix_web::{HttpResponse, get, web};
use shared::api::ManagedEvent;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::owner::Owner;
use crate::handlers::{problems, with_db};
use crate::services::events;

/// The group's own events in every state (pending, published, rejected with the moderator's
/// reason, cancelled), latest start first; at most 500.
///
/// Problems: `401` no valid owner token.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    responses(
        (status = 200, description = "The group's events", body = Vec<ManagedEvent>),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[get("/api/v1/owner/events")]
pub async fn list_own_events(
    pool: web::Data<DbPool>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let items = with_db(&pool, move |conn| {
        events::owner_list(conn, owner.organization_id)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(items))
}
