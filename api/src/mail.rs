//! E-mail: the messages we write (plain text, English for now) and the sender that empties the
//! outbox through SMTP.

use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::MailSettings;
use crate::db::DbPool;
use crate::db::models::outbox::{NewMessage, OutboxMessage};
use crate::db::models::{now, outbox};
use crate::secrets::OutboxKey;

fn message(kind: &'static str, to: &str, subject: String, body: String) -> NewMessage {
    NewMessage {
        kind,
        recipient: to.to_owned(),
        reply_to: None,
        subject,
        body,
    }
}

/// E-mails that carry a secret (an owner link, an invitation) and how long one may wait unsent
/// before maintenance deletes it. A day for owner links: retries come at least hourly, so a
/// message not accepted in a day meets a broken or missing SMTP setup, and the owner can ask for
/// a new link (`POST /api/v1/owner/link-requests`) once mail works. Invitations keep their own
/// validity: no link outlives it, and there is no other way to send one again.
pub fn unsent_secret_lifetimes() -> [(&'static str, chrono::Duration); 3] {
    [
        ("receipt", chrono::Duration::hours(24)),
        ("owner_link", chrono::Duration::hours(24)),
        (
            "invitation",
            chrono::Duration::days(crate::auth::session::INVITATION_DAYS),
        ),
    ]
}

const SIGNATURE: &str = "\n\n-- \nInternational Solidarity Map\n";

pub fn receipt(to: &str, name: &str, owner_url: &str) -> NewMessage {
    message(
        "receipt",
        to,
        format!("We received \"{name}\""),
        format!(
            "Thank you for asking to put \"{name}\" on the International Solidarity Map.\n\n\
             A moderator will review it; nothing is public until then. You will hear from us either way.\n\n\
             Your private owner link lets you see the entry's status, update it, hide it or remove it:\n{owner_url}\n\n\
             Keep it to yourself: anyone with this link can change the entry.{SIGNATURE}"
        ),
    )
}

pub fn owner_link(to: &str, name: &str, owner_url: &str) -> NewMessage {
    message(
        "owner_link",
        to,
        format!("Your new owner link for \"{name}\""),
        format!(
            "Someone (we hope you) asked for a new owner link for \"{name}\". Once you use it, earlier links stop working.\n\n{owner_url}\n\n\
             If it was not you, you can ignore this message: only this address receives the link.{SIGNATURE}"
        ),
    )
}

pub fn approved(to: &str, name: &str, public_url: &str, update: bool) -> NewMessage {
    let what = if update {
        "Your update to"
    } else {
        "Your entry"
    };
    message(
        "approved",
        to,
        format!("\"{name}\" is on the map"),
        format!("{what} \"{name}\" was approved and is public now:\n{public_url}{SIGNATURE}"),
    )
}

pub fn rejected(to: &str, name: &str, reason: &str, update: bool) -> NewMessage {
    let (what, next) = if update {
        (
            "the update to",
            "Your entry stays as it was; you can send a corrected update with your owner link",
        )
    } else {
        (
            "the entry",
            "We have deleted the contact address you gave us; you are welcome to join again through the form",
        )
    };
    message(
        "rejected",
        to,
        format!("About \"{name}\""),
        format!(
            "A moderator did not approve {what} \"{name}\". The reason given:\n\n{reason}\n\n\
             {next}, or answer this message.{SIGNATURE}"
        ),
    )
}

pub fn invitation(to: &str, role: &str, invite_url: &str, days: i64) -> NewMessage {
    message(
        "invitation",
        to,
        "Your account on the International Solidarity Map".to_owned(),
        format!(
            "An admin of the International Solidarity Map made you an account ({role}) for its dashboard.\n\n\
             Choose your password here within {days} days (the link works once):\n{invite_url}\n\n\
             If you did not expect this, you can ignore this message.{SIGNATURE}"
        ),
    )
}

pub fn reminder(to: &str, name: &str, confirm_by: &str, public_url: &str) -> NewMessage {
    message(
        "reminder",
        to,
        format!("Is \"{name}\" still active?"),
        format!(
            "\"{name}\" is listed on the International Solidarity Map. To keep it listed, confirm that it is still \
             active by {confirm_by} with your owner link. Otherwise the entry will be hidden (not deleted) until you do.\n\n\
             Lost the link? Ask for a new one at {public_url}/owner{SIGNATURE}"
        ),
    )
}

pub fn contact(
    to: &str,
    organization: &str,
    sender: &str,
    sender_email: &str,
    text: &str,
) -> NewMessage {
    NewMessage {
        reply_to: Some(sender_email.to_owned()),
        ..message(
            "contact",
            to,
            format!("A message for \"{organization}\" from the map"),
            format!(
                "{sender} <{sender_email}> wrote to \"{organization}\" through the International Solidarity Map. \
                 Your address was not shown to them; answering this message will show it.\n\n{text}{SIGNATURE}"
            ),
        )
    }
}

pub fn introduction_request(
    to: &str,
    organization: &str,
    sender: &str,
    sender_email: &str,
    text: &str,
) -> NewMessage {
    message(
        "introduction_request",
        to,
        format!("Introduction request for \"{organization}\""),
        format!(
            "{sender} <{sender_email}> would like to be introduced to \"{organization}\" (Jerusalem). \
             It is also in the relay inbox.\n\n{text}{SIGNATURE}"
        ),
    )
}

pub fn deletion_request(to: &str, organization: &str, id: &str) -> NewMessage {
    message(
        "deletion_request",
        to,
        format!("Deletion requested for \"{organization}\""),
        format!(
            "The owner of \"{organization}\" ({id}) asked for the entry to be deleted. It is hidden already.{SIGNATURE}"
        ),
    )
}

/// Sends one claimed message. The outbox id is the Message-ID, so a receiving system can tell
/// a retried message from a new one.
fn send(
    transport: &SmtpTransport,
    from: &Mailbox,
    message: &OutboxMessage,
    body: String,
) -> anyhow::Result<()> {
    let mut builder = Message::builder()
        .from(from.clone())
        .to(message.recipient.parse()?)
        .subject(message.subject.clone())
        .message_id(Some(format!("<{}@solidarity-map>", message.id)))
        .header(ContentType::TEXT_PLAIN);
    if let Some(reply_to) = &message.reply_to {
        builder = builder.reply_to(reply_to.parse()?);
    }
    let email = builder.body(body)?;
    transport.send(&email)?;
    Ok(())
}

/// How long claimed messages are reserved for the sender that claimed them: longer than a
/// batch can take (10 messages, 10 s SMTP timeout each), so no other sender re-claims them.
const LEASE: Duration = Duration::from_secs(600);
const BATCH: i64 = 10;

/// One pass over the outbox: claims what is due and sends it. Returns (sent, failed).
pub fn send_due(
    pool: &DbPool,
    transport: &SmtpTransport,
    settings: &MailSettings,
    key: &OutboxKey,
) -> anyhow::Result<(usize, usize)> {
    let from: Mailbox = settings.from.parse()?;
    let mut conn = pool.get()?;
    let (claimed, lease_end) = outbox::claim_due(&mut conn, now(), LEASE, BATCH)?;
    let (mut sent, mut failed) = (0, 0);
    for message in &claimed {
        let Some(body) = outbox::open_body(key, &message.id, &message.recipient, &message.body)
        else {
            tracing::warn!(id = %message.id, kind = %message.kind, "an e-mail body cannot be decrypted (SECRET_KEY changed, or unset and the server restarted); dropped unsent");
            outbox::mark_unreadable(&mut conn, &message.id, lease_end)?;
            failed += 1;
            continue;
        };
        match send(transport, &from, message, body) {
            Ok(()) => {
                outbox::mark_sent(&mut conn, &message.id, lease_end, now())?;
                sent += 1;
            }
            Err(error) => {
                // The error may repeat the recipient's address: it goes to the outbox row (seen
                // by admins), not to the log.
                tracing::warn!(id = %message.id, kind = %message.kind, attempt = message.attempts + 1, "sending an e-mail failed; will retry");
                outbox::mark_failed(
                    &mut conn,
                    message,
                    &error.to_string(),
                    now(),
                    settings.retry_base,
                )?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// The SMTP transport for `smtp_url`, with short timeouts so a dead server delays nothing.
pub fn transport(smtp_url: &str) -> anyhow::Result<SmtpTransport> {
    Ok(SmtpTransport::from_url(smtp_url)?
        .timeout(Some(Duration::from_secs(10)))
        .build())
}

/// Sends the outbox for as long as the server runs. Without SMTP settings, messages wait.
pub async fn run_sender(pool: DbPool, settings: MailSettings, key: OutboxKey) {
    let Some(url) = settings.smtp_url.clone() else {
        tracing::info!("no SMTP_URL: e-mails wait in the outbox");
        return;
    };
    let transport = match transport(&url) {
        Ok(t) => t,
        Err(error) => {
            tracing::error!(%error, "SMTP_URL is not usable: e-mails wait in the outbox");
            return;
        }
    };
    loop {
        let (pool, transport, settings2, key) = (
            pool.clone(),
            transport.clone(),
            settings.clone(),
            key.clone(),
        );
        match tokio::task::spawn_blocking(move || send_due(&pool, &transport, &settings2, &key))
            .await
        {
            Ok(Ok((sent, failed))) if sent + failed > 0 => {
                tracing::info!(sent, failed, "outbox pass");
            }
            Ok(Err(error)) => tracing::warn!(%error, "outbox pass failed"),
            _ => {}
        }
        tokio::time::sleep(settings.poll).await;
    }
}
