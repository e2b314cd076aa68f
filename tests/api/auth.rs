//! `/api/v1/auth/…`: signing in, tokens, sessions, two-factor sign-in, throttling.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::Ordering;
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use reqwest::Method;
use serde_json::{Value, json};
use shared::api::auth::Role;
use solidarity_map_tests::{TestApp, device_cookie, spawn_app, spawn_app_with, totp_code_at};

const QUEUE: &str = "/api/v1/admin/submissions";

fn stored_hash(app: &TestApp, email: &str) -> String {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    solidarity_map::db::models::user::by_email(&mut conn, email)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|u| u.password_hash)
        .unwrap_or_default()
}

async fn status(app: &TestApp, token: &str) -> u16 {
    app.staff(Method::GET, token, QUEUE, None)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn passwords_are_argon2id_at_the_owasp_floor_and_weaker_hashes_are_replaced_at_sign_in() {
    let app = spawn_app().await;
    app.create_user(
        "mod@example.org",
        Role::Moderator,
        "a long moderator password",
    );
    let (m, t, p) =
        solidarity_map::auth::password::parameters(&stored_hash(&app, "mod@example.org"))
            .unwrap_or_default();
    assert!(stored_hash(&app, "mod@example.org").starts_with("$argon2id$"));
    assert!(m >= 19 * 1024 && t >= 2 && p == 1, "m={m} t={t} p={p}");

    // An older, weaker hash is replaced by one at today's parameters at the next sign-in.
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(8 * 1024, 1, 1, None).unwrap_or_else(|e| panic!("{e}")),
    )
    .hash_password(b"a long moderator password")
    .unwrap_or_else(|e| panic!("{e}"))
    .to_string();
    {
        use diesel::prelude::*;
        use solidarity_map::db::schema::users::dsl as u;
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
        diesel::update(u::users)
            .set(u::password_hash.eq(&weak))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    app.sign_in("mod@example.org", "a long moderator password")
        .await;
    let rehashed = stored_hash(&app, "mod@example.org");
    assert_ne!(rehashed, weak);
    assert!(!solidarity_map::auth::password::needs_rehash(&rehashed));
    // Short passwords are refused.
    let response = app
        .post_json("/api/v1/auth/login", &json!({"email": "", "password": ""}))
        .await;
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_sign_in() {
    let app = spawn_app().await;
    app.create_user(
        "mod@example.org",
        Role::Moderator,
        "a long moderator password",
    );
    let pair = app
        .sign_in("mod@example.org", "a long moderator password")
        .await;
    assert!(pair["expires_in"].as_u64().unwrap_or(0) <= 15 * 60);
    assert_eq!(
        status(&app, pair["access_token"].as_str().unwrap_or_default()).await,
        200
    );
    let first_refresh = pair["refresh_token"].clone();
    let response = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first_refresh}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let second: Value = response.json().await.unwrap_or_default();
    assert_eq!(
        status(&app, second["access_token"].as_str().unwrap_or_default()).await,
        200
    );
    // The first refresh token again: stolen. Both it and its successor stop working.
    let reuse = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first_refresh}),
        )
        .await;
    assert_eq!(reuse.status(), 401);
    let successor = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": second["refresh_token"]}),
        )
        .await;
    assert_eq!(successor.status(), 401);
    let garbage = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": "nonsense"}),
        )
        .await;
    assert_eq!(garbage.status(), 401);
}

#[tokio::test]
async fn logout_password_change_and_disabling_end_every_session_at_the_next_request() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let moderator_id = app.create_user(
        "mod@example.org",
        Role::Moderator,
        "a long moderator password",
    );
    let laptop = app
        .sign_in("mod@example.org", "a long moderator password")
        .await;
    let phone = app
        .sign_in("mod@example.org", "a long moderator password")
        .await;
    let (laptop, phone) = (
        laptop["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        phone,
    );
    assert_eq!(status(&app, &laptop).await, 200);
    let response = app
        .staff(Method::POST, &laptop, "/api/v1/auth/logout", None)
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(status(&app, &laptop).await, 401);
    assert_eq!(
        status(&app, phone["access_token"].as_str().unwrap_or_default()).await,
        401,
        "logout ends every session"
    );
    let refresh = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": phone["refresh_token"]}),
        )
        .await;
    assert_eq!(refresh.status(), 401);

    // Password change.
    let session = app
        .sign_in("mod@example.org", "a long moderator password")
        .await;
    let token = session["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let wrong = app.staff(Method::POST, &token, "/api/v1/auth/password", Some(&json!({"current_password": "not it at all", "new_password": "a brand new password"}))).await;
    assert_eq!(wrong.status(), 400);
    let short = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/auth/password",
            Some(
                &json!({"current_password": "a long moderator password", "new_password": "short"}),
            ),
        )
        .await;
    assert_eq!(short.status(), 400);
    let changed = app.staff(Method::POST, &token, "/api/v1/auth/password", Some(&json!({"current_password": "a long moderator password", "new_password": "a brand new password"}))).await;
    assert_eq!(changed.status(), 204);
    assert_eq!(status(&app, &token).await, 401);
    let again = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "mod@example.org", "password": "a long moderator password"}),
        )
        .await;
    assert_eq!(again.status(), 401);
    let session = app.sign_in("mod@example.org", "a brand new password").await;
    let token = session["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // Disabled by an admin.
    let response = app
        .staff(
            Method::PUT,
            &admin,
            &format!("/api/v1/admin/users/{moderator_id}"),
            Some(&json!({"role": "moderator", "disabled": true})),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(status(&app, &token).await, 401);
    let login = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "mod@example.org", "password": "a brand new password"}),
        )
        .await;
    assert_eq!(login.status(), 401);
}

fn current_code(secret: &str) -> String {
    totp_code_at(secret, 0)
}

#[tokio::test]
async fn two_factor_sign_in_with_recovery_codes_and_mandatory_for_admins() {
    let app = spawn_app_with(|s| s.auth.require_totp_for_admins = true).await;
    let (token, _) = app.admin_token().await;
    let forbidden = app.staff(Method::GET, &token, QUEUE, None).await;
    assert_eq!(
        forbidden.status(),
        403,
        "an admin without a second factor can do nothing yet"
    );
    let setup: Value = app
        .staff(Method::POST, &token, "/api/v1/auth/totp/setup", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let secret = setup["secret"].as_str().unwrap_or_default().to_owned();
    assert!(
        setup["otpauth_url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("otpauth://totp/")
    );
    let wrong = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/auth/totp/enable",
            Some(&json!({"code": "000000", "password": "a long admin password"})),
        )
        .await;
    assert_eq!(wrong.status(), 400);
    let enabled: Value = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/auth/totp/enable",
            Some(&json!({"code": current_code(&secret), "password": "a long admin password"})),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let codes: Vec<String> = enabled["recovery_codes"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(codes.len(), 10);

    let without = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "admin@example.org", "password": "a long admin password"}),
        )
        .await;
    assert_eq!(without.status(), 401);
    let problem: Value = without.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "totp_code");
    // The code that turned two-factor on is used up (RFC 6238 5.2): the next one, which the
    // server accepts as clock drift.
    let with_code = app.post_json("/api/v1/auth/login", &json!({"email": "admin@example.org", "password": "a long admin password", "totp_code": totp_code_at(&secret, 30)})).await;
    assert_eq!(with_code.status(), 200);
    let pair: Value = with_code.json().await.unwrap_or_default();
    assert_eq!(
        status(&app, pair["access_token"].as_str().unwrap_or_default()).await,
        200
    );
    let with_recovery = app.post_json("/api/v1/auth/login", &json!({"email": "admin@example.org", "password": "a long admin password", "recovery_code": codes[0]})).await;
    assert_eq!(with_recovery.status(), 200);
    let reused = app.post_json("/api/v1/auth/login", &json!({"email": "admin@example.org", "password": "a long admin password", "recovery_code": codes[0]})).await;
    assert_eq!(reused.status(), 401, "a recovery code works once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_wrong_passwords_from_one_address_are_mostly_refused_before_argon2_and_the_real_user_still_signs_in()
 {
    // The production limits.
    let app = spawn_app_with(|s| {
        s.auth = solidarity_map::config::AuthSettings::new(s.auth.jwt_key.clone())
    })
    .await;
    app.create_user("admin@example.org", Role::Admin, "a long admin password");
    let other_address = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    // The real admin has signed in from their browser before: it holds the device cookie.
    let earlier = other_address
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "admin@example.org", "password": "a long admin password"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let device = device_cookie(&earlier);
    let checks_before = app.password_checks.load(Ordering::Relaxed);
    let attacker = app.client.clone();
    let url = app.url("/api/v1/auth/login");
    let attack = tokio::spawn(async move {
        let mut statuses = Vec::with_capacity(1000);
        for i in 0..1000 {
            let response = attacker
                .post(&url)
                .json(
                    &json!({"email": "admin@example.org", "password": format!("guess number {i}")}),
                )
                .send()
                .await;
            statuses.push(response.map(|r| r.status().as_u16()).unwrap_or(0));
        }
        statuses
    });
    // Meanwhile, the real admin from another address.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let real = other_address
        .post(app.url("/api/v1/auth/login"))
        .header("cookie", &device)
        .json(&json!({"email": "admin@example.org", "password": "a long admin password"}))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    assert_eq!(
        real, 200,
        "the real user signs in from another address during the attack"
    );
    let statuses = attack.await.unwrap_or_default();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    let checked = app.password_checks.load(Ordering::Relaxed) - checks_before;
    eprintln!(
        "1000 wrong passwords: {throttled} answered 429; argon2 ran {checked} times (including the real sign-in)"
    );
    assert!(throttled >= 990, "{throttled} of 1000 throttled");
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "only 401, 429 or 503 (busy checking another password)"
    );
    assert!(checked <= 11, "argon2 ran {checked} times");
}

#[tokio::test]
async fn an_unknown_address_and_a_wrong_password_get_the_same_answer_after_the_same_work() {
    let app = spawn_app().await;
    app.create_user("admin@example.org", Role::Admin, "a long admin password");
    let before = app.password_checks.load(Ordering::Relaxed);
    let wrong = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "admin@example.org", "password": "not the password"}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "nobody@example.org", "password": "not the password"}),
        )
        .await;
    assert_eq!(
        (wrong.status().as_u16(), unknown.status().as_u16()),
        (401, 401)
    );
    let (wrong, unknown): (Value, Value) = (
        wrong.json().await.unwrap_or_default(),
        unknown.json().await.unwrap_or_default(),
    );
    assert_eq!(wrong, unknown);
    assert_eq!(
        app.password_checks.load(Ordering::Relaxed) - before,
        2,
        "argon2 runs for the unknown address too"
    );
}
