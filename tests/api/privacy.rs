//! Private fields (the submitter's contact e-mail, internal notes, the exact point of an
//! approximate entry) must never appear in any public response. The list of endpoints comes from
//! the OpenAPI document, so a new public endpoint is scanned without editing this test.

use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};
use utoipa::OpenApi;

#[tokio::test]
async fn no_public_endpoint_ever_shows_a_private_field() {
    let app = spawn_app().await;
    app.seed_demo(120);
    let secret_email = "private-contact-8f3a@example.net";
    let secret_note = "INTERNAL-NOTE-do-not-publish-51c2";
    let mut d = draft(
        "Careful Jerusalem Group",
        "jerusalem_grassroots",
        "Jerusalem",
        "PS",
        31.781_234_5,
        35.232_987_6,
    );
    d.precision = Some("approximate".into());
    d.focus_areas = vec!["housing".into()];
    let org = app.insert_with_private(d, Status::Published, Some(secret_email), secret_note);
    let hidden = app.insert_with_private(
        draft("Hidden Secret Group", "media", "Paris", "FR", 48.85, 2.35),
        Status::Hidden,
        Some("hidden-contact@example.net"),
        "HIDDEN-NOTE",
    );
    let forbidden = [
        secret_email,
        secret_note,
        "31.7812345",
        "35.2329876",
        "hidden-contact",
        "HIDDEN-NOTE",
        "Hidden Secret Group",
        "contact_email",
        "internal_notes",
        "search_text",
        "origin",
    ];

    let openapi = solidarity_map::routes::ApiDoc::openapi();
    let mut scanned = 0;
    for (path, item) in openapi.paths.paths.iter() {
        if item.get.is_none() {
            continue;
        }
        let variants: Vec<String> = if path.contains('{') {
            [
                org.slug.as_str().to_owned(),
                org.id.to_string(),
                hidden.slug.as_str().to_owned(),
            ]
            .iter()
            .map(|v| path.replace("{id_or_slug}", v))
            .collect()
        } else {
            vec![
                path.clone(),
                format!("{path}?q=careful"),
                format!("{path}?country=PS&limit=500"),
                format!("{path}?bbox=-180,-85,180,85&zoom=0"),
                format!("{path}?bbox=-180,-85,180,85&zoom=22"),
            ]
        };
        for url in variants {
            let response = app.get(&url).await;
            assert_ne!(response.status(), 500, "{url}");
            let body = response.text().await.unwrap_or_default();
            for secret in forbidden {
                assert!(!body.contains(secret), "{url} leaks {secret}");
            }
            scanned += 1;
        }
    }
    assert!(scanned >= 25, "only {scanned} responses scanned");
    // The OpenAPI document itself and the docs page are public too.
    for url in ["/api/openapi.json", "/api/docs/"] {
        let body = app.get(url).await.text().await.unwrap_or_default();
        for secret in [secret_email, secret_note] {
            assert!(!body.contains(secret), "{url} leaks {secret}");
        }
    }
}
