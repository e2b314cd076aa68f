//! `/api/v1/cities` (the offline location picker) and `/api/v1/feed.atom`.

use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

#[tokio::test]
async fn cities_are_found_by_latin_or_arabic_prefix_and_bad_queries_are_problems() {
    let app = spawn_app().await;
    let found = app.get_json("/api/v1/cities?q=jerusa&limit=3").await;
    assert_eq!(found[0]["name"], "Jerusalem");
    assert_eq!(found[0]["country"], "PS");
    let arabic = app
        .get_json("/api/v1/cities?q=%D8%A7%D9%84%D9%82%D8%AF%D8%B3")
        .await;
    assert!(
        arabic
            .as_array()
            .is_some_and(|a| a.iter().any(|c| c["name"] == "Jerusalem")),
        "{arabic}"
    );
    let in_country = app
        .get_json("/api/v1/cities?q=san&country=CL&limit=20")
        .await;
    assert!(
        in_country
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|c| c["country"] == "CL"))
    );
    for bad in [
        "/api/v1/cities",
        "/api/v1/cities?q=a",
        "/api/v1/cities?q=glasgow&country=XX",
    ] {
        assert_eq!(app.get(bad).await.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn the_atom_feed_lists_newly_published_organisations_only() {
    let app = spawn_app().await;
    let oslo = app.insert(
        draft("Example Media, Oslo", "media", "Oslo", "NO", 59.91, 10.75),
        Status::Published,
    );
    let hidden = app.insert(
        draft(
            "Example Hidden Group, Bergen",
            "media",
            "Bergen",
            "NO",
            60.39,
            5.32,
        ),
        Status::Hidden,
    );
    let lima = app.insert(
        draft(
            "Example Diaspora, Lima",
            "palestinian_diaspora",
            "Lima",
            "PE",
            -12.05,
            -77.04,
        ),
        Status::Published,
    );
    let response = app.get("/api/v1/feed.atom").await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .starts_with("application/atom+xml")
    );
    let body = response.text().await.unwrap_or_default();
    assert!(
        body.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{body}"
    );
    assert!(body.contains(&format!("/org/{}", oslo.slug.as_str())));
    assert!(body.contains(&format!("/org/{}", lima.slug.as_str())));
    assert!(!body.contains(hidden.slug.as_str()));
    let norway = app
        .get("/api/v1/feed.atom?country=NO")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(norway.contains(oslo.slug.as_str()) && !norway.contains(lima.slug.as_str()));
    let americas = app
        .get("/api/v1/feed.atom?bbox=-120,-60,-30,30")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(americas.contains(lima.slug.as_str()) && !americas.contains(oslo.slug.as_str()));
    assert_eq!(app.get("/api/v1/feed.atom?bbox=1,2,3").await.status(), 400);
}
