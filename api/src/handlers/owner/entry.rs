use actix_web::{HttpResponse, get, web};
use shared::api::OwnerEntry;

use super::{Owner, act_then_show};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;

/// The owner's entry: status, the stored version, a pending update, when to confirm by.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    responses(
        (status = 200, description = "The entry", body = OwnerEntry),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[get("/api/v1/owner/entry")]
pub async fn owner_entry(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    act_then_show(&pool, &settings, owner, |_, _, _| Ok(())).await
}
