//! `/unsubscribe/{token}`: a group stops the daily digest of calls to action with one click,
//! without an account (issue #19). The link in the e-mail opens a page with a button (a GET
//! must change nothing: mail scanners follow links); the button, or a mail client's one-click
//! `List-Unsubscribe-Post` (RFC 8058), POSTs to the same address. The token is signed, names
//! the group, and is stored nowhere.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use shared::i18n::{Msg, SiteMsg};

use super::Reader;
use super::layout::{self, Head};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::with_db;
use crate::services::calls_to_action;

/// Longer than any token we make; anything longer is not looked at.
const MAX_TOKEN_CHARS: usize = 100;

fn invalid(req: &HttpRequest, reader: &Reader) -> HttpResponse {
    let page = layout::message_page(
        req,
        reader,
        reader.t(SiteMsg::UnsubscribeInvalidTitle),
        reader.t(SiteMsg::UnsubscribeInvalidText),
    );
    layout::respond(StatusCode::NOT_FOUND, reader, page)
}

pub async fn show(req: HttpRequest, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    if token.len() > MAX_TOKEN_CHARS || !calls_to_action::token_is_valid(&token)? {
        return Ok(invalid(&req, &reader));
    }
    let title = reader.t(SiteMsg::UnsubscribeTitle);
    let main = html! {
        main id="main" class="form-page unsubscribe-page" {
            h1 { (title) }
            p { (reader.t(SiteMsg::UnsubscribeText)) }
            form method="post" action=(reader.href(&format!("/unsubscribe/{}", token.as_str()))) {
                button type="submit" class="primary" { (reader.t(SiteMsg::UnsubscribeButton)) }
            }
            p { a href=(reader.href("/")) { (reader.t(Msg::BackToMap)) } }
        }
    };
    let head = Head {
        indexable: false,
        ..Head::titled(layout::page_title(&reader, title))
    };
    let page = layout::document(&req, &reader, head, None, true, main);
    Ok(layout::respond(StatusCode::OK, &reader, page))
}

/// The one click: whatever the body says (a browser's empty form, or a mail client's
/// `List-Unsubscribe=One-Click`), a valid token unsubscribes its group.
pub async fn unsubscribe(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let token = token.into_inner();
    if token.len() > MAX_TOKEN_CHARS {
        return Ok(invalid(&req, &reader));
    }
    let done = with_db(&pool, move |conn| {
        calls_to_action::unsubscribe(conn, &token)
    })
    .await?;
    if !done {
        return Ok(invalid(&req, &reader));
    }
    let page = layout::message_page(
        &req,
        &reader,
        reader.t(SiteMsg::UnsubscribedTitle),
        reader.t(SiteMsg::UnsubscribedText),
    );
    Ok(layout::respond(StatusCode::OK, &reader, page))
}
