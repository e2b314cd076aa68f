//! Issue #18's moderation at scale: a selection of the queue by filters, one rejection of many
//! with an undo window, what happens when the window has passed, moderators limited to some
//! countries, and the queue's age.

use reqwest::Method;
use serde_json::{Value, json};
use shared::domain::{Status, SubmissionId};

use solidarity_map_tests::{TestApp, draft, spawn_app};

fn seed(app: &TestApp, count: usize) -> Vec<SubmissionId> {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    solidarity_map::demo::seed_submissions(&mut conn, count).unwrap_or_else(|e| panic!("{e}"))
}

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let got = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    assert_eq!(got, status, "{body}");
    body
}

async fn selection(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let path = format!("/api/v1/admin/submissions/selection?{query}");
    let body = json_of(app.staff(Method::GET, token, &path, None).await, 200).await;
    body["submissions"].as_array().cloned().unwrap_or_default()
}

fn ids(items: &[Value]) -> Vec<Value> {
    items.iter().map(|i| i["submission_id"].clone()).collect()
}

#[tokio::test]
async fn a_thousand_spam_submissions_are_selected_rejected_and_undone_in_one_action() {
    let app = spawn_app().await;
    seed(&app, 1000);
    let (token, _) = app.moderator_token().await;

    let spam = selection(&app, &token, "looks_like_spam=true").await;
    assert_eq!(spam.len(), 500);
    assert!(spam.iter().all(|s| {
        let signals = s["spam_signals"].to_string();
        signals.contains("many_links")
            && signals.contains("spam_words")
            && signals.contains("repeated_text")
    }));
    let honest = selection(&app, &token, "looks_like_spam=false").await;
    assert_eq!(honest.len(), 500);
    assert!(honest.iter().all(|s| s["spam_signals"] == json!([])));
    // Oldest first.
    let dates: Vec<&str> = spam
        .iter()
        .filter_map(|s| s["created_at"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    // Submission i is in the (i mod 8)th country, spam when i is even: France's are honest.
    let in_france = selection(&app, &token, "country=fr&looks_like_spam=false").await;
    assert_eq!(in_france.len(), 125);
    assert!(in_france.iter().all(|s| s["country"] == "FR"));
    assert!(
        selection(&app, &token, "country=FR&looks_like_spam=true")
            .await
            .is_empty()
    );
    let students = selection(&app, &token, "category=student_group").await;
    assert_eq!(students.len(), 250);
    let old = selection(&app, &token, "older_than_days=20").await;
    assert!(!old.is_empty() && old.len() < 1000, "{}", old.len());

    let rejection = json_of(
        app.staff(
            Method::POST,
            &token,
            "/api/v1/admin/submissions/bulk-reject",
            Some(&json!({"submission_ids": ids(&spam), "reason": "Spam", "tell_groups": false})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rejection["rejected"], 500);
    assert_eq!(rejection["skipped"], 0);
    assert_eq!(app.pending_submissions().len(), 500);
    assert!(
        selection(&app, &token, "looks_like_spam=true")
            .await
            .is_empty()
    );
    // Nothing left the server while it can be undone.
    assert!(app.outbox().iter().all(|m| m.kind != "rejected"));

    // The same ones again: already decided.
    let again = json_of(
        app.staff(
            Method::POST,
            &token,
            "/api/v1/admin/submissions/bulk-reject",
            Some(&json!({"submission_ids": ids(&spam), "reason": "Spam"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (again["rejected"].clone(), again["skipped"].clone()),
        (json!(0), json!(500))
    );

    let undo = format!(
        "/api/v1/admin/rejection-batches/{}/undo",
        rejection["batch_id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        app.staff(Method::POST, &token, &undo, None).await.status(),
        204
    );
    assert_eq!(app.pending_submissions().len(), 1000);
    assert_eq!(
        selection(&app, &token, "looks_like_spam=true").await.len(),
        500
    );
    assert_eq!(
        app.staff(Method::POST, &token, &undo, None).await.status(),
        409
    );
    let unknown = "/api/v1/admin/rejection-batches/7b0c4f0e-4c1e-4d43-9b1a-2f1e7d9c0a11/undo";
    assert_eq!(
        app.staff(Method::POST, &token, unknown, None)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn after_the_undo_window_groups_are_told_and_rejected_addresses_forgotten() {
    let app = spawn_app().await;
    let all = seed(&app, 4);
    let (token, _) = app.moderator_token().await;
    let chosen: Vec<SubmissionId> = all.iter().take(2).copied().collect();
    let rejection = json_of(
        app.staff(
            Method::POST,
            &token,
            "/api/v1/admin/submissions/bulk-reject",
            Some(&json!({"submission_ids": chosen, "reason": "Not a solidarity group", "tell_groups": true})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rejection["rejected"], 2);

    let within = chrono::Utc::now().naive_utc() + chrono::Duration::minutes(10);
    assert_eq!(app.maintain_at(within).settled_rejections, 0);
    let after = chrono::Utc::now().naive_utc() + chrono::Duration::minutes(16);
    assert_eq!(app.maintain_at(after).settled_rejections, 1);
    let told: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "rejected")
        .collect();
    assert_eq!(told.len(), 2, "one e-mail per group");
    assert!(
        told.iter()
            .all(|m| m.body.contains("Not a solidarity group"))
    );
    assert!(told.iter().all(|m| m.recipient.starts_with("group")));
    assert_eq!(app.maintain_at(after).settled_rejections, 0, "settled once");

    // The window has passed: no undo, and the rejected entries keep no address.
    let undo = format!(
        "/api/v1/admin/rejection-batches/{}/undo",
        rejection["batch_id"].as_str().unwrap_or_default()
    );
    let late = app.staff(Method::POST, &token, &undo, None).await;
    assert_eq!(late.status(), 409);
    let rejected = app
        .staff(
            Method::GET,
            &token,
            "/api/v1/admin/organizations?status=rejected",
            None,
        )
        .await;
    let rejected = json_of(rejected, 200).await;
    let rejected = rejected.as_array().cloned().unwrap_or_default();
    assert_eq!(rejected.len(), 2);
    assert!(
        rejected.iter().all(|o| o["contact_email"].is_null()),
        "{rejected:?}"
    );
    let pending = app
        .staff(
            Method::GET,
            &token,
            "/api/v1/admin/organizations?status=pending",
            None,
        )
        .await;
    let pending = json_of(pending, 200).await;
    assert!(
        pending
            .as_array()
            .is_some_and(|p| p.len() == 2 && p.iter().all(|o| o["contact_email"].is_string()))
    );
}

#[tokio::test]
async fn bad_selections_and_bulk_requests_are_problems_naming_each_field() {
    let app = spawn_app().await;
    let (token, _) = app.moderator_token().await;
    let path = "/api/v1/admin/submissions/selection?country=Portugal&older_than_days=x&looks_like_spam=maybe";
    let problem = json_of(app.staff(Method::GET, &token, path, None).await, 400).await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["country", "older_than_days", "looks_like_spam"]);
    let problem = json_of(
        app.staff(
            Method::POST,
            &token,
            "/api/v1/admin/submissions/bulk-reject",
            Some(&json!({"submission_ids": [], "reason": " "})),
        )
        .await,
        400,
    )
    .await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["submission_ids", "reason"]);
    // Without a moderator's token: nothing.
    let anonymous = app.get("/api/v1/admin/submissions/selection").await;
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_moderator_limited_to_countries_sees_and_decides_only_theirs() {
    let app = spawn_app().await;
    let all = seed(&app, 16);
    let (admin, _) = app.admin_token().await;
    let (moderator, moderator_id) = app.moderator_token().await;
    let limit = json_of(
        app.staff(
            Method::PUT,
            &admin,
            &format!("/api/v1/admin/users/{moderator_id}"),
            Some(&json!({"role": "moderator", "disabled": false, "countries": ["PT", "FR"]})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(limit["countries"], json!(["FR", "PT"]));
    let bad = app
        .staff(
            Method::PUT,
            &admin,
            &format!("/api/v1/admin/users/{moderator_id}"),
            Some(&json!({"role": "moderator", "disabled": false, "countries": ["PT", "Atlantis"]})),
        )
        .await;
    let bad = json_of(bad, 400).await;
    assert_eq!(bad["errors"][0]["field"], "countries[1]");

    let seen = selection(&app, &moderator, "").await;
    assert_eq!(seen.len(), 4);
    assert!(
        seen.iter()
            .all(|s| s["country"] == "PT" || s["country"] == "FR")
    );
    let queue = app
        .staff(Method::GET, &moderator, "/api/v1/admin/submissions", None)
        .await;
    assert_eq!(
        queue
            .headers()
            .get("x-total-count")
            .and_then(|v| v.to_str().ok()),
        Some("4")
    );
    let queue = json_of(queue, 200).await;
    assert_eq!(queue.as_array().map(Vec::len), Some(4));
    let ages = json_of(
        app.staff(
            Method::GET,
            &moderator,
            "/api/v1/admin/submissions/age",
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(ages[0]["pending"], 4);
    assert_eq!(ages.as_array().map(Vec::len), Some(3), "{ages}");

    // Submissions 0 to 7 are in PT, FR, ES, DE, GB, US, ZA, BR: the third is in Spain.
    let in_spain = all[2];
    let refused = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/submissions/{in_spain}/approve"),
            None,
        )
        .await;
    assert_eq!(refused.status(), 403);
    let bulk = json_of(
        app.staff(
            Method::POST,
            &moderator,
            "/api/v1/admin/submissions/bulk-reject",
            Some(&json!({"submission_ids": [all[0], all[2]], "reason": "Spam"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (bulk["rejected"].clone(), bulk["skipped"].clone()),
        (json!(1), json!(1))
    );
    let entries = json_of(
        app.staff(Method::GET, &moderator, "/api/v1/admin/organizations", None)
            .await,
        200,
    )
    .await;
    let entries = entries.as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 4);
    assert!(
        entries
            .iter()
            .all(|e| e["organization"]["country"] == "PT" || e["organization"]["country"] == "FR")
    );
    // The admin, limited to nothing, sees the whole queue.
    assert_eq!(selection(&app, &admin, "").await.len(), 15);
}

#[tokio::test]
async fn the_queue_age_gives_the_median_and_oldest_wait_per_country() {
    let app = spawn_app().await;
    seed(&app, 24);
    let (token, _) = app.moderator_token().await;
    let ages = json_of(
        app.staff(Method::GET, &token, "/api/v1/admin/submissions/age", None)
            .await,
        200,
    )
    .await;
    let ages = ages.as_array().cloned().unwrap_or_default();
    assert_eq!(ages[0]["country"], Value::Null);
    assert_eq!(ages[0]["pending"], 24);
    // Submission i waited i days and i minutes: 0..=23 days, the median the twelfth (11 days).
    assert_eq!(ages[0]["oldest_hours"], 23 * 24);
    assert_eq!(ages[0]["median_hours"], 11 * 24);
    // Brazil has submissions 7, 15 and 23: the oldest wait first.
    assert_eq!(ages[1]["country"], "BR");
    assert_eq!(
        (ages[1]["pending"].clone(), ages[1]["median_hours"].clone()),
        (json!(3), json!(15 * 24))
    );
    assert_eq!(ages.len(), 9);
}

/// What a moderator limited to Palestine reads beside the queue: reports, the relay inbox and
/// the freshness figures about entries there only; one outside is `403`.
#[tokio::test]
async fn a_limited_moderator_reads_reports_messages_and_freshness_of_their_countries_only() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let (moderator, moderator_id) = app.moderator_token().await;
    json_of(
        app.staff(
            Method::PUT,
            &admin,
            &format!("/api/v1/admin/users/{moderator_id}"),
            Some(&json!({"role": "moderator", "disabled": false, "countries": ["PS"]})),
        )
        .await,
        200,
    )
    .await;
    let jerusalem = |name: &str| {
        draft(
            name,
            "jerusalem_grassroots",
            "Jerusalem",
            "PS",
            31.77,
            35.23,
        )
    };
    let silwan = app.insert(jerusalem("Youth Centre, Silwan"), Status::Published);
    let issawiya = app.insert(jerusalem("Women's Centre, Issawiya"), Status::Published);
    let bergen = app.insert(
        draft(
            "Bergen Solidarity",
            "solidarity_group",
            "Bergen",
            "NO",
            60.39,
            5.32,
        ),
        Status::Published,
    );
    for entry in [&silwan, &bergen] {
        let body = json!({"kind": "wrong_details", "message": "The address changed.", "form_token": app.form_token().await});
        let sent = app
            .post_json(
                &format!("/api/v1/organizations/{}/reports", entry.slug.as_str()),
                &body,
            )
            .await;
        assert_eq!(sent.status(), 202);
    }
    // The relay takes messages for Jerusalem organisations: one for each of two.
    for entry in [&silwan, &issawiya] {
        let body = json!({"name": "A Visitor", "email": "visitor@example.net", "message": "Could we visit in spring?", "form_token": app.form_token().await});
        let sent = app
            .post_json(
                &format!("/api/v1/organizations/{}/contact", entry.slug.as_str()),
                &body,
            )
            .await;
        assert_eq!(sent.status(), 202);
    }
    let get = |token: &str, path: &str| {
        let (token, path) = (token.to_owned(), path.to_owned());
        let app = &app;
        async move { json_of(app.staff(Method::GET, &token, &path, None).await, 200).await }
    };
    let names = |items: &Value, field: &str| -> Vec<String> {
        let mut names: Vec<String> = items
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i.pointer(field).and_then(Value::as_str).map(str::to_owned))
            .collect();
        names.sort();
        names
    };

    let reports = get(&moderator, "/api/v1/admin/reports").await;
    assert_eq!(
        names(&reports, "/organization/name"),
        ["Youth Centre, Silwan"]
    );
    let all_reports = get(&admin, "/api/v1/admin/reports").await;
    assert_eq!(all_reports.as_array().map(Vec::len), Some(2));
    let in_norway = all_reports
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["organization"]["name"] == "Bergen Solidarity")
        .and_then(|r| r["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/v1/admin/reports/{in_norway}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/reports/{in_norway}/resolve"),
            Some(json!({"outcome": "dismissed"})),
        ),
    ] {
        let refused = app.staff(method, &moderator, &path, body.as_ref()).await;
        assert_eq!(refused.status(), 403, "{path}");
    }
    assert_eq!(
        get(&admin, "/api/v1/admin/reports")
            .await
            .as_array()
            .map(Vec::len),
        Some(2),
        "the refused resolution left the report waiting"
    );

    // Both relayed messages are for Palestine; limited to Norway, the moderator sees neither
    // and may not close one.
    let inbox = get(&moderator, "/api/v1/admin/contact-messages").await;
    assert_eq!(
        names(&inbox, "/organization_name"),
        ["Women's Centre, Issawiya", "Youth Centre, Silwan"]
    );
    let message = inbox[0]["id"].as_str().unwrap_or_default().to_owned();
    json_of(
        app.staff(
            Method::PUT,
            &admin,
            &format!("/api/v1/admin/users/{moderator_id}"),
            Some(&json!({"role": "moderator", "disabled": false, "countries": ["NO"]})),
        )
        .await,
        200,
    )
    .await;
    let inbox = get(&moderator, "/api/v1/admin/contact-messages").await;
    assert_eq!(inbox.as_array().map(Vec::len), Some(0));
    let refused = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/contact-messages/{message}/status"),
            Some(&json!({"status": "closed"})),
        )
        .await;
    assert_eq!(refused.status(), 403);

    let figures = get(&moderator, "/api/v1/admin/freshness").await;
    assert_eq!(figures["total"]["total"], 1, "{figures}");
    assert_eq!(names(&figures["by_country"], "/key"), ["NO"]);
    let everyone = get(&admin, "/api/v1/admin/freshness").await;
    assert_eq!(everyone["total"]["total"], 3, "{everyone}");
    let csv = app
        .staff(Method::GET, &moderator, "/api/v1/admin/freshness.csv", None)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(csv.contains("NO") && !csv.contains("PS"), "{csv}");
    let refused = app
        .staff(
            Method::POST,
            &moderator,
            "/api/v1/admin/freshness/reminders",
            Some(&json!({"age": "under_6_months", "country": "PS"})),
        )
        .await;
    assert_eq!(refused.status(), 403);
}

/// The review queue comes a page at a time (its duplicate search made a queue of 1,000 one
/// 5-second answer), with the whole count in `X-Total-Count`.
#[tokio::test]
async fn the_review_queue_comes_a_page_at_a_time_with_the_whole_count() {
    let app = spawn_app().await;
    seed(&app, 120);
    let (admin, _) = app.admin_token().await;
    let page = |query: &str| {
        let path = format!("/api/v1/admin/submissions{query}");
        let (app, admin) = (&app, admin.clone());
        async move {
            let response = app.staff(Method::GET, &admin, &path, None).await;
            let total = response
                .headers()
                .get("x-total-count")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok());
            let items = json_of(response, 200).await;
            (ids(items.as_array().map_or(&[][..], Vec::as_slice)), total)
        }
    };
    let (first, total) = page("").await;
    assert_eq!((first.len(), total), (50, Some(120)));
    let (second, _) = page("?offset=50").await;
    let (last, _) = page("?offset=100&limit=50").await;
    assert_eq!((second.len(), last.len()), (50, 20));
    let mut all: Vec<String> = [first, second, last]
        .concat()
        .iter()
        .filter_map(|id| id.as_str().map(str::to_owned))
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        120,
        "the pages neither overlap nor leave any out"
    );
    assert_eq!(page("?limit=0").await.0.len(), 1);
    assert_eq!(page("?limit=1000").await.0.len(), 120);
    assert_eq!(page("?offset=-5&limit=3").await.0.len(), 3);
    let refused = app
        .staff(
            Method::GET,
            &admin,
            "/api/v1/admin/submissions?limit=many",
            None,
        )
        .await;
    assert_eq!(refused.status(), 400);
}
