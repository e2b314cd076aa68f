//! `/api/v1/owner/events…`: a group lists, posts, edits and cancels its events with its owner token
//! (issue #19). Every new or edited event is held for review.

pub mod cancel;
pub mod create;
pub mod list;
pub mod update;

use actix_web::HttpResponse;
use shared::api::ManagedEvent;

/// An owner's answer: private to the group, never cached.
fn private(status: actix_web::http::StatusCode, event: &ManagedEvent) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("Cache-Control", "no-store"))
        .json(event)
}
