use leptos::prelude::*;
use shared::api::admin::{CrisisRequest, CrisisScope};
use shared::domain::FieldError;

use super::strings::{AdminCount, AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::field_errors::FieldErrors;
use crate::leaflet_ext::{countries_by_name, country_name};

fn scope_text(scope: &CrisisScope, lang: &str) -> String {
    match scope {
        CrisisScope::Country { country } => {
            country_name(country, lang).unwrap_or_else(|| country.clone())
        }
        CrisisScope::Bbox { bbox } => format!(
            "{:.2}, {:.2}, {:.2}, {:.2}",
            bbox[0], bbox[1], bbox[2], bbox[3]
        ),
        CrisisScope::Category { category } => category.clone(),
    }
}

/// Crisis mode (admins only): hide every published entry of a country, an area or a category at
/// once, and restore them later.
#[component]
pub fn Crisis() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let actions = LocalResource::new(move || {
        version.track();
        api::crisis_actions(session)
    });
    let categories = LocalResource::new(api::categories);
    let scope = RwSignal::new("country".to_owned());
    let country = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let bbox = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<String>);
    let lang = move || i18n.lang.get().code();

    let request = move || {
        let pick = |kind: &str, value: RwSignal<String>| {
            (scope.get_untracked() == kind).then(|| value.get_untracked())
        };
        CrisisRequest {
            country: pick("country", country),
            bbox: pick("bbox", bbox),
            category: pick("category", category),
            reason: reason.get_untracked(),
        }
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match request().validate() {
            Ok(_) => {
                errors.set(Vec::new());
                confirming.set(true);
            }
            Err(found) => {
                errors.set(found);
                outcome.set(Some(i18n.a(AdminMsg::FixErrors).to_owned()));
            }
        }
    };
    let start = move |_| {
        confirming.set(false);
        let body = request();
        leptos::task::spawn_local(async move {
            match api::start_crisis(session, &body).await {
                Ok(view) => {
                    outcome.set(Some(
                        i18n.a_count(AdminCount::CrisisHidden, view.hidden_count as usize),
                    ));
                    reason.set(String::new());
                }
                Err(problem) => {
                    errors.set(problem.errors);
                    outcome.set(Some(i18n.a(AdminMsg::Failed).to_owned()));
                }
            }
            version.update(|v| *v += 1);
        });
    };
    let restore = move |id: shared::domain::CrisisId| {
        leptos::task::spawn_local(async move {
            let result = api::restore_crisis(session, id).await;
            outcome.set(Some(
                i18n.a(if result.is_ok() {
                    AdminMsg::CrisisRestored
                } else {
                    AdminMsg::Failed
                })
                .to_owned(),
            ));
            version.update(|v| *v += 1);
        });
    };

    view! {
        <h1>{move || i18n.a(AdminMsg::CrisisMode)}</h1>
        <p class="help">{move || i18n.a(AdminMsg::CrisisHelp)}</p>
        <p role="status" data-testid="crisis-outcome">{move || outcome.get()}</p>
        <form class="entry-form" novalidate on:submit=check aria-labelledby="crisis-form-title">
            <h2 id="crisis-form-title">{move || i18n.a(AdminMsg::StartCrisis)}</h2>
            <fieldset>
                <legend>{move || i18n.a(AdminMsg::WhatToHide)}</legend>
                {[("country", AdminMsg::Country), ("category", AdminMsg::Category), ("bbox", AdminMsg::Area)].into_iter().map(|(kind, label)| {
                    let id = format!("scope-{kind}");
                    view! {
                        <div class="checkbox">
                            <input type="radio" name="scope" id=id.clone() value=kind prop:checked=move || scope.get() == kind
                                on:change=move |_| scope.set(kind.to_owned()) />
                            <label for=id>{move || i18n.a(label)}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldErrors field="scope" errors />
            </fieldset>
            {move || match scope.get().as_str() {
                "category" => view! {
                    <div class="field">
                        <label for="crisis-category">{i18n.a(AdminMsg::Category)}</label>
                        <select id="crisis-category" on:change=move |ev| category.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                                let name = c.names.get(lang()).to_owned();
                                let selected = category.get_untracked() == c.key;
                                view! { <option value=c.key selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                        <FieldErrors field="category" errors />
                    </div>
                }.into_any(),
                "bbox" => view! {
                    <div class="field">
                        <label for="crisis-bbox">{i18n.a(AdminMsg::Area)}</label>
                        <p class="help" id="bbox-help">{i18n.a(AdminMsg::AreaHelp)}</p>
                        <input id="crisis-bbox" type="text" dir="ltr" aria-describedby="bbox-help" prop:value=move || bbox.get()
                            on:input=move |ev| bbox.set(event_target_value(&ev)) />
                        <FieldErrors field="bbox" errors />
                    </div>
                }.into_any(),
                _ => view! {
                    <div class="field">
                        <label for="crisis-country">{i18n.a(AdminMsg::Country)}</label>
                        <select id="crisis-country" on:change=move |ev| country.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {move || {
                                let chosen = country.get_untracked();
                                countries_by_name(lang()).into_iter().map(|(code, name)| {
                                    let selected = code == chosen;
                                    view! { <option value=code selected=selected>{name}</option> }
                                }).collect_view()
                            }}
                        </select>
                        <FieldErrors field="country" errors />
                    </div>
                }.into_any(),
            }}
            <div class="field">
                <label for="crisis-reason">{move || i18n.a(AdminMsg::Reason)}</label>
                <textarea id="crisis-reason" rows="2" maxlength="2000" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <FieldErrors field="reason" errors />
            </div>
            <button type="submit" class="danger">{move || i18n.a(AdminMsg::HideNow)}</button>
        </form>
        {move || confirming.get().then(|| view! {
            <div class="confirm" role="alertdialog" aria-labelledby="crisis-confirm">
                <p id="crisis-confirm">{i18n.a(AdminMsg::ConfirmCrisis)}</p>
                <button type="button" class="danger" on:click=start>{i18n.a(AdminMsg::Confirm)}</button>
                <button type="button" on:click=move |_| confirming.set(false)>{i18n.a(AdminMsg::Cancel)}</button>
            </div>
        })}
        <section class="admin-section" aria-labelledby="crisis-list-title">
            <h2 id="crisis-list-title">{move || i18n.a(AdminMsg::CrisisActions)}</h2>
            <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move { actions.await.map(|list| if list.is_empty() {
                view! { <p>{i18n.a(AdminMsg::NoCrisis)}</p> }.into_any()
            } else { view! {
                    <ul class="admin-list" data-testid="crisis-actions">
                        {list.into_iter().map(|action| {
                            let id = action.id;
                            let scope = scope_text(&action.scope, lang());
                            let active = action.restored_at.is_none();
                            view! {
                                <li>
                                    <span>{scope.clone()}" · "{action.reason.clone()}" · "{i18n.a_count(AdminCount::CrisisHidden, action.hidden_count as usize)}" · "
                                        <span data-testid="crisis-state">{if active { i18n.a(AdminMsg::Active) } else { i18n.a(AdminMsg::Restored) }}</span></span>
                                    {active.then(|| view! {
                                        <button type="button" on:click=move |_| restore(id)>{i18n.a(AdminMsg::Restore)}<span class="visually-hidden">{format!(": {scope}")}</span></button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any() }) })}
            </ErrorBoundary></Transition>
        </section>
    }
}
