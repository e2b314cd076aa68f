/// Where an organisation stands in moderation. Only `Published` entries are ever public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Published,
    Rejected,
    Hidden,
    Archived,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Self::Pending,
        Self::Published,
        Self::Rejected,
        Self::Hidden,
        Self::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Published => "published",
            Self::Rejected => "rejected",
            Self::Hidden => "hidden",
            Self::Archived => "archived",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }
}

/// How precisely an organisation's point is stored. `Approximate` means the stored point itself
/// was coarsened (about 1 km) before it was written; the exact point is never kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Exact,
    Approximate,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Approximate => "approximate",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        [Self::Exact, Self::Approximate]
            .into_iter()
            .find(|p| p.as_str() == input)
    }
}

/// What a submission asks for: a new entry, or a change to a published one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionKind {
    New,
    Update,
}

impl SubmissionKind {
    pub const ALL: [SubmissionKind; 2] = [Self::New, Self::Update];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Update => "update",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == input)
    }
}

/// Where a submission stands: waiting for a moderator, or decided (approved, rejected, or
/// withdrawn because a newer one replaced it or the entry went away).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }
}

/// Read from a stored text: an unknown value is an error, never a default.
impl TryFrom<String> for SubmissionKind {
    type Error = String;

    fn try_from(stored: String) -> Result<Self, String> {
        Self::parse(&stored).ok_or_else(|| format!("unknown submission kind {stored:?}"))
    }
}

/// Read from a stored text: an unknown value is an error, never a default.
impl TryFrom<String> for SubmissionStatus {
    type Error = String;

    fn try_from(stored: String) -> Result<Self, String> {
        Self::parse(&stored).ok_or_else(|| format!("unknown submission status {stored:?}"))
    }
}

#[cfg(test)]
mod submission_tests {
    use super::*;

    #[test]
    fn stored_texts_read_back_and_unknown_ones_are_errors() {
        for kind in SubmissionKind::ALL {
            assert_eq!(SubmissionKind::try_from(kind.as_str().to_owned()), Ok(kind));
        }
        for status in SubmissionStatus::ALL {
            assert_eq!(
                SubmissionStatus::try_from(status.as_str().to_owned()),
                Ok(status)
            );
        }
        assert!(SubmissionKind::try_from("New".to_owned()).is_err());
        assert!(SubmissionStatus::try_from(String::new()).is_err());
    }
}
