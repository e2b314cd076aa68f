use actix_web::{HttpResponse, get, post, web};
use serde_json::json;
use shared::api::admin::{ContactMessageStatus, ContactMessageView};
use shared::domain::FieldError;

use super::private_json;
use crate::auth::extract::Moderator;
use crate::db::DbPool;
use crate::db::models::{audit, content};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use shared::domain::{ContactMessageId, RelayStatus};

/// The relay inbox: messages for Jerusalem organisations, which moderators pass on. A moderator
/// limited to some countries sees the messages to entries in those countries.
#[utoipa::path(
    operation_id = "list_contact_messages",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Messages, newest first", body = Vec<ContactMessageView>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/contact-messages")]
pub async fn list(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
) -> Result<HttpResponse, ApiError> {
    let items = with_db(&pool, move |conn| {
        let scope = crate::services::moderation::scope_of(conn, user.id)?;
        Ok(content::contact_messages(conn, scope.codes().as_deref())?)
    })
    .await?;
    Ok(private_json(&items))
}

/// Marks a message introduced or closed.
///
/// Problems: `400` unknown status; `403` the message was sent to an entry outside the countries
/// the moderator is limited to.
#[utoipa::path(
    operation_id = "set_contact_message_status",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The message")),
    request_body = ContactMessageStatus,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[post("/api/v1/admin/contact-messages/{id}/status")]
pub async fn set_status(
    pool: web::Data<DbPool>,
    Moderator(user): Moderator,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<ContactMessageStatus>(&body)?);
    let Some(status) = RelayStatus::parse(&request.into_inner().status) else {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "status",
            "invalid_choice",
            "must be new, introduced or closed",
        )]));
    };
    let id: ContactMessageId = id_in_path(&id, "message")?;
    with_db(&pool, move |conn| {
        let entry = content::contact_message_entry(conn, id)?
            .ok_or_else(|| ApiError::NotFound("message".to_owned()))?;
        crate::services::moderation::require_entry(conn, user.id, entry)?;
        crate::db::write_transaction(conn, |conn| {
            let before = content::set_contact_message_status(conn, id, status)?
                .ok_or_else(|| ApiError::NotFound("message".to_owned()))?;
            audit::record(
                conn,
                &user,
                "set_contact_message_status",
                "contact_message",
                id,
                Some(json!({"status": before})),
                Some(json!({"status": status})),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
