use leptos::prelude::*;
use shared::api::admin::InvitationAcceptance;
use shared::domain::FieldError;

use super::i18n;
use super::strings::{AdminMsg, AdminText};
use crate::api;
use crate::components::field_errors::FieldErrors;

/// The token after `#token=` in the invitation link. It is in the fragment so that it never
/// reaches a server log; once read it leaves the address bar too.
fn token_from_fragment() -> String {
    let hash = window().location().hash().unwrap_or_default();
    let token = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .unwrap_or_default()
        .to_owned();
    if !token.is_empty()
        && let Ok(history) = window().history()
    {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/admin/invite"));
    }
    token
}

/// An invited person chooses their password, then signs in.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let i18n = i18n();
    let token = StoredValue::new(token_from_fragment());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(false);
    let outcome = RwSignal::new(None::<AdminMsg>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = InvitationAcceptance {
            token: token.get_value(),
            password: password.get_untracked(),
        };
        if let Err(rule) = shared::api::auth::new_password(&request.password) {
            errors.set(vec![rule.at("password")]);
            outcome.set(Some(AdminMsg::FixErrors));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::accept_invitation(&request).await {
                Ok(_) => done.set(true),
                Err(problem) if problem.errors.iter().any(|e| e.field == "token") => {
                    outcome.set(Some(AdminMsg::InvitationInvalid));
                }
                Err(problem) => {
                    errors.set(problem.errors);
                    outcome.set(Some(AdminMsg::FixErrors));
                }
            }
        });
    };
    view! {
        <h1>{move || i18n.a(AdminMsg::InvitationTitle)}</h1>
        {move || if done.get() {
            view! {
                <p role="status" data-testid="invitation-done">{i18n.a(AdminMsg::InvitationAccepted)}" "<a href="/admin">{i18n.a(AdminMsg::SignIn)}</a></p>
            }.into_any()
        } else if token.get_value().is_empty() {
            view! { <p role="alert">{i18n.a(AdminMsg::InvitationInvalid)}</p> }.into_any()
        } else {
            view! {
                <p role="status" data-testid="invitation-outcome">{move || outcome.get().map(|m| i18n.a(m))}</p>
                <form class="entry-form" novalidate on:submit=submit>
                    <div class="field">
                        <label for="invite-password">{i18n.a(AdminMsg::NewPassword)}</label>
                        <p class="help" id="invite-password-help">{i18n.a(AdminMsg::PasswordRule)}</p>
                        <input id="invite-password" type="password" autocomplete="new-password" aria-describedby="invite-password-help"
                            prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                        <FieldErrors field="password" errors />
                    </div>
                    <button type="submit" class="primary">{i18n.a(AdminMsg::Save)}</button>
                </form>
            }.into_any()
        }}
    }
}
