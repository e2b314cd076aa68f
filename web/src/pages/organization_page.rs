//! `/org/{slug}` in the app: the server's own page for the organisation (one rendering of it,
//! `api/src/site/organization_page.rs`), with a Leaflet map in place of its drawn locator and
//! "Back to the map" pointing at the view the visitor came from.

use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, MapOptions, MarkerOptions, PolylineOptions};
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::category_legend::marker_icon_url;
use crate::components::map_host::{add_basemap, translate_controls};
use crate::i18n::{I18n, Lang, Msg};
use crate::leaflet_ext::{icon, object};

/// The size of the organisation's marker on its page's map, in pixels.
const MARKER_SIZE: f64 = 24.0;
/// How close the map looks: at the organisation alone, or out to its twinned organisations.
const ALONE_ZOOM: f64 = 12.0;
const TWINNED_ZOOM: f64 = 3.0;

/// `/org/{slug}`: one organisation, deep-linkable.
#[component]
pub fn OrganizationPage(slug: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = crate::router::use_router();
    let page = LocalResource::new(move || api::organization_page(slug.clone(), i18n.lang.get()));
    // Not `Transition`: the page is one block of the server's HTML, and leaving Leptos's
    // suspense machinery out of the map bundle for it saves 7.9 KB with Brotli (BENCHMARKS.md). The
    // previous page stays shown while the next language's arrives.
    move || match page.get() {
        None => view! {
            <main id="main" class="organization-page" tabindex="-1">
                <p role="status">{move || i18n.t(Msg::Loading)}</p>
            </main>
        }
        .into_any(),
        Some(Ok(html)) => view! { <ServerOrganization html /> }.into_any(),
        Some(Err(_)) => view! {
            <main id="main" class="organization-page" tabindex="-1">
                <p><a href=move || router.map_url()>{move || i18n.t(Msg::BackToMap)}</a></p>
                <h1>{move || i18n.t(Msg::NotFound)}</h1>
            </main>
        }
        .into_any(),
    }
}

/// The `#main` of the server's page in `html`, and what its head says about the page.
struct ServerPage {
    main: String,
    title: Option<String>,
    json_ld: Option<String>,
}

impl ServerPage {
    fn parse(html: &str) -> Option<Self> {
        let parser = web_sys::DomParser::new().ok()?;
        let document = parser
            .parse_from_string(html, web_sys::SupportedType::TextHtml)
            .ok()?;
        let text_of = |selector: &str| {
            document
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|el| el.text_content())
        };
        Some(Self {
            main: document.get_element_by_id("main")?.inner_html(),
            title: text_of("title"),
            json_ld: text_of("script[type=\"application/ld+json\"]"),
        })
    }
}

#[component]
fn ServerOrganization(html: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = crate::router::use_router();
    let Some(page) = ServerPage::parse(&html) else {
        return view! { <main id="main" tabindex="-1"><h1>{i18n.t(Msg::NotFound)}</h1></main> }
            .into_any();
    };
    if let Some(title) = &page.title {
        document().set_title(title);
    }
    if let Some(json_ld) = page.json_ld {
        publish_json_ld(json_ld);
    }
    let main = NodeRef::<leptos::html::Main>::new();
    Effect::new(move |_| {
        let Some(main) = main.get() else { return };
        if let Ok(Some(back)) = main.query_selector("a.back-to-map") {
            let _ = back.set_attribute("href", &router.map_url());
        }
        if let Ok(Some(locator)) = main.query_selector("figure.locator") {
            replace_locator(&locator, i18n.lang.get_untracked());
        }
        // A new page in a single-page app: move focus to its heading so screen readers
        // announce it.
        if let Ok(Some(heading)) = main.query_selector("h1") {
            let _ = heading.set_attribute("tabindex", "-1");
            if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
                focus_once_shown(heading, 0);
            }
        }
    });
    view! { <main id="main" class="organization-page" tabindex="-1" node_ref=main inner_html=page.main></main> }
        .into_any()
}

/// A `lat,lon` pair as the server writes it in the locator's data.
fn lat_lon(text: &str) -> Option<(f64, f64)> {
    let (lat, lon) = text.split_once(',')?;
    Some((lat.trim().parse().ok()?, lon.trim().parse().ok()?))
}

/// Puts a Leaflet map where the server drew its locator: the same place and twinning lines,
/// which the visitor can move and zoom, with the street basemap past the world outline.
fn replace_locator(locator: &web_sys::Element, lang: Lang) {
    let Some(here) = locator
        .get_attribute("data-at")
        .as_deref()
        .and_then(lat_lon)
    else {
        return;
    };
    let twins: Vec<(f64, f64)> = locator
        .get_attribute("data-twins")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(lat_lon)
        .collect();
    let category = locator.get_attribute("data-category").unwrap_or_default();
    let title = locator
        .closest("article")
        .ok()
        .flatten()
        .and_then(|article| article.query_selector("h1").ok().flatten())
        .and_then(|h1| h1.text_content())
        .unwrap_or_default();
    let document = document();
    let (Ok(section), Ok(host)) = (
        document.create_element("section"),
        document.create_element("div"),
    ) else {
        return;
    };
    let _ = section.set_attribute("class", "detail-map-section");
    let _ = section.set_attribute("aria-label", lang.text(Msg::MapLabel));
    let _ = host.set_attribute("class", "detail-map");
    let _ = section.append_child(&host);
    let _ = locator.replace_with_with_node_1(&section);

    let options = MapOptions::new();
    options.set_zoom(if twins.is_empty() {
        ALONE_ZOOM
    } else {
        TWINNED_ZOOM
    });
    options.set_center(LatLng::new(here.0, here.1));
    let Ok(map) = leaflet::Map::new_with_element(host.unchecked_ref(), &options) else {
        return;
    };
    translate_controls(&map, &host, lang);
    add_basemap(map.clone());
    draw_place_and_twins(&map, here, &twins, &marker_icon_url(&category), &title);
    on_cleanup(move || {
        map.remove();
    });
}

/// The organisation's marker and a dashed line to each twinned organisation.
fn draw_place_and_twins(
    map: &leaflet::Map,
    (latitude, longitude): (f64, f64),
    twins: &[(f64, f64)],
    icon_url: &str,
    title: &str,
) {
    let here = LatLng::new(latitude, longitude);
    let half = MARKER_SIZE / 2.0;
    let options = MarkerOptions::new();
    options.set_icon(icon(&object(&[
        ("iconUrl", icon_url.into()),
        (
            "iconSize",
            js_sys::Array::of2(&MARKER_SIZE.into(), &MARKER_SIZE.into()).into(),
        ),
        (
            "iconAnchor",
            js_sys::Array::of2(&half.into(), &half.into()).into(),
        ),
    ])));
    options.set_title(title.to_owned());
    options.set_alt(title.to_owned());
    // The page says all the marker would; a focus stop on it would say nothing new.
    options.set_keyboard(false);
    leaflet::Marker::new_with_options(&here, &options).add_to(map);
    for &(twin_latitude, twin_longitude) in twins {
        let options = PolylineOptions::new();
        options.set_color("#007a3d".to_owned());
        options.set_weight(2.0);
        options.set_dash_array("6 4".to_owned());
        let ends = js_sys::Array::of2(&here, &LatLng::new(twin_latitude, twin_longitude));
        leaflet::Polyline::new_with_options(&ends, &options).add_to(map);
    }
}

/// Puts the JSON-LD in the document head while the page is shown. A data block, not a
/// script: the CSP does not need to allow it.
fn publish_json_ld(text: String) {
    let document = document();
    let Ok(script) = document.create_element("script") else {
        return;
    };
    let _ = script.set_attribute("type", "application/ld+json");
    let _ = script.set_attribute("id", "organization-json-ld");
    script.set_text_content(Some(&text));
    // The server's page (when the app started on it) has its own: one is enough.
    if let Ok(all) = document.query_selector_all("script[type=\"application/ld+json\"]") {
        for i in 0..all.length() {
            if let Some(old) = all
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                old.remove();
            }
        }
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
