use std::collections::BTreeMap;

use leptos::prelude::*;
use shared::api::{Category, EntryText, FocusArea, Organization, OrganizationDraft};
use shared::domain::FieldError;
use shared::i18n::Lang;

use super::field_errors::{FieldErrors, described_by, has_error, help_id};
use super::location_picker::{LocationPicker, PlaceFields};
use crate::api::ApiError;
use crate::i18n::{I18n, Msg, PagesMsg};
use crate::leaflet_ext::countries_by_name;

/// An organisation's fields as the join form and the owner's update form edit them.
#[derive(Clone, Copy)]
pub struct EntryForm {
    pub name: RwSignal<String>,
    pub name_ar: RwSignal<String>,
    pub category: RwSignal<String>,
    pub description: RwSignal<String>,
    pub city: RwSignal<String>,
    pub country: RwSignal<String>,
    pub latitude: RwSignal<Option<f64>>,
    pub longitude: RwSignal<Option<f64>>,
    pub precision: RwSignal<String>,
    pub website: RwSignal<String>,
    pub focus_areas: RwSignal<Vec<String>>,
    /// The language of `name` and `description`.
    pub original_language: RwSignal<Option<Lang>>,
    /// Names and descriptions in other languages (the Arabic name is `name_ar`).
    pub translations: RwSignal<BTreeMap<Lang, EntryText>>,
}

impl Default for EntryForm {
    fn default() -> Self {
        Self::new()
    }
}

impl EntryForm {
    pub fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            name_ar: RwSignal::new(String::new()),
            category: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            country: RwSignal::new(String::new()),
            latitude: RwSignal::new(None),
            longitude: RwSignal::new(None),
            precision: RwSignal::new("approximate".to_owned()),
            website: RwSignal::new(String::new()),
            focus_areas: RwSignal::new(Vec::new()),
            original_language: RwSignal::new(None),
            translations: RwSignal::new(BTreeMap::new()),
        }
    }

    /// The form filled with a stored entry.
    pub fn from_organization(org: &Organization) -> Self {
        let form = Self::new();
        form.name.set(org.name.clone());
        form.name_ar.set(org.name_ar.clone().unwrap_or_default());
        form.category.set(org.category.clone());
        form.description.set(org.description.clone());
        form.city.set(org.city.clone());
        form.country.set(org.country.clone());
        form.latitude.set(Some(org.location.latitude));
        form.longitude.set(Some(org.location.longitude));
        form.precision.set(org.precision.as_str().to_owned());
        form.website.set(org.website.clone().unwrap_or_default());
        form.focus_areas.set(org.focus_areas.clone());
        form.original_language.set(org.original_language);
        let mut translations = org.translations.clone();
        // The Arabic name has its own field.
        if let Some(arabic) = translations.get_mut(&Lang::Ar) {
            arabic.name.clear();
        }
        form.translations.set(translations);
        form
    }

    pub fn draft(&self) -> OrganizationDraft {
        let optional = |s: RwSignal<String>| {
            let text = s.get_untracked();
            (!text.trim().is_empty()).then_some(text)
        };
        OrganizationDraft {
            name: self.name.get_untracked(),
            name_ar: optional(self.name_ar),
            category: self.category.get_untracked(),
            description: self.description.get_untracked(),
            city: self.city.get_untracked(),
            country: self.country.get_untracked(),
            latitude: self.latitude.get_untracked(),
            longitude: self.longitude.get_untracked(),
            precision: Some(self.precision.get_untracked()),
            website: optional(self.website),
            links: Vec::new(),
            languages: Vec::new(),
            focus_areas: self.focus_areas.get_untracked(),
            original_language: self.original_language.get_untracked(),
            translations: self.translations.get_untracked(),
        }
    }
}

/// A text input with its label and errors.
#[component]
fn TextField(
    id: &'static str,
    label: PagesMsg,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(optional)] help: Option<PagesMsg>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let invalid = move || errors.with(|e| has_error(e, id));
    let described = move || described_by(id, help.is_some(), invalid());
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            {help.map(|h| view! { <p class="help" id=help_id(id)>{move || i18n.t(h)}</p> })}
            <input id=id name=id type=kind.unwrap_or("text") lang=lang autocomplete=autocomplete.unwrap_or("off")
                aria-invalid=move || invalid().to_string() aria-describedby=described
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <FieldErrors field=id errors />
        </div>
    }
}

/// Every field of an entry, with the shared rules' errors next to each.
#[component]
pub fn EntryFields(
    form: EntryForm,
    errors: RwSignal<Vec<FieldError>>,
    categories: LocalResource<Result<Vec<Category>, ApiError>>,
    focus_areas: LocalResource<Result<Vec<FocusArea>, ApiError>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let invalid =
        move |field: &'static str| move || errors.with(|e| has_error(e, field)).to_string();
    let described = move |field: &'static str| {
        move || described_by(field, false, errors.with(|e| has_error(e, field)))
    };
    view! {
        <TextField id="name" label=PagesMsg::GroupName value=form.name errors autocomplete="organization" />
        <TextField id="name_ar" label=PagesMsg::GroupNameAr value=form.name_ar errors lang="ar" />
        <div class="field">
            <label for="category">{move || i18n.t(PagesMsg::CategoryLabel)}</label>
            <select id="category" aria-invalid=invalid("category") aria-describedby=described("category")
                on:change=move |ev| form.category.set(event_target_value(&ev)) prop:value=move || form.category.get()>
                <option value="">{move || i18n.t(PagesMsg::ChooseOne)}</option>
                {move || {
                    let lang = i18n.lang.get().code();
                    let selected = form.category.get();
                    categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                        let is_selected = c.key == selected;
                        view! { <option value=c.key.clone() selected=is_selected>{c.names.get(lang).to_owned()}</option> }
                    }).collect_view()
                }}
            </select>
            <FieldErrors field="category" errors />
        </div>
        <div class="field">
            <label for="description">{move || i18n.t(PagesMsg::DescriptionLabel)}</label>
            <textarea id="description" rows="4" maxlength="2000" aria-invalid=invalid("description") aria-describedby=described("description")
                prop:value=move || form.description.get() on:input=move |ev| form.description.set(event_target_value(&ev))></textarea>
            <FieldErrors field="description" errors />
        </div>
        <LocationPicker place=PlaceFields {
            city: form.city,
            country: form.country,
            latitude: form.latitude,
            longitude: form.longitude,
        } />
        <FieldErrors field="latitude" errors />
        <FieldErrors field="longitude" errors />
        <TextField id="city" label=PagesMsg::CityLabel value=form.city errors />
        <div class="field">
            <label for="country">{move || i18n.t(PagesMsg::CountryLabel)}</label>
            <select id="country" aria-invalid=invalid("country") aria-describedby=described("country")
                on:change=move |ev| form.country.set(event_target_value(&ev)) prop:value=move || form.country.get()>
                <option value="">{move || i18n.t(PagesMsg::ChooseOne)}</option>
                {move || {
                    let lang = i18n.lang.get().code();
                    let selected = form.country.get();
                    countries_by_name(lang).into_iter().map(|(code, name)| {
                        let is_selected = code == selected;
                        view! { <option value=code selected=is_selected>{name}</option> }
                    }).collect_view()
                }}
            </select>
            <FieldErrors field="country" errors />
        </div>
        <fieldset class="precision">
            <legend>{move || i18n.t(PagesMsg::PrecisionLegend)}</legend>
            <label class="choice">
                <input type="radio" name="precision" value="approximate" prop:checked=move || form.precision.get() == "approximate"
                    on:change=move |_| form.precision.set("approximate".to_owned()) />
                <span>{move || i18n.t(PagesMsg::PrecisionApproximate)}</span>
            </label>
            <label class="choice">
                <input type="radio" name="precision" value="exact" prop:checked=move || form.precision.get() == "exact"
                    on:change=move |_| form.precision.set("exact".to_owned()) />
                <span>{move || i18n.t(PagesMsg::PrecisionExact)}</span>
            </label>
        </fieldset>
        <OtherLanguages form errors />
        <TextField id="website" label=PagesMsg::WebsiteLabel value=form.website errors kind="url" autocomplete="url" />
        <fieldset class="focus-areas">
            <legend>{move || i18n.t(Msg::FocusAreas)}</legend>
            <ul class="checkboxes">
                {move || {
                    let lang = i18n.lang.get().code();
                    focus_areas.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|f| {
                        let key = f.key.clone();
                        let id = format!("focus-{}", f.key);
                        let checked = { let key = key.clone(); move || form.focus_areas.with(|keys| keys.contains(&key)) };
                        let toggle = move |_| {
                            let key = key.clone();
                            form.focus_areas.update(|keys| {
                                if let Some(i) = keys.iter().position(|k| *k == key) { keys.remove(i); } else { keys.push(key); }
                            });
                        };
                        view! {
                            <li><input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle />
                                <label for=id>{f.names.get(lang).to_owned()}</label></li>
                        }
                    }).collect_view()
                }}
            </ul>
            <FieldErrors field="focus_areas" errors />
        </fieldset>
    }
}

/// The language of the name and description, and both in the other languages.
#[component]
fn OtherLanguages(form: EntryForm, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let part = move |lang: Lang, description: bool| {
        move || {
            form.translations.with(|all| {
                all.get(&lang)
                    .map(|t| {
                        if description {
                            t.description.clone()
                        } else {
                            t.name.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        }
    };
    let set = move |lang: Lang, description: bool, value: String| {
        form.translations.update(|all| {
            let text = all.entry(lang).or_default();
            if description {
                text.description = value;
            } else {
                text.name = value;
            }
        });
    };
    view! {
        <div class="field">
            <label for="original_language">{move || i18n.t(PagesMsg::OriginalLanguage)}</label>
            <select id="original_language" on:change=move |ev| form.original_language.set(Lang::parse(&event_target_value(&ev)))>
                <option value="" selected=move || form.original_language.get().is_none()>{move || i18n.t(PagesMsg::NotSaid)}</option>
                {Lang::ALL.into_iter().map(|lang| view! {
                    <option value=lang.code() lang=lang.code() selected=move || form.original_language.get() == Some(lang)>{lang.native_name()}</option>
                }).collect_view()}
            </select>
        </div>
        <details class="other-languages">
            <summary>{move || i18n.t(PagesMsg::OtherLanguages)}</summary>
            <p class="help">{move || i18n.t(PagesMsg::OtherLanguagesHelp)}</p>
            {move || {
                let original = form.original_language.get();
                Lang::ALL.into_iter().filter(|l| Some(*l) != original).map(|lang| {
                    let code = lang.code();
                    let name_id = format!("translations.{code}.name");
                    let description_id = format!("translations.{code}.description");
                    let language = lang.native_name();
                    view! {
                        <fieldset class="translation">
                            <legend lang=code>{language}</legend>
                            {(lang != Lang::Ar).then(|| view! {
                                <div class="field">
                                    <label for=name_id.clone()>{move || i18n.format(PagesMsg::NameIn, &[("language", language)])}</label>
                                    <input id=name_id.clone() type="text" lang=code dir="auto" prop:value=part(lang, false)
                                        on:input=move |ev| set(lang, false, event_target_value(&ev)) />
                                    <FieldErrors field=name_id.clone() errors />
                                </div>
                            })}
                            <div class="field">
                                <label for=description_id.clone()>{move || i18n.format(PagesMsg::DescriptionIn, &[("language", language)])}</label>
                                <textarea id=description_id.clone() rows="3" maxlength="2000" lang=code dir="auto" prop:value=part(lang, true)
                                    on:input=move |ev| set(lang, true, event_target_value(&ev))></textarea>
                                <FieldErrors field=description_id.clone() errors />
                            </div>
                        </fieldset>
                    }
                }).collect_view()
            }}
        </details>
    }
}
