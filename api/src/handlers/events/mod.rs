//! `/api/v1/events`: public events (issue #19) as JSON, as an iCalendar feed and as an Atom
//! feed.

pub mod atom;
pub mod get;
pub mod ics;
pub mod list;
