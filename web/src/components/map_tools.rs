use leptos::prelude::*;

use super::skip_link::jump_to;
use crate::i18n::{I18n, Msg};

/// Above the map on phones and tablets: the toggle of the filter panel and the way to the list
/// (the server's page has the same two, as links).
#[component]
pub fn MapTools(
    panel_open: RwSignal<bool>,
    toggle: NodeRef<leptos::html::Button>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // The router leaves in-page links to the browser, which scrolls but may not move the focus.
    let to_list = move |ev: leptos::ev::MouseEvent| {
        if jump_to("organization-list") {
            ev.prevent_default();
        }
    };
    view! {
        <div id="map-tools" class="map-tools">
            <button
                type="button"
                class="panel-toggle"
                node_ref=toggle
                aria-controls="map-panel"
                aria-expanded=move || panel_open.get().to_string()
                on:click=move |_| panel_open.update(|open| *open = !*open)
            >
                {move || i18n.t(Msg::FiltersToggle)}
            </button>
            <a class="list-jump" href="#organization-list" on:click=to_list>
                {move || i18n.t(Msg::ListJump)}
            </a>
        </div>
    }
}
