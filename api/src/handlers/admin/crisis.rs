use actix_web::{HttpResponse, get, post, web};
use shared::api::admin::{CrisisRequest, CrisisView};

use super::private_json;
use crate::auth::extract::Admin;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;

/// Crisis actions, newest first.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    operation_id = "list_crisis_actions",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Crisis actions", body = Vec<CrisisView>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/crisis")]
pub async fn list(pool: web::Data<DbPool>, _: Admin) -> Result<HttpResponse, ApiError> {
    let items = with_db(&pool, crate::services::crisis::list).await?;
    Ok(private_json(&items))
}

/// Crisis mode: hides at once every published entry of a country, a bbox or a category, and
/// remembers exactly which, to restore them later.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = CrisisRequest,
    responses(
        (status = 201, description = "Hidden", body = CrisisView),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[post("/api/v1/admin/crisis")]
pub async fn start(
    pool: web::Data<DbPool>,
    Admin(user): Admin,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<CrisisRequest>(&body)?);
    let (scope, reason) = request.validate().map_err(ApiError::Invalid)?;
    let view = with_db(&pool, move |conn| {
        crate::services::crisis::start(conn, &user, &scope, &reason)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Shows again exactly the entries this action hid (those still hidden by it).
///
/// Problems: `403` for a moderator (admins only); `409` restored already.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The crisis action")),
    responses(
        (status = 200, description = "Restored", body = CrisisView),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/crisis/{id}/restore")]
pub async fn restore(
    pool: web::Data<DbPool>,
    Admin(user): Admin,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&id, "crisis action")?;
    let view = with_db(&pool, move |conn| {
        crate::services::crisis::restore(conn, &user, id)
    })
    .await?;
    Ok(private_json(&view))
}
