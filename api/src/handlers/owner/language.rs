use actix_web::{HttpResponse, post, web};
use shared::api::{LanguageRequest, OwnerEntry};

use super::{Owner, act_then_show};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::db::models::ownership;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::Json;

/// Changes the language of our e-mails to the group. Private, and applied at once: nothing
/// public changes, so no moderator reviews it.
///
/// Problems: `400` not one of the map's languages.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    request_body = LanguageRequest,
    responses(
        (status = 200, description = "Changed", body = OwnerEntry),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[post("/api/v1/owner/entry/language")]
pub async fn set_language(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    owner: Owner,
    request: Json<LanguageRequest>,
) -> Result<HttpResponse, ApiError> {
    let language = request.into_inner().language;
    act_then_show(&pool, &settings, owner, move |conn, id, _| {
        Ok(ownership::set_language(conn, id, language)?)
    })
    .await
}
