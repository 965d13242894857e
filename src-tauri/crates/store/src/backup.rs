//! Backup to one file and restore from it. A backup is a tar archive holding `manifest.json`
//! (format, schema version, counts, attachment hashes), `ocop.sqlite3` (a consistent copy taken
//! with `VACUUM INTO` while the app runs), `attachments/<ab>/<hash>`, and the certificate
//! signing files: `keys/…` (the issuers' private keys and trusted keys; certificates and
//! revocations are in the database) and `issuers/…` (print templates). A restore checks the whole
//! archive before it replaces anything; the seal's files of an older backup
//! (`keys/revocations.json`, `keys/issued.jsonl`) are imported when the store reopens.

use crate::attachments::{blob_path, hash_file};
use crate::{supported_schema_version, Result, Store, StoreError, StoreOptions, DB_FILE};
use ocop_domain::model::BackupInfo;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;
use std::path::{Path, PathBuf};

/// Format name written in every backup manifest.
pub const BACKUP_FORMAT: &str = "ocop-desk-backup";

/// The manifest inside a backup.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BackupManifest {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// Version of the archive layout.
    pub format_version: u32,
    /// Schema version of the database inside.
    pub schema_version: i64,
    /// When it was taken.
    pub created_at: String,
    /// Device that took it.
    pub device_id: String,
    /// Row counts of the main tables.
    pub counts: std::collections::BTreeMap<String, i64>,
    /// Attachment files: hash and size.
    pub attachments: Vec<(String, u64)>,
    /// Files of `keys/` and `issuers/`: path inside the archive (`/`-separated), SHA-256 and
    /// size. Absent in backups of format 1, which held no keys.
    #[serde(default)]
    pub files: Vec<(String, String, u64)>,
}

/// The folders of the data folder saved with the database: signing keys and issuer templates.
const KEPT_DIRS: [&str; 2] = ["keys", "issuers"];

/// The files under `dir/<one of KEPT_DIRS>`, as `/`-separated relative paths, sorted. Temporary
/// files of atomic writes (names starting with `.`) are left out.
fn kept_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(root: &Path, rel: &str, out: &mut Vec<String>) -> Result<()> {
        let path = root.join(rel);
        let entries = match std::fs::read_dir(&path) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&path, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let child = format!("{rel}/{name}");
            let kind = entry.file_type().map_err(|e| StoreError::io(&path, e))?;
            if kind.is_dir() {
                walk(root, &child, out)?;
            } else if kind.is_file() {
                out.push(child);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for d in KEPT_DIRS {
        walk(dir, d, &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// Whether `name` (inside an archive) lies under one of [`KEPT_DIRS`], with plain components.
fn is_kept_path(name: &Path) -> bool {
    name.components().count() >= 2
        && name
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        && KEPT_DIRS.iter().any(|d| name.starts_with(d))
}

fn invalid(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::InvalidBackup {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

impl Store {
    /// `backup_create`: writes a consistent copy of the database and its attachments to `path`.
    pub async fn backup_to(&self, path: &Path) -> Result<BackupInfo> {
        let work = self
            .data_dir()
            .join("backups")
            .join(format!("tmp-{}", self.new_id()));
        std::fs::create_dir_all(&work).map_err(|e| StoreError::io(&work, e))?;
        let result = self.backup_inner(path, &work).await;
        let _ = std::fs::remove_dir_all(&work);
        result
    }

    async fn backup_inner(&self, path: &Path, work: &Path) -> Result<BackupInfo> {
        let db_copy = work.join(DB_FILE);
        sqlx::query("VACUUM INTO ?")
            .bind(db_copy.to_string_lossy().into_owned())
            .execute(self.pool())
            .await?;
        // Read counts and attachment list from the copy, so they match it exactly.
        let mut conn = SqliteConnectOptions::new()
            .filename(&db_copy)
            .read_only(true)
            .connect()
            .await?;
        let mut counts = std::collections::BTreeMap::new();
        for t in [
            "producers",
            "products",
            "dossiers",
            "attachments",
            "change_log",
        ] {
            let sql = format!("SELECT count(*) FROM {t}");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut conn)
                .await?;
            counts.insert(t.to_string(), n);
        }
        let blobs: Vec<(String, i64)> =
            sqlx::query_as("SELECT hash, size FROM blobs ORDER BY hash")
                .fetch_all(&mut conn)
                .await?;
        let schema: i64 =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&mut conn)
                .await?;
        drop(conn);
        let mut files = Vec::new();
        for rel in kept_files(self.data_dir())? {
            let (hash, size) = hash_file(&self.data_dir().join(&rel))?;
            files.push((rel, hash, size));
        }
        let manifest = BackupManifest {
            format: BACKUP_FORMAT.into(),
            format_version: 2,
            schema_version: schema,
            created_at: self.now(),
            device_id: self.device(),
            counts,
            attachments: blobs.iter().map(|(h, s)| (h.clone(), *s as u64)).collect(),
            files,
        };
        let tmp_out = path.with_extension("ocopbak-partial");
        {
            let file = std::fs::File::create(&tmp_out).map_err(|e| StoreError::io(&tmp_out, e))?;
            let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
            let io = |e| StoreError::io(&tmp_out, e);
            let mjson = serde_json::to_vec_pretty(&manifest)?;
            let mut header = tar::Header::new_gnu();
            header.set_size(mjson.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, "manifest.json", mjson.as_slice())
                .map_err(io)?;
            tar.append_path_with_name(&db_copy, DB_FILE).map_err(io)?;
            for (hash, _) in &blobs {
                let src = blob_path(&self.attachments_dir(), hash);
                tar.append_path_with_name(&src, format!("attachments/{}/{}", &hash[..2], hash))
                    .map_err(|e| StoreError::io(&src, e))?;
            }
            for (rel, _, _) in &manifest.files {
                let src = self.data_dir().join(rel);
                tar.append_path_with_name(&src, rel)
                    .map_err(|e| StoreError::io(&src, e))?;
            }
            let w = tar.into_inner().map_err(io)?;
            let f = w.into_inner().map_err(|e| io(e.into_error()))?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp_out, path).map_err(|e| StoreError::io(path, e))?;
        let bytes = std::fs::metadata(path)
            .map_err(|e| StoreError::io(path, e))?
            .len();
        Ok(BackupInfo {
            path: path.to_string_lossy().into_owned(),
            bytes,
            attachments: blobs.len() as u64,
        })
    }

    /// `backup_restore`: checks the archive at `path` (manifest, `PRAGMA integrity_check`,
    /// schema not newer than this app, every attachment's and key file's hash) and only then
    /// replaces the database (atomically, by rename), adds the attachments and puts back the
    /// files of `keys/` and `issuers/`. The current database is first copied to
    /// `backups/pre-restore-<timestamp>.sqlite3`, and each key or template file the backup
    /// replaces to `backups/pre-restore-<timestamp>/<path>`; files the backup does not hold
    /// are left where they are. Consumes this store (its connections
    /// are closed) and returns the reopened one; on any failed check nothing is replaced and the
    /// error says why.
    pub async fn restore_from(self, path: &Path) -> Result<Store> {
        let data_dir = self.data_dir().to_path_buf();
        let stage = data_dir
            .join("backups")
            .join(format!("restore-{}", self.new_id()));
        std::fs::create_dir_all(&stage).map_err(|e| StoreError::io(&stage, e))?;
        let checked = check_archive(path, &stage).await;
        let manifest = match checked {
            Ok(m) => m,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&stage);
                return Err(e);
            }
        };
        // Keep the current database before replacing it.
        let keep = data_dir
            .join("backups")
            .join(format!("pre-restore-{}.sqlite3", self.stamp()));
        sqlx::query("VACUUM INTO ?")
            .bind(keep.to_string_lossy().into_owned())
            .execute(self.pool())
            .await?;
        let keep_files = data_dir
            .join("backups")
            .join(format!("pre-restore-{}", self.stamp()));
        let opts: StoreOptions = self.inner.opts.clone();
        self.close().await;
        // Attachments first: content-addressed, so adding files never harms the current data.
        for (hash, _) in &manifest.attachments {
            let src = blob_path(&stage.join("attachments"), hash);
            let dest = blob_path(&data_dir.join("attachments"), hash);
            if !dest.exists() {
                let parent = dest.parent().expect("parent");
                std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
                std::fs::rename(&src, &dest).map_err(|e| StoreError::io(&dest, e))?;
            }
        }
        // Keys and templates: the current file, if any, is kept aside before it is replaced.
        for (rel, _, _) in &manifest.files {
            let src = stage.join(rel);
            let dest = data_dir.join(rel);
            if dest.exists() {
                let aside = keep_files.join(rel);
                let parent = aside.parent().expect("parent");
                std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
                std::fs::copy(&dest, &aside).map_err(|e| StoreError::io(&aside, e))?;
            }
            let parent = dest.parent().expect("parent");
            std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
            std::fs::rename(&src, &dest).map_err(|e| StoreError::io(&dest, e))?;
            #[cfg(unix)]
            {
                // Private keys stay readable by this user only, whatever the archive said.
                use std::os::unix::fs::PermissionsExt;
                let mode = if rel.starts_with("keys/") {
                    0o600
                } else {
                    0o644
                };
                std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(mode))
                    .map_err(|e| StoreError::io(&dest, e))?;
            }
        }
        #[cfg(unix)]
        if manifest
            .files
            .iter()
            .any(|(rel, _, _)| rel.starts_with("keys/"))
        {
            use std::os::unix::fs::PermissionsExt;
            let keys = data_dir.join("keys");
            std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| StoreError::io(&keys, e))?;
        }
        let db = data_dir.join(DB_FILE);
        for suffix in ["-wal", "-shm"] {
            let f = PathBuf::from(format!("{}{suffix}", db.display()));
            if f.exists() {
                std::fs::remove_file(&f).map_err(|e| StoreError::io(&f, e))?;
            }
        }
        std::fs::rename(stage.join(DB_FILE), &db).map_err(|e| StoreError::io(&db, e))?;
        if let Ok(d) = std::fs::File::open(&data_dir) {
            let _ = d.sync_all();
        }
        let _ = std::fs::remove_dir_all(&stage);
        Store::open(&data_dir, opts).await
    }
}

/// Unpacks the archive into `stage` and checks it; returns its manifest.
async fn check_archive(path: &Path, stage: &Path) -> Result<BackupManifest> {
    let file = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let mut ar = tar::Archive::new(file);
    let entries = ar
        .entries()
        .map_err(|e| invalid(path, format!("không đọc được tệp nén ({e}).")))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| invalid(path, format!("tệp nén bị hỏng ({e}).")))?;
        let name = entry
            .path()
            .map_err(|e| invalid(path, format!("tên tệp trong gói bị hỏng ({e}).")))?
            .into_owned();
        let ok = name == Path::new("manifest.json")
            || name == Path::new(DB_FILE)
            || (name.starts_with("attachments")
                && name.components().count() == 3
                && name
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_))))
            || is_kept_path(&name);
        if !ok || !entry.header().entry_type().is_file() {
            return Err(invalid(
                path,
                format!("tệp lạ trong gói: {}.", name.display()),
            ));
        }
        let dest = stage.join(&name);
        if let Some(p) = dest.parent() {
            std::fs::create_dir_all(p).map_err(|e| StoreError::io(p, e))?;
        }
        entry.unpack(&dest).map_err(|e| {
            invalid(
                path,
                format!("không giải nén được {} ({e}).", name.display()),
            )
        })?;
    }
    let mpath = stage.join("manifest.json");
    let mtext = std::fs::read(&mpath).map_err(|_| invalid(path, "thiếu manifest.json."))?;
    let manifest: BackupManifest = serde_json::from_slice(&mtext)
        .map_err(|e| invalid(path, format!("manifest.json không hợp lệ ({e}).")))?;
    if manifest.format != BACKUP_FORMAT {
        return Err(invalid(path, "không phải tệp sao lưu OCOP Desk."));
    }
    if manifest.schema_version > supported_schema_version() {
        return Err(StoreError::TooNew {
            found: manifest.schema_version,
            supported: supported_schema_version(),
        });
    }
    let db = stage.join(DB_FILE);
    if !db.exists() {
        return Err(invalid(path, "thiếu tệp cơ sở dữ liệu."));
    }
    let check = async {
        let mut conn = SqliteConnectOptions::new()
            .filename(&db)
            .read_only(true)
            .connect()
            .await?;
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await?;
        let schema: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&mut conn)
                .await?;
        Ok::<_, sqlx::Error>((rows.join("; "), schema.unwrap_or(0)))
    };
    let (integrity, schema) = check.await.map_err(|e| {
        invalid(
            path,
            format!("cơ sở dữ liệu trong gói không mở được ({e})."),
        )
    })?;
    if integrity != "ok" {
        return Err(invalid(
            path,
            format!("cơ sở dữ liệu trong gói bị hỏng ({integrity})."),
        ));
    }
    if schema != manifest.schema_version {
        return Err(invalid(path, "phiên bản lược đồ không khớp với manifest."));
    }
    for (hash, size) in &manifest.attachments {
        let f = blob_path(&stage.join("attachments"), hash);
        if !f.exists() {
            return Err(invalid(path, format!("thiếu tệp đính kèm {hash}.")));
        }
        let (h, s) = hash_file(&f)?;
        if &h != hash || s != *size {
            return Err(invalid(
                path,
                format!("tệp đính kèm {hash} bị sai lệch nội dung."),
            ));
        }
    }
    // Key and template files: exactly those listed, each with its hash.
    let listed: Vec<&str> = manifest.files.iter().map(|(r, _, _)| r.as_str()).collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    let unpacked = kept_files(stage)?;
    if unpacked != listed_sorted {
        return Err(invalid(
            path,
            "các tệp khóa ký và mẫu cơ quan cấp trong gói không khớp với manifest.",
        ));
    }
    for (rel, hash, size) in &manifest.files {
        let (h, s) = hash_file(&stage.join(rel))?;
        if &h != hash || s != *size {
            return Err(invalid(path, format!("tệp {rel} bị sai lệch nội dung.")));
        }
    }
    Ok(manifest)
}
