use leptos::prelude::*;
use shared::api::admin::ContactMessageStatus;
use shared::domain::RelayStatus;

use super::strings::{AdminCount, AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;

fn status_text(status: RelayStatus) -> AdminMsg {
    match status {
        RelayStatus::New => AdminMsg::StatusNew,
        RelayStatus::Introduced => AdminMsg::StatusIntroduced,
        RelayStatus::Closed => AdminMsg::StatusClosed,
    }
}

/// The relay inbox: visitors' messages for Jerusalem organisations, which moderators pass on.
#[component]
pub fn RelayInbox() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let messages = LocalResource::new(move || {
        version.track();
        api::contact_messages(session)
    });
    let set_status = move |id: shared::domain::ContactMessageId, status: RelayStatus| {
        leptos::task::spawn_local(async move {
            let change = ContactMessageStatus {
                status: status.as_str().to_owned(),
            };
            let _ = api::set_contact_message_status(session, id, &change).await;
            version.update(|v| *v += 1);
        });
    };
    view! {
        <h1>{move || i18n.a(AdminMsg::RelayInbox)}</h1>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
        {move || Suspend::new(async move { messages.await.map(|list| if list.is_empty() {
            view! { <p>{i18n.a(AdminMsg::InboxEmpty)}</p> }.into_any()
        } else { view! {
                <ol class="review-list" data-testid="inbox">
                    {list.into_iter().map(|m| {
                        let id = m.id;
                        view! {
                            <li class="review-item"><article>
                                <h2><bdi dir="auto">{m.organization_name.clone()}</bdi>" · "<span data-testid="message-status">{i18n.a(status_text(m.status))}</span></h2>
                                <p class="meta">{m.sender_name.clone()}" · "<span dir="ltr">{m.sender_email.clone()}</span></p>
                                <p class="message" dir="auto">{m.message.clone()}</p>
                                <div class="owner-actions">
                                    <button type="button" on:click=move |_| set_status(id, RelayStatus::Introduced)>{i18n.a(AdminMsg::MarkIntroduced)}</button>
                                    <button type="button" on:click=move |_| set_status(id, RelayStatus::Closed)>{i18n.a(AdminMsg::MarkClosed)}</button>
                                </div>
                            </article></li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any() }) })}
        </ErrorBoundary></Transition>
    }
}

/// The outbox (admins only): what was sent, what waits, and why.
#[component]
pub fn Outbox() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let items = LocalResource::new(move || api::outbox(session));
    view! {
        <h1>{move || i18n.a(AdminMsg::Outbox)}</h1>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
        {move || Suspend::new(async move { items.await.map(|list| if list.is_empty() {
            view! { <p>{i18n.a(AdminMsg::OutboxEmpty)}</p> }.into_any()
        } else { view! {
                <ul class="outbox" data-testid="outbox">
                    {list.into_iter().map(|m| view! {
                        <li>
                            <span class="meta">{m.created_at.to_rfc3339().chars().take(16).collect::<String>().replace('T', " ")}</span>" · "
                            <bdi dir="auto">{m.subject.clone()}</bdi>" → "<span dir="ltr" translate="no">{m.recipient.clone()}</span>" · "
                            {if m.sent_at.is_some() { i18n.a(AdminMsg::Sent) } else { i18n.a(AdminMsg::Waiting) }}
                            {(m.attempts > 0).then(|| format!(" · {}", i18n.a_count(AdminCount::Attempts, m.attempts as usize)))}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any() }) })}
        </ErrorBoundary></Transition>
    }
}
