//! `/embed?category=…&country=…`: the compact map for partner sites' frames, its filters fixed
//! by the URL, drawn as SVG with the list under it (the one page other sites may frame).

use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use shared::i18n::{Msg, PagesMsg};

use super::Reader;
use super::layout::{self, App, Head};
use super::map_page::{MapQuery, in_view, map_figure, organization_list};
use super::reference::{self, ReferenceCache};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::index::PublicIndex;

pub async fn show(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let parsed = MapQuery::from_query_string(req.query_string());
    // Only the category and the country are the partner's to choose.
    let query = MapQuery {
        path: "/embed",
        categories: parsed.categories,
        country: parsed.country,
        at: parsed.at,
        cursor: parsed.cursor,
        ..MapQuery::default()
    };
    let view = query.view();
    let (snapshot, reference) = reference::load(&pool, &index, &cache).await?;
    // A partner's typo shows the map unfiltered rather than nothing, and says what was not
    // understood.
    let mut not_understood: Vec<&str> = query
        .categories
        .iter()
        .map(String::as_str)
        .filter(|c| !snapshot.knows_category(c))
        .collect();
    let shown = match query.filter(Some(view.bbox()), &snapshot) {
        Ok(filter) => Some(in_view(snapshot.clone(), filter, view).await?),
        Err(_) => {
            if not_understood.is_empty() && !query.country.is_empty() {
                not_understood.push(&query.country);
            }
            let unfiltered = MapQuery {
                path: "/embed",
                at: query.at,
                ..MapQuery::default()
            };
            let filter = unfiltered.filter(Some(view.bbox()), &snapshot).ok();
            match filter {
                Some(filter) => Some(in_view(snapshot.clone(), filter, view).await?),
                None => None,
            }
        }
    };
    let full_map = MapQuery {
        path: "/",
        ..query.clone()
    }
    .url(None, &reader);
    let main = html! {
        main id="main" class="embed-page" {
            h1 class="visually-hidden" { (reader.t(Msg::SiteTitle)) }
            @if !not_understood.is_empty() {
                p class="embed-notice" role="alert" data-testid="embed-notice" {
                    (reader.format(PagesMsg::EmbedUnknownFilter, &[("value", &not_understood.join(", "))]))
                }
            }
            @if let Some(shown) = &shown {
                (map_figure(&reader, &query, view, &snapshot, &reference.categories, shown, true))
                (organization_list(&reader, &query, shown, true))
            }
            p class="embed-credit" {
                a href=(full_map) target="_blank" rel="noopener" { (reader.t(PagesMsg::ViewFullMap)) }
            }
        }
    };
    let page = layout::document(
        &req,
        &reader,
        Head::titled(reader.t(Msg::SiteTitle)),
        Some(App::Pages),
        false,
        main,
    );
    Ok(layout::respond_cacheable(&req, &reader, page))
}
