//! `/api/v1/admin/calls-to-action…`: moderators publish, edit and withdraw calls to action for
//! any Jerusalem grassroots organisation, and list them all (issue #19). Every action is
//! audited; a moderator limited to some countries acts on organisations in those only.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, put, web};
use shared::api::{CallToActionDraft, ManagedCallToAction};
use shared::domain::{CallToActionId, OrganizationId};

use super::private_json;
use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use crate::services::{calls_to_action, moderation};
use crate::site::ReferenceCache;

fn draft_of(body: &web::Bytes) -> Result<shared::api::ValidCallToAction, ApiError> {
    json_body::<CallToActionDraft>(body)?
        .validate(chrono::Utc::now().date_naive())
        .map_err(ApiError::Invalid)
}

/// Every call to action (published, withdrawn, expired), latest by-when day first; at most
/// 500.
#[utoipa::path(
    operation_id = "list_calls_to_action_for_moderators",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Calls to action", body = Vec<ManagedCallToAction>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/calls-to-action")]
pub async fn list(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
) -> Result<HttpResponse, ApiError> {
    let items = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        calls_to_action::admin_list(conn, &scope)
    })
    .await?;
    Ok(private_json(&items))
}

/// Publishes a call to action for a Jerusalem grassroots organisation (audited).
///
/// Problems: `400` a field breaks a rule (each named); `403` the organisation is not a
/// Jerusalem grassroots organisation, or is outside the moderator's countries; `404` no such
/// organisation; `409` it is not on the map.
#[utoipa::path(
    operation_id = "create_call_to_action_for_organization",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's UUID")),
    request_body = CallToActionDraft,
    responses(
        (status = 201, description = "Published", body = ManagedCallToAction),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/organizations/{id}/calls-to-action")]
pub async fn create(
    pool: web::Data<DbPool>,
    pages: web::Data<ReferenceCache>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let organization: OrganizationId = id_in_path(&id, "organisation")?;
    let valid = draft_of(&body)?;
    let created = with_db(&pool, move |conn| {
        moderation::require_entry(conn, user.id, organization)?;
        calls_to_action::create(conn, Some((&user).into()), organization, &valid)
    })
    .await?;
    pages.expire();
    Ok(HttpResponse::build(StatusCode::CREATED)
        .insert_header(("Cache-Control", "no-store"))
        .json(created))
}

/// Replaces a call to action's words, day and link (audited).
///
/// Problems: `400` a field breaks a rule (each named); `403` outside the moderator's
/// countries; `404` no such call to action; `409` it was withdrawn.
#[utoipa::path(
    operation_id = "update_call_to_action_as_moderator",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The call to action's UUID")),
    request_body = CallToActionDraft,
    responses(
        (status = 200, description = "Updated", body = ManagedCallToAction),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[put("/api/v1/admin/calls-to-action/{id}")]
pub async fn update(
    pool: web::Data<DbPool>,
    pages: web::Data<ReferenceCache>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let id: CallToActionId = id_in_path(&id, "call to action")?;
    let valid = draft_of(&body)?;
    let updated = with_db(&pool, move |conn| {
        let organization = calls_to_action::organization_of(conn, id)?;
        moderation::require_entry(conn, user.id, organization)?;
        calls_to_action::update(conn, Some((&user).into()), None, id, &valid)
    })
    .await?;
    pages.expire();
    Ok(private_json(&updated))
}

/// Withdraws a call to action (audited): it leaves every public list at once.
///
/// Problems: `403` outside the moderator's countries; `404` no such call to action; `409` it
/// was withdrawn already.
#[utoipa::path(
    operation_id = "withdraw_call_to_action_as_moderator",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The call to action's UUID")),
    responses(
        (status = 200, description = "Withdrawn", body = ManagedCallToAction),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/calls-to-action/{id}/withdraw")]
pub async fn withdraw(
    pool: web::Data<DbPool>,
    pages: web::Data<ReferenceCache>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: CallToActionId = id_in_path(&id, "call to action")?;
    let withdrawn = with_db(&pool, move |conn| {
        let organization = calls_to_action::organization_of(conn, id)?;
        moderation::require_entry(conn, user.id, organization)?;
        calls_to_action::withdraw(conn, Some((&user).into()), None, id)
    })
    .await?;
    pages.expire();
    Ok(private_json(&withdrawn))
}
