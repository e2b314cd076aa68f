//! The e-mail outbox: every message is written here in the transaction that causes it, and
//! leaves only when an SMTP server has accepted it. Bodies are sealed with the
//! [`OutboxKey`]: owner links and invitations are never readable from the database or a backup.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::private_values;
use crate::db::schema::outbox;
use crate::secrets::OutboxKey;
use shared::domain::{MailKind, OutboxId};

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// What the message is for, for the admins' outbox view and the expiry of secrets.
    pub kind: MailKind,
    pub recipient: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body: String,
    /// The language the message is written in: the HTML part gets its direction from it.
    pub language: shared::i18n::Lang,
    /// A one-click unsubscribe address (RFC 8058) for mail a group may stop, such as the
    /// digest of calls to action: sent as `List-Unsubscribe` with `List-Unsubscribe-Post`.
    pub list_unsubscribe: Option<String>,
}

/// What a sealed body is bound to: its row and its recipient, so that neither a body moved to
/// another row nor a changed recipient gets a secret sent elsewhere.
fn seal_context(id: impl std::fmt::Display, recipient: &str) -> String {
    format!("{id}\n{recipient}")
}

/// `body` sealed for the message `id` to `recipient`.
pub fn seal_body(
    key: &OutboxKey,
    id: impl std::fmt::Display,
    recipient: &str,
    body: &str,
) -> QueryResult<String> {
    key.seal(body, &seal_context(id, recipient))
        .map_err(|e| diesel::result::Error::SerializationError(e.into()))
}

/// The plaintext of a message's body; `None` when it cannot be opened (sealed with another
/// key, or altered).
pub fn open_body(
    key: &OutboxKey,
    id: impl std::fmt::Display,
    recipient: &str,
    body: &str,
) -> Option<String> {
    key.open(body, &seal_context(id, recipient))
}

pub fn enqueue(
    conn: &mut AnyConnection,
    key: &OutboxKey,
    message: &NewMessage,
    now: NaiveDateTime,
) -> QueryResult<OutboxId> {
    let id = OutboxId::from_uuid(Uuid::new_v4());
    let body = seal_body(key, id, &message.recipient, &message.body)?;
    let row = id;
    diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(row),
            outbox::kind.eq(message.kind),
            outbox::recipient.eq(data_key::seal(
                &message.recipient,
                private_values::RECIPIENT,
                row,
            )?),
            outbox::reply_to.eq(data_key::seal_optional(
                message.reply_to.as_deref(),
                private_values::REPLY_TO,
                row,
            )?),
            outbox::subject.eq(data_key::seal(
                &message.subject,
                private_values::SUBJECT,
                row,
            )?),
            outbox::body.eq(body),
            outbox::language.eq(message.language.code()),
            outbox::list_unsubscribe.eq(data_key::seal_optional(
                message.list_unsubscribe.as_deref(),
                private_values::LIST_UNSUBSCRIBE,
                row,
            )?),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
            outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A message claimed for sending.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    pub id: OutboxId,
    pub kind: MailKind,
    pub recipient: String,
    pub reply_to: Option<String>,
    pub subject: String,
    /// Sealed: see [`open_body`].
    pub body: String,
    pub attempts: i32,
    pub language: String,
    /// Opened when claimed.
    pub list_unsubscribe: Option<String>,
}

/// Claims up to `limit` due messages until `now + lease` (returned: the claim's mark). A row is
/// claimed by exactly one sender: the conditional update succeeds for only one of them.
pub fn claim_due(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> QueryResult<(Vec<OutboxMessage>, NaiveDateTime)> {
    let lease_end = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5));
    let free = outbox::claimed_until
        .is_null()
        .or(outbox::claimed_until.lt(now));
    let candidates: Vec<String> = outbox::table
        .filter(outbox::sent_at.is_null())
        // An unsent message without a body could not be opened: nothing to send.
        .filter(outbox::body.ne(""))
        .filter(outbox::next_attempt_at.le(now))
        .filter(free)
        .order(outbox::next_attempt_at)
        .select(outbox::id)
        .limit(limit)
        .load(conn)?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        let won = diesel::update(
            outbox::table
                .find(&id)
                .filter(outbox::sent_at.is_null())
                .filter(
                    outbox::claimed_until
                        .is_null()
                        .or(outbox::claimed_until.lt(now)),
                ),
        )
        .set(outbox::claimed_until.eq(lease_end))
        .execute(conn)?;
        if won == 1 {
            let mut message: OutboxMessage = outbox::table
                .find(&id)
                .select(OutboxMessage::as_select())
                .first(conn)?;
            message.recipient = data_key::open(&message.recipient, private_values::RECIPIENT, &id)?;
            message.reply_to = data_key::open_optional(
                message.reply_to.as_deref(),
                private_values::REPLY_TO,
                &id,
            )?;
            message.subject = data_key::open(&message.subject, private_values::SUBJECT, &id)?;
            message.list_unsubscribe = data_key::open_optional(
                message.list_unsubscribe.as_deref(),
                private_values::LIST_UNSUBSCRIBE,
                &id,
            )?;
            claimed.push(message);
        }
    }
    Ok((claimed, lease_end))
}

/// The SMTP server took the message. Its body (owner links, visitors' messages) is not kept.
/// Only the holder of the claim (`lease_end`) records it.
pub fn mark_sent(
    conn: &mut AnyConnection,
    id: OutboxId,
    lease_end: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::claimed_until.eq(lease_end)),
    )
    .set((
        outbox::sent_at.eq(now),
        outbox::claimed_until.eq(None::<NaiveDateTime>),
        outbox::body.eq(""),
        outbox::list_unsubscribe.eq(None::<String>),
        outbox::last_error.eq(None::<String>),
    ))
    .execute(conn)
    .map(|_| ())
}

/// How long to wait before attempt number `attempts + 1`: `base`, doubling, at most an hour.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(0, 20) as u32);
    base.saturating_mul(factor).min(Duration::from_secs(3600))
}

/// Sending failed: release the claim and schedule the next attempt.
pub fn mark_failed(
    conn: &mut AnyConnection,
    message: &OutboxMessage,
    error: &str,
    now: NaiveDateTime,
    retry_base: Duration,
) -> QueryResult<()> {
    let wait = chrono::Duration::from_std(backoff(retry_base, message.attempts))
        .unwrap_or(chrono::Duration::hours(1));
    let error: String = error.chars().take(500).collect();
    diesel::update(
        outbox::table
            .find(message.id)
            .filter(outbox::sent_at.is_null()),
    )
    .set((
        outbox::attempts.eq(message.attempts + 1),
        outbox::next_attempt_at.eq(now + wait),
        outbox::claimed_until.eq(None::<NaiveDateTime>),
        // An SMTP refusal may repeat the recipient's address: sealed like it.
        outbox::last_error.eq(Some(data_key::seal(
            &error,
            private_values::LAST_ERROR,
            message.id,
        )?)),
    ))
    .execute(conn)
    .map(|_| ())
}

/// The body cannot be opened (see [`open_body`]): it is never sent, garbled or otherwise. The
/// row stays, without its body, for the admins' outbox view to say why.
pub fn mark_unreadable(
    conn: &mut AnyConnection,
    id: OutboxId,
    lease_end: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::claimed_until.eq(lease_end)),
    )
    .set((
        outbox::claimed_until.eq(None::<NaiveDateTime>),
        outbox::body.eq(""),
        outbox::last_error.eq(Some(
            "not sent: the body cannot be decrypted (the data key changed, or the message was altered)",
        )),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Seals bodies written in plaintext (by a version before bodies were sealed). Returns how
/// many it sealed.
pub fn seal_plaintext(conn: &mut AnyConnection, key: &OutboxKey) -> QueryResult<usize> {
    let rows: Vec<(String, String, String)> = outbox::table
        .filter(outbox::body.ne(""))
        .filter(outbox::body.not_like(format!("{}%", crate::secrets::SEALED_PREFIX)))
        .select((outbox::id, outbox::recipient, outbox::body))
        .load(conn)?;
    let mut sealed = 0;
    for (id, recipient, body) in rows {
        let recipient = data_key::open(&recipient, private_values::RECIPIENT, &id)?;
        let body = seal_body(key, &id, &recipient, &body)?;
        sealed += diesel::update(outbox::table.find(&id))
            .set(outbox::body.eq(body))
            .execute(conn)?;
    }
    Ok(sealed)
}

/// Deletes messages of `kind` still unsent since before `created_before`: the secret they
/// carry (an owner link, an invitation) is not kept waiting indefinitely. Returns how many.
pub fn delete_unsent(
    conn: &mut AnyConnection,
    kind: MailKind,
    created_before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        outbox::table
            .filter(outbox::sent_at.is_null())
            .filter(outbox::kind.eq(kind))
            .filter(outbox::created_at.lt(created_before)),
    )
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 0), Duration::from_secs(30));
        assert_eq!(backoff(base, 3), Duration::from_secs(240));
        assert_eq!(backoff(base, 30), Duration::from_secs(3600));
    }
}
