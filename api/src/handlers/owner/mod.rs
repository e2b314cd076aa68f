//! `/api/v1/owner/…`: what a group can do with its private owner link. The token travels in
//! `Authorization: Bearer`, never in a URL, so it stays out of logs and Referer headers.

pub mod calls_to_action;
pub mod confirm;
pub mod deletion;
pub mod entry;
pub mod events;
pub mod hide;
pub mod language;
pub mod link_request;
pub mod show;
pub mod update;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use shared::domain::Status;

use crate::config::JoinSettings;
use crate::db::{AnyConnection, DbPool};
use crate::error::ApiError;
use crate::handlers::with_db;
use shared::domain::OrganizationId;

/// The entry an owner token opens. Extracting it checks the token.
pub struct Owner {
    pub organization_id: OrganizationId,
    pub status: Status,
}

impl FromRequest for Owner {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = crate::auth::extract::bearer(req)
            .filter(|t| t.len() <= 200)
            .map(str::to_owned);
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        Box::pin(async move {
            let (Some(token), Some(pool)) = (token, pool) else {
                return Err(ApiError::Unauthorized);
            };
            let (organization_id, status) = with_db(&pool, move |conn| {
                crate::services::owner::owner_of(conn, &token)
            })
            .await?;
            Ok(Owner {
                organization_id,
                status,
            })
        })
    }
}

/// Runs an owner action, then answers with the entry as it now stands.
pub async fn act_then_show(
    pool: &web::Data<DbPool>,
    settings: &web::Data<JoinSettings>,
    owner: Owner,
    action: impl FnOnce(&mut AnyConnection, OrganizationId, Status) -> Result<(), ApiError>
    + Send
    + 'static,
) -> Result<HttpResponse, ApiError> {
    let settings = settings.clone().into_inner();
    let entry = with_db(pool, move |conn| {
        action(conn, owner.organization_id, owner.status)?;
        let status =
            crate::db::models::ownership::organization_status(conn, owner.organization_id)?;
        crate::services::owner::owner_entry(conn, &settings, owner.organization_id, status)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(entry))
}
