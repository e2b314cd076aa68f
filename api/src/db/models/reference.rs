//! Categories, focus areas, countries and partnerships: the small lists around organisations.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::{
    Category, CountryCount, FocusArea, LocalizedNames, OrganizationRef, Partnership,
};
use shared::domain::{OrganizationId, Origin, PartnershipId, Status};
use uuid::Uuid;

use super::utc;
use crate::db::AnyConnection;
use crate::db::schema::{categories, focus_areas, organizations, partnerships};

#[derive(Queryable, Selectable)]
#[diesel(table_name = categories)]
struct CategoryRow {
    key: String,
    colour: String,
    icon: String,
    name_en: String,
    name_ar: String,
    name_fr: String,
    name_es: String,
    featured: bool,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = focus_areas)]
struct FocusAreaRow {
    key: String,
    name_en: String,
    name_ar: String,
    name_fr: String,
    name_es: String,
}

/// Categories in display order with the given counts of published organisations.
pub fn categories(
    conn: &mut AnyConnection,
    counts: &HashMap<String, i64>,
) -> QueryResult<Vec<Category>> {
    let rows: Vec<CategoryRow> = categories::table
        .order(categories::position)
        .select(CategoryRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Category {
            count: counts.get(&r.key).copied().unwrap_or(0),
            key: r.key,
            colour: r.colour,
            icon: r.icon,
            names: LocalizedNames {
                en: r.name_en,
                ar: r.name_ar,
                fr: r.name_fr,
                es: r.name_es,
            },
            featured: r.featured,
        })
        .collect())
}

/// Focus areas in display order with the given counts of published organisations.
pub fn focus_areas(
    conn: &mut AnyConnection,
    counts: &HashMap<String, i64>,
) -> QueryResult<Vec<FocusArea>> {
    let rows: Vec<FocusAreaRow> = focus_areas::table
        .order(focus_areas::position)
        .select(FocusAreaRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| FocusArea {
            count: counts.get(&r.key).copied().unwrap_or(0),
            key: r.key,
            names: LocalizedNames {
                en: r.name_en,
                ar: r.name_ar,
                fr: r.name_fr,
                es: r.name_es,
            },
        })
        .collect())
}

/// Countries with at least one published organisation, most organisations first.
pub fn countries(counts: &HashMap<String, i64>) -> Vec<CountryCount> {
    let mut countries: Vec<CountryCount> = counts
        .iter()
        .map(|(code, &count)| CountryCount {
            name: shared::countries::find(code).map_or_else(String::new, |c| c.name.to_owned()),
            code: code.clone(),
            count,
        })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    countries
}

/// Short references to the published organisations among `ids`, keyed by id.
pub fn published_refs(
    conn: &mut AnyConnection,
    ids: &[OrganizationId],
) -> QueryResult<HashMap<OrganizationId, OrganizationRef>> {
    let mut refs = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(OrganizationId, String, String, String, String, f64, f64)> =
            organizations::table
                .filter(organizations::id.eq_any(chunk))
                .filter(organizations::status.eq(Status::Published))
                .select((
                    organizations::id,
                    organizations::slug,
                    organizations::name,
                    organizations::city,
                    organizations::country,
                    organizations::latitude,
                    organizations::longitude,
                ))
                .load(conn)?;
        for (id, slug, name, city, country, latitude, longitude) in rows {
            let reference = OrganizationRef {
                id,
                slug,
                name,
                city,
                country,
                location: shared::api::GeoPoint {
                    latitude,
                    longitude,
                },
            };
            refs.insert(id, reference);
        }
    }
    Ok(refs)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = partnerships)]
struct PartnershipRow {
    id: PartnershipId,
    global_organization_id: OrganizationId,
    jerusalem_organization_id: OrganizationId,
    description: String,
    created_at: NaiveDateTime,
}

/// Published partnerships whose two organisations are both published.
pub fn published_partnerships(conn: &mut AnyConnection) -> QueryResult<Vec<Partnership>> {
    let rows: Vec<PartnershipRow> = partnerships::table
        .filter(partnerships::status.eq(Status::Published))
        .order(partnerships::created_at.desc())
        .select(PartnershipRow::as_select())
        .load(conn)?;
    let ids: Vec<OrganizationId> = rows
        .iter()
        .flat_map(|r| [r.global_organization_id, r.jerusalem_organization_id])
        .collect();
    let refs = published_refs(conn, &ids)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Partnership {
                id: r.id,
                global_organization: refs.get(&r.global_organization_id)?.clone(),
                jerusalem_organization: refs.get(&r.jerusalem_organization_id)?.clone(),
                description: r.description,
                created_at: utc(r.created_at),
            })
        })
        .collect())
}

/// The global and the Jerusalem organisation of the published partnership `id`.
pub fn published_partnership_organizations(
    conn: &mut AnyConnection,
    id: PartnershipId,
) -> QueryResult<Option<[OrganizationId; 2]>> {
    partnerships::table
        .filter(partnerships::id.eq(id))
        .filter(partnerships::status.eq(Status::Published))
        .select((
            partnerships::global_organization_id,
            partnerships::jerusalem_organization_id,
        ))
        .first::<(OrganizationId, OrganizationId)>(conn)
        .optional()
        .map(|found| found.map(|(global, jerusalem)| [global, jerusalem]))
}

/// Twins two organisations (used by the demo data and, later, by moderators).
pub fn insert_partnership(
    conn: &mut AnyConnection,
    global_id: OrganizationId,
    jerusalem_id: OrganizationId,
    description: &str,
    origin: Origin,
    at: NaiveDateTime,
) -> QueryResult<PartnershipId> {
    let id = PartnershipId::from_uuid(Uuid::new_v4());
    diesel::insert_into(partnerships::table)
        .values((
            partnerships::id.eq(id),
            partnerships::global_organization_id.eq(global_id),
            partnerships::jerusalem_organization_id.eq(jerusalem_id),
            partnerships::description.eq(description),
            partnerships::status.eq(Status::Published),
            partnerships::origin.eq(origin),
            partnerships::created_at.eq(at),
            partnerships::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn delete_partnerships_by_origin(
    conn: &mut AnyConnection,
    origin: Origin,
) -> QueryResult<usize> {
    diesel::delete(partnerships::table.filter(partnerships::origin.eq(origin))).execute(conn)
}
