use std::sync::Arc;

use actix_web::{HttpResponse, post, web};
use shared::api::{Organization, ReportReceipt, ReportRequest};

use crate::config::{JoinSettings, MailSettings};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::submissions::check_form_token;
use crate::handlers::{current_snapshot, with_db};
use crate::http::Json;
use crate::index::{PublicIndex, Snapshot};

/// Reports a problem with a listed entry: it is not active any more, details are wrong, it is
/// in the wrong place, it duplicates another entry (`duplicate_of`), or listing it is unsafe.
/// No account, and nothing is kept of who reported (no address, no name); the text is read by
/// moderators only. The report waits in the moderators' queue and the entry's owner is told
/// (what kind of problem, not the text). A report that listing it is `unsafe` hides the entry at
/// once, until a moderator has looked (`hidden_for_review`). Whether, or how often, an entry was
/// reported is never public.
///
/// Problems: `400` field by field (also for a form token used already, `form_token_used`, and a
/// `duplicate_of` that names no other entry on the map, `unknown_entry`/`same_entry`); `404` no
/// published organisation has this id or slug.
#[utoipa::path(
    operation_id = "create_report",
    tag = "organizations",
    params(("id_or_slug" = String, Path, description = "The organisation's UUID or its slug")),
    request_body = ReportRequest,
    responses(
        (status = 202, description = "The report waits for the moderators", body = ReportReceipt),
        (status = 400, response = problems::BadRequest),
        (status = 404, response = problems::NotFound),
        (status = 429, response = problems::TooManyRequests)
    )
)]
#[post("/api/v1/organizations/{id_or_slug}/reports")]
pub async fn create_report(
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    settings: web::Data<JoinSettings>,
    mail: web::Data<MailSettings>,
    id_or_slug: web::Path<String>,
    request: Json<ReportRequest>,
) -> Result<HttpResponse, ApiError> {
    let snapshot = current_snapshot(&pool, &index).await?;
    let organization = snapshot
        .find(&id_or_slug)
        .cloned()
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))?;
    let hidden_for_review = file_report(
        &pool,
        &snapshot,
        &settings,
        &mail,
        &organization,
        &request.into_inner(),
    )
    .await?;
    let detail = if hidden_for_review {
        "Thank you. The entry is hidden while the moderators review your report."
    } else {
        "Thank you. The moderators will review your report."
    };
    Ok(HttpResponse::Accepted().json(ReportReceipt {
        detail: detail.to_owned(),
        hidden_for_review,
    }))
}

/// Checks a report (its fields, the other entry of a duplicate, the form token, all at once)
/// and stores it; what the API and the page's form share. Returns whether the entry is hidden
/// while the report is reviewed.
pub async fn file_report(
    pool: &web::Data<DbPool>,
    snapshot: &Arc<Snapshot>,
    settings: &web::Data<JoinSettings>,
    mail: &web::Data<MailSettings>,
    organization: &Organization,
    request: &ReportRequest,
) -> Result<bool, ApiError> {
    let validated = request.validate();
    let mut errors = validated.as_ref().err().cloned().unwrap_or_default();
    let duplicate_of = match &validated {
        Ok(valid) => crate::services::reports::duplicate_target(snapshot, organization, valid)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten(),
        Err(_) => None,
    };
    let form_token = check_form_token(settings, &request.form_token, &mut errors);
    let (Some(form_token), Ok(valid), true) = (form_token, validated, errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let (settings, mail, organization) = (
        settings.clone().into_inner(),
        mail.clone().into_inner(),
        organization.clone(),
    );
    with_db(pool, move |conn| {
        crate::services::reports::receive(
            conn,
            &settings,
            &mail,
            &form_token,
            &organization,
            &valid,
            duplicate_of,
        )
    })
    .await
}
