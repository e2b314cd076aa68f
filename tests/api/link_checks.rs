//! Issue #18's link checks against a real local HTTP server that answers 200, 404, 500, slowly,
//! with a redirect loop and with a redirect to a private address; the checker's rules for a
//! dead link; and a dead link gone from the public answers until it works again.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use shared::domain::Status;
use solidarity_map::db::models::link_check;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use solidarity_map_tests::{TestApp, draft, spawn_app_with};

/// One request the local site received: path, user agent, cookie header.
type Seen = (String, String, Option<String>);

/// A small web site on a loopback port. `/sometimes` answers 404 until `healed` is set.
struct Site {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    healed: Arc<AtomicBool>,
}

impl Site {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let healed = Arc::new(AtomicBool::new(false));
        let (for_loop, healed_for_loop) = (seen.clone(), healed.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (seen, healed) = (for_loop.clone(), healed_for_loop.clone());
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&request).to_string();
                    let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let header = |name: &str| {
                        text.lines()
                            .find(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
                            .map(|l| l[name.len() + 1..].trim().to_owned())
                    };
                    seen.lock().unwrap_or_else(|e| e.into_inner()).push((
                        path.clone(),
                        header("user-agent").unwrap_or_default(),
                        header("cookie"),
                    ));
                    let (status, extra) = match path.as_str() {
                        "/ok" => ("200 OK", "Set-Cookie: tracker=1\r\n".to_owned()),
                        "/forbidden" => ("403 Forbidden", String::new()),
                        "/missing" => ("404 Not Found", String::new()),
                        "/broken" => ("500 Internal Server Error", String::new()),
                        "/slow" => {
                            tokio::time::sleep(Duration::from_secs(3)).await;
                            ("200 OK", String::new())
                        }
                        "/loop" => ("302 Found", "Location: /loop\r\n".to_owned()),
                        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n".to_owned()),
                        "/to-private" => (
                            "302 Found",
                            "Location: http://169.254.169.254/latest/meta-data/\r\n".to_owned(),
                        ),
                        "/sometimes" if healed.load(Ordering::SeqCst) => ("200 OK", String::new()),
                        _ => ("404 Not Found", String::new()),
                    };
                    let answer = format!(
                        "HTTP/1.1 {status}\r\n{extra}Content-Length: 2\r\nConnection: close\r\n\r\nhi"
                    );
                    let _ = stream.write_all(answer.as_bytes()).await;
                });
            }
        });
        Self { port, seen, healed }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

async fn app_checking_locally() -> TestApp {
    spawn_app_with(|settings| {
        settings.link_checks.allowed = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
        settings.link_checks.timeout = Duration::from_secs(1);
    })
    .await
}

/// A published organisation whose website is `website`; returns its slug.
fn listed_with(app: &TestApp, name: &str, website: &str, links: &[String]) -> String {
    let mut entry = draft(name, "solidarity_group", "Lisbon", "PT", 38.72, -9.14);
    entry.website = Some(website.to_owned());
    entry.links = links.to_vec();
    app.insert(entry, Status::Published).slug.to_string()
}

async fn run_pass(app: &TestApp, token: &str) -> serde_json::Value {
    let response = app
        .staff(Method::POST, token, "/api/v1/admin/link-checks/run", None)
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap_or_default()
}

fn row(app: &TestApp, url: &str) -> link_check::LinkCheckRow {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    link_check::find(&mut conn, url)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no row for {url}"))
}

/// As if the last check had been made `days` ago: due again, and a failure now counts.
fn age(app: &TestApp, url: &str, days: i64) {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let mut aged = link_check::find(&mut conn, url)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no row for {url}"));
    let back = chrono::Duration::days(days);
    aged.next_check_at -= back;
    aged.checked_at = aged.checked_at.map(|t| t - back);
    aged.counted_failure_at = aged.counted_failure_at.map(|t| t - back);
    link_check::save(&mut conn, &aged).unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn every_kind_of_answer_is_told_apart_and_private_addresses_are_never_fetched() {
    let site = Site::start().await;
    let app = app_checking_locally().await;
    let (token, _) = app.moderator_token().await;
    let cases = [
        ("/ok", "ok", Some(200)),
        ("/moved", "ok", Some(200)),
        ("/forbidden", "ok", Some(403)),
        ("/missing", "http_error", Some(404)),
        ("/broken", "http_error", Some(500)),
        ("/slow", "timeout", None),
        ("/loop", "too_many_redirects", None),
        ("/to-private", "private_address", None),
    ];
    for (i, (path, _, _)) in cases.iter().enumerate() {
        listed_with(&app, &format!("Group {i}"), &site.url(path), &[]);
    }
    // A website on a private network named by its address: refused before any connection.
    listed_with(&app, "Intranet group", "http://10.0.0.1/", &[]);
    let pass = run_pass(&app, &token).await;
    assert_eq!(pass["checked"], 9, "{pass}");
    assert_eq!(pass["failed"], 6, "{pass}");
    for (path, outcome, status) in cases {
        let found = row(&app, &site.url(path));
        assert_eq!(
            (
                found.outcome.map(|o| o.as_str().to_owned()),
                found.http_status
            ),
            (Some(outcome.to_owned()), status),
            "{path}"
        );
    }
    assert_eq!(
        row(&app, "http://10.0.0.1/")
            .outcome
            .map(|o| o.as_str().to_owned()),
        Some("private_address".to_owned())
    );
    let seen = site.seen();
    assert!(
        seen.iter()
            .all(|(_, agent, _)| agent.contains("InternationalSolidarityMap")),
        "{seen:?}"
    );
    assert!(
        seen.iter().all(|(_, _, cookie)| cookie.is_none()),
        "no cookie is ever sent back"
    );
    let loops = seen.iter().filter(|(path, _, _)| path == "/loop").count();
    assert_eq!(
        loops,
        1 + solidarity_map::link_check::MAX_REDIRECTS,
        "redirects are bounded"
    );
    // Moderators see what failed, and where it is used.
    let failing: serde_json::Value = app
        .staff(Method::GET, &token, "/api/v1/admin/link-checks", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let missing = failing
        .as_array()
        .and_then(|all| all.iter().find(|l| l["url"] == site.url("/missing")))
        .cloned()
        .unwrap_or_default();
    assert_eq!(missing["organizations"][0]["name"], "Group 3", "{failing}");
    assert_eq!(missing["failures"], 1);
    assert_eq!(missing["dead"], false);
    // Nothing is due again before its time: a second pass checks nothing.
    let again = run_pass(&app, &token).await;
    assert_eq!(again["checked"], 0, "{again}");
    // The public may not see the list.
    let public = app.get("/api/v1/admin/link-checks").await;
    assert_eq!(public.status(), 401);
}

#[tokio::test]
async fn a_link_is_dead_after_three_failures_a_week_apart_and_back_once_it_works() {
    let site = Site::start().await;
    let app = app_checking_locally().await;
    let (token, _) = app.moderator_token().await;
    let (website, link) = (site.url("/sometimes"), site.url("/ok"));
    let slug = listed_with(&app, "Dar al-Kalima", &website, std::slice::from_ref(&link));
    run_pass(&app, &token).await;
    assert_eq!(row(&app, &website).failures, 1);
    // A check again within the week does not count.
    age(&app, &website, 2);
    run_pass(&app, &token).await;
    assert_eq!(row(&app, &website).failures, 1);
    age(&app, &website, 7);
    run_pass(&app, &token).await;
    assert_eq!(row(&app, &website).failures, 2);
    assert_eq!(
        app.get_json(&format!("/api/v1/organizations/{slug}")).await["website"],
        website.as_str(),
        "shown until dead"
    );
    age(&app, &website, 7);
    let pass = run_pass(&app, &token).await;
    assert_eq!(pass["now_dead"], 1, "{pass}");
    let shown = app.get_json(&format!("/api/v1/organizations/{slug}")).await;
    assert_eq!(shown["website"], serde_json::Value::Null, "{shown}");
    assert_eq!(
        shown["links"],
        serde_json::json!([link]),
        "the working link stays"
    );
    let page = app
        .get(&format!("/org/{slug}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        !page.contains("/sometimes"),
        "the public page leaves the dead link out"
    );
    // It works again: shown again after the next check.
    site.healed.store(true, Ordering::SeqCst);
    age(&app, &website, 7);
    let pass = run_pass(&app, &token).await;
    assert_eq!(pass["revived"], 1, "{pass}");
    assert_eq!(
        app.get_json(&format!("/api/v1/organizations/{slug}")).await["website"],
        website.as_str()
    );
}

#[tokio::test]
async fn a_resource_at_a_dead_address_leaves_the_public_list() {
    let site = Site::start().await;
    let app = app_checking_locally().await;
    let (token, _) = app.admin_token().await;
    let created = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/resources",
            Some(&serde_json::json!({
                "title": "Housing report",
                "url": site.url("/missing"),
                "kind": "report",
                "language": "en",
                "summary": "A report on housing in Silwan.",
            })),
        )
        .await;
    assert_eq!(created.status(), 201);
    assert_eq!(
        app.get_json("/api/v1/resources")
            .await
            .as_array()
            .map_or(0, Vec::len),
        1
    );
    for _ in 0..3 {
        run_pass(&app, &token).await;
        age(&app, &site.url("/missing"), 7);
    }
    assert!(row(&app, &site.url("/missing")).dead);
    assert_eq!(
        app.get_json("/api/v1/resources")
            .await
            .as_array()
            .map_or(0, Vec::len),
        0
    );
}

#[tokio::test]
async fn the_owner_is_told_which_links_failed_on_both_owner_pages() {
    let site = Site::start().await;
    let app = app_checking_locally().await;
    let (token, _) = app.moderator_token().await;
    let mut entry = draft(
        "Silwan Youth",
        "solidarity_group",
        "Cork",
        "IE",
        51.9,
        -8.47,
    );
    entry.website = Some(site.url("/missing"));
    entry.links = vec![site.url("/ok")];
    let receipt = app.submit(&entry, "silwan-youth@example.org").await;
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let owner_token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    run_pass(&app, &token).await;
    let answer: serde_json::Value = app
        .as_owner(&owner_token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        answer["link_problems"],
        serde_json::json!([{
            "url": site.url("/missing"),
            "outcome": "http_error",
            "http_status": 404,
            "dead": false,
            "checked_at": answer["link_problems"][0]["checked_at"],
        }]),
        "only the failing link: {answer}"
    );
    // The server's owner page (no script needed), in the reader's language.
    let owner_url = receipt["owner_url"].as_str().unwrap_or_default().to_owned();
    for (lang, words) in [
        ("en", "the site answered with error 404"),
        ("ar", "ردّ الموقع بالخطأ 404"),
    ] {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("action", "open")
            .append_pair("token", &owner_url)
            .finish();
        let page = app
            .client
            .post(app.url("/owner"))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT_LANGUAGE, lang)
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .text()
            .await
            .unwrap_or_default();
        assert!(page.contains("data-testid=\"link-problems\""), "{lang}");
        assert!(page.contains(words), "{lang}: {page}");
        assert!(
            !page.contains(&format!("{}:", site.url("/ok"))),
            "a working link is not listed"
        );
    }
}

#[tokio::test]
async fn a_moderator_limited_to_countries_sees_the_failing_links_of_their_entries_only() {
    let site = Site::start().await;
    let app = app_checking_locally().await;
    let (admin, _) = app.admin_token().await;
    let (moderator, moderator_id) = app.moderator_token().await;
    listed_with(&app, "Lisbon Group", &site.url("/missing"), &[]);
    let mut in_norway = draft(
        "Bergen Group",
        "solidarity_group",
        "Bergen",
        "NO",
        60.39,
        5.32,
    );
    in_norway.website = Some(site.url("/broken"));
    app.insert(in_norway, Status::Published);
    let shared_link = app
        .staff(
            Method::POST,
            &admin,
            "/api/v1/admin/resources",
            Some(&serde_json::json!({
                "title": "Housing report",
                "url": site.url("/broken"),
                "kind": "report",
                "language": "en",
                "summary": "A report on housing in Silwan.",
            })),
        )
        .await;
    assert_eq!(shared_link.status(), 201);
    let limited = app
        .staff(
            Method::PUT,
            &admin,
            &format!("/api/v1/admin/users/{moderator_id}"),
            Some(&serde_json::json!({"role": "moderator", "disabled": false, "countries": ["NO"]})),
        )
        .await;
    assert_eq!(limited.status(), 200);
    run_pass(&app, &admin).await;

    let failing = |token: String| {
        let app = &app;
        async move {
            let response = app
                .staff(Method::GET, &token, "/api/v1/admin/link-checks", None)
                .await;
            assert_eq!(response.status(), 200);
            response
                .json::<Vec<serde_json::Value>>()
                .await
                .unwrap_or_default()
        }
    };
    let everything = failing(admin.clone()).await;
    assert_eq!(everything.len(), 2, "{everything:?}");
    let seen = failing(moderator.clone()).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["url"], site.url("/broken"));
    assert_eq!(seen[0]["organizations"][0]["name"], "Bergen Group");
    assert_eq!(
        seen[0]["resources"],
        serde_json::json!([]),
        "resources are for moderators of every country"
    );
}
