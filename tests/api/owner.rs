//! `/api/v1/owner/…`: what a group does with its private owner token.

use std::time::Duration;

use chrono::Utc;
use serde_json::{Value, json};
use shared::domain::EmailAddress;
use solidarity_map_tests::{TestApp, draft, spawn_app, spawn_app_with};

/// Submits and approves an entry; returns (owner token, slug).
async fn published_entry(app: &TestApp, name: &str, email: &str) -> (String, String) {
    let d = draft(name, "student_group", "Bergen", "NO", 60.39, 5.32);
    let receipt = app.submit(&d, email).await;
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let entry: Value = app
        .as_owner(&token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(entry["status"], "published", "{entry}");
    (
        token,
        entry["organization"]["slug"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

/// Whether the slug is in the list, detail, GeoJSON, CSV and clusters.
async fn public_everywhere(app: &TestApp, slug: &str) -> [bool; 5] {
    let text = |path: String| async move { app.get(&path).await.text().await.unwrap_or_default() };
    [
        text("/api/v1/organizations?limit=500".to_owned())
            .await
            .contains(slug),
        app.get(&format!("/api/v1/organizations/{slug}"))
            .await
            .status()
            == 200,
        text("/api/v1/organizations.geojson".to_owned())
            .await
            .contains(slug),
        text("/api/v1/organizations.csv".to_owned())
            .await
            .contains(slug),
        text("/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=22".to_owned())
            .await
            .contains(slug),
    ]
}

#[tokio::test]
async fn an_update_waits_for_review_while_the_published_version_stays() {
    let app = spawn_app().await;
    let (token, slug) =
        published_entry(&app, "Example Student Group, Bergen", "bergen@example.org").await;
    let mut update = serde_json::to_value(draft(
        "Bergen Students for Palestine",
        "student_group",
        "Bergen",
        "NO",
        60.39,
        5.32,
    ))
    .unwrap_or_default();
    update["description"] = "Renamed in 2026".into();
    let response = app
        .as_owner(&token, "/api/v1/owner/entry/update", Some(&update))
        .await;
    assert_eq!(response.status(), 200);
    let entry: Value = response.json().await.unwrap_or_default();
    assert_eq!(
        entry["pending_update"]["name"],
        "Bergen Students for Palestine"
    );
    let public = app.get_json(&format!("/api/v1/organizations/{slug}")).await;
    assert_eq!(
        public["name"], "Example Student Group, Bergen",
        "the old version stays public"
    );

    let submission = app.pending_submissions().remove(0);
    assert_eq!(submission.kind, shared::domain::SubmissionKind::Update);
    app.approve(&submission.id);
    let public = app.get_json(&format!("/api/v1/organizations/{slug}")).await;
    assert_eq!(public["name"], "Bergen Students for Palestine");
    assert_eq!(public["description"], "Renamed in 2026");
    // A bad update is refused field by field and changes nothing.
    let bad = json!({"name": "", "category": "student_group", "city": "Bergen", "country": "NO", "latitude": 60.39, "longitude": 5.32});
    let response = app
        .as_owner(&token, "/api/v1/owner/entry/update", Some(&bad))
        .await;
    assert_eq!(response.status(), 400);
    assert!(app.pending_submissions().is_empty());
}

#[tokio::test]
async fn hiding_removes_the_entry_from_every_public_endpoint_at_once() {
    let app = spawn_app().await;
    let (token, slug) =
        published_entry(&app, "Example Student Group, Bergen", "bergen@example.org").await;
    assert_eq!(public_everywhere(&app, &slug).await, [true; 5]);
    let response = app
        .as_owner(&token, "/api/v1/owner/entry/hide", Some(&json!({})))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(public_everywhere(&app, &slug).await, [false; 5]);
    let response = app.as_owner(&token, "/api/v1/owner/entry/show", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(public_everywhere(&app, &slug).await, [true; 5]);

    // Hidden until a date: back by itself once the date has passed.
    let until = Utc::now() + chrono::Duration::hours(1);
    let response = app
        .as_owner(
            &token,
            "/api/v1/owner/entry/hide",
            Some(&json!({"until": until})),
        )
        .await;
    let entry: Value = response.json().await.unwrap_or_default();
    assert_eq!(entry["hidden_by"], "owner", "{entry}");
    assert_eq!(
        app.maintain_at(Utc::now().naive_utc())
            .shown_after_owner_hiding,
        0
    );
    assert_eq!(public_everywhere(&app, &slug).await, [false; 5]);
    let later = (Utc::now() + chrono::Duration::hours(2)).naive_utc();
    assert_eq!(app.maintain_at(later).shown_after_owner_hiding, 1);
    assert_eq!(public_everywhere(&app, &slug).await, [true; 5]);

    let past = json!({"until": Utc::now() - chrono::Duration::hours(1)});
    let response = app
        .as_owner(&token, "/api/v1/owner/entry/hide", Some(&past))
        .await;
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn expired_consent_hides_the_entry_until_the_owner_confirms() {
    let app = spawn_app().await;
    let (token, slug) =
        published_entry(&app, "Example Student Group, Bergen", "bergen@example.org").await;
    let now = Utc::now().naive_utc();
    let report = app.maintain_at(now + chrono::Duration::days(340));
    assert_eq!(report.reminded, 1);
    assert_eq!(report.hidden_for_consent, 0);
    let reminder = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "reminder")
        .expect("a reminder");
    assert_eq!(reminder.recipient, "bergen@example.org");
    // Reminded once, not at every pass.
    assert_eq!(
        app.maintain_at(now + chrono::Duration::days(341)).reminded,
        0
    );

    let report = app.maintain_at(now + chrono::Duration::days(366));
    assert_eq!(report.hidden_for_consent, 1);
    assert_eq!(public_everywhere(&app, &slug).await, [false; 5]);
    let entry: Value = app
        .as_owner(&token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        (entry["status"].as_str(), entry["hidden_by"].as_str()),
        (Some("hidden"), Some("consent_expired"))
    );

    let response = app
        .as_owner(&token, "/api/v1/owner/entry/confirm", None)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(public_everywhere(&app, &slug).await, [true; 5]);
    // Not deleted, not changed: the same entry came back.
    let public = app.get_json(&format!("/api/v1/organizations/{slug}")).await;
    assert_eq!(public["name"], "Example Student Group, Bergen");
}

#[tokio::test]
async fn owner_actions_need_a_valid_token() {
    let app = spawn_app().await;
    let (token, _) =
        published_entry(&app, "Example Student Group, Bergen", "bergen@example.org").await;
    for path in [
        "/api/v1/owner/entry/hide",
        "/api/v1/owner/entry/confirm",
        "/api/v1/owner/entry/deletion-request",
    ] {
        let none = app
            .client
            .post(app.url(path))
            .json(&json!({}))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        assert_eq!(none, 401, "{path} without a token");
        let wrong = app
            .as_owner(&format!("{token}x"), path, Some(&json!({})))
            .await;
        assert_eq!(wrong.status(), 401, "{path} with a wrong token");
    }
    let response = app.get("/api/v1/owner/entry").await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
}

#[tokio::test]
async fn a_lost_link_is_replaced_through_the_contact_address_only_and_without_cutting_anyone_off() {
    let app = spawn_app().await;
    let (old_token, _) =
        published_entry(&app, "Example Student Group, Bergen", "Bergen@Example.org").await;
    let known = app
        .post_json(
            "/api/v1/owner/link-requests",
            &json!({"email": "bergen@example.org"}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/owner/link-requests",
            &json!({"email": "stranger@example.org"}),
        )
        .await;
    assert_eq!(
        (known.status().as_u16(), unknown.status().as_u16()),
        (202, 202)
    );
    let (known, unknown): (Value, Value) = (
        known.json().await.unwrap_or_default(),
        unknown.json().await.unwrap_or_default(),
    );
    assert_eq!(
        known, unknown,
        "the answer must not tell whether the address is known"
    );
    let links: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "owner_link")
        .collect();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].recipient, "bergen@example.org");
    let new_token = links[0]
        .body
        .split("/owner#")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    // Asking again at once sends nothing more (no flooding an address with links).
    app.post_json(
        "/api/v1/owner/link-requests",
        &json!({"email": "bergen@example.org"}),
    )
    .await;
    assert_eq!(
        app.outbox()
            .into_iter()
            .filter(|m| m.kind == "owner_link")
            .count(),
        1
    );
    // A request alone cuts nobody off: the old link works until the new one is used.
    assert_eq!(
        app.as_owner(&old_token, "/api/v1/owner/entry", None)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.as_owner(&new_token, "/api/v1/owner/entry", None)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.as_owner(&old_token, "/api/v1/owner/entry", None)
            .await
            .status(),
        401,
        "once the new link is used, the old one stops working"
    );
    assert_eq!(
        app.as_owner(&new_token, "/api/v1/owner/entry", None)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn asking_for_deletion_hides_at_once_and_tells_the_moderators() {
    let app = spawn_app_with(|s| {
        s.mail.moderators =
            vec![EmailAddress::parse("moderators@example.org").unwrap_or_else(|e| panic!("{e}"))];
    })
    .await;
    let (token, slug) =
        published_entry(&app, "Example Student Group, Bergen", "bergen@example.org").await;
    let response = app
        .as_owner(&token, "/api/v1/owner/entry/deletion-request", None)
        .await;
    let entry: Value = response.json().await.unwrap_or_default();
    assert_eq!(entry["deletion_requested"], true);
    assert_eq!(public_everywhere(&app, &slug).await, [false; 5]);
    let to_moderators = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "deletion_request")
        .expect("moderators told");
    assert_eq!(to_moderators.recipient, "moderators@example.org");
    // Showing it again is not possible while deletion is pending.
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/show", None)
            .await
            .status(),
        409
    );
    tokio::time::sleep(Duration::from_millis(10)).await;
}
