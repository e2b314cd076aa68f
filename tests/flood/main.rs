//! A sign-in flood from many addresses while visitors read the map (issue #13, item 5). A test
//! binary of its own: cargo runs test binaries one after another, so no other test shares the
//! machine while reads are timed.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use solidarity_map::config::AuthSettings;
use solidarity_map_tests::{TestApp, behind_local_proxy, spawn_app_with};

async fn production_limits(adjust: impl FnOnce(&mut solidarity_map::config::Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.auth = AuthSettings::new(s.auth.jwt_key.clone());
        adjust(s);
    })
    .await
}

fn wrong_password(account: &str) -> Value {
    json!({"email": account, "password": "not the password at all"})
}

fn count(statuses: &[u16], wanted: u16) -> usize {
    statuses.iter().filter(|s| **s == wanted).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_in_flood_from_many_addresses_runs_few_password_checks_at_once_and_reads_stay_fast()
{
    let app = production_limits(behind_local_proxy).await;
    app.seed_demo(200);
    let mut quiet = read_latencies(&app, Instant::now() + Duration::from_secs(2)).await;
    quiet.sort();
    let checks_before = app.password_checks.load(Ordering::Relaxed);
    let deadline = Instant::now() + Duration::from_secs(6);
    let mut attackers = Vec::new();
    for address in 0..48 {
        let (client, url) = (app.client.clone(), app.url("/api/v1/auth/login"));
        attackers.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            let mut i = 0;
            while Instant::now() < deadline {
                i += 1;
                let status = client
                    .post(&url)
                    .header("x-forwarded-for", format!("198.51.100.{address}"))
                    .json(&wrong_password(&format!("user{address}-{i}@example.org")))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                statuses.push(status);
            }
            statuses
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut latencies = read_latencies(&app, deadline - Duration::from_millis(500)).await;
    let mut statuses = Vec::new();
    for attacker in attackers {
        statuses.extend(attacker.await.unwrap_or_default());
    }
    let checked = app.password_checks.load(Ordering::Relaxed) - checks_before;
    latencies.sort();
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];
    let median = latencies[latencies.len() / 2];
    eprintln!(
        "sign-in flood: {} attempts from 48 addresses ({} x 401, {} x 429, {} x 503), argon2 ran {checked} times; {} list reads: median {median:?}, p99 {p99:?} (without the flood: median {:?}, p99 {:?})",
        statuses.len(),
        count(&statuses, 401),
        count(&statuses, 429),
        count(&statuses, 503),
        latencies.len(),
        quiet[quiet.len() / 2],
        quiet[(quiet.len() * 99 / 100).min(quiet.len() - 1)],
    );
    eprintln!(
        "slowest quiet reads: {:?}; slowest flood reads: {:?}",
        &quiet[quiet.len().saturating_sub(4)..],
        &latencies[latencies.len().saturating_sub(4)..],
    );
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(
        count(&statuses, 503) > 0,
        "password checks beyond the cap are answered at once"
    );
    assert!(
        checked <= 48 * 5,
        "at most each address's burst was checked: {checked}"
    );
    assert!(latencies.len() >= 50, "only {} reads", latencies.len());
    // The budget is a 50 ms p99 (release build, attacker elsewhere). Here, a debug build
    // shares two cores with 48 attacking connections in the same process, and even quiet reads
    // show ~50 ms outliers; without the cap the probe saw a 2.3 s median. So this asserts what
    // holds here with a wide margin: reads stay in the tens of milliseconds, not seconds.
    assert!(
        median < Duration::from_millis(200) && p99 < Duration::from_millis(500),
        "public reads during the flood: median {median:?}, p99 {p99:?}"
    );
}

/// Times list reads, one every 20 ms, until `until`.
async fn read_latencies(app: &TestApp, until: Instant) -> Vec<Duration> {
    let mut latencies = Vec::new();
    while Instant::now() < until {
        let started = Instant::now();
        let response = app
            .client
            .get(app.url("/api/v1/organizations?limit=50"))
            .header("x-forwarded-for", "192.0.2.1")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), 200);
        let _ = response.bytes().await;
        latencies.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    latencies
}
