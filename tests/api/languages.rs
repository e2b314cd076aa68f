//! Every word in the reader's language, through the API: e-mails to a group in the language it
//! joined in (changeable by its owner), place names for Arabic readers.

use serde_json::{Value, json};
use solidarity_map_tests::{TestApp, draft, spawn_app};

/// Joins in `language`; returns the owner token.
async fn join_in(app: &TestApp, language: &str, name: &str, email: &str) -> String {
    let d = draft(name, "student_group", "Paris", "FR", 48.85, 2.35);
    let mut form = app.join_form(&d, email).await;
    form["language"] = language.into();
    let response = app.post_json("/api/v1/submissions", &form).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap_or_default();
    receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn mail_to(app: &TestApp, kind: &str, to: &str) -> Vec<solidarity_map_tests::OutboxRow> {
    app.outbox()
        .into_iter()
        .filter(|m| m.kind == kind && m.recipient == to)
        .collect()
}

#[tokio::test]
async fn every_email_to_a_group_is_in_the_language_it_joined_in() {
    let app = spawn_app().await;
    join_in(&app, "ar", "Comité Olivier", "olivier@example.org").await;
    let receipt = mail_to(&app, "receipt", "olivier@example.org").remove(0);
    assert_eq!(receipt.subject, "وصلنا طلب «Comité Olivier»");
    assert!(
        receipt.body.contains("خريطة التضامن الدولية"),
        "{}",
        receipt.body
    );

    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let approved = mail_to(&app, "approved", "olivier@example.org").remove(0);
    assert_eq!(approved.subject, "«Comité Olivier» على الخريطة");

    join_in(&app, "es", "Colectivo Olivo", "olivo@example.org").await;
    let submission = app.pending_submissions().remove(0);
    app.reject(&submission.id, "No es un grupo.");
    let rejected = mail_to(&app, "rejected", "olivo@example.org").remove(0);
    assert_eq!(rejected.subject, "Sobre «Colectivo Olivo»");
    assert!(
        rejected.body.contains("No es un grupo."),
        "{}",
        rejected.body
    );

    // A form that says nothing is in the source language.
    let d = draft("Plain Group", "student_group", "Leeds", "GB", 53.8, -1.55);
    app.submit(&d, "plain@example.org").await;
    assert_eq!(
        mail_to(&app, "receipt", "plain@example.org")
            .remove(0)
            .subject,
        "We received \"Plain Group\""
    );
}

#[tokio::test]
async fn the_owner_changes_the_language_and_the_next_email_follows() {
    let app = spawn_app().await;
    let token = join_in(&app, "fr", "Collectif Cèdre", "cedre@example.org").await;
    let entry: Value = app
        .as_owner(&token, "/api/v1/owner/entry", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(entry["language"], "fr");

    let changed = app
        .as_owner(
            &token,
            "/api/v1/owner/entry/language",
            Some(&json!({"language": "ar"})),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let entry: Value = changed.json().await.unwrap_or_default();
    assert_eq!(entry["language"], "ar");

    // Not one of the map's languages: refused field by field, nothing changed.
    let refused = app
        .as_owner(
            &token,
            "/api/v1/owner/entry/language",
            Some(&json!({"language": "xx"})),
        )
        .await;
    assert_eq!(refused.status(), 400);
    let problem: Value = refused.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "language", "{problem}");

    let response = app
        .post_json(
            "/api/v1/owner/link-requests",
            &json!({"email": "cedre@example.org"}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let link = mail_to(&app, "owner_link", "cedre@example.org").remove(0);
    assert_eq!(link.subject, "رابط المالك الجديد لـ«Collectif Cèdre»");
}

#[tokio::test]
async fn an_unknown_language_on_the_join_form_is_refused_not_stored() {
    let app = spawn_app().await;
    let d = draft("Gruppe Linde", "student_group", "Berlin", "DE", 52.52, 13.4);
    let mut form = app.join_form(&d, "linde@example.org").await;
    form["language"] = "de".into();
    let response = app.post_json("/api/v1/submissions", &form).await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    assert_eq!(problem["errors"][0]["field"], "language", "{problem}");
    assert!(app.outbox().is_empty());
}

#[tokio::test]
async fn jerusalem_has_its_arabic_name_for_arabic_readers() {
    let app = spawn_app().await;
    let d = draft(
        "Silwan Youth Centre",
        "student_group",
        "Jerusalem",
        "PS",
        31.77,
        35.23,
    );
    let receipt = app.submit(&d, "silwan@example.org").await;
    assert!(receipt["owner_token"].is_string());
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let list = app.get_json("/api/v1/organizations?country=PS").await;
    let org = &list["items"][0];
    assert_eq!(org["city"], "Jerusalem");
    assert_eq!(org["city_ar"], "القدس", "{org}");
}

#[tokio::test]
async fn an_entry_carries_its_name_and_description_in_several_languages() {
    let app = spawn_app().await;
    let d = draft(
        "Collectif Olivier",
        "student_group",
        "Lyon",
        "FR",
        45.76,
        4.84,
    );
    let mut form = app.join_form(&d, "olivier@example.org").await;
    form["description"] = "Un collectif étudiant.".into();
    form["original_language"] = "fr".into();
    form["translations"] = json!({
        "en": {"name": "Olive Collective", "description": "A student collective."},
        "ar": {"name": "تجمّع الزيتون", "description": "تجمّع طلابي."},
        "es": {"name": "", "description": ""}
    });
    let response = app.post_json("/api/v1/submissions", &form).await;
    assert_eq!(response.status(), 201);

    // The moderator sees the versions in the review diff.
    let submission = app.pending_submissions().remove(0);
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let (queue, _) = solidarity_map::services::submissions::review_queue(
        &mut conn,
        &solidarity_map::services::moderation::Scope::Everywhere,
        50,
        0,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let fields: Vec<&str> = queue[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert!(fields.contains(&"translations"), "{fields:?}");
    assert!(fields.contains(&"original_language"), "{fields:?}");
    app.approve(&submission.id);

    let list = app.get_json("/api/v1/organizations?country=FR").await;
    let org = &list["items"][0];
    assert_eq!(org["original_language"], "fr", "{org}");
    // The Arabic name has one home, the field partners already read.
    assert_eq!(org["name_ar"], "تجمّع الزيتون");
    assert!(org["translations"]["ar"].get("name").is_none(), "{org}");
    assert_eq!(org["translations"]["ar"]["description"], "تجمّع طلابي.");
    assert_eq!(org["translations"]["en"]["name"], "Olive Collective");
    assert!(
        org["translations"].get("es").is_none(),
        "empty versions are not kept: {org}"
    );

    // Search finds the entry by any of its names.
    let found = app
        .get_json("/api/v1/organizations?q=olive%20collective")
        .await;
    assert_eq!(found["items"].as_array().map(Vec::len), Some(1), "{found}");
}

#[tokio::test]
async fn a_bad_translation_is_refused_by_its_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let d = draft(
        "Collectif Cèdre",
        "student_group",
        "Lyon",
        "FR",
        45.76,
        4.84,
    );
    let mut form = app.join_form(&d, "cedre@example.org").await;
    form["translations"] = json!({"en": {"name": "<script>x</script>"}});
    let response = app.post_json("/api/v1/submissions", &form).await;
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap_or_default();
    assert_eq!(
        problem["errors"][0]["field"], "translations.en.name",
        "{problem}"
    );
    assert_eq!(
        problem["errors"][0]["rule"], "markup_not_allowed",
        "{problem}"
    );
    assert!(app.pending_submissions().is_empty());
}

#[tokio::test]
async fn an_import_without_translations_keeps_the_stored_ones() {
    let app = spawn_app().await;
    let d = draft("Collectif Pin", "student_group", "Lyon", "FR", 45.76, 4.84);
    let mut form = app.join_form(&d, "pin@example.org").await;
    form["translations"] = json!({"en": {"name": "Pine Collective"}});
    assert_eq!(
        app.post_json("/api/v1/submissions", &form).await.status(),
        201
    );
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let csv = app
        .get("/api/v1/organizations.csv")
        .await
        .text()
        .await
        .unwrap_or_default()
        .replace("Lyon", "Villeurbanne");
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let records = solidarity_map::services::transfer::read_csv(csv.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let plan = solidarity_map::services::transfer::plan_import(&mut conn, records)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        plan.summary(),
        "0 to create, 1 to update, 0 unchanged, 0 invalid"
    );
    solidarity_map::services::transfer::apply_import(
        &mut conn,
        &plan,
        shared::domain::Status::Published,
        || {},
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let org = app.get_json("/api/v1/organizations?country=FR").await["items"][0].clone();
    assert_eq!(org["city"], "Villeurbanne");
    assert_eq!(
        org["translations"]["en"]["name"], "Pine Collective",
        "{org}"
    );
}
