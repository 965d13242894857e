//! The local database of OCOP Desk: one SQLite file (`ocop.sqlite3`) in the data folder, opened
//! with sqlx in WAL mode, with forward-only migrations embedded in the binary, a change log written
//! in the same transaction as every change (for a later sync), content-addressed attachments,
//! versioned reference data, backup/restore, CSV import and the demo data set.
//!
//! The main type is [`Store`]; records are the wire models of [`ocop_domain::model`]; errors are
//! [`StoreError`], each with a stable [`StoreError::code`] and a Vietnamese
//! [`StoreError::message_vi`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), ocop_store::StoreError> {
//! use ocop_store::{Store, StoreOptions};
//! let store = Store::open(std::path::Path::new("/tmp/ocop-data"), StoreOptions::default()).await?;
//! let hits = store.search_producers("che tan cuong").await?;
//! println!("{} producers, schema {}", hits.len(), store.schema_version().await?);
//! # Ok(()) }
//! ```

mod agenda;
mod attachments;
mod attendance;
mod backup;
mod certificates;
mod changelog;
mod conflicts;
mod councils;
mod demo;
mod result_events;
mod score_sheets;
mod scorer;
mod session_types;
mod sessions;
mod tally;
pub use backup::BackupManifest;
pub use certificates::{
    Certificate, CertificateIssuer, CertificateQuery, CertificateRevocation, Deadline, Decision,
    ExtendInput, ExternalCertificate, IssueItem, IssuerInfo, LegacyImport, RevocationImport,
    RevokeInput,
};
pub use changelog::Change;
pub use councils::{Council, CouncilMember};
pub use demo::DemoCounts;
pub use ocop_domain::certificate::{
    CertificateError, CertificateStatus, Origin, EXTENSION_MAX_DAYS, WINDOW_CLOSES_DAYS,
    WINDOW_OPENS_DAYS,
};
pub use reference::Succession;
pub use score_sheets::sheet_preview;
pub use scorer::Scorer;
pub use session_types::{
    AgendaItem, ConflictDecl, DisqualifyOption, LockedResult, MemberStatus, Offer, QuorumState,
    ResultEvent, RoundResult, Session, SessionInput, SessionMember, SessionSummary, SheetInput,
    SheetView, TallyItem, MODES,
};
mod dossiers;
mod error;
mod import;
mod misc;
mod producers;
mod products;
mod reference;
mod tombstone;
mod workflow;
pub use workflow::{SelfAssessmentInput, SelfAssessmentScore, SelfAssessmentView};

pub use error::StoreError;
pub use ocop_domain::model;

use ocop_domain::ids::{timestamp, Clock, DeviceId, IdSource, SystemClock, UuidV7Ids};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Name of the database file inside the data folder.
pub const DB_FILE: &str = "ocop.sqlite3";

/// The migrations embedded in this binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How a store is opened: the clock and id source to use (real ones by default; tests pass fakes).
#[derive(Clone)]
pub struct StoreOptions {
    /// Tells the time for `created_at`, `updated_at`, the change log and code years.
    pub clock: Arc<dyn Clock>,
    /// Makes record ids.
    pub ids: Arc<dyn IdSource>,
    /// Connections in the pool (readers run in parallel under WAL; writers take turns).
    pub max_connections: u32,
    /// How long a writer waits for another writer before failing.
    pub busy_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            ids: Arc::new(UuidV7Ids),
            max_connections: 4,
            busy_timeout: Duration::from_secs(30),
        }
    }
}

impl std::fmt::Debug for StoreOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreOptions")
            .field("max_connections", &self.max_connections)
            .field("busy_timeout", &self.busy_timeout)
            .finish_non_exhaustive()
    }
}

struct Inner {
    pool: SqlitePool,
    data_dir: PathBuf,
    device_id: DeviceId,
    opts: StoreOptions,
}

/// An open OCOP Desk database. Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("data_dir", &self.inner.data_dir)
            .field("device_id", &self.inner.device_id)
            .finish()
    }
}

/// The newest schema version (migration number) this binary knows.
pub fn supported_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

fn connect_options(db: &Path, busy: Duration) -> SqliteConnectOptions {
    // synchronous=FULL: with WAL, NORMAL would already survive a killed process, but a power cut
    // could lose the last acknowledged commits. An officer's typed-in dossier is worth the extra
    // fsync per commit; bulk imports run in one transaction, so they pay it once.
    SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(busy)
}

/// Newest applied migration of an open database, 0 when none.
async fn applied_version(pool: &SqlitePool) -> Result<i64> {
    let has: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(pool)
    .await?;
    if has == 0 {
        return Ok(0);
    }
    let v: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(pool)
            .await?;
    Ok(v.unwrap_or(0))
}

fn file_stamp(t: time::OffsetDateTime) -> String {
    timestamp(t).replace([':', '-', '.'], "")
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, applies pending migrations after
    /// copying the file to `backups/pre-migration-<version>-<timestamp>.sqlite3`, and loads or
    /// upgrades the shipped reference data. A database with a migration newer than this binary
    /// knows is refused with [`StoreError::TooNew`] and left untouched.
    pub async fn open(data_dir: &Path, opts: StoreOptions) -> Result<Store> {
        for d in [
            data_dir.to_path_buf(),
            data_dir.join("attachments"),
            data_dir.join("backups"),
        ] {
            std::fs::create_dir_all(&d).map_err(|e| StoreError::io(&d, e))?;
        }
        let db = data_dir.join(DB_FILE);
        let pool = SqlitePoolOptions::new()
            .max_connections(opts.max_connections.max(1))
            .connect_with(connect_options(&db, opts.busy_timeout))
            .await?;
        let applied = applied_version(&pool).await?;
        let supported = supported_schema_version();
        if applied > supported {
            pool.close().await;
            return Err(StoreError::TooNew {
                found: applied,
                supported,
            });
        }
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_one(&pool)
        .await?;
        if applied < supported && tables > 0 {
            let name = format!(
                "pre-migration-{applied}-{}.sqlite3",
                file_stamp(opts.clock.now())
            );
            let target = data_dir.join("backups").join(name);
            sqlx::query("VACUUM INTO ?")
                .bind(target.to_string_lossy().into_owned())
                .execute(&pool)
                .await?;
        }
        MIGRATOR.run(&pool).await?;

        let candidate = DeviceId::generate(opts.ids.as_ref()).to_string();
        sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)")
            .bind(&candidate)
            .execute(&pool)
            .await?;
        let device: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'device_id'")
            .fetch_one(&pool)
            .await?;
        let device_id = device
            .parse()
            .map_err(|_| StoreError::field("device_id", "Mã thiết bị lưu trong CSDL bị hỏng."))?;
        let store = Store {
            inner: Arc::new(Inner {
                pool,
                data_dir: data_dir.to_path_buf(),
                device_id,
                opts,
            }),
        };
        store.load_reference_data().await?;
        // Data folders from before migration 0010 kept revocations and a registry of issued
        // certificates beside the keys; the database is their one home now.
        store.import_seal_files().await?;
        Ok(store)
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// The database file.
    pub fn db_path(&self) -> PathBuf {
        self.inner.data_dir.join(DB_FILE)
    }

    /// This installation's device id (generated once, kept in `meta`).
    pub fn device_id(&self) -> DeviceId {
        self.inner.device_id
    }

    /// The connection pool, for read-only diagnostics.
    pub fn pool(&self) -> &SqlitePool {
        &self.inner.pool
    }

    /// The newest migration applied to this database.
    pub async fn schema_version(&self) -> Result<i64> {
        applied_version(&self.inner.pool).await
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub async fn integrity_check(&self) -> Result<String> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.inner.pool)
            .await?;
        Ok(rows.join("; "))
    }

    /// Closes every connection (checkpointing the WAL). Clones of this store stop working.
    pub async fn close(&self) {
        self.inner.pool.close().await;
    }

    pub(crate) fn now(&self) -> String {
        timestamp(self.inner.opts.clock.now())
    }

    /// The store's one clock (`StoreOptions::clock`): every "today" and every timestamp of the
    /// app, the CLI and the store comes from it, so tests and sync can set it.
    pub fn clock(&self) -> &dyn Clock {
        self.inner.opts.clock.as_ref()
    }

    pub(crate) fn new_id(&self) -> String {
        self.inner.opts.ids.new_id().to_string()
    }

    pub(crate) fn device(&self) -> String {
        self.inner.device_id.to_string()
    }

    /// A write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so two writers
    /// (tasks or processes) queue on the busy timeout instead of failing on a lock upgrade.
    pub(crate) async fn write_tx(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.inner.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub(crate) fn attachments_dir(&self) -> PathBuf {
        self.inner.data_dir.join("attachments")
    }

    pub(crate) fn stamp(&self) -> String {
        file_stamp(self.inner.opts.clock.now())
    }
}
