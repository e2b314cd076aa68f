//! The one rule for whether an entry may be public: not once its owner asked for it to be
//! deleted, and not while a crisis covers it. Every path that makes an entry public asks it,
//! through [`publish`] or [`publish_or_hold`].
//!
//! A request whose whole point is to show an entry now (a moderator setting it published, an
//! owner showing it again) is refused with the reason ([`publish`]). A decision that stands
//! whatever the moment (an approval, a moderator's new entry, an import, the end of an owner's
//! hiding) goes ahead, and a crisis that covers the entry holds it, recorded with that crisis so
//! that restoring the crisis brings it back ([`publish_or_hold`]).

use diesel::prelude::*;
use serde_json::json;
use shared::api::admin::{CrisisScope, CrisisView};
use shared::domain::{CrisisId, HiddenBy, OrganizationId, Status};
use uuid::Uuid;

use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::audit::{self, Actor};
use crate::db::models::{mark_changed, now, ownership, private_values, utc};
use crate::db::schema::{crisis_actions, crisis_hidden, organization_private, organizations};
use crate::error::ApiError;
use chrono::NaiveDateTime;

/// Why an entry may not be public now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// Its owner asked for it to be deleted: it is never shown again.
    DeletionRequested,
    /// This crisis action (its id) covers it.
    Crisis(CrisisId),
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

pub use crate::db::models::crisis::active;

/// The first of the `active` crises that covers an entry at (country, category, latitude,
/// longitude).
pub fn covering(
    active: &[(CrisisId, CrisisScope)],
    country: &str,
    category: &str,
    latitude: f64,
    longitude: f64,
) -> Option<CrisisId> {
    active
        .iter()
        .find(|(_, scope)| covers(scope, country, category, latitude, longitude))
        .map(|(id, _)| *id)
}

/// The rule: why the stored entry may not be public now, or `None` if it may.
pub fn held(conn: &mut AnyConnection, id: OrganizationId) -> QueryResult<Option<Held>> {
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
    Ok(covering(&active, &country, &category, latitude, longitude).map(Held::Crisis))
}

/// Keeps an entry hidden under a crisis, recorded with it.
pub fn hold(
    conn: &mut AnyConnection,
    crisis: CrisisId,
    id: OrganizationId,
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
    ownership::set_status(conn, id, Status::Hidden, Some(HiddenBy::Crisis), None, now)
}

/// Publishes an entry if the rule allows it; otherwise refuses with the reason
/// (`held_by_crisis`, `deletion_requested`) and changes nothing.
pub fn publish(
    conn: &mut AnyConnection,
    id: OrganizationId,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
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
    id: OrganizationId,
    now: NaiveDateTime,
) -> QueryResult<Option<Held>> {
    let held = held(conn, id)?;
    match &held {
        None => ownership::set_status(conn, id, Status::Published, None, None, now)?,
        Some(Held::Crisis(crisis)) => hold(conn, *crisis, id, now)?,
        Some(Held::DeletionRequested) => {}
    }
    Ok(held)
}

fn scope_ids(conn: &mut AnyConnection, scope: &CrisisScope) -> QueryResult<Vec<OrganizationId>> {
    let published = organizations::table
        .filter(organizations::status.eq(Status::Published))
        .select(organizations::id)
        .into_boxed();
    match scope {
        CrisisScope::Country { country } => published
            .filter(organizations::country.eq(country.clone()))
            .load(conn),
        CrisisScope::Category { category } => published
            .filter(organizations::category_key.eq(category.clone()))
            .load(conn),
        CrisisScope::Bbox { bbox: [w, s, e, n] } => published
            .filter(organizations::longitude.between(*w, *e))
            .filter(organizations::latitude.between(*s, *n))
            .load(conn),
    }
}

fn crisis_view(conn: &mut AnyConnection, id: CrisisId) -> Result<CrisisView, ApiError> {
    let (scope, reason, created_by, created_at, restored_at): (
        String,
        String,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
    ) = crisis_actions::table
        .find(id)
        .select((
            crisis_actions::scope,
            crisis_actions::reason,
            crisis_actions::created_by,
            crisis_actions::created_at,
            crisis_actions::restored_at,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::NotFound("crisis action".to_owned()))?;
    let hidden_count: i64 = crisis_hidden::table
        .filter(crisis_hidden::crisis_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(CrisisView {
        id,
        scope: serde_json::from_str(&scope).map_err(|e| ApiError::Internal(e.into()))?,
        reason,
        created_by: data_key::open(&created_by, private_values::CRISIS_ACTOR, id)?,
        created_at: utc(created_at),
        restored_at: restored_at.map(utc),
        hidden_count,
    })
}

/// Crisis mode: hides every published entry in the scope at once and remembers which.
pub fn start<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    scope: &CrisisScope,
    reason: &str,
) -> Result<CrisisView, ApiError> {
    let actor = actor.into();
    crate::db::write_transaction(conn, |conn| {
        let id = CrisisId::from_uuid(Uuid::new_v4());
        let at = now();
        diesel::insert_into(crisis_actions::table)
            .values((
                crisis_actions::id.eq(id),
                crisis_actions::scope.eq(serde_json::to_string(scope).unwrap_or_default()),
                crisis_actions::reason.eq(reason),
                crisis_actions::created_by.eq(data_key::seal(
                    actor.email,
                    private_values::CRISIS_ACTOR,
                    id,
                )?),
                crisis_actions::created_at.eq(at),
            ))
            .execute(conn)?;
        let ids = scope_ids(conn, scope)?;
        for org in &ids {
            diesel::insert_into(crisis_hidden::table)
                .values((
                    crisis_hidden::crisis_id.eq(id),
                    crisis_hidden::organization_id.eq(org),
                ))
                .execute(conn)?;
            ownership::set_status(conn, *org, Status::Hidden, Some(HiddenBy::Crisis), None, at)?;
        }
        mark_changed(conn)?;
        let view = crisis_view(conn, id)?;
        audit::record(
            conn,
            actor,
            "start_crisis",
            "crisis",
            id,
            None,
            Some(json!({"crisis": view, "hidden": ids})),
        )?;
        Ok(view)
    })
}

/// Shows again exactly the entries a crisis action hid that are still hidden by it.
pub fn restore<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    id: CrisisId,
) -> Result<CrisisView, ApiError> {
    let actor = actor.into();
    crate::db::write_transaction(conn, |conn| {
        let before = crisis_view(conn, id)?;
        if before.restored_at.is_some() {
            return Err(ApiError::Conflict(
                "this crisis action was restored already".to_owned(),
            ));
        }
        let hidden: Vec<OrganizationId> = crisis_hidden::table
            .filter(crisis_hidden::crisis_id.eq(id))
            .select(crisis_hidden::organization_id)
            .load(conn)?;
        let at = now();
        // Restored first, so that the rule below no longer counts this action.
        diesel::update(crisis_actions::table.find(id))
            .set(crisis_actions::restored_at.eq(Some(at)))
            .execute(conn)?;
        let mut restored = Vec::new();
        for org in hidden {
            let still: Option<(Status, Option<HiddenBy>, Option<chrono::NaiveDateTime>)> =
                organizations::table
                    .inner_join(organization_private::table)
                    .filter(organizations::id.eq(org))
                    .select((
                        organizations::status,
                        organization_private::hidden_by,
                        organization_private::deletion_requested_at,
                    ))
                    .first(conn)
                    .optional()?;
            let Some((status, hidden_by, deletion)) = still else {
                continue;
            };
            // Only what this crisis hid and nobody changed since; never an entry whose owner
            // asked for deletion; and an entry another crisis still covers stays hidden, now
            // under that one (the rule's answer).
            if status != Status::Hidden || hidden_by != Some(HiddenBy::Crisis) || deletion.is_some()
            {
                continue;
            }
            if publish_or_hold(conn, org, at)?.is_none() {
                restored.push(org);
            }
        }
        mark_changed(conn)?;
        let after = crisis_view(conn, id)?;
        audit::record(
            conn,
            actor,
            "restore_crisis",
            "crisis",
            id,
            Some(json!(before)),
            Some(json!({"crisis": after, "restored": restored})),
        )?;
        Ok(after)
    })
}

pub fn list(conn: &mut AnyConnection) -> Result<Vec<CrisisView>, ApiError> {
    let ids: Vec<CrisisId> = crisis_actions::table
        .order(crisis_actions::created_at.desc())
        .select(crisis_actions::id)
        .load(conn)?;
    ids.into_iter().map(|id| crisis_view(conn, id)).collect()
}
