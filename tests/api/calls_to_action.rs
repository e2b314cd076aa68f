//! Issue #19, calls to action from Jerusalem: a Jerusalem grassroots organisation publishes an
//! ask with its owner token (`/api/v1/owner/calls-to-action`), moderators publish and withdraw
//! them for any Jerusalem organisation (`/api/v1/admin/calls-to-action`), the public reads them
//! (`/api/v1/calls-to-action`, the map's spotlight, the organisation's page) while they stand
//! and their organisation is on the map, and the groups twinned with the organisation get a
//! daily digest they can leave with one click (`/unsubscribe/{token}`).

use chrono::{Duration, NaiveDateTime, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use solidarity_map::services::calls_to_action::{DigestReport, send_digests};
use solidarity_map_tests::{SmtpSink, TestApp, draft, spawn_app_with};

async fn spawn() -> TestApp {
    spawn_app_with(|s| s.write_burst = 10_000).await
}

/// Submits and approves an entry; returns (owner token, slug, id).
async fn published_entry(
    app: &TestApp,
    name: &str,
    category: &str,
    (city, country, lat, lon): (&str, &str, f64, f64),
) -> (String, String, String) {
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
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (
        token,
        text(&entry["organization"]["slug"]),
        text(&entry["organization"]["id"]),
    )
}

const SILWAN: (&str, &str, f64, f64) = ("Jerusalem", "PS", 31.771, 35.235);
const LYON: (&str, &str, f64, f64) = ("Lyon", "FR", 45.764, 4.8357);

fn day(days: i64) -> String {
    (Utc::now().date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn ask(title: &str, days: i64) -> Value {
    json!({
        "title": title,
        "text": format!("What {title} is about.\nA second paragraph."),
        "by_when": day(days),
        "how_to_help": format!("Help with {title}: sign and share."),
        "link": "https://example.org/petition",
    })
}

async fn publish(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.as_owner(token, "/api/v1/owner/calls-to-action", Some(body))
        .await
}

/// Publishes an ask; returns its managed view (panics unless 201).
async fn published(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = publish(app, token, body).await;
    let status = response.status();
    let view: Value = response.json().await.unwrap_or_default();
    assert_eq!(status, 201, "{view}");
    view
}

async fn public_titles(app: &TestApp) -> Vec<String> {
    let asks = app.get_json("/api/v1/calls-to-action").await;
    asks.as_array()
        .unwrap_or_else(|| panic!("not a list: {asks}"))
        .iter()
        .map(|a| a["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap_or_default()
}

#[tokio::test]
async fn a_jerusalem_organisation_publishes_an_ask_that_the_public_sees_at_once() {
    let app = spawn().await;
    let (token, slug, _) = published_entry(
        &app,
        "Example Youth Centre, Silwan",
        "jerusalem_grassroots",
        SILWAN,
    )
    .await;
    // Pages rendered before the ask must not be served after it.
    assert!(!page(&app, "/").await.contains("Stop the demolitions"));

    let view = published(&app, &token, &ask("Stop the demolitions in Silwan", 10)).await;
    assert_eq!(view["status"], "published", "{view}");
    assert_eq!(view["expired"], false);
    assert_eq!(
        view["call_to_action"]["organization"]["slug"],
        slug.as_str()
    );
    assert_eq!(view["call_to_action"]["by_when"], day(10).as_str());

    assert_eq!(
        public_titles(&app).await,
        ["Stop the demolitions in Silwan"]
    );
    let one = app
        .get_json(&format!("/api/v1/calls-to-action?organization={slug}"))
        .await;
    assert_eq!(
        one[0]["how_to_help"],
        "Help with Stop the demolitions in Silwan: sign and share."
    );
    assert_eq!(
        app.get_json("/api/v1/calls-to-action?organization=no-such-entry")
            .await,
        json!([])
    );
    let long = app
        .get(&format!(
            "/api/v1/calls-to-action?organization={}",
            "0".repeat(101)
        ))
        .await;
    assert_eq!(long.status(), 400);

    // In the spotlight of the map page (a link to the organisation's page), and in full on it.
    let map = page(&app, "/").await;
    assert!(map.contains("Stop the demolitions in Silwan"), "{map}");
    assert!(map.contains(&format!("/org/{slug}#calls-to-action")));
    let org = page(&app, &format!("/org/{slug}?lang=fr")).await;
    assert!(org.contains(r#"id="calls-to-action""#), "{org}");
    assert!(org.contains("Help with Stop the demolitions in Silwan"));
    assert!(org.contains("A second paragraph."));
    assert!(
        org.contains("Comment aider"),
        "the page's own words in French"
    );

    // The owner edits it (public at once) and lists it.
    let id = view["call_to_action"]["id"].as_str().unwrap_or_default();
    let edited = app
        .client
        .put(app.url(&format!("/api/v1/owner/calls-to-action/{id}")))
        .bearer_auth(&token)
        .json(&ask("Stop the demolitions in al-Bustan", 12))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edited.status(), 200);
    assert_eq!(
        public_titles(&app).await,
        ["Stop the demolitions in al-Bustan"]
    );
    let own: Value = app
        .client
        .get(app.url("/api/v1/owner/calls-to-action"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(own.as_array().map(Vec::len), Some(1), "{own}");

    // The owner withdraws it: gone everywhere at once.
    let withdrawn = app
        .as_owner(
            &token,
            &format!("/api/v1/owner/calls-to-action/{id}/withdraw"),
            None,
        )
        .await;
    assert_eq!(withdrawn.status(), 200);
    assert!(public_titles(&app).await.is_empty());
    assert!(!page(&app, "/").await.contains("al-Bustan"));
}

#[tokio::test]
async fn an_owner_outside_the_jerusalem_category_is_refused() {
    let app = spawn().await;
    let (token, _, _) = published_entry(
        &app,
        "Example Solidarity Group, Lyon",
        "solidarity_group",
        LYON,
    )
    .await;
    let refused = publish(&app, &token, &ask("Come to our vigil", 5)).await;
    assert_eq!(refused.status(), 403);
    let problem: Value = refused.json().await.unwrap_or_default();
    assert_eq!(problem["code"], "forbidden", "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Jerusalem")),
        "{problem}"
    );
    assert!(public_titles(&app).await.is_empty());
    // Without a token: 401.
    let anonymous = app
        .post_json("/api/v1/owner/calls-to-action", &ask("x y z", 5))
        .await;
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_moderator_publishes_and_withdraws_asks_and_is_audited() {
    let app = spawn().await;
    let (token, slug, jerusalem_id) = published_entry(
        &app,
        "Example Women's Centre, Shuafat",
        "jerusalem_grassroots",
        SILWAN,
    )
    .await;
    let (_, _, lyon_id) = published_entry(
        &app,
        "Example Solidarity Group, Lyon",
        "solidarity_group",
        LYON,
    )
    .await;
    let (staff, _) = app.moderator_token().await;
    let before = app.audit_count();

    let created = app
        .staff(
            Method::POST,
            &staff,
            &format!("/api/v1/admin/organizations/{jerusalem_id}/calls-to-action"),
            Some(&ask("Call your representatives", 7)),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap_or_default();
    let by_moderator = created["call_to_action"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let by_owner = published(&app, &token, &ask("Donate to the legal fund", 20)).await;
    let by_owner = by_owner["call_to_action"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        public_titles(&app).await,
        ["Call your representatives", "Donate to the legal fund"],
        "soonest first"
    );

    // Not for an organisation outside Jerusalem's category.
    let elsewhere = app
        .staff(
            Method::POST,
            &staff,
            &format!("/api/v1/admin/organizations/{lyon_id}/calls-to-action"),
            Some(&ask("Not from Jerusalem", 7)),
        )
        .await;
    assert_eq!(elsewhere.status(), 403);

    // The moderator withdraws the owner's ask.
    let withdrawn = app
        .staff(
            Method::POST,
            &staff,
            &format!("/api/v1/admin/calls-to-action/{by_owner}/withdraw"),
            None,
        )
        .await;
    assert_eq!(withdrawn.status(), 200);
    let withdrawn: Value = withdrawn.json().await.unwrap_or_default();
    assert_eq!(withdrawn["status"], "withdrawn", "{withdrawn}");
    assert_eq!(public_titles(&app).await, ["Call your representatives"]);
    // Twice: a conflict; the owner cannot bring it back by editing it.
    let again = app
        .staff(
            Method::POST,
            &staff,
            &format!("/api/v1/admin/calls-to-action/{by_owner}/withdraw"),
            None,
        )
        .await;
    assert_eq!(again.status(), 409);
    let edit = app
        .client
        .put(app.url(&format!("/api/v1/owner/calls-to-action/{by_owner}")))
        .bearer_auth(&token)
        .json(&ask("Donate again", 20))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edit.status(), 409);
    // The owner may not touch the ask of another organisation's id space: 404 for unknown.
    let unknown = app
        .as_owner(
            &token,
            "/api/v1/owner/calls-to-action/00000000-0000-0000-0000-000000000000/withdraw",
            None,
        )
        .await;
    assert_eq!(unknown.status(), 404);

    // The moderator edits theirs; the list shows every state.
    let edited = app
        .staff(
            Method::PUT,
            &staff,
            &format!("/api/v1/admin/calls-to-action/{by_moderator}"),
            Some(&ask("Call your representatives today", 3)),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let all: Value = app
        .staff(Method::GET, &staff, "/api/v1/admin/calls-to-action", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    assert_eq!(
        app.audit_count() - before,
        3,
        "create, withdraw and edit by the moderator; the owner's own ask is not audited"
    );
    assert!(
        page(&app, &format!("/org/{slug}"))
            .await
            .contains("Call your representatives today")
    );
    // Not for anonymous callers.
    let anonymous = app.get("/api/v1/admin/calls-to-action").await;
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_hidden_organisation_hides_its_asks() {
    let app = spawn().await;
    let (token, slug, _) = published_entry(
        &app,
        "Example Residents' Committee, Sheikh Jarrah",
        "jerusalem_grassroots",
        SILWAN,
    )
    .await;
    published(&app, &token, &ask("Stand with the families", 4)).await;
    assert_eq!(public_titles(&app).await, ["Stand with the families"]);
    assert!(page(&app, "/").await.contains("Stand with the families"));

    let hide = app
        .as_owner(&token, "/api/v1/owner/entry/hide", Some(&json!({})))
        .await;
    assert_eq!(hide.status(), 200);
    assert!(public_titles(&app).await.is_empty());
    assert_eq!(
        app.get_json(&format!("/api/v1/calls-to-action?organization={slug}"))
            .await,
        json!([])
    );
    assert!(!page(&app, "/").await.contains("Stand with the families"));
    // While hidden, it may still prepare asks; they wait with it.
    published(&app, &token, &ask("Prepared while hidden", 6)).await;
    assert!(public_titles(&app).await.is_empty());

    let show = app.as_owner(&token, "/api/v1/owner/entry/show", None).await;
    assert_eq!(show.status(), 200);
    assert_eq!(
        public_titles(&app).await,
        ["Stand with the families", "Prepared while hidden"]
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_stored() {
    let app = spawn().await;
    let (token, _, _) = published_entry(
        &app,
        "Example Cultural Centre, Old City",
        "jerusalem_grassroots",
        SILWAN,
    )
    .await;
    let refused = publish(
        &app,
        &token,
        &json!({
            "title": "<b>Hi</b>",
            "text": "<script>alert(1)</script>",
            "by_when": day(-1),
            "how_to_help": "",
            "link": "javascript:alert(1)",
        }),
    )
    .await;
    assert_eq!(refused.status(), 400);
    let problem: Value = refused.json().await.unwrap_or_default();
    let fields: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default(),
                        e["rule"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        fields,
        [
            ("title", "markup_not_allowed"),
            ("text", "markup_not_allowed"),
            ("by_when", "in_the_past"),
            ("how_to_help", "required"),
            ("link", "invalid_url"),
        ],
        "{problem}"
    );
    // Missing fields are named; a body that is not JSON is a 400, never a 500.
    let empty = publish(&app, &token, &json!({})).await;
    assert_eq!(empty.status(), 400);
    let empty: Value = empty.json().await.unwrap_or_default();
    assert_eq!(empty["errors"].as_array().map(Vec::len), Some(4), "{empty}");
    let garbage = app
        .client
        .post(app.url("/api/v1/owner/calls-to-action"))
        .bearer_auth(&token)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(garbage.status(), 400);
    let far = publish(&app, &token, &ask("Too far ahead", 400)).await;
    assert_eq!(far.status(), 400);
    assert!(public_titles(&app).await.is_empty());
}

/// A Jerusalem organisation with an owner and a group in Lyon twinned with it that reads French;
/// returns (the organisation's owner token, the group's id).
async fn twinned(app: &TestApp) -> (String, String) {
    let (token, _, jerusalem_id) = published_entry(
        app,
        "Example Youth Club, Silwan",
        "jerusalem_grassroots",
        SILWAN,
    )
    .await;
    let (group_token, _, group_id) = published_entry(
        app,
        "Exemple Collectif Palestine, Lyon",
        "solidarity_group",
        LYON,
    )
    .await;
    let french = app
        .as_owner(
            &group_token,
            "/api/v1/owner/entry/language",
            Some(&json!({"language": "fr"})),
        )
        .await;
    assert_eq!(french.status(), 200);
    let (staff, _) = app.moderator_token().await;
    let twinning = app
        .staff(
            Method::POST,
            &staff,
            "/api/v1/admin/partnerships",
            Some(&json!({"global_organization_id": group_id, "jerusalem_organization_id": jerusalem_id})),
        )
        .await;
    assert_eq!(twinning.status(), 201);
    (token, group_id)
}

fn digests_at(app: &TestApp, now: NaiveDateTime) -> DigestReport {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    send_digests(&mut conn, &app.settings.join, now).unwrap_or_else(|e| panic!("{e:?}"))
}

fn digests(app: &TestApp) -> Vec<solidarity_map_tests::OutboxRow> {
    app.outbox()
        .into_iter()
        .filter(|m| m.kind == "call_to_action_digest")
        .collect()
}

/// Sends what waits in the outbox to an SMTP sink; returns the messages as received.
fn deliver(app: &TestApp) -> Vec<String> {
    let sink = SmtpSink::default();
    let port = sink.start(0);
    let transport = solidarity_map::mail::transport(&format!("smtp://127.0.0.1:{port}"))
        .unwrap_or_else(|e| panic!("{e}"));
    solidarity_map::mail::send_due(
        &app.pool,
        &transport,
        &app.settings.mail,
        &app.settings.join.outbox_key,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    sink.messages()
}

#[tokio::test]
async fn the_digest_reaches_a_twinned_group_in_its_language_at_most_once_a_day() {
    let app = spawn().await;
    let (token, _) = twinned(&app).await;
    let start = solidarity_map::db::models::now();
    assert_eq!(
        digests_at(&app, start),
        DigestReport::default(),
        "nothing new yet"
    );

    published(&app, &token, &ask("Write to the municipality", 9)).await;
    let report = digests_at(&app, solidarity_map::db::models::now());
    assert_eq!(report, DigestReport { sent: 1, asks: 1 });
    let sent = digests(&app);
    assert_eq!(sent.len(), 1);
    let digest = &sent[0];
    assert_eq!(
        digest.recipient,
        "exemple-collectif-palestine-lyon@example.org"
    );
    assert_eq!(digest.subject, "Nouveaux appels à l'action de Jérusalem");
    assert!(
        digest.body.contains("Write to the municipality"),
        "{}",
        digest.body
    );
    assert!(
        digest
            .body
            .contains("Comment aider : Help with Write to the municipality")
    );
    assert!(digest.body.contains("/unsubscribe/"), "{}", digest.body);

    // A second ask the same day waits for tomorrow's digest.
    published(&app, &token, &ask("Join the online rally", 3)).await;
    let later = solidarity_map::db::models::now() + Duration::hours(2);
    assert_eq!(digests_at(&app, later), DigestReport::default());
    assert_eq!(digests(&app).len(), 1);
    let tomorrow = solidarity_map::db::models::now() + Duration::hours(25);
    assert_eq!(
        digests_at(&app, tomorrow),
        DigestReport { sent: 1, asks: 1 }
    );
    let sent = digests(&app);
    assert!(sent[1].body.contains("Join the online rally"));
    assert!(
        !sent[1].body.contains("Write to the municipality"),
        "only what is new"
    );

    // Through SMTP: the one-click unsubscribe headers of RFC 8058.
    let received: Vec<String> = deliver(&app)
        .into_iter()
        .map(|m| m.replace("\r\n ", " ").replace("\r\n\t", " "))
        .filter(|m| m.contains("List-Unsubscribe"))
        .collect();
    // The second digest was queued "tomorrow": only the first is due. No other e-mail has it.
    assert_eq!(received.len(), 1);
    let unfolded = &received[0];
    assert!(
        unfolded.contains("List-Unsubscribe: <http://127.0.0.1:8080/unsubscribe/"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{unfolded}"
    );
    assert!(
        digests(&app)[0].sent && digests(&app)[0].body.is_empty(),
        "a sent digest keeps no body"
    );
}

/// The unsubscribe address of the first digest, on the test server.
fn unsubscribe_path(app: &TestApp) -> String {
    let body = digests(app)
        .first()
        .map(|m| m.body.clone())
        .unwrap_or_default();
    let start = body
        .find("/unsubscribe/")
        .unwrap_or_else(|| panic!("no unsubscribe link: {body}"));
    body[start..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_one_click_unsubscribe_stops_the_next_digest_and_a_bad_token_is_refused() {
    let app = spawn().await;
    let (token, _) = twinned(&app).await;
    published(&app, &token, &ask("Write to the municipality", 9)).await;
    assert_eq!(digests_at(&app, solidarity_map::db::models::now()).sent, 1);
    let path = unsubscribe_path(&app);

    // The link opens a page that asks (a GET changes nothing: mail scanners follow links).
    let confirm = page(&app, &format!("{path}?lang=fr")).await;
    assert!(confirm.contains("Se désabonner"), "{confirm}");
    assert!(confirm.contains(r#"method="post""#));

    // A forged or cut token is refused, by GET and by POST.
    let cut = &path[..path.len() - 3];
    assert_eq!(app.get(cut).await.status(), 404);
    let forged = app
        .client
        .post(app.url("/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(forged.status(), 404);

    // Still subscribed: tomorrow's new ask would go. The mail client's one-click POST stops it.
    let one_click = app
        .client
        .post(app.url(&path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(one_click.status(), 200);
    published(&app, &token, &ask("Join the online rally", 3)).await;
    let tomorrow = solidarity_map::db::models::now() + Duration::hours(25);
    assert_eq!(digests_at(&app, tomorrow), DigestReport::default());
    assert_eq!(digests(&app).len(), 1);
    // Unsubscribing again is harmless.
    let again = app
        .client
        .post(app.url(&path))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.status(), 200);
}
