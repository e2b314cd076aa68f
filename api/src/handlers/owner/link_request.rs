use actix_web::{HttpResponse, post, web};
use shared::api::{Acknowledgement, OwnerLinkRequest};

use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::Json;

/// A lost owner link: a new one is sent to the entry's contact address. The answer is the same
/// whether or not the address is known.
///
/// Problems: `400` not an e-mail address.
#[utoipa::path(
    tag = "owner",
    request_body = OwnerLinkRequest,
    responses(
        (status = 202, description = "If the address belongs to an entry, a new link is on its way", body = Acknowledgement),
        (status = 400, response = problems::BadRequest)
    )
)]
#[post("/api/v1/owner/link-requests")]
pub async fn request_owner_link(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    request: Json<OwnerLinkRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = request.validate().map_err(ApiError::Invalid)?;
    let settings = settings.into_inner();
    with_db(&pool, move |conn| {
        crate::services::owner::send_new_owner_links(conn, &settings, email.as_str())
    })
    .await?;
    Ok(HttpResponse::Accepted().json(Acknowledgement {
        detail:
            "If this address belongs to an entry on the map, a new owner link is on its way to it."
                .to_owned(),
    }))
}
