//! Several server instances on one database (issue #8): what one instance changes, the other
//! shows within a second (each instance's index re-reads the database's change marker every
//! `INDEX_REFRESH_MS`), and sessions work across instances. Runs on SQLite (two pools on one
//! file) and, in CI, on PostgreSQL.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use solidarity_map_tests::{TestApp, draft, spawn_app, spawn_app_with};

/// How long until `probe` holds on `app`, polling every 20 ms; panics after 1 s.
async fn within_a_second(
    app: &TestApp,
    what: &str,
    probe: impl Fn(&Value, &Value) -> bool,
    query: &str,
) -> Duration {
    let started = Instant::now();
    loop {
        let list = app
            .get_json(&format!("/api/v1/organizations?{query}"))
            .await;
        let clusters = app
            .get_json(&format!(
                "/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=2&{query}"
            ))
            .await;
        if probe(&list, &clusters) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{what}: not seen by the other instance within 1 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn count(list: &Value) -> usize {
    list["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn approvals_hiding_and_crisis_mode_made_on_one_instance_show_on_the_other_within_a_second() {
    let one = spawn_app().await;
    let two = one.second_instance().await;
    let (token, _) = one.admin_token().await;
    let receipt = one
        .submit(
            &draft(
                "Example Twin Instances, Oslo",
                "media",
                "Oslo",
                "NO",
                59.91,
                10.75,
            ),
            "twin@example.org",
        )
        .await;
    let submission = receipt["submission_id"].as_str().unwrap_or_default();
    let id = receipt["organization_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let query = "country=NO";

    let approved = one
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/submissions/{submission}/approve"),
            None,
        )
        .await;
    assert!(approved.status().is_success());
    let seen = within_a_second(
        &two,
        "an approval",
        |list, clusters| count(list) == 1 && clusters["total"] == 1,
        query,
    )
    .await;

    let hidden = one
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/organizations/{id}/status"),
            Some(&json!({"status": "hidden"})),
        )
        .await;
    assert!(hidden.status().is_success());
    let unseen = within_a_second(
        &two,
        "hiding",
        |list, clusters| count(list) == 0 && clusters["total"] == 0,
        query,
    )
    .await;

    let shown = one
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/organizations/{id}/status"),
            Some(&json!({"status": "published"})),
        )
        .await;
    assert!(shown.status().is_success());
    within_a_second(&two, "publishing again", |list, _| count(list) == 1, query).await;
    let crisis = one
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/crisis",
            Some(&json!({"country": "NO", "reason": "Threats against groups here."})),
        )
        .await;
    assert!(crisis.status().is_success());
    let crisis_seen = within_a_second(
        &two,
        "crisis mode",
        |list, clusters| count(list) == 0 && clusters["total"] == 0,
        query,
    )
    .await;
    println!(
        "seen on the other instance after: approval {seen:?}, hiding {unseen:?}, crisis {crisis_seen:?}"
    );
}

#[tokio::test]
async fn a_session_opened_on_one_instance_works_on_the_other_and_signing_out_ends_it_on_both() {
    let one = spawn_app().await;
    let two = one.second_instance().await;
    let (_, _) = one.admin_token().await;
    let pair = one
        .sign_in("admin@example.org", "a long admin password")
        .await;
    let access = pair["access_token"].as_str().unwrap_or_default();
    let refresh = pair["refresh_token"].as_str().unwrap_or_default();

    let on_two = two
        .staff(Method::GET, access, "/api/v1/admin/submissions", None)
        .await;
    assert_eq!(
        on_two.status(),
        200,
        "an access token from one instance is good on the other"
    );
    let renewed = two
        .post_json("/api/v1/auth/refresh", &json!({"refresh_token": refresh}))
        .await;
    assert_eq!(
        renewed.status(),
        200,
        "a refresh token from one instance renews on the other"
    );
    let renewed: Value = renewed.json().await.unwrap_or_default();
    let reused = one
        .post_json("/api/v1/auth/refresh", &json!({"refresh_token": refresh}))
        .await;
    assert_eq!(
        reused.status(),
        401,
        "a refresh token works once, whichever instance sees it"
    );

    // The replay revoked that sign-in: its access tokens end on both instances at once.
    for (name, app) in [("one", &one), ("two", &two)] {
        let status = app
            .staff(
                Method::GET,
                renewed["access_token"].as_str().unwrap_or_default(),
                "/api/v1/admin/submissions",
                None,
            )
            .await
            .status();
        assert_eq!(status, 401, "revoked sign-in, instance {name}");
    }

    let fresh = two
        .sign_in("admin@example.org", "a long admin password")
        .await;
    let new_access = fresh["access_token"].as_str().unwrap_or_default();
    let out = two
        .staff(Method::POST, new_access, "/api/v1/auth/logout", None)
        .await;
    assert_eq!(out.status(), 204);
    for (name, app) in [("one", &one), ("two", &two)] {
        let after = app
            .staff(Method::GET, new_access, "/api/v1/admin/submissions", None)
            .await;
        assert_eq!(
            after.status(),
            401,
            "signed out everywhere, instance {name} too"
        );
    }
}

#[tokio::test]
async fn sign_in_attempts_are_counted_once_across_instances() {
    let one = spawn_app_with(|settings| {
        settings.auth.login_ip_burst = 4;
        settings.auth.login_ip_period = Duration::from_secs(600);
    })
    .await;
    let two = one.second_instance().await;
    one.create_user(
        "admin@example.org",
        shared::api::auth::Role::Admin,
        "a long admin password",
    );
    let mut statuses = Vec::new();
    for attempt in 0..6 {
        let instance = if attempt % 2 == 0 { &one } else { &two };
        let response = instance
            .post_json(
                "/api/v1/auth/login",
                &json!({"email": "admin@example.org", "password": format!("guess {attempt}")}),
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 401, 429, 429],
        "a burst of 4 per address, alternating between two instances"
    );
    let real = two
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "admin@example.org", "password": "a long admin password"}),
        )
        .await;
    assert_eq!(
        real.status(),
        429,
        "the address stays throttled on both instances, even with the right password"
    );
}
