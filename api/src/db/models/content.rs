//! Admin writes to the smaller tables: resources, partnerships, categories, focus areas, the
//! relay inbox, and the outbox view.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::admin::{
    CategoryRequest, ContactMessageView, FocusAreaRequest, OutboxItem, ResourceRequest,
};

use super::{to_json_list, utc};
use crate::data_key;
use crate::db::AnyConnection;
use crate::db::models::private_values;
use crate::db::schema::{
    categories, contact_messages, focus_areas, organizations, outbox, partnerships,
    resource_organizations, resources,
};
use shared::domain::{
    ContactMessageId, MailKind, OrganizationId, Origin, OutboxId, PartnershipId, RelayStatus,
    ResourceId, Status,
};

/// Creates (`id` new) or replaces a resource; its organisation links are replaced too.
pub fn save_resource(
    conn: &mut AnyConnection,
    id: ResourceId,
    request: &ResourceRequest,
    slug: &str,
    now: NaiveDateTime,
    create: bool,
) -> QueryResult<()> {
    if create {
        diesel::insert_into(resources::table)
            .values((
                resources::id.eq(id),
                resources::slug.eq(slug),
                resources::title.eq(request.title.trim()),
                resources::url.eq(request.url.trim()),
                resources::kind.eq(&request.kind),
                resources::language.eq(&request.language),
                resources::summary.eq(request.summary.trim()),
                resources::topics.eq(to_json_list(&request.topics)),
                resources::status.eq(Status::Published),
                resources::origin.eq(Origin::Admin),
                resources::created_at.eq(now),
                resources::updated_at.eq(now),
            ))
            .execute(conn)?;
    } else {
        diesel::update(resources::table.find(id))
            .set((
                resources::title.eq(request.title.trim()),
                resources::url.eq(request.url.trim()),
                resources::kind.eq(&request.kind),
                resources::language.eq(&request.language),
                resources::summary.eq(request.summary.trim()),
                resources::topics.eq(to_json_list(&request.topics)),
                resources::updated_at.eq(now),
            ))
            .execute(conn)?;
        diesel::delete(
            resource_organizations::table.filter(resource_organizations::resource_id.eq(id)),
        )
        .execute(conn)?;
    }
    for org in &request.organization_ids {
        diesel::insert_into(resource_organizations::table)
            .values((
                resource_organizations::resource_id.eq(id),
                resource_organizations::organization_id.eq(org),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn resource_exists(conn: &mut AnyConnection, id: ResourceId) -> QueryResult<bool> {
    Ok(resources::table.find(id).count().get_result::<i64>(conn)? == 1)
}

pub fn delete_resource(conn: &mut AnyConnection, id: ResourceId) -> QueryResult<usize> {
    diesel::delete(resources::table.find(id)).execute(conn)
}

/// How many of these organisation ids exist (with `category` when given).
pub fn count_organizations(
    conn: &mut AnyConnection,
    ids: &[OrganizationId],
    category: Option<&str>,
) -> QueryResult<i64> {
    let mut query = organizations::table
        .filter(organizations::id.eq_any(ids))
        .into_boxed();
    if let Some(category) = category {
        query = query.filter(organizations::category_key.eq(category));
    }
    query.count().get_result(conn)
}

pub fn delete_partnership(conn: &mut AnyConnection, id: PartnershipId) -> QueryResult<usize> {
    diesel::delete(partnerships::table.find(id)).execute(conn)
}

pub fn partnership_exists(
    conn: &mut AnyConnection,
    global: OrganizationId,
    jerusalem: OrganizationId,
) -> QueryResult<bool> {
    Ok(partnerships::table
        .filter(partnerships::global_organization_id.eq(global))
        .filter(partnerships::jerusalem_organization_id.eq(jerusalem))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Creates or replaces a category; returns whether it existed.
pub fn upsert_category(
    conn: &mut AnyConnection,
    key: &str,
    request: &CategoryRequest,
) -> QueryResult<bool> {
    let existed = categories::table
        .find(key)
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if existed {
        diesel::update(categories::table.find(key))
            .set((
                categories::colour.eq(&request.colour),
                categories::icon.eq(&request.icon),
                categories::name_en.eq(request.names.en.trim()),
                categories::name_ar.eq(request.names.ar.trim()),
                categories::name_fr.eq(request.names.fr.trim()),
                categories::name_es.eq(request.names.es.trim()),
                categories::featured.eq(request.featured),
                categories::position.eq(request.position),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(categories::table)
            .values((
                categories::key.eq(key),
                categories::colour.eq(&request.colour),
                categories::icon.eq(&request.icon),
                categories::name_en.eq(request.names.en.trim()),
                categories::name_ar.eq(request.names.ar.trim()),
                categories::name_fr.eq(request.names.fr.trim()),
                categories::name_es.eq(request.names.es.trim()),
                categories::featured.eq(request.featured),
                categories::position.eq(request.position),
            ))
            .execute(conn)?;
    }
    Ok(existed)
}

/// Creates or replaces a focus area; returns whether it existed.
pub fn upsert_focus_area(
    conn: &mut AnyConnection,
    key: &str,
    request: &FocusAreaRequest,
) -> QueryResult<bool> {
    let existed = focus_areas::table
        .find(key)
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if existed {
        diesel::update(focus_areas::table.find(key))
            .set((
                focus_areas::name_en.eq(request.names.en.trim()),
                focus_areas::name_ar.eq(request.names.ar.trim()),
                focus_areas::name_fr.eq(request.names.fr.trim()),
                focus_areas::name_es.eq(request.names.es.trim()),
                focus_areas::position.eq(request.position),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(focus_areas::table)
            .values((
                focus_areas::key.eq(key),
                focus_areas::name_en.eq(request.names.en.trim()),
                focus_areas::name_ar.eq(request.names.ar.trim()),
                focus_areas::name_fr.eq(request.names.fr.trim()),
                focus_areas::name_es.eq(request.names.es.trim()),
                focus_areas::position.eq(request.position),
            ))
            .execute(conn)?;
    }
    Ok(existed)
}

/// The newest 500 outbox messages, without their bodies.
pub fn outbox_items(conn: &mut AnyConnection) -> QueryResult<Vec<OutboxItem>> {
    type Row = (
        OutboxId,
        MailKind,
        String,
        String,
        i32,
        Option<String>,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let rows: Vec<Row> = outbox::table
        .order(outbox::created_at.desc())
        .limit(500)
        .select((
            outbox::id,
            outbox::kind,
            outbox::recipient,
            outbox::subject,
            outbox::attempts,
            outbox::last_error,
            outbox::created_at,
            outbox::sent_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(id, kind, recipient, subject, attempts, last_error, created_at, sent_at)| {
                Ok(OutboxItem {
                    recipient: data_key::open(&recipient, private_values::RECIPIENT, id)?,
                    subject: data_key::open(&subject, private_values::SUBJECT, id)?,
                    last_error: data_key::open_optional(
                        last_error.as_deref(),
                        private_values::LAST_ERROR,
                        id,
                    )?,
                    id,
                    kind,
                    attempts,
                    created_at: utc(created_at),
                    sent_at: sent_at.map(utc),
                })
            },
        )
        .collect()
}

/// The relay inbox, newest first: messages to entries in `countries` when given.
pub fn contact_messages(
    conn: &mut AnyConnection,
    countries: Option<&[String]>,
) -> QueryResult<Vec<ContactMessageView>> {
    type Row = (
        ContactMessageId,
        OrganizationId,
        String,
        String,
        String,
        String,
        RelayStatus,
        NaiveDateTime,
    );
    let mut query = contact_messages::table
        .inner_join(organizations::table)
        .order(contact_messages::created_at.desc())
        .limit(500)
        .into_boxed();
    if let Some(countries) = countries {
        query = query.filter(organizations::country.eq_any(countries.to_vec()));
    }
    let rows: Vec<Row> = query
        .select((
            contact_messages::id,
            contact_messages::organization_id,
            organizations::name,
            contact_messages::sender_name,
            contact_messages::sender_email,
            contact_messages::message,
            contact_messages::status,
            contact_messages::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(id, org, name, sender_name, sender_email, message, status, created_at)| {
                Ok(ContactMessageView {
                    sender_name: data_key::open(&sender_name, private_values::SENDER_NAME, id)?,
                    sender_email: data_key::open(&sender_email, private_values::SENDER_EMAIL, id)?,
                    message: data_key::open(&message, private_values::MESSAGE, id)?,
                    id,
                    organization_id: org,
                    organization_name: name,
                    status,
                    created_at: utc(created_at),
                })
            },
        )
        .collect()
}

/// The entry a relayed message was sent to, or None when there is no such message.
pub fn contact_message_entry(
    conn: &mut AnyConnection,
    id: ContactMessageId,
) -> QueryResult<Option<OrganizationId>> {
    contact_messages::table
        .find(id)
        .select(contact_messages::organization_id)
        .first(conn)
        .optional()
}

/// Returns the previous status, or None when there is no such message.
pub fn set_contact_message_status(
    conn: &mut AnyConnection,
    id: ContactMessageId,
    status: RelayStatus,
) -> QueryResult<Option<RelayStatus>> {
    let before: Option<RelayStatus> = contact_messages::table
        .find(id)
        .select(contact_messages::status)
        .first(conn)
        .optional()?;
    if before.is_some() {
        diesel::update(contact_messages::table.find(id))
            .set(contact_messages::status.eq(status))
            .execute(conn)?;
    }
    Ok(before)
}
