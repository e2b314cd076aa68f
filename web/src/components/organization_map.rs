use leptos::prelude::*;
use leptos_leaflet::prelude::*;
use shared::api::Organization;

/// Al-Quds (Jerusalem), where the map opens its story.
const JERUSALEM: (f64, f64) = (31.7767, 35.2345);

/// The marker image of a category: its own shape and colour (colour is never the only signal).
pub fn marker_icon_url(category: &str) -> String {
    format!("/markers/{category}.svg")
}

/// The world map with one marker per organisation, shaped and coloured by category.
#[component]
pub fn OrganizationMap(organizations: Vec<Organization>) -> impl IntoView {
    view! {
        <section class="map-section" aria-label="Map of organisations">
            <MapContainer
                class="map"
                center=Position::new(JERUSALEM.0, JERUSALEM.1 - 20.0)
                zoom=2.0
                set_view=true
            >
                {organizations
                    .into_iter()
                    .map(|org| {
                        let title = format!("{} ({}, {})", org.name, org.city, org.country);
                        view! {
                            <Marker
                                position=Position::new(org.location.latitude, org.location.longitude)
                                title=title.clone()
                                alt=title
                                icon_url=Some(marker_icon_url(&org.category))
                                icon_size=Some((24.0, 24.0))
                                icon_anchor=Some((12.0, 12.0))
                            >
                                <Popup>
                                    <strong>{org.name.clone()}</strong>
                                    <br />
                                    {format!("{}, {}", org.city, org.country)}
                                </Popup>
                            </Marker>
                        }
                    })
                    .collect_view()}
            </MapContainer>
        </section>
    }
}
