//! Freshness for admins (issue #18): published entries by how long ago a person last confirmed
//! them, as JSON and CSV, and the "still active?" reminder re-sent in bulk. Moderators and
//! admins alike: the figures hold no private field, and the reminders are the maintenance
//! pass's own e-mail, at most one per group a fortnight.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use shared::api::admin::{FreshnessFigures, ReminderReport, ReminderRequest};

use super::private_json;
use crate::auth::extract::Moderator;
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::json_body;
use crate::services::{freshness, moderation};

/// Published entries by how long ago a person (their owner or a moderator) last confirmed
/// them: under 6 months, 6 to 12 months, over 12 months (stale) and never (imported, not
/// confirmed since), in all, per country and per category. A moderator limited to some countries
/// counts the entries in those countries.
#[utoipa::path(
    operation_id = "freshness_figures",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The figures", body = FreshnessFigures),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/freshness")]
pub async fn figures(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
) -> Result<HttpResponse, ApiError> {
    let now = chrono::Utc::now();
    let counted = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        Ok(freshness::figures(conn, &scope, now)?)
    })
    .await?;
    Ok(private_json(&counted))
}

/// The same figures as a CSV file: a `total` row, then a row per country and per category,
/// with the columns `breakdown`, `key`, `name` (English), `under_6_months`,
/// `from_6_to_12_months`, `over_12_months`, `never_confirmed` and `total`.
#[utoipa::path(
    operation_id = "freshness_figures_csv",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "An attachment: UTF-8 CSV with a header row", content_type = "text/csv", body = String),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/freshness.csv")]
pub async fn figures_csv(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
) -> Result<HttpResponse, ApiError> {
    let now = chrono::Utc::now();
    let body = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        let counted = freshness::figures(conn, &scope, now)?;
        freshness::csv(conn, &counted)
    })
    .await?;
    let name = format!("freshness-{}.csv", shared::api::confirmed_date(now));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}

/// Sends the "still active?" reminder (the one the maintenance pass sends before consent runs
/// out) again to the group of every published entry of one confirmation age, optionally in
/// one country and of one category. A group without a contact address, or reminded in the
/// last 14 days (by this or by the maintenance pass), is skipped and counted. Recorded in the
/// audit log.
///
/// Problems: `400` an unknown age, or a malformed country code or category key (field by field);
/// `403` a country outside those the moderator is limited to (without a country: the entries in
/// their countries).
#[utoipa::path(
    operation_id = "send_freshness_reminders",
    tag = "admin",
    security(("bearer" = [])),
    request_body = ReminderRequest,
    responses(
        (status = 200, description = "How many reminders were queued, and how many entries were skipped and why", body = ReminderReport),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[post("/api/v1/admin/freshness/reminders")]
pub async fn send_reminders(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    Moderator(user): Moderator,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = json_body::<ReminderRequest>(&body)?;
    let selection = request.validate().map_err(ApiError::Invalid)?;
    let report = with_db(&pool, move |conn| {
        let scope = moderation::scope_of(conn, user.id)?;
        freshness::send_reminders(
            conn,
            &settings,
            &user,
            &scope,
            &selection,
            crate::db::models::now(),
        )
    })
    .await?;
    Ok(private_json(&report))
}
