//! How recently a person (the entry's owner or a moderator) confirmed an entry: the words every
//! reader sees, the mark of an entry silent for more than a year, and the filter "confirmed in
//! the last 6 / 12 months". The server and the browser both call these, so they say the same.
//!
//! Everything counts in whole UTC days: an answer (a page, a list, a cluster index) is the same
//! all day long, so the server can prepare it once a day per snapshot.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};

use crate::domain::RuleViolation;
use crate::i18n::{Count, Lang, Msg};

/// The filter "confirmed in the last 6 / 12 months", `confirmed_within=6` or `12` in the URL
/// of the pages, the app and the API alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConfirmedWithin {
    SixMonths,
    TwelveMonths,
}

impl ConfirmedWithin {
    pub const ALL: [Self; 2] = [Self::SixMonths, Self::TwelveMonths];

    pub fn months(self) -> u32 {
        match self {
            Self::SixMonths => 6,
            Self::TwelveMonths => 12,
        }
    }

    /// The value in the URL.
    pub fn as_param(self) -> &'static str {
        match self {
            Self::SixMonths => "6",
            Self::TwelveMonths => "12",
        }
    }

    pub fn parse(text: &str) -> Result<Self, RuleViolation> {
        Self::ALL
            .into_iter()
            .find(|w| w.as_param() == text.trim())
            .ok_or_else(|| {
                RuleViolation::new(
                    "invalid_choice",
                    "confirmed_within must be 6 or 12 (months)",
                )
            })
    }

    /// The filter's name in a form.
    pub fn label(self) -> Msg {
        match self {
            Self::SixMonths => Msg::ConfirmedWithinSix,
            Self::TwelveMonths => Msg::ConfirmedWithinTwelve,
        }
    }

    /// The first moment that counts for a reader at `now`: the start (UTC) of the day this many
    /// months before today.
    pub fn since(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let today = now.date_naive();
        today
            .checked_sub_months(Months::new(self.months()))
            .unwrap_or(NaiveDate::MIN)
            .and_time(NaiveTime::MIN)
            .and_utc()
    }

    /// Whether an entry confirmed at `confirmed` passes the filter at `now`.
    pub fn includes(self, confirmed: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        confirmed >= self.since(now)
    }
}

/// Whether an entry was confirmed within the last year, or not for more than a year: then the
/// maps fade it and the lists mark it in words, until its owner or a moderator confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Confirmed,
    Stale,
}

impl Freshness {
    /// The one rule: stale is exactly what the "last 12 months" filter leaves out.
    pub fn of(confirmed: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        if ConfirmedWithin::TwelveMonths.includes(confirmed, now) {
            Self::Confirmed
        } else {
            Self::Stale
        }
    }

    pub fn is_stale(self) -> bool {
        self == Self::Stale
    }
}

/// How long ago a person last confirmed a published entry, as the dashboard's figures count
/// them (issue #18, "Freshness for admins"). The first three follow [`ConfirmedWithin`] and
/// [`Freshness`]: an entry counts in exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConfirmationAge {
    /// Confirmed in the last 6 months (what `confirmed_within=6` keeps).
    #[serde(rename = "under_6_months")]
    Under6Months,
    /// Confirmed 6 to 12 months ago.
    #[serde(rename = "from_6_to_12_months")]
    From6To12Months,
    /// Not confirmed for more than 12 months: stale, faded on the map.
    #[serde(rename = "over_12_months")]
    Over12Months,
    /// Imported, and nobody (owner or moderator) has confirmed it since.
    #[serde(rename = "never_confirmed")]
    NeverConfirmed,
}

impl ConfirmationAge {
    pub const ALL: [Self; 4] = [
        Self::Under6Months,
        Self::From6To12Months,
        Self::Over12Months,
        Self::NeverConfirmed,
    ];

    /// The wire name (in JSON, the CSV's header and the dashboard's form).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Under6Months => "under_6_months",
            Self::From6To12Months => "from_6_to_12_months",
            Self::Over12Months => "over_12_months",
            Self::NeverConfirmed => "never_confirmed",
        }
    }

    pub fn parse(text: &str) -> Result<Self, RuleViolation> {
        Self::ALL
            .into_iter()
            .find(|age| age.as_str() == text)
            .ok_or_else(|| {
                RuleViolation::new(
                    "invalid_choice",
                    "must be under_6_months, from_6_to_12_months, over_12_months or never_confirmed",
                )
            })
    }

    /// The age of an entry last confirmed at `confirmed`, at `now`; `never_confirmed` when no
    /// person has confirmed it since it was imported.
    pub fn of(confirmed: DateTime<Utc>, never_confirmed: bool, now: DateTime<Utc>) -> Self {
        if never_confirmed {
            Self::NeverConfirmed
        } else if ConfirmedWithin::SixMonths.includes(confirmed, now) {
            Self::Under6Months
        } else if Freshness::of(confirmed, now).is_stale() {
            Self::Over12Months
        } else {
            Self::From6To12Months
        }
    }
}

/// How long ago, in its largest whole unit (calendar days, months and years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    Today,
    Days(u32),
    Months(u32),
    Years(u32),
}

impl Age {
    /// From `then` to `now` (a time in the future counts as today).
    pub fn between(then: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        let (from, to) = (then.date_naive(), now.date_naive());
        if to <= from {
            return Self::Today;
        }
        let days = (to - from).num_days();
        let months = (to.year() - from.year()) * 12 + to.month() as i32
            - from.month() as i32
            - i32::from(to.day() < from.day());
        let whole = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        match months {
            ..1 => Self::Days(whole(days)),
            1..12 => Self::Months(whole(months.into())),
            _ => Self::Years(whole((months / 12).into())),
        }
    }
}

/// "Confirmed 3 months ago", in `lang`.
pub fn confirmed_words(lang: Lang, confirmed: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match Age::between(confirmed, now) {
        Age::Today => lang.text(Msg::ConfirmedToday).to_owned(),
        Age::Days(n) => lang.count(Count::ConfirmedDaysAgo, n.into(), &[]),
        Age::Months(n) => lang.count(Count::ConfirmedMonthsAgo, n.into(), &[]),
        Age::Years(n) => lang.count(Count::ConfirmedYearsAgo, n.into(), &[]),
    }
}

/// The day a confirmation was made, as the pages print it beside the words (ISO 8601, which
/// reads the same in every language).
pub fn confirmed_date(confirmed: DateTime<Utc>) -> String {
    // Not `format("%Y-%m-%d")`: chrono's strftime machinery made the map's bundle 9 KB larger.
    let day = confirmed.date_naive();
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str) -> DateTime<Utc> {
        let day: NaiveDate = date.parse().unwrap_or(NaiveDate::MIN);
        day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
    }

    #[test]
    fn ages_are_counted_in_calendar_units() {
        let now = at("2026-12-03");
        assert_eq!(Age::between(at("2026-12-03"), now), Age::Today);
        assert_eq!(Age::between(at("2027-01-01"), now), Age::Today);
        assert_eq!(Age::between(at("2026-12-02"), now), Age::Days(1));
        assert_eq!(Age::between(at("2026-11-04"), now), Age::Days(29));
        assert_eq!(Age::between(at("2026-11-03"), now), Age::Months(1));
        assert_eq!(Age::between(at("2026-09-01"), now), Age::Months(3));
        assert_eq!(Age::between(at("2025-12-04"), now), Age::Months(11));
        assert_eq!(Age::between(at("2025-12-03"), now), Age::Years(1));
        assert_eq!(Age::between(at("2023-06-01"), now), Age::Years(3));
    }

    #[test]
    fn stale_means_not_confirmed_for_more_than_a_year() {
        let now = at("2026-12-03");
        assert_eq!(Freshness::of(at("2025-12-03"), now), Freshness::Confirmed);
        assert_eq!(Freshness::of(at("2025-12-02"), now), Freshness::Stale);
        assert!(ConfirmedWithin::SixMonths.includes(at("2026-06-03"), now));
        assert!(!ConfirmedWithin::SixMonths.includes(at("2026-06-02"), now));
        // The end of a longer month falls on the end of the shorter one.
        assert_eq!(
            ConfirmedWithin::SixMonths.since(at("2026-08-31")),
            at("2026-02-28") - chrono::Duration::hours(12)
        );
    }

    #[test]
    fn each_entry_counts_in_one_confirmation_age() {
        let now = at("2026-12-03");
        let age = |date: &str| ConfirmationAge::of(at(date), false, now);
        assert_eq!(age("2026-12-03"), ConfirmationAge::Under6Months);
        assert_eq!(age("2026-06-03"), ConfirmationAge::Under6Months);
        assert_eq!(age("2026-06-02"), ConfirmationAge::From6To12Months);
        assert_eq!(age("2025-12-03"), ConfirmationAge::From6To12Months);
        assert_eq!(age("2025-12-02"), ConfirmationAge::Over12Months);
        assert_eq!(
            ConfirmationAge::of(at("2026-12-01"), true, now),
            ConfirmationAge::NeverConfirmed
        );
        for age in ConfirmationAge::ALL {
            assert_eq!(ConfirmationAge::parse(age.as_str()), Ok(age));
            assert_eq!(
                serde_json::to_value(age).ok(),
                Some(serde_json::Value::from(age.as_str()))
            );
        }
        assert!(ConfirmationAge::parse("stale").is_err());
    }

    #[test]
    fn the_filter_reads_its_url_values_only() {
        assert_eq!(ConfirmedWithin::parse("6"), Ok(ConfirmedWithin::SixMonths));
        assert_eq!(
            ConfirmedWithin::parse(" 12 "),
            Ok(ConfirmedWithin::TwelveMonths)
        );
        for bad in ["", "3", "6m", "twelve", "-6"] {
            assert_eq!(
                ConfirmedWithin::parse(bad).map_err(|e| e.rule),
                Err("invalid_choice")
            );
        }
    }

    #[test]
    fn the_words_follow_each_language_plural_rules() {
        let now = at("2026-12-03");
        assert_eq!(
            confirmed_words(Lang::En, at("2026-09-01"), now),
            "Confirmed 3 months ago"
        );
        assert_eq!(
            confirmed_words(Lang::En, at("2026-12-02"), now),
            "Confirmed 1 day ago"
        );
        assert_eq!(confirmed_words(Lang::En, now, now), "Confirmed today");
        assert_eq!(
            confirmed_words(Lang::Fr, at("2025-11-01"), now),
            "Confirmé il y a 1 an"
        );
        // Arabic: one, two, few (3 to 10) and many (11 to 99) months or years.
        assert_eq!(
            confirmed_words(Lang::Ar, at("2026-11-01"), now),
            "أُكِّد قبل شهر واحد"
        );
        assert_eq!(
            confirmed_words(Lang::Ar, at("2026-10-01"), now),
            "أُكِّد قبل شهرين"
        );
        assert_eq!(
            confirmed_words(Lang::Ar, at("2026-09-01"), now),
            "أُكِّد قبل 3 أشهر"
        );
        assert_eq!(
            confirmed_words(Lang::Ar, at("2025-12-04"), now),
            "أُكِّد قبل 11 شهرًا"
        );
        assert_eq!(
            confirmed_words(Lang::Ar, at("2024-12-01"), now),
            "أُكِّد قبل سنتين"
        );
    }
}
