//! Server settings, from flags or environment variables with defaults (see the README).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use shared::api::MapConfig;

use shared::domain::EmailAddress;

use crate::db::DatabaseUrl;
use crate::secrets::{FormKey, OutboxKey};

/// The data key of settings made for tests ([`Settings::for_database`]).
pub const TEST_DATA_KEY: [u8; 32] = [7; 32];

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    /// The built web app (`index.html`, the wasm module and assets).
    pub static_dir: PathBuf,
    /// Connections in the database pool.
    pub pool_size: u32,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// How often the in-memory index checks the database for changes.
    pub index_refresh: Duration,
    /// The map's optional raster tiles, and whether it has a street basemap.
    pub map: MapConfig,
    /// The street basemap served at [`shared::api::PMTILES_PATH`]: vector tiles in one PMTiles
    /// archive (`BASEMAP_PMTILES`). Setting it also sets `map.pmtiles_url`.
    pub basemap_pmtiles: Option<PathBuf>,
    pub join: JoinSettings,
    pub mail: MailSettings,
    pub auth: AuthSettings,
    /// Writes (POST and the like) per client IP: a burst, then one more every `period`. The IP
    /// lives only in the limiter's memory.
    pub write_burst: u32,
    /// The reverse proxies whose forwarding headers say who the client is and whether it used
    /// TLS (none by default: every header is ignored).
    pub proxy_trust: crate::client_address::ProxyTrust,
    pub write_period: Duration,
    /// Public API reads one client address may make at once (0: no limit).
    pub read_burst: u32,
    /// After the burst, one more read per this long.
    pub read_period: Duration,
    /// How often expired consent, the end of an owner's hiding and similar dated changes are
    /// applied.
    pub maintenance_interval: Duration,
    pub link_checks: LinkCheckSettings,
    /// How often the digest of new calls to action is sent to twinned groups (each gets at
    /// most one a day whatever this is); `None`: never (tests call it themselves).
    pub digest_interval: Option<Duration>,
    pub timeouts: Timeouts,
    /// Seals private values in the database (`DATA_KEY_FILE` or `DATA_KEY`).
    pub data_key: crate::data_key::DataKey,
}

/// The background check of every listed link (issue #18).
#[derive(Debug, Clone, Default)]
pub struct LinkCheckSettings {
    /// How often a pass runs; `None`: never (tests, and an operator who turns it off).
    pub interval: Option<Duration>,
    /// Links checked in one pass at most.
    pub per_pass: i64,
    /// One check, from the first connection to the last answer's headers.
    pub timeout: Duration,
    /// Addresses fetched although not public: none in production; tests name their local
    /// server's.
    pub allowed: Vec<std::net::IpAddr>,
}

/// How long a client may take to send a request: a slow one holds a connection meanwhile.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From the connection's first byte to the end of the request headers (then `408`).
    pub headers: Duration,
    /// From the end of the headers to the end of the body (then `408`).
    pub body: Duration,
    /// The same for the admin import, whose files may be 10 MiB.
    pub import_body: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            headers: Duration::from_secs(5),
            // 64 KiB in 20 s is 3.2 kB/s, slower than a poor mobile link.
            body: Duration::from_secs(20),
            // 10 MiB in 5 minutes is 35 kB/s.
            import_body: Duration::from_secs(300),
        }
    }
}

/// Joining the map and keeping entries up to date.
#[derive(Debug, Clone)]
pub struct JoinSettings {
    /// Where people reach the site; links in e-mails start with it.
    pub public_url: String,
    /// Signs form tokens; a random key when not configured (see [`FormKey::random`]).
    pub form_key: FormKey,
    /// Seals e-mail bodies in the outbox (owner links, invitations, visitors' messages): derived
    /// from the data key.
    pub outbox_key: OutboxKey,
    /// The outbox key of versions before the data key (derived from `SECRET_KEY`): bodies
    /// sealed under it are moved to [`JoinSettings::outbox_key`] at start.
    pub previous_outbox_key: Option<OutboxKey>,
    /// A form sent sooner than this after it was shown is refused.
    pub min_fill: Duration,
    /// Entries not confirmed as still active for this long are hidden until they are.
    pub consent_period: Duration,
    /// The reminder goes out this long before the consent period ends.
    pub reminder_lead: Duration,
}

/// Signing in to the dashboard.
#[derive(Clone)]
pub struct AuthSettings {
    /// Signs access tokens (HS256).
    pub jwt_key: Vec<u8>,
    /// Access tokens live this long (at most 15 minutes).
    pub access_ttl: Duration,
    /// Refresh tokens live this long unless used or revoked.
    pub refresh_ttl: Duration,
    /// Admins must set up two-factor sign-in before doing anything else.
    pub require_totp_for_admins: bool,
    /// Sign-in attempts per client address: a burst, then one per period; more get 429 before
    /// any password is checked.
    pub login_ip_burst: u32,
    pub login_ip_period: Duration,
    /// The same per account and address, so that one address cannot lock an account out for
    /// everyone else.
    pub login_account_burst: u32,
    pub login_account_period: Duration,
    /// Wrong passwords or codes per account from any address: a burst, then one per period, so
    /// that guesses spread over many addresses meet the same limit (RELIABILITY.md, Security).
    pub login_any_address_burst: u32,
    pub login_any_address_period: Duration,
    /// Password checks (argon2) running at once; more are answered 503 at once.
    pub concurrent_password_checks: usize,
}

impl std::fmt::Debug for AuthSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSettings")
            .field("access_ttl", &self.access_ttl)
            .field("refresh_ttl", &self.refresh_ttl)
            .field("require_totp_for_admins", &self.require_totp_for_admins)
            .finish_non_exhaustive()
    }
}

impl AuthSettings {
    pub fn new(jwt_key: Vec<u8>) -> Self {
        Self {
            jwt_key,
            access_ttl: Duration::from_secs(10 * 60),
            refresh_ttl: 14 * DAY,
            require_totp_for_admins: false,
            login_ip_burst: 5,
            login_ip_period: Duration::from_secs(12),
            login_account_burst: 5,
            login_account_period: Duration::from_secs(60),
            login_any_address_burst: 10,
            login_any_address_period: Duration::from_secs(60),
            // One core stays free for everyone else while passwords are checked.
            concurrent_password_checks: std::thread::available_parallelism()
                .map_or(1, |n| n.get().saturating_sub(1).max(1)),
        }
    }
}

/// Outgoing e-mail.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required` or `smtps://…`; without it,
    /// messages wait in the outbox.
    pub smtp_url: Option<String>,
    pub from: String,
    /// Moderators receive deletion requests and messages for Jerusalem organisations.
    pub moderators: Vec<EmailAddress>,
    /// How often the sender looks for messages to send.
    pub poll: Duration,
    /// The first retry waits this long, each next one twice as long (at most an hour).
    pub retry_base: Duration,
}

const DAY: Duration = Duration::from_secs(24 * 3600);

impl JoinSettings {
    pub fn new(public_url: &str, form_key: FormKey, outbox_key: OutboxKey) -> Self {
        Self {
            public_url: public_url.trim_end_matches('/').to_owned(),
            form_key,
            outbox_key,
            previous_outbox_key: None,
            min_fill: Duration::from_secs(shared::api::MIN_FILL_SECONDS),
            consent_period: 365 * DAY,
            reminder_lead: 30 * DAY,
        }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: "International Solidarity Map <noreply@localhost.localdomain>".to_owned(),
            moderators: Vec::new(),
            poll: Duration::from_secs(2),
            retry_base: Duration::from_secs(30),
        }
    }
}

impl Settings {
    /// Settings for tests and tools: loopback on a free port, no web app.
    pub fn for_database(database_url: DatabaseUrl) -> Self {
        Self {
            database_url,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            static_dir: PathBuf::from("web/dist"),
            pool_size: 8,
            workers: 2,
            // Tests read right after they write: check on every request.
            index_refresh: Duration::ZERO,
            map: MapConfig::default(),
            basemap_pmtiles: None,
            join: JoinSettings::new(
                "http://127.0.0.1:8080",
                FormKey::new(b"test form key"),
                crate::data_key::DataKey::new(&TEST_DATA_KEY).outbox_key(),
            ),
            mail: MailSettings::default(),
            auth: AuthSettings::new(b"test jwt key".to_vec()),
            write_burst: 30,
            proxy_trust: crate::client_address::ProxyTrust::default(),
            write_period: Duration::from_secs(2),
            read_burst: 600,
            read_period: Duration::from_millis(50),
            maintenance_interval: Duration::from_secs(3600),
            link_checks: LinkCheckSettings {
                interval: None,
                per_pass: 20,
                timeout: crate::link_check::TIMEOUT,
                allowed: Vec::new(),
            },
            digest_interval: None,
            timeouts: Timeouts::default(),
            data_key: crate::data_key::DataKey::new(&TEST_DATA_KEY),
        }
    }
}

impl Settings {
    /// Serves the PMTiles archive at `path` as the map's street basemap.
    pub fn set_basemap(&mut self, path: PathBuf) {
        self.map.pmtiles_url = Some(shared::api::PMTILES_PATH.to_owned());
        self.basemap_pmtiles = Some(path);
    }
}

/// Checks that `text` names a readable PMTiles archive (version 3, the one the browser's reader
/// reads), so that a wrong path stops the server at start instead of leaving the map blank.
pub fn parse_basemap_pmtiles(text: &str) -> Result<PathBuf, String> {
    use std::io::Read;
    let path = PathBuf::from(text);
    let mut magic = [0u8; 8];
    std::fs::File::open(&path)
        .and_then(|mut file| file.read_exact(&mut magic))
        .map_err(|e| format!("cannot read the PMTiles archive {text}: {e}"))?;
    match magic {
        [b'P', b'M', b'T', b'i', b'l', b'e', b's', 3] => Ok(path),
        [b'P', b'M', b'T', b'i', b'l', b'e', b's', version] => Err(format!(
            "{text} is a PMTiles archive of version {version}; convert it to version 3 \
             (`pmtiles convert`)"
        )),
        _ => Err(format!("{text} is not a PMTiles archive")),
    }
}

/// Checks an operator's tile URL template: http(s), with `{z}`, `{x}` and `{y}`.
pub fn parse_tile_url(text: &str) -> Result<String, String> {
    let ok = (text.starts_with("https://") || text.starts_with("http://"))
        && ["{z}", "{x}", "{y}"].iter().all(|p| text.contains(p))
        && !text.contains(char::is_whitespace);
    if ok {
        Ok(text.to_owned())
    } else {
        Err("the tile URL must be an http(s) template with {z}, {x} and {y}".to_owned())
    }
}
