use super::RuleViolation;
use unicode_normalization::UnicodeNormalization;

/// A URL-safe identifier: lower-case ASCII letters and digits in groups joined by single
/// hyphens, 1 to 80 characters.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 80;

    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        let well_formed = !input.is_empty()
            && input.len() <= Self::MAX_LEN
            && input.split('-').all(|group| {
                !group.is_empty()
                    && group
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if well_formed {
            Ok(Self(input.to_owned()))
        } else {
            Err(RuleViolation::new(
                "invalid_slug",
                "a slug is 1 to 80 lower-case letters or digits in groups joined by single hyphens",
            ))
        }
    }

    /// Makes a slug from free text: accents dropped, anything else that is not an ASCII letter
    /// or digit becomes a hyphen. Text with no Latin letters at all (an Arabic-only name) gives
    /// `fallback`.
    pub fn from_text(text: &str, fallback: &str) -> Self {
        let mut out = String::new();
        for c in text.nfkd() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !unicode_normalization::char::is_combining_mark(c) && !out.ends_with('-') {
                out.push('-');
            }
        }
        let mut trimmed: String = out
            .trim_matches('-')
            .chars()
            .take(Self::MAX_LEN - 8)
            .collect();
        while trimmed.ends_with('-') {
            trimmed.pop();
        }
        Self::parse(&trimmed).unwrap_or_else(|_| Self(fallback.to_owned()))
    }

    /// `self` with `-n` appended, used to make a taken slug unique.
    pub fn with_suffix(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    /// The slugs tried, in order, when this one is taken: itself, then `-2`, `-3`… The one
    /// rule for a unique slug (the server asks each candidate of its stores).
    pub fn candidates(&self) -> impl Iterator<Item = Slug> + '_ {
        std::iter::once(self.clone()).chain((2..).map(|n| self.with_suffix(n)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = RuleViolation;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> String {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_with_accents_becomes_a_slug() {
        assert_eq!(
            Slug::from_text("Étudiants pour la Palestine, Paris", "x").as_str(),
            "etudiants-pour-la-palestine-paris"
        );
    }

    #[test]
    fn arabic_only_text_uses_the_fallback() {
        assert_eq!(Slug::from_text("القدس", "org-1a2b").as_str(), "org-1a2b");
    }

    proptest! {
        #[test]
        fn from_text_always_gives_a_valid_slug(text in "\\PC{0,120}") {
            let slug = Slug::from_text(&text, "fallback");
            prop_assert!(Slug::parse(slug.as_str()).is_ok());
        }
    }
}
