//! The small public lists: categories, countries, focus areas, resources, partnerships.

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{Category, CountryCount, FocusArea, Partnership, Resource, ResourceQuery};

use super::{current_snapshot, with_db};
use crate::db::DbPool;
use crate::db::models::{reference, resource};
use crate::error::ApiError;
use crate::http::{BestCompressed, cacheable_json};
use crate::index::PublicIndex;

/// Categories with their colour, icon, names in en/ar/fr/es and count of published organisations.
#[utoipa::path(tag = "reference",
    responses((status = 200, description = "All categories in display order", body = Vec<Category>),
              (status = 304, description = "Not modified")))]
#[get("/api/v1/categories")]
pub async fn list_categories(
    req: HttpRequest,
    compressed: web::Data<BestCompressed>,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = current_snapshot(&pool, &index).await?;
    let categories = with_db(&pool, move |conn| {
        Ok(reference::categories(conn, &snapshot.category_counts)?)
    })
    .await?;
    compressed.json(&req, "categories", &categories)
}

/// Countries that have published organisations, with counts, most first.
#[utoipa::path(tag = "reference",
    responses((status = 200, description = "Countries with at least one published organisation", body = Vec<CountryCount>),
              (status = 304, description = "Not modified")))]
#[get("/api/v1/countries")]
pub async fn list_countries(
    req: HttpRequest,
    compressed: web::Data<BestCompressed>,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
) -> Result<HttpResponse, ApiError> {
    let countries = reference::countries(&current_snapshot(&pool, &index).await?.country_counts);
    compressed.json(&req, "countries", &countries)
}

/// Focus areas with names in en/ar/fr/es and count of published organisations.
#[utoipa::path(tag = "reference",
    responses((status = 200, description = "All focus areas in display order", body = Vec<FocusArea>),
              (status = 304, description = "Not modified")))]
#[get("/api/v1/focus-areas")]
pub async fn list_focus_areas(
    req: HttpRequest,
    compressed: web::Data<BestCompressed>,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = current_snapshot(&pool, &index).await?;
    let areas = with_db(&pool, move |conn| {
        Ok(reference::focus_areas(conn, &snapshot.focus_area_counts)?)
    })
    .await?;
    compressed.json(&req, "focus-areas", &areas)
}

/// The network of global resources, newest first, filterable by kind, topic and language.
#[utoipa::path(tag = "reference", params(ResourceQuery),
    responses((status = 200, description = "Published resources with their related organisations", body = Vec<Resource>),
              (status = 304, description = "Not modified")))]
#[get("/api/v1/resources")]
pub async fn list_resources(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    query: web::Query<ResourceQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let resources = with_db(&pool, move |conn| {
        Ok(resource::list_published(conn, &query)?)
    })
    .await?;
    cacheable_json(&req, &resources)
}

/// Twinnings of global groups with Jerusalem grassroots organisations.
#[utoipa::path(tag = "reference",
    responses((status = 200, description = "Published partnerships between published organisations", body = Vec<Partnership>),
              (status = 304, description = "Not modified")))]
#[get("/api/v1/partnerships")]
pub async fn list_partnerships(
    req: HttpRequest,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let partnerships = with_db(&pool, |conn| Ok(reference::published_partnerships(conn)?)).await?;
    cacheable_json(&req, &partnerships)
}
