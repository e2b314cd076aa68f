use super::RuleViolation;

/// A stable snake_case key naming a category, focus area or resource kind (`student_group`,
/// `legal_aid`). Keys never change once published: partner sites filter by them.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Key(String);

impl Key {
    pub const MAX_LEN: usize = 40;

    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        let ok = !input.is_empty()
            && input.len() <= Self::MAX_LEN
            && input.starts_with(|c: char| c.is_ascii_lowercase())
            && input
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(RuleViolation::new(
                "invalid_key",
                "a key is up to 40 lower-case letters, digits or underscores, starting with a letter",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Key {
    type Error = RuleViolation;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Key> for String {
    fn from(value: Key) -> String {
        value.0
    }
}

/// The rule of [`Key::parse`] as a JSON Schema pattern, for the OpenAPI document.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Key {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(format!("^[a-z][a-z0-9_]{{0,{}}}$", Self::MAX_LEN - 1)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Key {}
