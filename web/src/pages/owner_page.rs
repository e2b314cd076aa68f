use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use shared::api::{
    HideRequest, LanguageRequest, OwnerEntry, Problem, ReportState, report_kind_message,
};
use shared::domain::{FieldError, HiddenBy, Status};

use super::join_page::focus_id;
use crate::api;
use crate::components::entry_form::{EntryFields, EntryForm};
use crate::components::owner_events::OwnerEvents;
use crate::i18n::{I18n, Msg, PagesMsg};

/// The owner token, from the page's fragment (`/owner#token`): fragments are never sent to a
/// server, so the token stays out of logs and Referer headers.
fn token_from_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let token = hash.trim_start_matches('#').trim().to_owned();
    (!token.is_empty()).then_some(token)
}

/// An owner action's answer, on its way.
type Answer = Pin<Box<dyn Future<Output = Result<OwnerEntry, Problem>>>>;

/// `/owner#token`: what a group does with its private link.
#[component]
pub fn OwnerPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let token = token_from_location();
    let entry = RwSignal::new(None::<Result<OwnerEntry, Problem>>);
    // Outlives the panel, which is drawn again with each answer: the outcome stays on screen.
    let message = RwSignal::new(None::<PagesMsg>);
    if let Some(token) = token.clone() {
        leptos::task::spawn_local(async move { entry.set(Some(api::owner_entry(token).await)) });
    }
    view! {
        <main id="main" class="form-page" tabindex="-1">
            <h1>{move || i18n.t(PagesMsg::OwnerTitle)}</h1>
            // Here rather than in the panel, which is drawn again with each answer: the element
            // that receives focus is the one that shows the outcome.
            <p id="owner-message" tabindex="-1" role="status">{move || message.get().map(|m| i18n.t(m))}</p>
            {move || match (token.clone(), entry.get()) {
                (None, _) | (_, Some(Err(_))) => view! {
                    <p>{move || i18n.t(PagesMsg::OwnerNoLink)}</p>
                    <LostLink />
                }.into_any(),
                (Some(_), None) => view! { <p role="status">{move || i18n.t(Msg::Loading)}</p> }.into_any(),
                (Some(token), Some(Ok(current))) => view! { <OwnerPanel token current entry message /> }.into_any(),
            }}
        </main>
    }
}

fn status_text(status: Status) -> PagesMsg {
    match status {
        Status::Pending => PagesMsg::StatusPending,
        Status::Published => PagesMsg::StatusPublished,
        Status::Hidden => PagesMsg::StatusHidden,
        _ => PagesMsg::StatusOther,
    }
}

#[component]
fn OwnerPanel(
    token: String,
    current: OwnerEntry,
    entry: RwSignal<Option<Result<OwnerEntry, Problem>>>,
    message: RwSignal<Option<PagesMsg>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let hide_until = RwSignal::new(String::new());
    let editing = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let form = EntryForm::from_organization(&current.organization);
    let categories = LocalResource::new(api::categories);
    let focus_areas = LocalResource::new(api::focus_areas);
    let token = StoredValue::new(token);
    // Sends one owner action (given the token) and shows how it went.
    let act = move |send: Box<dyn FnOnce(String) -> Answer>| {
        let answer = send(token.get_value());
        leptos::task::spawn_local(async move {
            match answer.await {
                Ok(updated) => {
                    entry.set(Some(Ok(updated)));
                    message.set(Some(PagesMsg::Done));
                    errors.set(Vec::new());
                    editing.set(false);
                }
                Err(problem) if !problem.errors.is_empty() => errors.set(problem.errors),
                Err(problem) => message.set(Some(if problem.status == 429 {
                    PagesMsg::TooManyRequests
                } else {
                    PagesMsg::SendFailed
                })),
            }
            focus_id("owner-message");
        });
    };
    let hide = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = hide_until.get_untracked();
        // The date field gives a calendar day (or nothing): hidden until its start, in UTC.
        let until = if date.is_empty() {
            None
        } else {
            match format!("{date}T00:00:00Z").parse::<DateTime<Utc>>() {
                Ok(until) => Some(until),
                Err(_) => {
                    message.set(Some(PagesMsg::SendFailed));
                    return;
                }
            }
        };
        let request = HideRequest { until };
        act(Box::new(move |token| {
            Box::pin(api::owner_hide(token, request))
        }));
    };
    let update = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = form.draft();
        if let Err(found) = draft.validate() {
            errors.set(found);
            return;
        }
        act(Box::new(move |token| {
            Box::pin(api::owner_update(token, draft))
        }));
    };
    let mail_language = RwSignal::new(current.language);
    let save_language = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LanguageRequest {
            language: mail_language.get_untracked(),
        };
        act(Box::new(move |token| {
            Box::pin(api::owner_language(token, request))
        }));
    };
    let org = current.organization.clone();
    let status = current.status;
    // The calendar day of an RFC 3339 time.
    let date = |rfc3339: String| rfc3339.chars().take(10).collect::<String>();
    view! {
        <h2><bdi dir="auto">{org.name.clone()}</bdi></h2>
        <dl class="owner-status">
            <dt>{move || i18n.t(PagesMsg::StatusLabel)}</dt>
            <dd data-testid="owner-status">{move || i18n.t(status_text(status))}</dd>
        </dl>
        <form class="hide-form" on:submit=save_language>
            <label for="mail-language">{move || i18n.t(PagesMsg::EmailLanguage)}</label>
            <select id="mail-language" on:change=move |ev| {
                if let Some(lang) = shared::i18n::Lang::parse(&event_target_value(&ev)) {
                    mail_language.set(lang);
                }
            }>
                {shared::i18n::Lang::ALL.into_iter().map(|lang| view! {
                    <option value=lang.code() lang=lang.code() selected=move || mail_language.get() == lang>{lang.native_name()}</option>
                }).collect_view()}
            </select>
            <button type="submit">{move || i18n.t(PagesMsg::SaveLanguage)}</button>
        </form>
        {current.hidden_until.map(|until| view! { <p>{move || i18n.format(PagesMsg::HiddenUntil, &[("date", &date(until.to_rfc3339()))])}</p> })}
        {current.pending_update.is_some().then(|| view! { <p>{move || i18n.t(PagesMsg::UpdatePending)}</p> })}
        {current.deletion_requested.then(|| view! { <p>{move || i18n.t(PagesMsg::DeletionRequested)}</p> })}
        {(!current.link_problems.is_empty()).then(|| {
            let problems = current.link_problems.clone();
            view! {
                <section class="link-problems" aria-labelledby="link-problems-title" data-testid="link-problems">
                    <h2 id="link-problems-title">{move || i18n.t(PagesMsg::LinkProblemsTitle)}</h2>
                    <ul>
                        {problems.into_iter().map(|problem| view! {
                            <li dir="auto">{move || problem.sentence(i18n.lang.get(), &date(problem.checked_at.to_rfc3339()))}</li>
                        }).collect_view()}
                    </ul>
                    <p>{move || i18n.t(PagesMsg::LinkProblemsHelp)}</p>
                </section>
            }
        })}
        {(status == Status::Hidden && current.hidden_by == Some(HiddenBy::Report)).then(|| view! {
            <p data-testid="hidden-by-report">{move || i18n.t(PagesMsg::OwnerHiddenByReport)}</p>
        })}
        {(!current.reports.is_empty()).then(|| {
            let reports = current.reports.clone();
            view! {
                <section class="owner-reports" aria-labelledby="owner-reports-title" data-testid="owner-reports">
                    <h2 id="owner-reports-title">{move || i18n.t(PagesMsg::OwnerReportsTitle)}</h2>
                    <ul>
                        {reports.into_iter().map(|report| {
                            let answered = match &report.state {
                                ReportState::Answered { answered_at, .. } => Some(date(answered_at.to_rfc3339())),
                                _ => None,
                            };
                            let reported = date(report.created_at.to_rfc3339());
                            view! {
                                <li>
                                    {move || i18n.format(PagesMsg::OwnerReportLine, &[
                                        ("kind", i18n.t(report_kind_message(report.kind))),
                                        ("date", &reported),
                                    ])}
                                    {answered.map(|on| view! { " "{move || i18n.format(PagesMsg::OwnerReportAnswered, &[("date", &on)])} })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p>{move || i18n.t(PagesMsg::OwnerReportsHelp)}</p>
                </section>
            }
        })}
        {(!current.deletion_requested).then(|| view! {
            // Confirming is for an entry on the map, as on the server's page: one awaiting review
            // has nothing to confirm yet.
            {(status == Status::Published).then(|| view! {
                <p>{move || i18n.format(PagesMsg::ConfirmBy, &[("date", &date(current.confirm_by.to_rfc3339()))])}</p>
            })}
            <div class="owner-actions">
                {(status == Status::Published).then(|| view! {
                    <button type="button" class="primary" on:click=move |_| act(Box::new(|token| Box::pin(api::owner_confirm(token))))>{move || i18n.t(PagesMsg::ConfirmActive)}</button>
                })}
                // An entry hidden while an unsafe report is reviewed comes back only by a moderator.
                {(status == Status::Hidden && current.hidden_by != Some(HiddenBy::Report)).then(|| view! {
                    <button type="button" on:click=move |_| act(Box::new(|token| Box::pin(api::owner_show(token))))>{move || i18n.t(PagesMsg::ShowEntry)}</button>
                })}
                <button type="button" on:click=move |_| editing.update(|e| *e = !*e) aria-expanded=move || editing.get().to_string()>{move || i18n.t(PagesMsg::ProposeUpdate)}</button>
            </div>
            {(status == Status::Published).then(|| view! {
                <form class="hide-form" on:submit=hide>
                    <label for="hide-until">{move || i18n.t(PagesMsg::HideUntilLabel)}</label>
                    <input id="hide-until" type="date" prop:value=move || hide_until.get() on:input=move |ev| hide_until.set(event_target_value(&ev)) />
                    <button type="submit">{move || i18n.t(PagesMsg::HideEntry)}</button>
                </form>
            })}
            <details class="deletion">
                <summary>{move || i18n.t(PagesMsg::RequestDeletion)}</summary>
                <button type="button" on:click=move |_| act(Box::new(|token| Box::pin(api::owner_request_deletion(token))))>{move || i18n.t(PagesMsg::DeletionConfirm)}</button>
            </details>
        })}
        {move || editing.get().then(|| view! {
            <form class="entry-form" novalidate on:submit=update>
                <EntryFields form errors categories focus_areas />
                <button type="submit" class="primary">{move || i18n.t(PagesMsg::SendForReview)}</button>
            </form>
        })}
        {matches!(status, Status::Published | Status::Hidden).then(|| view! { <OwnerEvents token /> })}
    }
}

/// Asks for a new owner link, sent to the entry's contact address.
#[component]
fn LostLink() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<PagesMsg>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked();
        leptos::task::spawn_local(async move {
            sent.set(Some(match api::request_owner_link(address).await {
                Ok(_) => PagesMsg::LinkSent,
                Err(problem) if problem.status == 429 => PagesMsg::TooManyRequests,
                Err(problem) if !problem.errors.is_empty() => PagesMsg::RuleEmail,
                Err(_) => PagesMsg::SendFailed,
            }));
        });
    };
    view! {
        <section aria-labelledby="lost-link-title">
            <h2 id="lost-link-title">{move || i18n.t(PagesMsg::LostLinkTitle)}</h2>
            <form on:submit=submit>
                <div class="field">
                    <label for="lost-email">{move || i18n.t(PagesMsg::ContactEmailLabel)}</label>
                    <input id="lost-email" type="email" autocomplete="email" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                </div>
                <button type="submit">{move || i18n.t(PagesMsg::SendNewLink)}</button>
            </form>
            <p role="status">{move || sent.get().map(|m| i18n.t(m))}</p>
        </section>
    }
}
