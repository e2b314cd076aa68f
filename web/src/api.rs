//! Every HTTP call the app makes, in one place. All go to our own origin.

use gloo_net::http::Request;
use shared::api::{
    Category, ClusterResponse, CountryCount, FocusArea, MapConfig, Organization, OrganizationPage,
    Partnership, Problem,
};

use crate::state::{Filters, Viewport};
use crate::take_over;
use shared::text::percent_encode as urlencode;

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
    let _waiting = take_over::waiting();
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
    let _waiting = take_over::waiting();
    let response = Request::get("/basemap/world-110m.json")
        .send()
        .await
        .map_err(|e| ApiError(e.to_string()))?;
    response.text().await.map_err(|e| ApiError(e.to_string()))
}

/// A refused write: the problem document (status 0 when the server could not be reached).
pub fn unreachable_problem() -> Problem {
    Problem {
        problem_type: String::new(),
        title: String::new(),
        status: 0,
        detail: String::new(),
        code: shared::api::ErrorCode::ServiceUnavailable,
        errors: Vec::new(),
    }
}

/// Sends `body` as JSON (with a bearer token when given) and reads the answer.
pub async fn send_json<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&B>,
    bearer: Option<&str>,
) -> Result<T, Problem> {
    let _waiting = take_over::waiting();
    let mut builder = match method {
        "GET" => Request::get(url),
        "POST" => Request::post(url),
        "PUT" => Request::put(url),
        "DELETE" => Request::delete(url),
        // Never a request sent with another method than the one asked for.
        _ => return Err(unreachable_problem()),
    };
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder.json(body).map_err(|_| unreachable_problem())?,
        None => builder.build().map_err(|_| unreachable_problem())?,
    };
    let response = request.send().await.map_err(|_| unreachable_problem())?;
    let status = response.status();
    if response.ok() {
        // 204 has no body: it reads as JSON `null` (for `()`, `Option` or `Value` answers).
        if status == 204 {
            return serde_json::from_str("null").map_err(|_| unreachable_problem());
        }
        return response
            .json::<T>()
            .await
            .map_err(|_| unreachable_problem());
    }
    let mut problem = response
        .json::<Problem>()
        .await
        .unwrap_or_else(|_| unreachable_problem());
    problem.status = status;
    Err(problem)
}

pub async fn form_token() -> Result<shared::api::FormToken, Problem> {
    send_json::<(), _>("GET", "/api/v1/form-token", None, None).await
}

pub async fn check_submission(
    draft: shared::api::OrganizationDraft,
) -> Result<shared::api::SubmissionCheck, Problem> {
    send_json("POST", "/api/v1/submissions/check", Some(&draft), None).await
}

pub async fn submit(
    request: shared::api::SubmissionRequest,
) -> Result<shared::api::SubmissionReceipt, Problem> {
    send_json("POST", "/api/v1/submissions", Some(&request), None).await
}

pub async fn cities(query: String) -> Result<Vec<shared::api::CitySuggestion>, ApiError> {
    get_json(&format!("/api/v1/cities?q={}&limit=8", urlencode(&query))).await
}

pub async fn owner_entry(token: String) -> Result<shared::api::OwnerEntry, Problem> {
    send_json::<(), _>("GET", "/api/v1/owner/entry", None, Some(&token)).await
}

/// An owner action (`hide`, `show`, `confirm`, `deletion-request`, `update`); the entry after it.
pub async fn owner_action<B: serde::Serialize>(
    token: String,
    action: &'static str,
    body: Option<B>,
) -> Result<shared::api::OwnerEntry, Problem> {
    send_json(
        "POST",
        &format!("/api/v1/owner/entry/{action}"),
        body.as_ref(),
        Some(&token),
    )
    .await
}

pub async fn request_owner_link(email: String) -> Result<shared::api::Acknowledgement, Problem> {
    let body = shared::api::OwnerLinkRequest {
        email,
        homepage: String::new(),
    };
    send_json("POST", "/api/v1/owner/link-requests", Some(&body), None).await
}

pub async fn contact(
    slug: String,
    request: shared::api::ContactRequest,
) -> Result<shared::api::Acknowledgement, Problem> {
    send_json(
        "POST",
        &format!("/api/v1/organizations/{}/contact", urlencode(&slug)),
        Some(&request),
        None,
    )
    .await
}

/// Published resources; `query` is `kind=…&topic=…&language=…` (already encoded) or empty.
pub async fn resources(query: String) -> Result<Vec<shared::api::Resource>, ApiError> {
    get_json(&format!("/api/v1/resources?{query}")).await
}
