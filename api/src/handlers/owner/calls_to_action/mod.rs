//! `/api/v1/owner/calls-to-action…`: a Jerusalem grassroots organisation lists, publishes, edits
//! and withdraws its asks with its owner token (issue #19). Published at once: Jerusalem
//! partners are curated.

pub mod create;
pub mod list;
pub mod update;
pub mod withdraw;

use actix_web::HttpResponse;
use shared::api::ManagedCallToAction;

/// An owner's answer: private to the organisation, never cached.
fn private(status: actix_web::http::StatusCode, ask: &ManagedCallToAction) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("Cache-Control", "no-store"))
        .json(ask)
}
