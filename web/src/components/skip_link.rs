use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{I18n, Msg};
use crate::router::{Route, use_router};

/// The first focusable element of every page: on the map page it jumps past the map to the
/// list (the accessible alternative to the map), elsewhere to the main content.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = use_router();
    let on_map = move || router.route() == Route::Map;
    let target = move || {
        if on_map() {
            "organization-list"
        } else {
            "main"
        }
    };
    // Move focus ourselves: the browser would, but only after our router let the click by.
    let jump = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(target()))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
            element.scroll_into_view();
        }
    };
    view! {
        <a class="skip-link" href=move || format!("#{}", target()) on:click=jump>
            {move || if on_map() { i18n.t(Msg::SkipToList) } else { i18n.t(Msg::SkipToContent) }}
        </a>
    }
}
