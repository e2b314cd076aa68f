//! Private fields (the submitter's contact e-mail, internal notes, the exact point of an
//! approximate entry, what a visitor wrote in a report) must never appear in any public
//! response. The list of endpoints comes from the OpenAPI document, so a new public endpoint is
//! scanned without editing this test.

use serde_json::json;
use shared::domain::Status;
use solidarity_map_tests::{TestApp, draft, spawn_app, spawn_app_with};
use utoipa::OpenApi;

#[tokio::test]
async fn no_public_endpoint_ever_shows_a_private_field() {
    let app = spawn_app().await;
    app.seed_demo(120);
    let secret_email = "private-contact-8f3a@example.net";
    let secret_note = "INTERNAL-NOTE-do-not-publish-51c2";
    let mut d = draft(
        "Careful Jerusalem Group",
        "jerusalem_grassroots",
        "Jerusalem",
        "PS",
        31.781_234_5,
        35.232_987_6,
    );
    d.precision = Some("approximate".into());
    d.focus_areas = vec!["housing".into()];
    let org = app.insert_with_private(d, Status::Published, Some(secret_email), secret_note);
    let hidden = app.insert_with_private(
        draft("Hidden Secret Group", "media", "Paris", "FR", 48.85, 2.35),
        Status::Hidden,
        Some("hidden-contact@example.net"),
        "HIDDEN-NOTE",
    );
    // Events (issue #19): an approximate place keeps its point to itself, and an event waiting
    // for review is nowhere public.
    let (owner, _) = crate::events::published_entry(
        &app,
        "Careful Event Group",
        "solidarity_group",
        crate::events::GLASGOW,
    )
    .await;
    let (staff, _) = app.admin_token().await;
    let careful = crate::events::event_in(
        "Careful vigil",
        "vigil",
        3,
        ("Glasgow", "GB", 55.871_234_5, -4.261_987_6),
    );
    let event_slug = crate::events::published(&app, &owner, &staff, &careful).await;
    crate::events::posted(
        &app,
        &owner,
        &crate::events::event_in("PENDING-EVENT-7c2d", "talk", 4, crate::events::GLASGOW),
    )
    .await;
    let forbidden = [
        secret_email,
        secret_note,
        "31.7812345",
        "35.2329876",
        "55.8712345",
        "-4.2619876",
        "PENDING-EVENT-7c2d",
        "hidden-contact",
        "HIDDEN-NOTE",
        "Hidden Secret Group",
        "contact_email",
        "internal_notes",
        "search_text",
        "origin",
    ];

    let scanned = scan_public_gets(
        &app,
        &[
            org.slug.as_str().to_owned(),
            org.id.to_string(),
            hidden.slug.as_str().to_owned(),
            event_slug.clone(),
        ],
        &forbidden,
    )
    .await;
    assert!(scanned >= 25, "only {scanned} responses scanned");
    // The events' pages without scripts say no more than the API.
    for url in [
        "/events".to_owned(),
        format!("/events/{event_slug}"),
        "/events?bbox=-5,55,-4,56".to_owned(),
    ] {
        let response = app.get(&url).await;
        assert_eq!(response.status(), 200, "{url}");
        let body = response.text().await.unwrap_or_default();
        for secret in &forbidden {
            assert!(!body.contains(secret), "{url} leaks {secret}");
        }
    }
    // The OpenAPI document itself and the docs page are public too.
    for url in ["/api/openapi.json", "/api/docs/"] {
        let body = app.get(url).await.text().await.unwrap_or_default();
        for secret in [secret_email, secret_note] {
            assert!(!body.contains(secret), "{url} leaks {secret}");
        }
    }
}

/// Fetches every public GET endpoint of the OpenAPI document (with `ids` for path parameters
/// and a few filters) and fails if any answer contains one of `forbidden`. Returns how many
/// answers were scanned.
async fn scan_public_gets(app: &TestApp, ids: &[String], forbidden: &[&str]) -> usize {
    let openapi = solidarity_map::routes::ApiDoc::openapi();
    let mut scanned = 0;
    for (path, item) in openapi.paths.paths.iter() {
        if item.get.is_none() {
            continue;
        }
        let variants: Vec<String> = if path.contains('{') {
            ids.iter()
                .map(|v| path.replace("{id_or_slug}", v))
                .collect()
        } else {
            vec![
                path.clone(),
                format!("{path}?q=careful"),
                format!("{path}?country=PS&limit=500"),
                format!("{path}?bbox=-180,-85,180,85&zoom=0"),
                format!("{path}?bbox=-180,-85,180,85&zoom=22"),
            ]
        };
        for url in variants {
            let response = app.get(&url).await;
            assert_ne!(response.status(), 500, "{url}");
            let body = response.text().await.unwrap_or_default();
            for secret in forbidden {
                assert!(!body.contains(secret), "{url} leaks {secret}");
            }
            scanned += 1;
        }
    }
    scanned
}

#[tokio::test]
async fn nothing_sent_to_join_or_contact_a_group_appears_publicly() {
    // A public address of its own, so that the loopback address in a response can only be a
    // client's.
    let app = spawn_app_with(|s| s.join.public_url = "https://map.example.org".to_owned()).await;
    app.seed_demo(60);
    let submitter = "submitter-7d1e@example.net";
    let mut d = draft(
        "Careful Diaspora Group",
        "palestinian_diaspora",
        "Santiago",
        "CL",
        -33.448_765_4,
        -70.669_123_4,
    );
    d.precision = Some("approximate".into());
    let receipt = app.submit(&d, submitter).await;
    let token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let pending = app.pending_submissions().remove(0);
    app.approve(&pending.id);
    let entry: serde_json::Value = app
        .as_owner(&token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let slug = entry["organization"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let id = entry["organization"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // A pending update, a contact message and a lost-link request leave private data behind.
    let mut update = serde_json::to_value(&d).unwrap_or_default();
    update["name"] = "Renamed Secret Pending Name".into();
    app.as_owner(&token, "/api/v1/owner/entry/update", Some(&update))
        .await;
    let message = "PRIVATE-MESSAGE-4b9a please call me";
    let sender = "sender-2c8f@example.net";
    let contact = json!({"name": "Sender Person", "email": sender, "message": message, "form_token": app.form_token().await});
    assert_eq!(
        app.post_json(&format!("/api/v1/organizations/{slug}/contact"), &contact)
            .await
            .status(),
        202
    );
    // A visitor's report: its words are for moderators only.
    let report_text = "PRIVATE-REPORT-TEXT-91d2 they meet on Fridays";
    let report = json!({"kind": "wrong_details", "message": report_text, "form_token": app.form_token().await});
    assert_eq!(
        app.post_json(&format!("/api/v1/organizations/{slug}/reports"), &report)
            .await
            .status(),
        202
    );
    app.post_json("/api/v1/owner/link-requests", &json!({"email": submitter}))
        .await;
    let new_token = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "owner_link")
        .map(|m| m.body)
        .unwrap_or_default();
    let new_token = new_token
        .split("/owner#")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    assert!(!new_token.is_empty());

    let token_hash = solidarity_map::secrets::token_hash(&new_token);
    let forbidden = [
        submitter,
        sender,
        message,
        report_text,
        "wrong_details",
        token.as_str(),
        new_token.as_str(),
        token_hash.as_str(),
        "Renamed Secret Pending Name",
        "-33.4487654",
        "-70.6691234",
        "127.0.0.1",
        "owner_token",
        "hidden_by",
    ];
    let scanned = scan_public_gets(&app, &[slug, id], &forbidden).await;
    assert!(scanned >= 25, "only {scanned} responses scanned");
}
