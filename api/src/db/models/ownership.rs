//! What only owners and moderators see: owner tokens, why an entry is hidden, submissions
//! awaiting review, and messages for Jerusalem organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::domain::{
    ContactMessageId, HiddenBy, OrganizationId, RelayStatus, Status, SubmissionId, SubmissionKind,
    SubmissionStatus,
};
use uuid::Uuid;

use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::private_values;
use crate::db::schema::{contact_messages, organization_private, organizations, submissions};

/// The private side of an organisation, as its owner and the moderators see it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organization_private)]
pub struct PrivateFields {
    pub organization_id: OrganizationId,
    pub contact_email: Option<String>,
    pub hidden_by: Option<HiddenBy>,
    pub hidden_until: Option<NaiveDateTime>,
    pub deletion_requested_at: Option<NaiveDateTime>,
    /// The group's language for e-mails (a `Lang` code).
    pub language: String,
}

/// The private side, with the contact address opened.
pub fn private_fields(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
) -> QueryResult<PrivateFields> {
    let mut fields: PrivateFields = organization_private::table
        .find(organization_id)
        .select(PrivateFields::as_select())
        .first(conn)?;
    fields.contact_email = data_key::open_optional(
        fields.contact_email.as_deref(),
        private_values::CONTACT_EMAIL,
        organization_id,
    )?;
    Ok(fields)
}

/// What is stored of a contact address: the address sealed, and its blind index.
pub fn sealed_contact(
    organization_id: OrganizationId,
    email: Option<&str>,
) -> QueryResult<(Option<String>, Option<String>)> {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    Ok((
        data_key::seal_optional(email, private_values::CONTACT_EMAIL, organization_id)?,
        email.map(data_key::email_index).transpose()?,
    ))
}

pub fn set_owner_token_hash(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    hash: &str,
) -> QueryResult<()> {
    diesel::update(organization_private::table.find(organization_id))
        .set(organization_private::owner_token_hash.eq(Some(hash)))
        .execute(conn)
        .map(|_| ())
}

/// The organisation an owner token belongs to, with its status.
pub fn organization_for_token(
    conn: &mut AnyConnection,
    hash: &str,
) -> QueryResult<Option<(OrganizationId, Status)>> {
    organization_private::table
        .inner_join(organizations::table)
        .filter(organization_private::owner_token_hash.eq(hash))
        .select((organizations::id, organizations::status))
        .first(conn)
        .optional()
}

/// (id, name, e-mail language) of every entry with this contact address, compared without
/// case (through the blind index: the addresses are sealed).
pub fn organizations_with_contact(
    conn: &mut AnyConnection,
    email: &str,
) -> QueryResult<Vec<(OrganizationId, String, String)>> {
    organization_private::table
        .inner_join(organizations::table)
        .filter(organization_private::contact_email_index.eq(data_key::email_index(email)?))
        .filter(organizations::status.ne(Status::Rejected))
        .select((
            organizations::id,
            organizations::name,
            organization_private::language,
        ))
        .load(conn)
}

/// Sets the language the group's e-mails are written in.
pub fn set_language(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    language: shared::i18n::Lang,
) -> QueryResult<()> {
    diesel::update(organization_private::table.find(organization_id))
        .set(organization_private::language.eq(language.code()))
        .execute(conn)
        .map(|_| ())
}

/// Changes status (and the reason it is hidden), stamping `updated_at` so the public index
/// picks the change up.
pub fn set_status(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    status: Status,
    hidden_by: Option<HiddenBy>,
    hidden_until: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(organizations::table.find(organization_id))
        .set((
            organizations::status.eq(status),
            organizations::updated_at.eq(now),
        ))
        .execute(conn)?;
    if status == Status::Published {
        diesel::update(
            organizations::table
                .find(organization_id)
                .filter(organizations::published_at.is_null()),
        )
        .set(organizations::published_at.eq(Some(now)))
        .execute(conn)?;
    }
    diesel::update(organization_private::table.find(organization_id))
        .set((
            organization_private::hidden_by.eq(hidden_by),
            organization_private::hidden_until.eq(hidden_until),
        ))
        .execute(conn)
        .map(|_| ())
}

/// "Still active": restarts the consent period. Called only by
/// `services::entries::confirmed_by_person`, which says which actions confirm an entry.
pub fn confirm_active(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(organizations::table.find(organization_id))
        .set((
            organizations::last_confirmed_at.eq(now),
            organizations::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(organization_private::table.find(organization_id))
        .set(organization_private::reminder_sent_at.eq(None::<NaiveDateTime>))
        .execute(conn)
        .map(|_| ())
}

pub fn request_deletion(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(organization_private::table.find(organization_id))
        .set(organization_private::deletion_requested_at.eq(Some(now)))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submissions)]
pub struct SubmissionRow {
    pub id: SubmissionId,
    pub organization_id: OrganizationId,
    pub kind: SubmissionKind,
    pub draft: String,
    pub status: SubmissionStatus,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert_submission(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    kind: SubmissionKind,
    draft_json: &str,
    now: NaiveDateTime,
) -> QueryResult<SubmissionId> {
    let id = SubmissionId::from_uuid(Uuid::new_v4());
    diesel::insert_into(submissions::table)
        .values((
            submissions::id.eq(id),
            submissions::organization_id.eq(organization_id),
            submissions::kind.eq(kind),
            submissions::draft.eq(data_key::seal(draft_json, private_values::DRAFT, id)?),
            submissions::status.eq(SubmissionStatus::Pending),
            submissions::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The row with its draft opened (it may hold the contact address).
fn opened(mut row: SubmissionRow) -> QueryResult<SubmissionRow> {
    row.draft = data_key::open(&row.draft, private_values::DRAFT, row.id)?;
    Ok(row)
}

pub fn submission(conn: &mut AnyConnection, id: SubmissionId) -> QueryResult<SubmissionRow> {
    opened(
        submissions::table
            .find(id)
            .select(SubmissionRow::as_select())
            .first(conn)?,
    )
}

/// The pending submission of one kind for an organisation, if any.
pub fn pending_submission(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    kind: SubmissionKind,
) -> QueryResult<Option<SubmissionRow>> {
    submissions::table
        .filter(submissions::organization_id.eq(organization_id))
        .filter(submissions::kind.eq(kind))
        .filter(submissions::status.eq(SubmissionStatus::Pending))
        .order(submissions::created_at.desc())
        .select(SubmissionRow::as_select())
        .first(conn)
        .optional()?
        .map(opened)
        .transpose()
}

/// Every pending submission, newest first (the review queue).
pub fn pending_submissions(conn: &mut AnyConnection) -> QueryResult<Vec<SubmissionRow>> {
    submissions::table
        .filter(submissions::status.eq(SubmissionStatus::Pending))
        .order(submissions::created_at.desc())
        .select(SubmissionRow::as_select())
        .load(conn)?
        .into_iter()
        .map(opened)
        .collect()
}

/// Closes a pending submission as approved, rejected or withdrawn. Returns false when it was no
/// longer pending (someone decided first).
pub fn decide(
    conn: &mut AnyConnection,
    submission_id: SubmissionId,
    status: SubmissionStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        submissions::table
            .find(submission_id)
            .filter(submissions::status.eq(SubmissionStatus::Pending)),
    )
    .set((
        submissions::status.eq(status),
        submissions::reason.eq(reason),
        submissions::decided_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// A message for a Jerusalem organisation, for the moderators to pass on.
pub fn insert_contact_message(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    sender_name: &str,
    sender_email: &str,
    message: &str,
    now: NaiveDateTime,
) -> QueryResult<ContactMessageId> {
    let id = ContactMessageId::from_uuid(Uuid::new_v4());
    diesel::insert_into(contact_messages::table)
        .values((
            contact_messages::id.eq(id),
            contact_messages::organization_id.eq(organization_id),
            contact_messages::sender_name.eq(data_key::seal(
                sender_name,
                private_values::SENDER_NAME,
                id,
            )?),
            contact_messages::sender_email.eq(data_key::seal(
                sender_email,
                private_values::SENDER_EMAIL,
                id,
            )?),
            contact_messages::message.eq(data_key::seal(message, private_values::MESSAGE, id)?),
            contact_messages::status.eq(RelayStatus::New),
            contact_messages::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Published entries with an owner whose consent runs out before `deadline` and who were not
/// reminded since they last confirmed: (id, name, contact e-mail).
pub fn due_for_reminder(
    conn: &mut AnyConnection,
    deadline: NaiveDateTime,
) -> QueryResult<Vec<(OrganizationId, String, String, String)>> {
    let rows: Vec<(OrganizationId, String, Option<String>, String)> = organizations::table
        .inner_join(organization_private::table)
        .filter(organizations::status.eq(Status::Published))
        .filter(organizations::last_confirmed_at.lt(deadline))
        .filter(organization_private::owner_token_hash.is_not_null())
        .filter(organization_private::contact_email.is_not_null())
        .filter(organization_private::reminder_sent_at.is_null())
        .select((
            organizations::id,
            organizations::name,
            organization_private::contact_email,
            organization_private::language,
        ))
        .load(conn)?;
    rows.into_iter()
        .filter_map(|(id, name, email, language)| email.map(|e| (id, name, e, language)))
        .map(|(id, name, email, language)| {
            let email = data_key::open(&email, private_values::CONTACT_EMAIL, id)?;
            Ok((id, name, email, language))
        })
        .collect()
}

/// The maintenance pass's reminder before consent runs out went (once per confirmation).
pub fn mark_reminded(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(organization_private::table.find(organization_id))
        .set((
            organization_private::reminder_sent_at.eq(Some(now)),
            organization_private::reminded_at.eq(Some(now)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A moderator's bulk reminder went: recorded for the once-a-fortnight rule only, so that the
/// maintenance pass still sends its own before consent runs out.
pub fn mark_reminded_again(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(organization_private::table.find(organization_id))
        .set(organization_private::reminded_at.eq(Some(now)))
        .execute(conn)
        .map(|_| ())
}

/// Published entries with an owner, not confirmed since `cutoff`.
pub fn consent_expired(
    conn: &mut AnyConnection,
    cutoff: NaiveDateTime,
) -> QueryResult<Vec<OrganizationId>> {
    organizations::table
        .inner_join(organization_private::table)
        .filter(organizations::status.eq(Status::Published))
        .filter(organizations::last_confirmed_at.lt(cutoff))
        .filter(organization_private::owner_token_hash.is_not_null())
        .select(organizations::id)
        .load(conn)
}

/// Entries their owner hid until a time that has come.
pub fn owner_hiding_over(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
) -> QueryResult<Vec<OrganizationId>> {
    organizations::table
        .inner_join(organization_private::table)
        .filter(organizations::status.eq(Status::Hidden))
        .filter(organization_private::hidden_by.eq(HiddenBy::Owner))
        .filter(organization_private::hidden_until.le(now))
        .filter(organization_private::deletion_requested_at.is_null())
        .filter(organizations::published_at.is_not_null())
        .select(organizations::id)
        .load(conn)
}

/// An organisation's id and status.
pub fn organization_status(conn: &mut AnyConnection, id: OrganizationId) -> QueryResult<Status> {
    organizations::table
        .find(id)
        .select(organizations::status)
        .first(conn)
}

/// Deletes an entry's contact address and owner token.
pub fn forget_contact(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
) -> QueryResult<()> {
    diesel::update(organization_private::table.find(organization_id))
        .set((
            organization_private::contact_email.eq(None::<String>),
            organization_private::contact_email_index.eq(None::<String>),
            organization_private::owner_token_hash.eq(None::<String>),
            organization_private::pending_owner_token_hash.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The organisation whose *new* owner token (from a lost-link request) this is; using it makes it
/// the token and retires the old one.
pub fn promote_pending_token(
    conn: &mut AnyConnection,
    hash: &str,
) -> QueryResult<Option<OrganizationId>> {
    let found: Option<OrganizationId> = organization_private::table
        .filter(organization_private::pending_owner_token_hash.eq(hash))
        .select(organization_private::organization_id)
        .first(conn)
        .optional()?;
    if let Some(id) = found {
        diesel::update(organization_private::table.find(id))
            .set((
                organization_private::owner_token_hash.eq(Some(hash)),
                organization_private::pending_owner_token_hash.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    Ok(found)
}

/// Offers a new owner token; the current one stays valid until the new one is used.
pub fn offer_owner_token(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(organization_private::table.find(organization_id))
        .set((
            organization_private::pending_owner_token_hash.eq(Some(hash)),
            organization_private::owner_link_sent_at.eq(Some(now)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// When a lost-link e-mail last went to this entry.
pub fn owner_link_sent_at(
    conn: &mut AnyConnection,
    organization_id: OrganizationId,
) -> QueryResult<Option<NaiveDateTime>> {
    organization_private::table
        .find(organization_id)
        .select(organization_private::owner_link_sent_at)
        .first(conn)
}
