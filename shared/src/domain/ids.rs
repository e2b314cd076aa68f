//! One type per kind of id, so that an organisation's id can never be passed where a
//! submission's is expected. On the wire and in the database each is the UUID's hyphenated text;
//! a stored text that is not a UUID is an error when read, never a nil or default id.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow))]
        #[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
        pub struct $name(Uuid);

        impl $name {
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }

            /// What is read from a stored text: an error names the kind of id and the value.
            pub fn parse_stored(stored: &str) -> Result<Self, String> {
                Uuid::parse_str(stored)
                    .map(Self)
                    .map_err(|e| format!("{} id {stored:?}: {e}", $what))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(text).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        #[cfg(feature = "diesel")]
        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let stored = String::from_sql(bytes)?;
                Ok(Self::parse_stored(&stored)?)
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.to_string());
                Ok(diesel::serialize::IsNull::No)
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                use std::io::Write;
                write!(out, "{}", self.0.hyphenated())?;
                Ok(diesel::serialize::IsNull::No)
            }
        }
    };
}

id_type!(
    /// An organisation on the map (any status).
    OrganizationId,
    "organisation"
);
id_type!(
    /// A submission waiting for, or decided by, a moderator.
    SubmissionId,
    "submission"
);
id_type!(
    /// An admin or moderator account.
    UserId,
    "user"
);
id_type!(
    /// A resource in the network's library.
    ResourceId,
    "resource"
);
id_type!(
    /// A link between a global group and a Jerusalem organisation.
    PartnershipId,
    "partnership"
);
id_type!(
    /// A message relayed to an organisation through the contact form.
    ContactMessageId,
    "contact message"
);
id_type!(
    /// A message waiting in, or sent from, the outbox.
    OutboxId,
    "outbox message"
);
id_type!(
    /// One start of crisis mode.
    CrisisId,
    "crisis"
);
id_type!(
    /// Submissions rejected together in one action, which can be undone for a while.
    RejectionBatchId,
    "rejection batch"
);
id_type!(
    /// One row of the audit log.
    AuditId,
    "audit row"
);
id_type!(
    /// A visitor's report of a problem with an entry.
    ReportId,
    "report"
);
id_type!(
    /// An event a listed group organises (any status).
    EventId,
    "event"
);
id_type!(
    /// An ask a Jerusalem grassroots organisation publishes: a call to action (any status).
    CallToActionId,
    "call to action"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_from_their_text_and_anything_else_is_an_error() {
        let id =
            OrganizationId::from_uuid(Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0));
        assert_eq!(OrganizationId::parse_stored(&id.to_string()), Ok(id));
        assert_eq!(id.to_string().len(), 36);
        let err = OrganizationId::parse_stored("").unwrap_err();
        assert!(err.starts_with("organisation id \"\""), "{err}");
        assert!(SubmissionId::parse_stored("not-a-uuid").is_err());
    }

    #[test]
    fn ids_are_plain_uuid_strings_on_the_wire() {
        let id = UserId::from_uuid(Uuid::from_u128(42));
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<UserId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<UserId>("\"nope\"").is_err());
    }
}
