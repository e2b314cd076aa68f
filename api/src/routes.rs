//! The one place where handlers are mounted, and the OpenAPI document that describes them.

use actix_web::web;
use utoipa::OpenApi;

use crate::handlers::{health, map, organizations, reference};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "International Solidarity Map API",
        description = "Public, read-only API of the International Solidarity Map: Palestine solidarity groups around the world and the grassroots organisations of Jerusalem (al-Quds). Every response contains public fields only. GET requests are allowed from any origin.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
        version = "1.0.0"
    ),
    paths(
        organizations::list::list_organizations,
        organizations::geojson::organizations_geojson,
        organizations::csv::organizations_csv,
        organizations::get::get_organization,
        map::clusters::map_clusters,
        map::config::map_config,
        reference::list_categories,
        reference::list_countries,
        reference::list_focus_areas,
        reference::list_resources,
        reference::list_partnerships,
        health::healthz,
        health::readyz,
    ),
    components(schemas(shared::api::ErrorCode, shared::domain::FieldError)),
    tags(
        (name = "organizations", description = "Organisations on the map"),
        (name = "map", description = "Clustered organisations for a map viewport"),
        (name = "reference", description = "Categories, countries, focus areas, resources and partnerships"),
        (name = "health", description = "Liveness and readiness probes")
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as committed in `openapi.yaml`.
pub fn openapi_yaml() -> anyhow::Result<String> {
    ApiDoc::openapi()
        .to_yaml()
        .map_err(|e| anyhow::anyhow!("rendering the OpenAPI document: {e}"))
}

/// Mounts every API handler. The geojson and csv routes come before `{id_or_slug}`, which would
/// otherwise take `organizations.geojson` for a slug.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(organizations::geojson::organizations_geojson)
        .service(organizations::csv::organizations_csv)
        .service(organizations::list::list_organizations)
        .service(organizations::get::get_organization)
        .service(map::clusters::map_clusters)
        .service(map::config::map_config)
        .service(reference::list_categories)
        .service(reference::list_countries)
        .service(reference::list_focus_areas)
        .service(reference::list_resources)
        .service(reference::list_partnerships)
        .service(health::healthz)
        .service(health::readyz);
}
