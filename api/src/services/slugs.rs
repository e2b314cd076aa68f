//! The one slug rule: an entry's or a resource's slug is the first of `base`, `base-2`,
//! `base-3`… ([`Slug::candidates`]) that nothing else has. Each function here asks that
//! question of a different store; the UNIQUE constraints check the answer again.

use std::collections::HashSet;

use diesel::prelude::*;
use shared::domain::Slug;

use crate::db::AnyConnection;
use crate::db::schema::{organizations, resources};

/// Candidates looked up in one indexed query before the pattern search in
/// [`free_organization_slug`].
const LOOKED_UP_AT_ONCE: usize = 32;

/// The first candidate not in `taken`, which it then joins (for many new entries at once, as an
/// import makes).
pub fn first_free(base: &Slug, taken: &mut HashSet<String>) -> Slug {
    let free = base
        .candidates()
        .find(|candidate| !taken.contains(candidate.as_str()))
        .unwrap_or_else(|| base.clone());
    taken.insert(free.as_str().to_owned());
    free
}

/// A slug no other organisation has. Mostly one indexed lookup: SQLite cannot use the slug index
/// for `LIKE` (which ignores case there), and a scan of every slug inside the write lock made
/// every other writer wait (BENCHMARKS.md, "Mixed load").
pub fn free_organization_slug(conn: &mut AnyConnection, base: &Slug) -> QueryResult<Slug> {
    let candidates: Vec<Slug> = base.candidates().take(LOOKED_UP_AT_ONCE).collect();
    let names: Vec<&str> = candidates.iter().map(Slug::as_str).collect();
    let mut taken: HashSet<String> = organizations::table
        .filter(organizations::slug.eq_any(&names))
        .select(organizations::slug)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    if taken.len() < candidates.len() {
        return Ok(first_free(base, &mut taken));
    }
    // Dozens of groups with this name and city: look at every suffix taken.
    let mut taken: HashSet<String> = organizations::table
        .filter(
            organizations::slug
                .eq(base.as_str())
                .or(organizations::slug.like(format!("{}-%", base.as_str()))),
        )
        .select(organizations::slug)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    Ok(first_free(base, &mut taken))
}

/// A slug no other resource has.
pub fn free_resource_slug(conn: &mut AnyConnection, base: &Slug) -> QueryResult<Slug> {
    let mut taken: HashSet<String> = resources::table
        .filter(
            resources::slug
                .eq(base.as_str())
                .or(resources::slug.like(format!("{}-%", base.as_str()))),
        )
        .select(resources::slug)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    Ok(first_free(base, &mut taken))
}

/// A slug no other event has (the same rule: the first free candidate).
pub fn free_event_slug(conn: &mut AnyConnection, base: &Slug) -> QueryResult<Slug> {
    use crate::db::models::event;
    let candidates: Vec<Slug> = base.candidates().take(LOOKED_UP_AT_ONCE).collect();
    let names: Vec<&str> = candidates.iter().map(Slug::as_str).collect();
    let mut taken: HashSet<String> = event::taken_slugs(conn, &names)?.into_iter().collect();
    if taken.len() < candidates.len() {
        return Ok(first_free(base, &mut taken));
    }
    let mut taken: HashSet<String> = event::slugs_like(conn, base.as_str())?
        .into_iter()
        .collect();
    Ok(first_free(base, &mut taken))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_free_candidate_is_taken_and_remembered() {
        let base = Slug::from_text("Olive Tree Glasgow", "group");
        let mut taken: HashSet<String> = [base.as_str().to_owned(), format!("{base}-2")].into();
        assert_eq!(first_free(&base, &mut taken).as_str(), format!("{base}-3"));
        assert_eq!(first_free(&base, &mut taken).as_str(), format!("{base}-4"));
        assert!(taken.contains(&format!("{base}-4")));
    }
}
