use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, delete, get, post, put, web};
use shared::api::admin::{
    AdminOrganization, AdminOrganizationQuery, AdminOrganizationRequest, AuditEntry,
    OrganizationSort, StatusChange,
};
use shared::domain::{CountryCode, FieldError, Key, Status};

use super::private_json;
use crate::auth::extract::Moderator;
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::db::models::{audit, now, organization};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use crate::services::organizations::AdminFilter;
use shared::domain::OrganizationId;

/// The filters of [`AdminOrganizationQuery`], checked field by field (all at once).
fn admin_filter(
    query: &AdminOrganizationQuery,
    settings: &JoinSettings,
) -> Result<(AdminFilter, OrganizationSort), ApiError> {
    let mut errors = Vec::new();
    let status = match query.status.as_deref() {
        Some(text) => Status::parse(text).or_else(|| {
            errors.push(FieldError::new(
                "status",
                "invalid_choice",
                "must be pending, published, rejected, hidden or archived",
            ));
            None
        }),
        None => None,
    };
    let category = match query.category.as_deref() {
        Some(text) => Key::parse(text)
            .map(|k| k.to_string())
            .map_err(|e| errors.push(e.at("category")))
            .ok(),
        None => None,
    };
    let country = match query.country.as_deref() {
        Some(text) => CountryCode::parse(text)
            .map(|c| c.to_string())
            .map_err(|e| errors.push(e.at("country")))
            .ok(),
        None => None,
    };
    let stale = match query.stale.as_deref() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            errors.push(FieldError::new(
                "stale",
                "invalid_choice",
                "must be true or false",
            ));
            None
        }
        None => None,
    };
    let sort = match query.sort.as_deref() {
        Some(text) => OrganizationSort::parse(text).unwrap_or_else(|| {
            let choices: Vec<&str> = OrganizationSort::ALL.iter().map(|s| s.as_str()).collect();
            errors.push(FieldError::new(
                "sort",
                "invalid_choice",
                format!("must be one of: {}", choices.join(", ")),
            ));
            OrganizationSort::default()
        }),
        None => OrganizationSort::default(),
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let cutoff = crate::services::organizations::stale_cutoff(settings, now());
    let filter = AdminFilter {
        status,
        q: query.q.clone(),
        category,
        country,
        stale: stale.map(|s| (s, cutoff)),
        countries: None,
    };
    Ok((filter, sort))
}

/// Organisations in every status, with private fields, filtered and sorted; `X-Total-Count`
/// says how many match the filters in all, for paging.
///
/// Problems: `400` a filter or the sort is unknown (field by field).
#[utoipa::path(
    operation_id = "list_admin_organizations",
    tag = "admin",
    security(("bearer" = [])),
    params(AdminOrganizationQuery),
    responses(
        (status = 200, description = "One page of organisations", body = Vec<AdminOrganization>,
            headers(("X-Total-Count" = i64, description = "How many organisations match the filters, before limit and offset"))),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/organizations")]
pub async fn list(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    Moderator(user): Moderator,
    query: web::Query<AdminOrganizationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (mut filter, sort) = admin_filter(&query, &settings)?;
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let offset = query.offset.unwrap_or(0).max(0);
    let (items, total) = with_db(&pool, move |conn| {
        filter.countries = crate::services::moderation::scope_of(conn, user.id)?.codes();
        if let Some(category) = &filter.category {
            let (categories, _) = organization::known_keys(conn)?;
            if !categories.contains(category) {
                return Err(ApiError::Invalid(vec![FieldError::new(
                    "category",
                    "unknown_category",
                    format!("no category has the key {category}"),
                )]));
            }
        }
        let total = crate::services::organizations::count(conn, &filter)?;
        let items = crate::services::organizations::list(conn, &filter, sort, limit, offset)?;
        Ok((items, total))
    })
    .await?;
    let mut response = private_json(&items);
    response.headers_mut().insert(
        HeaderName::from_static("x-total-count"),
        HeaderValue::from(total),
    );
    Ok(response)
}

/// What was done to an organisation, newest first: the audit rows whose target it is (edits,
/// status changes, approved and rejected submissions, deletion), private fields redacted as
/// the log keeps them. At most 1,000 rows.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    responses(
        (status = 200, description = "Audit rows about the organisation", body = Vec<AuditEntry>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[get("/api/v1/admin/organizations/{id}/history")]
pub async fn history(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: OrganizationId = id_in_path(&id, "organisation")?;
    let rows = with_db(&pool, move |conn| {
        crate::services::organizations::admin_view(conn, id)?;
        crate::services::moderation::require_entry(conn, user.id, id)?;
        Ok(audit::for_target(
            conn,
            "organization",
            &id.to_string(),
            1000,
        )?)
    })
    .await?;
    let entries = rows
        .into_iter()
        .map(super::audit::entry)
        .collect::<Result<Vec<AuditEntry>, _>>()?;
    Ok(private_json(&entries))
}

/// One organisation in any status, with private fields.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    responses(
        (status = 200, description = "The organisation", body = AdminOrganization),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[get("/api/v1/admin/organizations/{id}")]
pub async fn get_one(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: OrganizationId = id_in_path(&id, "organisation")?;
    let view = with_db(&pool, move |conn| {
        crate::services::moderation::require_entry(conn, user.id, id)?;
        crate::services::organizations::admin_view(conn, id)
    })
    .await?;
    Ok(private_json(&view))
}

/// Creates a published organisation. Inside an active crisis's scope it is held by that crisis
/// instead (`status` hidden, `hidden_by` crisis) and published when the crisis is restored.
#[utoipa::path(
    operation_id = "create_organization",
    tag = "admin",
    security(("bearer" = [])),
    request_body = AdminOrganizationRequest,
    responses(
        (status = 201, description = "Created and published (or held by an active crisis)", body = AdminOrganization),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[post("/api/v1/admin/organizations")]
pub async fn create(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<AdminOrganizationRequest>(&body)?);
    let view = with_db(&pool, move |conn| {
        crate::services::organizations::create(conn, &user, &request)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Replaces an organisation's fields (public and private); its status stays.
#[utoipa::path(
    operation_id = "update_organization",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    request_body = AdminOrganizationRequest,
    responses(
        (status = 200, description = "Updated", body = AdminOrganization),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
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
    let id: OrganizationId = id_in_path(&id, "organisation")?;
    let view = with_db(&pool, move |conn| {
        crate::services::moderation::require_entry(conn, user.id, id)?;
        crate::services::organizations::update(conn, &user, id, &request)
    })
    .await?;
    Ok(private_json(&view))
}

/// Publishes, hides or archives an organisation. Publishing is refused while a crisis covers
/// the entry (`held_by_crisis`) or once its owner asked for deletion (`deletion_requested`).
///
/// Problems: `400` not a status a moderator sets; `409` it may not be public now: `held_by_crisis`
/// or `deletion_requested`.
#[utoipa::path(
    operation_id = "set_organization_status",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "Changed", body = AdminOrganization),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
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
    let id: OrganizationId = id_in_path(&id, "organisation")?;
    let view = with_db(&pool, move |conn| {
        crate::services::moderation::require_entry(conn, user.id, id)?;
        crate::services::organizations::set_status(conn, &user, id, request.status)
    })
    .await?;
    Ok(private_json(&view))
}

/// Deletes an organisation and everything attached to it.
#[utoipa::path(
    operation_id = "delete_organization",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[delete("/api/v1/admin/organizations/{id}")]
pub async fn delete_one(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: OrganizationId = id_in_path(&id, "organisation")?;
    with_db(&pool, move |conn| {
        crate::services::moderation::require_entry(conn, user.id, id)?;
        crate::services::organizations::delete(conn, &user, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
