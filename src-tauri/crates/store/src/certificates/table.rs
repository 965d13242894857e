//! The `certificates` table: every certificate that verifies as genuine from this data folder,
//! each with its number (never reused), a frozen snapshot of everything printed, the signed QR
//! (`ocop-seal`), its origin (a council result, or issued outside the council flow and typed
//! in), and its life: revocation (Art. 8), extension (Art. 12.3) and replacement by a newer
//! certificate. The rules come from `ocop_domain::certificate`; this module stores and reads.
//!
//! Status is never stored: it is derived from these events and a date. The list filters on it
//! in SQL ([`STATUS_SQL`], which mirrors `Life::status_on`; a store test compares the two on
//! every edge).

use super::model::{
    Certificate, CertificateQuery, CertificateRevocation, Deadline, Decision, ExtendInput,
    ExternalCertificate, IssueItem, RevokeInput,
};
use super::CertificateIssuer;
use crate::producers::{page_bounds, push_search};
use crate::{Result, Store, StoreError};
use ocop_domain::certificate::{
    check_replacement, check_revocation, extension_until, CertificateError, CertificateStatus,
    Life, Origin, Replaceable, WINDOW_CLOSES_DAYS, WINDOW_OPENS_DAYS,
};
use ocop_domain::model::Page;
use ocop_domain::text::{clean, fold, nfc};
use ocop_pdf::{CertificateDoc, IssuerTemplate};
use ocop_seal::{
    iso, parse_iso, parse_result_hash, valid_until, Claims, Date, Ground, Issued, KeyStore,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashSet;

/// The status of `c` on the day `p.d`, as `Life::status_on` decides it: revoked, then
/// superseded, then valid through `valid_until`, extended through `extended_until`, expired.
const STATUS_SQL: &str = "CASE WHEN c.revocation_number IS NOT NULL THEN 'revoked' \
    WHEN c.superseded_by IS NOT NULL THEN 'superseded' \
    WHEN p.d <= c.valid_until THEN 'valid' \
    WHEN c.extended_until IS NOT NULL AND p.d <= c.extended_until THEN 'extended' \
    ELSE 'expired' END";

/// Starts `SELECT … FROM (certificates with status and days_left as of `as_of`) c WHERE 1=1`.
fn select_with_status(as_of: Date, what: &str) -> QueryBuilder<Sqlite> {
    let mut qb = QueryBuilder::new(format!("SELECT {what} FROM (SELECT c.*, {STATUS_SQL} AS status, CAST(julianday(c.valid_until) - julianday(p.d) AS INTEGER) AS days_left FROM certificates c, (SELECT "));
    qb.push_bind(iso(as_of));
    qb.push(" AS d) p WHERE c.deleted_at IS NULL) c WHERE 1 = 1");
    qb
}

fn from_row(r: &SqliteRow) -> Result<Certificate> {
    let snapshot_value: serde_json::Value = serde_json::from_str(r.get::<&str, _>("snapshot"))?;
    let product_code = snapshot_value
        .get("product_code")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let snapshot: CertificateDoc = serde_json::from_value(snapshot_value)?;
    let revocation = match (
        r.get::<Option<String>, _>("revocation_number"),
        r.get::<Option<String>, _>("revocation_date"),
        r.get::<Option<String>, _>("revocation_ground"),
    ) {
        (Some(decision_number), Some(decision_date), Some(ground)) => {
            let ground: Ground = ground.parse()?;
            Some(CertificateRevocation {
                decision_number,
                decision_date,
                ground,
                ground_text: ground.description().to_string(),
            })
        }
        _ => None,
    };
    Ok(Certificate {
        id: r.get("id"),
        number: r.get("number"),
        issuer_id: r.get("issuer_id"),
        issuer_name: snapshot.issuer.issuer_name.clone(),
        key_id: r.get("key_id"),
        origin: Origin::parse(r.get::<&str, _>("origin")).unwrap_or(Origin::Council),
        product_id: r.get("product_id"),
        product_name: snapshot.product.clone(),
        product_code,
        producer_name: snapshot.producer.clone(),
        address: snapshot.address.clone(),
        result_id: r.get("result_id"),
        result_hash: r.get("result_hash"),
        score: r.get("score"),
        star: r.get::<i64, _>("star") as u8,
        basis: r.get("basis"),
        set: r.get("product_set"),
        issue_date: r.get("issue_date"),
        valid_until: r.get("valid_until"),
        decision_number: r.get("decision_number"),
        decision_date: r.get("decision_date"),
        signer_title: r.get("signer_title"),
        signer_name: r.get("signer_name"),
        qr_text: r.get("qr_text"),
        short_code: r.get("short_code"),
        status: CertificateStatus::parse(r.get::<&str, _>("status"))
            .unwrap_or(CertificateStatus::Valid),
        days_to_expiry: r.get("days_left"),
        revocation,
        extended_until: r.get("extended_until"),
        extension_note: r.get("extension_note"),
        superseded_by: r.get("superseded_by"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
        snapshot,
    })
}

pub(super) fn not_found(id: &str) -> StoreError {
    StoreError::NotFound {
        entity: "certificate",
        id: id.to_string(),
    }
}

fn stored_date(text: &str, field: &str) -> Result<Date> {
    parse_iso(text).ok_or_else(|| StoreError::field(field, "Ngày lưu trữ bị hỏng."))
}

/// What the rules need of a stored certificate (read inside the writing transaction).
struct Held {
    id: String,
    number: String,
    issue_date: Date,
    valid_until: Date,
    product_id: Option<String>,
    revocation_number: Option<String>,
    superseded_by: Option<String>,
    superseded_by_number: Option<String>,
    extended_until: Option<Date>,
}

impl Held {
    async fn load(conn: &mut SqliteConnection, id: &str) -> Result<Held> {
        let r = sqlx::query(
            "SELECT c.id, c.number, c.issue_date, c.valid_until, c.product_id, \
             c.revocation_number, c.superseded_by, n.number AS superseded_by_number, \
             c.extended_until FROM certificates c \
             LEFT JOIN certificates n ON n.id = c.superseded_by \
             WHERE c.id = ? AND c.deleted_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| not_found(id))?;
        let superseded_by: Option<String> = r.get("superseded_by");
        Ok(Held {
            id: r.get("id"),
            number: r.get("number"),
            issue_date: stored_date(r.get("issue_date"), "issue_date")?,
            valid_until: stored_date(r.get("valid_until"), "valid_until")?,
            product_id: r.get("product_id"),
            revocation_number: r.get("revocation_number"),
            superseded_by_number: r
                .get::<Option<String>, _>("superseded_by_number")
                .or_else(|| superseded_by.clone()),
            superseded_by,
            extended_until: r
                .get::<Option<&str>, _>("extended_until")
                .and_then(parse_iso),
        })
    }

    fn life(&self) -> Life {
        Life {
            issue_date: self.issue_date,
            valid_until: self.valid_until,
            revoked: self.revocation_number.is_some(),
            superseded: self.superseded_by.is_some(),
            extended_until: self.extended_until,
        }
    }

    fn replaceable(&self) -> Replaceable<'_> {
        Replaceable {
            id: &self.id,
            number: &self.number,
            issue_date: self.issue_date,
            product_id: self.product_id.as_deref(),
            revoked: self.revocation_number.is_some(),
            superseded_by: self.superseded_by_number.as_deref(),
        }
    }
}

/// Checks the batch before anything is written; returns the parsed result hashes.
fn validate_batch(decision: &Decision, items: &[IssueItem]) -> Result<Vec<[u8; 16]>> {
    let mut errors = Vec::new();
    if clean(&decision.number).is_empty() {
        errors.push(ocop_domain::FieldError::new(
            "decision.number",
            "Hãy nhập số quyết định công nhận.",
        ));
    }
    if clean(&decision.signer_name).is_empty() {
        errors.push(ocop_domain::FieldError::new(
            "decision.signer_name",
            "Hãy nhập họ tên người ký quyết định.",
        ));
    }
    if items.is_empty() {
        errors.push(ocop_domain::FieldError::new(
            "items",
            "Chưa chọn kết quả nào để cấp giấy chứng nhận.",
        ));
    }
    let mut hashes = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let f = |name: &str| format!("items[{i}].{name}");
        if !(3..=5).contains(&item.star) {
            errors.push(ocop_domain::FieldError::new(
                f("star"),
                format!(
                    "Chỉ cấp giấy chứng nhận cho sản phẩm đạt 3 đến 5 sao (dòng {} là {} sao).",
                    i + 1,
                    item.star
                ),
            ));
        }
        if item.result_id.trim().is_empty() {
            errors.push(ocop_domain::FieldError::new(
                f("result_id"),
                "Thiếu mã kết quả đánh giá đã khóa.",
            ));
        } else if !seen.insert(item.result_id.trim().to_string()) {
            errors.push(ocop_domain::FieldError::new(
                f("result_id"),
                "Một kết quả đánh giá xuất hiện hai lần trong đợt cấp.",
            ));
        }
        match item.score.trim().parse::<f64>() {
            Ok(s) if (0.0..=100.0).contains(&s) => {}
            _ => errors.push(ocop_domain::FieldError::new(
                f("score"),
                format!("Điểm \"{}\" không hợp lệ (0 đến 100).", item.score),
            )),
        }
        match parse_result_hash(&item.result_hash) {
            Ok(h) => hashes.push(h),
            Err(_) => errors.push(ocop_domain::FieldError::new(
                f("result_hash"),
                "Mã băm kết quả phải gồm 32 hoặc 64 chữ số hệ 16 (SHA-256).",
            )),
        }
    }
    if errors.is_empty() {
        Ok(hashes)
    } else {
        Err(StoreError::Validation(errors))
    }
}

/// Checks a certificate typed in from outside the council flow before anything is signed.
fn validate_external(input: &ExternalCertificate) -> Result<()> {
    let mut errors = Vec::new();
    for (field, value, what) in [
        ("number", &input.number, "số giấy chứng nhận"),
        ("product", &input.product, "tên sản phẩm"),
        ("producer", &input.producer, "tên chủ thể"),
        (
            "decision_number",
            &input.decision_number,
            "số quyết định công nhận",
        ),
        ("signer_name", &input.signer_name, "họ tên người ký"),
    ] {
        if clean(value).is_empty() {
            errors.push(ocop_domain::FieldError::new(
                field,
                format!("Hãy nhập {what}."),
            ));
        }
    }
    if !(3..=5).contains(&input.star) {
        errors.push(ocop_domain::FieldError::new(
            "star",
            format!(
                "Chỉ cấp giấy chứng nhận cho sản phẩm đạt 3 đến 5 sao (đã nhập {} sao).",
                input.star
            ),
        ));
    }
    if input.issue_date < input.decision_date {
        errors.push(ocop_domain::FieldError::new(
            "issue_date",
            "Ngày cấp không thể trước ngày quyết định công nhận.",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(errors))
    }
}

/// What the snapshot needs from the product and its producer.
struct ProductFacts {
    name: String,
    code: String,
    producer: String,
    address: String,
}

async fn product_facts(
    conn: &mut SqliteConnection,
    product_id: &str,
    province: &str,
) -> Result<ProductFacts> {
    let row = sqlx::query(
        "SELECT p.name, p.code, pr.name AS producer, pr.address, pr.commune_name, \
         (SELECT unit_type FROM admin_units u WHERE u.code = pr.commune_code \
          ORDER BY u.valid_from DESC LIMIT 1) AS unit_type \
         FROM products p JOIN producers pr ON pr.id = p.producer_id \
         WHERE p.id = ? AND p.deleted_at IS NULL",
    )
    .bind(product_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        entity: "product",
        id: product_id.to_string(),
    })?;
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = row.get::<Option<String>, _>("address") {
        if !a.trim().is_empty() {
            parts.push(a.trim().to_string());
        }
    }
    let commune: String = row.get("commune_name");
    if !commune.is_empty() {
        match row.get::<Option<String>, _>("unit_type") {
            Some(t) if !t.is_empty() => parts.push(format!("{t} {commune}")),
            _ => parts.push(commune),
        }
    }
    if !province.trim().is_empty() {
        parts.push(format!("tỉnh {}", province.trim()));
    }
    Ok(ProductFacts {
        name: row.get("name"),
        code: row.get("code"),
        producer: row.get("producer"),
        address: parts.join(", "),
    })
}

/// The next number of the issuer's series for `year` that was never handed out: numbers already
/// recorded under this issuer or signed with this key (for example typed in with
/// `ocop certificate render`) are skipped, never reused. Each skip is a distinct number already
/// used, so more tries than used numbers means the pattern gives the same number again and
/// again: stop rather than loop in the transaction.
async fn next_number(
    conn: &mut SqliteConnection,
    issuer_id: &str,
    key_id: &str,
    template: &IssuerTemplate,
    year: i32,
) -> Result<(i64, String)> {
    let used: i64 =
        sqlx::query_scalar("SELECT count(*) FROM certificates WHERE issuer_id = ? OR key_id = ?")
            .bind(issuer_id)
            .bind(key_id)
            .fetch_one(&mut *conn)
            .await?;
    for _ in 0..=used {
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO certificate_counters (issuer_id, year, last) VALUES (?, ?, 1) \
             ON CONFLICT (issuer_id, year) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(issuer_id)
        .bind(year)
        .fetch_one(&mut *conn)
        .await?;
        let number = template.format_number(seq as u32, year);
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM certificates WHERE (issuer_id = ? OR key_id = ?) AND number = ?",
        )
        .bind(issuer_id)
        .bind(key_id)
        .bind(&number)
        .fetch_optional(&mut *conn)
        .await?;
        if taken.is_none() {
            return Ok((seq, number));
        }
    }
    Err(StoreError::field(
        "number_pattern",
        format!(
            "Mẫu số \"{}\" không cho ra số giấy chứng nhận nào chưa dùng; hãy sửa mẫu số của cơ quan cấp.",
            template.number_pattern
        ),
    ))
}

/// A row to insert: what is signed and printed, and where it came from.
pub(super) struct NewCertificate<'a> {
    pub(super) origin: Origin,
    pub(super) issuer_id: &'a str,
    pub(super) seq: i64,
    pub(super) year: i32,
    pub(super) product_id: Option<&'a str>,
    pub(super) product_code: &'a str,
    pub(super) result_id: Option<&'a str>,
    pub(super) result_hash: String,
    pub(super) score: &'a str,
    pub(super) basis: &'a str,
    pub(super) set: &'a str,
    pub(super) signer_title: &'a str,
    pub(super) issued: &'a Issued,
    pub(super) doc: &'a CertificateDoc,
}

impl NewCertificate<'_> {
    /// The snapshot stored: the printed document plus the product's code at issue.
    fn snapshot(&self) -> Result<serde_json::Value> {
        let mut snapshot = serde_json::to_value(self.doc)?;
        snapshot["product_code"] = serde_json::Value::String(self.product_code.to_string());
        Ok(snapshot)
    }

    fn search_text(&self) -> String {
        let d = self.doc;
        fold(&format!(
            "{} {} {} {} {} {}",
            d.number, d.product, d.producer, self.product_code, d.decision_number, d.short_code
        ))
    }
}

impl Store {
    /// Today in Vietnam (UTC+7) by the store's one clock (`StoreOptions::clock`): the date
    /// every status, deadline and verification is judged on unless a caller asks for another.
    pub fn today(&self) -> Date {
        self.clock().today()
    }

    /// Inserts a certificate and its change-log row in the caller's transaction. A revocation
    /// received from another laptop for this very certificate (same key and number) moves onto
    /// the row, so the revocation is kept in one place. Returns the new id.
    pub(super) async fn insert_certificate(
        &self,
        conn: &mut SqliteConnection,
        row: &NewCertificate<'_>,
        now: &str,
    ) -> Result<String> {
        let id = self.new_id();
        let doc = row.doc;
        let inserted = sqlx::query(
            "INSERT INTO certificates (id, number, issuer_id, key_id, seq, year, origin, \
             product_id, result_id, result_hash, score, star, basis, product_set, snapshot, \
             qr_text, short_code, issue_date, valid_until, decision_number, decision_date, \
             signer_title, signer_name, search_text, created_at, updated_at, device_id) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&doc.number)
        .bind(row.issuer_id)
        .bind(row.issued.fields.key_id.to_string())
        .bind(row.seq)
        .bind(row.year)
        .bind(row.origin.as_str())
        .bind(row.product_id)
        .bind(row.result_id)
        .bind(&row.result_hash)
        .bind(row.score)
        .bind(doc.star as i64)
        .bind(row.basis)
        .bind(row.set)
        .bind(row.snapshot()?.to_string())
        .bind(&doc.qr_text)
        .bind(&doc.short_code)
        .bind(&doc.issue_date)
        .bind(&doc.valid_until)
        .bind(&doc.decision_number)
        .bind(&doc.decision_date)
        .bind(row.signer_title)
        .bind(&doc.signer_name)
        .bind(row.search_text())
        .bind(now)
        .bind(now)
        .bind(self.device())
        .execute(&mut *conn)
        .await;
        if let Err(sqlx::Error::Database(e)) = &inserted {
            if e.is_unique_violation() {
                return Err(CertificateError::NumberTaken {
                    number: doc.number.clone(),
                }
                .into());
            }
        }
        inserted?;
        self.log_certificate(conn, &id, "insert", now).await?;
        self.adopt_received_revocation(conn, &id, now).await?;
        Ok(id)
    }

    /// Marks `older` as replaced by `newer` (both read in this transaction), after the checks
    /// of `check_replacement`, with its change-log row.
    async fn supersede_in(
        &self,
        conn: &mut SqliteConnection,
        older: &Held,
        newer: &Held,
        now: &str,
    ) -> Result<()> {
        check_replacement(&older.replaceable(), &newer.replaceable())?;
        sqlx::query("UPDATE certificates SET superseded_by = ?, updated_at = ? WHERE id = ?")
            .bind(&newer.id)
            .bind(now)
            .bind(&older.id)
            .execute(&mut *conn)
            .await?;
        self.log_certificate(conn, &older.id, "update", now).await
    }

    /// Issues one certificate per item under `decision`, in one transaction (all or none):
    /// numbers from the issuer's series for the decision's year, a snapshot of product,
    /// producer and address read now, the QR signed with the issuer's key (created on first
    /// use in `<data_dir>/keys`), origin `council`. A result already certified is refused
    /// (`CertificateError::ResultCertified`); the product's older certificates in force are
    /// replaced (`superseded`, through the same checks as [`Store::supersede_certificate`]).
    /// Each product becomes `recognised`, with its history row, in the same transaction.
    pub async fn issue_certificates(
        &self,
        issuer: &CertificateIssuer,
        decision: &Decision,
        items: Vec<IssueItem>,
    ) -> Result<Vec<Certificate>> {
        let hashes = validate_batch(decision, &items)?;
        ocop_seal::check_issuer_id(&issuer.id)?;
        issuer.check()?;
        let mut keys = KeyStore::open(self.data_dir())?;
        let key = keys.signing_key(&issuer.id, &issuer.template.issuer_name)?;
        let key_id = key.key_id.to_string();
        let mut template = issuer.template.clone();
        template.set_signer_title(&clean(&decision.signer_title));
        let issue_date = decision.date;
        let until = valid_until(issue_date);
        let year = issue_date.year();
        let decision_number = clean(&decision.number);
        let signer_name = clean(&decision.signer_name);
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let mut ids = Vec::with_capacity(items.len());
        for (item, hash) in items.iter().zip(hashes) {
            let result_id = item.result_id.trim();
            let taken: Option<String> =
                sqlx::query_scalar("SELECT number FROM certificates WHERE result_id = ?")
                    .bind(result_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(number) = taken {
                return Err(CertificateError::ResultCertified { number }.into());
            }
            let facts = product_facts(&mut tx, &item.product_id, &template.place).await?;
            let (seq, number) = next_number(&mut tx, &issuer.id, &key_id, &template, year).await?;
            let claims = Claims {
                number,
                product: facts.name.clone(),
                producer: facts.producer.clone(),
                star: item.star,
                decision_number: decision_number.clone(),
                decision_date: decision.date,
                valid_until: until,
                result_hash: hash,
            };
            let issued = ocop_seal::sign(&claims, &key)?;
            let doc = CertificateDoc {
                number: issued.fields.number.clone(),
                issuer: template.clone(),
                product: issued.fields.product.clone(),
                producer: issued.fields.producer.clone(),
                address: nfc(&facts.address),
                star: item.star,
                product_set_title: None,
                decision_number: issued.fields.decision_number.clone(),
                decision_date: iso(decision.date),
                issue_date: iso(issue_date),
                valid_until: iso(until),
                signer_name: signer_name.clone(),
                qr_text: issued.qr_text.clone(),
                short_code: issued.code.to_string(),
            };
            let id = self
                .insert_certificate(
                    &mut tx,
                    &NewCertificate {
                        origin: Origin::Council,
                        issuer_id: &issuer.id,
                        seq,
                        year,
                        product_id: Some(&item.product_id),
                        product_code: &facts.code,
                        result_id: Some(result_id),
                        result_hash: item.result_hash.trim().to_ascii_lowercase(),
                        score: item.score.trim(),
                        basis: &clean(&item.basis),
                        set: &clean(&item.set),
                        signer_title: &template.signer_title,
                        issued: &issued,
                        doc: &doc,
                    },
                    &now,
                )
                .await?;
            self.replace_older(&mut tx, &id, &item.product_id, &now)
                .await?;
            // The product is recognised by this decision: its status and history row follow
            // in the same transaction, so a crash never leaves a certificate for a product
            // that still reads "in evaluation".
            let note = format!(
                "Công nhận {} sao, giấy chứng nhận số {} (Quyết định số {})",
                item.star, doc.number, doc.decision_number
            );
            self.product_set_status_in(&mut tx, &item.product_id, "recognised", Some(&note), &now)
                .await?;
            ids.push(id);
        }
        tx.commit().await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            out.push(self.certificate(id, decision.date).await?);
        }
        Ok(out)
    }

    /// The certificates of `product_id` still in force that the new certificate `id` replaces:
    /// each one that `check_replacement` allows (a certificate dated after the new one stays).
    async fn replace_older(
        &self,
        conn: &mut SqliteConnection,
        id: &str,
        product_id: &str,
        now: &str,
    ) -> Result<()> {
        let candidates: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM certificates WHERE product_id = ? AND id <> ? \
             AND superseded_by IS NULL AND revocation_number IS NULL AND deleted_at IS NULL \
             ORDER BY issue_date, seq",
        )
        .bind(product_id)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        if candidates.is_empty() {
            return Ok(());
        }
        let newer = Held::load(conn, id).await?;
        for old in candidates {
            let older = Held::load(conn, &old).await?;
            if check_replacement(&older.replaceable(), &newer.replaceable()).is_ok() {
                self.supersede_in(conn, &older, &newer, now).await?;
            }
        }
        Ok(())
    }

    /// Records a certificate issued outside the council flow (`ocop certificate render`; for
    /// example one issued on paper before the app): signs it with the issuer's key (created on
    /// first use) and records it with origin `external`, in one transaction, so that it
    /// verifies, can be found by its short code, and appears in the lists.
    ///
    /// Recording the same certificate again (same key, number and signed contents) returns
    /// the record unchanged, so reprints are identical; an external record's unsigned print
    /// details (address, signer, template) may be corrected that way. The same number with
    /// other signed contents is refused (`NumberReused`), as is a number of this issuer
    /// recorded under another key (`NumberTaken`) and a council certificate (`Frozen`).
    pub async fn record_certificate(&self, input: &ExternalCertificate) -> Result<Certificate> {
        validate_external(input)?;
        let issuer = &input.issuer;
        ocop_seal::check_issuer_id(&issuer.id)?;
        let mut keys = KeyStore::open(self.data_dir())?;
        let key = keys.signing_key(&issuer.id, &issuer.template.issuer_name)?;
        let claims = Claims {
            number: input.number.clone(),
            product: input.product.clone(),
            producer: input.producer.clone(),
            star: input.star,
            decision_number: input.decision_number.clone(),
            decision_date: input.decision_date,
            valid_until: valid_until(input.issue_date),
            result_hash: input.result_hash,
        };
        let issued = ocop_seal::sign(&claims, &key)?;
        let signer_name = clean(&input.signer_name);
        let doc = CertificateDoc {
            number: issued.fields.number.clone(),
            issuer: issuer.template.clone(),
            product: issued.fields.product.clone(),
            producer: issued.fields.producer.clone(),
            address: clean(&input.address),
            star: input.star,
            product_set_title: input
                .product_set_title
                .as_deref()
                .map(clean)
                .filter(|t| !t.is_empty()),
            decision_number: issued.fields.decision_number.clone(),
            decision_date: iso(input.decision_date),
            issue_date: iso(input.issue_date),
            valid_until: iso(issued.fields.valid_until),
            signer_name,
            qr_text: issued.qr_text.clone(),
            short_code: issued.code.to_string(),
        };
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let product_code = match &input.product_id {
            Some(pid) => {
                product_facts(&mut tx, pid, &issuer.template.place)
                    .await?
                    .code
            }
            None => String::new(),
        };
        let row = NewCertificate {
            origin: Origin::External,
            issuer_id: &issuer.id,
            seq: 0,
            year: input.issue_date.year(),
            product_id: input.product_id.as_deref(),
            product_code: &product_code,
            result_id: None,
            result_hash: hex::encode(input.result_hash),
            score: "",
            basis: "",
            set: "",
            signer_title: &issuer.template.signer_title,
            issued: &issued,
            doc: &doc,
        };
        let existing = sqlx::query(
            "SELECT id, origin, qr_text, snapshot FROM certificates WHERE key_id = ? AND number = ?",
        )
        .bind(issued.fields.key_id.to_string())
        .bind(&issued.fields.number)
        .fetch_optional(&mut *tx)
        .await?;
        let id = match existing {
            None => self.insert_certificate(&mut tx, &row, &now).await?,
            Some(old) => {
                let id: String = old.get("id");
                if old.get::<&str, _>("qr_text") != issued.qr_text {
                    return Err(CertificateError::NumberReused {
                        number: doc.number.clone(),
                    }
                    .into());
                }
                let stored: serde_json::Value =
                    serde_json::from_str(old.get::<&str, _>("snapshot"))?;
                let snapshot = row.snapshot()?;
                if stored != snapshot {
                    if old.get::<&str, _>("origin") != Origin::External.as_str() {
                        return Err(CertificateError::Frozen {
                            number: doc.number.clone(),
                        }
                        .into());
                    }
                    sqlx::query(
                        "UPDATE certificates SET snapshot = ?, signer_title = ?, \
                         signer_name = ?, product_id = ?, search_text = ?, updated_at = ? \
                         WHERE id = ?",
                    )
                    .bind(snapshot.to_string())
                    .bind(row.signer_title)
                    .bind(&doc.signer_name)
                    .bind(row.product_id)
                    .bind(row.search_text())
                    .bind(&now)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                    self.log_certificate(&mut tx, &id, "update", &now).await?;
                }
                id
            }
        };
        tx.commit().await?;
        self.certificate(&id, self.today()).await
    }

    pub(super) async fn log_certificate(
        &self,
        conn: &mut SqliteConnection,
        id: &str,
        op: &str,
        at: &str,
    ) -> Result<()> {
        let json: String = sqlx::query_scalar(
            "SELECT json_object('id', id, 'number', number, 'issuer_id', issuer_id, 'key_id', key_id, \
             'seq', seq, 'year', year, 'origin', origin, 'product_id', product_id, \
             'result_id', result_id, 'result_hash', result_hash, 'score', score, 'star', star, \
             'basis', basis, 'product_set', product_set, 'snapshot', json(snapshot), \
             'qr_text', qr_text, 'short_code', short_code, 'issue_date', issue_date, \
             'valid_until', valid_until, 'decision_number', decision_number, \
             'decision_date', decision_date, 'signer_title', signer_title, \
             'signer_name', signer_name, 'revocation_number', revocation_number, \
             'revocation_date', revocation_date, 'revocation_ground', revocation_ground, \
             'extended_until', extended_until, 'extension_note', extension_note, \
             'superseded_by', superseded_by, 'created_at', created_at, 'updated_at', updated_at, \
             'device_id', device_id, 'deleted_at', deleted_at) FROM certificates WHERE id = ?",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        let payload: serde_json::Value = serde_json::from_str(&json)?;
        self.log_change(conn, "certificates", id, op, at, &payload)
            .await
    }

    /// One certificate with its status as of `as_of`.
    pub async fn certificate(&self, id: &str, as_of: Date) -> Result<Certificate> {
        let mut qb = select_with_status(as_of, "c.*");
        qb.push(" AND c.id = ");
        qb.push_bind(id.to_string());
        let row = qb
            .build()
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| not_found(id))?;
        from_row(&row)
    }

    /// The id of the certificate numbered `number` (signed with `key_id`, hex, when given): how
    /// the CLI names a certificate. None, or several signed by different keys without
    /// `key_id`, is a `Validation` error on `number`.
    pub async fn find_certificate(&self, number: &str, key_id: Option<&str>) -> Result<String> {
        let number = clean(number);
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT id FROM certificates WHERE deleted_at IS NULL AND number = ",
        );
        qb.push_bind(number.clone());
        if let Some(k) = key_id.map(str::trim).filter(|k| !k.is_empty()) {
            qb.push(" AND key_id = ");
            qb.push_bind(k.to_ascii_lowercase());
        }
        let ids: Vec<String> = qb.build_query_scalar().fetch_all(self.pool()).await?;
        match ids.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(StoreError::field(
                "number",
                format!(
                    "Không có giấy chứng nhận số {number} trong cơ sở dữ liệu của thư mục dữ liệu này. Giấy do nơi khác cấp thì nhập danh sách thu hồi của nơi đó."
                ),
            )),
            _ => Err(StoreError::field(
                "number",
                format!(
                    "Số {number} có ở {} giấy chứng nhận do các khóa ký khác nhau cấp; hãy chỉ rõ mã khóa ký (key_id).",
                    ids.len()
                ),
            )),
        }
    }

    /// `certificates_list`: certificates matching `q`, with statuses as of `as_of`. The deadline
    /// filters sort by expiry (soonest first); otherwise newest issue first.
    pub async fn list_certificates(
        &self,
        q: &CertificateQuery,
        as_of: Date,
    ) -> Result<Page<Certificate>> {
        let (offset, limit) = page_bounds(q.offset, q.limit);
        let filters = |qb: &mut QueryBuilder<Sqlite>| {
            push_search(qb, "c.search_text", &q.query);
            if let Some(s) = q.status {
                qb.push(" AND c.status = ");
                qb.push_bind(s.as_str());
            }
            if let Some(o) = q.origin {
                qb.push(" AND c.origin = ");
                qb.push_bind(o.as_str());
            }
            if let Some(p) = &q.product_id {
                qb.push(" AND c.product_id = ");
                qb.push_bind(p.clone());
            }
            match q.deadline {
                Some(Deadline::Window) => {
                    qb.push(format!(
                        " AND c.status = 'valid' AND c.days_left BETWEEN {WINDOW_CLOSES_DAYS} AND {WINDOW_OPENS_DAYS}"
                    ));
                }
                Some(Deadline::Expired) => {
                    qb.push(" AND c.status = 'expired'");
                }
                None => {}
            }
        };
        let mut count = select_with_status(as_of, "count(*)");
        filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(self.pool()).await?;
        let mut qb = select_with_status(as_of, "c.*");
        filters(&mut qb);
        if q.deadline.is_some() {
            qb.push(" ORDER BY c.valid_until ASC, c.number ASC");
        } else {
            qb.push(" ORDER BY c.issue_date DESC, c.seq DESC, c.number DESC");
        }
        qb.push(" LIMIT ");
        qb.push_bind(limit);
        qb.push(" OFFSET ");
        qb.push_bind(offset);
        let rows = qb.build().fetch_all(self.pool()).await?;
        Ok(Page {
            rows: rows.iter().map(from_row).collect::<Result<_>>()?,
            total,
        })
    }

    /// Records the revocation of a certificate (Art. 8): the decision and its ground, with the
    /// checks of `check_revocation` (once; not dated before issue). The window and the CLI
    /// both revoke through this function.
    pub async fn revoke_certificate(
        &self,
        id: &str,
        input: &RevokeInput,
        as_of: Date,
    ) -> Result<Certificate> {
        let number = clean(&input.decision_number);
        if number.is_empty() {
            return Err(StoreError::field(
                "decision_number",
                "Hãy nhập số quyết định thu hồi.",
            ));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let held = Held::load(&mut tx, id).await?;
        check_revocation(
            &held.number,
            held.issue_date,
            held.revocation_number.as_deref(),
            input.decision_date,
        )?;
        self.set_revocation(
            &mut tx,
            id,
            &number,
            input.decision_date,
            input.ground,
            &now,
        )
        .await?;
        tx.commit().await?;
        self.certificate(id, as_of).await
    }

    /// Writes a revocation onto certificate `id` with its change-log row (checks done).
    pub(super) async fn set_revocation(
        &self,
        conn: &mut SqliteConnection,
        id: &str,
        decision_number: &str,
        decision_date: Date,
        ground: Ground,
        now: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE certificates SET revocation_number = ?, revocation_date = ?, \
             revocation_ground = ?, updated_at = ? WHERE id = ?",
        )
        .bind(decision_number)
        .bind(iso(decision_date))
        .bind(ground.letter())
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        self.log_certificate(conn, id, "update", now).await
    }

    /// Extends a certificate under the transition rule (Art. 12.3), as `extension_until`
    /// decides on `as_of`: valid until the competent body's result, at most 180 days after its
    /// valid-until date, only once the filing window has closed; refused for revoked or
    /// superseded certificates, or once the 180 days have passed.
    pub async fn extend_certificate(
        &self,
        id: &str,
        input: &ExtendInput,
        as_of: Date,
    ) -> Result<Certificate> {
        let requested =
            match input
                .until
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                None => None,
                Some(text) => Some(parse_iso(text).ok_or_else(|| {
                    StoreError::field("until", "Ngày không đúng dạng yyyy-mm-dd.")
                })?),
            };
        let note = clean(&input.note);
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let held = Held::load(&mut tx, id).await?;
        let until = extension_until(&held.number, &held.life(), as_of, &note, requested)?;
        sqlx::query(
            "UPDATE certificates SET extended_until = ?, extension_note = ?, updated_at = ? \
             WHERE id = ?",
        )
        .bind(iso(until))
        .bind(&note)
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        self.log_certificate(&mut tx, id, "update", &now).await?;
        tx.commit().await?;
        self.certificate(id, as_of).await
    }

    /// Records that certificate `newer_id` replaces `older_id` (`superseded`), with the checks
    /// of `check_replacement`: the same function a new council certificate replaces its
    /// product's older ones with. Returns the older certificate as of `as_of`.
    pub async fn supersede_certificate(
        &self,
        older_id: &str,
        newer_id: &str,
        as_of: Date,
    ) -> Result<Certificate> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let older = Held::load(&mut tx, older_id).await?;
        let newer = Held::load(&mut tx, newer_id).await?;
        self.supersede_in(&mut tx, &older, &newer, &now).await?;
        tx.commit().await?;
        self.certificate(older_id, as_of).await
    }

    /// The printable documents of `ids`, in that order, exactly as frozen at issue (reprints
    /// give the same document).
    pub async fn certificate_docs(&self, ids: &[String]) -> Result<Vec<CertificateDoc>> {
        let mut docs = Vec::with_capacity(ids.len());
        for id in ids {
            let snapshot: String = sqlx::query_scalar(
                "SELECT snapshot FROM certificates WHERE id = ? AND deleted_at IS NULL",
            )
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| not_found(id))?;
            docs.push(serde_json::from_str(&snapshot)?);
        }
        Ok(docs)
    }
}
