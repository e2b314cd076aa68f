//! Bindings the `leaflet` crate lacks or gets wrong (its `DivIcon` calls `L.Icon`), and
//! `Intl.DisplayNames` for country names in the reader's language, `Intl.DateTimeFormat` for
//! event times in theirs.

use leptos_leaflet::leaflet;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `L.divIcon(options)`: a marker drawn with HTML, used for clusters.
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    pub fn div_icon(options: &JsValue) -> leaflet::Icon;

    /// `L.icon(options)`.
    #[wasm_bindgen(js_namespace = L, js_name = icon)]
    pub fn icon(options: &JsValue) -> leaflet::Icon;

    /// The layer `L.geoJSON` makes.
    #[wasm_bindgen(extends = leaflet::Layer, js_namespace = L)]
    pub type GeoJsonLayer;

    /// `L.geoJSON(data, options)` (the `leaflet` crate does not export it).
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    pub fn geo_json(data: &JsValue, options: &JsValue) -> GeoJsonLayer;

    /// `L.tileLayer(url, options)`: only when an operator configured tiles.
    #[wasm_bindgen(js_namespace = L, js_name = tileLayer)]
    pub fn tile_layer(url: &str, options: &JsValue) -> leaflet::Layer;

    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type DisplayNames;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
    fn new(locales: &JsValue, options: &JsValue) -> Result<DisplayNames, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn of(this: &DisplayNames, code: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locales: &JsValue, options: &JsValue) -> Result<DateTimeFormat, JsValue>;

    #[wasm_bindgen(method, catch, js_name = format)]
    fn format_date(this: &DateTimeFormat, date: &js_sys::Date) -> Result<JsValue, JsValue>;
}

/// A moment (`utc`) as its local day and time in the time zone `zone`, written the way `lang`
/// writes dates, with the zone's short name ("Thu 10 Dec, 18:00 GMT"); UTC when the browser
/// does not know the zone.
pub fn local_time(utc: chrono::DateTime<chrono::Utc>, zone: &str, lang: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(utc.timestamp_millis() as f64));
    let options = |zone: &str| {
        object(&[
            ("weekday", "short".into()),
            ("day", "numeric".into()),
            ("month", "short".into()),
            ("hour", "2-digit".into()),
            ("minute", "2-digit".into()),
            ("timeZone", zone.into()),
            ("timeZoneName", "short".into()),
        ])
    };
    let lang = JsValue::from_str(lang);
    DateTimeFormat::new(&lang, &options(zone))
        .or_else(|_| DateTimeFormat::new(&lang, &options("UTC")))
        .ok()
        .and_then(|format| format.format_date(&date).ok())
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| utc.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// `map.attributionControl.setPrefix(html)`: the prefix in the reader's language.
pub fn set_attribution_prefix(map: &leaflet::Map, html: &str) {
    let Ok(control) = js_sys::Reflect::get(map, &JsValue::from_str("attributionControl")) else {
        return;
    };
    let Ok(set_prefix) = js_sys::Reflect::get(&control, &JsValue::from_str("setPrefix")) else {
        return;
    };
    if let Some(set_prefix) = set_prefix.dyn_ref::<js_sys::Function>() {
        let _ = set_prefix.call1(&control, &JsValue::from_str(html));
    }
}

/// Builds a plain JS object from key/value pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// A country's name in `lang`, from the browser's own CLDR data (no download). Palestine is
/// named as this map names it ("Palestine", "فلسطين"), not with CLDR's "Palestinian
/// Territories".
pub fn country_name(code: &str, lang: &str) -> Option<String> {
    if code == "PS" {
        let lang = crate::i18n::Lang::from_code(lang).unwrap_or(crate::i18n::Lang::SOURCE);
        return Some(lang.text(crate::i18n::Msg::Palestine).to_owned());
    }
    cldr_name("region", code, lang)
}

/// `Intl.DisplayNames` of `kind` (`region`, `language`) for `code` in `lang`; in the
/// pseudo-locale, the English name transformed.
fn cldr_name(kind: &str, code: &str, lang: &str) -> Option<String> {
    if lang == crate::i18n::Lang::Pseudo.code() {
        return cldr_name(kind, code, "en").map(|name| shared::i18n::pseudo(&name).to_owned());
    }
    let options = object(&[("type", JsValue::from_str(kind))]);
    let names = DisplayNames::new(&JsValue::from_str(lang), &options).ok()?;
    names.of(code).ok()?.as_string()
}

/// A language's name in `lang` (`ar` → "Arabic", "العربية", "arabe"), from the browser's CLDR
/// data; the tag itself when the browser does not know it.
pub fn language_name(code: &str, lang: &str) -> String {
    cldr_name("language", code, lang).unwrap_or_else(|| code.to_owned())
}

/// Every country as (ISO code, name in `lang`), sorted by name: the options of a country select.
pub fn countries_by_name(lang: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = shared::countries::all()
        .iter()
        .map(|c| {
            let name = country_name(c.code, lang).unwrap_or_else(|| c.name.to_owned());
            (c.code.to_owned(), name)
        })
        .collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}
