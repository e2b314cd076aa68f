//! The public pages as plain HTML, rendered by the server in the reader's language: everything a
//! visitor needs works without JavaScript or WebAssembly, and the WebAssembly app, where it runs,
//! takes over the same page at the same URL.
//!
//! Rendering is `maud`: templates are Rust, checked at compile time, and every value is escaped
//! unless wrapped in `PreEscaped` (used only for JSON-LD, escaped for `<script>` by
//! [`layout::json_ld`]). The words come from `shared::i18n` (the same tables as the app), the
//! rules from `shared` (the same validation as the API), the data from the public index.

mod about_page;
mod admin_page;
mod contact_page;
mod embed_page;
mod events_page;
mod forms;
mod join_page;
mod layout;
mod map_page;
mod names;
mod organization_page;
mod owner_events;
mod owner_page;
mod reader;
mod reference;
mod report_page;
mod resources_page;
mod svg_map;
mod unsubscribe_page;

use actix_web::web;

pub use names::{country_name, language_name};
pub use reader::Reader;
pub use reference::ReferenceCache;

/// Mounts the pages. The API's routes are mounted before these, the static files after.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(map_page::show))
        .route("/org/{slug}", web::get().to(organization_page::show))
        .route("/org/{slug}/events", web::get().to(events_page::archive))
        .route("/events", web::get().to(events_page::list))
        .route("/events/{slug}", web::get().to(events_page::show))
        .route("/join", web::get().to(join_page::show))
        .route("/join", web::post().to(join_page::submit))
        .route("/contact/{slug}", web::get().to(contact_page::show))
        .route("/contact/{slug}", web::post().to(contact_page::submit))
        .route("/report/{slug}", web::get().to(report_page::show))
        .route("/report/{slug}", web::post().to(report_page::submit))
        .route("/owner", web::get().to(owner_page::show))
        .route("/owner", web::post().to(owner_page::act))
        .route(
            "/unsubscribe/{token}",
            web::get().to(unsubscribe_page::show),
        )
        .route(
            "/unsubscribe/{token}",
            web::post().to(unsubscribe_page::unsubscribe),
        )
        .route("/resources", web::get().to(resources_page::show))
        .route("/about", web::get().to(about_page::show))
        .route("/embed", web::get().to(embed_page::show))
        .route("/admin", web::get().to(admin_page::show))
        .route("/admin/{section:.*}", web::get().to(admin_page::show))
        // Clients that ask for the old name get the icon, not the not-found page.
        .service(web::redirect("/favicon.ico", "/favicon.svg").permanent());
}

/// A path no page or file answers: a page that says so, in the reader's language.
/// The answer to a page's form sent too often (the write limit): a page in the reader's
/// language, not the API's problem document.
pub fn too_many_requests(req: &actix_web::HttpRequest) -> actix_web::HttpResponse {
    let reader = Reader::of(req);
    let text = reader.t(shared::i18n::PagesMsg::TooManyRequests);
    let page = layout::message_page(req, &reader, text, text);
    layout::respond(
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        &reader,
        page,
    )
}

pub fn not_found(req: &actix_web::HttpRequest) -> actix_web::HttpResponse {
    let reader = Reader::of(req);
    let text = reader.t(shared::i18n::Msg::PageNotFound);
    let page = layout::message_page(req, &reader, text, text);
    layout::respond(actix_web::http::StatusCode::NOT_FOUND, &reader, page)
}
