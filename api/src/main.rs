//! `solidarity-map`: the server and its administration commands.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use shared::domain::EmailAddress;
use shared::domain::Status;
use solidarity_map::client_address::{ProxyHeader, ProxyTrust};
use solidarity_map::config::{AuthSettings, JoinSettings, MailSettings, Settings, Timeouts};
use solidarity_map::data_key::DataKey;
use solidarity_map::db::{self, DatabaseUrl};
use solidarity_map::secrets::{self, FormKey, OutboxKey};
use solidarity_map::services::transfer::{self, Change};
use solidarity_map::startup::Application;
use solidarity_map::{demo, routes};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "solidarity-map",
    version,
    about = "International Solidarity Map server and tools"
)]
struct Cli {
    /// `sqlite://path/to/file.sqlite3` (created if missing) or `postgres://user:pass@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://var/solidarity-map.sqlite3",
        global = true
    )]
    database_url: String,

    /// The file holding the data key that seals private values (contact addresses, messages,
    /// notes, account addresses): made by `new-data-key`, kept outside the database and its
    /// backups.
    #[arg(long, env = "DATA_KEY_FILE", global = true)]
    data_key_file: Option<PathBuf>,

    /// The data key itself (64 hex digits), when it cannot be a file.
    #[arg(long, env = "DATA_KEY", hide_env_values = true, global = true)]
    data_key: Option<String>,

    #[command(subcommand)]
    command: Command,
}

/// Where the data key comes from.
struct KeySource {
    file: Option<PathBuf>,
    text: Option<String>,
}

impl KeySource {
    fn key(&self) -> anyhow::Result<DataKey> {
        match (&self.file, &self.text) {
            (Some(file), _) => DataKey::read(file),
            (None, Some(text)) => DataKey::parse(text).context("DATA_KEY"),
            (None, None) => anyhow::bail!(
                "no data key: private values (contact addresses, messages, notes) are stored \
                 sealed under a key kept outside the database. Make one with \
                 `solidarity-map new-data-key /etc/solidarity-map/data-key` and set \
                 DATA_KEY_FILE to its path (README, \"The data key\")"
            ),
        }
    }
}

/// Joining the map and keeping entries up to date.
#[derive(clap::Args)]
struct JoinArgs {
    /// Where people reach the site; links in e-mails start with it.
    #[arg(long, env = "PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    public_url: String,
    /// Key that signs form tokens and access tokens (at least 32 characters). Set the same one
    /// on every server behind a load balancer; unset, each process makes a random one at start
    /// (sessions and open forms end at a restart). E-mails waiting in the outbox are sealed
    /// under the data key.
    #[arg(long, env = "SECRET_KEY", hide_env_values = true)]
    secret_key: Option<String>,
    /// Seconds a form must be open before it is sent.
    #[arg(long, env = "MIN_FILL_SECS", default_value_t = shared::api::MIN_FILL_SECONDS)]
    min_fill_secs: u64,
    /// Entries not confirmed as still active for this many days are hidden until they are.
    #[arg(long, env = "CONSENT_PERIOD_DAYS", default_value_t = 365)]
    consent_period_days: u64,
    /// The reminder goes out this many days before.
    #[arg(long, env = "REMINDER_LEAD_DAYS", default_value_t = 30)]
    reminder_lead_days: u64,
}

impl JoinArgs {
    /// A key for `purpose`, derived from SECRET_KEY (or random when it is unset).
    fn key(&self, purpose: &str) -> anyhow::Result<Vec<u8>> {
        match &self.secret_key {
            Some(key) if key.len() >= 32 => Ok(secrets::derive_key(key.as_bytes(), purpose)),
            Some(_) => anyhow::bail!("SECRET_KEY must be at least 32 characters"),
            None => secrets::random_key(),
        }
    }

    /// The settings, with the outbox sealed under `data_key`.
    fn settings(&self, data_key: &DataKey) -> anyhow::Result<JoinSettings> {
        let key = FormKey::new(&self.key("form tokens")?);
        // Before the data key, bodies were sealed under a key derived from SECRET_KEY: those
        // still queued are moved over at start.
        let previous_outbox_key = match &self.secret_key {
            Some(secret) if secret.len() >= 32 => Some(OutboxKey::new(&secrets::derive_key(
                secret.as_bytes(),
                "outbox e-mail",
            ))),
            _ => None,
        };
        const DAY: u64 = 24 * 3600;
        Ok(JoinSettings {
            min_fill: Duration::from_secs(self.min_fill_secs),
            consent_period: Duration::from_secs(self.consent_period_days * DAY),
            reminder_lead: Duration::from_secs(self.reminder_lead_days * DAY),
            previous_outbox_key,
            ..JoinSettings::new(&self.public_url, key, data_key.outbox_key())
        })
    }
}

/// Outgoing e-mail.
#[derive(clap::Args)]
struct MailArgs {
    /// `smtp://host:25`, `smtp://user:password@host:587?tls=required` or `smtps://…`. Unset,
    /// e-mails wait in the outbox.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "International Solidarity Map <noreply@localhost.localdomain>"
    )]
    mail_from: String,
    /// Comma-separated addresses that receive deletion requests and messages for Jerusalem
    /// organisations.
    #[arg(long, env = "MODERATOR_EMAILS", value_delimiter = ',')]
    moderator_emails: Vec<String>,
    /// First retry after a failed send (seconds); each next one waits twice as long.
    #[arg(long, env = "OUTBOX_RETRY_SECS", default_value_t = 30)]
    outbox_retry_secs: u64,
}

impl MailArgs {
    fn settings(&self) -> anyhow::Result<MailSettings> {
        let moderators = self
            .moderator_emails
            .iter()
            .filter(|e| !e.trim().is_empty())
            .map(|e| {
                EmailAddress::parse(e).map_err(|v| anyhow::anyhow!("MODERATOR_EMAILS: {e}: {v}"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        self.mail_from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM: {e}"))?;
        Ok(MailSettings {
            smtp_url: self.smtp_url.clone(),
            from: self.mail_from.clone(),
            moderators,
            retry_base: Duration::from_secs(self.outbox_retry_secs.max(1)),
            ..MailSettings::default()
        })
    }
}

/// How long a client may take to send a request.
#[derive(clap::Args)]
struct TimeoutArgs {
    /// Seconds from a connection's first byte to the end of the request headers.
    #[arg(long, env = "HEADER_TIMEOUT_SECS", default_value_t = 5)]
    header_timeout_secs: u64,
    /// Seconds from the end of the headers to the end of the request body.
    #[arg(long, env = "BODY_TIMEOUT_SECS", default_value_t = 20)]
    body_timeout_secs: u64,
    /// The same for the admin import's files (up to 10 MiB).
    #[arg(long, env = "IMPORT_BODY_TIMEOUT_SECS", default_value_t = 300)]
    import_body_timeout_secs: u64,
}

impl TimeoutArgs {
    fn settings(&self) -> Timeouts {
        Timeouts {
            headers: Duration::from_secs(self.header_timeout_secs.max(1)),
            body: Duration::from_secs(self.body_timeout_secs.max(1)),
            import_body: Duration::from_secs(self.import_body_timeout_secs.max(1)),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FileFormat {
    Csv,
    Geojson,
}

// Parsed once at start; boxing the big variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (applies pending migrations first).
    Serve {
        #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// The built web app.
        #[arg(long, env = "STATIC_DIR", default_value = "web/dist")]
        static_dir: PathBuf,
        #[arg(long, env = "DATABASE_POOL_SIZE", default_value_t = 16)]
        pool_size: u32,
        /// HTTP worker threads (0: one per core).
        #[arg(long, env = "HTTP_WORKERS", default_value_t = 0)]
        workers: usize,
        /// How often (milliseconds) the in-memory index checks the database for changes made
        /// by other processes or instances.
        #[arg(long, env = "INDEX_REFRESH_MS", default_value_t = 100)]
        index_refresh_ms: u64,
        /// Raster tiles under the map, e.g. `https://tiles.example.org/{z}/{x}/{y}.png`. Unset
        /// (the default), the map loads nothing from any other server.
        #[arg(long, env = "TILE_URL", value_parser = solidarity_map::config::parse_tile_url)]
        tile_url: Option<String>,
        /// The attribution the tile provider requires.
        #[arg(long, env = "TILE_ATTRIBUTION")]
        tile_attribution: Option<String>,
        /// A street basemap served by this server from one file: vector tiles in a PMTiles
        /// archive (e.g. an OpenStreetMap extract of your region; README, "A street basemap").
        /// Unset, the map shows country outlines and GeoNames place names.
        #[arg(long, env = "BASEMAP_PMTILES", value_parser = solidarity_map::config::parse_basemap_pmtiles)]
        basemap_pmtiles: Option<PathBuf>,
        #[command(flatten)]
        join: JoinArgs,
        #[command(flatten)]
        mail: MailArgs,
        /// Admins must set up two-factor sign-in (TOTP) before they can do anything else.
        #[arg(long, env = "REQUIRE_TOTP_FOR_ADMINS", default_value_t = false)]
        require_totp_for_admins: bool,
        /// Lifetime of an access token, in minutes (1 to 15).
        #[arg(long, env = "ACCESS_TOKEN_MINUTES", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=15))]
        access_token_minutes: u64,
        /// The reverse proxies in front of this server, as addresses or CIDR ranges separated by
        /// commas (`127.0.0.1,::1`, `10.0.0.0/8`): only requests from them have their forwarding
        /// header believed, and only as far as they wrote it. Unset: no header is believed.
        #[arg(long, env = "TRUSTED_PROXIES", default_value = "")]
        trusted_proxies: String,
        /// Which header those proxies set: `x-forwarded-for` (with `X-Forwarded-Proto`) or
        /// `forwarded` (RFC 7239). The other is ignored.
        #[arg(long, env = "PROXY_HEADER", default_value = "x-forwarded-for")]
        proxy_header: ProxyHeader,
        /// Replaced by TRUSTED_PROXIES: believing any peer's header let clients choose their address.
        #[arg(long, env = "TRUST_X_FORWARDED_FOR", hide = true)]
        trust_x_forwarded_for: Option<String>,
        /// Writes (POST…) one client address may make at once before it is slowed down.
        #[arg(long, env = "WRITE_BURST", default_value_t = 10)]
        write_burst: u32,
        /// After the burst, one more write per this many seconds.
        #[arg(long, env = "WRITE_PERIOD_SECS", default_value_t = 6)]
        write_period_secs: u64,
        /// Public API reads one client address may make at once before it is slowed down
        /// (0: no limit, e.g. for a load test).
        #[arg(long, env = "READ_BURST", default_value_t = 600)]
        read_burst: u32,
        /// After the burst, this many reads per second.
        #[arg(long, env = "READS_PER_SECOND", default_value_t = 20)]
        reads_per_second: u32,
        /// How often (seconds) dated changes are applied: consent reminders and expiry, the end
        /// of an owner's hiding.
        #[arg(long, env = "MAINTENANCE_INTERVAL_SECS", default_value_t = 3600)]
        maintenance_interval_secs: u64,
        /// How often (seconds) a few listed links are checked in the background (0: never).
        /// Each link is checked at most once every 30 days while it works.
        #[arg(long, env = "LINK_CHECK_INTERVAL_SECS", default_value_t = 60)]
        link_check_interval_secs: u64,
        /// Links checked in one pass at most.
        #[arg(long, env = "LINK_CHECKS_PER_PASS", default_value_t = 20)]
        link_checks_per_pass: i64,
        /// Addresses the link checker may fetch although they are not public (comma-separated
        /// IPs). For tests and closed networks only: by default no private or local address is
        /// ever fetched.
        #[arg(long, env = "LINK_CHECK_ALLOW", value_delimiter = ',')]
        link_check_allow: Vec<std::net::IpAddr>,
        /// How often (seconds) the digest of new calls to action goes to the groups twinned
        /// with Jerusalem organisations (0: never). Each group gets at most one a day.
        #[arg(long, env = "DIGEST_INTERVAL_SECS", default_value_t = 3600)]
        digest_interval_secs: u64,
        #[command(flatten)]
        timeouts: TimeoutArgs,
    },
    /// Create an admin (or moderator) account. The password is read from standard input when it
    /// is not a terminal, otherwise asked for twice without echo; never from the command line.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// Apply dated changes once: consent reminders and expiry, the end of an owner's hiding.
    Maintain {
        #[command(flatten)]
        join: JoinArgs,
    },
    /// Send the digest of new calls to action once (each group at most one a day).
    SendDigests {
        #[command(flatten)]
        join: JoinArgs,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Print the OpenAPI document (YAML), or write it to a file.
    Openapi {
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Replace the demo data with COUNT synthetic organisations, or remove it.
    SeedDemo {
        #[arg(long, default_value_t = 400)]
        count: usize,
        /// Published upcoming events among them (default: one per twenty organisations).
        #[arg(long)]
        events: Option<usize>,
        /// Remove every demo row instead.
        #[arg(long)]
        remove: bool,
    },
    /// Add COUNT pending submissions (half of them obvious spam), to try moderation at scale.
    SeedSubmissions {
        #[arg(long, default_value_t = 1000)]
        count: usize,
    },
    /// Import organisations from a CSV or GeoJSON file (matched by id, then slug).
    Import {
        file: PathBuf,
        /// Defaults to the file's extension.
        #[arg(long)]
        format: Option<FileFormat>,
        /// Report what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Status of created entries.
        #[arg(long, default_value = "published", value_parser = parse_status)]
        status: Status,
    },
    /// Write a Brotli-compressed copy (`name.br`) beside every compressible file of the built
    /// web app, which the server then sends to browsers that accept Brotli.
    Precompress {
        #[arg(default_value = "web/dist")]
        dir: PathBuf,
    },
    /// Copy the live SQLite database, while the server runs, into a new file (one consistent
    /// snapshot, checked). For PostgreSQL use pg_dump.
    Backup { output: PathBuf },
    /// Check a database file (e.g. a backup before restoring it) with SQLite's integrity check.
    CheckBackup { file: PathBuf },
    /// Write a new random data key (for DATA_KEY_FILE) to `output`, readable by its owner only.
    /// Keep it apart from the database and its backups: one without the other reads nothing.
    NewDataKey { output: PathBuf },
    /// Move every private value from the current data key (DATA_KEY_FILE or DATA_KEY) to the
    /// one in `new_key_file`, in one transaction: interrupted, nothing has changed. Stop the
    /// servers first; start them again with the new key.
    RotateDataKey { new_key_file: PathBuf },
    /// Export every published organisation (public fields only).
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: FileFormat,
        /// Defaults to standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text).ok_or_else(|| {
        format!("{text} is not one of pending, published, rejected, hidden, archived")
    })
}

fn progress_bar(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template(&format!("{{bar:40}} {{pos}}/{{len}} {what} ({{eta}} left)"))
    {
        bar.set_style(style);
    }
    bar
}

/// A new password: from standard input when it is not a terminal (one line), otherwise typed
/// twice without echo.
fn read_new_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password (12 characters or more): ")?;
        let second = rpassword::prompt_password("Again: ")?;
        anyhow::ensure!(first == second, "the two passwords differ");
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    shared::api::auth::new_password(&password).map_err(|e| anyhow::anyhow!("password: {e}"))?;
    Ok(password)
}

fn open(url: &DatabaseUrl) -> anyhow::Result<db::DbPool> {
    let pool = db::connect(url, 2)?;
    let mut conn = pool.get().context("connecting to the database")?;
    db::run_migrations(&mut conn)?;
    Ok(pool)
}

/// [`open`], for a command that reads or writes private values: with the data key checked
/// against the database and installed.
fn open_private(url: &DatabaseUrl, key: &DataKey) -> anyhow::Result<db::DbPool> {
    let pool = open(url)?;
    solidarity_map::startup::open_private_values(&mut *pool.get()?, key)?;
    Ok(pool)
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let url = DatabaseUrl::parse(&cli.database_url)?;
    let keys = KeySource {
        file: cli.data_key_file.clone(),
        text: cli.data_key.clone(),
    };
    match cli.command {
        Command::Serve {
            bind,
            static_dir,
            pool_size,
            workers,
            index_refresh_ms,
            tile_url,
            tile_attribution,
            basemap_pmtiles,
            join,
            mail,
            require_totp_for_admins,
            access_token_minutes,
            trusted_proxies,
            proxy_header,
            trust_x_forwarded_for,
            write_burst,
            write_period_secs,
            read_burst,
            reads_per_second,
            maintenance_interval_secs,
            link_check_interval_secs,
            link_checks_per_pass,
            link_check_allow,
            digest_interval_secs,
            timeouts,
        } => {
            if trust_x_forwarded_for.is_some() {
                anyhow::bail!(
                    "TRUST_X_FORWARDED_FOR is gone: it believed forwarding headers from anyone. \
                     Name your reverse proxies instead, e.g. TRUSTED_PROXIES=127.0.0.1,::1 \
                     (README, \"Behind a reverse proxy\")"
                );
            }
            let data_key = keys.key()?;
            let settings = Settings {
                database_url: url.clone(),
                bind,
                static_dir,
                pool_size,
                workers,
                index_refresh: std::time::Duration::from_millis(index_refresh_ms),
                map: shared::api::MapConfig {
                    tile_url,
                    tile_attribution,
                    pmtiles_url: basemap_pmtiles
                        .as_ref()
                        .map(|_| shared::api::PMTILES_PATH.to_owned()),
                },
                basemap_pmtiles,
                auth: AuthSettings {
                    require_totp_for_admins,
                    access_ttl: Duration::from_secs(access_token_minutes * 60),
                    ..AuthSettings::new(join.key("access tokens")?)
                },
                join: join.settings(&data_key)?,
                mail: mail.settings()?,
                write_burst: write_burst.max(1),
                proxy_trust: ProxyTrust {
                    proxies: ProxyTrust::parse_proxies(&trusted_proxies)
                        .map_err(|e| anyhow::anyhow!("TRUSTED_PROXIES: {e}"))?,
                    header: proxy_header,
                },
                write_period: Duration::from_secs(write_period_secs.max(1)),
                read_burst,
                read_period: Duration::from_millis(1000 / u64::from(reads_per_second.max(1))),
                maintenance_interval: Duration::from_secs(maintenance_interval_secs.max(1)),
                link_checks: solidarity_map::config::LinkCheckSettings {
                    interval: (link_check_interval_secs > 0)
                        .then(|| Duration::from_secs(link_check_interval_secs)),
                    per_pass: link_checks_per_pass.max(1),
                    timeout: solidarity_map::link_check::TIMEOUT,
                    allowed: link_check_allow,
                },
                digest_interval: (digest_interval_secs > 0)
                    .then(|| Duration::from_secs(digest_interval_secs)),
                timeouts: timeouts.settings(),
                data_key,
            };
            let app = Application::build(&settings)?;
            tracing::info!(database = %db::redact(&url), "listening on http://{}:{}", bind.ip(), app.port());
            app.run_until_stopped().await?;
        }
        Command::Maintain { join } => {
            let data_key = keys.key()?;
            let settings = join.settings(&data_key)?;
            let pool = open_private(&url, &data_key)?;
            let report = solidarity_map::services::maintenance::maintain(
                &mut *pool.get()?,
                &settings,
                db::models::now(),
            )
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            eprintln!(
                "{} reminder(s) queued, {} entr(ies) hidden for expired consent, {} shown again after their owner's hiding",
                report.reminded, report.hidden_for_consent, report.shown_after_owner_hiding
            );
        }
        Command::SendDigests { join } => {
            let data_key = keys.key()?;
            let settings = join.settings(&data_key)?;
            let pool = open_private(&url, &data_key)?;
            let report = solidarity_map::services::calls_to_action::send_digests(
                &mut *pool.get()?,
                &settings,
                db::models::now(),
            )
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            eprintln!(
                "{} digest(s) queued with {} call(s) to action",
                report.sent, report.asks
            );
        }
        Command::CreateAdmin { email, role } => {
            let email = EmailAddress::parse(&email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
            let role = shared::api::auth::Role::parse(&role)
                .ok_or_else(|| anyhow::anyhow!("--role must be admin or moderator"))?;
            let password = read_new_password()?;
            let pool = open_private(&url, &keys.key()?)?;
            let id = solidarity_map::auth::session::create_user(
                &mut *pool.get()?,
                email.as_str(),
                role,
                &password,
            )
            .map_err(|e| anyhow::anyhow!("{e}: {:?}", e.problem().detail))?;
            eprintln!(
                "created {} {} ({id})",
                role.as_str(),
                email.as_str().to_lowercase()
            );
        }
        Command::Migrate => {
            let pool = db::connect(&url, 1)?;
            let applied = db::run_migrations(&mut *pool.get()?)?;
            eprintln!("applied {applied} migration(s) to {}", db::redact(&url));
        }
        Command::Openapi { output } => {
            let yaml = routes::openapi_yaml()?;
            match output {
                Some(path) => std::fs::write(&path, yaml)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => std::io::stdout().write_all(yaml.as_bytes())?,
            }
        }
        Command::SeedDemo {
            count,
            events,
            remove,
        } => {
            let pool = open_private(&url, &keys.key()?)?;
            let mut conn = pool.get()?;
            if remove {
                let removed = demo::remove(&mut conn)?;
                eprintln!("removed {removed} demo organisation(s)");
            } else {
                let started = Instant::now();
                let bar = progress_bar(count, "organisations");
                let events = events.unwrap_or_else(|| demo::default_event_count(count));
                let written = demo::seed(&mut conn, count, events, || bar.inc(1))?;
                bar.finish_and_clear();
                eprintln!(
                    "seeded {written} demo organisations and {events} events in {:.2} s ({})",
                    started.elapsed().as_secs_f64(),
                    db::redact(&url)
                );
            }
        }
        Command::SeedSubmissions { count } => {
            let pool = open_private(&url, &keys.key()?)?;
            let mut conn = pool.get()?;
            let started = Instant::now();
            let ids = demo::seed_submissions(&mut conn, count)?;
            eprintln!(
                "added {} pending submissions in {:.2} s ({})",
                ids.len(),
                started.elapsed().as_secs_f64(),
                db::redact(&url)
            );
        }
        Command::Import {
            file,
            format,
            dry_run,
            status,
        } => {
            let mut bytes = Vec::new();
            std::fs::File::open(&file)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .with_context(|| format!("reading {}", file.display()))?;
            let format = format.unwrap_or_else(|| {
                let ext = file
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if ext == "geojson" || ext == "json" {
                    FileFormat::Geojson
                } else {
                    FileFormat::Csv
                }
            });
            let records = match format {
                FileFormat::Csv => transfer::read_csv(&bytes)?,
                FileFormat::Geojson => transfer::read_geojson(&bytes)?,
            };
            let pool = open_private(&url, &keys.key()?)?;
            let mut conn = pool.get()?;
            let plan = transfer::plan_import(&mut conn, records)?;
            for planned in &plan.changes {
                let record = &planned.record;
                match &planned.change {
                    Change::Invalid(errors) => {
                        for e in errors {
                            println!(
                                "record {}: invalid {}: {} ({})",
                                record.number, e.field, e.message, e.rule
                            );
                        }
                    }
                    Change::Create(id) if dry_run => println!(
                        "record {}: would create {id} ({})",
                        record.number, record.draft.name
                    ),
                    Change::Update(id) if dry_run => println!(
                        "record {}: would update {id} ({})",
                        record.number, record.draft.name
                    ),
                    _ => {}
                }
                if planned.held_by_crisis(status) {
                    println!(
                        "record {}: {} hidden: an active crisis covers it ({})",
                        record.number,
                        if dry_run { "would stay" } else { "stays" },
                        record.draft.name
                    );
                }
            }
            println!(
                "{}{}",
                if dry_run { "dry run: " } else { "" },
                plan.summary()
            );
            if !dry_run {
                let bar = progress_bar(plan.changes.len(), "records");
                let (created, updated) =
                    transfer::apply_import(&mut conn, &plan, status, || bar.inc(1))?;
                bar.finish_and_clear();
                println!("created {created}, updated {updated}");
            }
        }
        Command::Precompress { dir } => {
            let (files, before, after) = solidarity_map::assets::precompress(&dir)?;
            eprintln!("compressed {files} files: {before} bytes to {after} bytes");
        }
        Command::Backup { output } => {
            let pool = db::connect(&url, 1)?;
            solidarity_map::backup::backup(&mut *pool.get()?, &output)?;
            eprintln!("backup written and checked: {}", output.display());
        }
        Command::NewDataKey { output } => {
            let key = solidarity_map::data_key::write_new(&output)?;
            eprintln!(
                "new data key {} written to {}",
                key.fingerprint(),
                output.display()
            );
        }
        Command::RotateDataKey { new_key_file } => {
            let (old, new) = (keys.key()?, DataKey::read(&new_key_file)?);
            anyhow::ensure!(
                old.fingerprint() != new.fingerprint(),
                "the new key is the current one ({})",
                old.fingerprint()
            );
            let pool = open_private(&url, &old)?;
            let mut conn = pool.get()?;
            let bar = progress_bar(
                usize::try_from(db::models::private_values::row_count(&mut conn)?).unwrap_or(0),
                "values",
            );
            let moved = db::write_transaction(&mut conn, |conn| {
                db::models::private_values::rotate(conn, &old, &new, &|rows| bar.inc(rows))
            })?;
            bar.finish_and_clear();
            db::checkpoint(&mut conn)?;
            eprintln!(
                "moved {moved} private values from data key {} to {}; start the servers with the new key",
                old.fingerprint(),
                new.fingerprint()
            );
        }
        Command::CheckBackup { file } => {
            solidarity_map::backup::check(&file)?;
            eprintln!("{}: integrity check ok", file.display());
        }
        Command::Export { format, output } => {
            let pool = open(&url)?;
            let items = transfer::all_published(&mut *pool.get()?)?;
            let bytes = match format {
                FileFormat::Csv => {
                    transfer::csv_bytes(&items).map_err(|e| anyhow::anyhow!("{e}"))?
                }
                FileFormat::Geojson => {
                    serde_json::to_vec_pretty(&transfer::feature_collection(&items, None))?
                }
            };
            match output {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => std::io::stdout().write_all(&bytes)?,
            }
            eprintln!("exported {} organisation(s)", items.len());
        }
    }
    Ok(())
}
