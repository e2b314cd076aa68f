use super::text_enum::text_enum;

text_enum! {
    /// Where an organisation, a resource or a partnership stands in moderation. Only `Published`
    /// ones are ever public.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Status ("status") {
        Pending => "pending",
        Published => "published",
        Rejected => "rejected",
        Hidden => "hidden",
        Archived => "archived",
    }
}

text_enum! {
    /// How precisely an organisation's point is stored. `Approximate` means the stored point
    /// itself was coarsened (about 1 km) before it was written; the exact point is never kept.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Precision ("precision") {
        Exact => "exact",
        Approximate => "approximate",
    }
}

text_enum! {
    /// Who hid an organisation, which decides who may show it again: its owner, the consent
    /// lapse (the owner's re-confirmation brings it back), a crisis (its restore does) or a
    /// moderator.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum HiddenBy ("hidden-by") {
        Owner => "owner",
        ConsentExpired => "consent_expired",
        Crisis => "crisis",
        Moderator => "moderator",
        /// A visitor reported it as unsafe to list: hidden at once until a moderator resolves
        /// the report (which shows it again or keeps it hidden).
        Report => "report",
    }
}

text_enum! {
    /// What a submission asks for: a new entry, or a change to a published one.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum SubmissionKind ("submission kind") {
        New => "new",
        Update => "update",
    }
}

text_enum! {
    /// Where a submission stands: waiting for a moderator, or decided (approved, rejected, or
    /// withdrawn because a newer one replaced it or the entry went away).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum SubmissionStatus ("submission status") {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
}

text_enum! {
    /// Where a message relayed to a Jerusalem organisation stands: new, passed on by a
    /// moderator (introduced), or closed.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum RelayStatus ("relay status") {
        New => "new",
        Introduced => "introduced",
        Closed => "closed",
    }
}

text_enum! {
    /// Where a stored entry, resource or twinning came from: a moderator or admin, a group's own
    /// submission, an import file, or the demo data (which `seed-demo --remove` deletes).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Origin ("origin") {
        Admin => "admin",
        Submission => "submission",
        Import => "import",
        Demo => "demo",
    }
}

text_enum! {
    /// What an e-mail in the outbox is, which decides how long it may wait unsent (the ones
    /// carrying an owner link or an invitation expire).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum MailKind ("mail kind") {
        Receipt => "receipt",
        OwnerLink => "owner_link",
        Approved => "approved",
        Rejected => "rejected",
        Invitation => "invitation",
        Reminder => "reminder",
        Contact => "contact",
        IntroductionRequest => "introduction_request",
        DeletionRequest => "deletion_request",
        /// To an owner: a visitor reported a problem with the entry.
        Report => "report",
        /// To an owner and the moderators: the entry was reported as unsafe to list and is
        /// hidden while the report is reviewed.
        ReportUnsafe => "report_unsafe",
        /// To a group twinned with Jerusalem organisations: their new calls to action, at most
        /// one a day, with a one-click unsubscribe.
        CallToActionDigest => "call_to_action_digest",
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
        for by in HiddenBy::ALL {
            assert_eq!(HiddenBy::parse(by.as_str()), Some(by));
        }
        assert!(SubmissionKind::try_from("New".to_owned()).is_err());
        assert_eq!(
            SubmissionStatus::try_from(String::new()),
            Err("unknown submission status \"\"".to_owned())
        );
        assert_eq!(Status::parse("Published"), None);
    }

    #[test]
    fn wire_names_are_the_stored_texts() {
        for status in Status::ALL {
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{}\"", status.as_str())
            );
        }
        fn same<T: serde::Serialize>(all: &[T], text: impl Fn(&T) -> &'static str) {
            for value in all {
                let wire = serde_json::to_string(value).unwrap();
                assert_eq!(wire, format!("\"{}\"", text(value)));
            }
        }
        same(&Precision::ALL, |v| v.as_str());
        same(&HiddenBy::ALL, |v| v.as_str());
        same(&SubmissionKind::ALL, |v| v.as_str());
        same(&SubmissionStatus::ALL, |v| v.as_str());
        same(&RelayStatus::ALL, |v| v.as_str());
        same(&Origin::ALL, |v| v.as_str());
        same(&MailKind::ALL, |v| v.as_str());
        same(&crate::domain::ResourceKind::ALL, |v| v.as_str());
        same(&crate::api::auth::Role::ALL, |v| v.as_str());
        assert_eq!(
            serde_json::to_string(&HiddenBy::ConsentExpired).unwrap(),
            "\"consent_expired\""
        );
    }
}

text_enum! {
    /// What the last check of a link found. Only `Ok` is a success; the others count as failed
    /// checks (see `api/src/services/link_checks.rs` for when a link is dead).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum LinkOutcome ("link outcome") {
        Ok => "ok",
        /// The server answered with an error status (4xx or 5xx).
        HttpError => "http_error",
        /// No answer within the time allowed.
        Timeout => "timeout",
        /// More redirects than allowed, or a redirect loop.
        TooManyRedirects => "too_many_redirects",
        /// The address (or a redirect) leads to a private network or to this machine: never
        /// fetched.
        PrivateAddress => "private_address",
        /// No connection: the name does not resolve, or the server refused or failed TLS.
        Unreachable => "unreachable",
        /// Not an http(s) URL.
        InvalidUrl => "invalid_url",
    }
}

text_enum! {
    /// What a visitor says is wrong with an entry ("Report a problem").
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ReportKind ("report kind") {
        /// The group is not active any more.
        NotActive => "not_active",
        /// Its details (name, description, website...) are wrong.
        WrongDetails => "wrong_details",
        /// Its point on the map is in the wrong place.
        WrongPlace => "wrong_place",
        /// Another entry lists the same group (which one is given with the report).
        Duplicate => "duplicate",
        /// Listing it puts the group or someone else at risk: the entry is hidden at once,
        /// until a moderator has looked.
        Unsafe => "unsafe",
    }
}

text_enum! {
    /// Where a report stands, as stored (the wire's `shared::api::ReportState` adds what goes
    /// with each): waiting, answered by the entry's owner (still waiting for a moderator), or
    /// resolved by a moderator.
    pub enum ReportStatus ("report status") {
        Open => "open",
        Answered => "answered",
        Resolved => "resolved",
    }
}

text_enum! {
    /// How a moderator resolved a report. For an entry hidden because it was reported as
    /// unsafe, `Dismissed` and `Corrected` show it again; `Hidden` keeps it hidden (as hidden by a
    /// moderator).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ReportOutcome ("report outcome") {
        /// Nothing to change.
        Dismissed => "dismissed",
        /// The entry was corrected (by the moderator or its owner).
        Corrected => "corrected",
        /// The entry is hidden from the public.
        Hidden => "hidden",
    }
}

text_enum! {
    /// How the entry's owner answered a report: by confirming the entry is still right, or by
    /// proposing an update.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum OwnerAnswer ("owner answer") {
        Confirmed => "confirmed",
        Updated => "updated",
    }
}

#[cfg(test)]
mod report_tests {
    use super::*;

    #[test]
    fn report_texts_read_back_and_are_the_wire_names() {
        for kind in ReportKind::ALL {
            assert_eq!(ReportKind::try_from(kind.as_str().to_owned()), Ok(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        for outcome in ReportOutcome::ALL {
            assert_eq!(ReportOutcome::parse(outcome.as_str()), Some(outcome));
        }
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ReportKind::parse("Unsafe"), None);
    }
}
