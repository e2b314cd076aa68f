use leptos::prelude::*;
use shared::api::admin::{NewUserRequest, UserUpdate};
use shared::api::auth::Role;
use shared::domain::FieldError;

use super::strings::{AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::field_errors::FieldErrors;

fn role_name(role: Role) -> AdminMsg {
    match role {
        Role::Admin => AdminMsg::RoleAdmin,
        Role::Moderator => AdminMsg::RoleModerator,
    }
}

/// Accounts and roles (admins only): invite, change a role, disable, reset two-factor sign-in.
#[component]
pub fn Users() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        version.track();
        api::users(session)
    });
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("moderator".to_owned());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<AdminMsg>);
    // A refused change changed nothing: the list is reloaded only after a change or a conflict,
    // so that a row keeps what was typed next to its errors.
    let after = move |result: Result<(), shared::api::Problem>| match result {
        Ok(_) => {
            errors.set(Vec::new());
            outcome.set(Some(AdminMsg::Saved));
            version.update(|v| *v += 1);
        }
        Err(problem) if problem.status == 409 => {
            outcome.set(Some(AdminMsg::Conflict));
            version.update(|v| *v += 1);
        }
        Err(problem) => {
            errors.set(problem.errors);
            outcome.set(Some(AdminMsg::FixErrors));
        }
    };
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NewUserRequest {
            email: email.get_untracked(),
            role: Role::parse(&role.get_untracked()),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = api::create_user(session, &request).await.map(drop);
            if result.is_ok() {
                email.set(String::new());
                password.set(String::new());
            }
            after(result);
        });
    };
    let update = move |id: shared::domain::UserId, change: UserUpdate| {
        leptos::task::spawn_local(async move {
            after(api::update_user(session, id, &change).await.map(drop));
        });
    };
    let save_countries = move |id: shared::domain::UserId,
                               change: UserUpdate,
                               row_errors: RwSignal<Vec<FieldError>>| {
        leptos::task::spawn_local(async move {
            let result = api::update_user(session, id, &change).await.map(drop);
            row_errors.set(
                result
                    .as_ref()
                    .err()
                    .map(|p| p.errors.clone())
                    .unwrap_or_default(),
            );
            after(result);
        });
    };
    let reset = move |id: shared::domain::UserId| {
        leptos::task::spawn_local(async move {
            after(api::reset_two_factor(session, id).await);
        });
    };

    view! {
        <h1>{move || i18n.a(AdminMsg::Users)}</h1>
        <p role="status" data-testid="users-outcome">{move || outcome.get().map(|m| i18n.a(m))}</p>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
        {move || Suspend::new(async move { users.await.map(|list| view! {
                <div class="table-scroll">
                    <table class="admin-table" data-testid="users">
                        <caption class="visually-hidden">{i18n.a(AdminMsg::Users)}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.a(AdminMsg::Email)}</th>
                            <th scope="col">{i18n.a(AdminMsg::Role)}</th>
                            <th scope="col">{i18n.a(AdminMsg::TwoFactor)}</th>
                            <th scope="col">{i18n.a(AdminMsg::Access)}</th>
                            <th scope="col">{i18n.a(AdminMsg::ModeratedCountries)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|user| {
                                let id = user.id;
                                let (current_role, disabled) = (user.role, user.disabled);
                                let select_id = format!("role-{id}");
                                let select_label = format!("{}: {}", i18n.a(AdminMsg::Role), user.email);
                                let name = format!(": {}", user.email);
                                let other_role = if current_role == Role::Admin { Role::Moderator } else { Role::Admin };
                                let countries = RwSignal::new(user.countries.join(", "));
                                let row_errors = RwSignal::new(Vec::<FieldError>::new());
                                let countries_id = format!("countries-{id}");
                                let countries_help = format!("countries-{id}-help");
                                let countries_error = format!("countries-{id}-error");
                                let countries_label = format!("{}: {}", i18n.a(AdminMsg::ModeratedCountries), user.email);
                                let described = {
                                    let (help, error) = (countries_help.clone(), countries_error.clone());
                                    move || if row_errors.with(Vec::is_empty) { help.clone() } else { format!("{help} {error}") }
                                };
                                let on_save = move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    let given = countries.get_untracked();
                                    let codes = given.split([',', ' ', ';']).map(str::trim).filter(|c| !c.is_empty())
                                        .map(str::to_uppercase).collect();
                                    save_countries(id, UserUpdate { role: current_role, disabled, countries: Some(codes) }, row_errors);
                                };
                                view! {
                                    <tr data-testid="user-row">
                                        <th scope="row" dir="ltr" translate="no">{user.email.clone()}</th>
                                        <td>
                                            <label class="visually-hidden" for=select_id.clone()>{select_label}</label>
                                            <select id=select_id on:change=move |ev| {
                                                if let Some(role) = Role::parse(&event_target_value(&ev)) {
                                                    update(id, UserUpdate { role, disabled, countries: None });
                                                }
                                            }>
                                                <option value=current_role.as_str() selected=true>{i18n.a(role_name(current_role))}</option>
                                                <option value=other_role.as_str()>{i18n.a(role_name(other_role))}</option>
                                            </select>
                                        </td>
                                        <td>
                                            {if user.totp_enabled { i18n.a(AdminMsg::On) } else { i18n.a(AdminMsg::Off) }}
                                            {user.totp_enabled.then(|| {
                                                let name = name.clone();
                                                view! { " "<button type="button" on:click=move |_| reset(id)>{i18n.a(AdminMsg::ResetTwoFactor)}<span class="visually-hidden" translate="no">{name}</span></button> }
                                            })}
                                        </td>
                                        <td>
                                            <span data-testid="user-access">{if disabled { i18n.a(AdminMsg::Disabled) } else if user.invited { i18n.a(AdminMsg::Invited) } else { i18n.a(AdminMsg::Active) }}</span>" "
                                            <button type="button" on:click=move |_| update(id, UserUpdate { role: current_role, disabled: !disabled, countries: None })>
                                                {if disabled { i18n.a(AdminMsg::Enable) } else { i18n.a(AdminMsg::Disable) }}<span class="visually-hidden" translate="no">{name.clone()}</span>
                                            </button>
                                        </td>
                                        <td>
                                            <form novalidate on:submit=on_save>
                                                <label class="visually-hidden" for=countries_id.clone()>{countries_label}</label>
                                                <input id=countries_id type="text" dir="ltr" size="12" autocomplete="off" spellcheck="false"
                                                    data-testid="user-countries"
                                                    aria-describedby=described
                                                    aria-invalid=move || (!row_errors.with(Vec::is_empty)).then_some("true")
                                                    prop:value=move || countries.get()
                                                    on:input=move |ev| countries.set(event_target_value(&ev)) />
                                                " "<button type="submit">{i18n.a(AdminMsg::Save)}<span class="visually-hidden" translate="no">{name.clone()}</span></button>
                                                <p class="help" id=countries_help>{i18n.a(AdminMsg::ModeratedCountriesHelp)}</p>
                                                <FieldErrors field="countries" errors=row_errors id=countries_error />
                                            </form>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }) })}
        </ErrorBoundary></Transition>
        <form class="entry-form" novalidate on:submit=invite aria-labelledby="invite-title">
            <h2 id="invite-title">{move || i18n.a(AdminMsg::Invite)}</h2>
            <div class="field">
                <label for="email">{move || i18n.a(AdminMsg::Email)}</label>
                <input id="email" type="email" dir="ltr" autocomplete="off" maxlength="254" prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev)) />
                <FieldErrors field="email" errors />
            </div>
            <div class="field">
                <label for="role">{move || i18n.a(AdminMsg::Role)}</label>
                <select id="role" on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="moderator" selected=true>{move || i18n.a(AdminMsg::RoleModerator)}</option>
                    <option value="admin">{move || i18n.a(AdminMsg::RoleAdmin)}</option>
                </select>
            </div>
            <div class="field">
                <label for="password">{move || i18n.a(AdminMsg::FirstPassword)}</label>
                <p class="help" id="password-help">{move || i18n.a(AdminMsg::FirstPasswordHelp)}</p>
                <input id="password" type="password" autocomplete="new-password" aria-describedby="password-help" prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev)) />
                <FieldErrors field="password" errors />
            </div>
            <button type="submit" class="primary">{move || i18n.a(AdminMsg::Invite)}</button>
        </form>
    }
}
