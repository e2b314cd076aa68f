//! `GET /api/v1/calls-to-action`: the asks of Jerusalem grassroots organisations that stand
//! now (issue #19).

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::api::{CallToAction, CallToActionQuery};
use shared::domain::FieldError;

/// The longest `organization` (a slug or an id) looked up, as the schema says.
const MAX_KEY_CHARS: usize = 100;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::{current_snapshot, problems, with_db};
use crate::http::cacheable_json;
use crate::index::PublicIndex;
use crate::services::calls_to_action;

/// Calls to action from Jerusalem that stand now, soonest by-when day first: published, their
/// day not passed (UTC), and their organisation on the map. An organisation hidden by its
/// owner, a crisis or a lapsed consent takes its asks with it. At most 500.
///
/// Problems: `400` `organization` is longer than 100 characters.
#[utoipa::path(
    tag = "calls-to-action",
    params(CallToActionQuery),
    responses(
        (status = 200, description = "Current calls to action", body = Vec<CallToAction>),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/calls-to-action")]
pub async fn list_calls_to_action(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    query: web::Query<CallToActionQuery>,
) -> Result<HttpResponse, ApiError> {
    if query
        .organization
        .as_deref()
        .is_some_and(|o| o.chars().count() > MAX_KEY_CHARS)
    {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "organization",
            "too_long",
            format!("must be at most {MAX_KEY_CHARS} characters"),
        )]));
    }
    let snapshot = current_snapshot(&pool, &index).await?;
    let wanted = match query
        .organization
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        // Not on the map (or not now): no asks, as for any filter nothing matches.
        Some(key) => match snapshot.find(key) {
            Some(organization) => Some(organization.id),
            None => return cacheable_json(&req, &Vec::<CallToAction>::new()),
        },
        None => None,
    };
    let asks = with_db(&pool, move |conn| {
        calls_to_action::public_current(
            conn,
            &snapshot,
            calls_to_action::today(crate::db::models::now()),
        )
    })
    .await?;
    let asks: Vec<CallToAction> = asks
        .into_iter()
        .filter(|a| wanted.is_none_or(|id| a.organization.id == id))
        .collect();
    cacheable_json(&req, &asks)
}
