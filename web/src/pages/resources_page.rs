use leptos::prelude::*;

use crate::api;
use crate::i18n::{I18n, Msg, PagesMsg, resource_kind_name};
use crate::leaflet_ext::language_name;
use crate::router::use_router;
use shared::api::ResourceQuery;
use shared::domain::ResourceKind;

/// `/resources`: the network's reports, toolkits and media, filterable by kind, topic and
/// language (kept in the URL).
#[component]
pub fn ResourcesPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let router = use_router();
    let filter = move |key: &'static str| {
        Memo::new(move |_| router.with_query(|q| q.get(key).unwrap_or_default().to_owned()))
    };
    let (kind, topic, language, organization) = (
        filter("kind"),
        filter("topic"),
        filter("language"),
        filter("organization"),
    );
    // Every resource, for the topic and language choices; the filtered list below.
    let all = LocalResource::new(|| api::resources(ResourceQuery::default()));
    // Topics are focus-area keys: their names come in every language with the focus areas.
    let focus_areas = LocalResource::new(api::focus_areas);
    let topic_name = move |key: &str| -> String {
        let lang = i18n.lang.get();
        focus_areas
            .get()
            .and_then(Result::ok)
            .and_then(|areas| areas.into_iter().find(|a| a.key == key))
            .map_or_else(
                || key.replace('_', " "),
                |a| a.names.get(lang.code()).to_owned(),
            )
    };
    let language_label = move |code: &str| language_name(code, i18n.lang.get().code());
    let shown = LocalResource::new(move || {
        let given = |value: String| (!value.is_empty()).then_some(value);
        api::resources(ResourceQuery {
            kind: given(kind.get()),
            topic: given(topic.get()),
            language: given(language.get()),
            organization: given(organization.get()),
        })
    });
    let set = move |key: &'static str, value: String| {
        let mut pairs: Vec<(&str, String)> = vec![
            ("kind", kind.get_untracked()),
            ("topic", topic.get_untracked()),
            ("language", language.get_untracked()),
            ("organization", organization.get_untracked()),
        ];
        for pair in &mut pairs {
            if pair.0 == key {
                pair.1 = value.clone();
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", shared::text::percent_encode(&v)))
            .collect();
        router.navigate(
            &if query.is_empty() {
                "/resources".to_owned()
            } else {
                format!("/resources?{}", query.join("&"))
            },
            false,
        );
    };
    let choices = move |pick: fn(&shared::api::Resource) -> Vec<String>| {
        let mut values: Vec<String> = all
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .iter()
            .flat_map(pick)
            .collect();
        values.sort();
        values.dedup();
        values
    };
    view! {
        <main id="main" class="form-page resources-page" tabindex="-1">
            <h1>{move || i18n.t(PagesMsg::ResourcesTitle)}</h1>
            <p>{move || i18n.t(PagesMsg::ResourcesIntro)}</p>
            <div class="resource-filters">
                <div class="field">
                    <label for="resource-kind">{move || i18n.t(PagesMsg::KindLabel)}</label>
                    <select id="resource-kind" on:change=move |ev| set("kind", event_target_value(&ev)) prop:value=move || kind.get()>
                        <option value="">{move || i18n.t(PagesMsg::AllKinds)}</option>
                        {ResourceKind::ALL.into_iter().map(|choice| { let key = choice.as_str(); view! { <option value=key selected=move || kind.get() == key>{move || i18n.t(resource_kind_name(choice))}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="resource-topic">{move || i18n.t(PagesMsg::TopicLabel)}</label>
                    <select id="resource-topic" on:change=move |ev| set("topic", event_target_value(&ev)) prop:value=move || topic.get()>
                        <option value="">{move || i18n.t(PagesMsg::AllTopics)}</option>
                        {move || choices(|r| r.topics.clone()).into_iter().map(|t| { let selected = topic.get() == t; view! { <option value=t.clone() selected=selected>{topic_name(&t)}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="resource-language">{move || i18n.t(Msg::Language)}</label>
                    <select id="resource-language" on:change=move |ev| set("language", event_target_value(&ev)) prop:value=move || language.get()>
                        <option value="">{move || i18n.t(PagesMsg::AllLanguages)}</option>
                        {move || choices(|r| vec![r.language.clone()]).into_iter().map(|l| { let selected = language.get() == l; view! { <option value=l.clone() selected=selected>{language_label(&l)}</option> } }).collect_view()}
                    </select>
                </div>
            </div>
            <Transition fallback=move || view! { <p role="status">{move || i18n.t(Msg::Loading)}</p> }>
            <ErrorBoundary fallback=move |_| view! { <p role="alert">{move || i18n.t(Msg::LoadFailed)}</p> }>
            {move || Suspend::new(async move { shown.await.map(|list| if list.is_empty() {
                view! { <p role="status">{i18n.t(PagesMsg::NoResources)}</p> }.into_any()
            } else { view! {
                    <ul class="resource-list" data-testid="resource-list">
                        {list.into_iter().map(|r| view! {
                            <li>
                                <h2><a href=r.url.clone() rel="noopener noreferrer nofollow" lang=r.language.clone()>{r.title.clone()}</a></h2>
                                <p class="meta">{i18n.t(resource_kind_name(r.kind))}" · "{language_label(&r.language)}</p>
                                <p lang=r.language.clone()>{r.summary.clone()}</p>
                                {(!r.organizations.is_empty()).then(|| view! {
                                    <p>{r.organizations.iter().map(|o| view! { <a class="org-link" href=format!("/org/{}", o.slug)><bdi dir="auto">{o.name.clone()}</bdi></a>" " }).collect_view()}</p>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any() }) })}
            </ErrorBoundary></Transition>
        </main>
    }
}
