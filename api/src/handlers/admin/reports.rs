//! `/api/v1/admin/reports`: the moderators' queue of visitors' reports (issue #18).

use actix_web::{HttpResponse, get, post, web};
use shared::api::admin::AuditEntry;
use shared::api::{ReportDetail, ReportQuery, ReportView, ResolveReport};
use shared::domain::ReportId;

use super::private_json;
use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::db::models::audit;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use crate::services::{moderation, reports};

/// Visitors' reports: by default those waiting (open, or answered by the entry's owner), unsafe
/// ones first, then oldest first; `state=resolved` (newest first) or `state=all`. At most 500.
/// The visitor's text is here and nowhere public. A moderator limited to some countries sees
/// the reports about entries in those countries only.
///
/// Problems: `400` unknown `state`.
#[utoipa::path(
    operation_id = "list_reports",
    tag = "admin",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "Reports", body = Vec<ReportView>),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/reports")]
pub async fn list(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let selection = query.selection().map_err(ApiError::Invalid)?;
    let items = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        reports::list(conn, selection, &scope)
    })
    .await?;
    Ok(private_json(&items))
}

/// One report, with the entry's other reports and its history (the audit rows about it: edits,
/// status changes, reviews, resolved reports), newest first.
///
/// Problems: `403` the entry is outside the countries the moderator is limited to.
#[utoipa::path(
    operation_id = "get_report",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The report's UUID")),
    responses(
        (status = 200, description = "The report and the entry's history", body = ReportDetail),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[get("/api/v1/admin/reports/{id}")]
pub async fn get_one(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: ReportId = id_in_path(&id, "report")?;
    let detail = with_db(&pool, move |conn| {
        let row = reports::find(conn, id)?;
        moderation::require_entry(conn, user.id, row.organization_id)?;
        let other_reports = reports::others(conn, &row)?;
        let history =
            audit::for_target(conn, "organization", &row.organization_id.to_string(), 1000)?
                .into_iter()
                .map(super::audit::entry)
                .collect::<Result<Vec<AuditEntry>, _>>()?;
        Ok(ReportDetail {
            report: reports::view(conn, row)?,
            other_reports,
            history,
        })
    })
    .await?;
    Ok(private_json(&detail))
}

/// Resolves a report: `dismissed`, `corrected` or `hidden`, with an audit row about the entry.
/// An entry hidden because it was reported unsafe is shown again by `dismissed` or `corrected`
/// (once no other unsafe report of it waits; held instead while a crisis covers it), and kept
/// hidden by `hidden` (then as hidden by a moderator). For other reports, `hidden` hides the
/// entry.
///
/// Problems: `400` unknown outcome; `403` the entry is outside the countries the moderator is
/// limited to; `409` the report was resolved already.
#[utoipa::path(
    operation_id = "resolve_report",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The report's UUID")),
    request_body = ResolveReport,
    responses(
        (status = 200, description = "Resolved", body = ReportView),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/reports/{id}/resolve")]
pub async fn resolve(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = json_body::<ResolveReport>(&body)?;
    let outcome = request.validate().map_err(ApiError::Invalid)?;
    let id: ReportId = id_in_path(&id, "report")?;
    let view = with_db(&pool, move |conn| {
        let row = reports::find(conn, id)?;
        moderation::require_entry(conn, user.id, row.organization_id)?;
        reports::resolve(conn, &user, id, outcome)
    })
    .await?;
    Ok(private_json(&view))
}
