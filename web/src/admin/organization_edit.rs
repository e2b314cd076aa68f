use leptos::prelude::*;
use shared::api::admin::{AdminOrganization, AdminOrganizationRequest, AuditEntry, StatusChange};
use shared::domain::{FieldError, Status};

use super::strings::{AdminMsg, AdminText, status_name};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::entry_form::{EntryFields, EntryForm};
use crate::components::field_errors::FieldErrors;
use crate::router::use_router;

/// The fields an audit row changed: keys whose values differ between before and after, looking
/// one level into the organisation itself (so a renamed entry shows `name`, not `organization`).
fn changed_fields(entry: &AuditEntry) -> String {
    fn differing(
        before: &serde_json::Map<String, serde_json::Value>,
        after: &serde_json::Map<String, serde_json::Value>,
        found: &mut Vec<String>,
    ) {
        for key in before.keys().chain(after.keys()) {
            let (old, new) = (before.get(key), after.get(key));
            if old == new || found.contains(key) || key == "updated_at" {
                continue;
            }
            match (
                old.and_then(|v| v.as_object()),
                new.and_then(|v| v.as_object()),
            ) {
                (Some(old), Some(new)) if key == "organization" => differing(old, new, found),
                _ => found.push(key.clone()),
            }
        }
    }
    let object = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let mut found = Vec::new();
    differing(&object(&entry.before), &object(&entry.after), &mut found);
    found.join(", ")
}

/// Which confirmation is open, if any: hiding, archiving and deleting ask once more.
#[derive(Clone, Copy, PartialEq)]
enum Confirming {
    Nothing,
    Status(Status),
    Delete,
}

/// One organisation: edit with the shared rules and the map picker, publish, hide, archive or
/// delete (with confirmation), and its history from the audit log. `id` "new" creates one.
#[component]
pub fn OrganizationEdit(id: String) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let router = use_router();
    let creating = id == "new";
    let version = RwSignal::new(0u32);
    let entry = {
        let id = id.clone();
        LocalResource::new(move || {
            version.track();
            let id = id.clone();
            async move {
                if creating {
                    return Ok(None);
                }
                api::admin_organization(session, &id).await.map(Some)
            }
        })
    };
    let history = {
        let id = id.clone();
        LocalResource::new(move || {
            version.track();
            let id = id.clone();
            async move {
                if creating {
                    return Ok(Vec::new());
                }
                api::organization_history(session, &id).await
            }
        })
    };
    let categories = LocalResource::new(api::categories);
    let focus_areas = LocalResource::new(api::focus_areas);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<AdminMsg>);
    let confirming = RwSignal::new(Confirming::Nothing);
    let id = StoredValue::new(id);

    let form_view = move |loaded: Option<AdminOrganization>| {
        let form = loaded
            .as_ref()
            .map(|a| EntryForm::from_organization(&a.organization))
            .unwrap_or_default();
        let contact = RwSignal::new(
            loaded
                .as_ref()
                .and_then(|a| a.contact_email.clone())
                .unwrap_or_default(),
        );
        let notes = RwSignal::new(
            loaded
                .as_ref()
                .map(|a| a.internal_notes.clone())
                .unwrap_or_default(),
        );
        let status = loaded.as_ref().map(|a| a.status.as_str());
        let save = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = AdminOrganizationRequest {
                organization: form.draft(),
                contact_email: Some(contact.get_untracked()).filter(|c| !c.trim().is_empty()),
                internal_notes: notes.get_untracked(),
            };
            // The shared rules first: most mistakes never leave the browser.
            if let Err(found) = request.validate() {
                errors.set(found);
                outcome.set(Some(AdminMsg::FixErrors));
                return;
            }
            errors.set(Vec::new());
            leptos::task::spawn_local(async move {
                let result = if creating {
                    api::create_organization(session, &request).await
                } else {
                    api::update_organization(session, &id.get_value(), &request).await
                };
                match result {
                    Ok(saved) if creating => router.navigate(
                        &format!("/admin/organizations/{}", saved.organization.id),
                        false,
                    ),
                    Ok(_) => {
                        outcome.set(Some(AdminMsg::Saved));
                        version.update(|v| *v += 1);
                    }
                    Err(problem) => {
                        errors.set(problem.errors.clone());
                        outcome.set(Some(AdminMsg::FixErrors));
                    }
                }
            });
        };
        view! {
            {status.map(|s| view! {
                <p class="meta">{move || i18n.a(AdminMsg::Status)}": "<strong data-testid="org-status">{move || i18n.a(status_name(s))}</strong></p>
            })}
            <form class="entry-form" novalidate on:submit=save>
                <EntryFields form errors categories focus_areas />
                <div class="field">
                    <label for="contact_email">{move || i18n.a(AdminMsg::ContactEmail)}</label>
                    <input id="contact_email" type="email" dir="ltr" maxlength="254" prop:value=move || contact.get()
                        on:input=move |ev| contact.set(event_target_value(&ev)) />
                    <FieldErrors field="contact_email" errors />
                </div>
                <div class="field">
                    <label for="internal_notes">{move || i18n.a(AdminMsg::InternalNotes)}</label>
                    <textarea id="internal_notes" rows="3" maxlength="4000" prop:value=move || notes.get()
                        on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                    <FieldErrors field="internal_notes" errors />
                </div>
                <button type="submit" class="primary">{move || i18n.a(if creating { AdminMsg::Create } else { AdminMsg::Save })}</button>
            </form>
        }
    };

    let set_status = move |status: Status| {
        confirming.set(Confirming::Nothing);
        leptos::task::spawn_local(async move {
            let change = StatusChange { status };
            let result = api::set_organization_status(session, &id.get_value(), &change).await;
            outcome.set(Some(if result.is_ok() {
                AdminMsg::Saved
            } else {
                AdminMsg::Failed
            }));
            version.update(|v| *v += 1);
        });
    };
    let delete = move |_| {
        confirming.set(Confirming::Nothing);
        leptos::task::spawn_local(async move {
            match api::delete_organization(session, &id.get_value()).await {
                Ok(_) => router.navigate("/admin/organizations", false),
                Err(_) => outcome.set(Some(AdminMsg::Failed)),
            }
        });
    };
    let ask = move |what: Confirming| move |_| confirming.set(what);

    view! {
        <p><a href="/admin/organizations">{move || i18n.a(AdminMsg::BackToOrganizations)}</a></p>
        <h1>{move || i18n.a(if creating { AdminMsg::NewOrganization } else { AdminMsg::EditOrganization })}</h1>
        <p role="status" data-testid="edit-outcome">{move || outcome.get().map(|m| i18n.a(m))}</p>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move { entry.await.map(form_view) })}
        </ErrorBoundary></Transition>
        {(!creating).then(|| view! {
            <p><a href=format!("/admin/events/new/{}", id.get_value()) data-testid="post-event-for-group">{move || i18n.a(AdminMsg::PostEventForThisGroup)}</a></p>
            <section aria-labelledby="actions-title" class="admin-section">
                <h2 id="actions-title">{move || i18n.a(AdminMsg::Visibility)}</h2>
                <div class="owner-actions">
                    <button type="button" on:click=move |_| set_status(Status::Published)>{move || i18n.a(AdminMsg::Publish)}</button>
                    <button type="button" on:click=ask(Confirming::Status(Status::Hidden))>{move || i18n.a(AdminMsg::Hide)}</button>
                    <button type="button" on:click=ask(Confirming::Status(Status::Archived))>{move || i18n.a(AdminMsg::Archive)}</button>
                    <button type="button" class="danger" on:click=ask(Confirming::Delete)>{move || i18n.a(AdminMsg::Delete)}</button>
                </div>
                {move || match confirming.get() {
                    Confirming::Nothing => None,
                    Confirming::Status(status) => Some(view! {
                        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                            <p id="confirm-text">{i18n.a(if status == Status::Hidden { AdminMsg::ConfirmHide } else { AdminMsg::ConfirmArchive })}</p>
                            <button type="button" class="primary" on:click=move |_| set_status(status)>{i18n.a(AdminMsg::Confirm)}</button>
                            <button type="button" on:click=ask(Confirming::Nothing)>{i18n.a(AdminMsg::Cancel)}</button>
                        </div>
                    }.into_any()),
                    Confirming::Delete => Some(view! {
                        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                            <p id="confirm-text">{i18n.a(AdminMsg::ConfirmDelete)}</p>
                            <button type="button" class="danger" on:click=delete>{i18n.a(AdminMsg::ConfirmDeleteButton)}</button>
                            <button type="button" on:click=ask(Confirming::Nothing)>{i18n.a(AdminMsg::Cancel)}</button>
                        </div>
                    }.into_any()),
                }}
            </section>
            <section aria-labelledby="history-title" class="admin-section">
                <h2 id="history-title">{move || i18n.a(AdminMsg::History)}</h2>
                <Transition fallback=loading><ErrorBoundary fallback=load_failed>
                {move || Suspend::new(async move { history.await.map(|rows| if rows.is_empty() {
                    view! { <p>{i18n.a(AdminMsg::NoHistory)}</p> }.into_any()
                } else { view! {
                        <ol class="history" data-testid="history">
                            {rows.into_iter().map(|row| {
                                let fields = changed_fields(&row);
                                view! {
                                    <li>
                                        <span class="meta">{row.created_at.to_rfc3339().chars().take(16).collect::<String>().replace('T', " ")}</span>" · "
                                        <span dir="ltr">{row.user_email.clone()}</span>" · "<strong>{row.action.clone()}</strong>
                                        {(!fields.is_empty()).then(|| view! { " · "<span class="changed">{fields}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any() }) })}
                </ErrorBoundary></Transition>
            </section>
        })}
    }
}
