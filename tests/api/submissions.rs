//! `/api/v1/submissions`, `/api/v1/submissions/check` and `/api/v1/form-token`: joining the map.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use shared::domain::Status;
use solidarity_map_tests::{TestApp, draft, spawn_app, spawn_app_with};

/// Whether the organisation named `name` appears in each public endpoint.
async fn visible_in(app: &TestApp, name: &str, slug: &str) -> [bool; 4] {
    let q = name.to_lowercase().replace(' ', "%20");
    let list = app
        .get(&format!("/api/v1/organizations?q={q}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    let detail = app
        .get(&format!("/api/v1/organizations/{slug}"))
        .await
        .status()
        == 200;
    let geojson = app
        .get(&format!("/api/v1/organizations.geojson?q={q}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    let clusters = app
        .get(&format!(
            "/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=22&q={q}"
        ))
        .await
        .text()
        .await
        .unwrap_or_default();
    [
        list.contains(name),
        detail,
        geojson.contains(name),
        clusters.contains(slug),
    ]
}

#[tokio::test]
async fn a_submission_is_private_until_approved_then_public_everywhere_within_a_second() {
    // The production refresh interval, not the tests' "check on every request".
    let app = spawn_app_with(|s| s.index_refresh = Duration::from_millis(100)).await;
    let d = draft(
        "Example Solidarity Group, Tromsø",
        "solidarity_group",
        "Tromsø",
        "NO",
        69.65,
        18.96,
    );
    let receipt = app.submit(&d, "tromso-group@example.org").await;
    assert_eq!(receipt["status"], "pending");
    let token = receipt["owner_token"].as_str().unwrap_or_default();
    assert!(token.len() >= 43, "owner token too short: {token}");
    assert!(
        receipt["owner_url"]
            .as_str()
            .unwrap_or_default()
            .ends_with(&format!("/owner#{token}"))
    );

    let entry: Value = app
        .as_owner(token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let slug = entry["organization"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(entry["status"], "pending");
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(
        visible_in(&app, &d.name, &slug).await,
        [false; 4],
        "public before approval"
    );

    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let approved = Instant::now();
    while visible_in(&app, &d.name, &slug).await != [true; 4] {
        assert!(
            approved.elapsed() < Duration::from_secs(1),
            "not public within 1 s: {:?}",
            visible_in(&app, &d.name, &slug).await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let kinds: Vec<String> = app.outbox().into_iter().map(|m| m.kind).collect();
    assert_eq!(kinds, ["receipt", "approved"]);
}

#[tokio::test]
async fn a_rejected_submission_is_never_public_and_the_group_is_told_why() {
    let app = spawn_app().await;
    let d = draft(
        "Example Media, Reykjavik",
        "media",
        "Reykjavik",
        "IS",
        64.14,
        -21.94,
    );
    let receipt = app.submit(&d, "media@example.org").await;
    let submission = app.pending_submissions().remove(0);
    app.reject(&submission.id, "We could not verify this group.");
    let list = app.get_json("/api/v1/organizations?q=reykjavik").await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
    let mail = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "rejected")
        .expect("a rejection e-mail");
    assert_eq!(mail.recipient, "media@example.org");
    assert!(mail.body.contains("We could not verify this group."));
    // The owner link of a rejected entry opens nothing, and its contact address is deleted.
    let token = receipt["owner_token"].as_str().unwrap_or_default();
    assert_eq!(
        app.as_owner(token, "/api/v1/owner/entry", None)
            .await
            .status(),
        401
    );
    let id = receipt["organization_id"].as_str().unwrap_or_default();
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let private = solidarity_map::db::models::ownership::private_fields(
        &mut conn,
        id.parse().unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(private.contact_email, None);
}

async fn refused(app: &TestApp, form: &Value) -> (u16, Value) {
    let response = app.post_json("/api/v1/submissions", form).await;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json", "status {status}");
    (status, response.json().await.unwrap_or_default())
}

fn fields(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
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
        .unwrap_or_default()
}

#[tokio::test]
async fn every_bad_input_is_a_problem_naming_the_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let good = app
        .join_form(
            &draft(
                "Example Student Group, Leeds",
                "student_group",
                "Leeds",
                "GB",
                53.8,
                -1.55,
            ),
            "leeds@example.org",
        )
        .await;
    let with = |key: &str, value: Value| {
        let mut form = good.clone();
        form[key] = value;
        form
    };
    let mut without_name = good.clone();
    without_name.as_object_mut().map(|o| o.remove("name"));
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("missing name", without_name, "name", "required"),
        ("empty name", with("name", "".into()), "name", "required"),
        (
            "latitude 95",
            with("latitude", 95.0.into()),
            "latitude",
            "out_of_range",
        ),
        (
            "unknown category",
            with("category", "astronauts".into()),
            "category",
            "unknown_category",
        ),
        (
            "script tag",
            with("name", "<script>alert(1)</script>".into()),
            "name",
            "markup_not_allowed",
        ),
        (
            "invalid e-mail",
            with("contact_email", "not-an-address".into()),
            "contact_email",
            "invalid_email",
        ),
        (
            "no consent",
            with("consent", false.into()),
            "consent",
            "consent_required",
        ),
        (
            "honeypot",
            with("homepage", "http://spam.example.com".into()),
            "homepage",
            "must_be_empty",
        ),
        (
            "forged form token",
            with("form_token", "1.forged".into()),
            "form_token",
            "invalid_form_token",
        ),
    ];
    for (case, form, field, rule) in cases {
        let (status, problem) = refused(&app, &form).await;
        assert_eq!(status, 400, "{case}: {problem}");
        assert!(
            fields(&problem)
                .iter()
                .any(|(f, r)| f == field && r == rule),
            "{case}: expected {field}/{rule} in {problem}"
        );
    }
    // 10 MB: refused before it is read.
    let mut huge = good.clone();
    huge["description"] = "x".repeat(10 * 1024 * 1024).into();
    let (status, problem) = refused(&app, &huge).await;
    assert_eq!(status, 413, "{problem}");
    assert!(app.pending_submissions().is_empty());
    assert!(app.outbox().is_empty());
    let all = app.get_json("/api/v1/organizations").await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn a_form_sent_too_fast_is_refused() {
    let app = spawn_app_with(|s| s.join.min_fill = Duration::from_secs(3)).await;
    let form = app
        .join_form(
            &draft("Example Media, Lyon", "media", "Lyon", "FR", 45.76, 4.83),
            "lyon@example.org",
        )
        .await;
    let (status, problem) = refused(&app, &form).await;
    assert_eq!(status, 400);
    assert_eq!(
        fields(&problem),
        [("form_token".to_owned(), "too_fast".to_owned())]
    );
    assert!(app.pending_submissions().is_empty());
}

#[tokio::test]
async fn likely_duplicates_are_reported_and_pending_ones_stay_hidden_from_the_public() {
    let app = spawn_app().await;
    let mut published = draft(
        "Palestine Solidarity Campaign Glasgow",
        "solidarity_group",
        "Glasgow",
        "GB",
        55.8642,
        -4.2518,
    );
    published.website = Some("https://www.example.org/psc-glasgow/".into());
    let stored = app.insert(published, Status::Published);

    let mut same_site = draft(
        "PSC Glasgow branch",
        "solidarity_group",
        "Glasgow",
        "GB",
        55.87,
        -4.25,
    );
    same_site.website = Some("http://example.org/psc-glasgow".into());
    let check: Value = app
        .post_json(
            "/api/v1/submissions/check",
            &serde_json::to_value(&same_site).unwrap_or_default(),
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        check["possible_duplicates"][0]["reason"], "same_website",
        "{check}"
    );
    assert_eq!(
        check["possible_duplicates"][0]["slug"],
        stored.slug.as_str()
    );
    assert!(app.pending_submissions().is_empty(), "check stores nothing");

    let similar = draft(
        "Glasgow Palestine Solidarity Campaign",
        "solidarity_group",
        "Glasgow",
        "GB",
        55.86,
        -4.26,
    );
    let receipt = app.submit(&similar, "second@example.org").await;
    assert_eq!(
        receipt["possible_duplicates"][0]["reason"], "similar_name_nearby",
        "{receipt}"
    );
    assert_eq!(
        receipt["possible_duplicates"][0]["name"],
        "Palestine Solidarity Campaign Glasgow"
    );

    // A third, similar to the pending second one: only the published one is reported (the
    // public must not learn that a group applied; moderators see it in the review queue).
    let third = draft(
        "Glasgow Palestine Solidarity Campaign",
        "solidarity_group",
        "Glasgow",
        "GB",
        55.861,
        -4.259,
    );
    let receipt = app.submit(&third, "third@example.org").await;
    let duplicates = receipt["possible_duplicates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(duplicates.len(), 1, "{receipt}");
    assert_eq!(
        duplicates[0]["name"], "Palestine Solidarity Campaign Glasgow",
        "{receipt}"
    );
    // Far away, the same name is not a duplicate.
    let far = draft(
        "Palestine Solidarity Campaign Glasgow",
        "solidarity_group",
        "Glasgow",
        "US",
        37.0,
        -85.9,
    );
    let receipt = app.submit(&far, "kentucky@example.org").await;
    assert_eq!(receipt["possible_duplicates"], json!([]));
}

#[tokio::test]
async fn two_hundred_concurrent_submissions_are_each_stored_exactly_once() {
    let app = spawn_app_with(|s| {
        s.write_burst = 1000;
        s.pool_size = 16;
    })
    .await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        // Each form token allows one submission, as each visitor's form has its own.
        let token = app.form_token().await;
        // The same name for all: the slugs collide and must still come out unique.
        let mut form = serde_json::to_value(draft(
            "Example Diaspora Network, Amman",
            "palestinian_diaspora",
            "Amman",
            "JO",
            31.95,
            35.93,
        ))
        .unwrap_or_default();
        form["contact_email"] = format!("group{i}@example.org").into();
        form["consent"] = true.into();
        form["form_token"] = token.into();
        let (client, url) = (app.client.clone(), app.url("/api/v1/submissions"));
        tasks.push(tokio::spawn(async move {
            let response = client.post(url).json(&form).send().await.ok()?;
            (response.status() == 201).then_some(())?;
            response.json::<Value>().await.ok()
        }));
    }
    let mut acknowledged = Vec::new();
    for task in tasks {
        if let Ok(Some(receipt)) = task.await {
            acknowledged.push(
                receipt["organization_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
    }
    assert_eq!(
        acknowledged.len(),
        200,
        "every submission should be acknowledged"
    );
    let stored = app.pending_submissions();
    assert_eq!(stored.len(), 200);
    let mut stored_ids: Vec<String> = stored
        .into_iter()
        .map(|s| s.organization_id.to_string())
        .collect();
    stored_ids.sort();
    acknowledged.sort();
    assert_eq!(stored_ids, acknowledged, "acknowledged and stored differ");
    assert_eq!(app.outbox().len(), 200, "one receipt each");
    // The first free suffix each time: 32 candidates are looked up by index, the rest found by
    // the pattern search.
    use diesel::{QueryDsl, RunQueryDsl};
    use solidarity_map::db::schema::organizations;
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let mut slugs: Vec<String> = organizations::table
        .select(organizations::slug)
        .load(&mut conn)
        .unwrap_or_else(|e| panic!("slugs: {e}"));
    slugs.sort();
    let base = "example-diaspora-network-amman-amman";
    let mut expected: Vec<String> = std::iter::once(base.to_owned())
        .chain((2..=200).map(|n| format!("{base}-{n}")))
        .collect();
    expected.sort();
    assert_eq!(slugs, expected);
}

#[tokio::test]
async fn writes_are_rate_limited_per_address_and_reads_are_not() {
    let app = spawn_app_with(|s| {
        s.write_burst = 3;
        s.write_period = Duration::from_secs(60);
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = app
            .post_json(
                "/api/v1/owner/link-requests",
                &json!({"email": "someone@example.org"}),
            )
            .await;
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            assert!(response.headers().contains_key("retry-after"));
            let problem: Value = response.json().await.unwrap_or_default();
            assert_eq!(problem["code"], "rate_limited");
        }
    }
    assert_eq!(statuses, [202, 202, 202, 429, 429]);
    assert_eq!(app.get("/api/v1/categories").await.status(), 200);
}

#[tokio::test]
async fn a_submission_with_an_unknown_kind_or_status_is_refused_by_the_database_and_never_read_as_a_default()
 {
    use diesel::prelude::*;
    use solidarity_map::db::models::ownership;
    use solidarity_map::db::schema::submissions;
    let app = spawn_app().await;
    app.submit(
        &draft(
            "Example Choir, Molde",
            "student_group",
            "Molde",
            "NO",
            62.74,
            7.16,
        ),
        "choir.molde@example.org",
    )
    .await;
    let id = app.pending_submissions().remove(0).id;
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let set = |conn: &mut solidarity_map::db::AnyConnection, column: &str, value: &str| match column
    {
        "kind" => diesel::update(submissions::table.find(&id))
            .set(submissions::kind.eq(value))
            .execute(conn),
        _ => diesel::update(submissions::table.find(&id))
            .set(submissions::status.eq(value))
            .execute(conn),
    };
    for (column, value) in [("kind", "renewal"), ("status", "maybe")] {
        assert!(
            set(&mut conn, column, value).is_err(),
            "the database's CHECK refuses {column} = {value:?}"
        );
    }
    // Past the database's own check (SQLite can switch it off), the typed row refuses the value
    // instead of reading it as some default.
    if matches!(
        app.settings.database_url,
        solidarity_map::db::DatabaseUrl::Sqlite(_)
    ) {
        diesel::sql_query("PRAGMA ignore_check_constraints = ON")
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
        for (column, value) in [("kind", "renewal"), ("status", "maybe")] {
            assert_eq!(set(&mut conn, column, value).ok(), Some(1));
            let read = ownership::submission(&mut conn, id);
            assert!(
                read.as_ref()
                    .is_err_and(|e| format!("{e:?}").contains(value)),
                "{column} = {value:?} read as {read:?}"
            );
            let valid = if column == "kind" { "new" } else { "pending" };
            assert_eq!(set(&mut conn, column, valid).ok(), Some(1));
        }
        diesel::sql_query("PRAGMA ignore_check_constraints = OFF")
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

#[tokio::test]
async fn the_jerusalem_category_is_refused_for_a_group_elsewhere_and_accepted_in_jerusalem() {
    let app = spawn_app().await;
    let elsewhere = app
        .join_form(
            &draft(
                "Example Solidarity, Leeds",
                "jerusalem_grassroots",
                "Leeds",
                "GB",
                53.8,
                -1.55,
            ),
            "leeds@example.org",
        )
        .await;
    let (status, problem) = refused(&app, &elsewhere).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(
        fields(&problem),
        [("category".to_owned(), "outside_jerusalem".to_owned())]
    );
    assert!(app.pending_submissions().is_empty());
    app.submit(
        &draft(
            "Example Youth Centre, Silwan",
            "jerusalem_grassroots",
            "Jerusalem",
            "PS",
            31.7725,
            35.2370,
        ),
        "silwan@example.org",
    )
    .await;
    assert_eq!(app.pending_submissions().len(), 1);
}
