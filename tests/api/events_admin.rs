//! Issue #19, the moderators' side of events: a moderator posts, edits and cancels an event for
//! any group in their countries (`/api/v1/admin/events`), published at once and audited; the
//! group hears of approvals and rejections by e-mail, in its language.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use solidarity_map_tests::{TestApp, draft, spawn_app_with};

async fn spawn() -> TestApp {
    spawn_app_with(|s| s.write_burst = 10_000).await
}

const GLASGOW: (&str, &str, f64, f64) = ("Glasgow", "GB", 55.8642, -4.2518);
const PARIS: (&str, &str, f64, f64) = ("Paris", "FR", 48.8566, 2.3522);

/// Submits (in `language`) and approves an entry; returns (owner token, slug, id, address).
async fn entry_in(
    app: &TestApp,
    name: &str,
    (city, country, lat, lon): (&str, &str, f64, f64),
    language: &str,
) -> (String, String, String, String) {
    let d = draft(name, "student_group", city, country, lat, lon);
    let email = format!(
        "{}@example.org",
        shared::domain::Slug::from_text(name, "group").as_str()
    );
    let mut form = app.join_form(&d, &email).await;
    form["language"] = language.into();
    let response = app.post_json("/api/v1/submissions", &form).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap_or_default();
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
    let entry: Value = app
        .as_owner(&token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(entry["status"], "published", "{entry}");
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (
        token,
        text(&entry["organization"]["slug"]),
        text(&entry["organization"]["id"]),
        email,
    )
}

fn at(days: i64, hours: i64) -> DateTime<Utc> {
    let now = Utc::now();
    let hour = now - Duration::seconds(now.timestamp() % 3600);
    hour + Duration::days(days) + Duration::hours(hours)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn event_in(title: &str, days: i64, (city, country, lat, lon): (&str, &str, f64, f64)) -> Value {
    json!({
        "title": title,
        "description": format!("About {title}"),
        "kind": "vigil",
        "starts_at": rfc3339(at(days, 0)),
        "ends_at": rfc3339(at(days, 2)),
        "time_zone": "Europe/London",
        "city": city,
        "country": country,
        "latitude": lat,
        "longitude": lon,
        "languages": ["en"],
    })
}

/// The event of `body` for `organizer` (a UUID or slug), as the admin API takes it.
fn for_group(organizer: &str, body: &Value) -> Value {
    let mut request = body.clone();
    request["organizer"] = organizer.into();
    request
}

async fn admin_post(app: &TestApp, staff: &str, body: &Value) -> reqwest::Response {
    app.staff(Method::POST, staff, "/api/v1/admin/events", Some(body))
        .await
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn slugs(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| e["slug"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn problem_fields(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// An owner's event, posted and held for review; returns (id, slug).
async fn pending_event(app: &TestApp, token: &str, body: &Value) -> (String, String) {
    let response = app
        .as_owner(token, "/api/v1/owner/events", Some(body))
        .await;
    let (status, view) = json_of(response).await;
    assert_eq!(status, 201, "{view}");
    assert_eq!(view["event"]["status"], "pending");
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (text(&view["event"]["id"]), text(&view["event"]["slug"]))
}

/// The outbox messages to `address`.
fn mail_to(app: &TestApp, address: &str) -> Vec<solidarity_map_tests::OutboxRow> {
    app.outbox()
        .into_iter()
        .filter(|m| m.recipient == address)
        .collect()
}

#[tokio::test]
async fn a_moderator_posts_an_event_for_a_group_and_it_is_public_at_once() {
    let app = spawn().await;
    let (token, slug, id, address) =
        entry_in(&app, "Example Student Group, Glasgow", GLASGOW, "en").await;
    let (moderator, _) = app.moderator_token().await;
    let mails_before = mail_to(&app, &address).len();

    let (status, created) = json_of(
        admin_post(
            &app,
            &moderator,
            &for_group(&slug, &event_in("Vigil for al-Quds", 4, GLASGOW)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["event"]["status"], "published");
    assert_eq!(created["event"]["organizer"]["slug"], slug.as_str());
    assert!(created["published_at"].is_string(), "{created}");
    let event_slug = created["event"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let event_id = created["event"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // Public at once: the list, the page of the event and the calendar feed.
    let page = app.get_json("/api/v1/events").await;
    assert_eq!(slugs(&page), std::slice::from_ref(&event_slug));
    assert_eq!(
        app.get(&format!("/api/v1/events/{event_slug}"))
            .await
            .status(),
        200
    );
    let feed = app
        .get("/api/v1/events.ics")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(feed.contains("SUMMARY:Vigil for al-Quds"), "{feed}");
    // The group sees it with its own events, and was sent nothing.
    let own: Value = app
        .client
        .get(app.url("/api/v1/owner/events"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(own[0]["event"]["id"], event_id.as_str(), "{own}");
    assert_eq!(mail_to(&app, &address).len(), mails_before);

    // By UUID too.
    let (status, by_id) = json_of(
        admin_post(
            &app,
            &moderator,
            &for_group(&id, &event_in("Talk on Silwan", 6, GLASGOW)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{by_id}");

    // An edit stays published and shows at once.
    let mut edited = event_in("Vigil for al-Quds and Gaza", 4, GLASGOW);
    edited["online"] = true.into();
    for field in ["city", "country", "latitude", "longitude"] {
        edited[field] = Value::Null;
    }
    let (status, updated) = json_of(
        app.staff(
            Method::PUT,
            &moderator,
            &format!("/api/v1/admin/events/{event_id}"),
            Some(&edited),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["event"]["status"], "published");
    assert_eq!(updated["event"]["online"], true);
    let public = app.get_json(&format!("/api/v1/events/{event_slug}")).await;
    assert_eq!(public["title"], "Vigil for al-Quds and Gaza");

    // Cancelled: still listed, as cancelled, until it ends; a second cancel is a conflict.
    let cancel = format!("/api/v1/admin/events/{event_id}/cancel");
    let (status, cancelled) =
        json_of(app.staff(Method::POST, &moderator, &cancel, None).await).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["event"]["status"], "cancelled");
    let public = app.get_json(&format!("/api/v1/events/{event_slug}")).await;
    assert_eq!(public["status"], "cancelled");
    assert_eq!(
        app.staff(Method::POST, &moderator, &cancel, None)
            .await
            .status(),
        409
    );
    assert_eq!(
        app.staff(
            Method::PUT,
            &moderator,
            &format!("/api/v1/admin/events/{event_id}"),
            Some(&edited),
        )
        .await
        .status(),
        409
    );

    // Every change is in the audit log, with who made it.
    let (admin, _) = app.admin_token().await;
    let log: Vec<Value> = app
        .staff(Method::GET, &admin, "/api/v1/admin/audit", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let of_event: Vec<&Value> = log
        .iter()
        .filter(|e| e["target_id"] == event_id.as_str())
        .collect();
    let actions: Vec<&str> = of_event
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in ["event.create", "event.update", "event.cancel"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let create = of_event
        .iter()
        .find(|e| e["action"] == "event.create")
        .unwrap_or_else(|| panic!("no event.create"));
    assert_eq!(create["after"]["status"], "published");
    assert_eq!(create["after"]["title"], "Vigil for al-Quds");
    assert!(
        create["user_email"]
            .as_str()
            .is_some_and(|e| e.contains('@')),
        "{create}"
    );
    let update = of_event
        .iter()
        .find(|e| e["action"] == "event.update")
        .unwrap_or_else(|| panic!("no event.update"));
    assert_eq!(update["before"]["title"], "Vigil for al-Quds");
    assert_eq!(update["after"]["title"], "Vigil for al-Quds and Gaza");
}

#[tokio::test]
async fn a_moderators_edit_of_a_pending_event_keeps_it_waiting_for_a_decision() {
    let app = spawn().await;
    let (token, _, _, _) = entry_in(&app, "Example Student Group, Glasgow", GLASGOW, "en").await;
    let (moderator, _) = app.moderator_token().await;
    let (id, slug) = pending_event(&app, &token, &event_in("Screening", 3, GLASGOW)).await;
    let (status, updated) = json_of(
        app.staff(
            Method::PUT,
            &moderator,
            &format!("/api/v1/admin/events/{id}"),
            Some(&event_in("Screening of a film", 3, GLASGOW)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["event"]["status"], "pending");
    assert_eq!(updated["event"]["title"], "Screening of a film");
    assert_eq!(
        app.get(&format!("/api/v1/events/{slug}")).await.status(),
        404
    );
}

#[tokio::test]
async fn a_moderator_limited_to_other_countries_gets_403() {
    let app = spawn().await;
    let (glasgow, glasgow_slug, _, _) =
        entry_in(&app, "Example Student Group, Glasgow", GLASGOW, "en").await;
    let (_, paris_slug, _, _) = entry_in(&app, "Example Media Group, Paris", PARIS, "fr").await;
    let (admin, _) = app.admin_token().await;
    let (moderator, moderator_id) = app.moderator_token().await;
    let limit = app
        .staff(
            Method::PUT,
            &admin,
            &format!("/api/v1/admin/users/{moderator_id}"),
            Some(&json!({"role": "moderator", "disabled": false, "countries": ["FR"]})),
        )
        .await;
    assert_eq!(limit.status(), 200);

    let refused = admin_post(
        &app,
        &moderator,
        &for_group(&glasgow_slug, &event_in("Glasgow vigil", 3, GLASGOW)),
    )
    .await;
    assert_eq!(refused.status(), 403);
    // Where the event happens does not matter: the organiser's country does.
    let refused = admin_post(
        &app,
        &moderator,
        &for_group(&glasgow_slug, &event_in("Paris vigil", 3, PARIS)),
    )
    .await;
    assert_eq!(refused.status(), 403);
    let (id, _) = pending_event(&app, &glasgow, &event_in("Glasgow talk", 3, GLASGOW)).await;
    let update = app
        .staff(
            Method::PUT,
            &moderator,
            &format!("/api/v1/admin/events/{id}"),
            Some(&event_in("Glasgow talk, moved", 3, GLASGOW)),
        )
        .await;
    assert_eq!(update.status(), 403);
    let cancel = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/events/{id}/cancel"),
            None,
        )
        .await;
    assert_eq!(cancel.status(), 403);
    // Nothing was written.
    let public = app.get_json("/api/v1/events").await;
    assert!(slugs(&public).is_empty(), "{public}");
    let (status, queue) = json_of(
        app.staff(Method::GET, &admin, "/api/v1/admin/events?state=all", None)
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(queue.as_array().map(Vec::len), Some(1), "{queue}");
    assert_eq!(queue[0]["event"]["status"], "pending");

    // In their country, they may.
    let (status, created) = json_of(
        admin_post(
            &app,
            &moderator,
            &for_group(&paris_slug, &event_in("Paris vigil", 3, PARIS)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{created}");
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field() {
    let app = spawn().await;
    let (_, slug, _, _) = entry_in(&app, "Example Student Group, Glasgow", GLASGOW, "en").await;
    let (moderator, _) = app.moderator_token().await;

    // Nothing at all: every required field is named, the organiser first.
    let (status, problem) = json_of(admin_post(&app, &moderator, &json!({})).await).await;
    assert_eq!(status, 400);
    let fields = problem_fields(&problem);
    assert_eq!(
        fields.first(),
        Some(&("organizer".to_owned(), "required".to_owned()))
    );
    for field in ["title", "kind", "starts_at", "ends_at", "time_zone", "city"] {
        assert!(
            fields.iter().any(|(f, _)| f == field),
            "{field} in {fields:?}"
        );
    }

    // An unknown organiser and bad fields, all at once.
    let mut bad = for_group("no-such-group", &event_in("Vigil for al-Quds", 3, GLASGOW));
    bad["kind"] = "party".into();
    bad["link"] = "javascript:alert(1)".into();
    bad["ends_at"] = rfc3339(at(2, 0)).into();
    let (status, problem) = json_of(admin_post(&app, &moderator, &bad).await).await;
    assert_eq!(status, 400);
    assert_eq!(
        problem_fields(&problem),
        [
            ("organizer", "unknown_entry"),
            ("link", "invalid_url"),
            ("kind", "invalid_choice"),
            ("ends_at", "ends_before_start"),
        ]
        .map(|(f, r)| (f.to_owned(), r.to_owned()))
    );
    // A well-formed event for nobody: only the organiser.
    let (status, problem) = json_of(
        admin_post(
            &app,
            &moderator,
            &for_group(
                &uuid::Uuid::new_v4().to_string(),
                &event_in("Vigil", 3, GLASGOW),
            ),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        problem_fields(&problem),
        [("organizer".to_owned(), "unknown_entry".to_owned())]
    );
    // A co-organiser that is not on the map, and the organiser as its own.
    let mut co = for_group(&slug, &event_in("Vigil", 3, GLASGOW));
    co["co_organizers"] = json!(["no-such-group", slug]);
    let (status, problem) = json_of(admin_post(&app, &moderator, &co).await).await;
    assert_eq!(status, 400);
    assert_eq!(
        problem_fields(&problem),
        [
            ("co_organizers[0]", "unknown_entry"),
            ("co_organizers[1]", "same_entry")
        ]
        .map(|(f, r)| (f.to_owned(), r.to_owned()))
    );
    // An entry that is not on the map yet cannot organise anything.
    let waiting = draft(
        "Example Diaspora Group, Lyon",
        "palestinian_diaspora",
        "Lyon",
        "FR",
        45.76,
        4.83,
    );
    app.submit(&waiting, "lyon@example.org").await;
    let pending_entry = app
        .pending_submissions()
        .into_iter()
        .find(|s| s.draft.contains("Lyon"))
        .unwrap_or_else(|| panic!("no submission"));
    let (status, problem) = json_of(
        admin_post(
            &app,
            &moderator,
            &for_group(
                &pending_entry.organization_id.to_string(),
                &event_in("Lyon talk", 3, ("Lyon", "FR", 45.76, 4.83)),
            ),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    // Not JSON.
    let broken = app
        .client
        .post(app.url("/api/v1/admin/events"))
        .bearer_auth(&moderator)
        .header("content-type", "application/json")
        .body("{\"organizer\":")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(broken.status(), 400);

    // An edit names its bad fields too; an unknown event is 404.
    let (status, created) = json_of(
        admin_post(
            &app,
            &moderator,
            &for_group(&slug, &event_in("Vigil", 3, GLASGOW)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["event"]["id"].as_str().unwrap_or_default();
    let mut edit = event_in("Vigil", 3, GLASGOW);
    edit["time_zone"] = "Mars/Olympus".into();
    edit["latitude"] = 95.0.into();
    let (status, problem) = json_of(
        app.staff(
            Method::PUT,
            &moderator,
            &format!("/api/v1/admin/events/{id}"),
            Some(&edit),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        problem_fields(&problem),
        [
            ("time_zone", "invalid_time_zone"),
            ("latitude", "out_of_range")
        ]
        .map(|(f, r)| (f.to_owned(), r.to_owned()))
    );
    let unknown = uuid::Uuid::new_v4();
    assert_eq!(
        app.staff(
            Method::PUT,
            &moderator,
            &format!("/api/v1/admin/events/{unknown}"),
            Some(&event_in("Vigil", 3, GLASGOW)),
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        app.staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/events/{unknown}/cancel"),
            None,
        )
        .await
        .status(),
        404
    );
    // Without a token: nothing.
    let anonymous = app
        .post_json(
            "/api/v1/admin/events",
            &for_group(&slug, &event_in("Vigil", 3, GLASGOW)),
        )
        .await;
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn approving_an_event_queues_a_mail_in_the_groups_language() {
    let app = spawn().await;
    let (token, _, _, address) = entry_in(&app, "Example Media Group, Paris", PARIS, "fr").await;
    let (moderator, _) = app.moderator_token().await;
    let (id, slug) =
        pending_event(&app, &token, &event_in("Veillée pour Jérusalem", 3, PARIS)).await;
    let before = mail_to(&app, &address).len();
    let approve = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/events/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(approve.status(), 200);
    let mails = mail_to(&app, &address);
    assert_eq!(mails.len(), before + 1, "one e-mail for the approval");
    let mail = mails.last().unwrap_or_else(|| panic!("no mail"));
    assert_eq!(mail.kind, "approved");
    assert!(
        mail.subject.contains("Veillée pour Jérusalem"),
        "{}",
        mail.subject
    );
    assert!(
        mail.body.contains("La modération a approuvé l’événement"),
        "in French: {}",
        mail.body
    );
    assert!(
        mail.body
            .contains(&format!("{}/events/{slug}", app.settings.join.public_url)),
        "the event's page: {}",
        mail.body
    );
    // A second decision is refused and sends nothing more.
    let again = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/events/{id}/approve"),
            None,
        )
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(mail_to(&app, &address).len(), before + 1);
}

#[tokio::test]
async fn the_rejection_mail_carries_the_reason_in_the_groups_language() {
    let app = spawn().await;
    let (token, _, _, address) =
        entry_in(&app, "Example Student Group, Glasgow", GLASGOW, "ar").await;
    let (moderator, _) = app.moderator_token().await;
    let (id, _) = pending_event(&app, &token, &event_in("Vigil", 3, GLASGOW)).await;
    let before = mail_to(&app, &address).len();
    let reason = "The date clashes with the city-wide march; please move it.";
    let reject = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/events/{id}/reject"),
            Some(&json!({ "reason": reason })),
        )
        .await;
    assert_eq!(reject.status(), 200);
    let mails = mail_to(&app, &address);
    assert_eq!(mails.len(), before + 1);
    let mail = mails.last().unwrap_or_else(|| panic!("no mail"));
    assert_eq!(mail.kind, "rejected");
    assert!(mail.body.contains(reason), "{}", mail.body);
    assert!(
        mail.body.contains("لم يوافق المشرف على فعالية"),
        "in Arabic: {}",
        mail.body
    );
    assert!(
        mail.body
            .contains(&format!("{}/owner", app.settings.join.public_url)),
        "the owner page: {}",
        mail.body
    );
}
