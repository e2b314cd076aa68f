use leptos::prelude::*;
use shared::api::admin::ResourceRequest;
use shared::api::{Resource, ResourceQuery};
use shared::domain::ResourceKind;

use crate::i18n::resource_kind_name;
use shared::domain::FieldError;

use super::strings::{AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::field_errors::FieldErrors;

/// The resource being written: a new one (`None` id) or an existing one.
#[derive(Clone, Copy)]
struct ResourceForm {
    id: RwSignal<Option<shared::domain::ResourceId>>,
    title: RwSignal<String>,
    url: RwSignal<String>,
    kind: RwSignal<String>,
    language: RwSignal<String>,
    summary: RwSignal<String>,
    topics: RwSignal<String>,
    organization_ids: RwSignal<Vec<shared::domain::OrganizationId>>,
}

impl ResourceForm {
    fn new() -> Self {
        Self {
            id: RwSignal::new(None),
            title: RwSignal::new(String::new()),
            url: RwSignal::new(String::new()),
            kind: RwSignal::new("report".to_owned()),
            language: RwSignal::new("en".to_owned()),
            summary: RwSignal::new(String::new()),
            topics: RwSignal::new(String::new()),
            organization_ids: RwSignal::new(Vec::new()),
        }
    }

    fn fill(&self, resource: Option<&Resource>) {
        let blank = Self::new();
        self.id.set(resource.map(|r| r.id));
        self.title
            .set(resource.map_or(String::new(), |r| r.title.clone()));
        self.url
            .set(resource.map_or(String::new(), |r| r.url.clone()));
        self.kind
            .set(resource.map_or(blank.kind.get_untracked(), |r| r.kind.as_str().to_owned()));
        self.language
            .set(resource.map_or(blank.language.get_untracked(), |r| r.language.clone()));
        self.summary
            .set(resource.map_or(String::new(), |r| r.summary.clone()));
        self.topics
            .set(resource.map_or(String::new(), |r| r.topics.join(", ")));
        // Links to organisations are kept as they are: this form does not edit them.
        self.organization_ids.set(resource.map_or(Vec::new(), |r| {
            r.organizations.iter().map(|o| o.id).collect()
        }));
    }

    fn request(&self) -> ResourceRequest {
        ResourceRequest {
            title: self.title.get_untracked(),
            url: self.url.get_untracked(),
            kind: self.kind.get_untracked(),
            language: self.language.get_untracked(),
            summary: self.summary.get_untracked(),
            topics: self
                .topics
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            organization_ids: self.organization_ids.get_untracked(),
        }
    }
}

#[component]
fn Input(
    id: &'static str,
    label: AdminMsg,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] kind: Option<&'static str>,
) -> impl IntoView {
    let i18n = i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.a(label)}</label>
            <input id=id type=kind.unwrap_or("text") prop:value=move || value.get()
                aria-invalid=move || errors.with(|e| crate::components::field_errors::has_error(e, id)).to_string()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            <FieldErrors field=id errors />
        </div>
    }
}

/// The network of resources: the list, and a form to add, change or remove one.
#[component]
pub fn Resources() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        api::resources(ResourceQuery::default())
    });
    let form = ResourceForm::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<AdminMsg>);
    let done = move |result: Result<(), shared::api::Problem>| match result {
        Ok(_) => {
            outcome.set(Some(AdminMsg::Saved));
            errors.set(Vec::new());
            form.fill(None);
            version.update(|v| *v += 1);
        }
        Err(problem) => {
            errors.set(problem.errors);
            outcome.set(Some(AdminMsg::FixErrors));
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = form.request();
        if let Err(found) = request.validate() {
            errors.set(found);
            outcome.set(Some(AdminMsg::FixErrors));
            return;
        }
        leptos::task::spawn_local(async move {
            let result = match form.id.get_untracked() {
                Some(id) => api::update_resource(session, id, &request).await,
                None => api::create_resource(session, &request).await.map(drop),
            };
            done(result);
        });
    };
    let remove = move |id: shared::domain::ResourceId| {
        leptos::task::spawn_local(async move {
            done(api::delete_resource(session, id).await);
        });
    };
    view! {
        <h1>{move || i18n.a(AdminMsg::Resources)}</h1>
        <p role="status" data-testid="resource-outcome">{move || outcome.get().map(|m| i18n.a(m))}</p>
        <form class="entry-form" novalidate on:submit=save aria-labelledby="resource-form-title">
            <h2 id="resource-form-title">{move || i18n.a(if form.id.get().is_some() { AdminMsg::EditResource } else { AdminMsg::NewResource })}</h2>
            <Input id="title" label=AdminMsg::Title value=form.title errors />
            <Input id="url" label=AdminMsg::Link value=form.url errors kind="url" />
            <div class="field">
                <label for="kind">{move || i18n.a(AdminMsg::Kind)}</label>
                <select id="kind" prop:value=move || form.kind.get() on:change=move |ev| form.kind.set(event_target_value(&ev))>
                    {ResourceKind::ALL.into_iter().map(|choice| { let k = choice.as_str(); view! { <option value=k selected=move || form.kind.get() == k>{move || i18n.t(resource_kind_name(choice))}</option> } }).collect_view()}
                </select>
                <FieldErrors field="kind" errors />
            </div>
            <Input id="language" label=AdminMsg::LanguageTag value=form.language errors />
            <div class="field">
                <label for="summary">{move || i18n.a(AdminMsg::Summary)}</label>
                <textarea id="summary" rows="3" maxlength="2000" prop:value=move || form.summary.get()
                    on:input=move |ev| form.summary.set(event_target_value(&ev))></textarea>
                <FieldErrors field="summary" errors />
            </div>
            <Input id="topics" label=AdminMsg::TopicKeys value=form.topics errors />
            <div class="owner-actions">
                <button type="submit" class="primary">{move || i18n.a(AdminMsg::Save)}</button>
                {move || form.id.get().is_some().then(|| view! {
                    <button type="button" on:click=move |_| form.fill(None)>{i18n.a(AdminMsg::Cancel)}</button>
                })}
            </div>
        </form>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
        {move || Suspend::new(async move { list.await.map(|items| view! {
                <ul class="admin-list" data-testid="resources">
                    {items.into_iter().map(|r| {
                        let id = r.id;
                        let edited = r.clone();
                        view! {
                            <li>
                                <span><bdi lang=r.language.clone() dir="auto">{r.title.clone()}</bdi>" · "{i18n.t(resource_kind_name(r.kind))}" · "<span dir="ltr" translate="no">{r.url.clone()}</span></span>
                                <button type="button" on:click=move |_| form.fill(Some(&edited))>{i18n.a(AdminMsg::Edit)}<span class="visually-hidden">": "<bdi dir="auto">{r.title.clone()}</bdi></span></button>
                                <button type="button" class="danger" on:click=move |_| remove(id)>{i18n.a(AdminMsg::Delete)}<span class="visually-hidden">": "<bdi dir="auto">{r.title.clone()}</bdi></span></button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }) })}
        </ErrorBoundary></Transition>
    }
}
