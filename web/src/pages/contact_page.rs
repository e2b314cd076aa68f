use leptos::prelude::*;
use shared::api::ContactRequest;
use shared::domain::FieldError;

use super::join_page::focus_id;
use crate::api;
use crate::components::field_errors::{FieldErrors, error_id, has_error};
use crate::i18n::{I18n, Msg, PagesMsg};

/// `/contact/{slug}`: a visitor writes to a group without seeing its address.
#[component]
pub fn ContactPage(slug: String) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let organization = LocalResource::new({
        let slug = slug.clone();
        move || api::organization(slug.clone())
    });
    let token = LocalResource::new(api::form_token);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let homepage = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<PagesMsg>);
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = ContactRequest {
            name: name.get_untracked(),
            email: email.get_untracked(),
            message: message.get_untracked(),
            form_token: token
                .get_untracked()
                .and_then(Result::ok)
                .map(|t| t.token)
                .unwrap_or_default(),
            homepage: homepage.get_untracked(),
        };
        if let Err(found) = request.validate() {
            errors.set(
                found
                    .into_iter()
                    .filter(|e| e.field != "homepage")
                    .collect(),
            );
            focus_id("contact-name");
            return;
        }
        errors.set(Vec::new());
        leptos::task::spawn_local(async move {
            match api::contact(slug.get_value(), request).await {
                Ok(_) => {
                    // A form token allows one message: the next one needs a fresh token.
                    token.refetch();
                    outcome.set(Some(PagesMsg::MessageSent));
                }
                Err(problem) if !problem.errors.is_empty() => errors.set(problem.errors),
                Err(problem) => outcome.set(Some(if problem.status == 429 {
                    PagesMsg::TooManyRequests
                } else {
                    PagesMsg::SendFailed
                })),
            }
            focus_id("contact-outcome");
        });
    };
    let invalid =
        move |field: &'static str| move || errors.with(|e| has_error(e, field)).to_string();
    let described = move |field: &'static str| {
        move || {
            if errors.with(|e| has_error(e, field)) {
                error_id(field)
            } else {
                String::new()
            }
        }
    };
    view! {
        <main id="main" class="form-page" tabindex="-1">
            <Transition fallback=move || view! { <p role="status">{move || i18n.t(Msg::Loading)}</p> }>
            <ErrorBoundary fallback=move |_| view! { <h1>{move || i18n.t(Msg::NotFound)}</h1> }>
            {move || Suspend::new(async move { organization.await.map(|org| view! {
                    // The name isolated (FSI … PDI): a Latin name keeps its place in an Arabic sentence.
                    <h1>{i18n.format(PagesMsg::ContactTitle, &[("name", &format!("\u{2068}{}\u{2069}", org.name))])}</h1>
                    <p><a href=format!("/org/{}", org.slug)><bdi dir="auto">{org.name.clone()}</bdi></a></p>
                    <p>{i18n.t(PagesMsg::ContactIntro)}</p>
                    {org.featured.then(|| view! { <p>{i18n.t(PagesMsg::ContactIntroJerusalem)}</p> })}
            }) })}
            </ErrorBoundary></Transition>
            <p id="contact-outcome" tabindex="-1" role="status">{move || outcome.get().map(|m| i18n.t(m))}</p>
            {move || (outcome.get() != Some(PagesMsg::MessageSent)).then(|| view! {
                <form class="entry-form" novalidate on:submit=submit>
                    <div class="field">
                        <label for="contact-name">{move || i18n.t(PagesMsg::YourName)}</label>
                        <input id="contact-name" type="text" autocomplete="name" aria-invalid=invalid("name") aria-describedby=described("name")
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        <FieldErrors field="name" errors />
                    </div>
                    <div class="field">
                        <label for="contact-email">{move || i18n.t(PagesMsg::YourEmail)}</label>
                        <input id="contact-email" type="email" autocomplete="email" aria-invalid=invalid("email") aria-describedby=described("email")
                            prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                        <FieldErrors field="email" errors />
                    </div>
                    <div class="field">
                        <label for="contact-message">{move || i18n.t(PagesMsg::MessageLabel)}</label>
                        <textarea id="contact-message" rows="6" maxlength="4000" aria-invalid=invalid("message") aria-describedby=described("message")
                            prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                        <FieldErrors field="message" errors />
                    </div>
                    <div class="field honeypot" aria-hidden="true">
                        <label for="homepage">{move || i18n.t(PagesMsg::HoneypotLabel)}</label>
                        <input id="homepage" type="text" tabindex="-1" autocomplete="off"
                            prop:value=move || homepage.get() on:input=move |ev| homepage.set(event_target_value(&ev)) />
                    </div>
                    <FieldErrors field="form_token" errors />
                    <button type="submit" class="primary">{move || i18n.t(PagesMsg::SendMessage)}</button>
                </form>
            })}
        </main>
    }
}
