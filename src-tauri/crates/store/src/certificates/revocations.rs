//! Revocations as records of the database, and the `received_revocations` table (migration
//! 0010).
//!
//! A revocation of a certificate held here is written on its row (`certificates.revocation_*`,
//! by [`Store::revoke_certificate`]). A revocation list exported by another laptop
//! ([`Store::certificate_revocations`], `ocop certificate export-revocations`) is imported with
//! [`Store::import_revocations`]: entries for certificates held here go onto their rows through
//! the same checks as a revocation typed in; the others (another issuer's certificates, or ones
//! not yet copied here) are kept in `received_revocations`, and move onto a certificate's row
//! if it is recorded later. Each revocation is therefore kept in exactly one place.
//!
//! Data folders from before 0010 kept a revocation list (`keys/revocations.json`) and a registry
//! of issued certificates (`keys/issued.jsonl`) beside the keys. [`Store::import_seal_files`]
//! moves both into the database once, in one transaction, and renames the files `.imported`.

use super::model::{LegacyImport, RevocationImport};
use crate::{Result, Store, StoreError};
use ocop_domain::certificate::{check_revocation, CertificateError, Origin};
use ocop_domain::text::{clean, nfc};
use ocop_pdf::{CertificateDoc, IssuerTemplate};
use ocop_seal::{add_months, iso, parse_iso, KeyId, KeyStore, Revocation, ShortCode, Status};
use sqlx::{Row, SqliteConnection};
use std::path::{Path, PathBuf};

/// What happened to one imported revocation.
enum Outcome {
    Applied,
    Received,
    Unchanged,
}

/// A revocation as stored: decision number and ground as text, date as `yyyy-mm-dd`.
fn same_decision(r: &Revocation, number: &str, date: &str, ground: &str) -> bool {
    r.decision_number == number && iso(r.date) == date && r.ground.letter() == ground
}

fn revocation_from_row(row: &sqlx::sqlite::SqliteRow, number_column: &str) -> Result<Revocation> {
    let key_id: KeyId = row
        .get::<&str, _>("key_id")
        .parse()
        .map_err(|_| StoreError::field("key_id", "Mã khóa lưu trữ bị hỏng."))?;
    Ok(Revocation {
        certificate_number: row.get(number_column),
        key_id,
        decision_number: row.get("decision_number"),
        date: parse_iso(row.get::<&str, _>("decision_date"))
            .ok_or_else(|| StoreError::field("revocation_date", "Ngày lưu trữ bị hỏng."))?,
        ground: row.get::<&str, _>("ground").parse()?,
    })
}

impl Store {
    /// Every revocation the database knows, in the seal's form: those of its own certificates
    /// and those received from other laptops, ordered by key and number. This is the list
    /// another laptop imports (`ocop certificate export-revocations`).
    pub async fn certificate_revocations(&self) -> Result<Vec<Revocation>> {
        let rows = sqlx::query(
            "SELECT number, key_id, revocation_number AS decision_number, \
             revocation_date AS decision_date, revocation_ground AS ground \
             FROM certificates WHERE revocation_number IS NOT NULL AND deleted_at IS NULL \
             UNION ALL \
             SELECT number, key_id, decision_number, decision_date, ground \
             FROM received_revocations WHERE deleted_at IS NULL \
             ORDER BY key_id, number",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| revocation_from_row(r, "number"))
            .collect()
    }

    /// Imports a revocation list exported by another laptop (or an old `revocations.json`), in
    /// one transaction: all or nothing. A revocation of a certificate held here is recorded on
    /// it with the checks of [`Store::revoke_certificate`]; the others are kept as received.
    /// The same decision again changes nothing; another decision for a certificate already
    /// revoked is refused (`AlreadyRevoked`).
    pub async fn import_revocations(&self, list: &[Revocation]) -> Result<RevocationImport> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let mut report = RevocationImport::default();
        for (i, r) in list.iter().enumerate() {
            let outcome = self
                .apply_revocation(&mut tx, r, &now)
                .await
                .map_err(|e| match e {
                    StoreError::Validation(mut fields) => {
                        for f in &mut fields {
                            f.field = format!("revocations[{i}].{}", f.field);
                        }
                        StoreError::Validation(fields)
                    }
                    e => e,
                })?;
            match outcome {
                Outcome::Applied => report.applied += 1,
                Outcome::Received => report.received += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Records one imported revocation in the caller's transaction.
    async fn apply_revocation(
        &self,
        conn: &mut SqliteConnection,
        r: &Revocation,
        now: &str,
    ) -> Result<Outcome> {
        let r = Revocation {
            certificate_number: nfc(r.certificate_number.trim()),
            decision_number: clean(&r.decision_number),
            ..r.clone()
        };
        if r.certificate_number.is_empty() {
            return Err(StoreError::field(
                "certificate_number",
                "Thiếu số giấy chứng nhận bị thu hồi.",
            ));
        }
        if r.decision_number.is_empty() {
            return Err(StoreError::field(
                "decision_number",
                "Thiếu số quyết định thu hồi.",
            ));
        }
        let key_id = r.key_id.to_string();
        let held = sqlx::query(
            "SELECT id, issue_date, revocation_number, revocation_date, revocation_ground \
             FROM certificates WHERE key_id = ? AND number = ? AND deleted_at IS NULL",
        )
        .bind(&key_id)
        .bind(&r.certificate_number)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = held {
            let previous: Option<String> = row.get("revocation_number");
            if let Some(prev) = &previous {
                if same_decision(
                    &r,
                    prev,
                    row.get::<Option<&str>, _>("revocation_date")
                        .unwrap_or_default(),
                    row.get::<Option<&str>, _>("revocation_ground")
                        .unwrap_or_default(),
                ) {
                    return Ok(Outcome::Unchanged);
                }
            }
            let issue_date = parse_iso(row.get::<&str, _>("issue_date"))
                .ok_or_else(|| StoreError::field("issue_date", "Ngày lưu trữ bị hỏng."))?;
            check_revocation(
                &r.certificate_number,
                issue_date,
                previous.as_deref(),
                r.date,
            )?;
            let id: String = row.get("id");
            self.set_revocation(conn, &id, &r.decision_number, r.date, r.ground, now)
                .await?;
            return Ok(Outcome::Applied);
        }
        let received = sqlx::query(
            "SELECT decision_number, decision_date, ground FROM received_revocations \
             WHERE key_id = ? AND number = ? AND deleted_at IS NULL",
        )
        .bind(&key_id)
        .bind(&r.certificate_number)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = received {
            let decision: &str = row.get("decision_number");
            if same_decision(&r, decision, row.get("decision_date"), row.get("ground")) {
                return Ok(Outcome::Unchanged);
            }
            return Err(CertificateError::AlreadyRevoked {
                number: r.certificate_number.clone(),
                decision_number: decision.to_string(),
            }
            .into());
        }
        let id = self.new_id();
        sqlx::query(
            "INSERT INTO received_revocations (id, key_id, number, decision_number, \
             decision_date, ground, created_at, updated_at, device_id) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&key_id)
        .bind(&r.certificate_number)
        .bind(&r.decision_number)
        .bind(iso(r.date))
        .bind(r.ground.letter())
        .bind(now)
        .bind(now)
        .bind(self.device())
        .execute(&mut *conn)
        .await?;
        self.log_received(conn, &id, "insert", now).await?;
        Ok(Outcome::Received)
    }

    async fn log_received(
        &self,
        conn: &mut SqliteConnection,
        id: &str,
        op: &str,
        at: &str,
    ) -> Result<()> {
        let json: String = sqlx::query_scalar(
            "SELECT json_object('id', id, 'key_id', key_id, 'number', number, \
             'decision_number', decision_number, 'decision_date', decision_date, \
             'ground', ground, 'created_at', created_at, 'updated_at', updated_at, \
             'device_id', device_id, 'deleted_at', deleted_at) \
             FROM received_revocations WHERE id = ?",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        let payload: serde_json::Value = serde_json::from_str(&json)?;
        self.log_change(conn, "received_revocations", id, op, at, &payload)
            .await
    }

    /// A certificate just recorded (`id`) takes over a revocation received for it earlier
    /// (same key and number): the decision goes onto its row and the received entry is closed
    /// (tombstone), both logged, in the caller's transaction.
    pub(super) async fn adopt_received_revocation(
        &self,
        conn: &mut SqliteConnection,
        id: &str,
        now: &str,
    ) -> Result<()> {
        let received = sqlx::query(
            "SELECT r.id, r.key_id, r.number, r.decision_number, r.decision_date, r.ground \
             FROM received_revocations r JOIN certificates c \
             ON c.key_id = r.key_id AND c.number = r.number \
             WHERE c.id = ? AND r.deleted_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = received else {
            return Ok(());
        };
        let r = revocation_from_row(&row, "number")?;
        let received_id: String = row.get("id");
        self.set_revocation(conn, id, &r.decision_number, r.date, r.ground, now)
            .await?;
        sqlx::query("UPDATE received_revocations SET deleted_at = ?, updated_at = ? WHERE id = ?")
            .bind(now)
            .bind(now)
            .bind(&received_id)
            .execute(&mut *conn)
            .await?;
        self.log_received(conn, &received_id, "delete", now).await
    }

    /// Moves what the seal kept beside the keys before migration 0010 into the database, once:
    /// the registry of certificates signed here (`keys/issued.jsonl`, each line's QR verified
    /// with this folder's own keys and recorded with origin `external`) and the revocation list
    /// (`keys/revocations.json`, imported like [`Store::import_revocations`]), in one
    /// transaction; then each file is renamed `<name>.imported` (`.imported-<time>` if that
    /// exists), so nothing is lost and nothing is imported twice. Entries that cannot be
    /// recorded (an unreadable line, a QR that does not verify with an own key, a number
    /// recorded with other contents, a revocation contradicting the database) are listed in
    /// `skipped` and stay in the renamed file. Runs at every [`Store::open`]; without the
    /// files it does nothing.
    ///
    /// A registry line holds only what the QR signs: the record's address and signer are
    /// empty and its issue date is 36 months before the valid-until date. Typing the
    /// certificate in again with `ocop certificate render` fills them in.
    pub async fn import_seal_files(&self) -> Result<LegacyImport> {
        let keys_dir = self.data_dir().join("keys");
        let registry = keys_dir.join("issued.jsonl");
        let revocations = keys_dir.join("revocations.json");
        let mut report = LegacyImport::default();
        if !registry.is_file() && !revocations.is_file() {
            return Ok(report);
        }
        let keys = KeyStore::open(self.data_dir())?;
        let registry_text = read_optional(&registry)?;
        let revocations_list: Option<Vec<Revocation>> = match read_optional(&revocations)? {
            None => None,
            Some(text) => match serde_json::from_str(&text) {
                Ok(list) => Some(list),
                Err(e) => {
                    report.skipped.push(format!(
                        "keys/revocations.json không đọc được ({e}); tệp được để nguyên"
                    ));
                    None
                }
            },
        };
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if let Some(text) = &registry_text {
            for (n, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                match self
                    .import_registry_line(&mut tx, &keys, line, &now)
                    .await?
                {
                    Ok(true) => report.certificates += 1,
                    Ok(false) => {}
                    Err(why) => report
                        .skipped
                        .push(format!("keys/issued.jsonl dòng {}: {why}", n + 1)),
                }
            }
        }
        if let Some(list) = &revocations_list {
            for r in list {
                // Each entry on its own: a contradiction with the database skips that entry
                // (the database wins) instead of keeping the folder from opening.
                sqlx::query("SAVEPOINT legacy_revocation")
                    .execute(&mut *tx)
                    .await?;
                match self.apply_revocation(&mut tx, r, &now).await {
                    Ok(outcome) => {
                        match outcome {
                            Outcome::Applied => report.revocations.applied += 1,
                            Outcome::Received => report.revocations.received += 1,
                            Outcome::Unchanged => report.revocations.unchanged += 1,
                        }
                        sqlx::query("RELEASE legacy_revocation")
                            .execute(&mut *tx)
                            .await?;
                    }
                    Err(e @ (StoreError::Certificate(_) | StoreError::Validation(_))) => {
                        sqlx::query("ROLLBACK TO legacy_revocation")
                            .execute(&mut *tx)
                            .await?;
                        sqlx::query("RELEASE legacy_revocation")
                            .execute(&mut *tx)
                            .await?;
                        report.skipped.push(format!(
                            "keys/revocations.json, giấy số {}: {}",
                            r.certificate_number,
                            e.message_vi()
                        ));
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        tx.commit().await?;
        let stamp = self.stamp();
        if registry_text.is_some() {
            report.renamed.push(rename_imported(&registry, &stamp)?);
        }
        if revocations_list.is_some() {
            report.renamed.push(rename_imported(&revocations, &stamp)?);
        }
        Ok(report)
    }

    /// Records one line of the old registry. `Ok(Ok(true))`: recorded now; `Ok(Ok(false))`:
    /// already recorded; `Ok(Err(why))`: left out, with why.
    async fn import_registry_line(
        &self,
        conn: &mut SqliteConnection,
        keys: &KeyStore,
        line: &str,
        now: &str,
    ) -> Result<std::result::Result<bool, String>> {
        let Ok(entry) = serde_json::from_str::<serde_json::Value>(line) else {
            return Ok(Err("không đọc được dòng JSON".into()));
        };
        let Some(qr_text) = entry.get("qr_text").and_then(|v| v.as_str()) else {
            return Ok(Err("thiếu qr_text".into()));
        };
        // Verified with the keys alone: revocations are imported separately, and the date only
        // decides valid or expired, both of which are genuine.
        let v = ocop_seal::verify(qr_text, self.today(), &keys.with_revocations(&[]));
        let (Some(fields), Some(code)) = (v.fields, ShortCode::of_qr_text(qr_text)) else {
            return Ok(Err(format!("mã QR không xác thực được: {}", v.reason)));
        };
        debug_assert_ne!(v.status, Status::Invalid);
        let Some(key) = keys.own_keys().find(|k| k.key_id == fields.key_id) else {
            return Ok(Err(format!(
                "giấy số {} ký bằng khóa {} không phải khóa của máy này",
                fields.number, fields.key_id
            )));
        };
        let existing: Option<String> =
            sqlx::query_scalar("SELECT qr_text FROM certificates WHERE key_id = ? AND number = ?")
                .bind(fields.key_id.to_string())
                .bind(&fields.number)
                .fetch_optional(&mut *conn)
                .await?;
        match existing {
            Some(text) if text == qr_text => return Ok(Ok(false)),
            Some(_) => {
                return Ok(Err(format!(
                    "số {} đã được ghi với nội dung khác",
                    fields.number
                )))
            }
            None => {}
        }
        let mut template = template_of(self.data_dir(), &key.issuer_id);
        template.issuer_name = key.issuer_name.clone();
        let issue_date = add_months(fields.valid_until, -36);
        let doc = CertificateDoc {
            number: fields.number.clone(),
            issuer: template.clone(),
            product: fields.product.clone(),
            producer: fields.producer.clone(),
            address: String::new(),
            star: fields.star,
            product_set_title: None,
            decision_number: fields.decision_number.clone(),
            decision_date: iso(fields.decision_date),
            issue_date: iso(issue_date),
            valid_until: iso(fields.valid_until),
            signer_name: String::new(),
            qr_text: qr_text.to_string(),
            short_code: code.to_string(),
        };
        let issued = ocop_seal::Issued {
            qr_text: qr_text.to_string(),
            code,
            fields: fields.clone(),
        };
        self.insert_certificate(
            conn,
            &super::table::NewCertificate {
                origin: Origin::External,
                issuer_id: &key.issuer_id,
                seq: 0,
                year: issue_date.year(),
                product_id: None,
                product_code: "",
                result_id: None,
                result_hash: hex::encode(fields.result_hash),
                score: "",
                basis: "",
                set: "",
                signer_title: &template.signer_title,
                issued: &issued,
                doc: &doc,
            },
            now,
        )
        .await
        .map(|_| Ok(true))
        .or_else(|e| match e {
            StoreError::Certificate(e) => Ok(Err(e.message_vi())),
            e => Err(e),
        })
    }
}

/// The issuer's print template: `<data_dir>/issuers/<issuer_id>.json` when it reads, else the
/// bundled default (as `ocop certificate render` has always done).
fn template_of(data_dir: &Path, issuer_id: &str) -> IssuerTemplate {
    std::fs::read(data_dir.join("issuers").join(format!("{issuer_id}.json")))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_else(IssuerTemplate::thai_nguyen)
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// Renames an imported file to `<name>.imported`, or `<name>.imported-<stamp>` when an earlier
/// import left that name (a restored old backup brings the file back). Returns the new path
/// relative to the data folder's `keys/`.
fn rename_imported(path: &Path, stamp: &str) -> Result<String> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_string();
    let mut target: PathBuf = path.with_file_name(format!("{name}.imported"));
    if target.exists() {
        target = path.with_file_name(format!("{name}.imported-{stamp}"));
    }
    std::fs::rename(path, &target).map_err(|e| StoreError::io(path, e))?;
    Ok(format!(
        "keys/{}",
        target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    ))
}
