//! Reports from visitors (issue #18): "Report a problem" on every entry, the moderators' queue
//! with the entry's history, and what the entry's owner sees. Who reported is never known: a
//! report carries no name, no address and no account, and its text is read by moderators only.

use chrono::{DateTime, Utc};

use super::admin::AuditEntry;
use super::submission::{honeypot, plain_paragraphs};
use crate::domain::{
    FieldError, HiddenBy, OrganizationId, OwnerAnswer, ReportId, ReportKind, ReportOutcome,
    ReportStatus, RuleViolation, Slug, Status,
};

/// A report kind in words, as the form and the owner's e-mail and page say it.
pub fn report_kind_message(kind: ReportKind) -> crate::i18n::PagesMsg {
    use crate::i18n::PagesMsg;
    match kind {
        ReportKind::NotActive => PagesMsg::ReportKindNotActive,
        ReportKind::WrongDetails => PagesMsg::ReportKindWrongDetails,
        ReportKind::WrongPlace => PagesMsg::ReportKindWrongPlace,
        ReportKind::Duplicate => PagesMsg::ReportKindDuplicate,
        ReportKind::Unsafe => PagesMsg::ReportKindUnsafe,
    }
}

/// The longest text a visitor may add to a report, in characters.
pub const REPORT_MESSAGE_MAX_CHARS: usize = 1000;

/// `POST /api/v1/organizations/{id_or_slug}/reports`: a visitor says what is wrong with an entry.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRequest {
    /// What is wrong: `not_active`, `wrong_details`, `wrong_place`, `duplicate` or `unsafe`.
    /// `unsafe` hides the entry at once, until a moderator has looked.
    #[cfg_attr(feature = "openapi", schema(schema_with = report_kind_schema))]
    pub kind: String,
    /// For `duplicate`: the other entry, as its slug or the address of its page
    /// (`https://…/org/{slug}`). Ignored for other kinds.
    #[serde(default)]
    pub duplicate_of: String,
    /// What the visitor saw, in a few words (at most 1,000 characters). Private: only the
    /// moderators read it.
    #[serde(default)]
    pub message: String,
    /// From `GET /api/v1/form-token`; one report per token.
    #[serde(default)]
    pub form_token: String,
    /// Left empty (a field for programs that fill in every field).
    #[serde(default)]
    pub homepage: String,
}

#[cfg(feature = "openapi")]
fn report_kind_schema() -> utoipa::openapi::schema::Object {
    super::rules::one_of(ReportKind::ALL.map(ReportKind::as_str))
        .description(Some("What is wrong with the entry."))
        .build()
}

#[cfg(feature = "openapi")]
fn report_outcome_schema() -> utoipa::openapi::schema::Object {
    super::rules::one_of(ReportOutcome::ALL.map(ReportOutcome::as_str))
        .description(Some("How the report was resolved."))
        .build()
}

/// A report as the server keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidReport {
    pub kind: ReportKind,
    /// The other entry's slug, for a duplicate.
    pub duplicate_of: Option<Slug>,
    /// The visitor's words, when they gave some.
    pub message: Option<String>,
}

impl ReportRequest {
    pub fn validate(&self) -> Result<ValidReport, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = ReportKind::parse(self.kind.trim());
        if kind.is_none() {
            let choices: Vec<&str> = ReportKind::ALL.iter().map(|k| k.as_str()).collect();
            errors.push(FieldError::new(
                "kind",
                if self.kind.trim().is_empty() {
                    "required"
                } else {
                    "invalid_choice"
                },
                format!("must be one of: {}", choices.join(", ")),
            ));
        }
        let duplicate_of = if kind == Some(ReportKind::Duplicate) {
            entry_slug(&self.duplicate_of)
                .map_err(|e| errors.push(e.at("duplicate_of")))
                .ok()
        } else {
            None
        };
        let message = if self.message.trim().is_empty() {
            None
        } else {
            plain_paragraphs(&self.message, 1, REPORT_MESSAGE_MAX_CHARS)
                .map_err(|e| errors.push(e.at("message")))
                .ok()
        };
        honeypot("homepage", &self.homepage, &mut errors);
        match kind {
            Some(kind) if errors.is_empty() => Ok(ValidReport {
                kind,
                duplicate_of,
                message,
            }),
            _ => Err(errors),
        }
    }
}

/// The entry a visitor names: its slug, or the address of its page (`…/org/{slug}?lang=ar`).
pub fn entry_slug(input: &str) -> Result<Slug, RuleViolation> {
    let input = input.trim();
    if input.is_empty() {
        return Err(RuleViolation::new(
            "required",
            "give the other entry's address or slug",
        ));
    }
    let slug = match input.find("/org/") {
        Some(at) => input[at + "/org/".len()..]
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default(),
        None => input,
    };
    Slug::parse(slug).map_err(|_| {
        RuleViolation::new(
            "invalid_entry",
            "must be the address of an entry's page on this map (…/org/its-name) or its slug",
        )
    })
}

/// `202` to a report: what happens next.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReceipt {
    pub detail: String,
    /// The entry is hidden from the public while moderators review the report (a report that
    /// it is unsafe to list).
    pub hidden_for_review: bool,
}

/// Where a report stands, with what goes with each step: open, answered by the entry's owner,
/// or resolved by a moderator.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReportState {
    /// Waiting for the owner or a moderator.
    Open,
    /// The owner answered (confirmed the entry, or proposed an update); still waiting for a
    /// moderator.
    Answered {
        answer: OwnerAnswer,
        answered_at: DateTime<Utc>,
    },
    /// A moderator resolved it.
    Resolved {
        outcome: ReportOutcome,
        resolved_at: DateTime<Utc>,
        /// How the owner had answered, if they had.
        answer: Option<OwnerAnswer>,
    },
}

impl ReportState {
    pub fn status(&self) -> ReportStatus {
        match self {
            Self::Open => ReportStatus::Open,
            Self::Answered { .. } => ReportStatus::Answered,
            Self::Resolved { .. } => ReportStatus::Resolved,
        }
    }

    pub fn is_resolved(&self) -> bool {
        matches!(self, Self::Resolved { .. })
    }

    /// The state from its stored columns; columns that do not fit the status are an error
    /// naming them, never a guess.
    pub fn from_stored(
        status: ReportStatus,
        answer: Option<OwnerAnswer>,
        answered_at: Option<DateTime<Utc>>,
        outcome: Option<ReportOutcome>,
        resolved_at: Option<DateTime<Utc>>,
    ) -> Result<Self, String> {
        match (status, answer, answered_at, outcome, resolved_at) {
            (ReportStatus::Open, None, None, None, None) => Ok(Self::Open),
            (ReportStatus::Answered, Some(answer), Some(answered_at), None, None) => {
                Ok(Self::Answered {
                    answer,
                    answered_at,
                })
            }
            (ReportStatus::Resolved, answer, _, Some(outcome), Some(resolved_at)) => {
                Ok(Self::Resolved {
                    outcome,
                    resolved_at,
                    answer,
                })
            }
            other => Err(format!("a report's stored state does not fit: {other:?}")),
        }
    }
}

/// The entry a report is about, as moderators see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportedEntry {
    pub id: OrganizationId,
    pub slug: String,
    pub name: String,
    pub status: Status,
    /// Why it is hidden, when it is (`report`: an unsafe report is waiting).
    pub hidden_by: Option<HiddenBy>,
}

/// A report in the moderators' queue. Private: the admin API only.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: ReportId,
    pub organization: ReportedEntry,
    pub kind: ReportKind,
    /// For a duplicate: the other entry (absent if it was deleted since).
    pub duplicate_of: Option<ReportedEntry>,
    /// The visitor's words, if any.
    pub message: Option<String>,
    pub state: ReportState,
    /// This report hid the entry when it came (unsafe to list).
    pub hid_entry: bool,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/admin/reports/{id}`: a report with the entry's other reports and its history.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDetail {
    pub report: ReportView,
    /// The entry's other reports, newest first.
    pub other_reports: Vec<ReportView>,
    /// What was done to the entry (the audit rows about it), newest first.
    pub history: Vec<AuditEntry>,
}

/// `GET /api/v1/admin/reports`: which reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ReportQuery {
    /// `waiting` (the default, also when empty: open and answered ones, unsafe ones first, then
    /// oldest first), `resolved` (newest first) or `all`.
    #[cfg_attr(feature = "openapi", param(pattern = "^(waiting|resolved|all)?$"))]
    pub state: Option<String>,
}

/// Which reports [`ReportQuery`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportSelection {
    #[default]
    Waiting,
    Resolved,
    All,
}

impl ReportQuery {
    pub fn selection(&self) -> Result<ReportSelection, Vec<FieldError>> {
        match self.state.as_deref().map(str::trim) {
            None | Some("" | "waiting") => Ok(ReportSelection::Waiting),
            Some("resolved") => Ok(ReportSelection::Resolved),
            Some("all") => Ok(ReportSelection::All),
            Some(_) => Err(vec![FieldError::new(
                "state",
                "invalid_choice",
                "must be waiting, resolved or all",
            )]),
        }
    }
}

/// `POST /api/v1/admin/reports/{id}/resolve`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolveReport {
    /// `dismissed`, `corrected` or `hidden`. For an entry hidden by an unsafe report,
    /// `dismissed` and `corrected` show it again (once no other unsafe report waits), `hidden`
    /// keeps it hidden; for other reports, `hidden` hides a published entry.
    #[cfg_attr(feature = "openapi", schema(schema_with = report_outcome_schema))]
    pub outcome: String,
}

impl ResolveReport {
    pub fn validate(&self) -> Result<ReportOutcome, Vec<FieldError>> {
        ReportOutcome::parse(self.outcome.trim()).ok_or_else(|| {
            vec![FieldError::new(
                "outcome",
                "invalid_choice",
                "must be dismissed, corrected or hidden",
            )]
        })
    }
}

/// A report as the entry's owner sees it: what was reported and when, never the visitor's
/// words nor how many reports there were before.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerReport {
    pub id: ReportId,
    pub kind: ReportKind,
    pub created_at: DateTime<Utc>,
    pub state: ReportState,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: &str) -> ReportRequest {
        ReportRequest {
            kind: kind.into(),
            ..ReportRequest::default()
        }
    }

    #[test]
    fn a_report_needs_a_known_kind() {
        assert!(request("wrong_place").validate().is_ok());
        let errors = request("").validate().unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].rule.as_str()),
            ("kind", "required")
        );
        let errors = request("spam").validate().unwrap_err();
        assert_eq!(errors[0].rule, "invalid_choice");
    }

    #[test]
    fn a_duplicate_names_the_other_entry_by_slug_or_page_address() {
        let mut r = request("duplicate");
        assert_eq!(r.validate().unwrap_err()[0].field, "duplicate_of");
        r.duplicate_of = "https://map.example.org/org/example-group-2?lang=ar".into();
        assert_eq!(
            r.validate()
                .unwrap()
                .duplicate_of
                .map(|s| s.as_str().to_owned()),
            Some("example-group-2".to_owned())
        );
        r.duplicate_of = " example-group ".into();
        assert!(r.validate().is_ok());
        r.duplicate_of = "Not A Slug!".into();
        assert_eq!(r.validate().unwrap_err()[0].rule, "invalid_entry");
        // Other kinds ignore it.
        let mut other = request("not_active");
        other.duplicate_of = "Not A Slug!".into();
        assert_eq!(other.validate().unwrap().duplicate_of, None);
    }

    #[test]
    fn the_text_is_optional_and_bounded() {
        let mut r = request("wrong_details");
        r.message = "   ".into();
        assert_eq!(r.validate().unwrap().message, None);
        r.message = "x".repeat(REPORT_MESSAGE_MAX_CHARS + 1);
        assert_eq!(r.validate().unwrap_err()[0].rule, "too_long");
        r.message = "The website moved.\nSee the new one.".into();
        assert!(r.validate().unwrap().message.is_some());
    }

    #[test]
    fn stored_states_that_do_not_fit_are_errors() {
        let now = Utc::now();
        assert_eq!(
            ReportState::from_stored(ReportStatus::Open, None, None, None, None),
            Ok(ReportState::Open)
        );
        assert!(
            ReportState::from_stored(ReportStatus::Resolved, None, None, None, Some(now)).is_err()
        );
        assert!(
            ReportState::from_stored(ReportStatus::Answered, None, Some(now), None, None).is_err()
        );
        let resolved = ReportState::from_stored(
            ReportStatus::Resolved,
            Some(OwnerAnswer::Confirmed),
            Some(now),
            Some(ReportOutcome::Dismissed),
            Some(now),
        )
        .unwrap();
        assert!(resolved.is_resolved());
        assert_eq!(
            serde_json::to_value(&resolved).unwrap()["status"],
            "resolved"
        );
    }
}
