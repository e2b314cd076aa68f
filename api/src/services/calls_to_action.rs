//! Calls to action from Jerusalem (issue #19). A Jerusalem grassroots organisation publishes an
//! ask through its owner link, or a moderator for it; it is public at once (Jerusalem partners
//! are curated) until its by-when day has passed or it is withdrawn, and only while its
//! organisation is in the public index — so whatever hides the organisation (its owner, a
//! crisis, a consent lapse, a moderator) hides its asks by the same one rule. What moderators
//! do is audited. The groups twinned with the organisation get the new asks in a digest, at
//! most one a day, in their own language, with a one-click unsubscribe ([`send_digests`]).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;
use shared::api::{CallToAction, ManagedCallToAction, OrganizationRef, ValidCallToAction};
use shared::domain::{CallToActionId, CallToActionStatus, OrganizationId, Status};
use uuid::Uuid;

use super::entries::conflict;
use crate::config::JoinSettings;
use crate::db::models::audit::{self, Actor};
use crate::db::models::call_to_action::{self as model, CallToActionRow};
use crate::db::models::{event, outbox, reference, utc};
use crate::db::{AnyConnection, write_transaction};
use crate::error::ApiError;
use crate::index::Snapshot;
use crate::mail;

/// The most asks one list holds.
pub const LIST_MAX: i64 = 500;

/// A group gets at most one digest in this long.
pub const DIGEST_EVERY: chrono::Duration = chrono::Duration::hours(24);

/// The day asks are compared with: today in UTC.
pub fn today(now: NaiveDateTime) -> NaiveDate {
    now.date()
}

fn view(row: CallToActionRow, organization: OrganizationRef) -> CallToAction {
    CallToAction {
        id: row.id,
        title: row.title,
        text: row.text,
        by_when: row.by_when,
        how_to_help: row.how_to_help,
        link: row.link,
        organization,
        published_at: utc(row.published_at),
        updated_at: utc(row.updated_at),
    }
}

/// What the organisation and the moderators see of `rows`, with the organisation whatever its
/// status.
fn managed_views(
    conn: &mut AnyConnection,
    rows: Vec<CallToActionRow>,
    today: NaiveDate,
) -> Result<Vec<ManagedCallToAction>, ApiError> {
    let mut ids: Vec<OrganizationId> = rows.iter().map(|r| r.organization_id).collect();
    ids.sort();
    ids.dedup();
    let refs = event::organization_refs(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let organization = refs.get(&row.organization_id).cloned().ok_or_else(|| {
                ApiError::Internal(anyhow::anyhow!(
                    "call to action {} has no organisation {}",
                    row.id,
                    row.organization_id
                ))
            })?;
            let (status, expired, withdrawn_at) = (
                row.status,
                !shared::api::ask_is_current(row.by_when, today),
                row.withdrawn_at.map(utc),
            );
            Ok(ManagedCallToAction {
                call_to_action: view(row, organization),
                status,
                expired,
                withdrawn_at,
            })
        })
        .collect()
}

fn managed_view(
    conn: &mut AnyConnection,
    id: CallToActionId,
    now: NaiveDateTime,
) -> Result<ManagedCallToAction, ApiError> {
    let row = model::find(conn, id)?;
    managed_views(conn, vec![row], today(now))?
        .pop()
        .ok_or_else(|| ApiError::NotFound("call to action".to_owned()))
}

/// Only Jerusalem grassroots organisations ask, and only while they are listed (published, or
/// hidden for now: their asks then wait with them).
fn require_jerusalem(
    conn: &mut AnyConnection,
    organization: OrganizationId,
) -> Result<(), ApiError> {
    let (category, status) = match model::organization_kind(conn, organization) {
        Ok(kind) => kind,
        Err(diesel::result::Error::NotFound) => {
            return Err(ApiError::NotFound("organisation".to_owned()));
        }
        Err(e) => return Err(e.into()),
    };
    if category != crate::db::models::organization::JERUSALEM_CATEGORY {
        return Err(ApiError::Forbidden(
            "only Jerusalem grassroots organisations publish calls to action".to_owned(),
        ));
    }
    match status {
        Status::Published | Status::Hidden => Ok(()),
        Status::Pending | Status::Rejected | Status::Archived => Err(conflict(
            "calls to action can be published once the entry is on the map",
        )),
    }
}

fn audited(row: &CallToActionRow) -> serde_json::Value {
    json!({
        "organization_id": row.organization_id,
        "title": row.title,
        "text": row.text,
        "by_when": row.by_when,
        "how_to_help": row.how_to_help,
        "link": row.link,
        "status": row.status,
    })
}

/// Publishes an ask of `organization`. `moderator`: who published it for the organisation
/// (audited); `None` for the organisation itself.
pub fn create(
    conn: &mut AnyConnection,
    moderator: Option<Actor<'_>>,
    organization: OrganizationId,
    valid: &ValidCallToAction,
) -> Result<ManagedCallToAction, ApiError> {
    let now = crate::db::models::now();
    let id = CallToActionId::from_uuid(Uuid::new_v4());
    write_transaction(conn, |conn| {
        require_jerusalem(conn, organization)?;
        model::insert(conn, id, organization, valid, now)?;
        if let Some(actor) = moderator {
            let after = model::find(conn, id)?;
            audit::record(
                conn,
                actor,
                "call_to_action.create",
                "call_to_action",
                id,
                None,
                Some(audited(&after)),
            )?;
        }
        Ok::<_, ApiError>(())
    })?;
    managed_view(conn, id, now)
}

/// The ask `id`, if `organization` (when given) asked it; 404 otherwise (another
/// organisation's ask is not theirs to know about).
fn own(
    conn: &mut AnyConnection,
    organization: Option<OrganizationId>,
    id: CallToActionId,
) -> Result<CallToActionRow, ApiError> {
    match model::find(conn, id) {
        Ok(row) if organization.is_none_or(|o| o == row.organization_id) => Ok(row),
        Ok(_) | Err(diesel::result::Error::NotFound) => {
            Err(ApiError::NotFound("call to action".to_owned()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Replaces an ask's words, date and link. `organization`: the owner's own organisation (`None`
/// for a moderator, who is audited).
pub fn update(
    conn: &mut AnyConnection,
    moderator: Option<Actor<'_>>,
    organization: Option<OrganizationId>,
    id: CallToActionId,
    valid: &ValidCallToAction,
) -> Result<ManagedCallToAction, ApiError> {
    let now = crate::db::models::now();
    write_transaction(conn, |conn| {
        let before = own(conn, organization, id)?;
        if before.status == CallToActionStatus::Withdrawn {
            return Err(conflict("the call to action was withdrawn"));
        }
        require_jerusalem(conn, before.organization_id)?;
        model::update(conn, id, valid, now)?;
        audit_change(conn, moderator, "call_to_action.update", &before)
    })?;
    managed_view(conn, id, now)
}

/// A moderator's change to an ask goes in the audit log, before and after (an owner's does not).
fn audit_change(
    conn: &mut AnyConnection,
    moderator: Option<Actor<'_>>,
    action: &str,
    before: &CallToActionRow,
) -> Result<(), ApiError> {
    let Some(actor) = moderator else {
        return Ok(());
    };
    let after = model::find(conn, before.id)?;
    audit::record(
        conn,
        actor,
        action,
        "call_to_action",
        before.id,
        Some(audited(before)),
        Some(audited(&after)),
    )?;
    Ok(())
}

/// Withdraws an ask: it leaves every public list at once.
pub fn withdraw(
    conn: &mut AnyConnection,
    moderator: Option<Actor<'_>>,
    organization: Option<OrganizationId>,
    id: CallToActionId,
) -> Result<ManagedCallToAction, ApiError> {
    let now = crate::db::models::now();
    write_transaction(conn, |conn| {
        let before = own(conn, organization, id)?;
        if before.status == CallToActionStatus::Withdrawn {
            return Err(conflict("the call to action was withdrawn already"));
        }
        model::withdraw(conn, id, now)?;
        audit_change(conn, moderator, "call_to_action.withdraw", &before)
    })?;
    managed_view(conn, id, now)
}

/// The organisation of ask `id` (for the moderator's country scope).
pub fn organization_of(
    conn: &mut AnyConnection,
    id: CallToActionId,
) -> Result<OrganizationId, ApiError> {
    own(conn, None, id).map(|row| row.organization_id)
}

/// An organisation's own asks, every status, latest day first.
pub fn owner_list(
    conn: &mut AnyConnection,
    organization: OrganizationId,
) -> Result<Vec<ManagedCallToAction>, ApiError> {
    let rows = model::for_organization(conn, organization, LIST_MAX)?;
    managed_views(conn, rows, today(crate::db::models::now()))
}

/// Every ask, every status, latest day first, for the moderators (those of organisations in
/// their countries).
pub fn admin_list(
    conn: &mut AnyConnection,
    scope: &super::moderation::Scope,
) -> Result<Vec<ManagedCallToAction>, ApiError> {
    let rows = model::all(conn, LIST_MAX)?;
    let views = managed_views(conn, rows, today(crate::db::models::now()))?;
    Ok(views
        .into_iter()
        .filter(|v| scope.allows(&v.call_to_action.organization.country))
        .collect())
}

/// The asks the public sees on `today`: published, not past their day, of organisations in the
/// public index; soonest first.
pub fn public_current(
    conn: &mut AnyConnection,
    snapshot: &Snapshot,
    today: NaiveDate,
) -> Result<Vec<CallToAction>, ApiError> {
    let rows = model::current(conn, today, LIST_MAX)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let organization = snapshot.find(&row.organization_id.to_string())?;
            let reference = OrganizationRef {
                id: organization.id,
                slug: organization.slug.clone(),
                name: organization.name.clone(),
                city: organization.city.clone(),
                country: organization.country.clone(),
                location: organization.location,
            };
            Some(view(row, reference))
        })
        .collect())
}

/// What one digest pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DigestReport {
    /// Digests queued (one per group).
    pub sent: usize,
    /// Asks in them, counted once per group.
    pub asks: usize,
}

/// Queues the digest of new asks for every group twinned with Jerusalem organisations that had
/// none in the last [`DIGEST_EVERY`]. New to a group: asks published since its last digest, and
/// the current asks of organisations it was twinned with since (a group's first digest holds
/// every current ask of its twins). Only public asks of public organisations go; groups that
/// unsubscribed, are not published or have no contact address get nothing. Each group's digest
/// and its mark are written in one transaction, and the mark is set only if no other instance
/// set it meanwhile, so that two servers never send one group two digests. `now` is a
/// parameter so that tests can move time.
pub fn send_digests(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    now: NaiveDateTime,
) -> Result<DigestReport, ApiError> {
    let today = today(now);
    let mut report = DigestReport::default();
    for group in model::digest_groups(conn)? {
        if group
            .last_sent_at
            .is_some_and(|last| now - last < DIGEST_EVERY)
        {
            continue;
        }
        let twinned_at: HashMap<OrganizationId, NaiveDateTime> =
            group.twinnings.iter().copied().collect();
        let twins: Vec<OrganizationId> = twinned_at.keys().copied().collect();
        let public = reference::published_refs(conn, &twins)?;
        let new: Vec<CallToActionRow> = model::current_of(conn, &twins, today)?
            .into_iter()
            .filter(|ask| public.contains_key(&ask.organization_id))
            .filter(|ask| match group.last_sent_at {
                None => true,
                Some(last) => {
                    ask.published_at > last
                        || twinned_at
                            .get(&ask.organization_id)
                            .is_some_and(|at| *at > last)
                }
            })
            .collect();
        if new.is_empty() {
            continue;
        }
        let lang = mail::language(&group.language);
        let items: Vec<mail::DigestItem> = new
            .iter()
            .filter_map(|ask| {
                let organization = public.get(&ask.organization_id)?;
                Some(mail::DigestItem {
                    organization: organization.name.clone(),
                    title: ask.title.clone(),
                    by_when: ask.by_when.format("%Y-%m-%d").to_string(),
                    how_to_help: ask.how_to_help.clone(),
                    link: ask.link.clone(),
                    page: format!(
                        "{}/org/{}?lang={}#calls-to-action",
                        settings.public_url,
                        organization.slug,
                        lang.code()
                    ),
                })
            })
            .collect();
        let unsubscribe = format!(
            "{}/unsubscribe/{}",
            settings.public_url,
            crate::data_key::unsubscribe_token(group.id)?
        );
        let message =
            mail::call_to_action_digest(&group.email, lang, &group.name, &items, &unsubscribe);
        let queued = write_transaction(conn, |conn| {
            if !model::claim_digest(conn, group.id, group.last_sent_at, now)? {
                return Ok::<_, ApiError>(false);
            }
            outbox::enqueue(conn, &settings.outbox_key, &message, now)?;
            Ok(true)
        })?;
        if queued {
            report.sent += 1;
            report.asks += items.len();
        }
    }
    Ok(report)
}

/// A group's one-click unsubscribe: the token names the group (signed, see
/// [`crate::data_key::DataKey::unsubscribe_token`]). `false`: the token is not one of ours.
pub fn unsubscribe(conn: &mut AnyConnection, token: &str) -> Result<bool, ApiError> {
    let Some(group) = crate::data_key::unsubscribe_group(token)? else {
        return Ok(false);
    };
    Ok(write_transaction(conn, |conn| {
        model::unsubscribe(conn, group)
    })?)
}

/// Whether `token` is a valid unsubscribe token (for the page that asks to confirm).
pub fn token_is_valid(token: &str) -> Result<bool, ApiError> {
    Ok(crate::data_key::unsubscribe_group(token)?.is_some())
}
