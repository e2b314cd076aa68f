//! Issue #19, events: a group posts an event with its owner token (`/api/v1/owner/events`), a
//! moderator approves or rejects it (`/api/v1/admin/events`), and the public reads it
//! (`/api/v1/events`, `/api/v1/events/{id_or_slug}`, `/api/v1/events.ics`) while it has not
//! ended and its organiser is on the map.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use icalendar::{Component, EventLike};
use reqwest::Method;
use serde_json::{Value, json};
use solidarity_map_tests::{TestApp, draft, spawn_app_with};

/// A server whose write limit does not get in the way of the many posts these tests make.
pub(crate) async fn spawn() -> TestApp {
    spawn_app_with(|s| s.write_burst = 10_000).await
}

/// Submits and approves an entry; returns (owner token, slug).
pub(crate) async fn published_entry(
    app: &TestApp,
    name: &str,
    category: &str,
    (city, country, lat, lon): (&str, &str, f64, f64),
) -> (String, String) {
    let d = draft(name, category, city, country, lat, lon);
    let email = format!(
        "{}@example.org",
        shared::domain::Slug::from_text(name, "group").as_str()
    );
    let receipt = app.submit(&d, &email).await;
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
    let slug = entry["organization"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (token, slug)
}

pub(crate) const GLASGOW: (&str, &str, f64, f64) = ("Glasgow", "GB", 55.8642, -4.2518);
pub(crate) const PARIS: (&str, &str, f64, f64) = ("Paris", "FR", 48.8566, 2.3522);

pub(crate) fn at(days: i64, hours: i64) -> DateTime<Utc> {
    // Whole hours, so that what is sent and what comes back compare equal.
    let now = Utc::now();
    let hour = now - Duration::seconds(now.timestamp() % 3600);
    hour + Duration::days(days) + Duration::hours(hours)
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An event in a place, `days` from now, two hours long.
pub(crate) fn event_in(
    title: &str,
    kind: &str,
    days: i64,
    (city, country, lat, lon): (&str, &str, f64, f64),
) -> Value {
    json!({
        "title": title,
        "description": format!("About {title}"),
        "kind": kind,
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

pub(crate) async fn post_event(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.as_owner(token, "/api/v1/owner/events", Some(body))
        .await
}

/// Posts an event; returns its managed view (panics unless 201).
pub(crate) async fn posted(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = post_event(app, token, body).await;
    let status = response.status();
    let view: Value = response.json().await.unwrap_or_default();
    assert_eq!(status, 201, "{view}");
    view
}

pub(crate) async fn decide(
    app: &TestApp,
    staff: &str,
    id: &str,
    decision: &str,
) -> reqwest::Response {
    let body = (decision == "reject").then(|| json!({"reason": "Not an event of the network."}));
    app.staff(
        Method::POST,
        staff,
        &format!("/api/v1/admin/events/{id}/{decision}"),
        body.as_ref(),
    )
    .await
}

/// Posts and approves an event; returns its public slug.
pub(crate) async fn published(app: &TestApp, token: &str, staff: &str, body: &Value) -> String {
    let view = posted(app, token, body).await;
    let id = view["event"]["id"].as_str().unwrap_or_default();
    let response = decide(app, staff, id, "approve").await;
    assert_eq!(response.status(), 200);
    view["event"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The slugs of the public list for `query`, in order.
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let page = app.get_json(&format!("/api/v1/events?{query}")).await;
    page["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| e["slug"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn calendar(app: &TestApp, query: &str) -> icalendar::Calendar {
    let response = app.get(&format!("/api/v1/events.ics?{query}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/calendar; charset=utf-8")
    );
    let text = response.text().await.unwrap_or_default();
    text.parse::<icalendar::Calendar>()
        .unwrap_or_else(|e| panic!("the feed does not parse: {e}\n{text}"))
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

#[tokio::test]
async fn an_event_is_held_for_review_and_public_once_approved() {
    let app = spawn().await;
    let (token, org_slug) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (staff, _) = app.moderator_token().await;
    let view = posted(
        &app,
        &token,
        &event_in("Vigil for Jerusalem", "vigil", 3, GLASGOW),
    )
    .await;
    assert_eq!(view["event"]["status"], "pending");
    assert_eq!(view["event"]["organizer"]["slug"], org_slug.as_str());
    let id = view["event"]["id"].as_str().unwrap_or_default().to_owned();
    let slug = view["event"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(slug.starts_with("vigil-for-jerusalem-"), "{slug}");

    // Pending: nowhere public.
    assert!(listed(&app, "").await.is_empty());
    assert_eq!(
        app.get(&format!("/api/v1/events/{slug}")).await.status(),
        404
    );
    assert_eq!(calendar(&app, "").await.events().count(), 0);

    // In the moderators' queue.
    let queue: Value = app
        .staff(
            Method::GET,
            &staff,
            "/api/v1/admin/events?state=pending",
            None,
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(queue[0]["event"]["id"], id.as_str(), "{queue}");

    let response = decide(&app, &staff, &id, "approve").await;
    assert_eq!(response.status(), 200);
    let approved: Value = response.json().await.unwrap_or_default();
    assert_eq!(approved["event"]["status"], "published");
    assert!(approved["published_at"].is_string());

    assert_eq!(listed(&app, "").await, [slug.as_str()]);
    let by_slug = app.get_json(&format!("/api/v1/events/{slug}")).await;
    let by_id = app.get_json(&format!("/api/v1/events/{id}")).await;
    assert_eq!(by_slug, by_id);
    assert_eq!(by_slug["starts_at"], rfc3339(at(3, 0)));
    assert_eq!(by_slug["time_zone"], "Europe/London");
    assert_eq!(by_slug["place"]["city"], "Glasgow");
    // The point is approximate by default: the exact one was never stored.
    assert_eq!(by_slug["place"]["precision"], "approximate");
    assert_ne!(by_slug["place"]["location"]["latitude"], json!(55.8642));
    // Only public fields.
    for private in ["reason", "created_at", "published_at", "event"] {
        assert!(by_slug.get(private).is_none(), "{private} in {by_slug}");
    }
    // Decided already; and the queue is empty.
    assert_eq!(decide(&app, &staff, &id, "approve").await.status(), 409);
    assert_eq!(decide(&app, &staff, &id, "reject").await.status(), 409);
    let queue: Value = app
        .staff(Method::GET, &staff, "/api/v1/admin/events", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(queue, json!([]));
    // The approval is in the audit log.
    assert!(app.audit_count() >= 1);
}

#[tokio::test]
async fn the_exact_point_is_kept_only_when_the_organiser_opts_in() {
    let app = spawn().await;
    let (token, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (staff, _) = app.admin_token().await;
    let mut body = event_in("Screening in the park", "screening", 2, GLASGOW);
    body["exact_place"] = true.into();
    let slug = published(&app, &token, &staff, &body).await;
    let event = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(event["place"]["precision"], "exact");
    assert_eq!(event["place"]["location"]["latitude"], json!(55.8642));
    assert_eq!(event["place"]["location"]["longitude"], json!(-4.2518));
}

#[tokio::test]
async fn filters_select_by_dates_kind_country_box_language_and_category() {
    let app = spawn().await;
    let (glasgow, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (paris, paris_slug) =
        published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
    let (staff, _) = app.admin_token().await;
    let vigil = published(
        &app,
        &glasgow,
        &staff,
        &event_in("Glasgow vigil", "vigil", 2, GLASGOW),
    )
    .await;
    let mut talk_body = event_in("Paris talk", "talk", 10, PARIS);
    talk_body["languages"] = json!(["fr", "ar"]);
    let talk = published(&app, &paris, &staff, &talk_body).await;
    let mut online_body = event_in("Online fundraiser", "fundraiser", 20, GLASGOW);
    for field in ["city", "country", "latitude", "longitude"] {
        online_body[field] = Value::Null;
    }
    online_body["online"] = true.into();
    online_body["link"] = "https://example.org/fundraiser".into();
    let online = published(&app, &glasgow, &staff, &online_body).await;

    assert_eq!(
        listed(&app, "").await,
        [vigil.as_str(), talk.as_str(), online.as_str()]
    );
    // Date range: whole UTC days, an event counts while it goes on.
    let day = |days: i64| at(days, 0).date_naive().to_string();
    assert_eq!(
        listed(&app, &format!("from={}&to={}", day(5), day(15))).await,
        [talk.as_str()]
    );
    assert_eq!(
        listed(&app, &format!("to={}", day(2))).await,
        [vigil.as_str()]
    );
    assert_eq!(
        listed(&app, &format!("from={}", rfc3339(at(2, 1)))).await,
        [vigil.as_str(), talk.as_str(), online.as_str()]
    );
    assert_eq!(
        listed(&app, &format!("from={}", rfc3339(at(2, 3)))).await,
        [talk.as_str(), online.as_str()]
    );
    // Kind, country, box, language, the organiser's category and the organiser.
    assert_eq!(
        listed(&app, "kind=talk,fundraiser").await,
        [talk.as_str(), online.as_str()]
    );
    assert_eq!(listed(&app, "country=gb").await, [vigil.as_str()]);
    assert_eq!(
        listed(&app, "country=FR,GB").await,
        [vigil.as_str(), talk.as_str()]
    );
    assert_eq!(listed(&app, "bbox=-10,50,0,60").await, [vigil.as_str()]);
    assert_eq!(listed(&app, "bbox=2,48,3,49").await, [talk.as_str()]);
    assert_eq!(listed(&app, "language=ar").await, [talk.as_str()]);
    assert_eq!(
        listed(&app, "language=en").await,
        [vigil.as_str(), online.as_str()]
    );
    assert_eq!(listed(&app, "category=media").await, [talk.as_str()]);
    assert_eq!(
        listed(&app, "category=student_group").await,
        [vigil.as_str(), online.as_str()]
    );
    assert_eq!(
        listed(&app, &format!("organization={paris_slug}")).await,
        [talk.as_str()]
    );
    assert!(listed(&app, "organization=no-such-entry").await.is_empty());
    // An online event has no place.
    let event = app.get_json(&format!("/api/v1/events/{online}")).await;
    assert_eq!(event["online"], true);
    assert_eq!(event["place"], Value::Null);
}

#[tokio::test]
async fn pages_follow_the_cursor_in_start_order() {
    let app = spawn().await;
    let (token, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (staff, _) = app.admin_token().await;
    let mut expected = Vec::new();
    // Posted in reverse order of their start; two start at the same time (ordered by slug).
    for (title, days) in [
        ("E five", 5),
        ("D four", 4),
        ("C three", 3),
        ("B same", 2),
        ("A same", 2),
    ] {
        let slug = published(
            &app,
            &token,
            &staff,
            &event_in(title, "action", days, GLASGOW),
        )
        .await;
        expected.push(slug);
    }
    expected.reverse();
    let mut seen = Vec::new();
    let mut query = "limit=2".to_owned();
    let mut pages = 0;
    loop {
        let page = app.get_json(&format!("/api/v1/events?{query}")).await;
        pages += 1;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .map(|e| e["slug"].as_str().unwrap_or_default().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages < 10, "the cursor does not advance");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, expected);
    assert!(expected[0].starts_with("a-same"), "{expected:?}");
    // A cursor that is not one of ours.
    let response = app.get("/api/v1/events?cursor=zz").await;
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn the_owner_cancels_and_a_published_event_stays_listed_as_cancelled() {
    let app = spawn().await;
    let (token, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (other, _) = published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
    let (staff, _) = app.admin_token().await;
    let slug = published(
        &app,
        &token,
        &staff,
        &event_in("Day of action", "action", 3, GLASGOW),
    )
    .await;
    let id = app.get_json(&format!("/api/v1/events/{slug}")).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let cancel = format!("/api/v1/owner/events/{id}/cancel");
    // Another group's token cannot cancel it, nor can no token.
    assert_eq!(app.as_owner(&other, &cancel, None).await.status(), 404);
    assert_eq!(app.post_json(&cancel, &json!({})).await.status(), 401);

    let response = app.as_owner(&token, &cancel, None).await;
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap_or_default();
    assert_eq!(view["event"]["status"], "cancelled");
    assert_eq!(app.as_owner(&token, &cancel, None).await.status(), 409);
    let event = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(event["status"], "cancelled");
    assert_eq!(listed(&app, "").await, [slug.as_str()]);
    let feed = calendar(&app, "").await;
    let cancelled = feed.events().next().map(|e| e.get_status());
    assert_eq!(cancelled, Some(Some(icalendar::EventStatus::Cancelled)));

    // A pending event that is cancelled was never public and never will be.
    let pending = posted(
        &app,
        &token,
        &event_in("Talk never held", "talk", 4, GLASGOW),
    )
    .await;
    let pending_id = pending["event"]["id"].as_str().unwrap_or_default();
    let response = app
        .as_owner(
            &token,
            &format!("/api/v1/owner/events/{pending_id}/cancel"),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        decide(&app, &staff, pending_id, "approve").await.status(),
        409
    );
    assert_eq!(listed(&app, "").await, [slug.as_str()]);
    // A cancelled event cannot be edited back.
    let edit = app
        .client
        .put(app.url(&format!("/api/v1/owner/events/{id}")))
        .bearer_auth(&token)
        .json(&event_in("Day of action", "action", 3, GLASGOW))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edit.status(), 409);
}

#[tokio::test]
async fn an_edit_is_held_for_review_again() {
    let app = spawn().await;
    let (token, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (staff, _) = app.admin_token().await;
    let slug = published(
        &app,
        &token,
        &staff,
        &event_in("Day of action", "action", 3, GLASGOW),
    )
    .await;
    let id = app.get_json(&format!("/api/v1/events/{slug}")).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let put = |body: Value, token: String| {
        let request = app
            .client
            .put(app.url(&format!("/api/v1/owner/events/{id}")))
            .bearer_auth(token)
            .json(&body);
        async move { request.send().await.unwrap_or_else(|e| panic!("{e}")) }
    };
    let mut changed = event_in("Day of action, new time", "action", 4, GLASGOW);
    changed["link"] = "https://example.org/action".into();
    let response = put(changed.clone(), token.clone()).await;
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap_or_default();
    assert_eq!(view["event"]["status"], "pending");
    assert_eq!(view["event"]["title"], "Day of action, new time");
    assert!(listed(&app, "").await.is_empty());
    assert_eq!(decide(&app, &staff, &id, "approve").await.status(), 200);
    let event = app.get_json(&format!("/api/v1/events/{id}")).await;
    assert_eq!(event["link"], "https://example.org/action");
    assert_eq!(event["starts_at"], rfc3339(at(4, 0)));
    // The slug stays: links to the event keep working.
    assert_eq!(event["slug"], slug.as_str());
    // The group finds its events, and their states, with its token alone.
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
    assert_eq!(own[0]["event"]["id"], id.as_str(), "{own}");
    assert_eq!(own[0]["event"]["status"], "published");
    assert_eq!(app.get("/api/v1/owner/events").await.status(), 401);
    // A bad edit is refused field by field; an unknown event is 404.
    changed["kind"] = "party".into();
    let response = put(changed.clone(), token.clone()).await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    assert_eq!(
        problem_fields(&problem),
        [("kind".to_owned(), "invalid_choice".to_owned())]
    );
    let response = app
        .client
        .put(app.url(&format!("/api/v1/owner/events/{}", uuid::Uuid::new_v4())))
        .bearer_auth(&token)
        .json(&event_in("Elsewhere", "action", 3, GLASGOW))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_hidden_organiser_hides_its_events_everywhere() {
    let app = spawn().await;
    let (token, org_slug) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (co, co_slug) = published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
    let (staff, _) = app.admin_token().await;
    let mut body = event_in("Joint vigil", "vigil", 3, GLASGOW);
    body["co_organizers"] = json!([co_slug]);
    let slug = published(&app, &token, &staff, &body).await;
    let event = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(event["co_organizers"][0]["slug"], co_slug.as_str());
    assert_eq!(
        listed(&app, &format!("organization={co_slug}")).await,
        [slug.as_str()]
    );

    // The co-organiser hides itself: the event stays, without naming it.
    let hide = app
        .as_owner(&co, "/api/v1/owner/entry/hide", Some(&json!({})))
        .await;
    assert_eq!(hide.status(), 200);
    let event = app.get_json(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(event["co_organizers"], json!([]));
    // Nor do the organiser's and the moderators' views (one function) name it any more.
    let staff_view: Value = app
        .staff(
            Method::GET,
            &staff,
            "/api/v1/admin/events?state=published",
            None,
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        staff_view[0]["event"]["co_organizers"],
        json!([]),
        "{staff_view}"
    );
    assert!(
        listed(&app, &format!("organization={co_slug}"))
            .await
            .is_empty()
    );

    // The organiser hides itself: the event is gone from every public answer.
    let hide = app
        .as_owner(&token, "/api/v1/owner/entry/hide", Some(&json!({})))
        .await;
    assert_eq!(hide.status(), 200);
    assert!(listed(&app, "").await.is_empty());
    assert!(
        listed(&app, &format!("organization={org_slug}"))
            .await
            .is_empty()
    );
    assert_eq!(
        app.get(&format!("/api/v1/events/{slug}")).await.status(),
        404
    );
    assert_eq!(calendar(&app, "").await.events().count(), 0);
    // It can still post (held until it shows itself and a moderator approves).
    assert_eq!(
        post_event(&app, &token, &event_in("Later", "talk", 5, GLASGOW))
            .await
            .status(),
        201
    );

    // Shown again: back.
    let show = app.as_owner(&token, "/api/v1/owner/entry/show", None).await;
    assert_eq!(show.status(), 200);
    assert_eq!(listed(&app, "").await, [slug.as_str()]);
}

/// Moves an event's times into the past, as time passing would.
pub(crate) fn end_in_the_past(app: &TestApp, slug: &str) {
    use solidarity_map::db::schema::events;
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let start = (Utc::now() - Duration::hours(3)).naive_utc();
    let end = (Utc::now() - Duration::hours(1)).naive_utc();
    // As a change of the table, which the public index reads again: time passing is the
    // index reader's `ends_at > now` (unit-tested in `services::events`).
    diesel::update(events::table.filter(events::slug.eq(slug)))
        .set((
            events::starts_at.eq(start),
            events::ends_at.eq(end),
            events::updated_at.eq(Utc::now().naive_utc()),
        ))
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("moving the event: {e}"));
    solidarity_map::db::models::mark_changed(&mut conn)
        .unwrap_or_else(|e| panic!("marking the change: {e}"));
}

#[tokio::test]
async fn ended_events_are_not_listed_and_cannot_be_changed() {
    let app = spawn().await;
    let (token, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (staff, _) = app.admin_token().await;
    let past = published(
        &app,
        &token,
        &staff,
        &event_in("Past talk", "talk", 1, GLASGOW),
    )
    .await;
    let coming = published(
        &app,
        &token,
        &staff,
        &event_in("Coming talk", "talk", 2, GLASGOW),
    )
    .await;
    assert_eq!(listed(&app, "").await, [past.as_str(), coming.as_str()]);
    end_in_the_past(&app, &past);
    assert_eq!(listed(&app, "").await, [coming.as_str()]);
    assert_eq!(
        app.get(&format!("/api/v1/events/{past}")).await.status(),
        404
    );
    let feed = calendar(&app, "").await;
    let summaries: Vec<&str> = feed.events().filter_map(|e| e.get_summary()).collect();
    assert_eq!(summaries, ["Coming talk"]);
    let past_id: Value = app
        .staff(
            Method::GET,
            &staff,
            "/api/v1/admin/events?state=published",
            None,
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    let past_id = past_id
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|e| e["event"]["slug"] == past.as_str())
        .map(|e| e["event"]["id"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let cancel = app
        .as_owner(
            &token,
            &format!("/api/v1/owner/events/{past_id}/cancel"),
            None,
        )
        .await;
    assert_eq!(cancel.status(), 409);
}

#[tokio::test]
async fn bad_events_and_bad_filters_are_refused_field_by_field() {
    let app = spawn().await;
    let (token, own_slug) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let good = event_in("Vigil", "vigil", 3, GLASGOW);
    let with = |changes: Value| {
        let mut body = good.clone();
        for (k, v) in changes.as_object().cloned().unwrap_or_default() {
            body[k] = v;
        }
        body
    };
    let cases = [
        (with(json!({"title": ""})), vec![("title", "required")]),
        (
            with(json!({"title": "<b>Vigil</b>"})),
            vec![("title", "markup_not_allowed")],
        ),
        (
            with(json!({"kind": "party"})),
            vec![("kind", "invalid_choice")],
        ),
        (
            with(json!({"time_zone": "Mars/Olympus"})),
            vec![("time_zone", "invalid_time_zone")],
        ),
        (
            with(json!({"starts_at": "soon"})),
            vec![("starts_at", "invalid_format")],
        ),
        (
            with(json!({"ends_at": rfc3339(at(3, -1))})),
            vec![("ends_at", "ends_before_start")],
        ),
        (
            with(json!({"starts_at": rfc3339(at(-3, 0)), "ends_at": rfc3339(at(-3, 2))})),
            vec![("ends_at", "in_the_past")],
        ),
        (
            with(json!({"link": "javascript:alert(1)"})),
            vec![("link", "invalid_url")],
        ),
        (
            with(json!({"latitude": 95.0})),
            vec![("latitude", "out_of_range")],
        ),
        (
            with(json!({"latitude": "north"})),
            vec![("latitude", "invalid_type")],
        ),
        (
            with(json!({"online": true})),
            vec![
                ("city", "online_event_has_no_place"),
                ("country", "online_event_has_no_place"),
                ("latitude", "online_event_has_no_place"),
                ("longitude", "online_event_has_no_place"),
            ],
        ),
        (
            with(json!({"city": null, "country": "XX"})),
            vec![("city", "required"), ("country", "unknown_country")],
        ),
        (
            with(json!({"languages": ["english"]})),
            vec![("languages[0]", "invalid_language")],
        ),
        (
            with(json!({"co_organizers": ["no-such-entry"]})),
            vec![("co_organizers[0]", "unknown_entry")],
        ),
        (
            with(json!({"co_organizers": [own_slug]})),
            vec![("co_organizers[0]", "same_entry")],
        ),
        (
            json!({}),
            vec![
                ("title", "required"),
                ("kind", "required"),
                ("time_zone", "required"),
                ("starts_at", "required"),
                ("ends_at", "required"),
                ("city", "required"),
                ("country", "required"),
                ("latitude", "required"),
                ("longitude", "required"),
            ],
        ),
    ];
    for (body, expected) in cases {
        let response = post_event(&app, &token, &body).await;
        assert_eq!(response.status(), 400, "{body}");
        let problem: Value = response.json().await.unwrap_or_default();
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(f, r)| (f.to_owned(), r.to_owned()))
            .collect();
        assert_eq!(problem_fields(&problem), expected, "{body}: {problem}");
    }
    // Not JSON at all, and no token or a wrong one (401 before the body is read).
    let response = app
        .client
        .post(app.url("/api/v1/owner/events"))
        .bearer_auth(&token)
        .body("{not json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 400);
    assert_eq!(
        app.post_json("/api/v1/owner/events", &good).await.status(),
        401
    );
    assert_eq!(
        post_event(&app, "wrong-token", &json!("junk"))
            .await
            .status(),
        401
    );

    // Bad filters, each named; never a 500.
    let response = app
        .get("/api/v1/events?bbox=1,2,3&kind=party&from=soon&to=2026-13-01&language=x!&country=XX&limit=0&organization=No!")
        .await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    let fields: Vec<String> = problem_fields(&problem)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        [
            "country",
            "kind",
            "language",
            "bbox",
            "from",
            "to",
            "organization",
            "limit"
        ],
        "{problem}"
    );
    let response = app.get("/api/v1/events?category=no_such_category").await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    assert_eq!(
        problem_fields(&problem),
        [("category".to_owned(), "unknown_category".to_owned())]
    );
    // Bounds outside the years 1 to 9999 are refused.
    for query in ["from=0000-01-01T00:00:00Z", "to=262143-12-31"] {
        let response = app.get(&format!("/api/v1/events?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
    }
    let response = app
        .get("/api/v1/events.ics?from=2026-12-31&to=2026-12-01")
        .await;
    assert_eq!(response.status(), 400);
    for path in [
        "/api/v1/events/no-such-event",
        "/api/v1/events/00000000-0000-0000-0000-000000000000",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn moderators_reject_with_a_reason_and_only_in_their_countries() {
    let app = spawn().await;
    let (glasgow, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (paris, _) = published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
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
    let in_glasgow = posted(
        &app,
        &glasgow,
        &event_in("Glasgow talk", "talk", 3, GLASGOW),
    )
    .await;
    let in_paris = posted(&app, &paris, &event_in("Paris talk", "talk", 3, PARIS)).await;
    let glasgow_id = in_glasgow["event"]["id"].as_str().unwrap_or_default();
    let paris_id = in_paris["event"]["id"].as_str().unwrap_or_default();

    let queue: Value = app
        .staff(Method::GET, &moderator, "/api/v1/admin/events", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let ids: Vec<&str> = queue
        .as_array()
        .map(|q| q.iter().filter_map(|e| e["event"]["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, [paris_id]);
    assert_eq!(
        decide(&app, &moderator, glasgow_id, "approve")
            .await
            .status(),
        403
    );
    assert_eq!(
        decide(&app, &moderator, glasgow_id, "reject")
            .await
            .status(),
        403
    );

    // A reason is required.
    let response = app
        .staff(
            Method::POST,
            &moderator,
            &format!("/api/v1/admin/events/{paris_id}/reject"),
            Some(&json!({"reason": " "})),
        )
        .await;
    assert_eq!(response.status(), 400);
    let response = decide(&app, &moderator, paris_id, "reject").await;
    assert_eq!(response.status(), 200);
    let rejected: Value = response.json().await.unwrap_or_default();
    assert_eq!(rejected["event"]["status"], "rejected");
    assert_eq!(rejected["reason"], "Not an event of the network.");
    // The group reads the reason with its own events; another group sees none of them.
    let own_events = |token: String| {
        let request = app
            .client
            .get(app.url("/api/v1/owner/events"))
            .bearer_auth(token);
        async move {
            request
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .json::<Value>()
                .await
                .unwrap_or_default()
        }
    };
    let own = own_events(paris.clone()).await;
    assert_eq!(own[0]["reason"], "Not an event of the network.", "{own}");
    let theirs = own_events(glasgow.clone()).await;
    let ids: Vec<&str> = theirs
        .as_array()
        .map(|q| q.iter().filter_map(|e| e["event"]["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, [glasgow_id]);
    assert!(listed(&app, "").await.is_empty());
    let state = app
        .staff(
            Method::GET,
            &admin,
            "/api/v1/admin/events?state=rejected",
            None,
        )
        .await;
    let state: Value = state.json().await.unwrap_or_default();
    assert_eq!(state[0]["event"]["id"], paris_id);
    let bad = app
        .staff(
            Method::GET,
            &admin,
            "/api/v1/admin/events?state=hidden",
            None,
        )
        .await;
    assert_eq!(bad.status(), 400);
    // Without a token: nothing; an unknown event: 404.
    assert_eq!(app.get("/api/v1/admin/events").await.status(), 401);
    let unknown = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        decide(&app, &admin, &unknown, "approve").await.status(),
        404
    );
}

#[tokio::test]
async fn the_calendar_feed_parses_back_with_stable_uids_and_utc_times() {
    let app = spawn().await;
    let (glasgow, glasgow_slug) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (paris, _) = published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
    let (staff, _) = app.admin_token().await;
    let mut body = event_in("Vigil; for Jerusalem, with songs", "vigil", 3, GLASGOW);
    body["description"] = "Bring candles.\nAll welcome, in any language; really.".into();
    let vigil = published(&app, &glasgow, &staff, &body).await;
    let mut talk_body = event_in("Paris talk", "talk", 5, PARIS);
    talk_body["link"] = "https://example.org/talk?lang=fr&x=1".into();
    let talk = published(&app, &paris, &staff, &talk_body).await;
    let vigil_json = app.get_json(&format!("/api/v1/events/{vigil}")).await;
    let talk_json = app.get_json(&format!("/api/v1/events/{talk}")).await;

    let feed = calendar(&app, "").await;
    assert_eq!(feed.property_value("VERSION"), Some("2.0"));
    assert!(feed.property_value("PRODID").is_some());
    let events: Vec<&icalendar::Event> = feed.events().collect();
    assert_eq!(events.len(), 2);
    let first = events[0];
    let vigil_id = vigil_json["id"].as_str().unwrap_or_default();
    assert!(
        first
            .get_uid()
            .is_some_and(|uid| uid.starts_with(&format!("{vigil_id}@"))),
        "{:?}",
        first.get_uid()
    );
    assert_eq!(
        first.get_summary(),
        Some("Vigil; for Jerusalem, with songs")
    );
    assert_eq!(
        first.get_description(),
        Some("Bring candles.\nAll welcome, in any language; really.")
    );
    assert_eq!(first.get_location(), Some("Glasgow, United Kingdom"));
    // The event's page on the map, which links the organiser and the group's own page.
    assert_eq!(
        first.get_url().map(str::to_owned),
        Some(format!("{}/events/{vigil}", app.settings.join.public_url))
    );
    assert_eq!(first.get_status(), Some(icalendar::EventStatus::Confirmed));
    // Times in UTC, as the JSON gives them.
    assert_eq!(
        first.property_value("DTSTART").map(str::to_owned),
        Some(at(3, 0).format("%Y%m%dT%H%M%SZ").to_string())
    );
    assert_eq!(
        first.property_value("DTEND").map(str::to_owned),
        Some(at(3, 2).format("%Y%m%dT%H%M%SZ").to_string())
    );
    let second = events[1];
    assert_eq!(
        second.get_url().map(str::to_owned),
        Some(format!("{}/events/{talk}", app.settings.join.public_url))
    );
    assert_eq!(
        second.get_description(),
        Some("About Paris talk\n\nhttps://example.org/talk?lang=fr&x=1"),
        "the group's link, where calendars that show no URL show it"
    );
    assert_eq!(second.get_location(), Some("Paris, France"));
    assert_eq!(
        second
            .get_uid()
            .map(|u| u.starts_with(talk_json["id"].as_str().unwrap_or("?"))),
        Some(true)
    );

    // The same events give the same document (UIDs and stamps do not change between fetches),
    // and a filter gives its own events.
    let again = calendar(&app, "").await;
    assert_eq!(again.to_string(), feed.to_string());
    let only_paris = calendar(&app, "country=FR").await;
    let summaries: Vec<&str> = only_paris
        .events()
        .filter_map(|e| e.get_summary())
        .collect();
    assert_eq!(summaries, ["Paris talk"]);
    let one_group = calendar(&app, &format!("organization={glasgow_slug}")).await;
    let uids: Vec<Option<&str>> = one_group.events().map(|e| e.get_uid()).collect();
    assert_eq!(uids, [first.get_uid()]);
}

#[tokio::test]
async fn a_crisis_and_a_lapsed_consent_hide_the_events_of_the_entries_they_hide() {
    let app = spawn().await;
    let (glasgow, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (paris, _) = published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
    let (admin, _) = app.admin_token().await;
    let in_glasgow = published(
        &app,
        &glasgow,
        &admin,
        &event_in("Glasgow talk", "talk", 3, GLASGOW),
    )
    .await;
    let in_paris = published(
        &app,
        &paris,
        &admin,
        &event_in("Paris talk", "talk", 4, PARIS),
    )
    .await;
    assert_eq!(
        listed(&app, "").await,
        [in_glasgow.as_str(), in_paris.as_str()]
    );

    // A crisis over France hides the Paris group, and its event with it.
    let response = app
        .staff(
            Method::POST,
            &admin,
            "/api/v1/admin/crisis",
            Some(&json!({"country": "FR", "reason": "raids"})),
        )
        .await;
    let status = response.status();
    let crisis: Value = response.json().await.unwrap_or_default();
    assert!(status.is_success(), "{crisis}");
    assert_eq!(listed(&app, "").await, [in_glasgow.as_str()]);
    assert_eq!(
        app.get(&format!("/api/v1/events/{in_paris}"))
            .await
            .status(),
        404
    );
    let restore = app
        .staff(
            Method::POST,
            &admin,
            &format!(
                "/api/v1/admin/crisis/{}/restore",
                crisis["id"].as_str().unwrap_or_default()
            ),
            None,
        )
        .await;
    assert!(restore.status().is_success());
    assert_eq!(
        listed(&app, "").await,
        [in_glasgow.as_str(), in_paris.as_str()]
    );

    // Nobody confirmed the entries for longer than the consent period: both are hidden, and
    // their events with them.
    let report = app.maintain_at((Utc::now() + Duration::days(400)).naive_utc());
    assert_eq!(report.hidden_for_consent, 2);
    assert!(listed(&app, "").await.is_empty());
    assert_eq!(calendar(&app, "").await.events().count(), 0);
}

#[tokio::test]
async fn a_crisis_hides_the_events_in_its_area_whoever_organises_them() {
    let app = spawn().await;
    let (glasgow, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (admin, _) = app.admin_token().await;
    // A Glasgow group's event in Paris, and one online.
    let in_paris = published(
        &app,
        &glasgow,
        &admin,
        &event_in("Talk in Paris", "talk", 3, PARIS),
    )
    .await;
    let mut online = event_in("Online talk", "talk", 4, GLASGOW);
    for field in ["city", "country", "latitude", "longitude"] {
        online[field] = Value::Null;
    }
    online["online"] = true.into();
    let online = published(&app, &glasgow, &admin, &online).await;
    for scope in [json!({"country": "FR"}), json!({"bbox": "2,48,3,49"})] {
        let mut body = scope.clone();
        body["reason"] = "raids".into();
        let response = app
            .staff(Method::POST, &admin, "/api/v1/admin/crisis", Some(&body))
            .await;
        let crisis: Value = response.json().await.unwrap_or_default();
        let id = crisis["id"].as_str().unwrap_or_default().to_owned();
        assert!(!id.is_empty(), "{crisis}");
        assert_eq!(listed(&app, "").await, [online.as_str()], "{scope}");
        assert_eq!(
            app.get(&format!("/api/v1/events/{in_paris}"))
                .await
                .status(),
            404
        );
        let feed = calendar(&app, "").await;
        assert_eq!(feed.events().count(), 1);
        let restore = app
            .staff(
                Method::POST,
                &admin,
                &format!("/api/v1/admin/crisis/{id}/restore"),
                None,
            )
            .await;
        assert!(restore.status().is_success());
        assert_eq!(listed(&app, "").await, [in_paris.as_str(), online.as_str()]);
    }
}

/// The Atom feed of events: the public ones only, the latest change first (a cancellation
/// brings an event back to the top: the vigil, though it starts after the talk), with the same
/// filters as the list.
#[tokio::test]
async fn the_atom_feed_gives_the_public_events_latest_change_first() {
    let app = spawn().await;
    let (staff, _) = app.admin_token().await;
    let (glasgow, _) =
        published_entry(&app, "Glasgow Solidarity", "solidarity_group", GLASGOW).await;
    let (paris, _) = published_entry(&app, "Paris Students", "student_group", PARIS).await;
    let vigil = published(
        &app,
        &glasgow,
        &staff,
        &event_in("Vigil for Silwan", "vigil", 6, GLASGOW),
    )
    .await;
    let talk = published(
        &app,
        &paris,
        &staff,
        &event_in("Talk on Sheikh Jarrah", "talk", 3, PARIS),
    )
    .await;
    posted(
        &app,
        &paris,
        &event_in("Screening not yet approved", "screening", 4, PARIS),
    )
    .await;
    let vigil_id = app.get_json(&format!("/api/v1/events/{vigil}")).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let cancelled = app
        .as_owner(
            &glasgow,
            &format!("/api/v1/owner/events/{vigil_id}/cancel"),
            None,
        )
        .await;
    assert_eq!(cancelled.status(), 200);

    let feed = |query: &'static str| {
        let app = &app;
        async move {
            let response = app.get(&format!("/api/v1/events.atom{query}")).await;
            assert_eq!(response.status(), 200);
            assert_eq!(
                response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("application/atom+xml; charset=utf-8")
            );
            let text = response.text().await.unwrap_or_default();
            text.parse::<atom_syndication::Feed>()
                .unwrap_or_else(|e| panic!("the feed does not parse: {e}\n{text}"))
        }
    };
    let all = feed("").await;
    let titles: Vec<&str> = all.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles[0].starts_with("Vigil for Silwan: Glasgow Solidarity, "),
        "{titles:?}"
    );
    assert!(
        titles[1].starts_with("Talk on Sheikh Jarrah: Paris Students, "),
        "{titles:?}"
    );
    assert!(titles[1].ends_with(", Paris (FR)"), "{titles:?}");
    let talk_id = app.get_json(&format!("/api/v1/events/{talk}")).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(all.entries()[1].id(), format!("urn:uuid:{talk_id}"));
    let link = all.entries()[1].links()[0].href();
    assert!(link.ends_with(&format!("/events/{talk}")), "{link}");

    let in_france = feed("?country=FR").await;
    assert_eq!(in_france.entries().len(), 1);
    let refused = app.get("/api/v1/events.atom?kind=picnic").await;
    assert_eq!(refused.status(), 400);
}

/// The id of the organisation an owner token manages.
async fn organization_id(app: &TestApp, token: &str) -> String {
    let entry: Value = app
        .as_owner(token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    entry["organization"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_twinning_has_its_own_calendar_of_both_partners_events() {
    let app = spawn().await;
    const SILWAN: (&str, &str, f64, f64) = ("Jerusalem", "PS", 31.7683, 35.2365);
    let (silwan, silwan_slug) = published_entry(
        &app,
        "Example Youth Club, Silwan",
        "jerusalem_grassroots",
        SILWAN,
    )
    .await;
    let (glasgow, _) =
        published_entry(&app, "Glasgow Twinning Group", "solidarity_group", GLASGOW).await;
    let (paris, _) = published_entry(&app, "Paris Other Group", "student_group", PARIS).await;
    let (staff, _) = app.admin_token().await;
    published(
        &app,
        &silwan,
        &staff,
        &event_in("Olive harvest in Silwan", "action", 4, SILWAN),
    )
    .await;
    published(
        &app,
        &glasgow,
        &staff,
        &event_in("Glasgow talk with Silwan", "talk", 5, GLASGOW),
    )
    .await;
    published(
        &app,
        &paris,
        &staff,
        &event_in("Paris screening", "screening", 6, PARIS),
    )
    .await;
    let twinning = app
        .staff(
            Method::POST,
            &staff,
            "/api/v1/admin/partnerships",
            Some(&json!({
                "global_organization_id": organization_id(&app, &glasgow).await,
                "jerusalem_organization_id": organization_id(&app, &silwan).await,
            })),
        )
        .await;
    assert_eq!(twinning.status(), 201);
    let partnerships = app.get_json("/api/v1/partnerships").await;
    let id = partnerships[0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let summaries = |calendar: icalendar::Calendar| -> Vec<String> {
        calendar
            .events()
            .filter_map(|e| e.get_summary().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        summaries(calendar(&app, &format!("partnership={id}")).await),
        ["Olive harvest in Silwan", "Glasgow talk with Silwan"]
    );
    // With another filter: both must hold.
    assert_eq!(
        summaries(calendar(&app, &format!("partnership={id}&country=PS")).await),
        ["Olive harvest in Silwan"]
    );
    assert_eq!(
        summaries(
            calendar(
                &app,
                &format!("partnership={id}&organization={silwan_slug}")
            )
            .await
        ),
        ["Olive harvest in Silwan"]
    );
    assert_eq!(
        listed(&app, &format!("partnership={id}")).await.len(),
        2,
        "the JSON list takes the same filter"
    );
    // A twinning that does not exist has no events; a value that is not an id is named.
    let unknown = uuid::Uuid::new_v4();
    assert!(summaries(calendar(&app, &format!("partnership={unknown}")).await).is_empty());
    let refused = app.get("/api/v1/events.ics?partnership=glasgow").await;
    assert_eq!(refused.status(), 400);
    let problem: Value = refused.json().await.unwrap_or_default();
    assert_eq!(
        problem_fields(&problem),
        [("partnership".to_owned(), "invalid_format".to_owned())]
    );

    // Each partner's page offers the twinning's calendar.
    let page = app.get(&format!("/org/{silwan_slug}")).await;
    let html = page.text().await.unwrap_or_default();
    assert!(
        html.contains(&format!("/api/v1/events.ics?partnership={id}")),
        "{html}"
    );
}
