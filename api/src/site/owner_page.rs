//! `/owner`: the owner pastes the link or token into a form (posted, never in a URL) and gets
//! the same actions as the app, as buttons: confirm, hide (until a date), show, propose an
//! update, ask for deletion, the language of our e-mails; and a new link by e-mail.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, TimeZone, Utc};
use maud::{Markup, html};
use shared::api::{
    HideRequest, ManagedEvent, OrganizationDraft, OwnerEntry, OwnerLinkRequest, ReportState,
};
use shared::domain::{EventId, FieldError, HiddenBy, Status};
use shared::i18n::{EventsMsg, Lang, PagesMsg, SiteMsg};

use super::Reader;
use super::forms::{Errors, Posted, TextKind, text_field};
use super::join_page::{entry_fields, locate, place_message, submission, without_point_required};
use super::layout::{self, App, Head};
use super::owner_events::{self, EventForm};
use super::reference::{self, Reference, ReferenceCache};
use crate::cities::City;
use crate::config::{JoinSettings, MailSettings};
use crate::db::DbPool;
use crate::db::models::ownership;
use crate::error::ApiError;
use crate::handlers::with_db;
use crate::index::PublicIndex;
use shared::domain::OrganizationId;

pub async fn show(req: HttpRequest) -> HttpResponse {
    let reader = Reader::of(&req);
    layout::respond(StatusCode::OK, &reader, paste_page(&req, &reader, None))
}

/// The token in what the owner pasted: the whole link (`…/owner#token`) or the token alone.
fn token_in(pasted: &str) -> Option<String> {
    let token = pasted.rsplit('#').next().unwrap_or(pasted).trim();
    (!token.is_empty() && token.len() <= 200).then(|| token.to_owned())
}

/// What happened, said at the top of the page.
enum Outcome {
    Message(&'static str),
    Errors(Vec<FieldError>),
}

pub async fn act(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
    settings: web::Data<JoinSettings>,
    mail: web::Data<MailSettings>,
    posted: web::Form<Posted>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let posted = posted.into_inner();
    let action = posted.get("action").to_owned();
    if action == "link_request" {
        let request = OwnerLinkRequest {
            email: posted.get("email").to_owned(),
            homepage: posted.get("homepage").to_owned(),
        };
        let outcome = match request.validate() {
            Ok(email) => {
                let settings = settings.into_inner();
                with_db(&pool, move |conn| {
                    crate::services::owner::send_new_owner_links(conn, &settings, email.as_str())
                })
                .await?;
                Outcome::Message(reader.t(PagesMsg::LinkSent))
            }
            Err(errors) => Outcome::Errors(errors),
        };
        return Ok(layout::respond(
            StatusCode::OK,
            &reader,
            paste_page(&req, &reader, Some(outcome)),
        ));
    }
    let Some(token) = token_in(posted.get("token")) else {
        let outcome = Outcome::Message(reader.t(SiteMsg::OwnerLinkInvalid));
        return Ok(layout::respond(
            StatusCode::UNAUTHORIZED,
            &reader,
            paste_page(&req, &reader, Some(outcome)),
        ));
    };
    let (_, reference) = reference::load(&pool, &index, &cache).await?;
    let owner_token = token.clone();
    let owner = with_db(&pool, move |conn| {
        crate::services::owner::owner_of(conn, &owner_token)
    })
    .await;
    let (id, owner_status) = match owner {
        Ok(owner) => owner,
        Err(ApiError::Unauthorized) => {
            let outcome = Outcome::Message(reader.t(SiteMsg::OwnerLinkInvalid));
            return Ok(layout::respond(
                StatusCode::UNAUTHORIZED,
                &reader,
                paste_page(&req, &reader, Some(outcome)),
            ));
        }
        Err(other) => return Err(other),
    };
    let mut update_form: Option<(Posted, Vec<FieldError>, Vec<&'static City>)> = None;
    let mut event_form: Option<EventForm> = None;
    let event_id = posted.get("event").parse::<EventId>().ok();
    let result: Result<Option<&'static str>, ApiError> = match action.as_str() {
        "open" => Ok(None),
        "confirm" => run(&pool, id, crate::services::owner::confirm).await,
        "show" => run(&pool, id, crate::services::owner::show).await,
        "hide" => {
            let until = match posted
                .optional("until")
                .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
            {
                None => Ok(None),
                Some(Ok(date)) => Ok(date.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t))),
                Some(Err(_)) => Err(vec![FieldError::new(
                    "until",
                    "not_a_date",
                    "must be a date",
                )]),
            };
            match until.and_then(|until| HideRequest { until }.validate(Utc::now())) {
                Ok(until) => {
                    let until = until.map(|t| t.naive_utc());
                    run(&pool, id, move |conn, id| {
                        crate::services::owner::hide(conn, id, until)
                    })
                    .await
                }
                Err(errors) => Err(ApiError::Invalid(errors)),
            }
        }
        "deletion" => {
            let (mail, outbox_key) = (mail.into_inner(), settings.outbox_key.clone());
            run(&pool, id, move |conn, id| {
                crate::services::owner::request_deletion(conn, &mail, &outbox_key, id)
            })
            .await
        }
        "language" => match Lang::parse(posted.get("language")) {
            Some(language) => {
                run(&pool, id, move |conn, id| {
                    Ok(ownership::set_language(conn, id, language)?)
                })
                .await
            }
            None => Err(ApiError::Invalid(vec![FieldError::new(
                "language",
                "invalid_choice",
                "not one of ours",
            )])),
        },
        "update" => {
            let (point, candidates, mut errors) = locate(&posted);
            let draft: OrganizationDraft = submission(&posted, point, reader.lang).organization;
            let validated = draft.validate();
            errors.extend(without_point_required(
                validated.as_ref().err().cloned().unwrap_or_default(),
                point,
            ));
            match validated {
                Ok(valid) if errors.is_empty() => {
                    run(&pool, id, move |conn, id| {
                        crate::services::owner::propose_update(conn, id, &valid, &draft)
                    })
                    .await
                }
                _ => {
                    update_form = Some((posted.clone(), errors, candidates));
                    Ok(None)
                }
            }
        }
        "edit" => Ok(None),
        "event_new" => {
            event_form = Some(EventForm::empty());
            Ok(None)
        }
        "event_edit" => match event_id {
            Some(event) => {
                let own = with_db(&pool, move |conn| {
                    crate::services::events::owner_list(conn, id)
                })
                .await?;
                match own.iter().find(|m| m.event.id == event) {
                    Some(managed) => {
                        event_form = Some(EventForm::of(managed));
                        Ok(None)
                    }
                    None => Err(ApiError::NotFound("event".to_owned())),
                }
            }
            None => Err(ApiError::NotFound("event".to_owned())),
        },
        "event_save" => {
            let (draft, candidates, place_errors) = owner_events::draft(&posted);
            let checked = draft.validate(Utc::now());
            let snapshot = crate::handlers::current_snapshot(&pool, &index).await?;
            let errors = owner_events::merged_errors(
                &draft,
                place_errors,
                checked.as_ref().err().cloned().unwrap_or_default(),
            );
            let valid = match checked {
                Ok(valid) if errors.is_empty() => {
                    crate::services::events::co_organizer_ids(&snapshot, id, &valid)
                        .map(|co| (valid, co))
                }
                _ => Err(ApiError::Invalid(errors)),
            };
            match valid {
                Ok((valid, co)) => {
                    let saved = with_db(&pool, move |conn| match event_id {
                        Some(event) => {
                            crate::services::events::update(conn, id, event, &valid, &co)
                        }
                        None => {
                            crate::services::events::create(conn, id, owner_status, &valid, &co)
                        }
                    })
                    .await;
                    match saved {
                        Ok(_) => Ok(Some(reader.t(EventsMsg::EventSent))),
                        Err(e) => Err(e),
                    }
                }
                Err(ApiError::Invalid(errors)) => {
                    event_form = Some(EventForm {
                        editing: event_id,
                        posted: posted.clone(),
                        errors,
                        candidates,
                    });
                    Ok(None)
                }
                Err(other) => Err(other),
            }
        }
        "event_cancel" => match event_id {
            Some(event) => with_db(&pool, move |conn| {
                crate::services::events::cancel(conn, id, event)
            })
            .await
            .map(|_| Some(reader.t(EventsMsg::EventCancelledDone))),
            None => Err(ApiError::NotFound("event".to_owned())),
        },
        _ => Err(ApiError::Invalid(vec![FieldError::new(
            "action",
            "invalid_choice",
            "unknown action",
        )])),
    };
    let outcome = match result {
        Ok(None) => None,
        Ok(Some(message)) => Some(Outcome::Message(message)),
        Err(ApiError::Invalid(errors)) => Some(Outcome::Errors(errors)),
        Err(ApiError::Conflict(_) | ApiError::Held(_) | ApiError::NotFound(_)) => {
            Some(Outcome::Message(reader.t(SiteMsg::NotPossibleNow)))
        }
        Err(other) => return Err(other),
    };
    let settings = settings.into_inner();
    let (entry, events) = with_db(&pool, move |conn| {
        let status = ownership::organization_status(conn, id)?;
        Ok((
            crate::services::owner::owner_entry(conn, &settings, id, status)?,
            crate::services::events::owner_list(conn, id)?,
        ))
    })
    .await?;
    let editing = action == "edit" || update_form.is_some();
    let form = update_form.unwrap_or_else(|| (posted_from(&entry), Vec::new(), Vec::new()));
    let page = entry_page(
        &req,
        &reader,
        &reference,
        &token,
        &entry,
        outcome,
        editing.then_some(form),
        (&events, event_form.as_ref()),
    );
    Ok(layout::respond(StatusCode::OK, &reader, page))
}

/// Runs an owner action on a blocking thread; `Done.` when it worked.
async fn run(
    pool: &web::Data<DbPool>,
    id: OrganizationId,
    action: impl FnOnce(&mut crate::db::AnyConnection, OrganizationId) -> Result<(), ApiError>
    + Send
    + 'static,
) -> Result<Option<&'static str>, ApiError> {
    with_db(pool, move |conn| action(conn, id)).await?;
    Ok(Some("done"))
}

/// The update form filled with the entry as it stands (or as proposed).
fn posted_from(entry: &OwnerEntry) -> Posted {
    let org = &entry.organization;
    let mut fields: Vec<(String, String)> = vec![
        ("name".into(), org.name.clone()),
        ("name_ar".into(), org.name_ar.clone().unwrap_or_default()),
        ("category".into(), org.category.clone()),
        ("description".into(), org.description.clone()),
        ("city".into(), org.city.clone()),
        ("country".into(), org.country.clone()),
        ("latitude".into(), org.location.latitude.to_string()),
        ("longitude".into(), org.location.longitude.to_string()),
        (
            "precision".into(),
            if org.precision == shared::Precision::Exact {
                "exact"
            } else {
                "approximate"
            }
            .into(),
        ),
        ("website".into(), org.website.clone().unwrap_or_default()),
        (
            "original_language".into(),
            org.original_language
                .map(|l| l.code().to_owned())
                .unwrap_or_default(),
        ),
    ];
    fields.extend(
        org.focus_areas
            .iter()
            .map(|f| ("focus_areas".into(), f.clone())),
    );
    for (lang, text) in &org.translations {
        fields.push((
            format!("translations.{}.name", lang.code()),
            text.name.clone(),
        ));
        fields.push((
            format!("translations.{}.description", lang.code()),
            text.description.clone(),
        ));
    }
    Posted::from_pairs(fields)
}

fn head(reader: &Reader) -> Head {
    Head {
        indexable: false,
        ..Head::titled(layout::page_title(reader, reader.t(PagesMsg::OwnerTitle)))
    }
}

fn outcome_markup(reader: &Reader, outcome: Option<Outcome>) -> Markup {
    html! {
        @match outcome {
            Some(Outcome::Message(message)) => {
                p id="owner-outcome" role="status" class="form-success" {
                    (if message == "done" { reader.t(PagesMsg::Done) } else { message })
                }
            }
            Some(Outcome::Errors(errors)) => (Errors::new(reader, &errors, |rule| place_message(reader, rule)).summary()),
            None => {}
        }
    }
}

/// The form that opens an entry, and the one that sends a new link.
fn paste_page(req: &HttpRequest, reader: &Reader, outcome: Option<Outcome>) -> Markup {
    let errors = Errors::none(reader);
    let main = html! {
        main id="main" class="form-page owner-page" {
            h1 { (reader.t(PagesMsg::OwnerTitle)) }
            (outcome_markup(reader, outcome))
            form class="entry-form" method="post" action=(reader.href("/owner")) {
                input type="hidden" name="action" value="open";
                div class="field" {
                    label for="token" { (reader.t(SiteMsg::PasteOwnerLink)) }
                    p class="help" id="token-help" { (reader.t(SiteMsg::PasteOwnerLinkHelp)) }
                    input id="token" name="token" type="password" autocomplete="off" dir="ltr" required aria-describedby="token-help";
                }
                button type="submit" class="primary" { (reader.t(SiteMsg::OpenEntry)) }
            }
            section class="lost-link" aria-labelledby="lost-link-title" {
                h2 id="lost-link-title" { (reader.t(PagesMsg::LostLinkTitle)) }
                p { (reader.t(PagesMsg::OwnerNoLink)) }
                form class="entry-form" method="post" action=(reader.href("/owner")) {
                    input type="hidden" name="action" value="link_request";
                    (text_field(reader, &errors, "email", PagesMsg::ContactEmailLabel, None, TextKind::text(254).required().typed("email", "email"), ""))
                    button type="submit" { (reader.t(PagesMsg::SendNewLink)) }
                }
            }
        }
    };
    layout::document(req, reader, head(reader), Some(App::Pages), true, main)
}

fn status_text(status: Status) -> PagesMsg {
    match status {
        Status::Pending => PagesMsg::StatusPending,
        Status::Published => PagesMsg::StatusPublished,
        Status::Hidden => PagesMsg::StatusHidden,
        _ => PagesMsg::StatusOther,
    }
}

/// One button that posts an action with the token.
fn action_button(
    reader: &Reader,
    token: &str,
    action: &str,
    label: &'static str,
    primary: bool,
) -> Markup {
    html! {
        form class="owner-action" method="post" action=(reader.href("/owner")) {
            input type="hidden" name="token" value=(token);
            input type="hidden" name="action" value=(action);
            button type="submit" class=[primary.then_some("primary")] { (label) }
        }
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "the page shows each of these; a struct would only name them twice"
)]
fn entry_page(
    req: &HttpRequest,
    reader: &Reader,
    reference: &Reference,
    token: &str,
    entry: &OwnerEntry,
    outcome: Option<Outcome>,
    editing: Option<(Posted, Vec<FieldError>, Vec<&'static City>)>,
    (events, event_form): (&[ManagedEvent], Option<&EventForm>),
) -> Markup {
    let org = &entry.organization;
    let date = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%d").to_string();
    let main = html! {
        main id="main" class="form-page owner-page" {
            h1 { (reader.t(PagesMsg::OwnerTitle)) ": " (super::map_page::name_of(org, reader.lang)) }
            (outcome_markup(reader, outcome))
            dl {
                dt { (reader.t(PagesMsg::StatusLabel)) }
                dd data-testid="owner-status" { (reader.t(status_text(entry.status))) }
            }
            @if let Some(until) = entry.hidden_until { p { (reader.format(PagesMsg::HiddenUntil, &[("date", &date(until))])) } }
            @if entry.pending_update.is_some() { p { (reader.t(PagesMsg::UpdatePending)) } }
            @if entry.deletion_requested { p { (reader.t(PagesMsg::DeletionRequested)) } }
            @if !entry.link_problems.is_empty() {
                section class="link-problems" aria-labelledby="link-problems-title" data-testid="link-problems" {
                    h2 id="link-problems-title" { (reader.t(PagesMsg::LinkProblemsTitle)) }
                    ul {
                        @for problem in &entry.link_problems {
                            li dir="auto" { (problem.sentence(reader.lang, &date(problem.checked_at))) }
                        }
                    }
                    p { (reader.t(PagesMsg::LinkProblemsHelp)) }
                }
            }
            @if entry.status == Status::Hidden && entry.hidden_by == Some(HiddenBy::Report) {
                p data-testid="hidden-by-report" { (reader.t(PagesMsg::OwnerHiddenByReport)) }
            }
            @if !entry.reports.is_empty() {
                section class="owner-reports" aria-labelledby="owner-reports-title" data-testid="owner-reports" {
                    h2 id="owner-reports-title" { (reader.t(PagesMsg::OwnerReportsTitle)) }
                    ul {
                        @for report in &entry.reports {
                            li {
                                (reader.format(PagesMsg::OwnerReportLine, &[
                                    ("kind", reader.t(shared::api::report_kind_message(report.kind))),
                                    ("date", &date(report.created_at)),
                                ]))
                                @if let ReportState::Answered { answered_at, .. } = &report.state {
                                    " " (reader.format(PagesMsg::OwnerReportAnswered, &[("date", &date(*answered_at))]))
                                }
                            }
                        }
                    }
                    p { (reader.t(PagesMsg::OwnerReportsHelp)) }
                }
            }
            @if entry.status == Status::Published {
                p { (reader.format(PagesMsg::ConfirmBy, &[("date", &date(entry.confirm_by))])) }
                (action_button(reader, token, "confirm", reader.t(PagesMsg::ConfirmActive), true))
                form class="owner-action" method="post" action=(reader.href("/owner")) {
                    input type="hidden" name="token" value=(token);
                    input type="hidden" name="action" value="hide";
                    div class="field" {
                        label for="hide-until" { (reader.t(PagesMsg::HideUntilLabel)) }
                        input id="hide-until" name="until" type="date";
                    }
                    button type="submit" { (reader.t(PagesMsg::HideEntry)) }
                }
            }
            @if entry.status == Status::Hidden && !entry.deletion_requested && entry.hidden_by != Some(HiddenBy::Report) {
                (action_button(reader, token, "show", reader.t(PagesMsg::ShowEntry), true))
            }
            form class="owner-action" method="post" action=(reader.href("/owner")) {
                input type="hidden" name="token" value=(token);
                input type="hidden" name="action" value="language";
                div class="field" {
                    label for="mail-language" { (reader.t(PagesMsg::EmailLanguage)) }
                    select id="mail-language" name="language" {
                        @for lang in Lang::ALL {
                            option value=(lang.code()) lang=(lang.code()) selected[lang == entry.language] { (lang.native_name()) }
                        }
                    }
                }
                button type="submit" { (reader.t(PagesMsg::SaveLanguage)) }
            }
            @match editing {
                None => (action_button(reader, token, "edit", reader.t(PagesMsg::ProposeUpdate), false)),
                Some((posted, errors, candidates)) => {
                    @let errors = Errors::new(reader, &errors, |rule| place_message(reader, rule));
                    section aria-labelledby="update-title" {
                        h2 id="update-title" { (reader.t(PagesMsg::ProposeUpdate)) }
                        (errors.summary())
                        form class="entry-form" method="post" action=(reader.href("/owner")) novalidate {
                            input type="hidden" name="token" value=(token);
                            input type="hidden" name="action" value="update";
                            (entry_fields(reader, reference, &posted, &errors, &candidates))
                            button type="submit" class="primary" { (reader.t(PagesMsg::SendForReview)) }
                        }
                    }
                }
            }
            @if matches!(entry.status, Status::Published | Status::Hidden) {
                (owner_events::section(reader, token, events, event_form))
            }
            @if !entry.deletion_requested {
                details class="deletion" {
                    summary { (reader.t(PagesMsg::RequestDeletion)) }
                    (action_button(reader, token, "deletion", reader.t(PagesMsg::DeletionConfirm), false))
                }
            }
        }
    };
    layout::document(req, reader, head(reader), Some(App::Pages), true, main)
}
