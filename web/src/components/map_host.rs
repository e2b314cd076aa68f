use leptos::prelude::*;
use leptos_leaflet::leaflet::{Map, MapOptions};
use leptos_leaflet::prelude::*;
use wasm_bindgen::JsCast;

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
    on_cleanup(move || {
        if let Some(made) = context.map_untracked() {
            made.remove();
        }
    });
    view! { <div class=class node_ref=host>{children.map(|child| child())}</div> }
}
