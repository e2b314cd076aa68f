use super::text_enum::text_enum;

text_enum! {
    /// What kind of event a group organises. The one list of kinds: the rules, the filters and
    /// the calendar feed all read it.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum EventKind ("event kind") {
        /// A day of action, a demonstration, a picket.
        Action => "action",
        Vigil => "vigil",
        /// A talk, a panel, a reading.
        Talk => "talk",
        /// A film screening.
        Screening => "screening",
        Fundraiser => "fundraiser",
        Other => "other",
    }
}

text_enum! {
    /// Where an event stands: held for review (`pending`) like a submission, then `published`
    /// or `rejected` by a moderator; `cancelled` by its organiser. Only `published` events, and
    /// `cancelled` ones that had been published (shown as cancelled), are ever public.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum EventStatus ("event status") {
        Pending => "pending",
        Published => "published",
        Rejected => "rejected",
        Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_texts_read_back_and_are_the_wire_names() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::try_from(kind.as_str().to_owned()), Ok(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        for status in EventStatus::ALL {
            assert_eq!(EventStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{}\"", status.as_str())
            );
        }
        assert_eq!(EventKind::parse("Vigil"), None);
        assert!(EventStatus::try_from("hidden".to_owned()).is_err());
    }
}
