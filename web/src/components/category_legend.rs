use leptos::prelude::*;
use shared::api::Category;

use crate::api::ApiError;
use crate::i18n::{I18n, Msg};
use crate::state::Filters;

/// The marker image of a category: its own shape and colour (colour is never the only signal).
pub fn marker_icon_url(category: &str) -> String {
    format!("/markers/{category}.svg")
}

/// The legend, which is also the category filter: each entry is a toggle with its count.
#[component]
pub fn CategoryLegend(
    categories: LocalResource<Result<Vec<Category>, ApiError>>,
    filters: Memo<Filters>,
    set_filters: Callback<Filters>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="legend" aria-labelledby="legend-title">
            <h2 id="legend-title">{move || i18n.t(Msg::Categories)}</h2>
            <ul>
                {move || {
                    let categories = categories.get().and_then(Result::ok).unwrap_or_default();
                    let keys: Vec<String> = categories.iter().map(|c| c.key.clone()).collect();
                    let lang = i18n.lang.get().code();
                    categories
                        .into_iter()
                        .map(|c| {
                            let keys = keys.clone();
                            let key = c.key.clone();
                            let shown = filters.get().shows(&c.key);
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="legend-toggle"
                                        data-category=c.key.clone()
                                        aria-pressed=shown.to_string()
                                        on:click=move |_| set_filters.run(filters.get_untracked().toggled(&key, &keys))
                                    >
                                        <img class="legend-swatch" src=marker_icon_url(&c.key) alt="" width="18" height="18" />
                                        <span>{c.names.get(lang).to_owned()}</span>
                                        <span class="count">{c.count}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
