//! Sign-in throttling, answered before any password or code is checked: per client address, per
//! account and address together (so that an attacker's address alone cannot lock the real user
//! out), and per account from any address (so that rotating addresses cannot multiply guesses).
//! The state lives in the database (`login_throttle`), so every instance on it counts the same
//! attempts; each limit is a generic cell rate algorithm: a burst, then one attempt per period.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::prelude::*;

use crate::config::AuthSettings;
use crate::db::AnyConnection;
use crate::db::schema::login_throttle;
use crate::error::ApiError;

#[derive(Clone, Copy, Debug)]
struct Limit {
    period_ms: i64,
    /// How far ahead of now the theoretical arrival time may run: (burst - 1) periods.
    tolerance_ms: i64,
}

impl Limit {
    fn new(burst: u32, period: Duration) -> Self {
        let period_ms = i64::try_from(period.as_millis())
            .unwrap_or(i64::MAX / 4)
            .max(1);
        Self {
            period_ms,
            tolerance_ms: period_ms.saturating_mul(i64::from(burst.max(1) - 1)),
        }
    }
}

pub struct LoginThrottle {
    per_ip: Limit,
    per_account_and_ip: Limit,
    per_account: Limit,
    /// Keys are stored as an HMAC under this key, so the table holds no address or e-mail.
    key: Vec<u8>,
    /// Password checks (argon2, 19 MiB and tens of milliseconds each) running at once: more
    /// would starve everything else of CPU and memory.
    hashing: CheckSlots,
}

/// A counting semaphore with a short, bounded queue: a person signing in while another
/// password is being checked waits a moment instead of failing, while a flood finds the queue
/// full and is answered at once.
struct CheckSlots {
    state: parking_lot::Mutex<SlotState>,
    freed: parking_lot::Condvar,
    slots: usize,
    queue: usize,
}

#[derive(Default)]
struct SlotState {
    running: usize,
    waiting: usize,
}

/// How long a request may wait in [`CheckSlots`]' queue.
const SLOT_WAIT: Duration = Duration::from_secs(1);

impl CheckSlots {
    fn new(slots: usize) -> Self {
        let slots = slots.max(1);
        Self {
            state: parking_lot::Mutex::new(SlotState::default()),
            freed: parking_lot::Condvar::new(),
            slots,
            queue: 2 * slots,
        }
    }

    /// Whether every slot is taken and the queue is full: a new request would be refused.
    fn full(&self) -> bool {
        let state = self.state.lock();
        state.running >= self.slots && state.waiting >= self.queue
    }

    /// A slot, or `None` when the queue is full or the wait ran out.
    fn take(&self) -> Option<Slot<'_>> {
        let mut state = self.state.lock();
        if state.running >= self.slots {
            if state.waiting >= self.queue {
                return None;
            }
            state.waiting += 1;
            let deadline = std::time::Instant::now() + SLOT_WAIT;
            while state.running >= self.slots
                && !self.freed.wait_until(&mut state, deadline).timed_out()
            {}
            state.waiting -= 1;
            if state.running >= self.slots {
                return None;
            }
        }
        state.running += 1;
        Some(Slot(self))
    }
}

struct Slot<'a>(&'a CheckSlots);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.state.lock().running -= 1;
        self.0.freed.notify_one();
    }
}

/// What one attempt is counted under: always its address; then either the device (a browser
/// that signed in to this account before, see [`LoginThrottle::device_cookie`]) or, for any
/// other client, the account from this address and the account from any address.
struct Keys {
    ip: String,
    by_client: Vec<(String, Limit)>,
}

/// The name of the cookie that marks a browser that signed in to an account before.
pub const DEVICE_COOKIE: &str = "sm_device";

impl LoginThrottle {
    pub fn new(settings: &AuthSettings) -> Self {
        Self {
            per_ip: Limit::new(settings.login_ip_burst, settings.login_ip_period),
            per_account_and_ip: Limit::new(
                settings.login_account_burst,
                settings.login_account_period,
            ),
            per_account: Limit::new(
                settings.login_any_address_burst,
                settings.login_any_address_period,
            ),
            key: crate::secrets::derive_key(&settings.jwt_key, "login-throttle"),
            hashing: CheckSlots::new(settings.concurrent_password_checks),
        }
    }

    fn keys(&self, ip: IpAddr, account: &str, device: Option<&str>) -> Keys {
        let account = normalise(account);
        let by_client = match device.and_then(|cookie| self.device_of(&account, cookie)) {
            Some(device) => vec![(format!("device {device}"), self.per_account_and_ip)],
            None => vec![
                (format!("account {account} {ip}"), self.per_account_and_ip),
                (format!("account {account}"), self.per_account),
            ],
        };
        Keys {
            ip: format!("ip {ip}"),
            by_client,
        }
    }

    /// A device cookie for a browser that just signed in to `account` (OWASP's "device
    /// cookies"): signed, naming nothing but a random nonce, stored nowhere on the server. With
    /// it, the browser's sign-ins to that account are limited on their own, so that an attack
    /// on the account from other addresses does not lock its real user out.
    pub fn device_cookie(&self, account: &str) -> anyhow::Result<String> {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let nonce = crate::secrets::hex(&nonce);
        let mac = self.device_mac(&normalise(account), &nonce);
        Ok(format!("{nonce}.{}", crate::secrets::hex(&mac)))
    }

    /// The device's nonce when `cookie` was issued by us for `account`.
    fn device_of<'c>(&self, account: &str, cookie: &'c str) -> Option<&'c str> {
        let (nonce, mac) = cookie.trim().split_once('.')?;
        let expected = crate::secrets::hex(&self.device_mac(account, nonce));
        // Both sides are hex of an HMAC: comparing them leaks nothing usable about the key.
        (nonce.len() == 32 && mac == expected).then_some(nonce)
    }

    fn device_mac(&self, account: &str, nonce: &str) -> Vec<u8> {
        crate::secrets::derive_key(&self.key, &format!("device\n{account}\n{nonce}"))
    }

    /// Whether a password check now would be refused as busy. Asked before any database work,
    /// so that a flood of sign-ins is answered from memory and leaves the server to everyone
    /// else.
    pub fn saturated(&self) -> bool {
        self.hashing.full()
    }

    /// Runs `check`, which verifies a password or a one-time code of `account`, under the
    /// limits. Refused at once (429, before any check) when the address, or the client (the
    /// device, or else the account from this address and from any address) is over its limit;
    /// 503 when as many password checks as the server allows are running. Only a wrong secret
    /// ([`ApiError::is_wrong_secret`]) counts, so rotating addresses does not multiply the
    /// guesses at one account, and a successful sign-in never counts towards a lock-out.
    pub fn guard<T>(
        &self,
        conn: &mut AnyConnection,
        ip: IpAddr,
        account: &str,
        device: Option<&str>,
        check: impl FnOnce(&mut AnyConnection) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let now = now_ms();
        let keys = self.keys(ip, account, device);
        // A request already over a limit is answered from a read, so that a flood of refused
        // attempts does not queue writes ahead of everyone else's.
        let all = std::iter::once((&keys.ip, self.per_ip))
            .chain(keys.by_client.iter().map(|(name, limit)| (name, *limit)));
        for (name, limit) in all.clone() {
            if let Err(retry_after) = self.check(conn, name, limit, now)? {
                return Err(ApiError::RateLimited { retry_after });
            }
        }
        // Attempts that pass the check at the same time are bounded by this, and each failure
        // is counted before the next check can run.
        let _slot = self.hashing.take().ok_or(ApiError::Busy)?;
        let outcome = check(conn);
        if outcome.as_ref().is_err_and(ApiError::is_wrong_secret) {
            let at = now_ms();
            crate::db::write_transaction(conn, |conn| {
                all.clone()
                    .try_for_each(|(name, limit)| self.charge(conn, name, limit, at))
            })?;
        }
        outcome
    }

    /// Whether an attempt now would pass `limit`, without counting it.
    fn check(
        &self,
        conn: &mut AnyConnection,
        name: &str,
        limit: Limit,
        now: i64,
    ) -> QueryResult<Result<(), u64>> {
        let stored = self.stored(conn, &self.hash(name))?;
        Ok(verdict(stored, limit, now).map(|_| ()))
    }

    /// Counts a failure against `limit` even when it is over it already: failures that got past
    /// the check at the same time all count, and each one pushes the next attempt further away.
    fn charge(
        &self,
        conn: &mut AnyConnection,
        name: &str,
        limit: Limit,
        now: i64,
    ) -> QueryResult<()> {
        let key_hash = self.hash(name);
        let stored = self.stored(conn, &key_hash)?;
        let next = stored
            .unwrap_or(now)
            .max(now)
            .saturating_add(limit.period_ms);
        self.store(conn, &key_hash, stored.is_some(), next)
    }

    fn store(
        &self,
        conn: &mut AnyConnection,
        key_hash: &str,
        exists: bool,
        next: i64,
    ) -> QueryResult<()> {
        if exists {
            diesel::update(login_throttle::table.find(key_hash))
                .set(login_throttle::not_before_ms.eq(next))
                .execute(conn)?;
        } else {
            diesel::insert_into(login_throttle::table)
                .values((
                    login_throttle::key_hash.eq(key_hash),
                    login_throttle::not_before_ms.eq(next),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    fn stored(&self, conn: &mut AnyConnection, key_hash: &str) -> QueryResult<Option<i64>> {
        login_throttle::table
            .find(key_hash)
            .select(login_throttle::not_before_ms)
            .first(conn)
            .optional()
    }

    fn hash(&self, name: &str) -> String {
        crate::secrets::hex(&crate::secrets::derive_key(&self.key, name))
    }
}

/// The generic cell rate algorithm: `Ok(the arrival time to store)` when an attempt at `now`
/// passes, `Err(seconds to wait)` when it does not.
fn verdict(stored: Option<i64>, limit: Limit, now: i64) -> Result<i64, u64> {
    let arrival = stored.unwrap_or(now).max(now);
    let ahead = arrival - now;
    if ahead > limit.tolerance_ms {
        let wait_ms = u64::try_from(ahead - limit.tolerance_ms).unwrap_or(0);
        return Err(wait_ms.div_ceil(1000).max(1));
    }
    Ok(arrival.saturating_add(limit.period_ms))
}

/// Accounts are e-mail addresses, compared without case.
fn normalise(account: &str) -> String {
    account.trim().to_lowercase()
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_one_attempt_per_period() {
        let limit = Limit::new(3, Duration::from_secs(10));
        let mut stored = None;
        for attempt in 0..3 {
            let next = verdict(stored, limit, 0);
            assert!(next.is_ok(), "attempt {attempt} of the burst");
            stored = next.ok();
        }
        assert_eq!(
            verdict(stored, limit, 0),
            Err(10),
            "the fourth waits a period"
        );
        assert_eq!(verdict(stored, limit, 9_001), Err(1));
        assert!(
            verdict(stored, limit, 10_000).is_ok(),
            "one more after a period"
        );
    }
}
