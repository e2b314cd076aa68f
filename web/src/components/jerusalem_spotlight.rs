use leptos::prelude::*;

use crate::i18n::{I18n, Msg};
use crate::state::View;

/// Al-Quds, where the map's story starts: close enough to tell its neighbourhoods apart.
pub const JERUSALEM: View = View {
    latitude: 31.7767,
    longitude: 35.2345,
    zoom: 13.0,
};

/// The Jerusalem spotlight: one button flies the map to the city, and the list then shows its
/// grassroots organisations.
#[component]
pub fn JerusalemSpotlight(show_view: Callback<View>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="spotlight" aria-labelledby="spotlight-title">
            <h2 id="spotlight-title">
                <img src="/markers/jerusalem_grassroots.svg" alt="" width="20" height="20" />
                {move || i18n.t(Msg::JerusalemSpotlight)}
            </h2>
            <p>{move || i18n.t(Msg::JerusalemText)}</p>
            <button type="button" class="primary" on:click=move |_| show_view.run(JERUSALEM)>
                {move || i18n.t(Msg::ShowJerusalem)}
            </button>
        </section>
    }
}
