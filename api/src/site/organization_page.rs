//! `/org/{slug}`: one organisation, every public field, a small locator map, and what link
//! previews and search engines read (Open Graph, schema.org JSON-LD) in the HTML itself.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use shared::Precision;
use shared::api::Organization;
use shared::i18n::{Lang, Msg, SiteMsg};

use super::layout::{self, App, Head};
use super::map_page::name_of;
use super::reference::{self, Reference, ReferenceCache};
use super::svg_map::{self, HEIGHT, MapView, WIDTH};
use super::{Reader, language_name};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::index::PublicIndex;

/// How close the locator map looks.
const LOCATOR_ZOOM: u8 = 6;

pub async fn show(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let (snapshot, reference) = reference::load(&pool, &index, &cache).await?;
    let found = (slug.len() <= 200).then(|| snapshot.find(&slug)).flatten();
    let Some(org) = found else {
        let page = layout::message_page(
            &req,
            &reader,
            reader.t(Msg::NotFound),
            reader.t(Msg::NotFound),
        );
        return Ok(layout::respond(StatusCode::NOT_FOUND, &reader, page));
    };
    let upcoming = upcoming_events(&index, &snapshot, &org.slug)?;
    let (name, _) = org.display_name(reader.lang);
    let (description, _) = org.display_description(reader.lang);
    let head = Head {
        description: Some(summary(description)),
        extra: Some(link_preview(&req, &reader, org, name, description)),
        ..Head::titled(layout::page_title(&reader, name))
    };
    let main = html! {
        main id="main" class="organization-page" {
            p { a class="back-to-map" href=(reader.href("/")) { (reader.t(Msg::BackToMap)) } }
            (details(&reader, org, &reference))
            (super::events_page::upcoming_section(&reader, &org.slug, &upcoming))
        }
    };
    let page = layout::document(&req, &reader, head, Some(App::Map), true, main);
    Ok(layout::respond_cacheable(&req, &reader, page))
}

/// The next few public events the organisation organises or co-organises.
fn upcoming_events(
    index: &PublicIndex,
    snapshot: &crate::index::Snapshot,
    slug: &str,
) -> Result<Vec<shared::api::Event>, ApiError> {
    let filter = shared::api::EventQuery {
        organization: Some(slug.to_owned()),
        limit: Some(super::events_page::ON_ORGANIZATION_PAGE.to_owned()),
        ..shared::api::EventQuery::default()
    }
    .parse()
    .map_err(ApiError::Invalid)?;
    let (items, _) = crate::services::events::public_page(
        &index.events(),
        snapshot,
        &filter,
        None,
        crate::services::events::public_now(),
    );
    Ok(items)
}

/// The first 200 characters of a description, for previews.
fn summary(text: &str) -> String {
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// Open Graph and Twitter card tags (what Signal, WhatsApp, Telegram and Mastodon show), and
/// the schema.org description.
fn link_preview(
    req: &HttpRequest,
    reader: &Reader,
    org: &Organization,
    name: &str,
    description: &str,
) -> Markup {
    let info = req.connection_info();
    let url = format!("{}://{}/org/{}", info.scheme(), info.host(), org.slug);
    let locale = match reader.lang {
        Lang::Ar => "ar",
        Lang::Fr => "fr_FR",
        Lang::Es => "es_ES",
        _ => "en_GB",
    };
    html! {
        link rel="canonical" href=(url);
        meta property="og:type" content="website";
        meta property="og:site_name" content=(reader.t(Msg::SiteTitle));
        meta property="og:title" content=(name);
        meta property="og:description" content=(summary(description));
        meta property="og:url" content=(url);
        meta property="og:locale" content=(locale);
        meta name="twitter:card" content="summary";
        meta name="twitter:title" content=(name);
        meta name="twitter:description" content=(summary(description));
        (layout::json_ld(&org.schema_org()))
    }
}

fn details(reader: &Reader, org: &Organization, reference: &Reference) -> Markup {
    let lang = reader.lang;
    let category = reference.category(&org.category).map_or_else(
        || org.category.clone(),
        |c| c.names.get(lang.code()).to_owned(),
    );
    let (name, _) = org.display_name(lang);
    // The original name under a translated one; the Arabic name under a Latin original.
    let other_name = if name != org.name {
        Some((org.name.clone(), org.original_language.map(Lang::code)))
    } else {
        org.name_ar
            .clone()
            .filter(|n| !n.trim().is_empty() && *n != org.name)
            .map(|n| (n, Some("ar")))
    };
    let (description, description_lang) = org.display_description(lang);
    // Each twinning, with the organisation it twins this one with.
    let twinnings: Vec<(&shared::api::Partnership, &shared::api::OrganizationRef)> = reference
        .partnerships
        .iter()
        .filter_map(|p| {
            if p.global_organization.id == org.id {
                Some((p, &p.jerusalem_organization))
            } else if p.jerusalem_organization.id == org.id {
                Some((p, &p.global_organization))
            } else {
                None
            }
        })
        .collect();
    let twins: Vec<&shared::api::OrganizationRef> = twinnings.iter().map(|(_, t)| *t).collect();
    let precision = if org.precision == Precision::Approximate {
        Msg::ApproximateLocation
    } else {
        Msg::ExactLocation
    };
    html! {
        article class="organization" {
            header {
                p class="category" {
                    img src=(format!("/markers/{}.svg", org.category)) alt="" width="20" height="20";
                    (category)
                }
                h1 { (name_of(org, lang)) }
                @if let Some((other, other_lang)) = other_name {
                    p class="name-ar" lang=[other_lang] dir="auto" { (other) }
                }
                p class="place" { (layout::place_of(org, reader)) }
            }
            p class="description" lang=[description_lang.map(Lang::code)] dir="auto" { (description) }
            p class="org-actions" {
                a class="write-to-group" href=(reader.href(&format!("/contact/{}", org.slug))) { (reader.t(Msg::WriteToGroup)) }
                a class="write-to-group" href=(reader.href(&format!("/resources?organization={}", org.slug))) { (reader.t(Msg::RelatedResources)) }
                a class="write-to-group report-problem" href=(reader.href(&format!("/report/{}", org.slug))) { (reader.t(shared::i18n::PagesMsg::ReportProblem)) }
            }
            (calls_to_action(reader, org, reference))
            dl {
                @if !org.focus_areas.is_empty() {
                    dt { (reader.t(Msg::FocusAreas)) }
                    dd { ul class="tags" {
                        @for key in &org.focus_areas {
                            li { (reference.focus_area(key).map_or(key.as_str(), |f| f.names.get(lang.code()))) }
                        }
                    } }
                }
                @if !org.languages.is_empty() {
                    dt { (reader.t(Msg::Languages)) }
                    dd { ul class="tags" {
                        @for code in &org.languages {
                            li data-code=(code) { (language_name(code, lang)) }
                        }
                    } }
                }
                @if let Some(site) = &org.website {
                    dt { (reader.t(Msg::Website)) }
                    dd { a href=(layout::web_href(site)) rel="noopener noreferrer nofollow" dir="ltr" translate="no" { (site) } }
                }
                @if !org.links.is_empty() {
                    dt { (reader.t(Msg::Links)) }
                    dd { ul {
                        @for link in &org.links {
                            li { a href=(layout::web_href(link)) rel="noopener noreferrer nofollow" dir="ltr" translate="no" { (link) } }
                        }
                    } }
                }
                dt { (reader.t(Msg::Location)) }
                dd { (reader.t(precision)) }
                dt { (reader.t(Msg::LastConfirmed)) }
                dd { (super::map_page::confirmed(reader, org, chrono::Utc::now(), true)) }
            }
            @if !twins.is_empty() {
                section aria-labelledby="partnerships-title" {
                    h2 id="partnerships-title" { (reader.t(Msg::Partnerships)) }
                    ul {
                        @for (twinning, twin) in &twinnings {
                            @let (city, city_lang) = shared::api::city_for_reader(&twin.city, None, &twin.country, lang);
                            li {
                                (reader.t(Msg::TwinnedWith)) " "
                                a href=(reader.href(&format!("/org/{}", twin.slug))) { bdi dir="auto" { (twin.name) } }
                                " (" (layout::place(city, city_lang, &twin.country, reader)) ")"
                                br;
                                a class="twinning-calendar" href=(format!("/api/v1/events.ics?partnership={}", twinning.id)) type="text/calendar" {
                                    (reader.t(shared::i18n::EventsMsg::SubscribeTwinning))
                                }
                            }
                        }
                    }
                }
            }
            (locator(reader, org, &twins))
        }
    }
}

/// The organisation's calls to action that stand today, in full (their words as written).
fn calls_to_action(reader: &Reader, org: &Organization, reference: &Reference) -> Markup {
    let asks: Vec<&shared::api::CallToAction> = reference
        .calls_to_action
        .iter()
        .filter(|ask| ask.organization.id == org.id)
        .collect();
    let paragraphs = |text: &str| -> Markup {
        html! {
            @for paragraph in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                p dir="auto" { (paragraph) }
            }
        }
    };
    html! {
        @if !asks.is_empty() {
            section id="calls-to-action" class="calls-to-action" aria-labelledby="calls-to-action-title" {
                h2 id="calls-to-action-title" { (reader.t(SiteMsg::CallsToAction)) }
                @for ask in asks {
                    @let day = ask.by_when.format("%Y-%m-%d").to_string();
                    article class="ask" id=(format!("ask-{}", ask.id)) {
                        h3 dir="auto" { (ask.title) }
                        p class="ask-by" { (super::map_page::ask_by(reader, &day)) }
                        (paragraphs(&ask.text))
                        h4 { (reader.t(SiteMsg::HowToHelp)) }
                        (paragraphs(&ask.how_to_help))
                        @if let Some(link) = &ask.link {
                            p { a href=(layout::web_href(link)) rel="noopener noreferrer nofollow" dir="ltr" translate="no" { (link) } }
                        }
                    }
                }
            }
        }
    }
}

/// A small map: where the organisation is, and lines to its twins.
fn locator(reader: &Reader, org: &Organization, twins: &[&shared::api::OrganizationRef]) -> Markup {
    let view = MapView {
        latitude: org.location.latitude,
        longitude: org.location.longitude,
        zoom: if twins.is_empty() { LOCATOR_ZOOM } else { 3 },
    }
    .clamped();
    let (x, y) = view.project(org.location.latitude, org.location.longitude);
    let (name, _) = org.display_name(reader.lang);
    // Where the app draws its own (Leaflet) map in place of this one.
    let twin_places = twins
        .iter()
        .map(|twin| format!("{},{}", twin.location.latitude, twin.location.longitude))
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        figure class="server-map locator" data-at=(format!("{},{}", org.location.latitude, org.location.longitude))
            data-zoom=(view.zoom) data-twins=(twin_places) data-category=(org.category) {
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="locator-title" {
                title id="locator-title" { (reader.t(Msg::MapLabel)) ": " (name) }
                rect class="sea" width=(WIDTH) height=(HEIGHT) {}
                path class="land" d=(svg_map::land_path(&view)) {}
                path class="borders" d=(svg_map::border_path(&view)) {}
                @for twin in twins {
                    @let (tx, ty) = view.project(twin.location.latitude, twin.location.longitude);
                    line class="twinning" x1=(format!("{x:.1}")) y1=(format!("{y:.1}")) x2=(format!("{tx:.1}")) y2=(format!("{ty:.1}")) {}
                }
                image href=(format!("/markers/{}.svg", org.category)) x=(format!("{:.1}", x - 12.0)) y=(format!("{:.1}", y - 12.0)) width="24" height="24" {}
            }
        }
    }
}
