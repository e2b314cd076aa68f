//! Moderation at scale (issue #18): a selection of the queue by filter, one rejection for many
//! submissions that can be undone for [`UNDO_WINDOW`], the countries a moderator is limited to,
//! and the queue's age per country.
//!
//! A bulk rejection decides at once (the submissions leave the queue, rejected new entries are
//! marked rejected) but sends nothing and forgets nothing until its undo window has passed:
//! [`settle_due`], from the maintenance pass, then sends each group the reason (when the
//! moderator chose to) and forgets the addresses of rejected new entries, as a single rejection
//! does at once.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;
use shared::api::OrganizationDraft;
use shared::api::moderation::{
    BulkRejection, QueueAge, SelectedSubmission, Selection, SpamSignal, ValidBulkReject, median,
    spam_signals,
};
use shared::domain::{
    CountryCode, OrganizationId, RejectionBatchId, Status, SubmissionId, SubmissionKind,
    SubmissionStatus, UserId,
};
use uuid::Uuid;

use super::entries::{conflict, contact_address};
use crate::config::JoinSettings;
use crate::db::AnyConnection;
use crate::db::models::audit::{self, Actor};
use crate::db::models::{outbox, ownership, utc};
use crate::db::schema::{moderator_countries, organizations, rejection_batches, submissions};
use crate::error::ApiError;
use crate::mail;

/// How long a bulk rejection can be undone.
pub const UNDO_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

/// The countries a moderator may see and decide: every one, or some.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Countries(BTreeSet<CountryCode>),
}

impl Scope {
    /// Whether an entry or a draft in `country` (as stored: an ISO code) is in scope. A draft's
    /// country that is not a code is in no limited scope.
    pub fn allows(&self, country: &str) -> bool {
        match self {
            Self::Everywhere => true,
            Self::Countries(countries) => {
                CountryCode::parse(country).is_ok_and(|code| countries.contains(&code))
            }
        }
    }

    /// The country codes of a limited scope, for a query's filter.
    pub fn codes(&self) -> Option<Vec<String>> {
        match self {
            Self::Everywhere => None,
            Self::Countries(countries) => Some(countries.iter().map(ToString::to_string).collect()),
        }
    }
}

/// The countries `user` is limited to (none stored: everywhere).
pub fn scope_of(conn: &mut AnyConnection, user: UserId) -> QueryResult<Scope> {
    let codes: Vec<String> = moderator_countries::table
        .filter(moderator_countries::user_id.eq(user))
        .select(moderator_countries::country_code)
        .load(conn)?;
    let countries: BTreeSet<CountryCode> = codes
        .iter()
        .filter_map(|code| CountryCode::parse(code).ok())
        .collect();
    Ok(if countries.is_empty() {
        Scope::Everywhere
    } else {
        Scope::Countries(countries)
    })
}

/// Limits `user` to `countries` (empty: every country), in the caller's transaction.
pub fn set_scope(
    conn: &mut AnyConnection,
    user: UserId,
    countries: &[CountryCode],
) -> QueryResult<()> {
    diesel::delete(moderator_countries::table.filter(moderator_countries::user_id.eq(user)))
        .execute(conn)?;
    for country in countries.iter().collect::<BTreeSet<_>>() {
        diesel::insert_into(moderator_countries::table)
            .values((
                moderator_countries::user_id.eq(user),
                moderator_countries::country_code.eq(country.to_string()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn outside_scope() -> ApiError {
    ApiError::Forbidden("this is outside the countries you moderate".to_owned())
}

/// `Ok` when `user` may see and decide the entry `id`; 403 when it is outside their countries.
pub fn require_entry(
    conn: &mut AnyConnection,
    user: UserId,
    id: OrganizationId,
) -> Result<(), ApiError> {
    let scope = scope_of(conn, user)?;
    if scope == Scope::Everywhere {
        return Ok(());
    }
    let country: Option<String> = organizations::table
        .find(id)
        .select(organizations::country)
        .first(conn)
        .optional()?;
    match country {
        None => Err(ApiError::NotFound("organisation".to_owned())),
        Some(country) if scope.allows(&country) => Ok(()),
        Some(_) => Err(outside_scope()),
    }
}

/// `Ok` when `user` may decide the submission `id` (by the country its draft gives).
pub fn require_submission(
    conn: &mut AnyConnection,
    user: UserId,
    id: SubmissionId,
) -> Result<(), ApiError> {
    let scope = scope_of(conn, user)?;
    if scope == Scope::Everywhere {
        return Ok(());
    }
    let row = ownership::submission(conn, id)
        .optional()?
        .ok_or_else(|| ApiError::NotFound("submission".to_owned()))?;
    if scope.allows(&draft_of(&row)?.country) {
        Ok(())
    } else {
        Err(outside_scope())
    }
}

/// A pending submission with its draft read.
struct Waiting {
    row: ownership::SubmissionRow,
    draft: OrganizationDraft,
}

fn draft_of(row: &ownership::SubmissionRow) -> Result<OrganizationDraft, ApiError> {
    serde_json::from_str(&row.draft)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stored draft")))
}

/// Every pending submission in `scope`, oldest first.
fn waiting(conn: &mut AnyConnection, scope: &Scope) -> Result<Vec<Waiting>, ApiError> {
    let mut all = Vec::new();
    for row in ownership::pending_submissions(conn)? {
        let draft = draft_of(&row)?;
        if scope.allows(&draft.country) {
            all.push(Waiting { row, draft });
        }
    }
    all.reverse();
    Ok(all)
}

/// The text two submissions must share to count as the same (case, spacing and punctuation
/// aside). Short descriptions ("Solidarity group") are shared by honest groups.
fn repeated_text_key(description: &str) -> Option<String> {
    const SHORTEST: usize = 40;
    let key: String = description
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    (key.chars().count() >= SHORTEST).then_some(key)
}

/// The pending submissions in `scope` that match `selection`, oldest first, with why each looks
/// like spam.
pub fn select(
    conn: &mut AnyConnection,
    scope: &Scope,
    selection: &Selection,
    now: NaiveDateTime,
) -> Result<Vec<SelectedSubmission>, ApiError> {
    let all = waiting(conn, scope)?;
    let mut texts: HashMap<String, usize> = HashMap::new();
    for item in &all {
        if let Some(key) = repeated_text_key(&item.draft.description) {
            *texts.entry(key).or_default() += 1;
        }
    }
    let mut selected = Vec::new();
    for Waiting { row, draft } in all {
        let mut signals = spam_signals(&draft);
        if repeated_text_key(&draft.description).is_some_and(|key| texts[&key] > 1) {
            signals.push(SpamSignal::RepeatedText);
        }
        let looks_like_spam = !signals.is_empty();
        let matches = selection
            .country
            .is_none_or(|c| draft.country.trim().eq_ignore_ascii_case(&c.to_string()))
            && selection
                .category
                .as_ref()
                .is_none_or(|k| draft.category.trim() == k.as_str())
            && selection
                .older_than_days
                .is_none_or(|days| now - row.created_at >= chrono::Duration::days(days.into()))
            && selection
                .looks_like_spam
                .is_none_or(|wanted| wanted == looks_like_spam);
        if matches {
            selected.push(SelectedSubmission {
                submission_id: row.id,
                kind: row.kind,
                name: draft.name,
                city: draft.city,
                country: draft.country,
                category: draft.category,
                created_at: utc(row.created_at),
                spam_signals: signals,
            });
        }
    }
    Ok(selected)
}

/// Rejects every submission of `request` that is still pending and in `scope`, in one
/// transaction, as one batch that can be undone until [`UNDO_WINDOW`] has passed.
pub fn bulk_reject<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    scope: &Scope,
    request: &ValidBulkReject,
    now: NaiveDateTime,
) -> Result<BulkRejection, ApiError> {
    let actor = actor.into();
    crate::db::write_transaction(conn, |conn| {
        let batch = RejectionBatchId::from_uuid(Uuid::new_v4());
        let undo_until = now + UNDO_WINDOW;
        diesel::insert_into(rejection_batches::table)
            .values((
                rejection_batches::id.eq(batch),
                rejection_batches::reason.eq(&request.reason),
                rejection_batches::tell_groups.eq(request.tell_groups),
                rejection_batches::created_at.eq(now),
                rejection_batches::undo_until.eq(undo_until),
            ))
            .execute(conn)?;
        let (mut rejected, mut skipped) = (Vec::new(), 0);
        for &id in &request.submission_ids {
            let Some(row) = ownership::submission(conn, id).optional()? else {
                skipped += 1;
                continue;
            };
            if row.status != SubmissionStatus::Pending || !scope.allows(&draft_of(&row)?.country) {
                skipped += 1;
                continue;
            }
            if !ownership::decide(
                conn,
                id,
                SubmissionStatus::Rejected,
                Some(&request.reason),
                now,
            )? {
                skipped += 1;
                continue;
            }
            diesel::update(submissions::table.find(id))
                .set(submissions::batch_id.eq(Some(batch)))
                .execute(conn)?;
            if row.kind == SubmissionKind::New {
                ownership::set_status(
                    conn,
                    row.organization_id,
                    Status::Rejected,
                    None,
                    None,
                    now,
                )?;
            }
            rejected.push(id);
        }
        audit::record(
            conn,
            actor,
            "bulk_reject_submissions",
            "rejection_batch",
            batch,
            None,
            Some(json!({
                "submissions": rejected,
                "reason": request.reason,
                "tell_groups": request.tell_groups,
                "undo_until": utc(undo_until),
            })),
        )?;
        Ok(BulkRejection {
            batch_id: batch,
            rejected: rejected.len(),
            skipped,
            undo_until: utc(undo_until),
        })
    })
}

/// The batch's row, if any.
#[derive(Queryable)]
struct BatchRow {
    reason: String,
    tell_groups: bool,
    undo_until: NaiveDateTime,
    undone_at: Option<NaiveDateTime>,
    settled_at: Option<NaiveDateTime>,
}

fn batch_row(conn: &mut AnyConnection, batch: RejectionBatchId) -> QueryResult<Option<BatchRow>> {
    rejection_batches::table
        .find(batch)
        .select((
            rejection_batches::reason,
            rejection_batches::tell_groups,
            rejection_batches::undo_until,
            rejection_batches::undone_at,
            rejection_batches::settled_at,
        ))
        .first(conn)
        .optional()
}

/// The submissions a batch rejected (still rejected: not reopened since).
fn batch_members(
    conn: &mut AnyConnection,
    batch: RejectionBatchId,
) -> QueryResult<Vec<(SubmissionId, OrganizationId, SubmissionKind)>> {
    submissions::table
        .filter(submissions::batch_id.eq(batch))
        .filter(submissions::status.eq(SubmissionStatus::Rejected))
        .select((
            submissions::id,
            submissions::organization_id,
            submissions::kind,
        ))
        .load(conn)
}

/// Puts every submission of the batch back in the queue, as it was, if its undo window is still
/// open. Returns how many went back.
pub fn undo<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    batch: RejectionBatchId,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let actor = actor.into();
    crate::db::write_transaction(conn, |conn| {
        let row = batch_row(conn, batch)?
            .ok_or_else(|| ApiError::NotFound("rejection batch".to_owned()))?;
        if row.undone_at.is_some() {
            return Err(conflict("this rejection was already undone"));
        }
        if row.settled_at.is_some() || now > row.undo_until {
            return Err(conflict(
                "the time to undo this rejection has passed: the groups were told",
            ));
        }
        let members = batch_members(conn, batch)?;
        for (id, organization, kind) in &members {
            diesel::update(submissions::table.find(*id))
                .set((
                    submissions::status.eq(SubmissionStatus::Pending),
                    submissions::reason.eq(None::<String>),
                    submissions::decided_at.eq(None::<NaiveDateTime>),
                    submissions::batch_id.eq(None::<RejectionBatchId>),
                ))
                .execute(conn)?;
            if *kind == SubmissionKind::New {
                ownership::set_status(conn, *organization, Status::Pending, None, None, now)?;
            }
        }
        diesel::update(rejection_batches::table.find(batch))
            .set(rejection_batches::undone_at.eq(Some(now)))
            .execute(conn)?;
        let reopened: Vec<SubmissionId> = members.iter().map(|(id, _, _)| *id).collect();
        audit::record(
            conn,
            actor,
            "undo_bulk_reject",
            "rejection_batch",
            batch,
            None,
            Some(json!({ "submissions": reopened })),
        )?;
        Ok(members.len())
    })
}

/// Settles the batches whose undo window has passed: each group is told (when the moderator
/// chose so) and rejected new entries' addresses and owner links are forgotten. Returns how
/// many batches were settled.
pub fn settle_due(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let due: Vec<RejectionBatchId> = rejection_batches::table
        .filter(rejection_batches::settled_at.is_null())
        .filter(rejection_batches::undone_at.is_null())
        .filter(rejection_batches::undo_until.le(now))
        .select(rejection_batches::id)
        .load(conn)?;
    for &batch in &due {
        let Some(row) = batch_row(conn, batch)? else {
            continue;
        };
        for (_, organization, kind) in batch_members(conn, batch)? {
            let update = kind == SubmissionKind::Update;
            if row.tell_groups
                && let Some((address, lang)) = contact_address(conn, organization)?
            {
                let name: String = organizations::table
                    .find(organization)
                    .select(organizations::name)
                    .first(conn)?;
                outbox::enqueue(
                    conn,
                    &settings.outbox_key,
                    &mail::rejected(&address, lang, &name, &row.reason, update),
                    now,
                )?;
            }
            if !update {
                ownership::forget_contact(conn, organization)?;
            }
        }
        diesel::update(rejection_batches::table.find(batch))
            .set(rejection_batches::settled_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(due.len())
}

/// The queue's age: first the whole queue in `scope`, then each country, oldest wait first.
pub fn queue_age(
    conn: &mut AnyConnection,
    scope: &Scope,
    now: NaiveDateTime,
) -> Result<Vec<QueueAge>, ApiError> {
    let hours = |at: NaiveDateTime| (now - at).num_hours().max(0);
    let mut all = Vec::new();
    let mut by_country: HashMap<String, Vec<i64>> = HashMap::new();
    for item in waiting(conn, scope)? {
        let waited = hours(item.row.created_at);
        all.push(waited);
        by_country
            .entry(item.draft.country.trim().to_uppercase())
            .or_default()
            .push(waited);
    }
    let age = |country: Option<String>, mut waits: Vec<i64>| QueueAge {
        country,
        pending: waits.len(),
        oldest_hours: waits.iter().copied().max().unwrap_or(0),
        median_hours: median(&mut waits),
    };
    let mut countries: Vec<QueueAge> = by_country
        .into_iter()
        .map(|(country, waits)| age(Some(country), waits))
        .collect();
    countries.sort_by(|a, b| {
        b.oldest_hours
            .cmp(&a.oldest_hours)
            .then_with(|| a.country.cmp(&b.country))
    });
    let mut ages = vec![age(None, all)];
    ages.extend(countries);
    Ok(ages)
}
