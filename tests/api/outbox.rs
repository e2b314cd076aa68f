//! The e-mail outbox against a real SMTP server (mailin-embedded on a loopback port).

use std::time::{Duration, Instant};

use solidarity_map::db::models::{now, outbox};
use solidarity_map_tests::{SmtpSink, draft, free_port, spawn_app_with};

fn fast_mail(settings: &mut solidarity_map::config::Settings, port: u16) {
    settings.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    settings.mail.poll = Duration::from_millis(50);
    settings.mail.retry_base = Duration::from_millis(100);
}

async fn wait_until(deadline: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    done()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_smtp_down_during_fifty_sends_all_arrive_exactly_once_when_it_is_back() {
    let port = free_port();
    let app = spawn_app_with(|s| fast_mail(s, port)).await;
    {
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
        for i in 0..50 {
            let message = outbox::NewMessage {
                kind: shared::domain::MailKind::Contact,
                recipient: format!("group{i}@example.org"),
                reply_to: None,
                subject: format!("Message {i}"),
                body: format!("Body of message {i}"),
                language: shared::i18n::Lang::En,
                list_unsubscribe: None,
            };
            outbox::enqueue(&mut conn, &app.settings.join.outbox_key, &message, now())
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    // Every message is tried and fails while nothing listens.
    let tried = wait_until(Duration::from_secs(10), || {
        use diesel::prelude::*;
        use solidarity_map::db::schema::outbox::dsl as o;
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
        o::outbox
            .filter(o::attempts.eq(0))
            .count()
            .get_result::<i64>(&mut conn)
            .unwrap_or(-1)
            == 0
    })
    .await;
    assert!(tried, "the sender did not try every message");
    assert!(app.outbox().iter().all(|m| !m.sent));

    let sink = SmtpSink::default();
    sink.start(port);
    let delivered = wait_until(Duration::from_secs(30), || {
        app.outbox().iter().all(|m| m.sent)
    })
    .await;
    assert!(
        delivered,
        "not all sent: {} of 50",
        app.outbox().iter().filter(|m| m.sent).count()
    );
    // Give a duplicate time to show up, then count.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = sink.messages();
    assert_eq!(messages.len(), 50, "each message exactly once");
    for i in 0..50 {
        let copies = messages
            .iter()
            .filter(|m| m.contains(&format!("Subject: Message {i}\r\n")))
            .count();
        assert_eq!(copies, 1, "message {i}");
    }
    assert!(
        app.outbox().iter().all(|m| m.body.is_empty()),
        "sent bodies are not kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_receipt_reaches_the_group_with_its_owner_link() {
    let sink = SmtpSink::default();
    let port = sink.start(0);
    let app = spawn_app_with(|s| fast_mail(s, port)).await;
    let receipt = app
        .submit(
            &draft(
                "Example Faith Community, Cork",
                "faith_based_community",
                "Cork",
                "IE",
                51.9,
                -8.47,
            ),
            "cork@example.org",
        )
        .await;
    let token = receipt["owner_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let arrived = wait_until(Duration::from_secs(10), || !sink.messages().is_empty()).await;
    assert!(arrived, "no e-mail arrived");
    let message = sink.messages().remove(0);
    assert!(message.contains("To: cork@example.org"), "{message}");
    // The link may be folded by quoted-printable encoding; compare without soft line breaks.
    let unfolded = message.replace("=\r\n", "");
    assert!(
        unfolded.contains(&token),
        "the owner link is in the receipt: {message}"
    );
}
