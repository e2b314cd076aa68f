use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

#[tokio::test]
async fn an_organisation_is_found_by_slug_and_by_id() {
    let app = spawn_app().await;
    let org = app.insert(
        draft("Example Media, Cairo", "media", "Cairo", "EG", 30.04, 31.24),
        Status::Published,
    );
    let by_slug = app
        .get_json(&format!("/api/v1/organizations/{}", org.slug))
        .await;
    let by_id = app
        .get_json(&format!("/api/v1/organizations/{}", org.id))
        .await;
    assert_eq!(by_slug, by_id);
    assert_eq!(by_slug["name"], "Example Media, Cairo");
    assert_eq!(by_slug["country"], "EG");
    assert_eq!(by_slug["location"]["latitude"], 30.04);
    assert_eq!(by_slug["precision"], "exact");
    // RFC 3339 UTC timestamps on the wire.
    let created = by_slug["created_at"].as_str().unwrap_or("");
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok(),
        "{created}"
    );
    assert!(created.ends_with('Z'), "{created}");
}

#[tokio::test]
async fn unknown_or_unpublished_organisations_are_404_problems() {
    let app = spawn_app().await;
    let hidden = app.insert(
        draft("Hidden Group", "media", "Cairo", "EG", 30.04, 31.24),
        Status::Hidden,
    );
    for path in [
        "/api/v1/organizations/no-such-slug".to_owned(),
        format!("/api/v1/organizations/{}", uuid::Uuid::new_v4()),
        format!("/api/v1/organizations/{}", hidden.slug),
        format!("/api/v1/organizations/{}", hidden.id),
        format!("/api/v1/organizations/{}", "x".repeat(500)),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        let problem: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(problem["code"], "not_found");
    }
}

#[tokio::test]
async fn approximate_entries_never_store_the_exact_point() {
    let app = spawn_app().await;
    let mut d = draft(
        "Careful Group",
        "solidarity_group",
        "Berlin",
        "DE",
        52.520_008,
        13.404_954,
    );
    d.precision = Some("approximate".into());
    let org = app.insert(d, Status::Published);
    assert_ne!(org.latitude, 52.520_008);
    let body = app
        .get(&format!("/api/v1/organizations/{}", org.slug))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        !body.contains("52.520008") && !body.contains("13.404954"),
        "{body}"
    );
    assert!(body.contains("\"approximate\""));
}

#[tokio::test]
async fn an_edit_or_a_hide_shows_on_the_next_request() {
    use diesel::prelude::*;
    use solidarity_map::db::models::{mark_changed, now, organization};
    use solidarity_map::db::schema::organizations::dsl::{id, organizations, status, updated_at};

    let app = spawn_app().await;
    app.seed_demo(50);
    let mut org = app.insert(
        draft("Before The Edit", "media", "Tunis", "TN", 36.8, 10.18),
        Status::Published,
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/organizations/{}", org.slug))
            .await["name"],
        "Before The Edit"
    );

    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    org.name = "After The Edit".into();
    org.updated_at = now();
    organization::update_public_fields(&mut conn, &org).unwrap_or_else(|e| panic!("{e}"));
    mark_changed(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        app.get_json(&format!("/api/v1/organizations/{}", org.slug))
            .await["name"],
        "After The Edit"
    );
    let page = app
        .get_json("/api/v1/organizations?q=after%20the%20edit")
        .await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));

    diesel::update(organizations.filter(id.eq(org.id.to_string())))
        .set((status.eq("hidden"), updated_at.eq(now())))
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("{e}"));
    mark_changed(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        app.get(&format!("/api/v1/organizations/{}", org.slug))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get_json("/api/v1/categories").await[5]["count"],
        app.get_json("/api/v1/organizations?category=media&limit=500")
            .await["items"]
            .as_array()
            .map_or(0, |a| a.len())
    );
}
