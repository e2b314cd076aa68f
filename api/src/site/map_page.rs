//! `/`: the filters as a GET form, the map of the current view drawn as SVG (clusters are links
//! that zoom in), the organisations in view page by page, and the Jerusalem spotlight.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use shared::api::{
    Category, ConfirmedWithin, Freshness, Organization, OrganizationFilter, OrganizationQuery,
};
use shared::cluster_look::{self, ClusterLook};
use shared::i18n::{Count, Lang, Msg, SiteMsg, rule_message};
use shared::label_place;

use super::Reader;
use super::layout::{self, App, Head};
use super::reference::{self, Reference, ReferenceCache};
use super::svg_map::{self, HEIGHT, MapView, WIDTH};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::index::{PublicIndex, Snapshot};
use crate::map::{ClusterIndex, MapItem};

/// Al-Quds, where the map's story starts (the app's `JERUSALEM` view).
pub const JERUSALEM: MapView = MapView {
    latitude: 31.7767,
    longitude: 35.2345,
    zoom: 13,
};

/// The page's state, all of it in the URL (the app reads the same parameters).
#[derive(Debug, Clone, Default)]
pub struct MapQuery {
    /// The page these filters are for: `/`, or `/embed` (empty: `/`).
    pub path: &'static str,
    pub q: String,
    pub categories: Vec<String>,
    pub country: String,
    pub focus: String,
    /// `6` or `12` (months), or empty: any time.
    pub confirmed_within: String,
    pub at: Option<MapView>,
    pub cursor: Option<String>,
}

impl MapQuery {
    /// Reads `q`, `category` (repeated, as a form sends it, or comma-separated, as the app
    /// writes it), `country`, `focus`, `confirmed_within`, `at` and `cursor`.
    pub fn from_query_string(query: &str) -> Self {
        let mut parsed = Self::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            match &*key {
                "q" => parsed.q = value.to_owned(),
                "category" => parsed.categories.extend(
                    value
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned),
                ),
                "country" => parsed.country = value.to_owned(),
                "focus" => parsed.focus = value.to_owned(),
                "confirmed_within" => parsed.confirmed_within = value.to_owned(),
                "at" => parsed.at = MapView::parse(value),
                "cursor" if !value.is_empty() => parsed.cursor = Some(value.to_owned()),
                _ => {}
            }
        }
        parsed
    }

    pub fn view(&self) -> MapView {
        self.at.unwrap_or(MapView::WORLD)
    }

    /// The page URL for these filters at `view` (the app's format: `/?q=…&category=a,b&at=…`).
    pub fn url(&self, view: Option<MapView>, reader: &Reader) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("q", self.q.clone()),
            ("category", self.categories.join(",")),
            ("country", self.country.clone()),
            ("focus", self.focus.clone()),
            ("confirmed_within", self.confirmed_within.clone()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        if let Some(view) = view {
            pairs.push(("at", view.to_param()));
        }
        // Commas stay readable (`at=31.7767,35.2345,13`), as the app writes them.
        let query: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", shared::text::percent_encode(value)))
            .collect();
        let path = if self.path.is_empty() { "/" } else { self.path };
        reader.href(&if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", query.join("&"))
        })
    }

    fn api_query(&self, bbox: Option<[f64; 4]>) -> OrganizationQuery {
        let present = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        OrganizationQuery {
            bbox: bbox.map(|[w, s, e, n]| format!("{w:.6},{s:.6},{e:.6},{n:.6}")),
            category: present(&self.categories.join(",")),
            country: present(&self.country),
            focus: present(&self.focus),
            q: present(&self.q),
            updated_since: None,
            confirmed_within: present(&self.confirmed_within),
            limit: Some(shared::api::MAP_LIST_PAGE_SIZE.to_string()),
            cursor: self.cursor.clone(),
        }
    }

    /// The filter, or the broken rules by field.
    pub fn filter(
        &self,
        bbox: Option<[f64; 4]>,
        snapshot: &Snapshot,
    ) -> Result<OrganizationFilter, Vec<shared::domain::FieldError>> {
        let filter = self.api_query(bbox).parse()?;
        let unknown = snapshot.unknown_keys(&filter);
        if unknown.is_empty() {
            Ok(filter)
        } else {
            Err(unknown)
        }
    }
}

/// What the map and the list show of a view.
pub struct InView {
    pub items: Vec<MapItem>,
    /// The index the items come from (their clusters' shares per category).
    pub clusters: std::sync::Arc<ClusterIndex>,
    pub listed: Vec<Organization>,
    pub next_cursor: Option<String>,
}

impl InView {
    /// How many organisations the view holds: what its clusters and markers add up to.
    pub fn total(&self) -> u64 {
        self.items
            .iter()
            .map(|item| u64::from(item.members()))
            .sum()
    }
}

/// Reads clusters and one page of the list (on a blocking thread when that may scan the map).
pub async fn in_view(
    snapshot: std::sync::Arc<Snapshot>,
    filter: OrganizationFilter,
    view: MapView,
) -> Result<InView, ApiError> {
    let work = move || {
        let (listed, next) = snapshot.page(&filter);
        let clusters = snapshot.clusters(&filter);
        let items = clusters.query(view.bbox(), f64::from(view.zoom));
        InView {
            items,
            clusters,
            listed,
            next_cursor: next.map(|c| c.to_string()),
        }
    };
    Ok(web::block(work).await?)
}

/// Brotli's highest quality, for the first view's page.
const BEST_QUALITY: u32 = 11;

pub async fn show(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let (snapshot, reference) = reference::load(&pool, &index, &cache).await?;
    // Everything the page depends on besides the data: the language, whether the URL chose it,
    // the query, and the day (the list says how long ago each entry was confirmed).
    let key = format!(
        "{}|{}|{}|{}",
        chrono::Utc::now().date_naive(),
        reader.lang.code(),
        reader.lang_field().is_some(),
        req.query_string()
    );
    if let Some(page) = cache.rendered(&reference, &key) {
        return Ok(layout::respond_rendered(&req, &reader, &page));
    }
    let query = MapQuery::from_query_string(req.query_string());
    let view = query.view();
    let (shown, errors) = match query.filter(Some(view.bbox()), &snapshot) {
        Ok(filter) => (
            Some(in_view(snapshot.clone(), filter, view).await?),
            Vec::new(),
        ),
        Err(errors) => (None, errors),
    };
    let errors: Vec<(String, &'static str)> = errors
        .iter()
        .map(|e| (e.field.clone(), reader.t(rule_message(&e.rule))))
        .collect();
    let main = html! {
        main id="main" class="map-page" {
            h1 class="visually-hidden" { (reader.t(Msg::SiteTitle)) }
            (layout::error_summary(&reader, &errors))
            div class="map-stage" {
                (jerusalem_spotlight(&reader, &query, &reference.calls_to_action))
                (map_tools(&reader))
                (map_panel(&reader, &query, &snapshot, &reference, view.bbox(), !errors.is_empty()))
                @if let Some(shown) = &shown {
                    (map_figure(&reader, &query, view, &snapshot, &reference.categories, shown, false))
                }
            }
            @if let Some(shown) = &shown {
                (organization_list(&reader, &query, shown, false))
            }
        }
    };
    let head = Head {
        description: Some(reader.t(Msg::Tagline).to_owned()),
        skip_to_list: true,
        ..Head::titled(reader.t(Msg::SiteTitle))
    };
    let page = layout::document(&req, &reader, head, Some(App::Map), true, main);
    if !errors.is_empty() {
        return Ok(layout::respond(StatusCode::BAD_REQUEST, &reader, page));
    }
    let page = std::sync::Arc::new(crate::http::Prepared::new(
        "text/html; charset=utf-8",
        page.into_string().into_bytes(),
    ));
    cache.keep(&reference, key.clone(), page.clone());
    if req.query_string().is_empty() {
        // The first view, which nearly every visit starts with: Brotli's best quality takes
        // about 120 ms for it, too long to make a visitor wait, and saves 1.9 KB on every
        // visit after (BENCHMARKS.md). Done once per language and snapshot, in the background.
        let (cache, kept) = (cache.clone(), page.clone());
        actix_web::rt::task::spawn_blocking(move || {
            let better = std::sync::Arc::new(kept.recompressed(BEST_QUALITY));
            cache.improve(&reference, &key, better);
        });
    }
    Ok(layout::respond_rendered(&req, &reader, &page))
}

/// Above the map on phones and tablets: the filter panel's toggle and the way to the list. Without
/// scripts the panel opens as the link's target (`:target` in app.css); the app makes the toggle
/// a button.
fn map_tools(reader: &Reader) -> Markup {
    html! {
        div id="map-tools" class="map-tools" {
            a class="panel-toggle" href="#map-panel" aria-controls="map-panel" { (reader.t(Msg::FiltersToggle)) }
            a class="list-jump" href="#organization-list" { (reader.t(Msg::ListJump)) }
        }
    }
}

/// The filters and the legend: a column beside the map on wide screens, a sheet over the map's
/// lower part on narrow ones (open when the query had errors, so that the fields they name show).
fn map_panel(
    reader: &Reader,
    query: &MapQuery,
    snapshot: &Snapshot,
    reference: &Reference,
    bbox: [f64; 4],
    open: bool,
) -> Markup {
    html! {
        section id="map-panel" class=(if open { "map-panel open" } else { "map-panel" }) aria-labelledby="map-panel-title" {
            div class="panel-head" {
                h2 id="map-panel-title" { (reader.t(Msg::FiltersToggle)) }
                a class="panel-close" href="#map-tools" { (reader.t(Msg::ClosePanel)) }
            }
            (filter_form(reader, query, snapshot, reference))
            (events_section(reader, bbox))
        }
    }
}

/// The events of the view (issue #19): without scripts a link to them on the `/events` page
/// (which filters by dates); the app puts the button that turns the map's events layer on beside
/// it (`web/src/components/events_toggle.rs`, the same markup).
fn events_section(reader: &Reader, [w, s, e, n]: [f64; 4]) -> Markup {
    let clamp = |v: f64, limit: f64| v.clamp(-limit, limit);
    let href = format!(
        "/events?bbox={:.4},{:.4},{:.4},{:.4}",
        clamp(w, 180.0),
        clamp(s, 90.0),
        clamp(e, 180.0),
        clamp(n, 90.0)
    );
    html! {
        section class="events-layer" aria-labelledby="events-layer-title" {
            h3 id="events-layer-title" { (reader.t(Msg::Events)) }
            a class="events-in-view" href=(reader.href(&href)) { (reader.t(Msg::EventsInView)) }
        }
    }
}

fn filter_form(
    reader: &Reader,
    query: &MapQuery,
    snapshot: &Snapshot,
    reference: &Reference,
) -> Markup {
    let lang = reader.lang;
    let mut countries: Vec<(String, String)> = snapshot
        .country_counts
        .iter()
        .map(|(code, count)| {
            (
                code.clone(),
                format!("{} ({count})", super::country_name(code, lang)),
            )
        })
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    html! {
        form id="filters" class="filter-bar" role="search" method="get" action="/" {
            @if let Some(code) = reader.lang_field() { input type="hidden" name="lang" value=(code); }
            @if let Some(view) = query.at { input type="hidden" name="at" value=(view.to_param()); }
            div class="field" {
                label for="search" { (reader.t(Msg::Search)) }
                div class="search-row" {
                    input id="search" name="q" type="search" maxlength="200"
                        placeholder=(reader.t(Msg::SearchPlaceholder)) value=(query.q);
                    button type="submit" { (reader.t(Msg::Search)) }
                }
            }
            div class="field" {
                label for="country" { (reader.t(Msg::Country)) }
                select id="country" name="country" {
                    option value="" { (reader.t(Msg::AllCountries)) }
                    @for (code, label) in &countries {
                        option value=(code) selected[*code == query.country] { (label) }
                    }
                }
            }
            div class="field" {
                label for="focus" { (reader.t(Msg::FocusArea)) }
                select id="focus" name="focus" {
                    option value="" { (reader.t(Msg::AllFocusAreas)) }
                    @for area in &reference.focus_areas {
                        option value=(area.key) selected[area.key == query.focus] {
                            (area.names.get(lang.code())) " (" (area.count) ")"
                        }
                    }
                }
            }
            div class="field" {
                label for="confirmed_within" { (reader.t(Msg::LastConfirmed)) }
                select id="confirmed_within" name="confirmed_within" {
                    option value="" { (reader.t(Msg::ConfirmedAnyTime)) }
                    @for within in ConfirmedWithin::ALL {
                        option value=(within.as_param()) selected[within.as_param() == query.confirmed_within] {
                            (reader.t(within.label()))
                        }
                    }
                }
            }
            div class="field" {
                a class="button clear-filters" href=(MapQuery::default().url(query.at, reader)) { (reader.t(Msg::ClearFilters)) }
            }
        }
        // A panel of its own, as in the app; its boxes belong to the form above.
        fieldset class="legend" {
            legend { (reader.t(Msg::Categories)) }
            ul class="legend-items" {
                @for category in &reference.categories {
                    @let id = format!("category-{}", category.key);
                    li {
                        input type="checkbox" id=(id) name="category" value=(category.key) form="filters"
                            checked[query.categories.contains(&category.key)];
                        label for=(id) {
                            img class="legend-swatch" src=(format!("/markers/{}.svg", category.key)) alt="" width="18" height="18";
                            span { (category.names.get(lang.code())) }
                            " "
                            span class="count" { (category.count) }
                        }
                    }
                }
            }
            div class="form-actions" {
                button type="submit" class="primary" form="filters" { (reader.t(SiteMsg::ApplyFilters)) }
            }
        }
    }
}

/// How many calls to action the spotlight names (the soonest); each organisation's page has
/// all of its own.
pub const SPOTLIGHT_ASKS: usize = 3;

/// The soonest calls to action, each a link to its organisation's page. The app's spotlight
/// shows this same box, read from this page when it takes it over.
pub fn spotlight_asks(reader: &Reader, asks: &[shared::api::CallToAction]) -> Markup {
    html! {
        @if !asks.is_empty() {
            div class="spotlight-asks-box" {
            h3 class="spotlight-asks-title" { (reader.t(SiteMsg::CallsToAction)) }
            ul class="spotlight-asks" {
                @for ask in asks.iter().take(SPOTLIGHT_ASKS) {
                    @let day = ask.by_when.format("%Y-%m-%d").to_string();
                    li {
                        a href=(reader.href(&format!("/org/{}#calls-to-action", ask.organization.slug))) dir="auto" { (ask.title) }
                        " "
                        span class="ask-by" {
                            (ask_by(reader, &day))
                        }
                    }
                }
            }
            }
        }
    }
}

/// "by 2026-12-18", the day in its `time` element.
pub fn ask_by(reader: &Reader, day: &str) -> Markup {
    let pattern = reader.t(SiteMsg::AskBy);
    let (before, after) = pattern.split_once("{{date}}").unwrap_or((pattern, ""));
    html! { (before) time datetime=(day) { (day) } (after) }
}

fn jerusalem_spotlight(
    reader: &Reader,
    query: &MapQuery,
    asks: &[shared::api::CallToAction],
) -> Markup {
    let jerusalem = MapQuery {
        cursor: None,
        ..query.clone()
    }
    .url(Some(JERUSALEM), reader);
    html! {
        section class="spotlight" aria-labelledby="spotlight-title" {
            h2 id="spotlight-title" {
                img src="/markers/jerusalem_grassroots.svg" alt="" width="20" height="20";
                (reader.t(Msg::JerusalemSpotlight))
            }
            p { (reader.t(Msg::JerusalemText)) }
            (spotlight_asks(reader, asks))
            a class="button primary" href=(format!("{jerusalem}#organization-list")) { (reader.t(Msg::ShowJerusalem)) }
        }
    }
}

/// The organisation's name in the reader's language, marked with the language it is in.
pub fn name_of(org: &Organization, lang: Lang) -> Markup {
    let (name, name_lang) = org.display_name(lang);
    html! { bdi lang=[name_lang.map(Lang::code)] dir="auto" { (name) } }
}

/// Where the Jerusalem label goes on the SVG map: off every cluster and marker drawn
/// ([`shared::label_place`], the rule the app's map runs too). Its size is estimated from the
/// text at the label's 13px bold (measured: about 7.2 units a Latin character, 8.3 an Arabic
/// one; a little more is counted) since the server cannot measure.
fn jerusalem_label_box(
    view: MapView,
    items: &[MapItem],
    anchor: (f64, f64),
    label: &str,
) -> label_place::Rect {
    let markers: Vec<label_place::Rect> = items
        .iter()
        .map(|item| match item {
            MapItem::Cluster {
                latitude,
                longitude,
                count,
                ..
            } => {
                let (x, y) = view.project(*latitude, *longitude);
                label_place::Rect::around(x, y, cluster_look::radius(*count) + 2.0)
            }
            MapItem::Point {
                latitude,
                longitude,
                ..
            } => {
                let (x, y) = view.project(*latitude, *longitude);
                label_place::Rect::around(x, y, 10.0)
            }
        })
        .collect();
    let width = label
        .chars()
        .map(|c| {
            if ('\u{0600}'..='\u{06FF}').contains(&c) {
                9.0
            } else {
                7.5
            }
        })
        .sum::<f64>()
        + 8.0;
    let bounds = label_place::Rect {
        x: 0.0,
        y: 0.0,
        width: WIDTH,
        height: HEIGHT,
    };
    label_place::place_label(anchor, (width, 18.0), &markers, bounds)
}

/// How a cluster looks ([`shared::cluster_look`], the rule the app's icons follow too).
fn cluster_look_of(
    reader: &Reader,
    snapshot: &Snapshot,
    categories: &[Category],
    clusters: &ClusterIndex,
    count: u32,
    shares: crate::map::Shares,
) -> ClusterLook {
    let shares: Vec<(&str, u32)> = clusters
        .shares(shares)
        .iter()
        .map(|share| (snapshot.category_key(share.category), share.count))
        .collect();
    cluster_look::look(count, &shares, categories, reader.lang)
}

/// A cluster drawn as [`cluster_look`] says, centred on (x, y): the dark edge, the ring of
/// shares as slices of a pie (as the app's conic gradient fills it), the white gap, the disc.
fn cluster_drawing(x: f64, y: f64, count: u32, look: &ClusterLook) -> Markup {
    // Drawn around (0, 0) and moved into place: shorter numbers, a lighter page.
    let ring = look.radius - cluster_look::EDGE;
    let at = |fraction: f64| {
        let angle = std::f64::consts::TAU * fraction - std::f64::consts::FRAC_PI_2;
        (ring * angle.cos(), ring * angle.sin())
    };
    let slice = |arc: &cluster_look::Arc| {
        let ((x0, y0), (x1, y1)) = (at(arc.from), at(arc.to));
        let large = u8::from(arc.to - arc.from > 0.5);
        // Whole units at the ends: under a degree of the ring, and 1 KB less on the world page.
        format!("M0 0L{x0:.0} {y0:.0}A{ring:.1} {ring:.1} 0 {large} 1 {x1:.0} {y1:.0}Z")
    };
    let r = |radius: f64| format!("{radius:.1}");
    html! {
        g transform=(format!("translate({x:.1} {y:.1})")) {
            circle class="cluster-edge" r=(r(look.radius)) fill=(cluster_look::EDGE_COLOUR) {}
            @if let [whole] = &look.arcs[..] {
                circle class="cluster-share" r=(r(ring)) fill=(whole.colour) {}
            } @else {
                @for arc in &look.arcs {
                    path class="cluster-share" d=(slice(arc)) fill=(arc.colour) {}
                }
            }
            circle r=(r(ring - cluster_look::RING)) fill="#ffffff" {}
            circle class="cluster-disc" r=(r(look.disc_radius)) fill=(look.fill) {}
            text dy="0.35em" fill=(look.text) { (count) }
        }
    }
}

/// The map of a view. `links_out`: links to organisations open the full site in a new tab (in a
/// partner's frame, where our other pages may not be framed).
pub fn map_figure(
    reader: &Reader,
    query: &MapQuery,
    view: MapView,
    snapshot: &Snapshot,
    categories: &[Category],
    shown: &InView,
    links_out: bool,
) -> Markup {
    let items = &shown.items;
    let target = links_out.then_some("_blank");
    let now = chrono::Utc::now();
    let moved = |view: MapView| {
        let url = MapQuery {
            cursor: None,
            ..query.clone()
        }
        .url(Some(view), reader);
        format!("{url}#map")
    };
    let jerusalem = view.project(JERUSALEM.latitude, JERUSALEM.longitude);
    let shows_jerusalem =
        (0.0..=WIDTH).contains(&jerusalem.0) && (0.0..=HEIGHT).contains(&jerusalem.1);
    let label = reader.t(Msg::JerusalemLabel);
    let label_box = shows_jerusalem.then(|| jerusalem_label_box(view, items, jerusalem, label));
    html! {
        figure id="map" class="server-map" {
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) xmlns="http://www.w3.org/2000/svg" aria-labelledby="map-title" role="group" {
                title id="map-title" { (reader.t(Msg::MapLabel)) }
                rect class="sea" width=(WIDTH) height=(HEIGHT) {}
                path class="land" d=(svg_map::land_path(&view)) {}
                path class="borders" d=(svg_map::border_path(&view)) {}
                @for item in items {
                    @match item {
                        MapItem::Cluster { latitude, longitude, count, expansion_zoom, shares, .. } => {
                            @let (x, y) = view.project(*latitude, *longitude);
                            @let target = MapView { latitude: *latitude, longitude: *longitude, zoom: (*expansion_zoom).min(svg_map::MAX_ZOOM) }.clamped();
                            @let look = cluster_look_of(reader, snapshot, categories, &shown.clusters, *count, *shares);
                            a class="cluster" href=(moved(target)) aria-label=(look.title) {
                                (cluster_drawing(x, y, *count, &look))
                            }
                        }
                        MapItem::Point { handle, latitude, longitude } => {
                            @if let Some(org) = snapshot.by_handle(*handle) {
                                @let (x, y) = view.project(*latitude, *longitude);
                                @let (name, _) = org.display_name(reader.lang);
                                @let stale = Freshness::of(org.last_confirmed_at, now).is_stale();
                                @let label = if stale { format!("{name}: {}", reader.t(Msg::NotConfirmedForAYear)) } else { name.to_owned() };
                                a class=(if stale { "marker stale" } else { "marker" }) href=(reader.href(&format!("/org/{}", org.slug))) target=[target] aria-label=(label) {
                                    image href=(format!("/markers/{}.svg", org.category)) x=(format!("{:.1}", x - 10.0)) y=(format!("{:.1}", y - 10.0)) width="20" height="20" opacity=[stale.then_some(STALE_OPACITY)] {}
                                }
                            }
                        }
                    }
                }
                @if let Some(place) = label_box {
                    @let (x, y) = place.center();
                    text class="jerusalem-label" x=(format!("{x:.1}")) y=(format!("{y:.1}")) dy="0.35em" {
                        (label)
                    }
                }
            }
            nav class="map-moves" aria-label=(reader.t(SiteMsg::MoveTheMap)) {
                ul {
                    @if view.can_zoom_in() {
                        li { a href=(moved(view.zoomed_to(view.zoom + 1))) { (reader.t(Msg::ZoomIn)) } }
                    }
                    @if view.can_zoom_out() {
                        li { a href=(moved(view.zoomed_to(view.zoom - 1))) { (reader.t(Msg::ZoomOut)) } }
                    }
                    li { a href=(moved(view.panned(0.0, -0.5))) { (reader.t(SiteMsg::PanNorth)) } }
                    li { a href=(moved(view.panned(0.0, 0.5))) { (reader.t(SiteMsg::PanSouth)) } }
                    li { a href=(moved(view.panned(-0.5, 0.0))) { (reader.t(SiteMsg::PanWest)) } }
                    li { a href=(moved(view.panned(0.5, 0.0))) { (reader.t(SiteMsg::PanEast)) } }
                    li { a href=(moved(MapView::WORLD)) { (reader.t(SiteMsg::WholeWorld)) } }
                }
            }
            figcaption { (reader.t(Msg::MapLabel)) ". " (reader.t(SiteMsg::MapCredit)) }
        }
    }
}

/// How faded the maps draw an entry not confirmed for more than a year (the app's markers too).
pub const STALE_OPACITY: &str = "0.45";

/// "Confirmed 3 months ago", the day in its `time` element (and after it when `dated`), and
/// for an entry not confirmed for more than a year the mark that says so (in words: the faded
/// marker is not all there is).
pub fn confirmed(
    reader: &Reader,
    org: &Organization,
    now: chrono::DateTime<chrono::Utc>,
    dated: bool,
) -> Markup {
    let at = org.last_confirmed_at;
    let day = shared::api::confirmed_date(at);
    html! {
        span class="confirmed" {
            time datetime=(at.to_rfc3339()) title=(day) {
                (shared::api::confirmed_words(reader.lang, at, now))
            }
            @if dated { " (" bdi { (day) } ")" }
            @if Freshness::of(at, now).is_stale() {
                " "
                strong class="stale-mark" { (reader.t(Msg::NotConfirmedForAYear)) }
            }
        }
    }
}

pub fn organization_list(
    reader: &Reader,
    query: &MapQuery,
    shown: &InView,
    links_out: bool,
) -> Markup {
    let target = links_out.then_some("_blank");
    let now = chrono::Utc::now();
    // The whole view's count, whatever page of the list this is (the app says the same).
    let total = shown.total();
    let status = if total == 0 {
        reader.t(Msg::ShowingNone).to_owned()
    } else {
        reader.lang.count(Count::ShowingCount, total, &[])
    };
    let next = shown.next_cursor.as_ref().map(|cursor| {
        let base = query.url(query.at, reader);
        let separator = if base.contains('?') { '&' } else { '?' };
        format!(
            "{base}{separator}cursor={}#organization-list",
            shared::text::percent_encode(cursor)
        )
    });
    html! {
        section id="organization-list" class="organization-list" aria-labelledby="list-title" {
            h2 id="list-title" { (reader.t(Msg::ListHeading)) }
            p class="list-status" data-testid="list-status" { (status) }
            ul class="organization-items" {
                @for org in &shown.listed {
                    @let stale = Freshness::of(org.last_confirmed_at, now).is_stale();
                    li class=[stale.then_some("stale")] {
                        a href=(reader.href(&format!("/org/{}", org.slug))) target=[target] { (name_of(org, reader.lang)) }
                        span class="place" { (layout::place_of(org, reader)) }
                        (confirmed(reader, org, now, false))
                    }
                }
            }
            @if query.cursor.is_some() || next.is_some() {
                nav class="pages" aria-label=(reader.t(Msg::ListPages)) {
                    ul {
                        @if query.cursor.is_some() {
                            li { a href=(format!("{}#organization-list", query.url(query.at, reader))) { (reader.t(Msg::FirstPage)) } }
                        }
                        @if let Some(next) = next {
                            li { a rel="next" href=(next) { (reader.t(Msg::NextPage)) } }
                        }
                    }
                }
            }
        }
    }
}
