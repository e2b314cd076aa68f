//! `/api/v1/feed.atom`: newly published organisations, for feed readers and partner sites.

use actix_web::{HttpRequest, HttpResponse, get, web};
use atom_syndication::{Entry, Feed, Link, Text};
use shared::domain::{BBox, CountryCode};

use super::with_db;
use crate::config::JoinSettings;
use crate::db::DbPool;
use crate::db::models::organization;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::http::cacheable;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct FeedQuery {
    /// Only this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only inside `min_lon,min_lat,max_lon,max_lat`.
    pub bbox: Option<String>,
}

/// The 50 organisations published most recently, as an Atom feed (RFC 4287).
#[utoipa::path(
    tag = "organizations",
    params(FeedQuery),
    responses(
        (status = 200, description = "An Atom feed", content_type = "application/atom+xml"),
        (status = 400, response = problems::BadRequest)
    )
)]
#[get("/api/v1/feed.atom")]
pub async fn feed(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    query: web::Query<FeedQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = Vec::new();
    let country = query
        .country
        .as_deref()
        .map(CountryCode::parse)
        .transpose()
        .map_err(|e| errors.push(e.at("country")))
        .ok()
        .flatten()
        .map(|c| c.to_string());
    let bbox = query
        .bbox
        .as_deref()
        .map(BBox::parse)
        .transpose()
        .map_err(|e| errors.push(e.at("bbox")))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let recent = with_db(&pool, move |conn| {
        Ok(organization::recently_published(
            conn,
            country.as_deref(),
            bbox.as_ref(),
            50,
        )?)
    })
    .await?;
    let base = &settings.public_url;
    let stamp = |at: chrono::NaiveDateTime| at.and_utc().fixed_offset();
    let mut feed = Feed::default();
    feed.set_title("International Solidarity Map: newly listed organisations");
    feed.set_id(format!("{base}/api/v1/feed.atom"));
    feed.set_updated(stamp(
        recent
            .first()
            .map_or_else(chrono::NaiveDateTime::default, |(_, at)| *at),
    ));
    let mut own = Link::default();
    own.set_href(format!("{base}{}", req.uri()));
    own.set_rel("self");
    feed.set_links(vec![own]);
    feed.set_entries(
        recent
            .iter()
            .map(|(org, published)| {
                let mut entry = Entry::default();
                let url = format!("{base}/org/{}", org.slug);
                entry.set_title(format!("{} ({}, {})", org.name, org.city, org.country));
                entry.set_id(format!("urn:uuid:{}", org.id));
                entry.set_updated(stamp(org.updated_at.naive_utc()));
                entry.set_published(Some(stamp(*published)));
                let mut link = Link::default();
                link.set_href(url);
                entry.set_links(vec![link]);
                entry.set_summary(Some(Text::plain(org.description.clone())));
                entry
            })
            .collect::<Vec<_>>(),
    );
    Ok(cacheable(
        &req,
        "application/atom+xml; charset=utf-8",
        feed.to_string().into_bytes(),
    ))
}
