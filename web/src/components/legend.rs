use leptos::prelude::*;
use shared::api::Category;

use super::organization_map::marker_icon_url;

/// Category key, shape and colour, with the count of organisations in each.
#[component]
pub fn Legend(categories: Vec<Category>) -> impl IntoView {
    view! {
        <section class="legend" aria-labelledby="legend-title">
            <h2 id="legend-title">"Categories"</h2>
            <ul>
                {categories
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                <img class="legend-swatch" src=marker_icon_url(&c.key) alt="" width="18" height="18" />
                                {format!("{} ({})", c.names.en, c.count)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
