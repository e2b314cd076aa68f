//! Organisations: the public row, filtered listing with keyset pagination, lookup, and inserts.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::{EntryText, GeoPoint, Organization};
use shared::domain::{OrganizationId, Origin, Precision, Slug, Status};
use shared::i18n::Lang;

use super::{json_list, to_json_list, utc};
use crate::db::AnyConnection;
use crate::db::schema::{
    categories, focus_areas, organization_focus_areas, organization_private, organizations,
};
use crate::per_backend;

/// The public columns of an organisation; private ones are in another table and the search
/// column is not needed to answer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct PublicOrganizationRow {
    pub id: OrganizationId,
    pub slug: String,
    pub name: String,
    pub name_ar: Option<String>,
    pub category_key: String,
    pub description: String,
    pub city: String,
    pub country: String,
    pub latitude: f64,
    pub longitude: f64,
    pub precision: Precision,
    pub website: Option<String>,
    pub links: String,
    pub languages: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_confirmed_at: NaiveDateTime,
    pub original_language: Option<String>,
    pub translations: String,
}

/// The stored translations (JSON), read leniently: a value we cannot read is no translation.
pub fn translations_from_json(json: &str) -> BTreeMap<Lang, EntryText> {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn translations_to_json(translations: &BTreeMap<Lang, EntryText>) -> String {
    serde_json::to_string(translations).unwrap_or_else(|_| "{}".to_owned())
}

/// The stored original language and translations (without the Arabic name) of one entry.
pub fn stored_translations(
    conn: &mut AnyConnection,
    id: OrganizationId,
) -> QueryResult<(Option<Lang>, BTreeMap<Lang, EntryText>)> {
    let (original, translations): (Option<String>, String) = organizations::table
        .find(id)
        .select((
            organizations::original_language,
            organizations::translations,
        ))
        .first(conn)?;
    Ok((
        original.as_deref().and_then(Lang::parse),
        translations_from_json(&translations),
    ))
}

impl PublicOrganizationRow {
    fn into_wire(self, focus_areas: Vec<String>) -> Organization {
        let translations = translations_from_json(&self.translations);
        Organization {
            original_language: self.original_language.as_deref().and_then(Lang::parse),
            translations,
            id: self.id,
            featured: self.category_key == JERUSALEM_CATEGORY,
            slug: self.slug,
            name: self.name,
            name_ar: self.name_ar,
            category: self.category_key,
            description: self.description,
            city_ar: crate::cities::arabic_name(&self.city, &self.country),
            city: self.city,
            country: self.country,
            location: GeoPoint {
                latitude: self.latitude,
                longitude: self.longitude,
            },
            precision: self.precision,
            website: self.website,
            links: json_list(&self.links),
            languages: json_list(&self.languages),
            focus_areas,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            last_confirmed_at: utc(self.last_confirmed_at),
        }
    }
}

/// The featured category: Jerusalem grassroots organisations.
pub const JERUSALEM_CATEGORY: &str = "jerusalem_grassroots";

/// Every category key and focus area key.
pub fn known_keys(conn: &mut AnyConnection) -> QueryResult<(Vec<String>, Vec<String>)> {
    let categories = categories::table
        .select(categories::key)
        .order(categories::key)
        .load(conn)?;
    let focus = focus_areas::table
        .select(focus_areas::key)
        .order(focus_areas::key)
        .load(conn)?;
    Ok((categories, focus))
}

/// Groups (organisation id, focus area key) pairs by organisation.
fn focus_by_organization(
    pairs: Vec<(OrganizationId, String)>,
) -> HashMap<OrganizationId, Vec<String>> {
    let mut by_org: HashMap<OrganizationId, Vec<String>> = HashMap::new();
    for (id, key) in pairs {
        by_org.entry(id).or_default().push(key);
    }
    by_org
}

/// Attaches each row's focus area keys with one query for the whole page.
fn with_focus_areas(
    conn: &mut AnyConnection,
    rows: Vec<PublicOrganizationRow>,
) -> QueryResult<Vec<Organization>> {
    let ids: Vec<OrganizationId> = rows.iter().map(|r| r.id).collect();
    let pairs: Vec<(OrganizationId, String)> = if ids.is_empty() {
        Vec::new()
    } else {
        organization_focus_areas::table
            .filter(organization_focus_areas::organization_id.eq_any(ids))
            .select((
                organization_focus_areas::organization_id,
                organization_focus_areas::focus_area_key,
            ))
            .order((
                organization_focus_areas::organization_id,
                organization_focus_areas::focus_area_key,
            ))
            .load(conn)?
    };
    let mut by_org = focus_by_organization(pairs);
    Ok(rows
        .into_iter()
        .map(|row| {
            let keys = by_org.remove(&row.id).unwrap_or_default();
            row.into_wire(keys)
        })
        .collect())
}

/// A published organisation with the text its free-text search runs on.
pub struct SearchableOrganization {
    pub organization: Organization,
    pub search_text: String,
}

/// Every published organisation, for the in-memory index. Two queries whatever the count: the
/// rows, then every (organisation, focus area) pair of published organisations.
pub fn all_published_searchable(
    conn: &mut AnyConnection,
) -> QueryResult<Vec<SearchableOrganization>> {
    let rows: Vec<(PublicOrganizationRow, String)> = organizations::table
        .filter(organizations::status.eq(Status::Published))
        .select((
            PublicOrganizationRow::as_select(),
            organizations::search_text,
        ))
        .load(conn)?;
    let pairs: Vec<(OrganizationId, String)> = organization_focus_areas::table
        .inner_join(organizations::table)
        .filter(organizations::status.eq(Status::Published))
        .select((
            organization_focus_areas::organization_id,
            organization_focus_areas::focus_area_key,
        ))
        .order((
            organization_focus_areas::organization_id,
            organization_focus_areas::focus_area_key,
        ))
        .load(conn)?;
    let dead = super::link_check::dead(conn)?;
    Ok(searchable(rows, pairs, &dead))
}

/// The published organisations among `ids`, for an incremental refresh of the index.
pub fn published_searchable_by_ids(
    conn: &mut AnyConnection,
    ids: &[OrganizationId],
) -> QueryResult<Vec<SearchableOrganization>> {
    let mut out = Vec::with_capacity(ids.len());
    let dead = super::link_check::dead(conn)?;
    for chunk in ids.chunks(500) {
        let rows: Vec<(PublicOrganizationRow, String)> = organizations::table
            .filter(organizations::status.eq(Status::Published))
            .filter(organizations::id.eq_any(chunk))
            .select((
                PublicOrganizationRow::as_select(),
                organizations::search_text,
            ))
            .load(conn)?;
        let pairs: Vec<(OrganizationId, String)> = organization_focus_areas::table
            .filter(organization_focus_areas::organization_id.eq_any(chunk))
            .select((
                organization_focus_areas::organization_id,
                organization_focus_areas::focus_area_key,
            ))
            .order((
                organization_focus_areas::organization_id,
                organization_focus_areas::focus_area_key,
            ))
            .load(conn)?;
        out.extend(searchable(rows, pairs, &dead));
    }
    Ok(out)
}

/// The public records: focus areas attached, dead links (see `services::link_checks`) left out.
fn searchable(
    rows: Vec<(PublicOrganizationRow, String)>,
    pairs: Vec<(OrganizationId, String)>,
    dead_links: &std::collections::HashSet<String>,
) -> Vec<SearchableOrganization> {
    let mut by_org = focus_by_organization(pairs);
    rows.into_iter()
        .map(|(row, search_text)| {
            let keys = by_org.remove(&row.id).unwrap_or_default();
            let mut organization = row.into_wire(keys);
            organization.website = organization
                .website
                .filter(|site| !dead_links.contains(site));
            organization.links.retain(|link| !dead_links.contains(link));
            SearchableOrganization {
                organization,
                search_text,
            }
        })
        .collect()
}

/// Everything needed to store a new organisation, already validated.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub id: OrganizationId,
    pub slug: Slug,
    pub name: String,
    pub name_ar: Option<String>,
    pub category: String,
    pub description: String,
    pub city: String,
    pub country: String,
    pub latitude: f64,
    pub longitude: f64,
    pub precision: Precision,
    pub website: Option<String>,
    pub links: Vec<String>,
    pub languages: Vec<String>,
    pub focus_areas: Vec<String>,
    pub original_language: Option<Lang>,
    /// Everything but the Arabic name, which is `name_ar`.
    pub translations: BTreeMap<Lang, EntryText>,
    pub status: Status,
    pub origin: Origin,
    pub contact_email: Option<String>,
    pub internal_notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_confirmed_at: NaiveDateTime,
}

impl NewOrganization {
    pub fn search_text(&self) -> String {
        let city_ar = crate::cities::arabic_name(&self.city, &self.country).unwrap_or_default();
        let translated: Vec<&str> = self
            .translations
            .values()
            .flat_map(|t| [t.name.as_str(), t.description.as_str()])
            .collect();
        shared::text::normalize_for_search(&format!(
            "{} {} {} {} {} {}",
            self.name,
            self.name_ar.as_deref().unwrap_or(""),
            self.description,
            self.city,
            city_ar,
            translated.join(" ")
        ))
    }
}

#[derive(Insertable)]
#[diesel(table_name = organizations)]
struct OrganizationInsert<'a> {
    id: OrganizationId,
    slug: &'a str,
    name: &'a str,
    name_ar: Option<&'a str>,
    category_key: &'a str,
    description: &'a str,
    city: &'a str,
    country: &'a str,
    latitude: f64,
    longitude: f64,
    precision: Precision,
    website: Option<&'a str>,
    links: String,
    languages: String,
    status: Status,
    origin: Origin,
    search_text: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    last_confirmed_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
    original_language: Option<&'a str>,
    translations: String,
}

/// Inserts the organisation, its focus areas and its private fields. Call inside a transaction
/// so the three land together.
pub fn insert(conn: &mut AnyConnection, org: &NewOrganization) -> QueryResult<()> {
    insert_many(conn, std::slice::from_ref(org))
}

/// Rows per multi-row INSERT: 21 columns x 200 stays far below both backends' bind limits.
const BATCH: usize = 200;

/// [`insert`] for many organisations, with multi-row statements (bulk loads and imports).
pub fn insert_many(conn: &mut AnyConnection, orgs: &[NewOrganization]) -> QueryResult<()> {
    for chunk in orgs.chunks(BATCH) {
        let rows: Vec<OrganizationInsert<'_>> = chunk
            .iter()
            .map(|org| OrganizationInsert {
                id: org.id,
                slug: org.slug.as_str(),
                name: &org.name,
                name_ar: org.name_ar.as_deref(),
                category_key: &org.category,
                description: &org.description,
                city: &org.city,
                country: &org.country,
                latitude: org.latitude,
                longitude: org.longitude,
                precision: org.precision,
                website: org.website.as_deref(),
                links: to_json_list(&org.links),
                languages: to_json_list(&org.languages),
                status: org.status,
                origin: org.origin,
                search_text: org.search_text(),
                created_at: org.created_at,
                updated_at: org.updated_at,
                last_confirmed_at: org.last_confirmed_at,
                published_at: (org.status == Status::Published).then_some(org.updated_at),
                original_language: org.original_language.map(Lang::code),
                translations: translations_to_json(&org.translations),
            })
            .collect();
        per_backend!(conn, |c| diesel::insert_into(organizations::table)
            .values(&rows)
            .execute(c))?;
        let focus: Vec<_> = chunk
            .iter()
            .flat_map(|org| {
                org.focus_areas.iter().map(move |key| {
                    (
                        organization_focus_areas::organization_id.eq(org.id),
                        organization_focus_areas::focus_area_key.eq(key),
                    )
                })
            })
            .collect();
        if !focus.is_empty() {
            per_backend!(conn, |c| diesel::insert_into(
                organization_focus_areas::table
            )
            .values(&focus)
            .execute(c))?;
        }
        let private = chunk
            .iter()
            .map(|org| {
                let id = org.id;
                let (email, email_index) =
                    super::ownership::sealed_contact(id, org.contact_email.as_deref())?;
                Ok((
                    organization_private::organization_id.eq(org.id),
                    organization_private::contact_email.eq(email),
                    organization_private::contact_email_index.eq(email_index),
                    organization_private::internal_notes.eq(crate::data_key::seal(
                        &org.internal_notes,
                        super::private_values::INTERNAL_NOTES,
                        id,
                    )?),
                ))
            })
            .collect::<QueryResult<Vec<_>>>()?;
        per_backend!(conn, |c| diesel::insert_into(organization_private::table)
            .values(&private)
            .execute(c))?;
    }
    Ok(())
}

/// Replaces the public fields of an existing organisation (by id), keeping its private fields,
/// creation time and status.
pub fn update_public_fields(conn: &mut AnyConnection, org: &NewOrganization) -> QueryResult<usize> {
    let id = org.id;
    let changed = diesel::update(organizations::table.find(id))
        .set((
            organizations::slug.eq(org.slug.as_str()),
            organizations::name.eq(&org.name),
            organizations::name_ar.eq(org.name_ar.as_deref()),
            organizations::category_key.eq(&org.category),
            organizations::description.eq(&org.description),
            organizations::city.eq(&org.city),
            organizations::country.eq(&org.country),
            organizations::latitude.eq(org.latitude),
            organizations::longitude.eq(org.longitude),
            organizations::precision.eq(org.precision),
            organizations::website.eq(org.website.as_deref()),
            organizations::links.eq(to_json_list(&org.links)),
            organizations::languages.eq(to_json_list(&org.languages)),
            organizations::search_text.eq(org.search_text()),
            organizations::original_language.eq(org.original_language.map(Lang::code)),
            organizations::translations.eq(translations_to_json(&org.translations)),
            organizations::updated_at.eq(org.updated_at),
        ))
        .execute(conn)?;
    diesel::delete(
        organization_focus_areas::table.filter(organization_focus_areas::organization_id.eq(id)),
    )
    .execute(conn)?;
    for key in &org.focus_areas {
        diesel::insert_into(organization_focus_areas::table)
            .values((
                organization_focus_areas::organization_id.eq(id),
                organization_focus_areas::focus_area_key.eq(key),
            ))
            .execute(conn)?;
    }
    Ok(changed)
}

/// Every organisation id and slug, for import matching and unique slugs.
pub fn all_ids_and_slugs(conn: &mut AnyConnection) -> QueryResult<Vec<(OrganizationId, String)>> {
    organizations::table
        .select((organizations::id, organizations::slug))
        .load(conn)
}

/// Public rows of the given ids (any status), for comparing an import with what is stored.
pub fn public_rows_by_id(
    conn: &mut AnyConnection,
    ids: &[OrganizationId],
) -> QueryResult<Vec<Organization>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<PublicOrganizationRow> = organizations::table
            .filter(organizations::id.eq_any(chunk))
            .select(PublicOrganizationRow::as_select())
            .load(conn)?;
        out.extend(with_focus_areas(conn, rows)?);
    }
    Ok(out)
}

/// Deletes every organisation of one origin (the demo set); returns how many.
pub fn delete_by_origin(conn: &mut AnyConnection, origin: Origin) -> QueryResult<usize> {
    diesel::delete(organizations::table.filter(organizations::origin.eq(origin))).execute(conn)
}

/// Published organisations, most recently published first, with when they were published.
pub fn recently_published(
    conn: &mut AnyConnection,
    country: Option<&str>,
    bbox: Option<&shared::domain::BBox>,
    limit: i64,
) -> QueryResult<Vec<(Organization, NaiveDateTime)>> {
    let mut query = organizations::table
        .filter(organizations::status.eq(Status::Published))
        .filter(organizations::published_at.is_not_null())
        .into_boxed();
    if let Some(country) = country {
        query = query.filter(organizations::country.eq(country.to_owned()));
    }
    if let Some(b) = bbox {
        query = query
            .filter(organizations::latitude.between(b.min_lat.value(), b.max_lat.value()))
            .filter(organizations::longitude.between(b.min_lon.value(), b.max_lon.value()));
    }
    let rows: Vec<(OrganizationId, Option<NaiveDateTime>)> = query
        .order(organizations::published_at.desc())
        .limit(limit)
        .select((organizations::id, organizations::published_at))
        .load(conn)?;
    let ids: Vec<OrganizationId> = rows.iter().map(|(id, _)| *id).collect();
    let mut by_id: HashMap<OrganizationId, Organization> = public_rows_by_id(conn, &ids)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(id, at)| Some((by_id.remove(&id)?, at?)))
        .collect())
}
