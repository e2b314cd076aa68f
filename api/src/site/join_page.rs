//! `/join` as a plain form: posted to the server, checked by the same `shared` rules as the API,
//! errors next to each field and in a summary, values kept; the owner link is shown once.

use std::time::SystemTime;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use shared::api::{EntryText, OrganizationDraft, SubmissionReceipt, SubmissionRequest};
use shared::domain::FieldError;
use shared::i18n::{Lang, Msg, PagesMsg, SiteMsg};

use super::Reader;
use super::forms::{Errors, Posted, TextKind, hidden_fields, text_field};
use super::layout::{self, App, Head};
use super::reference::{self, Reference, ReferenceCache};
use crate::cities::{self, City};
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::handlers::submissions::check_form_token;
use crate::handlers::with_db;
use crate::index::PublicIndex;

/// How many places of the same name the form offers.
const MAX_CANDIDATES: usize = 8;

pub async fn show(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
    settings: web::Data<JoinSettings>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let (_, reference) = reference::load(&pool, &index, &cache).await?;
    let token = settings.form_key.issue(SystemTime::now())?;
    let page = join_page(
        &req,
        &reader,
        &reference,
        &Posted::default(),
        &Errors::none(&reader),
        &[],
        &token,
    );
    Ok(layout::respond(StatusCode::OK, &reader, page))
}

pub async fn submit(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    index: web::Data<PublicIndex>,
    cache: web::Data<ReferenceCache>,
    settings: web::Data<JoinSettings>,
    posted: web::Form<Posted>,
) -> Result<HttpResponse, ApiError> {
    let reader = Reader::of(&req);
    let posted = posted.into_inner();
    let (_, reference) = reference::load(&pool, &index, &cache).await?;
    let (point, candidates, mut errors) = locate(&posted);
    let request = submission(&posted, point, reader.lang);
    // Validated once; the place's and the form token's errors join the fields'.
    let validated = request.validate();
    errors.extend(without_point_required(
        validated.as_ref().err().cloned().unwrap_or_default(),
        point,
    ));
    let form_token = check_form_token(&settings, &request.form_token, &mut errors);
    let refused = |errors: Vec<FieldError>| {
        let shown = Errors::new(&reader, &errors, |rule| place_message(&reader, rule));
        let page = join_page(
            &req,
            &reader,
            &reference,
            &posted,
            &shown,
            &candidates,
            &request.form_token,
        );
        Ok(layout::respond(StatusCode::BAD_REQUEST, &reader, page))
    };
    let (form_token, valid) = match (form_token, validated) {
        (Some(form_token), Ok(valid)) if errors.is_empty() => (form_token, valid),
        // A rule the place's own checks set aside still refuses the form, and says which.
        (_, Err(rules)) if errors.is_empty() => return refused(rules),
        _ => return refused(errors),
    };
    let settings = settings.into_inner();
    let outcome = with_db(&pool, move |conn| {
        crate::services::submissions::submit(
            conn,
            &settings,
            &form_token,
            &valid,
            &request.organization,
        )
    })
    .await;
    match outcome {
        Ok(receipt) => Ok(layout::respond(
            StatusCode::CREATED,
            &reader,
            done_page(&req, &reader, &receipt),
        )),
        Err(ApiError::Invalid(errors)) => refused(errors),
        Err(other) => Err(other),
    }
}

/// Without a point the city and country fields (or the place's own error) say what to do;
/// "latitude is required" would not.
pub fn without_point_required(
    errors: Vec<FieldError>,
    point: Option<(f64, f64)>,
) -> Vec<FieldError> {
    errors
        .into_iter()
        .filter(|e| {
            point.is_some()
                || e.rule != "required"
                || !matches!(e.field.as_str(), "latitude" | "longitude")
        })
        .collect()
}

/// The words for the place's own rules.
pub fn place_message(reader: &Reader, rule: &str) -> Option<&'static str> {
    match rule {
        "ambiguous_city" => Some(reader.t(SiteMsg::CityAmbiguous)),
        "unknown_city" => Some(reader.t(SiteMsg::CityUnknown)),
        _ => None,
    }
}

/// The point: the coordinates given, else the place chosen among candidates, else the only city
/// of that name in the country (GeoNames). Several cities of the name: the candidates to choose
/// from.
pub fn locate(posted: &Posted) -> (Option<(f64, f64)>, Vec<&'static City>, Vec<FieldError>) {
    let number = |name: &str| {
        posted
            .optional(name)
            .map(|v| v.replace(',', ".").parse::<f64>())
    };
    match (number("latitude"), number("longitude")) {
        (Some(Ok(latitude)), Some(Ok(longitude))) => {
            return (Some((latitude, longitude)), Vec::new(), Vec::new());
        }
        (Some(Err(_)), _) => {
            return (
                None,
                Vec::new(),
                vec![FieldError::new(
                    "latitude",
                    "not_a_number",
                    "must be a number",
                )],
            );
        }
        (_, Some(Err(_))) => {
            return (
                None,
                Vec::new(),
                vec![FieldError::new(
                    "longitude",
                    "not_a_number",
                    "must be a number",
                )],
            );
        }
        _ => {}
    }
    let city = posted.get("city").trim();
    let country = posted.get("country").trim();
    if city.is_empty() || country.is_empty() {
        // The draft's own rules say that the city and country are required.
        return (None, Vec::new(), Vec::new());
    }
    let wanted = shared::text::normalize_for_search(city);
    let found = cities::search(city, Some(country), 50);
    let exact: Vec<&'static City> = found
        .iter()
        .copied()
        .filter(|c| {
            shared::text::normalize_for_search(&c.name) == wanted
                || c.name_ar
                    .as_deref()
                    .is_some_and(|ar| shared::text::normalize_for_search(ar) == wanted)
        })
        .collect();
    let candidates: Vec<&'static City> = if exact.is_empty() { found } else { exact }
        .into_iter()
        .take(MAX_CANDIDATES)
        .collect();
    if let Some(city) = posted
        .optional("place")
        .and_then(|chosen| candidates.iter().find(|c| place_value(c) == chosen))
    {
        return (
            Some((city.latitude, city.longitude)),
            candidates,
            Vec::new(),
        );
    }
    match candidates[..] {
        [only] => (
            Some((only.latitude, only.longitude)),
            Vec::new(),
            Vec::new(),
        ),
        [] => (
            None,
            Vec::new(),
            vec![FieldError::new(
                "city",
                "unknown_city",
                "not a city we know in this country",
            )],
        ),
        _ => (
            None,
            candidates,
            vec![FieldError::new(
                "city",
                "ambiguous_city",
                "several places have this name",
            )],
        ),
    }
}

/// A candidate's value in the form.
fn place_value(city: &City) -> String {
    format!("{:.4},{:.4}", city.latitude, city.longitude)
}

/// The request the API would receive for this form.
pub fn submission(
    posted: &Posted,
    point: Option<(f64, f64)>,
    reader_lang: Lang,
) -> SubmissionRequest {
    let original_language = Lang::parse(posted.get("original_language"));
    let translations = Lang::ALL
        .into_iter()
        .filter(|lang| *lang != Lang::Ar)
        .filter_map(|lang| {
            let name = posted
                .get(&format!("translations.{}.name", lang.code()))
                .to_owned();
            let description = posted
                .get(&format!("translations.{}.description", lang.code()))
                .to_owned();
            (!name.trim().is_empty() || !description.trim().is_empty())
                .then_some((lang, EntryText { name, description }))
        })
        .collect();
    SubmissionRequest {
        organization: OrganizationDraft {
            name: posted.get("name").to_owned(),
            name_ar: posted.optional("name_ar"),
            category: posted.get("category").to_owned(),
            description: posted.get("description").to_owned(),
            city: posted.get("city").to_owned(),
            country: posted.get("country").to_owned(),
            latitude: point.map(|p| p.0),
            longitude: point.map(|p| p.1),
            precision: posted.optional("precision"),
            website: posted.optional("website"),
            links: Vec::new(),
            languages: Vec::new(),
            focus_areas: posted.all("focus_areas"),
            original_language,
            translations,
        },
        contact_email: posted.get("contact_email").to_owned(),
        language: reader_lang,
        consent: posted.get("consent") == "yes",
        form_token: posted.get("form_token").to_owned(),
        homepage: posted.get("homepage").to_owned(),
    }
}

fn join_page(
    req: &HttpRequest,
    reader: &Reader,
    reference: &Reference,
    posted: &Posted,
    errors: &Errors,
    candidates: &[&'static City],
    form_token: &str,
) -> Markup {
    let main = html! {
        main id="main" class="form-page" {
            h1 { (reader.t(PagesMsg::JoinTitle)) }
            p { (reader.t(PagesMsg::JoinIntro)) }
            p class="help" { (reader.t(PagesMsg::RequiredHint)) }
            (errors.summary())
            form class="entry-form" method="post" action=(reader.href("/join")) novalidate {
                (hidden_fields(reader, form_token))
                (entry_fields(reader, reference, posted, errors, candidates))
                (text_field(reader, errors, "contact_email", PagesMsg::ContactEmailLabel, Some(reader.t(PagesMsg::ContactEmailHelp)), TextKind::text(254).required().typed("email", "email"), posted.get("contact_email")))
                div class="field consent" {
                    (errors.message("consent"))
                    input id="consent" name="consent" type="checkbox" value="yes" checked[posted.get("consent") == "yes"]
                        aria-invalid=[errors.invalid("consent")] aria-describedby=[errors.described_by("consent", false)];
                    label for="consent" { (reader.t(PagesMsg::ConsentLabel)) }
                }
                (errors.message("form_token"))
                button type="submit" class="primary" { (reader.t(PagesMsg::SendForReview)) }
            }
            p class="credit" { (reader.t(PagesMsg::CitiesCredit)) }
        }
    };
    let head = Head {
        indexable: false,
        ..Head::titled(layout::page_title(reader, reader.t(PagesMsg::JoinTitle)))
    };
    layout::document(req, reader, head, Some(App::Pages), true, main)
}

/// The entry's own fields, for joining and for an owner's update: name, category, description,
/// place (city, candidates, or coordinates), precision, website, focus areas and languages.
pub fn entry_fields(
    reader: &Reader,
    reference: &Reference,
    posted: &Posted,
    errors: &Errors,
    candidates: &[&'static City],
) -> Markup {
    let lang = reader.lang;
    let precision = posted
        .optional("precision")
        .unwrap_or_else(|| "approximate".to_owned());
    let original = posted
        .optional("original_language")
        .and_then(|code| Lang::parse(&code))
        .or(Some(lang).filter(|l| *l != Lang::Pseudo));
    let mut countries: Vec<(&str, String)> = shared::countries::all()
        .iter()
        .map(|c| (c.code, super::country_name(c.code, lang)))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    html! {
        (text_field(reader, errors, "name", PagesMsg::GroupName, None, TextKind::text(120).required().typed("text", "organization"), posted.get("name")))
        (text_field(reader, errors, "name_ar", PagesMsg::GroupNameAr, None, TextKind::text(120).in_lang("ar"), posted.get("name_ar")))
        div class="field" {
            label for="category" { (reader.t(PagesMsg::CategoryLabel)) }
            (errors.message("category"))
            select id="category" name="category" required aria-invalid=[errors.invalid("category")] aria-describedby=[errors.described_by("category", false)] {
                option value="" { (reader.t(PagesMsg::ChooseOne)) }
                @for category in &reference.categories {
                    option value=(category.key) selected[posted.get("category") == category.key] { (category.names.get(lang.code())) }
                }
            }
        }
        div class="field" {
            label for="description" { (reader.t(PagesMsg::DescriptionLabel)) }
            (errors.message("description"))
            textarea id="description" name="description" rows="4" maxlength="2000" dir="auto"
                aria-invalid=[errors.invalid("description")] aria-describedby=[errors.described_by("description", false)] { (posted.get("description")) }
        }
        fieldset class="location" {
            legend { (reader.t(PagesMsg::LocationLegend)) }
            p class="help" { (reader.t(SiteMsg::LocationHelp)) }
            (text_field(reader, errors, "city", PagesMsg::CityLabel, None, TextKind::text(100).required(), posted.get("city")))
            div class="field" {
                label for="country" { (reader.t(PagesMsg::CountryLabel)) }
                (errors.message("country"))
                select id="country" name="country" required aria-invalid=[errors.invalid("country")] aria-describedby=[errors.described_by("country", false)] {
                    option value="" { (reader.t(PagesMsg::ChooseOne)) }
                    @for (code, name) in &countries {
                        option value=(code) selected[posted.get("country") == *code] { (name) }
                    }
                }
            }
            @if !candidates.is_empty() {
                fieldset class="candidates" id="place" {
                    legend { (reader.t(PagesMsg::CitySuggestions)) }
                    @for (i, city) in candidates.iter().enumerate() {
                        @let id = format!("place-{i}");
                        div class="choice" {
                            input type="radio" id=(id) name="place" value=(place_value(city)) checked[posted.get("place") == place_value(city)];
                            label for=(id) {
                                (layout::place(city.name_ar.as_deref().filter(|_| lang == Lang::Ar).unwrap_or(&city.name), None, &city.country, reader))
                                " (" (format!("{:.2}, {:.2}", city.latitude, city.longitude)) ")"
                            }
                        }
                    }
                }
            }
            details class="coordinates" open[errors.of("latitude").is_some() || errors.of("longitude").is_some() || errors.of("city") == Some(reader.t(SiteMsg::CityUnknown))] {
                summary { (reader.t(SiteMsg::CoordinatesInstead)) }
                (text_field(reader, errors, "latitude", SiteMsg::Latitude, Some(reader.t(SiteMsg::CoordinatesHelp)), TextKind::text(20).typed("text", "off"), posted.get("latitude")))
                (text_field(reader, errors, "longitude", SiteMsg::Longitude, None, TextKind::text(20).typed("text", "off"), posted.get("longitude")))
            }
        }
        fieldset class="precision" {
            legend { (reader.t(PagesMsg::PrecisionLegend)) }
            (errors.message("precision"))
            div class="choice" {
                input type="radio" id="precision-approximate" name="precision" value="approximate" checked[precision != "exact"];
                label for="precision-approximate" { (reader.t(PagesMsg::PrecisionApproximate)) }
            }
            div class="choice" {
                input type="radio" id="precision-exact" name="precision" value="exact" checked[precision == "exact"];
                label for="precision-exact" { (reader.t(PagesMsg::PrecisionExact)) }
            }
        }
        (text_field(reader, errors, "website", PagesMsg::WebsiteLabel, None, TextKind::text(300).typed("url", "url"), posted.get("website")))
        fieldset class="focus-areas" id="focus_areas" {
            legend { (reader.t(Msg::FocusAreas)) }
            (errors.message("focus_areas"))
            ul class="checkboxes" {
                @for area in &reference.focus_areas {
                    @let id = format!("focus-{}", area.key);
                    li {
                        input type="checkbox" id=(id) name="focus_areas" value=(area.key) checked[posted.all("focus_areas").contains(&area.key)];
                        label for=(id) { (area.names.get(lang.code())) }
                    }
                }
            }
        }
        div class="field" {
            label for="original_language" { (reader.t(PagesMsg::OriginalLanguage)) }
            select id="original_language" name="original_language" {
                option value="" selected[original.is_none()] { (reader.t(PagesMsg::NotSaid)) }
                @for other in Lang::ALL {
                    option value=(other.code()) lang=(other.code()) selected[original == Some(other)] { (other.native_name()) }
                }
            }
        }
        details class="other-languages" {
            summary { (reader.t(PagesMsg::OtherLanguages)) }
            p class="help" { (reader.t(PagesMsg::OtherLanguagesHelp)) }
            @for other in Lang::ALL.into_iter().filter(|l| *l != Lang::Ar) {
                @let language = other.native_name();
                @let name_id = format!("translations.{}.name", other.code());
                @let description_id = format!("translations.{}.description", other.code());
                div class="field" {
                    label for=(name_id) { (reader.format(PagesMsg::NameIn, &[("language", language)])) }
                    (errors.message(&name_id))
                    input id=(name_id) name=(name_id) type="text" maxlength="120" lang=(other.code()) value=(posted.get(&name_id));
                }
                div class="field" {
                    label for=(description_id) { (reader.format(PagesMsg::DescriptionIn, &[("language", language)])) }
                    (errors.message(&description_id))
                    textarea id=(description_id) name=(description_id) rows="3" maxlength="2000" lang=(other.code()) { (posted.get(&description_id)) }
                }
            }
        }
    }
}

fn done_page(req: &HttpRequest, reader: &Reader, receipt: &SubmissionReceipt) -> Markup {
    let main = html! {
        main id="main" class="form-page" {
            section class="join-done" id="join-done" aria-labelledby="join-done-title" {
                h1 id="join-done-title" { (reader.t(PagesMsg::JoinDone)) }
                p { (reader.t(PagesMsg::OwnerLinkExplain)) }
                label for="owner-link" { (reader.t(PagesMsg::OwnerLinkLabel)) }
                input id="owner-link" type="text" readonly dir="ltr" value=(receipt.owner_url) data-testid="owner-link";
                @if !receipt.possible_duplicates.is_empty() {
                    p { (reader.t(PagesMsg::PendingDuplicate)) }
                }
                p { a href=(reader.href("/")) { (reader.t(Msg::BackToMap)) } }
            }
        }
    };
    let head = Head {
        indexable: false,
        ..Head::titled(layout::page_title(reader, reader.t(PagesMsg::JoinTitle)))
    };
    layout::document(req, reader, head, Some(App::Pages), true, main)
}
