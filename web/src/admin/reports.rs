//! `/admin/reports`: problems visitors reported with entries (issue #18), unsafe ones first,
//! each with the entry's history and other reports on demand, and resolved with an outcome.

use leptos::prelude::*;
use shared::api::{ReportState, ReportView, ResolveReport, report_kind_message};
use shared::domain::{OwnerAnswer, ReportOutcome};

use super::strings::{AdminMsg, AdminText, status_name};
use super::{i18n, load_failed, loading, use_session};
use crate::api;

/// The calendar day and time of an RFC 3339 time, as the dashboard writes it.
fn when(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339()
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}

fn outcome_name(outcome: ReportOutcome) -> AdminMsg {
    match outcome {
        ReportOutcome::Dismissed => AdminMsg::OutcomeDismissed,
        ReportOutcome::Corrected => AdminMsg::OutcomeCorrected,
        ReportOutcome::Hidden => AdminMsg::OutcomeHidden,
    }
}

/// Where a report stands, in words.
fn state_words(state: &ReportState, lang: shared::i18n::Lang) -> String {
    match state {
        ReportState::Open => lang.text(AdminMsg::ReportOpen).to_owned(),
        ReportState::Answered {
            answer,
            answered_at,
        } => {
            let msg = match answer {
                OwnerAnswer::Confirmed => AdminMsg::ReportAnsweredConfirmed,
                OwnerAnswer::Updated => AdminMsg::ReportAnsweredUpdated,
            };
            lang.format(msg, &[("date", &when(*answered_at))])
        }
        ReportState::Resolved {
            outcome,
            resolved_at,
            ..
        } => lang.format(
            AdminMsg::ReportResolvedAs,
            &[
                ("date", &when(*resolved_at)),
                ("outcome", lang.text(outcome_name(*outcome))),
            ],
        ),
    }
}

#[component]
pub fn Reports() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let state = RwSignal::new("waiting".to_owned());
    let reports = LocalResource::new(move || {
        version.track();
        let state = state.get();
        async move { api::reports(session, &state).await }
    });
    let outcome = RwSignal::new(None::<String>);
    let resolved = Callback::new(move |said: String| {
        outcome.set(Some(said));
        version.update(|v| *v += 1);
    });
    view! {
        <h1>{move || i18n.a(AdminMsg::Reports)}</h1>
        <p>{move || i18n.a(AdminMsg::ReportsIntro)}</p>
        <div class="field">
            <label for="report-state">{move || i18n.a(AdminMsg::ReportShow)}</label>
            <select id="report-state" on:change=move |ev| state.set(event_target_value(&ev))>
                {[("waiting", AdminMsg::ReportsWaiting), ("resolved", AdminMsg::ReportsResolved), ("all", AdminMsg::ReportsAll)]
                    .into_iter()
                    .map(|(value, label)| view! {
                        <option value=value selected=move || state.get() == value>{move || i18n.a(label)}</option>
                    })
                    .collect_view()}
            </select>
        </div>
        <p role="status" data-testid="report-outcome">{move || outcome.get()}</p>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move {
                reports.await.map(|list| if list.is_empty() {
                    view! { <p>{i18n.a(AdminMsg::NoReports)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="review-list" data-testid="reports">
                            {list.into_iter().map(|report| view! { <ReportItem report resolved /> }).collect_view()}
                        </ol>
                    }
                    .into_any()
                })
            })}
        </ErrorBoundary></Transition>
    }
}

#[component]
fn ReportItem(report: ReportView, resolved: Callback<String>) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let id = report.id;
    let entry = report.organization.clone();
    let kind = report.kind;
    let state = report.state.clone();
    let is_resolved = state.is_resolved();
    let received = when(report.created_at);
    let status = entry.status.as_str();
    let choice = RwSignal::new(ReportOutcome::Dismissed.as_str().to_owned());
    let error = RwSignal::new(None::<String>);
    let resolve = move |_| {
        let request = ResolveReport {
            outcome: choice.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::resolve_report(session, id, &request).await {
                Ok(_) => resolved.run(i18n.a(AdminMsg::ReportResolvedNow).to_owned()),
                Err(problem) => error.set(Some(problem.to_string())),
            }
        });
    };
    let open = RwSignal::new(false);
    let select_id = format!("outcome-{id}");
    let help_id = format!("outcome-help-{id}");
    view! {
        <li class="review-item" data-testid="report"><article>
            <h2>
                <a href=format!("/admin/organizations/{}", entry.id)><bdi dir="auto">{entry.name.clone()}</bdi></a>
                " · "<span data-testid="report-kind">{move || i18n.t(report_kind_message(kind))}</span>
            </h2>
            <p class="meta">
                {move || i18n.a_format(AdminMsg::ReportReceived, &[("date", &received)])}" · "
                <span data-testid="report-entry-status">{move || i18n.a_format(AdminMsg::ReportEntryStatus, &[("status", i18n.a(status_name(status)))])}</span>
                {report.hid_entry.then(|| view! { " · "<strong>{move || i18n.a(AdminMsg::ReportHidEntry)}</strong> })}
            </p>
            {report.duplicate_of.clone().map(|other| view! {
                <p>{move || i18n.a(AdminMsg::ReportDuplicateOf)}": "
                    <a href=format!("/org/{}", other.slug)><bdi dir="auto">{other.name.clone()}</bdi></a>
                </p>
            })}
            {match report.message.clone() {
                Some(text) => view! { <p class="message" dir="auto" data-testid="report-message">{text}</p> }.into_any(),
                None => view! { <p class="meta">{move || i18n.a(AdminMsg::ReportNoMessage)}</p> }.into_any(),
            }}
            <p data-testid="report-state">{move || state_words(&state, i18n.lang.get())}</p>
            <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {move || i18n.a(AdminMsg::EntryHistory)}
            </button>
            {move || open.get().then(|| view! { <div class="report-history"><ReportHistory id /></div> })}
            {(!is_resolved).then(|| view! {
                <div class="owner-actions">
                    <div class="field">
                        <label for=select_id.clone()>{move || i18n.a(AdminMsg::OutcomeLabel)}</label>
                        <select id=select_id.clone() aria-describedby=help_id.clone() on:change=move |ev| choice.set(event_target_value(&ev))>
                            {ReportOutcome::ALL.into_iter().map(|outcome| view! {
                                <option value=outcome.as_str() selected=move || choice.get() == outcome.as_str()>{move || i18n.a(outcome_name(outcome))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="button" class="primary" on:click=resolve>{move || i18n.a(AdminMsg::ResolveReport)}</button>
                </div>
                <p class="help" id=help_id.clone()>{move || i18n.a(AdminMsg::ResolveHelp)}</p>
                <p role="alert">{move || error.get()}</p>
            })}
        </article></li>
    }
}

/// The entry's history and its other reports, loaded when asked for.
#[component]
fn ReportHistory(id: shared::domain::ReportId) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let detail = LocalResource::new(move || api::report_detail(session, id));
    view! {
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move {
                detail.await.map(|detail| view! {
                    {(!detail.other_reports.is_empty()).then(|| view! {
                        <h3>{move || i18n.a(AdminMsg::OtherReports)}</h3>
                        <ul>
                            {detail.other_reports.iter().map(|other| {
                                let kind = other.kind;
                                let state = other.state.clone();
                                let received = when(other.created_at);
                                view! {
                                    <li>
                                        <span class="meta">{received}</span>" · "
                                        {move || i18n.t(report_kind_message(kind))}" · "
                                        {move || state_words(&state, i18n.lang.get())}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    <h3>{move || i18n.a(AdminMsg::History)}</h3>
                    {if detail.history.is_empty() {
                        view! { <p>{move || i18n.a(AdminMsg::NoHistory)}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="history" data-testid="report-history">
                                {detail.history.iter().map(|row| view! {
                                    <li>
                                        <span class="meta">{when(row.created_at)}</span>" · "
                                        <span dir="ltr">{row.user_email.clone()}</span>" · "<strong>{row.action.clone()}</strong>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                })
            })}
        </ErrorBoundary></Transition>
    }
}
