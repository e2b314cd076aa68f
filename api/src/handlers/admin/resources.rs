use actix_web::{HttpResponse, delete, post, put, web};
use serde_json::json;
use shared::api::admin::{Created, ResourceRequest};
use shared::domain::{FieldError, Slug};

use crate::auth::extract::Moderator;
use crate::db::models::{audit, content, mark_changed, now};
use crate::db::{AnyConnection, DbPool};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use crate::services::slugs;
use shared::domain::ResourceId;

fn check_organizations(
    conn: &mut AnyConnection,
    request: &ResourceRequest,
) -> Result<(), ApiError> {
    let ids = &request.organization_ids;
    if content::count_organizations(conn, ids, None)? != ids.len() as i64 {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "organization_ids",
            "unknown_organization",
            "every id must be an organisation on the map",
        )]));
    }
    Ok(())
}

/// Adds a resource (report, toolkit, video …) to the network, published.
#[utoipa::path(
    operation_id = "create_resource",
    tag = "admin",
    security(("bearer" = [])),
    request_body = ResourceRequest,
    responses(
        (status = 201, description = "Created", body = Created),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[post("/api/v1/admin/resources")]
pub async fn create(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<ResourceRequest>(&body)?);
    request.validate().map_err(ApiError::Invalid)?;
    let request = request.into_inner();
    let id = ResourceId::from_uuid(uuid::Uuid::new_v4());
    with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            check_organizations(conn, &request)?;
            let base = Slug::from_text(&request.title, "resource");
            let slug = slugs::free_resource_slug(conn, &base)?;
            content::save_resource(conn, id, &request, slug.as_str(), now(), true)?;
            mark_changed(conn)?;
            audit::record(
                conn,
                &user,
                "create_resource",
                "resource",
                id,
                None,
                Some(json!(request)),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(Created { id: id.as_uuid() }))
}

/// Replaces a resource.
#[utoipa::path(
    operation_id = "update_resource",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The resource")),
    request_body = ResourceRequest,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[put("/api/v1/admin/resources/{id}")]
pub async fn update(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<ResourceRequest>(&body)?);
    request.validate().map_err(ApiError::Invalid)?;
    let request = request.into_inner();
    let id: ResourceId = id_in_path(&id, "resource")?;
    with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            if !content::resource_exists(conn, id)? {
                return Err(ApiError::NotFound("resource".to_owned()));
            }
            check_organizations(conn, &request)?;
            content::save_resource(conn, id, &request, "", now(), false)?;
            mark_changed(conn)?;
            audit::record(
                conn,
                &user,
                "update_resource",
                "resource",
                id,
                None,
                Some(json!(request)),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes a resource.
#[utoipa::path(
    operation_id = "delete_resource",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The resource")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[delete("/api/v1/admin/resources/{id}")]
pub async fn delete_one(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: ResourceId = id_in_path(&id, "resource")?;
    with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            if content::delete_resource(conn, id)? == 0 {
                return Err(ApiError::NotFound("resource".to_owned()));
            }
            mark_changed(conn)?;
            audit::record(
                conn,
                &user,
                "delete_resource",
                "resource",
                id,
                Some(json!({"id": id})),
                None,
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
