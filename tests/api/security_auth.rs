//! Issue #13, items 1, 2, 5, 9, 10, 11 and 15: who the client is behind a proxy, guessing
//! passwords and codes, and the lifetime of access tokens.

use std::sync::atomic::Ordering;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};
use shared::api::auth::Role;
use solidarity_map::config::AuthSettings;
use solidarity_map_tests::{
    TestApp, behind_local_proxy, device_cookie, spawn_app_with, totp_code_at,
};

const ADMIN: &str = "admin@example.org";
const PASSWORD: &str = "a long admin password";
const SIGNED_IN_ROUTE: &str = "/api/v1/admin/submissions";

/// A server with the production sign-in limits.
async fn production_limits(adjust: impl FnOnce(&mut solidarity_map::config::Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.auth = AuthSettings::new(s.auth.jwt_key.clone());
        adjust(s);
    })
    .await
}

async fn login(app: &TestApp, body: &Value, headers: &[(&str, String)]) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/v1/auth/login")).json(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.send().await.unwrap_or_else(|e| panic!("{e}"))
}

fn wrong_password(account: &str) -> Value {
    json!({"email": account, "password": "not the password at all"})
}

/// Wrong passwords at `accounts(i)` with `headers(i)`; the statuses.
async fn guesses(
    app: &TestApp,
    count: usize,
    accounts: impl Fn(usize) -> String,
    headers: impl Fn(usize) -> Vec<(&'static str, String)>,
) -> Vec<u16> {
    let mut statuses = Vec::new();
    for i in 0..count {
        let response = login(app, &wrong_password(&accounts(i)), &headers(i)).await;
        statuses.push(response.status().as_u16());
    }
    statuses
}

fn count(statuses: &[u16], wanted: u16) -> usize {
    statuses.iter().filter(|s| **s == wanted).count()
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_cannot_choose_its_address() {
    let app = production_limits(behind_local_proxy).await;
    // What nginx's $proxy_add_x_forwarded_for passes on when the client sent its own header;
    // other accounts each time, so that only the address limit applies.
    let spoofed_xff = guesses(
        &app,
        30,
        |i| format!("user{i}@example.org"),
        |i| vec![("x-forwarded-for", format!("10.7.0.{i}, 198.51.100.7"))],
    )
    .await;
    assert_eq!(count(&spoofed_xff, 401), 5, "{spoofed_xff:?}");
    assert_eq!(count(&spoofed_xff, 429), 25, "{spoofed_xff:?}");

    let app = production_limits(behind_local_proxy).await;
    let varying_forwarded = guesses(
        &app,
        30,
        |i| format!("user{i}@example.org"),
        |i| {
            vec![
                ("x-forwarded-for", "198.51.100.8".to_owned()),
                ("forwarded", format!("for=10.7.1.{i}")),
            ]
        },
    )
    .await;
    assert_eq!(
        count(&varying_forwarded, 401),
        5,
        "Forwarded is not read unless configured: {varying_forwarded:?}"
    );
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_change_nothing() {
    let app = production_limits(|_| {}).await;
    let spoofed = guesses(
        &app,
        12,
        |i| format!("user{i}@example.org"),
        |i| {
            vec![
                ("x-forwarded-for", format!("198.51.100.{i}")),
                ("forwarded", format!("for=198.51.101.{i}")),
            ]
        },
    )
    .await;
    assert_eq!(count(&spoofed, 401), 5, "{spoofed:?}");
    let https_claimed = app
        .client
        .get(app.url("/api/v1/categories"))
        .header("x-forwarded-proto", "https")
        .header("forwarded", "proto=https")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        https_claimed
            .headers()
            .get("strict-transport-security")
            .is_none(),
        "HSTS only when a trusted proxy says the request was TLS"
    );

    let proxied = production_limits(behind_local_proxy).await;
    let over_tls = proxied
        .client
        .get(proxied.url("/api/v1/categories"))
        .header("x-forwarded-for", "198.51.100.9")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        over_tls
            .headers()
            .get("strict-transport-security")
            .is_some()
    );
}

#[tokio::test]
async fn ipv6_clients_are_limited_by_their_64() {
    let app = production_limits(behind_local_proxy).await;
    let rotating = guesses(
        &app,
        12,
        |i| format!("user{i}@example.org"),
        |i| vec![("x-forwarded-for", format!("2001:db8:7:9::{:x}", i + 1))],
    )
    .await;
    assert_eq!(count(&rotating, 401), 5, "{rotating:?}");
}

#[tokio::test]
async fn guesses_at_one_account_from_rotating_addresses_meet_the_account_limit_but_not_its_real_user()
 {
    let app = production_limits(behind_local_proxy).await;
    app.create_user(ADMIN, Role::Admin, PASSWORD);
    // The real admin signed in from their browser last week.
    let earlier = login(
        &app,
        &json!({"email": ADMIN, "password": PASSWORD}),
        &[("x-forwarded-for", "203.0.113.5".to_owned())],
    )
    .await;
    assert_eq!(earlier.status(), 200);
    let device = device_cookie(&earlier);
    let checks_before = app.password_checks.load(Ordering::Relaxed);
    // Every guess from a fresh address: the address limits never apply.
    let rotating = guesses(
        &app,
        40,
        |_| ADMIN.to_owned(),
        |i| vec![("x-forwarded-for", format!("198.51.{}.{}", i / 200, i % 200))],
    )
    .await;
    let checked = app.password_checks.load(Ordering::Relaxed) - checks_before;
    assert_eq!(count(&rotating, 401), 10, "{rotating:?}");
    assert_eq!(count(&rotating, 429), 30, "{rotating:?}");
    assert_eq!(checked, 10, "argon2 ran only for the guesses let through");

    let refused = login(
        &app,
        &json!({"email": ADMIN, "password": PASSWORD}),
        &[("x-forwarded-for", "198.51.100.250".to_owned())],
    )
    .await;
    assert_eq!(refused.status(), 429, "a browser never seen before waits");
    let wait: u64 = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=60).contains(&wait), "a soft delay: {wait} s");

    let real_user = login(
        &app,
        &json!({"email": ADMIN, "password": PASSWORD}),
        &[
            ("x-forwarded-for", "192.0.2.77".to_owned()),
            ("cookie", device),
        ],
    )
    .await;
    assert_eq!(
        real_user.status(),
        200,
        "the browser that signed in before is limited on its own"
    );
}

#[tokio::test]
async fn successful_sign_ins_do_not_count_towards_a_lock_out() {
    let app = production_limits(|_| {}).await;
    app.create_user(ADMIN, Role::Admin, PASSWORD);
    for attempt in 0..12 {
        let response = login(&app, &json!({"email": ADMIN, "password": PASSWORD}), &[]).await;
        assert_eq!(response.status(), 200, "sign-in {attempt}");
    }
    let wrong = login(&app, &wrong_password(ADMIN), &[]).await;
    assert_eq!(wrong.status(), 401, "a wrong password is still only wrong");
}

/// Starts two-factor set-up; the secret.
async fn start_totp(app: &TestApp, token: &str) -> String {
    let setup: Value = app
        .staff(Method::POST, token, "/api/v1/auth/totp/setup", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    setup["secret"].as_str().unwrap_or_default().to_owned()
}

fn another_code(code: &str) -> String {
    if code == "123456" { "654321" } else { "123456" }.to_owned()
}

#[tokio::test]
async fn turning_on_two_factor_is_no_password_oracle_and_is_throttled() {
    let app = production_limits(|_| {}).await;
    let (token, _) = app.admin_token().await;
    let secret = start_totp(&app, &token).await;
    let enable = |body: Value| {
        let (app, token) = (&app, token.clone());
        async move {
            let response = app
                .staff(
                    Method::POST,
                    &token,
                    "/api/v1/auth/totp/enable",
                    Some(&body),
                )
                .await;
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap_or_default())
        }
    };
    let code = totp_code_at(&secret, 0);
    let wrong_password = enable(json!({"code": code, "password": "not the password"})).await;
    let wrong_code = enable(json!({"code": another_code(&code), "password": PASSWORD})).await;
    assert_eq!(wrong_password.0, 400);
    assert_eq!(
        wrong_password, wrong_code,
        "the same answer whichever factor was wrong"
    );
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            enable(json!({"code": code, "password": "still not the password"}))
                .await
                .0,
        );
    }
    assert_eq!(
        statuses,
        [400, 400, 400, 429, 429, 429],
        "the sign-in throttle: 5 wrong secrets per account and address"
    );
    let change = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/auth/password",
            Some(&json!({"current_password": "a guess", "new_password": "a brand new long password"})),
        )
        .await;
    assert_eq!(
        change.status(),
        429,
        "changing the password shares the same throttle"
    );
}

#[tokio::test]
async fn a_code_used_to_turn_on_two_factor_is_refused_at_sign_in() {
    let app = spawn_app_with(|_| {}).await;
    let (token, _) = app.admin_token().await;
    let secret = start_totp(&app, &token).await;
    let code = totp_code_at(&secret, 0);
    let enabled = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/auth/totp/enable",
            Some(&json!({"code": code, "password": PASSWORD})),
        )
        .await;
    assert_eq!(enabled.status(), 200);
    let replayed = login(
        &app,
        &json!({"email": ADMIN, "password": PASSWORD, "totp_code": code}),
        &[],
    )
    .await;
    assert_eq!(replayed.status(), 401, "RFC 6238 5.2: a code is used once");
    let next = login(
        &app,
        &json!({"email": ADMIN, "password": PASSWORD, "totp_code": totp_code_at(&secret, 30)}),
        &[],
    )
    .await;
    assert_eq!(next.status(), 200);
}

#[tokio::test]
async fn a_replayed_refresh_token_ends_the_access_tokens_of_its_sign_in_at_once() {
    let app = spawn_app_with(|_| {}).await;
    app.create_user(ADMIN, Role::Admin, PASSWORD);
    let first = app.sign_in(ADMIN, PASSWORD).await;
    let other_sign_in = app.sign_in(ADMIN, PASSWORD).await;
    let second: Value = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first["refresh_token"]}),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let status = |token: Value| {
        let app = &app;
        async move {
            app.staff(
                Method::GET,
                token.as_str().unwrap_or_default(),
                SIGNED_IN_ROUTE,
                None,
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(status(second["access_token"].clone()).await, 200);
    let replay = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first["refresh_token"]}),
        )
        .await;
    assert_eq!(replay.status(), 401);
    assert_eq!(status(first["access_token"].clone()).await, 401);
    assert_eq!(status(second["access_token"].clone()).await, 401);
    assert_eq!(
        status(other_sign_in["access_token"].clone()).await,
        200,
        "another sign-in of the same account goes on"
    );
}

/// The claims of an access token the server issued.
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap_or_default();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap_or_default()).unwrap_or_default()
}

#[tokio::test]
async fn an_access_token_signed_with_our_key_lives_at_most_fifteen_minutes() {
    let app = spawn_app_with(|_| {}).await;
    let (token, _) = app.admin_token().await;
    let key = EncodingKey::from_secret(&app.settings.auth.jwt_key);
    let forge = |lifetime: u64| {
        let mut claims = claims_of(&token);
        let iat = claims["iat"].as_u64().unwrap_or(0);
        claims["exp"] = json!(iat + lifetime);
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let status = |token: String| {
        let app = &app;
        async move {
            app.staff(Method::GET, &token, SIGNED_IN_ROUTE, None)
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(status(forge(600)).await, 200, "the control: ten minutes");
    assert_eq!(status(forge(10 * 365 * 24 * 3600)).await, 401, "ten years");
    assert_eq!(status(forge(15 * 60 + 60)).await, 401, "sixteen minutes");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = spawn_app_with(|_| {}).await;
    let (token, _) = app.admin_token().await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let status = app
            .client
            .get(app.url(SIGNED_IN_ROUTE))
            .header("authorization", format!("{scheme} {token}"))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        assert_eq!(status, 200, "{scheme}");
    }
}
