use leptos::prelude::*;
use shared::api::auth::LoginRequest;

use super::session;
use super::strings::{AdminMsg, AdminText};
use super::{i18n, use_session};

/// E-mail, password, and the one-time code when the account has two-factor sign-in.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let needs_code = RwSignal::new(false);
    let message = RwSignal::new(None::<AdminMsg>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = code.get_untracked().trim().to_owned();
        let (totp_code, recovery_code) = if text.contains('-') {
            (None, Some(text))
        } else {
            (Some(text).filter(|t| !t.is_empty()), None)
        };
        let request = LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            totp_code,
            recovery_code,
        };
        leptos::task::spawn_local(async move {
            match session::sign_in(session, request).await {
                Ok(()) => message.set(None),
                Err(problem) => {
                    let code_field = problem.errors.iter().any(|e| e.field == "totp_code");
                    if code_field {
                        needs_code.set(true);
                    }
                    message.set(Some(match problem.status {
                        429 => AdminMsg::Throttled,
                        401 if code_field => AdminMsg::CodeNeeded,
                        400 | 401 => AdminMsg::WrongCredentials,
                        _ => AdminMsg::Failed,
                    }));
                }
            }
        });
    };
    view! {
        <h1>{move || i18n.a(AdminMsg::SignInTitle)}</h1>
        <p class="form-failure-slot" role="alert" data-testid="sign-in-message">{move || message.get().map(|m| i18n.a(m))}</p>
        <form class="entry-form" on:submit=submit>
            <div class="field">
                <label for="admin-email">{move || i18n.a(AdminMsg::Email)}</label>
                <input id="admin-email" type="email" autocomplete="username" required
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="admin-password">{move || i18n.a(AdminMsg::Password)}</label>
                <input id="admin-password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
            </div>
            {move || needs_code.get().then(|| view! {
                <div class="field">
                    <label for="admin-code">{move || i18n.a(AdminMsg::OneTimeCode)}</label>
                    <p class="help" id="admin-code-help">{move || i18n.a(AdminMsg::OneTimeCodeHelp)}</p>
                    <input id="admin-code" type="text" inputmode="numeric" autocomplete="one-time-code" aria-describedby="admin-code-help"
                        prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
                </div>
            })}
            <button type="submit" class="primary">{move || i18n.a(AdminMsg::SignIn)}</button>
        </form>
    }
}
