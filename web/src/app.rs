use leptos::prelude::*;

use crate::components::site_header::SiteHeader;
use crate::components::skip_link::SkipLink;
use crate::i18n::{self, I18n, Msg};
use crate::pages::map_page::MapPage;
use crate::pages::organization_page::OrganizationPage;
use crate::router::{self, Route};

/// Provides the language, applies it to the document, and routes.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n {
        lang: RwSignal::new(i18n::initial_lang()),
    };
    provide_context(i18n);
    Effect::new(move |_| i18n::apply(i18n.lang.get()));
    let router = router::provide_router();
    // Only a change of page rebuilds the page; its query is read inside it.
    let route = Memo::new(move |_| router.route());
    view! {
        <SkipLink />
        <SiteHeader />
        {move || match route.get() {
            Route::Map => view! { <MapPage /> }.into_any(),
            Route::Organization(slug) => view! { <OrganizationPage slug /> }.into_any(),
            Route::NotFound => view! {
                <main id="main" tabindex="-1"><p>{move || i18n.t(Msg::PageNotFound)}</p></main>
            }
            .into_any(),
        }}
    }
}
