//! Who is asking: the client's address and whether the request came over TLS, believing the
//! forwarding headers only as far as the operator's trusted proxies wrote them.
//!
//! A client can send any `X-Forwarded-For` or `Forwarded` it likes; a proxy appends the address
//! it saw to the right. So the chain is read from the right, skipping addresses of trusted
//! proxies, and the first address that is not one is the client. A request whose peer is not a
//! trusted proxy is answered from the peer's address alone, whatever its headers say.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// Which header the trusted proxies set (only that one is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyHeader {
    /// `X-Forwarded-For` and `X-Forwarded-Proto` (nginx, Caddy, most load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=…;proto=…`.
    Forwarded,
}

impl FromStr for ProxyHeader {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(Self::XForwardedFor),
            "forwarded" => Ok(Self::Forwarded),
            _ => Err("the proxy header is x-forwarded-for or forwarded".to_owned()),
        }
    }
}

/// The reverse proxies whose forwarding headers are believed (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyTrust {
    pub proxies: Vec<IpNet>,
    pub header: ProxyHeader,
}

impl ProxyTrust {
    /// `127.0.0.1, ::1, 10.0.0.0/8`: addresses and CIDR ranges, separated by commas.
    pub fn parse_proxies(text: &str) -> Result<Vec<IpNet>, String> {
        text.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("{entry:?} is neither an IP address nor a CIDR range (10.0.0.0/8)")
                    })
            })
            .collect()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.proxies.iter().any(|net| net.contains(&address))
    }

    /// The client's address, from the peer and the configured header.
    pub fn client(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> IpAddr {
        let Some(peer) = peer.map(|p| canonical(p.ip())) else {
            return IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);
        };
        if !self.trusts(peer) {
            return peer;
        }
        let hops = match self.header {
            ProxyHeader::XForwardedFor => list(headers, "x-forwarded-for"),
            ProxyHeader::Forwarded => forwarded_param(headers, "for"),
        };
        // From the right: each trusted proxy vouches for the entry to its left.
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_node(hop) else {
                // A trusted proxy writes addresses; anything else came from the client.
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }

    /// Whether the client's connection was TLS: only a trusted proxy may say so (we serve
    /// plain HTTP ourselves).
    pub fn over_tls(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
        if !peer.is_some_and(|p| self.trusts(p.ip())) {
            return false;
        }
        let protocols = match self.header {
            ProxyHeader::XForwardedFor => list(headers, "x-forwarded-proto"),
            ProxyHeader::Forwarded => forwarded_param(headers, "proto"),
        };
        // The nearest proxy's word: the one that received the client's connection.
        protocols
            .last()
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }
}

/// The key rate limits count a client under: its address, or its /64 for IPv6, since one
/// subscriber usually holds a whole /64 and could otherwise rotate through it.
pub fn rate_key(address: IpAddr) -> IpAddr {
    match canonical(address) {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
        v4 => v4,
    }
}

/// `::ffff:192.0.2.1` is 192.0.2.1.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The comma-separated entries of every line of a header, in order.
fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|entry| entry.trim().to_owned())
        .collect()
}

/// One parameter of each element of `Forwarded` (RFC 7239), in order; an element without it
/// counts as unknown so that it stops the walk.
fn forwarded_param(headers: &HeaderMap, wanted: &str) -> Vec<String> {
    list(headers, "forwarded")
        .iter()
        .map(|element| {
            element
                .split(';')
                .filter_map(|pair| pair.split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case(wanted))
                .map(|(_, value)| value.trim().trim_matches('"').to_owned())
                .unwrap_or_default()
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_node(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .or_else(|_| text.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|rest| rest.split(']').next())
                .and_then(|inner| inner.parse().ok())
        })
        .map(canonical)
}

/// The client address of a request, under the server's [`ProxyTrust`] (none when absent).
pub fn of_request(req: &HttpRequest) -> IpAddr {
    match req.app_data::<actix_web::web::Data<ProxyTrust>>() {
        Some(trust) => trust.client(req.peer_addr(), req.headers()),
        None => ProxyTrust::default().client(req.peer_addr(), req.headers()),
    }
}

/// Whether a request reached the site over TLS (through a trusted proxy).
pub fn request_over_tls(req: &HttpRequest) -> bool {
    req.app_data::<actix_web::web::Data<ProxyTrust>>()
        .is_some_and(|trust| trust.over_tls(req.peer_addr(), req.headers()))
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    fn peer(text: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(text.parse().unwrap(), 40000))
    }

    fn trust(proxies: &str, header: ProxyHeader) -> ProxyTrust {
        ProxyTrust {
            proxies: ProxyTrust::parse_proxies(proxies).unwrap(),
            header,
        }
    }

    #[test]
    fn the_rightmost_address_not_added_by_a_trusted_proxy_is_the_client() {
        let nginx = trust("127.0.0.1", ProxyHeader::XForwardedFor);
        // What nginx's $proxy_add_x_forwarded_for passes on for a client that sent its own.
        let spoofed = headers(&[("x-forwarded-for", "10.7.0.3, 198.51.100.7")]);
        assert_eq!(
            nginx.client(peer("127.0.0.1"), &spoofed),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        let two_proxies = trust("127.0.0.1, 10.0.0.0/8", ProxyHeader::XForwardedFor);
        let chain = headers(&[
            ("x-forwarded-for", "1.2.3.4, 198.51.100.7"),
            ("x-forwarded-for", "10.0.0.5"),
        ]);
        assert_eq!(
            two_proxies.client(peer("127.0.0.1"), &chain),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn headers_from_an_untrusted_peer_change_nothing() {
        let nginx = trust("127.0.0.1", ProxyHeader::XForwardedFor);
        let spoofed = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("x-forwarded-proto", "https"),
            ("forwarded", "for=198.51.100.8;proto=https"),
        ]);
        assert_eq!(
            nginx.client(peer("203.0.113.9"), &spoofed),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert!(!nginx.over_tls(peer("203.0.113.9"), &spoofed));
        assert!(nginx.over_tls(peer("127.0.0.1"), &spoofed));
        assert_eq!(
            ProxyTrust::default().client(peer("127.0.0.1"), &spoofed),
            "127.0.0.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn forwarded_is_read_only_when_configured() {
        let both = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            (
                "forwarded",
                "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\";proto=https",
            ),
        ]);
        let xff = trust("127.0.0.1", ProxyHeader::XForwardedFor);
        assert_eq!(
            xff.client(peer("127.0.0.1"), &both),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        let rfc = trust("127.0.0.1", ProxyHeader::Forwarded);
        assert_eq!(
            rfc.client(peer("127.0.0.1"), &both),
            "2001:db8::1".parse::<IpAddr>().unwrap()
        );
        assert!(rfc.over_tls(peer("127.0.0.1"), &both));
    }

    #[test]
    fn garbage_in_the_chain_stops_at_the_last_trusted_hop() {
        let nginx = trust("127.0.0.1", ProxyHeader::XForwardedFor);
        let garbage = headers(&[("x-forwarded-for", "198.51.100.7, not-an-address")]);
        assert_eq!(
            nginx.client(peer("127.0.0.1"), &garbage),
            "127.0.0.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64() {
        let a = rate_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = rate_key("2001:db8:1:2:bbbb::9".parse().unwrap());
        let other = rate_key("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, other);
        assert_eq!(
            rate_key("::ffff:192.0.2.1".parse().unwrap()),
            "192.0.2.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn proxies_are_addresses_or_ranges() {
        assert_eq!(
            ProxyTrust::parse_proxies("127.0.0.1, ::1,10.0.0.0/8")
                .unwrap()
                .len(),
            3
        );
        assert!(ProxyTrust::parse_proxies("localhost").is_err());
        assert!(ProxyTrust::parse_proxies("").unwrap().is_empty());
    }
}
