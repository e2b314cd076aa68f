//! Issue #13, item 14: a client that sends its request slowly does not hold a connection for
//! longer than the header and body deadlines.

use std::time::{Duration, Instant};

use solidarity_map_tests::{TestApp, spawn_app_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Past the deadline, how long the server may take to answer or close on a busy test machine.
const MARGIN: Duration = Duration::from_secs(3);

async fn connect(app: &TestApp) -> TcpStream {
    let port = app.address.rsplit(':').next().unwrap_or_default();
    TcpStream::connect(format!("127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| panic!("connecting: {e}"))
}

/// Writes `start`, then one byte of `trickle` a second (cycling) until the server closes the
/// connection; returns what it answered and when it closed, counted from the first write.
/// Panics when the connection is still open at `limit`.
async fn trickle(
    app: &TestApp,
    start: &[u8],
    trickle: &[u8],
    limit: Duration,
) -> (String, Duration) {
    let (mut reader, mut writer) = connect(app).await.into_split();
    let started = Instant::now();
    writer
        .write_all(start)
        .await
        .unwrap_or_else(|e| panic!("writing: {e}"));
    let trickle = trickle.to_vec();
    let writing = tokio::spawn(async move {
        for byte in trickle.iter().cycle() {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if writer.write_all(&[*byte]).await.is_err() {
                break;
            }
        }
    });
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(limit, async {
        let mut buf = [0_u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf).await {
            answer.extend_from_slice(&buf[..n]);
        }
    })
    .await;
    writing.abort();
    let elapsed = started.elapsed();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(
        closed.is_ok(),
        "the connection is still open after {elapsed:?}: {answer}"
    );
    (answer, elapsed)
}

#[tokio::test]
async fn request_headers_that_never_finish_are_answered_408_at_the_deadline() {
    let app = spawn_app_with(|s| s.timeouts.headers = Duration::from_secs(2)).await;
    let (answer, elapsed) = trickle(
        &app,
        b"GET /api/v1/categories HTTP/1.1\r\nHost: localhost\r\nX-Slow: ",
        b"abcdefghijklmnopqrstuvwxyz",
        Duration::from_secs(2) + MARGIN,
    )
    .await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // The server's clock is coarse (it caches the time): "about the deadline".
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn a_body_that_trickles_in_is_answered_408_at_the_deadline() {
    let app = spawn_app_with(|s| s.timeouts.body = Duration::from_secs(2)).await;
    let (answer, elapsed) = trickle(
        &app,
        b"POST /api/v1/submissions/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\": \"",
        b"abcdefghijklmnopqrstuvwxyz",
        Duration::from_secs(2) + MARGIN,
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    // The server's clock is coarse (it caches the time): "about the deadline".
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
}

#[tokio::test]
async fn a_chunked_body_that_trickles_in_is_answered_408_at_the_deadline() {
    let app = spawn_app_with(|s| s.timeouts.body = Duration::from_secs(2)).await;
    let (answer, _) = trickle(
        &app,
        b"POST /api/v1/submissions/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n",
        b"1\r\n \r\n",
        Duration::from_secs(2) + MARGIN,
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

/// Dropped unread, a chunked body would be drained for as long as the client sends it.
#[tokio::test]
async fn a_trickling_chunked_body_that_is_never_read_does_not_keep_the_connection() {
    let app = spawn_app_with(|s| s.timeouts.body = Duration::from_secs(2)).await;
    let (answer, _) = trickle(
        &app,
        b"POST /api/v1/admin/import?format=csv HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n",
        b"1\r\nb\r\n",
        Duration::from_secs(2) + MARGIN,
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}

#[tokio::test]
async fn a_slow_body_within_the_deadline_is_read_and_the_import_gets_longer() {
    let app = spawn_app_with(|s| {
        s.timeouts.body = Duration::from_secs(2);
        s.timeouts.import_body = Duration::from_secs(30);
    })
    .await;
    let (token, _) = app.admin_token().await;
    let csv =
        "name,category,city,country,latitude,longitude\nSlow Import,media,Oslo,NO,59.9,10.7\n";
    let head = format!(
        "POST /api/v1/admin/import?format=csv&dry_run=true HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        csv.len()
    );
    // Past the ordinary deadline, well within the import's.
    let mut stream = connect(&app).await;
    stream
        .write_all(head.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    stream
        .write_all(&csv.as_bytes()[..10])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tokio::time::sleep(Duration::from_secs(3)).await;
    stream
        .write_all(&csv.as_bytes()[10..])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .unwrap_or_else(|_| panic!("no answer"))
        .unwrap_or_else(|e| panic!("{e}"));
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
