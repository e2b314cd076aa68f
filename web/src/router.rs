//! The app's pages and the browser history, in a few lines rather than `leptos_router`:
//! this app has a handful of routes and one query string, and the general router cost about a sixth of
//! the first visit's download (see BENCHMARKS.md).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The pages of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Map,
    Organization(String),
    Join,
    Owner,
    Contact(String),
    Resources,
    About,
    Embed,
    /// The dashboard: `/admin` (""), `/admin/inbox`, `/admin/organizations/{id}` ...
    Admin(String),
    NotFound,
}

impl Route {
    pub fn from_path(path: &str) -> Self {
        match path {
            "/" | "" => Self::Map,
            "/join" => Self::Join,
            "/owner" => Self::Owner,
            "/resources" => Self::Resources,
            "/about" => Self::About,
            "/embed" => Self::Embed,
            _ => {
                let slug_after = |prefix: &str| {
                    path.strip_prefix(prefix)
                        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
                        .map(decode)
                };
                if path == "/admin" {
                    Self::Admin(String::new())
                } else if let Some(section) = path
                    .strip_prefix("/admin/")
                    .filter(|section| !section.is_empty())
                {
                    // Dashboard sections may go deeper, e.g. `organizations/{id}`.
                    Self::Admin(decode(section))
                } else if let Some(slug) = slug_after("/org/") {
                    Self::Organization(slug)
                } else if let Some(slug) = slug_after("/contact/") {
                    Self::Contact(slug)
                } else {
                    Self::NotFound
                }
            }
        }
    }
}

/// The query string's values by key (`+` and percent-escapes decoded).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(search: &str) -> Self {
        Self(
            search
                .trim_start_matches('?')
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(key), decode(value))
                })
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn decode(text: &str) -> String {
    let text = text.replace('+', " ");
    js_sys::decode_uri_component(&text).map_or(text, String::from)
}

/// Where the visitor is: the path and query of the page URL.
#[derive(Debug, Clone, PartialEq)]
struct Url {
    path: String,
    search: String,
}

impl Url {
    fn current() -> Self {
        let location = window().location();
        Self {
            path: location.pathname().unwrap_or_default(),
            search: location.search().unwrap_or_default(),
        }
    }
}

/// The current URL, readable reactively, and navigation that updates it.
#[derive(Clone, Copy)]
pub struct Router {
    url: RwSignal<Url>,
    /// The last view of the map the visitor saw (path and query), for "Back to the map".
    last_map: RwSignal<Option<String>>,
}

/// What had focus on a page left by a link, and how far it was scrolled: kept in its history
/// entry so that Back finds both again (the browser's own restoration runs before the app has
/// drawn the page, so it cannot).
mod place {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    /// The attributes that name an element across redraws: a link's `href`, a map marker's
    /// `data-key`.
    const NAMING: [&str; 2] = ["href", "data-key"];

    fn get(state: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(state, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// Writes where the visitor is (scroll, and `focused`, or what has focus) into the current
    /// history entry, before another entry is pushed.
    pub fn remember(history: &web_sys::History, focused: Option<web_sys::Element>) {
        let focused = focused.or_else(|| document().active_element());
        let named = focused.and_then(|el| {
            NAMING.iter().find_map(|attribute| {
                let el = el.closest(&format!("[{attribute}]")).ok().flatten()?;
                let top = el.get_bounding_client_rect().y();
                Some((*attribute, el.get_attribute(attribute)?, top))
            })
        });
        let state = js_sys::Object::new();
        let scroll = window().scroll_y().unwrap_or(0.0);
        let _ = js_sys::Reflect::set(&state, &"scrollY".into(), &scroll.into());
        if let Some((attribute, value, top)) = named {
            let _ = js_sys::Reflect::set(&state, &"focusAttribute".into(), &attribute.into());
            let _ = js_sys::Reflect::set(&state, &"focusValue".into(), &value.into());
            let _ = js_sys::Reflect::set(&state, &"focusTop".into(), &top.into());
        }
        let _ = history.replace_state(&state, "");
    }

    fn find(attribute: &str, value: &str) -> Option<web_sys::HtmlElement> {
        let main = document().get_element_by_id("main")?;
        let all = main.query_selector_all(&format!("[{attribute}]")).ok()?;
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .find(|el| el.get_attribute(attribute).as_deref() == Some(value))
    }

    /// The page's main element, focusable from script.
    fn main() -> Option<web_sys::HtmlElement> {
        let main = document().get_element_by_id("main")?;
        if !main.has_attribute("tabindex") {
            let _ = main.set_attribute("tabindex", "-1");
        }
        main.dyn_into().ok()
    }

    /// After Back or Forward: once the page has drawn the element that had focus, focus it
    /// and scroll as the visitor had; else (after a few seconds) focus the page's main part.
    pub fn restore(state: JsValue) {
        let scroll = get(&state, "scrollY").as_f64();
        let top = get(&state, "focusTop").as_f64();
        let wanted = get(&state, "focusAttribute")
            .as_string()
            .zip(get(&state, "focusValue").as_string());
        // Not before the page the visitor returns to has replaced the one they leave.
        set_timeout(
            move || try_restore(scroll, top, wanted, 0),
            std::time::Duration::from_millis(20),
        );
    }

    fn try_restore(
        scroll: Option<f64>,
        top: Option<f64>,
        wanted: Option<(String, String)>,
        attempt: u32,
    ) {
        const ATTEMPTS: u32 = 100;
        let found = wanted.as_ref().and_then(|(a, v)| find(a, v));
        if found.is_none() && wanted.is_some() && attempt < ATTEMPTS {
            set_timeout(
                move || try_restore(scroll, top, wanted, attempt + 1),
                std::time::Duration::from_millis(50),
            );
            return;
        }
        // A page that moves focus itself (an organisation's heading) has done so already.
        let active = document().active_element();
        let body_has_focus = active.is_none() || active == document().body().map(Into::into);
        if let Some(y) = scroll {
            window().scroll_to_with_x_and_y(0.0, y);
        }
        match found {
            Some(element) => {
                let _ = element.focus();
                // Where it was on the screen, whatever arrived above it since (the scroll
                // alone drifts when content above is taller or shorter than it was); and again
                // once late content above has been drawn.
                if let Some(top) = top {
                    keep_at(&element, top);
                    let element = element.clone();
                    set_timeout(
                        move || keep_at(&element, top),
                        std::time::Duration::from_millis(400),
                    );
                }
            }
            None if body_has_focus => {
                if let Some(main) = main() {
                    let _ = main.focus();
                }
            }
            None => {}
        }
    }

    /// Scrolls so that `element` is `top` pixels from the top of the window.
    fn keep_at(element: &web_sys::HtmlElement, top: f64) {
        let now = element.get_bounding_client_rect().y();
        window().scroll_by_with_x_and_y(0.0, now - top);
    }
}

/// Which routes the running bundle shows; links to the others load their page.
type Handles = fn(&Route) -> bool;

impl Router {
    /// The route of the current path (reactive).
    pub fn route(&self) -> Route {
        self.url.with(|url| Route::from_path(&url.path))
    }

    /// Reads the current query string (reactive).
    pub fn with_query<T>(&self, read: impl FnOnce(&Query) -> T) -> T {
        self.url.with(|url| read(&Query::parse(&url.search)))
    }

    /// The map as the visitor last saw it (its filters and view), else the map's first view
    /// (reactive).
    pub fn map_url(&self) -> String {
        self.last_map.get().unwrap_or_else(|| "/".to_owned())
    }

    fn set_url(&self, url: Url) {
        if Route::from_path(&url.path) == Route::Map {
            self.last_map
                .set(Some(format!("{}{}", url.path, url.search)));
        }
        self.url.set(url);
    }

    /// Goes to `href` (a path on this site). `replace` rewrites the current history entry
    /// instead of adding one, for changes that back should skip (moving the map).
    pub fn navigate(&self, href: &str, replace: bool) {
        self.navigate_from(href, replace, None);
    }

    /// [`Router::navigate`], remembering `from` (the link followed) as what had focus.
    fn navigate_from(&self, href: &str, replace: bool, from: Option<web_sys::Element>) {
        let Ok(history) = window().history() else {
            return;
        };
        if !replace {
            place::remember(&history, from);
        }
        let href = with_current_lang(href);
        let href = href.as_str();
        let pushed = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(href))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(href))
        };
        if pushed.is_err() {
            return;
        }
        let next = Url::current();
        if !replace && self.url.with_untracked(|url| url.path != next.path) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        self.set_url(next);
    }
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// Provides the [`Router`]: follows back and forward, and turns clicks on links to our own
/// pages into in-app navigation (other links, new-tab clicks and in-page anchors are left to
/// the browser).
pub fn provide_router(handles: Handles) -> Router {
    let current = Url::current();
    let router = Router {
        url: RwSignal::new(current.clone()),
        last_map: RwSignal::new(came_from_map()),
    };
    router.set_url(current);
    provide_context(router);
    // Scroll and focus are restored by the app (see `place`), once the page is drawn.
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let on_pop =
        Closure::<dyn Fn(web_sys::PopStateEvent)>::new(move |event: web_sys::PopStateEvent| {
            router.set_url(Url::current());
            place::restore(event.state());
        });
    let on_click =
        Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
            match in_app_link(&event, handles) {
                Some(Link::InApp(href)) => {
                    event.prevent_default();
                    let link = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| el.closest("a[href]").ok().flatten());
                    router.navigate_from(&href, false, link);
                }
                // Another bundle's page: loaded by the browser, in the same language.
                Some(Link::Load(href)) => {
                    let with_lang = with_current_lang(&href);
                    if with_lang != href {
                        event.prevent_default();
                        let _ = window().location().assign(&with_lang);
                    }
                }
                None => {}
            }
        });
    let window = window();
    let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // Both listen for the app's whole life.
    on_pop.forget();
    on_click.forget();
    router
}

/// The map view a visitor came from when the app starts on another page: the referring page,
/// when it is our map.
fn came_from_map() -> Option<String> {
    let referrer = document().referrer();
    let url = web_sys::Url::new(&referrer).ok()?;
    let here = window().location().origin().ok()?;
    (url.origin() == here && Route::from_path(&url.pathname()) == Route::Map)
        .then(|| format!("{}{}", url.pathname(), url.search()))
}

/// `href` with the current page's `lang=` (the reader's choice, when the URL carries one) unless
/// it names a language itself.
fn with_current_lang(href: &str) -> String {
    let current = window().location().search().unwrap_or_default();
    let lang = current
        .trim_start_matches('?')
        .split('&')
        .find(|pair| pair.starts_with("lang="));
    let (path, hash) = href.split_once('#').map_or((href, ""), |(p, h)| (p, h));
    match lang {
        Some(lang) if !path.contains("lang=") => {
            let separator = if path.contains('?') { '&' } else { '?' };
            let hash = if hash.is_empty() {
                String::new()
            } else {
                format!("#{hash}")
            };
            format!("{path}{separator}{lang}{hash}")
        }
        _ => href.to_owned(),
    }
}

/// A plain click on a link to one of our pages.
enum Link {
    /// A page of the running bundle: shown without a reload.
    InApp(String),
    /// A page of another bundle (or the server's): loaded.
    Load(String),
}

/// The path to follow in the app when `event` is a plain click on a link to one of our pages.
fn in_app_link(event: &web_sys::MouseEvent, handles: Handles) -> Option<Link> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let anchor: web_sys::HtmlAnchorElement = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into()
        .ok()?;
    // A link on the server's page (shown while the app loads) is followed by the browser.
    if !anchor.target().is_empty()
        || anchor.has_attribute("download")
        || anchor.closest("#server-page").ok().flatten().is_some()
    {
        return None;
    }
    let location = window().location();
    if anchor.origin() != location.origin().ok()? {
        return None;
    }
    let (path, search, hash) = (anchor.pathname(), anchor.search(), anchor.hash());
    let same_page = path == location.pathname().ok()? && search == location.search().ok()?;
    if same_page && !hash.is_empty() {
        return None;
    }
    let href = format!("{path}{search}{hash}");
    Some(if handles(&Route::from_path(&path)) {
        Link::InApp(href)
    } else {
        Link::Load(href)
    })
}
