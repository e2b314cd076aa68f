//! Request and response types of the public HTTP API, one module per resource.

pub mod admin;
pub mod auth;
mod call_to_action;
mod draft;
mod error;
mod event;
mod event_window;
mod filter;
mod freshness;
mod map;
pub mod moderation;
mod organization;
mod reference;
mod report;
#[cfg(feature = "openapi")]
pub mod rules;
mod submission;

pub use call_to_action::{
    ASK_HOW_MAX_CHARS, ASK_MAX_DAYS_AHEAD, ASK_TEXT_MAX_CHARS, ASK_TITLE_MAX_CHARS, CallToAction,
    CallToActionDraft, CallToActionQuery, ManagedCallToAction, ValidCallToAction, ask_is_current,
};
pub use draft::{
    OUTSIDE_JERUSALEM, OrganizationDraft, ValidOrganization, language_tag, plain_text, web_url,
};
pub use error::{ErrorCode, Problem};
pub use event::{
    AdminEventRequest, EVENT_MAX_DAYS, EVENT_MAX_DAYS_AHEAD, EVENT_TITLE_MAX_CHARS, Event,
    EventDraft, EventFilter, EventPage, EventPlace, EventQuery, EventReviewQuery,
    MAX_CO_ORGANIZERS, ManagedEvent, ValidEvent, ValidPlace,
};
pub use event_window::EventWindow;
pub use filter::{OrganizationFilter, OrganizationQuery, ResourceQuery};
pub use freshness::{
    Age, ConfirmationAge, ConfirmedWithin, Freshness, confirmed_date, confirmed_words,
};
pub use map::{
    CategoryShare, ClusterQuery, ClusterRequest, ClusterResponse, MAX_MAP_ZOOM, MapConfig,
    MapFeature, PMTILES_PATH, PlaceQuery, STREET_ZOOM,
};
pub use organization::{
    EntryText, GeoPoint, JERUSALEM_CATEGORY, JERUSALEM_CENTRE, JERUSALEM_RADIUS_KM,
    MAP_LIST_PAGE_SIZE, Organization, OrganizationPage, OrganizationRef, breaks_jerusalem_rule,
    city_for_reader, is_jerusalem, located_in_jerusalem,
};
pub use reference::{
    Category, CitySuggestion, CountryCount, FocusArea, LocalizedNames, Partnership, Resource,
};
pub use report::{
    OwnerReport, REPORT_MESSAGE_MAX_CHARS, ReportDetail, ReportQuery, ReportReceipt, ReportRequest,
    ReportSelection, ReportState, ReportView, ReportedEntry, ResolveReport, ValidReport,
    entry_slug, report_kind_message,
};
pub use submission::{
    Acknowledgement, ContactRequest, DuplicateReason, FormToken, HideRequest, LanguageRequest,
    LinkProblem, MESSAGE_MAX_CHARS, MIN_FILL_SECONDS, OwnerEntry, OwnerLinkRequest,
    PossibleDuplicate, SubmissionCheck, SubmissionReceipt, SubmissionRequest, ValidContact,
    ValidSubmission, honeypot, link_reason, plain_paragraphs,
};
