//! `/resources`: the network's reports, toolkits and media, filtered by a GET form.

use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use shared::api::ResourceQuery;
use shared::domain::ResourceKind;
use shared::i18n::{PagesMsg, SiteMsg, resource_kind_name};

use super::layout::{self, App, Head};
use super::reference::{self, ReferenceCache};
use super::{Reader, language_name};
use crate::db::DbPool;
use crate::db::models::resource;
use crate::error::ApiError;
use crate::handlers::with_db;
use crate::index::PublicIndex;

pub async fn show(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let lang = reader.lang;
    let get = |name: &str| {
        form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 200)
    };
    let query = ResourceQuery {
        kind: get("kind"),
        topic: get("topic"),
        language: get("language"),
        organization: get("organization"),
    };
    let (_, reference) = reference::load(&pool, &index, &cache).await?;
    let filtered = query.clone();
    let (all, shown) = with_db(&pool, move |conn| {
        Ok((
            resource::list_published(conn, &ResourceQuery::default())?,
            resource::list_published(conn, &filtered)?,
        ))
    })
    .await?;
    let mut topics: Vec<String> = all.iter().flat_map(|r| r.topics.clone()).collect();
    topics.sort();
    topics.dedup();
    let mut languages: Vec<String> = all.iter().map(|r| r.language.clone()).collect();
    languages.sort();
    languages.dedup();
    let topic_name = |key: &str| {
        reference.focus_area(key).map_or_else(
            || key.replace('_', " "),
            |f| f.names.get(lang.code()).to_owned(),
        )
    };
    let chosen = |value: &Option<String>, key: &str| value.as_deref() == Some(key);
    let main = html! {
        main id="main" class="form-page resources-page" {
            h1 { (reader.t(PagesMsg::ResourcesTitle)) }
            p { (reader.t(PagesMsg::ResourcesIntro)) }
            form class="resource-filters" method="get" action="/resources" {
                @if let Some(code) = reader.lang_field() { input type="hidden" name="lang" value=(code); }
                @if let Some(slug) = &query.organization { input type="hidden" name="organization" value=(slug); }
                div class="field" {
                    label for="resource-kind" { (reader.t(PagesMsg::KindLabel)) }
                    select id="resource-kind" name="kind" {
                        option value="" { (reader.t(PagesMsg::AllKinds)) }
                        @for kind in ResourceKind::ALL {
                            option value=(kind.as_str()) selected[chosen(&query.kind, kind.as_str())] { (reader.t(resource_kind_name(kind))) }
                        }
                    }
                }
                div class="field" {
                    label for="resource-topic" { (reader.t(PagesMsg::TopicLabel)) }
                    select id="resource-topic" name="topic" {
                        option value="" { (reader.t(PagesMsg::AllTopics)) }
                        @for topic in &topics {
                            option value=(topic) selected[chosen(&query.topic, topic)] { (topic_name(topic)) }
                        }
                    }
                }
                div class="field" {
                    label for="resource-language" { (reader.t(shared::i18n::Msg::Languages)) }
                    select id="resource-language" name="language" {
                        option value="" { (reader.t(PagesMsg::AllLanguages)) }
                        @for code in &languages {
                            option value=(code) selected[chosen(&query.language, code)] { (language_name(code, lang)) }
                        }
                    }
                }
                button type="submit" class="primary" { (reader.t(SiteMsg::ApplyFilters)) }
            }
            @if shown.is_empty() {
                p role="status" { (reader.t(PagesMsg::NoResources)) }
            } @else {
                ul class="resource-list" data-testid="resource-list" {
                    @for r in &shown {
                        li {
                            h2 { a href=(layout::web_href(&r.url)) rel="noopener noreferrer nofollow" lang=(r.language) { (r.title) } }
                            p class="meta" { (reader.t(resource_kind_name(r.kind))) " · " (language_name(&r.language, lang)) }
                            p lang=(r.language) dir="auto" { (r.summary) }
                            @if !r.organizations.is_empty() {
                                p {
                                    @for o in &r.organizations {
                                        a class="org-link" href=(reader.href(&format!("/org/{}", o.slug))) { bdi dir="auto" { (o.name) } }
                                        " "
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let head = Head {
        description: Some(reader.t(PagesMsg::ResourcesIntro).to_owned()),
        ..Head::titled(layout::page_title(
            &reader,
            reader.t(PagesMsg::ResourcesTitle),
        ))
    };
    let page = layout::document(&req, &reader, head, Some(App::Pages), true, main);
    Ok(layout::respond_cacheable(&req, &reader, page))
}
