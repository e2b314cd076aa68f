//! Calls to action from Jerusalem (issue #19): a Jerusalem grassroots organisation, or the
//! moderators for it, publishes an ask — what, by when, how to help, a link. It is public at
//! once (Jerusalem partners are curated) until its date has passed or it is withdrawn, while
//! its organisation is public, and the groups twinned with it hear of it in a daily digest.

use chrono::{DateTime, NaiveDate, Utc};

use super::draft::{take, web_url};
use super::organization::OrganizationRef;
use super::submission::plain_paragraphs;
use crate::domain::{CallToActionId, CallToActionStatus, FieldError, RuleViolation};

pub const ASK_TITLE_MAX_CHARS: usize = 120;
pub const ASK_TEXT_MAX_CHARS: usize = 2000;
pub const ASK_HOW_MAX_CHARS: usize = 1000;
/// How far ahead an ask's date may be.
pub const ASK_MAX_DAYS_AHEAD: i64 = 366;

/// `POST /api/v1/owner/calls-to-action` and the edits: an ask as its organisation gives it,
/// unchecked. Missing fields read as empty, so that the answer names each one.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallToActionDraft {
    /// What is asked, 3 to 120 characters of plain text.
    #[serde(default)]
    pub title: String,
    /// More about it: plain text (no markup), line breaks allowed, at most 2,000 characters.
    #[serde(default)]
    pub text: String,
    /// The last day the ask stands, `YYYY-MM-DD`: today or later, within a year.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "2026-12-20"))]
    pub by_when: String,
    /// How to help: plain text, line breaks allowed, at most 1,000 characters.
    #[serde(default)]
    pub how_to_help: String,
    /// An `http(s)` address with more (a petition, a sign-up page).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub link: Option<String>,
}

/// A draft that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCallToAction {
    pub title: String,
    pub text: String,
    pub by_when: NaiveDate,
    pub how_to_help: String,
    pub link: Option<String>,
}

/// A title: one line of plain text (no markup, no control characters).
fn title(input: &str) -> Result<String, RuleViolation> {
    super::draft::plain_text(input, 3, ASK_TITLE_MAX_CHARS)
}

/// Paragraphs of plain text: no markup either, so that no reader, mail client or feed ever
/// takes an ask's words for HTML.
fn paragraphs(input: &str, max: usize) -> Result<String, RuleViolation> {
    let text = plain_paragraphs(input, 1, max)?;
    if text.contains(['<', '>']) {
        return Err(RuleViolation::new(
            "markup_not_allowed",
            "must not contain < or >",
        ));
    }
    Ok(text)
}

fn by_when(input: &str, today: NaiveDate) -> Result<NaiveDate, RuleViolation> {
    let text = input.trim();
    if text.is_empty() {
        return Err(RuleViolation::new("required", "this field is required"));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| RuleViolation::new("invalid_format", "must be a day such as 2026-12-20"))?;
    if day < today {
        return Err(RuleViolation::new("in_the_past", "must be today or later"));
    }
    if day > today + chrono::Duration::days(ASK_MAX_DAYS_AHEAD) {
        return Err(RuleViolation::new(
            "too_far_ahead",
            format!("must be within {ASK_MAX_DAYS_AHEAD} days from today"),
        ));
    }
    Ok(day)
}

impl CallToActionDraft {
    /// Checks every field on `today` (UTC) and reports every broken one at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidCallToAction, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = take(&mut errors, "title", title(&self.title));
        let text = take(
            &mut errors,
            "text",
            paragraphs(&self.text, ASK_TEXT_MAX_CHARS),
        );
        let day = take(&mut errors, "by_when", by_when(&self.by_when, today));
        let how_to_help = take(
            &mut errors,
            "how_to_help",
            paragraphs(&self.how_to_help, ASK_HOW_MAX_CHARS),
        );
        let link = take(
            &mut errors,
            "link",
            self.link
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(web_url)
                .transpose(),
        );
        match (title, text, day, how_to_help, link) {
            (Some(title), Some(text), Some(by_when), Some(how_to_help), Some(link))
                if errors.is_empty() =>
            {
                Ok(ValidCallToAction {
                    title,
                    text,
                    by_when,
                    how_to_help,
                    link,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An ask as the public sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallToAction {
    pub id: CallToActionId,
    pub title: String,
    /// Plain text; line breaks separate paragraphs.
    pub text: String,
    /// The last day the ask stands.
    pub by_when: NaiveDate,
    /// Plain text; line breaks separate paragraphs.
    pub how_to_help: String,
    pub link: Option<String>,
    /// The Jerusalem organisation that asks.
    pub organization: OrganizationRef,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An ask as its organisation and the moderators see it: withdrawn and expired ones too.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedCallToAction {
    pub call_to_action: CallToAction,
    pub status: CallToActionStatus,
    /// Its by-when date has passed: no longer shown, whatever its status.
    pub expired: bool,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// The query string of `GET /api/v1/calls-to-action`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CallToActionQuery {
    /// Only this organisation's asks (its slug or id).
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub organization: Option<String>,
}

/// Whether an ask dated `by_when` still stands on `today`.
pub fn ask_is_current(by_when: NaiveDate, today: NaiveDate) -> bool {
    by_when >= today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn good() -> CallToActionDraft {
        CallToActionDraft {
            title: "Write to your MP about the demolitions in Silwan".into(),
            text: "Twelve homes have demolition orders.\nThe hearing is on the 18th.".into(),
            by_when: "2026-12-18".into(),
            how_to_help: "Send the letter we drafted; share the petition.".into(),
            link: Some("https://example.org/petition".into()),
        }
    }

    fn rules(draft: &CallToActionDraft) -> Vec<(String, String)> {
        draft
            .validate(today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.rule))
            .collect()
    }

    #[test]
    fn a_good_draft_is_valid_and_trimmed() {
        let valid = CallToActionDraft {
            title: "  Stand with Sheikh Jarrah ".into(),
            link: Some(" ".into()),
            ..good()
        }
        .validate(today())
        .unwrap();
        assert_eq!(valid.title, "Stand with Sheikh Jarrah");
        assert_eq!(
            valid.by_when,
            NaiveDate::from_ymd_opt(2026, 12, 18).unwrap()
        );
        assert_eq!(valid.link, None);
        assert!(valid.text.contains('\n'));
    }

    #[test]
    fn every_bad_field_is_named() {
        let draft = CallToActionDraft {
            title: "<b>Hi</b>".into(),
            text: "<script>alert(1)</script>".into(),
            by_when: "next week".into(),
            how_to_help: String::new(),
            link: Some("javascript:alert(1)".into()),
        };
        assert_eq!(
            rules(&draft),
            [
                ("title", "markup_not_allowed"),
                ("text", "markup_not_allowed"),
                ("by_when", "invalid_format"),
                ("how_to_help", "required"),
                ("link", "invalid_url"),
            ]
            .map(|(f, r)| (f.to_owned(), r.to_owned()))
        );
    }

    #[test]
    fn the_date_is_today_or_later_within_a_year() {
        let on = |day: &str| {
            rules(&CallToActionDraft {
                by_when: day.into(),
                ..good()
            })
        };
        assert!(on("2026-12-04").is_empty());
        assert_eq!(on("2026-12-03")[0].1, "in_the_past");
        assert_eq!(on("2028-01-01")[0].1, "too_far_ahead");
        assert_eq!(on("")[0].1, "required");
        assert!(ask_is_current(today(), today()));
        assert!(!ask_is_current(today().pred_opt().unwrap(), today()));
    }

    #[test]
    fn long_texts_and_control_characters_are_refused() {
        let draft = CallToActionDraft {
            title: "x".repeat(ASK_TITLE_MAX_CHARS + 1),
            text: "a\u{7}b".into(),
            how_to_help: "h".repeat(ASK_HOW_MAX_CHARS + 1),
            ..good()
        };
        assert_eq!(
            rules(&draft),
            [
                ("title", "too_long"),
                ("text", "control_characters"),
                ("how_to_help", "too_long"),
            ]
            .map(|(f, r)| (f.to_owned(), r.to_owned()))
        );
    }
}
