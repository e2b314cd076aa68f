use leptos::prelude::*;

use crate::api;
use crate::components::category_legend::CategoryLegend;
use crate::components::events_toggle::EventsToggle;
use crate::components::filter_bar::FilterBar;
use crate::components::jerusalem_spotlight::JerusalemSpotlight;
use crate::components::map_panel::MapPanel;
use crate::components::map_tools::MapTools;
use crate::components::organization_list::OrganizationList;
use crate::components::organization_map::OrganizationMap;
use crate::i18n::{I18n, Msg};
use crate::router::use_router;
use crate::state::{Filters, View, Viewport};

/// The home page: the map filling the first screen with the Jerusalem spotlight, the filters in
/// a panel beside it (a sheet on phones), and below it the list of what the map shows, a page
/// at a time. The same layout as the server's page (`api/src/site/map_page.rs`), which it
/// replaces without a jump.
#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = use_router();
    let filters = Memo::new(move |_| router.with_query(Filters::from_query));
    let url_view = Memo::new(move |_| router.with_query(View::from_query));
    let cursor = Memo::new(move |_| {
        router.with_query(|q| q.get("cursor").filter(|c| !c.is_empty()).map(str::to_owned))
    });
    let viewport = RwSignal::new(None::<Viewport>);
    let map = RwSignal::new_local(None::<leptos_leaflet::leaflet::Map>);
    // Open when the server's panel is, before or while the app loads: its toggle is a link to
    // `#map-panel`.
    let panel_target = || {
        window()
            .location()
            .hash()
            .is_ok_and(|hash| hash == "#map-panel")
    };
    let panel_open = RwSignal::new(panel_target());
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        if panel_target() {
            panel_open.set(true);
        }
    });
    on_cleanup(move || on_hash.remove());
    let toggle = NodeRef::<leptos::html::Button>::new();

    let categories = LocalResource::new(api::categories);
    let focus_areas = LocalResource::new(api::focus_areas);
    let countries = LocalResource::new(api::countries);
    let clusters = LocalResource::new(move || {
        let (viewport, filters) = (viewport.get(), filters.get());
        async move {
            match viewport {
                Some(viewport) => api::clusters(viewport, filters).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let listed = LocalResource::new(move || {
        let (viewport, filters, cursor) = (viewport.get(), filters.get(), cursor.get());
        async move {
            match viewport {
                Some(viewport) => api::organizations_in_view(viewport, filters, cursor)
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
    });

    // Filters are pushed onto the history (back undoes them); map moves replace the entry.
    let set_filters = Callback::new(move |next: Filters| {
        router.navigate(&next.page_url(url_view.get_untracked()), false);
    });
    let show_view = Callback::new(move |view: View| {
        router.navigate(&filters.get_untracked().page_url(Some(view)), false);
    });
    // A move shows another list, from its first page; the map's first view (the URL had none)
    // keeps the page of the list the URL asked for.
    let on_moved = Callback::new(move |(moved, view): (Viewport, View)| {
        viewport.set(Some(moved));
        let shown = url_view.get_untracked();
        if !shown.is_some_and(|v| v.same_as(view)) {
            let filters = filters.get_untracked();
            let url = match (shown, cursor.get_untracked()) {
                (None, Some(cursor)) => filters.list_page_url(Some(view), &cursor),
                _ => filters.page_url(Some(view)),
            };
            router.navigate(&url, true);
        }
    });
    let total = Signal::derive(move || {
        clusters
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|response| u64::from(response.total))
    });
    let first_page =
        Signal::derive(move || cursor.get().map(|_| filters.get().page_url(url_view.get())));
    let page_after = Callback::new(move |next: String| {
        filters
            .get_untracked()
            .list_page_url(url_view.get_untracked(), &next)
    });

    view! {
        <main id="main" class="map-page">
            <h1 class="visually-hidden">{move || i18n.t(Msg::SiteTitle)}</h1>
            <div class="map-stage">
                <JerusalemSpotlight show_view />
                <MapTools panel_open toggle />
                <MapPanel open=panel_open toggle>
                    <FilterBar filters set_filters countries focus_areas />
                    <CategoryLegend categories filters set_filters />
                    <EventsToggle map viewport />
                </MapPanel>
                <OrganizationMap clusters categories requested_view=url_view on_moved map />
            </div>
            <OrganizationList listed total first_page page_after />
        </main>
    }
}
