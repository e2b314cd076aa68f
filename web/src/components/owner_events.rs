//! The owner page's events (issue #19): the group's events with their status, the form that
//! posts one or edits one (held for review again), and cancel; the same as the server's page
//! (`api/src/site/owner_events.rs`), through the owner events API. The rules are the server's:
//! the time zones are the browser's own list (`Intl`), so no zone database is in the bundle.

use leptos::prelude::*;
use shared::api::{EventDraft, ManagedEvent, Problem};
use shared::domain::{EventId, EventKind, EventStatus, FieldError};
use shared::i18n::{EventsMsg, PagesMsg, event_kind_name as kind_name, event_rule_message};
use wasm_bindgen::{JsCast, JsValue};

use super::field_errors::{described_by, error_id, has_error, help_id};
use super::location_picker::{LocationPicker, PlaceFields};
use crate::api;
use crate::i18n::{I18n, rule_message};
use crate::leaflet_ext::countries_by_name;

/// An `Intl` value by path (`Intl.supportedValuesOf`), if this browser has it.
fn intl(name: &str) -> Option<JsValue> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    js_sys::Reflect::get(&intl, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// The browser's time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
fn browser_zone() -> Option<String> {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()?
        .as_string()
}

/// The zones to choose from: the browser's list, with UTC and the zones already in use.
fn zones(also: &[String]) -> Vec<String> {
    let mut names: Vec<String> = intl("supportedValuesOf")
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&JsValue::NULL, &JsValue::from_str("timeZone")).ok())
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    names.push("UTC".to_owned());
    names.extend(also.iter().filter(|z| !z.is_empty()).cloned());
    names.sort();
    names.dedup();
    names
}

/// `instant` as the clocks of `zone` show it, `2026-12-10T18:00` (what a `datetime-local`
/// field holds): the browser converts (Swedish dates are ISO dates).
fn local_time(instant: chrono::DateTime<chrono::Utc>, zone: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &zone.into());
    let _ = js_sys::Reflect::set(&options, &"hourCycle".into(), &"h23".into());
    let text: String = date.to_locale_string("sv-SE", &options).into();
    text.replace(' ', "T").chars().take(16).collect()
}

/// The form's fields.
#[derive(Clone, Copy)]
struct EventFields {
    title: RwSignal<String>,
    kind: RwSignal<String>,
    starts_at: RwSignal<String>,
    ends_at: RwSignal<String>,
    time_zone: RwSignal<String>,
    online: RwSignal<bool>,
    place: PlaceFields,
    exact: RwSignal<bool>,
    description: RwSignal<String>,
    link: RwSignal<String>,
    languages: RwSignal<String>,
    co_organizers: RwSignal<String>,
}

impl EventFields {
    fn new() -> Self {
        Self {
            title: RwSignal::new(String::new()),
            kind: RwSignal::new(String::new()),
            starts_at: RwSignal::new(String::new()),
            ends_at: RwSignal::new(String::new()),
            time_zone: RwSignal::new(browser_zone().unwrap_or_default()),
            online: RwSignal::new(false),
            place: PlaceFields {
                city: RwSignal::new(String::new()),
                country: RwSignal::new(String::new()),
                latitude: RwSignal::new(None),
                longitude: RwSignal::new(None),
            },
            exact: RwSignal::new(false),
            description: RwSignal::new(String::new()),
            link: RwSignal::new(String::new()),
            languages: RwSignal::new(String::new()),
            co_organizers: RwSignal::new(String::new()),
        }
    }

    fn clear(&self) {
        for text in [
            self.title,
            self.kind,
            self.starts_at,
            self.ends_at,
            self.description,
            self.link,
            self.languages,
            self.co_organizers,
            self.place.city,
            self.place.country,
        ] {
            text.set(String::new());
        }
        self.time_zone.set(browser_zone().unwrap_or_default());
        self.online.set(false);
        self.exact.set(false);
        self.place.latitude.set(None);
        self.place.longitude.set(None);
    }

    fn fill(&self, managed: &ManagedEvent) {
        let event = &managed.event;
        self.title.set(event.title.clone());
        self.kind.set(event.kind.as_str().to_owned());
        self.starts_at
            .set(local_time(event.starts_at, &event.time_zone));
        self.ends_at
            .set(local_time(event.ends_at, &event.time_zone));
        self.time_zone.set(event.time_zone.clone());
        self.online.set(event.online);
        self.description.set(event.description.clone());
        self.link.set(event.link.clone().unwrap_or_default());
        self.languages.set(event.languages.join(", "));
        self.co_organizers.set(
            event
                .co_organizers
                .iter()
                .map(|o| o.slug.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        let place = event.place.as_ref();
        self.place
            .city
            .set(place.map(|p| p.city.clone()).unwrap_or_default());
        self.place
            .country
            .set(place.map(|p| p.country.clone()).unwrap_or_default());
        self.place.latitude.set(place.map(|p| p.location.latitude));
        self.place
            .longitude
            .set(place.map(|p| p.location.longitude));
        self.exact
            .set(place.is_some_and(|p| p.precision == shared::Precision::Exact));
    }

    fn draft(&self) -> EventDraft {
        let items = |text: String| -> Vec<String> {
            text.split([',', ' ', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let online = self.online.get_untracked();
        let optional = |text: String| (!text.trim().is_empty()).then_some(text);
        EventDraft {
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            link: optional(self.link.get_untracked()),
            kind: self.kind.get_untracked(),
            starts_at: self.starts_at.get_untracked(),
            ends_at: self.ends_at.get_untracked(),
            time_zone: self.time_zone.get_untracked(),
            online,
            city: (!online)
                .then(|| optional(self.place.city.get_untracked()))
                .flatten(),
            country: (!online)
                .then(|| optional(self.place.country.get_untracked()))
                .flatten(),
            latitude: (!online)
                .then(|| self.place.latitude.get_untracked())
                .flatten(),
            longitude: (!online)
                .then(|| self.place.longitude.get_untracked())
                .flatten(),
            exact_place: self.exact.get_untracked(),
            languages: items(self.languages.get_untracked()),
            co_organizers: items(self.co_organizers.get_untracked()),
        }
    }
}

fn status_name(status: EventStatus) -> EventsMsg {
    match status {
        EventStatus::Pending => EventsMsg::StatusPending,
        EventStatus::Published => EventsMsg::StatusPublished,
        EventStatus::Rejected => EventsMsg::StatusRejected,
        EventStatus::Cancelled => EventsMsg::StatusCancelled,
    }
}

/// A field's errors in the reader's words, the events' own rules included.
#[component]
fn EventErrors(field: &'static str, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let messages: Vec<&'static str> = errors.with(|all| {
            all.iter()
                .filter(|e| e.field.split('[').next() == Some(field))
                .map(|e| match event_rule_message(&e.field, &e.rule) {
                    Some(msg) => i18n.t(msg),
                    None => i18n.t(rule_message(&e.rule)),
                })
                .collect()
        });
        (!messages.is_empty())
            .then(|| view! { <p class="field-error" id=error_id(field)>{messages.join(" ")}</p> })
    }
}

/// A labelled input of the form.
#[component]
fn Input<L: shared::i18n::Message + Send + Sync + 'static>(
    id: &'static str,
    label: L,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] help: Option<EventsMsg>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let invalid = move || errors.with(|e| has_error(e, id));
    let described = move || described_by(id, help.is_some(), invalid());
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            {help.map(|h| view! { <p class="help" id=help_id(id)>{move || i18n.t(h)}</p> })}
            <input id=id name=id type=kind.unwrap_or("text") dir="auto" autocomplete="off"
                aria-invalid=move || invalid().to_string() aria-describedby=described
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <EventErrors field=id errors />
        </div>
    }
}

/// The owner page's events section.
#[component]
pub fn OwnerEvents(token: StoredValue<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let events = RwSignal::new(Vec::<ManagedEvent>::new());
    let message = RwSignal::new(None::<&'static str>);
    // `Some(None)`: a new event; `Some(Some(id))`: editing that one.
    let editing = RwSignal::new(None::<Option<EventId>>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let fields = EventFields::new();
    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::owner_events(token.get_value()).await {
                events.set(list);
            }
        });
    };
    reload();
    let failed = move |problem: Problem| {
        message.set(Some(if problem.status == 429 {
            i18n.t(PagesMsg::TooManyRequests)
        } else if problem.status == 409 {
            i18n.t(shared::i18n::SiteMsg::NotPossibleNow)
        } else {
            i18n.t(PagesMsg::SendFailed)
        }));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = editing.get_untracked() else {
            return;
        };
        let draft = fields.draft();
        leptos::task::spawn_local(async move {
            match api::owner_save_event(token.get_value(), id, draft).await {
                Ok(_) => {
                    errors.set(Vec::new());
                    editing.set(None);
                    fields.clear();
                    message.set(Some(i18n.t(EventsMsg::EventSent)));
                    reload();
                    crate::pages::join_page::focus_id("owner-events-message");
                }
                Err(problem) if !problem.errors.is_empty() => {
                    errors.set(problem.errors);
                    crate::pages::join_page::focus_id("event-form-title");
                }
                Err(problem) => failed(problem),
            }
        });
    };
    let cancel = move |id: EventId| {
        leptos::task::spawn_local(async move {
            match api::owner_cancel_event(token.get_value(), id).await {
                Ok(_) => {
                    message.set(Some(i18n.t(EventsMsg::EventCancelledDone)));
                    reload();
                }
                Err(problem) => failed(problem),
            }
            crate::pages::join_page::focus_id("owner-events-message");
        });
    };
    // The browser's clock (chrono's `Utc::now` has none to read in this build).
    let now_ms = js_sys::Date::now();
    view! {
        <section class="owner-events" aria-labelledby="owner-events-title" data-testid="owner-events">
            <h2 id="owner-events-title">{move || i18n.t(EventsMsg::OwnerEventsTitle)}</h2>
            <p>{move || i18n.t(EventsMsg::OwnerEventsIntro)}</p>
            <p id="owner-events-message" tabindex="-1" role="status" class="form-success">{move || message.get()}</p>
            {move || {
                let list = events.get();
                if list.is_empty() {
                    return view! { <p>{move || i18n.t(EventsMsg::NoOwnEvents)}</p> }.into_any();
                }
                view! {
                    <ul class="owner-event-list">
                        {list.into_iter().map(|managed| {
                            let event = managed.event.clone();
                            let open = event.ends_at.timestamp_millis() as f64 > now_ms && event.status != EventStatus::Cancelled;
                            let cancellable = open && event.status != EventStatus::Rejected;
                            let when = format!("{} – {}", local_time(event.starts_at, &event.time_zone).replace('T', " "),
                                local_time(event.ends_at, &event.time_zone).replace('T', " "));
                            let reason = managed.reason.clone().filter(|_| event.status == EventStatus::Rejected);
                            let page = (event.status == EventStatus::Published).then(|| format!("/events/{}", event.slug));
                            let (id, kind, status, zone) = (event.id, event.kind, event.status, event.time_zone.clone());
                            view! {
                                <li data-slug=event.slug.clone() data-status=status.as_str()>
                                    <h3 dir="auto">{event.title.clone()}</h3>
                                    <p class="meta">{move || i18n.t(kind_name(kind))}" · "<span dir="ltr">{when}</span>" ("<bdi dir="ltr">{zone}</bdi>")"</p>
                                    <p class="event-status">{move || i18n.t(EventsMsg::StatusLabel)}" "<strong>{move || i18n.t(status_name(status))}</strong>
                                        {page.map(|href| view! { " · "<a href=href>{move || i18n.t(EventsMsg::ViewEvent)}</a> })}
                                    </p>
                                    {reason.map(|reason| view! { <p dir="auto">{move || i18n.format(EventsMsg::RejectedBecause, &[("reason", &reason)])}</p> })}
                                    {open.then(|| {
                                        let managed = managed.clone();
                                        view! {
                                            <div class="owner-event-actions">
                                                <button type="button" on:click=move |_| {
                                                    fields.fill(&managed);
                                                    errors.set(Vec::new());
                                                    editing.set(Some(Some(id)));
                                                    crate::pages::join_page::focus_id("title");
                                                }>{move || i18n.t(EventsMsg::EditEvent)}</button>
                                                {cancellable.then(|| view! {
                                                    <details class="cancel-event">
                                                        <summary>{move || i18n.t(EventsMsg::CancelEvent)}</summary>
                                                        <button type="button" on:click=move |_| cancel(id)>{move || i18n.t(EventsMsg::CancelConfirm)}</button>
                                                    </details>
                                                })}
                                            </div>
                                        }
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || match editing.get() {
                None => view! {
                    <button type="button" class="primary" on:click=move |_| {
                        fields.clear();
                        errors.set(Vec::new());
                        editing.set(Some(None));
                        crate::pages::join_page::focus_id("title");
                    }>{move || i18n.t(EventsMsg::NewEvent)}</button>
                }.into_any(),
                Some(id) => view! { <EventForm id fields errors submit /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn EventForm(
    id: Option<EventId>,
    fields: EventFields,
    errors: RwSignal<Vec<FieldError>>,
    submit: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let invalid =
        move |field: &'static str| move || errors.with(|e| has_error(e, field)).to_string();
    let zone_list = zones(&[fields.time_zone.get_untracked()]);
    view! {
        <section class="event-form" aria-labelledby="event-form-title">
            <h3 id="event-form-title" tabindex="-1">{move || i18n.t(if id.is_some() { EventsMsg::EditEvent } else { EventsMsg::NewEvent })}</h3>
            <p class="help">{move || i18n.t(EventsMsg::ReviewNote)}</p>
            <form class="entry-form" id="event-form" novalidate on:submit=submit>
                <Input id="title" label=EventsMsg::TitleLabel value=fields.title errors />
                <div class="field">
                    <label for="kind">{move || i18n.t(EventsMsg::KindLabel)}</label>
                    <select id="kind" name="kind" aria-invalid=invalid("kind") prop:value=move || fields.kind.get()
                        on:change=move |ev| fields.kind.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t(PagesMsg::ChooseOne)}</option>
                        {EventKind::ALL.into_iter().map(|kind| view! {
                            <option value=kind.as_str() selected=move || fields.kind.get() == kind.as_str()>{move || i18n.t(kind_name(kind))}</option>
                        }).collect_view()}
                    </select>
                    <EventErrors field="kind" errors />
                </div>
                <Input id="starts_at" label=EventsMsg::StartsLabel value=fields.starts_at errors kind="datetime-local" />
                <Input id="ends_at" label=EventsMsg::EndsLabel value=fields.ends_at errors kind="datetime-local" />
                <div class="field">
                    <label for="time_zone">{move || i18n.t(EventsMsg::TimeZoneLabel)}</label>
                    <p class="help" id="time_zone-help">{move || i18n.t(EventsMsg::TimeZoneHelp)}</p>
                    <select id="time_zone" name="time_zone" dir="ltr" aria-invalid=invalid("time_zone") aria-describedby="time_zone-help"
                        on:change=move |ev| fields.time_zone.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t(PagesMsg::ChooseOne)}</option>
                        {zone_list.into_iter().map(|zone| {
                            let (selected, value) = (zone.clone(), zone.clone());
                            view! { <option value=value selected=move || fields.time_zone.get() == selected>{zone}</option> }
                        }).collect_view()}
                    </select>
                    <EventErrors field="time_zone" errors />
                </div>
                <fieldset class="location">
                    <legend>{move || i18n.t(EventsMsg::WhereLabel)}</legend>
                    <div class="choice">
                        <input id="online" name="online" type="checkbox" prop:checked=move || fields.online.get()
                            on:change=move |ev| fields.online.set(event_target_checked(&ev)) />
                        <label for="online">{move || i18n.t(EventsMsg::OnlineLabel)}</label>
                    </div>
                    {move || (!fields.online.get()).then(|| view! {
                        <p class="help">{move || i18n.t(EventsMsg::PlaceHelp)}</p>
                        <LocationPicker place=fields.place />
                        <EventErrors field="latitude" errors />
                        <EventErrors field="longitude" errors />
                        <Input id="city" label=PagesMsg::CityLabel value=fields.place.city errors />
                        <div class="field">
                            <label for="country">{move || i18n.t(PagesMsg::CountryLabel)}</label>
                            <select id="country" name="country" aria-invalid=invalid("country")
                                on:change=move |ev| fields.place.country.set(event_target_value(&ev)) prop:value=move || fields.place.country.get()>
                                <option value="">{move || i18n.t(PagesMsg::ChooseOne)}</option>
                                {move || {
                                    let lang = i18n.lang.get().code();
                                    let selected = fields.place.country.get();
                                    countries_by_name(lang).into_iter().map(|(code, name)| {
                                        let is_selected = code == selected;
                                        view! { <option value=code selected=is_selected>{name}</option> }
                                    }).collect_view()
                                }}
                            </select>
                            <EventErrors field="country" errors />
                        </div>
                        <div class="choice">
                            <input id="exact_place" name="exact_place" type="checkbox" prop:checked=move || fields.exact.get()
                                on:change=move |ev| fields.exact.set(event_target_checked(&ev)) />
                            <label for="exact_place">{move || i18n.t(EventsMsg::ExactPlaceLabel)}</label>
                        </div>
                    })}
                    <EventErrors field="city" errors />
                </fieldset>
                <div class="field">
                    <label for="description">{move || i18n.t(PagesMsg::DescriptionLabel)}</label>
                    <textarea id="description" name="description" rows="5" maxlength="2000" dir="auto" aria-invalid=invalid("description")
                        prop:value=move || fields.description.get() on:input=move |ev| fields.description.set(event_target_value(&ev))></textarea>
                    <EventErrors field="description" errors />
                </div>
                <Input id="link" label=EventsMsg::LinkLabel value=fields.link errors kind="url" />
                <Input id="languages" label=EventsMsg::LanguagesLabel value=fields.languages errors help=EventsMsg::LanguagesHelp />
                <Input id="co_organizers" label=EventsMsg::CoOrganizersLabel value=fields.co_organizers errors help=EventsMsg::CoOrganizersHelp />
                <button type="submit" class="primary">{move || i18n.t(PagesMsg::SendForReview)}</button>
            </form>
        </section>
    }
}
