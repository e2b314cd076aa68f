//! The rules every path that writes an entry shares: reading the stored entry and its status,
//! checking its keys, finding possible duplicates, the draft kept for review, and the answers
//! (conflict, form token used) those paths give.

use diesel::prelude::*;
use shared::api::{
    DuplicateReason, Organization, OrganizationDraft, PossibleDuplicate, ValidOrganization,
};
use shared::domain::{OrganizationId, Status};
use shared::i18n::Lang;
use shared::text::normalize_for_search;

use crate::config::JoinSettings;
use crate::db::AnyConnection;
use crate::db::models::{organization, ownership};
use crate::db::schema::organizations;
use crate::error::ApiError;
use crate::mail;

/// A person checked the entry: the one rule for `last_confirmed_at` (what readers see as
/// "confirmed 3 months ago", and what restarts the consent period and its reminder). These
/// confirm it, and nothing else does:
/// - its owner confirms it is still active, shows it again, or proposes an update (even one a
///   moderator later turns down: the group was there to write it);
/// - a moderator approves a submission for it (a new entry or an owner's update), or edits it.
///
/// A moderator changing only its status does not: that says nothing of whether its details
/// are still true. Call it inside the action's transaction, before `mark_changed`.
pub(crate) fn confirmed_by_person(
    conn: &mut AnyConnection,
    id: OrganizationId,
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    ownership::confirm_active(conn, id, now)
}

/// Something the owner or moderator asked cannot be done in the entry's current state.
pub(crate) fn conflict(detail: &str) -> ApiError {
    ApiError::Conflict(detail.to_owned())
}

pub(crate) fn owner_url(settings: &JoinSettings, token: &str) -> String {
    format!("{}/owner#{token}", settings.public_url)
}

/// The draft as kept for review: with the stored (for approximate entries, coarsened) point,
/// never the exact one the group typed.
pub(crate) fn draft_json(draft: &OrganizationDraft, valid: &ValidOrganization) -> String {
    let kept = OrganizationDraft {
        latitude: Some(valid.latitude.value()),
        longitude: Some(valid.longitude.value()),
        precision: Some(valid.precision.as_str().to_owned()),
        ..draft.clone()
    };
    serde_json::to_string(&kept).unwrap_or_else(|_| "{}".to_owned())
}

/// A form token sent a second time: 400, and nothing is stored.
pub(crate) fn form_token_used() -> ApiError {
    ApiError::Invalid(vec![shared::domain::FieldError::new(
        "form_token",
        "form_token_used",
        "this form was sent already: reload it to send another",
    )])
}

/// The stored organisation in any status, or 404.
pub(crate) fn stored_organization(
    conn: &mut AnyConnection,
    id: OrganizationId,
) -> Result<Organization, ApiError> {
    organization::public_rows_by_id(conn, &[id])?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))
}

pub(crate) fn current_status(
    conn: &mut AnyConnection,
    id: OrganizationId,
) -> Result<Status, ApiError> {
    ownership::organization_status(conn, id)
        .optional()?
        .ok_or_else(|| ApiError::NotFound("organisation".to_owned()))
}

/// The group's contact address and the language to write to it in.
pub(crate) fn contact_address(
    conn: &mut AnyConnection,
    id: OrganizationId,
) -> QueryResult<Option<(String, Lang)>> {
    let private = ownership::private_fields(conn, id)?;
    Ok(private
        .contact_email
        .map(|address| (address, mail::language(&private.language))))
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
    except: Option<OrganizationId>,
    include_pending: bool,
) -> QueryResult<Vec<PossibleDuplicate>> {
    type Row = (
        OrganizationId,
        String,
        String,
        String,
        String,
        Status,
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
    let live: &[Status] = if include_pending {
        &[Status::Published, Status::Pending]
    } else {
        &[Status::Published]
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
        .filter(|(_, r)| Some(r.0) != except && seen.insert(r.0))
        .take(5)
        .map(|(reason, (_, slug, name, city, country, status, _))| {
            if status == Status::Published {
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
