//! `solidarity-map backup`: a consistent copy of the live SQLite database, taken while writes go
//! on, from which a server runs again. PostgreSQL is backed up with pg_dump: the command says so.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use solidarity_map::config::Settings;
use solidarity_map::db::{self, AnyConnection, DatabaseUrl};
use solidarity_map::startup::Application;
use solidarity_map_tests::{draft, spawn_app_with};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut AnyConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

#[tokio::test]
async fn a_backup_taken_under_write_load_holds_whole_writes_only_and_serves_again() {
    let app = spawn_app_with(|s| s.write_burst = 10_000).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("backup.sqlite3");
    if !app.settings.database_url.is_sqlite() {
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
        let refused = solidarity_map::backup::backup(&mut conn, &file)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(refused.contains("pg_dump"), "{refused}");
        return;
    }

    // Four writers join the map one group after another while the backup is taken.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let app = Arc::new(app);
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..4 {
        let (app, acknowledged) = (app.clone(), acknowledged.clone());
        writers.spawn(async move {
            for i in 0..15 {
                let name = format!("Example Backup Group {writer}-{i}, Oslo");
                let entry = draft(&name, "media", "Oslo", "NO", 59.9, 10.75);
                app.submit(&entry, &format!("b{writer}-{i}@example.org"))
                    .await;
                acknowledged.fetch_add(1, Ordering::SeqCst);
            }
        });
    }
    while acknowledged.load(Ordering::SeqCst) < 10 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before = acknowledged.load(Ordering::SeqCst) as i64;
    let pool = app.pool.clone();
    let target = file.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap_or_else(|e| panic!("{e}"));
        solidarity_map::backup::backup(&mut conn, &target)
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"))
    .unwrap_or_else(|e| panic!("backup: {e:?}"));
    let after = acknowledged.load(Ordering::SeqCst) as i64;
    while writers.join_next().await.is_some() {}
    assert!(
        after < 60,
        "the backup ran while writes went on ({after} of 60 done)"
    );

    let copy = DatabaseUrl::Sqlite(file.clone());
    let restored = db::connect(&copy, 1).unwrap_or_else(|e| panic!("{e}"));
    let mut conn = restored.get().unwrap_or_else(|e| panic!("{e}"));
    let submissions = count(&mut conn, "SELECT COUNT(*) AS n FROM submissions");
    // Every write acknowledged before the backup began is in it; none from after it ended.
    assert!(
        (before..=after + 4).contains(&submissions),
        "{submissions} submissions, {before} acknowledged before and {after} after"
    );
    // Whole writes only: each submission has its organisation, its private row and its receipt.
    for (what, sql) in [
        (
            "organisations",
            "SELECT COUNT(*) AS n FROM submissions s WHERE NOT EXISTS \
             (SELECT 1 FROM organizations o WHERE o.id = s.organization_id)",
        ),
        (
            "private rows",
            "SELECT COUNT(*) AS n FROM submissions s WHERE NOT EXISTS \
             (SELECT 1 FROM organization_private p WHERE p.organization_id = s.organization_id)",
        ),
    ] {
        assert_eq!(count(&mut conn, sql), 0, "submissions without their {what}");
    }
    assert_eq!(
        count(&mut conn, "SELECT COUNT(*) AS n FROM organizations"),
        submissions,
        "no organisation without its submission"
    );
    solidarity_map::backup::check(&file).unwrap_or_else(|e| panic!("{e}"));
    drop(conn);

    // Restoring is using the file: a server runs on it, and an approval there goes public.
    let pending = solidarity_map::db::models::ownership::pending_submissions(
        &mut restored.get().unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings::for_database(copy);
    let server = Application::build(&settings).unwrap_or_else(|e| panic!("{e:?}"));
    let address = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run_until_stopped());
    solidarity_map::services::submissions::approve(
        &mut restored.get().unwrap_or_else(|e| panic!("{e}")),
        &settings.join,
        solidarity_map_tests::test_moderator(),
        pending[0].id,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let mut public = 0;
    for _ in 0..50 {
        let page: serde_json::Value = reqwest::get(format!("{address}/api/v1/organizations"))
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_default();
        public = page["items"].as_array().map_or(0, Vec::len);
        if public == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(public, 1, "the restored server serves the approved entry");
}
