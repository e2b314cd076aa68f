use leptos::prelude::*;
use shared::api::{PossibleDuplicate, Problem, SubmissionReceipt, SubmissionRequest};
use shared::domain::FieldError;

use crate::api;
use crate::components::entry_form::{EntryFields, EntryForm};
use crate::components::field_errors::{FieldErrors, error_id, has_error};
use crate::i18n::{I18n, Msg, PagesCount, PagesMsg, rule_message};

#[derive(Clone, PartialEq)]
enum Stage {
    Editing,
    Sending,
    Duplicates(Vec<PossibleDuplicate>),
    Done(Box<SubmissionReceipt>),
}

/// Moves focus to an element by id (the error summary, the result), so screen readers read it.
pub fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    let id = id.to_owned();
    // After the view has rendered it.
    leptos::task::spawn_local(async move {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// The label of a form field, for the error summary.
fn field_label(i18n: &I18n, field: &str) -> Option<&'static str> {
    if field.starts_with("focus_areas") {
        return Some(i18n.t(Msg::FocusAreas));
    }
    Some(i18n.t(match field.split('[').next().unwrap_or_default() {
        "name" => PagesMsg::GroupName,
        "name_ar" => PagesMsg::GroupNameAr,
        "category" => PagesMsg::CategoryLabel,
        "description" => PagesMsg::DescriptionLabel,
        "city" => PagesMsg::CityLabel,
        "country" => PagesMsg::CountryLabel,
        "latitude" | "longitude" => PagesMsg::LocationLegend,
        "website" => PagesMsg::WebsiteLabel,
        "contact_email" => PagesMsg::ContactEmailLabel,
        "consent" => PagesMsg::ConsentLabel,
        _ => return None,
    }))
}

/// `/join`: a group asks to be put on the map.
#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let categories = LocalResource::new(api::categories);
    let focus_areas = LocalResource::new(api::focus_areas);
    let token = LocalResource::new(api::form_token);
    let form = EntryForm::new();
    // The group most likely writes in the language it reads the form in.
    form.original_language.set(match i18n.lang.get_untracked() {
        shared::i18n::Lang::Pseudo => None,
        lang => Some(lang),
    });
    let contact_email = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let homepage = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let stage = RwSignal::new(Stage::Editing);
    let failure = RwSignal::new(None::<PagesMsg>);
    let duplicates_seen = RwSignal::new(false);

    let request = move || SubmissionRequest {
        organization: form.draft(),
        contact_email: contact_email.get_untracked(),
        // The language the form was filled in: our e-mails to the group will use it.
        language: match i18n.lang.get_untracked() {
            shared::i18n::Lang::Pseudo => shared::i18n::Lang::SOURCE,
            lang => lang,
        },
        consent: consent.get_untracked(),
        form_token: token
            .get_untracked()
            .and_then(Result::ok)
            .map(|t| t.token)
            .unwrap_or_default(),
        homepage: homepage.get_untracked(),
    };
    let show_problem = move |problem: Problem| {
        stage.set(Stage::Editing);
        if problem.errors.is_empty() {
            failure.set(Some(if problem.status == 429 {
                PagesMsg::TooManyRequests
            } else {
                PagesMsg::SendFailed
            }));
            focus_id("join-failure");
        } else {
            errors.set(problem.errors);
            focus_id("error-summary");
        }
    };
    let send = move || {
        let request = request();
        stage.set(Stage::Sending);
        leptos::task::spawn_local(async move {
            match api::submit(request).await {
                Ok(receipt) => {
                    stage.set(Stage::Done(Box::new(receipt)));
                    focus_id("join-done");
                }
                Err(problem) => show_problem(problem),
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let request = request();
        // The same rules the server runs, before anything is sent.
        if let Err(found) = request.validate() {
            errors.set(
                found
                    .into_iter()
                    .filter(|e| e.field != "homepage")
                    .collect(),
            );
            focus_id("error-summary");
            return;
        }
        errors.set(Vec::new());
        if duplicates_seen.get_untracked() {
            send();
            return;
        }
        stage.set(Stage::Sending);
        leptos::task::spawn_local(async move {
            match api::check_submission(request.organization).await {
                Ok(check) if !check.possible_duplicates.is_empty() => {
                    duplicates_seen.set(true);
                    stage.set(Stage::Duplicates(check.possible_duplicates));
                    focus_id("duplicates");
                }
                Ok(_) => send(),
                Err(problem) => show_problem(problem),
            }
        });
    };

    let summary = move || {
        let found = errors.get();
        (!found.is_empty()).then(|| {
            view! {
                <div class="error-summary" id="error-summary" tabindex="-1" role="alert">
                    <p>{i18n.count(PagesCount::FixErrors, found.len())}</p>
                    <ul>
                        {found.into_iter().map(|e| {
                            let target = e.field.split('[').next().unwrap_or_default().to_owned();
                            let target = if target == "latitude" || target == "longitude" { "city-search".to_owned() } else { target };
                            let label = field_label(&i18n, &e.field).map_or_else(|| e.field.clone(), |m| m.trim_end_matches(" *").to_owned());
                            view! { <li><a href=format!("#{target}")>{format!("{label}: {}", i18n.t(rule_message(&e.rule)))}</a></li> }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    };

    view! {
        <main id="main" class="form-page" tabindex="-1">
            <h1>{move || i18n.t(PagesMsg::JoinTitle)}</h1>
            {move || match stage.get() {
                Stage::Done(receipt) => view! { <JoinDone receipt=*receipt /> }.into_any(),
                current => {
                    let busy = current == Stage::Sending;
                    let duplicates = match current { Stage::Duplicates(d) => d, _ => Vec::new() };
                    view! {
                        <p>{move || i18n.t(PagesMsg::JoinIntro)}</p>
                        <p class="help">{move || i18n.t(PagesMsg::RequiredHint)}</p>
                        {summary}
                        {move || failure.get().map(|m| view! { <p class="form-failure" id="join-failure" tabindex="-1" role="alert">{i18n.t(m)}</p> })}
                        {(!duplicates.is_empty()).then(|| view! { <Duplicates duplicates /> })}
                        <form class="entry-form" novalidate on:submit=on_submit>
                            <EntryFields form errors categories focus_areas />
                            <div class="field">
                                <label for="contact_email">{move || i18n.t(PagesMsg::ContactEmailLabel)}</label>
                                <p class="help" id="contact_email-help">{move || i18n.t(PagesMsg::ContactEmailHelp)}</p>
                                <input id="contact_email" type="email" autocomplete="email"
                                    aria-invalid=move || errors.with(|e| has_error(e, "contact_email")).to_string()
                                    aria-describedby=move || if errors.with(|e| has_error(e, "contact_email")) { format!("contact_email-help {}", error_id("contact_email")) } else { "contact_email-help".to_owned() }
                                    prop:value=move || contact_email.get() on:input=move |ev| contact_email.set(event_target_value(&ev)) />
                                <FieldErrors field="contact_email" errors />
                            </div>
                            <div class="field honeypot" aria-hidden="true">
                                <label for="homepage">{move || i18n.t(PagesMsg::HoneypotLabel)}</label>
                                <input id="homepage" type="text" tabindex="-1" autocomplete="off"
                                    prop:value=move || homepage.get() on:input=move |ev| homepage.set(event_target_value(&ev)) />
                            </div>
                            <div class="field choice">
                                <input id="consent" type="checkbox"
                                    aria-invalid=move || errors.with(|e| has_error(e, "consent")).to_string()
                                    aria-describedby=move || if errors.with(|e| has_error(e, "consent")) { error_id("consent") } else { String::new() }
                                    prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev)) />
                                <label for="consent">{move || i18n.t(PagesMsg::ConsentLabel)}</label>
                            </div>
                            <FieldErrors field="consent" errors />
                            <button type="submit" class="primary" disabled=busy>
                                {move || if busy { i18n.t(PagesMsg::Sending) } else if duplicates_seen.get() { i18n.t(PagesMsg::SendAnyway) } else { i18n.t(PagesMsg::SendForReview) }}
                            </button>
                        </form>
                    }.into_any()
                }
            }}
        </main>
    }
}

#[component]
fn Duplicates(duplicates: Vec<PossibleDuplicate>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="duplicates" id="duplicates" tabindex="-1" aria-labelledby="duplicates-title">
            <h2 id="duplicates-title">{move || i18n.t(PagesMsg::DuplicatesFound)}</h2>
            <ul>
                {duplicates.into_iter().map(|d| match (d.slug, d.name) {
                    (Some(slug), Some(name)) => view! {
                        <li><a href=format!("/org/{slug}")>{format!("{name} ({}, {})", d.city.unwrap_or_default(), d.country.unwrap_or_default())}</a></li>
                    }.into_any(),
                    _ => view! { <li>{move || i18n.t(PagesMsg::PendingDuplicate)}</li> }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The receipt: the owner link, shown once.
#[component]
fn JoinDone(receipt: SubmissionReceipt) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let copied = RwSignal::new(false);
    let url = receipt.owner_url.clone();
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&url);
            copied.set(true);
        }
    };
    view! {
        <section class="join-done" id="join-done" tabindex="-1" aria-labelledby="join-done-title">
            <h2 id="join-done-title" role="status">{move || i18n.t(PagesMsg::JoinDone)}</h2>
            <p>{move || i18n.t(PagesMsg::OwnerLinkExplain)}</p>
            <label for="owner-link">{move || i18n.t(PagesMsg::OwnerLinkLabel)}</label>
            <input id="owner-link" type="text" readonly dir="ltr" prop:value=receipt.owner_url.clone() data-testid="owner-link" />
            <p><button type="button" on:click=copy>{move || i18n.t(PagesMsg::CopyLink)}</button>
               <span role="status">{move || copied.get().then(|| i18n.t(PagesMsg::Copied))}</span></p>
        </section>
    }
}
