//! Validated values: each type can only be built through `parse`, so a value of the type is
//! proof that the rule held ("parse, don't validate").

mod bbox;
mod call_to_action;
mod coordinates;
mod country;
mod cursor;
mod email;
mod event;
mod ids;
mod key;
mod page;
mod resource_kind;
mod search;
mod slug;
mod status;
pub(crate) mod text_enum;
mod time_zone;

pub use bbox::BBox;
pub use call_to_action::CallToActionStatus;
pub use coordinates::{Latitude, Longitude, coarsen};
pub use country::CountryCode;
pub use cursor::{Cursor, EventCursor};
pub use email::EmailAddress;
pub use event::{EventKind, EventStatus};
pub use ids::{
    AuditId, CallToActionId, ContactMessageId, CrisisId, EventId, OrganizationId, OutboxId,
    PartnershipId, RejectionBatchId, ReportId, ResourceId, SubmissionId, UserId,
};
pub use key::Key;
pub use page::PageSize;
pub use resource_kind::ResourceKind;
pub use search::SearchQuery;
pub use slug::Slug;
pub use status::{
    HiddenBy, LinkOutcome, MailKind, Origin, OwnerAnswer, Precision, RelayStatus, ReportKind,
    ReportOutcome, ReportStatus, Status, SubmissionKind, SubmissionStatus,
};
pub use time_zone::TimeZoneName;

/// Why one input field was refused: the field's name as the client sent it, a stable snake_case
/// rule that programs match on, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The input field, e.g. `bbox` or `location.latitude`.
    pub field: String,
    /// Stable machine-readable rule, e.g. `out_of_range`.
    pub rule: String,
    /// Human-readable explanation.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, rule: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule: rule.to_owned(),
            message: message.into(),
        }
    }
}

/// A rule broken by a value, before we know which field it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RuleViolation {
    pub rule: &'static str,
    pub message: String,
}

impl RuleViolation {
    pub fn new(rule: &'static str, message: impl Into<String>) -> Self {
        Self {
            rule,
            message: message.into(),
        }
    }

    /// Attaches the field name, turning the violation into a wire-level error.
    pub fn at(self, field: &str) -> FieldError {
        FieldError::new(field, self.rule, self.message)
    }
}
