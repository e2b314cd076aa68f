//! Issue #18, reports from visitors: `POST /api/v1/organizations/{id_or_slug}/reports`, the
//! `/report/{slug}` page's form, the moderators' queue (`/api/v1/admin/reports`), hiding an
//! entry reported unsafe, and the owner's e-mails, page and answers.

use reqwest::Method;
use reqwest::header;
use serde_json::{Value, json};
use shared::domain::{EmailAddress, Status};
use solidarity_map_tests::{TestApp, draft, spawn_app, spawn_app_with};

/// Submits and approves an entry; returns (owner token, slug).
async fn published_entry(app: &TestApp, name: &str, email: &str) -> (String, String) {
    let d = draft(name, "student_group", "Bergen", "NO", 60.39, 5.32);
    let receipt = app.submit(&d, email).await;
    let submission = app
        .pending_submissions()
        .into_iter()
        .find(|s| s.draft.contains(name))
        .unwrap_or_else(|| panic!("no submission for {name}"));
    app.approve(&submission.id);
    let token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let entry = owner_entry(app, &token).await;
    assert_eq!(entry["status"], "published", "{entry}");
    let slug = entry["organization"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (token, slug)
}

async fn owner_entry(app: &TestApp, token: &str) -> Value {
    app.as_owner(token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default()
}

/// Sends a report through the API with a fresh form token.
async fn report(app: &TestApp, slug: &str, body: Value) -> reqwest::Response {
    let mut body = body;
    body["form_token"] = app.form_token().await.into();
    app.post_json(&format!("/api/v1/organizations/{slug}/reports"), &body)
        .await
}

async fn queue(app: &TestApp, token: &str, state: &str) -> Vec<Value> {
    let response = app
        .staff(
            Method::GET,
            token,
            &format!("/api/v1/admin/reports?state={state}"),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap_or_default()
}

async fn is_public(app: &TestApp, slug: &str) -> bool {
    app.get(&format!("/api/v1/organizations/{slug}"))
        .await
        .status()
        == 200
}

async fn resolve(app: &TestApp, token: &str, id: &str, outcome: &str) -> reqwest::Response {
    app.staff(
        Method::POST,
        token,
        &format!("/api/v1/admin/reports/{id}/resolve"),
        Some(&json!({ "outcome": outcome })),
    )
    .await
}

#[tokio::test]
async fn a_visitor_reports_an_entry_and_moderators_read_it_in_the_queue() {
    let app = spawn_app().await;
    let (_, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    let sent = report(
        &app,
        &slug,
        json!({"kind": "wrong_details", "message": "The website moved to a new address."}),
    )
    .await;
    assert_eq!(sent.status(), 202);
    let receipt: Value = sent.json().await.unwrap_or_default();
    assert_eq!(receipt["hidden_for_review"], false, "{receipt}");
    assert!(is_public(&app, &slug).await, "only an unsafe report hides");

    let (moderator, _) = app.moderator_token().await;
    let waiting = queue(&app, &moderator, "waiting").await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["kind"], "wrong_details");
    assert_eq!(waiting[0]["message"], "The website moved to a new address.");
    assert_eq!(waiting[0]["state"]["status"], "open");
    assert_eq!(waiting[0]["organization"]["slug"], slug.as_str());
    assert_eq!(waiting[0]["hid_entry"], false);

    // The owner hears of it, in general terms: what kind of problem, not the visitor's words.
    let told: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "report")
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].recipient, "bergen@example.org");
    assert!(
        told[0].body.contains("Some details are wrong"),
        "{}",
        told[0].body
    );
    assert!(!told[0].body.contains("website moved"));

    // A second report waits too, but does not write to the owner again.
    assert_eq!(
        report(&app, &slug, json!({"kind": "wrong_place"}))
            .await
            .status(),
        202
    );
    assert_eq!(queue(&app, &moderator, "waiting").await.len(), 2);
    assert_eq!(
        app.outbox().iter().filter(|m| m.kind == "report").count(),
        1
    );
    // Nothing public says that the entry was reported, nor how often.
    let public = app
        .get(&format!("/api/v1/organizations/{slug}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(!public.contains("report"), "{public}");
    // The queue is for moderators only.
    assert_eq!(app.get("/api/v1/admin/reports").await.status(), 401);
}

#[tokio::test]
async fn bad_reports_are_refused_field_by_field() {
    let app = spawn_app().await;
    let (_, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    let (_, other) = published_entry(&app, "Another Group, Oslo", "oslo@example.org").await;
    let cases = [
        (json!({"kind": "spam"}), "kind", "invalid_choice"),
        (json!({"kind": ""}), "kind", "required"),
        (json!({"kind": "duplicate"}), "duplicate_of", "required"),
        (
            json!({"kind": "duplicate", "duplicate_of": "Not a slug!"}),
            "duplicate_of",
            "invalid_entry",
        ),
        (
            json!({"kind": "duplicate", "duplicate_of": "no-such-entry"}),
            "duplicate_of",
            "unknown_entry",
        ),
        (
            json!({"kind": "duplicate", "duplicate_of": format!("https://map.example.org/org/{slug}")}),
            "duplicate_of",
            "same_entry",
        ),
        (
            json!({"kind": "not_active", "message": "x".repeat(1001)}),
            "message",
            "too_long",
        ),
        (
            json!({"kind": "not_active", "homepage": "http://spam.example"}),
            "homepage",
            "must_be_empty",
        ),
    ];
    for (body, field, rule) in cases {
        let response = report(&app, &slug, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        let problem: Value = response.json().await.unwrap_or_default();
        let errors = problem["errors"].as_array().cloned().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["rule"] == rule),
            "{body}: {problem}"
        );
    }
    // Without a form token, with one used already, or not JSON at all.
    let path = format!("/api/v1/organizations/{slug}/reports");
    let response = app.post_json(&path, &json!({"kind": "not_active"})).await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "form_token", "{problem}");
    let token = app.form_token().await;
    let once = json!({"kind": "not_active", "form_token": token});
    assert_eq!(app.post_json(&path, &once).await.status(), 202);
    let again = app.post_json(&path, &once).await;
    assert_eq!(again.status(), 400);
    let problem: Value = again.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["rule"], "form_token_used", "{problem}");
    let garbled = app
        .client
        .post(app.url(&path))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"kind\": 5")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(garbled.status(), 400);
    // An entry that is not on the map.
    assert_eq!(
        report(&app, "no-such-entry", json!({"kind": "not_active"}))
            .await
            .status(),
        404
    );
    // A duplicate names another entry on the map.
    let response = report(
        &app,
        &slug,
        json!({"kind": "duplicate", "duplicate_of": format!("http://127.0.0.1/org/{other}?lang=ar")}),
    )
    .await;
    assert_eq!(response.status(), 202);
    let (moderator, _) = app.moderator_token().await;
    let waiting = queue(&app, &moderator, "waiting").await;
    let duplicate = waiting
        .iter()
        .find(|r| r["kind"] == "duplicate")
        .cloned()
        .unwrap_or_default();
    assert_eq!(duplicate["duplicate_of"]["slug"], other.as_str());
    // Unknown filters and outcomes are problems too, never a 500.
    let response = app
        .staff(
            Method::GET,
            &moderator,
            "/api/v1/admin/reports?state=x",
            None,
        )
        .await;
    assert_eq!(response.status(), 400);
    let id = duplicate["id"].as_str().unwrap_or_default().to_owned();
    let response = resolve(&app, &moderator, &id, "deleted").await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "outcome");
    assert_eq!(
        resolve(&app, &moderator, "not-a-uuid", "dismissed")
            .await
            .status(),
        404
    );
    assert_eq!(
        resolve(
            &app,
            &moderator,
            "00000000-0000-4000-8000-000000000000",
            "dismissed"
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn unsafe_to_list_hides_the_entry_at_once_and_tells_the_owner_in_their_language() {
    let app = spawn_app_with(|s| {
        s.mail.moderators =
            vec![EmailAddress::parse("moderators@example.org").unwrap_or_else(|e| panic!("{e}"))];
    })
    .await;
    let (token, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    app.as_owner(
        &token,
        "/api/v1/owner/entry/language",
        Some(&json!({"language": "ar"})),
    )
    .await;
    let sent = report(
        &app,
        &slug,
        json!({"kind": "unsafe", "message": "Their members' faces are on the linked page."}),
    )
    .await;
    assert_eq!(sent.status(), 202);
    let receipt: Value = sent.json().await.unwrap_or_default();
    assert_eq!(receipt["hidden_for_review"], true);
    assert!(!is_public(&app, &slug).await, "hidden at once");
    let list = app
        .get("/api/v1/organizations?limit=500")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(!list.contains(&slug));

    let outbox = app.outbox();
    let owner = outbox
        .iter()
        .find(|m| m.kind == "report_unsafe" && m.recipient == "bergen@example.org")
        .unwrap_or_else(|| panic!("the owner is told: {outbox:?}"));
    assert!(
        owner.subject.contains("مخفي"),
        "in Arabic: {}",
        owner.subject
    );
    assert!(!owner.body.contains("faces"), "never the visitor's words");
    assert!(
        outbox
            .iter()
            .any(|m| m.kind == "report_unsafe" && m.recipient == "moderators@example.org")
    );

    // The owner sees why, and cannot show it again themselves.
    let entry = owner_entry(&app, &token).await;
    assert_eq!(entry["status"], "hidden");
    assert_eq!(entry["hidden_by"], "report");
    assert_eq!(entry["reports"][0]["kind"], "unsafe");
    assert!(entry["reports"][0].get("message").is_none(), "{entry}");
    let shown = app.as_owner(&token, "/api/v1/owner/entry/show", None).await;
    assert_eq!(shown.status(), 409);

    // The moderator dismisses the report: the entry is back, and the audit log says who.
    let (moderator, _) = app.moderator_token().await;
    let waiting = queue(&app, &moderator, "waiting").await;
    assert_eq!(waiting[0]["hid_entry"], true);
    assert_eq!(waiting[0]["organization"]["hidden_by"], "report");
    let id = waiting[0]["id"].as_str().unwrap_or_default().to_owned();
    let audit_before = app.audit_count();
    let response = resolve(&app, &moderator, &id, "dismissed").await;
    assert_eq!(response.status(), 200);
    let resolved: Value = response.json().await.unwrap_or_default();
    assert_eq!(resolved["state"]["status"], "resolved");
    assert_eq!(resolved["state"]["outcome"], "dismissed");
    assert_eq!(resolved["organization"]["status"], "published");
    assert!(is_public(&app, &slug).await, "restored");
    assert_eq!(app.audit_count(), audit_before + 1);
    assert_eq!(resolve(&app, &moderator, &id, "hidden").await.status(), 409);
    assert!(queue(&app, &moderator, "waiting").await.is_empty());
    assert_eq!(queue(&app, &moderator, "resolved").await.len(), 1);
    assert!(
        owner_entry(&app, &token).await["reports"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
}

/// The public answers are served from a snapshot checked every `INDEX_REFRESH_MS`; a write
/// through the same server expires it, so the reporter (and everyone after) no longer finds the
/// entry even with a long refresh interval, as on the plain page's form (the browser test that
/// caught it: the check came within 100 ms of the form's answer).
#[tokio::test]
async fn an_entry_reported_unsafe_is_gone_from_the_next_answer_whatever_the_refresh_interval() {
    let app = spawn_app_with(|s| s.index_refresh = std::time::Duration::from_secs(600)).await;
    let (_, slug) = published_entry(&app, "Example Group, Tromso", "tromso@example.org").await;
    // Read first: the snapshot holding the entry is fresh when the report comes.
    assert!(is_public(&app, &slug).await);
    let sent = report(&app, &slug, json!({"kind": "unsafe"})).await;
    assert_eq!(sent.status(), 202);
    assert!(
        !is_public(&app, &slug).await,
        "hidden in the very next answer"
    );
}

#[tokio::test]
async fn a_moderator_keeps_an_entry_reported_unsafe_hidden() {
    let app = spawn_app().await;
    let (token, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    assert_eq!(
        report(&app, &slug, json!({"kind": "unsafe"}))
            .await
            .status(),
        202
    );
    let (moderator, _) = app.moderator_token().await;
    let id = queue(&app, &moderator, "waiting").await[0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let response = resolve(&app, &moderator, &id, "hidden").await;
    assert_eq!(response.status(), 200);
    assert!(!is_public(&app, &slug).await);
    let entry = owner_entry(&app, &token).await;
    assert_eq!(entry["hidden_by"], "moderator", "{entry}");
}

#[tokio::test]
async fn the_owner_answers_a_report_by_confirming_or_updating() {
    let app = spawn_app().await;
    let (token, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    assert_eq!(
        report(&app, &slug, json!({"kind": "not_active"}))
            .await
            .status(),
        202
    );
    let entry = owner_entry(&app, &token).await;
    assert_eq!(entry["reports"][0]["kind"], "not_active");
    assert_eq!(entry["reports"][0]["state"]["status"], "open");

    let confirmed = app
        .as_owner(&token, "/api/v1/owner/entry/confirm", None)
        .await;
    assert_eq!(confirmed.status(), 200);
    let entry: Value = confirmed.json().await.unwrap_or_default();
    assert_eq!(entry["reports"][0]["state"]["status"], "answered");
    assert_eq!(entry["reports"][0]["state"]["answer"], "confirmed");
    let (moderator, _) = app.moderator_token().await;
    let waiting = queue(&app, &moderator, "waiting").await;
    assert_eq!(
        waiting.len(),
        1,
        "answered reports still wait for a moderator"
    );
    assert_eq!(waiting[0]["state"]["answer"], "confirmed");

    // A new report, answered with an update.
    assert_eq!(
        report(&app, &slug, json!({"kind": "wrong_details"}))
            .await
            .status(),
        202
    );
    let update = serde_json::to_value(draft(
        "Example Group, Bergen",
        "student_group",
        "Bergen",
        "NO",
        60.39,
        5.32,
    ))
    .unwrap_or_default();
    let updated = app
        .as_owner(&token, "/api/v1/owner/entry/update", Some(&update))
        .await;
    assert_eq!(updated.status(), 200);
    let entry: Value = updated.json().await.unwrap_or_default();
    let answers: Vec<&Value> = entry["reports"]
        .as_array()
        .map(|r| r.iter().map(|r| &r["state"]["answer"]).collect())
        .unwrap_or_default();
    assert_eq!(answers, [&json!("updated"), &json!("confirmed")], "{entry}");

    // Resolving closes it for the owner too.
    for report in queue(&app, &moderator, "waiting").await {
        let id = report["id"].as_str().unwrap_or_default();
        assert_eq!(
            resolve(&app, &moderator, id, "corrected").await.status(),
            200
        );
    }
    assert!(
        owner_entry(&app, &token).await["reports"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert!(is_public(&app, &slug).await);
}

#[tokio::test]
async fn a_report_comes_with_the_entry_history_and_its_other_reports() {
    let app = spawn_app().await;
    let (_, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    for kind in ["wrong_place", "not_active"] {
        assert_eq!(
            report(&app, &slug, json!({"kind": kind})).await.status(),
            202
        );
    }
    let (moderator, _) = app.moderator_token().await;
    let waiting = queue(&app, &moderator, "waiting").await;
    let first = waiting[0]["id"].as_str().unwrap_or_default().to_owned();
    let entry_id = waiting[0]["organization"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // A moderator's earlier action on the entry is in its history.
    let hidden = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/organizations/{entry_id}/status"),
            Some(&json!({"status": "hidden"})),
        )
        .await;
    assert_eq!(hidden.status(), 200);
    assert_eq!(
        resolve(&app, &moderator, &first, "hidden").await.status(),
        200
    );
    let second = waiting[1]["id"].as_str().unwrap_or_default();
    let response = app
        .staff(
            Method::GET,
            &moderator,
            &format!("/api/v1/admin/reports/{second}"),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let detail: Value = response.json().await.unwrap_or_default();
    assert_eq!(detail["report"]["id"], second);
    assert_eq!(detail["other_reports"][0]["id"], first.as_str());
    assert_eq!(detail["other_reports"][0]["state"]["outcome"], "hidden");
    let actions: Vec<&str> = detail["history"]
        .as_array()
        .map(|h| h.iter().filter_map(|a| a["action"].as_str()).collect())
        .unwrap_or_default();
    assert!(actions.contains(&"resolve_report"), "{actions:?}");
    assert!(actions.contains(&"set_status"), "{actions:?}");
    assert!(actions.contains(&"approve_submission"), "{actions:?}");
    assert_eq!(
        app.staff(
            Method::GET,
            &moderator,
            "/api/v1/admin/reports/00000000-0000-4000-8000-000000000000",
            None
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn nothing_of_the_reporter_is_stored_and_their_words_are_sealed() {
    use diesel::prelude::*;
    use solidarity_map::db::schema::reports::dsl as r;
    let app = spawn_app().await;
    let (_, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    let words = "PLANTED-REPORT-TEXT-3e1f I saw them at the station";
    let sent = app
        .client
        .post(app.url(&format!("/api/v1/organizations/{slug}/reports")))
        .header("X-Forwarded-For", "203.0.113.77")
        .json(&json!({"kind": "unsafe", "message": words, "form_token": app.form_token().await}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sent.status(), 202);
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    type Raw = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Raw> = r::reports
        .select((
            r::id,
            r::organization_id,
            r::kind,
            r::duplicate_of,
            r::message,
            r::status,
        ))
        .load(&mut conn)
        .unwrap_or_else(|e| panic!("reading reports: {e}"));
    assert_eq!(rows.len(), 1);
    let stored = format!("{:?}", rows[0]);
    assert!(!stored.contains("PLANTED"), "{stored}");
    assert!(!stored.contains("127.0.0.1") && !stored.contains("203.0.113.77"));
    let sealed = rows[0].4.clone().unwrap_or_default();
    assert!(
        solidarity_map::data_key::DataKey::is_sealed(&sealed),
        "{sealed}"
    );
    // Moderators read the words.
    let (moderator, _) = app.moderator_token().await;
    assert_eq!(queue(&app, &moderator, "all").await[0]["message"], words);
}

#[tokio::test]
async fn reports_share_the_write_limit_of_the_public_forms() {
    let app = spawn_app_with(|s| s.write_burst = 2).await;
    let org = app.insert_with_private(
        draft(
            "Example Group, Bergen",
            "student_group",
            "Bergen",
            "NO",
            60.39,
            5.32,
        ),
        Status::Published,
        Some("bergen@example.org"),
        "",
    );
    let slug = org.slug.as_str().to_owned();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            report(&app, &slug, json!({"kind": "wrong_place"}))
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses[..2], [202, 202]);
    assert!(statuses[2..].contains(&429), "{statuses:?}");
}

/// The value of the first element with `name="…"` and a `value`.
fn field_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (key, value) in fields {
        body.append_pair(key, value);
    }
    let response = app
        .client
        .post(app.url(path))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.finish())
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"));
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn the_report_page_works_as_a_plain_form_in_the_readers_language() {
    let app = spawn_app().await;
    let org = app.insert_with_private(
        draft(
            "Example Group, Bergen",
            "student_group",
            "Bergen",
            "NO",
            60.39,
            5.32,
        ),
        Status::Published,
        Some("bergen@example.org"),
        "",
    );
    let slug = org.slug.as_str().to_owned();
    let entry_page = app
        .get(&format!("/org/{slug}?lang=ar"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        entry_page.contains(&format!("href=\"/report/{slug}?lang=ar\"")),
        "every entry links to its report form"
    );
    let path = format!("/report/{slug}?lang=ar");
    let form = app.get(&path).await;
    assert_eq!(form.status(), 200);
    assert_eq!(
        form.headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let form = form.text().await.unwrap_or_default();
    assert!(form.contains("<html lang=\"ar\" dir=\"rtl\""));
    assert!(form.contains("الإبلاغ عن مشكلة"));
    assert!(form.contains("name=\"kind\" value=\"unsafe\""));
    let token = field_value(&form, "form_token");
    assert!(!token.is_empty());

    // Nothing chosen: the form again, with the error in Arabic, and nothing stored.
    let (status, page) = post_form(&app, &path, &[("form_token", &token), ("message", "?")]).await;
    assert_eq!(status, 400);
    assert!(page.contains("error-summary"));
    assert!(page.contains("href=\"#kind\""));
    assert!(is_public(&app, &slug).await);

    let token = field_value(&page, "form_token");
    let (status, page) = post_form(
        &app,
        &path,
        &[
            ("form_token", &token),
            ("homepage", ""),
            ("kind", "unsafe"),
            ("duplicate_of", ""),
            ("message", "خطر على الأعضاء"),
        ],
    )
    .await;
    assert_eq!(status, 202, "{page}");
    assert!(page.contains("id=\"report-outcome\""));
    assert!(
        page.contains("الإدخال مخفي عن الخريطة"),
        "says what happens next"
    );
    assert!(!is_public(&app, &slug).await);
    assert!(
        app.get(&format!("/org/{slug}")).await.status() == 404,
        "the page is gone too"
    );

    // An English visitor on another entry, a plain report.
    let other = app.insert_with_private(
        draft(
            "Another Group, Oslo",
            "student_group",
            "Oslo",
            "NO",
            59.91,
            10.75,
        ),
        Status::Published,
        None,
        "",
    );
    let path = format!("/report/{}", other.slug.as_str());
    let form = app.get(&path).await.text().await.unwrap_or_default();
    let (status, page) = post_form(
        &app,
        &path,
        &[
            ("form_token", &field_value(&form, "form_token")),
            ("kind", "duplicate"),
            ("duplicate_of", "no-such-entry"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(page.contains("Give the address of another entry"), "{page}");
    let (status, page) = post_form(
        &app,
        &path,
        &[
            ("form_token", &field_value(&page, "form_token")),
            ("kind", "wrong_place"),
        ],
    )
    .await;
    assert_eq!(status, 202, "{page}");
    assert!(page.contains("The moderators will review your report"));
    assert!(page.contains(&format!("href=\"/org/{}\"", other.slug.as_str())));
    assert_eq!(app.get("/report/no-such-entry").await.status(), 404);
}

#[tokio::test]
async fn the_owner_page_lists_the_waiting_reports() {
    let app = spawn_app().await;
    let (token, slug) = published_entry(&app, "Example Group, Bergen", "bergen@example.org").await;
    assert_eq!(
        report(
            &app,
            &slug,
            json!({"kind": "wrong_place", "message": "SECRET-WORDS"})
        )
        .await
        .status(),
        202
    );
    let (status, page) = post_form(
        &app,
        "/owner?lang=fr",
        &[("token", &token), ("action", "open")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("data-testid=\"owner-reports\""));
    assert!(
        page.contains("Il est au mauvais endroit sur la carte"),
        "{page}"
    );
    assert!(!page.contains("SECRET-WORDS"));
    let (status, page) = post_form(
        &app,
        "/owner?lang=fr",
        &[("token", &token), ("action", "confirm")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("Vous avez répondu le"), "{page}");
}
