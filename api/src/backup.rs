//! Online backups of the SQLite database: `VACUUM INTO` copies one consistent snapshot (a single
//! read transaction, so writers carry on meanwhile and nothing half-written is copied) into a
//! new, compact file. PostgreSQL is backed up with `pg_dump` (see the README).

use std::path::Path;

use anyhow::Context;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::AnyConnection;

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// Writes a consistent copy of the live database to `target`, which must not exist yet, then
/// checks the copy.
pub fn backup(conn: &mut AnyConnection, target: &Path) -> anyhow::Result<()> {
    let AnyConnection::Sqlite(sqlite) = conn else {
        anyhow::bail!(
            "backup copies SQLite databases; for PostgreSQL use pg_dump (see the README)"
        );
    };
    anyhow::ensure!(
        !target.exists(),
        "{} exists already: choose a new file",
        target.display()
    );
    let target_text = target
        .to_str()
        .context("the backup file's path must be valid UTF-8")?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target_text)
        .execute(sqlite)
        .with_context(|| format!("writing the backup to {}", target.display()))?;
    check(target)
}

/// `PRAGMA integrity_check` on a database file: Ok when SQLite says "ok".
pub fn check(file: &Path) -> anyhow::Result<()> {
    // Opening a missing file would create an empty (and "ok") database.
    anyhow::ensure!(file.is_file(), "{} is not a file", file.display());
    let path = file
        .to_str()
        .context("the file's path must be valid UTF-8")?;
    let mut conn = diesel::SqliteConnection::establish(path)
        .with_context(|| format!("opening {}", file.display()))?;
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn)?;
    let verdict: Vec<String> = rows.into_iter().map(|r| r.integrity_check).collect();
    anyhow::ensure!(
        verdict == ["ok"],
        "{} is damaged: {}",
        file.display(),
        verdict.join("; ")
    );
    Ok(())
}
