use crate::domain::{PartnershipId, ResourceId, ResourceKind};
use chrono::{DateTime, Utc};

use super::OrganizationRef;

/// A label in each of the four interface languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedNames {
    #[cfg_attr(feature = "openapi", schema(schema_with = localized_name_schema))]
    pub en: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = localized_name_schema))]
    pub ar: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = localized_name_schema))]
    pub fr: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = localized_name_schema))]
    pub es: String,
}

/// The longest name of a category or focus area, in characters.
pub const LOCALIZED_NAME_MAX_CHARS: usize = 120;

/// Each name is [`super::plain_text`] of 1 to [`LOCALIZED_NAME_MAX_CHARS`] characters.
#[cfg(feature = "openapi")]
fn localized_name_schema() -> utoipa::openapi::schema::Object {
    super::rules::trimmed_text(1, LOCALIZED_NAME_MAX_CHARS, "<>", &[]).build()
}

impl LocalizedNames {
    /// The label for a language tag, English when the language is not one of ours.
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "ar" => &self.ar,
            "fr" => &self.fr,
            "es" => &self.es,
            "en-XA" => crate::i18n::pseudo(&self.en),
            _ => &self.en,
        }
    }
}

/// A category of organisation with the number of published organisations in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    /// Stable key used in filters, e.g. `student_group`.
    pub key: String,
    /// CSS colour, `#rrggbb`.
    pub colour: String,
    /// Name of the marker shape/icon drawn for this category.
    pub icon: String,
    pub names: LocalizedNames,
    pub featured: bool,
    pub count: i64,
}

/// A focus area (housing, youth, legal aid ...) with the number of published organisations.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FocusArea {
    pub key: String,
    pub names: LocalizedNames,
    pub count: i64,
}

/// A country with the number of published organisations in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountryCount {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    pub name: String,
    pub count: i64,
}

/// An entry of the network of global resources: a report, toolkit, video, campaign ...
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resource {
    pub id: ResourceId,
    pub slug: String,
    pub title: String,
    pub url: String,
    pub kind: ResourceKind,
    /// BCP 47 language tag of the resource.
    pub language: String,
    pub summary: String,
    pub topics: Vec<String>,
    pub organizations: Vec<OrganizationRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A twinning of a global group with a Jerusalem grassroots organisation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partnership {
    pub id: PartnershipId,
    pub global_organization: OrganizationRef,
    pub jerusalem_organization: OrganizationRef,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

/// A city from the offline world-cities list (GeoNames, population 15,000 or more, CC-BY 4.0).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitySuggestion {
    pub name: String,
    pub name_ar: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub latitude: f64,
    pub longitude: f64,
}
