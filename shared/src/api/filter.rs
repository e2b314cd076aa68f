use chrono::{DateTime, Utc};

use super::ConfirmedWithin;
use crate::domain::{BBox, CountryCode, Cursor, FieldError, Key, PageSize, SearchQuery};

/// The query string of the organisation list, GeoJSON and CSV endpoints, as sent. Every field is
/// text so that each bad value is reported by name (see [`OrganizationQuery::parse`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrganizationQuery {
    /// `min_lon,min_lat,max_lon,max_lat` in degrees (WGS 84).
    #[cfg_attr(feature = "openapi", param(example = "-0.51,51.28,0.33,51.69"))]
    pub bbox: Option<String>,
    /// One or more category keys, comma-separated; an organisation in any of them matches.
    #[cfg_attr(feature = "openapi", param(example = "student_group,media"))]
    pub category: Option<String>,
    /// One or more ISO 3166-1 alpha-2 codes, comma-separated.
    #[cfg_attr(feature = "openapi", param(example = "PS"))]
    pub country: Option<String>,
    /// One or more focus area keys, comma-separated; an organisation with any of them matches.
    #[cfg_attr(feature = "openapi", param(example = "housing,youth"))]
    pub focus: Option<String>,
    /// Free text over name (English and Arabic), description and city; accents, case and Arabic
    /// vowel marks are ignored; every word must match. At most 200 characters.
    pub q: Option<String>,
    /// Only organisations updated at or after this RFC 3339 time.
    #[cfg_attr(feature = "openapi", param(example = "2026-01-01T00:00:00Z"))]
    pub updated_since: Option<String>,
    /// Only organisations a person (their owner or a moderator) confirmed in the last `6` or
    /// `12` months, counted in whole UTC days (see `last_confirmed_at`); empty: at any time (what the
    /// pages' form sends).
    #[cfg_attr(feature = "openapi", param(example = "6", pattern = "^(6|12)?$"))]
    pub confirmed_within: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A parsed organisation filter: every value valid. Whether category and focus keys exist is
/// checked by the server against its tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganizationFilter {
    pub bbox: Option<BBox>,
    pub categories: Vec<Key>,
    pub countries: Vec<CountryCode>,
    pub focus_areas: Vec<Key>,
    pub q: Option<SearchQuery>,
    pub updated_since: Option<DateTime<Utc>>,
    pub confirmed_within: Option<ConfirmedWithin>,
    pub limit: PageSize,
    pub cursor: Option<Cursor>,
}

/// The most values one comma-separated filter takes.
const MAX_LIST: usize = 20;

pub(super) fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub(super) fn parse_list<T>(
    field: &str,
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, crate::domain::RuleViolation>,
    errors: &mut Vec<FieldError>,
) -> Vec<T> {
    let Some(text) = present(value) else {
        return Vec::new();
    };
    let parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > MAX_LIST {
        errors.push(FieldError::new(
            field,
            "too_many_values",
            format!("{field} takes at most {MAX_LIST} values"),
        ));
        return Vec::new();
    }
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        match parse(part) {
            Ok(v) => out.push(v),
            Err(e) => errors.push(e.at(field)),
        }
    }
    out
}

impl OrganizationQuery {
    /// Checks every field and reports all bad ones at once.
    pub fn parse(&self) -> Result<OrganizationFilter, Vec<FieldError>> {
        self.parse_with_pages(PageSize::default(), PageSize::MAX)
    }

    /// As [`parse`](Self::parse) with the bigger pages of the bulk formats (GeoJSON, CSV).
    pub fn parse_for_export(&self) -> Result<OrganizationFilter, Vec<FieldError>> {
        self.parse_with_pages(PageSize::export_default(), PageSize::EXPORT_MAX)
    }

    fn parse_with_pages(
        &self,
        default_limit: PageSize,
        max_limit: u32,
    ) -> Result<OrganizationFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut filter = OrganizationFilter {
            categories: parse_list("category", &self.category, Key::parse, &mut errors),
            countries: parse_list("country", &self.country, CountryCode::parse, &mut errors),
            focus_areas: parse_list("focus", &self.focus, Key::parse, &mut errors),
            limit: default_limit,
            ..OrganizationFilter::default()
        };
        if let Some(text) = present(&self.bbox) {
            match BBox::parse(text) {
                Ok(b) => filter.bbox = Some(b),
                Err(e) => errors.push(e.at("bbox")),
            }
        }
        if let Some(text) = self.q.as_deref() {
            match SearchQuery::parse(text) {
                Ok(q) => filter.q = q,
                Err(e) => errors.push(e.at("q")),
            }
        }
        if let Some(text) = present(&self.updated_since) {
            match DateTime::parse_from_rfc3339(text) {
                Ok(t) => filter.updated_since = Some(t.with_timezone(&Utc)),
                Err(_) => errors.push(FieldError::new(
                    "updated_since",
                    "invalid_format",
                    "updated_since must be an RFC 3339 time such as 2026-01-01T00:00:00Z",
                )),
            }
        }
        if let Some(text) = present(&self.confirmed_within) {
            match ConfirmedWithin::parse(text) {
                Ok(w) => filter.confirmed_within = Some(w),
                Err(e) => errors.push(e.at("confirmed_within")),
            }
        }
        if let Some(text) = present(&self.limit) {
            match PageSize::parse_up_to(text, max_limit) {
                Ok(l) => filter.limit = l,
                Err(e) => errors.push(e.at("limit")),
            }
        }
        if let Some(text) = present(&self.cursor) {
            match Cursor::parse(text) {
                Ok(c) => filter.cursor = Some(c),
                Err(e) => errors.push(e.at("cursor")),
            }
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }
}

impl OrganizationFilter {
    /// The first moment of confirmation the filter lets through for a reader at `now`, if it
    /// asks for recent confirmations.
    pub fn confirmed_since(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.confirmed_within.map(|w| w.since(now))
    }

    /// The query string that selects this filter (without `?`), for links and the web app.
    pub fn to_query(&self) -> OrganizationQuery {
        fn join<T: ToString>(items: &[T]) -> Option<String> {
            (!items.is_empty())
                .then(|| items.iter().map(T::to_string).collect::<Vec<_>>().join(","))
        }
        OrganizationQuery {
            bbox: self.bbox.map(|b| b.to_string()),
            category: join(&self.categories),
            country: join(&self.countries),
            focus: join(&self.focus_areas),
            q: self.q.as_ref().map(|q| q.as_str().to_owned()),
            updated_since: self.updated_since.map(|t| t.to_rfc3339()),
            confirmed_within: self.confirmed_within.map(|w| w.as_param().to_owned()),
            limit: (self.limit != PageSize::default()).then(|| self.limit.get().to_string()),
            cursor: self.cursor.as_ref().map(ToString::to_string),
        }
    }
}

/// Filters of the resource list.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ResourceQuery {
    /// A resource kind such as `report` or `toolkit`.
    pub kind: Option<String>,
    /// A topic key.
    pub topic: Option<String>,
    /// A BCP 47 language tag such as `en` or `ar`.
    pub language: Option<String>,
    /// Only resources related to this organisation (its slug).
    pub organization: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let query = OrganizationQuery {
            bbox: Some("10,0,5,1".into()),
            category: Some("Student Group".into()),
            country: Some("XX".into()),
            limit: Some("10000".into()),
            cursor: Some("not-hex".into()),
            q: Some("x".repeat(300)),
            updated_since: Some("yesterday".into()),
            confirmed_within: Some("3".into()),
            focus: None,
        };
        let errors = query.parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "category",
                "country",
                "bbox",
                "q",
                "updated_since",
                "confirmed_within",
                "limit",
                "cursor"
            ]
        );
    }

    #[test]
    fn a_parsed_filter_round_trips_through_its_query() {
        let query = OrganizationQuery {
            bbox: Some("-1,50,1,52".into()),
            category: Some("student_group,media".into()),
            country: Some("gb,ps".into()),
            focus: Some("youth".into()),
            q: Some("Bethléem".into()),
            updated_since: Some("2026-01-01T00:00:00+00:00".into()),
            confirmed_within: Some("12".into()),
            limit: Some("20".into()),
            cursor: None,
        };
        let filter = query.parse().unwrap();
        assert_eq!(filter.to_query().parse().unwrap(), filter);
    }
}
