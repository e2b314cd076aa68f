use solidarity_map_tests::spawn_app;

#[tokio::test]
async fn demo_data_loads_with_a_jerusalem_set_and_is_removed_with_one_command() {
    let app = spawn_app().await;
    app.seed_demo(300);
    let jerusalem = app
        .get_json("/api/v1/organizations?category=jerusalem_grassroots&limit=500")
        .await;
    let items = jerusalem["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 80);
    assert!(
        items
            .iter()
            .all(|o| o["country"] == "PS" && o["city"] == "Jerusalem" && o["featured"] == true)
    );
    assert!(items.iter().all(|o| {
        o["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("Example "))
    }));

    // Seeding again replaces rather than duplicates.
    app.seed_demo(300);
    let categories = app.get_json("/api/v1/categories").await;
    let total: i64 = categories
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["count"].as_i64()).sum())
        .unwrap_or(0);
    assert_eq!(total, 300);
    let events = app.get_json("/api/v1/events?limit=100").await;
    let events = events["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(events.len(), 15, "one event per twenty entries");
    assert!(events.iter().all(|e| {
        e["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Example "))
            && e["status"] == "published"
            && e["place"]["city"].is_string()
    }));

    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let removed = solidarity_map::demo::remove(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(removed, 300);
    let after = app.get_json("/api/v1/organizations").await;
    assert_eq!(after["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        app.get_json("/api/v1/resources")
            .await
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(
        app.get_json("/api/v1/partnerships")
            .await
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    let events = app.get_json("/api/v1/events").await;
    assert_eq!(events["items"].as_array().map(Vec::len), Some(0));
}
