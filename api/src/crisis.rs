//! The one rule for whether an entry may be public: not once its owner asked for it to be
//! deleted, and not while a crisis covers it. Every path that makes an entry public asks it,
//! through [`publish`] or [`publish_or_hold`].
//!
//! A request whose whole point is to show an entry now (a moderator setting it published, an
//! owner showing it again) is refused with the reason ([`publish`]). A decision that stands
//! whatever the moment (an approval, a moderator's new entry, an import, the end of an owner's
//! hiding) goes ahead, and a crisis that covers the entry holds it, recorded with that crisis so
//! that restoring the crisis brings it back ([`publish_or_hold`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::admin::CrisisScope;
use shared::domain::Status;

use crate::db::AnyConnection;
use crate::db::models::ownership;
use crate::db::schema::{crisis_actions, crisis_hidden, organizations};
use crate::error::ApiError;

/// Why an entry may not be public now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// Its owner asked for it to be deleted: it is never shown again.
    DeletionRequested,
    /// This crisis action (its id) covers it.
    Crisis(String),
}

impl From<Held> for ApiError {
    fn from(held: Held) -> Self {
        Self::Held(held)
    }
}

/// Whether a scope covers an organisation at (country, category, latitude, longitude).
pub fn covers(
    scope: &CrisisScope,
    country: &str,
    category: &str,
    latitude: f64,
    longitude: f64,
) -> bool {
    match scope {
        CrisisScope::Country { country: c } => c == country,
        CrisisScope::Category { category: c } => c == category,
        CrisisScope::Bbox { bbox: [w, s, e, n] } => {
            (*w..=*e).contains(&longitude) && (*s..=*n).contains(&latitude)
        }
    }
}

/// The crisis actions not yet restored, oldest first: (id, scope).
pub fn active(conn: &mut AnyConnection) -> QueryResult<Vec<(String, CrisisScope)>> {
    let rows: Vec<(String, String)> = crisis_actions::table
        .filter(crisis_actions::restored_at.is_null())
        .order(crisis_actions::created_at)
        .select((crisis_actions::id, crisis_actions::scope))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, scope)| Some((id, serde_json::from_str(&scope).ok()?)))
        .collect())
}

/// The first of the `active` crises that covers an entry at (country, category, latitude,
/// longitude).
pub fn covering<'a>(
    active: &'a [(String, CrisisScope)],
    country: &str,
    category: &str,
    latitude: f64,
    longitude: f64,
) -> Option<&'a str> {
    active
        .iter()
        .find(|(_, scope)| covers(scope, country, category, latitude, longitude))
        .map(|(id, _)| id.as_str())
}

/// The rule: why the stored entry may not be public now, or `None` if it may.
pub fn held(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<Held>> {
    if ownership::private_fields(conn, id)?
        .deletion_requested_at
        .is_some()
    {
        return Ok(Some(Held::DeletionRequested));
    }
    let active = active(conn)?;
    if active.is_empty() {
        return Ok(None);
    }
    let (country, category, latitude, longitude): (String, String, f64, f64) = organizations::table
        .find(id)
        .select((
            organizations::country,
            organizations::category_key,
            organizations::latitude,
            organizations::longitude,
        ))
        .first(conn)?;
    Ok(covering(&active, &country, &category, latitude, longitude)
        .map(|crisis| Held::Crisis(crisis.to_owned())))
}

/// Keeps an entry hidden under a crisis, recorded with it.
pub fn hold(
    conn: &mut AnyConnection,
    crisis: &str,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let recorded: i64 = crisis_hidden::table
        .filter(crisis_hidden::crisis_id.eq(crisis))
        .filter(crisis_hidden::organization_id.eq(id))
        .count()
        .get_result(conn)?;
    if recorded == 0 {
        diesel::insert_into(crisis_hidden::table)
            .values((
                crisis_hidden::crisis_id.eq(crisis),
                crisis_hidden::organization_id.eq(id),
            ))
            .execute(conn)?;
    }
    ownership::set_status(conn, id, Status::Hidden, Some(HIDDEN_BY_CRISIS), None, now)
}

pub const HIDDEN_BY_CRISIS: &str = "crisis";

/// Publishes an entry if the rule allows it; otherwise refuses with the reason
/// (`held_by_crisis`, `deletion_requested`) and changes nothing.
pub fn publish(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> Result<(), ApiError> {
    if let Some(held) = held(conn, id)? {
        return Err(held.into());
    }
    ownership::set_status(conn, id, Status::Published, None, None, now)?;
    Ok(())
}

/// Publishes an entry if the rule allows it. Otherwise a crisis that covers it holds it (its
/// restore publishes it), and an entry waiting to be deleted is left as it is. Returns why it
/// is not public, if it is not.
pub fn publish_or_hold(
    conn: &mut AnyConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Held>> {
    let held = held(conn, id)?;
    match &held {
        None => ownership::set_status(conn, id, Status::Published, None, None, now)?,
        Some(Held::Crisis(crisis)) => hold(conn, crisis, id, now)?,
        Some(Held::DeletionRequested) => {}
    }
    Ok(held)
}
