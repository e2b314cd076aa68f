use leptos::prelude::*;
use leptos_leaflet::leaflet::{self, LatLng, LayerGroup, Map, MarkerOptions};
use leptos_leaflet::prelude::*;
use shared::api::CitySuggestion;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::map_host::MapHost;
use crate::api;
use crate::i18n::{I18n, PagesMsg};
use crate::leaflet_ext::country_name;

fn number(value: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()?
        .as_f64()
}

/// The fields of the entry form the picker edits (it knows nothing else of the form).
#[derive(Clone, Copy)]
pub struct PlaceFields {
    pub city: RwSignal<String>,
    pub country: RwSignal<String>,
    pub latitude: RwSignal<Option<f64>>,
    pub longitude: RwSignal<Option<f64>>,
}

/// Where the group is (or, with another `legend`, where an event happens): a city from the
/// offline list, or a click on the map. Nothing is looked up anywhere else.
#[component]
pub fn LocationPicker(
    place: PlaceFields,
    #[prop(optional)] legend: Option<PagesMsg>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let map = RwSignal::new_local(None::<Map>);
    let layer = StoredValue::new_local(None::<LayerGroup>);
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<CitySuggestion>::new());
    let start = match (
        place.latitude.get_untracked(),
        place.longitude.get_untracked(),
    ) {
        (Some(lat), Some(lon)) => (Position::new(lat, lon), 10.0),
        _ => (Position::new(25.0, 20.0), 2.0),
    };

    // Clicking the map places the point.
    Effect::new(move |_| {
        let Some(map) = map.get() else { return };
        super::map_host::add_basemap(map.clone());
        let group = LayerGroup::new();
        group.add_to(&map);
        layer.set_value(Some(group));
        let on_click = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            let Ok(latlng) = js_sys::Reflect::get(&event, &JsValue::from_str("latlng")) else {
                return;
            };
            if let (Some(lat), Some(lng)) = (number(&latlng, "lat"), number(&latlng, "lng")) {
                let lng = ((lng + 180.0).rem_euclid(360.0)) - 180.0;
                place.latitude.set(Some((lat * 1e5).round() / 1e5));
                place.longitude.set(Some((lng * 1e5).round() / 1e5));
            }
        });
        map.unchecked_ref::<leaflet::Evented>()
            .on("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    });
    // The chosen point, drawn on the map.
    Effect::new(move |_| {
        let point = (place.latitude.get(), place.longitude.get());
        let Some(group) = layer.get_value() else {
            return;
        };
        group.clear_layers();
        if let (Some(lat), Some(lon)) = point {
            let options = MarkerOptions::new();
            options.set_keyboard(false);
            options.set_interactive(false);
            leaflet::Marker::new_with_options(&LatLng::new(lat, lon), &options)
                .add_to_layer_group(&group);
        }
    });

    let search = move || {
        let text = query.get_untracked();
        if text.trim().chars().count() < 2 {
            return;
        }
        leptos::task::spawn_local(async move {
            found.set(api::cities(text).await.unwrap_or_default());
        });
    };
    let choose = move |city: CitySuggestion| {
        place.city.set(city.name.clone());
        place.country.set(city.country.clone());
        place.latitude.set(Some(city.latitude));
        place.longitude.set(Some(city.longitude));
        found.set(Vec::new());
        if let Some(map) = map.get_untracked() {
            map.set_view(&LatLng::new(city.latitude, city.longitude), 11.0);
        }
        // The chosen button goes with the list: focus returns to the search it came from.
        crate::pages::join_page::focus_id("city-search");
    };
    // Enter in the search finds cities (the first Enter) or takes the only one found; it never
    // sends the whole form.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        ev.prevent_default();
        let only = found.with_untracked(|cities| (cities.len() == 1).then(|| cities[0].clone()));
        match only {
            Some(city) => choose(city),
            None => search(),
        }
    };

    view! {
        <fieldset class="location-picker">
            <legend>{move || i18n.t(legend.unwrap_or(PagesMsg::LocationLegend))}</legend>
            <p class="help" id="location-help">{move || i18n.t(PagesMsg::LocationHelp)}" "<small>"("<bdi>{move || i18n.t(PagesMsg::CitiesCredit)}</bdi>")"</small></p>
            <div class="search-row">
                <label class="visually-hidden" for="city-search">{move || i18n.t(PagesMsg::FindCity)}</label>
                <input id="city-search" type="search" maxlength="100" aria-describedby="location-help"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) on:keydown=on_key />
                <button type="button" on:click=move |_| search()>{move || i18n.t(PagesMsg::FindCity)}</button>
            </div>
            {move || {
                let cities = found.get();
                (!cities.is_empty()).then(|| {
                    let lang = i18n.lang.get_untracked().code();
                    view! {
                        <ul class="city-suggestions" aria-label=i18n.t(PagesMsg::CitySuggestions)>
                            {cities.into_iter().map(|city| {
                                let country = country_name(&city.country, lang).unwrap_or_else(|| city.country.clone());
                                let label = format!("{}, {country}", if lang == "ar" { city.name_ar.clone().unwrap_or_else(|| city.name.clone()) } else { city.name.clone() });
                                view! { <li><button type="button" on:click=move |_| choose(city.clone())>{label}</button></li> }
                            }).collect_view()}
                        </ul>
                    }
                })
            }}
            <MapHost class="picker-map" center=start.0 zoom=start.1 min_zoom=1.0 map=map />
            <p class="chosen-point" role="status" data-testid="chosen-point">
                {move || match (place.latitude.get(), place.longitude.get()) {
                    (Some(lat), Some(lon)) => i18n.format(PagesMsg::PointChosen, &[("point", &format!("{lat:.4}, {lon:.4}"))]),
                    _ => i18n.t(PagesMsg::NoPointYet).to_owned(),
                }}
            </p>
        </fieldset>
    }
}
