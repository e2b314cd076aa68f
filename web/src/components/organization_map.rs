use leptos::prelude::*;
use leptos_leaflet::prelude::*;
use shared::api::Organization;

use super::organization_marker::OrganizationMarker;

/// Al-Quds (Jerusalem), where the map opens its story.
const JERUSALEM: (f64, f64) = (31.7767, 35.2345);

/// The marker image of a category: its own shape and colour (colour is never the only signal).
pub fn marker_icon_url(category: &str) -> String {
    format!("/markers/{category}.svg")
}

/// The world map with one marker per organisation, shaped and coloured by category.
#[component]
pub fn OrganizationMap(#[prop(into)] organizations: Signal<Vec<Organization>>) -> impl IntoView {
    view! {
        <section class="map-section" aria-label="Map of organisations">
            <MapContainer class="map" center=Position::new(JERUSALEM.0, JERUSALEM.1 - 20.0) zoom=2.0 set_view=true>
                <For each=move || organizations.get() key=|org| org.id let:org>
                    <OrganizationMarker org />
                </For>
            </MapContainer>
        </section>
    }
}
