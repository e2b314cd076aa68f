//! `/admin/links`: the links that failed their last check, where each is used, and a way to
//! check the due ones now (issue #18).

use leptos::prelude::*;
use shared::api::admin::LinkCheckView;

use super::strings::{AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;

#[component]
pub fn LinkChecks() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let failing = LocalResource::new(move || {
        version.track();
        api::failing_links(session)
    });
    let outcome = RwSignal::new(None::<String>);
    let running = RwSignal::new(false);
    let run = move |_| {
        running.set(true);
        leptos::task::spawn_local(async move {
            let said = match api::run_link_checks(session).await {
                Ok(pass) => i18n.a_format(
                    AdminMsg::LinkChecksRan,
                    &[
                        ("checked", &pass.checked.to_string()),
                        ("failed", &pass.failed.to_string()),
                    ],
                ),
                Err(problem) => problem.to_string(),
            };
            outcome.set(Some(said));
            running.set(false);
            version.update(|v| *v += 1);
        });
    };
    view! {
        <h1>{move || i18n.a(AdminMsg::LinkChecks)}</h1>
        <p>{move || i18n.a(AdminMsg::LinkChecksIntro)}</p>
        <p>
            <button type="button" on:click=run disabled=move || running.get()>{move || i18n.a(AdminMsg::RunLinkChecks)}</button>
        </p>
        <p role="status" data-testid="link-check-outcome">{move || outcome.get()}</p>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move {
                failing.await.map(|links| if links.is_empty() {
                    view! { <p>{i18n.a(AdminMsg::NoFailingLinks)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="admin-list" data-testid="failing-links">
                            {links.into_iter().map(|link| view! { <FailingLink link /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </ErrorBoundary></Transition>
    }
}

#[component]
fn FailingLink(link: LinkCheckView) -> impl IntoView {
    let i18n = i18n();
    let reason = move || shared::api::link_reason(link.outcome, link.http_status, i18n.lang.get());
    let failures = link.failures.to_string();
    view! {
        <li>
            <div>
                <a href=link.url.clone() rel="noopener noreferrer nofollow" dir="ltr" translate="no">{link.url.clone()}</a>
                <p class="meta">
                    {reason}" · "{move || i18n.a_format(AdminMsg::FailedChecks, &[("n", &failures)])}
                    {link.dead.then(|| view! { " · "<strong>{move || i18n.a(AdminMsg::LinkHidden)}</strong> })}
                </p>
                <p class="meta">{move || i18n.a(AdminMsg::UsedBy)}": "
                    {link.organizations.iter().map(|org| view! {
                        <a href=format!("/admin/organizations/{}", org.id)><bdi dir="auto">{org.name.clone()}</bdi></a>" "
                    }).collect_view()}
                    {link.resources.iter().map(|resource| view! {
                        <a href="/admin/resources"><bdi dir="auto">{resource.name.clone()}</bdi></a>" "
                    }).collect_view()}
                </p>
            </div>
        </li>
    }
}
