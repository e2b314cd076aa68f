use leptos::prelude::*;

use crate::api;
use crate::components::legend::Legend;
use crate::components::organization_map::OrganizationMap;

/// The page: a header, the map and its legend.
#[component]
pub fn App() -> impl IntoView {
    let organizations = LocalResource::new(api::published_organizations);
    let categories = LocalResource::new(api::categories);
    view! {
        <header class="site-header">
            <h1>"International Solidarity Map"</h1>
            <p class="tagline">"Palestine solidarity groups around the world, and the grassroots organisations of Jerusalem (al-Quds), Palestine."</p>
        </header>
        <main id="main">
            <Transition fallback=|| view! { <p class="status" role="status">"Loading the map…"</p> }>
                <ErrorBoundary fallback=|errors| view! {
                    <p class="status error" role="alert">
                        "The map could not be loaded: "
                        {move || errors.get().into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join("; ")}
                    </p>
                }>
                    {move || {
                        organizations.get().map(|result| result.map(|orgs| {
                            let count = orgs.len();
                            view! {
                                <p class="status" role="status" data-testid="organization-count">
                                    {format!("{count} organisations on the map")}
                                </p>
                                <OrganizationMap organizations=orgs />
                            }
                        }))
                    }}
                    {move || categories.get().map(|result| result.map(|categories| view! { <Legend categories /> }))}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}
