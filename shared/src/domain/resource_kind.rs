/// What a resource in the network's library is. The one list of kinds: the admin form, the
/// rules, the filters and the names (`shared::i18n::resource_kind_name`) all read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Report,
    Toolkit,
    Video,
    Campaign,
    Article,
    Podcast,
    Dataset,
    Other,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 8] = [
        Self::Report,
        Self::Toolkit,
        Self::Video,
        Self::Campaign,
        Self::Article,
        Self::Podcast,
        Self::Dataset,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Toolkit => "toolkit",
            Self::Video => "video",
            Self::Campaign => "campaign",
            Self::Article => "article",
            Self::Podcast => "podcast",
            Self::Dataset => "dataset",
            Self::Other => "other",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_text() {
        for kind in ResourceKind::ALL {
            assert_eq!(ResourceKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ResourceKind::parse("Report"), None);
    }
}
