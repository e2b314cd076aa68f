use actix_web::{HttpResponse, put, web};
use serde_json::json;
use shared::api::admin::{CategoryRequest, FocusAreaRequest};
use shared::domain::Key;

use crate::auth::extract::Admin;
use crate::db::DbPool;
use crate::db::models::{audit, content, mark_changed};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::json_body;

/// Creates or replaces a category with its names in the four languages.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("key" = Key, Path, description = "snake_case key")),
    request_body = CategoryRequest,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[put("/api/v1/admin/categories/{key}")]
pub async fn save_category(
    pool: web::Data<DbPool>,
    Admin(user): Admin,
    key: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<CategoryRequest>(&body)?);
    let key = Key::parse(&key)
        .map_err(|e| ApiError::Invalid(vec![e.at("key")]))?
        .to_string();
    request.validate().map_err(ApiError::Invalid)?;
    let request = request.into_inner();
    with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let existed = content::upsert_category(conn, &key, &request)?;
            mark_changed(conn)?;
            audit::record(
                conn,
                &user,
                if existed {
                    "update_category"
                } else {
                    "create_category"
                },
                "category",
                &key,
                None,
                Some(json!(request)),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Creates or replaces a focus area with its names in the four languages.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("key" = Key, Path, description = "snake_case key")),
    request_body = FocusAreaRequest,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[put("/api/v1/admin/focus-areas/{key}")]
pub async fn save_focus_area(
    pool: web::Data<DbPool>,
    Admin(user): Admin,
    key: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<FocusAreaRequest>(&body)?);
    let key = Key::parse(&key)
        .map_err(|e| ApiError::Invalid(vec![e.at("key")]))?
        .to_string();
    request.validate().map_err(ApiError::Invalid)?;
    let request = request.into_inner();
    with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let existed = content::upsert_focus_area(conn, &key, &request)?;
            mark_changed(conn)?;
            audit::record(
                conn,
                &user,
                if existed {
                    "update_focus_area"
                } else {
                    "create_focus_area"
                },
                "focus_area",
                &key,
                None,
                Some(json!(request)),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
