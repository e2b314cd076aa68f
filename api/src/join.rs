//! Joining the map and keeping an entry up to date: the rules that span several tables, used by
//! the HTTP handlers, the CLI and the tests. Every function runs inside the caller's
//! connection; the ones that write open their own transaction, so each action is all or nothing.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use shared::api::{
    DuplicateReason, Organization, OrganizationDraft, OwnerEntry, PossibleDuplicate,
    SubmissionReceipt, ValidContact, ValidOrganization, ValidSubmission,
};
use shared::domain::{Slug, Status};
use shared::i18n::Lang;
use shared::text::normalize_for_search;
use uuid::Uuid;

use crate::config::{JoinSettings, MailSettings};
use crate::crisis::Held;
use crate::db::AnyConnection;
use crate::db::models::ownership::{self, HIDDEN_BY_CONSENT, HIDDEN_BY_OWNER};
use crate::db::models::{form_token, mark_changed, organization, outbox, utc};
use crate::db::schema::organizations;
use crate::error::ApiError;
use crate::secrets::{OutboxKey, UsableFormToken};
use crate::{mail, secrets, transfer};
use shared::domain::{SubmissionKind, SubmissionStatus};

/// Something the owner or moderator asked cannot be done in the entry's current state.
fn conflict(detail: &str) -> ApiError {
    ApiError::Conflict(detail.to_owned())
}

fn owner_url(settings: &JoinSettings, token: &str) -> String {
    format!("{}/owner#{token}", settings.public_url)
}

/// The draft as kept for review: with the stored (for approximate entries, coarsened) point,
/// never the exact one the group typed.
fn draft_json(draft: &OrganizationDraft, valid: &ValidOrganization) -> String {
    let kept = OrganizationDraft {
        latitude: Some(valid.latitude.value()),
        longitude: Some(valid.longitude.value()),
        precision: Some(valid.precision.as_str().to_owned()),
        ..draft.clone()
    };
    serde_json::to_string(&kept).unwrap_or_else(|_| "{}".to_owned())
}

/// Suffixed slugs looked up in one indexed query before the pattern search in [`free_slug`].
const SLUG_CANDIDATES: u32 = 32;

/// A slug no other entry has: the first free one of `base`, `base-2`, `base-3`… (checked again
/// by the UNIQUE constraint). Mostly one indexed lookup: SQLite cannot
/// use the slug index for `LIKE` (which ignores case there), and a scan of every slug inside the
/// write lock made every other writer wait (BENCHMARKS.md, "Mixed load").
fn free_slug(conn: &mut AnyConnection, base: &Slug) -> QueryResult<Slug> {
    let candidates: Vec<Slug> = std::iter::once(base.clone())
        .chain((2..=SLUG_CANDIDATES).map(|n| base.with_suffix(n)))
        .collect();
    let names: Vec<&str> = candidates.iter().map(Slug::as_str).collect();
    let taken: std::collections::HashSet<String> = organizations::table
        .filter(organizations::slug.eq_any(&names))
        .select(organizations::slug)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    if let Some(free) = candidates
        .into_iter()
        .find(|candidate| !taken.contains(candidate.as_str()))
    {
        return Ok(free);
    }
    // Dozens of groups with this name and city: look at every suffix taken.
    let mut taken: std::collections::HashSet<String> = organizations::table
        .filter(
            organizations::slug
                .eq(base.as_str())
                .or(organizations::slug.like(format!("{}-%", base.as_str()))),
        )
        .select(organizations::slug)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    Ok(transfer::unique_slug(base, &mut taken))
}

fn is_unique_violation(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
    )
}

/// `https://www.Example.org/x/` and `http://example.org/x` are the same site.
fn comparable_website(url: &str) -> String {
    let lower = url.trim().to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_owned()
}

/// Whether two names are alike: the same words, or one's words within the other's, after
/// folding case, accents and Arabic letter variants.
fn similar_names(a: &str, b: &str) -> bool {
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        normalize_for_search(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 1)
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let common = a.intersection(&b).count();
    let smaller = a.len().min(b.len());
    common == smaller || common * 10 >= a.union(&b).count() * 7
}

/// Radius in which a similar name counts as the same group, in degrees of latitude (~30 km).
const NEARBY_DEGREES: f64 = 0.27;

/// Entries a new one may duplicate: the same website, or a similar name nearby. Entries still
/// under review count only with `include_pending` (for moderators: the public must not learn
/// that a group applied), and are reported without their details.
pub fn possible_duplicates(
    conn: &mut AnyConnection,
    candidate: &ValidOrganization,
    except: Option<&str>,
    include_pending: bool,
) -> QueryResult<Vec<PossibleDuplicate>> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    );
    let select = (
        organizations::id,
        organizations::slug,
        organizations::name,
        organizations::city,
        organizations::country,
        organizations::status,
        organizations::website,
    );
    let live: &[&str] = if include_pending {
        &[Status::Published.as_str(), Status::Pending.as_str()]
    } else {
        &[Status::Published.as_str()]
    };
    let mut found: Vec<(DuplicateReason, Row)> = Vec::new();
    if let Some(website) = &candidate.website {
        let wanted = comparable_website(website);
        let pattern = format!("%{}%", crate::db::like_escaped(&wanted));
        let rows: Vec<Row> = organizations::table
            .filter(organizations::status.eq_any(live))
            .filter(
                crate::db::lower(organizations::website)
                    .like(pattern)
                    .escape('\\'),
            )
            .select(select)
            .limit(200)
            .load(conn)?;
        found.extend(
            rows.into_iter()
                .filter(|r| {
                    r.6.as_deref()
                        .is_some_and(|w| comparable_website(w) == wanted)
                })
                .map(|r| (DuplicateReason::SameWebsite, r)),
        );
    }
    let (lat, lon) = (candidate.latitude.value(), candidate.longitude.value());
    let lon_span = NEARBY_DEGREES / lat.to_radians().cos().max(0.05);
    let nearby: Vec<Row> = organizations::table
        .filter(organizations::status.eq_any(live))
        .filter(organizations::latitude.between(lat - NEARBY_DEGREES, lat + NEARBY_DEGREES))
        .filter(organizations::longitude.between(lon - lon_span, lon + lon_span))
        .select(select)
        .limit(2000)
        .load(conn)?;
    found.extend(
        nearby
            .into_iter()
            .filter(|r| similar_names(&r.2, &candidate.name))
            .map(|r| (DuplicateReason::SimilarNameNearby, r)),
    );
    let mut seen = std::collections::HashSet::new();
    Ok(found
        .into_iter()
        .filter(|(_, r)| Some(r.0.as_str()) != except && seen.insert(r.0.clone()))
        .take(5)
        .map(|(reason, (_, slug, name, city, country, status, _))| {
            if status == Status::Published.as_str() {
                PossibleDuplicate {
                    reason,
                    slug: Some(slug),
                    name: Some(name),
                    city: Some(city),
                    country: Some(country),
                }
            } else {
                PossibleDuplicate {
                    reason,
                    slug: None,
                    name: None,
                    city: None,
                    country: None,
                }
            }
        })
        .collect())
}

/// Checks a submission's keys against the stored categories and focus areas.
pub fn check_keys(conn: &mut AnyConnection, valid: &ValidOrganization) -> Result<(), ApiError> {
    let (categories, focus_areas) = organization::known_keys(conn)?;
    let mut errors = Vec::new();
    if !categories.iter().any(|c| c == valid.category.as_str()) {
        errors.push(shared::domain::FieldError::new(
            "category",
            "unknown_category",
            format!("must be one of: {}", categories.join(", ")),
        ));
    }
    for (i, key) in valid.focus_areas.iter().enumerate() {
        if !focus_areas.iter().any(|f| f == key.as_str()) {
            errors.push(shared::domain::FieldError::new(
                format!("focus_areas[{i}]"),
                "unknown_focus_area",
                format!("must be one of: {}", focus_areas.join(", ")),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// Stores a new entry (pending: nothing public), its owner token's hash, the submission for
/// review and the receipt e-mail, in one transaction, which also uses up the form token.
pub fn submit(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    form_token: &UsableFormToken,
    submission: &ValidSubmission,
    draft: &OrganizationDraft,
) -> Result<SubmissionReceipt, ApiError> {
    check_keys(conn, &submission.organization)?;
    let token = secrets::new_owner_token()?;
    let hash = secrets::token_hash(&token);
    let url = owner_url(settings, &token);
    let valid = &submission.organization;
    let base = Slug::from_text(&format!("{} {}", valid.name, valid.city), "group");
    // Advisory, and a search over every entry: done before taking the write lock, which it would
    // otherwise hold for every other writer to wait on.
    let possible_duplicates = possible_duplicates(conn, valid, None, false)?;
    // Two submissions may pick the same free slug at once; the constraint refuses the second,
    // which then tries again with the next free one.
    for attempt in 0.. {
        let result = crate::db::write_transaction(conn, |conn| {
            if !form_token::spend(conn, form_token)? {
                // Nothing written: the transaction only read.
                return Ok(None);
            }
            let now = crate::db::models::now();
            let id = Uuid::new_v4();
            let slug = free_slug(conn, &base)?;
            let mut org =
                transfer::new_organization(id, slug, valid, Status::Pending, "submission");
            org.contact_email = Some(submission.contact_email.as_str().to_owned());
            organization::insert(conn, &org)?;
            ownership::set_owner_token_hash(conn, &id.to_string(), &hash)?;
            ownership::set_language(conn, &id.to_string(), submission.language)?;
            let submission_id = ownership::insert_submission(
                conn,
                &id.to_string(),
                SubmissionKind::New,
                &draft_json(draft, valid),
                now,
            )?;
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::receipt(
                    submission.contact_email.as_str(),
                    submission.language,
                    &valid.name,
                    &url,
                ),
                now,
            )?;
            Ok::<_, DieselError>(Some(SubmissionReceipt {
                submission_id,
                organization_id: id,
                status: Status::Pending,
                owner_token: token.clone(),
                owner_url: url.clone(),
                possible_duplicates: possible_duplicates.clone(),
            }))
        });
        match result {
            Err(e) if attempt < 5 && is_unique_violation(&e) => continue,
            other => return other?.ok_or_else(form_token_used),
        }
    }
    unreachable!("the loop returns")
}

/// A form token sent a second time: 400, and nothing is stored.
fn form_token_used() -> ApiError {
    ApiError::Invalid(vec![shared::domain::FieldError::new(
        "form_token",
        "form_token_used",
        "this form was sent already: reload it to send another",
    )])
}

/// The organisation an owner token opens, or 401.
pub fn owner_of(conn: &mut AnyConnection, token: &str) -> Result<(String, Status), ApiError> {
    let hash = secrets::token_hash(token);
    let found = match ownership::organization_for_token(conn, &hash)? {
        Some(found) => Some(found),
        None => match ownership::promote_pending_token(conn, &hash)? {
            Some(id) => Some(ownership::organization_status(conn, &id)?),
            None => None,
        },
    };
    found
        .filter(|(_, status)| *status != Status::Rejected && *status != Status::Archived)
        .ok_or(ApiError::Unauthorized)
}

/// At most one lost-link e-mail per entry in this time, so that an address cannot be flooded.
const LINK_REQUEST_INTERVAL: chrono::Duration = chrono::Duration::minutes(15);

fn stored_organization(conn: &mut AnyConnection, id: &str) -> Result<Organization, ApiError> {
    organization::public_rows_by_id(conn, &[id.to_owned()])?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))
}

pub fn owner_entry(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    id: &str,
    status: Status,
) -> Result<OwnerEntry, ApiError> {
    let organization = stored_organization(conn, id)?;
    let private = ownership::private_fields(conn, id)?;
    let pending_update = ownership::pending_submission(conn, id, SubmissionKind::Update)?
        .and_then(|s| serde_json::from_str(&s.draft).ok());
    let period =
        chrono::Duration::from_std(settings.consent_period).unwrap_or(chrono::Duration::days(365));
    Ok(OwnerEntry {
        confirm_by: organization.last_confirmed_at + period,
        organization,
        status,
        hidden_by: private.hidden_by,
        hidden_until: private.hidden_until.map(utc),
        language: mail::language(&private.language),
        pending_update,
        deletion_requested: private.deletion_requested_at.is_some(),
    })
}

/// An owner's new version. A published entry stays as it is until a moderator approves the
/// update; an entry still under review is simply replaced.
pub fn propose_update(
    conn: &mut AnyConnection,
    id: &str,
    valid: &ValidOrganization,
    draft: &OrganizationDraft,
) -> Result<(), ApiError> {
    check_keys(conn, valid)?;
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        // Read inside the transaction: a moderator may have decided since the request began.
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        if private.deletion_requested_at.is_some() {
            return Err(conflict("the entry is waiting to be deleted"));
        }
        if status == Status::Pending {
            // Replace the entry under review with a new submission, so that a moderator who
            // opened the old one cannot approve a version they did not see.
            let stored = stored_organization(conn, id)?;
            let slug = Slug::parse(&stored.slug)
                .unwrap_or_else(|_| Slug::from_text(&stored.slug, "group"));
            let uuid = Uuid::parse_str(id).map_err(|e| ApiError::Internal(e.into()))?;
            organization::update_public_fields(
                conn,
                &transfer::new_organization(uuid, slug, valid, Status::Pending, "submission"),
            )?;
            if let Some(pending) = ownership::pending_submission(conn, id, SubmissionKind::New)? {
                ownership::decide(
                    conn,
                    &pending.id,
                    SubmissionStatus::Withdrawn,
                    Some("replaced by a newer version"),
                    now,
                )?;
            }
            ownership::insert_submission(
                conn,
                id,
                SubmissionKind::New,
                &draft_json(draft, valid),
                now,
            )?;
        } else {
            if let Some(previous) = ownership::pending_submission(conn, id, SubmissionKind::Update)?
            {
                ownership::decide(
                    conn,
                    &previous.id,
                    SubmissionStatus::Withdrawn,
                    Some("replaced by a newer update"),
                    now,
                )?;
            }
            ownership::insert_submission(
                conn,
                id,
                SubmissionKind::Update,
                &draft_json(draft, valid),
                now,
            )?;
        }
        Ok(())
    })
}

/// Hides a published entry at once (optionally until a date).
pub fn hide(
    conn: &mut AnyConnection,
    id: &str,
    until: Option<NaiveDateTime>,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        let hidden_by_owner =
            status == Status::Hidden && private.hidden_by.as_deref() == Some(HIDDEN_BY_OWNER);
        let ever_published: Option<NaiveDateTime> = organizations::table
            .find(id)
            .select(organizations::published_at)
            .first(conn)?;
        // A hidden entry comes back by itself at `until`: only one that was public before and
        // is not waiting to be deleted may be hidden that way.
        if (status != Status::Published && !hidden_by_owner)
            || ever_published.is_none()
            || private.deletion_requested_at.is_some()
        {
            return Err(conflict("only a published entry can be hidden"));
        }
        ownership::set_status(
            conn,
            id,
            Status::Hidden,
            Some(HIDDEN_BY_OWNER),
            until,
            crate::db::models::now(),
        )?;
        mark_changed(conn)?;
        Ok(())
    })
}

fn current_status(conn: &mut AnyConnection, id: &str) -> Result<Status, ApiError> {
    let status: String = organizations::table
        .find(id)
        .select(organizations::status)
        .first(conn)?;
    Status::parse(&status)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("unknown status {status}")))
}

/// Shows an entry its owner hid, or one hidden because consent ran out (showing it confirms it).
pub fn show(conn: &mut AnyConnection, id: &str) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        let by = private.hidden_by.as_deref();
        if status != Status::Hidden
            || !(by == Some(HIDDEN_BY_OWNER) || by == Some(HIDDEN_BY_CONSENT))
        {
            return Err(conflict(
                "only an entry hidden by its owner or by expired consent can be shown again",
            ));
        }
        let now = crate::db::models::now();
        ownership::confirm_active(conn, id, now)?;
        // Refused (and nothing changed) after a deletion request or while a crisis covers it.
        crate::crisis::publish(conn, id, now)?;
        mark_changed(conn)?;
        Ok(())
    })
}

/// "Still active": restarts the consent period, and brings back an entry hidden because it ran
/// out.
pub fn confirm(conn: &mut AnyConnection, id: &str) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        let status = current_status(conn, id)?;
        let private = ownership::private_fields(conn, id)?;
        ownership::confirm_active(conn, id, now)?;
        if status == Status::Hidden
            && private.hidden_by.as_deref() == Some(HIDDEN_BY_CONSENT)
            && let Some(held @ Held::DeletionRequested) =
                crate::crisis::publish_or_hold(conn, id, now)?
        {
            return Err(held.into());
        }
        mark_changed(conn)?;
        Ok(())
    })
}

/// The owner asks for deletion: the entry is hidden at once and the moderators are told.
pub fn request_deletion(
    conn: &mut AnyConnection,
    mail_settings: &MailSettings,
    outbox_key: &OutboxKey,
    id: &str,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        let status = current_status(conn, id)?;
        let name: String = organizations::table
            .find(id)
            .select(organizations::name)
            .first(conn)?;
        ownership::request_deletion(conn, id, now)?;
        // Nothing under review may be approved any more.
        for kind in [SubmissionKind::New, SubmissionKind::Update] {
            if let Some(pending) = ownership::pending_submission(conn, id, kind)? {
                ownership::decide(
                    conn,
                    &pending.id,
                    SubmissionStatus::Withdrawn,
                    Some("the owner asked for deletion"),
                    now,
                )?;
            }
        }
        if matches!(status, Status::Published | Status::Pending) {
            ownership::set_status(conn, id, Status::Hidden, Some(HIDDEN_BY_OWNER), None, now)?;
            mark_changed(conn)?;
        }
        for moderator in &mail_settings.moderators {
            outbox::enqueue(
                conn,
                outbox_key,
                &mail::deletion_request(moderator.as_str(), &name, id),
                now,
            )?;
        }
        Ok(())
    })
}

/// A lost link: every entry with this contact address gets a new token, sent there. Nothing
/// tells the caller whether the address is known.
pub fn send_new_owner_links(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    email: &str,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        for (id, name, language) in ownership::organizations_with_contact(conn, email)? {
            let recently = ownership::owner_link_sent_at(conn, &id)?
                .is_some_and(|at| now - at < LINK_REQUEST_INTERVAL);
            if recently {
                continue;
            }
            let token = secrets::new_owner_token()?;
            ownership::offer_owner_token(conn, &id, &secrets::token_hash(&token), now)?;
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::owner_link(
                    email,
                    mail::language(&language),
                    &name,
                    &owner_url(settings, &token),
                ),
                now,
            )?;
        }
        Ok(())
    })
}

/// Relays a visitor's message: to the group's contact address, or, for Jerusalem organisations
/// (and groups without an address), to the moderators' relay inbox. Uses up the form token.
pub fn relay_contact(
    conn: &mut AnyConnection,
    mail_settings: &MailSettings,
    outbox_key: &OutboxKey,
    form_token: &UsableFormToken,
    organization: &Organization,
    contact: &ValidContact,
) -> Result<(), ApiError> {
    let id = organization.id.to_string();
    crate::db::write_transaction(conn, |conn| {
        if !form_token::spend(conn, form_token)? {
            return Err(form_token_used());
        }
        let now = crate::db::models::now();
        let private = ownership::private_fields(conn, &id)?;
        match private.contact_email {
            Some(address) if !organization.featured => {
                outbox::enqueue(
                    conn,
                    outbox_key,
                    &mail::contact(
                        &address,
                        mail::language(&private.language),
                        &organization.name,
                        &contact.name,
                        contact.email.as_str(),
                        &contact.message,
                    ),
                    now,
                )?;
            }
            _ => {
                ownership::insert_contact_message(
                    conn,
                    &id,
                    &contact.name,
                    contact.email.as_str(),
                    &contact.message,
                    now,
                )?;
                for moderator in &mail_settings.moderators {
                    outbox::enqueue(
                        conn,
                        outbox_key,
                        &mail::introduction_request(
                            moderator.as_str(),
                            &organization.name,
                            &contact.name,
                            contact.email.as_str(),
                            &contact.message,
                        ),
                        now,
                    )?;
                }
            }
        }
        Ok(())
    })
}

/// The group's contact address and the language to write to it in.
fn contact_address(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<(String, Lang)>> {
    let private = ownership::private_fields(conn, id)?;
    Ok(private
        .contact_email
        .map(|address| (address, mail::language(&private.language))))
}

/// A moderator approves a submission: a new entry is published, an update replaces the public
/// version. The group is told.
pub fn approve(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    submission_id: &str,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        let submission = ownership::submission(conn, submission_id)?;
        // Its submissions were withdrawn with the request: say why rather than "decided".
        if let Some(held @ Held::DeletionRequested) =
            crate::crisis::held(conn, &submission.organization_id)?
        {
            return Err(held.into());
        }
        if !ownership::decide(conn, submission_id, SubmissionStatus::Approved, None, now)? {
            return Err(conflict("this submission was already decided"));
        }
        let id = submission.organization_id.clone();
        let update = submission.kind == SubmissionKind::Update;
        if update {
            let draft: OrganizationDraft = serde_json::from_str(&submission.draft)
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stored draft")))?;
            let valid = draft.validate().map_err(ApiError::Invalid)?;
            let stored = stored_organization(conn, &id)?;
            let slug = Slug::parse(&stored.slug)
                .unwrap_or_else(|_| Slug::from_text(&stored.slug, "group"));
            let uuid = Uuid::parse_str(&id).map_err(|e| ApiError::Internal(e.into()))?;
            organization::update_public_fields(
                conn,
                &transfer::new_organization(uuid, slug, &valid, Status::Published, "submission"),
            )?;
            // An update that moves a published entry into a crisis's scope: held like the rest.
            if current_status(conn, &id)? == Status::Published {
                crate::crisis::publish_or_hold(conn, &id, now)?;
            }
        } else {
            if current_status(conn, &id)? != Status::Pending {
                return Err(conflict("the entry is no longer awaiting review"));
            }
            ownership::confirm_active(conn, &id, now)?;
            // The decision stands; a crisis that covers the entry holds it until restored.
            crate::crisis::publish_or_hold(conn, &id, now)?;
        }
        mark_changed(conn)?;
        let org = stored_organization(conn, &id)?;
        if let Some((address, lang)) = contact_address(conn, &id)? {
            let public = format!("{}/org/{}", settings.public_url, org.slug);
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::approved(&address, lang, &org.name, &public, update),
                now,
            )?;
        }
        Ok(())
    })
}

/// A moderator rejects a submission with a reason the group receives. A rejected new entry is
/// never public; a rejected update leaves the public version as it was.
pub fn reject(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    submission_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::models::now();
        let submission = ownership::submission(conn, submission_id)?;
        if !ownership::decide(
            conn,
            submission_id,
            SubmissionStatus::Rejected,
            Some(reason),
            now,
        )? {
            return Err(conflict("this submission was already decided"));
        }
        let id = submission.organization_id.clone();
        let update = submission.kind == SubmissionKind::Update;
        if !update {
            ownership::set_status(conn, &id, Status::Rejected, None, None, now)?;
        }
        let name: String = organizations::table
            .find(&id)
            .select(organizations::name)
            .first(conn)?;
        if let Some((address, lang)) = contact_address(conn, &id)? {
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::rejected(&address, lang, &name, reason, update),
                now,
            )?;
        }
        if !update {
            // Nothing will be done with a rejected entry's address or link: keep neither.
            ownership::forget_contact(conn, &id)?;
        }
        Ok(())
    })
}

/// What one maintenance pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MaintenanceReport {
    pub reminded: usize,
    pub hidden_for_consent: usize,
    pub shown_after_owner_hiding: usize,
    /// E-mails with an owner link or an invitation deleted unsent (see
    /// [`mail::unsent_secret_lifetimes`]).
    pub expired_unsent_secrets: usize,
}

/// Dated changes: reminders before consent runs out, hiding when it has, and the end of an
/// owner's hiding. `now` is a parameter so tests can move time.
pub fn maintain(
    conn: &mut AnyConnection,
    settings: &JoinSettings,
    now: NaiveDateTime,
) -> Result<MaintenanceReport, ApiError> {
    let period =
        chrono::Duration::from_std(settings.consent_period).unwrap_or(chrono::Duration::days(365));
    let lead =
        chrono::Duration::from_std(settings.reminder_lead).unwrap_or(chrono::Duration::days(30));
    crate::db::write_transaction(conn, |conn| {
        let mut report = MaintenanceReport::default();
        for (id, name, email, language) in ownership::due_for_reminder(conn, now - period + lead)? {
            let confirmed: NaiveDateTime = organizations::table
                .find(&id)
                .select(organizations::last_confirmed_at)
                .first(conn)?;
            let confirm_by = (confirmed + period).format("%Y-%m-%d").to_string();
            outbox::enqueue(
                conn,
                &settings.outbox_key,
                &mail::reminder(
                    &email,
                    mail::language(&language),
                    &name,
                    &confirm_by,
                    &settings.public_url,
                ),
                now,
            )?;
            ownership::mark_reminded(conn, &id, now)?;
            report.reminded += 1;
        }
        for id in ownership::consent_expired(conn, now - period)? {
            ownership::set_status(
                conn,
                &id,
                Status::Hidden,
                Some(HIDDEN_BY_CONSENT),
                None,
                now,
            )?;
            report.hidden_for_consent += 1;
        }
        for id in ownership::owner_hiding_over(conn, now)? {
            // Held by a crisis that covers it, as the crisis's restore would.
            crate::crisis::publish_or_hold(conn, &id, now)?;
            report.shown_after_owner_hiding += 1;
        }
        if report.hidden_for_consent + report.shown_after_owner_hiding > 0 {
            mark_changed(conn)?;
        }
        for (kind, lifetime) in mail::unsent_secret_lifetimes() {
            report.expired_unsent_secrets += outbox::delete_unsent(conn, kind, now - lifetime)?;
        }
        // Another instance of an older version may still write plaintext bodies.
        outbox::seal_plaintext(conn, &settings.outbox_key)?;
        form_token::prune(conn, now)?;
        crate::db::models::changes::prune(conn, crate::db::models::changes::KEPT_CHANGES)?;
        crate::auth::throttle::forget_idle(conn, now)?;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_compare_without_scheme_www_or_trailing_slash() {
        assert_eq!(
            comparable_website("https://www.Example.org/group/"),
            comparable_website("http://example.org/group")
        );
        assert_ne!(
            comparable_website("https://example.org/a"),
            comparable_website("https://example.org/b")
        );
    }

    #[test]
    fn similar_names_fold_case_accents_and_word_order() {
        assert!(similar_names(
            "Étudiants pour la Palestine",
            "etudiants POUR la palestine"
        ));
        assert!(similar_names(
            "Palestine Solidarity Glasgow",
            "Glasgow Palestine Solidarity Campaign"
        ));
        assert!(!similar_names(
            "Palestine Solidarity Glasgow",
            "Friends of Sabeel Oslo"
        ));
    }
}
