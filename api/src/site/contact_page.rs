//! `/contact/{slug}`: write to a group without seeing its address, as a plain form.

use std::time::SystemTime;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use shared::api::{ContactRequest, Organization};
use shared::domain::FieldError;
use shared::i18n::{Msg, PagesMsg};

use super::Reader;
use super::forms::{Errors, Posted, TextKind, hidden_fields, text_field};
use super::layout::{self, App, Head};
use crate::config::{JoinSettings, MailSettings};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::submissions::check_form_token;
use crate::handlers::{current_snapshot, with_db};
use crate::index::PublicIndex;

async fn find(
    pool: &web::Data<DbPool>,
    index: &web::Data<PublicIndex>,
    slug: &str,
) -> Result<Option<Organization>, ApiError> {
    if slug.len() > 200 {
        return Ok(None);
    }
    Ok(current_snapshot(pool, index).await?.find(slug).cloned())
}

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
    let Some(org) = find(&pool, &index, &slug).await? else {
        return Ok(not_found(&req, &reader));
    };
    let token = settings.form_key.issue(SystemTime::now())?;
    let page = contact_page(
        &req,
        &reader,
        &org,
        &Posted::default(),
        &Errors::none(&reader),
        Some(&token),
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
    let Some(org) = find(&pool, &index, &slug).await? else {
        return Ok(not_found(&req, &reader));
    };
    let posted = posted.into_inner();
    let request = ContactRequest {
        name: posted.get("name").to_owned(),
        email: posted.get("email").to_owned(),
        message: posted.get("message").to_owned(),
        form_token: posted.get("form_token").to_owned(),
        homepage: posted.get("homepage").to_owned(),
    };
    // Validated once; the form token's errors join the fields'.
    let validated = request.validate();
    let mut errors = validated.as_ref().err().cloned().unwrap_or_default();
    let form_token = check_form_token(&settings, &request.form_token, &mut errors);
    let refused = |errors: Vec<FieldError>| {
        let shown = Errors::new(&reader, &errors, |_| None);
        let page = contact_page(
            &req,
            &reader,
            &org,
            &posted,
            &shown,
            Some(&request.form_token),
        );
        Ok(layout::respond(StatusCode::BAD_REQUEST, &reader, page))
    };
    let (Some(form_token), Ok(contact), true) = (form_token, validated, errors.is_empty()) else {
        return refused(errors);
    };
    let (mail, outbox_key, organization) =
        (mail.into_inner(), settings.outbox_key.clone(), org.clone());
    let sent = with_db(&pool, move |conn| {
        crate::services::relay::relay_contact(
            conn,
            &mail,
            &outbox_key,
            &form_token,
            &organization,
            &contact,
        )
    })
    .await;
    match sent {
        Ok(()) => {
            let page = contact_page(
                &req,
                &reader,
                &org,
                &Posted::default(),
                &Errors::none(&reader),
                None,
            );
            Ok(layout::respond(StatusCode::ACCEPTED, &reader, page))
        }
        Err(ApiError::Invalid(errors)) => refused(errors),
        Err(other) => Err(other),
    }
}

/// The form, or (without a token) the message that it was sent.
fn contact_page(
    req: &HttpRequest,
    reader: &Reader,
    org: &Organization,
    posted: &Posted,
    errors: &Errors,
    form_token: Option<&str>,
) -> Markup {
    let (name, _) = org.display_name(reader.lang);
    // The name isolated (FSI … PDI): a Latin name keeps its place in an Arabic sentence.
    let title = reader.format(
        PagesMsg::ContactTitle,
        &[("name", &format!("\u{2068}{name}\u{2069}"))],
    );
    let main = html! {
        main id="main" class="form-page" {
            h1 { (title) }
            p { a href=(reader.href(&format!("/org/{}", org.slug))) { (super::map_page::name_of(org, reader.lang)) } }
            p { (reader.t(PagesMsg::ContactIntro)) }
            @if org.featured { p { (reader.t(PagesMsg::ContactIntroJerusalem)) } }
            @match form_token {
                None => p id="contact-outcome" role="status" class="form-success" { (reader.t(PagesMsg::MessageSent)) },
                Some(token) => {
                    (errors.summary())
                    form class="entry-form" method="post" action=(reader.href(&format!("/contact/{}", org.slug))) novalidate {
                        (hidden_fields(reader, token))
                        (text_field(reader, errors, "name", PagesMsg::YourName, None, TextKind::text(120).required().typed("text", "name"), posted.get("name")))
                        (text_field(reader, errors, "email", PagesMsg::YourEmail, None, TextKind::text(254).required().typed("email", "email"), posted.get("email")))
                        div class="field" {
                            label for="message" { (reader.t(PagesMsg::MessageLabel)) }
                            (errors.message("message"))
                            textarea id="message" name="message" rows="6" maxlength="4000" required dir="auto"
                                aria-invalid=[errors.invalid("message")] aria-describedby=[errors.described_by("message", false)] { (posted.get("message")) }
                        }
                        (errors.message("form_token"))
                        button type="submit" class="primary" { (reader.t(PagesMsg::SendMessage)) }
                    }
                }
            }
        }
    };
    let head = Head {
        indexable: false,
        ..Head::titled(layout::page_title(reader, &title))
    };
    layout::document(req, reader, head, Some(App::Pages), true, main)
}
