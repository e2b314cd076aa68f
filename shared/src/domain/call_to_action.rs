use super::text_enum::text_enum;

text_enum! {
    /// Where a call to action stands. Jerusalem partners are curated, so an ask is `published`
    /// at once; its organisation or a moderator may `withdraw` it. Whether it has expired is not
    /// stored: it follows from its by-when date.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum CallToActionStatus ("call to action status") {
        Published => "published",
        Withdrawn => "withdrawn",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_and_are_the_wire_names() {
        for status in CallToActionStatus::ALL {
            assert_eq!(CallToActionStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{}\"", status.as_str())
            );
        }
        assert!(CallToActionStatus::try_from("expired".to_owned()).is_err());
    }
}
