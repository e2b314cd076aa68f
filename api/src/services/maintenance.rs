//! The maintenance pass: reminders before consent runs out, hiding when it has, the end of an
//! owner's hiding, and pruning what is kept only for a while.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::domain::{HiddenBy, Status};

use super::crisis;
use crate::config::JoinSettings;
use crate::db::AnyConnection;
use crate::db::models::{form_token, mark_changed, outbox, ownership};
use crate::db::schema::organizations;
use crate::error::ApiError;
use crate::mail;

/// What one maintenance pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MaintenanceReport {
    pub reminded: usize,
    pub hidden_for_consent: usize,
    pub shown_after_owner_hiding: usize,
    /// E-mails with an owner link or an invitation deleted unsent (see
    /// [`mail::unsent_secret_lifetimes`]).
    pub expired_unsent_secrets: usize,
    /// Bulk rejections past their undo window: groups told, addresses forgotten.
    pub settled_rejections: usize,
}

/// Dated changes: reminders before consent runs out, hiding when it has, and the end of an
/// owner's hiding. `now` is a parameter so tests can move time.
pub fn maintain(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    now: NaiveDateTime,
) -> Result<MaintenanceReport, ApiError> {
    let period =
        chrono::Duration::from_std(settings.consent_period).unwrap_or(chrono::Duration::days(365));
    let lead =
        chrono::Duration::from_std(settings.reminder_lead).unwrap_or(chrono::Duration::days(30));
    crate::db::write_transaction(conn, |conn| {
        let mut report = MaintenanceReport::default();
        for (id, name, email, language) in ownership::due_for_reminder(conn, now - period + lead)? {
            let confirmed: NaiveDateTime = organizations::table
                .find(id)
                .select(organizations::last_confirmed_at)
                .first(conn)?;
            let confirm_by = (confirmed + period).format("%Y-%m-%d").to_string();
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::reminder(
                    &email,
                    mail::language(&language),
                    &name,
                    &confirm_by,
                    &settings.public_url,
                ),
                now,
            )?;
            ownership::mark_reminded(conn, id, now)?;
            report.reminded += 1;
        }
        for id in ownership::consent_expired(conn, now - period)? {
            ownership::set_status(
                conn,
                id,
                Status::Hidden,
                Some(HiddenBy::ConsentExpired),
                None,
                now,
            )?;
            report.hidden_for_consent += 1;
        }
        for id in ownership::owner_hiding_over(conn, now)? {
            // Held by a crisis that covers it, as the crisis's restore would.
            crisis::publish_or_hold(conn, id, now)?;
            report.shown_after_owner_hiding += 1;
        }
        if report.hidden_for_consent + report.shown_after_owner_hiding > 0 {
            mark_changed(conn)?;
        }
        report.settled_rejections = super::moderation::settle_due(conn, settings, now)?;
        for (kind, lifetime) in mail::unsent_secret_lifetimes() {
            report.expired_unsent_secrets += outbox::delete_unsent(conn, kind, now - lifetime)?;
        }
        // Another instance of an older version may still write plaintext bodies.
        outbox::seal_plaintext(conn, &settings.outbox_key)?;
        form_token::prune(conn, now)?;
        crate::db::models::changes::prune(conn, crate::db::models::changes::KEPT_CHANGES)?;
        crate::db::models::user::forget_idle_sign_in_limits(conn, now)?;
        Ok(report)
    })
}
