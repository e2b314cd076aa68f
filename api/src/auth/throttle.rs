//! Sign-in throttling, answered before any password is checked: per client address, and per
//! account and address together (so that an attacker's address cannot lock the real user out).
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
    per_account: Limit,
    /// Keys are stored as an HMAC under this key, so the table holds no address or e-mail.
    key: Vec<u8>,
}

impl LoginThrottle {
    pub fn new(settings: &AuthSettings) -> Self {
        Self {
            per_ip: Limit::new(settings.login_ip_burst, settings.login_ip_period),
            per_account: Limit::new(settings.login_account_burst, settings.login_account_period),
            key: crate::secrets::derive_key(&settings.jwt_key, "login-throttle"),
        }
    }

    /// Counts an attempt (in a transaction of its own); `RateLimited` with the seconds to wait
    /// when over either limit.
    pub fn attempt(
        &self,
        conn: &mut AnyConnection,
        ip: IpAddr,
        account: &str,
    ) -> Result<(), ApiError> {
        let now = now_ms();
        let ip_key = format!("ip {ip}");
        let pair_key = format!("account {} {ip}", account.trim().to_lowercase());
        // A request already over a limit is answered from a read, so that a flood of refused
        // attempts does not queue writes ahead of everyone else's.
        for (name, limit) in [(&ip_key, self.per_ip), (&pair_key, self.per_account)] {
            if let Err(retry_after) = self.check(conn, name, limit, now)? {
                return Err(ApiError::RateLimited { retry_after });
            }
        }
        let outcome = crate::db::write_transaction(conn, |conn| {
            if let Err(wait) = self.take(conn, &ip_key, self.per_ip, now)? {
                return Ok(Err(wait));
            }
            self.take(conn, &pair_key, self.per_account, now)
        })?;
        outcome.map_err(|retry_after| ApiError::RateLimited { retry_after })
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

    /// Counts an attempt against `limit` unless it is over it.
    fn take(
        &self,
        conn: &mut AnyConnection,
        name: &str,
        limit: Limit,
        now: i64,
    ) -> QueryResult<Result<(), u64>> {
        let key_hash = self.hash(name);
        let stored = self.stored(conn, &key_hash)?;
        let next = match verdict(stored, limit, now) {
            Ok(next) => next,
            Err(wait) => return Ok(Err(wait)),
        };
        if stored.is_some() {
            diesel::update(login_throttle::table.find(&key_hash))
                .set(login_throttle::not_before_ms.eq(next))
                .execute(conn)?;
        } else {
            diesel::insert_into(login_throttle::table)
                .values((
                    login_throttle::key_hash.eq(&key_hash),
                    login_throttle::not_before_ms.eq(next),
                ))
                .execute(conn)?;
        }
        Ok(Ok(()))
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

/// Forgets limits that are idle again (their arrival time has passed). Call in a write
/// transaction.
pub fn forget_idle(conn: &mut AnyConnection, now: chrono::NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        login_throttle::table
            .filter(login_throttle::not_before_ms.lt(now.and_utc().timestamp_millis())),
    )
    .execute(conn)
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
