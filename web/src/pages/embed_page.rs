use leptos::prelude::*;

use crate::api;
use crate::components::organization_map::OrganizationMap;
use crate::i18n::{I18n, Msg, PagesMsg};
use crate::router::use_router;
use crate::state::{Filters, View, Viewport};

/// `/embed?category=…&country=…`: a compact map for partner sites' iframes, its filters fixed by
/// the URL (the one page other sites may frame).
#[component]
pub fn EmbedPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = use_router();
    let known = LocalResource::new(api::categories);
    let asked = Memo::new(move |_| {
        router.with_query(|q| {
            let all = Filters::from_query(q);
            Filters {
                q: String::new(),
                focus: String::new(),
                confirmed_within: String::new(),
                ..all
            }
        })
    });
    // The categories the link asks for that do not exist (a partner's typo), once the
    // categories are known.
    let unknown = Memo::new(move |_| {
        let Some(Ok(known)) = known.get() else {
            return Vec::new();
        };
        asked.with(|f| {
            f.categories
                .iter()
                .filter(|c| !known.iter().any(|k| &k.key == *c))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // As the server's page does: an unknown category shows every category, and says so.
    let filters = Memo::new(move |_| {
        let asked = asked.get();
        if unknown.with(Vec::is_empty) {
            asked
        } else {
            Filters {
                categories: Vec::new(),
                ..asked
            }
        }
    });
    let viewport = RwSignal::new(None::<Viewport>);
    let clusters = LocalResource::new(move || {
        let (viewport, filters) = (viewport.get(), filters.get());
        async move {
            match viewport {
                Some(viewport) => api::clusters(viewport, filters).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let requested_view = Memo::new(|_| None::<View>);
    let on_moved = Callback::new(move |(moved, _): (Viewport, View)| viewport.set(Some(moved)));
    let full_map = move || {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        format!("{origin}{}", filters.get().page_url(None))
    };
    view! {
        <main id="main" class="embed-page">
            <h1 class="visually-hidden">{move || i18n.t(Msg::SiteTitle)}</h1>
            {move || {
                let unknown = unknown.get();
                (!unknown.is_empty()).then(|| view! {
                    <p class="embed-notice" role="alert" data-testid="embed-notice">
                        {i18n.format(PagesMsg::EmbedUnknownFilter, &[("value", &unknown.join(", "))])}
                    </p>
                })
            }}
            <OrganizationMap
                clusters
                categories=known
                requested_view
                on_moved
                map=RwSignal::new_local(None)
            />
            <p class="embed-credit">
                <a href=full_map target="_blank" rel="noopener">{move || i18n.t(PagesMsg::ViewFullMap)}</a>
            </p>
        </main>
    }
}
