use leptos::prelude::*;
use leptos_leaflet::leaflet::{Map, MapOptions};
use leptos_leaflet::prelude::*;
use wasm_bindgen::JsCast;

use super::street_layers;
use crate::api;
use crate::basemap;
use crate::i18n::{I18n, Lang, Msg};
use crate::leaflet_ext::{GeoJsonLayer, geo_json, object, set_attribution_prefix, tile_layer};
use std::cell::RefCell;
use std::rc::Rc;

/// The Leaflet map's element. Does what leptos-leaflet's `MapContainer` does (makes the map and
/// provides it to the `Marker`s and `Polyline`s inside) but writes no `style` attribute: an
/// empty one is still a violation of our Content-Security-Policy.
#[component]
pub fn MapHost(
    #[prop(into)] class: String,
    center: Position,
    zoom: f64,
    #[prop(optional)] min_zoom: f64,
    /// Receives the map once Leaflet has made it.
    map: RwSignal<Option<Map>, LocalStorage>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let context = provide_leaflet_context();
    Effect::new(move |_| {
        let Some(element) = host.get() else { return };
        if map.get_untracked().is_some() {
            return;
        }
        let options = MapOptions::new();
        options.set_zoom(zoom);
        options.set_min_zoom(min_zoom);
        options.set_center(center.as_lat_lng());
        let Ok(leaflet_map) = Map::new_with_element(element.unchecked_ref(), &options) else {
            return;
        };
        context.set_map(&leaflet_map);
        map.set(Some(leaflet_map));
    });
    // Leaflet writes its own English strings (zoom buttons, the attribution's prefix): put the
    // reader's language in their place, and again whenever it changes.
    let i18n = expect_context::<I18n>();
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let (Some(made), Some(element)) = (map.get(), host.get()) {
            translate_controls(&made, &element, lang);
        }
    });
    on_cleanup(move || {
        if let Some(made) = context.map_untracked() {
            made.remove();
        }
    });
    view! { <div class=class node_ref=host>{children.map(|child| child())}</div> }
}

/// Puts the reader's language in place of Leaflet's own English strings (the zoom buttons,
/// the attribution's prefix) on `map`, whose element is `element`.
pub fn translate_controls(map: &Map, element: &web_sys::Element, lang: Lang) {
    for (selector, msg) in [
        (".leaflet-control-zoom-in", Msg::ZoomIn),
        (".leaflet-control-zoom-out", Msg::ZoomOut),
    ] {
        if let Ok(Some(button)) = element.query_selector(selector) {
            let _ = button.set_attribute("title", lang.text(msg));
            let _ = button.set_attribute("aria-label", lang.text(msg));
        }
    }
    set_attribution_prefix(
        map,
        &format!(
            "<a href=\"https://leafletjs.com\" title=\"{}\">Leaflet</a>",
            lang.text(Msg::LeafletTitle)
        ),
    );
}

/// Whether Leaflet has removed `map` (its page went away while something was loading for it):
/// adding a layer then throws inside Leaflet, which has no panes left to put it in.
pub fn is_removed(map: &Map) -> bool {
    js_sys::Reflect::get(map, &wasm_bindgen::JsValue::from_str("_mapPane"))
        .map_or(true, |pane| pane.is_undefined())
}

/// Adds the self-hosted country outlines (Natural Earth) under everything else; past the world
/// outline, the street basemap or the GeoNames place names (`street_layers`); and the operator's
/// raster tiles when (and only when) they configured some.
pub fn add_basemap(map: Map) {
    let (i18n, owner) = (use_context::<I18n>(), Owner::current());
    let for_config = map.clone();
    leptos::task::spawn_local(async move {
        let Ok(config) = api::map_config().await else {
            return;
        };
        if is_removed(&for_config) {
            return;
        }
        if let Some(url) = &config.tile_url {
            let options = object(&[(
                "attribution",
                config.tile_attribution.clone().unwrap_or_default().into(),
            )]);
            tile_layer(url, &options).add_to(&for_config);
        }
        street_layers::add_street_layers(for_config, &config, i18n, owner);
    });
    let outlines = Outlines(Rc::new(OutlinesState {
        map: map.clone(),
        shown: RefCell::new(None),
        loading: RefCell::new(Vec::new()),
    }));
    outlines.update();
    street_layers::on_move(&map, "zoomend", move || outlines.update());
}

/// The country outlines: the world view's simplified file until the visitor zooms past it, then
/// the full one for good.
#[derive(Clone)]
struct Outlines(Rc<OutlinesState>);

struct OutlinesState {
    map: Map,
    shown: RefCell<Option<(basemap::Detail, GeoJsonLayer)>>,
    loading: RefCell<Vec<basemap::Detail>>,
}

impl Outlines {
    fn update(&self) {
        let state = &self.0;
        let wanted = basemap::Detail::for_zoom(state.map.get_zoom());
        let shown = state.shown.borrow().as_ref().map(|(detail, _)| *detail);
        let needed = match shown {
            None => state.loading.borrow().is_empty(),
            Some(detail) => detail == basemap::Detail::WorldView && wanted == basemap::Detail::Full,
        };
        if !needed || state.loading.borrow().contains(&wanted) {
            return;
        }
        state.loading.borrow_mut().push(wanted);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let answer = api::basemap(wanted).await;
            this.0
                .loading
                .borrow_mut()
                .retain(|detail| *detail != wanted);
            if let Ok(text) = answer
                && let Ok(data) = js_sys::JSON::parse(&text)
            {
                this.show(wanted, &data);
            }
        });
    }

    fn show(&self, detail: basemap::Detail, data: &wasm_bindgen::JsValue) {
        let state = &self.0;
        let full_shown = matches!(*state.shown.borrow(), Some((basemap::Detail::Full, _)));
        if is_removed(&state.map) || full_shown {
            return;
        }
        // A pane of their own, so that the street basemap (pane `streets`) can cover them and
        // the twinning lines (overlay pane) stay above both.
        street_layers::pane(&state.map, "outlines");
        let style = object(&[
            ("color", "#8c8672".into()),
            ("weight", 0.6.into()),
            ("fillColor", "#efebe0".into()),
            ("fillOpacity", 1.0.into()),
            ("interactive", false.into()),
            ("attribution", "Natural Earth".into()),
            ("pane", "outlines".into()),
        ]);
        let layer = geo_json(&basemap::to_geojson(data), &style);
        layer.add_to(&state.map);
        if let Some((_, previous)) = state.shown.replace(Some((detail, layer))) {
            previous.remove();
        }
    }
}
