//! Attachments: files copied into `<data_dir>/attachments/<hash[0..2]>/<hash>`, named by the
//! SHA-256 of their content so the same content is stored once, and linked to products (photos)
//! and dossiers (evidence) by `attachments` rows.

use crate::{Result, Store, StoreError};
use ocop_domain::model::Attachment;
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A MIME type guessed from the file extension.
pub(crate) fn mime_for(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt" => "text/plain",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

/// Where the file with `hash` lives under `dir`.
pub(crate) fn blob_path(dir: &Path, hash: &str) -> PathBuf {
    dir.join(&hash[..2]).join(hash)
}

/// SHA-256 of a file, hex.
pub(crate) fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut f = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| StoreError::io(path, e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((hex::encode(h.finalize()), size))
}

impl Store {
    /// Copies `src` into the attachment folder (once per content) and returns its hash and size.
    /// The copy is written to a temporary name, synced, then renamed, so a crash never leaves a
    /// half-written file under a hash name.
    pub(crate) fn store_blob(&self, src: &Path) -> Result<(String, u64)> {
        let dir = self.attachments_dir();
        let tmp = dir.join(format!("tmp-{}", self.new_id()));
        let mut input = std::fs::File::open(src).map_err(|e| StoreError::io(src, e))?;
        let mut out = std::fs::File::create(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = input.read(&mut buf).map_err(|e| StoreError::io(src, e))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            h.update(&buf[..n]);
            out.write_all(&buf[..n])
                .map_err(|e| StoreError::io(&tmp, e))?;
        }
        out.sync_all().map_err(|e| StoreError::io(&tmp, e))?;
        drop(out);
        let hash = hex::encode(h.finalize());
        let dest = blob_path(&dir, &hash);
        if dest.exists() {
            std::fs::remove_file(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
        } else {
            let parent = dest.parent().expect("blob has a parent");
            std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
            std::fs::rename(&tmp, &dest).map_err(|e| StoreError::io(&dest, e))?;
        }
        Ok((hash, size))
    }

    /// Copies the files in and links them to `owner_table`/`owner_id` as `kind` (`document` or
    /// `photo`), in one transaction with a change-log row per link. The caller checks that the
    /// owner exists.
    pub(crate) async fn attach_files(
        &self,
        owner_table: &'static str,
        owner_id: &str,
        paths: &[PathBuf],
        kind: &str,
    ) -> Result<()> {
        if kind != "document" && kind != "photo" {
            return Err(StoreError::field(
                "kind",
                "Loại tệp là \"document\" hoặc \"photo\".",
            ));
        }
        let mut tx = self.write_tx().await?;
        let conn: &mut SqliteConnection = &mut tx;
        for path in paths {
            let (hash, size) = self.store_blob(path)?;
            let now = self.now();
            sqlx::query("INSERT OR IGNORE INTO blobs (hash, size, stored_at) VALUES (?, ?, ?)")
                .bind(&hash)
                .bind(size as i64)
                .bind(&now)
                .execute(&mut *conn)
                .await?;
            let id = self.new_id();
            let file_name = path
                .file_name()
                .map(|n| ocop_domain::text::nfc(&n.to_string_lossy()))
                .unwrap_or_else(|| hash.clone());
            sqlx::query(
                "INSERT INTO attachments (id, owner_table, owner_id, hash, file_name, mime, size, kind, \
                 added_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(owner_table)
            .bind(owner_id)
            .bind(&hash)
            .bind(&file_name)
            .bind(mime_for(path))
            .bind(size as i64)
            .bind(kind)
            .bind(&now)
            .bind(&now)
            .bind(self.device())
            .execute(&mut *conn)
            .await?;
            self.log_row(conn, "attachments", &id, "insert", &now)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Tombstones one attachment link of an owner, in one transaction with its change-log row;
    /// `NotFound` when the owner has no such live link.
    pub(crate) async fn detach(
        &self,
        owner_table: &'static str,
        owner_id: &str,
        attachment_id: &str,
    ) -> Result<()> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let conn: &mut SqliteConnection = &mut tx;
        let n = sqlx::query(
            "UPDATE attachments SET deleted_at = ?, updated_at = ?, device_id = ? \
             WHERE id = ? AND owner_table = ? AND owner_id = ? AND deleted_at IS NULL",
        )
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .bind(attachment_id)
        .bind(owner_table)
        .bind(owner_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        StoreError::found(n, "attachment", attachment_id)?;
        self.log_row(conn, "attachments", attachment_id, "delete", &now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Live attachments of an owner, oldest first.
    pub(crate) async fn attachments_of(
        &self,
        owner_table: &str,
        owner_id: &str,
    ) -> Result<Vec<Attachment>> {
        let rows = sqlx::query(
            "SELECT id, hash, file_name, mime, size, kind, added_at FROM attachments \
             WHERE owner_table = ? AND owner_id = ? AND deleted_at IS NULL ORDER BY added_at, id",
        )
        .bind(owner_table)
        .bind(owner_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| Attachment {
                id: r.get("id"),
                hash: r.get("hash"),
                file_name: r.get("file_name"),
                mime: r.get("mime"),
                size: r.get("size"),
                kind: r.get("kind"),
                added_at: r.get("added_at"),
            })
            .collect())
    }

    /// The stored file of an attachment (for opening or printing it).
    pub fn attachment_path(&self, hash: &str) -> PathBuf {
        blob_path(&self.attachments_dir(), hash)
    }
}
