//! The network of global resources (reports, toolkits, videos ...) and their related
//! organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::{Resource, ResourceQuery};
use shared::domain::{OrganizationId, Origin, ResourceId, ResourceKind, Status};
use uuid::Uuid;

use super::{json_list, to_json_list, utc};
use crate::db::AnyConnection;
use crate::db::schema::{resource_organizations, resources};

#[derive(Queryable, Selectable)]
#[diesel(table_name = resources)]
struct ResourceRow {
    id: ResourceId,
    slug: String,
    title: String,
    url: String,
    kind: ResourceKind,
    language: String,
    summary: String,
    topics: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// Published resources matching the query, newest first, each with its published organisations.
pub fn list_published(
    conn: &mut AnyConnection,
    query: &ResourceQuery,
) -> QueryResult<Vec<Resource>> {
    let mut q = resources::table
        .filter(resources::status.eq(Status::Published))
        .select(ResourceRow::as_select())
        .order((resources::created_at.desc(), resources::slug))
        .into_boxed();
    if let Some(kind) = query.kind.as_deref().filter(|k| !k.is_empty()) {
        q = q.filter(resources::kind.eq(kind.to_owned()));
    }
    if let Some(language) = query.language.as_deref().filter(|l| !l.is_empty()) {
        q = q.filter(resources::language.eq(language.to_owned()));
    }
    let mut rows: Vec<ResourceRow> = q.load(conn)?;
    // A resource whose address is dead (three failed checks a week apart) is not listed.
    let dead = super::link_check::dead(conn)?;
    rows.retain(|row| !dead.contains(&row.url));
    let links: Vec<(ResourceId, OrganizationId)> = resource_organizations::table
        .select((
            resource_organizations::resource_id,
            resource_organizations::organization_id,
        ))
        .load(conn)?;
    let org_ids: Vec<OrganizationId> = links.iter().map(|(_, org)| *org).collect();
    let refs = super::reference::published_refs(conn, &org_ids)?;
    let topic = query.topic.as_deref().filter(|t| !t.is_empty());
    let organization = query.organization.as_deref().filter(|o| !o.is_empty());
    Ok(rows
        .into_iter()
        .map(|r| {
            let organizations = links
                .iter()
                .filter(|(res, _)| *res == r.id)
                .filter_map(|(_, org)| refs.get(org).cloned())
                .collect();
            Resource {
                id: r.id,
                slug: r.slug,
                title: r.title,
                url: r.url,
                kind: r.kind,
                language: r.language,
                summary: r.summary,
                topics: json_list(&r.topics),
                organizations,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
            }
        })
        .filter(|r| topic.is_none_or(|t| r.topics.iter().any(|x| x == t)))
        .filter(|r| organization.is_none_or(|slug| r.organizations.iter().any(|o| o.slug == slug)))
        .collect())
}

/// A resource to store, already validated.
pub struct NewResource<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub kind: ResourceKind,
    pub language: &'a str,
    pub summary: &'a str,
    pub topics: &'a [String],
    pub organization_ids: &'a [OrganizationId],
    pub origin: Origin,
    pub at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, resource: &NewResource<'_>) -> QueryResult<()> {
    let id = ResourceId::from_uuid(Uuid::new_v4());
    diesel::insert_into(resources::table)
        .values((
            resources::id.eq(id),
            resources::slug.eq(resource.slug),
            resources::title.eq(resource.title),
            resources::url.eq(resource.url),
            resources::kind.eq(resource.kind),
            resources::language.eq(resource.language),
            resources::summary.eq(resource.summary),
            resources::topics.eq(to_json_list(resource.topics)),
            resources::status.eq(Status::Published),
            resources::origin.eq(resource.origin),
            resources::created_at.eq(resource.at),
            resources::updated_at.eq(resource.at),
        ))
        .execute(conn)?;
    for org in resource.organization_ids {
        diesel::insert_into(resource_organizations::table)
            .values((
                resource_organizations::resource_id.eq(id),
                resource_organizations::organization_id.eq(org),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn delete_by_origin(conn: &mut AnyConnection, origin: Origin) -> QueryResult<usize> {
    diesel::delete(resources::table.filter(resources::origin.eq(origin))).execute(conn)
}
