//! Crisis mode's rule for every way an entry becomes public: while a crisis covers it, it stays
//! hidden (and is recorded with that crisis, so that restoring the crisis brings it back).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::admin::CrisisScope;
use shared::domain::Status;

use crate::db::AnyConnection;
use crate::db::models::ownership;
use crate::db::schema::{crisis_actions, crisis_hidden, organizations};

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

/// The first crisis action not yet restored (other than `except`) that covers the organisation.
pub fn active_crisis_for(
    conn: &mut AnyConnection,
    id: &str,
    except: Option<&str>,
) -> QueryResult<Option<String>> {
    let active: Vec<(String, String)> = crisis_actions::table
        .filter(crisis_actions::restored_at.is_null())
        .order(crisis_actions::created_at)
        .select((crisis_actions::id, crisis_actions::scope))
        .load(conn)?;
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
    Ok(active
        .into_iter()
        .filter(|(crisis, _)| Some(crisis.as_str()) != except)
        .find(|(_, scope)| {
            serde_json::from_str::<CrisisScope>(scope)
                .is_ok_and(|s| covers(&s, &country, &category, latitude, longitude))
        })
        .map(|(crisis, _)| crisis))
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

/// Publishes an entry unless a crisis covers it; returns whether it is public now.
pub fn publish(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    match active_crisis_for(conn, id, None)? {
        Some(crisis) => {
            hold(conn, &crisis, id, now)?;
            Ok(false)
        }
        None => {
            ownership::set_status(conn, id, Status::Published, None, None, now)?;
            Ok(true)
        }
    }
}
