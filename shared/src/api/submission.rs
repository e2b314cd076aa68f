//! Joining the map and keeping an entry up to date: what the join form, the owner page and the
//! contact form send, what they get back, and the rules they share with the server.

use crate::domain::{HiddenBy, OrganizationId, SubmissionId};
use chrono::{DateTime, Utc};

use super::draft::{OrganizationDraft, ValidOrganization};
use super::organization::Organization;
use crate::domain::{EmailAddress, FieldError, RuleViolation, Status};
use crate::i18n::Lang;

/// Seconds a person needs at least to fill in a form; quicker answers come from programs.
pub const MIN_FILL_SECONDS: u64 = 3;
/// Longest message to a listed group, in characters.
pub const MESSAGE_MAX_CHARS: usize = 4000;

/// A token the server hands out with each form (`GET /api/v1/form-token`): it says when the
/// form was shown, signed, so the server can tell a form filled in too fast.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormToken {
    pub token: String,
    /// How long the form must be open before it is sent.
    pub min_seconds: u64,
}

/// `POST /api/v1/submissions`: a group asks to join the map.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionRequest {
    #[serde(flatten)]
    pub organization: OrganizationDraft,
    #[serde(default)]
    /// Private: used only to write to the group (owner link, decisions, reminders, messages
    /// relayed from visitors). Never shown to anyone.
    pub contact_email: String,
    /// The language the group wants our e-mails in (the join form sends the one it was filled
    /// in). Private, like the address; the owner can change it.
    #[serde(default)]
    pub language: Lang,
    /// The group agrees to the public listing and to us keeping the contact e-mail for it.
    #[serde(default)]
    pub consent: bool,
    /// From `GET /api/v1/form-token`, fetched when the form was shown.
    #[serde(default)]
    pub form_token: String,
    /// Leave empty. The join form hides this field from people; programs that fill in every
    /// field give themselves away.
    #[serde(default)]
    pub homepage: String,
}

/// A submission that passed every rule that does not need the server's secret.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSubmission {
    pub organization: ValidOrganization,
    pub contact_email: EmailAddress,
    pub language: Lang,
}

/// Refuses a filled-in honeypot field, naming it like any other field.
pub fn honeypot(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if !value.trim().is_empty() {
        errors.push(FieldError::new(
            field,
            "must_be_empty",
            "this field must be left empty",
        ));
    }
}

impl SubmissionRequest {
    pub fn validate(&self) -> Result<ValidSubmission, Vec<FieldError>> {
        let organization = self.organization.validate();
        let mut errors = organization.clone().err().unwrap_or_default();
        let contact_email = EmailAddress::parse(&self.contact_email)
            .map_err(|e| errors.push(e.at("contact_email")))
            .ok();
        if !self.consent {
            errors.push(FieldError::new(
                "consent",
                "consent_required",
                "the group must agree to be listed and to us keeping its contact e-mail",
            ));
        }
        honeypot("homepage", &self.homepage, &mut errors);
        match (organization, contact_email) {
            (Ok(organization), Some(contact_email)) if errors.is_empty() => Ok(ValidSubmission {
                organization,
                contact_email,
                language: self.language,
            }),
            _ => Err(errors),
        }
    }
}

/// Why a submission looks like an entry we already have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameWebsite,
    SimilarNameNearby,
}

/// A likely duplicate. Published entries are named; an entry still awaiting review is shown
/// only to moderators (in the review queue), and only counted, so that nobody learns of it
/// before a moderator approves it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PossibleDuplicate {
    pub reason: DuplicateReason,
    /// The published entry's slug, name and place; absent for an entry awaiting review.
    pub slug: Option<String>,
    pub name: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// `POST /api/v1/submissions/check`: the rules and the duplicate search, nothing stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionCheck {
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// The answer to a submission: keep the owner link, it is shown once and cannot be recovered
/// (a new one can be sent to the contact e-mail).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionReceipt {
    /// The receipt number.
    pub submission_id: SubmissionId,
    pub organization_id: OrganizationId,
    /// `pending` until a moderator decides.
    pub status: Status,
    /// The secret that lets the group manage its entry (send it as `Authorization: Bearer`).
    pub owner_token: String,
    /// The owner page, with the token in the fragment (never sent to any server).
    pub owner_url: String,
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// What the owner sees of their entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerEntry {
    /// The entry as stored (published or not).
    pub organization: Organization,
    pub status: Status,
    /// Why the entry is hidden, when it is.
    pub hidden_by: Option<HiddenBy>,
    /// When an entry hidden by its owner comes back by itself.
    pub hidden_until: Option<DateTime<Utc>>,
    /// An update the owner proposed that a moderator has not reviewed yet.
    pub pending_update: Option<OrganizationDraft>,
    pub deletion_requested: bool,
    /// After this, an entry not confirmed as still active is hidden until it is.
    pub confirm_by: DateTime<Utc>,
    /// The language our e-mails to the group are written in.
    pub language: Lang,
    /// The entry's website and links whose last check failed (see the admin's link checks).
    #[serde(default)]
    pub link_problems: Vec<LinkProblem>,
    /// Problems visitors reported that a moderator has not resolved yet, oldest first. The
    /// owner answers by confirming the entry or proposing an update.
    #[serde(default)]
    pub reports: Vec<super::report::OwnerReport>,
}

/// A link of the owner's entry that failed its last check.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkProblem {
    pub url: String,
    pub outcome: crate::domain::LinkOutcome,
    pub http_status: Option<i32>,
    /// Hidden from the public page (three failed checks a week apart).
    pub dead: bool,
    pub checked_at: DateTime<Utc>,
}

/// Why a link check failed, in `lang` ("the site answered with error 404").
pub fn link_reason(
    outcome: crate::domain::LinkOutcome,
    http_status: Option<i32>,
    lang: Lang,
) -> String {
    use crate::domain::LinkOutcome;
    use crate::i18n::PagesMsg;
    let status = http_status.map(|s| s.to_string()).unwrap_or_default();
    match outcome {
        LinkOutcome::HttpError => lang.format(PagesMsg::LinkReasonHttp, &[("status", &status)]),
        LinkOutcome::Timeout => lang.text(PagesMsg::LinkReasonTimeout).to_owned(),
        LinkOutcome::TooManyRedirects => lang.text(PagesMsg::LinkReasonRedirects).to_owned(),
        LinkOutcome::PrivateAddress => lang.text(PagesMsg::LinkReasonPrivate).to_owned(),
        LinkOutcome::InvalidUrl => lang.text(PagesMsg::LinkReasonInvalid).to_owned(),
        LinkOutcome::Unreachable | LinkOutcome::Ok => {
            lang.text(PagesMsg::LinkReasonUnreachable).to_owned()
        }
    }
}

impl LinkProblem {
    /// What the owner page says about it, in `lang`; `date` is `checked_at` as the page writes
    /// dates. One sentence for the server's page and the app's.
    pub fn sentence(&self, lang: Lang, date: &str) -> String {
        use crate::i18n::PagesMsg;
        let reason = link_reason(self.outcome, self.http_status, lang);
        let message = if self.dead {
            PagesMsg::LinkProblemDead
        } else {
            PagesMsg::LinkProblem
        };
        lang.format(
            message,
            &[("url", &self.url), ("date", date), ("reason", &reason)],
        )
    }
}

/// `POST /api/v1/owner/entry/language`: the language our e-mails to the group are written in.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LanguageRequest {
    pub language: Lang,
}

/// `POST /api/v1/owner/entry/hide`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HideRequest {
    /// Shown again by itself at this time; absent: hidden until the owner shows it.
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
}

impl HideRequest {
    pub fn validate(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, Vec<FieldError>> {
        match self.until {
            Some(until) if until <= now => Err(vec![FieldError::new(
                "until",
                "not_in_future",
                "must be a time in the future",
            )]),
            Some(until) if until > now + chrono::Duration::days(3 * 366) => {
                Err(vec![FieldError::new(
                    "until",
                    "too_far",
                    "must be within three years",
                )])
            }
            other => Ok(other),
        }
    }
}

/// `POST /api/v1/owner/link-requests`: a new owner link, sent to the contact e-mail.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerLinkRequest {
    pub email: String,
    #[serde(default)]
    pub homepage: String,
}

impl OwnerLinkRequest {
    pub fn validate(&self) -> Result<EmailAddress, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = EmailAddress::parse(&self.email)
            .map_err(|e| errors.push(e.at("email")))
            .ok();
        honeypot("homepage", &self.homepage, &mut errors);
        match email {
            Some(email) if errors.is_empty() => Ok(email),
            _ => Err(errors),
        }
    }
}

/// `POST /api/v1/organizations/{id}/contact`: a visitor writes to a listed group.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequest {
    pub name: String,
    /// Where the group can answer; passed on to the group (or the moderators), never published.
    pub email: String,
    pub message: String,
    #[serde(default)]
    pub form_token: String,
    #[serde(default)]
    pub homepage: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidContact {
    pub name: String,
    pub email: EmailAddress,
    pub message: String,
}

/// Several lines of plain text (newlines allowed) within `min..=max` characters.
pub fn plain_paragraphs(input: &str, min: usize, max: usize) -> Result<String, RuleViolation> {
    let text = input.trim();
    let count = text.chars().count();
    if count < min {
        return Err(if count == 0 {
            RuleViolation::new("required", "this field is required")
        } else {
            RuleViolation::new("too_short", format!("must be at least {min} characters"))
        });
    }
    if count > max {
        return Err(RuleViolation::new(
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err(RuleViolation::new(
            "control_characters",
            "must not contain control characters",
        ));
    }
    Ok(text.to_owned())
}

impl ContactRequest {
    pub fn validate(&self) -> Result<ValidContact, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = super::draft::plain_text(&self.name, 1, super::draft::NAME_MAX_CHARS)
            .map_err(|e| errors.push(e.at("name")))
            .ok();
        let email = EmailAddress::parse(&self.email)
            .map_err(|e| errors.push(e.at("email")))
            .ok();
        let message = plain_paragraphs(&self.message, 10, MESSAGE_MAX_CHARS)
            .map_err(|e| errors.push(e.at("message")))
            .ok();
        honeypot("homepage", &self.homepage, &mut errors);
        match (name, email, message) {
            (Some(name), Some(email), Some(message)) if errors.is_empty() => Ok(ValidContact {
                name,
                email,
                message,
            }),
            _ => Err(errors),
        }
    }
}

/// A short answer for actions that return nothing else.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SubmissionRequest {
        SubmissionRequest {
            organization: OrganizationDraft {
                name: "Example Student Group, Glasgow".into(),
                category: "student_group".into(),
                city: "Glasgow".into(),
                country: "GB".into(),
                latitude: Some(55.86),
                longitude: Some(-4.25),
                ..OrganizationDraft::default()
            },
            contact_email: "group@example.org".into(),
            language: Lang::Fr,
            consent: true,
            form_token: "t".into(),
            homepage: String::new(),
        }
    }

    #[test]
    fn a_good_submission_passes() {
        assert!(good().validate().is_ok());
    }

    #[test]
    fn every_broken_rule_is_named() {
        let request = SubmissionRequest {
            contact_email: "nope".into(),
            consent: false,
            homepage: "http://spam.example".into(),
            organization: OrganizationDraft {
                latitude: Some(95.0),
                ..good().organization
            },
            ..good()
        };
        let fields: Vec<String> = request
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["latitude", "contact_email", "consent", "homepage"]);
    }

    #[test]
    fn the_flattened_form_reads_from_one_json_object() {
        let json = serde_json::json!({
            "name": "Example Media, Oslo", "category": "media", "city": "Oslo", "country": "NO",
            "latitude": 59.9, "longitude": 10.7, "contact_email": "a@example.org", "consent": true
        });
        let request: SubmissionRequest = serde_json::from_value(json).unwrap();
        assert!(request.validate().is_ok());
    }

    #[test]
    fn hiding_needs_a_future_date() {
        let now = Utc::now();
        let past = HideRequest {
            until: Some(now - chrono::Duration::hours(1)),
        };
        assert_eq!(past.validate(now).unwrap_err()[0].rule, "not_in_future");
        assert_eq!(HideRequest::default().validate(now), Ok(None));
    }

    #[test]
    fn a_contact_message_needs_substance() {
        let request = ContactRequest {
            name: "Visitor".into(),
            email: "visitor@example.org".into(),
            message: "hi".into(),
            ..ContactRequest::default()
        };
        assert_eq!(request.validate().unwrap_err()[0].field, "message");
    }
}
