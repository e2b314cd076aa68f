use super::{RuleViolation, Slug};

/// An opaque pagination cursor: the position after which the next page starts. Clients pass
/// back what the previous page returned and never build one themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(Slug);

impl Cursor {
    pub fn after(slug: Slug) -> Self {
        Self(slug)
    }

    pub fn last_slug(&self) -> &Slug {
        &self.0
    }

    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        let malformed =
            || RuleViolation::new("malformed_cursor", "cursor is not one this API returned");
        if !input.len().is_multiple_of(2) || input.len() > 2 * Slug::MAX_LEN {
            return Err(malformed());
        }
        let bytes = (0..input.len())
            .step_by(2)
            .map(|i| {
                input
                    .get(i..i + 2)
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(malformed)?;
        let text = String::from_utf8(bytes).map_err(|_| malformed())?;
        Slug::parse(&text).map(Self).map_err(|_| malformed())
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0
            .as_str()
            .bytes()
            .try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// The position after which the next page of events starts: events are listed by start time,
/// then slug (unique), so the pair is a total order. Opaque to clients, like [`Cursor`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCursor {
    starts_at: chrono::DateTime<chrono::Utc>,
    slug: Slug,
}

impl EventCursor {
    pub fn after(starts_at: chrono::DateTime<chrono::Utc>, slug: Slug) -> Self {
        Self { starts_at, slug }
    }

    pub fn starts_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.starts_at
    }

    pub fn slug(&self) -> &Slug {
        &self.slug
    }

    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        let malformed =
            || RuleViolation::new("malformed_cursor", "cursor is not one this API returned");
        // The micro-second timestamp, a dot, the slug; all as hex.
        if !input.len().is_multiple_of(2) || input.len() > 2 * (Slug::MAX_LEN + 24) {
            return Err(malformed());
        }
        let bytes = (0..input.len())
            .step_by(2)
            .map(|i| {
                input
                    .get(i..i + 2)
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(malformed)?;
        let text = String::from_utf8(bytes).map_err(|_| malformed())?;
        let (micros, slug) = text.split_once('.').ok_or_else(malformed)?;
        let starts_at = micros
            .parse::<i64>()
            .ok()
            .and_then(chrono::DateTime::from_timestamp_micros)
            // Years 1 to 9999 only, as the date filters: no cursor of ours is outside them.
            .filter(|t| (1..=9999).contains(&chrono::Datelike::year(t)))
            .ok_or_else(malformed)?;
        let slug = Slug::parse(slug).map_err(|_| malformed())?;
        Ok(Self { starts_at, slug })
    }
}

impl std::fmt::Display for EventCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        format!(
            "{}.{}",
            self.starts_at.timestamp_micros(),
            self.slug.as_str()
        )
        .bytes()
        .try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(
            Cursor::parse("zz").map_err(|e| e.rule),
            Err("malformed_cursor")
        );
        assert_eq!(
            Cursor::parse("abc").map_err(|e| e.rule),
            Err("malformed_cursor")
        );
    }

    #[test]
    fn event_cursors_round_trip_and_garbage_is_malformed() {
        let at = chrono::DateTime::from_timestamp_micros(1_796_000_000_123_456).unwrap();
        let cursor = EventCursor::after(at, Slug::parse("vigil-2026-12-10").unwrap());
        assert_eq!(EventCursor::parse(&cursor.to_string()), Ok(cursor));
        for bad in [
            "",
            "zz",
            "31",
            &Cursor::after(Slug::parse("a").unwrap()).to_string(),
        ] {
            assert_eq!(
                EventCursor::parse(bad).map_err(|e| e.rule),
                Err("malformed_cursor"),
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn round_trips(slug in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}") {
            let cursor = Cursor::after(Slug::parse(&slug).unwrap());
            prop_assert_eq!(Cursor::parse(&cursor.to_string()).unwrap(), cursor);
        }
    }
}
