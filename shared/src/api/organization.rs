use std::collections::BTreeMap;

use crate::domain::OrganizationId;
use chrono::{DateTime, Utc};

use crate::i18n::Lang;

use crate::domain::Precision;

/// A point in WGS 84 decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    #[cfg_attr(feature = "openapi", schema(minimum = -90, maximum = 90))]
    pub latitude: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = -180, maximum = 180))]
    pub longitude: f64,
}

/// A published organisation: only public fields. Contact e-mails and internal notes live in
/// another table and have no place in this type.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: OrganizationId,
    pub slug: String,
    pub name: String,
    /// The name in Arabic, when the group gave one (never repeated in `translations`).
    pub name_ar: Option<String>,
    /// A category key, see `/api/v1/categories`.
    pub category: String,
    pub description: String,
    /// The language `name` and `description` are written in, when the group said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_language: Option<Lang>,
    /// The name and description in other languages, as the group (or a moderator) gave them;
    /// the Arabic name is `name_ar`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<Lang, EntryText>,
    pub city: String,
    /// The city's Arabic name, from GeoNames' alternate names, when the city is one GeoNames
    /// knows in this country (read only: derived from `city` and `country`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_ar: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The stored point. For `approximate` entries it was coarsened to about 1 km before storage.
    pub location: GeoPoint,
    pub precision: Precision,
    pub website: Option<String>,
    /// Social media and other public links.
    pub links: Vec<String>,
    /// Languages the group works in (BCP 47 tags such as `en`, `ar`).
    pub languages: Vec<String>,
    /// Focus area keys, see `/api/v1/focus-areas`.
    pub focus_areas: Vec<String>,
    /// Jerusalem grassroots organisations are featured on the map.
    pub featured: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When a person last confirmed the entry is still accurate: its owner (confirming it,
    /// showing it again or proposing an update) or a moderator (approving a submission or
    /// editing the entry). Not confirmed for more than a year, it is shown faded on the maps and
    /// marked in the lists, until the consent period hides it (entries with an owner).
    pub last_confirmed_at: DateTime<Utc>,
}

/// An entry's name and description in one language; either may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryText {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl EntryText {
    pub fn is_empty(&self) -> bool {
        self.name.trim().is_empty() && self.description.trim().is_empty()
    }
}

/// The text a reader of `lang` sees among an entry's versions, and its language when known.
/// Fallback order (README, *Languages*): the reader's language, then the entry's original,
/// then English.
fn in_reader_language<'a>(
    lang: Lang,
    original: (&'a str, Option<Lang>),
    translations: &'a BTreeMap<Lang, EntryText>,
    pick: impl Fn(&'a EntryText) -> &'a str,
) -> (&'a str, Option<Lang>) {
    let translated = |l: Lang| {
        translations
            .get(&l)
            .map(&pick)
            .filter(|t| !t.trim().is_empty())
            .map(|t| (t, Some(l)))
    };
    let reader = if lang == Lang::Pseudo {
        Lang::SOURCE
    } else {
        lang
    };
    if original.1 == Some(reader) && !original.0.trim().is_empty() {
        return original;
    }
    translated(reader)
        .or_else(|| (!original.0.trim().is_empty()).then_some(original))
        .or_else(|| translated(Lang::SOURCE))
        .unwrap_or(original)
}

impl Organization {
    /// The name a reader of `lang` sees, and the language it is written in when we know it.
    pub fn display_name(&self, lang: Lang) -> (&str, Option<Lang>) {
        if lang == Lang::Ar
            && self.original_language != Some(Lang::Ar)
            && let Some(arabic) = self.name_ar.as_deref().filter(|n| !n.trim().is_empty())
        {
            return (arabic, Some(Lang::Ar));
        }
        in_reader_language(
            lang,
            (&self.name, self.original_language),
            &self.translations,
            |t| &t.name,
        )
    }

    /// The description a reader of `lang` sees, and its language when known.
    pub fn display_description(&self, lang: Lang) -> (&str, Option<Lang>) {
        in_reader_language(
            lang,
            (&self.description, self.original_language),
            &self.translations,
            |t| &t.description,
        )
    }

    /// The city a reader of `lang` sees: Jerusalem by this map's name for it, GeoNames' Arabic
    /// name for Arabic readers, else the name as entered.
    /// schema.org JSON-LD for search engines and partner sites (public fields only): the
    /// server writes it into the page, the app when it shows the page.
    pub fn schema_org(&self) -> serde_json::Value {
        let mut same_as: Vec<&str> = self.links.iter().map(String::as_str).collect();
        if let Some(site) = self.website.as_deref() {
            same_as.insert(0, site);
        }
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.name,
            "alternateName": self.name_ar,
            "description": self.description,
            "url": self.website,
            "sameAs": same_as,
            "address": {"@type": "PostalAddress", "addressLocality": self.city, "addressCountry": self.country},
            "location": {"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": self.location.latitude, "longitude": self.location.longitude}},
            "knowsLanguage": self.languages,
        })
    }

    pub fn display_city(&self, lang: Lang) -> (&str, Option<Lang>) {
        city_for_reader(&self.city, self.city_ar.as_deref(), &self.country, lang)
    }
}

/// A city as a reader of `lang` sees it (for organisations and the shorter references to them):
/// Jerusalem by this map's name for it, the Arabic name for Arabic readers, else as entered.
pub fn city_for_reader<'a>(
    city: &'a str,
    city_ar: Option<&'a str>,
    country: &str,
    lang: Lang,
) -> (&'a str, Option<Lang>) {
    if is_jerusalem(city, country) {
        return (lang.text(crate::i18n::Msg::Jerusalem), Some(lang));
    }
    match (city_ar, lang) {
        (Some(arabic), Lang::Ar) if !arabic.trim().is_empty() => (arabic, Some(Lang::Ar)),
        _ => (city, None),
    }
}

/// Al-Quds, however the entry spells it: named the same way everywhere ("Jerusalem (al-Quds)",
/// "القدس").
pub fn is_jerusalem(city: &str, country: &str) -> bool {
    // ASCII case folding only: Unicode's lower-casing tables would weigh on the map's bundle.
    let city = city.trim();
    country == "PS"
        && (city == "القدس"
            || ["jerusalem", "east jerusalem", "al-quds", "al quds"]
                .iter()
                .any(|name| name.eq_ignore_ascii_case(city)))
}

/// The category of organisations located in Jerusalem (al-Quds), featured on the map.
pub const JERUSALEM_CATEGORY: &str = "jerusalem_grassroots";

/// Al-Quds' centre, the Old City: where the map's Jerusalem view looks.
pub const JERUSALEM_CENTRE: (f64, f64) = (31.7767, 35.2345);

/// How far from [`JERUSALEM_CENTRE`] an entry of the Jerusalem category may be. The city's
/// neighbourhoods all lie within it; Ramallah and Bethlehem are named otherwise and fail the
/// city check.
pub const JERUSALEM_RADIUS_KM: f64 = 12.0;

/// The rule of [`JERUSALEM_CATEGORY`], in one place for the server and the browser: the entry's
/// city is Jerusalem (al-Quds), Palestine, as [`is_jerusalem`] reads it, and its point lies
/// within [`JERUSALEM_RADIUS_KM`] of the city's centre.
pub fn located_in_jerusalem(city: &str, country: &str, latitude: f64, longitude: f64) -> bool {
    is_jerusalem(city, country)
        && distance_km((latitude, longitude), JERUSALEM_CENTRE) <= JERUSALEM_RADIUS_KM
}

/// Whether an entry breaks the Jerusalem category's rule (see [`located_in_jerusalem`]).
pub fn breaks_jerusalem_rule(
    category: &str,
    city: &str,
    country: &str,
    latitude: f64,
    longitude: f64,
) -> bool {
    category == JERUSALEM_CATEGORY && !located_in_jerusalem(city, country, latitude, longitude)
}

/// The great-circle distance between two points (latitude, longitude), in kilometres.
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let (dlat, dlon) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Organisations per page of the map's list, on the server's page and in the app alike.
pub const MAP_LIST_PAGE_SIZE: u32 = 20;

/// One page of organisations. Pass `next_cursor` back as `cursor` for the next page; it is
/// absent on the last page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationPage {
    pub items: Vec<Organization>,
    pub next_cursor: Option<String>,
}

/// A short reference to a published organisation, used inside other resources.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationRef {
    pub id: OrganizationId,
    pub slug: String,
    pub name: String,
    pub city: String,
    pub country: String,
    /// The organisation's public point, to draw a twinning line.
    pub location: GeoPoint,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organization() -> Organization {
        Organization {
            id: OrganizationId::from_uuid(uuid::Uuid::nil()),
            slug: "groupe".into(),
            name: "Groupe Olivier".into(),
            name_ar: Some("مجموعة الزيتون".into()),
            category: "solidarity_group".into(),
            description: "Un groupe de Lyon.".into(),
            original_language: Some(Lang::Fr),
            translations: BTreeMap::from([(
                Lang::En,
                EntryText {
                    name: "Olive Group".into(),
                    description: "A group from Lyon.".into(),
                },
            )]),
            city: "Lyon".into(),
            city_ar: Some("ليون".into()),
            country: "FR".into(),
            location: GeoPoint {
                latitude: 45.76,
                longitude: 4.84,
            },
            precision: Precision::Approximate,
            website: None,
            links: Vec::new(),
            languages: Vec::new(),
            focus_areas: Vec::new(),
            featured: false,
            created_at: DateTime::<Utc>::MIN_UTC,
            updated_at: DateTime::<Utc>::MIN_UTC,
            last_confirmed_at: DateTime::<Utc>::MIN_UTC,
        }
    }

    #[test]
    fn names_follow_the_reader_then_the_original() {
        let org = organization();
        assert_eq!(
            org.display_name(Lang::Ar),
            ("مجموعة الزيتون", Some(Lang::Ar))
        );
        assert_eq!(org.display_name(Lang::En), ("Olive Group", Some(Lang::En)));
        assert_eq!(
            org.display_name(Lang::Fr),
            ("Groupe Olivier", Some(Lang::Fr))
        );
        // No Spanish version: the original.
        assert_eq!(
            org.display_name(Lang::Es),
            ("Groupe Olivier", Some(Lang::Fr))
        );
        // No Arabic description: the original, marked as French.
        assert_eq!(
            org.display_description(Lang::Ar),
            ("Un groupe de Lyon.", Some(Lang::Fr))
        );
        assert_eq!(org.display_city(Lang::Ar), ("ليون", Some(Lang::Ar)));
        assert_eq!(org.display_city(Lang::Es), ("Lyon", None));
    }

    #[test]
    fn an_empty_original_falls_back_to_english() {
        let org = Organization {
            description: String::new(),
            ..organization()
        };
        assert_eq!(
            org.display_description(Lang::Es),
            ("A group from Lyon.", Some(Lang::En))
        );
    }

    #[test]
    fn jerusalem_is_named_the_same_way_everywhere() {
        let org = Organization {
            city: "East Jerusalem".into(),
            country: "PS".into(),
            ..organization()
        };
        assert_eq!(org.display_city(Lang::Ar).0, "القدس");
        assert_eq!(org.display_city(Lang::En).0, "Jerusalem (al-Quds)");
        assert!(!is_jerusalem("Jerusalem", "IL"));
    }

    #[test]
    fn the_jerusalem_category_is_for_organisations_located_in_jerusalem() {
        // Silwan, Sheikh Jarrah, Shu'fat: in the city.
        assert!(located_in_jerusalem("Jerusalem", "PS", 31.7725, 35.2370));
        assert!(located_in_jerusalem("al-Quds", "PS", 31.7942, 35.2333));
        assert!(located_in_jerusalem("القدس", "PS", 31.8160, 35.2360));
        // Named elsewhere, or named Jerusalem with a point elsewhere.
        assert!(!located_in_jerusalem("Ramallah", "PS", 31.9038, 35.2034));
        assert!(!located_in_jerusalem("Glasgow", "GB", 55.8642, -4.2518));
        assert!(!located_in_jerusalem("Jerusalem", "PS", 55.8642, -4.2518));
        assert!(breaks_jerusalem_rule(
            JERUSALEM_CATEGORY,
            "Glasgow",
            "GB",
            55.8642,
            -4.2518
        ));
        assert!(!breaks_jerusalem_rule(
            "student_group",
            "Glasgow",
            "GB",
            55.8642,
            -4.2518
        ));
    }
}
