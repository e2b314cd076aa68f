//! `/api/v1/admin/…`: the authorization matrix over every admin operation, moderation, crisis
//! mode and the audit log.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};
use shared::api::auth::Role;
use shared::domain::Status;
use solidarity_map::auth::jwt::{AUDIENCE, ISSUER};
use solidarity_map_tests::{TestApp, draft, spawn_app, spawn_app_with};
use utoipa::OpenApi;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn sign(claims: &Value, key: &[u8], algorithm: Algorithm) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(key),
    )
    .unwrap_or_default()
}

/// Every admin operation in the OpenAPI document: (method, path with ids filled in, admin only).
fn admin_operations() -> Vec<(Method, String, bool)> {
    let openapi = solidarity_map::routes::ApiDoc::openapi();
    let mut operations = Vec::new();
    for (path, item) in openapi.paths.paths.iter() {
        if !path.starts_with("/api/v1/admin/") {
            continue;
        }
        let filled = path
            .replace("{id}", "6f1c2b9e-0000-4000-8000-000000000001")
            .replace("{key}", "some_key");
        for (method, operation) in [
            (Method::GET, &item.get),
            (Method::POST, &item.post),
            (Method::PUT, &item.put),
            (Method::DELETE, &item.delete),
        ] {
            if let Some(operation) = operation {
                // The shared 403 response is the same for every operation; the operation's
                // description says when it is for admins only.
                let admin_only = operation.responses.responses.contains_key("403")
                    && operation
                        .description
                        .as_deref()
                        .unwrap_or_default()
                        .contains("`403` for a moderator (admins only)");
                operations.push((method, filled.clone(), admin_only));
            }
        }
    }
    operations
}

#[tokio::test]
async fn every_admin_operation_refuses_every_bad_token() {
    let app = spawn_app().await;
    let key = app.settings.auth.jwt_key.clone();
    let admin_id = app.create_user("admin@example.org", Role::Admin, "a long admin password");
    let (moderator, _) = app.moderator_token().await;
    let good = app
        .sign_in("admin@example.org", "a long admin password")
        .await["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let parts: Vec<&str> = good.split('.').collect();
    // The good token's sign-in, so that each bad token below fails for its own reason only.
    let sid = serde_json::from_slice::<serde_json::Value>(
        &URL_SAFE_NO_PAD.decode(parts[1]).unwrap_or_default(),
    )
    .unwrap_or_default()["sid"]
        .clone();
    let claims = |iat: u64, nbf: u64, exp: u64, aud: &str| json!({"sub": admin_id, "iss": ISSUER, "aud": aud, "iat": iat, "nbf": nbf, "exp": exp, "epoch": 0, "mfa": false, "sid": sid});
    let t = now();
    let tampered_payload = URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&claims(t, t, t + 3600 * 24, AUDIENCE)).unwrap_or_default());
    let alg_none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(&claims(t, t, t + 600, AUDIENCE)).unwrap_or_default())
    );
    let mut flipped = parts[2].to_owned();
    let last = flipped
        .pop()
        .map(|c| if c == 'A' { 'B' } else { 'A' })
        .unwrap_or('A');
    flipped.push(last);
    let mut bad: Vec<(&str, String)> = vec![
        ("no token", String::new()),
        ("garbage", "not.a.token".to_owned()),
        (
            "expired",
            sign(
                &claims(t - 7200, t - 7200, t - 3600, AUDIENCE),
                &key,
                Algorithm::HS256,
            ),
        ),
        (
            "not yet valid",
            sign(
                &claims(t, t + 3600, t + 7200, AUDIENCE),
                &key,
                Algorithm::HS256,
            ),
        ),
        (
            "wrong signature",
            format!("{}.{}.{}", parts[0], parts[1], flipped),
        ),
        ("alg none", alg_none),
        (
            "HS256 with another key",
            sign(
                &claims(t, t, t + 600, AUDIENCE),
                b"another key entirely",
                Algorithm::HS256,
            ),
        ),
        (
            "HS384 with our key",
            sign(&claims(t, t, t + 600, AUDIENCE), &key, Algorithm::HS384),
        ),
        (
            "wrong audience",
            sign(
                &claims(t, t, t + 600, "somebody-else"),
                &key,
                Algorithm::HS256,
            ),
        ),
        (
            "tampered payload",
            format!("{}.{}.{}", parts[0], tampered_payload, parts[2]),
        ),
    ];
    // Revoked: a real token whose session was ended.
    let revoked = app
        .sign_in("admin@example.org", "a long admin password")
        .await["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        app.staff(Method::POST, &revoked, "/api/v1/auth/logout", None)
            .await
            .status(),
        204
    );
    bad.push(("revoked", revoked));

    let operations = admin_operations();
    assert!(
        operations.len() >= 20,
        "only {} admin operations found",
        operations.len()
    );
    let mut checked = 0;
    for (method, path, admin_only) in &operations {
        for (case, token) in &bad {
            let mut request = app
                .client
                .request(method.clone(), app.url(path))
                .json(&json!({}));
            if !token.is_empty() {
                request = request.bearer_auth(token);
            }
            let status = request
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            assert_eq!(status, 401, "{method} {path} with {case}");
            checked += 1;
        }
        if *admin_only {
            let status = app
                .staff(method.clone(), &moderator, path, Some(&json!({})))
                .await
                .status()
                .as_u16();
            assert_eq!(status, 403, "{method} {path} as a moderator");
            checked += 1;
        }
    }
    eprintln!(
        "{checked} refused requests over {} operations",
        operations.len()
    );
    // And the freshly signed-in admin gets through (the matrix is not refusing everything).
    assert_eq!(
        app.staff(Method::GET, &good, "/api/v1/admin/users", None)
            .await
            .status(),
        401,
        "logout ended every session of this admin"
    );
    let fresh = app
        .sign_in("admin@example.org", "a long admin password")
        .await["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        app.staff(Method::GET, &fresh, "/api/v1/admin/users", None)
            .await
            .status(),
        200
    );
}

async fn visible(app: &TestApp, name: &str) -> bool {
    app.get(&format!(
        "/api/v1/organizations?q={}",
        name.to_lowercase().replace(' ', "%20")
    ))
    .await
    .text()
    .await
    .unwrap_or_default()
    .contains(name)
}

#[tokio::test]
async fn approve_makes_public_within_a_second_and_reject_never_does_and_tells_why() {
    let app = spawn_app_with(|s| s.index_refresh = Duration::from_millis(100)).await;
    let (token, _) = app.admin_token().await;
    app.submit(
        &draft(
            "Example Student Group, Galway",
            "student_group",
            "Galway",
            "IE",
            53.27,
            -9.05,
        ),
        "galway@example.org",
    )
    .await;
    app.submit(
        &draft(
            "Example Media, Tampere",
            "media",
            "Tampere",
            "FI",
            61.5,
            23.76,
        ),
        "tampere@example.org",
    )
    .await;
    let queue: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/submissions", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(queue.len(), 2);
    assert!(queue[0]["changes"].as_array().is_some_and(|c| {
        c.iter()
            .any(|f| f["field"] == "name" && f["before"].is_null())
    }));
    // Newest first: what came in last is what a moderator sees first.
    assert_eq!(queue[0]["draft"]["name"], "Example Media, Tampere");
    let (galway, tampere) = (
        queue[1]["submission_id"].as_str().unwrap_or_default(),
        queue[0]["submission_id"].as_str().unwrap_or_default(),
    );

    let response = app
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/submissions/{galway}/approve"),
            None,
        )
        .await;
    assert_eq!(response.status(), 204);
    let approved = Instant::now();
    while !visible(&app, "Example Student Group, Galway").await {
        assert!(
            approved.elapsed() < Duration::from_secs(1),
            "not public within 1 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let again = app
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/submissions/{galway}/approve"),
            None,
        )
        .await;
    assert_eq!(again.status(), 409);

    let no_reason = app
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/submissions/{tampere}/reject"),
            Some(&json!({"reason": ""})),
        )
        .await;
    assert_eq!(no_reason.status(), 400);
    let response = app
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/submissions/{tampere}/reject"),
            Some(&json!({"reason": "The website does not work."})),
        )
        .await;
    assert_eq!(response.status(), 204);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!visible(&app, "Example Media, Tampere").await);
    let mail = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "rejected")
        .expect("rejection e-mail");
    assert_eq!(mail.recipient, "tampere@example.org");
    assert!(mail.body.contains("The website does not work."));

    // An update shows its field-by-field diff.
    let receipt_entry = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "receipt" && m.recipient == "galway@example.org")
        .expect("receipt");
    let owner_token = receipt_entry
        .body
        .split("/owner#")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or_default()
        .to_owned();
    let mut update = serde_json::to_value(draft(
        "Galway Students for Palestine",
        "student_group",
        "Galway",
        "IE",
        53.27,
        -9.05,
    ))
    .unwrap_or_default();
    update["focus_areas"] = json!(["youth"]);
    assert_eq!(
        app.as_owner(&owner_token, "/api/v1/owner/entry/update", Some(&update))
            .await
            .status(),
        200
    );
    let queue: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/submissions", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let changes: Vec<(String, Value, Value)> = queue[0]["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap_or_default().to_owned(),
                c["before"].clone(),
                c["after"].clone(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                "name".to_owned(),
                json!("Example Student Group, Galway"),
                json!("Galway Students for Palestine")
            ),
            (
                "description".to_owned(),
                json!("Test entry Example Student Group, Galway"),
                json!("Test entry Galway Students for Palestine")
            ),
            ("focus_areas".to_owned(), json!([]), json!(["youth"])),
        ]
    );
}

#[tokio::test]
async fn crisis_mode_hides_a_region_everywhere_and_restores_exactly_those_entries() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let a = app.insert(
        draft(
            "Example Group One, Cairo",
            "solidarity_group",
            "Cairo",
            "EG",
            30.04,
            31.24,
        ),
        Status::Published,
    );
    let b = app.insert(
        draft(
            "Example Group Two, Alexandria",
            "media",
            "Alexandria",
            "EG",
            31.2,
            29.92,
        ),
        Status::Published,
    );
    let hidden_before = app.insert(
        draft(
            "Example Group Three, Giza",
            "media",
            "Giza",
            "EG",
            30.01,
            31.21,
        ),
        Status::Hidden,
    );
    let elsewhere = app.insert(
        draft(
            "Example Group Four, Amman",
            "media",
            "Amman",
            "JO",
            31.95,
            35.93,
        ),
        Status::Published,
    );
    let bad = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/crisis",
            Some(&json!({"country": "EG", "category": "media", "reason": "x"})),
        )
        .await;
    assert_eq!(bad.status(), 400);
    let response = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/crisis",
            Some(&json!({"country": "EG", "reason": "Arrests reported"})),
        )
        .await;
    assert_eq!(response.status(), 201);
    let crisis: Value = response.json().await.unwrap_or_default();
    assert_eq!(crisis["hidden_count"], 2);
    let app = &app;
    let everything =
        |path: &'static str| async move { app.get(path).await.text().await.unwrap_or_default() };
    for path in [
        "/api/v1/organizations?limit=500",
        "/api/v1/organizations.geojson",
        "/api/v1/organizations.csv",
        "/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=22",
    ] {
        let body = everything(path).await;
        assert!(
            !body.contains(a.slug.as_str()) && !body.contains(b.slug.as_str()),
            "{path} still shows the region"
        );
        assert!(
            body.contains(elsewhere.slug.as_str()),
            "{path} lost an entry outside the region"
        );
    }
    assert_eq!(
        app.get(&format!("/api/v1/organizations/{}", a.slug.as_str()))
            .await
            .status(),
        404
    );
    let id = crisis["id"].as_str().unwrap_or_default();
    let restored = app
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/crisis/{id}/restore"),
            None,
        )
        .await;
    assert_eq!(restored.status(), 200);
    let list = everything("/api/v1/organizations?limit=500").await;
    assert!(list.contains(a.slug.as_str()) && list.contains(b.slug.as_str()));
    assert!(
        !list.contains(hidden_before.slug.as_str()),
        "an entry hidden before the crisis stays hidden"
    );
    let twice = app
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/crisis/{id}/restore"),
            None,
        )
        .await;
    assert_eq!(twice.status(), 409);
}

#[tokio::test]
async fn every_admin_action_leaves_exactly_one_audit_row_with_before_and_after() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let jerusalem = app.insert(
        draft(
            "Example Youth Centre, Silwan",
            "jerusalem_grassroots",
            "Jerusalem",
            "PS",
            31.77,
            35.23,
        ),
        Status::Published,
    );
    app.submit(
        &draft(
            "Example Group, Turku",
            "solidarity_group",
            "Turku",
            "FI",
            60.45,
            22.27,
        ),
        "turku@example.org",
    )
    .await;
    app.submit(
        &draft(
            "Example Group, Oulu",
            "solidarity_group",
            "Oulu",
            "FI",
            65.01,
            25.47,
        ),
        "oulu@example.org",
    )
    .await;
    let queue: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/submissions", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let (first, second) = (
        queue[0]["submission_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        queue[1]["submission_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    );

    let org = json!({"name": "Example Diaspora, Lima", "category": "palestinian_diaspora", "city": "Lima", "country": "PE", "latitude": -12.05, "longitude": -77.04, "internal_notes": "met at the 2026 conference"});
    let mut steps: Vec<(Method, String, Option<Value>, u16)> = vec![
        (
            Method::POST,
            format!("/api/v1/admin/submissions/{first}/approve"),
            None,
            204,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/submissions/{second}/reject"),
            Some(json!({"reason": "duplicate"})),
            204,
        ),
        (
            Method::POST,
            "/api/v1/admin/organizations".to_owned(),
            Some(org.clone()),
            201,
        ),
    ];
    let mut created_id = String::new();
    let mut audited = 0;
    let mut check = |before: i64, after: i64, what: &str| {
        assert_eq!(
            after - before,
            1,
            "{what} left {} audit rows",
            after - before
        );
        audited += 1;
    };
    for (method, path, body, expected) in steps.drain(..) {
        let before = app.audit_count();
        let response = app
            .staff(method.clone(), &token, &path, body.as_ref())
            .await;
        assert_eq!(response.status().as_u16(), expected, "{method} {path}");
        if path == "/api/v1/admin/organizations" {
            let created: Value = response.json().await.unwrap_or_default();
            created_id = created["organization"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
        }
        check(before, app.audit_count(), &path);
    }
    let mut edited = org.clone();
    edited["name"] = "Example Diaspora Network, Lima".into();
    let resource = json!({"title": "Example Report on Housing", "url": "https://example.org/report", "kind": "report", "language": "en", "summary": "A report.", "organization_ids": [jerusalem.id]});
    let later: Vec<(Method, String, Option<Value>, u16)> = vec![
        (
            Method::PUT,
            format!("/api/v1/admin/organizations/{created_id}"),
            Some(edited),
            200,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/organizations/{created_id}/status"),
            Some(json!({"status": "hidden"})),
            200,
        ),
        (
            Method::POST,
            "/api/v1/admin/partnerships".to_owned(),
            Some(
                json!({"global_organization_id": created_id, "jerusalem_organization_id": jerusalem.id, "description": "Twinned in 2026"}),
            ),
            201,
        ),
        (
            Method::POST,
            "/api/v1/admin/resources".to_owned(),
            Some(resource),
            201,
        ),
        (
            Method::PUT,
            "/api/v1/admin/categories/media".to_owned(),
            Some(
                json!({"colour": "#00686f", "icon": "hexagon", "names": {"en": "Media", "ar": "إعلام", "fr": "Médias", "es": "Medios"}, "position": 6}),
            ),
            204,
        ),
        (
            Method::PUT,
            "/api/v1/admin/focus-areas/water".to_owned(),
            Some(
                json!({"names": {"en": "Water", "ar": "مياه", "fr": "Eau", "es": "Agua"}, "position": 20}),
            ),
            204,
        ),
        (
            Method::POST,
            "/api/v1/admin/users".to_owned(),
            Some(
                json!({"email": "new-mod@example.org", "role": "moderator", "password": "a first password"}),
            ),
            201,
        ),
        (
            Method::POST,
            "/api/v1/admin/crisis".to_owned(),
            Some(json!({"category": "media", "reason": "test"})),
            201,
        ),
    ];
    let mut ids = std::collections::HashMap::new();
    for (method, path, body, expected) in later {
        let before = app.audit_count();
        let response = app
            .staff(method.clone(), &token, &path, body.as_ref())
            .await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, expected, "{method} {path}: {text}");
        check(before, app.audit_count(), &path);
        let answer: Value = serde_json::from_str(&text).unwrap_or_default();
        if let Some(id) = answer["id"].as_str() {
            ids.insert(path.clone(), id.to_owned());
        }
    }
    // A message for the Jerusalem organisation lands in the relay inbox.
    let message = json!({"name": "A Visitor", "email": "visitor@example.net", "message": "Could we visit in spring?", "form_token": app.form_token().await});
    assert_eq!(
        app.post_json(
            &format!("/api/v1/organizations/{}/contact", jerusalem.slug.as_str()),
            &message
        )
        .await
        .status(),
        202
    );
    let inbox: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/contact-messages", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let message_id = inbox[0]["id"].as_str().unwrap_or_default().to_owned();
    let resource = ids
        .get("/api/v1/admin/resources")
        .cloned()
        .unwrap_or_default();
    let partnership = ids
        .get("/api/v1/admin/partnerships")
        .cloned()
        .unwrap_or_default();
    let new_user = ids.get("/api/v1/admin/users").cloned().unwrap_or_default();
    let crisis = ids.get("/api/v1/admin/crisis").cloned().unwrap_or_default();
    let rest: Vec<(Method, String, Option<Value>, u16)> = vec![
        (
            Method::PUT,
            format!("/api/v1/admin/resources/{resource}"),
            Some(
                json!({"title": "Example Report on Housing, 2nd edition", "url": "https://example.org/report2", "kind": "report", "language": "en"}),
            ),
            204,
        ),
        (
            Method::DELETE,
            format!("/api/v1/admin/resources/{resource}"),
            None,
            204,
        ),
        (
            Method::DELETE,
            format!("/api/v1/admin/partnerships/{partnership}"),
            None,
            204,
        ),
        (
            Method::PUT,
            format!("/api/v1/admin/users/{new_user}"),
            Some(json!({"role": "moderator", "disabled": true})),
            200,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/crisis/{crisis}/restore"),
            None,
            200,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/contact-messages/{message_id}/status"),
            Some(json!({"status": "introduced"})),
            204,
        ),
        (
            Method::DELETE,
            format!("/api/v1/admin/organizations/{created_id}"),
            None,
            204,
        ),
    ];
    for (method, path, body, expected) in rest {
        let before = app.audit_count();
        let response = app
            .staff(method.clone(), &token, &path, body.as_ref())
            .await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, expected, "{method} {path}: {text}");
        check(before, app.audit_count(), &path);
    }
    assert_eq!(audited, 18);
    // A refused action leaves no row.
    let before = app.audit_count();
    let refused = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/organizations",
            Some(&json!({"name": ""})),
        )
        .await;
    assert_eq!(refused.status(), 400);
    assert_eq!(app.audit_count(), before);

    let log: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/audit", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let update = log
        .iter()
        .find(|e| e["action"] == "update_organization")
        .expect("update audited");
    assert_eq!(
        update["before"]["organization"]["name"],
        "Example Diaspora, Lima"
    );
    assert_eq!(
        update["after"]["organization"]["name"],
        "Example Diaspora Network, Lima"
    );
    assert_eq!(update["user_email"], "admin@example.org");
    let approve = log
        .iter()
        .find(|e| e["action"] == "approve_submission")
        .expect("approval audited");
    assert_eq!(
        (
            approve["before"]["status"].as_str(),
            approve["after"]["status"].as_str()
        ),
        (Some("pending"), Some("published"))
    );
}

/// An admin's GET: status, `X-Total-Count` and the JSON body.
async fn admin_get(app: &TestApp, token: &str, path: &str) -> (u16, Option<i64>, Value) {
    let response = app.staff(Method::GET, token, path, None).await;
    let status = response.status().as_u16();
    let total = response
        .headers()
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let body = response.json().await.unwrap_or_default();
    (status, total, body)
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|o| {
            o["organization"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// Gives an entry an owner and makes its last confirmation `days` old.
fn confirmed_days_ago(app: &TestApp, id: uuid::Uuid, days: i64) {
    use diesel::prelude::*;
    use solidarity_map::db::schema::{organization_private, organizations};
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let id = id.to_string();
    let at = chrono::Utc::now().naive_utc() - chrono::Duration::days(days);
    diesel::update(organizations::table.find(&id))
        .set(organizations::last_confirmed_at.eq(at))
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("ageing: {e}"));
    diesel::update(organization_private::table.find(&id))
        .set(organization_private::owner_token_hash.eq(Some(format!("hash-{id}"))))
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("owning: {e}"));
}

#[tokio::test]
async fn admin_list_filters_by_category_country_and_staleness_sorts_and_counts_every_match() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let oslo = app.insert(
        draft("Bravo Media, Oslo", "media", "Oslo", "NO", 59.9, 10.75),
        Status::Published,
    );
    let bergen = app.insert(
        draft(
            "alpha Students, Bergen",
            "student_group",
            "Bergen",
            "NO",
            60.39,
            5.32,
        ),
        Status::Published,
    );
    let lima = app.insert(
        draft("Charlie Media, Lima", "media", "Lima", "PE", -12.05, -77.04),
        Status::Hidden,
    );
    let quito = app.insert(
        draft("Delta Media, Quito", "media", "Quito", "EC", -0.18, -78.47),
        Status::Published,
    );
    // Stale: published, with an owner, confirmed 340 days ago (365 − 30 = 335).
    confirmed_days_ago(&app, oslo.id.as_uuid(), 340);
    // Not stale: confirmed 300 days ago; and a hidden entry is never stale.
    confirmed_days_ago(&app, bergen.id.as_uuid(), 300);
    confirmed_days_ago(&app, lima.id.as_uuid(), 400);

    let (status, total, list) = admin_get(&app, &token, "/api/v1/admin/organizations").await;
    assert_eq!((status, total), (200, Some(4)));
    assert_eq!(names(&list).len(), 4);

    let (_, total, list) = admin_get(
        &app,
        &token,
        "/api/v1/admin/organizations?category=media&sort=name",
    )
    .await;
    assert_eq!(total, Some(3));
    assert_eq!(
        names(&list),
        [
            "Bravo Media, Oslo",
            "Charlie Media, Lima",
            "Delta Media, Quito"
        ]
    );
    let (_, total, list) = admin_get(
        &app,
        &token,
        "/api/v1/admin/organizations?country=NO&sort=-name",
    )
    .await;
    assert_eq!(total, Some(2));
    assert_eq!(
        names(&list),
        ["Bravo Media, Oslo", "alpha Students, Bergen"],
        "names sort without regard to case"
    );
    let (_, total, list) = admin_get(&app, &token, "/api/v1/admin/organizations?stale=true").await;
    assert_eq!((total, names(&list)), (Some(1), vec![oslo.name.clone()]));
    let (_, total, list) = admin_get(
        &app,
        &token,
        "/api/v1/admin/organizations?stale=false&sort=name",
    )
    .await;
    assert_eq!(total, Some(3));
    assert!(!names(&list).contains(&oslo.name));

    let (_, _, list) = admin_get(&app, &token, "/api/v1/admin/organizations?sort=country").await;
    let countries: Vec<String> = list
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|o| {
            o["organization"]["country"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(countries, ["EC", "NO", "NO", "PE"]);
    let (_, _, list) = admin_get(&app, &token, "/api/v1/admin/organizations?sort=-country").await;
    assert_eq!(names(&list)[0], lima.name);
    let (_, _, list) = admin_get(&app, &token, "/api/v1/admin/organizations?sort=status").await;
    assert_eq!(names(&list)[0], lima.name, "hidden sorts before published");
    let (_, _, newest) = admin_get(&app, &token, "/api/v1/admin/organizations?sort=updated").await;
    let (_, _, oldest) = admin_get(&app, &token, "/api/v1/admin/organizations?sort=-updated").await;
    let mut reversed = names(&oldest);
    reversed.reverse();
    assert_eq!(names(&newest), reversed);
    assert_eq!(names(&newest)[0], quito.name);

    // Pages: the total counts every match, not the page.
    let (_, total, first) = admin_get(
        &app,
        &token,
        "/api/v1/admin/organizations?sort=name&limit=2&offset=0",
    )
    .await;
    let (_, _, second) = admin_get(
        &app,
        &token,
        "/api/v1/admin/organizations?sort=name&limit=2&offset=2",
    )
    .await;
    assert_eq!(total, Some(4));
    assert_eq!(
        [names(&first), names(&second)].concat(),
        [
            "alpha Students, Bergen",
            "Bravo Media, Oslo",
            "Charlie Media, Lima",
            "Delta Media, Quito"
        ]
    );

    // Unknown values: 400, field by field, all at once.
    let (status, _, problem) = admin_get(
        &app,
        &token,
        "/api/v1/admin/organizations?sort=size&stale=maybe&country=Norway&status=gone",
    )
    .await;
    assert_eq!(status, 400);
    let mut fields: Vec<String> = problem["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    fields.sort();
    assert_eq!(fields, ["country", "sort", "stale", "status"]);
    let (status, _, problem) = admin_get(
        &app,
        &token,
        "/api/v1/admin/organizations?category=no_such_thing",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(problem["errors"][0]["field"], "category");
    assert_eq!(problem["errors"][0]["rule"], "unknown_category");
}

#[tokio::test]
async fn an_organisations_history_lists_what_was_done_to_it_newest_first_without_private_fields() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let (moderator, _) = app.moderator_token().await;
    let org = json!({"name": "Example Diaspora, Lima", "category": "palestinian_diaspora", "city": "Lima", "country": "PE", "latitude": -12.05, "longitude": -77.04, "contact_email": "lima-secret@example.net", "internal_notes": "met at the 2026 conference"});
    let created: Value = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/organizations",
            Some(&org),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let id = created["organization"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut edited = org.clone();
    edited["name"] = "Example Diaspora Network, Lima".into();
    assert_eq!(
        app.staff(
            Method::PUT,
            &token,
            &format!("/api/v1/admin/organizations/{id}"),
            Some(&edited)
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/organizations/{id}/status"),
            Some(&json!({"status": "hidden"}))
        )
        .await
        .status(),
        200
    );
    // Another organisation's actions stay out of this history.
    app.submit(
        &draft(
            "Example Group, Turku",
            "solidarity_group",
            "Turku",
            "FI",
            60.45,
            22.27,
        ),
        "turku@example.org",
    )
    .await;
    let queue: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/submissions", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let submission = queue[0]["submission_id"].as_str().unwrap_or_default();
    let turku = queue[0]["organization_id"].as_str().unwrap_or_default();
    assert_eq!(
        app.staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/submissions/{submission}/approve"),
            None
        )
        .await
        .status(),
        204
    );

    let response = app
        .staff(
            Method::GET,
            &moderator,
            &format!("/api/v1/admin/organizations/{id}/history"),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap_or_default();
    assert!(!text.contains("lima-secret@example.net"), "{text}");
    assert!(!text.contains("met at the 2026 conference"), "{text}");
    let history: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
    let actions: Vec<&str> = history
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        actions,
        ["set_status", "update_organization", "create_organization"]
    );
    assert!(history.iter().all(|e| e["target_id"] == id.as_str()));
    assert_eq!(history[0]["user_email"], "admin@example.org");
    assert_eq!(history[1]["after"]["has_contact_email"], true);

    // An approval is in the history of the organisation it concerns.
    let approved: Vec<Value> = app
        .staff(
            Method::GET,
            &token,
            &format!("/api/v1/admin/organizations/{turku}/history"),
            None,
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(approved.len(), 1);
    assert_eq!(approved[0]["action"], "approve_submission");
    assert_eq!(approved[0]["before"]["submission"], submission);

    for unknown in ["6f1c2b9e-0000-4000-8000-000000000001", "not-an-id"] {
        assert_eq!(
            app.staff(
                Method::GET,
                &token,
                &format!("/api/v1/admin/organizations/{unknown}/history"),
                None
            )
            .await
            .status(),
            404
        );
    }
}

#[tokio::test]
async fn resetting_two_factor_ends_sessions_and_the_next_sign_in_takes_the_password_alone() {
    let app = spawn_app().await;
    let (token, admin_id) = app.admin_token().await;
    let id = app.create_user(
        "mod@example.org",
        Role::Moderator,
        "a long moderator password",
    );
    let session = app
        .sign_in("mod@example.org", "a long moderator password")
        .await;
    let refresh_token = session["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    {
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        solidarity_map::db::models::user::set_totp(
            &mut conn,
            id.parse().unwrap_or_else(|e| panic!("{e}")),
            Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
            true,
        )
        .unwrap_or_else(|e| panic!("enabling TOTP: {e}"));
        solidarity_map::db::models::user::replace_recovery_codes(
            &mut conn,
            id.parse().unwrap_or_else(|e| panic!("{e}")),
            &["a-recovery-code-hash".to_owned()],
        )
        .unwrap_or_else(|e| panic!("recovery codes: {e}"));
    }
    let password_only =
        json!({"email": "mod@example.org", "password": "a long moderator password"});
    assert_eq!(
        app.post_json("/api/v1/auth/login", &password_only)
            .await
            .status(),
        401,
        "a code is needed while two-factor sign-in is on"
    );
    let users: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/users", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let listed = users
        .iter()
        .find(|u| u["id"] == id.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(listed["totp_enabled"], true);

    let before = app.audit_count();
    let reset = app
        .staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/users/{id}/reset-2fa"),
            None,
        )
        .await;
    assert_eq!(reset.status(), 204);
    assert_eq!(app.audit_count(), before + 1);

    let refreshed = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status(), 401, "the old session is over");
    let signed_in = app.post_json("/api/v1/auth/login", &password_only).await;
    assert_eq!(signed_in.status(), 200, "the password alone is enough now");
    let users: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/users", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert!(
        users
            .iter()
            .any(|u| u["id"] == id.as_str() && u["totp_enabled"] == false)
    );
    let log: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/audit", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(log[0]["action"], "reset_totp");
    assert_eq!(log[0]["target_id"], id.as_str());
    assert_eq!(log[0]["before"]["totp_enabled"], true);
    assert_eq!(log[0]["after"]["totp_enabled"], false);

    assert_eq!(
        app.staff(
            Method::POST,
            &token,
            "/api/v1/admin/users/6f1c2b9e-0000-4000-8000-000000000001/reset-2fa",
            None
        )
        .await
        .status(),
        404
    );
    // An admin may reset their own; it ends their sessions too.
    assert_eq!(
        app.staff(
            Method::POST,
            &token,
            &format!("/api/v1/admin/users/{admin_id}/reset-2fa"),
            None
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        app.staff(Method::GET, &token, "/api/v1/admin/users", None)
            .await
            .status(),
        401
    );
}

/// The token of the newest invitation e-mail to `to`.
fn invitation_token(app: &TestApp, to: &str) -> String {
    let mail = app
        .outbox()
        .into_iter()
        .rev()
        .find(|m| m.kind == "invitation" && m.recipient == to)
        .unwrap_or_else(|| panic!("no invitation to {to}"));
    assert!(
        mail.body.contains(&format!(
            "{}/admin/invite#token=",
            app.settings.join.public_url
        )),
        "{}",
        mail.body
    );
    mail.body
        .split("/admin/invite#token=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn an_account_without_a_password_is_invited_by_e_mail_and_the_link_sets_its_password_once() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let before = app.audit_count();
    let response = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/users",
            Some(&json!({"email": "Invited@Example.org", "role": "moderator"})),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap_or_default();
    assert_eq!(created["invited"], true);
    assert_eq!(created["email"], "invited@example.org");
    assert_eq!(app.audit_count(), before + 1);
    let invitation = invitation_token(&app, "invited@example.org");
    assert!(invitation.len() >= 32, "{invitation}");
    // Only the token's hash is stored.
    {
        use diesel::prelude::*;
        use solidarity_map::db::schema::invitations;
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        let stored: Vec<String> = invitations::table
            .select(invitations::token_hash)
            .load(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0], invitation);
    }
    // No password opens the account yet, not even an empty one (refused as input).
    for (password, status) in [("", 400), ("a long guessed password", 401)] {
        let login = app
            .post_json(
                "/api/v1/auth/login",
                &json!({"email": "invited@example.org", "password": password}),
            )
            .await;
        assert_eq!(login.status(), status, "{password:?}");
    }

    let short = app
        .post_json(
            "/api/v1/auth/invitation",
            &json!({"token": invitation, "password": "short"}),
        )
        .await;
    assert_eq!(short.status(), 400);
    let problem: Value = short.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "password");
    let wrong = app
        .post_json(
            "/api/v1/auth/invitation",
            &json!({"token": "not-the-token", "password": "my chosen password"}),
        )
        .await;
    assert_eq!(wrong.status(), 400);
    let problem: Value = wrong.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "token");

    let accepted = app
        .post_json(
            "/api/v1/auth/invitation",
            &json!({"token": invitation, "password": "my chosen password"}),
        )
        .await;
    assert_eq!(accepted.status(), 204);
    app.sign_in("invited@example.org", "my chosen password")
        .await;
    let again = app
        .post_json(
            "/api/v1/auth/invitation",
            &json!({"token": invitation, "password": "another password!"}),
        )
        .await;
    assert_eq!(again.status(), 400, "the link works once");
    let users: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/users", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert!(
        users
            .iter()
            .any(|u| u["email"] == "invited@example.org" && u["invited"] == false)
    );

    // An expired invitation does nothing.
    app.staff(
        Method::POST,
        &token,
        "/api/v1/admin/users",
        Some(&json!({"email": "late@example.org", "role": "admin"})),
    )
    .await;
    let late = invitation_token(&app, "late@example.org");
    {
        use diesel::prelude::*;
        use solidarity_map::db::schema::invitations;
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        diesel::update(invitations::table.filter(invitations::used_at.is_null()))
            .set(
                invitations::expires_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
            )
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let expired = app
        .post_json(
            "/api/v1/auth/invitation",
            &json!({"token": late, "password": "my chosen password"}),
        )
        .await;
    assert_eq!(expired.status(), 400);
    // The same address cannot be invited twice.
    assert_eq!(
        app.staff(
            Method::POST,
            &token,
            "/api/v1/admin/users",
            Some(&json!({"email": "late@example.org", "role": "admin"})),
        )
        .await
        .status(),
        409
    );
}

/// Found by Schemathesis (scripts/fuzz-api.sh): two admin writes at once (here: saving focus
/// areas and categories, which read before they write) made SQLite refuse the second writer at
/// once, "database is locked", answered 500. Write transactions now take turns.
#[tokio::test]
async fn concurrent_admin_writes_take_turns_instead_of_failing() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..24 {
        let (path, body) = if i % 2 == 0 {
            (
                format!("/api/v1/admin/focus-areas/area_{}", i % 6),
                json!({"names": {"en": "Water", "ar": "مياه", "fr": "Eau", "es": "Agua"}, "position": i}),
            )
        } else {
            (
                format!("/api/v1/admin/categories/category_{}", i % 6),
                json!({"colour": "#00686f", "icon": "hexagon", "names": {"en": "Media", "ar": "إعلام", "fr": "Médias", "es": "Medios"}, "position": i}),
            )
        };
        let request = app
            .client
            .put(app.url(&path))
            .bearer_auth(&token)
            .json(&body)
            .send();
        requests.spawn(request);
    }
    while let Some(response) = requests.join_next().await {
        let response = response
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), 204, "{:?}", response.text().await);
    }
}

/// Found with Schemathesis (positive_data_acceptance): the document says `position` is an
/// integer, and JSON Schema counts `12.0` as one; the server answered 400 "expected a whole
/// number". A fraction is still refused.
#[tokio::test]
async fn a_position_written_with_a_zero_fraction_is_a_whole_number() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let names = json!({"en": "Media", "ar": "إعلام", "fr": "Médias", "es": "Medios"});
    for (path, body) in [
        (
            "/api/v1/admin/categories/media",
            json!({"colour": "#00686f", "icon": "hexagon", "names": names, "position": 12.0}),
        ),
        (
            "/api/v1/admin/focus-areas/water",
            json!({"names": names, "position": 20.0}),
        ),
    ] {
        let response = app.staff(Method::PUT, &token, path, Some(&body)).await;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, 204, "{path}: {text}");
        let mut fraction = body.clone();
        fraction["position"] = json!(12.5);
        let response = app.staff(Method::PUT, &token, path, Some(&fraction)).await;
        assert_eq!(response.status(), 400, "{path}");
        let problem: Value = response.json().await.unwrap_or_default();
        assert_eq!(problem["errors"][0]["field"], "position", "{problem}");
    }
}
