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
