//! The `reports` table (migration 000017): visitors' reports of problems with entries. A row
//! holds what was reported and where it stands, never who reported; the visitor's words are
//! sealed under the data key.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::ReportSelection;
use shared::api::ReportState;
use shared::domain::{
    OrganizationId, OwnerAnswer, ReportId, ReportKind, ReportOutcome, ReportStatus,
};
use uuid::Uuid;

use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::{private_values, utc};
use crate::db::schema::{organizations, reports};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: ReportId,
    pub organization_id: OrganizationId,
    pub kind: ReportKind,
    pub duplicate_of: Option<OrganizationId>,
    /// Opened (plain) once read through this module.
    pub message: Option<String>,
    pub status: ReportStatus,
    pub hid_entry: bool,
    pub answer: Option<OwnerAnswer>,
    pub answered_at: Option<NaiveDateTime>,
    pub outcome: Option<ReportOutcome>,
    pub resolved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl ReportRow {
    /// The report's lifecycle; stored columns that do not fit are an error.
    pub fn state(&self) -> QueryResult<ReportState> {
        ReportState::from_stored(
            self.status,
            self.answer,
            self.answered_at.map(utc),
            self.outcome,
            self.resolved_at.map(utc),
        )
        .map_err(|e| {
            diesel::result::Error::DeserializationError(format!("{}: {e}", self.id).into())
        })
    }
}

/// What a new report stores.
pub struct NewReport<'a> {
    pub organization_id: OrganizationId,
    pub kind: ReportKind,
    pub duplicate_of: Option<OrganizationId>,
    pub message: Option<&'a str>,
    pub hid_entry: bool,
}

pub fn insert(
    conn: &mut AnyConnection,
    report: &NewReport<'_>,
    now: NaiveDateTime,
) -> QueryResult<ReportId> {
    let id = ReportId::from_uuid(Uuid::new_v4());
    diesel::insert_into(reports::table)
        .values((
            reports::id.eq(id),
            reports::organization_id.eq(report.organization_id),
            reports::kind.eq(report.kind),
            reports::duplicate_of.eq(report.duplicate_of),
            reports::message.eq(data_key::seal_optional(
                report.message,
                private_values::REPORT_MESSAGE,
                id,
            )?),
            reports::status.eq(ReportStatus::Open),
            reports::hid_entry.eq(report.hid_entry),
            reports::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

fn opened(mut row: ReportRow) -> QueryResult<ReportRow> {
    row.message = data_key::open_optional(
        row.message.as_deref(),
        private_values::REPORT_MESSAGE,
        row.id,
    )?;
    Ok(row)
}

fn opened_all(rows: Vec<ReportRow>) -> QueryResult<Vec<ReportRow>> {
    rows.into_iter().map(opened).collect()
}

pub fn find(conn: &mut AnyConnection, id: ReportId) -> QueryResult<Option<ReportRow>> {
    reports::table
        .find(id)
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?
        .map(opened)
        .transpose()
}

/// The moderators' queue: waiting reports (unsafe ones first, then oldest first), resolved ones
/// (newest first), or all (newest first), about entries in `countries` when given. At most
/// `limit`.
pub fn list(
    conn: &mut AnyConnection,
    selection: ReportSelection,
    countries: Option<&[String]>,
    limit: i64,
) -> QueryResult<Vec<ReportRow>> {
    let mut query = reports::table
        .select(ReportRow::as_select())
        .limit(limit)
        .into_boxed();
    if let Some(countries) = countries {
        query = query.filter(
            reports::organization_id.eq_any(
                organizations::table
                    .filter(organizations::country.eq_any(countries.to_vec()))
                    .select(organizations::id),
            ),
        );
    }
    let rows = match selection {
        ReportSelection::Waiting => {
            let mut rows: Vec<ReportRow> = query
                .filter(reports::status.ne(ReportStatus::Resolved))
                .order(reports::created_at.asc())
                .load(conn)?;
            // Stable: oldest first within each group.
            rows.sort_by_key(|r| r.kind != ReportKind::Unsafe);
            rows
        }
        ReportSelection::Resolved => query
            .filter(reports::status.eq(ReportStatus::Resolved))
            .order(reports::resolved_at.desc())
            .load(conn)?,
        ReportSelection::All => query.order(reports::created_at.desc()).load(conn)?,
    };
    opened_all(rows)
}

/// An entry's reports, newest first (only those not resolved yet with `waiting_only`).
pub fn for_organization(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    waiting_only: bool,
) -> QueryResult<Vec<ReportRow>> {
    let mut query = reports::table
        .filter(reports::organization_id.eq(organization_id))
        .select(ReportRow::as_select())
        .order(reports::created_at.desc())
        .limit(1000)
        .into_boxed();
    if waiting_only {
        query = query.filter(reports::status.ne(ReportStatus::Resolved));
    }
    opened_all(query.load(conn)?)
}

/// How many of an entry's reports (of one kind, if given) wait for a moderator, besides
/// `except`.
pub fn waiting_count(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    kind: Option<ReportKind>,
    except: Option<ReportId>,
) -> QueryResult<i64> {
    let mut query = reports::table
        .filter(reports::organization_id.eq(organization_id))
        .filter(reports::status.ne(ReportStatus::Resolved))
        .into_boxed();
    if let Some(kind) = kind {
        query = query.filter(reports::kind.eq(kind));
    }
    if let Some(except) = except {
        query = query.filter(reports::id.ne(except));
    }
    query.count().get_result(conn)
}

/// The owner answered: every open report of the entry is marked answered. Returns how many.
pub fn mark_answered(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    answer: OwnerAnswer,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        reports::table
            .filter(reports::organization_id.eq(organization_id))
            .filter(reports::status.eq(ReportStatus::Open)),
    )
    .set((
        reports::status.eq(ReportStatus::Answered),
        reports::answer.eq(Some(answer)),
        reports::answered_at.eq(Some(now)),
    ))
    .execute(conn)
}

/// Resolves a waiting report. Returns false when it was resolved already (someone decided
/// first).
pub fn resolve(
    conn: &mut AnyConnection,
    id: ReportId,
    outcome: ReportOutcome,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        reports::table
            .find(id)
            .filter(reports::status.ne(ReportStatus::Resolved)),
    )
    .set((
        reports::status.eq(ReportStatus::Resolved),
        reports::outcome.eq(Some(outcome)),
        reports::resolved_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
