//! Issue #13, item 12: a form token allows one submission (or one message), and nothing about
//! the client is stored to know it.

use diesel::prelude::*;
use serde_json::{Value, json};
use shared::domain::Status;
use solidarity_map::db::models::now;
use solidarity_map::db::schema::spent_form_tokens;
use solidarity_map_tests::{TestApp, draft, spawn_app};

/// The (field, rule) pairs of a problem.
async fn rules(response: reqwest::Response) -> (u16, Vec<(String, String)>) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or_default();
    let rules = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_owned(),
                        e["rule"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (status, rules)
}

fn spent_tokens(app: &TestApp) -> i64 {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    spent_form_tokens::table
        .count()
        .get_result(&mut conn)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_form_token_allows_one_submission_and_a_second_use_is_refused_with_form_token_used() {
    let app = spawn_app().await;
    let first = app
        .join_form(
            &draft(
                "Example Group, Lund",
                "student_group",
                "Lund",
                "SE",
                55.7,
                13.19,
            ),
            "lund@example.org",
        )
        .await;
    let response = app.post_json("/api/v1/submissions", &first).await;
    assert_eq!(response.status(), 201);

    // Another group, the same token.
    let mut second = app
        .join_form(
            &draft(
                "Example Group, Malmö",
                "student_group",
                "Malmö",
                "SE",
                55.6,
                13.0,
            ),
            "malmo@example.org",
        )
        .await;
    second["form_token"] = first["form_token"].clone();
    let (status, rules) = rules(app.post_json("/api/v1/submissions", &second).await).await;
    assert_eq!(
        (status, rules),
        (
            400,
            vec![("form_token".to_owned(), "form_token_used".to_owned())]
        )
    );
    assert_eq!(app.pending_submissions().len(), 1, "nothing more stored");
    assert_eq!(app.outbox().len(), 1, "no second receipt");

    // A fresh token works.
    let response = app
        .post_json(
            "/api/v1/submissions",
            &app.join_form(
                &draft(
                    "Example Group, Malmö",
                    "student_group",
                    "Malmö",
                    "SE",
                    55.6,
                    13.0,
                ),
                "malmo@example.org",
            )
            .await,
        )
        .await;
    assert_eq!(response.status(), 201);

    // Once expired (and refused as such anyway), a used token is forgotten.
    assert_eq!(spent_tokens(&app), 2);
    app.maintain_at(now() + chrono::Duration::hours(25));
    assert_eq!(spent_tokens(&app), 0);
}

#[tokio::test]
async fn a_form_refused_for_a_field_error_keeps_its_token_for_the_corrected_one() {
    let app = spawn_app().await;
    let mut form = app
        .join_form(
            &draft(
                "Example Group, Umeå",
                "student_group",
                "Umeå",
                "SE",
                63.83,
                20.26,
            ),
            "umea@example.org",
        )
        .await;
    form["consent"] = false.into();
    let (status, _) = rules(app.post_json("/api/v1/submissions", &form).await).await;
    assert_eq!(status, 400);
    form["consent"] = true.into();
    let response = app.post_json("/api/v1/submissions", &form).await;
    assert_eq!(response.status(), 201, "the same token, now accepted");
}

#[tokio::test]
async fn a_form_token_sends_one_contact_message() {
    let app = spawn_app().await;
    let group = app.insert_with_private(
        draft("Example Media, Oslo", "media", "Oslo", "NO", 59.91, 10.75),
        Status::Published,
        Some("oslo-media@example.org"),
        "",
    );
    let path = format!("/api/v1/organizations/{}/contact", group.slug.as_str());
    let message = json!({
        "name": "A Visitor",
        "email": "visitor@example.net",
        "message": "We would like to invite you to speak in March.",
        "form_token": app.form_token().await,
    });
    let response = app.post_json(&path, &message).await;
    assert_eq!(response.status(), 202);
    let (status, rules) = rules(app.post_json(&path, &message).await).await;
    assert_eq!(
        (status, rules),
        (
            400,
            vec![("form_token".to_owned(), "form_token_used".to_owned())]
        )
    );
    assert_eq!(
        app.outbox().iter().filter(|m| m.kind == "contact").count(),
        1
    );
}
