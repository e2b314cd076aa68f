//! Events (issue #19): what listed groups organise — days of action, vigils, talks, screenings,
//! fundraisers. A group posts one through its owner link; it is held for review like a
//! submission, then public until it ends, while its organiser is public. Nothing about who
//! attends is asked or kept.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};

use super::draft::{
    CITY_MAX_CHARS, description_text, language_tag, list, plain_text, take, web_url,
};
use super::filter::{parse_list, present};
use super::organization::{GeoPoint, OrganizationRef};
use crate::domain::{
    BBox, CountryCode, EventCursor, EventId, EventKind, EventStatus, FieldError, Key, Latitude,
    Longitude, PageSize, PartnershipId, Precision, RuleViolation, Slug, TimeZoneName, coarsen,
};

pub const EVENT_TITLE_MAX_CHARS: usize = 120;
/// The most co-organisers one event names.
pub const MAX_CO_ORGANIZERS: usize = 10;
/// The longest an event may last.
pub const EVENT_MAX_DAYS: i64 = 31;
/// How far ahead an event may start.
pub const EVENT_MAX_DAYS_AHEAD: i64 = 3 * 366;

/// `POST /api/v1/owner/events` and `PUT /api/v1/owner/events/{id}`: an event as its organiser
/// gives it, unchecked. Missing text fields read as empty, so that the answer names each one.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventDraft {
    /// 3 to 120 characters of plain text.
    #[serde(default)]
    pub title: String,
    /// At most 2,000 characters; line breaks allowed.
    #[serde(default)]
    pub description: String,
    /// An `http(s)` address with more about the event (sign-up page, stream, poster).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub link: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = event_kind_schema))]
    pub kind: String,
    /// When it starts: an RFC 3339 time with its offset (`2026-12-10T17:00:00Z`), or a local
    /// time in `time_zone` (`2026-12-10T18:00`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "2026-12-10T18:00"))]
    pub starts_at: String,
    /// When it ends, as `starts_at`: after the start, at most 31 days later, not in the past.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "2026-12-10T20:00"))]
    pub ends_at: String,
    /// The IANA time zone the event's local times are in.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Europe/London"))]
    pub time_zone: String,
    /// An online event has no place: `city`, `country`, `latitude` and `longitude` stay empty.
    #[serde(default)]
    pub online: bool,
    /// Where it happens (required unless online).
    #[serde(default)]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 (required unless online).
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    /// Keep the exact point. By default only a point about 1 km away is stored, as for entries.
    #[serde(default)]
    pub exact_place: bool,
    /// Languages spoken at the event (BCP 47 tags such as `en`, `ar`), at most 10.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Other entries on the map that organise it too, by slug (at most 10).
    #[serde(default)]
    pub co_organizers: Vec<String>,
}

#[cfg(feature = "openapi")]
fn event_kind_schema() -> utoipa::openapi::schema::Object {
    super::rules::one_of(EventKind::ALL.map(EventKind::as_str))
        .description(Some("What kind of event it is."))
        .build()
}

/// Where an event that is not online happens. For an approximate place the point is already
/// coarsened.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPlace {
    pub city: String,
    pub country: CountryCode,
    pub latitude: Latitude,
    pub longitude: Longitude,
    pub precision: Precision,
}

/// An event draft that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEvent {
    pub title: String,
    pub description: String,
    pub link: Option<String>,
    pub kind: EventKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub time_zone: TimeZoneName,
    /// `None`: online.
    pub place: Option<ValidPlace>,
    pub languages: Vec<String>,
    pub co_organizers: Vec<Slug>,
}

/// A time as an event draft gives it: an RFC 3339 time, or a local time in `zone`. `Ok(None)`
/// when it is a local time and the zone is unknown (the zone's own error says why).
fn event_time(
    input: &str,
    zone: Option<TimeZoneName>,
) -> Result<Option<DateTime<Utc>>, RuleViolation> {
    let text = input.trim();
    if text.is_empty() {
        return Err(RuleViolation::new("required", "this field is required"));
    }
    // Whole seconds: nobody meets at a fraction of one, and both backends store them alike.
    let whole = |t: DateTime<Utc>| t.with_nanosecond(0).unwrap_or(t);
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(whole(t.with_timezone(&Utc))));
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .map_err(|_| {
            RuleViolation::new(
                "invalid_format",
                "must be a time such as 2026-12-10T18:00 (local) or 2026-12-10T17:00:00Z",
            )
        })?;
    match zone {
        Some(zone) => zone.instant(local).map(|t| Some(whole(t))),
        None => Ok(None),
    }
}

/// An optional text field: `None` when absent or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn required<T>(value: Option<T>) -> Result<T, RuleViolation> {
    value.ok_or_else(|| RuleViolation::new("required", "this field is required"))
}

impl EventDraft {
    /// Checks every field against the rules at `now` and reports every broken one at once.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidEvent, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = take(
            &mut errors,
            "title",
            plain_text(&self.title, 3, EVENT_TITLE_MAX_CHARS),
        );
        let description = take(
            &mut errors,
            "description",
            description_text(&self.description),
        );
        let link = take(
            &mut errors,
            "link",
            given(&self.link).map(web_url).transpose(),
        );
        let kind = take(
            &mut errors,
            "kind",
            match self.kind.trim() {
                "" => Err(RuleViolation::new("required", "this field is required")),
                text => EventKind::parse(text).ok_or_else(|| {
                    let choices: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                    RuleViolation::new(
                        "invalid_choice",
                        format!("must be one of: {}", choices.join(", ")),
                    )
                }),
            },
        );
        let time_zone = take(
            &mut errors,
            "time_zone",
            TimeZoneName::parse(&self.time_zone),
        );
        let starts_at = take(
            &mut errors,
            "starts_at",
            event_time(&self.starts_at, time_zone),
        )
        .flatten();
        let ends_at = take(&mut errors, "ends_at", event_time(&self.ends_at, time_zone)).flatten();
        if let Some(start) = starts_at
            && start > now + chrono::Duration::days(EVENT_MAX_DAYS_AHEAD)
        {
            errors.push(FieldError::new(
                "starts_at",
                "too_far_ahead",
                format!("must be within {EVENT_MAX_DAYS_AHEAD} days from now"),
            ));
        }
        if let Some(end) = ends_at {
            match starts_at {
                Some(start) if end <= start => errors.push(FieldError::new(
                    "ends_at",
                    "ends_before_start",
                    "must be after the start",
                )),
                Some(start) if end - start > chrono::Duration::days(EVENT_MAX_DAYS) => {
                    errors.push(FieldError::new(
                        "ends_at",
                        "too_long",
                        format!("an event lasts at most {EVENT_MAX_DAYS} days"),
                    ));
                }
                _ if end <= now => errors.push(FieldError::new(
                    "ends_at",
                    "in_the_past",
                    "the event has already ended",
                )),
                _ => {}
            }
        }
        let place = self.place(&mut errors);
        let languages = list("languages", &self.languages, language_tag, &mut errors);
        let co_organizers = if self.co_organizers.len() > MAX_CO_ORGANIZERS {
            errors.push(FieldError::new(
                "co_organizers",
                "too_many_values",
                format!("at most {MAX_CO_ORGANIZERS} values"),
            ));
            Vec::new()
        } else {
            list(
                "co_organizers",
                &self.co_organizers,
                |s| Slug::parse(s.trim()),
                &mut errors,
            )
        };
        match (
            title,
            description,
            link,
            kind,
            time_zone,
            starts_at,
            ends_at,
        ) {
            (
                Some(title),
                Some(description),
                Some(link),
                Some(kind),
                Some(time_zone),
                Some(starts_at),
                Some(ends_at),
            ) if errors.is_empty() => Ok(ValidEvent {
                title,
                description,
                link,
                kind,
                starts_at,
                ends_at,
                time_zone,
                place: place.flatten(),
                languages,
                co_organizers,
            }),
            _ => Err(errors),
        }
    }

    /// The place: none for an online event (whose place fields must stay empty), else every
    /// field required. `None` when a field was refused.
    fn place(&self, errors: &mut Vec<FieldError>) -> Option<Option<ValidPlace>> {
        if self.online {
            let given_fields = [
                ("city", given(&self.city).is_some()),
                ("country", given(&self.country).is_some()),
                ("latitude", self.latitude.is_some()),
                ("longitude", self.longitude.is_some()),
            ];
            let before = errors.len();
            for (field, _) in given_fields.iter().filter(|(_, is_given)| *is_given) {
                errors.push(FieldError::new(
                    *field,
                    "online_event_has_no_place",
                    "an online event has no place: leave this empty or untick online",
                ));
            }
            return (errors.len() == before).then_some(None);
        }
        let city = take(
            errors,
            "city",
            plain_text(self.city.as_deref().unwrap_or(""), 1, CITY_MAX_CHARS),
        );
        let country = take(
            errors,
            "country",
            required(given(&self.country)).and_then(CountryCode::parse),
        );
        let latitude = take(
            errors,
            "latitude",
            required(self.latitude).and_then(Latitude::parse),
        );
        let longitude = take(
            errors,
            "longitude",
            required(self.longitude).and_then(Longitude::parse),
        );
        let (city, country, latitude, longitude) = (city?, country?, latitude?, longitude?);
        let (precision, (latitude, longitude)) = if self.exact_place {
            (Precision::Exact, (latitude, longitude))
        } else {
            (Precision::Approximate, coarsen(latitude, longitude))
        };
        Some(Some(ValidPlace {
            city,
            country,
            latitude,
            longitude,
            precision,
        }))
    }
}

/// Where a public event happens.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventPlace {
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The stored point. For `approximate` places it was coarsened to about 1 km before storage.
    pub location: GeoPoint,
    pub precision: Precision,
}

/// An event as the public sees it: only public fields (nothing about attendees exists).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: EventId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub link: Option<String>,
    pub kind: EventKind,
    /// Public events are `published`, or `cancelled` (still shown, as cancelled, until they
    /// end).
    pub status: EventStatus,
    /// UTC.
    pub starts_at: DateTime<Utc>,
    /// UTC.
    pub ends_at: DateTime<Utc>,
    /// The IANA time zone of the organiser's local times.
    pub time_zone: String,
    pub online: bool,
    /// Where it happens; `null` for an online event.
    pub place: Option<EventPlace>,
    /// Languages spoken at the event (BCP 47 tags).
    pub languages: Vec<String>,
    /// The entry that organises it.
    pub organizer: OrganizationRef,
    /// Other entries that organise it, those on the map now.
    pub co_organizers: Vec<OrganizationRef>,
    pub updated_at: DateTime<Utc>,
}

/// One page of events, by start time.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventPage {
    pub items: Vec<Event>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// An event as its organiser and the moderators see it: any status, with the moderator's
/// reason for a rejection.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedEvent {
    /// The event; its `status` is any of `pending`, `published`, `rejected`, `cancelled`, and
    /// `co_organizers` lists those of the named co-organisers that are on the map now.
    pub event: Event,
    /// Why a moderator rejected it.
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When it was first approved.
    pub published_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/admin/events`: a moderator posts an event for a group on the map. The event's
/// fields are those of [`EventDraft`], beside the organiser.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminEventRequest {
    /// The organising entry, by UUID or slug.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "example-student-group-glasgow"))]
    pub organizer: String,
    #[serde(flatten)]
    pub event: EventDraft,
}

impl AdminEventRequest {
    /// The event's rules (see [`EventDraft::validate`]), and an organiser named; every broken
    /// rule at once. Whether the organiser exists is the server's to say.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidEvent, Vec<FieldError>> {
        let organizer = self.organizer.trim();
        let missing = organizer
            .is_empty()
            .then(|| FieldError::new("organizer", "required", "this field is required"));
        let too_long = (organizer.chars().count() > 200)
            .then(|| FieldError::new("organizer", "too_long", "at most 200 characters"));
        match (self.event.validate(now), missing.or(too_long)) {
            (Ok(valid), None) => Ok(valid),
            (Ok(_), Some(error)) => Err(vec![error]),
            (Err(errors), None) => Err(errors),
            (Err(errors), Some(error)) => Err(std::iter::once(error).chain(errors).collect()),
        }
    }
}

/// The query string of `GET /api/v1/events` and `GET /api/v1/events.ics`, as sent. Every field
/// is text so that each bad value is reported by name (see [`EventQuery::parse`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct EventQuery {
    /// `min_lon,min_lat,max_lon,max_lat` in degrees (WGS 84): events whose place is inside
    /// (online events have none).
    #[cfg_attr(feature = "openapi", param(example = "-0.51,51.28,0.33,51.69"))]
    pub bbox: Option<String>,
    /// One or more category keys of the organiser, comma-separated.
    #[cfg_attr(feature = "openapi", param(example = "student_group,media"))]
    pub category: Option<String>,
    /// One or more ISO 3166-1 alpha-2 codes of the event's place, comma-separated.
    #[cfg_attr(feature = "openapi", param(example = "PS"))]
    pub country: Option<String>,
    /// Events still going on at or after this day (`2026-12-01`, the whole UTC day) or RFC 3339
    /// time.
    #[cfg_attr(feature = "openapi", param(example = "2026-12-01"))]
    pub from: Option<String>,
    /// Events starting on or before this day (`2026-12-31`, the whole UTC day) or RFC 3339 time.
    #[cfg_attr(feature = "openapi", param(example = "2026-12-31"))]
    pub to: Option<String>,
    /// One or more kinds, comma-separated: `action`, `vigil`, `talk`, `screening`,
    /// `fundraiser`, `other`.
    #[cfg_attr(feature = "openapi", param(example = "vigil,action"))]
    pub kind: Option<String>,
    /// One or more language tags, comma-separated; an event in any of them matches.
    #[cfg_attr(feature = "openapi", param(example = "en,ar"))]
    pub language: Option<String>,
    /// One organiser's events (as organiser or co-organiser), by the entry's slug.
    pub organization: Option<String>,
    /// One event, by its slug (a page's "add to calendar" link).
    pub event: Option<String>,
    /// One twinning's events: those either of its two organisations organises or
    /// co-organises, by the partnership's id (`GET /api/v1/partnerships`).
    #[cfg_attr(
        feature = "openapi",
        param(example = "0b8c3f0e-2a41-4d0c-9a53-6f1f0d6c2b7e")
    )]
    pub partnership: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A parsed event filter: every value valid. Whether category keys exist is checked by the
/// server against its tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    pub bbox: Option<BBox>,
    pub categories: Vec<Key>,
    pub countries: Vec<CountryCode>,
    /// Events ending at or after this.
    pub from: Option<DateTime<Utc>>,
    /// Events starting at or before this.
    pub to: Option<DateTime<Utc>>,
    pub kinds: Vec<EventKind>,
    pub languages: Vec<String>,
    pub organization: Option<Slug>,
    pub event: Option<Slug>,
    pub partnership: Option<PartnershipId>,
    pub limit: PageSize,
    pub cursor: Option<EventCursor>,
}

/// A bound of the date range: a day (its first or last moment in UTC) or an RFC 3339 time.
fn range_bound(text: &str, field: &str, end_of_day: bool) -> Result<DateTime<Utc>, FieldError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return in_storable_years(t.with_timezone(&Utc), field);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            "invalid_format",
            format!("{field} must be a day such as 2026-12-01 or an RFC 3339 time"),
        )
    })?;
    let start = day.and_time(chrono::NaiveTime::MIN).and_utc();
    let bound = if end_of_day {
        start
            .checked_add_signed(chrono::Duration::days(1) - chrono::Duration::microseconds(1))
            .unwrap_or(start)
    } else {
        start
    };
    in_storable_years(bound, field)
}

/// Years 1 to 9999, which both databases store and compare alike (and RFC 3339 writes): a
/// bound outside them is refused rather than sent to the database.
fn in_storable_years(t: DateTime<Utc>, field: &str) -> Result<DateTime<Utc>, FieldError> {
    use chrono::Datelike;
    if (1..=9999).contains(&t.year()) {
        Ok(t)
    } else {
        Err(FieldError::new(
            field,
            "out_of_range",
            format!("{field} must be within the years 1 to 9999"),
        ))
    }
}

impl EventQuery {
    /// Checks every field and reports all bad ones at once.
    pub fn parse(&self) -> Result<EventFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut filter = EventFilter {
            categories: parse_list("category", &self.category, Key::parse, &mut errors),
            countries: parse_list("country", &self.country, CountryCode::parse, &mut errors),
            kinds: parse_list(
                "kind",
                &self.kind,
                |k| {
                    EventKind::parse(k).ok_or_else(|| {
                        RuleViolation::new("invalid_choice", format!("{k:.40} is not a kind"))
                    })
                },
                &mut errors,
            ),
            languages: parse_list("language", &self.language, language_tag, &mut errors),
            ..EventFilter::default()
        };
        if let Some(text) = present(&self.bbox) {
            match BBox::parse(text) {
                Ok(b) => filter.bbox = Some(b),
                Err(e) => errors.push(e.at("bbox")),
            }
        }
        if let Some(text) = present(&self.from) {
            match range_bound(text, "from", false) {
                Ok(t) => filter.from = Some(t),
                Err(e) => errors.push(e),
            }
        }
        if let Some(text) = present(&self.to) {
            match range_bound(text, "to", true) {
                Ok(t) => filter.to = Some(t),
                Err(e) => errors.push(e),
            }
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            errors.push(FieldError::new(
                "to",
                "min_greater_than_max",
                "to must not be before from",
            ));
        }
        if let Some(text) = present(&self.organization) {
            match Slug::parse(text) {
                Ok(s) => filter.organization = Some(s),
                Err(e) => errors.push(e.at("organization")),
            }
        }
        if let Some(text) = present(&self.event) {
            match Slug::parse(text) {
                Ok(s) => filter.event = Some(s),
                Err(e) => errors.push(e.at("event")),
            }
        }
        if let Some(text) = present(&self.partnership) {
            match text.parse::<PartnershipId>() {
                Ok(id) => filter.partnership = Some(id),
                Err(_) => errors.push(FieldError::new(
                    "partnership",
                    "invalid_format",
                    "partnership must be a partnership's id (a UUID)",
                )),
            }
        }
        if let Some(text) = present(&self.limit) {
            match PageSize::parse(text) {
                Ok(l) => filter.limit = l,
                Err(e) => errors.push(e.at("limit")),
            }
        }
        if let Some(text) = present(&self.cursor) {
            match EventCursor::parse(text) {
                Ok(c) => filter.cursor = Some(c),
                Err(e) => errors.push(e.at("cursor")),
            }
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }
}

impl EventFilter {
    /// Whether an event with these languages passes the language filter.
    pub fn speaks_any(&self, languages: &[String]) -> bool {
        self.languages.is_empty() || self.languages.iter().any(|l| languages.contains(l))
    }
}

/// `GET /api/v1/admin/events`: which events.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct EventReviewQuery {
    /// `pending` (the default, also when empty: oldest first), `published`, `rejected`,
    /// `cancelled` (those by start time) or `all`.
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(pending|published|rejected|cancelled|all)?$")
    )]
    pub state: Option<String>,
}

impl EventReviewQuery {
    /// The status asked for; `None` for `all`.
    pub fn status(&self) -> Result<Option<EventStatus>, Vec<FieldError>> {
        match self.state.as_deref().map(str::trim) {
            None | Some("") => Ok(Some(EventStatus::Pending)),
            Some("all") => Ok(None),
            Some(text) => EventStatus::parse(text).map(Some).ok_or_else(|| {
                vec![FieldError::new(
                    "state",
                    "invalid_choice",
                    "must be pending, published, rejected, cancelled or all",
                )]
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn good() -> EventDraft {
        EventDraft {
            title: "Vigil for Jerusalem".into(),
            kind: "vigil".into(),
            starts_at: "2026-12-10T18:00".into(),
            ends_at: "2026-12-10T20:00".into(),
            time_zone: "Europe/London".into(),
            city: Some("Glasgow".into()),
            country: Some("GB".into()),
            latitude: Some(55.8642),
            longitude: Some(-4.2518),
            languages: vec!["en".into(), "ar".into()],
            ..EventDraft::default()
        }
    }

    fn fields(draft: &EventDraft) -> Vec<(String, String)> {
        draft
            .validate(now())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.rule))
            .collect()
    }

    #[test]
    fn a_good_draft_is_valid_with_local_times_in_utc_and_an_approximate_point() {
        let valid = good().validate(now()).unwrap();
        assert_eq!(valid.starts_at.to_rfc3339(), "2026-12-10T18:00:00+00:00");
        assert_eq!(valid.time_zone.as_str(), "Europe/London");
        let place = valid.place.unwrap();
        assert_eq!(place.precision, Precision::Approximate);
        assert_ne!(place.latitude.value(), 55.8642);
        assert_eq!(valid.languages, ["en", "ar"]);
    }

    #[test]
    fn local_times_follow_the_zone_and_offsets_are_kept() {
        let jerusalem = EventDraft {
            time_zone: "Asia/Jerusalem".into(),
            ends_at: "2026-12-10T17:00:00Z".into(),
            ..good()
        };
        let valid = jerusalem.validate(now()).unwrap();
        assert_eq!(valid.starts_at.to_rfc3339(), "2026-12-10T16:00:00+00:00");
        assert_eq!(valid.ends_at.to_rfc3339(), "2026-12-10T17:00:00+00:00");
    }

    #[test]
    fn the_exact_point_is_kept_only_when_asked() {
        let exact = EventDraft {
            exact_place: true,
            ..good()
        };
        let place = exact.validate(now()).unwrap().place.unwrap();
        assert_eq!(place.precision, Precision::Exact);
        assert_eq!(place.latitude.value(), 55.8642);
    }

    #[test]
    fn every_bad_field_is_named() {
        let draft = EventDraft {
            title: "<b>".into(),
            link: Some("javascript:alert(1)".into()),
            kind: "party".into(),
            time_zone: "Mars/Olympus".into(),
            starts_at: "tomorrow".into(),
            country: Some("XX".into()),
            latitude: Some(95.0),
            languages: vec!["english please".into()],
            co_organizers: vec!["Not A Slug".into()],
            ..good()
        };
        assert_eq!(
            fields(&draft),
            [
                ("title", "markup_not_allowed"),
                ("link", "invalid_url"),
                ("kind", "invalid_choice"),
                ("time_zone", "invalid_time_zone"),
                ("starts_at", "invalid_format"),
                ("country", "unknown_country"),
                ("latitude", "out_of_range"),
                ("languages[0]", "invalid_language"),
                ("co_organizers[0]", "invalid_slug"),
            ]
            .map(|(f, r)| (f.to_owned(), r.to_owned()))
        );
    }

    #[test]
    fn times_must_be_in_order_not_past_and_not_too_long() {
        let backwards = EventDraft {
            ends_at: "2026-12-10T17:00".into(),
            ..good()
        };
        assert_eq!(
            fields(&backwards),
            [("ends_at".to_owned(), "ends_before_start".to_owned())]
        );
        let past = EventDraft {
            starts_at: "2026-11-10T18:00".into(),
            ends_at: "2026-11-10T20:00".into(),
            ..good()
        };
        assert_eq!(
            fields(&past),
            [("ends_at".to_owned(), "in_the_past".to_owned())]
        );
        let long = EventDraft {
            ends_at: "2027-02-10T20:00".into(),
            ..good()
        };
        assert_eq!(
            fields(&long),
            [("ends_at".to_owned(), "too_long".to_owned())]
        );
        let skipped = EventDraft {
            starts_at: "2027-03-28T01:30".into(),
            ends_at: "2027-03-28T05:00".into(),
            ..good()
        };
        assert_eq!(
            fields(&skipped),
            [("starts_at".to_owned(), "nonexistent_local_time".to_owned())]
        );
        let missing = EventDraft {
            starts_at: String::new(),
            ends_at: " ".into(),
            ..good()
        };
        assert_eq!(
            fields(&missing),
            [
                ("starts_at".to_owned(), "required".to_owned()),
                ("ends_at".to_owned(), "required".to_owned())
            ]
        );
    }

    #[test]
    fn an_online_event_has_no_place_and_a_place_needs_every_field() {
        let online = EventDraft {
            online: true,
            city: None,
            country: None,
            latitude: None,
            longitude: None,
            ..good()
        };
        assert_eq!(online.validate(now()).unwrap().place, None);
        let online_with_city = EventDraft {
            city: Some("Glasgow".into()),
            ..online.clone()
        };
        assert_eq!(
            fields(&online_with_city),
            [("city".to_owned(), "online_event_has_no_place".to_owned())]
        );
        let nowhere = EventDraft {
            online: false,
            ..online
        };
        assert_eq!(
            fields(&nowhere),
            ["city", "country", "latitude", "longitude"]
                .map(|f| (f.to_owned(), "required".to_owned()))
        );
    }

    #[test]
    fn the_query_reports_every_bad_field() {
        let query = EventQuery {
            bbox: Some("10,0,5,1".into()),
            category: Some("Student Group".into()),
            country: Some("XX".into()),
            from: Some("next week".into()),
            to: Some("2026-13-01".into()),
            kind: Some("vigil,party".into()),
            language: Some("english".into()),
            organization: Some("Not A Slug".into()),
            event: Some("Not A Slug".into()),
            partnership: Some("twinning".into()),
            limit: Some("0".into()),
            cursor: Some("zz".into()),
        };
        let errors = query.parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "category",
                "country",
                "kind",
                "language",
                "bbox",
                "from",
                "to",
                "organization",
                "event",
                "partnership",
                "limit",
                "cursor"
            ]
        );
    }

    #[test]
    fn days_cover_the_whole_utc_day_and_must_be_in_order() {
        let filter = EventQuery {
            from: Some("2026-12-01".into()),
            to: Some("2026-12-01".into()),
            kind: Some("vigil, talk".into()),
            ..EventQuery::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            filter.from.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-12-01T00:00:00+00:00")
        );
        assert_eq!(
            filter.to.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-12-01T23:59:59.999999+00:00")
        );
        assert_eq!(filter.kinds, [EventKind::Vigil, EventKind::Talk]);
        let backwards = EventQuery {
            from: Some("2026-12-02".into()),
            to: Some("2026-12-01".into()),
            ..EventQuery::default()
        };
        assert_eq!(
            backwards.parse().unwrap_err()[0].rule,
            "min_greater_than_max"
        );
        let far = EventQuery {
            from: Some("-262143-01-01".into()),
            to: Some("9999-12-31T23:00:00-05:00".into()),
            ..EventQuery::default()
        };
        let errors = far.parse().unwrap_err();
        let rules: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(rules, [("from", "out_of_range"), ("to", "out_of_range")]);
        let extreme = EventQuery {
            to: Some("262143-12-31".into()),
            ..EventQuery::default()
        };
        assert!(extreme.parse().is_err());
    }

    #[test]
    fn the_review_state_defaults_to_pending() {
        let state = |s: Option<&str>| {
            EventReviewQuery {
                state: s.map(str::to_owned),
            }
            .status()
        };
        assert_eq!(state(None), Ok(Some(EventStatus::Pending)));
        assert_eq!(state(Some("")), Ok(Some(EventStatus::Pending)));
        assert_eq!(state(Some("all")), Ok(None));
        assert_eq!(state(Some("cancelled")), Ok(Some(EventStatus::Cancelled)));
        assert!(state(Some("hidden")).is_err());
    }
}
