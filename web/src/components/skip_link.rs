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
        if jump_to(target()) {
            ev.prevent_default();
        }
    };
    view! {
        <a class="skip-link" href=move || format!("#{}", target()) on:click=jump>
            {move || if on_map() { i18n.t(Msg::SkipToList) } else { i18n.t(Msg::SkipToContent) }}
        </a>
    }
}

/// Focuses the element with `id` and scrolls it into view (the list, after a link that leads
/// there); false when the page has no such element.
pub fn jump_to(id: &str) -> bool {
    let element = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
        element.scroll_into_view();
        true
    } else {
        false
    }
}
