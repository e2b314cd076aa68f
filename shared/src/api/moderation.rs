//! Moderation at scale (issue #18): choosing many submissions by filter, rejecting them in one
//! action with one reason, undoing that for a while, and the queue's age per country. The
//! dashboard and the server share these types and the rule for what "looks like spam".

use chrono::{DateTime, Utc};

use super::draft::OrganizationDraft;
use crate::domain::{
    CountryCode, FieldError, Key, RejectionBatchId, RuleViolation, SubmissionId, SubmissionKind,
};

/// Why a submission looks like spam. Each is a rule a person can check on the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SpamSignal {
    /// The description holds three web addresses or more.
    ManyLinks,
    /// The name holds a web address.
    LinkInName,
    /// Words of commercial spam (casino, loans, SEO …) in the name or description.
    SpamWords,
    /// The same description as another submission waiting for review.
    RepeatedText,
}

/// How many addresses in a description make it look like spam.
const MANY_LINKS: usize = 3;

/// Words found in commercial spam and never in a solidarity group's description. Whole words,
/// lower case; the text is compared in lower case.
const SPAM_WORDS: [&str; 16] = [
    "casino",
    "viagra",
    "cialis",
    "betting",
    "payday",
    "loan",
    "loans",
    "seo",
    "backlinks",
    "crypto",
    "bitcoin",
    "forex",
    "porn",
    "escort",
    "replica",
    "pills",
];

fn addresses(text: &str) -> usize {
    let lower = text.to_lowercase();
    lower.matches("http://").count()
        + lower.matches("https://").count()
        + lower.matches("www.").count()
}

fn has_spam_word(text: &str) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| SPAM_WORDS.contains(&word))
}

/// The signals a draft shows on its own ([`SpamSignal::RepeatedText`] needs the other
/// submissions: the server adds it).
pub fn spam_signals(draft: &OrganizationDraft) -> Vec<SpamSignal> {
    let mut signals = Vec::new();
    if addresses(&draft.description) >= MANY_LINKS {
        signals.push(SpamSignal::ManyLinks);
    }
    if addresses(&draft.name) > 0 {
        signals.push(SpamSignal::LinkInName);
    }
    if has_spam_word(&draft.name) || has_spam_word(&draft.description) {
        signals.push(SpamSignal::SpamWords);
    }
    signals
}

/// `GET /api/v1/admin/submissions/selection`: which pending submissions to act on. Every filter
/// given must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SelectionQuery {
    /// Only this country (ISO 3166-1 alpha-2 code), as the submission gives it.
    pub country: Option<String>,
    /// Only this category (its key).
    pub category: Option<String>,
    /// Only submissions waiting for at least this many days (0 to 3650).
    pub older_than_days: Option<String>,
    /// `true`: only those that look like spam (any [`SpamSignal`]); `false`: only the others.
    pub looks_like_spam: Option<String>,
}

/// The days a selection may ask for at most.
pub const MAX_OLDER_THAN_DAYS: u32 = 3650;

/// A [`SelectionQuery`] that passed its rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub country: Option<CountryCode>,
    pub category: Option<Key>,
    pub older_than_days: Option<u32>,
    pub looks_like_spam: Option<bool>,
}

fn parse_bool(text: &str) -> Result<bool, RuleViolation> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(RuleViolation::new("invalid_value", "must be true or false")),
    }
}

impl SelectionQuery {
    pub fn validate(&self) -> Result<Selection, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut selection = Selection::default();
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        if let Some(country) = given(&self.country) {
            match CountryCode::parse(&country) {
                Ok(code) => selection.country = Some(code),
                Err(e) => errors.push(e.at("country")),
            }
        }
        if let Some(category) = given(&self.category) {
            match Key::parse(&category) {
                Ok(key) => selection.category = Some(key),
                Err(e) => errors.push(e.at("category")),
            }
        }
        if let Some(days) = given(&self.older_than_days) {
            match days.parse::<u32>() {
                Ok(days) if days <= MAX_OLDER_THAN_DAYS => selection.older_than_days = Some(days),
                _ => errors.push(FieldError::new(
                    "older_than_days",
                    "out_of_range",
                    format!("must be a whole number from 0 to {MAX_OLDER_THAN_DAYS}"),
                )),
            }
        }
        if let Some(spam) = given(&self.looks_like_spam) {
            match parse_bool(&spam) {
                Ok(spam) => selection.looks_like_spam = Some(spam),
                Err(e) => errors.push(e.at("looks_like_spam")),
            }
        }
        if errors.is_empty() {
            Ok(selection)
        } else {
            Err(errors)
        }
    }
}

/// One pending submission in a selection: enough to recognise it in a preview.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelectedSubmission {
    pub submission_id: SubmissionId,
    pub kind: SubmissionKind,
    pub name: String,
    pub city: String,
    /// As the draft gives it (checked when the draft is approved).
    pub country: String,
    pub category: String,
    pub created_at: DateTime<Utc>,
    pub spam_signals: Vec<SpamSignal>,
}

/// The answer of `GET /api/v1/admin/submissions/selection`: every pending submission that
/// matches, oldest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelectionPreview {
    pub submissions: Vec<SelectedSubmission>,
}

/// The most submissions one bulk rejection takes.
pub const MAX_BULK_REJECT: usize = 5000;

/// `POST /api/v1/admin/submissions/bulk-reject`: the submissions the moderator previewed (not a
/// filter, so that what arrives after the preview is never rejected unseen), one reason.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkRejectRequest {
    /// 1 to 5000 submissions.
    #[serde(default)]
    pub submission_ids: Vec<SubmissionId>,
    /// Sent to each group when `tell_groups` is true, once the undo window has passed.
    #[serde(default)]
    pub reason: String,
    /// `false` for spam: no e-mail goes to addresses that only spammers gave.
    #[serde(default)]
    pub tell_groups: bool,
}

/// A [`BulkRejectRequest`] that passed its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidBulkReject {
    pub submission_ids: Vec<SubmissionId>,
    pub reason: String,
    pub tell_groups: bool,
}

impl BulkRejectRequest {
    pub fn validate(&self) -> Result<ValidBulkReject, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut ids = self.submission_ids.clone();
        ids.sort_by_key(|id| id.to_string());
        ids.dedup();
        if ids.is_empty() || ids.len() > MAX_BULK_REJECT {
            errors.push(FieldError::new(
                "submission_ids",
                "out_of_range",
                format!("give 1 to {MAX_BULK_REJECT} submissions"),
            ));
        }
        let reason = super::admin::RejectRequest {
            reason: self.reason.clone(),
        }
        .validate();
        match reason {
            Ok(reason) if errors.is_empty() => Ok(ValidBulkReject {
                submission_ids: ids,
                reason,
                tell_groups: self.tell_groups,
            }),
            Ok(_) => Err(errors),
            Err(mut more) => {
                errors.append(&mut more);
                Err(errors)
            }
        }
    }
}

/// The answer of a bulk rejection.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkRejection {
    pub batch_id: RejectionBatchId,
    /// Submissions rejected.
    pub rejected: usize,
    /// Submissions left as they were: already decided by someone else, or outside the
    /// moderator's countries.
    pub skipped: usize,
    /// Until then `POST /api/v1/admin/rejection-batches/{id}/undo` puts every one back in the
    /// queue, and nothing has been sent or forgotten.
    pub undo_until: DateTime<Utc>,
}

/// The queue's age for one country (or, with no country, for all of it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueAge {
    /// Null: the whole queue.
    pub country: Option<String>,
    pub pending: usize,
    /// Hours the median submission has waited (whole hours, rounded down).
    pub median_hours: i64,
    /// Hours the oldest submission has waited.
    pub oldest_hours: i64,
}

/// Median of `hours`, sorted in place; the lower middle of an even count.
pub fn median(hours: &mut [i64]) -> i64 {
    hours.sort_unstable();
    match hours.len() {
        0 => 0,
        n => hours[(n - 1) / 2],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, description: &str) -> OrganizationDraft {
        OrganizationDraft {
            name: name.to_owned(),
            description: description.to_owned(),
            ..OrganizationDraft::default()
        }
    }

    #[test]
    fn a_groups_description_shows_no_signal_and_spam_shows_why() {
        assert!(
            spam_signals(&draft(
                "Lisbon for Palestine",
                "Weekly vigils; see www.example.org"
            ))
            .is_empty()
        );
        assert!(
            spam_signals(&draft(
                "Casa Palestina",
                "Escorting children to school; loaning books"
            ))
            .is_empty()
        );
        assert_eq!(
            spam_signals(&draft(
                "Best casino https://x.test",
                "cheap loans https://a.test https://b.test www.c.test"
            )),
            vec![
                SpamSignal::ManyLinks,
                SpamSignal::LinkInName,
                SpamSignal::SpamWords
            ]
        );
    }

    #[test]
    fn a_selection_names_each_bad_filter() {
        let query = SelectionQuery {
            country: Some("Portugal".to_owned()),
            category: Some("Not A Key".to_owned()),
            older_than_days: Some("-1".to_owned()),
            looks_like_spam: Some("yes".to_owned()),
        };
        let fields: Vec<String> = query
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["country", "category", "older_than_days", "looks_like_spam"]
        );
        let empty = SelectionQuery {
            country: Some(" ".to_owned()),
            ..SelectionQuery::default()
        };
        assert_eq!(empty.validate(), Ok(Selection::default()));
    }

    #[test]
    fn a_bulk_rejection_needs_submissions_and_a_reason() {
        let none = BulkRejectRequest::default()
            .validate()
            .err()
            .unwrap_or_default();
        let fields: Vec<&str> = none.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["submission_ids", "reason"]);
    }

    #[test]
    fn the_median_is_the_middle_or_the_lower_middle() {
        assert_eq!(median(&mut []), 0);
        assert_eq!(median(&mut [5, 1, 3]), 3);
        assert_eq!(median(&mut [4, 1, 3, 2]), 2);
    }
}
