//! Admin and moderator accounts, their refresh tokens and recovery codes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::auth::Role;
use shared::domain::UserId;
use uuid::Uuid;

use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::private_values;
use crate::db::schema::{invitations, login_throttle, recovery_codes, refresh_tokens, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub disabled: bool,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub totp_last_step: Option<i64>,
}

/// The password hash of an account created by invitation until the person chooses a password:
/// no password matches it.
pub const NO_PASSWORD: &str = "";

/// The row with its address and two-factor secret opened (both are stored sealed).
fn opened(mut row: UserRow) -> QueryResult<UserRow> {
    row.email = data_key::open(&row.email, private_values::USER_EMAIL, row.id)?;
    row.totp_secret = data_key::open_optional(
        row.totp_secret.as_deref(),
        private_values::TOTP_SECRET,
        row.id,
    )?;
    Ok(row)
}

/// The account of this address (found through its blind index).
pub fn by_email(conn: &mut AnyConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email_index.eq(data_key::email_index(email)?))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(opened)
        .transpose()
}

pub fn by_id(conn: &mut AnyConnection, id: UserId) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(opened)
        .transpose()
}

/// Every account, by address.
pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<UserRow>> {
    let mut rows = users::table
        .select(UserRow::as_select())
        .load(conn)?
        .into_iter()
        .map(opened)
        .collect::<QueryResult<Vec<_>>>()?;
    rows.sort_by(|a, b| a.email.cmp(&b.email));
    Ok(rows)
}

pub fn insert(
    conn: &mut AnyConnection,
    email: &str,
    password_hash: &str,
    role: Role,
    now: NaiveDateTime,
) -> QueryResult<UserId> {
    let id = UserId::from_uuid(Uuid::new_v4());
    let email = email.trim().to_lowercase();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(id),
            users::email.eq(data_key::seal(&email, private_values::USER_EMAIL, id)?),
            users::email_index.eq(data_key::email_index(&email)?),
            users::password_hash.eq(password_hash),
            users::role.eq(role),
            users::disabled.eq(false),
            users::totp_enabled.eq(false),
            users::session_epoch.eq(0),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Replaces the hash without ending sessions (a rehash at sign-in).
pub fn set_hash(conn: &mut AnyConnection, id: UserId, password_hash: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::password_hash.eq(password_hash))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of the user at their next request: access tokens carry the old epoch and
/// every refresh token is revoked.
pub fn end_sessions(conn: &mut AnyConnection, id: UserId, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::session_epoch.eq(users::session_epoch + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
    .map(|_| ())
}

pub fn set_role_and_disabled(
    conn: &mut AnyConnection,
    id: UserId,
    role: Role,
    disabled: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role),
            users::disabled.eq(disabled),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Removes two-factor sign-in altogether: the secret, the last code's step and every recovery
/// code.
pub fn reset_totp(conn: &mut AnyConnection, id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_secret.eq(None::<String>),
            users::totp_enabled.eq(false),
            users::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)?;
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(id)))
        .execute(conn)
        .map(|_| ())
}

pub fn set_totp(
    conn: &mut AnyConnection,
    id: UserId,
    secret: Option<&str>,
    enabled: bool,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_secret.eq(data_key::seal_optional(
                secret,
                private_values::TOTP_SECRET,
                id,
            )?),
            users::totp_enabled.eq(enabled),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshRow {
    pub id: String,
    pub user_id: UserId,
    pub family: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert_refresh(
    conn: &mut AnyConnection,
    user_id: UserId,
    hash: &str,
    family: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(Uuid::new_v4().to_string()),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::token_hash.eq(hash),
            refresh_tokens::family.eq(family),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find_refresh(conn: &mut AnyConnection, hash: &str) -> QueryResult<Option<RefreshRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a refresh token used; false if it already was (someone else used it first).
pub fn use_refresh(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}

/// Whether the sign-in `family` was revoked (a refresh token of it replayed, or signed out).
pub fn family_revoked(conn: &mut AnyConnection, family: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        refresh_tokens::table
            .filter(refresh_tokens::family.eq(family))
            .filter(refresh_tokens::revoked_at.is_not_null()),
    ))
    .get_result(conn)
}

pub fn revoke_family(
    conn: &mut AnyConnection,
    family: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)
    .map(|_| ())
}

pub fn replace_recovery_codes(
    conn: &mut AnyConnection,
    user_id: UserId,
    hashes: &[String],
) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::id.eq(Uuid::new_v4().to_string()),
                recovery_codes::user_id.eq(user_id),
                recovery_codes::code_hash.eq(hash),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses up a recovery code; false if it is unknown or was used.
pub fn use_recovery_code(
    conn: &mut AnyConnection,
    user_id: UserId,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user_id))
            .filter(recovery_codes::code_hash.eq(hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}

/// Records the time step of the one-time code just used.
pub fn set_totp_step(conn: &mut AnyConnection, id: UserId, step: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::totp_last_step.eq(Some(step)))
        .execute(conn)
        .map(|_| ())
}

/// Keeps an invitation's token (as its hash) until `expires_at`.
pub fn insert_invitation(
    conn: &mut AnyConnection,
    user_id: UserId,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(Uuid::new_v4().to_string()),
            invitations::user_id.eq(user_id),
            invitations::token_hash.eq(token_hash),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Uses up an invitation: the account it is for, or `None` when the token is unknown, used or
/// expired.
pub fn use_invitation(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<UserId>> {
    let found: Option<(String, UserId)> = invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select((invitations::id, invitations::user_id))
        .first(conn)
        .optional()?;
    let Some((id, user_id)) = found else {
        return Ok(None);
    };
    let used = diesel::update(
        invitations::table
            .find(&id)
            .filter(invitations::used_at.is_null()),
    )
    .set(invitations::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok((used == 1).then_some(user_id))
}

/// Forgets sign-in limits that are idle again (their arrival time has passed). Call in a write
/// transaction.
pub fn forget_idle_sign_in_limits(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        login_throttle::table
            .filter(login_throttle::not_before_ms.lt(now.and_utc().timestamp_millis())),
    )
    .execute(conn)
}
