//! Issue #18, "Freshness anyone can see": every answer says when a person last confirmed an
//! entry, `confirmed_within=6|12` narrows the list, the GeoJSON and the clusters, and which
//! actions confirm an entry (the owner's and a moderator's) is one rule.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use shared::domain::Status;
use solidarity_map_tests::{TestApp, draft, spawn_app};

const WORLD: &str = "bbox=-180,-85,180,85";

/// Makes the entry's last confirmation `days` old, as time passing would.
fn confirmed_days_ago(app: &TestApp, id: &str, days: i64) {
    use diesel::prelude::*;
    use solidarity_map::db::schema::organizations;
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let at = Utc::now().naive_utc() - Duration::days(days);
    diesel::update(organizations::table.find(id))
        .set(organizations::last_confirmed_at.eq(at))
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("ageing: {e}"));
    solidarity_map::db::models::mark_changed(&mut conn).unwrap_or_else(|e| panic!("bump: {e}"));
}

/// When the stored entry was last confirmed (whatever its status).
fn stored_confirmation(app: &TestApp, id: &str) -> DateTime<Utc> {
    use diesel::prelude::*;
    use solidarity_map::db::schema::organizations;
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let at: chrono::NaiveDateTime = organizations::table
        .find(id)
        .select(organizations::last_confirmed_at)
        .first(&mut conn)
        .unwrap_or_else(|e| panic!("reading: {e}"));
    at.and_utc()
}

fn just_now(at: DateTime<Utc>) -> bool {
    Utc::now() - at < Duration::minutes(5)
}

/// Three published entries confirmed 10, 200 and 400 days ago; their ids.
fn three_ages(app: &TestApp) -> [String; 3] {
    [
        ("Recent Group, Oslo", "Oslo", "NO", 59.91, 10.75, 10),
        ("Half Year Group, Lima", "Lima", "PE", -12.05, -77.04, 200),
        ("Silent Group, Quito", "Quito", "EC", -0.18, -78.47, 400),
    ]
    .map(|(name, city, country, lat, lon, days)| {
        let org = app.insert(
            draft(name, "media", city, country, lat, lon),
            Status::Published,
        );
        let id = org.id.to_string();
        confirmed_days_ago(app, &id, days);
        id
    })
}

fn names(items: &[Value], key: &str) -> Vec<String> {
    let mut names: Vec<String> = items
        .iter()
        .map(|item| {
            let item = if key.is_empty() { item } else { &item[key] };
            item["name"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    names.sort();
    names
}

async fn listed(app: &TestApp, filter: &str) -> Vec<String> {
    let page = app
        .get_json(&format!("/api/v1/organizations?limit=500{filter}"))
        .await;
    names(page["items"].as_array().map_or(&[], Vec::as_slice), "")
}

async fn in_geojson(app: &TestApp, filter: &str) -> Vec<String> {
    let collection = app
        .get_json(&format!("/api/v1/organizations.geojson?limit=500{filter}"))
        .await;
    names(
        collection["features"].as_array().map_or(&[], Vec::as_slice),
        "properties",
    )
}

/// The organisations the deepest zoom shows one by one, and the world view's total (from the
/// clustered index).
async fn on_the_map(app: &TestApp, filter: &str) -> (Vec<String>, u64) {
    let deep = app
        .get_json(&format!("/api/v1/map/clusters?{WORLD}&zoom=22{filter}"))
        .await;
    let world = app
        .get_json(&format!("/api/v1/map/clusters?{WORLD}&zoom=1{filter}"))
        .await;
    let points: Vec<Value> = deep["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["type"] == "organization")
        .cloned()
        .collect();
    (names(&points, ""), world["total"].as_u64().unwrap_or(0))
}

#[tokio::test]
async fn every_public_answer_says_when_a_person_last_confirmed_the_entry() {
    let app = spawn_app().await;
    let org = app.insert(
        draft("Silent Group, Quito", "media", "Quito", "EC", -0.18, -78.47),
        Status::Published,
    );
    let id = org.id.to_string();
    confirmed_days_ago(&app, &id, 400);
    let stored = stored_confirmation(&app, &id);
    let read = |value: &Value| {
        value
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let detail = app
        .get_json(&format!("/api/v1/organizations/{}", org.slug.as_str()))
        .await;
    assert_eq!(read(&detail["last_confirmed_at"]), Some(stored), "{detail}");
    let list = app.get_json("/api/v1/organizations").await;
    assert_eq!(
        read(&list["items"][0]["last_confirmed_at"]),
        Some(stored),
        "{list}"
    );
    let geojson = app.get_json("/api/v1/organizations.geojson").await;
    assert_eq!(
        read(&geojson["features"][0]["properties"]["last_confirmed_at"]),
        Some(stored),
        "{geojson}"
    );
    let clusters = app
        .get_json(&format!("/api/v1/map/clusters?{WORLD}&zoom=22"))
        .await;
    assert_eq!(clusters["features"][0]["type"], "organization");
    assert_eq!(
        read(&clusters["features"][0]["last_confirmed_at"]),
        Some(stored),
        "{clusters}"
    );
}

#[tokio::test]
async fn confirmed_within_narrows_the_list_the_geojson_and_the_clusters_alike() {
    let app = spawn_app().await;
    three_ages(&app);
    let recent = vec!["Recent Group, Oslo".to_owned()];
    let year = vec![
        "Half Year Group, Lima".to_owned(),
        "Recent Group, Oslo".to_owned(),
    ];
    let all = vec![
        "Half Year Group, Lima".to_owned(),
        "Recent Group, Oslo".to_owned(),
        "Silent Group, Quito".to_owned(),
    ];
    for (filter, expected) in [
        ("", &all),
        ("&confirmed_within=6", &recent),
        ("&confirmed_within=12", &year),
    ] {
        // Twice: the second answer is the prepared one.
        for _ in 0..2 {
            assert_eq!(&listed(&app, filter).await, expected, "list {filter}");
            assert_eq!(
                &in_geojson(&app, filter).await,
                expected,
                "GeoJSON {filter}"
            );
            assert_eq!(
                on_the_map(&app, filter).await,
                (expected.clone(), expected.len() as u64),
                "clusters {filter}"
            );
        }
    }
    // The filter combines with the others.
    assert_eq!(
        listed(&app, "&confirmed_within=12&country=PE").await,
        vec!["Half Year Group, Lima".to_owned()]
    );
}

#[tokio::test]
async fn a_confirmation_shows_at_once_in_the_filtered_answers() {
    let app = spawn_app().await;
    let [_, _, silent] = three_ages(&app);
    assert_eq!(on_the_map(&app, "&confirmed_within=6").await.1, 1);
    assert_eq!(listed(&app, "&confirmed_within=6").await.len(), 1);
    confirmed_days_ago(&app, &silent, 0);
    assert_eq!(on_the_map(&app, "&confirmed_within=6").await.1, 2);
    assert_eq!(listed(&app, "&confirmed_within=6").await.len(), 2);
}

#[tokio::test]
async fn a_bad_confirmed_within_is_refused_with_a_problem_naming_the_field() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/organizations?confirmed_within=3",
        "/api/v1/organizations?confirmed_within=6m",
        "/api/v1/organizations.geojson?confirmed_within=24",
        "/api/v1/organizations.csv?confirmed_within=year",
        &format!("/api/v1/map/clusters?{WORLD}&zoom=2&confirmed_within=-6"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap_or(""),
            "application/problem+json",
            "{path}"
        );
        let problem: Value = response.json().await.unwrap_or_default();
        assert_eq!(
            problem["errors"][0]["field"], "confirmed_within",
            "{path}: {problem}"
        );
        assert_eq!(
            problem["errors"][0]["rule"], "invalid_choice",
            "{path}: {problem}"
        );
    }
}

/// Submits and approves an entry; returns (owner token, id).
async fn owned_entry(app: &TestApp) -> (String, String) {
    let d = draft(
        "Example Student Group, Bergen",
        "student_group",
        "Bergen",
        "NO",
        60.39,
        5.32,
    );
    let receipt = app.submit(&d, "bergen@example.org").await;
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let id = submission.organization_id.to_string();
    assert!(just_now(stored_confirmation(app, &id)), "approval confirms");
    let token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (token, id)
}

#[tokio::test]
async fn the_owner_confirming_or_updating_confirms_the_entry() {
    let app = spawn_app().await;
    let (token, id) = owned_entry(&app).await;

    confirmed_days_ago(&app, &id, 400);
    let response = app
        .as_owner(&token, "/api/v1/owner/entry/confirm", None)
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    assert!(just_now(stored_confirmation(&app, &id)), "confirm");

    confirmed_days_ago(&app, &id, 400);
    let mut update = serde_json::to_value(draft(
        "Bergen Students for Palestine",
        "student_group",
        "Bergen",
        "NO",
        60.39,
        5.32,
    ))
    .unwrap_or_default();
    update["description"] = "Renamed".into();
    let response = app
        .as_owner(&token, "/api/v1/owner/entry/update", Some(&update))
        .await;
    assert_eq!(response.status(), 200);
    let confirmed = stored_confirmation(&app, &id);
    assert!(just_now(confirmed), "an owner's update confirms at once");
    // And the public answers say so before any moderator looks at the update.
    assert_eq!(
        listed(&app, "&confirmed_within=6").await,
        vec!["Example Student Group, Bergen".to_owned()]
    );

    confirmed_days_ago(&app, &id, 400);
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    assert!(
        just_now(stored_confirmation(&app, &id)),
        "a moderator approving an update confirms"
    );
}

#[tokio::test]
async fn a_moderator_editing_confirms_the_entry_and_a_status_change_does_not() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let org = app.insert(
        draft("Example Media, Oslo", "media", "Oslo", "NO", 59.9, 10.75),
        Status::Published,
    );
    let id = org.id.to_string();
    confirmed_days_ago(&app, &id, 400);
    let old = stored_confirmation(&app, &id);

    for status in ["hidden", "published"] {
        let response = app
            .staff(
                Method::POST,
                &token,
                &format!("/api/v1/admin/organizations/{id}/status"),
                Some(&json!({ "status": status })),
            )
            .await;
        assert_eq!(response.status(), 200, "{status}");
    }
    assert_eq!(
        stored_confirmation(&app, &id),
        old,
        "hiding and publishing say nothing of the details"
    );

    let mut edited = serde_json::to_value(draft(
        "Example Media, Oslo",
        "media",
        "Oslo",
        "NO",
        59.9,
        10.75,
    ))
    .unwrap_or_default();
    edited["description"] = "Checked by a moderator".into();
    let response = app
        .staff(
            Method::PUT,
            &token,
            &format!("/api/v1/admin/organizations/{id}"),
            Some(&edited),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(just_now(stored_confirmation(&app, &id)), "an edit confirms");
    assert_eq!(
        listed(&app, "&confirmed_within=6").await,
        vec!["Example Media, Oslo".to_owned()]
    );
}

#[tokio::test]
async fn the_pages_filter_without_scripts_and_say_how_long_ago_in_words() {
    let app = spawn_app().await;
    three_ages(&app);
    let text = |path: &'static str| {
        let app = &app;
        async move {
            let response = app.get(path).await;
            assert_eq!(response.status(), 200, "{path}");
            response.text().await.unwrap_or_default()
        }
    };
    let all = text("/?lang=en").await;
    assert!(all.contains("Silent Group, Quito"));
    assert!(all.contains("Not confirmed for over a year"), "the mark");
    assert!(all.contains("Confirmed 10 days ago"), "{all}");
    assert!(
        all.contains(r#"name="confirmed_within""#),
        "the form's filter"
    );
    let recent = text("/?lang=en&confirmed_within=6").await;
    assert!(recent.contains("Recent Group, Oslo"));
    assert!(!recent.contains("Half Year Group, Lima"));
    assert!(!recent.contains("Silent Group, Quito"));
    let bad = app.get("/?confirmed_within=7").await;
    assert_eq!(
        bad.status(),
        400,
        "a bad value is named, as the other filters"
    );
    let arabic = text("/?lang=ar&confirmed_within=12").await;
    assert!(arabic.contains("أُكِّد قبل 10 أيام"), "{arabic}");
    assert!(!arabic.contains("Silent Group, Quito"));
}
