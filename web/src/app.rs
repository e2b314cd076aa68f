use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::site_header::SiteHeader;
use crate::components::skip_link::SkipLink;
use crate::i18n::{self, I18n};
use crate::pages::map_page::MapPage;
use crate::pages::organization_page::OrganizationPage;

/// Provides the language, applies it to the document, and routes.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n {
        lang: RwSignal::new(i18n::initial_lang()),
    };
    provide_context(i18n);
    Effect::new(move |_| i18n::apply(i18n.lang.get()));
    view! {
        <Router>
            <SkipLink />
            <SiteHeader />
            <Routes fallback=|| view! { <main id="main" tabindex="-1"><p>"Not found"</p></main> }>
                <Route path=path!("/") view=MapPage />
                <Route path=path!("/org/:slug") view=OrganizationPage />
            </Routes>
        </Router>
    }
}
