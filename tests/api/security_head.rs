//! Issue #13, item 15 (part): HEAD wherever GET is served (RFC 9110 9.3.2), and the
//! Permissions-Policy and Cross-Origin-Opener-Policy headers on every response.

use reqwest::header;
use shared::domain::Status;
use solidarity_map_tests::{TestApp, draft, spawn_app, spawn_app_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A built web app in a temporary folder (the pages themselves come from the server).
fn web_app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    std::fs::write(dir.path().join("app.css"), "body { margin: 0 }")
        .unwrap_or_else(|e| panic!("app.css: {e}"));
    dir
}

/// The request headers a comparison of GET and HEAD looks at.
const COMPARED: [&str; 5] = [
    "content-type",
    "content-length",
    "etag",
    "cache-control",
    "last-modified",
];

/// GET and HEAD of `path` without compression: same status and headers, and HEAD has no body.
async fn assert_head_matches_get(app: &TestApp, client: &reqwest::Client, path: &str) {
    let get = client
        .get(app.url(path))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let head = client
        .head(app.url(path))
        .send()
        .await
        .unwrap_or_else(|e| panic!("HEAD {path}: {e}"));
    assert_eq!(get.status(), 200, "GET {path}");
    assert_eq!(head.status(), 200, "HEAD {path}");
    for name in COMPARED {
        assert_eq!(
            head.headers().get(name),
            get.headers().get(name),
            "HEAD {path}: {name}"
        );
    }
    assert!(
        get.headers().contains_key(header::CONTENT_LENGTH),
        "GET {path} has a length"
    );
    assert!(head.bytes().await.unwrap_or_default().is_empty(), "{path}");
}

#[tokio::test]
async fn head_answers_like_get_without_a_body_on_api_routes_pages_and_assets() {
    let dir = web_app();
    let static_dir = dir.path().to_owned();
    let app = spawn_app_with(|s| s.static_dir = static_dir).await;
    let org = app.insert(
        draft("Head Group", "media", "Oslo", "NO", 59.9, 10.7),
        Status::Published,
    );
    let plain = reqwest::Client::builder()
        .no_gzip()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    for path in [
        "/api/v1/organizations".to_owned(),
        format!("/api/v1/organizations/{}", org.slug),
        "/api/v1/organizations.csv".to_owned(),
        "/api/v1/categories".to_owned(),
        "/healthz".to_owned(),
        "/".to_owned(),
        "/join".to_owned(),
        "/admin".to_owned(),
        "/app.css".to_owned(),
    ] {
        assert_head_matches_get(&app, &plain, &path).await;
    }
}

/// Read off the wire: reqwest never reads a body for HEAD, so it could not tell.
#[tokio::test]
async fn no_body_is_sent_for_head() {
    let app = spawn_app().await;
    app.seed_demo(20);
    let port = app.address.rsplit(':').next().unwrap_or_default();
    let mut stream = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    stream
        .write_all(
            b"HEAD /api/v1/organizations HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await
    .unwrap_or_else(|_| panic!("no answer"))
    .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or_default();
    assert!(length > 100, "the GET's length is announced: {head}");
    assert_eq!(body, "", "HEAD sent a body");
}

#[tokio::test]
async fn allow_lists_head_wherever_get_is_documented() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        ("DELETE", "/api/v1/organizations", "GET, HEAD"),
        (
            "PATCH",
            "/api/v1/admin/organizations/some-id",
            "GET, HEAD, PUT, DELETE",
        ),
        ("HEAD", "/api/v1/auth/login", "POST"),
        ("POST", "/healthz", "GET, HEAD"),
    ] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or_default();
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(
            response
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn every_response_denies_unused_browser_features_and_isolates_its_window() {
    let dir = web_app();
    let static_dir = dir.path().to_owned();
    let app = spawn_app_with(|s| s.static_dir = static_dir).await;
    for path in [
        "/",
        "/embed",
        "/app.css",
        "/api/v1/categories",
        "/api/v1/no-such-route",
        "/api/openapi.json",
    ] {
        let response = app.get(path).await;
        let value = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let permissions = value("permissions-policy");
        for denied in [
            "camera=()",
            "microphone=()",
            "geolocation=()",
            "payment=()",
            "usb=()",
        ] {
            assert!(permissions.contains(denied), "{path}: {permissions:?}");
        }
        assert_eq!(value("cross-origin-opener-policy"), "same-origin", "{path}");
    }
}
