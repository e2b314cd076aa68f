//! `/about`: the mission, privacy, the embed snippet, the feed and the API.

use actix_web::{HttpRequest, HttpResponse};
use maud::html;
use shared::i18n::{Msg, PagesMsg};

use super::Reader;
use super::layout::{self, App, Head};

pub async fn show(req: HttpRequest) -> HttpResponse {
    let reader = Reader::of(&req);
    let origin = {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    };
    let snippet = format!(
        "<iframe src=\"{origin}/embed?category=student_group&country=GB\" title=\"International Solidarity Map\" width=\"600\" height=\"400\" style=\"border:0\" loading=\"lazy\"></iframe>"
    );
    let feed = format!("{origin}/api/v1/feed.atom");
    let main = html! {
        main id="main" class="form-page about-page" {
            h1 { (reader.t(PagesMsg::AboutTitle)) }
            p { (reader.t(PagesMsg::AboutMission)) }
            p { (reader.t(PagesMsg::AboutPrivacy)) }
            p { a href=(reader.href("/join")) { (reader.t(Msg::NavJoin)) } }
            section aria-labelledby="embed-title" {
                h2 id="embed-title" { (reader.t(PagesMsg::EmbedTitle)) }
                p id="embed-help" { (reader.t(PagesMsg::EmbedHelp)) }
                label for="embed-code" { (reader.t(PagesMsg::EmbedCode)) }
                textarea id="embed-code" readonly rows="3" dir="ltr" aria-describedby="embed-help" data-testid="embed-code" { (snippet) }
            }
            section aria-labelledby="feed-title" {
                h2 id="feed-title" { (reader.t(PagesMsg::FeedTitle)) }
                p { (reader.t(PagesMsg::FeedHelp)) " " a href=(feed) dir="ltr" translate="no" { (feed) } }
            }
            section aria-labelledby="api-title" {
                h2 id="api-title" { (reader.t(PagesMsg::ApiTitle)) }
                p { (reader.t(PagesMsg::ApiHelp)) " " a href="/api/docs/" dir="ltr" translate="no" { "/api/docs/" } }
            }
            p class="credits" { (reader.t(PagesMsg::MapCredits)) }
        }
    };
    let head = Head {
        description: Some(reader.t(PagesMsg::AboutMission).to_owned()),
        ..Head::titled(layout::page_title(&reader, reader.t(PagesMsg::AboutTitle)))
    };
    let page = layout::document(&req, &reader, head, Some(App::Pages), true, main);
    layout::respond_cacheable(&req, &reader, page)
}
