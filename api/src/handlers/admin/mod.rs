//! `/api/v1/admin/…`: what moderators and admins do. Every operation needs a bearer access
//! token; the extractor in its signature says which role.

pub mod audit;
pub mod calls_to_action;
pub mod contact_messages;
pub mod crisis;
pub mod events;
pub mod freshness;
pub mod link_checks;
pub mod moderation;
pub mod organizations;
pub mod outbox;
pub mod partnerships;
pub mod reports;
pub mod resources;
pub mod submissions;
pub mod taxonomy;
pub mod transfer;
pub mod users;

use actix_web::HttpResponse;

/// Admin answers are private: never cached.
pub fn private_json<T: serde::Serialize>(body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(body)
}
