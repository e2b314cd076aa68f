//! How the map bundle hands its map to the events bundle (issue #19). The events layer (its
//! date filter, markers and list) is a bundle of its own, fetched the first time a visitor asks
//! for events, so that the map's first visit does not carry it. The map bundle leaves the Leaflet
//! map, the element to draw the layer's controls in and the reader's language on `window`, then
//! loads the bundle (`boot.js`'s `solidarityShowEvents`), or tells the running one to take them
//! again (after the map was made anew, or the language changed).

use leptos_leaflet::leaflet::Map;
use wasm_bindgen::prelude::*;

use crate::i18n::Lang;

/// The window property that holds what is handed over (`boot.js` sets it).
const HANDOFF_KEY: &str = "solidarityEvents";
/// The window event that tells the running events bundle to take it again.
pub const HANDOFF_EVENT: &str = "solidarity-events";

#[wasm_bindgen]
extern "C" {
    /// `boot.js`: leaves what is handed over on `window`, then loads the events bundle, or tells
    /// the running one. Written in JavaScript: the same in Rust cost the map bundle 2 KB.
    #[wasm_bindgen(js_name = solidarityShowEvents)]
    fn show_events(map: &Map, host: &web_sys::Element, lang: &str);
}

/// Hands `map`, the controls' element `host` and `lang` to the events bundle, loading it the
/// first time.
pub fn hand_over(map: &Map, host: &web_sys::Element, lang: Lang) {
    show_events(map, host, lang.code());
}

/// What the map bundle handed over last: the map, the controls' element and the language.
pub fn received() -> Option<(Map, web_sys::HtmlElement, Lang)> {
    let window = web_sys::window()?;
    let handed = js_sys::Reflect::get(&window, &HANDOFF_KEY.into()).ok()?;
    let field = |key: &str| js_sys::Reflect::get(&handed, &JsValue::from_str(key)).ok();
    let map = field("map")
        .filter(|m| m.is_object())?
        .unchecked_into::<Map>();
    let host = field("host")?.dyn_into::<web_sys::HtmlElement>().ok()?;
    let lang = field("lang")?
        .as_string()
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::SOURCE);
    Some((map, host, lang))
}
