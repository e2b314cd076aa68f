//! Checks one link as a visitor's browser would reach it, without ever fetching an address on a
//! private network or on this machine (SSRF): names are resolved by [`PublicOnly`], which
//! refuses such addresses, and a URL or redirect naming one literally is refused before any
//! connection. A plain user agent, no cookies, no proxy, bounded redirects and time.

use std::error::Error as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect;
use shared::domain::LinkOutcome;

/// Redirects followed before a link counts as broken.
pub const MAX_REDIRECTS: usize = 5;
/// The whole check, from the first connection to the last answer's headers (by default).
pub const TIMEOUT: Duration = Duration::from_secs(15);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);
const USER_AGENT: &str = concat!(
    "InternationalSolidarityMap-LinkCheck/",
    env!("CARGO_PKG_VERSION"),
    " (checks that listed links still work)"
);

/// What a check found: the outcome and the last HTTP status seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub outcome: LinkOutcome,
    pub http_status: Option<u16>,
}

impl Finding {
    fn without_answer(outcome: LinkOutcome) -> Self {
        Self {
            outcome,
            http_status: None,
        }
    }
}

/// An address the checker must not fetch.
#[derive(Debug)]
struct PrivateAddress(IpAddr);

impl std::fmt::Display for PrivateAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not a public address", self.0)
    }
}

impl std::error::Error for PrivateAddress {}

/// Whether `ip` is on the public internet: not this machine, a private or shared network,
/// link-local (cloud metadata services live there), multicast, documentation or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let first = v6.segments()[0];
            let nat64 = v6.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
            if nat64 {
                let [.., a, b] = v6.segments();
                let [a1, a2] = a.to_be_bytes();
                let [b1, b2] = b.to_be_bytes();
                return is_public_v4(Ipv4Addr::new(a1, a2, b1, b2));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)) // documentation
        }
    }
}

fn is_public_v4(v4: Ipv4Addr) -> bool {
    let [a, b, c, _] = v4.octets();
    !(v4.is_private()
        || v4.is_loopback()
        || v4.is_link_local()
        || v4.is_unspecified()
        || v4.is_broadcast()
        || v4.is_documentation()
        || v4.is_multicast()
        || a == 0
        || a >= 240 // reserved
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b))) // benchmarking
}

/// Resolves names with the system's resolver and refuses every answer that is not public
/// (unless the operator allowed that exact address, as tests do for their local server).
struct PublicOnly {
    allowed: Arc<Vec<IpAddr>>,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.allowed.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(refused) = found
                .iter()
                .find(|a| !is_public(a.ip()) && !allowed.contains(&a.ip()))
            {
                return Err(Box::new(PrivateAddress(refused.ip())) as _);
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// The address a URL names literally (`http://10.0.0.1/`), when it is not allowed.
fn literal_refused(url: &reqwest::Url, allowed: &[IpAddr]) -> Option<PrivateAddress> {
    let host = url.host_str()?;
    let ip: IpAddr = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()?;
    (!is_public(ip) && !allowed.contains(&ip)).then_some(PrivateAddress(ip))
}

/// Checks links; one per server, reused for every check.
#[derive(Clone)]
pub struct Checker {
    client: reqwest::Client,
    allowed: Arc<Vec<IpAddr>>,
}

impl Checker {
    /// `allowed`: addresses fetched although not public (none in production).
    pub fn new(allowed: Vec<IpAddr>, timeout: Duration) -> anyhow::Result<Self> {
        let allowed = Arc::new(allowed);
        let for_redirects = allowed.clone();
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if let Some(refused) = literal_refused(attempt.url(), &for_redirects) {
                attempt.error(refused)
            } else {
                attempt.follow()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(policy)
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .dns_resolver(PublicOnly {
                allowed: allowed.clone(),
            })
            .build()?;
        Ok(Self { client, allowed })
    }

    /// Fetches `url` (following redirects) and says what was found. Only the answer's headers
    /// are read; the body is dropped unread.
    pub async fn check(&self, url: &str) -> Finding {
        let Ok(parsed) = reqwest::Url::parse(url) else {
            return Finding::without_answer(LinkOutcome::InvalidUrl);
        };
        if !matches!(parsed.scheme(), "http" | "https") {
            return Finding::without_answer(LinkOutcome::InvalidUrl);
        }
        if literal_refused(&parsed, &self.allowed).is_some() {
            return Finding::without_answer(LinkOutcome::PrivateAddress);
        }
        match self.client.get(parsed).send().await {
            Ok(response) => {
                let status = response.status();
                // Sites that turn robots away (401, 403, 429) or refuse GET are still there.
                let reachable = status.is_success()
                    || status.is_redirection()
                    || matches!(status.as_u16(), 401 | 403 | 405 | 429);
                Finding {
                    outcome: if reachable {
                        LinkOutcome::Ok
                    } else {
                        LinkOutcome::HttpError
                    },
                    http_status: Some(status.as_u16()),
                }
            }
            Err(error) => Finding::without_answer(classify(&error)),
        }
    }
}

fn classify(error: &reqwest::Error) -> LinkOutcome {
    let mut source = error.source();
    while let Some(cause) = source {
        if cause.is::<PrivateAddress>() {
            return LinkOutcome::PrivateAddress;
        }
        source = cause.source();
    }
    if error.is_timeout() {
        LinkOutcome::Timeout
    } else if error.is_redirect() {
        LinkOutcome::TooManyRedirects
    } else {
        LinkOutcome::Unreachable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_fetched() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
        ] {
            let ip: IpAddr = private.parse().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
            assert!(!is_public(ip), "{private}");
        }
        for public in [
            "1.1.1.1",
            "185.199.108.153",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = public.parse().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
            assert!(is_public(ip), "{public}");
        }
    }

    #[test]
    fn a_url_naming_a_private_address_is_refused_unless_allowed() {
        let url = |text: &str| reqwest::Url::parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert!(literal_refused(&url("http://10.0.0.1/x"), &[]).is_some());
        assert!(literal_refused(&url("http://[::1]:8080/"), &[]).is_some());
        assert!(literal_refused(&url("https://example.org/"), &[]).is_none());
        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        assert!(literal_refused(&url("http://127.0.0.1:9/"), &[loopback]).is_none());
    }
}
