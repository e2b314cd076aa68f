//! The public index re-reads only organisations named in the change log that database triggers
//! write (migration 000006). Changes made behind the server's back, the way the CLI or another
//! instance makes them, must show, also after the log was pruned past what the index has seen.

use diesel::{Connection, RunQueryDsl};
use serde_json::Value;
use shared::domain::Status;
use solidarity_map::db::models::{changes, mark_changed};
use solidarity_map_tests::{TestApp, draft, spawn_app};

fn names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {list}"))
        .iter()
        .map(|o| o["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    names.sort();
    names
}

/// Runs `statement` and bumps the data version in one transaction, as every writer does.
fn write_behind_the_servers_back(app: &TestApp, statement: &str) {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("connection: {e}"));
    conn.transaction(|c| {
        diesel::sql_query(statement).execute(c)?;
        mark_changed(c)
    })
    .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

fn prune_everything(app: &TestApp) -> usize {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("connection: {e}"));
    conn.transaction(|c| changes::prune(c, 0))
        .unwrap_or_else(|e| panic!("pruning the change log: {e}"))
}

#[tokio::test]
async fn edits_deletions_and_new_entries_show_in_the_public_list_with_or_without_the_change_log() {
    let app = spawn_app().await;
    let first = app.insert(
        draft("Example Index First", "media", "Oslo", "NO", 59.9, 10.7),
        Status::Published,
    );
    assert_eq!(
        names(&app.get_json("/api/v1/organizations").await),
        ["Example Index First"]
    );

    write_behind_the_servers_back(
        &app,
        &format!(
            "UPDATE organizations SET name = 'Example Index Renamed' WHERE id = '{}'",
            first.id
        ),
    );
    assert_eq!(
        names(&app.get_json("/api/v1/organizations").await),
        ["Example Index Renamed"],
        "an edit logged by the trigger"
    );

    // Changes the index has not read yet, then a prune that takes their log rows: the index
    // must notice and read everything.
    app.insert(
        draft("Example Index Second", "media", "Bergen", "NO", 60.4, 5.3),
        Status::Published,
    );
    write_behind_the_servers_back(
        &app,
        &format!(
            "UPDATE organizations SET name = 'Example Index Edited Before Pruning' WHERE id = '{}'",
            first.id
        ),
    );
    assert!(prune_everything(&app) > 0, "the log had rows to prune");
    assert_eq!(
        names(&app.get_json("/api/v1/organizations").await),
        [
            "Example Index Edited Before Pruning",
            "Example Index Second"
        ],
        "after the log lost rows the index had not seen, it reads everything again"
    );

    write_behind_the_servers_back(
        &app,
        &format!(
            "INSERT INTO organization_focus_areas (organization_id, focus_area_key) VALUES ('{}', 'housing')",
            first.id
        ),
    );
    let list = app.get_json("/api/v1/organizations?focus=housing").await;
    assert_eq!(
        names(&list),
        ["Example Index Edited Before Pruning"],
        "a focus area added on its own (logged by the focus areas' trigger)"
    );

    write_behind_the_servers_back(
        &app,
        &format!("DELETE FROM organizations WHERE id = '{}'", first.id),
    );
    assert_eq!(
        names(&app.get_json("/api/v1/organizations").await),
        ["Example Index Second"],
        "a deletion logged by the trigger"
    );
}

#[tokio::test]
async fn pruning_keeps_the_newest_rows_and_remembers_how_far_it_went() {
    let app = spawn_app().await;
    for n in 0..5 {
        app.insert(
            draft(
                &format!("Example Prune {n}"),
                "media",
                "Oslo",
                "NO",
                59.9,
                10.7,
            ),
            Status::Pending,
        );
    }
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("connection: {e}"));
    let latest = changes::latest(&mut conn).unwrap_or_else(|e| panic!("latest: {e}"));
    assert!(latest >= 5, "every insert is logged: {latest}");
    let pruned = conn
        .transaction(|c| changes::prune(c, 2))
        .unwrap_or_else(|e| panic!("prune: {e}"));
    let (ids, newest) = changes::since(&mut conn, 0).unwrap_or_else(|e| panic!("since: {e}"));
    assert_eq!(newest, latest);
    assert_eq!(ids.len(), 2, "the two newest rows stay");
    assert!(pruned >= 3);
    assert_eq!(
        changes::pruned_through(&mut conn).unwrap_or_else(|e| panic!("watermark: {e}")),
        latest - 2
    );
    assert_eq!(
        conn.transaction(|c| changes::prune(c, 2))
            .unwrap_or_else(|e| panic!("again: {e}")),
        0,
        "nothing more to prune"
    );
}
