//! Issue #18, "Freshness for admins": `/api/v1/admin/freshness` counts published entries by how
//! long ago a person confirmed them (in all, per country, per category), `freshness.csv` gives
//! the same figures as a file, and `freshness/reminders` re-sends the "still active?" reminder
//! in bulk, at most once a fortnight per group.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use shared::domain::Status;
use solidarity_map_tests::{TestApp, draft, spawn_app};

/// Makes the entry's last confirmation `days` old; with `imported`, also makes it an import
/// that nobody confirmed since it was loaded `days` ago.
fn confirmed_days_ago(app: &TestApp, id: &str, days: i64, imported: bool) {
    use diesel::prelude::*;
    use solidarity_map::db::schema::organizations;
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let at = Utc::now().naive_utc() - Duration::days(days);
    diesel::update(organizations::table.find(id))
        .set(organizations::last_confirmed_at.eq(at))
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("ageing: {e}"));
    if imported {
        diesel::update(organizations::table.find(id))
            .set((
                organizations::created_at.eq(at),
                organizations::origin.eq("import"),
            ))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("importing: {e}"));
    }
}

/// Records that the group was reminded `days` ago.
fn reminded_days_ago(app: &TestApp, id: &str, days: i64) {
    use diesel::prelude::*;
    use solidarity_map::db::schema::organization_private;
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    diesel::update(organization_private::table.find(id))
        .set(
            organization_private::reminded_at
                .eq(Some(Utc::now().naive_utc() - Duration::days(days))),
        )
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("reminding: {e}"));
}

/// An entry of `country` and `category`, in `status`, with an optional contact address; its id.
fn entry(
    app: &TestApp,
    name: &str,
    country: &str,
    category: &str,
    status: Status,
    email: Option<&str>,
) -> String {
    let org = app.insert_with_private(
        draft(name, category, "Somewhere", country, 10.0, 10.0),
        status,
        email,
        "",
    );
    org.id.to_string()
}

/// Published: two in Norway (10 and 200 days), two media entries in Peru (400 days, and an
/// import never confirmed), one student group in Peru (30 days); hidden: one in Norway (not
/// counted).
fn seed(app: &TestApp) {
    let published = Status::Published;
    for (name, country, category, status, days, imported) in [
        ("Recent Group Oslo", "NO", "media", published, 10, false),
        (
            "Half Year Group Oslo",
            "NO",
            "student_group",
            published,
            200,
            false,
        ),
        ("Silent Group Lima", "PE", "media", published, 400, false),
        ("Imported Group Lima", "PE", "media", published, 50, true),
        ("Students Lima", "PE", "student_group", published, 30, false),
        (
            "Hidden Group Oslo",
            "NO",
            "media",
            Status::Hidden,
            10,
            false,
        ),
    ] {
        let id = entry(app, name, country, category, status, None);
        confirmed_days_ago(app, &id, days, imported);
    }
}

fn counts(under: u64, half: u64, over: u64, never: u64) -> Value {
    json!({
        "under_6_months": under,
        "from_6_to_12_months": half,
        "over_12_months": over,
        "never_confirmed": never,
        "total": under + half + over + never,
    })
}

async fn staff_json(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Value {
    let response = app.staff(method, token, path, body).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap_or_default()
}

#[tokio::test]
async fn figures_count_published_entries_by_confirmation_age_per_country_and_category() {
    let app = spawn_app().await;
    seed(&app);
    let (token, _) = app.moderator_token().await;
    let response = app
        .staff(Method::GET, &token, "/api/v1/admin/freshness", None)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let figures: Value = response.json().await.unwrap_or_default();
    assert_eq!(figures["total"], counts(2, 1, 1, 1));
    assert_eq!(
        figures["by_country"],
        json!([
            {"key": "NO", "counts": counts(1, 1, 0, 0)},
            {"key": "PE", "counts": counts(1, 0, 1, 1)},
        ])
    );
    assert_eq!(
        figures["by_category"],
        json!([
            {"key": "media", "counts": counts(1, 0, 1, 1)},
            {"key": "student_group", "counts": counts(1, 1, 0, 0)},
        ])
    );
    // Nothing private: no names, addresses or ids.
    let text = figures.to_string();
    assert!(!text.contains("Group"), "{text}");
}

#[tokio::test]
async fn the_csv_gives_the_same_figures_with_names_defused() {
    let app = spawn_app().await;
    seed(&app);
    {
        use diesel::prelude::*;
        use solidarity_map::db::schema::categories;
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        diesel::update(categories::table.find("media"))
            .set(categories::name_en.eq("=HYPERLINK(\"http://example.org\")"))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("renaming: {e}"));
    }
    let (token, _) = app.moderator_token().await;
    let response = app
        .staff(Method::GET, &token, "/api/v1/admin/freshness.csv", None)
        .await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert!(header("content-disposition").starts_with("attachment; filename=\"freshness-"));
    assert_eq!(header("cache-control"), "no-store");
    let text = response.text().await.unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    assert_eq!(
        columns,
        [
            "breakdown",
            "key",
            "name",
            "under_6_months",
            "from_6_to_12_months",
            "over_12_months",
            "never_confirmed",
            "total"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .unwrap_or_default()
        })
        .collect();
    let expected: Vec<Vec<&str>> = vec![
        vec!["total", "", "", "2", "1", "1", "1", "5"],
        vec!["country", "NO", "Norway", "1", "1", "0", "0", "2"],
        vec!["country", "PE", "Peru", "1", "0", "1", "1", "3"],
        vec![
            "category",
            "media",
            "'=HYPERLINK(\"http://example.org\")",
            "1",
            "0",
            "1",
            "1",
            "3",
        ],
        vec![
            "category",
            "student_group",
            "Student Group",
            "1",
            "1",
            "0",
            "0",
            "2",
        ],
    ];
    assert_eq!(rows, expected);
}

#[tokio::test]
async fn bulk_reminders_go_to_each_group_with_an_address_not_reminded_recently() {
    let app = spawn_app().await;
    let published = Status::Published;
    let silent = entry(
        &app,
        "Silent Group Lima",
        "PE",
        "media",
        published,
        Some("lima@example.org"),
    );
    let no_address = entry(
        &app,
        "No Address Group Cusco",
        "PE",
        "media",
        published,
        None,
    );
    let recent_reminder = entry(
        &app,
        "Reminded Group Arequipa",
        "PE",
        "media",
        published,
        Some("arequipa@example.org"),
    );
    let elsewhere = entry(
        &app,
        "Silent Group Quito",
        "EC",
        "media",
        published,
        Some("quito@example.org"),
    );
    let other_category = entry(
        &app,
        "Silent Students Lima",
        "PE",
        "student_group",
        published,
        Some("students@example.org"),
    );
    let fresh = entry(
        &app,
        "Fresh Group Lima",
        "PE",
        "media",
        published,
        Some("fresh@example.org"),
    );
    let hidden = entry(
        &app,
        "Hidden Group Lima",
        "PE",
        "media",
        Status::Hidden,
        Some("hidden@example.org"),
    );
    for id in [
        &silent,
        &no_address,
        &recent_reminder,
        &elsewhere,
        &other_category,
        &hidden,
    ] {
        confirmed_days_ago(&app, id, 400, false);
    }
    confirmed_days_ago(&app, &fresh, 20, false);
    reminded_days_ago(&app, &recent_reminder, 3);
    // Reminded 20 days ago: due again.
    reminded_days_ago(&app, &silent, 20);
    let audit_before = app.audit_count();

    let (token, _) = app.moderator_token().await;
    let path = "/api/v1/admin/freshness/reminders";
    let selection = json!({"age": "over_12_months", "country": "PE", "category": "media"});
    let report = staff_json(&app, &token, Method::POST, path, Some(&selection)).await;
    assert_eq!(
        report,
        json!({"matched": 3, "queued": 1, "skipped_reminded_recently": 1, "skipped_without_address": 1})
    );
    let reminders: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "reminder")
        .collect();
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert_eq!(reminders[0].recipient, "lima@example.org");
    assert!(
        reminders[0].subject.contains("Silent Group Lima"),
        "{:?}",
        reminders[0]
    );
    // The date to confirm by is never past: at the earliest the reminder lead from now.
    let lead = (Utc::now() + Duration::days(30)).date_naive().to_string();
    assert!(reminders[0].body.contains(&lead), "{}", reminders[0].body);
    assert_eq!(app.audit_count(), audit_before + 1);

    // At once again: nobody is reminded twice.
    let again = staff_json(&app, &token, Method::POST, path, Some(&selection)).await;
    assert_eq!(again["queued"], 0);
    assert_eq!(again["skipped_reminded_recently"], 2);
    assert_eq!(app.audit_count(), audit_before + 2);

    // Every country and category: Quito and the students are reminded too, never the fresh or
    // hidden entries.
    let everywhere = json!({"age": "over_12_months", "country": "", "category": null});
    let report = staff_json(&app, &token, Method::POST, path, Some(&everywhere)).await;
    assert_eq!(report["matched"], 5);
    assert_eq!(report["queued"], 2);
    let mut recipients: Vec<String> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "reminder")
        .map(|m| m.recipient)
        .collect();
    recipients.sort();
    assert_eq!(
        recipients,
        [
            "lima@example.org",
            "quito@example.org",
            "students@example.org"
        ]
    );
}

#[tokio::test]
async fn a_bulk_reminder_leaves_the_reminder_before_consent_runs_out_in_place() {
    let app = spawn_app().await;
    let receipt = app
        .submit(
            &draft(
                "Example Student Group, Bergen",
                "student_group",
                "Bergen",
                "NO",
                60.39,
                5.32,
            ),
            "bergen@example.org",
        )
        .await;
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    assert!(receipt["owner_token"].is_string());
    let (token, _) = app.moderator_token().await;
    let report = staff_json(
        &app,
        &token,
        Method::POST,
        "/api/v1/admin/freshness/reminders",
        Some(&json!({"age": "under_6_months"})),
    )
    .await;
    assert_eq!(report["queued"], 1);
    let report = app.maintain_at(Utc::now().naive_utc() + Duration::days(340));
    assert_eq!(report.reminded, 1, "the consent reminder still goes");
    let reminders = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "reminder" && m.recipient == "bergen@example.org")
        .count();
    assert_eq!(reminders, 2);
}

#[tokio::test]
async fn a_bad_selection_is_refused_field_by_field() {
    let app = spawn_app().await;
    let (token, _) = app.moderator_token().await;
    let path = "/api/v1/admin/freshness/reminders";
    let fields = |body: Value| -> Vec<String> {
        let mut fields: Vec<String> = body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
            .collect();
        fields.sort();
        fields
    };
    for (body, expected) in [
        (
            json!({"age": "stale", "country": "Norway", "category": "Not a key!"}),
            vec!["age", "category", "country"],
        ),
        (json!({}), vec!["age"]),
        (json!({"age": 12}), vec!["age"]),
        (
            json!({"age": "over_12_months", "country": "XX1"}),
            vec!["country"],
        ),
    ] {
        let response = app.staff(Method::POST, &token, path, Some(&body)).await;
        assert_eq!(response.status(), 400, "{body}");
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
        let problem: Value = response.json().await.unwrap_or_default();
        assert_eq!(fields(problem), expected, "{body}");
    }
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("not json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 400);
    assert!(app.outbox().is_empty());
}

#[tokio::test]
async fn only_moderators_and_admins_see_the_figures_or_send_reminders() {
    let app = spawn_app().await;
    let receipt = app
        .submit(
            &draft("Example Media, Oslo", "media", "Oslo", "NO", 59.91, 10.75),
            "oslo@example.org",
        )
        .await;
    let owner_token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let reminders = json!({"age": "over_12_months"});
    let calls = [
        (Method::GET, "/api/v1/admin/freshness", None),
        (Method::GET, "/api/v1/admin/freshness.csv", None),
        (
            Method::POST,
            "/api/v1/admin/freshness/reminders",
            Some(&reminders),
        ),
    ];
    for (method, path, body) in &calls {
        let mut request = app.client.request(method.clone(), app.url(path));
        if let Some(body) = body {
            request = request.json(body);
        }
        let anonymous = request.send().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(anonymous.status(), 401, "{path} without a token");
        for bad in ["not-a-token", owner_token.as_str()] {
            let response = app.staff(method.clone(), bad, path, *body).await;
            assert_eq!(response.status(), 401, "{path} with {bad}");
        }
    }
    let (moderator, _) = app.moderator_token().await;
    let (admin, _) = app.admin_token().await;
    for token in [&moderator, &admin] {
        for (method, path, body) in &calls {
            let response = app.staff(method.clone(), token, path, *body).await;
            assert_eq!(response.status(), 200, "{path}");
        }
    }
}
