//! Issue #13, item 4: no owner link or invitation can be read from the database or a backup
//! while its e-mail waits in the outbox.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::Method;
use serde_json::json;
use solidarity_map::db::DatabaseUrl;
use solidarity_map::db::models::{now, outbox};
use solidarity_map::db::schema::outbox::dsl as o;
use solidarity_map::secrets::OutboxKey;
use solidarity_map_tests::{SmtpSink, TestApp, draft, spawn_app, spawn_app_with};

/// The text after `marker` in `body`, up to the next white space.
fn secret_after(body: &str, marker: &str) -> String {
    body.split_once(marker)
        .map(|(_, rest)| rest.split_whitespace().next().unwrap_or_default())
        .unwrap_or_default()
        .to_owned()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
}

/// Every column of every outbox row as stored, without decrypting anything.
fn raw_outbox(app: &TestApp) -> Vec<String> {
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    o::outbox
        .select((
            o::kind,
            o::recipient,
            o::reply_to,
            o::subject,
            o::body,
            o::last_error,
        ))
        .load::<(
            String,
            String,
            Option<String>,
            String,
            String,
            Option<String>,
        )>(&mut conn)
        .unwrap_or_else(|e| panic!("reading the outbox: {e}"))
        .into_iter()
        .map(|(kind, to, reply_to, subject, body, error)| {
            format!(
                "{kind}|{to}|{}|{subject}|{body}|{}",
                reply_to.unwrap_or_default(),
                error.unwrap_or_default()
            )
        })
        .collect()
}

/// Fails when any of `secrets` can be read from the database: on SQLite, anywhere in the file
/// or its write-ahead log (what a copied file or a backup holds); on PostgreSQL, in the
/// outbox's stored columns.
fn assert_nowhere_in_the_database(app: &TestApp, secrets: &[String]) {
    for row in raw_outbox(app) {
        for secret in secrets {
            assert!(!row.contains(secret.as_str()), "the outbox holds {secret}");
        }
    }
    if let DatabaseUrl::Sqlite(path) = &app.settings.database_url {
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        let files = [path.clone(), wal.into()];
        assert!(
            files[0].is_file(),
            "no database file at {}",
            files[0].display()
        );
        for file in files {
            let bytes = std::fs::read(&file).unwrap_or_default();
            for secret in secrets {
                assert!(
                    !contains(&bytes, secret),
                    "{} holds the secret {secret}",
                    file.display()
                );
            }
        }
    }
}

#[tokio::test]
async fn owner_links_and_invitations_waiting_in_the_outbox_cannot_be_read_from_the_database_or_its_wal()
 {
    let app = spawn_app().await;
    // A group joins: its receipt carries the owner link.
    let receipt = app
        .submit(
            &draft(
                "Example Choir, Oslo",
                "student_group",
                "Oslo",
                "NO",
                59.91,
                10.75,
            ),
            "choir@example.org",
        )
        .await;
    let receipt_token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // The group asks for a new link.
    let response = app
        .post_json(
            "/api/v1/owner/link-requests",
            &json!({"email": "choir@example.org"}),
        )
        .await;
    assert_eq!(response.status(), 202);
    // An admin invites a moderator.
    let (admin, _) = app.admin_token().await;
    let response = app
        .staff(
            Method::POST,
            &admin,
            "/api/v1/admin/users",
            Some(&json!({"email": "new-mod@example.org", "role": "moderator", "password": ""})),
        )
        .await;
    assert_eq!(response.status(), 201);

    let mail = app.outbox();
    let body_of = |kind: &str| {
        mail.iter()
            .find(|m| m.kind == kind)
            .map(|m| m.body.clone())
            .unwrap_or_else(|| panic!("no {kind} e-mail in {mail:?}"))
    };
    let secrets = vec![
        receipt_token.clone(),
        secret_after(&body_of("receipt"), "/owner#"),
        secret_after(&body_of("owner_link"), "/owner#"),
        secret_after(&body_of("invitation"), "#token="),
    ];
    assert_eq!(secrets[0], secrets[1], "the receipt carries the owner link");
    assert!(
        secrets.iter().all(|s| s.len() >= 32),
        "every e-mail carries its token: {secrets:?}"
    );
    assert_nowhere_in_the_database(&app, &secrets);
    // The subject and recipient stay readable for the admins' outbox view.
    let view: Vec<shared::api::admin::OutboxItem> = app
        .staff(Method::GET, &admin, "/api/v1/admin/outbox", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert!(
        view.iter()
            .any(|m| m.kind == shared::domain::MailKind::Receipt
                && m.recipient == "choir@example.org"),
        "{view:?}"
    );
}

#[tokio::test]
async fn an_owner_link_left_unsent_for_a_day_is_deleted_and_the_owner_can_ask_for_a_new_one() {
    let app = spawn_app().await;
    app.submit(
        &draft(
            "Example Library, Turku",
            "student_group",
            "Turku",
            "FI",
            60.45,
            22.27,
        ),
        "library@example.org",
    )
    .await;
    let (admin, _) = app.admin_token().await;
    app.staff(
        Method::POST,
        &admin,
        "/api/v1/admin/users",
        Some(&json!({"email": "invited@example.org", "role": "moderator", "password": ""})),
    )
    .await;
    let kinds =
        |app: &TestApp| -> Vec<String> { app.outbox().into_iter().map(|m| m.kind).collect() };

    let report = app.maintain_at(now() + chrono::Duration::hours(23));
    assert_eq!(report.expired_unsent_secrets, 0);
    assert_eq!(kinds(&app), ["receipt", "invitation"]);

    let report = app.maintain_at(now() + chrono::Duration::hours(25));
    assert_eq!(report.expired_unsent_secrets, 1);
    assert_eq!(
        kinds(&app),
        ["invitation"],
        "the invitation lasts as long as its link (7 days)"
    );
    let report = app.maintain_at(now() + chrono::Duration::days(8));
    assert_eq!(report.expired_unsent_secrets, 1);
    assert!(kinds(&app).is_empty());

    let response = app
        .post_json(
            "/api/v1/owner/link-requests",
            &json!({"email": "library@example.org"}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let link = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "owner_link")
        .expect("a new owner link is queued");
    let token = secret_after(&link.body, "/owner#");
    let response = app.as_owner(&token, "/api/v1/owner/entry", None).await;
    assert_eq!(response.status(), 200, "the new link opens the entry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_cannot_be_decrypted_is_never_sent_and_the_outbox_says_why() {
    let sink = SmtpSink::default();
    let port = sink.start(0);
    let app = spawn_app_with(|s| {
        s.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        s.mail.poll = Duration::from_millis(50);
    })
    .await;
    {
        // Sealed with the key of before a restart without SECRET_KEY.
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
        let message = outbox::NewMessage {
            kind: shared::domain::MailKind::Receipt,
            recipient: "group@example.org".to_owned(),
            reply_to: None,
            subject: "We received \"Example\"".to_owned(),
            body: "Your owner link: http://127.0.0.1:8080/owner#old-token".to_owned(),
            language: shared::i18n::Lang::En,
            list_unsubscribe: None,
        };
        outbox::enqueue(
            &mut conn,
            &OutboxKey::new(b"an earlier key"),
            &message,
            now(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let (admin, _) = app.admin_token().await;
    let start = Instant::now();
    let mut view: Vec<shared::api::admin::OutboxItem> = Vec::new();
    while start.elapsed() < Duration::from_secs(10) {
        view = app
            .staff(Method::GET, &admin, "/api/v1/admin/outbox", None)
            .await
            .json()
            .await
            .unwrap_or_default();
        if view.iter().any(|m| m.last_error.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let item = view.first().expect("the message stays in the outbox view");
    assert!(
        item.last_error
            .as_deref()
            .is_some_and(|e| e.contains("cannot be decrypted")),
        "{item:?}"
    );
    assert!(item.sent_at.is_none());
    // Give a retry time to happen, then check that nothing was ever sent.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sink.messages().is_empty(), "{:?}", sink.messages());
    assert!(raw_outbox(&app).iter().all(|row| !row.contains("sealed:")));
}

#[tokio::test]
async fn plaintext_bodies_left_by_an_earlier_version_are_sealed_when_the_server_starts() {
    let app = spawn_app().await;
    let token = "an-old-plaintext-owner-token-0123456789abcdef";
    {
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
        diesel::insert_into(o::outbox)
            .values((
                o::id.eq(uuid::Uuid::new_v4().to_string()),
                o::kind.eq("receipt"),
                o::recipient.eq("old@example.org"),
                o::subject.eq("We received \"Old\""),
                o::body.eq(format!("Your link: http://127.0.0.1:8080/owner#{token}")),
                o::attempts.eq(0),
                o::next_attempt_at.eq(now()),
                o::created_at.eq(now()),
            ))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    // The upgraded server starts on the same database.
    let upgraded = app.second_instance().await;
    if app.settings.database_url.is_sqlite() {
        // Deleted rows (forgotten addresses, replaced bodies) are zeroed in the file.
        let mut conn = upgraded.pool.get().unwrap_or_else(|e| panic!("{e}"));
        let secure_delete: i32 = diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>(
            "(SELECT secure_delete FROM pragma_secure_delete())",
        ))
        .get_result(&mut conn)
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(secure_delete, 1);
    }
    assert_nowhere_in_the_database(&upgraded, &[token.to_owned()]);
    let bodies: Vec<String> = upgraded.outbox().into_iter().map(|m| m.body).collect();
    assert_eq!(
        bodies,
        [format!("Your link: http://127.0.0.1:8080/owner#{token}")],
        "the sender still reads it"
    );
}
