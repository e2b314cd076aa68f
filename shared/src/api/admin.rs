//! The admin API's requests and answers (the dashboard screens use the same types).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::{
    AuditId, ContactMessageId, CrisisId, HiddenBy, MailKind, OrganizationId, Origin, OutboxId,
    RelayStatus, SubmissionId, SubmissionKind, UserId,
};

use super::auth::Role;
use super::draft::{OrganizationDraft, plain_text, web_url};
use super::organization::Organization;
use super::reference::{LOCALIZED_NAME_MAX_CHARS, LocalizedNames};
use super::submission::PossibleDuplicate;
use crate::domain::{BBox, CountryCode, EmailAddress, FieldError, Key, LinkOutcome, Status};

/// `201 Created` of a resource or a partnership: the new record's id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Created {
    pub id: Uuid,
}

/// One field an update or a new entry changes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    /// The published value (null for a new entry).
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// A submission awaiting review.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    pub submission_id: SubmissionId,
    pub kind: SubmissionKind,
    pub organization_id: OrganizationId,
    pub created_at: DateTime<Utc>,
    pub draft: OrganizationDraft,
    /// The published version an update would replace.
    pub current: Option<Organization>,
    /// Field by field, what approving would change.
    pub changes: Vec<FieldChange>,
    pub possible_duplicates: Vec<PossibleDuplicate>,
    pub contact_email: Option<String>,
}

/// `POST /api/v1/admin/submissions/{id}/reject`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectRequest {
    /// Sent to the group.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = reject_reason_schema, required = true)
    )]
    pub reason: String,
}

/// The longest reason for a rejection, in characters.
pub const REJECT_REASON_MAX_CHARS: usize = 2000;

/// [`super::plain_paragraphs`] of 1 to [`REJECT_REASON_MAX_CHARS`] characters.
#[cfg(feature = "openapi")]
fn reject_reason_schema() -> utoipa::openapi::schema::Object {
    super::rules::trimmed_text(1, REJECT_REASON_MAX_CHARS, "", &['\n', '\r'])
        .description(Some("Sent to the group."))
        .build()
}

impl RejectRequest {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        super::submission::plain_paragraphs(&self.reason, 1, REJECT_REASON_MAX_CHARS)
            .map_err(|e| vec![e.at("reason")])
    }
}

/// An organisation as moderators see it: every status, with its private fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminOrganization {
    pub organization: Organization,
    pub status: Status,
    pub origin: Origin,
    pub contact_email: Option<String>,
    pub internal_notes: String,
    pub hidden_by: Option<HiddenBy>,
    pub deletion_requested: bool,
}

/// `POST /api/v1/admin/organizations` and `PUT /api/v1/admin/organizations/{id}`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminOrganizationRequest {
    #[serde(flatten)]
    pub organization: OrganizationDraft,
    #[serde(default)]
    pub contact_email: Option<String>,
    #[serde(default)]
    pub internal_notes: String,
}

impl AdminOrganizationRequest {
    /// The organisation's rules, the contact address if any, and notes of at most 4,000 characters.
    pub fn validate(
        &self,
    ) -> Result<(super::ValidOrganization, Option<EmailAddress>, String), Vec<FieldError>> {
        let organization = self.organization.validate();
        let mut errors = organization.clone().err().unwrap_or_default();
        let email = match self
            .contact_email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            Some(text) => EmailAddress::parse(text)
                .map_err(|e| errors.push(e.at("contact_email")))
                .ok(),
            None => None,
        };
        let notes = super::submission::plain_paragraphs(&self.internal_notes, 0, 4000)
            .map_err(|e| errors.push(e.at("internal_notes")))
            .unwrap_or_default();
        match organization {
            Ok(valid) if errors.is_empty() => Ok((valid, email, notes)),
            _ => Err(errors),
        }
    }
}

/// `POST /api/v1/admin/organizations/{id}/status`: publish, hide or archive.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    /// One of [`SETTABLE_BY_MODERATORS`]: `pending` and `rejected` come from review.
    #[cfg_attr(feature = "openapi", schema(schema_with = settable_status_schema))]
    pub status: Status,
}

/// The statuses a moderator sets with [`StatusChange`].
pub const SETTABLE_BY_MODERATORS: [Status; 3] =
    [Status::Published, Status::Hidden, Status::Archived];

#[cfg(feature = "openapi")]
fn settable_status_schema() -> utoipa::openapi::schema::Object {
    super::rules::one_of(SETTABLE_BY_MODERATORS.map(Status::as_str))
        .description(Some("`pending` and `rejected` come from review."))
        .build()
}

/// `POST /api/v1/admin/resources` and `PUT …/{id}`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceRequest {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
    /// `report`, `toolkit`, `video`, `campaign`, `article`, `podcast`, `dataset` or `other`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub topics: Vec<String>,
    /// Published organisations the resource is about or by.
    #[serde(default)]
    pub organization_ids: Vec<OrganizationId>,
}

impl ResourceRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Err(e) = plain_text(&self.title, 2, 200) {
            errors.push(e.at("title"));
        }
        if let Err(e) = web_url(&self.url) {
            errors.push(e.at("url"));
        }
        if crate::domain::ResourceKind::parse(&self.kind).is_none() {
            let kinds: Vec<&str> = crate::domain::ResourceKind::ALL
                .iter()
                .map(|k| k.as_str())
                .collect();
            errors.push(FieldError::new(
                "kind",
                "invalid_choice",
                format!("must be one of: {}", kinds.join(", ")),
            ));
        }
        if let Err(e) = super::draft::language_tag(&self.language) {
            errors.push(e.at("language"));
        }
        if let Err(e) = super::submission::plain_paragraphs(&self.summary, 0, 2000) {
            errors.push(e.at("summary"));
        }
        for (i, topic) in self.topics.iter().enumerate() {
            if let Err(e) = Key::parse(topic) {
                errors.push(e.at(&format!("topics[{i}]")));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `POST /api/v1/admin/partnerships`: twins a global group with a Jerusalem organisation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnershipRequest {
    pub global_organization_id: OrganizationId,
    pub jerusalem_organization_id: OrganizationId,
    #[serde(default)]
    pub description: String,
}

/// `PUT /api/v1/admin/categories/{key}` (creates or replaces).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRequest {
    /// `#rrggbb`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^#[0-9A-Fa-f]{6}$"))]
    pub colour: String,
    /// The marker shape: `star`, `circle`, `square`, `diamond`, `triangle`, `hexagon`, `pentagon`.
    #[cfg_attr(feature = "openapi", schema(schema_with = marker_shape_schema))]
    pub icon: String,
    pub names: LocalizedNames,
    #[serde(default)]
    pub featured: bool,
    #[serde(default, deserialize_with = "whole_i32")]
    pub position: i32,
}

/// An `i32` also when written with a zero fraction (`12.0`), which JSON Schema's `integer`
/// allows; a fraction or a number out of range is refused as serde refuses it.
fn whole_i32<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    use serde::de::{Error, Unexpected, Visitor};
    struct Whole;
    impl Visitor<'_> for Whole {
        type Value = i32;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            // serde's name of the type, as for a plain `i32` field.
            f.write_str("i32")
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<i32, E> {
            i32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<i32, E> {
            i32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<i32, E> {
            if v.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&v) {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "a whole number within the range of i32"
                )]
                Ok(v as i32)
            } else {
                Err(E::invalid_type(Unexpected::Float(v), &self))
            }
        }
    }
    deserializer.deserialize_any(Whole)
}

pub const MARKER_SHAPES: [&str; 7] = [
    "star", "circle", "square", "diamond", "triangle", "hexagon", "pentagon",
];

#[cfg(feature = "openapi")]
fn marker_shape_schema() -> utoipa::openapi::schema::Object {
    super::rules::one_of(MARKER_SHAPES)
        .description(Some("The marker shape."))
        .build()
}

fn names_valid(names: &LocalizedNames, errors: &mut Vec<FieldError>) {
    for (lang, name) in [
        ("en", &names.en),
        ("ar", &names.ar),
        ("fr", &names.fr),
        ("es", &names.es),
    ] {
        if let Err(e) = plain_text(name, 1, LOCALIZED_NAME_MAX_CHARS) {
            errors.push(e.at(&format!("names.{lang}")));
        }
    }
}

impl CategoryRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let colour_ok = self.colour.len() == 7
            && self.colour.starts_with('#')
            && self.colour[1..].chars().all(|c| c.is_ascii_hexdigit());
        if !colour_ok {
            errors.push(FieldError::new(
                "colour",
                "invalid_colour",
                "must be #rrggbb",
            ));
        }
        if !MARKER_SHAPES.contains(&self.icon.as_str()) {
            errors.push(FieldError::new(
                "icon",
                "invalid_choice",
                format!("must be one of: {}", MARKER_SHAPES.join(", ")),
            ));
        }
        names_valid(&self.names, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `PUT /api/v1/admin/focus-areas/{key}` (creates or replaces).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FocusAreaRequest {
    pub names: LocalizedNames,
    #[serde(default, deserialize_with = "whole_i32")]
    pub position: i32,
}

impl FocusAreaRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        names_valid(&self.names, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// An account, as admins see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub totp_enabled: bool,
    /// Created by invitation and no password chosen yet (the invitation may have expired).
    pub invited: bool,
    pub created_at: DateTime<Utc>,
    /// The countries (ISO codes) a moderator is limited to: they see and decide only the queue
    /// and the entries of these. Empty: every country.
    #[serde(default)]
    pub countries: Vec<String>,
}

/// `POST /api/v1/admin/users`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserRequest {
    #[serde(default)]
    pub email: String,
    pub role: Option<Role>,
    /// A first password (12 characters or more) the person changes after signing in. Absent
    /// (or empty): the account has no password and the person gets an invitation e-mail with a
    /// link, valid for 7 days, to choose one.
    #[serde(default)]
    pub password: String,
}

/// `PUT /api/v1/admin/users/{id}`: role and access. Disabling ends every session.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserUpdate {
    pub role: Role,
    pub disabled: bool,
    /// The countries (ISO codes) to limit a moderator to; empty: every country. Absent: as
    /// they are.
    #[serde(default)]
    pub countries: Option<Vec<String>>,
}

impl UserUpdate {
    /// The countries given, each checked (`countries[2]`: not a code).
    pub fn countries(&self) -> Result<Option<Vec<CountryCode>>, Vec<FieldError>> {
        let Some(given) = &self.countries else {
            return Ok(None);
        };
        let mut errors = Vec::new();
        let mut codes = Vec::new();
        for (i, country) in given.iter().enumerate() {
            match CountryCode::parse(country) {
                Ok(code) => codes.push(code),
                Err(e) => errors.push(e.at(&format!("countries[{i}]"))),
            }
        }
        if errors.is_empty() {
            Ok(Some(codes))
        } else {
            Err(errors)
        }
    }
}

/// A message in the outbox (its body is not shown: owner links and visitors' messages).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxItem {
    pub id: OutboxId,
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A message for a Jerusalem organisation, for moderators to pass on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactMessageView {
    pub id: ContactMessageId,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub sender_name: String,
    pub sender_email: String,
    pub message: String,
    pub status: RelayStatus,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/admin/contact-messages/{id}/status`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactMessageStatus {
    /// `new`, `introduced` or `closed`.
    #[cfg_attr(feature = "openapi", schema(schema_with = contact_message_status_schema))]
    pub status: String,
}

#[cfg(feature = "openapi")]
fn contact_message_status_schema() -> utoipa::openapi::schema::Object {
    super::rules::one_of(RelayStatus::ALL.map(RelayStatus::as_str))
        .description(Some("Where the introduction stands."))
        .build()
}

/// One audit row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: AuditId,
    pub user_email: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/admin/crisis`: hide at once every published entry of a region or category.
/// Give exactly one of `country`, `bbox` and `category`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisRequest {
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country: Option<String>,
    /// `min_lon,min_lat,max_lon,max_lat`.
    #[serde(default)]
    pub bbox: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub reason: String,
}

/// What a crisis action covers, once checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum CrisisScope {
    Country { country: String },
    Bbox { bbox: [f64; 4] },
    Category { category: String },
}

impl CrisisRequest {
    pub fn validate(&self) -> Result<(CrisisScope, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let given = [
            self.country.is_some(),
            self.bbox.is_some(),
            self.category.is_some(),
        ];
        let scope = if given.iter().filter(|g| **g).count() != 1 {
            errors.push(FieldError::new(
                "scope",
                "exactly_one",
                "give exactly one of country, bbox and category",
            ));
            None
        } else if let Some(country) = &self.country {
            CountryCode::parse(country)
                .map(|c| CrisisScope::Country {
                    country: c.to_string(),
                })
                .map_err(|e| errors.push(e.at("country")))
                .ok()
        } else if let Some(bbox) = &self.bbox {
            BBox::parse(bbox)
                .map(|b| CrisisScope::Bbox {
                    bbox: [
                        b.min_lon.value(),
                        b.min_lat.value(),
                        b.max_lon.value(),
                        b.max_lat.value(),
                    ],
                })
                .map_err(|e| errors.push(e.at("bbox")))
                .ok()
        } else {
            Key::parse(self.category.as_deref().unwrap_or_default())
                .map(|k| CrisisScope::Category {
                    category: k.to_string(),
                })
                .map_err(|e| errors.push(e.at("category")))
                .ok()
        };
        let reason = super::submission::plain_paragraphs(&self.reason, 1, 2000)
            .map_err(|e| errors.push(e.at("reason")))
            .ok();
        match (scope, reason) {
            (Some(scope), Some(reason)) if errors.is_empty() => Ok((scope, reason)),
            _ => Err(errors),
        }
    }
}

/// A crisis action and how many entries it hid.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrisisView {
    pub id: CrisisId,
    pub scope: CrisisScope,
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub restored_at: Option<DateTime<Utc>>,
    pub hidden_count: i64,
}

/// `GET /api/v1/admin/submissions`: one page of the review queue (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ReviewQueueQuery {
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// How many of the queue to skip (default 0).
    pub offset: Option<i64>,
}

impl ReviewQueueQuery {
    pub const DEFAULT_LIMIT: i64 = 50;
    pub const MAX_LIMIT: i64 = 200;

    /// The page asked for, within bounds: (limit, offset).
    pub fn page(&self) -> (usize, usize) {
        let limit = self
            .limit
            .unwrap_or(Self::DEFAULT_LIMIT)
            .clamp(1, Self::MAX_LIMIT);
        let offset = self.offset.unwrap_or(0).max(0);
        (
            usize::try_from(limit).unwrap_or(1),
            usize::try_from(offset).unwrap_or(0),
        )
    }
}

/// `GET /api/v1/admin/organizations`: filters, order and page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
// The handler's `web::Query` places these in the query (as before the move: the OpenAPI document
// is unchanged).
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AdminOrganizationQuery {
    /// Only this status: `pending`, `published`, `rejected`, `hidden` or `archived`.
    pub status: Option<String>,
    /// Name or city contains (accents and case ignored).
    pub q: Option<String>,
    /// Only this category (its key).
    pub category: Option<String>,
    /// Only this country (ISO 3166-1 alpha-2 code).
    pub country: Option<String>,
    /// `true`: only stale entries, `false`: only the others. Stale means published, with an
    /// owner, and not confirmed still active for longer than the consent period minus the
    /// reminder lead (`CONSENT_PERIOD_DAYS` − `REMINDER_LEAD_DAYS`, 335 days by default): the
    /// entries the maintenance pass reminds, or has reminded, and hides when the period ends
    /// unless their owner confirms.
    pub stale: Option<String>,
    /// `updated` (default: most recently changed first), `-updated`, `name`, `-name` (accents
    /// and case ignored), `country`, `-country` (then by name) or `status` (alphabetically, then
    /// most recently changed first).
    pub sort: Option<String>,
    /// 1 to 500 (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// How `GET /api/v1/admin/organizations` orders its answer (`sort=`). Every order ends with the
/// id, so pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OrganizationSort {
    /// `updated`: most recently changed first (the default).
    #[default]
    Updated,
    /// `-updated`: least recently changed first.
    UpdatedOldest,
    /// `name`: A to Z (accents and case ignored).
    Name,
    /// `-name`: Z to A.
    NameDescending,
    /// `country`: by ISO code, then name.
    Country,
    /// `-country`: by ISO code from Z, then name.
    CountryDescending,
    /// `status`: by status (alphabetically: archived, hidden, pending, published, rejected),
    /// most recently changed first within each.
    Status,
}

impl OrganizationSort {
    pub const ALL: [Self; 7] = [
        Self::Updated,
        Self::UpdatedOldest,
        Self::Name,
        Self::NameDescending,
        Self::Country,
        Self::CountryDescending,
        Self::Status,
    ];

    /// The value of the `sort` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Updated => "updated",
            Self::UpdatedOldest => "-updated",
            Self::Name => "name",
            Self::NameDescending => "-name",
            Self::Country => "country",
            Self::CountryDescending => "-country",
            Self::Status => "status",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What an import does (or, in a dry run, would do) to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportChange {
    Create,
    Update,
    Unchanged,
    /// Left out: `errors` says why, field by field.
    Invalid,
}

/// One record of an imported file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// 1-based: the CSV row after the header, or the GeoJSON feature.
    pub number: usize,
    /// The organisation it creates or updates (absent for an invalid record).
    pub id: Option<OrganizationId>,
    /// The name as the file gives it.
    pub name: String,
    pub change: ImportChange,
    /// Why an invalid record is left out (empty otherwise).
    pub errors: Vec<FieldError>,
    /// Stored, but not public: an active crisis covers where it is (the entry would otherwise
    /// be published). Restoring that crisis publishes it.
    #[serde(default)]
    pub held_by_crisis: bool,
}

/// `POST /api/v1/admin/import`: what the import did or, with `dry_run`, would do. Invalid
/// records are left out and every valid one is written, in one transaction (as
/// `solidarity-map import` does).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// True: nothing was written.
    pub dry_run: bool,
    /// The status created entries get (updated entries keep theirs).
    pub status: Status,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub invalid: usize,
    /// Every record of the file, in file order.
    pub rows: Vec<ImportRow>,
}

/// `POST /api/v1/auth/invitation`: an invited person chooses their password.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationAcceptance {
    /// The token after `#token=` in the invitation link.
    #[serde(default)]
    pub token: String,
    /// At least 12 characters.
    #[serde(default)]
    pub password: String,
}

/// A link that failed its last check, for moderators: where it is used and what was found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkCheckView {
    pub url: String,
    /// What the last check found.
    pub outcome: LinkOutcome,
    /// The HTTP status of the last answer, when there was one.
    pub http_status: Option<i32>,
    /// Failed checks in a row, counted at most once a week; three make the link dead.
    pub failures: i32,
    /// Left out of public pages and answers until a check succeeds again.
    pub dead: bool,
    pub checked_at: DateTime<Utc>,
    pub next_check_at: DateTime<Utc>,
    /// The organisations whose website or links it is.
    pub organizations: Vec<LinkUser>,
    /// The resources whose address it is.
    pub resources: Vec<LinkUser>,
}

/// An entry or a resource that uses a checked link.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkUser {
    pub id: String,
    pub name: String,
}

/// What one pass of the link checker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkCheckPass {
    /// Links checked in this pass (those due).
    pub checked: u32,
    /// Of them, how many failed.
    pub failed: u32,
    /// Links that became dead in this pass.
    pub now_dead: u32,
    /// Dead links that answered again in this pass.
    pub revived: u32,
}

/// Published entries counted by how long ago a person last confirmed them (see
/// [`ConfirmationAge`](super::ConfirmationAge)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgeCounts {
    pub under_6_months: u32,
    pub from_6_to_12_months: u32,
    /// Stale: not confirmed for more than 12 months.
    pub over_12_months: u32,
    /// Imported, and not confirmed by a person since.
    pub never_confirmed: u32,
    /// The four together.
    pub total: u32,
}

impl AgeCounts {
    /// Counts one more entry of this age.
    pub fn add(&mut self, age: super::ConfirmationAge) {
        use super::ConfirmationAge as A;
        let count = match age {
            A::Under6Months => &mut self.under_6_months,
            A::From6To12Months => &mut self.from_6_to_12_months,
            A::Over12Months => &mut self.over_12_months,
            A::NeverConfirmed => &mut self.never_confirmed,
        };
        *count += 1;
        self.total += 1;
    }

    pub fn get(&self, age: super::ConfirmationAge) -> u32 {
        use super::ConfirmationAge as A;
        match age {
            A::Under6Months => self.under_6_months,
            A::From6To12Months => self.from_6_to_12_months,
            A::Over12Months => self.over_12_months,
            A::NeverConfirmed => self.never_confirmed,
        }
    }
}

/// One country's or one category's figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreshnessRow {
    /// The ISO 3166-1 alpha-2 code, or the category's key.
    pub key: String,
    pub counts: AgeCounts,
}

/// `GET /api/v1/admin/freshness`: published entries by how long ago a person last confirmed
/// them, in all, per country and per category.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreshnessFigures {
    /// When the ages were counted (they change at midnight UTC).
    pub counted_at: DateTime<Utc>,
    pub total: AgeCounts,
    /// By country code.
    pub by_country: Vec<FreshnessRow>,
    /// By category key.
    pub by_category: Vec<FreshnessRow>,
}

/// A group is sent the "still active?" reminder at most once in this many days, whoever asks
/// (the consent reminder of the maintenance pass counts too).
pub const REMINDER_INTERVAL_DAYS: i64 = 14;

/// `POST /api/v1/admin/freshness/reminders`: send the "still active?" reminder again to the
/// groups of the published entries of one confirmation age, optionally in one country and of
/// one category.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderRequest {
    /// `under_6_months`, `from_6_to_12_months`, `over_12_months` or `never_confirmed`.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = confirmation_age_schema, required = true)
    )]
    pub age: String,
    /// ISO 3166-1 alpha-2; absent or empty: every country.
    #[serde(default)]
    pub country: Option<String>,
    /// A category key; absent or empty: every category.
    #[serde(default)]
    pub category: Option<String>,
}

#[cfg(feature = "openapi")]
fn confirmation_age_schema() -> utoipa::openapi::schema::Object {
    super::rules::one_of(super::ConfirmationAge::ALL.map(super::ConfirmationAge::as_str))
        .description(Some(
            "The confirmation age of the entries whose groups are reminded.",
        ))
        .build()
}

/// Which entries a [`ReminderRequest`] selects, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSelection {
    pub age: super::ConfirmationAge,
    pub country: Option<CountryCode>,
    pub category: Option<Key>,
}

impl ReminderRequest {
    pub fn validate(&self) -> Result<ReminderSelection, Vec<FieldError>> {
        let mut errors = Vec::new();
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let age = if self.age.trim().is_empty() {
            errors.push(FieldError::new(
                "age",
                "required",
                "choose a confirmation age",
            ));
            None
        } else {
            super::ConfirmationAge::parse(&self.age)
                .map_err(|e| errors.push(e.at("age")))
                .ok()
        };
        let country = given(&self.country).and_then(|c| {
            CountryCode::parse(&c)
                .map_err(|e| errors.push(e.at("country")))
                .ok()
        });
        let category = given(&self.category).and_then(|c| {
            Key::parse(&c)
                .map_err(|e| errors.push(e.at("category")))
                .ok()
        });
        match age {
            Some(age) if errors.is_empty() => Ok(ReminderSelection {
                age,
                country,
                category,
            }),
            _ => Err(errors),
        }
    }
}

/// What a bulk reminder did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderReport {
    /// Published entries in the selection.
    pub matched: u32,
    /// Reminders queued in the outbox (one per entry).
    pub queued: u32,
    /// Left out: the group was reminded in the last `REMINDER_INTERVAL_DAYS` (14) days.
    pub skipped_reminded_recently: u32,
    /// Left out: the entry has no contact address.
    pub skipped_without_address: u32,
}
