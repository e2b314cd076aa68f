//! Issue #19, the public and owner side of events as plain HTML: `/events` (filters, pages),
//! `/events/{slug}` (schema.org JSON-LD, add to calendar), `/org/{slug}/events` (the archive),
//! and the owner page's events form working without scripts.

use reqwest::header;
use serde_json::{Value, json};
use solidarity_map_tests::TestApp;

use crate::events::{
    GLASGOW, PARIS, at, decide, end_in_the_past, event_in, posted, published, published_entry,
    rfc3339, spawn,
};

struct Page {
    status: u16,
    body: String,
}

async fn page(app: &TestApp, path: &str, accept_language: &str) -> Page {
    let response = app
        .client
        .get(app.url(path))
        .header(header::ACCEPT_LANGUAGE, accept_language)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    Page { status, body }
}

async fn post_owner(app: &TestApp, fields: &[(&str, &str)], accept_language: &str) -> Page {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (key, value) in fields {
        body.append_pair(key, value);
    }
    let response = app
        .client
        .post(app.url("/owner"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, accept_language)
        .body(body.finish())
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST /owner: {e}"));
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    Page { status, body }
}

/// The owner's events, as the API lists them.
async fn own_events(app: &TestApp, token: &str) -> Value {
    app.client
        .get(app.url("/api/v1/owner/events"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("owner events: {e}"))
        .json()
        .await
        .unwrap_or_default()
}

/// The JSON-LD data block of a page, parsed.
fn json_ld(body: &str) -> Value {
    let open = r#"<script type="application/ld+json">"#;
    let start = body
        .find(open)
        .unwrap_or_else(|| panic!("no JSON-LD in {body}"))
        + open.len();
    let end = body[start..]
        .find("</script>")
        .unwrap_or_else(|| panic!("unclosed JSON-LD"))
        + start;
    serde_json::from_str(&body[start..end]).unwrap_or_else(|e| panic!("JSON-LD: {e}"))
}

/// The slugs of the events listed on a page, in order (`data-slug` of each item).
fn listed_slugs(body: &str, list: &str) -> Vec<String> {
    let Some(start) = body.find(&format!(r#"data-testid="{list}""#)) else {
        return Vec::new();
    };
    let end = body[start..]
        .find("</ul>")
        .map_or(body.len(), |e| e + start);
    body[start..end]
        .split(r#"data-slug=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn an_event_page_has_valid_json_ld_with_local_times_and_links_to_its_calendar() {
    let app = spawn().await;
    let (token, org) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (_, co) = published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
    let (staff, _) = app.admin_token().await;
    let mut body = event_in("Vigil for Jerusalem", "vigil", 3, GLASGOW);
    body["time_zone"] = json!("Asia/Jerusalem");
    body["link"] = json!("https://example.org/vigil");
    body["languages"] = json!(["en", "ar"]);
    body["co_organizers"] = json!([co]);
    let slug = published(&app, &token, &staff, &body).await;

    let shown = page(&app, &format!("/events/{slug}"), "en").await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    let ld = json_ld(&shown.body);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["name"], "Vigil for Jerusalem");
    // Jerusalem is two hours ahead of UTC in winter: the times carry that offset.
    let start = at(3, 0).with_timezone(
        &chrono::FixedOffset::east_opt(2 * 3600).unwrap_or_else(|| panic!("offset")),
    );
    assert_eq!(
        ld["startDate"],
        start.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    );
    assert!(
        ld["endDate"]
            .as_str()
            .unwrap_or_default()
            .ends_with("+02:00"),
        "{ld}"
    );
    assert_eq!(ld["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        ld["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(ld["location"]["@type"], "Place");
    assert_eq!(ld["location"]["address"]["addressCountry"], "GB");
    // The point is approximate: not given as the event's place.
    assert!(ld["location"].get("geo").is_none(), "{ld}");
    assert_eq!(ld["organizer"][0]["@type"], "Organization");
    assert!(
        ld["organizer"][0]["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with(&format!("/org/{org}")),
        "{ld}"
    );
    assert!(
        ld["organizer"][1]["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with(&format!("/org/{co}"))
    );
    assert!(
        ld["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with(&format!("/events/{slug}"))
    );
    assert!(shown.body.contains("Asia/Jerusalem"));
    assert!(
        shown
            .body
            .contains(r#"href="https://example.org/vigil" rel="noopener nofollow ugc""#),
        "{}",
        shown.body
    );
    assert!(shown.body.contains(&format!(r#"href="/org/{co}""#)));
    // No app bundle: nothing can take the page over.
    assert!(!shown.body.contains("boot"), "{}", shown.body);
    let calendar = format!("/api/v1/events.ics?event={slug}");
    assert!(shown.body.contains(&calendar));
    let ics = app.get(&calendar).await.text().await.unwrap_or_default();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("Vigil for Jerusalem"));

    // Cancelled: still shown until it ends, said so, and told to search engines.
    let id = app.get_json(&format!("/api/v1/events/{slug}")).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let cancel = app
        .as_owner(
            &token,
            &format!("/api/v1/owner/events/{id}/cancel"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(cancel.status(), 200);
    let shown = page(&app, &format!("/events/{slug}"), "ar").await;
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains(r#"dir="rtl""#));
    assert!(shown.body.contains("أُلغيت هذه الفعالية."));
    assert_eq!(
        json_ld(&shown.body)["eventStatus"],
        "https://schema.org/EventCancelled"
    );

    // Online: a virtual location.
    let mut online = event_in("Online talk", "talk", 4, GLASGOW);
    for field in ["city", "country", "latitude", "longitude"] {
        online[field] = Value::Null;
    }
    online["online"] = json!(true);
    let online = published(&app, &token, &staff, &online).await;
    let ld = json_ld(&page(&app, &format!("/events/{online}"), "en").await.body);
    assert_eq!(
        ld["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(ld["location"]["@type"], "VirtualLocation");

    // Pending: nothing to see.
    let pending = posted(&app, &token, &event_in("Not yet", "talk", 5, GLASGOW)).await;
    let pending = pending["event"]["slug"].as_str().unwrap_or_default();
    assert_eq!(
        page(&app, &format!("/events/{pending}"), "en").await.status,
        404
    );
}

#[tokio::test]
async fn the_events_page_filters_by_when_kind_country_language_and_category_and_pages() {
    let app = spawn().await;
    let (glasgow, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let (paris, _) = published_entry(&app, "Example Media Group, Paris", "media", PARIS).await;
    let (staff, _) = app.admin_token().await;
    let vigil = published(
        &app,
        &glasgow,
        &staff,
        &event_in("Vigil", "vigil", 1, GLASGOW),
    )
    .await;
    let mut talk = event_in("Talk in Paris", "talk", 40, PARIS);
    talk["languages"] = json!(["fr"]);
    let talk = published(&app, &paris, &staff, &talk).await;

    let all = page(&app, "/events", "en").await;
    assert_eq!(all.status, 200);
    assert_eq!(
        listed_slugs(&all.body, "event-list"),
        [vigil.as_str(), talk.as_str()]
    );
    for (query, expected) in [
        ("kind=vigil", vec![vigil.as_str()]),
        ("kind=talk", vec![talk.as_str()]),
        ("country=FR", vec![talk.as_str()]),
        ("language=fr", vec![talk.as_str()]),
        ("category=student_group", vec![vigil.as_str()]),
        ("when=month&kind=talk", Vec::<&str>::new()),
        ("when=week&kind=vigil", vec![vigil.as_str()]),
    ] {
        let shown = page(&app, &format!("/events?{query}"), "en").await;
        assert_eq!(shown.status, 200, "{query}");
        assert_eq!(listed_slugs(&shown.body, "event-list"), expected, "{query}");
    }
    // The filters but the dates as a calendar to subscribe to; none when nothing is filtered.
    let subscribe = |body: &str| -> Option<String> {
        body.split(r#"class="subscribe-these" href=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|href| href.replace("&amp;", "&"))
    };
    assert_eq!(subscribe(&all.body), None);
    let french = page(&app, "/events?when=week&country=FR&language=fr", "en").await;
    let calendar = subscribe(&french.body).unwrap_or_else(|| panic!("{}", french.body));
    assert_eq!(calendar, "/api/v1/events.ics?country=FR&language=fr");
    let feed = app.get(&calendar).await;
    assert_eq!(feed.status(), 200);
    let feed = feed.text().await.unwrap_or_default();
    assert!(
        feed.contains("SUMMARY:Talk in Paris") && !feed.contains("SUMMARY:Vigil"),
        "{feed}"
    );
    let far = rfc3339(at(39, 0));
    let range = page(&app, &format!("/events?from={}", &far[..10]), "en").await;
    assert_eq!(listed_slugs(&range.body, "event-list"), [talk.as_str()]);

    // A bad filter: 400, said next to its field in the reader's language.
    let bad = page(&app, "/events?kind=party&from=tomorrow", "fr").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains(r#"id="kind-error""#), "{}", bad.body);
    assert!(bad.body.contains(r#"id="from-error""#));
    assert!(bad.body.contains(r#"lang="fr""#));

    // More than a page: the next page's link follows the cursor and keeps the filters.
    for i in 0..21 {
        published(
            &app,
            &glasgow,
            &staff,
            &event_in(&format!("Action {i}"), "action", 2, GLASGOW),
        )
        .await;
    }
    let first = page(&app, "/events?kind=action", "en").await;
    assert_eq!(listed_slugs(&first.body, "event-list").len(), 20);
    let next = first
        .body
        .split(r#"rel="next" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no next link"))
        .replace("&amp;", "&");
    assert!(
        next.contains("kind=action") && next.contains("cursor="),
        "{next}"
    );
    let second = page(&app, &next, "en").await;
    assert_eq!(second.status, 200);
    assert_eq!(listed_slugs(&second.body, "event-list").len(), 1);
}

#[tokio::test]
async fn the_archive_keeps_past_events_and_a_hidden_organiser_takes_its_pages_away() {
    let app = spawn().await;
    let (token, org) = published_entry(
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
        &event_in("Old vigil", "vigil", 2, GLASGOW),
    )
    .await;
    let coming = published(
        &app,
        &token,
        &staff,
        &event_in("Next talk", "talk", 3, GLASGOW),
    )
    .await;
    end_in_the_past(&app, &past);

    let list = page(&app, "/events", "en").await;
    assert_eq!(listed_slugs(&list.body, "event-list"), [coming.as_str()]);
    let archive = page(&app, &format!("/org/{org}/events"), "en").await;
    assert_eq!(archive.status, 200);
    assert_eq!(
        listed_slugs(&archive.body, "upcoming-events"),
        [coming.as_str()]
    );
    assert_eq!(listed_slugs(&archive.body, "past-events"), [past.as_str()]);
    let ended = page(&app, &format!("/events/{past}"), "en").await;
    assert_eq!(ended.status, 200);
    assert!(ended.body.contains("This event has ended."));
    let org_page = page(&app, &format!("/org/{org}"), "en").await;
    assert!(
        org_page
            .body
            .contains(&format!(r#"href="/events/{coming}""#))
    );
    assert!(!org_page.body.contains(&format!(r#"href="/events/{past}""#)));
    assert!(
        org_page
            .body
            .contains(&format!(r#"href="/org/{org}/events""#))
    );

    let hide = app
        .as_owner(&token, "/api/v1/owner/entry/hide", Some(&json!({})))
        .await;
    assert_eq!(hide.status(), 200);
    let gone = page(&app, &format!("/events/{coming}"), "fr").await;
    assert_eq!(gone.status, 410);
    assert!(
        gone.body
            .contains("Cet événement n’est plus affiché sur la carte.")
    );
    assert_eq!(
        page(&app, &format!("/events/{past}"), "en").await.status,
        410
    );
    assert_eq!(
        page(&app, &format!("/org/{org}/events"), "en").await.status,
        404
    );
    assert!(listed_slugs(&page(&app, "/events", "en").await.body, "event-list").is_empty());
}

#[tokio::test]
async fn an_owner_posts_edits_and_cancels_an_event_without_scripts() {
    let app = spawn().await;
    let (token, _) = published_entry(
        &app,
        "Example Student Group, Glasgow",
        "student_group",
        GLASGOW,
    )
    .await;
    let opened = post_owner(&app, &[("token", &token), ("action", "open")], "en").await;
    assert!(opened.body.contains(r#"data-testid="owner-events""#));
    let form = post_owner(&app, &[("token", &token), ("action", "event_new")], "en").await;
    assert!(form.body.contains(r#"id="time_zone""#));
    assert!(form.body.contains(r#"<option value="Asia/Jerusalem">"#));

    // Errors, field by field, in the reader's language; what was typed stays.
    let start = at(5, 0).format("%Y-%m-%dT%H:%M").to_string();
    let before = at(4, 0).format("%Y-%m-%dT%H:%M").to_string();
    let bad = post_owner(
        &app,
        &[
            ("token", &token),
            ("action", "event_save"),
            ("title", "Vigil for Jerusalem"),
            ("kind", ""),
            ("starts_at", &start),
            ("ends_at", &before),
            ("time_zone", "Europe/London"),
            ("city", "Glasgow"),
            ("country", "GB"),
            ("link", "javascript:alert(1)"),
            ("languages", "en, ar"),
        ],
        "fr",
    )
    .await;
    assert_eq!(bad.status, 200);
    for (field, text) in [
        ("kind", "Ce champ est obligatoire"),
        ("ends_at", "La fin doit être après le début."),
    ] {
        let marker = format!(r#"id="{field}-error">"#);
        let at = bad
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no error for {field}: {}", bad.body));
        assert!(
            bad.body[at..].starts_with(&format!("{marker}{text}")),
            "{field}: {}",
            &bad.body[at..at + 200]
        );
    }
    assert!(bad.body.contains(r#"id="link-error""#));
    assert!(bad.body.contains(r#"value="Vigil for Jerusalem""#));
    let list = own_events(&app, &token).await;
    assert_eq!(list, json!([]));

    // Fixed: held for review.
    let end = at(5, 2).format("%Y-%m-%dT%H:%M").to_string();
    let good = post_owner(
        &app,
        &[
            ("token", &token),
            ("action", "event_save"),
            ("title", "Vigil for Jerusalem"),
            ("kind", "vigil"),
            ("starts_at", &start),
            ("ends_at", &end),
            ("time_zone", "Europe/London"),
            ("city", "Glasgow"),
            ("country", "GB"),
            ("languages", "en, ar"),
        ],
        "en",
    )
    .await;
    assert_eq!(good.status, 200);
    assert!(good.body.contains("Sent for review"), "{}", good.body);
    assert!(good.body.contains(r#"data-status="pending""#));
    let list = own_events(&app, &token).await;
    let event = &list[0]["event"];
    assert_eq!(event["status"], "pending");
    assert_eq!(event["languages"], json!(["en", "ar"]));
    assert_eq!(event["place"]["city"], "Glasgow");
    let id = event["id"].as_str().unwrap_or_default().to_owned();

    // Approved, then edited: back to review.
    let (staff, _) = app.admin_token().await;
    assert_eq!(decide(&app, &staff, &id, "approve").await.status(), 200);
    let edit = post_owner(
        &app,
        &[("token", &token), ("action", "event_edit"), ("event", &id)],
        "en",
    )
    .await;
    assert!(
        edit.body.contains(&format!(r#"value="{start}""#)),
        "{}",
        edit.body
    );
    let edited = post_owner(
        &app,
        &[
            ("token", &token),
            ("action", "event_save"),
            ("event", &id),
            ("title", "Vigil for al-Quds"),
            ("kind", "vigil"),
            ("starts_at", &start),
            ("ends_at", &end),
            ("time_zone", "Europe/London"),
            ("online", "yes"),
        ],
        "en",
    )
    .await;
    assert!(edited.body.contains("Sent for review"), "{}", edited.body);
    let list = own_events(&app, &token).await;
    assert_eq!(list[0]["event"]["status"], "pending");
    assert_eq!(list[0]["event"]["title"], "Vigil for al-Quds");
    assert_eq!(list[0]["event"]["online"], true);

    let cancelled = post_owner(
        &app,
        &[
            ("token", &token),
            ("action", "event_cancel"),
            ("event", &id),
        ],
        "en",
    )
    .await;
    assert!(cancelled.body.contains(r#"data-status="cancelled""#));
}
