use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LayerGroup, Map, MarkerOptions};
use shared::api::{Event, EventPage, EventWindow, city_for_reader};
use shared::domain::EventStatus;
use shared::i18n::{EventsCount, EventsMsg, event_kind_name};
use wasm_bindgen::prelude::*;

use super::confirmed::now;
use crate::api::{self, ApiError};
use crate::i18n::I18n;
use crate::leaflet_ext::{div_icon, local_time, object};

/// The map container's class while events are shown.
const EVENTS_SHOWN: &str = "events-shown";

/// How many of the events in view the list under the filter shows.
const LISTED: usize = 10;

/// The map's events layer (issue #19, the events bundle): markers for the events in the map's
/// view between the chosen dates, the choice of dates (this week, this month, days), and the
/// next events in view as a list linking to their pages. The checkbox turns it all off.
#[component]
pub fn EventsLayer(map: Map) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let shown = RwSignal::new(true);
    let dates = RwSignal::new(EventWindow::default());
    let bbox = RwSignal::new(bounds_of(&map));
    let layer = LayerGroup::new();
    layer.add_to(&map);
    let moved = {
        let map = map.clone();
        Closure::<dyn Fn(JsValue)>::new(move |_| bbox.set(bounds_of(&map)))
    };
    map.unchecked_ref::<leaflet::Evented>()
        .on("moveend", moved.as_ref());
    let held = StoredValue::new_local((map, layer, moved));
    // While events are shown the organisations' markers step aside (`events.css`): a flag over a
    // cluster would hide it from pointers and from the keyboard order's sight (WCAG 2.5.8), and
    // the map answers one question at a time. Turning events off brings them back.
    let set_mode = move |on: bool| {
        held.with_value(|(map, _, _)| {
            let classes = map.get_container().class_list();
            let _ = if on {
                classes.add_1(EVENTS_SHOWN)
            } else {
                classes.remove_1(EVENTS_SHOWN)
            };
        });
    };
    Effect::new(move |_| set_mode(shown.get()));
    on_cleanup(move || {
        set_mode(false);
        held.with_value(|(map, layer, moved)| {
            map.unchecked_ref::<leaflet::Evented>()
                .off("moveend", moved.as_ref());
            layer.remove();
        });
    });

    let events = LocalResource::new(move || {
        let (on, bbox, dates) = (shown.get(), bbox.get(), dates.get());
        async move {
            if !on {
                return Ok(None);
            }
            api::events_in_view(bbox, dates.days(now().date_naive()))
                .await
                .map(Some)
        }
    });
    Effect::new(move |_| {
        let page = events.get().and_then(Result::ok).flatten();
        let lang = i18n.lang.get();
        held.with_value(|(map, layer, _)| {
            layer.clear_layers();
            let Some(page) = &page else { return };
            for group in flags(map, &page.items) {
                if let Some(marker) = marker(&group, lang) {
                    layer.add_layer(&marker);
                }
            }
        });
    });

    let choose = move |window: EventWindow| dates.set(window);
    let day_value = move |first: bool| {
        let (from, to) = dates.get().days(now().date_naive());
        let day = if first { from } else { to };
        day.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let set_day = move |first: bool, text: String| {
        let (from, to) = dates.get_untracked().days(now().date_naive());
        let day = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        dates.set(if first {
            EventWindow::Days { from: day, to }
        } else {
            EventWindow::Days { from, to: day }
        });
    };
    let is = move |key: &'static str| dates.get().key() == key;
    view! {
        <label class="events-on">
            <input
                type="checkbox"
                prop:checked=move || shown.get()
                on:change=move |ev| shown.set(event_target_checked(&ev))
            />
            " "
            {move || i18n.t(EventsMsg::ShowOnMap)}
        </label>
        <Show when=move || shown.get()>
            <p class="events-note">{move || i18n.t(EventsMsg::OrganisationsStepAside)}</p>
            <fieldset class="events-when">
                <legend>{move || i18n.t(EventsMsg::When)}</legend>
                <label>
                    <input
                        type="radio"
                        name="events-when"
                        prop:checked=move || is("week")
                        on:change=move |_| choose(EventWindow::Week)
                    />
                    " "
                    {move || i18n.t(EventsMsg::ThisWeek)}
                </label>
                <label>
                    <input
                        type="radio"
                        name="events-when"
                        prop:checked=move || is("month")
                        on:change=move |_| choose(EventWindow::Month)
                    />
                    " "
                    {move || i18n.t(EventsMsg::ThisMonth)}
                </label>
                <label>
                    <input
                        type="radio"
                        name="events-when"
                        prop:checked=move || is("days")
                        on:change=move |_| {
                            let (from, to) = dates.get_untracked().days(now().date_naive());
                            choose(EventWindow::Days { from, to })
                        }
                    />
                    " "
                    {move || i18n.t(EventsMsg::ChosenDays)}
                </label>
                <Show when=move || is("days")>
                    <div class="events-days">
                        <label>
                            {move || i18n.t(EventsMsg::FromDay)}
                            <input
                                type="date"
                                prop:value=move || day_value(true)
                                on:change=move |ev| set_day(true, event_target_value(&ev))
                            />
                        </label>
                        <label>
                            {move || i18n.t(EventsMsg::ToDay)}
                            <input
                                type="date"
                                prop:value=move || day_value(false)
                                on:change=move |ev| set_day(false, event_target_value(&ev))
                            />
                        </label>
                    </div>
                </Show>
            </fieldset>
            <UpcomingEvents
                events
                more=Signal::derive(move || {
                    api::events_page_href(bbox.get(), dates.get().days(now().date_naive()))
                })
            />
        </Show>
    }
}

/// The count of events in view (read out as it changes) and the next of them; past them a link
/// to the rest on the `/events` page (`more`).
#[component]
fn UpcomingEvents(
    events: LocalResource<Result<Option<EventPage>, ApiError>>,
    more: Signal<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let page = move || events.get().and_then(Result::ok).flatten();
    let placed = move || {
        page().map_or(0, |page| {
            page.items.iter().filter(|e| e.place.is_some()).count()
        })
    };
    view! {
        <p class="events-count" role="status">
            {move || page().map(|_| i18n.count(EventsCount::ShownCount, placed()))}
        </p>
        <h4>{move || i18n.t(EventsMsg::UpcomingInView)}</h4>
        {move || {
            let Some(page) = page() else { return ().into_any() };
            if page.items.is_empty() {
                return view! { <p class="events-none">{i18n.t(EventsMsg::NoneInView)}</p> }
                    .into_any();
            }
            let lang = i18n.lang.get();
            let more_than_listed = page.items.len() > LISTED || page.next_cursor.is_some();
            let items = page
                .items
                .into_iter()
                .take(LISTED)
                .map(|event| {
                    let when = local_time(event.starts_at, &event.time_zone, lang.code());
                    let cancelled = event.status == EventStatus::Cancelled;
                    // Jerusalem by its name in the reader's language, as everywhere else.
                    let place = event
                        .place
                        .map(|p| city_for_reader(&p.city, None, &p.country, lang).0.to_owned())
                        .unwrap_or_default();
                    view! {
                        <li class:cancelled=cancelled>
                            <a href=format!("/events/{}", event.slug)>{event.title}</a>
                            <span class="event-meta">
                                <time datetime=event.starts_at.to_rfc3339()>{when}</time>
                                " · "
                                {lang.text(event_kind_name(event.kind))}
                                " · "
                                <bdi>{place}</bdi>
                                {cancelled
                                    .then(|| {
                                        view! {
                                            " · "
                                            <strong>{lang.text(EventsMsg::Cancelled)}</strong>
                                        }
                                    })}
                            </span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="events-upcoming">{items}</ul>
                {more_than_listed
                    .then(|| {
                        view! {
                            <p>
                                <a class="events-more" href=move || more.get()>
                                    {move || i18n.t(EventsMsg::MoreInView)}
                                </a>
                            </p>
                        }
                    })}
            }
                .into_any()
        }}
    }
}

/// The map's view as `[west, south, east, north]`, clamped to valid coordinates.
fn bounds_of(map: &Map) -> [f64; 4] {
    let bounds = map.get_bounds();
    let (sw, ne) = (bounds.get_south_west(), bounds.get_north_east());
    [
        sw.lng().clamp(-180.0, 180.0),
        sw.lat().clamp(-90.0, 90.0),
        ne.lng().clamp(-180.0, 180.0),
        ne.lat().clamp(-90.0, 90.0),
    ]
}

/// How close (in pixels, either way) two events' places are drawn as one flag.
const FLAG_SPACING: f64 = 28.0;

/// The placed events of `events` grouped by where they show on `map`: those whose flags would
/// overlap share one, which says how many it holds (the flags stay 24 pixels and apart, WCAG
/// 2.5.8).
fn flags<'e>(map: &Map, events: &'e [Event]) -> Vec<Vec<&'e Event>> {
    let mut groups: Vec<((f64, f64), Vec<&Event>)> = Vec::new();
    for event in events {
        let Some(place) = &event.place else { continue };
        let at = map.lat_lng_to_container_point(&LatLng::new(
            place.location.latitude,
            place.location.longitude,
        ));
        let (x, y) = (at.x(), at.y());
        match groups
            .iter_mut()
            .find(|((gx, gy), _)| (gx - x).abs() < FLAG_SPACING && (gy - y).abs() < FLAG_SPACING)
        {
            Some((_, group)) => group.push(event),
            None => groups.push(((x, y), vec![event])),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// A focusable flag for the events of `group` (placed ones, the first one's place), named by
/// the event's title or by how many it holds, with a popup that links to each event's page.
fn marker(group: &[&Event], lang: shared::i18n::Lang) -> Option<leaflet::Marker> {
    let first = group.first()?;
    let place = first.place.as_ref()?;
    let (class, html, title) = match group {
        [event] => (
            format!(
                "event-marker event-{}{}",
                event.kind.as_str(),
                if event.status == EventStatus::Cancelled {
                    " cancelled"
                } else {
                    ""
                }
            ),
            "<span></span>".to_owned(),
            event.title.clone(),
        ),
        _ => (
            "event-marker event-group".to_owned(),
            format!("<span></span><b>{}</b>", group.len()),
            lang.count(EventsCount::HereCount, group.len() as u64, &[]),
        ),
    };
    let options = MarkerOptions::new();
    options.set_icon(div_icon(&object(&[
        ("className", class.into()),
        // Leaflet positions the icon with `transform`: the diamond is drawn inside it.
        ("html", html.into()),
        (
            "iconSize",
            js_sys::Array::of2(&24.into(), &24.into()).into(),
        ),
        (
            "iconAnchor",
            js_sys::Array::of2(&12.into(), &54.into()).into(),
        ),
        (
            "popupAnchor",
            js_sys::Array::of2(&0.into(), &(-54).into()).into(),
        ),
    ])));
    options.set_title(title.clone());
    let _ = js_sys::Reflect::set(&options, &"alt".into(), &title.into());
    let marker = leaflet::Marker::new_with_options(
        &LatLng::new(place.location.latitude, place.location.longitude),
        &options,
    );
    marker.bind_popup_with_options(&popup(group, lang)?, &object(&[]));
    Some(marker)
}

/// The popup's content, built as elements (the texts are the groups' own, never markup).
fn popup(group: &[&Event], lang: shared::i18n::Lang) -> Option<JsValue> {
    let document = document();
    let root = document.create_element("div").ok()?;
    root.set_class_name("event-popup");
    let list = document.create_element("ul").ok()?;
    for event in group {
        let item = document.create_element("li").ok()?;
        let link = document.create_element("a").ok()?;
        link.set_attribute("href", &format!("/events/{}", event.slug))
            .ok()?;
        link.set_text_content(Some(&event.title));
        let title = document.create_element("strong").ok()?;
        title.append_child(&link).ok()?;
        item.append_child(&title).ok()?;
        let mut lines = vec![
            format!(
                "{} · {}",
                local_time(event.starts_at, &event.time_zone, lang.code()),
                lang.text(event_kind_name(event.kind))
            ),
            lang.format(
                EventsMsg::OrganisedBy,
                &[("name", event.organizer.name.as_str())],
            ),
        ];
        if event.status == EventStatus::Cancelled {
            lines.insert(0, lang.text(EventsMsg::Cancelled).to_owned());
        }
        for line in lines {
            let p = document.create_element("p").ok()?;
            p.set_text_content(Some(&line));
            item.append_child(&p).ok()?;
        }
        list.append_child(&item).ok()?;
    }
    root.append_child(&list).ok()?;
    Some(root.into())
}
