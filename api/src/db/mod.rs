//! Database access: one connection type for both backends, the pool, migrations, and the
//! queries (in `models`, one file per table family).

pub mod models;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// A connection to whichever backend `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs `work` with a pooled connection on actix's blocking thread pool, so database calls
/// never stall the async workers.
pub async fn with_db<T, F>(
    pool: &actix_web::web::Data<DbPool>,
    work: F,
) -> Result<T, crate::error::ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, crate::error::ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get().map_err(|e| {
            crate::error::ApiError::Unavailable(
                anyhow::Error::new(e).context("taking a database connection"),
            )
        })?;
        work(&mut conn)
    })
    .await?
}

/// The shared id types write their text themselves on each backend; a `MultiBackend` bind hands
/// the value to whichever backend is in use (diesel's documented way for custom types). The text
/// enums need nothing here: they write a `&'static str`, which every backend binds.
macro_rules! ids_bind_on_any_backend {
    ($($id:ty),+ $(,)?) => {$(
        impl diesel::serialize::ToSql<diesel::sql_types::Text, MultiBackend> for $id {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((diesel::sql_types::Text, self));
                Ok(diesel::serialize::IsNull::No)
            }
        }
    )+};
}

ids_bind_on_any_backend!(
    shared::domain::OrganizationId,
    shared::domain::SubmissionId,
    shared::domain::UserId,
    shared::domain::ResourceId,
    shared::domain::PartnershipId,
    shared::domain::ContactMessageId,
    shared::domain::OutboxId,
    shared::domain::CrisisId,
    shared::domain::AuditId,
    shared::domain::ReportId,
    shared::domain::RejectionBatchId,
    shared::domain::EventId,
    shared::domain::CallToActionId,
);

/// Runs a query on the concrete connection, for the few statements diesel cannot build for
/// `MultiBackend` (multi-row INSERT: SQLite and PostgreSQL spell it differently).
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $query:expr) => {
        match $conn {
            $crate::db::AnyConnection::Sqlite($c) => $query,
            $crate::db::AnyConnection::Postgresql($c) => $query,
        }
    };
}

pub type DbPool = Pool<ConnectionManager<AnyConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<AnyConnection>>;

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// Accepts `postgres://…`/`postgresql://…`, `sqlite://path`, `sqlite:path` or a bare path.
    pub fn parse(input: &str) -> anyhow::Result<Self> {
        if input.starts_with("postgres://") || input.starts_with("postgresql://") {
            return Ok(Self::Postgres(input.to_owned()));
        }
        let path = input
            .strip_prefix("sqlite://")
            .or_else(|| input.strip_prefix("sqlite:"))
            .unwrap_or(input);
        anyhow::ensure!(!path.is_empty(), "DATABASE_URL names no SQLite file");
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, Self::Sqlite(_))
    }

    fn connection_string(&self) -> String {
        match self {
            Self::Sqlite(path) => path.to_string_lossy().into_owned(),
            Self::Postgres(url) => url.clone(),
        }
    }
}

/// Settings every SQLite connection needs. WAL lets readers run beside the one writer;
/// `synchronous = FULL` makes every acknowledged commit survive a power cut; the busy timeout
/// makes a writer wait for another instead of failing; `secure_delete` overwrites deleted
/// content with zeros, so that a deleted or sealed secret does not linger in the file's free
/// space (nor in a backup copied from it).
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        if let AnyConnection::Sqlite(sqlite) = conn {
            sqlite
                .batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                     PRAGMA secure_delete = ON;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens the pool, creating the SQLite file and its folder if needed.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> anyhow::Result<DbPool> {
    if let DatabaseUrl::Sqlite(path) = url {
        create_parent_dir(path)?;
        // The pool opens its first connections on several threads at once, and switching a new
        // file to WAL needs the database to itself ("database is locked" in the log): one
        // connection does it first (the mode is kept in the file).
        let mut first = AnyConnection::establish(&url.connection_string())
            .with_context(|| format!("opening the database {}", redact(url)))?;
        SqlitePragmas
            .on_acquire(&mut first)
            .with_context(|| format!("setting up the database {}", redact(url)))?;
    }
    let manager = ConnectionManager::<AnyConnection>::new(url.connection_string());
    Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(SqlitePragmas))
        .build(manager)
        .with_context(|| format!("opening the database {}", redact(url)))
}

fn create_parent_dir(path: &Path) -> anyhow::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the data directory {}", dir.display())),
        _ => Ok(()),
    }
}

/// The URL without its password, for logs.
pub fn redact(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => format!("sqlite:{}", path.display()),
        DatabaseUrl::Postgres(text) => match (text.find("://"), text.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                format!("{}://***{}", &text[..scheme_end], &text[at..])
            }
            _ => text.clone(),
        },
    }
}

/// Applies every pending migration of the connection's backend; returns how many ran.
pub fn run_migrations(conn: &mut AnyConnection) -> anyhow::Result<usize> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        AnyConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    };
    applied.map_err(|e| anyhow::anyhow!("applying migrations: {e}"))
}

/// SQLite: copies the WAL into the database file and empties it, so that what an update
/// replaced is gone from the WAL too. PostgreSQL: nothing to do.
pub fn checkpoint(conn: &mut AnyConnection) -> QueryResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)"),
        AnyConnection::Postgresql(_) => Ok(()),
    }
}

/// Checks the database answers, for `/readyz`.
pub fn ping(conn: &mut AnyConnection) -> QueryResult<()> {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>("1"))
        .execute(conn)
        .map(|_| ())
}

/// First in every write transaction ([`write_transaction`]): transactions that read before they
/// write (a free slug, a status to check) take turns, on both backends alike. SQLite gives the
/// write lock only at a transaction's first write, and refuses it at once (no busy wait) when
/// another writer committed after the transaction started reading, so a no-op write comes
/// first. PostgreSQL takes a transaction-scoped advisory lock (the change-log triggers take the
/// same one, migration 000006).
fn lock_for_write(conn: &mut AnyConnection) -> QueryResult<()> {
    let statement = match conn {
        AnyConnection::Sqlite(_) => "UPDATE data_version SET version = version WHERE id = 1",
        AnyConnection::Postgresql(_) => "SELECT pg_advisory_xact_lock(5170)",
    };
    diesel::sql_query(statement).execute(conn).map(|_| ())
}

/// Writers in this process queue here, first come first served, before the database's own
/// lock. SQLite's busy handler makes a waiting writer sleep in growing steps (up to 100 ms) and
/// lets whoever asks at the right moment go first, so under many concurrent writes some writers
/// waited seconds (BENCHMARKS.md, "Mixed load"). PostgreSQL's lock queue is already fair.
static WRITERS: parking_lot::FairMutex<()> = parking_lot::const_fair_mutex(());

/// How long a writer waits for its turn: SQLite's `busy_timeout`.
const WRITE_QUEUE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

thread_local! {
    /// Whether this thread holds [`WRITERS`], so that a write transaction opened inside another
    /// one (a savepoint) does not wait for itself.
    static HOLDS_WRITE_TURN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

struct WriteTurn {
    _queue: parking_lot::FairMutexGuard<'static, ()>,
}

impl Drop for WriteTurn {
    fn drop(&mut self) {
        HOLDS_WRITE_TURN.with(|holds| holds.set(false));
    }
}

/// Runs `work` in a write transaction: this process's writers take turns (see [`WRITERS`]),
/// then [`lock_for_write`]. Every write transaction goes through here.
pub fn write_transaction<T, E, F>(conn: &mut AnyConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let needs_turn =
        matches!(conn, AnyConnection::Sqlite(_)) && !HOLDS_WRITE_TURN.with(std::cell::Cell::get);
    let _turn = if needs_turn {
        // As long as SQLite's own busy timeout: when another process (an import, a seed) holds
        // the database, the queue gives up like the database would (503), instead of every
        // writer behind the first waiting its own turn of the timeout while holding a
        // connection the pool needs.
        let Some(guard) = WRITERS.try_lock_for(WRITE_QUEUE_TIMEOUT) else {
            return Err(E::from(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::Unknown,
                Box::new("database is locked (writers queued too long)".to_owned()),
            )));
        };
        HOLDS_WRITE_TURN.with(|holds| holds.set(true));
        Some(WriteTurn { _queue: guard })
    } else {
        None
    };
    conn.transaction(|conn| {
        lock_for_write(conn)?;
        work(conn)
    })
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on both backends for the ASCII of host names.
    fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// Text for a `LIKE … ESCAPE '\'` pattern: `%`, `_` and `\` match themselves.
pub fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
