//! Every HTTP call the app makes, in one place: one function per endpoint, taking and returning
//! the shared request and answer types of [`shared::api`]. All go to our own origin.
//!
//! The public pages' requests each hold a [`take_over::waiting`] guard while in flight (the app
//! replaces the server's page once its first view has its answers). The dashboard's requests go
//! through an [`Authorised`] sender (the signed-in session), which adds the token and refreshes
//! it when it has expired.

use std::future::Future;

use gloo_net::http::{Request, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::api::admin::{
    AdminOrganization, AdminOrganizationQuery, AdminOrganizationRequest, AuditEntry,
    CategoryRequest, ContactMessageStatus, ContactMessageView, Created, CrisisRequest, CrisisView,
    FocusAreaRequest, FreshnessFigures, ImportReport, InvitationAcceptance, LinkCheckPass,
    LinkCheckView, NewUserRequest, OutboxItem, PartnershipRequest, RejectRequest, ReminderReport,
    ReminderRequest, ResourceRequest, ReviewItem, ReviewQueueQuery, StatusChange, UserUpdate,
    UserView,
};
use shared::api::auth::{
    LoginRequest, PasswordChange, RecoveryCodes, RefreshRequest, TokenPair, TotpCode, TotpSetup,
};
use shared::api::{
    Acknowledgement, Category, CitySuggestion, ClusterQuery, ClusterResponse, ContactRequest,
    CountryCount, EventDraft, EventPage, EventQuery, FocusArea, FormToken, HideRequest,
    LanguageRequest, MAP_LIST_PAGE_SIZE, ManagedEvent, MapConfig, Organization, OrganizationDraft,
    OrganizationPage, OrganizationQuery, OwnerEntry, OwnerLinkRequest, Partnership, Problem,
    ReportDetail, ReportView, ResolveReport, Resource, ResourceQuery, SubmissionCheck,
    SubmissionReceipt, SubmissionRequest,
};
use shared::domain::{
    ContactMessageId, CrisisId, EventId, PartnershipId, ReportId, ResourceId, SubmissionId, UserId,
};
use shared::text::percent_encode as urlencode;

use crate::state::{Filters, Viewport};
use crate::take_over;

/// The Atom feed of newly listed organisations (a link on the about page, not a request).
pub const FEED_PATH: &str = "/api/v1/feed.atom";

/// An error for the public pages: the problem's detail, or the HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(pub String);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ApiError {}

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// What a request carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Empty,
    /// A JSON document, already written.
    Json(String),
    /// A file as it is, e.g. an import in CSV or GeoJSON.
    Raw {
        content_type: &'static str,
        text: String,
    },
}

impl Body {
    /// `body` as JSON. A body that cannot be written is an error, never a request sent without it.
    fn json<B: Serialize + ?Sized>(body: &B) -> Result<Self, Problem> {
        serde_json::to_string(body)
            .map(Body::Json)
            .map_err(|_| unreachable_problem())
    }
}

/// One request, with the bearer token when given.
pub fn request(
    method: Method,
    url: &str,
    body: &Body,
    bearer: Option<&str>,
) -> Result<Request, Problem> {
    let mut builder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Delete => Request::delete(url),
    };
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    match body {
        Body::Empty => builder.build(),
        Body::Json(text) => builder
            .header("Content-Type", "application/json")
            .body(text.clone()),
        Body::Raw { content_type, text } => builder
            .header("Content-Type", content_type)
            .body(text.clone()),
    }
    .map_err(|_| unreachable_problem())
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

/// The problem an unsuccessful response describes, with its status.
pub async fn problem_of(response: Response) -> Problem {
    let status = response.status();
    let mut problem = response
        .json::<Problem>()
        .await
        .unwrap_or_else(|_| unreachable_problem());
    problem.status = status;
    problem
}

/// A successful response's JSON; a 204 reads as JSON `null` (for `()` answers).
async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, Problem> {
    if response.status() == 204 {
        return serde_json::from_str("null").map_err(|_| unreachable_problem());
    }
    response
        .json::<T>()
        .await
        .map_err(|_| unreachable_problem())
}

/// `query` (a struct of optional fields) as a query string, without `?`; absent fields are left
/// out.
fn query_string<Q: Serialize>(query: &Q) -> Result<String, Problem> {
    let serde_json::Value::Object(fields) =
        serde_json::to_value(query).map_err(|_| unreachable_problem())?
    else {
        return Err(unreachable_problem());
    };
    Ok(fields
        .iter()
        .filter_map(|(key, value)| match value {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(format!("{key}={}", urlencode(text))),
            other => Some(format!("{key}={}", urlencode(&other.to_string()))),
        })
        .collect::<Vec<_>>()
        .join("&"))
}

// ---------------------------------------------------------------------------------------------
// The public pages' reads: the problem's detail as the error.

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
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

/// `url?query`, or the query's problem as an [`ApiError`].
fn with_query<Q: Serialize>(url: &str, query: &Q) -> Result<String, ApiError> {
    let query = query_string(query).map_err(|p| ApiError(p.to_string()))?;
    Ok(if query.is_empty() {
        url.to_owned()
    } else {
        format!("{url}?{query}")
    })
}

fn bbox_param(viewport: &Viewport) -> String {
    let [w, s, e, n] = viewport.clamped_bbox();
    format!("{w:.5},{s:.5},{e:.5},{n:.5}")
}

/// Clusters and single organisations for the map's viewport.
pub async fn clusters(viewport: Viewport, filters: Filters) -> Result<ClusterResponse, ApiError> {
    let filter = filters.organization_query();
    let query = ClusterQuery {
        bbox: Some(bbox_param(&viewport)),
        zoom: Some(viewport.zoom.floor().to_string()),
        category: filter.category,
        country: filter.country,
        focus: filter.focus,
        q: filter.q,
        confirmed_within: filter.confirmed_within,
    };
    get_json(&with_query("/api/v1/map/clusters", &query)?).await
}

/// The list view's organisations: those in the viewport, in name order.
/// One page of the organisations in `viewport`, after `cursor` (the first page without one).
pub async fn organizations_in_view(
    viewport: Viewport,
    filters: Filters,
    cursor: Option<String>,
) -> Result<OrganizationPage, ApiError> {
    organizations(OrganizationQuery {
        bbox: Some(bbox_param(&viewport)),
        limit: Some(MAP_LIST_PAGE_SIZE.to_string()),
        cursor,
        ..filters.organization_query()
    })
    .await
}

/// The events in `bbox` (`[west, south, east, north]`, clamped) between two days, by start
/// time: the map's events layer (the events bundle).
pub async fn events_in_view(
    bbox: [f64; 4],
    days: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
) -> Result<EventPage, ApiError> {
    let query = EventQuery {
        limit: Some(EVENTS_IN_VIEW.to_string()),
        ..events_in_view_query(bbox, days)
    };
    get_json(&with_query("/api/v1/events", &query)?).await
}

/// The server's `/events` page for the same view and days: every event, a page at a time.
pub fn events_page_href(
    bbox: [f64; 4],
    days: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
) -> String {
    with_query("/events", &events_in_view_query(bbox, days)).unwrap_or_else(|_| "/events".into())
}

fn events_in_view_query(
    [w, s, e, n]: [f64; 4],
    (from, to): (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
) -> EventQuery {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    EventQuery {
        bbox: Some(format!("{w:.5},{s:.5},{e:.5},{n:.5}")),
        from: day(from),
        to: day(to),
        ..EventQuery::default()
    }
}

/// The most events the layer draws at once; past them the list links to the `/events` page.
pub const EVENTS_IN_VIEW: usize = 200;

/// Published organisations matching `query`, in name order.
pub async fn organizations(query: OrganizationQuery) -> Result<OrganizationPage, ApiError> {
    get_json(&with_query("/api/v1/organizations", &query)?).await
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

/// The GeoNames places to name on a map showing `bbox` at `zoom` (without a street basemap).
pub async fn map_places(bbox: [f64; 4], zoom: u8) -> Result<Vec<CitySuggestion>, ApiError> {
    let [min_lon, min_lat, max_lon, max_lat] = bbox;
    get_json(&format!(
        "/api/v1/map/places?bbox={min_lon:.4},{min_lat:.4},{max_lon:.4},{max_lat:.4}&zoom={zoom}"
    ))
    .await
}

/// Place names for the location picker: at most 8 starting with `query`.
pub async fn cities(query: String) -> Result<Vec<CitySuggestion>, ApiError> {
    get_json(&format!("/api/v1/cities?q={}&limit=8", urlencode(&query))).await
}

/// Published resources matching the filters.
pub async fn resources(query: ResourceQuery) -> Result<Vec<Resource>, ApiError> {
    get_json(&with_query("/api/v1/resources", &query)?).await
}

/// The server's page `/org/{slug}` in `lang`, as HTML: the app shows the server's rendering of
/// an organisation rather than drawing the same page a second time (one home for the page, and
/// about 40 KB less in the map bundle: BENCHMARKS.md). The language goes as `Accept-Language`
/// so that the page's links carry no `lang=` of their own.
pub async fn organization_page(slug: String, lang: shared::i18n::Lang) -> Result<String, ApiError> {
    let _waiting = take_over::waiting();
    let response = Request::get(&format!("/org/{}", urlencode(&slug)))
        .header("Accept-Language", lang.code())
        .header("Accept", "text/html")
        .send()
        .await
        .map_err(|e| ApiError(e.to_string()))?;
    match response.status() {
        200 => response.text().await.map_err(|e| ApiError(e.to_string())),
        404 => Err(ApiError("not_found".to_owned())),
        status => Err(ApiError(format!("{status} {}", response.status_text()))),
    }
}

/// The self-hosted country outlines (Natural Earth) at `detail`, in the compact form
/// `crate::basemap` reads.
pub async fn basemap(detail: crate::basemap::Detail) -> Result<String, ApiError> {
    let _waiting = take_over::waiting();
    let response = Request::get(detail.url())
        .send()
        .await
        .map_err(|e| ApiError(e.to_string()))?;
    response.text().await.map_err(|e| ApiError(e.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Writes and token-holding reads without a session: the problem document as the error.

/// Sends `body` (with a bearer token when given) and reads the answer.
async fn send_json<T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Body,
    bearer: Option<&str>,
) -> Result<T, Problem> {
    let _waiting = take_over::waiting();
    let response = request(method, url, &body, bearer)?
        .send()
        .await
        .map_err(|_| unreachable_problem())?;
    if response.ok() {
        read_json(response).await
    } else {
        Err(problem_of(response).await)
    }
}

pub async fn form_token() -> Result<FormToken, Problem> {
    send_json(Method::Get, "/api/v1/form-token", Body::Empty, None).await
}

pub async fn check_submission(draft: OrganizationDraft) -> Result<SubmissionCheck, Problem> {
    let body = Body::json(&draft)?;
    send_json(Method::Post, "/api/v1/submissions/check", body, None).await
}

pub async fn submit(request: SubmissionRequest) -> Result<SubmissionReceipt, Problem> {
    let body = Body::json(&request)?;
    send_json(Method::Post, "/api/v1/submissions", body, None).await
}

pub async fn contact(slug: String, request: ContactRequest) -> Result<Acknowledgement, Problem> {
    let url = format!("/api/v1/organizations/{}/contact", urlencode(&slug));
    send_json(Method::Post, &url, Body::json(&request)?, None).await
}

pub async fn owner_entry(token: String) -> Result<OwnerEntry, Problem> {
    send_json(
        Method::Get,
        "/api/v1/owner/entry",
        Body::Empty,
        Some(&token),
    )
    .await
}

/// An owner action on `/api/v1/owner/entry/{action}`; the entry after it.
async fn owner_action(token: &str, action: &str, body: Body) -> Result<OwnerEntry, Problem> {
    let url = format!("/api/v1/owner/entry/{action}");
    send_json(Method::Post, &url, body, Some(token)).await
}

pub async fn owner_hide(token: String, request: HideRequest) -> Result<OwnerEntry, Problem> {
    owner_action(&token, "hide", Body::json(&request)?).await
}

pub async fn owner_show(token: String) -> Result<OwnerEntry, Problem> {
    owner_action(&token, "show", Body::Empty).await
}

pub async fn owner_confirm(token: String) -> Result<OwnerEntry, Problem> {
    owner_action(&token, "confirm", Body::Empty).await
}

pub async fn owner_request_deletion(token: String) -> Result<OwnerEntry, Problem> {
    owner_action(&token, "deletion-request", Body::Empty).await
}

pub async fn owner_update(token: String, draft: OrganizationDraft) -> Result<OwnerEntry, Problem> {
    owner_action(&token, "update", Body::json(&draft)?).await
}

pub async fn owner_language(
    token: String,
    request: LanguageRequest,
) -> Result<OwnerEntry, Problem> {
    owner_action(&token, "language", Body::json(&request)?).await
}

/// The group's own events, every status.
pub async fn owner_events(token: String) -> Result<Vec<ManagedEvent>, Problem> {
    send_json(
        Method::Get,
        "/api/v1/owner/events",
        Body::Empty,
        Some(&token),
    )
    .await
}

/// Posts a new event (held for review), or replaces one's details (`id`: held for review again).
pub async fn owner_save_event(
    token: String,
    id: Option<EventId>,
    draft: EventDraft,
) -> Result<ManagedEvent, Problem> {
    match id {
        None => {
            send_json(
                Method::Post,
                "/api/v1/owner/events",
                Body::json(&draft)?,
                Some(&token),
            )
            .await
        }
        Some(id) => {
            let url = format!("/api/v1/owner/events/{id}");
            send_json(Method::Put, &url, Body::json(&draft)?, Some(&token)).await
        }
    }
}

pub async fn owner_cancel_event(token: String, id: EventId) -> Result<ManagedEvent, Problem> {
    let url = format!("/api/v1/owner/events/{id}/cancel");
    send_json(Method::Post, &url, Body::Empty, Some(&token)).await
}

pub async fn request_owner_link(email: String) -> Result<Acknowledgement, Problem> {
    let body = OwnerLinkRequest {
        email,
        homepage: String::new(),
    };
    send_json(
        Method::Post,
        "/api/v1/owner/link-requests",
        Body::json(&body)?,
        None,
    )
    .await
}

pub async fn login(request: &LoginRequest) -> Result<TokenPair, Problem> {
    let body = Body::json(request)?;
    send_json(Method::Post, "/api/v1/auth/login", body, None).await
}

/// A new token pair for a refresh token (which stops working).
pub async fn refresh(request: &RefreshRequest) -> Result<TokenPair, Problem> {
    let body = Body::json(request)?;
    send_json(Method::Post, "/api/v1/auth/refresh", body, None).await
}

/// Ends every session of the account the access token belongs to.
pub async fn logout(access_token: &str) -> Result<(), Problem> {
    send_json(
        Method::Post,
        "/api/v1/auth/logout",
        Body::Empty,
        Some(access_token),
    )
    .await
}

pub async fn accept_invitation(request: &InvitationAcceptance) -> Result<(), Problem> {
    let body = Body::json(request)?;
    send_json(Method::Post, "/api/v1/auth/invitation", body, None).await
}

// ---------------------------------------------------------------------------------------------
// The dashboard: every request signed by the session.

/// Sends the dashboard's requests as the signed-in account (the session adds its access token
/// and, when the server answers 401, refreshes it once and sends the request again).
pub trait Authorised: Copy + 'static {
    /// The successful response, or the problem.
    fn send(
        self,
        method: Method,
        url: &str,
        body: &Body,
    ) -> impl Future<Output = Result<Response, Problem>>;
}

async fn authorised<T: DeserializeOwned>(
    auth: impl Authorised,
    method: Method,
    url: &str,
    body: Body,
) -> Result<T, Problem> {
    read_json(auth.send(method, url, &body).await?).await
}

/// One page of the review queue, and how many submissions wait in all.
pub async fn review_queue(
    auth: impl Authorised,
    query: &ReviewQueueQuery,
) -> Result<(Vec<ReviewItem>, usize), Problem> {
    let url = format!("/api/v1/admin/submissions?{}", query_string(query)?);
    let response = auth.send(Method::Get, &url, &Body::Empty).await?;
    let total = response
        .headers()
        .get("X-Total-Count")
        .and_then(|t| t.parse().ok());
    let items: Vec<ReviewItem> = read_json(response).await?;
    let total = total.unwrap_or(items.len());
    Ok((items, total))
}

pub async fn approve_submission(auth: impl Authorised, id: SubmissionId) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/submissions/{id}/approve");
    authorised(auth, Method::Post, &url, Body::Empty).await
}

pub async fn reject_submission(
    auth: impl Authorised,
    id: SubmissionId,
    request: &RejectRequest,
) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/submissions/{id}/reject");
    authorised(auth, Method::Post, &url, Body::json(request)?).await
}

/// The pending submissions that match a selection's filters: a bulk rejection's preview.
pub async fn submission_selection(
    auth: impl Authorised,
    query: &shared::api::moderation::SelectionQuery,
) -> Result<shared::api::moderation::SelectionPreview, Problem> {
    let url = format!(
        "/api/v1/admin/submissions/selection?{}",
        query_string(query)?
    );
    authorised(auth, Method::Get, &url, Body::Empty).await
}

pub async fn bulk_reject(
    auth: impl Authorised,
    request: &shared::api::moderation::BulkRejectRequest,
) -> Result<shared::api::moderation::BulkRejection, Problem> {
    let url = "/api/v1/admin/submissions/bulk-reject";
    authorised(auth, Method::Post, url, Body::json(request)?).await
}

pub async fn undo_rejection(
    auth: impl Authorised,
    batch: shared::domain::RejectionBatchId,
) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/rejection-batches/{batch}/undo");
    authorised(auth, Method::Post, &url, Body::Empty).await
}

pub async fn queue_age(
    auth: impl Authorised,
) -> Result<Vec<shared::api::moderation::QueueAge>, Problem> {
    authorised(
        auth,
        Method::Get,
        "/api/v1/admin/submissions/age",
        Body::Empty,
    )
    .await
}

/// One page of organisations in any status, and how many match the filters in all.
pub async fn admin_organizations(
    auth: impl Authorised,
    query: &AdminOrganizationQuery,
) -> Result<(Vec<AdminOrganization>, usize), Problem> {
    let url = format!("/api/v1/admin/organizations?{}", query_string(query)?);
    let response = auth.send(Method::Get, &url, &Body::Empty).await?;
    let total = response
        .headers()
        .get("X-Total-Count")
        .and_then(|t| t.parse().ok());
    let items: Vec<AdminOrganization> = read_json(response).await?;
    let total = total.unwrap_or(items.len());
    Ok((items, total))
}

pub async fn admin_organization(
    auth: impl Authorised,
    id: &str,
) -> Result<AdminOrganization, Problem> {
    let url = format!("/api/v1/admin/organizations/{}", urlencode(id));
    authorised(auth, Method::Get, &url, Body::Empty).await
}

/// What was done to an organisation, newest first.
pub async fn organization_history(
    auth: impl Authorised,
    id: &str,
) -> Result<Vec<AuditEntry>, Problem> {
    let url = format!("/api/v1/admin/organizations/{}/history", urlencode(id));
    authorised(auth, Method::Get, &url, Body::Empty).await
}

pub async fn create_organization(
    auth: impl Authorised,
    request: &AdminOrganizationRequest,
) -> Result<AdminOrganization, Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/admin/organizations", body).await
}

pub async fn update_organization(
    auth: impl Authorised,
    id: &str,
    request: &AdminOrganizationRequest,
) -> Result<AdminOrganization, Problem> {
    let url = format!("/api/v1/admin/organizations/{}", urlencode(id));
    authorised(auth, Method::Put, &url, Body::json(request)?).await
}

/// Publishes, hides or archives an organisation.
pub async fn set_organization_status(
    auth: impl Authorised,
    id: &str,
    change: &StatusChange,
) -> Result<AdminOrganization, Problem> {
    let url = format!("/api/v1/admin/organizations/{}/status", urlencode(id));
    authorised(auth, Method::Post, &url, Body::json(change)?).await
}

pub async fn delete_organization(auth: impl Authorised, id: &str) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/organizations/{}", urlencode(id));
    authorised(auth, Method::Delete, &url, Body::Empty).await
}

pub async fn users(auth: impl Authorised) -> Result<Vec<UserView>, Problem> {
    authorised(auth, Method::Get, "/api/v1/admin/users", Body::Empty).await
}

pub async fn create_user(
    auth: impl Authorised,
    request: &NewUserRequest,
) -> Result<UserView, Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/admin/users", body).await
}

pub async fn update_user(
    auth: impl Authorised,
    id: UserId,
    change: &UserUpdate,
) -> Result<UserView, Problem> {
    let url = format!("/api/v1/admin/users/{id}");
    authorised(auth, Method::Put, &url, Body::json(change)?).await
}

/// Turns an account's two-factor sign-in off (a lost phone).
pub async fn reset_two_factor(auth: impl Authorised, id: UserId) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/users/{id}/reset-2fa");
    authorised(auth, Method::Post, &url, Body::Empty).await
}

pub async fn create_partnership(
    auth: impl Authorised,
    request: &PartnershipRequest,
) -> Result<Created, Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/admin/partnerships", body).await
}

pub async fn delete_partnership(auth: impl Authorised, id: PartnershipId) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/partnerships/{id}");
    authorised(auth, Method::Delete, &url, Body::Empty).await
}

pub async fn create_resource(
    auth: impl Authorised,
    request: &ResourceRequest,
) -> Result<Created, Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/admin/resources", body).await
}

pub async fn update_resource(
    auth: impl Authorised,
    id: ResourceId,
    request: &ResourceRequest,
) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/resources/{id}");
    authorised(auth, Method::Put, &url, Body::json(request)?).await
}

pub async fn delete_resource(auth: impl Authorised, id: ResourceId) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/resources/{id}");
    authorised(auth, Method::Delete, &url, Body::Empty).await
}

pub async fn crisis_actions(auth: impl Authorised) -> Result<Vec<CrisisView>, Problem> {
    authorised(auth, Method::Get, "/api/v1/admin/crisis", Body::Empty).await
}

pub async fn start_crisis(
    auth: impl Authorised,
    request: &CrisisRequest,
) -> Result<CrisisView, Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/admin/crisis", body).await
}

pub async fn restore_crisis(auth: impl Authorised, id: CrisisId) -> Result<CrisisView, Problem> {
    let url = format!("/api/v1/admin/crisis/{id}/restore");
    authorised(auth, Method::Post, &url, Body::Empty).await
}

pub async fn contact_messages(auth: impl Authorised) -> Result<Vec<ContactMessageView>, Problem> {
    let url = "/api/v1/admin/contact-messages";
    authorised(auth, Method::Get, url, Body::Empty).await
}

pub async fn set_contact_message_status(
    auth: impl Authorised,
    id: ContactMessageId,
    change: &ContactMessageStatus,
) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/contact-messages/{id}/status");
    authorised(auth, Method::Post, &url, Body::json(change)?).await
}

pub async fn outbox(auth: impl Authorised) -> Result<Vec<OutboxItem>, Problem> {
    authorised(auth, Method::Get, "/api/v1/admin/outbox", Body::Empty).await
}

/// Creates or replaces the category with this key.
pub async fn save_category(
    auth: impl Authorised,
    key: &str,
    request: &CategoryRequest,
) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/categories/{}", urlencode(key));
    authorised(auth, Method::Put, &url, Body::json(request)?).await
}

/// Creates or replaces the focus area with this key.
pub async fn save_focus_area(
    auth: impl Authorised,
    key: &str,
    request: &FocusAreaRequest,
) -> Result<(), Problem> {
    let url = format!("/api/v1/admin/focus-areas/{}", urlencode(key));
    authorised(auth, Method::Put, &url, Body::json(request)?).await
}

/// A new password; every session of the account ends.
pub async fn change_password(
    auth: impl Authorised,
    request: &PasswordChange,
) -> Result<(), Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/auth/password", body).await
}

pub async fn totp_setup(auth: impl Authorised) -> Result<TotpSetup, Problem> {
    authorised(auth, Method::Post, "/api/v1/auth/totp/setup", Body::Empty).await
}

pub async fn totp_enable(
    auth: impl Authorised,
    request: &TotpCode,
) -> Result<RecoveryCodes, Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/auth/totp/enable", body).await
}

/// The formats of import and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    GeoJson,
}

impl FileFormat {
    /// The value of the `format` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::GeoJson => "geojson",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv",
            Self::GeoJson => "application/geo+json",
        }
    }
}

/// Imports a file; with `dry_run`, only says what it would do.
pub async fn import(
    auth: impl Authorised,
    format: FileFormat,
    dry_run: bool,
    text: String,
) -> Result<ImportReport, Problem> {
    let url = format!(
        "/api/v1/admin/import?format={}&dry_run={dry_run}",
        format.as_str()
    );
    let body = Body::Raw {
        content_type: format.content_type(),
        text,
    };
    authorised(auth, Method::Post, &url, body).await
}

/// Every organisation as a file, in its text.
pub async fn export(auth: impl Authorised, format: FileFormat) -> Result<String, Problem> {
    let url = format!("/api/v1/admin/export?format={}", format.as_str());
    let response = auth.send(Method::Get, &url, &Body::Empty).await?;
    response.text().await.map_err(|_| unreachable_problem())
}

/// Visitors' reports: `waiting`, `resolved` or `all` (moderators).
pub async fn reports(auth: impl Authorised, state: &str) -> Result<Vec<ReportView>, Problem> {
    let url = format!("/api/v1/admin/reports?state={}", urlencode(state));
    authorised(auth, Method::Get, &url, Body::Empty).await
}

/// A report with the entry's other reports and history (moderators).
pub async fn report_detail(auth: impl Authorised, id: ReportId) -> Result<ReportDetail, Problem> {
    let url = format!("/api/v1/admin/reports/{id}");
    authorised(auth, Method::Get, &url, Body::Empty).await
}

/// Resolves a report (moderators).
pub async fn resolve_report(
    auth: impl Authorised,
    id: ReportId,
    request: &ResolveReport,
) -> Result<ReportView, Problem> {
    let url = format!("/api/v1/admin/reports/{id}/resolve");
    authorised(auth, Method::Post, &url, Body::json(request)?).await
}

/// Links whose last check failed (moderators).
pub async fn failing_links(auth: impl Authorised) -> Result<Vec<LinkCheckView>, Problem> {
    authorised(auth, Method::Get, "/api/v1/admin/link-checks", Body::Empty).await
}

/// Checks the links due now instead of waiting for the background pass (moderators).
pub async fn run_link_checks(auth: impl Authorised) -> Result<LinkCheckPass, Problem> {
    authorised(
        auth,
        Method::Post,
        "/api/v1/admin/link-checks/run",
        Body::Empty,
    )
    .await
}

/// Published entries by confirmation age, in all, per country and per category (moderators).
pub async fn freshness_figures(auth: impl Authorised) -> Result<FreshnessFigures, Problem> {
    authorised(auth, Method::Get, "/api/v1/admin/freshness", Body::Empty).await
}

/// The same figures as a CSV file's text.
pub async fn freshness_csv(auth: impl Authorised) -> Result<String, Problem> {
    let response = auth
        .send(Method::Get, "/api/v1/admin/freshness.csv", &Body::Empty)
        .await?;
    response.text().await.map_err(|_| unreachable_problem())
}

/// Sends the "still active?" reminder again to the groups of a selection of entries.
pub async fn send_reminders(
    auth: impl Authorised,
    request: &ReminderRequest,
) -> Result<ReminderReport, Problem> {
    let body = Body::json(request)?;
    authorised(
        auth,
        Method::Post,
        "/api/v1/admin/freshness/reminders",
        body,
    )
    .await
}

/// Events by state (`pending`, `published`, `rejected`, `cancelled` or `all`) of the
/// organisers in the moderator's countries.
pub async fn admin_events(
    auth: impl Authorised,
    state: &str,
) -> Result<Vec<shared::api::ManagedEvent>, Problem> {
    let url = format!("/api/v1/admin/events?state={}", urlencode(state));
    authorised(auth, Method::Get, &url, Body::Empty).await
}

pub async fn approve_event(
    auth: impl Authorised,
    id: shared::domain::EventId,
) -> Result<shared::api::ManagedEvent, Problem> {
    let url = format!("/api/v1/admin/events/{id}/approve");
    authorised(auth, Method::Post, &url, Body::Empty).await
}

pub async fn reject_event(
    auth: impl Authorised,
    id: shared::domain::EventId,
    request: &RejectRequest,
) -> Result<shared::api::ManagedEvent, Problem> {
    let url = format!("/api/v1/admin/events/{id}/reject");
    authorised(auth, Method::Post, &url, Body::json(request)?).await
}

/// Cancels any group's event (moderators).
pub async fn cancel_event_for_group(
    auth: impl Authorised,
    id: shared::domain::EventId,
) -> Result<shared::api::ManagedEvent, Problem> {
    let url = format!("/api/v1/admin/events/{id}/cancel");
    authorised(auth, Method::Post, &url, Body::Empty).await
}

/// A moderator's event for a group, published at once.
pub async fn create_event_for_group(
    auth: impl Authorised,
    request: &shared::api::AdminEventRequest,
) -> Result<shared::api::ManagedEvent, Problem> {
    let body = Body::json(request)?;
    authorised(auth, Method::Post, "/api/v1/admin/events", body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_string_leaves_out_absent_fields_and_encodes_the_rest() {
        let query = OrganizationQuery {
            q: Some("al quds".to_owned()),
            category: Some("media,student_group".to_owned()),
            ..OrganizationQuery::default()
        };
        assert_eq!(
            query_string(&query).ok().as_deref(),
            Some("category=media,student_group&q=al%20quds")
        );
    }
}
