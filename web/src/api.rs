//! Every HTTP call the app makes, in one place. All go to our own origin.

use gloo_net::http::Request;
use shared::api::{
    Category, ClusterResponse, CountryCount, FocusArea, MapConfig, Organization, OrganizationPage,
    Partnership, Problem,
};

use crate::state::{Filters, Viewport};
pub use shared::text::percent_encode as urlencode;

/// An error for the interface: the problem's detail, or the HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(pub String);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ApiError {}

async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| ApiError(e.to_string()))?;
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| ApiError(e.to_string()));
    }
    if response.status() == 404 {
        return Err(ApiError("not_found".to_owned()));
    }
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiError(problem.detail)),
        Err(_) => Err(ApiError(format!(
            "{} {}",
            response.status(),
            response.status_text()
        ))),
    }
}

fn bbox_param(viewport: &Viewport) -> String {
    let [w, s, e, n] = viewport.clamped_bbox();
    format!("{w:.5},{s:.5},{e:.5},{n:.5}")
}

/// Clusters and single organisations for the map's viewport.
pub async fn clusters(viewport: Viewport, filters: Filters) -> Result<ClusterResponse, ApiError> {
    get_json(&format!(
        "/api/v1/map/clusters?bbox={}&zoom={}{}",
        bbox_param(&viewport),
        viewport.zoom.floor(),
        filters.api_query()
    ))
    .await
}

/// The list view's organisations: those in the viewport, in name order.
pub const LIST_LIMIT: u32 = 100;

pub async fn organizations_in_view(
    viewport: Viewport,
    filters: Filters,
) -> Result<OrganizationPage, ApiError> {
    get_json(&format!(
        "/api/v1/organizations?bbox={}&limit={LIST_LIMIT}{}",
        bbox_param(&viewport),
        filters.api_query()
    ))
    .await
}

pub async fn organization(slug: String) -> Result<Organization, ApiError> {
    get_json(&format!("/api/v1/organizations/{}", urlencode(&slug))).await
}

pub async fn categories() -> Result<Vec<Category>, ApiError> {
    get_json("/api/v1/categories").await
}

pub async fn focus_areas() -> Result<Vec<FocusArea>, ApiError> {
    get_json("/api/v1/focus-areas").await
}

pub async fn countries() -> Result<Vec<CountryCount>, ApiError> {
    get_json("/api/v1/countries").await
}

pub async fn partnerships() -> Result<Vec<Partnership>, ApiError> {
    get_json("/api/v1/partnerships").await
}

pub async fn map_config() -> Result<MapConfig, ApiError> {
    get_json("/api/v1/map/config").await
}

/// The self-hosted country outlines (Natural Earth), as GeoJSON text for Leaflet.
pub async fn basemap() -> Result<String, ApiError> {
    let response = Request::get("/basemap/world-110m.json")
        .send()
        .await
        .map_err(|e| ApiError(e.to_string()))?;
    response.text().await.map_err(|e| ApiError(e.to_string()))
}
