use leptos::prelude::*;
use shared::api::auth::{PasswordChange, TotpCode, TotpSetup};
use shared::domain::FieldError;

use super::session;
use super::strings::{AdminMsg, AdminText};
use super::{i18n, use_session};
use crate::api;
use crate::components::field_errors::FieldErrors;

/// The signed-in account: a new password (which ends every session, so the next step is signing
/// in again) and two-factor sign-in with an authenticator app.
#[component]
pub fn Account() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<AdminMsg>);

    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        if let Err(rule) = shared::api::auth::new_password(&request.new_password) {
            errors.set(vec![rule.at("new_password")]);
            outcome.set(Some(AdminMsg::FixErrors));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::change_password(session, &request).await {
                // Every session has ended, this one too.
                Ok(_) => session::forget(session),
                Err(problem) => {
                    errors.set(problem.errors);
                    outcome.set(Some(AdminMsg::FixErrors));
                }
            }
        });
    };

    let setup = RwSignal::new(None::<TotpSetup>);
    let code = RwSignal::new(String::new());
    let totp_password = RwSignal::new(String::new());
    let recovery = RwSignal::new(None::<Vec<String>>);
    let totp_errors = RwSignal::new(Vec::<FieldError>::new());
    let totp_outcome = RwSignal::new(None::<AdminMsg>);
    let start = move |_| {
        leptos::task::spawn_local(async move {
            match api::totp_setup(session).await {
                Ok(secret) => setup.set(Some(secret)),
                Err(problem) if problem.status == 409 => {
                    totp_outcome.set(Some(AdminMsg::TwoFactorAlreadyOn))
                }
                Err(_) => totp_outcome.set(Some(AdminMsg::Failed)),
            }
        });
    };
    let enable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = TotpCode {
            code: code.get_untracked(),
            password: totp_password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::totp_enable(session, &request).await {
                Ok(codes) => {
                    // Turning it on ends every session, this one too: the codes stay in view
                    // until the person chooses to sign in again, this time with a code.
                    setup.set(None);
                    recovery.set(Some(codes.recovery_codes));
                    totp_outcome.set(Some(AdminMsg::TwoFactorOn));
                }
                Err(problem) => {
                    totp_errors.set(problem.errors);
                    totp_outcome.set(Some(AdminMsg::FixErrors));
                }
            }
        });
    };

    view! {
        <h1>{move || i18n.a(AdminMsg::MyAccount)}</h1>
        {move || session.totp_setup_required.get().then(|| view! {
            <p class="duplicates" role="alert" data-testid="totp-required">{i18n.a(AdminMsg::TwoFactorRequired)}</p>
        })}
        <section class="admin-section" aria-labelledby="totp-title">
            <h2 id="totp-title">{move || i18n.a(AdminMsg::TwoFactor)}</h2>
            <p role="status" data-testid="totp-outcome">{move || totp_outcome.get().map(|m| i18n.a(m))}</p>
            {move || match (setup.get(), recovery.get()) {
                (_, Some(codes)) => view! {
                    <p>{i18n.a(AdminMsg::RecoveryCodesHelp)}</p>
                    <ul class="recovery-codes" data-testid="recovery-codes" dir="ltr">
                        {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                    <p>{i18n.a(AdminMsg::SignInAgainWithCode)}</p>
                    <button type="button" class="primary" on:click=move |_| session::forget(session)>{i18n.a(AdminMsg::SignInAgain)}</button>
                }.into_any(),
                (Some(secret), None) => view! {
                    <p>{i18n.a(AdminMsg::TwoFactorSecretHelp)}</p>
                    <p dir="ltr"><code data-testid="totp-secret">{secret.secret.clone()}</code></p>
                    <p class="help" dir="ltr">{secret.otpauth_url.clone()}</p>
                    <form class="entry-form" novalidate on:submit=enable>
                        <div class="field">
                            <label for="totp-code">{i18n.a(AdminMsg::OneTimeCode)}</label>
                            <input id="totp-code" type="text" inputmode="numeric" autocomplete="one-time-code" dir="ltr" maxlength="10"
                                prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
                            <FieldErrors field="code" errors=totp_errors />
                        </div>
                        <div class="field">
                            <label for="totp-password">{i18n.a(AdminMsg::Password)}</label>
                            <input id="totp-password" type="password" autocomplete="current-password"
                                prop:value=move || totp_password.get() on:input=move |ev| totp_password.set(event_target_value(&ev)) />
                            <FieldErrors field="password" errors=totp_errors />
                        </div>
                        <button type="submit" class="primary">{i18n.a(AdminMsg::TurnOnTwoFactor)}</button>
                    </form>
                }.into_any(),
                (None, None) => view! {
                    <button type="button" on:click=start>{i18n.a(AdminMsg::SetUpTwoFactor)}</button>
                }.into_any(),
            }}
        </section>
        <form class="entry-form admin-section" novalidate on:submit=change aria-labelledby="password-title">
            <h2 id="password-title">{move || i18n.a(AdminMsg::ChangePassword)}</h2>
            <p class="help">{move || i18n.a(AdminMsg::ChangePasswordHelp)}</p>
            <p role="status">{move || outcome.get().map(|m| i18n.a(m))}</p>
            <div class="field">
                <label for="current_password">{move || i18n.a(AdminMsg::CurrentPassword)}</label>
                <input id="current_password" type="password" autocomplete="current-password" prop:value=move || current.get()
                    on:input=move |ev| current.set(event_target_value(&ev)) />
                <FieldErrors field="current_password" errors />
            </div>
            <div class="field">
                <label for="new_password">{move || i18n.a(AdminMsg::NewPassword)}</label>
                <input id="new_password" type="password" autocomplete="new-password" prop:value=move || new.get()
                    on:input=move |ev| new.set(event_target_value(&ev)) />
                <FieldErrors field="new_password" errors />
            </div>
            <button type="submit" class="primary">{move || i18n.a(AdminMsg::ChangePassword)}</button>
        </form>
    }
}
