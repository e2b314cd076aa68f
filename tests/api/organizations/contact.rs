//! `POST /api/v1/organizations/{id}/contact`: writing to a group without seeing its address.

use serde_json::{Value, json};
use shared::domain::{EmailAddress, Status};
use solidarity_map_tests::{draft, spawn_app_with};

#[tokio::test]
async fn a_message_is_relayed_to_the_group_or_for_jerusalem_to_the_moderators() {
    let app = spawn_app_with(|s| {
        s.mail.moderators =
            vec![EmailAddress::parse("moderators@example.org").unwrap_or_else(|e| panic!("{e}"))];
    })
    .await;
    let group = app.insert_with_private(
        draft("Example Media, Oslo", "media", "Oslo", "NO", 59.91, 10.75),
        Status::Published,
        Some("oslo-media@example.org"),
        "",
    );
    let jerusalem = app.insert_with_private(
        draft(
            "Example Youth Centre, Silwan",
            "jerusalem_grassroots",
            "Jerusalem",
            "PS",
            31.77,
            35.23,
        ),
        Status::Published,
        Some("silwan@example.org"),
        "",
    );
    let message = |token: String| json!({"name": "A Visitor", "email": "visitor@example.net", "message": "We would like to invite you to speak in March.", "form_token": token});

    let response = app
        .post_json(
            &format!("/api/v1/organizations/{}/contact", group.slug.as_str()),
            &message(app.form_token().await),
        )
        .await;
    assert_eq!(response.status(), 202);
    let body = response.text().await.unwrap_or_default();
    assert!(!body.contains("oslo-media@example.org"));
    let relayed = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "contact")
        .expect("relayed");
    assert_eq!(relayed.recipient, "oslo-media@example.org");
    assert_eq!(relayed.reply_to.as_deref(), Some("visitor@example.net"));
    assert!(relayed.body.contains("invite you to speak"));

    let response = app
        .post_json(
            &format!("/api/v1/organizations/{}/contact", jerusalem.id),
            &message(app.form_token().await),
        )
        .await;
    assert_eq!(response.status(), 202);
    let kinds: Vec<(String, String)> = app
        .outbox()
        .into_iter()
        .map(|m| (m.kind, m.recipient))
        .collect();
    assert!(
        kinds.contains(&(
            "introduction_request".to_owned(),
            "moderators@example.org".to_owned()
        )),
        "{kinds:?}"
    );
    assert!(
        !kinds.iter().any(|(_, to)| to == "silwan@example.org"),
        "Jerusalem groups are reached through the moderators"
    );

    // Bad input: every field named; nothing queued.
    let before = app.outbox().len();
    let response = app
        .post_json(
            &format!("/api/v1/organizations/{}/contact", group.slug.as_str()),
            &json!({"name": "", "email": "x", "message": "hi", "homepage": "filled"}),
        )
        .await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        ["name", "email", "message", "homepage", "form_token"]
    );
    assert_eq!(app.outbox().len(), before);
    // Unknown or unpublished groups cannot be written to.
    let response = app
        .post_json(
            "/api/v1/organizations/no-such-group/contact",
            &message(app.form_token().await),
        )
        .await;
    assert_eq!(response.status(), 404);
}
