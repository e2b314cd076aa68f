use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LayerGroup, Map, MarkerOptions};
use leptos_leaflet::prelude::*;

use super::map_host::{MapHost, add_basemap};

/// A small map showing one point (or none), recentred when the point changes. Not interactive:
/// the coordinates are also given as text next to it.
#[component]
pub fn PointMap(#[prop(into)] point: Signal<Option<(f64, f64)>>) -> impl IntoView {
    let map = RwSignal::new_local(None::<Map>);
    let layer = StoredValue::new_local(None::<LayerGroup>);
    Effect::new(move |_| {
        let Some(map) = map.get() else { return };
        add_basemap(map.clone());
        let group = LayerGroup::new();
        group.add_to(&map);
        layer.set_value(Some(group));
    });
    Effect::new(move |_| {
        let point = point.get();
        map.track();
        let (Some(map), Some(group)) = (map.get_untracked(), layer.get_value()) else {
            return;
        };
        group.clear_layers();
        if let Some((lat, lon)) = point {
            let options = MarkerOptions::new();
            options.set_keyboard(false);
            options.set_interactive(false);
            leaflet::Marker::new_with_options(&LatLng::new(lat, lon), &options)
                .add_to_layer_group(&group);
            map.set_view(&LatLng::new(lat, lon), 9.0);
        }
    });
    view! { <MapHost class="point-map" center=Position::new(25.0, 20.0) zoom=2.0 min_zoom=1.0 map=map /> }
}
