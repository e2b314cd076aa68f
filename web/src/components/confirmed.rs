use chrono::{DateTime, Utc};
use leptos::prelude::*;
use shared::api::{Freshness, confirmed_date, confirmed_words};

use crate::i18n::{I18n, Msg};

/// The reader's clock (chrono's own clock is not there in wasm32-unknown-unknown).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// "Confirmed 3 months ago", the day in its `time` element (and after it when `dated`), and for
/// an entry not confirmed for more than a year the mark that says so: the markup the server's
/// pages write (`site::map_page::confirmed`), from the same words in `shared`.
#[component]
pub fn Confirmed(at: DateTime<Utc>, #[prop(optional)] dated: bool) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let day = confirmed_date(at);
    let stale = Freshness::of(at, now()).is_stale();
    view! {
        <span class="confirmed">
            <time datetime=at.to_rfc3339() title=day.clone()>
                {move || confirmed_words(i18n.lang.get(), at, now())}
            </time>
            {dated.then(|| view! { " (" <bdi>{day}</bdi> ")" })}
            {stale.then(|| view! { " " <strong class="stale-mark">{move || i18n.t(Msg::NotConfirmedForAYear)}</strong> })}
        </span>
    }
}
