use super::RuleViolation;
use crate::text::normalize_for_search;

/// A free-text query, already folded by [`normalize_for_search`] and split into words; every
/// word must match. At most 200 characters so a query cannot be made expensive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    raw: String,
    terms: Vec<String>,
}

impl SearchQuery {
    pub const MAX_CHARS: usize = 200;
    const MAX_TERMS: usize = 8;

    /// `Ok(None)` for a query with nothing searchable in it (only spaces or punctuation).
    pub fn parse(input: &str) -> Result<Option<Self>, RuleViolation> {
        if input.chars().count() > Self::MAX_CHARS {
            return Err(RuleViolation::new(
                "too_long",
                format!("q must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        let normalized = normalize_for_search(input);
        let terms: Vec<String> = normalized
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if terms.len() > Self::MAX_TERMS {
            return Err(RuleViolation::new(
                "too_many_terms",
                format!("q must have at most {} words", Self::MAX_TERMS),
            ));
        }
        Ok((!terms.is_empty()).then(|| Self {
            raw: input.trim().to_owned(),
            terms,
        }))
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn overlong_query_is_refused() {
        assert_eq!(
            SearchQuery::parse(&"a".repeat(201)).map_err(|e| e.rule),
            Err("too_long")
        );
    }

    #[test]
    fn arabic_query_is_folded() {
        let q = SearchQuery::parse("القُدس").unwrap().unwrap();
        assert_eq!(q.terms(), ["القدس"]);
    }

    proptest! {
        #[test]
        fn terms_are_never_empty(s in "\\PC{0,200}") {
            if let Ok(Some(q)) = SearchQuery::parse(&s) {
                prop_assert!(q.terms().iter().all(|t| !t.is_empty() && !t.contains(' ')));
            }
        }
    }
}
