use leptos::prelude::*;
use shared::api::admin::PartnershipRequest;
use shared::api::{Organization, OrganizationQuery, Partnership};
use shared::domain::FieldError;

use super::strings::{AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::field_errors::FieldErrors;

/// The key of the Jerusalem grassroots organisations' category: twinning pairs one of them with a
/// group elsewhere.
const JERUSALEM: &str = "jerusalem_grassroots";

/// Up to 500 published organisations matching `query`.
async fn published(query: OrganizationQuery) -> Vec<Organization> {
    let query = OrganizationQuery {
        limit: Some("500".to_owned()),
        ..query
    };
    api::organizations(query)
        .await
        .map(|page| page.items)
        .unwrap_or_default()
}

/// Twinning: which global group works with which Jerusalem organisation.
#[component]
pub fn Partnerships() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        api::partnerships()
    });
    let jerusalem = LocalResource::new(|| {
        published(OrganizationQuery {
            category: Some(JERUSALEM.to_owned()),
            ..OrganizationQuery::default()
        })
    });
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<Organization>::new());
    let global = RwSignal::new(None::<Organization>);
    let partner = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<AdminMsg>);

    let search = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let text = query.get_untracked();
        leptos::task::spawn_local(async move {
            let mut list = published(OrganizationQuery {
                q: Some(text.trim().to_owned()),
                ..OrganizationQuery::default()
            })
            .await;
            list.retain(|o| o.category != JERUSALEM);
            list.truncate(20);
            found.set(list);
        });
    };
    let done = move |result: Result<(), shared::api::Problem>| match result {
        Ok(_) => {
            outcome.set(Some(AdminMsg::Saved));
            errors.set(Vec::new());
            global.set(None);
            description.set(String::new());
            version.update(|v| *v += 1);
        }
        Err(problem) => {
            errors.set(problem.errors);
            outcome.set(Some(AdminMsg::FixErrors));
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut missing = Vec::new();
        if global.get_untracked().is_none() {
            missing.push(FieldError::new(
                "global_organization_id",
                "required",
                "this field is required",
            ));
        }
        if partner.get_untracked().is_empty() {
            missing.push(FieldError::new(
                "jerusalem_organization_id",
                "required",
                "this field is required",
            ));
        }
        if !missing.is_empty() {
            errors.set(missing);
            outcome.set(Some(AdminMsg::FixErrors));
            return;
        }
        let (Some(global), Ok(jerusalem)) = (
            global.get_untracked(),
            partner
                .get_untracked()
                .parse::<shared::domain::OrganizationId>(),
        ) else {
            errors.set(vec![FieldError::new(
                "jerusalem_organization_id",
                "invalid_choice",
                "not an organisation",
            )]);
            outcome.set(Some(AdminMsg::FixErrors));
            return;
        };
        let body = PartnershipRequest {
            global_organization_id: global.id,
            jerusalem_organization_id: jerusalem,
            description: description.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            done(api::create_partnership(session, &body).await.map(drop));
        });
    };
    let remove = move |id: shared::domain::PartnershipId| {
        leptos::task::spawn_local(async move {
            done(api::delete_partnership(session, id).await);
        });
    };

    view! {
        <h1>{move || i18n.a(AdminMsg::Partnerships)}</h1>
        <p role="status" data-testid="partnership-outcome">{move || outcome.get().map(|m| i18n.a(m))}</p>
        <form class="entry-form" novalidate on:submit=save aria-labelledby="twin-title">
            <h2 id="twin-title">{move || i18n.a(AdminMsg::NewPartnership)}</h2>
            <fieldset>
                <legend>{move || i18n.a(AdminMsg::GlobalGroup)}</legend>
                <div class="search-row">
                    <label class="visually-hidden" for="global-search">{move || i18n.a(AdminMsg::SearchNameOrCity)}</label>
                    <input id="global-search" type="search" maxlength="100" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                    <button type="button" on:click=search>{move || i18n.a(AdminMsg::Search)}</button>
                </div>
                <p role="status" data-testid="global-chosen">{move || global.get().map(|o| format!("{} · {}, {}", o.name, o.city, o.country))}</p>
                {move || {
                    let list = found.get();
                    (!list.is_empty()).then(|| view! {
                        <ul class="city-suggestions">
                            {list.into_iter().map(|o| {
                                let label = format!("{} · {}, {}", o.name, o.city, o.country);
                                view! { <li><button type="button" on:click=move |_| { global.set(Some(o.clone())); found.set(Vec::new()); }>{label}</button></li> }
                            }).collect_view()}
                        </ul>
                    })
                }}
                <FieldErrors field="global_organization_id" errors />
            </fieldset>
            <div class="field">
                <label for="jerusalem-partner">{move || i18n.a(AdminMsg::JerusalemPartner)}</label>
                <select id="jerusalem-partner" on:change=move |ev| partner.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {move || jerusalem.get().unwrap_or_default().into_iter().map(|o| view! {
                        <option value=o.id.to_string() dir="auto">{o.name}</option>
                    }).collect_view()}
                </select>
                <FieldErrors field="jerusalem_organization_id" errors />
            </div>
            <div class="field">
                <label for="twin-description">{move || i18n.a(AdminMsg::Summary)}</label>
                <textarea id="twin-description" rows="2" maxlength="2000" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <FieldErrors field="description" errors />
            </div>
            <button type="submit" class="primary">{move || i18n.a(AdminMsg::Save)}</button>
        </form>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
        {move || Suspend::new(async move { list.await.map(|items| view! {
                <ul class="admin-list" data-testid="partnerships">
                    {items.into_iter().map(|p: Partnership| {
                        let id = p.id;
                        let (global, jerusalem) = (p.global_organization.name, p.jerusalem_organization.name);
                        let label = move || view! { <bdi dir="auto">{global.clone()}</bdi>" ↔ "<bdi dir="auto">{jerusalem.clone()}</bdi> };
                        let hidden = label.clone();
                        view! {
                            <li>
                                <span>{label()}</span>
                                <button type="button" class="danger" on:click=move |_| remove(id)>{i18n.a(AdminMsg::Delete)}<span class="visually-hidden">": "{hidden()}</span></button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }) })}
        </ErrorBoundary></Transition>
    }
}
