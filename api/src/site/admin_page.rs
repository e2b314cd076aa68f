//! `/admin`: the dashboard is a WebAssembly app. Without scripts or WebAssembly the page says
//! so, in the reader's language, instead of staying blank.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use maud::html;
use shared::i18n::SiteMsg;

use super::Reader;
use super::layout::{self, App, Head};

pub async fn show(req: HttpRequest) -> HttpResponse {
    let reader = Reader::of(&req);
    let main = html! {
        main id="main" class="form-page" {
            h1 { (reader.t(SiteMsg::DashboardTitle)) }
            p { (reader.t(SiteMsg::DashboardNeedsScripts)) }
        }
    };
    let head = Head {
        indexable: false,
        ..Head::titled(layout::page_title(
            &reader,
            reader.t(SiteMsg::DashboardTitle),
        ))
    };
    let page = layout::document(&req, &reader, head, Some(App::Admin), false, main);
    layout::respond(StatusCode::OK, &reader, page)
}
