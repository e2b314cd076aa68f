//! `openapi.yaml` at the repository root is generated from the code and committed. When they
//! disagree this test fails; `cargo run -p solidarity-map -- openapi --output openapi.yaml`
//! regenerates the file.

use solidarity_map_tests::spawn_app;

#[test]
fn committed_openapi_yaml_matches_the_code() {
    let generated = solidarity_map::routes::openapi_yaml().unwrap_or_else(|e| panic!("{e}"));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.yaml is stale: run `cargo run -p solidarity-map -- openapi --output openapi.yaml`"
    );
    assert!(
        generated.starts_with("openapi: 3.1"),
        "{}",
        &generated[..40.min(generated.len())]
    );
}

#[tokio::test]
async fn the_served_document_is_the_committed_one_and_swagger_ui_is_served_locally() {
    let app = spawn_app().await;
    let served: serde_json::Value = app.get_json("/api/openapi.json").await;
    let committed: serde_json::Value = {
        let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml"))
            .unwrap_or_default();
        serde_yaml_ng::from_str(&yaml).unwrap_or_default()
    };
    assert_eq!(served, committed);
    let docs = app.get("/api/docs/").await;
    assert_eq!(docs.status(), 200);
    let html = docs.text().await.unwrap_or_default();
    assert!(html.contains("swagger-ui"), "{html}");
    for remote in ["https://", "http://", "//cdn", "unpkg", "jsdelivr"] {
        assert!(
            !html.contains(remote),
            "Swagger UI page loads from elsewhere: {remote}"
        );
    }
    let redirect = app.get("/api/docs").await;
    assert!(redirect.status().is_redirection() || redirect.status() == 200);
}

/// Found with Schemathesis (scripts/fuzz-api.sh): operation ids were repeated (`list`, `create`…)
/// and the admin operations named a `bearer` scheme the document did not define.
#[test]
fn operation_ids_are_unique_and_every_security_scheme_is_defined() {
    let document: serde_json::Value =
        serde_json::to_value(<solidarity_map::routes::ApiDoc as utoipa::OpenApi>::openapi())
            .unwrap_or_default();
    let schemes = &document["components"]["securitySchemes"];
    let mut ids = std::collections::HashSet::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(
                ids.insert(id.to_owned()),
                "{method} {path}: operationId {id} repeated"
            );
            for requirement in operation["security"].as_array().into_iter().flatten() {
                for scheme in requirement
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    assert!(
                        schemes.get(scheme).is_some(),
                        "{method} {path}: no scheme {scheme}"
                    );
                }
            }
        }
    }
    assert!(ids.len() > 50, "{}", ids.len());
}

/// Issue #16: every documented operation reaches a mounted handler. (The document and the
/// mounting are made from one list, `routes::with_api_handlers`; this checks the result from
/// outside.) A request no route takes is answered by the fallback: `405` for a documented path,
/// or `404` "no API route"; a mounted handler answers anything else, whatever it thinks of the
/// dummy parameters and body.
#[tokio::test]
async fn every_documented_operation_is_mounted() {
    use utoipa::OpenApi;
    let app = spawn_app().await;
    let document = solidarity_map::routes::ApiDoc::openapi();
    let mut checked = 0;
    for (path, item) in &document.paths.paths {
        let concrete: String = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "00000000-0000-0000-0000-000000000000"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for (method, documented) in [
            (reqwest::Method::GET, item.get.is_some()),
            (reqwest::Method::POST, item.post.is_some()),
            (reqwest::Method::PUT, item.put.is_some()),
            (reqwest::Method::PATCH, item.patch.is_some()),
            (reqwest::Method::DELETE, item.delete.is_some()),
        ] {
            if !documented {
                continue;
            }
            let response = app
                .client
                .request(method.clone(), app.url(&concrete))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap_or_else(|e| panic!("{method} {concrete}: {e}"));
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert!(
                status != 405 && !(status == 404 && body.contains("no API route")),
                "{method} {path} is documented but no handler took it: {status} {body}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} operations checked");
}
