//! An organisation as a person or a file gives it, and the rules that make it storable. The join
//! form (in the browser), the import command and the API all run [`OrganizationDraft::validate`].

use std::collections::BTreeMap;

use super::organization::EntryText;
use crate::domain::{
    CountryCode, FieldError, Key, Latitude, Longitude, Precision, RuleViolation, coarsen,
};
use crate::i18n::Lang;

/// Unchecked organisation fields.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationDraft {
    // Missing text fields read as empty, so that the answer names each missing field.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_ar: Option<String>,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    /// `exact` or `approximate` (the default: only a point about 1 km away is stored).
    #[serde(default)]
    pub precision: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub focus_areas: Vec<String>,
    /// The language `name` and `description` are written in.
    #[serde(default)]
    pub original_language: Option<Lang>,
    /// The name and description in other languages (`{"fr": {"name": …, "description": …}}`).
    /// An Arabic name here and in `name_ar` is the same field; `name_ar` wins when both are given.
    #[serde(default)]
    pub translations: BTreeMap<Lang, EntryText>,
}

/// A draft that passed every rule. For approximate entries the point is already coarsened.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidOrganization {
    pub name: String,
    pub name_ar: Option<String>,
    pub category: Key,
    pub description: String,
    pub city: String,
    pub country: CountryCode,
    pub latitude: Latitude,
    pub longitude: Longitude,
    pub precision: Precision,
    pub website: Option<String>,
    pub links: Vec<String>,
    pub languages: Vec<String>,
    pub focus_areas: Vec<Key>,
    pub original_language: Option<Lang>,
    /// Trimmed, without empty entries and without the original language; the Arabic name is
    /// in `name_ar` and not repeated here.
    pub translations: BTreeMap<Lang, EntryText>,
}

pub const NAME_MAX_CHARS: usize = 120;
pub const CITY_MAX_CHARS: usize = 100;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
pub const URL_MAX_CHARS: usize = 300;
pub const MAX_LIST_ITEMS: usize = 10;

/// A single line of plain text: trimmed, within length, without control characters or markup.
pub fn plain_text(input: &str, min: usize, max: usize) -> Result<String, RuleViolation> {
    let text = input.trim();
    let count = text.chars().count();
    if count < min {
        return Err(if count == 0 {
            RuleViolation::new("required", "this field is required")
        } else {
            RuleViolation::new("too_short", format!("must be at least {min} characters"))
        });
    }
    if count > max {
        return Err(RuleViolation::new(
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(RuleViolation::new(
            "control_characters",
            "must not contain control characters",
        ));
    }
    if text.contains(['<', '>']) {
        return Err(RuleViolation::new(
            "markup_not_allowed",
            "must not contain < or >",
        ));
    }
    Ok(text.to_owned())
}

/// An absolute `http` or `https` URL with a host, without spaces.
pub fn web_url(input: &str) -> Result<String, RuleViolation> {
    let url = input.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| RuleViolation::new("invalid_url", "must start with https:// or http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok =
        host.contains('.') && !host.starts_with('.') && !host.ends_with('.') && !host.contains('@');
    if !host_ok
        || url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return Err(RuleViolation::new(
            "invalid_url",
            "must be a web address such as https://example.org",
        ));
    }
    if url.chars().count() > URL_MAX_CHARS {
        return Err(RuleViolation::new(
            "too_long",
            format!("must be at most {URL_MAX_CHARS} characters"),
        ));
    }
    Ok(url.to_owned())
}

/// A BCP 47 language tag of the simple kind: `ar`, `en`, `pt-BR`.
pub fn language_tag(input: &str) -> Result<String, RuleViolation> {
    let tag = input.trim();
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(tag.to_owned())
    } else {
        Err(RuleViolation::new(
            "invalid_language",
            "must be a language tag such as en, ar or pt-BR",
        ))
    }
}

/// A description: any text within length, line breaks allowed, no other control characters.
pub(super) fn description_text(input: &str) -> Result<String, RuleViolation> {
    let text = input.trim();
    if text.chars().count() > DESCRIPTION_MAX_CHARS {
        Err(RuleViolation::new(
            "too_long",
            format!("must be at most {DESCRIPTION_MAX_CHARS} characters"),
        ))
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        Err(RuleViolation::new(
            "control_characters",
            "must not contain control characters",
        ))
    } else {
        Ok(text.to_owned())
    }
}

/// The versions in other languages, field by field (`translations.fr.name`).
fn translations(
    given: &BTreeMap<Lang, EntryText>,
    original: Option<Lang>,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<Lang, EntryText> {
    let mut out = BTreeMap::new();
    for (lang, text) in given {
        if *lang == Lang::Pseudo || Some(*lang) == original || text.is_empty() {
            continue;
        }
        let field = |part: &str| format!("translations.{}.{part}", lang.code());
        let name = match text.name.trim() {
            "" => Some(String::new()),
            name => take(errors, &field("name"), plain_text(name, 2, NAME_MAX_CHARS)),
        };
        let description = take(
            errors,
            &field("description"),
            description_text(&text.description),
        );
        if let (Some(name), Some(description)) = (name, description) {
            out.insert(*lang, EntryText { name, description });
        }
    }
    out
}

pub(super) fn take<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    result: Result<T, RuleViolation>,
) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e.at(field));
            None
        }
    }
}

pub(super) fn list<T>(
    field: &str,
    items: &[String],
    parse: impl Fn(&str) -> Result<T, RuleViolation>,
    errors: &mut Vec<FieldError>,
) -> Vec<T>
where
    T: PartialEq,
{
    if items.len() > MAX_LIST_ITEMS {
        errors.push(FieldError::new(
            field,
            "too_many_values",
            format!("at most {MAX_LIST_ITEMS} values"),
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match parse(item) {
            Ok(v) if !out.contains(&v) => out.push(v),
            Ok(_) => {}
            Err(e) => errors.push(e.at(&format!("{field}[{i}]"))),
        }
    }
    out
}

/// The rule code of a Jerusalem-category entry located elsewhere.
pub const OUTSIDE_JERUSALEM: &str = "outside_jerusalem";

impl OrganizationDraft {
    /// Checks every field and reports every broken rule at once.
    pub fn validate(&self) -> Result<ValidOrganization, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = take(
            &mut errors,
            "name",
            plain_text(&self.name, 2, NAME_MAX_CHARS),
        );
        let name_ar = take(
            &mut errors,
            "name_ar",
            match self
                .name_ar
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(text) => plain_text(text, 2, NAME_MAX_CHARS).map(Some),
                None => Ok(None),
            },
        );
        let category = take(&mut errors, "category", Key::parse(self.category.trim()));
        let description = take(
            &mut errors,
            "description",
            description_text(&self.description),
        );
        let original_language = self.original_language.filter(|l| *l != Lang::Pseudo);
        let mut translations = translations(&self.translations, original_language, &mut errors);
        // One home for the Arabic name: `name_ar`, filled from `translations.ar.name` when only
        // that was given.
        let arabic_in_translations = translations
            .get_mut(&Lang::Ar)
            .map(|t| std::mem::take(&mut t.name))
            .filter(|n| !n.is_empty());
        translations.retain(|_, t| !t.is_empty());
        let name_ar = name_ar.map(|given| given.or(arabic_in_translations));
        let city = take(
            &mut errors,
            "city",
            plain_text(&self.city, 1, CITY_MAX_CHARS),
        );
        let country = take(&mut errors, "country", CountryCode::parse(&self.country));
        let latitude = take(
            &mut errors,
            "latitude",
            self.latitude
                .ok_or_else(|| RuleViolation::new("required", "this field is required"))
                .and_then(Latitude::parse),
        );
        let longitude = take(
            &mut errors,
            "longitude",
            self.longitude
                .ok_or_else(|| RuleViolation::new("required", "this field is required"))
                .and_then(Longitude::parse),
        );
        let precision = take(
            &mut errors,
            "precision",
            match self
                .precision
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                None => Ok(Precision::Approximate),
                Some(text) => Precision::parse(text).ok_or_else(|| {
                    RuleViolation::new("invalid_choice", "must be exact or approximate")
                }),
            },
        );
        let website = take(
            &mut errors,
            "website",
            match self
                .website
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(url) => web_url(url).map(Some),
                None => Ok(None),
            },
        );
        let links = list("links", &self.links, web_url, &mut errors);
        let languages = list("languages", &self.languages, language_tag, &mut errors);
        let focus_areas = list(
            "focus_areas",
            &self.focus_areas,
            |k| Key::parse(k.trim()),
            &mut errors,
        );
        // The Jerusalem category is for organisations located there (one rule, in `organization`).
        if let (Some(category), Some(city), Some(country), Some(latitude), Some(longitude)) =
            (&category, &city, &country, latitude, longitude)
            && super::organization::breaks_jerusalem_rule(
                category.as_str(),
                city,
                country.as_str(),
                latitude.value(),
                longitude.value(),
            )
        {
            errors.push(FieldError::new(
                "category",
                OUTSIDE_JERUSALEM,
                "this category is for organisations located in Jerusalem (al-Quds), Palestine",
            ));
        }
        match (
            name,
            name_ar,
            category,
            description,
            city,
            country,
            latitude,
            longitude,
            precision,
            website,
        ) {
            (
                Some(name),
                Some(name_ar),
                Some(category),
                Some(description),
                Some(city),
                Some(country),
                Some(latitude),
                Some(longitude),
                Some(precision),
                Some(website),
            ) if errors.is_empty() => {
                let (latitude, longitude) = match precision {
                    Precision::Exact => (latitude, longitude),
                    Precision::Approximate => coarsen(latitude, longitude),
                };
                Ok(ValidOrganization {
                    name,
                    name_ar,
                    category,
                    description,
                    city,
                    country,
                    latitude,
                    longitude,
                    precision,
                    website,
                    links,
                    languages,
                    focus_areas,
                    original_language,
                    translations,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn good() -> OrganizationDraft {
        OrganizationDraft {
            name: "Example Student Group, Glasgow".into(),
            category: "student_group".into(),
            city: "Glasgow".into(),
            country: "GB".into(),
            latitude: Some(55.8642),
            longitude: Some(-4.2518),
            precision: Some("exact".into()),
            languages: vec!["en".into()],
            ..OrganizationDraft::default()
        }
    }

    #[test]
    fn a_good_draft_is_valid() {
        assert!(good().validate().is_ok());
    }

    #[test]
    fn the_jerusalem_category_is_refused_outside_jerusalem_on_the_category_field() {
        let elsewhere = OrganizationDraft {
            category: "jerusalem_grassroots".into(),
            ..good()
        };
        let errors = elsewhere.validate().err().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "category");
        assert_eq!(errors[0].rule, OUTSIDE_JERUSALEM);
        let in_jerusalem = OrganizationDraft {
            category: "jerusalem_grassroots".into(),
            city: "Jerusalem".into(),
            country: "PS".into(),
            latitude: Some(31.7725),
            longitude: Some(35.2370),
            ..good()
        };
        assert!(in_jerusalem.validate().is_ok());
    }

    fn text(name: &str, description: &str) -> EntryText {
        EntryText {
            name: name.into(),
            description: description.into(),
        }
    }

    #[test]
    fn translations_are_checked_field_by_field() {
        let draft = OrganizationDraft {
            original_language: Some(Lang::En),
            translations: [
                (Lang::Fr, text("<b>Groupe</b>", "")),
                (Lang::Es, text("Grupo de estudiantes", "Un grupo\u{7}")),
            ]
            .into(),
            ..good()
        };
        let errors = draft.validate().err().unwrap_or_default();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("translations.fr.name", "markup_not_allowed"),
                ("translations.es.description", "control_characters")
            ]
        );
    }

    #[test]
    fn the_arabic_name_has_one_home_and_the_original_is_not_repeated() {
        let draft = OrganizationDraft {
            original_language: Some(Lang::En),
            translations: [
                (Lang::Ar, text(" مجموعة الطلاب ", "وصف")),
                (Lang::En, text("Repeated", "")),
                (Lang::Fr, text("", "")),
                (Lang::Es, text("Grupo", "")),
            ]
            .into(),
            ..good()
        };
        let Ok(valid) = draft.validate() else {
            panic!("valid")
        };
        assert_eq!(valid.name_ar.as_deref(), Some("مجموعة الطلاب"));
        assert_eq!(
            valid.translations,
            BTreeMap::from([(Lang::Ar, text("", "وصف")), (Lang::Es, text("Grupo", ""))])
        );
        // `name_ar` wins over `translations.ar.name`.
        let both = OrganizationDraft {
            name_ar: Some("الاسم".into()),
            ..draft
        };
        assert_eq!(
            both.validate().ok().and_then(|v| v.name_ar).as_deref(),
            Some("الاسم")
        );
    }

    #[test]
    fn translations_travel_as_json_keyed_by_language() {
        let json = r#"{"name": "Groupe", "translations": {"ar": {"name": "مجموعة"}, "es": {"description": "Hola"}}, "original_language": "fr"}"#;
        let draft: OrganizationDraft = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(draft.original_language, Some(Lang::Fr));
        assert_eq!(draft.translations[&Lang::Ar].name, "مجموعة");
        assert_eq!(draft.translations[&Lang::Es].description, "Hola");
        let unknown = r#"{"translations": {"de": {"name": "Gruppe"}}}"#;
        assert!(serde_json::from_str::<OrganizationDraft>(unknown).is_err());
    }

    #[test]
    fn script_tag_in_name_is_refused_by_field() {
        let draft = OrganizationDraft {
            name: "<script>alert(1)</script>".into(),
            ..good()
        };
        let errors = draft.validate().unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].rule.as_str()),
            ("name", "markup_not_allowed")
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let draft = OrganizationDraft {
            name: String::new(),
            category: "Not A Key".into(),
            latitude: Some(95.0),
            website: Some("javascript:alert(1)".into()),
            languages: vec!["english please".into()],
            ..good()
        };
        let fields: Vec<String> = draft
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["name", "category", "latitude", "website", "languages[0]"]
        );
    }

    #[test]
    fn approximate_is_the_default_and_moves_the_point() {
        let draft = OrganizationDraft {
            precision: None,
            ..good()
        };
        let valid = draft.validate().unwrap();
        assert_eq!(valid.precision, Precision::Approximate);
        assert_ne!(valid.latitude.value(), 55.8642);
    }

    proptest! {
        #[test]
        fn plain_text_never_accepts_markup_or_control(s in "[a-z]\\PC*[<>\\x00-\\x1f]\\PC*[a-z]") {
            prop_assert!(plain_text(&s, 1, 1000).is_err());
        }

        #[test]
        fn web_url_accepts_only_http_and_https(s in "[a-z]{1,8}://[a-z]{1,10}\\.[a-z]{2,5}(/[a-z0-9]{0,10})?") {
            let ok = web_url(&s).is_ok();
            prop_assert_eq!(ok, s.starts_with("http://") || s.starts_with("https://"));
        }
    }
}
