//! `/report/{slug}`: "Report a problem" with an entry, as a plain form that works without
//! JavaScript (the app's organisation view links here too: the page is the server's alone), and
//! the page that says what happens next.

use std::time::SystemTime;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use shared::api::{Organization, REPORT_MESSAGE_MAX_CHARS, ReportRequest, report_kind_message};
use shared::domain::ReportKind;
use shared::i18n::{Msg, PagesMsg};

use super::Reader;
use super::forms::{Errors, Posted, TextKind, hidden_fields, text_field};
use super::layout::{self, Head};
use crate::config::{JoinSettings, MailSettings};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::current_snapshot;
use crate::handlers::organizations::report::file_report;
use crate::index::PublicIndex;

fn not_found(req: &HttpRequest, reader: &Reader) -> HttpResponse {
    let page = layout::message_page(
        req,
        reader,
        reader.t(Msg::NotFound),
        reader.t(Msg::NotFound),
    );
    layout::respond(StatusCode::NOT_FOUND, reader, page)
}

pub async fn show(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    settings: web::Data<JoinSettings>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let snapshot = current_snapshot(&pool, &index).await?;
    let found = (slug.len() <= 200).then(|| snapshot.find(&slug)).flatten();
    let Some(org) = found else {
        return Ok(not_found(&req, &reader));
    };
    let token = settings.form_key.issue(SystemTime::now())?;
    let page = report_page(
        &req,
        &reader,
        org,
        &Posted::default(),
        &Errors::none(&reader),
        &token,
    );
    Ok(layout::respond(StatusCode::OK, &reader, page))
}

pub async fn submit(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    settings: web::Data<JoinSettings>,
    mail: web::Data<MailSettings>,
    slug: web::Path<String>,
    posted: web::Form<Posted>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let snapshot = current_snapshot(&pool, &index).await?;
    let found = (slug.len() <= 200).then(|| snapshot.find(&slug)).flatten();
    let Some(org) = found.cloned() else {
        return Ok(not_found(&req, &reader));
    };
    let posted = posted.into_inner();
    let request = ReportRequest {
        kind: posted.get("kind").to_owned(),
        duplicate_of: posted.get("duplicate_of").to_owned(),
        message: posted.get("message").to_owned(),
        form_token: posted.get("form_token").to_owned(),
        homepage: posted.get("homepage").to_owned(),
    };
    match file_report(&pool, &snapshot, &settings, &mail, &org, &request).await {
        Ok(hidden) => {
            let page = sent_page(&req, &reader, &org, hidden);
            Ok(layout::respond(StatusCode::ACCEPTED, &reader, page))
        }
        Err(ApiError::Invalid(errors)) => {
            let shown = Errors::new(&reader, &errors, |_| None);
            // A token refused as used or expired cannot be sent again: a fresh one, so that the
            // visitor only fixes what the errors say.
            let token = if errors.iter().any(|e| e.field == "form_token") {
                settings.form_key.issue(SystemTime::now())?
            } else {
                request.form_token.clone()
            };
            let page = report_page(&req, &reader, &org, &posted, &shown, &token);
            Ok(layout::respond(StatusCode::BAD_REQUEST, &reader, page))
        }
        Err(other) => Err(other),
    }
}

fn title(reader: &Reader, org: &Organization) -> String {
    let (name, _) = org.display_name(reader.lang);
    // The name isolated (FSI … PDI): a Latin name keeps its place in an Arabic sentence.
    reader.format(
        PagesMsg::ReportTitle,
        &[("name", &format!("\u{2068}{name}\u{2069}"))],
    )
}

fn head(reader: &Reader, title: &str) -> Head {
    Head {
        indexable: false,
        ..Head::titled(layout::page_title(reader, title))
    }
}

fn report_page(
    req: &HttpRequest,
    reader: &Reader,
    org: &Organization,
    posted: &Posted,
    errors: &Errors,
    form_token: &str,
) -> Markup {
    let title = title(reader, org);
    let chosen = posted.get("kind");
    let kind_described = errors.described_by("kind", false);
    let main = html! {
        main id="main" class="form-page report-page" {
            h1 { (title) }
            p { a href=(reader.href(&format!("/org/{}", org.slug))) { (super::map_page::name_of(org, reader.lang)) } }
            p { (reader.t(PagesMsg::ReportIntro)) }
            (errors.summary())
            form class="entry-form" method="post" action=(reader.href(&format!("/report/{}", org.slug))) novalidate {
                (hidden_fields(reader, form_token))
                fieldset id="kind" class="field" aria-describedby=[kind_described] {
                    legend { (reader.t(PagesMsg::ReportKindLegend)) }
                    (errors.message("kind"))
                    @for kind in ReportKind::ALL {
                        @let id = format!("kind-{}", kind.as_str());
                        div class="choice" {
                            input type="radio" id=(id) name="kind" value=(kind.as_str()) required
                                checked[chosen == kind.as_str()]
                                aria-describedby=[(kind == ReportKind::Unsafe).then_some("kind-unsafe-help")];
                            label for=(id) { (reader.t(report_kind_message(kind))) }
                        }
                        @if kind == ReportKind::Unsafe {
                            p class="help" id="kind-unsafe-help" { (reader.t(PagesMsg::ReportUnsafeHelp)) }
                        }
                    }
                }
                (text_field(reader, errors, "duplicate_of", PagesMsg::ReportDuplicateLabel,
                    Some(reader.t(PagesMsg::ReportDuplicateHelp)), TextKind::text(300).typed("text", "off"), posted.get("duplicate_of")))
                div class="field" {
                    label for="message" { (reader.t(PagesMsg::ReportMessageLabel)) }
                    p class="help" id="message-help" { (reader.t(PagesMsg::ReportMessageHelp)) }
                    (errors.message("message"))
                    textarea id="message" name="message" rows="5" maxlength=(REPORT_MESSAGE_MAX_CHARS) dir="auto"
                        aria-invalid=[errors.invalid("message")] aria-describedby=[errors.described_by("message", true)] { (posted.get("message")) }
                }
                (errors.message("form_token"))
                button type="submit" class="primary" { (reader.t(PagesMsg::SendReport)) }
            }
        }
    };
    layout::document(req, reader, head(reader, &title), None, true, main)
}

/// What happens next, in the visitor's language.
fn sent_page(req: &HttpRequest, reader: &Reader, org: &Organization, hidden: bool) -> Markup {
    let title = reader.t(PagesMsg::ReportSentTitle);
    let main = html! {
        main id="main" class="form-page report-page" {
            h1 { (title) }
            div id="report-outcome" role="status" class="form-success" {
                p { (reader.t(PagesMsg::ReportSent)) }
                @if hidden { p { (reader.t(PagesMsg::ReportSentUnsafe)) } }
            }
            p {
                @if hidden {
                    a href=(reader.href("/")) { (reader.t(Msg::BackToMap)) }
                } @else {
                    a href=(reader.href(&format!("/org/{}", org.slug))) { (reader.t(PagesMsg::ReportBackToEntry)) }
                }
            }
        }
    };
    layout::document(req, reader, head(reader, title), None, true, main)
}
