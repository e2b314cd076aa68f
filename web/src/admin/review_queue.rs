use leptos::prelude::*;
use shared::api::admin::ReviewItem;

use super::session;
use super::strings::{AdminMsg, AdminText};
use super::{i18n, use_session};
use crate::i18n::with_count;

fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Pending joins and updates, oldest first, each with its diff, duplicates and the two decisions.
#[component]
pub fn ReviewQueue() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let queue = LocalResource::new(move || {
        version.track();
        session::authorised::<Vec<ReviewItem>>(session, "GET", "/api/v1/admin/submissions", None)
    });
    let outcome = RwSignal::new(None::<AdminMsg>);
    let decide = move |url: String, body: Option<serde_json::Value>, done: AdminMsg| {
        leptos::task::spawn_local(async move {
            let result =
                session::authorised::<serde_json::Value>(session, "POST", &url, body).await;
            outcome.set(Some(if result.is_ok() {
                done
            } else {
                AdminMsg::Failed
            }));
            version.update(|v| *v += 1);
        });
    };
    view! {
        <h1>{move || i18n.a(AdminMsg::ReviewQueue)}</h1>
        <p role="status" data-testid="review-outcome">{move || outcome.get().map(|m| i18n.a(m))}</p>
        {move || match queue.get() {
            None => view! { <p role="status">{i18n.t(crate::i18n::Msg::Loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p role="alert">{i18n.a(AdminMsg::Failed)}</p> }.into_any(),
            Some(Ok(items)) if items.is_empty() => view! { <p data-testid="pending-count">{i18n.a(AdminMsg::NothingToReview)}</p> }.into_any(),
            Some(Ok(items)) => view! {
                <p data-testid="pending-count">{with_count(i18n.a(AdminMsg::PendingCount), items.len())}</p>
                <ol class="review-list">
                    {items.into_iter().map(|item| {
                        let id = item.submission_id;
                        let reason = RwSignal::new(String::new());
                        let reason_id = format!("reason-{id}");
                        let title_id = format!("item-{id}");
                        let labelled_by = title_id.clone();
                        let approve = move |_| decide(format!("/api/v1/admin/submissions/{id}/approve"), None, AdminMsg::Approved);
                        let reject = move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            decide(format!("/api/v1/admin/submissions/{id}/reject"), Some(serde_json::json!({"reason": reason.get_untracked()})), AdminMsg::Rejected);
                        };
                        view! {
                            <li class="review-item">
                                <article aria-labelledby=labelled_by>
                                    <h2 id=title_id>{item.draft.name.clone()}" · "{if item.kind == "update" { i18n.a(AdminMsg::Update) } else { i18n.a(AdminMsg::NewEntry) }}</h2>
                                    <p class="meta">{with_count(i18n.a(AdminMsg::SubmittedOn), item.created_at.to_rfc3339().chars().take(10).collect::<String>())}
                                        {item.contact_email.clone().map(|e| view! { " · "{i18n.a(AdminMsg::ContactEmail)}": "<span dir="ltr">{e}</span> })}</p>
                                    <table class="diff">
                                        <thead><tr><th scope="col">{i18n.a(AdminMsg::Field)}</th><th scope="col">{i18n.a(AdminMsg::Before)}</th><th scope="col">{i18n.a(AdminMsg::After)}</th></tr></thead>
                                        <tbody>
                                            {item.changes.iter().map(|c| view! { <tr><th scope="row">{c.field.clone()}</th><td>{show(&c.before)}</td><td>{show(&c.after)}</td></tr> }).collect_view()}
                                        </tbody>
                                    </table>
                                    {(!item.possible_duplicates.is_empty()).then(|| view! {
                                        <p class="duplicates">{i18n.a(AdminMsg::LikelyDuplicates)}": "
                                            {item.possible_duplicates.iter().map(|d| d.name.clone().unwrap_or_else(|| "…".to_owned())).collect::<Vec<_>>().join(", ")}</p>
                                    })}
                                    <div class="owner-actions">
                                        <button type="button" class="primary" on:click=approve>{i18n.a(AdminMsg::Approve)}</button>
                                    </div>
                                    <form class="hide-form" on:submit=reject>
                                        <label for=reason_id.clone()>{i18n.a(AdminMsg::Reason)}</label>
                                        <input id=reason_id type="text" required maxlength="2000" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                                        <button type="submit">{i18n.a(AdminMsg::ConfirmReject)}</button>
                                    </form>
                                </article>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any(),
        }}
    }
}
