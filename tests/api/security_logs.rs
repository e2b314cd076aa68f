//! Issue #13, item 8: logs name the field and the rule of invalid input, never the value.

use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Value, json};
use solidarity_map_tests::{TestApp, draft, spawn_app};

/// Everything the server logs in this test process (any test's), as the `serve` command
/// formats it: the same `fmt` layer, at debug level.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_ansi(false)
            .with_writer(move || LogWriter(sink.clone()))
            .try_init()
            .unwrap_or_else(|e| panic!("installing the log capture: {e}"));
        logs
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn logs_text(logs: &Arc<Mutex<Vec<u8>>>) -> String {
    String::from_utf8_lossy(
        &logs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
    .into_owned()
}

/// Sends `body` (raw JSON text) to `path`; returns the status, the problem and its raw text.
async fn post_raw(app: &TestApp, path: &str, body: String) -> (u16, Value, String) {
    let response = app
        .client
        .post(app.url(path))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or_default(),
        text,
    )
}

#[tokio::test]
async fn invalid_input_is_logged_and_answered_by_field_and_rule_never_by_value() {
    let logs = captured_logs();
    let app = spawn_app().await;
    let marker = format!("marker-{}", uuid::Uuid::new_v4().simple());
    let email = format!("leak-{}@example.org", uuid::Uuid::new_v4().simple());
    let mut form =
        serde_json::to_value(draft("Logs", "media", "Oslo", "NO", 59.9, 10.7)).unwrap_or_default();

    // A wrong-typed coordinate carrying a marker.
    form["latitude"] = json!(marker);
    let (status, problem, text) =
        post_raw(&app, "/api/v1/submissions/check", form.to_string()).await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(problem["errors"][0]["field"], "latitude", "{text}");
    assert_eq!(problem["errors"][0]["rule"], "invalid_type", "{text}");
    assert_eq!(
        problem["errors"][0]["message"], "expected a number",
        "{text}"
    );
    assert!(
        !text.contains(&marker),
        "the answer quotes the value: {text}"
    );

    // An e-mail address in a field that takes a list.
    form["latitude"] = json!(59.9);
    form["languages"] = json!(email);
    let (status, problem, text) =
        post_raw(&app, "/api/v1/submissions/check", form.to_string()).await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(problem["errors"][0]["field"], "languages", "{text}");
    assert_eq!(problem["errors"][0]["rule"], "invalid_type", "{text}");
    assert!(
        !text.contains(&email),
        "the answer quotes the value: {text}"
    );

    // Deeper in the body: the path names the element.
    form["languages"] = json!(["en", 5]);
    let (_, problem, text) = post_raw(&app, "/api/v1/submissions/check", form.to_string()).await;
    assert_eq!(problem["errors"][0]["field"], "languages[1]", "{text}");

    // A key of the client's own choosing is not a field name to repeat.
    let (status, _, text) = post_raw(
        &app,
        "/api/v1/submissions/check",
        format!("{{\"{email}\": [1, }}"),
    )
    .await;
    assert_eq!(status, 400, "{text}");
    assert!(!text.contains(&email), "{text}");

    // A value that parses but breaks a rule, whose message quotes it.
    form["languages"] = json!(["en"]);
    form["latitude"] = json!(97.123_456_789_012);
    let (status, problem, text) =
        post_raw(&app, "/api/v1/submissions/check", form.to_string()).await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(problem["errors"][0]["field"], "latitude", "{text}");

    // A sign-in body (read by actix's own JSON extractor) with a wrong-typed password.
    let (status, problem, text) = post_raw(
        &app,
        "/api/v1/auth/login",
        json!({"email": email, "password": 4_815_162_342_u64}).to_string(),
    )
    .await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(problem["errors"][0]["rule"], "invalid_type", "{text}");
    assert!(!text.contains("4815162342"), "{text}");

    // A query string with a wrong-typed number.
    let response = app
        .get(&format!("/api/v1/cities?q=Oslo&limit={marker}"))
        .await;
    assert_eq!(response.status(), 400);
    assert!(!response.text().await.unwrap_or_default().contains(&marker));

    let logged = logs_text(&logs);
    assert!(
        logged.contains("latitude: invalid_type") && logged.contains("languages: invalid_type"),
        "the refusals are logged by field and rule: {logged}"
    );
    for secret in [
        marker.as_str(),
        email.as_str(),
        "97.123456789",
        "4815162342",
    ] {
        assert!(
            !logged.contains(secret),
            "the logs hold a submitted value ({secret}): {logged}"
        );
    }
}
