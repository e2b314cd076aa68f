//! `/admin/freshness`: published entries by how long ago a person last confirmed them, per
//! country and per category, the figures as CSV, and the "still active?" reminder re-sent in
//! bulk (issue #18, "Freshness for admins").

use leptos::prelude::*;
use shared::api::ConfirmationAge;
use shared::api::Problem;
use shared::api::admin::{
    AgeCounts, FreshnessFigures, FreshnessRow, ReminderReport, ReminderRequest,
};
use shared::domain::FieldError;

use super::strings::{AdminCount, AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::field_errors::FieldErrors;
use crate::leaflet_ext::country_name;

/// A confirmation age's name (a column of the tables, an option of the form).
fn age_name(age: ConfirmationAge) -> AdminMsg {
    match age {
        ConfirmationAge::Under6Months => AdminMsg::AgeUnder6Months,
        ConfirmationAge::From6To12Months => AdminMsg::Age6To12Months,
        ConfirmationAge::Over12Months => AdminMsg::AgeOver12Months,
        ConfirmationAge::NeverConfirmed => AdminMsg::AgeNeverConfirmed,
    }
}

#[component]
pub fn Freshness() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let figures = LocalResource::new(move || api::freshness_figures(session));
    let categories = LocalResource::new(api::categories);
    let lang = move || i18n.lang.get().code();
    let category_name = move |key: &str| {
        categories
            .get()
            .and_then(Result::ok)
            .and_then(|all| {
                all.into_iter()
                    .find(|c| c.key == key)
                    .map(|c| c.names.get(lang()).to_owned())
            })
            .unwrap_or_else(|| key.to_owned())
    };
    let country_label =
        move |code: &str| country_name(code, lang()).unwrap_or_else(|| code.to_owned());

    let csv_failed = RwSignal::new(false);
    let download_csv = move |_| {
        csv_failed.set(false);
        leptos::task::spawn_local(async move {
            let saved = match api::freshness_csv(session).await {
                Ok(text) => {
                    // Named after the day the figures on screen were counted (the server's
                    // clock: the browser's may be wrong).
                    let name = figures
                        .get_untracked()
                        .and_then(Result::ok)
                        .map(|f| {
                            format!(
                                "freshness-{}.csv",
                                shared::api::confirmed_date(f.counted_at)
                            )
                        })
                        .unwrap_or_else(|| "freshness.csv".to_owned());
                    super::transfer::download(&name, "text/csv", &text)
                }
                Err(_) => None,
            };
            csv_failed.set(saved.is_none());
        });
    };

    view! {
        <h1>{move || i18n.a(AdminMsg::Freshness)}</h1>
        <p class="help">{move || i18n.a(AdminMsg::FreshnessIntro)}</p>
        <p>
            <button type="button" data-testid="freshness-csv" on:click=download_csv>{move || i18n.a(AdminMsg::DownloadFreshnessCsv)}</button>
            {move || csv_failed.get().then(|| view! { <span role="alert">" "{i18n.a(AdminMsg::Failed)}</span> })}
        </p>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move {
                figures.await.map(|figures| if figures.total.total == 0 {
                    view! { <p>{i18n.a(AdminMsg::NoPublishedEntries)}</p> }.into_any()
                } else {
                    let countries: Vec<(String, FreshnessRow)> = {
                        let mut named: Vec<(String, FreshnessRow)> = figures.by_country.into_iter()
                            .map(|row| (country_label(&row.key), row)).collect();
                        named.sort_by(|a, b| a.0.cmp(&b.0));
                        named
                    };
                    let categories: Vec<(String, FreshnessRow)> = figures.by_category.into_iter()
                        .map(|row| (category_name(&row.key), row)).collect();
                    view! {
                        <FiguresTable id="freshness-by-country" title=AdminMsg::ByCountry heading=AdminMsg::Country rows=countries total=figures.total />
                        <FiguresTable id="freshness-by-category" title=AdminMsg::ByCategory heading=AdminMsg::Category rows=categories total=figures.total />
                    }.into_any()
                })
            })}
        </ErrorBoundary></Transition>
        <Reminders figures />
    }
}

/// One breakdown: a row per country or category, a column per confirmation age, and the total.
#[component]
fn FiguresTable(
    id: &'static str,
    title: AdminMsg,
    heading: AdminMsg,
    rows: Vec<(String, FreshnessRow)>,
    total: AgeCounts,
) -> impl IntoView {
    let i18n = i18n();
    let cells = move |counts: AgeCounts| {
        view! {
            {ConfirmationAge::ALL.map(|age| view! { <td>{counts.get(age)}</td> })}
            <td>{counts.total}</td>
        }
    };
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="admin-section">
            <h2 id=title_id>{move || i18n.a(title)}</h2>
            // Scrolls sideways on a narrow screen: keyboard users reach it, named by its heading.
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby=labelled_by>
                <table class="admin-table" data-testid=id>
                    <caption class="visually-hidden">{move || i18n.a(title)}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.a(heading)}</th>
                        {ConfirmationAge::ALL.map(|age| view! { <th scope="col">{move || i18n.a(age_name(age))}</th> })}
                        <th scope="col">{move || i18n.a(AdminMsg::Total)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(name, row)| view! {
                            <tr data-key=row.key.clone()>
                                <th scope="row"><bdi dir="auto">{name}</bdi></th>
                                {cells(row.counts)}
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{move || i18n.a(AdminMsg::Total)}</th>
                            {cells(total)}
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// What the last try to re-send reminders came to.
#[derive(Clone, Copy)]
enum Outcome {
    FixErrors,
    Sent(ReminderReport),
    Failed,
}

/// The bulk re-send: a selection, a confirmation, and what was queued and skipped.
#[component]
fn Reminders(figures: LocalResource<Result<FreshnessFigures, Problem>>) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let categories = LocalResource::new(api::categories);
    let lang = move || i18n.lang.get().code();
    let age = RwSignal::new(ConfirmationAge::Over12Months.as_str().to_owned());
    let country = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let request = move || ReminderRequest {
        age: age.get_untracked(),
        country: Some(country.get_untracked()),
        category: Some(category.get_untracked()),
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        match request().validate() {
            Ok(_) => {
                errors.set(Vec::new());
                confirming.set(true);
            }
            Err(found) => {
                errors.set(found);
                outcome.set(Some(Outcome::FixErrors));
            }
        }
    };
    let send = move |_| {
        confirming.set(false);
        busy.set(true);
        let body = request();
        leptos::task::spawn_local(async move {
            let said = match api::send_reminders(session, &body).await {
                Ok(report) => Outcome::Sent(report),
                Err(problem) => {
                    errors.set(problem.errors);
                    Outcome::Failed
                }
            };
            outcome.set(Some(said));
            busy.set(false);
        });
    };
    // Said in the reader's language, also after they change it.
    let said = move || {
        outcome.get().map(|outcome| match outcome {
            Outcome::FixErrors => i18n.a(AdminMsg::FixErrors).to_owned(),
            Outcome::Failed => i18n.a(AdminMsg::Failed).to_owned(),
            Outcome::Sent(report) => {
                let queued = i18n.a_count(AdminCount::RemindersQueued, report.queued as usize);
                let skipped = i18n.a_format(
                    AdminMsg::RemindersSkipped,
                    &[
                        ("recent", &report.skipped_reminded_recently.to_string()),
                        ("noAddress", &report.skipped_without_address.to_string()),
                    ],
                );
                format!("{queued} {skipped}")
            }
        })
    };
    // The countries of the published entries, by name in the reader's language.
    let countries = move || {
        let mut named: Vec<(String, String)> = figures
            .get()
            .and_then(Result::ok)
            .map(|f| f.by_country)
            .unwrap_or_default()
            .into_iter()
            .map(|row| {
                let name = country_name(&row.key, lang()).unwrap_or_else(|| row.key.clone());
                (row.key, name)
            })
            .collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        named
    };

    view! {
        <section class="admin-section" aria-labelledby="reminders-title">
            <h2 id="reminders-title">{move || i18n.a(AdminMsg::ResendReminders)}</h2>
            <p class="help" id="reminders-help">{move || i18n.a(AdminMsg::ResendRemindersHelp)}</p>
            <form class="entry-form" novalidate on:submit=check aria-describedby="reminders-help">
                <div class="field">
                    <label for="reminder-age">{move || i18n.a(AdminMsg::ConfirmationAge)}</label>
                    <select id="reminder-age" on:change=move |ev| age.set(event_target_value(&ev))>
                        {ConfirmationAge::ALL.map(|a| view! {
                            <option value=a.as_str() selected=move || age.get() == a.as_str()>{move || i18n.a(age_name(a))}</option>
                        })}
                    </select>
                    <FieldErrors field="age" errors />
                </div>
                <div class="field">
                    <label for="reminder-country">{move || i18n.a(AdminMsg::Country)}</label>
                    <select id="reminder-country" on:change=move |ev| country.set(event_target_value(&ev))>
                        <option value="">{move || i18n.a(AdminMsg::Any)}</option>
                        {move || countries().into_iter().map(|(code, name)| {
                            let selected = country.get_untracked() == code;
                            view! { <option value=code selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <FieldErrors field="country" errors />
                </div>
                <div class="field">
                    <label for="reminder-category">{move || i18n.a(AdminMsg::Category)}</label>
                    <select id="reminder-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">{move || i18n.a(AdminMsg::Any)}</option>
                        {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                            let name = c.names.get(lang()).to_owned();
                            let selected = category.get_untracked() == c.key;
                            view! { <option value=c.key selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                    <FieldErrors field="category" errors />
                </div>
                <button type="submit" disabled=move || busy.get()>{move || i18n.a(AdminMsg::SendReminders)}</button>
            </form>
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="alertdialog" aria-labelledby="reminders-confirm">
                    <p id="reminders-confirm">{i18n.a(AdminMsg::ConfirmReminders)}</p>
                    <button type="button" on:click=send>{i18n.a(AdminMsg::Confirm)}</button>
                    <button type="button" on:click=move |_| confirming.set(false)>{i18n.a(AdminMsg::Cancel)}</button>
                </div>
            })}
            <p role="status" data-testid="reminders-outcome">{said}</p>
        </section>
    }
}
