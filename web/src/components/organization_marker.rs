use leptos::prelude::*;
use leptos_leaflet::prelude::*;
use shared::api::Organization;

use super::organization_map::marker_icon_url;

/// One organisation: a keyboard-focusable marker titled with its name and place.
#[component]
pub fn OrganizationMarker(org: Organization) -> impl IntoView {
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
}
