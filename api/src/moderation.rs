//! What moderators and admins do, as functions over a connection: the review queue with its
//! diff, organisations in any status, crisis mode. Every change writes its audit row in the same
//! transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};
use shared::api::admin::{
    AdminOrganization, AdminOrganizationRequest, CrisisScope, CrisisView, FieldChange,
    OrganizationSort, ReviewItem,
};
use std::collections::BTreeMap;

use shared::api::{EntryText, Organization, OrganizationDraft, ValidOrganization};
use shared::domain::{Slug, Status};
use shared::i18n::Lang;
use uuid::Uuid;

use crate::auth::extract::SignedIn;
use crate::config::JoinSettings;
use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::ownership;
use crate::db::models::{audit, mark_changed, now, organization, private_values, utc};
use crate::db::schema::{crisis_actions, crisis_hidden, organization_private, organizations};
use crate::error::ApiError;
use crate::{join, transfer};
use shared::domain::SubmissionKind;

use crate::db::models::parse_id;

/// The stored organisation in any status.
pub fn organization(conn: &mut AnyConnection, id: &str) -> Result<Organization, ApiError> {
    organization::public_rows_by_id(conn, &[id.to_owned()])?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))
}

/// The public fields of an organisation in form order, for diffs.
fn public_fields(org: &Organization) -> Vec<(&'static str, Value)> {
    vec![
        ("name", json!(org.name)),
        ("name_ar", json!(org.name_ar)),
        ("category", json!(org.category)),
        ("description", json!(org.description)),
        ("city", json!(org.city)),
        ("country", json!(org.country)),
        ("latitude", json!(org.location.latitude)),
        ("longitude", json!(org.location.longitude)),
        ("precision", json!(org.precision)),
        ("website", json!(org.website)),
        ("links", json!(org.links)),
        ("languages", json!(org.languages)),
        ("focus_areas", json!(org.focus_areas)),
        ("original_language", json!(org.original_language)),
        ("translations", other_versions(&org.translations)),
    ]
}

/// Translations as the diff compares them: the Arabic name has its own row (`name_ar`).
fn other_versions(translations: &BTreeMap<Lang, EntryText>) -> Value {
    let mut rest = translations.clone();
    if let Some(arabic) = rest.get_mut(&Lang::Ar) {
        arabic.name.clear();
    }
    rest.retain(|_, t| !t.is_empty());
    if rest.is_empty() {
        Value::Null
    } else {
        json!(rest)
    }
}

fn valid_fields(v: &ValidOrganization) -> Vec<(&'static str, Value)> {
    let focus: Vec<String> = v.focus_areas.iter().map(ToString::to_string).collect();
    vec![
        ("name", json!(v.name)),
        ("name_ar", json!(v.name_ar)),
        ("category", json!(v.category.to_string())),
        ("description", json!(v.description)),
        ("city", json!(v.city)),
        ("country", json!(v.country.to_string())),
        ("latitude", json!(v.latitude.value())),
        ("longitude", json!(v.longitude.value())),
        ("precision", json!(v.precision)),
        ("website", json!(v.website)),
        ("links", json!(v.links)),
        ("languages", json!(v.languages)),
        ("focus_areas", json!(focus)),
        ("original_language", json!(v.original_language)),
        ("translations", other_versions(&v.translations)),
    ]
}

/// Field by field, what `after` changes in `before` (everything, for a new entry).
pub fn diff(before: Option<&Organization>, after: &ValidOrganization) -> Vec<FieldChange> {
    let old = before.map(public_fields).unwrap_or_default();
    valid_fields(after)
        .into_iter()
        .filter_map(|(field, value)| {
            let previous = old
                .iter()
                .find(|(name, _)| *name == field)
                .map_or(Value::Null, |(_, v)| v.clone());
            (previous != value).then(|| FieldChange {
                field: field.to_owned(),
                before: previous,
                after: value,
            })
        })
        .collect()
}

/// Every pending submission, newest first, with what approving it would change.
pub fn review_queue(conn: &mut AnyConnection) -> Result<Vec<ReviewItem>, ApiError> {
    let mut items = Vec::new();
    for submission in ownership::pending_submissions(conn)? {
        let draft: OrganizationDraft = serde_json::from_str(&submission.draft).unwrap_or_default();
        let valid = draft.validate().ok();
        let current = if submission.kind == SubmissionKind::Update {
            Some(organization(conn, &submission.organization_id)?)
        } else {
            None
        };
        let changes = valid
            .as_ref()
            .map(|v| diff(current.as_ref(), v))
            .unwrap_or_default();
        let possible_duplicates = match &valid {
            Some(v) => join::possible_duplicates(conn, v, Some(&submission.organization_id), true)?,
            None => Vec::new(),
        };
        let contact_email =
            ownership::private_fields(conn, &submission.organization_id)?.contact_email;
        items.push(ReviewItem {
            submission_id: parse_id(&submission.id)?,
            kind: submission.kind.as_str().to_owned(),
            organization_id: parse_id(&submission.organization_id)?,
            created_at: utc(submission.created_at),
            draft,
            current,
            changes,
            possible_duplicates,
            contact_email,
        });
    }
    Ok(items)
}

fn status_of(conn: &mut AnyConnection, id: &str) -> Result<Status, ApiError> {
    Ok(ownership::organization_status(conn, id)
        .optional()?
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))?
        .1)
}

/// Approves a submission (see [`join::approve`]) and records it.
pub fn approve(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    actor: &SignedIn,
    submission_id: &str,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let submission = ownership::submission(conn, submission_id)
            .optional()?
            .ok_or_else(|| ApiError::NotFound("submission".to_owned()))?;
        let before = organization(conn, &submission.organization_id)?;
        let before_status = status_of(conn, &submission.organization_id)?;
        join::approve(conn, settings, submission_id)?;
        let after = organization(conn, &submission.organization_id)?;
        let after_status = status_of(conn, &submission.organization_id)?;
        audit::record(
            conn,
            actor,
            "approve_submission",
            "organization",
            &submission.organization_id,
            Some(
                json!({"status": before_status, "organization": before, "submission": submission_id}),
            ),
            Some(json!({"status": after_status, "organization": after})),
        )?;
        Ok(())
    })
}

/// Rejects a submission with a reason the group receives, and records it.
pub fn reject(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    actor: &SignedIn,
    submission_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let submission = ownership::submission(conn, submission_id)
            .optional()?
            .ok_or_else(|| ApiError::NotFound("submission".to_owned()))?;
        let before_status = status_of(conn, &submission.organization_id)?;
        join::reject(conn, settings, submission_id, reason)?;
        let after_status = status_of(conn, &submission.organization_id)?;
        audit::record(
            conn,
            actor,
            "reject_submission",
            "organization",
            &submission.organization_id,
            Some(json!({"status": before_status, "submission": submission_id})),
            Some(json!({"status": after_status, "reason": reason})),
        )?;
        Ok(())
    })
}

/// What an audit row keeps of an organisation: its public fields and status, and only whether
/// it has a contact address and notes. The audit log outlives deleted entries; the private
/// fields must not.
fn audited(view: &AdminOrganization) -> Value {
    json!({
        "organization": view.organization,
        "status": view.status,
        "origin": view.origin,
        "hidden_by": view.hidden_by,
        "deletion_requested": view.deletion_requested,
        "has_contact_email": view.contact_email.is_some(),
        "internal_notes_chars": view.internal_notes.chars().count(),
    })
}

/// An organisation with its private fields.
pub fn admin_view(conn: &mut AnyConnection, id: &str) -> Result<AdminOrganization, ApiError> {
    let organization = organization(conn, id)?;
    let status = status_of(conn, id)?;
    let origin: String = organizations::table
        .find(id)
        .select(organizations::origin)
        .first(conn)?;
    let (contact_email, internal_notes, hidden_by, deletion): (
        Option<String>,
        String,
        Option<String>,
        Option<chrono::NaiveDateTime>,
    ) = organization_private::table
        .find(id)
        .select((
            organization_private::contact_email,
            organization_private::internal_notes,
            organization_private::hidden_by,
            organization_private::deletion_requested_at,
        ))
        .first(conn)?;
    let contact_email =
        data_key::open_optional(contact_email.as_deref(), private_values::CONTACT_EMAIL, id)?;
    let internal_notes = data_key::open(&internal_notes, private_values::INTERNAL_NOTES, id)?;
    Ok(AdminOrganization {
        organization,
        status,
        origin,
        contact_email,
        internal_notes,
        hidden_by,
        deletion_requested: deletion.is_some(),
    })
}

/// What narrows the admin list of organisations; every part is optional.
#[derive(Debug, Clone, Default)]
pub struct AdminFilter {
    pub status: Option<Status>,
    /// Name or city contains (accents and case ignored).
    pub q: Option<String>,
    /// A category key.
    pub category: Option<String>,
    /// An ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// `(true, cutoff)`: only stale entries, see [`stale_cutoff`]; `(false, cutoff)`: only the
    /// others.
    pub stale: Option<(bool, NaiveDateTime)>,
}

/// Entries last confirmed before this are stale: published, with an owner, and within the
/// reminder lead of the end of their consent period (or past it). They are the entries the
/// maintenance pass reminds (or has reminded) and hides once the period is over unless their
/// owner confirms: the same deadline as [`join::maintain`]'s reminders.
pub fn stale_cutoff(settings: &JoinSettings, now: NaiveDateTime) -> NaiveDateTime {
    let period =
        chrono::Duration::from_std(settings.consent_period).unwrap_or(chrono::Duration::days(365));
    let lead =
        chrono::Duration::from_std(settings.reminder_lead).unwrap_or(chrono::Duration::days(30));
    now - period + lead
}

type FilteredOrganizations<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::InnerJoin<organizations::table, organization_private::table>,
    crate::db::MultiBackend,
>;

fn filtered(filter: &AdminFilter) -> FilteredOrganizations<'static> {
    let mut query = organizations::table
        .inner_join(organization_private::table)
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(organizations::status.eq(status.as_str()));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let folded = shared::text::normalize_for_search(q);
        let pattern = format!("%{}%", crate::db::like_escaped(&folded));
        query = query.filter(organizations::search_text.like(pattern).escape('\\'));
    }
    if let Some(category) = &filter.category {
        query = query.filter(organizations::category_key.eq(category.clone()));
    }
    if let Some(country) = &filter.country {
        query = query.filter(organizations::country.eq(country.clone()));
    }
    match filter.stale {
        Some((true, cutoff)) => {
            query = query
                .filter(organizations::status.eq(Status::Published.as_str()))
                .filter(organization_private::owner_token_hash.is_not_null())
                .filter(organizations::last_confirmed_at.lt(cutoff));
        }
        Some((false, cutoff)) => {
            query = query.filter(
                organizations::status
                    .ne(Status::Published.as_str())
                    .or(organization_private::owner_token_hash.is_null())
                    .or(organizations::last_confirmed_at.ge(cutoff)),
            );
        }
        None => {}
    }
    query
}

/// How many organisations match the filter (before any page is cut).
pub fn count(conn: &mut AnyConnection, filter: &AdminFilter) -> Result<i64, ApiError> {
    Ok(filtered(filter).count().get_result(conn)?)
}

/// One page of the organisations that match the filter, in the given order.
pub fn list(
    conn: &mut AnyConnection,
    filter: &AdminFilter,
    sort: OrganizationSort,
    limit: i64,
    offset: i64,
) -> Result<Vec<AdminOrganization>, ApiError> {
    let query = filtered(filter).select(organizations::id);
    let query = match sort {
        OrganizationSort::Updated => query.order(organizations::updated_at.desc()),
        OrganizationSort::UpdatedOldest => query.order(organizations::updated_at.asc()),
        // The search text begins with the name folded (accents and case ignored).
        OrganizationSort::Name => query.order(organizations::search_text.asc()),
        OrganizationSort::NameDescending => query.order(organizations::search_text.desc()),
        OrganizationSort::Country => query
            .order(organizations::country.asc())
            .then_order_by(organizations::search_text.asc()),
        OrganizationSort::CountryDescending => query
            .order(organizations::country.desc())
            .then_order_by(organizations::search_text.asc()),
        OrganizationSort::Status => query
            .order(organizations::status.asc())
            .then_order_by(organizations::updated_at.desc()),
    };
    let ids: Vec<String> = query
        .then_order_by(organizations::id.asc())
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    ids.iter().map(|id| admin_view(conn, id)).collect()
}

fn stored_form(
    id: Uuid,
    slug: Slug,
    valid: &ValidOrganization,
    status: Status,
) -> organization::NewOrganization {
    transfer::new_organization(id, slug, valid, status, "admin")
}

fn set_private(
    conn: &mut AnyConnection,
    id: &str,
    email: Option<&str>,
    notes: &str,
) -> QueryResult<()> {
    let (email, email_index) = ownership::sealed_contact(id, email)?;
    diesel::update(organization_private::table.find(id))
        .set((
            organization_private::contact_email.eq(email),
            organization_private::contact_email_index.eq(email_index),
            organization_private::internal_notes.eq(data_key::seal(
                notes,
                private_values::INTERNAL_NOTES,
                id,
            )?),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Creates a published organisation (held instead if a crisis covers it).
pub fn create(
    conn: &mut AnyConnection,
    actor: &SignedIn,
    request: &AdminOrganizationRequest,
) -> Result<AdminOrganization, ApiError> {
    let (valid, email, notes) = request.validate().map_err(ApiError::Invalid)?;
    join::check_keys(conn, &valid)?;
    crate::db::write_transaction(conn, |conn| {
        let id = Uuid::new_v4();
        let base = Slug::from_text(&format!("{} {}", valid.name, valid.city), "group");
        let mut taken: std::collections::HashSet<String> = organization::all_ids_and_slugs(conn)?
            .into_iter()
            .map(|(_, slug)| slug)
            .collect();
        let slug = transfer::unique_slug(&base, &mut taken);
        // Stored hidden, then published through the rule (which stamps when it first was).
        let mut org = stored_form(id, slug, &valid, Status::Hidden);
        org.contact_email = email.map(|e| e.as_str().to_owned());
        org.internal_notes = notes.clone();
        organization::insert(conn, &org)?;
        // A crisis that covers it holds it, and its restore publishes it.
        crate::crisis::publish_or_hold(conn, &id.to_string(), now())?;
        mark_changed(conn)?;
        let view = admin_view(conn, &id.to_string())?;
        audit::record(
            conn,
            actor,
            "create_organization",
            "organization",
            &id.to_string(),
            None,
            Some(audited(&view)),
        )?;
        Ok(view)
    })
}

/// Replaces an organisation's public and private fields (its status stays, unless it moves
/// into an active crisis's scope).
pub fn update(
    conn: &mut AnyConnection,
    actor: &SignedIn,
    id: &str,
    request: &AdminOrganizationRequest,
) -> Result<AdminOrganization, ApiError> {
    let (valid, email, notes) = request.validate().map_err(ApiError::Invalid)?;
    join::check_keys(conn, &valid)?;
    crate::db::write_transaction(conn, |conn| {
        let before = admin_view(conn, id)?;
        let slug = Slug::parse(&before.organization.slug)
            .unwrap_or_else(|_| Slug::from_text(&before.organization.slug, "group"));
        organization::update_public_fields(
            conn,
            &stored_form(parse_id(id)?, slug, &valid, before.status),
        )?;
        set_private(conn, id, email.as_ref().map(|e| e.as_str()), &notes)?;
        // A published entry moved into a crisis's scope is held like the ones it hid.
        if before.status == Status::Published {
            crate::crisis::publish_or_hold(conn, id, now())?;
        }
        mark_changed(conn)?;
        let after = admin_view(conn, id)?;
        audit::record(
            conn,
            actor,
            "update_organization",
            "organization",
            id,
            Some(audited(&before)),
            Some(audited(&after)),
        )?;
        Ok(after)
    })
}

/// Publishes (if [`crate::crisis::held`] allows it), hides or archives.
pub fn set_status(
    conn: &mut AnyConnection,
    actor: &SignedIn,
    id: &str,
    status: Status,
) -> Result<AdminOrganization, ApiError> {
    if !shared::api::admin::SETTABLE_BY_MODERATORS.contains(&status) {
        return Err(ApiError::Invalid(vec![shared::domain::FieldError::new(
            "status",
            "invalid_choice",
            "must be published, hidden or archived (pending and rejected come from review)",
        )]));
    }
    crate::db::write_transaction(conn, |conn| {
        let before = admin_view(conn, id)?;
        if status == Status::Published {
            crate::crisis::publish(conn, id, now())?;
        } else {
            let hidden_by = (status == Status::Hidden).then_some("moderator");
            ownership::set_status(conn, id, status, hidden_by, None, now())?;
        }
        mark_changed(conn)?;
        let after = admin_view(conn, id)?;
        audit::record(
            conn,
            actor,
            "set_status",
            "organization",
            id,
            Some(json!({"status": before.status, "hidden_by": before.hidden_by})),
            Some(json!({"status": after.status, "hidden_by": after.hidden_by})),
        )?;
        Ok(after)
    })
}

/// Deletes an organisation with everything that hangs on it.
pub fn delete(conn: &mut AnyConnection, actor: &SignedIn, id: &str) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let before = admin_view(conn, id)?;
        diesel::delete(organizations::table.find(id)).execute(conn)?;
        mark_changed(conn)?;
        audit::record(
            conn,
            actor,
            "delete_organization",
            "organization",
            id,
            Some(audited(&before)),
            None,
        )?;
        Ok(())
    })
}

fn scope_ids(conn: &mut AnyConnection, scope: &CrisisScope) -> QueryResult<Vec<String>> {
    let published = organizations::table
        .filter(organizations::status.eq(Status::Published.as_str()))
        .select(organizations::id)
        .into_boxed();
    match scope {
        CrisisScope::Country { country } => published
            .filter(organizations::country.eq(country.clone()))
            .load(conn),
        CrisisScope::Category { category } => published
            .filter(organizations::category_key.eq(category.clone()))
            .load(conn),
        CrisisScope::Bbox { bbox: [w, s, e, n] } => published
            .filter(organizations::longitude.between(*w, *e))
            .filter(organizations::latitude.between(*s, *n))
            .load(conn),
    }
}

fn crisis_view(conn: &mut AnyConnection, id: &str) -> Result<CrisisView, ApiError> {
    let (scope, reason, created_by, created_at, restored_at): (
        String,
        String,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
    ) = crisis_actions::table
        .find(id)
        .select((
            crisis_actions::scope,
            crisis_actions::reason,
            crisis_actions::created_by,
            crisis_actions::created_at,
            crisis_actions::restored_at,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::NotFound("crisis action".to_owned()))?;
    let hidden_count: i64 = crisis_hidden::table
        .filter(crisis_hidden::crisis_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(CrisisView {
        id: parse_id(id)?,
        scope: serde_json::from_str(&scope).map_err(|e| ApiError::Internal(e.into()))?,
        reason,
        created_by: data_key::open(&created_by, private_values::CRISIS_ACTOR, id)?,
        created_at: utc(created_at),
        restored_at: restored_at.map(utc),
        hidden_count,
    })
}

/// Crisis mode: hides every published entry in the scope at once and remembers which.
pub fn start_crisis(
    conn: &mut AnyConnection,
    actor: &SignedIn,
    scope: &CrisisScope,
    reason: &str,
) -> Result<CrisisView, ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let id = Uuid::new_v4().to_string();
        let at = now();
        diesel::insert_into(crisis_actions::table)
            .values((
                crisis_actions::id.eq(&id),
                crisis_actions::scope.eq(serde_json::to_string(scope).unwrap_or_default()),
                crisis_actions::reason.eq(reason),
                crisis_actions::created_by.eq(data_key::seal(
                    &actor.email,
                    private_values::CRISIS_ACTOR,
                    &id,
                )?),
                crisis_actions::created_at.eq(at),
            ))
            .execute(conn)?;
        let ids = scope_ids(conn, scope)?;
        for org in &ids {
            diesel::insert_into(crisis_hidden::table)
                .values((
                    crisis_hidden::crisis_id.eq(&id),
                    crisis_hidden::organization_id.eq(org),
                ))
                .execute(conn)?;
            ownership::set_status(
                conn,
                org,
                Status::Hidden,
                Some(crate::crisis::HIDDEN_BY_CRISIS),
                None,
                at,
            )?;
        }
        mark_changed(conn)?;
        let view = crisis_view(conn, &id)?;
        audit::record(
            conn,
            actor,
            "start_crisis",
            "crisis",
            &id,
            None,
            Some(json!({"crisis": view, "hidden": ids})),
        )?;
        Ok(view)
    })
}

/// Shows again exactly the entries a crisis action hid that are still hidden by it.
pub fn restore_crisis(
    conn: &mut AnyConnection,
    actor: &SignedIn,
    id: &str,
) -> Result<CrisisView, ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let before = crisis_view(conn, id)?;
        if before.restored_at.is_some() {
            return Err(ApiError::Conflict(
                "this crisis action was restored already".to_owned(),
            ));
        }
        let hidden: Vec<String> = crisis_hidden::table
            .filter(crisis_hidden::crisis_id.eq(id))
            .select(crisis_hidden::organization_id)
            .load(conn)?;
        let at = now();
        // Restored first, so that the rule below no longer counts this action.
        diesel::update(crisis_actions::table.find(id))
            .set(crisis_actions::restored_at.eq(Some(at)))
            .execute(conn)?;
        let mut restored = Vec::new();
        for org in hidden {
            let still: Option<(String, Option<String>, Option<chrono::NaiveDateTime>)> =
                organizations::table
                    .inner_join(organization_private::table)
                    .filter(organizations::id.eq(&org))
                    .select((
                        organizations::status,
                        organization_private::hidden_by,
                        organization_private::deletion_requested_at,
                    ))
                    .first(conn)
                    .optional()?;
            let Some((status, hidden_by, deletion)) = still else {
                continue;
            };
            // Only what this crisis hid and nobody changed since; never an entry whose owner
            // asked for deletion; and an entry another crisis still covers stays hidden, now
            // under that one (the rule's answer).
            if status != Status::Hidden.as_str()
                || hidden_by.as_deref() != Some(crate::crisis::HIDDEN_BY_CRISIS)
                || deletion.is_some()
            {
                continue;
            }
            if crate::crisis::publish_or_hold(conn, &org, at)?.is_none() {
                restored.push(org);
            }
        }
        mark_changed(conn)?;
        let after = crisis_view(conn, id)?;
        audit::record(
            conn,
            actor,
            "restore_crisis",
            "crisis",
            id,
            Some(json!(before)),
            Some(json!({"crisis": after, "restored": restored})),
        )?;
        Ok(after)
    })
}

pub fn crises(conn: &mut AnyConnection) -> Result<Vec<CrisisView>, ApiError> {
    let ids: Vec<String> = crisis_actions::table
        .order(crisis_actions::created_at.desc())
        .select(crisis_actions::id)
        .load(conn)?;
    ids.iter().map(|id| crisis_view(conn, id)).collect()
}
