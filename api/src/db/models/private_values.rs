//! Which stored values are private (they identify or reach a person), and the work done on all
//! of them at once: checking that the server has the key they are sealed with, sealing values
//! from before they were sealed, and moving them to a new key. The models seal and open each
//! value where they write and read it ([`crate::data_key::seal`], [`crate::data_key::open`]).

use diesel::prelude::*;

use crate::data_key::{DataKey, context};
use crate::db::AnyConnection;
use crate::db::schema::{
    audit_log, contact_messages, crisis_actions, data_key_check, organization_private, outbox,
    reports, submissions, users,
};

pub const CONTACT_EMAIL: &str = "organization_private.contact_email";
pub const INTERNAL_NOTES: &str = "organization_private.internal_notes";
pub const SENDER_NAME: &str = "contact_messages.sender_name";
pub const SENDER_EMAIL: &str = "contact_messages.sender_email";
pub const MESSAGE: &str = "contact_messages.message";
pub const RECIPIENT: &str = "outbox.recipient";
pub const REPLY_TO: &str = "outbox.reply_to";
pub const SUBJECT: &str = "outbox.subject";
/// Why a send failed: an SMTP server's refusal may repeat the address.
pub const LAST_ERROR: &str = "outbox.last_error";
/// A digest's one-click unsubscribe address: it carries a token that acts for the group.
pub const LIST_UNSUBSCRIBE: &str = "outbox.list_unsubscribe";
pub const DRAFT: &str = "submissions.draft";
pub const USER_EMAIL: &str = "users.email";
/// Not a way to reach a person, but with a cracked password it opens the account: sealed too.
pub const TOTP_SECRET: &str = "users.totp_secret";
pub const ACTOR_EMAIL: &str = "audit_log.user_email";
pub const BEFORE: &str = "audit_log.before";
pub const AFTER: &str = "audit_log.after";
pub const CRISIS_ACTOR: &str = "crisis_actions.created_by";
/// What a visitor wrote with a report: it may say who they are, or what they fear.
pub const REPORT_MESSAGE: &str = "reports.message";

/// What the check row seals: known text, so that opening it proves the key.
const CHECK_TEXT: &str = "solidarity-map data key check";
const CHECK_CONTEXT: &str = "data_key_check";
/// SQL `LIKE` pattern of a sealed value ([`DataKey::seal`]'s prefix).
const SEALED_PATTERN: &str = "pv1.%";

/// Why the server will not use this database with this key.
#[derive(Debug, thiserror::Error)]
pub enum KeyMismatch {
    #[error(
        "this database's private values are sealed with data key {sealed_with}, but the key given \
         (DATA_KEY_FILE or DATA_KEY) is {given}: start with the key they were sealed with, or \
         move them to a new key with `solidarity-map rotate-data-key`"
    )]
    OtherKey { sealed_with: String, given: String },
    #[error("the database's data key check is damaged: {0}")]
    Damaged(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Checks that `key` is the one this database's private values are sealed with; a database
/// that has none yet is marked as sealed with `key`.
pub fn check_key(conn: &mut AnyConnection, key: &DataKey) -> Result<(), KeyMismatch> {
    let stored: Option<(String, String)> = data_key_check::table
        .select((data_key_check::fingerprint, data_key_check::sealed))
        .first(conn)
        .optional()?;
    match stored {
        None => {
            diesel::insert_into(data_key_check::table)
                .values((
                    data_key_check::id.eq(1),
                    data_key_check::fingerprint.eq(key.fingerprint()),
                    data_key_check::sealed.eq(key.seal(CHECK_TEXT, CHECK_CONTEXT)),
                ))
                .execute(conn)?;
            Ok(())
        }
        Some((fingerprint, sealed)) => match key.open(&sealed, CHECK_CONTEXT) {
            Ok(text) if text == CHECK_TEXT => Ok(()),
            Ok(_) => Err(KeyMismatch::Damaged("unexpected text".into())),
            Err(crate::data_key::OpenError::OtherKey(_)) => Err(KeyMismatch::OtherKey {
                sealed_with: fingerprint,
                given: key.fingerprint().to_owned(),
            }),
            Err(e) => Err(KeyMismatch::Damaged(e.to_string())),
        },
    }
}

/// A stored value's replacement, given the value, its column and its row (`None`: unchanged).
type Rewrite<'a> = dyn Fn(&str, &str, &str) -> QueryResult<Option<String>> + 'a;

/// Rewrites every private value with `rewrite(stored, column, row)` when it returns a new
/// value; `progress` hears of each table's rows as they are done. Returns how many changed.
/// With `only_plain`, only values not sealed yet are read (the check at every start).
fn rewrite_all(
    conn: &mut AnyConnection,
    only_plain: bool,
    rewrite: &Rewrite<'_>,
    progress: &dyn Fn(u64),
) -> QueryResult<usize> {
    macro_rules! rewrite_column {
        ($table:ident, $id:ident, $column:ident, $name:expr) => {{
            let query = $table::table
                .select(($table::$id, $table::$column.nullable()))
                .into_boxed();
            let query = if only_plain {
                // Sealed text never holds `@` or a space: a plain value that happens to start
                // like a sealed one (`pv1.anna@example.org`) is read too.
                query.filter(
                    $table::$column
                        .nullable()
                        .not_like(SEALED_PATTERN)
                        .or($table::$column.nullable().like("%@%"))
                        .or($table::$column.nullable().like("% %")),
                )
            } else {
                query
            };
            let rows: Vec<(String, Option<String>)> = query.load(conn)?;
            let mut changed = 0;
            for (row, stored) in &rows {
                let Some(stored) = stored else { continue };
                if stored.is_empty() {
                    continue;
                }
                if let Some(next) = rewrite(stored, $name, row)? {
                    diesel::update($table::table.find(row))
                        .set($table::$column.eq(next))
                        .execute(conn)?;
                    changed += 1;
                }
            }
            progress(rows.len() as u64);
            changed
        }};
    }
    Ok(rewrite_column!(
        organization_private,
        organization_id,
        contact_email,
        CONTACT_EMAIL
    ) + rewrite_column!(
        organization_private,
        organization_id,
        internal_notes,
        INTERNAL_NOTES
    ) + rewrite_column!(contact_messages, id, sender_name, SENDER_NAME)
        + rewrite_column!(contact_messages, id, sender_email, SENDER_EMAIL)
        + rewrite_column!(contact_messages, id, message, MESSAGE)
        + rewrite_column!(outbox, id, recipient, RECIPIENT)
        + rewrite_column!(outbox, id, reply_to, REPLY_TO)
        + rewrite_column!(outbox, id, subject, SUBJECT)
        + rewrite_column!(submissions, id, draft, DRAFT)
        + rewrite_column!(outbox, id, last_error, LAST_ERROR)
        + rewrite_column!(outbox, id, list_unsubscribe, LIST_UNSUBSCRIBE)
        + rewrite_column!(users, id, email, USER_EMAIL)
        + rewrite_column!(users, id, totp_secret, TOTP_SECRET)
        + rewrite_column!(audit_log, id, user_email, ACTOR_EMAIL)
        + rewrite_column!(audit_log, id, before, BEFORE)
        + rewrite_column!(audit_log, id, after, AFTER)
        + rewrite_column!(crisis_actions, id, created_by, CRISIS_ACTOR)
        + rewrite_column!(reports, id, message, REPORT_MESSAGE))
}

/// How many rows [`seal_existing`] and [`rotate`] go through (for a progress bar).
pub fn row_count(conn: &mut AnyConnection) -> QueryResult<u64> {
    let counts: [i64; 7] = [
        organization_private::table
            .count()
            .get_result::<i64>(conn)?
            * 2,
        contact_messages::table.count().get_result::<i64>(conn)? * 3,
        outbox::table.count().get_result::<i64>(conn)? * 5,
        submissions::table.count().get_result::<i64>(conn)?,
        users::table.count().get_result::<i64>(conn)? * 2,
        audit_log::table.count().get_result::<i64>(conn)? * 3
            + crisis_actions::table.count().get_result::<i64>(conn)?,
        reports::table.count().get_result::<i64>(conn)?,
    ];
    Ok(counts.iter().map(|&n| u64::try_from(n).unwrap_or(0)).sum())
}

/// Seals every private value still stored plain (a database from before this key existed) and
/// fills the blind indexes. Run at start, in the caller's transaction.
pub fn seal_existing(conn: &mut AnyConnection, key: &DataKey) -> QueryResult<usize> {
    let sealed = rewrite_all(
        conn,
        true,
        &|stored, column, row| {
            Ok((!DataKey::is_sealed(stored)).then(|| key.seal(stored, &context(column, row))))
        },
        &|_| {},
    )?;
    reindex(conn, key, true)?;
    Ok(sealed)
}

/// Moves every private value from `old` to `new` (and the blind indexes and the check with
/// them), in the caller's transaction: interrupted, nothing has changed.
pub fn rotate(
    conn: &mut AnyConnection,
    old: &DataKey,
    new: &DataKey,
    progress: &dyn Fn(u64),
) -> QueryResult<usize> {
    // Bodies first: their seal is bound to the recipient, still readable under the old key.
    let bodies = reseal_bodies(conn, &old.outbox_key(), &new.outbox_key(), &|stored, id| {
        old.open_stored(stored, RECIPIENT, id)
    })?;
    let moved = bodies
        + rewrite_all(
            conn,
            false,
            &|stored, column, row| {
                let plain = old.open_stored(stored, column, row)?;
                Ok(Some(new.seal(&plain, &context(column, row))))
            },
            progress,
        )?;
    reindex(conn, new, false)?;
    diesel::delete(data_key_check::table).execute(conn)?;
    check_key(conn, new).map_err(|e| match e {
        KeyMismatch::Database(e) => e,
        other => diesel::result::Error::QueryBuilderError(other.to_string().into()),
    })?;
    Ok(moved)
}

/// Moves outbox bodies sealed under `from` to `to` (others are left as they are); `recipient`
/// opens a stored recipient. Returns how many moved.
pub fn reseal_bodies(
    conn: &mut AnyConnection,
    from: &crate::secrets::OutboxKey,
    to: &crate::secrets::OutboxKey,
    recipient: &dyn Fn(&str, &str) -> QueryResult<String>,
) -> QueryResult<usize> {
    use super::outbox::{open_body, seal_body};
    let rows: Vec<(String, String, String)> = outbox::table
        .filter(outbox::body.ne(""))
        .select((outbox::id, outbox::recipient, outbox::body))
        .load(conn)?;
    let mut moved = 0;
    for (id, stored_recipient, body) in rows {
        let recipient = recipient(&stored_recipient, &id)?;
        if let Some(plain) = open_body(from, &id, &recipient, &body) {
            diesel::update(outbox::table.find(&id))
                .set(outbox::body.eq(seal_body(to, &id, &recipient, &plain)?))
                .execute(conn)?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// Computes the blind indexes of contact and account addresses under `key` (with
/// `only_missing`, of those that have none).
fn reindex(conn: &mut AnyConnection, key: &DataKey, only_missing: bool) -> QueryResult<()> {
    let mut contacts = organization_private::table
        .filter(organization_private::contact_email.is_not_null())
        .select((
            organization_private::organization_id,
            organization_private::contact_email,
        ))
        .into_boxed();
    if only_missing {
        contacts = contacts.filter(organization_private::contact_email_index.is_null());
    }
    let contacts: Vec<(String, Option<String>)> = contacts.load(conn)?;
    for (row, stored) in contacts {
        let index = match stored.as_deref().filter(|s| !s.is_empty()) {
            Some(stored) => Some(key.email_index(&key.open_stored(stored, CONTACT_EMAIL, &row)?)),
            None => None,
        };
        diesel::update(organization_private::table.find(&row))
            .set(organization_private::contact_email_index.eq(index))
            .execute(conn)?;
    }
    let mut accounts = users::table.select((users::id, users::email)).into_boxed();
    if only_missing {
        accounts = accounts.filter(users::email_index.is_null());
    }
    let accounts: Vec<(String, String)> = accounts.load(conn)?;
    for (row, stored) in accounts {
        let index = key.email_index(&key.open_stored(&stored, USER_EMAIL, &row)?);
        diesel::update(users::table.find(&row))
            .set(users::email_index.eq(Some(index)))
            .execute(conn)?;
    }
    Ok(())
}
