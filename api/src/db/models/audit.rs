//! The audit log: one row per admin action, with the record before and after.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::domain::{AuditId, UserId};
use uuid::Uuid;

use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::private_values;
use crate::db::schema::audit_log;

/// Who did an action, as the audit log records it (the signed-in account, or the command line's
/// operator).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub id: UserId,
    pub email: &'a str,
}

/// Records an action in the caller's transaction, so that the action and its row land together.
pub fn record<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    action: &str,
    target_type: &str,
    target_id: impl std::fmt::Display,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> QueryResult<()> {
    // Who acted, and the records (which may hold a contact address or notes), are sealed.
    let actor = actor.into();
    let id = AuditId::from_uuid(Uuid::new_v4());
    let sealed = |value: Option<serde_json::Value>, column| {
        data_key::seal_optional(value.map(|v| v.to_string()).as_deref(), column, id)
    };
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(id),
            audit_log::user_id.eq(Some(actor.id)),
            audit_log::user_email.eq(data_key::seal(
                actor.email,
                private_values::ACTOR_EMAIL,
                id,
            )?),
            audit_log::action.eq(action),
            audit_log::target_type.eq(target_type),
            audit_log::target_id.eq(target_id.to_string()),
            audit_log::before.eq(sealed(before, private_values::BEFORE)?),
            audit_log::after.eq(sealed(after, private_values::AFTER)?),
            audit_log::created_at.eq(crate::db::models::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: AuditId,
    pub user_email: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub created_at: NaiveDateTime,
}

/// The row with its sealed values opened.
fn opened(mut row: AuditRow) -> QueryResult<AuditRow> {
    row.user_email = data_key::open(&row.user_email, private_values::ACTOR_EMAIL, row.id)?;
    row.before = data_key::open_optional(row.before.as_deref(), private_values::BEFORE, row.id)?;
    row.after = data_key::open_optional(row.after.as_deref(), private_values::AFTER, row.id)?;
    Ok(row)
}

/// Newest first.
pub fn recent(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .order(audit_log::created_at.desc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?
        .into_iter()
        .map(opened)
        .collect()
}

/// The rows about one target, newest first.
pub fn for_target(
    conn: &mut AnyConnection,
    target_type: &str,
    target_id: &str,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::target_type.eq(target_type))
        .filter(audit_log::target_id.eq(target_id))
        .order(audit_log::created_at.desc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?
        .into_iter()
        .map(opened)
        .collect()
}
