//! Freshness for admins (issue #18): published entries counted by how long ago a person last
//! confirmed them, in all, per country and per category (as JSON and CSV), and the "still
//! active?" reminder sent again, in bulk, to the groups of a selection of them.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::json;
use shared::api::ConfirmationAge;
use shared::api::admin::{
    AgeCounts, FreshnessFigures, FreshnessRow, REMINDER_INTERVAL_DAYS, ReminderReport,
    ReminderSelection,
};
use shared::domain::{OrganizationId, Origin, Status};
use uuid::Uuid;

use crate::config::JoinSettings;
use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::audit::{self, Actor};
use crate::db::models::{outbox, ownership, private_values, utc};
use crate::db::schema::{categories, organization_private, organizations};
use crate::error::ApiError;
use crate::mail;
use crate::services::moderation::Scope;

/// What the figures need of one published entry.
type AgeRow = (String, String, NaiveDateTime, NaiveDateTime, Origin);

/// An entry imported and not confirmed by a person since: its confirmation is still the
/// moment it was loaded (every confirmation moves `last_confirmed_at` past `created_at`).
fn never_confirmed(origin: Origin, created: NaiveDateTime, confirmed: NaiveDateTime) -> bool {
    origin == Origin::Import && confirmed <= created
}

fn age_of(
    origin: Origin,
    created: NaiveDateTime,
    confirmed: NaiveDateTime,
    now: DateTime<Utc>,
) -> ConfirmationAge {
    ConfirmationAge::of(
        utc(confirmed),
        never_confirmed(origin, created, confirmed),
        now,
    )
}

/// Published entries in `scope` by confirmation age: in all, per country and per category
/// (each sorted by its key).
pub fn figures(
    conn: &mut AnyConnection,
    scope: &Scope,
    now: DateTime<Utc>,
) -> QueryResult<FreshnessFigures> {
    let mut query = organizations::table
        .filter(organizations::status.eq(Status::Published))
        .into_boxed();
    if let Some(countries) = scope.codes() {
        query = query.filter(organizations::country.eq_any(countries));
    }
    let rows: Vec<AgeRow> = query
        .select((
            organizations::country,
            organizations::category_key,
            organizations::last_confirmed_at,
            organizations::created_at,
            organizations::origin,
        ))
        .load(conn)?;
    let mut total = AgeCounts::default();
    let mut by_country: BTreeMap<String, AgeCounts> = BTreeMap::new();
    let mut by_category: BTreeMap<String, AgeCounts> = BTreeMap::new();
    for (country, category, confirmed, created, origin) in rows {
        let age = age_of(origin, created, confirmed, now);
        total.add(age);
        by_country.entry(country).or_default().add(age);
        by_category.entry(category).or_default().add(age);
    }
    let listed = |map: BTreeMap<String, AgeCounts>| {
        map.into_iter()
            .map(|(key, counts)| FreshnessRow { key, counts })
            .collect()
    };
    Ok(FreshnessFigures {
        counted_at: now,
        total,
        by_country: listed(by_country),
        by_category: listed(by_category),
    })
}

/// The CSV's columns: which breakdown a row belongs to (`total`, `country` or `category`), its
/// key and English name, then the counts.
pub const CSV_COLUMNS: [&str; 8] = [
    "breakdown",
    "key",
    "name",
    "under_6_months",
    "from_6_to_12_months",
    "over_12_months",
    "never_confirmed",
    "total",
];

/// The figures as a CSV file: a total row, then one per country and one per category. Names
/// (category names are typed by admins) are defused as the exports' are.
pub fn csv(conn: &mut AnyConnection, figures: &FreshnessFigures) -> Result<Vec<u8>, ApiError> {
    let category_names: BTreeMap<String, String> = categories::table
        .select((categories::key, categories::name_en))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let record = |breakdown: &str, key: &str, name: &str, counts: &AgeCounts| {
        let mut row = vec![
            breakdown.to_owned(),
            super::transfer::defuse_formulas(key),
            super::transfer::defuse_formulas(name),
        ];
        row.extend(
            ConfirmationAge::ALL
                .iter()
                .map(|age| counts.get(*age).to_string()),
        );
        row.push(counts.total.to_string());
        row
    };
    let mut rows = vec![record("total", "", "", &figures.total)];
    rows.extend(figures.by_country.iter().map(|row| {
        let name = shared::countries::find(&row.key).map_or("", |c| c.name);
        record("country", &row.key, name, &row.counts)
    }));
    rows.extend(figures.by_category.iter().map(|row| {
        let name = category_names.get(&row.key).map_or("", String::as_str);
        record("category", &row.key, name, &row.counts)
    }));
    super::transfer::write_csv(&CSV_COLUMNS, rows.into_iter())
}

/// The date the reminder asks the group to confirm by: when consent runs out, and never a day
/// already past (an entry without an owner link is not hidden then, and one with is reminded
/// before), at the earliest the reminder lead from now.
fn confirm_by(settings: &JoinSettings, confirmed: NaiveDateTime, now: NaiveDateTime) -> String {
    let period =
        chrono::Duration::from_std(settings.consent_period).unwrap_or(chrono::Duration::days(365));
    let lead =
        chrono::Duration::from_std(settings.reminder_lead).unwrap_or(chrono::Duration::days(30));
    (confirmed + period)
        .max(now + lead)
        .format("%Y-%m-%d")
        .to_string()
}

type ReminderRow = (
    OrganizationId,
    String,
    NaiveDateTime,
    NaiveDateTime,
    Origin,
    Option<String>,
    String,
    Option<NaiveDateTime>,
);

/// Queues the "still active?" reminder (the maintenance pass's own e-mail) to the group of
/// every published entry in the selection that has a contact address and was not reminded in
/// the last [`REMINDER_INTERVAL_DAYS`] days; records when it went, and the action in the audit
/// log. All in one transaction. Only entries in `scope`: a country outside it is `403`.
pub fn send_reminders<'a>(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    actor: impl Into<Actor<'a>>,
    scope: &Scope,
    selection: &ReminderSelection,
    now: NaiveDateTime,
) -> Result<ReminderReport, ApiError> {
    if let Some(country) = &selection.country
        && !scope.allows(&country.to_string())
    {
        return Err(super::moderation::outside_scope());
    }
    let actor = actor.into();
    let since = now - chrono::Duration::days(REMINDER_INTERVAL_DAYS);
    crate::db::write_transaction(conn, |conn| {
        let mut query = organizations::table
            .inner_join(organization_private::table)
            .filter(organizations::status.eq(Status::Published))
            .into_boxed();
        if let Some(country) = &selection.country {
            query = query.filter(organizations::country.eq(country.to_string()));
        }
        if let Some(countries) = scope.codes() {
            query = query.filter(organizations::country.eq_any(countries));
        }
        if let Some(category) = &selection.category {
            query = query.filter(organizations::category_key.eq(category.to_string()));
        }
        let rows: Vec<ReminderRow> = query
            .select((
                organizations::id,
                organizations::name,
                organizations::last_confirmed_at,
                organizations::created_at,
                organizations::origin,
                organization_private::contact_email,
                organization_private::language,
                organization_private::reminded_at,
            ))
            .order(organizations::id)
            .load(conn)?;
        let mut report = ReminderReport::default();
        for (id, name, confirmed, created, origin, email, language, reminded_at) in rows {
            if age_of(origin, created, confirmed, utc(now)) != selection.age {
                continue;
            }
            report.matched += 1;
            let Some(sealed) = email else {
                report.skipped_without_address += 1;
                continue;
            };
            if reminded_at.is_some_and(|at| at > since) {
                report.skipped_reminded_recently += 1;
                continue;
            }
            let email = data_key::open(&sealed, private_values::CONTACT_EMAIL, id)?;
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::reminder(
                    &email,
                    mail::language(&language),
                    &name,
                    &confirm_by(settings, confirmed, now),
                    &settings.public_url,
                ),
                now,
            )?;
            ownership::mark_reminded_again(conn, id, now)?;
            report.queued += 1;
        }
        audit::record(
            conn,
            actor,
            "send_reminders",
            "freshness",
            Uuid::new_v4(),
            None,
            Some(json!({
                "age": selection.age,
                "country": selection.country.as_ref().map(ToString::to_string),
                "category": selection.category.as_ref().map(ToString::to_string),
                "report": report,
            })),
        )?;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap_or_default()
    }

    #[test]
    fn only_an_import_nobody_confirmed_since_counts_as_never_confirmed() {
        let created = at("2026-01-01 10:00");
        assert!(never_confirmed(Origin::Import, created, created));
        assert!(!never_confirmed(
            Origin::Import,
            created,
            at("2026-02-01 10:00")
        ));
        assert!(!never_confirmed(Origin::Submission, created, created));
        assert!(!never_confirmed(Origin::Admin, created, created));
    }

    #[test]
    fn the_date_to_confirm_by_is_never_past() {
        let settings =
            crate::config::Settings::for_database(crate::db::DatabaseUrl::Sqlite("x".into())).join;
        let now = at("2026-12-03 12:00");
        // Confirmed 200 days ago: consent runs out in 165 days.
        assert_eq!(
            confirm_by(&settings, now - chrono::Duration::days(200), now),
            "2027-05-17"
        );
        // Confirmed 400 days ago: the lead (30 days) from now.
        assert_eq!(
            confirm_by(&settings, now - chrono::Duration::days(400), now),
            "2027-01-02"
        );
    }
}
