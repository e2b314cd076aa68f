//! The owner page's events (issue #19) without scripts: the group's events with their status,
//! the form that posts a new one or edits one (held for review again), and cancel. The form
//! posts to `/owner` with the owner token, as the page's other actions do; its fields are the
//! API's (`EventDraft`), checked by the same rules, and errors come back by field in the
//! reader's language.

use chrono::Utc;
use maud::{Markup, html};
use shared::api::{EventDraft, ManagedEvent};
use shared::domain::{EventId, EventKind, EventStatus, FieldError, TimeZoneName};
use shared::i18n::{EventsMsg, Lang, PagesMsg, SiteMsg};

use super::Reader;
use super::events_page::{status_name, when};
use super::forms::{Errors, Posted, TextKind, text_field};
use super::join_page::{locate, place_message, without_point_required};
use crate::cities::City;
use shared::i18n::event_kind_name as kind_name;

/// The event form as shown: which event it edits (`None`: a new one), the fields, the errors
/// and the city candidates.
pub struct EventForm {
    pub editing: Option<EventId>,
    pub posted: Posted,
    pub errors: Vec<FieldError>,
    pub candidates: Vec<&'static City>,
}

impl EventForm {
    pub fn empty() -> Self {
        Self {
            editing: None,
            posted: Posted::default(),
            errors: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// The form filled with an event as it stands: local times in its zone, the place as stored.
    pub fn of(managed: &ManagedEvent) -> Self {
        let event = &managed.event;
        let zone = TimeZoneName::parse(&event.time_zone).ok();
        let local = |t: chrono::DateTime<Utc>| {
            zone.map_or_else(|| t.fixed_offset(), |z| z.local(t))
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let mut fields: Vec<(String, String)> = vec![
            ("title".into(), event.title.clone()),
            ("kind".into(), event.kind.as_str().into()),
            ("starts_at".into(), local(event.starts_at)),
            ("ends_at".into(), local(event.ends_at)),
            ("time_zone".into(), event.time_zone.clone()),
            ("description".into(), event.description.clone()),
            ("link".into(), event.link.clone().unwrap_or_default()),
            ("languages".into(), event.languages.join(", ")),
            (
                "co_organizers".into(),
                event
                    .co_organizers
                    .iter()
                    .map(|o| o.slug.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ];
        match &event.place {
            None => fields.push(("online".into(), "yes".into())),
            Some(place) => {
                fields.push(("city".into(), place.city.clone()));
                fields.push(("country".into(), place.country.clone()));
                fields.push(("latitude".into(), place.location.latitude.to_string()));
                fields.push(("longitude".into(), place.location.longitude.to_string()));
                if place.precision == shared::Precision::Exact {
                    fields.push(("exact_place".into(), "yes".into()));
                }
            }
        }
        Self {
            editing: Some(event.id),
            posted: Posted::from_pairs(fields),
            errors: Vec::new(),
            candidates: Vec::new(),
        }
    }
}

/// The items of a list field typed as text: `en, ar` or one per line.
fn items(text: &str) -> Vec<String> {
    text.split([',', '\n', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The request the API would receive for this form, and the place's own errors (a city we do
/// not know, or several of its name: then the candidates to choose from).
pub fn draft(posted: &Posted) -> (EventDraft, Vec<&'static City>, Vec<FieldError>) {
    let online = posted.get("online") == "yes";
    let (point, candidates, errors) = if online {
        (None, Vec::new(), Vec::new())
    } else {
        locate(posted)
    };
    let draft = EventDraft {
        title: posted.get("title").to_owned(),
        description: posted.get("description").to_owned(),
        link: posted.optional("link"),
        kind: posted.get("kind").to_owned(),
        starts_at: posted.get("starts_at").to_owned(),
        ends_at: posted.get("ends_at").to_owned(),
        time_zone: posted.get("time_zone").to_owned(),
        online,
        city: posted.optional("city"),
        country: posted.optional("country"),
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        exact_place: posted.get("exact_place") == "yes",
        languages: items(posted.get("languages")),
        co_organizers: items(posted.get("co_organizers")),
    };
    (draft, candidates, errors)
}

/// The draft's errors after the place's own: the point's `required` is left out (the form
/// asks for a city, and the city's errors say what is missing).
pub fn merged_errors(
    draft: &EventDraft,
    place: Vec<FieldError>,
    rules: Vec<FieldError>,
) -> Vec<FieldError> {
    let point = draft.latitude.zip(draft.longitude);
    let mut all = place;
    all.extend(without_point_required(rules, point));
    all
}

/// The words for the events' own rules (the generic ones come from `rule_message`).
pub fn message(reader: &Reader, field: &str, rule: &str) -> Option<&'static str> {
    match shared::i18n::event_rule_message(field, rule) {
        Some(msg) => Some(reader.t(msg)),
        None => place_message(reader, rule),
    }
}

/// Field errors in the reader's words, the events' own rules included.
pub fn errors<'a>(reader: &'a Reader, errors: &[FieldError]) -> Errors<'a> {
    // `Errors` words a rule without its field; the rules that depend on the field are renamed
    // first so that the one closure can tell them apart.
    let renamed: Vec<FieldError> = errors
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if e.field == "ends_at" && e.rule == "too_long" {
                e.rule = "event_too_long".into();
            }
            if matches!(e.field.as_str(), "starts_at" | "ends_at") && e.rule == "invalid_format" {
                e.rule = "invalid_time".into();
            }
            e
        })
        .collect();
    Errors::new(reader, &renamed, |rule| match rule {
        "event_too_long" => message(reader, "ends_at", "too_long"),
        "invalid_time" => message(reader, "starts_at", "invalid_format"),
        other => message(reader, "", other),
    })
}

/// One hidden-field form button that posts an action about one event.
fn event_button(
    reader: &Reader,
    token: &str,
    action: &str,
    id: EventId,
    label: &'static str,
) -> Markup {
    html! {
        form class="owner-action" method="post" action=(reader.href("/owner")) {
            input type="hidden" name="token" value=(token);
            input type="hidden" name="action" value=(action);
            input type="hidden" name="event" value=(id.to_string());
            button type="submit" { (label) }
        }
    }
}

/// The events section of the owner page.
pub fn section(
    reader: &Reader,
    token: &str,
    events: &[ManagedEvent],
    form: Option<&EventForm>,
) -> Markup {
    let now = Utc::now();
    html! {
        section class="owner-events" aria-labelledby="owner-events-title" data-testid="owner-events" {
            h2 id="owner-events-title" { (reader.t(EventsMsg::OwnerEventsTitle)) }
            p { (reader.t(EventsMsg::OwnerEventsIntro)) }
            @if events.is_empty() {
                p { (reader.t(EventsMsg::NoOwnEvents)) }
            } @else {
                ul class="owner-event-list" {
                    @for managed in events {
                        @let event = &managed.event;
                        @let open = event.ends_at > now;
                        li data-slug=(event.slug) data-status=(event.status.as_str()) {
                            h3 dir="auto" { (event.title) }
                            p class="meta" { (reader.t(kind_name(event.kind))) " · " (when(event)) " (" bdi dir="ltr" { (event.time_zone) } ")" }
                            p class="event-status" {
                                (reader.t(EventsMsg::StatusLabel)) " "
                                strong { (reader.t(status_name(event.status))) }
                                @if event.status == EventStatus::Published {
                                    " · " a href=(reader.href(&format!("/events/{}", event.slug))) { (reader.t(EventsMsg::ViewEvent)) }
                                }
                            }
                            @if let (EventStatus::Rejected, Some(reason)) = (event.status, &managed.reason) {
                                p dir="auto" { (reader.format(EventsMsg::RejectedBecause, &[("reason", reason)])) }
                            }
                            @if open && event.status != EventStatus::Cancelled {
                                div class="owner-event-actions" {
                                    (event_button(reader, token, "event_edit", event.id, reader.t(EventsMsg::EditEvent)))
                                    @if event.status != EventStatus::Rejected {
                                        details class="cancel-event" {
                                            summary { (reader.t(EventsMsg::CancelEvent)) }
                                            (event_button(reader, token, "event_cancel", event.id, reader.t(EventsMsg::CancelConfirm)))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @match form {
                None => {
                    form class="owner-action" method="post" action=(reader.href("/owner")) {
                        input type="hidden" name="token" value=(token);
                        input type="hidden" name="action" value="event_new";
                        button type="submit" class="primary" { (reader.t(EventsMsg::NewEvent)) }
                    }
                }
                Some(form) => (event_form(reader, token, form)),
            }
        }
    }
}

fn event_form(reader: &Reader, token: &str, form: &EventForm) -> Markup {
    let lang = reader.lang;
    let posted = &form.posted;
    let errors = errors(reader, &form.errors);
    let mut countries: Vec<(&str, String)> = shared::countries::all()
        .iter()
        .map(|c| (c.code, super::country_name(c.code, lang)))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let online = posted.get("online") == "yes";
    let title = if form.editing.is_some() {
        EventsMsg::EditEvent
    } else {
        EventsMsg::NewEvent
    };
    let select_attrs = |id: &str| (errors.invalid(id), errors.described_by(id, false));
    let datetime = |id: &str, label: EventsMsg| {
        let (invalid, described) = select_attrs(id);
        html! {
            div class="field" {
                label for=(id) { (reader.t(label)) }
                (errors.message(id))
                input id=(id) name=(id) type="datetime-local" value=(posted.get(id)) required dir="ltr"
                    aria-invalid=[invalid] aria-describedby=[described];
            }
        }
    };
    html! {
        section class="event-form" aria-labelledby="event-form-title" {
            h3 id="event-form-title" { (reader.t(title)) }
            p class="help" { (reader.t(EventsMsg::ReviewNote)) }
            (errors.summary())
            form class="entry-form" id="event-form" method="post" action=(reader.href("/owner")) novalidate {
                input type="hidden" name="token" value=(token);
                input type="hidden" name="action" value="event_save";
                @if let Some(id) = form.editing { input type="hidden" name="event" value=(id.to_string()); }
                (text_field(reader, &errors, "title", EventsMsg::TitleLabel, None, TextKind::text(120).required(), posted.get("title")))
                div class="field" {
                    label for="kind" { (reader.t(EventsMsg::KindLabel)) }
                    (errors.message("kind"))
                    @let (invalid, described) = select_attrs("kind");
                    select id="kind" name="kind" required aria-invalid=[invalid] aria-describedby=[described] {
                        option value="" { (reader.t(PagesMsg::ChooseOne)) }
                        @for kind in EventKind::ALL {
                            option value=(kind.as_str()) selected[posted.get("kind") == kind.as_str()] { (reader.t(kind_name(kind))) }
                        }
                    }
                }
                (datetime("starts_at", EventsMsg::StartsLabel))
                (datetime("ends_at", EventsMsg::EndsLabel))
                div class="field" {
                    label for="time_zone" { (reader.t(EventsMsg::TimeZoneLabel)) }
                    p class="help" id="time_zone-help" { (reader.t(EventsMsg::TimeZoneHelp)) }
                    (errors.message("time_zone"))
                    select id="time_zone" name="time_zone" required dir="ltr" aria-invalid=[errors.invalid("time_zone")] aria-describedby=[errors.described_by("time_zone", true)] {
                        option value="" { (reader.t(PagesMsg::ChooseOne)) }
                        @for zone in TimeZoneName::choices() {
                            option value=(zone) selected[posted.get("time_zone") == zone] { (zone) }
                        }
                    }
                }
                fieldset class="location" {
                    legend { (reader.t(EventsMsg::WhereLabel)) }
                    div class="choice" {
                        input id="online" name="online" type="checkbox" value="yes" checked[online];
                        label for="online" { (reader.t(EventsMsg::OnlineLabel)) }
                    }
                    p class="help" { (reader.t(EventsMsg::PlaceHelp)) }
                    (text_field(reader, &errors, "city", PagesMsg::CityLabel, None, TextKind::text(100), posted.get("city")))
                    div class="field" {
                        label for="country" { (reader.t(PagesMsg::CountryLabel)) }
                        (errors.message("country"))
                        select id="country" name="country" aria-invalid=[errors.invalid("country")] aria-describedby=[errors.described_by("country", false)] {
                            option value="" { (reader.t(PagesMsg::ChooseOne)) }
                            @for (code, name) in &countries {
                                option value=(code) selected[posted.get("country") == *code] { (name) }
                            }
                        }
                    }
                    @if !form.candidates.is_empty() {
                        fieldset class="candidates" id="place" {
                            legend { (reader.t(PagesMsg::CitySuggestions)) }
                            @for (i, city) in form.candidates.iter().enumerate() {
                                @let id = format!("place-{i}");
                                @let value = format!("{:.4},{:.4}", city.latitude, city.longitude);
                                div class="choice" {
                                    input type="radio" id=(id) name="place" value=(value) checked[posted.get("place") == value];
                                    label for=(id) {
                                        (super::layout::place(city.name_ar.as_deref().filter(|_| lang == Lang::Ar).unwrap_or(&city.name), None, &city.country, reader))
                                        " (" (format!("{:.2}, {:.2}", city.latitude, city.longitude)) ")"
                                    }
                                }
                            }
                        }
                    }
                    details class="coordinates" open[errors.of("latitude").is_some() || errors.of("longitude").is_some() || !posted.get("latitude").is_empty()] {
                        summary { (reader.t(SiteMsg::CoordinatesInstead)) }
                        (text_field(reader, &errors, "latitude", SiteMsg::Latitude, Some(reader.t(SiteMsg::CoordinatesHelp)), TextKind::text(20).typed("text", "off"), posted.get("latitude")))
                        (text_field(reader, &errors, "longitude", SiteMsg::Longitude, None, TextKind::text(20).typed("text", "off"), posted.get("longitude")))
                    }
                    div class="choice" {
                        input id="exact_place" name="exact_place" type="checkbox" value="yes" checked[posted.get("exact_place") == "yes"];
                        label for="exact_place" { (reader.t(EventsMsg::ExactPlaceLabel)) }
                    }
                }
                div class="field" {
                    label for="description" { (reader.t(PagesMsg::DescriptionLabel)) }
                    (errors.message("description"))
                    textarea id="description" name="description" rows="5" maxlength="2000" dir="auto"
                        aria-invalid=[errors.invalid("description")] aria-describedby=[errors.described_by("description", false)] { (posted.get("description")) }
                }
                (text_field(reader, &errors, "link", EventsMsg::LinkLabel, None, TextKind::text(300).typed("url", "url"), posted.get("link")))
                (text_field(reader, &errors, "languages", EventsMsg::LanguagesLabel, Some(reader.t(EventsMsg::LanguagesHelp)), TextKind::text(100).typed("text", "off"), posted.get("languages")))
                (text_field(reader, &errors, "co_organizers", EventsMsg::CoOrganizersLabel, Some(reader.t(EventsMsg::CoOrganizersHelp)), TextKind::text(1000).typed("text", "off"), posted.get("co_organizers")))
                button type="submit" class="primary" { (reader.t(PagesMsg::SendForReview)) }
            }
        }
    }
}
