//! The `calls_to_action` and `call_to_action_digests` tables (migration 000021): the asks of
//! Jerusalem grassroots organisations, and per twinned group when it last had the digest of new
//! ones and whether it unsubscribed (issue #19).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use shared::api::ValidCallToAction;
use shared::domain::{CallToActionId, CallToActionStatus, OrganizationId, Status};

use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::private_values;
use crate::db::schema::{
    call_to_action_digests, calls_to_action, organization_private, organizations, partnerships,
};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = calls_to_action)]
pub struct CallToActionRow {
    pub id: CallToActionId,
    pub organization_id: OrganizationId,
    pub title: String,
    pub text: String,
    pub by_when: NaiveDate,
    pub how_to_help: String,
    pub link: Option<String>,
    pub status: CallToActionStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
}

/// Stores a new ask, published at once.
pub fn insert(
    conn: &mut AnyConnection,
    id: CallToActionId,
    organization_id: OrganizationId,
    valid: &ValidCallToAction,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(calls_to_action::table)
        .values((
            calls_to_action::id.eq(id),
            calls_to_action::organization_id.eq(organization_id),
            calls_to_action::title.eq(&valid.title),
            calls_to_action::text.eq(&valid.text),
            calls_to_action::by_when.eq(valid.by_when),
            calls_to_action::how_to_help.eq(&valid.how_to_help),
            calls_to_action::link.eq(valid.link.as_deref()),
            calls_to_action::status.eq(CallToActionStatus::Published),
            calls_to_action::created_at.eq(now),
            calls_to_action::updated_at.eq(now),
            calls_to_action::published_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Replaces an ask's words, date and link. Its publication time stays: an edit is not news for
/// the digest.
pub fn update(
    conn: &mut AnyConnection,
    id: CallToActionId,
    valid: &ValidCallToAction,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(calls_to_action::table.find(id))
        .set((
            calls_to_action::title.eq(&valid.title),
            calls_to_action::text.eq(&valid.text),
            calls_to_action::by_when.eq(valid.by_when),
            calls_to_action::how_to_help.eq(&valid.how_to_help),
            calls_to_action::link.eq(valid.link.as_deref()),
            calls_to_action::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn withdraw(
    conn: &mut AnyConnection,
    id: CallToActionId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(calls_to_action::table.find(id))
        .set((
            calls_to_action::status.eq(CallToActionStatus::Withdrawn),
            calls_to_action::withdrawn_at.eq(Some(now)),
            calls_to_action::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut AnyConnection, id: CallToActionId) -> QueryResult<CallToActionRow> {
    calls_to_action::table
        .find(id)
        .select(CallToActionRow::as_select())
        .first(conn)
}

/// An organisation's asks, every status, latest date first.
pub fn for_organization(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    limit: i64,
) -> QueryResult<Vec<CallToActionRow>> {
    calls_to_action::table
        .filter(calls_to_action::organization_id.eq(organization_id))
        .order((
            calls_to_action::by_when.desc(),
            calls_to_action::created_at.desc(),
        ))
        .select(CallToActionRow::as_select())
        .limit(limit)
        .load(conn)
}

/// Every ask, every status, latest date first (the moderators' list).
pub fn all(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<CallToActionRow>> {
    calls_to_action::table
        .order((
            calls_to_action::by_when.desc(),
            calls_to_action::created_at.desc(),
        ))
        .select(CallToActionRow::as_select())
        .limit(limit)
        .load(conn)
}

/// Published asks whose day is `today` or later, soonest first. Whether their organisation is
/// public is the caller's check (against the public index).
pub fn current(
    conn: &mut AnyConnection,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<CallToActionRow>> {
    calls_to_action::table
        .filter(calls_to_action::status.eq(CallToActionStatus::Published))
        .filter(calls_to_action::by_when.ge(today))
        .order((
            calls_to_action::by_when.asc(),
            calls_to_action::published_at.asc(),
        ))
        .select(CallToActionRow::as_select())
        .limit(limit)
        .load(conn)
}

/// An organisation's category and status.
pub fn organization_kind(
    conn: &mut AnyConnection,
    id: OrganizationId,
) -> QueryResult<(String, Status)> {
    organizations::table
        .find(id)
        .select((organizations::category_key, organizations::status))
        .first(conn)
}

/// A group that may get the digest: published, twinned (a published twinning) with a Jerusalem
/// organisation, with a contact address, and not unsubscribed.
#[derive(Debug, Clone)]
pub struct DigestGroup {
    pub id: OrganizationId,
    pub name: String,
    /// Opened.
    pub email: String,
    pub language: String,
    pub last_sent_at: Option<NaiveDateTime>,
    /// The Jerusalem organisations it is twinned with, and since when.
    pub twinnings: Vec<(OrganizationId, NaiveDateTime)>,
}

/// Every group that may get a digest.
pub fn digest_groups(conn: &mut AnyConnection) -> QueryResult<Vec<DigestGroup>> {
    let twinnings: Vec<(OrganizationId, OrganizationId, NaiveDateTime)> = partnerships::table
        .filter(partnerships::status.eq(Status::Published))
        .select((
            partnerships::global_organization_id,
            partnerships::jerusalem_organization_id,
            partnerships::created_at,
        ))
        .load(conn)?;
    let mut by_group: std::collections::BTreeMap<
        OrganizationId,
        Vec<(OrganizationId, NaiveDateTime)>,
    > = std::collections::BTreeMap::new();
    for (group, jerusalem, at) in twinnings {
        by_group.entry(group).or_default().push((jerusalem, at));
    }
    let ids: Vec<OrganizationId> = by_group.keys().copied().collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(OrganizationId, String, Option<String>, String)> = organizations::table
            .inner_join(organization_private::table)
            .filter(organizations::id.eq_any(chunk))
            .filter(organizations::status.eq(Status::Published))
            .filter(organization_private::contact_email.is_not_null())
            .select((
                organizations::id,
                organizations::name,
                organization_private::contact_email,
                organization_private::language,
            ))
            .load(conn)?;
        let states: Vec<(OrganizationId, Option<NaiveDateTime>, bool)> =
            call_to_action_digests::table
                .filter(call_to_action_digests::organization_id.eq_any(chunk))
                .select((
                    call_to_action_digests::organization_id,
                    call_to_action_digests::last_sent_at,
                    call_to_action_digests::unsubscribed,
                ))
                .load(conn)?;
        for (id, name, email, language) in rows {
            let state = states.iter().find(|(group, _, _)| *group == id);
            if state.is_some_and(|(_, _, unsubscribed)| *unsubscribed) {
                continue;
            }
            let Some(email) = email else { continue };
            let email = data_key::open(&email, private_values::CONTACT_EMAIL, id)?;
            let twinnings = by_group.remove(&id).unwrap_or_default();
            out.push(DigestGroup {
                id,
                name,
                email,
                language,
                last_sent_at: state.and_then(|(_, at, _)| *at),
                twinnings,
            });
        }
    }
    Ok(out)
}

/// Published asks of `organizations` whose day is `today` or later, by day.
pub fn current_of(
    conn: &mut AnyConnection,
    organizations: &[OrganizationId],
    today: NaiveDate,
) -> QueryResult<Vec<CallToActionRow>> {
    if organizations.is_empty() {
        return Ok(Vec::new());
    }
    calls_to_action::table
        .filter(calls_to_action::organization_id.eq_any(organizations))
        .filter(calls_to_action::status.eq(CallToActionStatus::Published))
        .filter(calls_to_action::by_when.ge(today))
        .order((
            calls_to_action::by_when.asc(),
            calls_to_action::published_at.asc(),
        ))
        .select(CallToActionRow::as_select())
        .load(conn)
}

/// Marks `group`'s digest as sent at `now`, if its last one is still `last` (and it did not
/// unsubscribe meanwhile): `false` when another sender got there first.
pub fn claim_digest(
    conn: &mut AnyConnection,
    group: OrganizationId,
    last: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let row = call_to_action_digests::table
        .find(group)
        .filter(call_to_action_digests::unsubscribed.eq(false));
    let updated = match last {
        Some(last) => diesel::update(row.filter(call_to_action_digests::last_sent_at.eq(last)))
            .set(call_to_action_digests::last_sent_at.eq(Some(now)))
            .execute(conn)?,
        None => {
            let exists = call_to_action_digests::table
                .find(group)
                .count()
                .get_result::<i64>(conn)?
                > 0;
            if exists {
                diesel::update(row.filter(call_to_action_digests::last_sent_at.is_null()))
                    .set(call_to_action_digests::last_sent_at.eq(Some(now)))
                    .execute(conn)?
            } else {
                diesel::insert_into(call_to_action_digests::table)
                    .values((
                        call_to_action_digests::organization_id.eq(group),
                        call_to_action_digests::last_sent_at.eq(Some(now)),
                        call_to_action_digests::unsubscribed.eq(false),
                    ))
                    .execute(conn)?
            }
        }
    };
    Ok(updated == 1)
}

/// `group` wants no more digests. `false` when no such organisation exists.
pub fn unsubscribe(conn: &mut AnyConnection, group: OrganizationId) -> QueryResult<bool> {
    let exists = organizations::table
        .find(group)
        .select(organizations::id)
        .first::<OrganizationId>(conn)
        .optional()?
        .is_some();
    if !exists {
        return Ok(false);
    }
    let updated = diesel::update(call_to_action_digests::table.find(group))
        .set(call_to_action_digests::unsubscribed.eq(true))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(call_to_action_digests::table)
            .values((
                call_to_action_digests::organization_id.eq(group),
                call_to_action_digests::last_sent_at.eq(None::<NaiveDateTime>),
                call_to_action_digests::unsubscribed.eq(true),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// Whether `group` unsubscribed from the digest.
pub fn is_unsubscribed(conn: &mut AnyConnection, group: OrganizationId) -> QueryResult<bool> {
    Ok(call_to_action_digests::table
        .find(group)
        .select(call_to_action_digests::unsubscribed)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}
