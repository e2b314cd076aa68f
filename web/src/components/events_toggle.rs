use leptos::prelude::*;
use leptos_leaflet::leaflet::Map;

use crate::events_handoff;
use crate::i18n::{I18n, Msg};
use crate::state::Viewport;

/// The events layer's place in the map's panel (issue #19), as on the server's page: a link to
/// the events in the view (the `/events` page), and the button that loads the events bundle,
/// which then draws the layer, its date filter and the list of upcoming events in `#events-layer-host`.
#[component]
pub fn EventsToggle(
    map: RwSignal<Option<Map>, LocalStorage>,
    viewport: RwSignal<Option<Viewport>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let host = NodeRef::<leptos::html::Div>::new();
    let asked = RwSignal::new(false);
    let hand_over = move || {
        if let (Some(map), Some(host)) = (map.get_untracked(), host.get_untracked()) {
            events_handoff::hand_over(&map, &host, i18n.lang.get_untracked());
        }
    };
    // After a change of language the layer is drawn again, in the new one.
    Effect::new(move |_| {
        i18n.lang.track();
        if asked.get_untracked() {
            hand_over();
        }
    });
    let in_view = move || match viewport.get() {
        Some(viewport) => {
            let [w, s, e, n] = viewport.clamped_bbox();
            format!("/events?bbox={w:.4},{s:.4},{e:.4},{n:.4}")
        }
        None => "/events".to_owned(),
    };
    view! {
        <section class="events-layer" aria-labelledby="events-layer-title">
            <h3 id="events-layer-title">{move || i18n.t(Msg::Events)}</h3>
            <div id="events-layer-host" node_ref=host></div>
            <button
                type="button"
                class="events-show"
                hidden=move || asked.get()
                on:click=move |_| {
                    asked.set(true);
                    hand_over();
                }
            >
                {move || i18n.t(Msg::ShowEvents)}
            </button>
            <a class="events-in-view" href=in_view>{move || i18n.t(Msg::EventsInView)}</a>
        </section>
    }
}
