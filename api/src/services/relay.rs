//! The contact relay: a visitor writes to a group without learning its address.

use shared::api::{Organization, ValidContact};

use super::entries::form_token_used;
use crate::config::MailSettings;
use crate::db::AnyConnection;
use crate::db::models::{form_token, outbox, ownership};
use crate::error::ApiError;
use crate::mail;
use crate::secrets::{OutboxKey, UsableFormToken};

/// Relays a visitor's message: to the group's contact address, or, for Jerusalem organisations
/// (and groups without an address), to the moderators' relay inbox. Uses up the form token.
pub fn relay_contact(
    conn: &mut AnyConnection,
    mail_settings: &MailSettings,
    outbox_key: &OutboxKey,
    form_token: &UsableFormToken,
    organization: &Organization,
    contact: &ValidContact,
) -> Result<(), ApiError> {
    let id = organization.id;
    crate::db::write_transaction(conn, |conn| {
        if !form_token::spend(conn, form_token)? {
            return Err(form_token_used());
        }
        let now = crate::db::models::now();
        let private = ownership::private_fields(conn, id)?;
        match private.contact_email {
            Some(address) if !organization.featured => {
                outbox::enqueue(
                    conn,
                    outbox_key,
                    &mail::contact(
                        &address,
                        mail::language(&private.language),
                        &organization.name,
                        &contact.name,
                        contact.email.as_str(),
                        &contact.message,
                    ),
                    now,
                )?;
            }
            _ => {
                ownership::insert_contact_message(
                    conn,
                    id,
                    &contact.name,
                    contact.email.as_str(),
                    &contact.message,
                    now,
                )?;
                for moderator in &mail_settings.moderators {
                    outbox::enqueue(
                        conn,
                        outbox_key,
                        &mail::introduction_request(
                            moderator.as_str(),
                            &organization.name,
                            &contact.name,
                            contact.email.as_str(),
                            &contact.message,
                        ),
                        now,
                    )?;
                }
            }
        }
        Ok(())
    })
}
