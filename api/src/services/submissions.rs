//! Submissions: a group joins (a pending entry and its submission, in one transaction), and a
//! moderator reviews the queue and approves or rejects, each decision with its audit row.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde_json::{Value, json};
use shared::api::admin::{FieldChange, ReviewItem};
use shared::api::{
    EntryText, Organization, OrganizationDraft, SubmissionReceipt, ValidOrganization,
    ValidSubmission,
};
use shared::domain::{
    OrganizationId, Origin, Slug, Status, SubmissionId, SubmissionKind, SubmissionStatus,
};
use shared::i18n::Lang;
use std::collections::BTreeMap;
use uuid::Uuid;

use super::crisis::Held;
use super::entries::{
    check_keys, confirmed_by_person, conflict, contact_address, current_status, draft_json,
    form_token_used, owner_url, possible_duplicates, stored_organization,
};
use super::{organizations::new_organization, slugs};
use crate::config::JoinSettings;
use crate::db::AnyConnection;
use crate::db::models::audit::{self, Actor};
use crate::db::models::{form_token, mark_changed, organization, outbox, ownership, utc};
use crate::db::schema::organizations;
use crate::error::ApiError;
use crate::secrets::UsableFormToken;
use crate::{mail, secrets};

fn is_unique_violation(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Stores a new entry (pending: nothing public), its owner token's hash, the submission for
/// review and the receipt e-mail, in one transaction, which also uses up the form token.
pub fn submit(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    form_token: &UsableFormToken,
    submission: &ValidSubmission,
    draft: &OrganizationDraft,
) -> Result<SubmissionReceipt, ApiError> {
    check_keys(conn, &submission.organization)?;
    let token = secrets::new_owner_token()?;
    let hash = secrets::token_hash(&token);
    let url = owner_url(settings, &token);
    let valid = &submission.organization;
    let base = Slug::from_text(&format!("{} {}", valid.name, valid.city), "group");
    // Advisory, and a search over every entry: done before taking the write lock, which it would
    // otherwise hold for every other writer to wait on.
    let possible_duplicates = possible_duplicates(conn, valid, None, false)?;
    // Two submissions may pick the same free slug at once; the constraint refuses the second,
    // which then tries again with the next free one.
    for attempt in 0.. {
        let result = crate::db::write_transaction(conn, |conn| {
            if !form_token::spend(conn, form_token)? {
                // Nothing written: the transaction only read.
                return Ok(None);
            }
            let now = crate::db::models::now();
            let id = OrganizationId::from_uuid(Uuid::new_v4());
            let slug = slugs::free_organization_slug(conn, &base)?;
            let mut org = new_organization(id, slug, valid, Status::Pending, Origin::Submission);
            org.contact_email = Some(submission.contact_email.as_str().to_owned());
            organization::insert(conn, &org)?;
            ownership::set_owner_token_hash(conn, id, &hash)?;
            ownership::set_language(conn, id, submission.language)?;
            let submission_id = ownership::insert_submission(
                conn,
                id,
                SubmissionKind::New,
                &draft_json(draft, valid),
                now,
            )?;
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::receipt(
                    submission.contact_email.as_str(),
                    submission.language,
                    &valid.name,
                    &url,
                ),
                now,
            )?;
            Ok::<_, DieselError>(Some(SubmissionReceipt {
                submission_id,
                organization_id: id,
                status: Status::Pending,
                owner_token: token.clone(),
                owner_url: url.clone(),
                possible_duplicates: possible_duplicates.clone(),
            }))
        });
        match result {
            Err(e) if attempt < 5 && is_unique_violation(&e) => continue,
            other => return other?.ok_or_else(form_token_used),
        }
    }
    unreachable!("the loop returns")
}

/// The public fields of an organisation in form order, for diffs.
fn public_fields(org: &Organization) -> Vec<(&'static str, Value)> {
    vec![
        ("name", json!(org.name)),
        ("name_ar", json!(org.name_ar)),
        ("category", json!(org.category)),
        ("description", json!(org.description)),
        ("city", json!(org.city)),
        ("country", json!(org.country)),
        ("latitude", json!(org.location.latitude)),
        ("longitude", json!(org.location.longitude)),
        ("precision", json!(org.precision)),
        ("website", json!(org.website)),
        ("links", json!(org.links)),
        ("languages", json!(org.languages)),
        ("focus_areas", json!(org.focus_areas)),
        ("original_language", json!(org.original_language)),
        ("translations", other_versions(&org.translations)),
    ]
}

/// Translations as the diff compares them: the Arabic name has its own row (`name_ar`).
fn other_versions(translations: &BTreeMap<Lang, EntryText>) -> Value {
    let mut rest = translations.clone();
    if let Some(arabic) = rest.get_mut(&Lang::Ar) {
        arabic.name.clear();
    }
    rest.retain(|_, t| !t.is_empty());
    if rest.is_empty() {
        Value::Null
    } else {
        json!(rest)
    }
}

fn valid_fields(v: &ValidOrganization) -> Vec<(&'static str, Value)> {
    let focus: Vec<String> = v.focus_areas.iter().map(ToString::to_string).collect();
    vec![
        ("name", json!(v.name)),
        ("name_ar", json!(v.name_ar)),
        ("category", json!(v.category.to_string())),
        ("description", json!(v.description)),
        ("city", json!(v.city)),
        ("country", json!(v.country.to_string())),
        ("latitude", json!(v.latitude.value())),
        ("longitude", json!(v.longitude.value())),
        ("precision", json!(v.precision)),
        ("website", json!(v.website)),
        ("links", json!(v.links)),
        ("languages", json!(v.languages)),
        ("focus_areas", json!(focus)),
        ("original_language", json!(v.original_language)),
        ("translations", other_versions(&v.translations)),
    ]
}

/// Field by field, what `after` changes in `before` (everything, for a new entry).
pub fn diff(before: Option<&Organization>, after: &ValidOrganization) -> Vec<FieldChange> {
    let old = before.map(public_fields).unwrap_or_default();
    valid_fields(after)
        .into_iter()
        .filter_map(|(field, value)| {
            let previous = old
                .iter()
                .find(|(name, _)| *name == field)
                .map_or(Value::Null, |(_, v)| v.clone());
            (previous != value).then(|| FieldChange {
                field: field.to_owned(),
                before: previous,
                after: value,
            })
        })
        .collect()
}

/// One page (`limit` after skipping `offset`) of the pending submissions in `scope`, newest
/// first, with what approving each would change; and how many are pending in `scope` in all.
pub fn review_queue(
    conn: &mut AnyConnection,
    scope: &super::moderation::Scope,
    limit: usize,
    offset: usize,
) -> Result<(Vec<ReviewItem>, usize), ApiError> {
    let mut in_scope = Vec::new();
    for submission in ownership::pending_submissions(conn)? {
        let draft: OrganizationDraft = serde_json::from_str(&submission.draft)
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stored draft")))?;
        if scope.allows(&draft.country) {
            in_scope.push((submission, draft));
        }
    }
    let total = in_scope.len();
    // The duplicate search is the costly part: only for the page shown (a queue of 1,000 took
    // 5 s and 1.4 MB in one answer).
    let mut items = Vec::with_capacity(limit.min(total));
    for (submission, draft) in in_scope.into_iter().skip(offset).take(limit) {
        let valid = draft.validate().ok();
        let current = if submission.kind == SubmissionKind::Update {
            Some(stored_organization(conn, submission.organization_id)?)
        } else {
            None
        };
        let changes = valid
            .as_ref()
            .map(|v| diff(current.as_ref(), v))
            .unwrap_or_default();
        let possible_duplicates = match &valid {
            Some(v) => possible_duplicates(conn, v, Some(submission.organization_id), true)?,
            None => Vec::new(),
        };
        let contact_email =
            ownership::private_fields(conn, submission.organization_id)?.contact_email;
        items.push(ReviewItem {
            submission_id: submission.id,
            kind: submission.kind,
            organization_id: submission.organization_id,
            created_at: utc(submission.created_at),
            draft,
            current,
            changes,
            possible_duplicates,
            contact_email,
        });
    }
    Ok((items, total))
}

/// A moderator approves a submission: a new entry is published, an update replaces the public
/// version. The group is told, and the audit log records the entry before and after.
pub fn approve<'a>(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    actor: impl Into<Actor<'a>>,
    submission_id: SubmissionId,
) -> Result<(), ApiError> {
    let actor = actor.into();
    crate::db::write_transaction(conn, |conn| {
        let submission = ownership::submission(conn, submission_id)
            .optional()?
            .ok_or_else(|| ApiError::NotFound("submission".to_owned()))?;
        let id = submission.organization_id;
        let before = stored_organization(conn, id)?;
        let before_status = current_status(conn, id)?;
        publish_approved(conn, settings, &submission)?;
        let after = stored_organization(conn, id)?;
        let after_status = current_status(conn, id)?;
        audit::record(
            conn,
            actor,
            "approve_submission",
            "organization",
            id,
            Some(
                json!({"status": before_status, "organization": before, "submission": submission_id}),
            ),
            Some(json!({"status": after_status, "organization": after})),
        )?;
        Ok(())
    })
}

/// What an approval does to the entry (inside [`approve`]'s transaction).
fn publish_approved(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    submission: &ownership::SubmissionRow,
) -> Result<(), ApiError> {
    let now = crate::db::models::now();
    // Its submissions were withdrawn with the request: say why rather than "decided".
    if let Some(held @ Held::DeletionRequested) =
        super::crisis::held(conn, submission.organization_id)?
    {
        return Err(held.into());
    }
    if !ownership::decide(conn, submission.id, SubmissionStatus::Approved, None, now)? {
        return Err(conflict("this submission was already decided"));
    }
    let id = submission.organization_id;
    let update = submission.kind == SubmissionKind::Update;
    if update {
        let draft: OrganizationDraft = serde_json::from_str(&submission.draft)
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stored draft")))?;
        let valid = draft.validate().map_err(ApiError::Invalid)?;
        let stored = stored_organization(conn, id)?;
        let slug =
            Slug::parse(&stored.slug).unwrap_or_else(|_| Slug::from_text(&stored.slug, "group"));
        organization::update_public_fields(
            conn,
            &new_organization(id, slug, &valid, Status::Published, Origin::Submission),
        )?;
        confirmed_by_person(conn, id, now)?;
        // An update that moves a published entry into a crisis's scope: held like the rest.
        if current_status(conn, id)? == Status::Published {
            super::crisis::publish_or_hold(conn, id, now)?;
        }
    } else {
        if current_status(conn, id)? != Status::Pending {
            return Err(conflict("the entry is no longer awaiting review"));
        }
        confirmed_by_person(conn, id, now)?;
        // The decision stands; a crisis that covers the entry holds it until restored.
        super::crisis::publish_or_hold(conn, id, now)?;
    }
    mark_changed(conn)?;
    let org = stored_organization(conn, id)?;
    if let Some((address, lang)) = contact_address(conn, id)? {
        let public = format!("{}/org/{}", settings.public_url, org.slug);
        outbox::enqueue(
            conn,
            &settings.outbox_key,
            &mail::approved(&address, lang, &org.name, &public, update),
            now,
        )?;
    }
    Ok(())
}

/// A moderator rejects a submission with a reason the group receives. A rejected new entry is
/// never public; a rejected update leaves the public version as it was. The audit log records
/// it.
pub fn reject<'a>(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    actor: impl Into<Actor<'a>>,
    submission_id: SubmissionId,
    reason: &str,
) -> Result<(), ApiError> {
    let actor = actor.into();
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        let submission = ownership::submission(conn, submission_id)
            .optional()?
            .ok_or_else(|| ApiError::NotFound("submission".to_owned()))?;
        let before_status = current_status(conn, submission.organization_id)?;
        if !ownership::decide(
            conn,
            submission_id,
            SubmissionStatus::Rejected,
            Some(reason),
            now,
        )? {
            return Err(conflict("this submission was already decided"));
        }
        let id = submission.organization_id;
        let update = submission.kind == SubmissionKind::Update;
        if !update {
            ownership::set_status(conn, id, Status::Rejected, None, None, now)?;
        }
        let name: String = organizations::table
            .find(id)
            .select(organizations::name)
            .first(conn)?;
        if let Some((address, lang)) = contact_address(conn, id)? {
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::rejected(&address, lang, &name, reason, update),
                now,
            )?;
        }
        if !update {
            // Nothing will be done with a rejected entry's address or link: keep neither.
            ownership::forget_contact(conn, id)?;
        }
        let after_status = current_status(conn, id)?;
        audit::record(
            conn,
            actor,
            "reject_submission",
            "organization",
            id,
            Some(json!({"status": before_status, "submission": submission_id})),
            Some(json!({"status": after_status, "reason": reason})),
        )?;
        Ok(())
    })
}
