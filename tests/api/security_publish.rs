//! Issue #13, items 3 and 7: one rule decides whether an entry may be public (not while a crisis
//! covers it, not once its owner asked for deletion) and every path that publishes goes through
//! it; the public duplicate check does not reveal applications under review.

use chrono::Utc;
use reqwest::Method;
use serde_json::{Value, json};
use shared::domain::Status;
use solidarity_map_tests::{TestApp, draft, spawn_app};

fn token_of(receipt: &Value) -> String {
    receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn id_of(receipt: &Value) -> String {
    receipt["organization_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Whether the entry shows anywhere the public looks: the list (searched by name), the map's
/// clusters at full zoom, or its own page.
async fn public(app: &TestApp, id: &str, name: &str) -> bool {
    let q = name.to_lowercase().replace(' ', "%20");
    let list = app
        .get(&format!("/api/v1/organizations?q={q}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    let clusters = app
        .get("/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=22")
        .await
        .text()
        .await
        .unwrap_or_default();
    let page = app
        .get(&format!("/api/v1/organizations/{id}"))
        .await
        .status();
    list.contains(name) || clusters.contains(id) || page == 200
}

/// Starts a crisis as admin; returns its id.
async fn start_crisis(app: &TestApp, admin: &str, scope: Value) -> String {
    let response = app
        .staff(Method::POST, admin, "/api/v1/admin/crisis", Some(&scope))
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap_or_default();
    body["id"].as_str().unwrap_or_default().to_owned()
}

async fn restore(app: &TestApp, admin: &str, crisis: &str) {
    let response = app
        .staff(
            Method::POST,
            admin,
            &format!("/api/v1/admin/crisis/{crisis}/restore"),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
}

/// Asserts a 409 problem with this code.
async fn refused(response: reqwest::Response, code: &str) {
    let status = response.status();
    let problem: Value = response.json().await.unwrap_or_default();
    assert_eq!(
        (status.as_u16(), problem["code"].as_str()),
        (409, Some(code)),
        "{problem}"
    );
}

async fn admin_view(app: &TestApp, token: &str, id: &str) -> Value {
    app.staff(
        Method::GET,
        token,
        &format!("/api/v1/admin/organizations/{id}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap_or_default()
}

async fn set_status(app: &TestApp, token: &str, id: &str, status: &str) -> reqwest::Response {
    app.staff(
        Method::POST,
        token,
        &format!("/api/v1/admin/organizations/{id}/status"),
        Some(&json!({ "status": status })),
    )
    .await
}

/// A submitted entry, approved; returns its receipt.
async fn published_with_owner(app: &TestApp, name: &str, city: &str, country: &str) -> Value {
    let (lat, lon) = match country {
        "EG" => (30.04, 31.24),
        _ => (59.33, 18.07),
    };
    let receipt = app
        .submit(
            &draft(name, "media", city, country, lat, lon),
            "owner@example.org",
        )
        .await;
    let id = id_of(&receipt);
    let submission = app
        .pending_submissions()
        .into_iter()
        .find(|s| s.organization_id.to_string() == id)
        .unwrap_or_else(|| panic!("{name} is not pending"));
    app.approve(&submission.id);
    receipt
}

#[tokio::test]
async fn a_moderator_cannot_publish_an_entry_a_crisis_covers_or_its_owner_asked_to_delete() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let (moderator, _) = app.moderator_token().await;
    let covered = app.insert(
        draft(
            "Example Covered Group, Cairo",
            "media",
            "Cairo",
            "EG",
            30.04,
            31.24,
        ),
        Status::Published,
    );
    let hidden_before = app.insert(
        draft(
            "Example Quiet Group, Giza",
            "media",
            "Giza",
            "EG",
            30.01,
            31.21,
        ),
        Status::Hidden,
    );
    let crisis = start_crisis(&app, &admin, json!({"country": "EG", "reason": "raids"})).await;
    for org in [&covered, &hidden_before] {
        let id = org.id.to_string();
        refused(
            set_status(&app, &moderator, &id, "published").await,
            "held_by_crisis",
        )
        .await;
        assert!(!public(&app, &id, &org.name).await, "{}", org.name);
    }
    assert_eq!(
        admin_view(&app, &moderator, &covered.id.to_string()).await["hidden_by"],
        "crisis",
        "the refusal changed nothing: the crisis still holds it"
    );

    let leaving =
        published_with_owner(&app, "Example Leaving Group, Stockholm", "Stockholm", "SE").await;
    let id = id_of(&leaving);
    assert_eq!(
        app.as_owner(
            &token_of(&leaving),
            "/api/v1/owner/entry/deletion-request",
            None
        )
        .await
        .status(),
        200
    );
    refused(
        set_status(&app, &moderator, &id, "published").await,
        "deletion_requested",
    )
    .await;
    assert!(!public(&app, &id, "Example Leaving Group, Stockholm").await);

    // Restoring still brings back exactly what the crisis hid.
    restore(&app, &admin, &crisis).await;
    assert!(public(&app, &covered.id.to_string(), &covered.name).await);
    assert!(!public(&app, &hidden_before.id.to_string(), &hidden_before.name).await);
    assert!(!public(&app, &id, "Example Leaving Group, Stockholm").await);
    // With no crisis and no deletion request, the same change publishes.
    assert_eq!(
        set_status(&app, &moderator, &hidden_before.id.to_string(), "published")
            .await
            .status(),
        200
    );
    assert!(public(&app, &hidden_before.id.to_string(), &hidden_before.name).await);
}

#[tokio::test]
async fn an_owner_cannot_show_or_confirm_back_an_entry_a_crisis_covers_or_waiting_to_be_deleted() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let receipt = published_with_owner(&app, "Example Hiding Group, Cairo", "Cairo", "EG").await;
    let (token, id) = (token_of(&receipt), id_of(&receipt));
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/hide", Some(&json!({})))
            .await
            .status(),
        200
    );
    let crisis = start_crisis(&app, &admin, json!({"country": "EG", "reason": "raids"})).await;
    refused(
        app.as_owner(&token, "/api/v1/owner/entry/show", None).await,
        "held_by_crisis",
    )
    .await;
    assert!(!public(&app, &id, "Example Hiding Group, Cairo").await);
    restore(&app, &admin, &crisis).await;
    assert!(
        !public(&app, &id, "Example Hiding Group, Cairo").await,
        "the owner's own hiding stays"
    );
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/show", None)
            .await
            .status(),
        200
    );
    assert!(public(&app, &id, "Example Hiding Group, Cairo").await);

    // Hidden by its owner, then deletion asked for: showing it is refused, and says why.
    let leaving =
        published_with_owner(&app, "Example Leaving Group, Uppsala", "Uppsala", "SE").await;
    let (token, id) = (token_of(&leaving), id_of(&leaving));
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/hide", Some(&json!({})))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/deletion-request", None)
            .await
            .status(),
        200
    );
    refused(
        app.as_owner(&token, "/api/v1/owner/entry/show", None).await,
        "deletion_requested",
    )
    .await;
    assert!(!public(&app, &id, "Example Leaving Group, Uppsala").await);

    // Hidden because nobody confirmed it, then deletion asked for: "still active" does not
    // bring it back.
    let lapsed = published_with_owner(&app, "Example Lapsed Group, Malmo", "Malmo", "SE").await;
    let (token, id) = (token_of(&lapsed), id_of(&lapsed));
    let report = app.maintain_at((Utc::now() + chrono::Duration::days(400)).naive_utc());
    assert!(report.hidden_for_consent >= 1, "{report:?}");
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/deletion-request", None)
            .await
            .status(),
        200
    );
    refused(
        app.as_owner(&token, "/api/v1/owner/entry/confirm", None)
            .await,
        "deletion_requested",
    )
    .await;
    assert!(!public(&app, &id, "Example Lapsed Group, Malmo").await);
}

#[tokio::test]
async fn approving_creating_or_moving_an_entry_inside_a_crisis_holds_it_until_the_crisis_is_restored()
 {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let (moderator, _) = app.moderator_token().await;
    let waiting = app
        .submit(
            &draft(
                "Example Waiting Group, Cairo",
                "media",
                "Cairo",
                "EG",
                30.04,
                31.24,
            ),
            "cairo@example.org",
        )
        .await;
    let leaving = app
        .submit(
            &draft(
                "Example Withdrawn Group, Lund",
                "media",
                "Lund",
                "SE",
                55.7,
                13.19,
            ),
            "lund@example.org",
        )
        .await;
    let elsewhere = app.insert(
        draft(
            "Example Moving Group, Amman",
            "media",
            "Amman",
            "JO",
            31.95,
            35.93,
        ),
        Status::Published,
    );
    let submission_of = |receipt: &Value| {
        let id = id_of(receipt);
        app.pending_submissions()
            .into_iter()
            .find(|s| s.organization_id.to_string() == id)
            .map(|s| s.id.to_string())
            .unwrap_or_default()
    };
    let (waiting_submission, leaving_submission) =
        (submission_of(&waiting), submission_of(&leaving));
    let crisis = start_crisis(&app, &admin, json!({"country": "EG", "reason": "raids"})).await;

    // Approve: the decision stands, the crisis holds the entry.
    let approve = |submission: String| {
        let (app, moderator) = (&app, moderator.clone());
        async move {
            app.staff(
                Method::POST,
                &moderator,
                &format!("/api/v1/admin/submissions/{submission}/approve"),
                None,
            )
            .await
        }
    };
    assert_eq!(approve(waiting_submission).await.status(), 204);
    let waiting_id = id_of(&waiting);
    assert!(!public(&app, &waiting_id, "Example Waiting Group, Cairo").await);
    let view = admin_view(&app, &moderator, &waiting_id).await;
    assert_eq!(
        (&view["status"], &view["hidden_by"]),
        (&json!("hidden"), &json!("crisis"))
    );

    // A moderator's new entry inside the scope.
    let mut org = serde_json::to_value(draft(
        "Example Created Group, Alexandria",
        "media",
        "Alexandria",
        "EG",
        31.2,
        29.92,
    ))
    .unwrap_or_default();
    let response = app
        .staff(
            Method::POST,
            &moderator,
            "/api/v1/admin/organizations",
            Some(&org),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap_or_default();
    let created_id = created["organization"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        (&created["status"], &created["hidden_by"]),
        (&json!("hidden"), &json!("crisis")),
        "{created}"
    );
    assert!(!public(&app, &created_id, "Example Created Group, Alexandria").await);

    // A published entry moved into the scope.
    org["name"] = "Example Moving Group, Cairo".into();
    org["city"] = "Cairo".into();
    org["latitude"] = 30.05.into();
    org["longitude"] = 31.25.into();
    let moved = app
        .staff(
            Method::PUT,
            &moderator,
            &format!("/api/v1/admin/organizations/{}", elsewhere.id),
            Some(&org),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let moved_id = elsewhere.id.to_string();
    assert!(!public(&app, &moved_id, "Example Moving Group, Cairo").await);

    // An owner's update that moves a published entry into the scope, approved.
    let mover = published_with_owner(&app, "Example Owner Moving, Uppsala", "Uppsala", "SE").await;
    let update = serde_json::to_value(draft(
        "Example Owner Moving, Giza",
        "media",
        "Giza",
        "EG",
        30.01,
        31.21,
    ))
    .unwrap_or_default();
    assert_eq!(
        app.as_owner(
            &token_of(&mover),
            "/api/v1/owner/entry/update",
            Some(&update)
        )
        .await
        .status(),
        200
    );
    assert_eq!(approve(submission_of(&mover)).await.status(), 204);
    let mover_id = id_of(&mover);
    assert!(!public(&app, &mover_id, "Example Owner Moving, Giza").await);

    // An entry whose owner asked for deletion cannot be approved, and the answer says why.
    assert_eq!(
        app.as_owner(
            &token_of(&leaving),
            "/api/v1/owner/entry/deletion-request",
            None
        )
        .await
        .status(),
        200
    );
    refused(approve(leaving_submission).await, "deletion_requested").await;
    assert!(!public(&app, &id_of(&leaving), "Example Withdrawn Group, Lund").await);

    restore(&app, &admin, &crisis).await;
    assert!(public(&app, &waiting_id, "Example Waiting Group, Cairo").await);
    assert!(public(&app, &created_id, "Example Created Group, Alexandria").await);
    assert!(public(&app, &moved_id, "Example Moving Group, Cairo").await);
    assert!(public(&app, &mover_id, "Example Owner Moving, Giza").await);
    assert!(!public(&app, &id_of(&leaving), "Example Withdrawn Group, Lund").await);
}

#[tokio::test]
async fn an_owners_hiding_that_ends_during_a_crisis_stays_held_by_the_crisis() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let receipt = published_with_owner(&app, "Example Pausing Group, Cairo", "Cairo", "EG").await;
    let (token, id) = (token_of(&receipt), id_of(&receipt));
    let until = json!({"until": Utc::now() + chrono::Duration::minutes(5)});
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/hide", Some(&until))
            .await
            .status(),
        200
    );
    let crisis = start_crisis(&app, &admin, json!({"country": "EG", "reason": "raids"})).await;
    let report = app.maintain_at((Utc::now() + chrono::Duration::hours(1)).naive_utc());
    assert_eq!(report.shown_after_owner_hiding, 1);
    assert!(!public(&app, &id, "Example Pausing Group, Cairo").await);
    assert_eq!(admin_view(&app, &admin, &id).await["hidden_by"], "crisis");
    restore(&app, &admin, &crisis).await;
    assert!(public(&app, &id, "Example Pausing Group, Cairo").await);
}

const CSV: &str = "name,category,city,country,latitude,longitude,precision\n\
                   Example Imported Group,media,Oslo,NO,59.9,10.75,exact\n\
                   Example Neighbour Group,media,Stockholm,SE,59.33,18.07,exact\n";

async fn import(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/admin/import?{query}")))
        .bearer_auth(token)
        .header("Content-Type", "text/csv")
        .body(CSV)
        .send()
        .await
        .unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(response.status(), 200);
    response.json().await.unwrap_or_default()
}

fn held_rows(report: &Value) -> Vec<(String, bool)> {
    report["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| {
            (
                row["name"].as_str().unwrap_or_default().to_owned(),
                row["held_by_crisis"] == true,
            )
        })
        .collect()
}

#[tokio::test]
async fn an_import_inside_a_crisis_stores_the_covered_rows_held_and_says_so_row_by_row() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let crisis = start_crisis(&app, &admin, json!({"country": "NO", "reason": "raids"})).await;
    let expected = vec![
        ("Example Imported Group".to_owned(), true),
        ("Example Neighbour Group".to_owned(), false),
    ];
    let dry = import(&app, &admin, "format=csv&dry_run=true").await;
    assert_eq!(held_rows(&dry), expected, "{dry}");
    let report = import(&app, &admin, "format=csv&status=published").await;
    assert_eq!(held_rows(&report), expected, "{report}");
    assert_eq!(report["created"], 2);
    let id = |n: usize| {
        report["rows"][n]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(!public(&app, &id(0), "Example Imported Group").await);
    assert!(public(&app, &id(1), "Example Neighbour Group").await);

    // The CLI's path (`solidarity-map import --status published`) is the same pair of functions.
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let records = solidarity_map::services::transfer::read_csv(
        CSV.replace("Example ", "Example CLI ").as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let plan = solidarity_map::services::transfer::plan_import(&mut conn, records)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let held: Vec<bool> = plan
        .changes
        .iter()
        .map(|p| p.held_by_crisis(Status::Published))
        .collect();
    assert_eq!(held, [true, false]);
    solidarity_map::services::transfer::apply_import(&mut conn, &plan, Status::Published, || {})
        .unwrap_or_else(|e| panic!("{e:?}"));
    drop(conn);
    let cli_id = |n: usize| match plan.changes[n].change {
        solidarity_map::services::transfer::Change::Create(id) => id.to_string(),
        _ => String::new(),
    };
    assert!(!public(&app, &cli_id(0), "Example CLI Imported Group").await);
    assert!(public(&app, &cli_id(1), "Example CLI Neighbour Group").await);

    restore(&app, &admin, &crisis).await;
    assert!(public(&app, &id(0), "Example Imported Group").await);
    assert!(public(&app, &cli_id(0), "Example CLI Imported Group").await);
}

#[tokio::test]
async fn the_public_duplicate_check_does_not_reveal_an_application_under_review() {
    let app = spawn_app().await;
    let d = draft(
        "Example Unannounced Collective, Tromso",
        "media",
        "Tromso",
        "NO",
        69.65,
        18.96,
    );
    app.submit(&d, "tromso@example.org").await;
    let body = serde_json::to_value(&d).unwrap_or_default();
    let check: Value = app
        .post_json("/api/v1/submissions/check", &body)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(check["possible_duplicates"], json!([]), "{check}");
    // Nor does a second submission's receipt.
    let receipt = app.submit(&d, "again@example.org").await;
    assert_eq!(receipt["possible_duplicates"], json!([]), "{receipt}");
    // Moderators still see the likely duplicate in the review queue.
    let (moderator, _) = app.moderator_token().await;
    let queue: Value = app
        .staff(Method::GET, &moderator, "/api/v1/admin/submissions", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let hints: Vec<&Value> = queue
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|item| item["possible_duplicates"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(hints.len(), 2, "each sees the other: {queue}");
    assert!(hints.iter().all(|h| h["reason"] == "similar_name_nearby"));
}
