//! The `crisis_actions` table as the public side reads it: which crises are active. Their rules
//! (what a scope covers, holding and restoring entries) are in `services::crisis`.

use diesel::prelude::*;
use shared::api::admin::CrisisScope;
use shared::domain::CrisisId;

use crate::db::AnyConnection;
use crate::db::schema::crisis_actions;

/// The crisis actions not yet restored, oldest first: (id, scope).
pub fn active(conn: &mut AnyConnection) -> QueryResult<Vec<(CrisisId, CrisisScope)>> {
    let rows: Vec<(CrisisId, String)> = crisis_actions::table
        .filter(crisis_actions::restored_at.is_null())
        .order(crisis_actions::created_at)
        .select((crisis_actions::id, crisis_actions::scope))
        .load(conn)?;
    // A scope that does not read is an error: skipping it would show what the crisis hides.
    rows.into_iter()
        .map(|(id, scope)| {
            let scope = serde_json::from_str(&scope).map_err(|e| {
                diesel::result::Error::DeserializationError(
                    format!("crisis {id}: scope {scope:?}: {e}").into(),
                )
            })?;
            Ok((id, scope))
        })
        .collect()
}
