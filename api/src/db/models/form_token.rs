//! Form tokens already used: each token allows one submission or message
//! ([`crate::secrets::FormKey`]). Only the token's hash is kept, until the token expires.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::spent_form_tokens;
use crate::secrets::UsableFormToken;

/// Records the token as used; `false` when it was used already (nothing is written then). Call
/// it in the write transaction of what the token allows: that transaction's lock makes the
/// check and the insert one step, and a refused write leaves the token usable.
pub fn spend(conn: &mut AnyConnection, token: &UsableFormToken) -> QueryResult<bool> {
    let used = spent_form_tokens::table
        .find(&token.hash)
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if used {
        return Ok(false);
    }
    let expires_at: NaiveDateTime = DateTime::<Utc>::from(token.expires_at).naive_utc();
    diesel::insert_into(spent_form_tokens::table)
        .values((
            spent_form_tokens::token_hash.eq(&token.hash),
            spent_form_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Forgets tokens that expired (they are refused as expired anyway). Returns how many.
pub fn prune(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(spent_form_tokens::table.filter(spent_form_tokens::expires_at.lt(now)))
        .execute(conn)
}
