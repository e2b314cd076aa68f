use serde_json::Value;
use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

#[tokio::test]
async fn categories_have_stable_keys_four_languages_and_published_counts() {
    let app = spawn_app().await;
    app.insert(
        draft("Group A", "student_group", "Glasgow", "GB", 55.86, -4.25),
        Status::Published,
    );
    app.insert(
        draft("Group B", "student_group", "Leeds", "GB", 53.8, -1.55),
        Status::Published,
    );
    app.insert(
        draft("Group C", "student_group", "Leeds", "GB", 53.8, -1.55),
        Status::Pending,
    );
    let categories = app.get_json("/api/v1/categories").await;
    let keys: Vec<&str> = categories
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["key"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "jerusalem_grassroots",
            "solidarity_group",
            "student_group",
            "faith_based_community",
            "palestinian_diaspora",
            "media",
            "research_institute"
        ]
    );
    let students = &categories[2];
    assert_eq!(students["count"], 2);
    assert_eq!(students["names"]["ar"], "مجموعة طلابية");
    assert_eq!(students["names"]["fr"], "Groupe étudiant");
    assert_eq!(students["names"]["es"], "Grupo estudiantil");
    assert!(
        students["colour"]
            .as_str()
            .is_some_and(|c| c.starts_with('#') && c.len() == 7)
    );
    assert_eq!(categories[0]["featured"], true);
}

#[tokio::test]
async fn countries_and_focus_areas_count_published_organisations() {
    let app = spawn_app().await;
    let mut a = draft("Group A", "media", "Ramallah", "PS", 31.9, 35.2);
    a.focus_areas = vec!["media".into(), "youth".into()];
    app.insert(a, Status::Published);
    let mut b = draft("Group B", "media", "Jerusalem", "PS", 31.77, 35.23);
    b.focus_areas = vec!["youth".into()];
    app.insert(b, Status::Published);
    let mut hidden = draft("Group C", "media", "Oslo", "NO", 59.9, 10.7);
    hidden.focus_areas = vec!["youth".into()];
    app.insert(hidden, Status::Hidden);

    let countries = app.get_json("/api/v1/countries").await;
    assert_eq!(
        countries,
        serde_json::json!([{"code": "PS", "name": "Palestine", "count": 2}])
    );

    let areas = app.get_json("/api/v1/focus-areas").await;
    let count = |key: &str| -> Value {
        areas
            .as_array()
            .and_then(|a| a.iter().find(|f| f["key"] == key))
            .map(|f| f["count"].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        (count("youth"), count("media"), count("housing")),
        (2.into(), 1.into(), 0.into())
    );
}

#[tokio::test]
async fn resources_and_partnerships_list_only_published_organisations() {
    let app = spawn_app().await;
    app.seed_demo(200);
    let resources = app.get_json("/api/v1/resources").await;
    let list = resources.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 8);
    assert!(list.iter().all(|r| {
        r["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://example.org/"))
    }));
    assert!(
        list.iter()
            .any(|r| !r["organizations"].as_array().is_none_or(Vec::is_empty))
    );
    let toolkits = app.get_json("/api/v1/resources?kind=toolkit").await;
    assert_eq!(toolkits.as_array().map(Vec::len), Some(2));
    let arabic = app.get_json("/api/v1/resources?language=ar").await;
    assert_eq!(arabic.as_array().map(Vec::len), Some(1));
    let housing = app.get_json("/api/v1/resources?topic=housing").await;
    assert_eq!(housing.as_array().map(Vec::len), Some(2));

    let partnerships = app.get_json("/api/v1/partnerships").await;
    let list = partnerships.as_array().cloned().unwrap_or_default();
    assert!(!list.is_empty());
    for p in &list {
        let jerusalem = app
            .get_json(&format!(
                "/api/v1/organizations/{}",
                p["jerusalem_organization"]["slug"].as_str().unwrap_or("")
            ))
            .await;
        assert_eq!(jerusalem["category"], "jerusalem_grassroots");
    }

    // Hiding one side of a twinning removes the partnership from the public list.
    let first = list[0]["global_organization"]["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    {
        use diesel::prelude::*;
        use solidarity_map::db::schema::organizations::dsl::*;
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
        diesel::update(organizations.find(&first))
            .set(status.eq("hidden"))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
        solidarity_map::db::models::mark_changed(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    }
    let after = app.get_json("/api/v1/partnerships").await;
    assert_eq!(after.as_array().map(Vec::len), Some(list.len() - 1));
}

#[tokio::test]
async fn resources_can_be_narrowed_to_one_organisation() {
    let app = solidarity_map_tests::spawn_app().await;
    app.seed_demo(120);
    let all = app.get_json("/api/v1/resources").await;
    let slug = all
        .as_array()
        .and_then(|list| {
            list.iter()
                .find_map(|r| r["organizations"][0]["slug"].as_str())
        })
        .unwrap_or_default()
        .to_owned();
    assert!(
        !slug.is_empty(),
        "the demo data links resources to organisations"
    );
    let narrowed = app
        .get_json(&format!("/api/v1/resources?organization={slug}"))
        .await;
    let narrowed = narrowed.as_array().cloned().unwrap_or_default();
    assert!(!narrowed.is_empty());
    assert!(narrowed.len() < all.as_array().map_or(0, Vec::len));
    assert!(narrowed.iter().all(|r| {
        r["organizations"]
            .as_array()
            .is_some_and(|o| o.iter().any(|o| o["slug"] == slug.as_str()))
    }));
    assert_eq!(
        app.get_json("/api/v1/resources?organization=no-such-group")
            .await,
        serde_json::json!([])
    );
}
