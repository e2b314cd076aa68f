use leptos::prelude::*;
use leptos_leaflet::prelude::*;
use shared::api::{Category, FocusArea, Organization, Partnership};

use crate::api;
use crate::components::category_legend::marker_icon_url;
use crate::components::confirmed::Confirmed;
use crate::components::map_host::MapHost;
use crate::components::map_host::add_basemap;
use crate::i18n::{I18n, Lang, Msg, place, place_of};
use crate::leaflet_ext::language_name;

/// Puts the JSON-LD in the document head while the page is shown. A data block, not a
/// script: the CSP does not need to allow it.
fn publish_json_ld(text: String) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(script) = document.create_element("script") else {
        return;
    };
    let _ = script.set_attribute("type", "application/ld+json");
    let _ = script.set_attribute("id", "organization-json-ld");
    script.set_text_content(Some(&text));
    if let Some(old) = document.get_element_by_id("organization-json-ld") {
        old.remove();
    }
    if let Some(head) = document.head() {
        let _ = head.append_child(&script);
    }
    on_cleanup(move || script.remove());
}

/// Focuses `element` once it is in the document: the page is drawn in one go when all it needs
/// has arrived, and `Transition` puts it in the document after this page's effects have run.
fn focus_once_shown(element: web_sys::HtmlElement, attempt: u32) {
    if element.is_connected() {
        let _ = element.focus();
    } else if attempt < 50 {
        set_timeout(
            move || focus_once_shown(element, attempt + 1),
            std::time::Duration::from_millis(20),
        );
    }
}

/// `/org/{slug}`: one organisation, deep-linkable.
#[component]
pub fn OrganizationPage(slug: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = crate::router::use_router();
    let organization = LocalResource::new(move || api::organization(slug.clone()));
    let categories = LocalResource::new(api::categories);
    let focus_areas = LocalResource::new(api::focus_areas);
    let partnerships = LocalResource::new(api::partnerships);
    view! {
        <main id="main" class="organization-page" tabindex="-1">
            // To the view the visitor came from, not the map's first view.
            <p><a href=move || router.map_url()>{move || i18n.t(Msg::BackToMap)}</a></p>
            <Transition fallback=move || view! { <p role="status">{move || i18n.t(Msg::Loading)}</p> }>
                <ErrorBoundary fallback=move |_| view! { <h1>{move || i18n.t(Msg::NotFound)}</h1> }>
                    // Everything awaited before drawing: the page (and its Leaflet map) is made once,
                    // not again as each list arrives (a map removed while its outlines were still
                    // loading made Leaflet throw).
                    {move || Suspend::new(async move {
                        let org = organization.await;
                        let categories = categories.await.unwrap_or_default();
                        let focus_areas = focus_areas.await.unwrap_or_default();
                        let partnerships = partnerships.await.unwrap_or_default();
                        org.map(|org| {
                            publish_json_ld(org.schema_org().to_string());
                            view! { <OrganizationDetails org categories focus_areas partnerships /> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

/// A twinned organisation as its page links it: name, city (as the reader sees it), country.
type Twin = (String, String, String);

#[component]
fn OrganizationDetails(
    org: Organization,
    categories: Vec<Category>,
    focus_areas: Vec<FocusArea>,
    partnerships: Vec<Partnership>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let reader = i18n.lang.get_untracked();
    let lang = reader.code();
    let category_name = categories
        .iter()
        .find(|c| c.key == org.category)
        .map_or_else(|| org.category.clone(), |c| c.names.get(lang).to_owned());
    let focus_names: Vec<String> = org
        .focus_areas
        .iter()
        .map(|key| {
            focus_areas
                .iter()
                .find(|f| &f.key == key)
                .map_or_else(|| key.clone(), |f| f.names.get(lang).to_owned())
        })
        .collect();
    let twins: Vec<(String, Twin, f64, f64)> = partnerships
        .iter()
        .filter_map(|p| {
            let other = if p.global_organization.id == org.id {
                &p.jerusalem_organization
            } else if p.jerusalem_organization.id == org.id {
                &p.global_organization
            } else {
                return None;
            };
            Some((
                other.slug.clone(),
                (
                    other.name.clone(),
                    shared::api::city_for_reader(&other.city, None, &other.country, reader)
                        .0
                        .to_owned(),
                    other.country.clone(),
                ),
                other.location.latitude,
                other.location.longitude,
            ))
        })
        .collect();
    let (name, name_lang) = org.display_name(reader);
    let (name, name_lang) = (name.to_owned(), name_lang.map(Lang::code));
    // The original name under a translated one; the Arabic name under a Latin original.
    let other_name = if name != org.name {
        Some((org.name.clone(), org.original_language.map(Lang::code)))
    } else {
        org.name_ar
            .clone()
            .filter(|n| !n.trim().is_empty() && *n != org.name)
            .map(|n| (n, Some("ar")))
    };
    let (description, description_lang) = org.display_description(reader);
    let (description, description_lang) =
        (description.to_owned(), description_lang.map(Lang::code));
    let languages: Vec<(String, String)> = org
        .languages
        .iter()
        .map(|code| (code.clone(), language_name(code, reader.code())))
        .collect();
    let here = Position::new(org.location.latitude, org.location.longitude);
    let lines: Vec<Vec<Position>> = twins
        .iter()
        .map(|(_, _, lat, lon)| vec![here, Position::new(*lat, *lon)])
        .collect();
    // A new page in a single-page app: move focus to its heading so screen readers announce it.
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            focus_once_shown(heading.into(), 0);
        }
    });
    let detail_map = RwSignal::new_local(None::<leptos_leaflet::leaflet::Map>);
    Effect::new(move |_| {
        if let Some(map) = detail_map.get() {
            add_basemap(map);
        }
    });
    let precision = if org.precision == shared::Precision::Approximate {
        Msg::ApproximateLocation
    } else {
        Msg::ExactLocation
    };
    view! {
        <article class="organization">
            <header>
                <p class="category">
                    <img src=marker_icon_url(&org.category) alt="" width="20" height="20" />
                    {category_name}
                </p>
                <h1 tabindex="-1" node_ref=heading><bdi lang=name_lang dir="auto">{name.clone()}</bdi></h1>
                {other_name.map(|(other, other_lang)| view! { <p class="name-ar" lang=other_lang dir="auto">{other}</p> })}
                <p class="place">{place(&org, reader)}</p>
            </header>
            <p class="description" lang=description_lang dir="auto">{description}</p>
            <p class="org-actions">
                <a class="write-to-group" href=format!("/contact/{}", org.slug)>{i18n.t(Msg::WriteToGroup)}</a>
                <a class="write-to-group" href=format!("/resources?organization={}", org.slug)>{i18n.t(Msg::RelatedResources)}</a>
            </p>
            <dl>
                {(!focus_names.is_empty()).then(|| view! {
                    <dt>{i18n.t(Msg::FocusAreas)}</dt>
                    <dd><ul class="tags">{focus_names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul></dd>
                })}
                {(!org.languages.is_empty()).then(|| view! {
                    <dt>{i18n.t(Msg::Languages)}</dt>
                    <dd><ul class="tags">{languages.into_iter().map(|(code, name)| view! { <li data-code=code>{name}</li> }).collect_view()}</ul></dd>
                })}
                {org.website.clone().map(|site| view! {
                    <dt>{i18n.t(Msg::Website)}</dt>
                    <dd><a href=site.clone() rel="noopener noreferrer nofollow" dir="ltr" translate="no">{site.clone()}</a></dd>
                })}
                {(!org.links.is_empty()).then(|| view! {
                    <dt>{i18n.t(Msg::Links)}</dt>
                    <dd><ul>{org.links.iter().map(|l| view! { <li><a href=l.clone() rel="noopener noreferrer nofollow" dir="ltr" translate="no">{l.clone()}</a></li> }).collect_view()}</ul></dd>
                })}
                <dt>{i18n.t(Msg::Location)}</dt>
                <dd>{i18n.t(precision)}</dd>
                <dt>{i18n.t(Msg::LastConfirmed)}</dt>
                <dd><Confirmed at=org.last_confirmed_at dated=true /></dd>
            </dl>
            {(!twins.is_empty()).then(|| view! {
                <section aria-labelledby="partnerships-title">
                    <h2 id="partnerships-title">{i18n.t(Msg::Partnerships)}</h2>
                    <ul>
                        {twins.clone().into_iter().map(|(slug, (other, city, country), _, _)| view! {
                            <li>{i18n.t(Msg::TwinnedWith)}" "<a href=format!("/org/{slug}")><bdi dir="auto">{other}</bdi></a>" ("{place_of(&city, None, &country, reader)}")"</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section class="detail-map-section" aria-label=i18n.t(Msg::MapLabel)>
                <MapHost class="detail-map" center=here zoom=if lines.is_empty() { 12.0 } else { 3.0 } map=detail_map>
                    <Marker
                        position=here
                        icon_url=Some(marker_icon_url(&org.category))
                        icon_size=Some((24.0, 24.0))
                        icon_anchor=Some((12.0, 12.0))
                        title=name.clone()
                        alt=name.clone()
                        keyboard=Some(false)
                    />
                    {lines.into_iter().map(|positions| view! { <Polyline positions color="#007a3d" weight=2.0 dash_array="6 4" /> }).collect_view()}
                </MapHost>
            </section>
        </article>
    }
}
