//! What a group's owner link allows: reading its entry, proposing an update, hiding and showing
//! it, confirming it is still active, asking for deletion, and a new link when the old one is lost.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::{OrganizationDraft, OwnerEntry, ValidOrganization};
use shared::domain::{
    HiddenBy, OrganizationId, Origin, OwnerAnswer, Slug, Status, SubmissionKind, SubmissionStatus,
};

use super::crisis::{self, Held};
use super::entries::{
    check_keys, confirmed_by_person, conflict, current_status, draft_json, owner_url,
    stored_organization,
};
use super::organizations::new_organization;
use crate::config::{JoinSettings, MailSettings};
use crate::db::AnyConnection;
use crate::db::models::{mark_changed, organization, outbox, ownership, utc};
use crate::db::schema::organizations;
use crate::error::ApiError;
use crate::secrets::OutboxKey;
use crate::{mail, secrets};

/// The organisation an owner token opens, or 401.
pub fn owner_of(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<(OrganizationId, Status), ApiError> {
    let hash = secrets::token_hash(token);
    let found = match ownership::organization_for_token(conn, &hash)? {
        Some(found) => Some(found),
        None => match ownership::promote_pending_token(conn, &hash)? {
            Some(id) => Some((id, ownership::organization_status(conn, id)?)),
            None => None,
        },
    };
    found
        .filter(|(_, status)| *status != Status::Rejected && *status != Status::Archived)
        .ok_or(ApiError::Unauthorized)
}

/// At most one lost-link e-mail per entry in this time, so that an address cannot be flooded.
const LINK_REQUEST_INTERVAL: chrono::Duration = chrono::Duration::minutes(15);

pub fn owner_entry(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    id: OrganizationId,
    status: Status,
) -> Result<OwnerEntry, ApiError> {
    let organization = stored_organization(conn, id)?;
    let private = ownership::private_fields(conn, id)?;
    let pending_update = ownership::pending_submission(conn, id, SubmissionKind::Update)?
        .and_then(|s| serde_json::from_str(&s.draft).ok());
    let period =
        chrono::Duration::from_std(settings.consent_period).unwrap_or(chrono::Duration::days(365));
    let link_problems = crate::services::link_checks::problems_of(
        conn,
        organization.website.iter().chain(&organization.links),
    )?;
    Ok(OwnerEntry {
        confirm_by: organization.last_confirmed_at + period,
        organization,
        status,
        hidden_by: private.hidden_by,
        hidden_until: private.hidden_until.map(utc),
        language: mail::language(&private.language),
        pending_update,
        deletion_requested: private.deletion_requested_at.is_some(),
        link_problems,
        reports: crate::services::reports::for_owner(conn, id)?,
    })
}

/// An owner's new version. A published entry stays as it is until a moderator approves the
/// update; an entry still under review is simply replaced.
pub fn propose_update(
    conn: &mut AnyConnection,
    id: OrganizationId,
    valid: &ValidOrganization,
    draft: &OrganizationDraft,
) -> Result<(), ApiError> {
    check_keys(conn, valid)?;
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        // Read inside the transaction: a moderator may have decided since the request began.
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        if private.deletion_requested_at.is_some() {
            return Err(conflict("the entry is waiting to be deleted"));
        }
        if status == Status::Pending {
            // Replace the entry under review with a new submission, so that a moderator who
            // opened the old one cannot approve a version they did not see.
            let stored = stored_organization(conn, id)?;
            let slug = Slug::parse(&stored.slug)
                .unwrap_or_else(|_| Slug::from_text(&stored.slug, "group"));
            organization::update_public_fields(
                conn,
                &new_organization(id, slug, valid, Status::Pending, Origin::Submission),
            )?;
            if let Some(pending) = ownership::pending_submission(conn, id, SubmissionKind::New)? {
                ownership::decide(
                    conn,
                    pending.id,
                    SubmissionStatus::Withdrawn,
                    Some("replaced by a newer version"),
                    now,
                )?;
            }
            ownership::insert_submission(
                conn,
                id,
                SubmissionKind::New,
                &draft_json(draft, valid),
                now,
            )?;
        } else {
            if let Some(previous) = ownership::pending_submission(conn, id, SubmissionKind::Update)?
            {
                ownership::decide(
                    conn,
                    previous.id,
                    SubmissionStatus::Withdrawn,
                    Some("replaced by a newer update"),
                    now,
                )?;
            }
            ownership::insert_submission(
                conn,
                id,
                SubmissionKind::Update,
                &draft_json(draft, valid),
                now,
            )?;
        }
        // Writing an update is the owner's confirmation that the group is there, and their
        // answer to the reports waiting.
        confirmed_by_person(conn, id, now)?;
        crate::services::reports::owner_answered(conn, id, OwnerAnswer::Updated, now)?;
        mark_changed(conn)?;
        Ok(())
    })
}

/// Hides a published entry at once (optionally until a date).
pub fn hide(
    conn: &mut AnyConnection,
    id: OrganizationId,
    until: Option<NaiveDateTime>,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        let hidden_by_owner =
            status == Status::Hidden && private.hidden_by == Some(HiddenBy::Owner);
        let ever_published: Option<NaiveDateTime> = organizations::table
            .find(id)
            .select(organizations::published_at)
            .first(conn)?;
        // A hidden entry comes back by itself at `until`: only one that was public before and
        // is not waiting to be deleted may be hidden that way.
        if (status != Status::Published && !hidden_by_owner)
            || ever_published.is_none()
            || private.deletion_requested_at.is_some()
        {
            return Err(conflict("only a published entry can be hidden"));
        }
        ownership::set_status(
            conn,
            id,
            Status::Hidden,
            Some(HiddenBy::Owner),
            until,
            crate::db::models::now(),
        )?;
        mark_changed(conn)?;
        Ok(())
    })
}

/// Shows an entry its owner hid, or one hidden because consent ran out (showing it confirms it).
pub fn show(conn: &mut AnyConnection, id: OrganizationId) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        if status != Status::Hidden
            || !matches!(
                private.hidden_by,
                Some(HiddenBy::Owner | HiddenBy::ConsentExpired)
            )
        {
            return Err(conflict(
                "only an entry hidden by its owner or by expired consent can be shown again",
            ));
        }
        let now = crate::db::models::now();
        confirmed_by_person(conn, id, now)?;
        // Refused (and nothing changed) after a deletion request or while a crisis covers it.
        crisis::publish(conn, id, now)?;
        mark_changed(conn)?;
        Ok(())
    })
}

/// "Still active": restarts the consent period, and brings back an entry hidden because it ran
/// out.
pub fn confirm(conn: &mut AnyConnection, id: OrganizationId) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        confirmed_by_person(conn, id, now)?;
        // Confirming is the owner's answer to the reports waiting ("it is right as it is").
        crate::services::reports::owner_answered(conn, id, OwnerAnswer::Confirmed, now)?;
        if status == Status::Hidden
            && private.hidden_by == Some(HiddenBy::ConsentExpired)
            && let Some(held @ Held::DeletionRequested) = crisis::publish_or_hold(conn, id, now)?
        {
            return Err(held.into());
        }
        mark_changed(conn)?;
        Ok(())
    })
}

/// The owner asks for deletion: the entry is hidden at once and the moderators are told.
pub fn request_deletion(
    conn: &mut AnyConnection,
    mail_settings: &MailSettings,
    outbox_key: &OutboxKey,
    id: OrganizationId,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        let status = current_status(conn, id)?;
        let name: String = organizations::table
            .find(id)
            .select(organizations::name)
            .first(conn)?;
        ownership::request_deletion(conn, id, now)?;
        // Nothing under review may be approved any more.
        for kind in [SubmissionKind::New, SubmissionKind::Update] {
            if let Some(pending) = ownership::pending_submission(conn, id, kind)? {
                ownership::decide(
                    conn,
                    pending.id,
                    SubmissionStatus::Withdrawn,
                    Some("the owner asked for deletion"),
                    now,
                )?;
            }
        }
        if matches!(status, Status::Published | Status::Pending) {
            ownership::set_status(conn, id, Status::Hidden, Some(HiddenBy::Owner), None, now)?;
            mark_changed(conn)?;
        }
        for moderator in &mail_settings.moderators {
            outbox::enqueue(
                conn,
                outbox_key,
                &mail::deletion_request(moderator.as_str(), &name, &id.to_string()),
                now,
            )?;
        }
        Ok(())
    })
}

/// A lost link: every entry with this contact address gets a new token, sent there. Nothing
/// tells the caller whether the address is known.
pub fn send_new_owner_links(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    email: &str,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        for (id, name, language) in ownership::organizations_with_contact(conn, email)? {
            let recently = ownership::owner_link_sent_at(conn, id)?
                .is_some_and(|at| now - at < LINK_REQUEST_INTERVAL);
            if recently {
                continue;
            }
            let token = secrets::new_owner_token()?;
            ownership::offer_owner_token(conn, id, &secrets::token_hash(&token), now)?;
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::owner_link(
                    email,
                    mail::language(&language),
                    &name,
                    &owner_url(settings, &token),
                ),
                now,
            )?;
        }
        Ok(())
    })
}
