//! The public side of events (issue #19) as plain HTML: `/events` (upcoming events with a GET
//! form of filters and cursor paging), `/events/{slug}` (one event, with schema.org JSON-LD and
//! an "add to calendar" link) and `/org/{slug}/events` (one organiser's events, past and
//! upcoming). These pages load no app bundle: they are complete as they are, and the app's
//! router, which does not know them, never takes them over.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use serde_json::json;
use shared::Precision;
use shared::api::{Event, EventQuery, EventWindow, OrganizationRef};
use shared::domain::{EventKind, EventStatus, FieldError, TimeZoneName};
use shared::i18n::{EventsMsg, Msg, event_kind_name as kind_name};

use super::forms::Errors;
use super::layout::{self, Head};
use super::reference::{self, ReferenceCache};
use super::{Reader, language_name};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::with_db;
use crate::index::PublicIndex;
use crate::services::events::{self, PublicRecord};

/// Events on one page of `/events`.
const PAGE_SIZE: &str = "20";
/// Upcoming events the organisation page shows before its link to the archive.
pub const ON_ORGANIZATION_PAGE: &str = "3";

/// The languages the filter offers (events may name others; the API's `language=` takes any).
const FILTER_LANGUAGES: [&str; 14] = [
    "ar", "en", "fr", "es", "de", "it", "pt", "nl", "tr", "ur", "fa", "he", "id", "ms",
];

/// A status as the organiser reads it.
pub fn status_name(status: EventStatus) -> EventsMsg {
    match status {
        EventStatus::Pending => EventsMsg::StatusPending,
        EventStatus::Published => EventsMsg::StatusPublished,
        EventStatus::Rejected => EventsMsg::StatusRejected,
        EventStatus::Cancelled => EventsMsg::StatusCancelled,
    }
}

/// The event's zone (UTC for a name the database no longer knows, which the rules never let in).
fn zone_of(event: &Event) -> Option<TimeZoneName> {
    TimeZoneName::parse(&event.time_zone).ok()
}

/// A time as the event's clocks show it, with its offset.
fn local(event: &Event, t: DateTime<Utc>) -> DateTime<chrono::FixedOffset> {
    zone_of(event).map_or_else(|| t.fixed_offset(), |zone| zone.local(t))
}

/// "2026-12-10 18:00 – 20:00" (the end's day too when it differs), in the event's zone, each
/// time in a `<time>` element. Digits and dashes read the same in every language.
pub fn when(event: &Event) -> Markup {
    let (start, end) = (local(event, event.starts_at), local(event, event.ends_at));
    let end_format = if start.date_naive() == end.date_naive() {
        "%H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    html! {
        span class="event-when" dir="ltr" {
            time datetime=(start.to_rfc3339()) { (start.format("%Y-%m-%d %H:%M")) }
            " – "
            time datetime=(end.to_rfc3339()) { (end.format(end_format)) }
        }
    }
}

/// Where: online, or the city and country (the point is not shown in lists).
fn place_line(reader: &Reader, event: &Event) -> Markup {
    html! {
        @match &event.place {
            Some(place) => (layout::place(&place.city, None, &place.country, reader)),
            None => (reader.t(EventsMsg::Online)),
        }
    }
}

/// One event in a list: title (a link to its page), kind, when, where, organiser.
pub fn item(reader: &Reader, event: &Event) -> Markup {
    html! {
        li class="event-item" data-slug=(event.slug) {
            h3 {
                a href=(reader.href(&format!("/events/{}", event.slug))) { bdi dir="auto" { (event.title) } }
                @if event.status == EventStatus::Cancelled {
                    " " span class="badge cancelled" { (reader.t(EventsMsg::StatusCancelled)) }
                }
            }
            p class="meta" {
                (reader.t(kind_name(event.kind))) " · " (when(event)) " "
                span class="event-zone" { "(" bdi dir="ltr" { (event.time_zone) } ")" } " · "
                (place_line(reader, event))
            }
            p class="organizer" {
                (reader.t(EventsMsg::OrganisedByLabel)) " "
                (organizer_link(reader, &event.organizer))
            }
        }
    }
}

fn organizer_link(reader: &Reader, org: &OrganizationRef) -> Markup {
    html! {
        a class="org-link" href=(reader.href(&format!("/org/{}", org.slug))) { bdi dir="auto" { (org.name) } }
    }
}

/// The query parameter `name`, trimmed, when given (and of a sane length).
fn param(req: &HttpRequest, name: &str) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 200)
}

/// A page of events and the next page's cursor; `None` when a filter was refused.
type Found = Option<(Vec<Event>, Option<String>)>;

/// `/events`.
pub async fn list(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let lang = reader.lang;
    let when_choice = param(&req, "when").unwrap_or_default();
    let (mut from, mut to) = (param(&req, "from"), param(&req, "to"));
    // This week and this month as the map's events layer counts them (one rule); chosen days
    // go to the API's own `from` and `to`, which name a bad one.
    if matches!(when_choice.as_str(), "week" | "month") {
        let window = EventWindow::from_form(&when_choice, "", "");
        let (first, last) = window.days(Utc::now().date_naive());
        (from, to) = (first.map(|d| d.to_string()), last.map(|d| d.to_string()));
    }
    let query = EventQuery {
        category: param(&req, "category"),
        country: param(&req, "country"),
        kind: param(&req, "kind"),
        language: param(&req, "language"),
        from,
        to,
        bbox: param(&req, "bbox"),
        cursor: param(&req, "cursor"),
        limit: Some(PAGE_SIZE.to_owned()),
        ..EventQuery::default()
    };
    let (snapshot, reference) = reference::load(&pool, &index, &cache).await?;
    let parsed = query.parse().and_then(|filter| {
        let unknown = events::unknown_categories(&snapshot, &filter);
        if unknown.is_empty() {
            Ok(filter)
        } else {
            Err(unknown)
        }
    });
    let (found, errors): (Found, Vec<FieldError>) = match parsed {
        Ok(filter) => {
            let (items, next) = events::public_page(
                &index.events(),
                &snapshot,
                &filter,
                None,
                events::public_now(),
            );
            (Some((items, next.map(|c| c.to_string()))), Vec::new())
        }
        Err(errors) => (None, errors),
    };
    let errors = Errors::new(&reader, &errors, |_| None);
    let chosen = |name: &str, value: &str| param(&req, name).as_deref() == Some(value);
    let mut countries: Vec<(&str, String)> = shared::countries::all()
        .iter()
        .map(|c| (c.code, super::country_name(c.code, lang)))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let mut languages: Vec<(&str, String)> = FILTER_LANGUAGES
        .iter()
        .map(|code| (*code, language_name(code, lang)))
        .collect();
    languages.sort_by(|a, b| a.1.cmp(&b.1));
    let next_href = found
        .as_ref()
        .and_then(|(_, next)| next.as_ref())
        .map(|cursor| {
            let mut kept = form_urlencoded::Serializer::new(String::new());
            for (k, v) in form_urlencoded::parse(req.query_string().as_bytes()) {
                if k != "cursor" {
                    kept.append_pair(&k, &v);
                }
            }
            kept.append_pair("cursor", cursor);
            format!("/events?{}", kept.finish())
        });
    let kinds: Vec<(&str, String)> = EventKind::ALL
        .iter()
        .map(|kind| (kind.as_str(), reader.t(kind_name(*kind)).to_owned()))
        .collect();
    let categories: Vec<(&str, String)> = reference
        .categories
        .iter()
        .map(|c| (c.key.as_str(), c.names.get(lang.code()).to_owned()))
        .collect();
    // A filter's choices: "all" first, the reader's choice selected, its error beside it.
    let filter_select = |id: &str, label: EventsMsg, all: EventsMsg, options: &[(&str, String)]| {
        html! {
            div class="field" {
                label for=(id) { (reader.t(label)) }
                (errors.message(id))
                select id=(id) name=(id) aria-invalid=[errors.invalid(id)] aria-describedby=[errors.described_by(id, false)] {
                    option value="" { (reader.t(all)) }
                    @for (value, name) in options {
                        option value=(value) selected[chosen(id, value)] { (name) }
                    }
                }
            }
        }
    };
    // The page's filters but its dates, as a calendar to subscribe to: a calendar app looks
    // ahead on its own, where "this week" would stay the week it was copied in.
    let calendar_href = found.as_ref().and_then(|_| {
        let mut kept = form_urlencoded::Serializer::new(String::new());
        let mut filtered = false;
        for name in ["bbox", "category", "country", "kind", "language"] {
            if let Some(value) = param(&req, name) {
                kept.append_pair(name, &value);
                filtered = true;
            }
        }
        filtered.then(|| format!("/api/v1/events.ics?{}", kept.finish()))
    });
    let date_field = |id: &str, label: EventsMsg| {
        html! {
            div class="field" {
                label for=(id) { (reader.t(label)) }
                (errors.message(id))
                input id=(id) name=(id) type="date" value=[param(&req, id)]
                    aria-invalid=[errors.invalid(id)] aria-describedby=[errors.described_by(id, false)];
            }
        }
    };
    let main = html! {
        main id="main" class="form-page events-page" {
            h1 { (reader.t(EventsMsg::EventsTitle)) }
            p { (reader.t(EventsMsg::EventsIntro)) }
            (errors.summary())
            form class="event-filters" method="get" action="/events" {
                @if let Some(code) = reader.lang_field() { input type="hidden" name="lang" value=(code); }
                // The map's view, when the map's events link brought the reader here.
                @if let Some(bbox) = param(&req, "bbox") { input type="hidden" name="bbox" value=(bbox); }
                div class="field" {
                    label for="when" { (reader.t(EventsMsg::When)) }
                    select id="when" name="when" {
                        option value="" { (reader.t(EventsMsg::WhenAny)) }
                        option value="week" selected[when_choice == "week"] { (reader.t(EventsMsg::ThisWeek)) }
                        option value="month" selected[when_choice == "month"] { (reader.t(EventsMsg::ThisMonth)) }
                        option value="days" selected[when_choice == "days"] { (reader.t(EventsMsg::ChosenDays)) }
                    }
                }
                fieldset class="date-range" {
                    legend { (reader.t(EventsMsg::DateRange)) }
                    (date_field("from", EventsMsg::FromDay))
                    (date_field("to", EventsMsg::ToDay))
                }
                (filter_select("kind", EventsMsg::KindLabel, EventsMsg::AllKinds, &kinds))
                (filter_select("country", EventsMsg::CountryLabel, EventsMsg::AllCountries, &countries))
                (filter_select("language", EventsMsg::LanguageLabel, EventsMsg::AllLanguages, &languages))
                (filter_select("category", EventsMsg::CategoryLabel, EventsMsg::AllCategories, &categories))
                button type="submit" class="primary" { (reader.t(shared::i18n::SiteMsg::ApplyFilters)) }
            }
            @if let Some((items, _)) = &found {
                @if items.is_empty() {
                    p role="status" data-testid="no-events" { (reader.t(EventsMsg::NoEvents)) }
                } @else {
                    h2 { (reader.t(EventsMsg::Upcoming)) }
                    ul class="event-list" data-testid="event-list" {
                        @for event in items { (item(&reader, event)) }
                    }
                }
            }
            @if let Some(href) = &next_href {
                p class="pager" { a rel="next" href=(reader.href(href)) { (reader.t(EventsMsg::NextPage)) } }
            }
            @if let Some(href) = &calendar_href {
                p { a class="subscribe-these" href=(href) type="text/calendar" { (reader.t(EventsMsg::SubscribeThese)) } }
            }
            p { a href=(reader.href("/api/v1/events.ics")) type="text/calendar" { (reader.t(EventsMsg::SubscribeAll)) } }
        }
    };
    let head = Head {
        description: Some(reader.t(EventsMsg::EventsIntro).to_owned()),
        ..Head::titled(layout::page_title(
            &reader,
            reader.t(EventsMsg::EventsTitle),
        ))
    };
    let page = layout::document(&req, &reader, head, None, true, main);
    if found.is_none() {
        return Ok(layout::respond(StatusCode::BAD_REQUEST, &reader, page));
    }
    Ok(layout::respond_cacheable(&req, &reader, page))
}

/// The site's address as the request reached it (for JSON-LD and canonical links).
fn site_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

/// schema.org `Event` for search engines and link previews.
pub fn schema_org(event: &Event, site: &str) -> serde_json::Value {
    let url = format!("{site}/events/{}", event.slug);
    let organization = |org: &OrganizationRef| json!({"@type": "Organization", "name": org.name, "url": format!("{site}/org/{}", org.slug)});
    let location = match &event.place {
        Some(place) => {
            let mut value = json!({
                "@type": "Place",
                "name": place.city,
                "address": {"@type": "PostalAddress", "addressLocality": place.city, "addressCountry": place.country},
            });
            // An approximate point is not where the event is: only an exact one is given.
            if place.precision == Precision::Exact {
                value["geo"] = json!({"@type": "GeoCoordinates", "latitude": place.location.latitude, "longitude": place.location.longitude});
            }
            value
        }
        None => {
            json!({"@type": "VirtualLocation", "url": event.link.clone().unwrap_or_else(|| url.clone())})
        }
    };
    let mut organizers = vec![organization(&event.organizer)];
    organizers.extend(event.co_organizers.iter().map(organization));
    json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": local(event, event.starts_at).to_rfc3339(),
        "endDate": local(event, event.ends_at).to_rfc3339(),
        "eventStatus": if event.status == EventStatus::Cancelled { "https://schema.org/EventCancelled" } else { "https://schema.org/EventScheduled" },
        "eventAttendanceMode": if event.online { "https://schema.org/OnlineEventAttendanceMode" } else { "https://schema.org/OfflineEventAttendanceMode" },
        "location": location,
        "organizer": organizers,
        "inLanguage": event.languages,
        "url": url,
    })
}

/// `/events/{slug}`.
pub async fn show(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let slug = slug.into_inner();
    let record = if slug.len() > 200 {
        PublicRecord::Missing
    } else {
        let snapshot = crate::handlers::current_snapshot(&pool, &index).await?;
        with_db(&pool, move |conn| {
            events::public_record(conn, &snapshot, &slug)
        })
        .await?
    };
    let event = match record {
        PublicRecord::Shown(event) => *event,
        PublicRecord::Gone => {
            let page = layout::message_page(
                &req,
                &reader,
                reader.t(EventsMsg::EventGoneTitle),
                reader.t(EventsMsg::EventGone),
            );
            return Ok(layout::respond(StatusCode::GONE, &reader, page));
        }
        PublicRecord::Missing => {
            let page = layout::message_page(
                &req,
                &reader,
                reader.t(Msg::NotFound),
                reader.t(Msg::NotFound),
            );
            return Ok(layout::respond(StatusCode::NOT_FOUND, &reader, page));
        }
    };
    let site = site_url(&req);
    let ended = event.ends_at <= Utc::now();
    let calendar = format!("/api/v1/events.ics?event={}", event.slug);
    let main = html! {
        main id="main" class="event-page" {
            p { a class="back-to-map" href=(reader.href("/events")) { (reader.t(EventsMsg::AllEvents)) } }
            article class="event" data-testid="event" {
                header {
                    p class="kind" { (reader.t(kind_name(event.kind))) }
                    h1 dir="auto" { (event.title) }
                    @if event.status == EventStatus::Cancelled {
                        p class="badge cancelled" role="status" data-testid="event-cancelled" { (reader.t(EventsMsg::EventCancelled)) }
                    }
                    @if ended {
                        p class="ended" { (reader.t(EventsMsg::EventEnded)) }
                    }
                }
                dl {
                    dt { (reader.t(EventsMsg::When)) }
                    dd {
                        (when(&event)) br;
                        span class="event-zone" { (reader.format(EventsMsg::TimesIn, &[("zone", &event.time_zone)])) }
                    }
                    dt { (reader.t(EventsMsg::WhereLabel)) }
                    dd data-testid="event-place" {
                        @match &event.place {
                            None => (reader.t(EventsMsg::Online)),
                            Some(place) => {
                                (layout::place(&place.city, None, &place.country, &reader)) br;
                                @if place.precision == Precision::Exact {
                                    span dir="ltr" { (format!("{:.5}, {:.5}", place.location.latitude, place.location.longitude)) }
                                } @else {
                                    (reader.t(EventsMsg::ApproximatePlace))
                                }
                            }
                        }
                    }
                    @if !event.languages.is_empty() {
                        dt { (reader.t(Msg::Languages)) }
                        dd { ul class="tags" {
                            @for code in &event.languages { li data-code=(code) { (language_name(code, reader.lang)) } }
                        } }
                    }
                    dt { (reader.t(EventsMsg::OrganisedByLabel)) }
                    dd data-testid="event-organizers" {
                        ul {
                            li { (organizer_link(&reader, &event.organizer)) }
                            @for co in &event.co_organizers { li { (organizer_link(&reader, co)) } }
                        }
                    }
                    @if let Some(link) = &event.link {
                        dt { (reader.t(EventsMsg::MoreAbout)) }
                        dd { a href=(layout::web_href(link)) rel="noopener nofollow ugc" dir="ltr" translate="no" { (link) } }
                    }
                }
                @if !event.description.is_empty() {
                    p class="description" dir="auto" { (event.description) }
                }
                @if !ended {
                    p { a class="add-to-calendar" href=(calendar) type="text/calendar" download=(format!("{}.ics", event.slug)) { (reader.t(EventsMsg::AddToCalendar)) } }
                }
                p { a href=(reader.href(&format!("/org/{}/events", event.organizer.slug))) { (reader.t(EventsMsg::MoreOfOrganizer)) } }
            }
        }
    };
    let canonical = format!("{site}/events/{}", event.slug);
    let summary: String = event.description.chars().take(200).collect();
    let head = Head {
        description: (!summary.is_empty()).then_some(summary.clone()),
        extra: Some(html! {
            link rel="canonical" href=(canonical);
            meta property="og:type" content="website";
            meta property="og:title" content=(event.title);
            meta property="og:description" content=(summary);
            meta property="og:url" content=(canonical);
            (layout::json_ld(&schema_org(&event, &site)))
        }),
        ..Head::titled(layout::page_title(&reader, &event.title))
    };
    let page = layout::document(&req, &reader, head, None, true, main);
    Ok(layout::respond_cacheable(&req, &reader, page))
}

/// `/org/{slug}/events`: an organiser's events, upcoming then past (latest first).
pub async fn archive(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let slug = slug.into_inner();
    let snapshot = crate::handlers::current_snapshot(&pool, &index).await?;
    let Some(org) = (slug.len() <= 200)
        .then(|| snapshot.find(&slug))
        .flatten()
        .cloned()
    else {
        let page = layout::message_page(
            &req,
            &reader,
            reader.t(Msg::NotFound),
            reader.t(Msg::NotFound),
        );
        return Ok(layout::respond(StatusCode::NOT_FOUND, &reader, page));
    };
    let key = org.slug.clone();
    let all = with_db(&pool, move |conn| events::archive(conn, &snapshot, &key)).await?;
    let now = Utc::now();
    let (mut upcoming, past): (Vec<Event>, Vec<Event>) =
        all.into_iter().partition(|e| e.ends_at > now);
    // Soonest first for what is to come; the archive proper stays latest first.
    upcoming.reverse();
    let (name, _) = org.display_name(reader.lang);
    let title = reader.format(EventsMsg::ArchiveTitle, &[("name", name)]);
    let main = html! {
        main id="main" class="events-page archive-page" {
            p { a class="back-to-map" href=(reader.href(&format!("/org/{}", org.slug))) { bdi dir="auto" { (name) } } }
            h1 { (title) }
            @if upcoming.is_empty() && past.is_empty() {
                p role="status" { (reader.t(EventsMsg::NoEventsOfGroup)) }
            }
            @if !upcoming.is_empty() {
                section aria-labelledby="upcoming-title" {
                    h2 id="upcoming-title" { (reader.t(EventsMsg::Upcoming)) }
                    ul class="event-list" data-testid="upcoming-events" {
                        @for event in &upcoming { (item(&reader, event)) }
                    }
                    p { a href=(format!("/api/v1/events.ics?organization={}", org.slug)) type="text/calendar" { (reader.t(EventsMsg::SubscribeGroup)) } }
                }
            }
            @if !past.is_empty() {
                section aria-labelledby="past-title" {
                    h2 id="past-title" { (reader.t(EventsMsg::Past)) }
                    ul class="event-list" data-testid="past-events" {
                        @for event in &past { (item(&reader, event)) }
                    }
                }
            }
        }
    };
    let head = Head::titled(layout::page_title(&reader, &title));
    let page = layout::document(&req, &reader, head, None, true, main);
    Ok(layout::respond_cacheable(&req, &reader, page))
}

/// The organisation page's short list: the next few events, and the link to all of them.
pub fn upcoming_section(reader: &Reader, slug: &str, upcoming: &[Event]) -> Markup {
    html! {
        section class="organization-events" aria-labelledby="events-title" data-testid="organization-events" {
            h2 id="events-title" { (reader.t(EventsMsg::UpcomingEvents)) }
            @if upcoming.is_empty() {
                p { (reader.t(EventsMsg::NoUpcoming)) }
            } @else {
                ul class="event-list" {
                    @for event in upcoming { (item(reader, event)) }
                }
            }
            p { a href=(reader.href(&format!("/org/{slug}/events"))) { (reader.t(EventsMsg::AllEventsOfGroup)) } }
        }
    }
}
