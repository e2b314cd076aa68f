use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use uuid::Uuid;

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
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    /// The name in Arabic, when the group gave one.
    pub name_ar: Option<String>,
    /// A category key, see `/api/v1/categories`.
    pub category: String,
    pub description: String,
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
    /// When the group last confirmed the entry is still accurate.
    pub last_confirmed_at: DateTime<Utc>,
}

impl Organization {
    /// The name a reader of `lang` sees, and the language it is written in when we know it.
    /// Fallback order: the reader's language, then the entry's original name.
    pub fn display_name(&self, lang: Lang) -> (&str, Option<Lang>) {
        match (&self.name_ar, lang) {
            (Some(arabic), Lang::Ar) if !arabic.trim().is_empty() => (arabic, Some(Lang::Ar)),
            _ => (&self.name, None),
        }
    }

    /// The city a reader of `lang` sees: Jerusalem by this map's name for it, GeoNames' Arabic
    /// name for Arabic readers, else the name as entered.
    pub fn display_city(&self, lang: Lang) -> (&str, Option<Lang>) {
        if is_jerusalem(&self.city, &self.country) {
            return (lang.text(crate::i18n::Msg::Jerusalem), Some(lang));
        }
        match (&self.city_ar, lang) {
            (Some(arabic), Lang::Ar) if !arabic.trim().is_empty() => (arabic, Some(Lang::Ar)),
            _ => (&self.city, None),
        }
    }
}

/// Al-Quds, however the entry spells it: named the same way everywhere ("Jerusalem (al-Quds)",
/// "القدس").
pub fn is_jerusalem(city: &str, country: &str) -> bool {
    country == "PS"
        && ["jerusalem", "east jerusalem", "al-quds", "al quds", "القدس"]
            .contains(&city.trim().to_lowercase().as_str())
}

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
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub city: String,
    pub country: String,
    /// The organisation's public point, to draw a twinning line.
    pub location: GeoPoint,
}
