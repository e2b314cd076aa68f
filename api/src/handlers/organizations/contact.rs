use actix_web::{HttpResponse, post, web};
use shared::api::{Acknowledgement, ContactRequest};

use crate::config::{JoinSettings, MailSettings};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::submissions::check_form_token;
use crate::handlers::{current_snapshot, with_db};
use crate::http::Json;
use crate::index::PublicIndex;

/// Writes to a listed group without seeing its address: the message is relayed by e-mail, with
/// the sender's address to answer to. Messages for Jerusalem organisations go to the
/// moderators, who make the introduction.
///
/// Problems: `400` also for a form token used already (`form_token_used`); `404` no published
/// organisation has this id or slug.
#[utoipa::path(
    tag = "organizations",
    params(("id_or_slug" = String, Path, description = "The organisation's UUID or its slug")),
    request_body = ContactRequest,
    responses(
        (status = 202, description = "The message is on its way", body = Acknowledgement),
        (status = 400, response = problems::BadRequest),
        (status = 404, response = problems::NotFound),
        (status = 429, response = problems::TooManyRequests)
    )
)]
#[post("/api/v1/organizations/{id_or_slug}/contact")]
pub async fn contact_organization(
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    settings: web::Data<JoinSettings>,
    mail: web::Data<MailSettings>,
    id_or_slug: web::Path<String>,
    request: Json<ContactRequest>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = current_snapshot(&pool, &index).await?;
    let organization = snapshot
        .find(&id_or_slug)
        .cloned()
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))?;
    let request = request.into_inner();
    // Validated once; the form token's errors join the fields'.
    let validated = request.validate();
    let mut errors = validated.as_ref().err().cloned().unwrap_or_default();
    let form_token = check_form_token(&settings, &request.form_token, &mut errors);
    let (Some(form_token), Ok(contact), true) = (form_token, validated, errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let mail = mail.into_inner();
    let outbox_key = settings.outbox_key.clone();
    with_db(&pool, move |conn| {
        crate::services::relay::relay_contact(
            conn,
            &mail,
            &outbox_key,
            &form_token,
            &organization,
            &contact,
        )
    })
    .await?;
    Ok(HttpResponse::Accepted().json(Acknowledgement {
        detail: "Your message is on its way.".to_owned(),
    }))
}
