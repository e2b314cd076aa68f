//! Issue #13, item 13: shared caches revalidate public answers, so hiding takes effect at once;
//! private answers are never stored.

use reqwest::header;
use serde_json::{Value, json};
use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

fn cache_control(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn public_answers_must_be_revalidated_before_a_cache_reuses_them() {
    let app = spawn_app().await;
    let org = app.insert(
        draft("Cache Group", "media", "Oslo", "NO", 59.9, 10.7),
        Status::Published,
    );
    for path in [
        "/api/v1/organizations".to_owned(),
        format!("/api/v1/organizations/{}", org.slug),
        "/api/v1/organizations.geojson".to_owned(),
        "/api/v1/organizations.csv".to_owned(),
        "/api/v1/feed.atom".to_owned(),
        "/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=2".to_owned(),
        "/api/v1/categories".to_owned(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        let policy = cache_control(&response);
        assert_eq!(policy, "public, no-cache", "{path}");
        assert!(response.headers().contains_key(header::ETAG), "{path}");
    }
}

#[tokio::test]
async fn a_cache_revalidating_an_entry_its_owner_hid_learns_at_once() {
    let app = spawn_app().await;
    let receipt = app
        .submit(
            &draft("Hidden Soon", "media", "Oslo", "NO", 59.9, 10.7),
            "owner@example.org",
        )
        .await;
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let token = receipt["owner_token"].as_str().unwrap_or_default();
    let entry: Value = app
        .as_owner(token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let slug = entry["organization"]["slug"].as_str().unwrap_or_default();
    let path = format!("/api/v1/organizations/{slug}");

    // What a CDN stores, and may not reuse without asking (no max-age, no s-maxage).
    let stored = app.get(&path).await;
    assert_eq!(stored.status(), 200);
    let policy = cache_control(&stored);
    assert!(
        policy.contains("no-cache") && !policy.contains("max-age"),
        "{policy}"
    );
    let etag = stored.headers()[header::ETAG].clone();
    let list_etag = app.get("/api/v1/organizations").await.headers()[header::ETAG].clone();

    // Unchanged: the revalidation is a cheap 304 that keeps the same policy.
    let again = app
        .client
        .get(app.url(&path))
        .header(header::IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.status(), 304);
    assert_eq!(cache_control(&again), "public, no-cache");

    let hidden = app
        .as_owner(token, "/api/v1/owner/entry/hide", Some(&json!({})))
        .await;
    assert_eq!(hidden.status(), 200);

    // The next revalidation, right after hiding, no longer gets the entry.
    let after = app
        .client
        .get(app.url(&path))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.status(), 404);
    let list = app
        .client
        .get(app.url("/api/v1/organizations"))
        .header(header::IF_NONE_MATCH, list_etag)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.status(), 200, "the list changed: not a 304");
    assert!(!list.text().await.unwrap_or_default().contains(slug));
}

/// Every documented GET under the dashboard's, sign-in's and owner's paths, asked with a valid
/// token and without: whatever the answer, no shared cache may keep it.
#[tokio::test]
async fn private_answers_are_never_stored_by_a_cache() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_token().await;
    let receipt = app
        .submit(
            &draft("Private Group", "media", "Oslo", "NO", 59.9, 10.7),
            "owner@example.org",
        )
        .await;
    let owner = receipt["owner_token"].as_str().unwrap_or_default();
    let document: Value = app.get_json("/api/openapi.json").await;
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    let mut checked = 0;
    for (template, item) in &paths {
        let private = ["/api/v1/admin/", "/api/v1/auth/", "/api/v1/owner/"]
            .iter()
            .any(|prefix| template.starts_with(prefix));
        if !private || item.get("get").is_none() {
            continue;
        }
        let path = template.replace("{id}", &uuid::Uuid::new_v4().to_string());
        let token = if path.starts_with("/api/v1/owner/") {
            owner
        } else {
            &admin
        };
        for with_token in [true, false] {
            let mut request = app.client.get(app.url(&path));
            if with_token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
            let status = response.status();
            let policy = cache_control(&response);
            assert!(
                policy.contains("no-store") || policy.contains("private"),
                "GET {path} (token: {with_token}) answered {status} with Cache-Control {policy:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 16, "only {checked} private GETs were found");
}
