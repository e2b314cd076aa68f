use actix_web::{HttpResponse, delete, post, web};
use serde_json::json;
use shared::api::admin::{Created, PartnershipRequest};
use shared::domain::FieldError;

use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::db::models::organization::JERUSALEM_CATEGORY;
use crate::db::models::{audit, content, mark_changed, now, reference};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use shared::domain::PartnershipId;

/// Twins a global group with a Jerusalem grassroots organisation (drawn as a line on the map).
///
/// Problems: `400` unknown organisations, or the second is not a Jerusalem organisation; `409`
/// these two are twinned already.
#[utoipa::path(
    operation_id = "create_partnership",
    tag = "admin",
    security(("bearer" = [])),
    request_body = PartnershipRequest,
    responses(
        (status = 201, description = "Created", body = Created),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/partnerships")]
pub async fn create(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<PartnershipRequest>(&body)?);
    let request = request.into_inner();
    let description = shared::api::plain_paragraphs(&request.description, 0, 1000)
        .map_err(|e| ApiError::Invalid(vec![e.at("description")]))?;
    let (global, jerusalem) = (
        request.global_organization_id,
        request.jerusalem_organization_id,
    );
    let id = with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let mut errors = Vec::new();
            if content::count_organizations(conn, std::slice::from_ref(&global), None)? != 1
                || global == jerusalem
            {
                errors.push(FieldError::new(
                    "global_organization_id",
                    "unknown_organization",
                    "must be another organisation on the map",
                ));
            }
            if content::count_organizations(
                conn,
                std::slice::from_ref(&jerusalem),
                Some(JERUSALEM_CATEGORY),
            )? != 1
            {
                errors.push(FieldError::new(
                    "jerusalem_organization_id",
                    "not_jerusalem",
                    "must be a Jerusalem grassroots organisation",
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::Invalid(errors));
            }
            if content::partnership_exists(conn, global, jerusalem)? {
                return Err(ApiError::Conflict(
                    "these two organisations are twinned already".to_owned(),
                ));
            }
            let id = reference::insert_partnership(
                conn,
                global,
                jerusalem,
                &description,
                shared::domain::Origin::Admin,
                now(),
            )?;
            mark_changed(conn)?;
            audit::record(
                conn,
                &user,
                "create_partnership",
                "partnership",
                id,
                None,
                Some(json!({"global": global, "jerusalem": jerusalem, "description": description})),
            )?;
            Ok(id)
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(Created { id: id.as_uuid() }))
}

/// Ends a twinning.
#[utoipa::path(
    operation_id = "delete_partnership",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The partnership")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[delete("/api/v1/admin/partnerships/{id}")]
pub async fn delete_one(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: PartnershipId = id_in_path(&id, "partnership")?;
    with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            if content::delete_partnership(conn, id)? == 0 {
                return Err(ApiError::NotFound("partnership".to_owned()));
            }
            mark_changed(conn)?;
            audit::record(
                conn,
                &user,
                "delete_partnership",
                "partnership",
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
