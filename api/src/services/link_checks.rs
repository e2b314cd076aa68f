//! When a link is checked again and when it is dead (issue #18). A link is checked at most
//! once every [`RECHECK_AFTER`] while it works, and a week after a failure; three failed checks
//! at least a week apart make it dead, and a dead link is left out of public pages and answers
//! until a check succeeds. A change of state makes the public index read the entries again.

use std::collections::HashSet;

use chrono::{Duration, NaiveDateTime};
use diesel::Connection;
use shared::api::admin::{LinkCheckPass, LinkCheckView, LinkUser};
use shared::domain::LinkOutcome;

use crate::db::AnyConnection;
use crate::db::models::link_check::{self, LinkCheckRow};
use crate::db::models::{mark_changed, utc};
use crate::link_check::Finding;
use crate::services::moderation::Scope;

/// A working link is checked again after this long (plus a spread, see [`spread`]).
pub const RECHECK_AFTER: Duration = Duration::days(30);
/// A failed link is checked again after this long, and failures count at most this often.
pub const FAILURE_SPACING: Duration = Duration::days(7);
/// Failed checks, each at least [`FAILURE_SPACING`] after the previous, that make a link dead.
pub const FAILURES_FOR_DEAD: i32 = 3;

/// Up to two days more, the same for a URL every time: links first checked together are
/// checked again on different days.
fn spread(url: &str) -> Duration {
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    Duration::minutes(i64::try_from(hash % (2 * 24 * 60)).unwrap_or(0))
}

/// The row after a check made at `now` found `finding`.
pub fn after_check(row: &LinkCheckRow, finding: Finding, now: NaiveDateTime) -> LinkCheckRow {
    let mut next = LinkCheckRow {
        checked_at: Some(now),
        outcome: Some(finding.outcome),
        http_status: finding.http_status.map(i32::from),
        ..row.clone()
    };
    if finding.outcome == LinkOutcome::Ok {
        next.failures = 0;
        next.counted_failure_at = None;
        next.dead = false;
        next.next_check_at = now + RECHECK_AFTER + spread(&row.url);
    } else {
        let counts = row
            .counted_failure_at
            .is_none_or(|last| now - last >= FAILURE_SPACING);
        if counts {
            next.failures = row.failures + 1;
            next.counted_failure_at = Some(now);
        }
        next.dead = next.failures >= FAILURES_FOR_DEAD;
        next.next_check_at = now + FAILURE_SPACING;
    }
    next
}

/// Whether a link names a real site: names reserved for examples and tests (RFC 2606, RFC
/// 6761: the demo data's `example.org`) are never fetched.
pub fn worth_checking(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let reserved = ["example.org", "example.com", "example.net"]
        .iter()
        .any(|name| host == *name || host.ends_with(&format!(".{name}")))
        || [".example", ".test", ".invalid", ".localhost"]
            .iter()
            .any(|tld| host.ends_with(tld))
        || host == "localhost";
    !host.is_empty() && !reserved
}

/// Adds a row for every link in use that has none (due at once) and deletes the rows of
/// links no longer used. Returns (added, removed).
pub fn sync(conn: &mut AnyConnection, now: NaiveDateTime) -> diesel::QueryResult<(usize, usize)> {
    conn.transaction(|conn| {
        let mut in_use = link_check::links_in_use(conn)?;
        in_use.retain(|url| worth_checking(url));
        let known = link_check::known(conn)?;
        let added: Vec<LinkCheckRow> = in_use
            .difference(&known)
            .map(|url| LinkCheckRow::new(url.clone(), now))
            .collect();
        let gone: Vec<String> = known.difference(&in_use).cloned().collect();
        let dead_gone = !gone.is_empty() && {
            let dead = link_check::dead(conn)?;
            gone.iter().any(|url| dead.contains(url))
        };
        link_check::insert(conn, &added)?;
        link_check::delete(conn, &gone)?;
        if dead_gone {
            mark_changed(conn)?;
        }
        Ok((added.len(), gone.len()))
    })
}

/// Records what the checks found, in one transaction; a link that became dead or alive again
/// makes the public record change.
pub fn record(
    conn: &mut AnyConnection,
    findings: &[(LinkCheckRow, Finding)],
    now: NaiveDateTime,
) -> diesel::QueryResult<LinkCheckPass> {
    conn.transaction(|conn| {
        let mut pass = LinkCheckPass::default();
        let mut changed = false;
        for (row, finding) in findings {
            // Deleted by a sync meanwhile: nothing to record.
            let Some(current) = link_check::find(conn, &row.url)? else {
                continue;
            };
            let next = after_check(&current, *finding, now);
            link_check::save(conn, &next)?;
            pass.checked += 1;
            if finding.outcome != LinkOutcome::Ok {
                pass.failed += 1;
            }
            if next.dead != current.dead {
                if next.dead {
                    pass.now_dead += 1;
                } else {
                    pass.revived += 1;
                }
                link_check::touch_organizations_using(conn, &next.url)?;
                changed = true;
            }
        }
        if changed {
            mark_changed(conn)?;
        }
        Ok(pass)
    })
}

fn users<Id: std::fmt::Display>(found: Vec<(Id, String)>) -> Vec<LinkUser> {
    found
        .into_iter()
        .map(|(id, name)| LinkUser {
            id: id.to_string(),
            name,
        })
        .collect()
}

/// The failing links, with where each is used, for moderators. A moderator limited to some
/// countries sees the links of entries in those countries only (resources belong to no country:
/// they are for moderators of every country).
pub fn failing(conn: &mut AnyConnection, scope: &Scope) -> diesel::QueryResult<Vec<LinkCheckView>> {
    let countries = scope.codes();
    let rows = link_check::failing(conn)?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(outcome), Some(checked_at)) = (row.outcome, row.checked_at) else {
            continue;
        };
        let organizations = users(link_check::organizations_using(
            conn,
            &row.url,
            countries.as_deref(),
        )?);
        let resources = match countries {
            None => users(link_check::resources_using(conn, &row.url)?),
            Some(_) => Vec::new(),
        };
        if organizations.is_empty() && countries.is_some() {
            continue;
        }
        views.push(LinkCheckView {
            url: row.url,
            outcome,
            http_status: row.http_status,
            failures: row.failures,
            dead: row.dead,
            checked_at: utc(checked_at),
            next_check_at: utc(row.next_check_at),
            organizations,
            resources,
        });
    }
    Ok(views)
}

/// Which of `urls` (an entry's website and links) failed their last check, for its owner.
pub fn problems_of<'a>(
    conn: &mut AnyConnection,
    urls: impl Iterator<Item = &'a String>,
) -> diesel::QueryResult<Vec<shared::api::LinkProblem>> {
    let mut problems = Vec::new();
    for url in urls {
        let Some(row) = link_check::find(conn, url)? else {
            continue;
        };
        if let (Some(outcome), Some(checked_at)) = (row.outcome, row.checked_at)
            && outcome != LinkOutcome::Ok
        {
            problems.push(shared::api::LinkProblem {
                url: row.url,
                outcome,
                http_status: row.http_status,
                dead: row.dead,
                checked_at: utc(checked_at),
            });
        }
    }
    Ok(problems)
}

/// The dead links (see [`FAILURES_FOR_DEAD`]): public answers leave them out.
pub fn dead_links(conn: &mut AnyConnection) -> diesel::QueryResult<HashSet<String>> {
    link_check::dead(conn)
}

/// Checks at once, in one pass: enough to keep a pass short, few enough to be polite.
const AT_ONCE: usize = 4;

/// One pass: adds new links (when `sync`), checks up to `limit` of those due (a few at a
/// time) and records what was found.
pub async fn run_pass(
    pool: &crate::db::DbPool,
    checker: &crate::link_check::Checker,
    limit: i64,
    sync_first: bool,
) -> anyhow::Result<LinkCheckPass> {
    let for_due = pool.clone();
    let due = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<LinkCheckRow>> {
        let mut conn = for_due.get()?;
        let now = crate::db::models::now();
        if sync_first {
            sync(&mut conn, now)?;
        }
        Ok(link_check::due(&mut conn, now, limit)?)
    })
    .await??;
    let mut findings = Vec::with_capacity(due.len());
    for batch in due.chunks(AT_ONCE) {
        let checks = batch.iter().map(|row| checker.check(&row.url));
        let found = futures_util::future::join_all(checks).await;
        findings.extend(batch.iter().cloned().zip(found));
    }
    let for_record = pool.clone();
    let pass = tokio::task::spawn_blocking(move || -> anyhow::Result<LinkCheckPass> {
        let mut conn = for_record.get()?;
        Ok(record(&mut conn, &findings, crate::db::models::now())?)
    })
    .await??;
    Ok(pass)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap_or_default()
            .naive_utc()
            + Duration::days(days)
    }

    fn failed() -> Finding {
        Finding {
            outcome: LinkOutcome::HttpError,
            http_status: Some(404),
        }
    }

    #[test]
    fn names_reserved_for_examples_are_never_fetched() {
        for reserved in [
            "https://example.org/cork-solidarity",
            "http://www.example.com",
            "https://group.test/about",
            "https://user@EXAMPLE.NET:8443/x",
            "http://localhost:8080/",
        ] {
            assert!(!worth_checking(reserved), "{reserved}");
        }
        for real in [
            "https://grassrootsalquds.net/",
            "http://127.0.0.1:8080/ok",
            "https://examples.org/",
        ] {
            assert!(worth_checking(real), "{real}");
        }
    }

    #[test]
    fn three_failures_a_week_apart_make_a_link_dead_and_one_success_revives_it() {
        let row = LinkCheckRow::new("https://example.org/gone".to_owned(), at(0));
        let once = after_check(&row, failed(), at(0));
        assert_eq!(
            (once.failures, once.dead, once.next_check_at),
            (1, false, at(7))
        );
        // Checked again two days later (a moderator asked): not counted.
        let soon = after_check(&once, failed(), at(2));
        assert_eq!(soon.failures, 1);
        let twice = after_check(&soon, failed(), at(7));
        assert_eq!((twice.failures, twice.dead), (2, false));
        let thrice = after_check(&twice, failed(), at(14));
        assert_eq!((thrice.failures, thrice.dead), (3, true));
        let back = after_check(
            &thrice,
            Finding {
                outcome: LinkOutcome::Ok,
                http_status: Some(200),
            },
            at(20),
        );
        assert_eq!(
            (back.failures, back.dead, back.counted_failure_at),
            (0, false, None)
        );
        assert!(back.next_check_at >= at(50) && back.next_check_at <= at(52));
    }
}
