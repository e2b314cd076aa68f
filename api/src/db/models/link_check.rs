//! The `link_checks` table (migration 000016): one row per URL that an entry or a resource
//! links to, with what its last check found.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::domain::{LinkOutcome, Status};

use crate::db::AnyConnection;
use crate::db::schema::{link_checks, organizations, resources};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = link_checks)]
#[diesel(treat_none_as_null = true)]
pub struct LinkCheckRow {
    pub url: String,
    pub next_check_at: NaiveDateTime,
    pub checked_at: Option<NaiveDateTime>,
    pub outcome: Option<LinkOutcome>,
    pub http_status: Option<i32>,
    pub failures: i32,
    pub counted_failure_at: Option<NaiveDateTime>,
    pub dead: bool,
}

impl LinkCheckRow {
    /// A link never checked, due at `at`.
    pub fn new(url: String, at: NaiveDateTime) -> Self {
        Self {
            url,
            next_check_at: at,
            checked_at: None,
            outcome: None,
            http_status: None,
            failures: 0,
            counted_failure_at: None,
            dead: false,
        }
    }
}

/// Every URL a published organisation (website and links) or a published resource gives.
pub fn links_in_use(conn: &mut AnyConnection) -> QueryResult<HashSet<String>> {
    let rows: Vec<(Option<String>, String)> = organizations::table
        .filter(organizations::status.eq(Status::Published))
        .select((organizations::website, organizations::links))
        .load(conn)?;
    let mut urls = HashSet::new();
    for (website, links) in rows {
        urls.extend(website);
        urls.extend(super::json_list(&links));
    }
    urls.extend(
        resources::table
            .filter(resources::status.eq(Status::Published))
            .select(resources::url)
            .load::<String>(conn)?,
    );
    urls.retain(|url| !url.trim().is_empty());
    Ok(urls)
}

/// Every URL with a row.
pub fn known(conn: &mut AnyConnection) -> QueryResult<HashSet<String>> {
    Ok(link_checks::table
        .select(link_checks::url)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

pub fn insert(conn: &mut AnyConnection, rows: &[LinkCheckRow]) -> QueryResult<usize> {
    // One row at a time: diesel's multi-backend connection has no batch insert.
    let mut written = 0;
    for row in rows {
        written += diesel::insert_into(link_checks::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(written)
}

pub fn delete(conn: &mut AnyConnection, urls: &[String]) -> QueryResult<usize> {
    let mut deleted = 0;
    for chunk in urls.chunks(500) {
        deleted += diesel::delete(link_checks::table.filter(link_checks::url.eq_any(chunk)))
            .execute(conn)?;
    }
    Ok(deleted)
}

/// The links due for a check at `now`, the longest waiting first.
pub fn due(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<LinkCheckRow>> {
    link_checks::table
        .filter(link_checks::next_check_at.le(now))
        .order((link_checks::next_check_at, link_checks::url))
        .limit(limit)
        .select(LinkCheckRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut AnyConnection, url: &str) -> QueryResult<Option<LinkCheckRow>> {
    link_checks::table
        .find(url)
        .select(LinkCheckRow::as_select())
        .first(conn)
        .optional()
}

pub fn save(conn: &mut AnyConnection, row: &LinkCheckRow) -> QueryResult<usize> {
    diesel::update(link_checks::table.find(&row.url))
        .set(row)
        .execute(conn)
}

/// Links whose last check failed, dead ones first.
pub fn failing(conn: &mut AnyConnection) -> QueryResult<Vec<LinkCheckRow>> {
    link_checks::table
        .filter(link_checks::outcome.ne(LinkOutcome::Ok))
        .order((link_checks::dead.desc(), link_checks::url))
        .select(LinkCheckRow::as_select())
        .load(conn)
}

/// The dead links: left out of every public answer.
pub fn dead(conn: &mut AnyConnection) -> QueryResult<HashSet<String>> {
    Ok(link_checks::table
        .filter(link_checks::dead.eq(true))
        .select(link_checks::url)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// `url` inside a JSON list column, as a `LIKE` pattern (its own `%`, `_` and `\` escaped).
fn in_json_list(url: &str) -> String {
    let quoted = super::to_json_list(&[url.to_owned()]);
    let inner = quoted.trim_start_matches('[').trim_end_matches(']');
    let escaped = inner
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Organisations whose website is `url` or whose links include it.
fn gives(
    url: &str,
) -> diesel::dsl::Or<
    diesel::dsl::Eq<organizations::website, String>,
    diesel::dsl::Escape<diesel::dsl::Like<organizations::links, String>>,
> {
    organizations::website
        .eq(url.to_owned())
        .or(organizations::links.like(in_json_list(url)).escape('\\'))
}

/// The ids and names of the organisations whose website or links include `url`.
pub fn organizations_using(
    conn: &mut AnyConnection,
    url: &str,
    countries: Option<&[String]>,
) -> QueryResult<Vec<(shared::domain::OrganizationId, String)>> {
    let mut query = organizations::table
        .filter(gives(url))
        .select((organizations::id, organizations::name))
        .order(organizations::name)
        .into_boxed();
    if let Some(countries) = countries {
        query = query.filter(organizations::country.eq_any(countries.to_vec()));
    }
    query.load(conn)
}

/// The ids and titles of the resources at `url`.
pub fn resources_using(
    conn: &mut AnyConnection,
    url: &str,
) -> QueryResult<Vec<(shared::domain::ResourceId, String)>> {
    resources::table
        .filter(resources::url.eq(url))
        .select((resources::id, resources::title))
        .order(resources::title)
        .load(conn)
}

/// Makes the public index read again the organisations that use `url` (the change-log
/// triggers fire on any update; nothing about them changes).
pub fn touch_organizations_using(conn: &mut AnyConnection, url: &str) -> QueryResult<usize> {
    diesel::update(organizations::table.filter(gives(url)))
        .set(organizations::website.eq(organizations::website))
        .execute(conn)
}
