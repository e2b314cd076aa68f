//! The document around every page: head (title, description, styles, the app's scripts), the
//! skip link, the site header with its navigation and the language switcher as plain links.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use shared::i18n::{Lang, Msg};

use super::Reader;

/// Which WebAssembly app takes over the page where it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    /// The map and organisation pages.
    Map,
    /// Join, owner, contact, resources, about, embed.
    Pages,
    /// The dashboard.
    Admin,
}

impl App {
    /// The bundle's module and wasm, fetched while the HTML is parsed rather than after.
    fn boot_script(self) -> &'static str {
        match self {
            App::Map => "/boot.js",
            App::Pages => "/boot-pages.js",
            App::Admin => "/boot-admin.js",
        }
    }
}

/// What a page says about itself in `<head>`.
pub struct Head {
    pub title: String,
    pub description: Option<String>,
    /// Extra elements: Open Graph tags, JSON-LD.
    pub extra: Option<Markup>,
    /// Search engines skip pages with forms and private results.
    pub indexable: bool,
    /// Where the skip link leads: the list on the map page (the map's alternative, as in the
    /// app), the content elsewhere.
    pub skip_to_list: bool,
}

impl Head {
    pub fn titled(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: None,
            extra: None,
            indexable: true,
            skip_to_list: false,
        }
    }
}

/// The site's title after a page's own (`Join the map · International Solidarity Map`).
pub fn page_title(reader: &Reader, page: &str) -> String {
    format!("{page} · {}", reader.t(Msg::SiteTitle))
}

/// `path?query` with `lang` set to `lang` (the language switcher's links, `hreflang`).
pub fn in_language(req: &HttpRequest, lang: Lang) -> String {
    let kept: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .filter(|(key, _)| key != "lang" && key != "cursor")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &kept {
        query.append_pair(key, value);
    }
    query.append_pair("lang", lang.code());
    format!("{}?{}", req.path(), query.finish())
}

/// The whole document. `app` is the bundle that enhances the page (none: plain HTML only).
pub fn document(
    req: &HttpRequest,
    reader: &Reader,
    head: Head,
    app: Option<App>,
    header: bool,
    main: Markup,
) -> Markup {
    let lang = reader.lang;
    html! {
        (DOCTYPE)
        html lang=(lang.code()) dir=(lang.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (head.title) }
                @if let Some(description) = &head.description {
                    meta name="description" content=(description);
                }
                @if !head.indexable {
                    meta name="robots" content="noindex";
                }
                @for other in Lang::ALL {
                    link rel="alternate" hreflang=(other.code()) href=(in_language(req, other));
                }
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/app.css";
                @if let Some(extra) = head.extra { (extra) }
                @if let Some(app) = app {
                    // Leaflet before the app (leptos-leaflet expects the global `L`); both
                    // deferred, so the HTML shows before any script arrives. No preload of the
                    // bundle or its wasm: browsers follow preloads with JavaScript off too, and
                    // Tor Browser's readers would download 300 KB they cannot run.
                    script defer src="/vendor/leaflet/leaflet.js" {}
                    script type="module" src=(app.boot_script()) {}
                }
            }
            body {
                // The app removes this when it takes over (`web::take_over`).
                div id="server-page" {
                    @if header {
                        @if head.skip_to_list {
                            a class="skip-link" href="#organization-list" { (reader.t(Msg::SkipToList)) }
                        } @else {
                            a class="skip-link" href="#main" { (reader.t(Msg::SkipToContent)) }
                        }
                        (site_header(req, reader))
                    }
                    (main)
                }
            }
        }
    }
}

fn site_header(req: &HttpRequest, reader: &Reader) -> Markup {
    html! {
        header class="site-header" {
            div class="site-title" {
                p class="site-name" { a href=(reader.href("/")) { (reader.t(Msg::SiteTitle)) } }
                p class="tagline" { (reader.t(Msg::Tagline)) }
            }
            nav class="site-nav" aria-label=(reader.t(Msg::Navigation)) {
                ul {
                    li { a href=(reader.href("/")) { (reader.t(Msg::NavMap)) } }
                    li { a href=(reader.href("/events")) { (reader.t(Msg::NavEvents)) } }
                    li { a href=(reader.href("/join")) { (reader.t(Msg::NavJoin)) } }
                    li { a href=(reader.href("/resources")) { (reader.t(Msg::NavResources)) } }
                    li { a href=(reader.href("/about")) { (reader.t(Msg::NavAbout)) } }
                }
            }
            nav class="language-switcher" aria-label=(reader.t(Msg::Language)) {
                ul {
                    @for lang in Lang::ALL {
                        li {
                            a href=(in_language(req, lang)) lang=(lang.code()) hreflang=(lang.code())
                                aria-current=[(lang == reader.lang).then_some("true")] {
                                (lang.native_name())
                            }
                        }
                    }
                }
            }
        }
    }
}

/// JSON for a `<script type="application/ld+json">` data block: `<` is written `\u003c`, so no
/// value can close the element.
pub fn json_ld(value: &serde_json::Value) -> Markup {
    let text = value.to_string().replace('<', "\\u003c");
    html! { script type="application/ld+json" { (PreEscaped(text)) } }
}

/// An HTML answer in the reader's language.
pub fn respond(status: actix_web::http::StatusCode, reader: &Reader, page: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, reader.lang.code()))
        .insert_header((header::VARY, "accept-language"))
        // Pages with forms carry a single-use token, and owners' pages private data.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(page.into_string())
}

/// A public page that may be cached and revalidated (`ETag`).
pub fn respond_cacheable(req: &HttpRequest, reader: &Reader, page: Markup) -> HttpResponse {
    respond_cacheable_text(req, reader, &page.into_string())
}

/// [`respond_cacheable`] for a page already rendered.
pub fn respond_cacheable_text(req: &HttpRequest, reader: &Reader, page: &str) -> HttpResponse {
    let mut response =
        crate::http::cacheable(req, "text/html; charset=utf-8", page.as_bytes().to_vec());
    let headers = response.headers_mut();
    if let Ok(lang) = header::HeaderValue::from_str(reader.lang.code()) {
        headers.insert(header::CONTENT_LANGUAGE, lang);
    }
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("accept-language"),
    );
    response
}

/// A page kept rendered (see [`crate::http::Prepared`]), in the reader's language.
pub fn respond_rendered(
    req: &HttpRequest,
    reader: &Reader,
    page: &crate::http::Prepared,
) -> HttpResponse {
    let mut response = page.respond(req);
    let headers = response.headers_mut();
    if let Ok(lang) = header::HeaderValue::from_str(reader.lang.code()) {
        headers.insert(header::CONTENT_LANGUAGE, lang);
    }
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("accept-language, accept-encoding"),
    );
    response
}

/// A page that says what is missing (not found, gone).
pub fn message_page(req: &HttpRequest, reader: &Reader, title: &str, text: &str) -> Markup {
    document(
        req,
        reader,
        Head::titled(page_title(reader, title)),
        None,
        true,
        html! {
            main id="main" class="message-page" {
                h1 { (title) }
                p { (text) }
                p { a href=(reader.href("/")) { (reader.t(Msg::BackToMap)) } }
            }
        },
    )
}

/// "City, Country" in the reader's language, each name isolated (`<bdi>`) so that a Latin
/// name keeps its order inside Arabic text.
pub fn place(city: &str, city_lang: Option<Lang>, country_code: &str, reader: &Reader) -> Markup {
    let country = super::country_name(country_code, reader.lang);
    let pattern = reader.t(Msg::Place);
    let (before, after) = pattern.split_once("{{city}}").unwrap_or((pattern, ""));
    let (middle, end) = after.split_once("{{country}}").unwrap_or((after, ""));
    html! {
        (before)
        bdi lang=[city_lang.map(Lang::code)] dir="auto" { (city) }
        (middle)
        bdi { (country) }
        (end)
    }
}

/// An organisation's place as the reader sees it.
pub fn place_of(org: &shared::api::Organization, reader: &Reader) -> Markup {
    let (city, city_lang) = org.display_city(reader.lang);
    place(city, city_lang, &org.country, reader)
}

/// The summary of field errors at the top of a form (each a link to its field), as GOV.UK's
/// error summary; empty when there is none.
pub fn error_summary(reader: &Reader, errors: &[(String, &'static str)]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error-summary" role="alert" tabindex="-1" id="error-summary" {
                p { (reader.count(shared::i18n::PagesCount::FixErrors, errors.len())) }
                ul {
                    @for (field, message) in errors {
                        li { a href=(format!("#{field}")) { (message) } }
                    }
                }
            }
        }
    }
}

/// Only web addresses become links: the API accepts nothing else, and this holds even for rows
/// written before that rule.
pub fn web_href(url: &str) -> &str {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        url
    } else {
        "#"
    }
}
