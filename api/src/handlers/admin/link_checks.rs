use actix_web::{HttpResponse, get, post, web};
use shared::api::admin::{LinkCheckPass, LinkCheckView};

use super::private_json;
use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::link_check::Checker;
use crate::services::link_checks;

/// Links that failed their last check (dead ones first), with the entries and resources that
/// use them. A dead link (three failed checks a week apart) is left out of the public pages
/// and answers until a check succeeds again. A moderator limited to some countries sees the links
/// of entries in those countries (and not the resources', which belong to no country).
#[utoipa::path(
    operation_id = "list_link_checks",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Failing links", body = Vec<LinkCheckView>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/link-checks")]
pub async fn list(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
) -> Result<HttpResponse, ApiError> {
    let failing = with_db(&pool, move |conn| {
        let scope = crate::services::moderation::scope_of(conn, user.id)?;
        Ok(link_checks::failing(conn, &scope)?)
    })
    .await?;
    Ok(private_json(&failing))
}

/// Looks for new links and checks those due now (at most 40, so that the answer comes within a
/// few minutes even if every one of them times out), instead of waiting for the background pass.
/// Links are due once every 30 days while they work, a week after a failure.
#[utoipa::path(
    operation_id = "run_link_checks",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "What the pass did", body = LinkCheckPass),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[post("/api/v1/admin/link-checks/run")]
pub async fn run(
    pool: web::Data<DbPool>,
    checker: web::Data<Checker>,
    _: Moderator,
) -> Result<HttpResponse, ApiError> {
    const MOST: i64 = 40;
    let pass = link_checks::run_pass(&pool, &checker, MOST, true)
        .await
        .map_err(ApiError::Unavailable)?;
    Ok(private_json(&pass))
}
