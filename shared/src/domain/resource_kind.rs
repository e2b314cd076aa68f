use super::text_enum::text_enum;

text_enum! {
    /// What a resource in the network's library is. The one list of kinds: the admin form, the
    /// rules, the filters and the names (`shared::i18n::resource_kind_name`) all read it.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ResourceKind ("resource kind") {
        Report => "report",
        Toolkit => "toolkit",
        Video => "video",
        Campaign => "campaign",
        Article => "article",
        Podcast => "podcast",
        Dataset => "dataset",
        Other => "other",
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
