use actix_web::{HttpResponse, get, web};
use shared::api::admin::AuditEntry;

use super::private_json;
use crate::auth::extract::Admin;
use crate::db::DbPool;
use crate::db::models::{audit, utc};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;

/// The audit log, newest first (the last 1,000 actions): who did what, when, before and after.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    operation_id = "list_audit",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Audit rows", body = Vec<AuditEntry>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/audit")]
pub async fn list(pool: web::Data<DbPool>, _: Admin) -> Result<HttpResponse, ApiError> {
    let rows = with_db(&pool, |conn| Ok(audit::recent(conn, 1000)?)).await?;
    let entries = rows
        .into_iter()
        .map(entry)
        .collect::<Result<Vec<AuditEntry>, _>>()?;
    Ok(private_json(&entries))
}

/// An audit row as the API shows it.
pub fn entry(row: audit::AuditRow) -> Result<AuditEntry, ApiError> {
    let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    Ok(AuditEntry {
        id: row.id,
        user_email: row.user_email,
        action: row.action,
        target_type: row.target_type,
        target_id: row.target_id,
        before: parse(row.before),
        after: parse(row.after),
        created_at: utc(row.created_at),
    })
}
