use actix_web::{HttpResponse, post, web};
use shared::api::OwnerEntry;

use super::{Owner, act_then_show};
use crate::config::{JoinSettings, MailSettings};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;

/// Asks for the entry to be deleted: it is hidden at once and the moderators delete it.
#[utoipa::path(
    tag = "owner",
    security(("owner_token" = [])),
    responses(
        (status = 200, description = "Hidden; deletion requested", body = OwnerEntry),
        (status = 401, response = problems::Unauthorized)
    )
)]
#[post("/api/v1/owner/entry/deletion-request")]
pub async fn request_deletion(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    mail: web::Data<MailSettings>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let mail = mail.into_inner();
    let outbox_key = settings.outbox_key.clone();
    act_then_show(&pool, &settings, owner, move |conn, id, _| {
        crate::services::owner::request_deletion(conn, &mail, &outbox_key, id)
    })
    .await
}
