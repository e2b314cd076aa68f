use actix_web::{HttpResponse, delete, get, post, put, web};
use shared::api::Problem;
use shared::api::admin::{AdminOrganization, AdminOrganizationRequest, StatusChange};
use shared::domain::Status;

use super::private_json;
use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::with_db;
use crate::http::json_body;
use crate::moderation;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct AdminOrganizationQuery {
    /// Only this status.
    pub status: Option<String>,
    /// Name or city contains (accents and case ignored).
    pub q: Option<String>,
    /// 1 to 500 (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Organisations in every status, with private fields, most recently changed first.
#[utoipa::path(
    get,
    path = "/api/v1/admin/organizations",
    tag = "admin",
    security(("bearer" = [])),
    params(AdminOrganizationQuery),
    responses(
        (status = 200, description = "Organisations", body = Vec<AdminOrganization>),
        (status = 400, description = "Unknown status", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/admin/organizations")]
pub async fn list(
    pool: web::Data<DbPool>,
    _: Moderator,
    query: web::Query<AdminOrganizationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let status = match query.status.as_deref() {
        Some(text) => Some(Status::parse(text).ok_or_else(|| {
            ApiError::Invalid(vec![shared::domain::FieldError::new(
                "status",
                "invalid_choice",
                "must be pending, published, rejected, hidden or archived",
            )])
        })?),
        None => None,
    };
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let offset = query.offset.unwrap_or(0).max(0);
    let items = with_db(&pool, move |conn| {
        moderation::list(conn, status, query.q.as_deref(), limit, offset)
    })
    .await?;
    Ok(private_json(&items))
}

/// One organisation in any status, with private fields.
#[utoipa::path(
    get,
    path = "/api/v1/admin/organizations/{id}",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    responses(
        (status = 200, description = "The organisation", body = AdminOrganization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/admin/organizations/{id}")]
pub async fn get_one(
    pool: web::Data<DbPool>,
    _: Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = with_db(&pool, move |conn| moderation::admin_view(conn, &id)).await?;
    Ok(private_json(&view))
}

/// Creates a published organisation.
#[utoipa::path(
    post,
    path = "/api/v1/admin/organizations",
    tag = "admin",
    security(("bearer" = [])),
    request_body = AdminOrganizationRequest,
    responses(
        (status = 201, description = "Created and published", body = AdminOrganization),
        (status = 400, description = "Field by field, what is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/admin/organizations")]
pub async fn create(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<AdminOrganizationRequest>(&body)?);
    let view = with_db(&pool, move |conn| moderation::create(conn, &user, &request)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Replaces an organisation's fields (public and private); its status stays.
#[utoipa::path(
    put,
    path = "/api/v1/admin/organizations/{id}",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    request_body = AdminOrganizationRequest,
    responses(
        (status = 200, description = "Updated", body = AdminOrganization),
        (status = 400, description = "Field by field, what is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/admin/organizations/{id}")]
pub async fn update(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<AdminOrganizationRequest>(&body)?);
    let view = with_db(&pool, move |conn| {
        moderation::update(conn, &user, &id, &request)
    })
    .await?;
    Ok(private_json(&view))
}

/// Publishes, hides or archives an organisation.
#[utoipa::path(
    post,
    path = "/api/v1/admin/organizations/{id}/status",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "Changed", body = AdminOrganization),
        (status = 400, description = "Not a status a moderator sets", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/admin/organizations/{id}/status")]
pub async fn set_status(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<StatusChange>(&body)?);
    let view = with_db(&pool, move |conn| {
        moderation::set_status(conn, &user, &id, request.status)
    })
    .await?;
    Ok(private_json(&view))
}

/// Deletes an organisation and everything attached to it.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/organizations/{id}",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/api/v1/admin/organizations/{id}")]
pub async fn delete_one(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    with_db(&pool, move |conn| moderation::delete(conn, &user, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
