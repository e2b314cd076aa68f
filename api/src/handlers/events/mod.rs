//! `/api/v1/events`: public events (issue #19) as JSON and as an iCalendar feed.

pub mod get;
pub mod ics;
pub mod list;
