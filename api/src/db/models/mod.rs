//! Rows, insert forms and queries, one file per table family. Functions take a plain
//! `&mut AnyConnection` so they run inside any transaction the caller opens.

pub mod audit;
pub mod call_to_action;
pub mod changes;
pub mod content;
pub mod crisis;
pub mod event;
pub mod form_token;
pub mod link_check;
pub mod organization;
pub mod outbox;
pub mod ownership;
pub mod private_values;
pub mod reference;
pub mod report;
pub mod resource;
pub mod user;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Reads a JSON list column; a malformed value reads as empty rather than failing a public page.
pub(crate) fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

pub(crate) fn to_json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// Records that public data changed, so every server's in-memory index reloads. Call once in
/// every write transaction that touches organisations, their focus areas, resources,
/// partnerships, categories, focus areas or what the public sees of events.
pub fn mark_changed(conn: &mut crate::db::AnyConnection) -> diesel::QueryResult<()> {
    use crate::db::schema::data_version::dsl::{data_version, version};
    use diesel::prelude::*;
    diesel::update(data_version)
        .set(version.eq(version + 1))
        .execute(conn)
        .map(|_| ())
}

/// The current data version (see [`mark_changed`]).
pub fn data_version(conn: &mut crate::db::AnyConnection) -> diesel::QueryResult<i64> {
    use crate::db::schema::data_version::dsl::{data_version, version};
    use diesel::prelude::*;
    data_version.select(version).first(conn)
}

pub(crate) fn utc(naive: NaiveDateTime) -> DateTime<Utc> {
    naive.and_utc()
}

/// Current time truncated to microseconds, the precision both backends store.
pub fn now() -> NaiveDateTime {
    use chrono::Timelike;
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000)
        .unwrap_or(now)
}
