//! `/admin/events`: the events the groups post, held for review (issue #19): each with its
//! organiser, times, place, kind, description, link, languages and co-organisers, approved or
//! rejected with a reason (the group is told by e-mail either way); the published, rejected and
//! cancelled ones by the state filter. `/admin/events/new[/{organisation}]`: a moderator posts
//! an event for a group, published at once.

use leptos::prelude::*;
use shared::api::admin::RejectRequest;
use shared::api::{AdminEventRequest, EventDraft, ManagedEvent};
use shared::domain::{EventKind, EventStatus, FieldError};
use wasm_bindgen::JsCast;

use super::strings::{AdminCount, AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::field_errors::{FieldErrors, described_by, has_error, help_id};
use crate::components::location_picker::{LocationPicker, PlaceFields};
use crate::i18n::{Msg, PagesMsg};
use crate::leaflet_ext::{countries_by_name, country_name, language_name};

/// A kind's name.
pub fn kind_name(kind: EventKind) -> AdminMsg {
    match kind {
        EventKind::Action => AdminMsg::EventKindAction,
        EventKind::Vigil => AdminMsg::EventKindVigil,
        EventKind::Talk => AdminMsg::EventKindTalk,
        EventKind::Screening => AdminMsg::EventKindScreening,
        EventKind::Fundraiser => AdminMsg::EventKindFundraiser,
        EventKind::Other => AdminMsg::EventKindOther,
    }
}

/// A status's name, as the state filter names it.
fn state_name(status: EventStatus) -> AdminMsg {
    match status {
        EventStatus::Pending => AdminMsg::EventStatePending,
        EventStatus::Published => AdminMsg::EventStatePublished,
        EventStatus::Rejected => AdminMsg::EventStateRejected,
        EventStatus::Cancelled => AdminMsg::EventStateCancelled,
    }
}

/// A UTC time as the dashboard writes it. The dashboard carries no time-zone database (it
/// would weigh on every bundle), so times are shown in UTC beside the organiser's zone.
fn when(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%d %H:%M").to_string()
}

fn focus_by_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id)
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}

/// The id of the button that confirms cancelling, from the id of the one that asks.
fn confirm_id_for(cancel_id: &str) -> String {
    cancel_id.replace("event-cancel-", "event-confirm-cancel-")
}

/// The states the list can show, with their names.
const STATES: [(&str, AdminMsg); 5] = [
    ("pending", AdminMsg::EventStatePending),
    ("published", AdminMsg::EventStatePublished),
    ("rejected", AdminMsg::EventStateRejected),
    ("cancelled", AdminMsg::EventStateCancelled),
    ("all", AdminMsg::EventStateAll),
];

/// The review queue's line about events: how many wait, and where.
#[component]
pub fn PendingEventsNote() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let pending = LocalResource::new(move || api::admin_events(session, "pending"));
    move || {
        pending.get().and_then(Result::ok).map(|list| {
            let count = list.len();
            view! {
                <p data-testid="pending-events"><a href="/admin/events">{move || i18n.a_count(AdminCount::EventsPendingCount, count)}</a></p>
            }
        })
    }
}

#[component]
pub fn Events() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let state = RwSignal::new("pending".to_owned());
    let events = LocalResource::new(move || {
        version.track();
        let state = state.get();
        async move { api::admin_events(session, &state).await }
    });
    let outcome = RwSignal::new(None::<String>);
    let decided = Callback::new(move |said: String| {
        outcome.set(Some(said));
        version.update(|v| *v += 1);
        // The decided event leaves the list: the page's heading keeps the focus in place.
        focus_by_id("events-title");
    });
    view! {
        <h1 id="events-title" tabindex="-1">{move || i18n.a(AdminMsg::Events)}</h1>
        <p>{move || i18n.a(AdminMsg::EventsIntro)}</p>
        <p><a href="/admin/events/new" data-testid="post-event">{move || i18n.a(AdminMsg::PostEvent)}</a></p>
        <div class="field">
            <label for="event-state">{move || i18n.a(AdminMsg::ReportShow)}</label>
            <select id="event-state" on:change=move |ev| state.set(event_target_value(&ev))>
                {STATES.into_iter().map(|(value, label)| view! {
                    <option value=value selected=move || state.get() == value>{move || i18n.a(label)}</option>
                }).collect_view()}
            </select>
        </div>
        <p role="status" data-testid="event-outcome">{move || outcome.get()}</p>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move {
                events.await.map(|list| if list.is_empty() {
                    view! { <p data-testid="no-events">{i18n.a(AdminMsg::NoEvents)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="review-list" data-testid="events">
                            {list.into_iter().enumerate().map(|(index, event)| view! { <EventItem event index decided /> }).collect_view()}
                        </ol>
                    }.into_any()
                })
            })}
        </ErrorBoundary></Transition>
    }
}

/// One event as the moderators read it, with the two decisions while it is pending.
#[component]
fn EventItem(event: ManagedEvent, index: usize, decided: Callback<String>) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let ManagedEvent {
        event, reason: why, ..
    } = event;
    let id = event.id;
    let title = event.title.clone();
    let kind = event.kind;
    let status = event.status;
    let title_id = format!("event-{index}");
    let labelled_by = title_id.clone();
    let reason_id = format!("event-reason-{index}");
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let decide = move |rejection: Option<RejectRequest>| {
        let title = title.clone();
        leptos::task::spawn_local(async move {
            let (result, done) = match rejection {
                None => (
                    api::approve_event(session, id).await,
                    AdminMsg::EventApprovedTitle,
                ),
                Some(request) => (
                    api::reject_event(session, id, &request).await,
                    AdminMsg::EventRejectedTitle,
                ),
            };
            match result {
                Ok(_) => decided.run(i18n.a_format(done, &[("title", &title)])),
                Err(_) => error.set(Some(i18n.a(AdminMsg::Failed).to_owned())),
            }
        });
    };
    let approve = {
        let decide = decide.clone();
        move |_| decide(None)
    };
    let confirming = RwSignal::new(false);
    let cancel_id = format!("event-cancel-{index}");
    let confirm_id = confirm_id_for(&cancel_id);
    let cancel = {
        let title = event.title.clone();
        move |_| {
            let title = title.clone();
            confirming.set(false);
            leptos::task::spawn_local(async move {
                match api::cancel_event_for_group(session, id).await {
                    Ok(_) => decided
                        .run(i18n.a_format(AdminMsg::EventCancelledTitle, &[("title", &title)])),
                    Err(_) => error.set(Some(i18n.a(AdminMsg::Failed).to_owned())),
                }
            });
        }
    };
    let confirm_text = i18n.a_format(AdminMsg::EventConfirmCancel, &[("title", &event.title)]);
    let ended = event.ends_at <= crate::components::confirmed::now();
    let cancellable = matches!(status, EventStatus::Pending | EventStatus::Published) && !ended;
    let reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        decide(Some(RejectRequest {
            reason: reason.get_untracked(),
        }));
    };
    let organizer = event.organizer.clone();
    let co_organizers = event.co_organizers.clone();
    let times = format!("{} – {}", when(event.starts_at), when(event.ends_at));
    let place = event.place.clone();
    let languages = event.languages.clone();
    let description = event.description.clone();
    let link = event.link.clone();
    let time_zone = event.time_zone.clone();
    view! {
        <li class="review-item" data-testid="event"><article aria-labelledby=labelled_by>
            <h2 id=title_id>
                <bdi dir="auto">{event.title.clone()}</bdi>" · "
                <span data-testid="event-kind">{move || i18n.a(kind_name(kind))}</span>
            </h2>
            <dl class="event-facts">
                <dt>{move || i18n.a(AdminMsg::Status)}</dt>
                <dd data-testid="event-status">{move || i18n.a(state_name(status))}</dd>
                <dt>{move || i18n.a(AdminMsg::EventOrganizer)}</dt>
                <dd>
                    <a href=format!("/admin/organizations/{}", organizer.id) data-testid="event-organizer"><bdi dir="auto">{organizer.name.clone()}</bdi></a>
                    " ("<a href=format!("/org/{}", organizer.slug)><bdi dir="ltr">{format!("/org/{}", organizer.slug)}</bdi></a>")"
                </dd>
                <dt>{move || i18n.a(AdminMsg::EventWhen)}</dt>
                <dd><span data-testid="event-when" dir="ltr">{times}</span></dd>
                <dt>{move || i18n.a(AdminMsg::EventTimeZone)}</dt>
                <dd><span dir="ltr">{time_zone}</span></dd>
                <dt>{move || i18n.a(AdminMsg::EventWhere)}</dt>
                <dd data-testid="event-place">{move || match &place {
                    None => i18n.a(AdminMsg::EventOnline).to_owned(),
                    Some(place) => {
                        let lang = i18n.lang.get();
                        let country = country_name(&place.country, lang.code()).unwrap_or_else(|| place.country.clone());
                        let precision = if place.precision == shared::domain::Precision::Exact { Msg::ExactLocation } else { Msg::ApproximateLocation };
                        format!("{}, {country} ({:.4}, {:.4}) · {}", place.city, place.location.latitude, place.location.longitude, i18n.t(precision))
                    }
                }}</dd>
                <dt>{move || i18n.t(Msg::Languages)}</dt>
                <dd>{move || {
                    let lang = i18n.lang.get();
                    languages.iter().map(|code| language_name(code, lang.code())).collect::<Vec<_>>().join(", ")
                }}</dd>
                {(!co_organizers.is_empty()).then(|| view! {
                    <dt>{move || i18n.a(AdminMsg::EventCoOrganizers)}</dt>
                    <dd><ul class="inline-list">
                        {co_organizers.iter().map(|other| view! {
                            <li><a href=format!("/admin/organizations/{}", other.id)><bdi dir="auto">{other.name.clone()}</bdi></a></li>
                        }).collect_view()}
                    </ul></dd>
                })}
                {link.map(|link| view! {
                    <dt>{move || i18n.a(AdminMsg::EventLink)}</dt>
                    <dd><a href=link.clone() rel="noopener noreferrer nofollow" data-testid="event-link"><bdi dir="ltr">{link.clone()}</bdi></a></dd>
                })}
                {why.map(|why| view! {
                    <dt>{move || i18n.a(AdminMsg::EventReasonGiven)}</dt>
                    <dd dir="auto">{why}</dd>
                })}
            </dl>
            {(!description.is_empty()).then(|| view! {
                <p class="message" dir="auto" data-testid="event-description">{description}</p>
            })}
            {(status == EventStatus::Pending).then(|| view! {
                <div class="owner-actions">
                    <button type="button" class="primary" data-testid="approve-event" on:click=approve>{move || i18n.a(AdminMsg::Approve)}</button>
                </div>
                <form class="hide-form" on:submit=reject>
                    <label for=reason_id.clone()>{move || i18n.a(AdminMsg::Reason)}</label>
                    <input id=reason_id.clone() type="text" required maxlength="2000" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <button type="submit">{move || i18n.a(AdminMsg::ConfirmReject)}</button>
                </form>
            })}
            {cancellable.then(|| {
                let cancel_id = cancel_id.clone();
                let back = cancel_id.clone();
                view! {
                    <div class="owner-actions">
                        <button type="button" id=cancel_id.clone() aria-expanded=move || confirming.get().to_string()
                            on:click=move |_| {
                                confirming.set(true);
                                let confirm_id = confirm_id.clone();
                                leptos::task::spawn_local(async move { focus_by_id(&confirm_id) });
                            }>{move || i18n.a(AdminMsg::EventCancel)}</button>
                    </div>
                    {move || confirming.get().then(|| {
                        let cancel = cancel.clone();
                        let back = back.clone();
                        let button_id = confirm_id_for(&back);
                        let text_id = format!("{button_id}-text");
                        let labelled_by = text_id.clone();
                        view! {
                            <div class="confirm" role="group" aria-labelledby=labelled_by>
                                <p id=text_id><bdi dir="auto">{confirm_text.clone()}</bdi></p>
                                <button type="button" class="danger" id=button_id on:click=cancel>{i18n.a(AdminMsg::EventConfirmCancelButton)}</button>
                                " "
                                <button type="button" on:click=move |_| { confirming.set(false); focus_by_id(&back); }>{i18n.a(AdminMsg::EventKeep)}</button>
                            </div>
                        }
                    })}
                }
            })}
            <p role="alert">{move || error.get()}</p>
        </article></li>
    }
}

/// The browser's time zone (a reasonable first guess for an event's), or UTC.
fn browser_time_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone"))
        .ok()
        .and_then(|zone| zone.as_string())
        .filter(|zone| !zone.is_empty())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// Comma-separated values, trimmed, blanks left out.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A text input of the event form, with its label, help and errors.
#[component]
fn Field(
    id: &'static str,
    label: AdminMsg,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] help: Option<AdminMsg>,
    #[prop(optional)] ltr: bool,
) -> impl IntoView {
    let i18n = i18n();
    let invalid = move || errors.with(|e| has_error(e, id));
    let described = move || described_by(id, help.is_some(), invalid());
    view! {
        <div class="field">
            <label for=id>{move || i18n.a(label)}</label>
            {help.map(|h| view! { <p class="help" id=help_id(id)>{move || i18n.a(h)}</p> })}
            <input id=id name=id type=kind.unwrap_or("text") dir=if ltr { "ltr" } else { "auto" } autocomplete="off"
                aria-invalid=move || invalid().to_string() aria-describedby=described
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <FieldErrors field=id errors />
        </div>
    }
}

/// A moderator posts an event for a group (`organizer`: its UUID or slug, when the page was
/// opened from the organisation). Published at once; the server's rules name each bad field.
#[component]
pub fn EventForm(organizer: String) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let organizer = RwSignal::new(organizer);
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let starts_at = RwSignal::new(String::new());
    let ends_at = RwSignal::new(String::new());
    let time_zone = RwSignal::new(browser_time_zone());
    let online = RwSignal::new(false);
    let place = PlaceFields {
        city: RwSignal::new(String::new()),
        country: RwSignal::new(String::new()),
        latitude: RwSignal::new(None),
        longitude: RwSignal::new(None),
    };
    let exact = RwSignal::new(false);
    let description = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let languages = RwSignal::new(String::new());
    let co_organizers = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<(AdminMsg, Option<(String, String)>)>);
    let invalid =
        move |field: &'static str| move || errors.with(|e| has_error(e, field)).to_string();
    let described = move |field: &'static str| {
        move || described_by(field, false, errors.with(|e| has_error(e, field)))
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let is_online = online.get_untracked();
        let request = AdminEventRequest {
            organizer: organizer.get_untracked(),
            event: EventDraft {
                title: title.get_untracked(),
                description: description.get_untracked(),
                link: text(link),
                kind: kind.get_untracked(),
                starts_at: starts_at.get_untracked(),
                ends_at: ends_at.get_untracked(),
                time_zone: time_zone.get_untracked(),
                online: is_online,
                city: if is_online { None } else { text(place.city) },
                country: if is_online { None } else { text(place.country) },
                latitude: if is_online {
                    None
                } else {
                    place.latitude.get_untracked()
                },
                longitude: if is_online {
                    None
                } else {
                    place.longitude.get_untracked()
                },
                exact_place: exact.get_untracked(),
                languages: list(&languages.get_untracked()),
                co_organizers: list(&co_organizers.get_untracked()),
            },
        };
        // The rules are checked by the server only: they need the time-zone database, which
        // stays out of the dashboard's bundle.
        leptos::task::spawn_local(async move {
            match api::create_event_for_group(session, &request).await {
                Ok(created) => {
                    errors.set(Vec::new());
                    outcome.set(Some((
                        AdminMsg::EventPublishedNow,
                        Some((created.event.title.clone(), created.event.slug.clone())),
                    )));
                    for field in [title, description, link, starts_at, ends_at, co_organizers] {
                        field.set(String::new());
                    }
                }
                Err(problem) => {
                    outcome.set(Some((
                        if problem.errors.is_empty() {
                            AdminMsg::Failed
                        } else {
                            AdminMsg::FixErrors
                        },
                        None,
                    )));
                    errors.set(problem.errors);
                }
            }
            focus_by_id("event-form-outcome");
        });
    };
    view! {
        <p><a href="/admin/events">{move || i18n.a(AdminMsg::BackToEvents)}</a></p>
        <h1>{move || i18n.a(AdminMsg::PostEvent)}</h1>
        <p>{move || i18n.a(AdminMsg::PostEventIntro)}</p>
        <p role="status" id="event-form-outcome" tabindex="-1" data-testid="event-form-outcome">{move || outcome.get().map(|(msg, created)| match created {
            Some((title, slug)) => view! {
                {i18n.a_format(msg, &[("title", &title)])}" "
                <a href=format!("/events/{slug}")>{i18n.a(AdminMsg::EventPage)}</a>
            }.into_any(),
            None => view! { {i18n.a(msg)} }.into_any(),
        })}</p>
        <form class="entry-form" novalidate on:submit=save data-testid="event-form">
            <Field id="organizer" label=AdminMsg::EventOrganizerLabel value=organizer errors help=AdminMsg::EventOrganizerHelp ltr=true />
            <Field id="title" label=AdminMsg::EventTitleLabel value=title errors />
            <div class="field">
                <label for="kind">{move || i18n.a(AdminMsg::EventKindLabel)}</label>
                <select id="kind" aria-invalid=invalid("kind") aria-describedby=described("kind")
                    on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                    <option value="">{move || i18n.t(PagesMsg::ChooseOne)}</option>
                    {EventKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=move || kind.get() == k.as_str()>{move || i18n.a(kind_name(k))}</option>
                    }).collect_view()}
                </select>
                <FieldErrors field="kind" errors />
            </div>
            <Field id="starts_at" label=AdminMsg::EventStartsLabel value=starts_at errors kind="datetime-local" help=AdminMsg::EventTimesHelp ltr=true />
            <Field id="ends_at" label=AdminMsg::EventEndsLabel value=ends_at errors kind="datetime-local" help=AdminMsg::EventTimesHelp ltr=true />
            <Field id="time_zone" label=AdminMsg::EventTimeZoneLabel value=time_zone errors help=AdminMsg::EventTimeZoneHelp ltr=true />
            <p class="choice">
                <input type="checkbox" id="online" prop:checked=move || online.get() on:change=move |ev| online.set(event_target_checked(&ev)) />
                <label for="online">{move || i18n.a(AdminMsg::EventOnlineLabel)}</label>
            </p>
            <div hidden=move || online.get()>
                <LocationPicker place legend=PagesMsg::EventLocationLegend />
                // One message for the point: latitude and longitude are set together.
                <FieldErrors field="latitude" errors />
                <Field id="city" label=AdminMsg::FieldCity value=place.city errors />
                <div class="field">
                    <label for="country">{move || i18n.t(PagesMsg::CountryLabel)}</label>
                    <select id="country" aria-invalid=invalid("country") aria-describedby=described("country")
                        on:change=move |ev| place.country.set(event_target_value(&ev)) prop:value=move || place.country.get()>
                        <option value="">{move || i18n.t(PagesMsg::ChooseOne)}</option>
                        {move || {
                            let lang = i18n.lang.get().code();
                            let selected = place.country.get();
                            countries_by_name(lang).into_iter().map(|(code, name)| {
                                let is_selected = code == selected;
                                view! { <option value=code selected=is_selected>{name}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <FieldErrors field="country" errors />
                </div>
                <p class="choice">
                    <input type="checkbox" id="exact_place" prop:checked=move || exact.get() on:change=move |ev| exact.set(event_target_checked(&ev)) />
                    <label for="exact_place">{move || i18n.a(AdminMsg::EventExactLabel)}</label>
                </p>
            </div>
            <div class="field">
                <label for="description">{move || i18n.a(AdminMsg::FieldDescription)}</label>
                <textarea id="description" rows="4" maxlength="2000" dir="auto" aria-invalid=invalid("description") aria-describedby=described("description")
                    prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <FieldErrors field="description" errors />
            </div>
            <Field id="link" label=AdminMsg::EventLinkLabel value=link errors kind="url" ltr=true />
            <Field id="languages" label=AdminMsg::EventLanguagesLabel value=languages errors help=AdminMsg::EventLanguagesHelp ltr=true />
            <Field id="co_organizers" label=AdminMsg::EventCoOrganizersLabel value=co_organizers errors help=AdminMsg::EventCoOrganizersHelp ltr=true />
            <button type="submit" class="primary">{move || i18n.a(AdminMsg::Publish)}</button>
        </form>
    }
}
