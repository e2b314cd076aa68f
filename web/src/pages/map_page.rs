use leptos::prelude::*;

use crate::api;
use crate::components::category_legend::CategoryLegend;
use crate::components::filter_bar::FilterBar;
use crate::components::jerusalem_spotlight::JerusalemSpotlight;
use crate::components::organization_list::OrganizationList;
use crate::components::organization_map::OrganizationMap;
use crate::i18n::{I18n, Msg};
use crate::router::use_router;
use crate::state::{Filters, View, Viewport};

/// The home page: filters, the clustered map, and the list of what the map shows.
#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = use_router();
    let filters = Memo::new(move |_| router.with_query(Filters::from_query));
    let url_view = Memo::new(move |_| router.with_query(View::from_query));
    let viewport = RwSignal::new(None::<Viewport>);

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
        let (viewport, filters) = (viewport.get(), filters.get());
        async move {
            match viewport {
                Some(viewport) => api::organizations_in_view(viewport, filters)
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
    let on_moved = Callback::new(move |(moved, view): (Viewport, View)| {
        viewport.set(Some(moved));
        if !url_view.get_untracked().is_some_and(|v| v.same_as(view)) {
            router.navigate(&filters.get_untracked().page_url(Some(view)), true);
        }
    });

    view! {
        <main id="main" class="map-page">
            <h1 class="visually-hidden">{move || i18n.t(Msg::SiteTitle)}</h1>
            <div class="controls">
                <FilterBar filters set_filters countries focus_areas />
                <CategoryLegend categories filters set_filters />
                <JerusalemSpotlight show_view />
            </div>
            <OrganizationMap clusters categories requested_view=url_view on_moved />
            <OrganizationList listed />
        </main>
    }
}
