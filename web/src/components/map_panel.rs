use leptos::prelude::*;

use crate::i18n::{I18n, Msg};

/// The filters and the legend: a column beside the map on wide screens, a sheet over the map's
/// lower part on narrow ones, opened by [`super::map_tools::MapTools`]'s toggle. Escape and
/// "Close" shut the sheet and give the focus back to the toggle.
#[component]
pub fn MapPanel(
    open: RwSignal<bool>,
    toggle: NodeRef<leptos::html::Button>,
    children: Children,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let close = move || {
        if open.get_untracked() {
            open.set(false);
            if let Some(toggle) = toggle.get_untracked() {
                let _ = toggle.focus();
            }
        }
    };
    // Wherever the focus is (the toggle, the map): an open sheet covers part of the page.
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            close();
        }
    });
    on_cleanup(move || on_key.remove());
    view! {
        <section
            id="map-panel"
            class=move || if open.get() { "map-panel open" } else { "map-panel" }
            aria-labelledby="map-panel-title"
        >
            <div class="panel-head">
                <h2 id="map-panel-title">{move || i18n.t(Msg::FiltersToggle)}</h2>
                <button type="button" class="panel-close" on:click=move |_| close()>
                    {move || i18n.t(Msg::ClosePanel)}
                </button>
            </div>
            {children()}
        </section>
    }
}
