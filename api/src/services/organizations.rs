//! Organisations as moderators and admins manage them: in any status, with their private
//! fields; create, update, publish, hide, archive and delete, each with its audit row. Also the
//! one constructor of a stored entry from a validated one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};
use shared::api::ValidOrganization;
use shared::api::admin::{AdminOrganization, AdminOrganizationRequest, OrganizationSort};
use shared::domain::{HiddenBy, OrganizationId, Origin, Slug, Status};
use uuid::Uuid;

use super::entries::{check_keys, confirmed_by_person, current_status, stored_organization};
use super::{crisis, slugs};
use crate::config::JoinSettings;
use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::audit::{self, Actor};
use crate::db::models::{mark_changed, now, organization, private_values};
use crate::db::schema::{organization_private, organizations};
use crate::error::ApiError;

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
pub fn admin_view(
    conn: &mut AnyConnection,
    id: OrganizationId,
) -> Result<AdminOrganization, ApiError> {
    let organization = stored_organization(conn, id)?;
    let status = current_status(conn, id)?;
    let origin: Origin = organizations::table
        .find(id)
        .select(organizations::origin)
        .first(conn)?;
    let (contact_email, internal_notes, hidden_by, deletion): (
        Option<String>,
        String,
        Option<HiddenBy>,
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
    /// Only these countries (a moderator limited to them); `None`: every country.
    pub countries: Option<Vec<String>>,
}

/// Entries last confirmed before this are stale: published, with an owner, and within the
/// reminder lead of the end of their consent period (or past it). They are the entries the
/// maintenance pass reminds (or has reminded) and hides once the period is over unless their
/// owner confirms: the same deadline as [`super::maintenance::maintain`]'s reminders.
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
        query = query.filter(organizations::status.eq(status));
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
    if let Some(countries) = &filter.countries {
        query = query.filter(organizations::country.eq_any(countries.clone()));
    }
    match filter.stale {
        Some((true, cutoff)) => {
            query = query
                .filter(organizations::status.eq(Status::Published))
                .filter(organization_private::owner_token_hash.is_not_null())
                .filter(organizations::last_confirmed_at.lt(cutoff));
        }
        Some((false, cutoff)) => {
            query = query.filter(
                organizations::status
                    .ne(Status::Published)
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
    let ids: Vec<OrganizationId> = query
        .then_order_by(organizations::id.asc())
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    ids.into_iter().map(|id| admin_view(conn, id)).collect()
}

fn stored_form(
    id: OrganizationId,
    slug: Slug,
    valid: &ValidOrganization,
    status: Status,
) -> organization::NewOrganization {
    new_organization(id, slug, valid, status, Origin::Admin)
}

/// The stored form of a validated organisation.
pub fn new_organization(
    id: OrganizationId,
    slug: Slug,
    v: &ValidOrganization,
    status: Status,
    origin: Origin,
) -> organization::NewOrganization {
    let at = now();
    organization::NewOrganization {
        id,
        slug,
        name: v.name.clone(),
        name_ar: v.name_ar.clone(),
        category: v.category.to_string(),
        description: v.description.clone(),
        city: v.city.clone(),
        country: v.country.to_string(),
        latitude: v.latitude.value(),
        longitude: v.longitude.value(),
        precision: v.precision,
        website: v.website.clone(),
        links: v.links.clone(),
        languages: v.languages.clone(),
        focus_areas: v.focus_areas.iter().map(ToString::to_string).collect(),
        original_language: v.original_language,
        translations: v.translations.clone(),
        status,
        origin,
        contact_email: None,
        internal_notes: String::new(),
        created_at: at,
        updated_at: at,
        last_confirmed_at: at,
    }
}

fn set_private(
    conn: &mut AnyConnection,
    id: OrganizationId,
    email: Option<&str>,
    notes: &str,
) -> QueryResult<()> {
    let (email, email_index) = crate::db::models::ownership::sealed_contact(id, email)?;
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
pub fn create<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    request: &AdminOrganizationRequest,
) -> Result<AdminOrganization, ApiError> {
    let actor = actor.into();
    let (valid, email, notes) = request.validate().map_err(ApiError::Invalid)?;
    check_keys(conn, &valid)?;
    crate::db::write_transaction(conn, |conn| {
        let id = OrganizationId::from_uuid(Uuid::new_v4());
        let base = Slug::from_text(&format!("{} {}", valid.name, valid.city), "group");
        let slug = slugs::free_organization_slug(conn, &base)?;
        // Stored hidden, then published through the rule (which stamps when it first was).
        let mut org = stored_form(id, slug, &valid, Status::Hidden);
        org.contact_email = email.map(|e| e.as_str().to_owned());
        org.internal_notes = notes.clone();
        organization::insert(conn, &org)?;
        // A crisis that covers it holds it, and its restore publishes it.
        crisis::publish_or_hold(conn, id, now())?;
        mark_changed(conn)?;
        let view = admin_view(conn, id)?;
        audit::record(
            conn,
            actor,
            "create_organization",
            "organization",
            id,
            None,
            Some(audited(&view)),
        )?;
        Ok(view)
    })
}

/// Replaces an organisation's public and private fields (its status stays, unless it moves
/// into an active crisis's scope).
pub fn update<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    id: OrganizationId,
    request: &AdminOrganizationRequest,
) -> Result<AdminOrganization, ApiError> {
    let actor = actor.into();
    let (valid, email, notes) = request.validate().map_err(ApiError::Invalid)?;
    check_keys(conn, &valid)?;
    crate::db::write_transaction(conn, |conn| {
        let before = admin_view(conn, id)?;
        let slug = Slug::parse(&before.organization.slug)
            .unwrap_or_else(|_| Slug::from_text(&before.organization.slug, "group"));
        organization::update_public_fields(conn, &stored_form(id, slug, &valid, before.status))?;
        set_private(conn, id, email.as_ref().map(|e| e.as_str()), &notes)?;
        confirmed_by_person(conn, id, now())?;
        // A published entry moved into a crisis's scope is held like the ones it hid.
        if before.status == Status::Published {
            crisis::publish_or_hold(conn, id, now())?;
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

/// Publishes (if [`crisis::held`] allows it), hides or archives.
pub fn set_status<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    id: OrganizationId,
    status: Status,
) -> Result<AdminOrganization, ApiError> {
    let actor = actor.into();
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
            crisis::publish(conn, id, now())?;
        } else {
            let hidden_by = (status == Status::Hidden).then_some(HiddenBy::Moderator);
            crate::db::models::ownership::set_status(conn, id, status, hidden_by, None, now())?;
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
pub fn delete<'a>(
    conn: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    id: OrganizationId,
) -> Result<(), ApiError> {
    let actor = actor.into();
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
