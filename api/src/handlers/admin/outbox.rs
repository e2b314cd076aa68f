use actix_web::{HttpResponse, get, web};
use shared::api::admin::OutboxItem;

use super::private_json;
use crate::auth::extract::Admin;
use crate::db::DbPool;
use crate::db::models::content;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;

/// The outbox, newest first: what was sent, what waits, and why a send failed. Bodies are not
/// shown.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    operation_id = "list_outbox",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Messages", body = Vec<OutboxItem>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/outbox")]
pub async fn list(pool: web::Data<DbPool>, _: Admin) -> Result<HttpResponse, ApiError> {
    let items = with_db(&pool, |conn| Ok(content::outbox_items(conn)?)).await?;
    Ok(private_json(&items))
}
