//! Attempts to get around moderation, crisis mode and the privacy rules (from a security review
//! of issues #4 and #5): each must fail.

use std::time::Duration;

use chrono::Utc;
use reqwest::Method;
use serde_json::{Value, json};
use shared::api::auth::Role;
use shared::domain::Status;
use solidarity_map_tests::{TestApp, behind_local_proxy, draft, spawn_app, spawn_app_with};

fn token_of(receipt: &Value) -> String {
    receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn public(app: &TestApp, name: &str) -> bool {
    let q = name.to_lowercase().replace(' ', "%20");
    app.get(&format!("/api/v1/organizations?q={q}"))
        .await
        .text()
        .await
        .unwrap_or_default()
        .contains(name)
}

#[tokio::test]
async fn an_owner_cannot_publish_an_unreviewed_entry_by_hiding_it_until_a_date() {
    let app = spawn_app().await;
    let receipt = app
        .submit(
            &draft(
                "Example Sneaky Group, Lund",
                "media",
                "Lund",
                "SE",
                55.7,
                13.19,
            ),
            "lund@example.org",
        )
        .await;
    let token = token_of(&receipt);
    let until = json!({"until": Utc::now() + chrono::Duration::minutes(5)});
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/hide", Some(&until))
            .await
            .status(),
        409,
        "pending: nothing to hide"
    );
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/deletion-request", None)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.as_owner(&token, "/api/v1/owner/entry/hide", Some(&until))
            .await
            .status(),
        409,
        "after a deletion request"
    );
    app.maintain_at((Utc::now() + chrono::Duration::hours(1)).naive_utc());
    assert!(!public(&app, "Example Sneaky Group, Lund").await);
    // The submission was withdrawn with the deletion request: it can no longer be approved.
    assert!(app.pending_submissions().is_empty());
}

#[tokio::test]
async fn a_pending_entry_replaced_by_its_owner_cannot_be_approved_in_its_old_version() {
    let app = spawn_app().await;
    let receipt = app
        .submit(
            &draft(
                "Example First Name, Malmo",
                "media",
                "Malmo",
                "SE",
                55.6,
                13.0,
            ),
            "malmo@example.org",
        )
        .await;
    let old = app.pending_submissions().remove(0);
    let update = serde_json::to_value(draft(
        "Example Second Name, Malmo",
        "media",
        "Malmo",
        "SE",
        55.6,
        13.0,
    ))
    .unwrap_or_default();
    assert_eq!(
        app.as_owner(
            &token_of(&receipt),
            "/api/v1/owner/entry/update",
            Some(&update)
        )
        .await
        .status(),
        200
    );
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let stale = solidarity_map::services::submissions::approve(
        &mut conn,
        &app.settings.join,
        solidarity_map_tests::test_moderator(),
        old.id,
    );
    assert!(stale.is_err(), "the version the moderator saw was replaced");
    let current = app.pending_submissions().remove(0);
    app.approve(&current.id);
    assert!(public(&app, "Example Second Name, Malmo").await);
}

#[tokio::test]
async fn the_exact_point_of_an_approximate_entry_is_not_kept_even_for_moderators() {
    let app = spawn_app().await;
    let mut d = draft(
        "Example Careful Group, Uppsala",
        "media",
        "Uppsala",
        "SE",
        59.858_765_4,
        17.638_912_3,
    );
    d.precision = Some("approximate".into());
    app.submit(&d, "uppsala@example.org").await;
    let stored = app.pending_submissions().remove(0).draft;
    assert!(
        !stored.contains("59.8587654") && !stored.contains("17.6389123"),
        "{stored}"
    );
    let (token, _) = app.admin_token().await;
    let queue = app
        .staff(Method::GET, &token, "/api/v1/admin/submissions", None)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(!queue.contains("59.8587654") && !queue.contains("17.6389123"));
}

#[tokio::test]
async fn nothing_becomes_public_inside_an_active_crisis_and_restoring_respects_other_crises_and_deletions()
 {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let receipt = app
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
                "Example Leaving Group, Giza",
                "media",
                "Giza",
                "EG",
                30.01,
                31.21,
            ),
            "giza@example.org",
        )
        .await;
    let both = app.insert(
        draft(
            "Example Both Group, Alexandria",
            "media",
            "Alexandria",
            "EG",
            31.2,
            29.92,
        ),
        Status::Published,
    );
    for submission in app.pending_submissions() {
        if submission.organization_id.to_string()
            == leaving["organization_id"].as_str().unwrap_or_default()
        {
            app.approve(&submission.id);
        }
    }
    let crisis = |scope: Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let response = app
                .staff(Method::POST, &admin, "/api/v1/admin/crisis", Some(&scope))
                .await;
            let body: Value = response.json().await.unwrap_or_default();
            body["id"].as_str().unwrap_or_default().to_owned()
        }
    };
    let egypt = crisis(json!({"country": "EG", "reason": "raids"})).await;
    let media = crisis(json!({"category": "media", "reason": "journalists targeted"})).await;
    // Approving during the crisis does not make the entry public.
    let waiting = app
        .pending_submissions()
        .into_iter()
        .find(|s| {
            s.organization_id.to_string() == receipt["organization_id"].as_str().unwrap_or_default()
        })
        .expect("pending");
    app.approve(&waiting.id);
    assert!(!public(&app, "Example Waiting Group, Cairo").await);
    // An owner who asks for deletion during the crisis is not brought back by its end.
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
    // Ending the country crisis: the media crisis still covers all three.
    let restore = app
        .staff(
            Method::POST,
            &admin,
            &format!("/api/v1/admin/crisis/{egypt}/restore"),
            None,
        )
        .await;
    assert_eq!(restore.status(), 200);
    assert!(
        !public(&app, "Example Both Group, Alexandria").await,
        "still under the media crisis"
    );
    let restore = app
        .staff(
            Method::POST,
            &admin,
            &format!("/api/v1/admin/crisis/{media}/restore"),
            None,
        )
        .await;
    assert_eq!(restore.status(), 200);
    assert!(public(&app, both.name.as_str()).await);
    assert!(
        public(&app, "Example Waiting Group, Cairo").await,
        "approved during the crisis, public after it"
    );
    assert!(
        !public(&app, "Example Leaving Group, Giza").await,
        "asked for deletion"
    );
}

#[tokio::test]
async fn wildcards_in_a_website_match_nothing_and_hosts_compare_without_case() {
    let app = spawn_app().await;
    let mut stored = draft("Example Media, Riga", "media", "Riga", "LV", 56.95, 24.1);
    stored.website = Some("https://Example.ORG/Riga".into());
    let stored = app.insert(stored, Status::Published);
    let check = |website: &'static str| {
        let app = &app;
        async move {
            let mut d = draft(
                "Unrelated Name, Tallinn",
                "media",
                "Tallinn",
                "EE",
                59.43,
                24.75,
            );
            d.website = Some(website.into());
            let answer: Value = app
                .post_json(
                    "/api/v1/submissions/check",
                    &serde_json::to_value(d).unwrap_or_default(),
                )
                .await
                .json()
                .await
                .unwrap_or_default();
            answer["possible_duplicates"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        }
    };
    let same = check("http://www.example.org/riga").await;
    assert_eq!(same.len(), 1);
    assert_eq!(same[0]["slug"], stored.slug.as_str());
    assert!(check("https://%25.org/%25").await.is_empty());
    assert!(check("https://example.org/r_ga").await.is_empty());
}

#[tokio::test]
async fn a_one_time_code_works_once() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let setup: Value = app
        .staff(Method::POST, &token, "/api/v1/auth/totp/setup", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let secret = setup["secret"].as_str().unwrap_or_default().to_owned();
    // The code `step` time steps from now (the server accepts one step of clock drift).
    let code_at = |step: i64| solidarity_map_tests::totp_code_at(&secret, 30 * step);
    let code = || code_at(0);
    let no_password = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/auth/totp/enable",
            Some(&json!({"code": code()})),
        )
        .await;
    assert_eq!(
        no_password.status(),
        400,
        "a stolen access token alone cannot turn two-factor sign-in on"
    );
    let enabled = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/auth/totp/enable",
            Some(&json!({"code": code(), "password": "a long admin password"})),
        )
        .await;
    assert_eq!(enabled.status(), 200);
    // The code that turned two-factor on is used up: the next one signs in, once.
    let sign_in = json!({"email": "admin@example.org", "password": "a long admin password", "totp_code": code_at(1)});
    assert_eq!(
        app.post_json("/api/v1/auth/login", &sign_in).await.status(),
        200
    );
    assert_eq!(
        app.post_json("/api/v1/auth/login", &sign_in).await.status(),
        401,
        "the same code again"
    );
}

#[tokio::test]
async fn the_audit_log_keeps_no_private_field_of_a_deleted_entry() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let org = app.insert_with_private(
        draft(
            "Example Gone Group, Vilnius",
            "media",
            "Vilnius",
            "LT",
            54.69,
            25.28,
        ),
        Status::Published,
        Some("gone-secret@example.org"),
        "SECRET-NOTE-77",
    );
    assert_eq!(
        app.staff(
            Method::DELETE,
            &token,
            &format!("/api/v1/admin/organizations/{}", org.id),
            None
        )
        .await
        .status(),
        204
    );
    let log = app
        .staff(Method::GET, &token, "/api/v1/admin/audit", None)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(log.contains("delete_organization"));
    assert!(
        !log.contains("gone-secret@example.org") && !log.contains("SECRET-NOTE-77"),
        "{log}"
    );
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let limited = |trust: bool| async move {
        let app = spawn_app_with(move |s| {
            s.write_burst = 2;
            s.write_period = Duration::from_secs(60);
            if trust {
                behind_local_proxy(s);
            }
        })
        .await;
        let mut statuses = Vec::new();
        for i in 0..4 {
            let response = app
                .client
                .post(app.url("/api/v1/owner/link-requests"))
                .header("x-forwarded-for", format!("203.0.113.{i}"))
                .json(&json!({"email": "someone@example.org"}))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            statuses.push(response);
        }
        statuses
    };
    assert_eq!(
        limited(false).await,
        [202, 202, 429, 429],
        "an untrusted header changes nothing"
    );
    assert_eq!(
        limited(true).await,
        [202, 202, 202, 202],
        "behind a proxy, each client has its own budget"
    );
    let _ = Role::Admin;
}

#[tokio::test]
async fn harvesting_the_public_api_meets_a_per_address_read_limit_and_pages_stay_capped() {
    let app = spawn_app_with(|s| {
        s.read_burst = 5;
        s.read_period = Duration::from_secs(60);
    })
    .await;
    // Page sizes are capped: asking for more is refused, field by field.
    let too_big = app.get("/api/v1/organizations?limit=100000").await;
    assert_eq!(too_big.status(), 400);
    let problem: Value = too_big.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "limit");
    for _ in 0..4 {
        assert_eq!(app.get("/api/v1/organizations.csv").await.status(), 200);
    }
    let refused = app.get("/api/v1/organizations?limit=500").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let problem: Value = refused.json().await.unwrap_or_default();
    assert_eq!(problem["status"], 429);
    // Health checks and the staff's own screens are not public reads.
    assert_eq!(app.get("/healthz").await.status(), 200);
    let (token, _) = app.admin_token().await;
    let staff = app
        .staff(Method::GET, &token, "/api/v1/admin/submissions", None)
        .await;
    assert_eq!(staff.status(), 200);
}
