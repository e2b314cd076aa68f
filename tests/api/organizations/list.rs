use std::collections::HashSet;

use serde_json::Value;
use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|o| o["name"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn only_published_organisations_are_listed() {
    let app = spawn_app().await;
    app.insert(
        draft(
            "Published Group",
            "solidarity_group",
            "Glasgow",
            "GB",
            55.86,
            -4.25,
        ),
        Status::Published,
    );
    for status in [
        Status::Pending,
        Status::Rejected,
        Status::Hidden,
        Status::Archived,
    ] {
        app.insert(
            draft(
                &format!("Group {}", status.as_str()),
                "solidarity_group",
                "Glasgow",
                "GB",
                55.86,
                -4.25,
            ),
            status,
        );
    }
    let page = app.get_json("/api/v1/organizations").await;
    assert_eq!(names(&page), ["Published Group"]);
    assert!(page["next_cursor"].is_null());
}

#[tokio::test]
async fn bbox_category_country_and_focus_filters_narrow_the_list() {
    let app = spawn_app().await;
    let mut glasgow = draft(
        "Glasgow Students",
        "student_group",
        "Glasgow",
        "GB",
        55.86,
        -4.25,
    );
    glasgow.focus_areas = vec!["education".into(), "youth".into()];
    app.insert(glasgow, Status::Published);
    app.insert(
        draft("London Media", "media", "London", "GB", 51.5, -0.12),
        Status::Published,
    );
    let mut paris = draft(
        "Paris Students",
        "student_group",
        "Paris",
        "FR",
        48.85,
        2.35,
    );
    paris.focus_areas = vec!["housing".into()];
    app.insert(paris, Status::Published);

    let in_scotland = app
        .get_json("/api/v1/organizations?bbox=-5,55,-3,56.5")
        .await;
    assert_eq!(names(&in_scotland), ["Glasgow Students"]);
    let students = app
        .get_json("/api/v1/organizations?category=student_group")
        .await;
    assert_eq!(names(&students), ["Glasgow Students", "Paris Students"]);
    let two_categories = app
        .get_json("/api/v1/organizations?category=media,student_group&country=gb")
        .await;
    assert_eq!(names(&two_categories), ["Glasgow Students", "London Media"]);
    let housing_or_youth = app
        .get_json("/api/v1/organizations?focus=housing,youth")
        .await;
    assert_eq!(
        names(&housing_or_youth),
        ["Glasgow Students", "Paris Students"]
    );
    let french = app.get_json("/api/v1/organizations?country=FR").await;
    assert_eq!(names(&french), ["Paris Students"]);
}

#[tokio::test]
async fn text_search_ignores_accents_and_case_and_works_in_arabic() {
    let app = spawn_app().await;
    let mut bethlehem = draft(
        "Comité Bethléem Solidarité",
        "solidarity_group",
        "Lyon",
        "FR",
        45.76,
        4.83,
    );
    bethlehem.name_ar = Some("لجنة بيت لحم".into());
    app.insert(bethlehem, Status::Published);
    let mut jerusalem = draft(
        "Example Youth Centre, Silwan",
        "jerusalem_grassroots",
        "Jerusalem",
        "PS",
        31.77,
        35.237,
    );
    jerusalem.name_ar = Some("مَرْكَز شبابي، سلوان".into());
    app.insert(jerusalem, Status::Published);

    for (q, expected) in [
        ("bethleem", "Comité Bethléem Solidarité"),
        ("BETHLÉEM comite", "Comité Bethléem Solidarité"),
        ("لحم", "Comité Bethléem Solidarité"),
        ("مركز", "Example Youth Centre, Silwan"),
        ("القدس", "Example Youth Centre, Silwan"),
        ("silwan", "Example Youth Centre, Silwan"),
    ] {
        let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        let page = app
            .get_json(&format!("/api/v1/organizations?q={encoded}"))
            .await;
        assert_eq!(names(&page), [expected], "q={q}");
    }
    let none = app.get_json("/api/v1/organizations?q=nowhere").await;
    assert!(names(&none).is_empty());
}

#[tokio::test]
async fn updated_since_excludes_older_entries() {
    let app = spawn_app().await;
    app.insert(
        draft("Old Entry", "media", "Oslo", "NO", 59.9, 10.75),
        Status::Published,
    );
    let future = app
        .get_json("/api/v1/organizations?updated_since=2999-01-01T00:00:00Z")
        .await;
    assert!(names(&future).is_empty());
    let past = app
        .get_json("/api/v1/organizations?updated_since=2000-01-01T00:00:00%2B02:00")
        .await;
    assert_eq!(names(&past), ["Old Entry"]);
}

#[tokio::test]
async fn cursor_pagination_visits_every_entry_exactly_once() {
    let app = spawn_app().await;
    app.seed_demo(230);
    let mut seen = HashSet::new();
    let mut pages = 0;
    let mut path = "/api/v1/organizations?limit=50".to_owned();
    loop {
        let page = app.get_json(&path).await;
        pages += 1;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        assert!(items.len() <= 50);
        for item in items {
            assert!(
                seen.insert(item["id"].as_str().unwrap_or("").to_owned()),
                "duplicate {item}"
            );
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/organizations?limit=50&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (230, 5));
}

#[tokio::test]
async fn bad_filters_get_400_problem_details_naming_each_field() {
    let app = spawn_app().await;
    let long_q = "a".repeat(201);
    for (query, field, rule) in [
        ("bbox=0,95,1,96", "bbox", "out_of_range"),
        ("bbox=10,0,5,1", "bbox", "min_greater_than_max"),
        ("bbox=a,b,c,d", "bbox", "invalid_format"),
        ("category=not_a_category", "category", "unknown_category"),
        ("category=Bad%20Key", "category", "invalid_key"),
        ("focus=nothing_like_this", "focus", "unknown_focus_area"),
        ("country=XX", "country", "unknown_country"),
        ("country=GBR", "country", "invalid_format"),
        ("limit=10000", "limit", "out_of_range"),
        ("limit=0", "limit", "out_of_range"),
        ("limit=ten", "limit", "invalid_format"),
        ("cursor=not-a-cursor", "cursor", "malformed_cursor"),
        (&format!("q={long_q}") as &str, "q", "too_long"),
        ("updated_since=yesterday", "updated_since", "invalid_format"),
    ] {
        let response = app.get(&format!("/api/v1/organizations?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap_or(""),
            "application/problem+json",
            "{query}"
        );
        let problem: Value = response.json().await.unwrap_or_default();
        assert_eq!(problem["code"], "invalid_input", "{query}");
        assert_eq!(problem["status"], 400);
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        assert_eq!(problem["errors"][0]["rule"], rule, "{query}: {problem}");
    }
}

async fn all_pages(app: &solidarity_map_tests::TestApp, query: &str) -> Vec<String> {
    let mut slugs = Vec::new();
    let mut path = format!("/api/v1/organizations?{query}");
    loop {
        let page = app.get_json(&path).await;
        slugs.extend(
            page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["slug"].as_str().map(str::to_owned)),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/organizations?{query}&cursor={cursor}"),
            None => return slugs,
        }
    }
}

#[tokio::test]
async fn bbox_pages_hold_exactly_the_organisations_inside_the_box_in_slug_order() {
    let app = spawn_app().await;
    app.seed_demo(600);
    let everything = app
        .get_json("/api/v1/organizations.geojson?limit=5000")
        .await;
    let features = everything["features"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(features.len(), 600);
    // A small box (answered from grid cells) and a large one (answered by a scan).
    for (min_lon, min_lat, max_lon, max_lat) in [
        (34.5, 31.0, 35.5, 32.5),
        (-10.0, 35.0, 40.0, 60.0),
        (-180.0, -90.0, 180.0, 90.0),
    ] {
        let mut expected: Vec<String> = features
            .iter()
            .filter(|f| {
                let lon = f["geometry"]["coordinates"][0].as_f64().unwrap_or(f64::NAN);
                let lat = f["geometry"]["coordinates"][1].as_f64().unwrap_or(f64::NAN);
                (min_lon..=max_lon).contains(&lon) && (min_lat..=max_lat).contains(&lat)
            })
            .filter_map(|f| f["properties"]["slug"].as_str().map(str::to_owned))
            .collect();
        expected.sort();
        assert!(!expected.is_empty());
        let got = all_pages(
            &app,
            &format!("bbox={min_lon},{min_lat},{max_lon},{max_lat}&limit=7"),
        )
        .await;
        assert_eq!(
            got, expected,
            "bbox {min_lon},{min_lat},{max_lon},{max_lat}"
        );
    }
}
