use leptos::prelude::*;

use crate::i18n::{I18n, Msg};
use crate::state::View;

/// Al-Quds, where the map's story starts: close enough to tell its neighbourhoods apart.
pub const JERUSALEM: View = View {
    latitude: 31.7767,
    longitude: 35.2345,
    zoom: 13.0,
};

/// The calls to action the server's page listed in its spotlight, read from that page the first
/// time the spotlight is drawn (the app starts on it) and kept for later visits to the map: the
/// first visit then makes no request and carries no code for them (issue #19; its budget).
fn server_asks() -> Option<String> {
    thread_local! {
        static ASKS: std::cell::OnceCell<Option<String>> = const { std::cell::OnceCell::new() };
    }
    ASKS.with(|asks| {
        asks.get_or_init(|| {
            document()
                .query_selector("#server-page .spotlight-asks-box")
                .ok()
                .flatten()
                .map(|list| list.inner_html())
        })
        .clone()
    })
}

/// The Jerusalem spotlight: the soonest calls to action of its grassroots organisations, each a
/// link to the organisation's page (as the server listed them), and one button that flies the
/// map to the city, whose list then shows its grassroots organisations.
#[component]
pub fn JerusalemSpotlight(show_view: Callback<View>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let asks =
        server_asks().map(|html| view! { <div class="spotlight-asks-box" inner_html=html></div> });
    view! {
        <section class="spotlight" aria-labelledby="spotlight-title">
            <h2 id="spotlight-title">
                <img src="/markers/jerusalem_grassroots.svg" alt="" width="20" height="20" />
                {move || i18n.t(Msg::JerusalemSpotlight)}
            </h2>
            <p>{move || i18n.t(Msg::JerusalemText)}</p>
            {asks}
            <button type="button" class="primary" on:click=move |_| show_view.run(JERUSALEM)>
                {move || i18n.t(Msg::ShowJerusalem)}
            </button>
        </section>
    }
}
