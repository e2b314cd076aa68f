use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::events::PendingEventsNote;
use super::strings::{AdminCount, AdminMsg, AdminText};
use super::{REVIEW_PAGE_SIZE, SharedQueue, i18n, load_failed, loading, use_session};
use crate::api;
use crate::components::point_map::PointMap;
use crate::i18n::{I18n, Msg, PagesMsg};
use crate::leaflet_ext::{country_name, language_name};
use shared::api::admin::RejectRequest;
use shared::api::{Category, FocusArea};

fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A changed field's name in the reader's language.
fn field_label(i18n: &I18n, field: &str) -> String {
    let admin = |msg| i18n.a(msg).to_owned();
    let public = |msg| i18n.t(msg).to_owned();
    match field {
        "name" => admin(AdminMsg::Name),
        "name_ar" => public(PagesMsg::GroupNameAr),
        "category" => admin(AdminMsg::Category),
        "description" => admin(AdminMsg::FieldDescription),
        "city" => admin(AdminMsg::FieldCity),
        "country" => admin(AdminMsg::Country),
        "latitude" => admin(AdminMsg::FieldLatitude),
        "longitude" => admin(AdminMsg::FieldLongitude),
        "precision" => admin(AdminMsg::FieldPrecision),
        "website" => i18n.t(Msg::Website).to_owned(),
        "links" => i18n.t(Msg::Links).to_owned(),
        "languages" => i18n.t(Msg::Languages).to_owned(),
        "focus_areas" => admin(AdminMsg::FocusAreas),
        other => other.to_owned(),
    }
}

/// A changed field's value as the reader should see it: keys by their names.
fn field_value(
    i18n: &I18n,
    field: &str,
    value: &serde_json::Value,
    categories: &[Category],
    focus_areas: &[FocusArea],
) -> String {
    let reader = i18n.lang.get();
    let lang = reader.code();
    let one = |value: &serde_json::Value| -> String {
        let Some(text) = value.as_str() else {
            return show(value);
        };
        match field {
            "category" => categories.iter().find(|c| c.key == text).map_or_else(
                || text.to_owned(),
                |c| c.names.get(reader.code()).to_owned(),
            ),
            "focus_areas" => focus_areas.iter().find(|f| f.key == text).map_or_else(
                || text.to_owned(),
                |f| f.names.get(reader.code()).to_owned(),
            ),
            "country" => country_name(text, lang).unwrap_or_else(|| text.to_owned()),
            "languages" => language_name(text, lang),
            "precision" if text == "exact" => i18n.t(Msg::ExactLocation).to_owned(),
            "precision" => i18n.t(Msg::ApproximateLocation).to_owned(),
            _ => text.to_owned(),
        }
    };
    match value {
        serde_json::Value::Array(items) => items.iter().map(one).collect::<Vec<_>>().join(", "),
        other => one(other),
    }
}

/// Whether a key press belongs to a form field (where letters are typing, not shortcuts).
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

fn focus_by_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id)
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}

/// Focuses the entry at `index` (or the last) once the list shows `count` entries, or the
/// page's heading when none is left.
fn focus_when_drawn(count: usize, index: usize, attempt: u32) {
    let drawn = document()
        .query_selector_all(".review-item")
        .map_or(0, |all| all.length() as usize);
    if count == 0 {
        focus_by_id("review-title");
    } else if drawn == count {
        focus_by_id(&format!("item-{}", index.min(count - 1)));
    } else if attempt < 40 {
        set_timeout(
            move || focus_when_drawn(count, index, attempt + 1),
            std::time::Duration::from_millis(50),
        );
    }
}

/// Where the moderator's choice about the queue's shortcuts is kept (this browser only).
const SHORTCUTS_KEY: &str = "sm.queueShortcuts";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether the queue's one-letter shortcuts are on: they are unless the moderator turned them
/// off (WCAG 2.1.4).
fn shortcuts_saved() -> bool {
    local_storage()
        .and_then(|s| s.get_item(SHORTCUTS_KEY).ok().flatten())
        .is_none_or(|value| value != "off")
}

fn save_shortcuts(on: bool) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(SHORTCUTS_KEY, if on { "on" } else { "off" });
    }
}

/// Pending joins and updates, newest first, each with its diff, duplicates and the two decisions.
/// Shortcuts, only while an entry of the queue has focus and unless turned off: `j`/`k` move
/// between entries, `a` asks to confirm approving, `r` goes to the reason for rejecting.
#[component]
pub fn ReviewQueue() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let SharedQueue {
        version,
        page,
        items: queue,
    } = expect_context::<SharedQueue>();
    // Opening the page shows the queue as it is now: fetched again unless it is still loading.
    if queue.get_untracked().flatten().is_some() {
        version.update(|v| *v += 1);
    }
    let items = Memo::new(move |_| {
        queue
            .get()
            .flatten()
            .and_then(Result::ok)
            .map(|(items, _)| items)
            .unwrap_or_default()
    });
    let selected = RwSignal::new(0usize);
    // For the names of the keys in the changes (categories, focus areas).
    let categories = LocalResource::new(api::categories);
    let focus_areas = LocalResource::new(api::focus_areas);
    // What the last decision did, named: "Approved: “…”."
    let outcome = RwSignal::new(None::<String>);
    let shortcuts_on = RwSignal::new(shortcuts_saved());
    // The entry `a` asks about, until the moderator confirms or cancels.
    let confirming = RwSignal::new(None::<shared::domain::SubmissionId>);
    // After a decision the entry leaves the list: focus goes to the one now in its place.
    let focus_after = RwSignal::new(None::<usize>);
    let decide = move |id: shared::domain::SubmissionId,
                       index: usize,
                       name: String,
                       rejection: Option<RejectRequest>| {
        confirming.set(None);
        leptos::task::spawn_local(async move {
            let (result, done) = match rejection {
                None => (
                    api::approve_submission(session, id).await,
                    i18n.a_format(AdminMsg::ApprovedName, &[("name", &name)]),
                ),
                Some(request) => (
                    api::reject_submission(session, id, &request).await,
                    i18n.a(AdminMsg::Rejected).to_owned(),
                ),
            };
            outcome.set(Some(if result.is_ok() {
                done
            } else {
                i18n.a(AdminMsg::Failed).to_owned()
            }));
            focus_after.set(Some(index));
            version.update(|v| *v += 1);
        });
    };
    let approve = move |id, index, name| decide(id, index, name, None);
    Effect::new(move |_| {
        let count = items.with(Vec::len);
        let Some(index) = focus_after.get_untracked() else {
            return;
        };
        focus_after.set(None);
        focus_when_drawn(count, index, 0);
    });
    let point = Signal::derive(move || {
        items.with(|list| {
            list.get(selected.get())
                .and_then(|item| Some((item.draft.latitude?, item.draft.longitude?)))
        })
    });

    // On the list, not the window: a letter typed anywhere else (a link of the navigation, the
    // page's heading) does nothing.
    let on_key = move |event: web_sys::KeyboardEvent| {
        if !shortcuts_on.get_untracked()
            || typing(&event)
            || event.ctrl_key()
            || event.meta_key()
            || event.alt_key()
        {
            return;
        }
        let count = items.with_untracked(Vec::len);
        if count == 0 {
            return;
        }
        let current = selected.get_untracked().min(count - 1);
        match event.key().as_str() {
            "j" => {
                let next = (current + 1).min(count - 1);
                selected.set(next);
                focus_by_id(&format!("item-{next}"));
            }
            "k" => {
                let previous = current.saturating_sub(1);
                selected.set(previous);
                focus_by_id(&format!("item-{previous}"));
            }
            "a" => {
                if let Some(item) = items.with_untracked(|list| list.get(current).cloned()) {
                    event.prevent_default();
                    confirming.set(Some(item.submission_id));
                    leptos::task::spawn_local(async move { focus_by_id("confirm-approve") });
                }
            }
            "r" => {
                event.prevent_default();
                focus_by_id(&format!("reason-{current}"));
            }
            _ => (),
        }
    };

    view! {
        <h1 id="review-title" tabindex="-1">{move || i18n.a(AdminMsg::ReviewQueue)}</h1>
        <PendingEventsNote />
        <p class="help" id="shortcuts-help">{move || i18n.a(AdminMsg::QueueShortcuts)}</p>
        <p class="choice">
            <input type="checkbox" id="queue-shortcuts" prop:checked=move || shortcuts_on.get()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    shortcuts_on.set(on);
                    save_shortcuts(on);
                } />
            <label for="queue-shortcuts">{move || i18n.a(AdminMsg::ShortcutsEnabled)}</label>
        </p>
        <p role="status" data-testid="review-outcome">{move || outcome.get()}</p>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
        // `None`: fetched before signing in; the answer for the signed-in account is on its way.
        {move || Suspend::new(async move { let Some(answer) = queue.await else { return Ok(loading().into_any()) }; answer.map(|(list, total)| if list.is_empty() && page.get_untracked() == 0 {
            view! { <p data-testid="pending-count">{i18n.a(AdminMsg::NothingToReview)}</p> }.into_any()
        } else {
            let first = page.get_untracked() * REVIEW_PAGE_SIZE;
            let has_next = first + list.len() < total;
            // The range only when the queue is longer than the page.
            let shown = if list.is_empty() || total <= list.len() { String::new() } else {
                i18n.a_format(AdminMsg::ShowingRange, &[("range", &format!("{}–{}", first + 1, first + list.len()))])
            };
            let pager = move || view! {
                <nav class="pager" aria-label=i18n.a(AdminMsg::Pages)>
                    <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{i18n.a(AdminMsg::PreviousPage)}</button>
                    <button type="button" disabled=!has_next on:click=move |_| page.update(|p| *p += 1)>{i18n.a(AdminMsg::NextPage)}</button>
                </nav>
            };
            view! {
                <p data-testid="pending-count">{i18n.a_count(AdminCount::PendingCount, total)}" "{shown}</p>
                <div class="review-layout">
                    <ol class="review-list" on:keydown=on_key>
                        {list.into_iter().enumerate().map(|(index, item)| {
                            let id = item.submission_id;
                            let reason = RwSignal::new(String::new());
                            let reason_id = format!("reason-{index}");
                            let title_id = format!("title-{index}");
                            let labelled_by = title_id.clone();
                            let name = item.draft.name.clone();
                            let reject = {
                                let name = name.clone();
                                move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    decide(id, index, name.clone(), Some(RejectRequest { reason: reason.get_untracked() }));
                                }
                            };
                            let approve_now = {
                                let name = name.clone();
                                move |_| approve(id, index, name.clone())
                            };
                            let approve_confirmed = approve_now.clone();
                            let confirm_text = i18n.a_format(AdminMsg::ConfirmApprove, &[("name", &name)]);
                            let outside_jerusalem = match (item.draft.latitude, item.draft.longitude) {
                                (Some(lat), Some(lon)) => shared::api::breaks_jerusalem_rule(&item.draft.category, &item.draft.city, &item.draft.country, lat, lon),
                                _ => item.draft.category == shared::api::JERUSALEM_CATEGORY,
                            };
                            let changes = item.changes.clone();
                            let place = match (item.draft.latitude, item.draft.longitude) {
                                (Some(lat), Some(lon)) => format!("{}, {} ({lat:.4}, {lon:.4})", item.draft.city, item.draft.country),
                                _ => format!("{}, {}", item.draft.city, item.draft.country),
                            };
                            view! {
                                <li class="review-item" class:selected=move || selected.get() == index>
                                    <article id=format!("item-{index}") tabindex="-1" aria-labelledby=labelled_by
                                        aria-describedby="shortcuts-help" on:focusin=move |_| selected.set(index)>
                                        <h2 id=title_id><bdi dir="auto">{item.draft.name.clone()}</bdi>" · "{if item.kind == shared::domain::SubmissionKind::Update { i18n.a(AdminMsg::Update) } else { i18n.a(AdminMsg::NewEntry) }}</h2>
                                        <p class="meta">{i18n.a_format(AdminMsg::SubmittedOn, &[("date", &item.created_at.to_rfc3339().chars().take(10).collect::<String>())])}
                                            {item.contact_email.clone().map(|e| view! { " · "{i18n.a(AdminMsg::ContactEmail)}": "<span dir="ltr">{e}</span> })}</p>
                                        <p class="meta">{i18n.a(AdminMsg::Location)}": "<span data-testid="item-place">{place}</span></p>
                                        {outside_jerusalem.then(|| view! {
                                            <p class="warning" data-testid="jerusalem-warning">{i18n.a(AdminMsg::JerusalemRuleWarning)}</p>
                                        })}
                                        {(!item.possible_duplicates.is_empty()).then(|| view! {
                                            <p class="duplicates" data-testid="duplicates">{i18n.a(AdminMsg::LikelyDuplicates)}": "
                                                <bdi dir="auto">{item.possible_duplicates.iter().map(|d| d.name.clone().unwrap_or_else(|| "…".to_owned())).collect::<Vec<_>>().join(", ")}</bdi></p>
                                        })}
                                        <div class="table-scroll">
                                            <table class="diff">
                                                <thead><tr><th scope="col">{i18n.a(AdminMsg::Field)}</th><th scope="col">{i18n.a(AdminMsg::Before)}</th><th scope="col">{i18n.a(AdminMsg::After)}</th></tr></thead>
                                                <tbody>
                                                    {move || {
                                                        let categories = categories.get().and_then(Result::ok).unwrap_or_default();
                                                        let focus_areas = focus_areas.get().and_then(Result::ok).unwrap_or_default();
                                                        changes.iter().map(|c| view! { <tr><th scope="row">{field_label(&i18n, &c.field)}</th><td dir="auto">{field_value(&i18n, &c.field, &c.before, &categories, &focus_areas)}</td><td dir="auto">{field_value(&i18n, &c.field, &c.after, &categories, &focus_areas)}</td></tr> }).collect_view()
                                                    }}
                                                </tbody>
                                            </table>
                                        </div>
                                        {move || (confirming.get() == Some(id)).then(|| {
                                            let approve_now = approve_confirmed.clone();
                                            view! {
                                                <div class="confirm-approve" role="group" aria-labelledby="confirm-approve-text"
                                                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" {
                                                        confirming.set(None);
                                                        focus_by_id(&format!("item-{index}"));
                                                    }>
                                                    <p id="confirm-approve-text"><bdi dir="auto">{confirm_text.clone()}</bdi></p>
                                                    <button type="button" id="confirm-approve" class="primary" on:click=approve_now>{i18n.a(AdminMsg::YesApprove)}</button>
                                                    " "
                                                    <button type="button" on:click=move |_| {
                                                        confirming.set(None);
                                                        focus_by_id(&format!("item-{index}"));
                                                    }>{i18n.a(AdminMsg::Cancel)}</button>
                                                </div>
                                            }
                                        })}
                                        <div class="owner-actions">
                                            <button type="button" class="primary" aria-keyshortcuts=move || shortcuts_on.get().then_some("a") on:click=approve_now>{i18n.a(AdminMsg::Approve)}</button>
                                        </div>
                                        <form class="hide-form" on:submit=reject>
                                            <label for=reason_id.clone()>{i18n.a(AdminMsg::Reason)}</label>
                                            <input id=reason_id type="text" required maxlength="2000" aria-keyshortcuts=move || shortcuts_on.get().then_some("r") prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                                            <button type="submit">{i18n.a(AdminMsg::ConfirmReject)}</button>
                                        </form>
                                    </article>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <aside class="review-map" aria-label=i18n.a(AdminMsg::Location)>
                        <PointMap point />
                    </aside>
                </div>
                {(total > REVIEW_PAGE_SIZE || first > 0).then(pager)}
            }.into_any() }) })}
        </ErrorBoundary></Transition>
    }
}
