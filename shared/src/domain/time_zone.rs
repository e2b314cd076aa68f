use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone as _, Utc};

use super::RuleViolation;

/// An IANA time zone name such as `Europe/London` or `Asia/Jerusalem`, one the IANA database
/// (through `chrono-tz`) knows. Events keep it beside their UTC times, so that pages and
/// calendars can show the local time the organiser meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZoneName(chrono_tz::Tz);

impl TimeZoneName {
    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        let name = input.trim();
        if name.is_empty() {
            return Err(RuleViolation::new("required", "this field is required"));
        }
        name.parse::<chrono_tz::Tz>().map(Self).map_err(|_| {
            RuleViolation::new(
                "invalid_time_zone",
                "must be an IANA time zone name such as Europe/London or Asia/Jerusalem",
            )
        })
    }

    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }

    /// The instant a wall-clock time in this zone stands for. A time the clocks skip (the hour
    /// lost when summer time starts) is an error; a time they pass twice (when it ends) is the
    /// earlier of the two.
    pub fn instant(&self, local: NaiveDateTime) -> Result<DateTime<Utc>, RuleViolation> {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
            LocalResult::None => Err(RuleViolation::new(
                "nonexistent_local_time",
                "this local time does not exist in the time zone (the clocks skip it)",
            )),
        }
    }
}

impl TimeZoneName {
    /// The day it is in this zone at `instant`.
    pub fn local_date(&self, instant: DateTime<Utc>) -> chrono::NaiveDate {
        instant.with_timezone(&self.0).date_naive()
    }

    /// `instant` as the clocks of this zone show it, with their offset from UTC then (what a
    /// page shows, and what schema.org's `startDate` wants).
    pub fn local(&self, instant: DateTime<Utc>) -> chrono::DateTime<chrono::FixedOffset> {
        instant.with_timezone(&self.0).fixed_offset()
    }

    /// Every zone name a form offers: the IANA database's region/city names and `UTC`, sorted
    /// (the old aliases such as `US/Eastern` and `Etc/GMT+3` are left out: each has a
    /// region/city name too).
    pub fn choices() -> Vec<&'static str> {
        const REGIONS: [&str; 10] = [
            "Africa/",
            "America/",
            "Antarctica/",
            "Arctic/",
            "Asia/",
            "Atlantic/",
            "Australia/",
            "Europe/",
            "Indian/",
            "Pacific/",
        ];
        let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|name| {
                name.starts_with("UTC") && name.len() == 3
                    || REGIONS.iter().any(|r| name.starts_with(r))
            })
            .collect();
        names.sort_unstable();
        names
    }
}

impl std::fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn iana_names_are_known_and_others_refused() {
        assert_eq!(
            TimeZoneName::parse(" Asia/Jerusalem ").map(|z| z.as_str()),
            Ok("Asia/Jerusalem")
        );
        assert_eq!(TimeZoneName::parse("UTC").map(|z| z.as_str()), Ok("UTC"));
        assert_eq!(
            TimeZoneName::parse("Mars/Olympus").map_err(|e| e.rule),
            Err("invalid_time_zone")
        );
        assert_eq!(
            TimeZoneName::parse("+02:00").map_err(|e| e.rule),
            Err("invalid_time_zone")
        );
        assert_eq!(TimeZoneName::parse("").map_err(|e| e.rule), Err("required"));
    }

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn local_times_become_utc_and_skipped_ones_are_refused() {
        let london = TimeZoneName::parse("Europe/London").unwrap();
        assert_eq!(
            london
                .instant(local("2026-07-01T18:00"))
                .unwrap()
                .to_rfc3339(),
            "2026-07-01T17:00:00+00:00"
        );
        // 29 March 2026: 01:00 GMT becomes 02:00 BST.
        assert_eq!(
            london
                .instant(local("2026-03-29T01:30"))
                .map_err(|e| e.rule),
            Err("nonexistent_local_time")
        );
        let late = london.instant(local("2026-07-01T23:30")).unwrap();
        assert_eq!(late.to_rfc3339(), "2026-07-01T22:30:00+00:00");
        assert_eq!(london.local_date(late).to_string(), "2026-07-01");
        let tokyo = TimeZoneName::parse("Asia/Tokyo").unwrap();
        assert_eq!(tokyo.local_date(late).to_string(), "2026-07-02");
        // 25 October 2026: 01:30 happens twice; the first (BST) is meant.
        assert_eq!(
            london
                .instant(local("2026-10-25T01:30"))
                .unwrap()
                .to_rfc3339(),
            "2026-10-25T00:30:00+00:00"
        );
    }

    #[test]
    fn local_times_carry_their_offset_and_the_choices_are_region_names() {
        let london = TimeZoneName::parse("Europe/London").unwrap();
        let summer = london.instant(local("2026-07-01T18:00")).unwrap();
        assert_eq!(
            london.local(summer).to_rfc3339(),
            "2026-07-01T18:00:00+01:00"
        );
        let choices = TimeZoneName::choices();
        assert!(choices.contains(&"Asia/Jerusalem") && choices.contains(&"UTC"));
        assert!(!choices.contains(&"US/Eastern") && !choices.contains(&"Etc/GMT+3"));
        assert!(choices.iter().all(|c| TimeZoneName::parse(c).is_ok()));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(s in ".{0,40}") {
            let _ = TimeZoneName::parse(&s);
        }
    }
}
