use leptos::prelude::*;
use shared::api::{ConfirmedWithin, CountryCount, FocusArea};

use crate::api::ApiError;
use crate::i18n::{I18n, Msg};
use crate::leaflet_ext::country_name;
use crate::state::Filters;

type Loaded<T> = LocalResource<Result<Vec<T>, ApiError>>;

/// Free-text search, country, focus area and how recently a person confirmed the entry: each
/// change updates the URL.
#[component]
pub fn FilterBar(
    filters: Memo<Filters>,
    set_filters: Callback<Filters>,
    countries: Loaded<CountryCount>,
    focus_areas: Loaded<FocusArea>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let search = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(input) = search.get() {
            set_filters.run(Filters {
                q: input.value().trim().to_owned(),
                ..filters.get_untracked()
            });
        }
    };
    view! {
        <form class="filter-bar" role="search" on:submit=submit>
            <div class="field">
                <label for="search">{move || i18n.t(Msg::Search)}</label>
                <div class="search-row">
                    <input
                        id="search"
                        type="search"
                        node_ref=search
                        maxlength="200"
                        placeholder=move || i18n.t(Msg::SearchPlaceholder)
                        prop:value=move || filters.get().q
                    />
                    <button type="submit">{move || i18n.t(Msg::Search)}</button>
                </div>
            </div>
            <div class="field">
                <label for="country">{move || i18n.t(Msg::Country)}</label>
                <select
                    id="country"
                    on:change=move |ev| set_filters.run(Filters { country: event_target_value(&ev), ..filters.get_untracked() })
                    prop:value=move || filters.get().country
                >
                    <option value="">{move || i18n.t(Msg::AllCountries)}</option>
                    {move || {
                        let lang = i18n.lang.get().code();
                        let mut options: Vec<(String, String)> = countries
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| {
                                let name = country_name(&c.code, lang).unwrap_or(c.name);
                                (c.code, format!("{name} ({})", c.count))
                            })
                            .collect();
                        options.sort_by(|a, b| a.1.cmp(&b.1));
                        let selected = filters.get().country;
                        options
                            .into_iter()
                            .map(|(code, label)| {
                                let is_selected = code == selected;
                                view! { <option value=code selected=is_selected>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="focus">{move || i18n.t(Msg::FocusArea)}</label>
                <select
                    id="focus"
                    on:change=move |ev| set_filters.run(Filters { focus: event_target_value(&ev), ..filters.get_untracked() })
                    prop:value=move || filters.get().focus
                >
                    <option value="">{move || i18n.t(Msg::AllFocusAreas)}</option>
                    {move || {
                        let lang = i18n.lang.get().code();
                        let selected = filters.get().focus;
                        focus_areas
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|f| {
                                let is_selected = f.key == selected;
                                let label = format!("{} ({})", f.names.get(lang), f.count);
                                view! { <option value=f.key selected=is_selected>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="confirmed_within">{move || i18n.t(Msg::LastConfirmed)}</label>
                <select
                    id="confirmed_within"
                    on:change=move |ev| set_filters.run(Filters { confirmed_within: event_target_value(&ev), ..filters.get_untracked() })
                    prop:value=move || filters.get().confirmed_within
                >
                    <option value="">{move || i18n.t(Msg::ConfirmedAnyTime)}</option>
                    {ConfirmedWithin::ALL
                        .into_iter()
                        .map(|within| {
                            let value = within.as_param();
                            view! {
                                <option value=value selected=move || filters.get().confirmed_within == value>
                                    {move || i18n.t(within.label())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button
                type="button"
                class="clear-filters"
                disabled=move || filters.get().is_empty()
                on:click=move |_| set_filters.run(Filters::default())
            >
                {move || i18n.t(Msg::ClearFilters)}
            </button>
        </form>
    }
}
