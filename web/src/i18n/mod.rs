//! The reader's language in the browser. The strings themselves live in `locales/` and reach
//! the app as `shared::i18n` tables; this module picks the language, applies it to the document
//! and gives components `t` (a message) and `count` (a counted message).

use leptos::prelude::*;

pub use shared::i18n::{
    Count, Counted, Lang, Message, Msg, PagesCount, PagesMsg, fill, resource_kind_name,
    rule_message,
};

/// The reader's language, shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// A message of any namespace (`Msg`, `PagesMsg`, ...) in the reader's language.
    pub fn t(&self, msg: impl Message) -> &'static str {
        self.lang.get().text(msg)
    }

    /// A counted message for `n`, in the plural form the reader's language needs.
    pub fn count(&self, message: impl Counted, n: usize) -> String {
        self.lang.get().count(message, n as u64, &[])
    }

    /// A message with its `{{placeholders}}` filled.
    pub fn format(&self, msg: impl Message, args: &[(&str, &str)]) -> String {
        self.lang.get().format(msg, args)
    }
}

/// The language the server rendered the page in (from the URL's `lang`, else the browser's
/// `Accept-Language`): the app takes the page over in the same language, with no jump.
pub fn initial_lang() -> Lang {
    let window = web_sys::window();
    window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .or_else(|| {
            window
                .as_ref()
                .and_then(|w| w.navigator().language())
                .and_then(|code| Lang::from_code(&code))
        })
        .unwrap_or(Lang::En)
}

/// Applies a language the reader chose: `lang` and `dir` on the document, and `lang=` in the
/// URL, so that a reload or a shared link opens in it (the server reads it; no cookie).
pub fn apply(lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    if root.get_attribute("lang").as_deref() == Some(lang.code()) {
        return;
    }
    let _ = root.set_attribute("lang", lang.code());
    let _ = root.set_attribute("dir", lang.dir());
    if let Some(document) = window.document() {
        document.set_title(lang.text(Msg::SiteTitle));
    }
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("lang={}", lang.code()));
    let url = format!(
        "{}?{}{}",
        location.pathname().unwrap_or_default(),
        pairs.join("&"),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// "City, Country" in the reader's language: the city's name in it when GeoNames has one, the
/// country's from CLDR, each isolated so that a Latin name keeps its order inside Arabic text.
pub fn place(org: &shared::api::Organization, lang: Lang) -> impl IntoView + use<> {
    let (city, city_lang) = org.display_city(lang);
    place_of(city, city_lang, &org.country, lang)
}

/// "City, Country" for a city named in `city_lang` (unknown: `None`) and a country code.
pub fn place_of(
    city: &str,
    city_lang: Option<Lang>,
    country_code: &str,
    lang: Lang,
) -> impl IntoView + use<> {
    let country = crate::leaflet_ext::country_name(country_code, lang.code())
        .unwrap_or_else(|| country_code.to_owned());
    let pattern = lang.text(Msg::Place);
    let (before, after) = pattern.split_once("{{city}}").unwrap_or((pattern, ""));
    let (middle, end) = after.split_once("{{country}}").unwrap_or((after, ""));
    view! {
        {before}
        <bdi lang=city_lang.map(Lang::code) dir="auto">{city.to_owned()}</bdi>
        {middle}
        <bdi>{country}</bdi>
        {end}
    }
}
