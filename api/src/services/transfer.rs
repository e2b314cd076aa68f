//! CSV and GeoJSON: what the export endpoints and `solidarity-map export` write, and what
//! `solidarity-map import` reads back. One column set for both directions.

use std::collections::HashMap;

use anyhow::Context;
use geojson::{Feature, FeatureCollection, GeoJson, Geometry, GeometryValue, JsonObject};
use shared::api::{Organization, OrganizationDraft, ValidOrganization};
use shared::domain::{CrisisId, FieldError, OrganizationId, Origin, Slug, Status};
use uuid::Uuid;

use super::organizations::new_organization;
use super::slugs;
use crate::db::AnyConnection;
use crate::db::models::{now, organization, ownership};
use crate::error::ApiError;

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 19] = [
    "id",
    "slug",
    "name",
    "name_ar",
    "category",
    "description",
    "city",
    "country",
    "latitude",
    "longitude",
    "precision",
    "website",
    "links",
    "languages",
    "focus_areas",
    "featured",
    "created_at",
    "updated_at",
    "last_confirmed_at",
];

/// Spreadsheets run a cell that starts with one of these as a formula.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Where a spreadsheet may start a new cell: a semicolon-locale spreadsheet splits a comma
/// file's quoted `Oslo;=1+1` into `Oslo` and a formula, and the like for the others.
const CELL_SEPARATORS: [char; 6] = [',', ';', '\t', '|', '\n', '\r'];

/// Applies `at_cell_start` wherever a spreadsheet may start a cell in `text` (its start, and
/// after any separator and spaces), copying the rest.
fn at_each_cell_start(text: &str, at_cell_start: impl Fn(&str, &mut String) -> usize) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut rest = text;
    loop {
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        out.push_str(&rest[..spaces]);
        rest = &rest[spaces..];
        rest = &rest[at_cell_start(rest, &mut out)..];
        match rest.find(CELL_SEPARATORS) {
            Some(at) => {
                // Separators are all one byte.
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// A leading apostrophe makes a cell text (OWASP's advice against CSV injection): one goes
/// before a trigger at every place a cell may start, and one more before apostrophes already
/// there, so that [`restore_formulas`] gives back exactly the text.
pub(crate) fn defuse_formulas(text: &str) -> String {
    at_each_cell_start(text, |rest, out| {
        if rest.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) {
            out.push('\'');
        }
        0
    })
}

/// Undoes [`defuse_formulas`]: one apostrophe goes wherever apostrophes stand before a trigger
/// at a cell start.
fn restore_formulas(text: &str) -> String {
    at_each_cell_start(text, |rest, _| {
        let apostrophes = rest.starts_with('\'');
        usize::from(apostrophes && rest.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS))
    })
}

/// One row; every text field defused (numbers cannot hold a formula, and a negative one must
/// stay a number).
fn csv_record(org: &Organization) -> Vec<String> {
    let text = |t: &str| defuse_formulas(t);
    vec![
        text(&org.id.to_string()),
        text(&org.slug),
        text(&org.name),
        text(org.name_ar.as_deref().unwrap_or("")),
        text(&org.category),
        text(&org.description),
        text(&org.city),
        text(&org.country),
        org.location.latitude.to_string(),
        org.location.longitude.to_string(),
        text(org.precision.as_str()),
        text(org.website.as_deref().unwrap_or_default()),
        text(&org.links.join(" ")),
        text(&org.languages.join(" ")),
        text(&org.focus_areas.join(" ")),
        org.featured.to_string(),
        text(&org.created_at.to_rfc3339()),
        text(&org.updated_at.to_rfc3339()),
        text(&org.last_confirmed_at.to_rfc3339()),
    ]
}

pub(crate) fn write_csv(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, ApiError> {
    // Every text field quoted: a spreadsheet reads it as text whatever its separator.
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::NonNumeric)
        .from_writer(Vec::new());
    let failed = |e: csv::Error| ApiError::Internal(anyhow::Error::new(e).context("writing CSV"));
    writer.write_record(header).map_err(failed)?;
    for row in rows {
        writer.write_record(row).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("finishing CSV: {e}")))
}

pub fn csv_bytes(items: &[Organization]) -> Result<Vec<u8>, ApiError> {
    write_csv(&CSV_COLUMNS, items.iter().map(csv_record))
}

/// [`csv_bytes`] with a last `status` column, for the admin export (import ignores it).
pub fn csv_bytes_with_status(items: &[(Organization, Status)]) -> Result<Vec<u8>, ApiError> {
    let mut header = CSV_COLUMNS.to_vec();
    header.push("status");
    write_csv(
        &header,
        items.iter().map(|(org, status)| {
            let mut row = csv_record(org);
            row.push(status.as_str().to_owned());
            row
        }),
    )
}

/// RFC 7946 feature of one organisation: the point is the geometry (longitude first), every
/// other public field a property.
pub fn feature(org: &Organization) -> Feature {
    let mut properties = match serde_json::to_value(org) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => JsonObject::new(),
    };
    properties.remove("location");
    Feature {
        bbox: None,
        geometry: Some(Geometry::new_point([
            org.location.longitude,
            org.location.latitude,
        ])),
        id: Some(geojson::feature::Id::String(org.id.to_string())),
        properties: Some(properties),
        foreign_members: None,
    }
}

pub fn feature_collection(
    items: &[Organization],
    next_cursor: Option<String>,
) -> FeatureCollection {
    let mut foreign = JsonObject::new();
    foreign.insert(
        "next_cursor".to_owned(),
        next_cursor.map_or(serde_json::Value::Null, Into::into),
    );
    FeatureCollection {
        bbox: None,
        features: items.iter().map(feature).collect(),
        foreign_members: Some(foreign),
    }
}

/// [`feature_collection`] of organisations in any status, each with a `status` property, for
/// the admin export.
pub fn feature_collection_with_status(items: &[(Organization, Status)]) -> FeatureCollection {
    FeatureCollection {
        bbox: None,
        features: items
            .iter()
            .map(|(org, status)| {
                let mut feature = feature(org);
                if let Some(properties) = feature.properties.as_mut() {
                    properties.insert("status".to_owned(), status.as_str().into());
                }
                feature
            })
            .collect(),
        foreign_members: None,
    }
}

/// One organisation read from a file, with where it came from for error messages.
#[derive(Debug, Clone)]
pub struct ImportRecord {
    /// 1-based row (CSV, after the header) or feature number (GeoJSON).
    pub number: usize,
    pub id: Option<String>,
    pub slug: Option<String>,
    pub draft: OrganizationDraft,
}

fn split_list(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Reads the CSV written by [`csv_bytes`] (extra columns are ignored, missing optional ones are
/// empty). Numbers that do not parse are left out so that validation names the field.
pub fn read_csv(bytes: &[u8]) -> anyhow::Result<Vec<ImportRecord>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().context("reading the CSV header")?.clone();
    let index: HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim(), i))
        .collect();
    for required in [
        "name",
        "category",
        "city",
        "country",
        "latitude",
        "longitude",
    ] {
        anyhow::ensure!(
            index.contains_key(required),
            "the CSV has no {required} column"
        );
    }
    let mut records = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("reading CSV row {}", i + 1))?;
        let cell = |name: &str| {
            index
                .get(name)
                .and_then(|&i| row.get(i))
                .map(restore_formulas)
                .unwrap_or_default()
        };
        records.push(ImportRecord {
            number: i + 1,
            id: optional(&cell("id")),
            slug: optional(&cell("slug")),
            draft: OrganizationDraft {
                name: cell("name"),
                name_ar: optional(&cell("name_ar")),
                category: cell("category"),
                description: cell("description"),
                city: cell("city"),
                country: cell("country"),
                latitude: cell("latitude").trim().parse().ok(),
                longitude: cell("longitude").trim().parse().ok(),
                precision: optional(&cell("precision")),
                website: optional(&cell("website")),
                links: split_list(&cell("links")),
                languages: split_list(&cell("languages")),
                focus_areas: split_list(&cell("focus_areas")),
                ..OrganizationDraft::default()
            },
        });
    }
    Ok(records)
}

/// Reads a FeatureCollection of points whose properties use the CSV column names (lists may be
/// JSON arrays or space-separated text).
pub fn read_geojson(bytes: &[u8]) -> anyhow::Result<Vec<ImportRecord>> {
    let text = std::str::from_utf8(bytes).context("the GeoJSON file is not UTF-8")?;
    let geojson: GeoJson = text.parse().context("parsing GeoJSON")?;
    let collection =
        FeatureCollection::try_from(geojson).context("the GeoJSON is not a FeatureCollection")?;
    Ok(collection
        .features
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let props = f.properties.clone().unwrap_or_default();
            let text = |k: &str| {
                props
                    .get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned()
            };
            let list = |k: &str| match props.get(k) {
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Some(serde_json::Value::String(s)) => split_list(s),
                _ => Vec::new(),
            };
            let (longitude, latitude) = match f.geometry.map(|g| g.value) {
                Some(GeometryValue::Point { coordinates }) => (
                    coordinates.as_slice().first().copied(),
                    coordinates.as_slice().get(1).copied(),
                ),
                _ => (None, None),
            };
            let id =
                f.id.and_then(|id| match id {
                    geojson::feature::Id::String(s) => Some(s),
                    geojson::feature::Id::Number(_) => None,
                })
                .or_else(|| optional(&text("id")));
            ImportRecord {
                number: i + 1,
                id,
                slug: optional(&text("slug")),
                draft: OrganizationDraft {
                    name: text("name"),
                    name_ar: optional(&text("name_ar")),
                    category: text("category"),
                    description: text("description"),
                    city: text("city"),
                    country: text("country"),
                    latitude,
                    longitude,
                    precision: optional(&text("precision")),
                    website: optional(&text("website")),
                    links: list("links"),
                    languages: list("languages"),
                    focus_areas: list("focus_areas"),
                    ..OrganizationDraft::default()
                },
            }
        })
        .collect())
}

/// What an import does to one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Create(OrganizationId),
    Update(OrganizationId),
    Unchanged(OrganizationId),
    Invalid(Vec<FieldError>),
}

/// One record of an import and what it will do; `valid` is absent for invalid records.
#[derive(Debug)]
pub struct PlannedRecord {
    pub record: ImportRecord,
    pub change: Change,
    pub valid: Option<(ValidOrganization, Slug)>,
    /// The active crisis that covers where a created entry, or an updated published one, will
    /// be: such an entry is stored but held by it (see [`crate::crisis`]).
    pub crisis: Option<CrisisId>,
}

impl PlannedRecord {
    /// Whether the record is stored but not public because a crisis covers it, when created
    /// entries get `status`.
    pub fn held_by_crisis(&self, status: Status) -> bool {
        self.crisis.is_some()
            && match self.change {
                Change::Create(_) => status == Status::Published,
                Change::Update(_) => true,
                Change::Unchanged(_) | Change::Invalid(_) => false,
            }
    }
}

/// The whole plan of an import, computed before anything is written.
#[derive(Debug, Default)]
pub struct ImportPlan {
    pub changes: Vec<PlannedRecord>,
}

impl ImportPlan {
    pub fn count(&self, pick: fn(&Change) -> bool) -> usize {
        self.changes.iter().filter(|p| pick(&p.change)).count()
    }

    pub fn summary(&self) -> String {
        format!(
            "{} to create, {} to update, {} unchanged, {} invalid",
            self.count(|c| matches!(c, Change::Create(_))),
            self.count(|c| matches!(c, Change::Update(_))),
            self.count(|c| matches!(c, Change::Unchanged(_))),
            self.count(|c| matches!(c, Change::Invalid(_))),
        )
    }
}

fn same_public_fields(stored: &Organization, new: &ValidOrganization, slug: &Slug) -> bool {
    stored.slug == slug.as_str()
        && stored.name == new.name
        && stored.name_ar == new.name_ar
        && stored.category == new.category.as_str()
        && stored.description == new.description
        && stored.city == new.city
        && stored.country == new.country.as_str()
        && (stored.location.latitude - new.latitude.value()).abs() < 1e-9
        && (stored.location.longitude - new.longitude.value()).abs() < 1e-9
        && stored.precision == new.precision
        && stored.website == new.website
        && stored.links == new.links
        && stored.languages == new.languages
        && stored.focus_areas
            == new
                .focus_areas
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
}

/// Validates every record and decides, against what is stored, whether it creates, updates or
/// changes nothing. Records match stored entries by id, then by slug.
pub fn plan_import(
    conn: &mut AnyConnection,
    records: Vec<ImportRecord>,
) -> anyhow::Result<ImportPlan> {
    let (known_categories, known_focus) = organization::known_keys(conn)?;
    let stored = organization::all_ids_and_slugs(conn)?;
    let by_id: HashMap<OrganizationId, String> = stored.iter().cloned().collect();
    let by_slug: HashMap<String, OrganizationId> = stored
        .iter()
        .map(|(id, slug)| (slug.clone(), *id))
        .collect();
    let mut taken: std::collections::HashSet<String> = by_slug.keys().cloned().collect();
    let active = super::crisis::active(conn)?;

    let mut plan = ImportPlan::default();
    let mut matched_ids = Vec::new();
    for record in records {
        let mut valid = record.draft.validate();
        if let Ok(v) = &valid {
            let mut errors = Vec::new();
            if !known_categories.iter().any(|k| k == v.category.as_str()) {
                errors.push(FieldError::new(
                    "category",
                    "unknown_category",
                    format!("no category has the key {}", v.category),
                ));
            }
            for (i, key) in v.focus_areas.iter().enumerate() {
                if !known_focus.iter().any(|k| k == key.as_str()) {
                    errors.push(FieldError::new(
                        format!("focus_areas[{i}]"),
                        "unknown_focus_area",
                        format!("no focus area has the key {key}"),
                    ));
                }
            }
            if !errors.is_empty() {
                valid = Err(errors);
            }
        }
        let slug_given = match record.slug.as_deref().map(Slug::parse).transpose() {
            Ok(s) => s,
            Err(e) => {
                valid = Err(vec![e.at("slug")]);
                None
            }
        };
        let valid = match valid {
            Ok(v) => v,
            Err(errors) => {
                plan.changes.push(PlannedRecord {
                    record,
                    change: Change::Invalid(errors),
                    valid: None,
                    crisis: None,
                });
                continue;
            }
        };
        let crisis = super::crisis::covering(
            &active,
            valid.country.as_str(),
            valid.category.as_str(),
            valid.latitude.value(),
            valid.longitude.value(),
        );
        // An id that is not a UUID names no stored entry: the record creates one.
        let given_id = record
            .id
            .as_deref()
            .and_then(|id| id.parse::<OrganizationId>().ok());
        let existing = given_id.filter(|id| by_id.contains_key(id)).or_else(|| {
            slug_given
                .as_ref()
                .and_then(|s| by_slug.get(s.as_str()).copied())
        });
        match existing {
            Some(id) => {
                let slug = slug_given.unwrap_or_else(|| {
                    Slug::parse(&by_id[&id])
                        .unwrap_or_else(|_| Slug::from_text(&id.to_string(), "org"))
                });
                // Only a published entry would show: one in another status stays as it is.
                let crisis = match crisis {
                    Some(crisis)
                        if ownership::organization_status(conn, id)? == Status::Published =>
                    {
                        Some(crisis)
                    }
                    _ => None,
                };
                matched_ids.push(id);
                plan.changes.push(PlannedRecord {
                    record,
                    change: Change::Update(id),
                    valid: Some((valid, slug)),
                    crisis,
                });
            }
            None => {
                let id = given_id.unwrap_or_else(|| OrganizationId::from_uuid(Uuid::new_v4()));
                let base = slug_given.unwrap_or_else(|| {
                    Slug::from_text(
                        &format!("{} {}", valid.name, valid.city),
                        &format!("org-{}", &id.as_uuid().simple().to_string()[..8]),
                    )
                });
                let slug = slugs::first_free(&base, &mut taken);
                plan.changes.push(PlannedRecord {
                    record,
                    change: Change::Create(id),
                    valid: Some((valid, slug)),
                    crisis,
                });
            }
        }
    }
    // An update that changes nothing is reported as unchanged.
    let stored_rows: HashMap<OrganizationId, Organization> =
        organization::public_rows_by_id(conn, &matched_ids)?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
    for planned in &mut plan.changes {
        if let (Change::Update(id), Some((v, slug))) = (&planned.change, planned.valid.as_ref())
            && stored_rows
                .get(id)
                .is_some_and(|stored| same_public_fields(stored, v, slug))
        {
            planned.change = Change::Unchanged(*id);
        }
    }
    Ok(plan)
}

/// Writes the plan's creates and updates in one transaction: all or nothing. `progress` is
/// called after each record. While a crisis is active, every entry that would be public goes
/// through [`super::crisis::publish_or_hold`]: one it covers is stored but held.
pub fn apply_import(
    conn: &mut AnyConnection,
    plan: &ImportPlan,
    status: Status,
    mut progress: impl FnMut(),
) -> anyhow::Result<(usize, usize)> {
    crate::db::write_transaction(conn, |conn| {
        let (mut created, mut updated) = (0, 0);
        let crisis_active = !super::crisis::active(conn)?.is_empty();
        for planned in &plan.changes {
            match (&planned.change, &planned.valid) {
                (Change::Create(id), Some((v, slug))) => {
                    let through_rule = crisis_active && status == Status::Published;
                    // Stored hidden, then published through the rule (which stamps when).
                    let stored = if through_rule { Status::Hidden } else { status };
                    organization::insert(
                        conn,
                        &new_organization(*id, slug.clone(), v, stored, Origin::Import),
                    )?;
                    if through_rule {
                        super::crisis::publish_or_hold(conn, *id, now())?;
                    }
                    created += 1;
                }
                (Change::Update(id), Some((v, slug))) => {
                    let mut org = new_organization(*id, slug.clone(), v, status, Origin::Import);
                    // CSV and GeoJSON carry no translations: an import keeps those stored.
                    if org.translations.is_empty() && org.original_language.is_none() {
                        (org.original_language, org.translations) =
                            organization::stored_translations(conn, *id)?;
                    }
                    organization::update_public_fields(conn, &org)?;
                    if crisis_active
                        && ownership::organization_status(conn, *id)? == Status::Published
                    {
                        super::crisis::publish_or_hold(conn, *id, now())?;
                    }
                    updated += 1;
                }
                _ => {}
            }
            progress();
        }
        crate::db::models::mark_changed(conn)?;
        Ok::<_, diesel::result::Error>((created, updated))
    })
    .context("writing the import")
}

/// Every published organisation, in slug order.
pub fn all_published(conn: &mut AnyConnection) -> anyhow::Result<Vec<Organization>> {
    let mut all: Vec<Organization> = organization::all_published_searchable(conn)?
        .into_iter()
        .map(|entry| entry.organization)
        .collect();
    all.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(all)
}

/// Every organisation in `status` (in any status when `None`), public fields only, with its
/// status, in slug order.
pub fn all_with_status(
    conn: &mut AnyConnection,
    status: Option<Status>,
) -> anyhow::Result<Vec<(Organization, Status)>> {
    use diesel::prelude::*;

    use crate::db::schema::organizations;
    let mut query = organizations::table
        .select((organizations::id, organizations::status))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(organizations::status.eq(status));
    }
    let rows: Vec<(OrganizationId, Status)> = query.load(conn)?;
    let statuses: HashMap<OrganizationId, Status> = rows.iter().copied().collect();
    let ids: Vec<OrganizationId> = rows.into_iter().map(|(id, _)| id).collect();
    let mut all: Vec<(Organization, Status)> = organization::public_rows_by_id(conn, &ids)?
        .into_iter()
        .filter_map(|org| {
            let status = *statuses.get(&org.id)?;
            Some((org, status))
        })
        .collect();
    all.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_wherever_a_spreadsheet_may_start_a_cell() {
        assert_eq!(defuse_formulas("=1+1"), "'=1+1");
        assert_eq!(defuse_formulas("Oslo;=1+1"), "Oslo;'=1+1");
        assert_eq!(
            defuse_formulas("a, @SUM(A1)|-2\t+3"),
            "a, '@SUM(A1)|'-2\t'+3"
        );
        assert_eq!(defuse_formulas("line\n-item"), "line\n'-item");
        assert_eq!(defuse_formulas("\tx"), "'\tx");
        assert_eq!(
            defuse_formulas("Beit Sahour - West Bank"),
            "Beit Sahour - West Bank"
        );
        assert_eq!(
            defuse_formulas("2026-11-26T10:00:00+00:00"),
            "2026-11-26T10:00:00+00:00"
        );
    }

    #[test]
    fn restoring_gives_back_exactly_the_text() {
        for text in [
            "",
            "=1+1",
            "Oslo;=1+1",
            "'=already quoted",
            "''=twice",
            "Oslo;'=1",
            "it's fine",
            "a, @SUM(A1)|-2\t+3",
            "\t\t=x",
            "line\r\n-item; ;  +x",
            "Étudiants ;=ü",
        ] {
            assert_eq!(restore_formulas(&defuse_formulas(text)), text, "{text:?}");
        }
    }
}
