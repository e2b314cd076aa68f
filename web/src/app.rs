use leptos::prelude::*;

use crate::components::site_header::SiteHeader;
use crate::components::skip_link::SkipLink;
use crate::i18n::{self, I18n, Msg};
use crate::pages::join_page::JoinPage;
use crate::pages::map_page::MapPage;
use crate::pages::organization_page::OrganizationPage;
use crate::pages::owner_page::OwnerPage;
use crate::router::{self, Route};

/// Provides the language and applies it to the document.
fn provide_language() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(i18n::initial_lang()),
    };
    provide_context(i18n);
    Effect::new(move |_| i18n::apply(i18n.lang.get()));
    i18n
}

fn not_found(i18n: I18n) -> AnyView {
    view! { <main id="main" tabindex="-1"><p>{move || i18n.t(Msg::PageNotFound)}</p></main> }
        .into_any()
}

/// The map bundle's pages. Links to the forms bundle's pages load that bundle.
#[component]
pub fn MapApp() -> impl IntoView {
    let i18n = provide_language();
    let router =
        router::provide_router(|route| matches!(route, Route::Map | Route::Organization(_)));
    // Only a change of page rebuilds the page; its query is read inside it.
    let route = Memo::new(move |_| router.route());
    view! {
        <SkipLink />
        <SiteHeader />
        {move || match route.get() {
            Route::Map => view! { <MapPage /> }.into_any(),
            Route::Organization(slug) => view! { <OrganizationPage slug /> }.into_any(),
            _ => not_found(i18n),
        }}
    }
}

/// The forms bundle's pages: joining the map and the owner page.
#[component]
pub fn FormsApp() -> impl IntoView {
    let i18n = provide_language();
    let router = router::provide_router(|route| matches!(route, Route::Join | Route::Owner));
    let route = Memo::new(move |_| router.route());
    view! {
        <SkipLink />
        <SiteHeader />
        {move || match route.get() {
            Route::Join => view! { <JoinPage /> }.into_any(),
            Route::Owner => view! { <OwnerPage /> }.into_any(),
            _ => not_found(i18n),
        }}
    }
}
