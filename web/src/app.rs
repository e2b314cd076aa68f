use leptos::prelude::*;

use crate::components::site_header::SiteHeader;
use crate::components::skip_link::SkipLink;
use crate::i18n::{self, I18n, Msg};
use crate::pages::about_page::AboutPage;
use crate::pages::contact_page::ContactPage;
use crate::pages::embed_page::EmbedPage;
use crate::pages::join_page::JoinPage;
use crate::pages::map_page::MapPage;
use crate::pages::organization_page::OrganizationPage;
use crate::pages::owner_page::OwnerPage;
use crate::pages::resources_page::ResourcesPage;
use crate::router::{self, Route};

/// Provides the language and applies it to the document.
pub fn provide_language() -> I18n {
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

/// The map bundle's pages. Links to the pages bundle's pages load that bundle.
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

/// The pages bundle's pages: joining, owning, contacting a group, resources, about, and the
/// embeddable map (kept out of the map bundle, which most visitors load).
#[component]
pub fn PagesApp() -> impl IntoView {
    let i18n = provide_language();
    let router = router::provide_router(|route| {
        matches!(
            route,
            Route::Join
                | Route::Owner
                | Route::Contact(_)
                | Route::Resources
                | Route::About
                | Route::Embed
        )
    });
    let route = Memo::new(move |_| router.route());
    let embedded = Memo::new(move |_| route.get() == Route::Embed);
    view! {
        // Framed on partner sites: the map alone, without the site's header.
        {move || (!embedded.get()).then(|| view! { <SkipLink /><SiteHeader /> })}
        {move || match route.get() {
            Route::Embed => view! { <EmbedPage /> }.into_any(),
            Route::Join => view! { <JoinPage /> }.into_any(),
            Route::Owner => view! { <OwnerPage /> }.into_any(),
            Route::Contact(slug) => view! { <ContactPage slug /> }.into_any(),
            Route::Resources => view! { <ResourcesPage /> }.into_any(),
            Route::About => view! { <AboutPage /> }.into_any(),
            _ => not_found(i18n),
        }}
    }
}
