use std::rc::Rc;

use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LatLngBounds, LayerGroup, Map, MarkerOptions};
use leptos_leaflet::prelude::*;
use shared::api::{Category, ClusterResponse, Freshness, MapFeature};
use shared::cluster_look::{self, ClusterLook};
use shared::label_place::{Rect, place_label as placed_label};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::category_legend::marker_icon_url;
use super::confirmed::now;
use super::jerusalem_spotlight::JERUSALEM;
use super::map_host::MapHost;
use crate::api::ApiError;
use crate::i18n::{I18n, Lang, Msg};
use crate::leaflet_ext::{div_icon, icon, object};
use crate::router::use_router;
use crate::state::{View, Viewport};

type Handlers = Vec<Closure<dyn Fn(JsValue)>>;

/// Marks a marker's element with what it shows (`data-key`), so that focus can find the same
/// organisation or cluster among the markers drawn for the next viewport.
fn mark(marker: &leaflet::Marker, key: &str) {
    let element = js_sys::Reflect::get(marker, &JsValue::from_str("getElement"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|get| get.call0(marker).ok())
        .and_then(|e| e.dyn_into::<web_sys::Element>().ok());
    if let Some(element) = element {
        let _ = element.set_attribute("data-key", key);
    }
}

/// Turns off Leaflet's `autoPanOnFocus` (Leaflet 1.9): a marker receiving focus would pan the
/// map, the clusters would be fetched again, and the focused marker would be replaced.
fn no_pan_on_focus(options: &MarkerOptions) {
    let _ = js_sys::Reflect::set(
        options,
        &JsValue::from_str("autoPanOnFocus"),
        &JsValue::FALSE,
    );
}

/// The `data-key` of the marker that has focus inside `container`, if one has.
fn focused_marker(container: &web_sys::HtmlElement) -> Option<String> {
    let active = document().active_element()?;
    if !container.contains(Some(&active)) {
        return None;
    }
    active
        .closest(".leaflet-marker-icon")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("data-key"))
}

/// Gives focus back after the markers were drawn again: to the same organisation or cluster if
/// it is still shown, else to the map itself (never to the page's body).
fn restore_focus(container: &web_sys::HtmlElement, key: &str) {
    let same = container
        .query_selector_all(".leaflet-marker-icon[data-key]")
        .ok()
        .and_then(|all| {
            (0..all.length())
                .filter_map(|i| all.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
                .find(|m| m.get_attribute("data-key").as_deref() == Some(key))
        });
    let _ = same.as_ref().unwrap_or(container).focus();
}

/// Drawn size of an organisation's marker, in pixels (a cluster's is [`cluster_look::radius`]).
const MARKER_SIZE: f64 = 24.0;

/// A cluster's icon as [`cluster_look`] draws it, the same as the server's SVG: the ring of
/// shares (a conic gradient inside the dark edge) around the disc with the count. Its colours
/// and sizes are set through the style object, which the page's CSP allows (a `style` attribute
/// in markup it would block).
fn cluster_icon(count: u32, look: &ClusterLook) -> leaflet::Icon {
    let span = |class: &str| -> Option<web_sys::HtmlElement> {
        let element = document().create_element("span").ok()?;
        element.set_class_name(class);
        element.dyn_into().ok()
    };
    let size = 2.0 * look.radius;
    let html: JsValue = match (span("cluster-ring"), span("cluster-disc")) {
        (Some(ring), Some(disc)) => {
            let stops: Vec<String> = look
                .arcs
                .iter()
                .map(|arc| format!("{} {:.4}turn {:.4}turn", arc.colour, arc.from, arc.to))
                .collect();
            let ring_style = ring.style();
            let _ = ring_style.set_property(
                "background",
                &format!("conic-gradient({})", stops.join(", ")),
            );
            let _ = ring_style.set_property("border-width", &format!("{}px", cluster_look::EDGE));
            let _ = ring_style.set_property("border-color", cluster_look::EDGE_COLOUR);
            // The disc with its white gap: inside the edge and the ring.
            let disc_size = 2.0 * (look.radius - cluster_look::EDGE - cluster_look::RING);
            let disc_style = disc.style();
            let _ = disc_style.set_property("width", &format!("{disc_size:.2}px"));
            let _ = disc_style.set_property("height", &format!("{disc_size:.2}px"));
            let _ = disc_style.set_property("border-width", &format!("{}px", cluster_look::GAP));
            let _ = disc_style.set_property("background-color", &look.fill);
            let _ = disc_style.set_property("color", look.text);
            let _ = disc.set_attribute("aria-hidden", "true");
            disc.set_text_content(Some(&count.to_string()));
            let _ = ring.append_child(&disc);
            ring.into()
        }
        _ => count.to_string().into(),
    };
    div_icon(&object(&[
        ("className", "cluster-marker".into()),
        ("html", html),
        (
            "iconSize",
            js_sys::Array::of2(&size.into(), &size.into()).into(),
        ),
    ]))
}

/// Moves the Jerusalem label off the markers drawn, by the rule the server's map follows
/// (`shared::label_place`), measured on the page: the label's own size, the markers' boxes at
/// the map's current zoom, inside the map.
fn place_label(map: &Map, label: &leaflet::Marker, drawn: &[(f64, f64, f64)]) {
    let Some(span) = js_sys::Reflect::get(label, &"getElement".into())
        .ok()
        .and_then(|get| get.dyn_into::<js_sys::Function>().ok())
        .and_then(|get| get.call0(label).ok())
        .and_then(|element| element.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.first_element_child())
        .and_then(|span| span.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let point = |latitude: f64, longitude: f64| {
        let p = map.lat_lng_to_container_point(&LatLng::new(latitude, longitude));
        (p.x(), p.y())
    };
    let anchor = point(JERUSALEM.latitude, JERUSALEM.longitude);
    let markers: Vec<Rect> = drawn
        .iter()
        .map(|(latitude, longitude, radius)| {
            let (x, y) = point(*latitude, *longitude);
            Rect::around(x, y, *radius)
        })
        .collect();
    let size = map.get_size();
    let bounds = Rect {
        x: 0.0,
        y: 0.0,
        width: size.x(),
        height: size.y(),
    };
    let measured = span.get_bounding_client_rect();
    let placed = placed_label(
        anchor,
        (measured.width(), measured.height()),
        &markers,
        bounds,
    );
    let _ = span.style().set_property(
        "transform",
        &format!(
            "translate({:.1}px, {:.1}px)",
            placed.x - anchor.0,
            placed.y - anchor.1
        ),
    );
}

fn evented(layer: &JsValue) -> &leaflet::Evented {
    layer.unchecked_ref::<leaflet::Evented>()
}

fn current_view(map: &Map) -> (Viewport, View) {
    let bounds = map.get_bounds();
    let (sw, ne) = (bounds.get_south_west(), bounds.get_north_east());
    let center = map.get_center();
    let zoom = map.get_zoom();
    (
        Viewport {
            bbox: [sw.lng(), sw.lat(), ne.lng(), ne.lat()],
            zoom,
        },
        View {
            latitude: center.lat(),
            longitude: center.lng(),
            zoom,
        },
    )
}

/// The world map: self-hosted country outlines, our Jerusalem label, and the server's clusters
/// for the current viewport. Only what is inside the viewport exists, so only that is focusable.
#[component]
pub fn OrganizationMap(
    clusters: LocalResource<Result<Option<ClusterResponse>, ApiError>>,
    /// Their colours and names colour and name the clusters.
    categories: LocalResource<Result<Vec<Category>, ApiError>>,
    requested_view: Memo<Option<View>>,
    on_moved: Callback<(Viewport, View)>,
    /// Receives the Leaflet map once it is made (the events layer draws on it).
    map: RwSignal<Option<Map>, LocalStorage>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = use_router();
    let first = requested_view.get_untracked().unwrap_or(View::WORLD);
    let markers = StoredValue::new_local(None::<LayerGroup>);
    let marker_handlers = StoredValue::new_local(Handlers::new());
    let map_handlers = StoredValue::new_local(Handlers::new());
    let label = StoredValue::new_local(None::<leaflet::Marker>);
    // Where the markers drawn last are (latitude, longitude, radius in pixels), for the label.
    let drawn = StoredValue::new_local(Vec::<(f64, f64, f64)>::new());

    // Once Leaflet has made the map: the basemap, the marker layer, and the move handler.
    Effect::new(move |_| {
        let Some(map) = map.get() else { return };
        let layer = LayerGroup::new();
        layer.add_to(&map);
        markers.set_value(Some(layer));
        let moved = {
            let map = map.clone();
            Closure::<dyn Fn(JsValue)>::new(move |_| on_moved.run(current_view(&map)))
        };
        evented(map.as_ref()).on("moveend", moved.as_ref());
        map_handlers.update_value(|h| h.push(moved));
        on_moved.run(current_view(&map));
        super::map_host::add_basemap(map);
    });

    // Our own label: Jerusalem (al-Quds) as the capital of Palestine, in the reader's language;
    // and the name of Leaflet's focusable map element.
    Effect::new(move |_| {
        let text = i18n.t(Msg::JerusalemLabel);
        let Some(map) = map.get() else { return };
        let container = map.get_container();
        let _ = container.set_attribute("role", "region");
        let _ = container.set_attribute("aria-label", i18n.t(Msg::MapLabel));
        if let Some(old) = label.get_value() {
            old.remove();
        }
        let options = MarkerOptions::new();
        options.set_icon(div_icon(&object(&[
            ("className", "jerusalem-label".into()),
            ("html", format!("<span>{text}</span>").into()),
            ("iconSize", JsValue::NULL),
        ])));
        options.set_interactive(false);
        options.set_keyboard(false);
        let marker = leaflet::Marker::new_with_options(
            &LatLng::new(JERUSALEM.latitude, JERUSALEM.longitude),
            &options,
        );
        marker.add_to(&map);
        drawn.with_value(|drawn| place_label(&map, &marker, drawn));
        label.set_value(Some(marker));
    });

    // Back, forward or a shared link: move the map to the view in the URL.
    Effect::new(move |_| {
        let (Some(view), Some(map)) = (requested_view.get(), map.get()) else {
            return;
        };
        if !current_view(&map).1.same_as(view) {
            map.set_view(&LatLng::new(view.latitude, view.longitude), view.zoom);
        }
    });

    // Redraw the markers whenever the server answers for a new viewport or filter (and once the
    // categories are there: the clusters are drawn in their colours from the first).
    Effect::new(move |_| {
        let Some(Ok(Some(response))) = clusters.get() else {
            return;
        };
        let categories = match categories.get() {
            None => return,
            Some(answer) => answer.unwrap_or_default(),
        };
        let (Some(layer), Some(map)) = (markers.get_value(), map.get_untracked()) else {
            return;
        };
        let container = map.get_container();
        let had_focus = focused_marker(&container);
        layer.clear_layers();
        let mut handlers = Handlers::new();
        let mut positions = Vec::with_capacity(response.features.len());
        for feature in response.features {
            positions.push(match &feature {
                MapFeature::Cluster {
                    latitude,
                    longitude,
                    count,
                    ..
                } => (*latitude, *longitude, cluster_look::radius(*count) + 2.0),
                MapFeature::Organization {
                    latitude,
                    longitude,
                    ..
                } => (*latitude, *longitude, MARKER_SIZE / 2.0),
            });
            let (marker, on_click, key) = match feature {
                MapFeature::Cluster {
                    latitude,
                    longitude,
                    count,
                    bbox,
                    expansion_zoom,
                    categories: shares,
                } => {
                    let shares: Vec<(&str, u32)> = shares
                        .iter()
                        .map(|s| (s.category.as_str(), s.count))
                        .collect();
                    let look = cluster_look::look(count, &shares, &categories, i18n.lang.get());
                    let options = MarkerOptions::new();
                    options.set_icon(cluster_icon(count, &look));
                    options.set_title(look.title);
                    options.set_keyboard(true);
                    no_pan_on_focus(&options);
                    let marker = leaflet::Marker::new_with_options(
                        &LatLng::new(latitude, longitude),
                        &options,
                    );
                    let key = format!("cluster:{latitude:.5},{longitude:.5}");
                    let map = map.clone();
                    let zoom_in: Rc<dyn Fn()> = Rc::new(move || {
                        let bounds = LatLngBounds::new(
                            &LatLng::new(bbox[1], bbox[0]),
                            &LatLng::new(bbox[3], bbox[2]),
                        );
                        if bbox[0] < bbox[2] || bbox[1] < bbox[3] {
                            map.fit_bounds(&bounds);
                        } else {
                            map.set_view(
                                &LatLng::new(latitude, longitude),
                                f64::from(expansion_zoom),
                            );
                        }
                    });
                    (marker, zoom_in, key)
                }
                MapFeature::Organization {
                    slug,
                    name,
                    name_ar,
                    category,
                    latitude,
                    longitude,
                    last_confirmed_at,
                    ..
                } => {
                    // Faded, and said in its name, when not confirmed for more than a year.
                    let stale = Freshness::of(last_confirmed_at, now()).is_stale();
                    let options = MarkerOptions::new();
                    options.set_icon(icon(&object(&[
                        ("iconUrl", marker_icon_url(&category).into()),
                        (
                            "iconSize",
                            js_sys::Array::of2(&MARKER_SIZE.into(), &MARKER_SIZE.into()).into(),
                        ),
                        (
                            "iconAnchor",
                            js_sys::Array::of2(
                                &(MARKER_SIZE / 2.0).into(),
                                &(MARKER_SIZE / 2.0).into(),
                            )
                            .into(),
                        ),
                        (
                            "className",
                            format!(
                                "organization-marker category-{category}{}",
                                if stale { " stale" } else { "" }
                            )
                            .into(),
                        ),
                    ])));
                    // The reader's language first (see `Organization::display_name`).
                    let name = match (name_ar, i18n.lang.get()) {
                        (Some(arabic), Lang::Ar) if !arabic.trim().is_empty() => arabic,
                        _ => name,
                    };
                    let name = if stale {
                        format!("{name}: {}", i18n.t(Msg::NotConfirmedForAYear))
                    } else {
                        name
                    };
                    options.set_title(name.clone());
                    options.set_alt(name);
                    options.set_keyboard(true);
                    no_pan_on_focus(&options);
                    let marker = leaflet::Marker::new_with_options(
                        &LatLng::new(latitude, longitude),
                        &options,
                    );
                    let key = format!("org:{slug}");
                    let open: Rc<dyn Fn()> =
                        Rc::new(move || router.navigate(&format!("/org/{slug}"), false));
                    (marker, open, key)
                }
            };
            // Leaflet gives markers a button role but only opens popups on Enter: act on Enter
            // and Space ourselves, as a button does.
            let on_key = {
                let action = Rc::clone(&on_click);
                Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                    let original = js_sys::Reflect::get(&event, &"originalEvent".into())
                        .unwrap_or(JsValue::NULL);
                    let key = js_sys::Reflect::get(&original, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    if matches!(key.as_deref(), Some("Enter" | " ")) {
                        if let Some(e) = original.dyn_ref::<web_sys::Event>() {
                            e.prevent_default();
                        }
                        action();
                    }
                })
            };
            let on_click = Closure::<dyn Fn(JsValue)>::new(move |_| on_click());
            evented(marker.as_ref()).on("click", on_click.as_ref());
            evented(marker.as_ref()).on("keydown", on_key.as_ref());
            handlers.push(on_click);
            handlers.push(on_key);
            layer.add_layer(&marker);
            mark(&marker, &key);
        }
        // The old handlers belonged to the markers just cleared.
        marker_handlers.set_value(handlers);
        if let Some(label) = label.get_value() {
            place_label(&map, &label, &positions);
        }
        drawn.set_value(positions);
        if let Some(key) = had_focus {
            restore_focus(&container, &key);
        }
    });

    view! {
        <section class="map-section">
            <MapHost
                class="map"
                center=Position::new(first.latitude, first.longitude)
                zoom=first.zoom
                min_zoom=1.0
                map=map
            />
        </section>
    }
}
