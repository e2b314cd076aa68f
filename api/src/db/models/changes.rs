//! The log of changed organisations (migration 000006): database triggers append a row for every
//! insert, update or delete of an organisation or of its focus areas, so the in-memory index
//! re-reads only what changed.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{data_version, organization_changes};

/// How many log rows [`prune`] keeps: far more than any index falls behind between two polls.
pub const KEPT_CHANGES: i64 = 100_000;

/// The newest seq in the log (0 when it is empty).
pub fn latest(conn: &mut AnyConnection) -> QueryResult<i64> {
    organization_changes::table
        .select(diesel::dsl::max(organization_changes::seq))
        .first::<Option<i64>>(conn)
        .map(Option::unwrap_or_default)
}

/// The ids of organisations changed after `seq` (each once) and the newest seq read.
pub fn since(
    conn: &mut AnyConnection,
    seq: i64,
) -> QueryResult<(Vec<shared::domain::OrganizationId>, i64)> {
    let rows: Vec<(i64, shared::domain::OrganizationId)> = organization_changes::table
        .filter(organization_changes::seq.gt(seq))
        .order(organization_changes::seq)
        .select((
            organization_changes::seq,
            organization_changes::organization_id,
        ))
        .load(conn)?;
    let newest = rows.last().map_or(seq, |(seq, _)| *seq);
    let mut ids: Vec<shared::domain::OrganizationId> = rows.into_iter().map(|(_, id)| id).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok((ids, newest))
}

/// Rows up to this seq may be gone; an index that has seen less must compare everything.
pub fn pruned_through(conn: &mut AnyConnection) -> QueryResult<i64> {
    data_version::table
        .select(data_version::changes_pruned_through)
        .first(conn)
}

/// Deletes all but the newest `keep` rows ([`KEPT_CHANGES`] in the server); returns how many
/// went. Call inside a write transaction.
pub fn prune(conn: &mut AnyConnection, keep: i64) -> QueryResult<usize> {
    let through = latest(conn)? - keep;
    if through <= pruned_through(conn)? {
        return Ok(0);
    }
    diesel::update(data_version::table)
        .set(data_version::changes_pruned_through.eq(through))
        .execute(conn)?;
    diesel::delete(organization_changes::table.filter(organization_changes::seq.le(through)))
        .execute(conn)
}
