//! The dates a visitor picks events by, on the map's events layer and on the `/events` page: the
//! rest of this week, the rest of this month, or days they choose. One rule for both sides, so
//! the server's page and the app show the same events for the same choice.

use chrono::{Datelike, Duration, NaiveDate};

/// A choice of dates, counted in the reader's days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventWindow {
    /// Today to Sunday (ISO weeks end on Sunday).
    Week,
    /// Today to the last day of this month.
    #[default]
    Month,
    /// From one day to another, both included; either may be open.
    Days {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
}

impl EventWindow {
    /// The name the URLs and forms use (`when=week`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Days { .. } => "days",
        }
    }

    /// From a form or a URL: `when` and, for `days`, `from` and `to` (`YYYY-MM-DD`, a bad or
    /// empty one left open). An unknown `when` is this month.
    pub fn from_form(when: &str, from: &str, to: &str) -> Self {
        let day = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        match when {
            "week" => Self::Week,
            "days" => Self::Days {
                from: day(from),
                to: day(to),
            },
            _ => Self::Month,
        }
    }

    /// The first and last day it covers, seen from `today`; `None` is open. An event ending on
    /// or after the first day and starting on or before the last one is in the window: the
    /// API's `from` and `to`.
    pub fn days(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            Self::Week => {
                let left = 6 - i64::from(today.weekday().num_days_from_monday());
                (Some(today), Some(today + Duration::days(left)))
            }
            Self::Month => {
                let next_month = if today.month() == 12 {
                    NaiveDate::from_ymd_opt(today.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(today.year(), today.month() + 1, 1)
                };
                (
                    Some(today),
                    next_month.map(|first| first - Duration::days(1)),
                )
            }
            Self::Days { from, to } => (from, to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn this_week_ends_on_sunday_and_this_month_on_its_last_day() {
        // 2026-12-04 is a Friday.
        let friday = day("2026-12-04");
        assert_eq!(
            EventWindow::Week.days(friday),
            (Some(friday), Some(day("2026-12-06")))
        );
        assert_eq!(
            EventWindow::Week.days(day("2026-12-06")),
            (Some(day("2026-12-06")), Some(day("2026-12-06")))
        );
        assert_eq!(
            EventWindow::Month.days(friday),
            (Some(friday), Some(day("2026-12-31")))
        );
        assert_eq!(
            EventWindow::Month.days(day("2027-02-10")),
            (Some(day("2027-02-10")), Some(day("2027-02-28")))
        );
    }

    #[test]
    fn chosen_days_come_from_the_form_and_a_bad_one_is_left_open() {
        assert_eq!(
            EventWindow::from_form("days", "2026-12-10", "nonsense"),
            EventWindow::Days {
                from: Some(day("2026-12-10")),
                to: None
            }
        );
        assert_eq!(EventWindow::from_form("week", "", ""), EventWindow::Week);
        assert_eq!(EventWindow::from_form("", "", ""), EventWindow::Month);
        assert_eq!(EventWindow::from_form("days", "", "").key(), "days");
    }
}
