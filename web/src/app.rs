use leptos::prelude::*;

use crate::api;
use crate::components::legend::Legend;
use crate::components::organization_map::OrganizationMap;

/// The page: a header, the map and its legend.
#[component]
pub fn App() -> impl IntoView {
    let organizations = LocalResource::new(api::published_organizations);
    let categories = LocalResource::new(api::categories);
    let loaded =
        Signal::derive(move || organizations.get().and_then(Result::ok).unwrap_or_default());
    view! {
        <header class="site-header">
            <h1>"International Solidarity Map"</h1>
            <p class="tagline">
                "Palestine solidarity groups around the world, and the grassroots organisations of Jerusalem (al-Quds), Palestine."
            </p>
        </header>
        <main id="main">
            <Transition fallback=|| view! { <p class="status" role="status">"Loading the map…"</p> }>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <p class="status error" role="alert">
                            "The map could not be loaded: "
                            {move || {
                                errors.get().into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join("; ")
                            }}
                        </p>
                    }
                }>
                    {move || {
                        organizations.get().map(|result| result.map(|orgs| {
                            view! {
                                <p class="status" role="status" data-testid="organization-count">
                                    {format!("{} organisations on the map", orgs.len())}
                                </p>
                            }
                        }))
                    }}
                </ErrorBoundary>
            </Transition>
            // Outside the Transition: Leaflet looks the map's element up in the document, so it
            // must be mounted at once rather than rendered off-screen first.
            <OrganizationMap organizations=loaded />
            <Transition fallback=|| ()>
                {move || categories.get().and_then(Result::ok).map(|categories| view! { <Legend categories /> })}
            </Transition>
        </main>
    }
}
