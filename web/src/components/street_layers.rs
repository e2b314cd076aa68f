//! What the map shows past the world outline (zoom [`STREET_ZOOM`] and deeper): the operator's
//! street basemap when the server has one (vector tiles from our own PMTiles archive, drawn by
//! protomaps-leaflet), otherwise the GeoNames place names of the view. Both in the reader's
//! language, and both from our own origin only.
//!
//! protomaps-leaflet (128 KB) is not in the first visit's transfer: its script and our few lines
//! of glue (`streets.js`) are added to the page the first time a visitor zooms in on a map whose
//! server has a basemap.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LayerGroup, Map, MarkerOptions};
use shared::api::{CitySuggestion, MapConfig, STREET_ZOOM, is_jerusalem};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::api;
use crate::i18n::{I18n, Lang, Msg};
use crate::leaflet_ext::{div_icon, object};

/// The scripts of the street basemap, in the order they must run.
const STREET_SCRIPTS: [&str; 2] = [
    "/vendor/protomaps-leaflet/protomaps-leaflet.js",
    "/streets.js",
];

/// What OpenStreetMap's licence (ODbL) asks every map made from its data to show, in the
/// reader's language (the project's name stays as it is).
fn osm_attribution(lang: Lang) -> String {
    lang.format(
        Msg::OsmAttribution,
        &[(
            "osm",
            "<a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>",
        )],
    )
}

#[wasm_bindgen]
extern "C" {
    /// `solidarityStreets(url, lang, attribution)` from `streets.js`: the street layer.
    #[wasm_bindgen(js_name = solidarityStreets, catch)]
    fn solidarity_streets(
        url: &str,
        lang: &str,
        attribution: &str,
    ) -> Result<leaflet::Layer, JsValue>;
}

/// A Leaflet pane of our own (`leaflet-{name}-pane`, stacked by app.css), made once per map.
pub fn pane(map: &Map, name: &str) {
    let existing: JsValue = map.get_pane_by_name(name).into();
    if existing.is_undefined() {
        // Map decoration: the list beside the map says what is where.
        let _ = map
            .create_pane_by_name(name)
            .set_attribute("aria-hidden", "true");
    }
}

/// Adds the street basemap or the place names to `map`, as `config` allows, from now on.
/// `owner` is the map's component: the layers follow the reader's language while it lives.
pub fn add_street_layers(map: Map, config: &MapConfig, i18n: Option<I18n>, owner: Option<Owner>) {
    let lang = move || i18n.map_or(Lang::SOURCE, |i| i.lang.get_untracked());
    let on_language = |update: Box<dyn Fn()>| {
        if let (Some(owner), Some(i18n)) = (owner, i18n) {
            owner.with(|| {
                Effect::new(move |_| {
                    i18n.lang.track();
                    update();
                })
            });
        } else {
            update();
        }
    };
    if let Some(url) = config.pmtiles_url.clone() {
        pane(&map, "streets");
        let streets = Streets::new(map.clone(), url, Box::new(lang));
        let again = streets.clone();
        on_move(&map, "zoomend", move || again.update());
        on_language(Box::new(move || streets.update()));
    } else if config.tile_url.is_none() {
        // Raster tiles carry their own names; without any, these are the map's.
        pane(&map, "places");
        let places = Places::new(map.clone(), Box::new(lang));
        let again = places.clone();
        on_move(&map, "moveend", move || again.update());
        on_language(Box::new(move || places.update()));
    }
}

/// Calls `then` after every `event` of the map, for as long as the map lives.
pub fn on_move(map: &Map, event: &str, then: impl Fn() + 'static) {
    let handler = Closure::<dyn Fn(JsValue)>::new(move |_| then());
    map.unchecked_ref::<leaflet::Evented>()
        .on(event, handler.as_ref());
    // Owned by the map's event list from now on.
    handler.forget();
}

/// The street basemap: shown from [`STREET_ZOOM`] on, its scripts loaded the first time.
#[derive(Clone)]
struct Streets(Rc<StreetsState>);

struct StreetsState {
    map: Map,
    url: String,
    lang: Box<dyn Fn() -> Lang>,
    /// The layer, once made, and the language it was made for.
    layer: RefCell<Option<(leaflet::Layer, Lang)>>,
    loading: Cell<bool>,
}

impl Streets {
    fn new(map: Map, url: String, lang: Box<dyn Fn() -> Lang>) -> Self {
        Self(Rc::new(StreetsState {
            map,
            url,
            lang,
            layer: RefCell::new(None),
            loading: Cell::new(false),
        }))
    }

    fn update(&self) {
        let state = &self.0;
        let wanted = state.map.get_zoom() >= f64::from(STREET_ZOOM);
        let lang = (state.lang)();
        let current = state.layer.borrow().clone();
        if let Some((layer, made_for)) = current {
            if wanted && made_for == lang {
                if !state.map.has_layer(&layer) {
                    layer.add_to(&state.map);
                }
                return;
            }
            // Zoomed out to the world outline, or made for another language.
            layer.remove();
            *state.layer.borrow_mut() = None;
        }
        if !wanted || state.loading.get() {
            return;
        }
        state.loading.set(true);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let loaded = load_scripts(&STREET_SCRIPTS).await;
            this.0.loading.set(false);
            if loaded.is_err() {
                return;
            }
            let lang = (this.0.lang)();
            if let Ok(layer) = solidarity_streets(&this.0.url, lang.code(), &osm_attribution(lang))
            {
                *this.0.layer.borrow_mut() = Some((layer, lang));
                this.update();
            }
        });
    }
}

/// Adds `sources` to the page as scripts that run in that order (each once), and waits for the
/// last.
async fn load_scripts(sources: &[&str]) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let head = document
        .head()
        .ok_or_else(|| JsValue::from_str("no head"))?;
    let mut last = None;
    for source in sources {
        let selector = format!("script[src=\"{source}\"]");
        let script = match document.query_selector(&selector)? {
            Some(existing) => existing.unchecked_into::<web_sys::HtmlScriptElement>(),
            None => {
                let script = document
                    .create_element("script")?
                    .unchecked_into::<web_sys::HtmlScriptElement>();
                // Inserted scripts run as they arrive unless told otherwise.
                script.set_async(false);
                script.set_src(source);
                head.append_child(&script)?;
                script
            }
        };
        last = Some(script);
    }
    let Some(last) = last else { return Ok(()) };
    if last.get_attribute("data-loaded").is_some() {
        return Ok(());
    }
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        last.set_onload(Some(&resolve));
        last.set_onerror(Some(&reject));
    });
    wasm_bindgen_futures::JsFuture::from(done).await?;
    let _ = last.set_attribute("data-loaded", "");
    Ok(())
}

/// The GeoNames place names of the view, from [`STREET_ZOOM`] on.
#[derive(Clone)]
struct Places(Rc<PlacesState>);

struct PlacesState {
    map: Map,
    lang: Box<dyn Fn() -> Lang>,
    labels: LayerGroup,
    /// Counts requests, so that an answer for a view the map has left is dropped.
    asked: Cell<u64>,
}

impl Places {
    fn new(map: Map, lang: Box<dyn Fn() -> Lang>) -> Self {
        let labels = LayerGroup::new();
        labels.add_to(&map);
        Self(Rc::new(PlacesState {
            map,
            lang,
            labels,
            asked: Cell::new(0),
        }))
    }

    fn update(&self) {
        let state = &self.0;
        let request = state.asked.get() + 1;
        state.asked.set(request);
        let zoom = state.map.get_zoom();
        if zoom < f64::from(STREET_ZOOM) {
            state.labels.clear_layers();
            return;
        }
        let bounds = state.map.get_bounds();
        let (sw, ne) = (bounds.get_south_west(), bounds.get_north_east());
        let bbox = [
            sw.lng().max(-180.0),
            sw.lat().max(-90.0),
            ne.lng().min(180.0),
            ne.lat().min(90.0),
        ];
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let Ok(places) = api::map_places(bbox, zoom.floor() as u8).await else {
                return;
            };
            if this.0.asked.get() != request {
                return;
            }
            this.draw(&places);
        });
    }

    fn draw(&self, places: &[CitySuggestion]) {
        let state = &self.0;
        state.labels.clear_layers();
        let lang = (state.lang)();
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        for place in places {
            // Our own label names al-Quds already.
            if is_jerusalem(&place.name, &place.country) {
                continue;
            }
            let (text, text_lang) = match (&place.name_ar, lang == Lang::Ar) {
                (Some(arabic), true) => (arabic.as_str(), "ar"),
                _ => (place.name.as_str(), "und-Latn"),
            };
            let Ok(span) = document.create_element("span") else {
                continue;
            };
            span.set_text_content(Some(text));
            let _ = span.set_attribute("lang", text_lang);
            let _ = span.set_attribute("dir", "auto");
            let options = MarkerOptions::new();
            options.set_icon(div_icon(&object(&[
                ("className", "place-label".into()),
                ("html", span.into()),
                ("iconSize", JsValue::NULL),
            ])));
            options.set_interactive(false);
            options.set_keyboard(false);
            options.set_pane("places".to_owned());
            let marker = leaflet::Marker::new_with_options(
                &LatLng::new(place.latitude, place.longitude),
                &options,
            );
            state.labels.add_layer(&marker);
        }
    }
}
