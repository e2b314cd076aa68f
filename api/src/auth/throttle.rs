//! Sign-in throttling, answered before any password is checked: per client address, and per
//! account and address together (so that an attacker's address cannot lock the real user out).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::AuthSettings;

pub struct LoginThrottle {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<(String, IpAddr)>,
}

fn quota(burst: u32, period: Duration) -> Quota {
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period.max(Duration::from_millis(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl LoginThrottle {
    pub fn new(settings: &AuthSettings) -> Self {
        Self {
            per_ip: RateLimiter::keyed(quota(settings.login_ip_burst, settings.login_ip_period)),
            per_account: RateLimiter::keyed(quota(
                settings.login_account_burst,
                settings.login_account_period,
            )),
        }
    }

    /// Counts an attempt; `Err(seconds to wait)` when over either limit.
    pub fn attempt(&self, ip: IpAddr, account: &str) -> Result<(), u64> {
        use governor::clock::{Clock, DefaultClock};
        let wait = |n: governor::NotUntil<governor::clock::QuantaInstant>| {
            n.wait_time_from(DefaultClock::default().now()).as_secs() + 1
        };
        self.per_ip.check_key(&ip).map_err(wait)?;
        self.per_account
            .check_key(&(account.to_lowercase(), ip))
            .map_err(wait)
    }

    /// Forgets addresses and accounts that are idle again.
    pub fn forget_idle(&self) {
        self.per_ip.retain_recent();
        self.per_account.retain_recent();
    }
}
