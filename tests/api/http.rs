//! Behaviour shared by every endpoint: caching validators, compression, CORS, limits, errors.

use reqwest::header;
use solidarity_map_tests::spawn_app;

#[tokio::test]
async fn a_repeat_request_with_if_none_match_gets_304() {
    let app = spawn_app().await;
    app.seed_demo(100);
    for path in [
        "/api/v1/organizations",
        "/api/v1/categories",
        "/api/v1/organizations.geojson",
        "/api/v1/organizations.csv",
    ] {
        let first = app.get(path).await;
        assert_eq!(first.status(), 200);
        let etag = first.headers()[header::ETAG]
            .to_str()
            .unwrap_or("")
            .to_owned();
        assert!(etag.starts_with("W/\""), "{path}: {etag}");
        assert_eq!(first.headers()[header::CACHE_CONTROL], "public, no-cache");
        let again = app
            .client
            .get(app.url(path))
            .header(header::IF_NONE_MATCH, &etag)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()[header::ETAG].to_str().unwrap_or(""), etag);
        let other = app
            .client
            .get(app.url(path))
            .header(header::IF_NONE_MATCH, "W/\"something-else\"")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(other.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn the_etag_changes_when_the_data_changes() {
    let app = spawn_app().await;
    let before = app.get("/api/v1/organizations").await.headers()[header::ETAG].clone();
    app.seed_demo(5);
    let after = app.get("/api/v1/organizations").await.headers()[header::ETAG].clone();
    assert_ne!(before, after);
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    app.seed_demo(100);
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let response = raw
        .get(app.url("/api/v1/organizations"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = response.bytes().await.unwrap_or_default().len();
    let plain = raw
        .get(app.url("/api/v1/organizations"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .bytes()
        .await
        .unwrap_or_default()
        .len();
    assert!(compressed * 3 < plain, "gzip {compressed} vs plain {plain}");
}

#[tokio::test]
async fn the_first_view_is_sent_at_brotli_best_once_compressed_in_the_background() {
    let app = spawn_app().await;
    app.seed_demo(300);
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let fetch = || async {
        let response = raw
            .get(app.url("/"))
            .header(header::ACCEPT_ENCODING, "br")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        let etag = response.headers()[header::ETAG].clone();
        (etag, response.bytes().await.unwrap_or_default().len())
    };
    let (first_etag, first) = fetch().await;
    let mut later = first;
    for _ in 0..100 {
        let (etag, size) = fetch().await;
        assert_eq!(etag, first_etag, "the same page");
        later = size;
        if later < first {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        later < first,
        "still {later} bytes, as first sent ({first})"
    );
}

#[tokio::test]
async fn a_precompressed_file_is_sent_as_itself_not_as_a_download_of_its_br_copy() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let css = "body { margin: 0 } ".repeat(50);
    std::fs::write(dir.path().join("app.css"), &css).unwrap_or_else(|e| panic!("app.css: {e}"));
    solidarity_map::assets::precompress(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let static_dir = dir.path().to_owned();
    let app = solidarity_map_tests::spawn_app_with(|s| s.static_dir = static_dir).await;
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let response = raw
        .get(app.url("/app.css"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    let disposition = response
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    assert!(
        disposition
            .as_deref()
            .is_none_or(|d| d.starts_with("inline") && !d.contains(".br")),
        "{disposition:?}"
    );
    let compressed = response.bytes().await.unwrap_or_default();
    let mut plain = Vec::new();
    brotli::BrotliDecompress(&mut compressed.as_ref(), &mut plain)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plain, css.as_bytes());
}

#[tokio::test]
async fn cors_allows_get_from_any_origin_and_nothing_else() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/categories"))
        .header(header::ORIGIN, "https://partner.example")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://partner.example"
    );
    assert!(
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
            .is_none()
    );

    let preflight_get = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/organizations"))
        .header(header::ORIGIN, "https://partner.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(preflight_get.status().is_success());

    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/organizations"))
            .header(header::ORIGIN, "https://partner.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let allowed = preflight
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_METHODS)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        assert!(
            !preflight.status().is_success() || !allowed.contains(method),
            "{method} preflight allowed: {allowed}"
        );
    }
}

#[tokio::test]
async fn an_oversized_body_gets_413_problem_details() {
    let app = spawn_app().await;
    let body = vec![b'x'; 10 * 1024 * 1024];
    let response = app
        .client
        .post(app.url("/api/v1/organizations"))
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let problem: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(problem["code"], "payload_too_large");
}

#[tokio::test]
async fn unknown_api_routes_get_404_and_unknown_methods_405_problem_details() {
    let app = spawn_app().await;
    for (method, path, status) in [
        ("GET", "/api/v1/nothing", 404),
        ("POST", "/api/v1/organizations", 405),
        ("DELETE", "/api/v1/categories", 405),
    ] {
        let response = app
            .client
            .request(
                method.parse().unwrap_or(reqwest::Method::GET),
                app.url(path),
            )
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), status, "{method} {path}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }
}

#[tokio::test]
async fn malformed_query_strings_are_400_not_500() {
    let app = spawn_app().await;
    for query in [
        "bbox=1&bbox=2",
        "limit=%FF",
        "q=%",
        "cursor=%00",
        "country=%E2%80",
    ] {
        let response = app.get(&format!("/api/v1/organizations?{query}")).await;
        assert!(
            response.status().is_client_error() || response.status() == 200,
            "{query}: {}",
            response.status()
        );
        assert_ne!(response.status(), 500, "{query}");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_hsts_only_over_tls() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/api/v1/categories",
        "/api/v1/no-such-route",
        "/api/openapi.json",
    ] {
        let response = app.get(path).await;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(
            header("content-security-policy"),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(
            header("strict-transport-security"),
            "",
            "{path}: no HSTS over plain HTTP"
        );
    }
    // The embeddable map is the one page other sites may frame.
    let embed = app.get("/embed?category=media").await;
    let policy = embed
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        policy.contains("frame-ancestors *") && !policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    // Behind a TLS-terminating proxy that the server trusts.
    let app = solidarity_map_tests::spawn_app_with(solidarity_map_tests::behind_local_proxy).await;
    let response = app
        .client
        .get(app.url("/api/v1/categories"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(response.headers().contains_key("strict-transport-security"));
}

/// Found by Schemathesis (scripts/fuzz-api.sh): a documented path asked with a method it does
/// not have answered `404` (or `405` without `Allow` for the health probes). RFC 9110: `405` with
/// `Allow` listing the methods the path has.
#[tokio::test]
async fn an_undocumented_method_on_a_documented_path_gets_405_with_allow() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        ("TRACE", "/api/v1/admin/audit", "GET, HEAD"),
        ("DELETE", "/api/v1/organizations", "GET, HEAD"),
        (
            "PATCH",
            "/api/v1/admin/organizations/some-id",
            "GET, HEAD, PUT, DELETE",
        ),
        ("GET", "/api/v1/auth/login", "POST"),
        ("TRACE", "/healthz", "GET, HEAD"),
        ("POST", "/readyz", "GET, HEAD"),
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
        let problem: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(problem["code"], "method_not_allowed", "{method} {path}");
    }
    // A path the document does not have is still 404.
    assert_eq!(app.get("/api/v1/no-such-thing").await.status(), 404);
}
