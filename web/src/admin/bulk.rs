//! `/admin/bulk`: moderation at scale (issue #18). Pending submissions chosen by filter, a
//! preview of exactly what will be rejected, one rejection with one reason that can be undone
//! for 15 minutes, and how long the queue makes groups wait, per country.

use leptos::prelude::*;
use shared::api::moderation::{
    BulkRejectRequest, BulkRejection, QueueAge, SelectedSubmission, SelectionQuery, SpamSignal,
};

use super::strings::{AdminMsg, AdminText};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::i18n::I18n;

/// The preview shows this many rows; the count and the rejection cover all of them.
const PREVIEW_ROWS: usize = 100;

fn signal_words(i18n: I18n, signals: &[SpamSignal]) -> String {
    signals
        .iter()
        .map(|signal| {
            i18n.a(match signal {
                SpamSignal::ManyLinks => AdminMsg::SignalManyLinks,
                SpamSignal::LinkInName => AdminMsg::SignalLinkInName,
                SpamSignal::SpamWords => AdminMsg::SignalSpamWords,
                SpamSignal::RepeatedText => AdminMsg::SignalRepeatedText,
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn wait_words(i18n: I18n, hours: i64) -> String {
    i18n.a_format(
        AdminMsg::DaysHours,
        &[
            ("days", &(hours / 24).to_string()),
            ("hours", &(hours % 24).to_string()),
        ],
    )
}

/// `at` as the reader's local time of day.
fn local_time(i18n: I18n, at: chrono::DateTime<chrono::Utc>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    date.to_locale_time_string(i18n.lang.get_untracked().cldr_code())
        .into()
}

#[component]
pub fn BulkModeration() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let country = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let older_than_days = RwSignal::new(String::new());
    let looks_like_spam = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let tell_groups = RwSignal::new(false);
    let preview = RwSignal::new(None::<Vec<SelectedSubmission>>);
    let outcome = RwSignal::new(None::<String>);
    let last = RwSignal::new(None::<BulkRejection>);
    let busy = RwSignal::new(false);
    let ages_version = RwSignal::new(0u32);
    let categories = LocalResource::new(api::categories);
    let ages = LocalResource::new(move || {
        ages_version.track();
        api::queue_age(session)
    });

    let show_preview = move || {
        busy.set(true);
        let query = SelectionQuery {
            country: Some(country.get_untracked()),
            category: Some(category.get_untracked()),
            older_than_days: Some(older_than_days.get_untracked()),
            looks_like_spam: Some(looks_like_spam.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::submission_selection(session, &query).await {
                Ok(found) => {
                    outcome.set(None);
                    preview.set(Some(found.submissions));
                }
                Err(problem) => {
                    preview.set(None);
                    outcome.set(Some(problem.to_string()));
                }
            }
            busy.set(false);
        });
    };
    let on_preview = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        show_preview();
    };
    let reject = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let ids = preview.with_untracked(|p| {
            p.as_ref()
                .map(|items| items.iter().map(|s| s.submission_id).collect::<Vec<_>>())
                .unwrap_or_default()
        });
        let request = BulkRejectRequest {
            submission_ids: ids,
            reason: reason.get_untracked(),
            tell_groups: tell_groups.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::bulk_reject(session, &request).await {
                Ok(done) => {
                    outcome.set(Some(i18n.a_format(
                        AdminMsg::BulkRejected,
                        &[
                            ("n", &done.rejected.to_string()),
                            ("skipped", &done.skipped.to_string()),
                            ("time", &local_time(i18n, done.undo_until)),
                        ],
                    )));
                    last.set(Some(done));
                    preview.set(None);
                    reason.set(String::new());
                }
                Err(problem) => outcome.set(Some(problem.to_string())),
            }
            busy.set(false);
            ages_version.update(|v| *v += 1);
        });
    };
    let undo = move |_| {
        let Some(done) = last.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::undo_rejection(session, done.batch_id).await {
                Ok(()) => {
                    outcome.set(Some(i18n.a_format(
                        AdminMsg::RejectionUndone,
                        &[("n", &done.rejected.to_string())],
                    )));
                    last.set(None);
                }
                Err(problem) => outcome.set(Some(problem.to_string())),
            }
            busy.set(false);
            ages_version.update(|v| *v += 1);
        });
    };
    let matching = move || preview.with(|p| p.as_ref().map_or(0, Vec::len));

    view! {
        <h1>{move || i18n.a(AdminMsg::BulkModeration)}</h1>
        <p>{move || i18n.a(AdminMsg::BulkIntro)}</p>
        <form class="admin-filters" on:submit=on_preview data-testid="bulk-filters">
            <label for="bulk-country">{move || i18n.a(AdminMsg::CountryCode)}</label>
            <input id="bulk-country" maxlength="2" size="3" autocomplete="off"
                prop:value=move || country.get() on:input=move |e| country.set(event_target_value(&e)) />
            <label for="bulk-category">{move || i18n.a(AdminMsg::Category)}</label>
            <select id="bulk-category" on:change=move |e| category.set(event_target_value(&e))>
                <option value="">{move || i18n.a(AdminMsg::Any)}</option>
                {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                    let name = c.names.get(i18n.lang.get().code()).to_owned();
                    view! { <option value=c.key>{name}</option> }
                }).collect_view()}
            </select>
            <label for="bulk-days">{move || i18n.a(AdminMsg::WaitingAtLeastDays)}</label>
            <input id="bulk-days" type="number" min="0" max="3650" inputmode="numeric"
                prop:value=move || older_than_days.get() on:input=move |e| older_than_days.set(event_target_value(&e)) />
            <label for="bulk-spam">{move || i18n.a(AdminMsg::LooksLikeSpam)}</label>
            <select id="bulk-spam" on:change=move |e| looks_like_spam.set(event_target_value(&e))>
                <option value="">{move || i18n.a(AdminMsg::Any)}</option>
                <option value="true">{move || i18n.a(AdminMsg::Yes)}</option>
                <option value="false">{move || i18n.a(AdminMsg::No)}</option>
            </select>
            <button type="submit" disabled=move || busy.get()>{move || i18n.a(AdminMsg::PreviewSelection)}</button>
        </form>
        <p role="status" data-testid="bulk-outcome">{move || outcome.get()}</p>
        <Show when=move || last.with(Option::is_some)>
            <p><button type="button" on:click=undo disabled=move || busy.get() data-testid="undo-rejection">
                {move || i18n.a(AdminMsg::UndoRejection)}
            </button></p>
        </Show>
        <Show when=move || preview.with(Option::is_some)>
            <h2 id="bulk-matching" data-testid="bulk-matching">{move || i18n.a_format(AdminMsg::MatchingSubmissions, &[("n", &matching().to_string())])}</h2>
            // Wider than a phone: it scrolls in a box of its own, which the keyboard can reach.
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="bulk-matching">
            <table class="admin-table" data-testid="bulk-preview">
                <thead><tr>
                    <th scope="col">{move || i18n.a(AdminMsg::Name)}</th>
                    <th scope="col">{move || i18n.a(AdminMsg::Country)}</th>
                    <th scope="col">{move || i18n.a(AdminMsg::Category)}</th>
                    <th scope="col">{move || i18n.a(AdminMsg::SpamSignals)}</th>
                </tr></thead>
                <tbody>
                    {move || preview.get().unwrap_or_default().into_iter().take(PREVIEW_ROWS).map(|s| view! {
                        <tr>
                            <td>{s.name}</td>
                            <td>{s.country}</td>
                            <td>{s.category}</td>
                            <td>{signal_words(i18n, &s.spam_signals)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <form on:submit=reject data-testid="bulk-reject">
                <label for="bulk-reason">{move || i18n.a(AdminMsg::BulkReason)}</label>
                <textarea id="bulk-reason" required rows="2"
                    prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))></textarea>
                <p><label>
                    <input type="checkbox" prop:checked=move || tell_groups.get()
                        on:change=move |e| tell_groups.set(event_target_checked(&e)) />
                    " " {move || i18n.a(AdminMsg::TellGroups)}
                </label></p>
                <button type="submit" disabled=move || busy.get() || matching() == 0>
                    {move || i18n.a_format(AdminMsg::RejectAll, &[("n", &matching().to_string())])}
                </button>
            </form>
        </Show>
        <h2 id="queue-age">{move || i18n.a(AdminMsg::QueueAge)}</h2>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
            {move || Suspend::new(async move {
                ages.await.map(|ages| view! { <QueueAgeTable ages /> })
            })}
        </ErrorBoundary></Transition>
    }
}

#[component]
fn QueueAgeTable(ages: Vec<QueueAge>) -> impl IntoView {
    let i18n = i18n();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="queue-age">
        <table class="admin-table" data-testid="queue-age">
            <thead><tr>
                <th scope="col">{move || i18n.a(AdminMsg::Country)}</th>
                <th scope="col">{move || i18n.a(AdminMsg::WaitingCount)}</th>
                <th scope="col">{move || i18n.a(AdminMsg::MedianWait)}</th>
                <th scope="col">{move || i18n.a(AdminMsg::OldestWait)}</th>
            </tr></thead>
            <tbody>
                {ages.into_iter().map(|age| {
                    let country = age.country.clone();
                    view! {
                        <tr>
                            <th scope="row">{move || country.clone().unwrap_or_else(|| i18n.a(AdminMsg::AllCountries).to_owned())}</th>
                            <td>{age.pending}</td>
                            <td>{move || wait_words(i18n, age.median_hours)}</td>
                            <td>{move || wait_words(i18n, age.oldest_hours)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
