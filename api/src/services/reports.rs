//! Reports from visitors (issue #18). A visitor says what is wrong with a published entry; the
//! report waits in the moderators' queue. "Unsafe to list" hides the entry at once (hidden by
//! `report`) until a moderator resolves the report, which shows it again or keeps it hidden.
//! The owner is told by e-mail, in the group's language, and answers by confirming the entry or
//! proposing an update (which marks the waiting reports answered). Nothing says who reported,
//! and nothing public says that, or how often, an entry was reported.

use diesel::prelude::*;
use serde_json::json;
use shared::api::{
    Organization, OwnerReport, ReportSelection, ReportView, ReportedEntry, ValidReport,
};
use shared::domain::{
    FieldError, HiddenBy, OrganizationId, OwnerAnswer, ReportId, ReportKind, ReportOutcome, Status,
};

use super::crisis;
use super::entries::{conflict, contact_address, current_status, form_token_used};
use crate::config::{JoinSettings, MailSettings};
use crate::db::AnyConnection;
use crate::db::models::audit::{self, Actor};
use crate::db::models::report::{self, NewReport, ReportRow};
use crate::db::models::{form_token, mark_changed, now, outbox, ownership, utc};
use crate::db::schema::{organization_private, organizations};
use crate::error::ApiError;
use crate::index::Snapshot;
use crate::mail;
use crate::secrets::UsableFormToken;
use crate::services::moderation::Scope;

/// The other entry a duplicate report names: a published entry other than the reported one.
pub fn duplicate_target(
    snapshot: &Snapshot,
    reported: &Organization,
    report: &ValidReport,
) -> Result<Option<OrganizationId>, FieldError> {
    let Some(slug) = &report.duplicate_of else {
        return Ok(None);
    };
    match snapshot.find(slug.as_str()) {
        None => Err(FieldError::new(
            "duplicate_of",
            "unknown_entry",
            "no entry on the map has this address",
        )),
        Some(other) if other.id == reported.id => Err(FieldError::new(
            "duplicate_of",
            "same_entry",
            "must be another entry than the one reported",
        )),
        Some(other) => Ok(Some(other.id)),
    }
}

/// Stores a visitor's report (using up the form token); hides the entry at once when it is
/// reported unsafe to list, and tells its owner (and, for an unsafe one, the moderators).
/// Returns whether the entry is hidden while the report is reviewed.
pub fn receive(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    mail_settings: &MailSettings,
    form_token: &UsableFormToken,
    organization: &Organization,
    valid: &ValidReport,
    duplicate_of: Option<OrganizationId>,
) -> Result<bool, ApiError> {
    let id = organization.id;
    crate::db::write_transaction(conn, |conn| {
        if !form_token::spend(conn, form_token)? {
            return Err(form_token_used());
        }
        let now = now();
        let unsafe_report = valid.kind == ReportKind::Unsafe;
        // Read inside the transaction: the entry may have been hidden since the page was shown.
        let hide = unsafe_report && current_status(conn, id)? == Status::Published;
        let waiting_before = report::waiting_count(conn, id, None, None)?;
        report::insert(
            conn,
            &NewReport {
                organization_id: id,
                kind: valid.kind,
                duplicate_of,
                message: valid.message.as_deref(),
                hid_entry: hide,
            },
            now,
        )?;
        if hide {
            ownership::set_status(conn, id, Status::Hidden, Some(HiddenBy::Report), None, now)?;
            mark_changed(conn)?;
        }
        let owner_url = format!("{}/owner", settings.public_url);
        if let Some((address, lang)) = contact_address(conn, id)? {
            // One e-mail for a first report, not one per report: a stream of reports must not
            // flood the group's inbox.
            let message = if hide {
                Some(mail::report_unsafe(
                    &address,
                    lang,
                    &organization.name,
                    &owner_url,
                ))
            } else if !unsafe_report && waiting_before == 0 {
                Some(mail::report(
                    &address,
                    lang,
                    &organization.name,
                    valid.kind,
                    &owner_url,
                ))
            } else {
                None
            };
            if let Some(message) = message {
                outbox::enqueue(conn, &settings.outbox_key, &message, now)?;
            }
        }
        if hide {
            let queue = format!("{}/admin/reports", settings.public_url);
            for moderator in &mail_settings.moderators {
                outbox::enqueue(
                    conn,
                    &settings.outbox_key,
                    &mail::report_unsafe_to_moderators(
                        moderator.as_str(),
                        &organization.name,
                        &queue,
                    ),
                    now,
                )?;
            }
        }
        Ok(unsafe_report)
    })
}

/// The entry as a report shows it, `None` if it is gone.
fn reported_entry(
    conn: &mut AnyConnection,
    id: OrganizationId,
) -> QueryResult<Option<ReportedEntry>> {
    let row: Option<(String, String, Status, Option<HiddenBy>)> = organizations::table
        .inner_join(organization_private::table)
        .filter(organizations::id.eq(id))
        .select((
            organizations::slug,
            organizations::name,
            organizations::status,
            organization_private::hidden_by,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(slug, name, status, hidden_by)| ReportedEntry {
        id,
        slug,
        name,
        status,
        hidden_by: (status == Status::Hidden).then_some(hidden_by).flatten(),
    }))
}

/// A stored report as moderators see it.
pub fn view(conn: &mut AnyConnection, row: ReportRow) -> Result<ReportView, ApiError> {
    let organization = reported_entry(conn, row.organization_id)?
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))?;
    let duplicate_of = match row.duplicate_of {
        Some(other) => reported_entry(conn, other)?,
        None => None,
    };
    Ok(ReportView {
        id: row.id,
        organization,
        kind: row.kind,
        duplicate_of,
        state: row.state()?,
        message: row.message,
        hid_entry: row.hid_entry,
        created_at: utc(row.created_at),
    })
}

/// The moderators' queue (at most 500), in the moderator's countries.
pub fn list(
    conn: &mut AnyConnection,
    selection: ReportSelection,
    scope: &Scope,
) -> Result<Vec<ReportView>, ApiError> {
    report::list(conn, selection, scope.codes().as_deref(), 500)?
        .into_iter()
        .map(|row| view(conn, row))
        .collect()
}

pub fn find(conn: &mut AnyConnection, id: ReportId) -> Result<ReportRow, ApiError> {
    report::find(conn, id)?.ok_or_else(|| ApiError::NotFound("report".to_owned()))
}

/// The entry's other reports, newest first.
pub fn others(conn: &mut AnyConnection, row: &ReportRow) -> Result<Vec<ReportView>, ApiError> {
    report::for_organization(conn, row.organization_id, false)?
        .into_iter()
        .filter(|other| other.id != row.id)
        .map(|other| view(conn, other))
        .collect()
}

/// A moderator resolves a report, with an audit row about the entry. For an entry hidden by
/// an unsafe report: `dismissed` and `corrected` show it again once no other unsafe report
/// waits (held instead while a crisis covers it, and never after a deletion request); `hidden`
/// keeps it hidden, as hidden by a moderator. For other reports `hidden` hides a published entry.
///
/// `409` when the report was resolved already.
pub fn resolve<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    id: ReportId,
    outcome: ReportOutcome,
) -> Result<ReportView, ApiError> {
    let actor = actor.into();
    crate::db::write_transaction(conn, |conn| {
        let row = find(conn, id)?;
        let entry = row.organization_id;
        let now = now();
        let status = current_status(conn, entry)?;
        let hidden_by = ownership::private_fields(conn, entry)?.hidden_by;
        if !report::resolve(conn, id, outcome, now)? {
            return Err(conflict("the report was resolved already"));
        }
        let hidden_by_report = status == Status::Hidden && hidden_by == Some(HiddenBy::Report);
        let changed = match outcome {
            ReportOutcome::Hidden if status == Status::Published || hidden_by_report => {
                ownership::set_status(
                    conn,
                    entry,
                    Status::Hidden,
                    Some(HiddenBy::Moderator),
                    None,
                    now,
                )?;
                true
            }
            ReportOutcome::Dismissed | ReportOutcome::Corrected
                if hidden_by_report
                    && report::waiting_count(conn, entry, Some(ReportKind::Unsafe), None)? == 0 =>
            {
                crisis::publish_or_hold(conn, entry, now)?;
                true
            }
            _ => false,
        };
        if changed {
            mark_changed(conn)?;
        }
        let after = current_status(conn, entry)?;
        let after_hidden_by = ownership::private_fields(conn, entry)?.hidden_by;
        audit::record(
            conn,
            actor,
            "resolve_report",
            "organization",
            entry,
            Some(json!({"report": id, "kind": row.kind, "status": status, "hidden_by": hidden_by})),
            Some(json!({
                "report": id,
                "kind": row.kind,
                "outcome": outcome,
                "status": after,
                "hidden_by": after_hidden_by,
            })),
        )?;
        let resolved = find(conn, id)?;
        view(conn, resolved)
    })
}

/// The owner answered (confirmed the entry or proposed an update): the entry's open reports are
/// marked answered. Call inside the owner action's transaction.
pub fn owner_answered(
    conn: &mut AnyConnection,
    id: OrganizationId,
    answer: OwnerAnswer,
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    report::mark_answered(conn, id, answer, now).map(|_| ())
}

/// What the owner sees: the reports waiting for a moderator, without the visitors' words.
pub fn for_owner(conn: &mut AnyConnection, id: OrganizationId) -> QueryResult<Vec<OwnerReport>> {
    report::for_organization(conn, id, true)?
        .into_iter()
        .map(|row| {
            Ok(OwnerReport {
                id: row.id,
                kind: row.kind,
                created_at: utc(row.created_at),
                state: row.state()?,
            })
        })
        .collect()
}
