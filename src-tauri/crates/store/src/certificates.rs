//! The `certificates` table: OCOP certificates issued in batches from locked council results,
//! each with its number from the issuer's series (never reused), a frozen snapshot of everything
//! printed, the signed QR (`ocop-seal`), and its life: revocation (Art. 8), extension under the
//! transition rule (Art. 12.3) and replacement by a newer certificate for the same product.
//!
//! Status is never typed in; it is derived from these events and a date ([`CertificateStatus`]).
//! Verification ([`Store::verify_certificate`]) uses the revocations stored here as well as the
//! seal's own revocation file.

use crate::producers::{page_bounds, push_search};
use crate::{Result, Store, StoreError};
use ocop_domain::model::Page;
use ocop_domain::text::{clean, fold};
use ocop_pdf::{CertificateDoc, IssuerTemplate};
use ocop_seal::{
    iso, iso_serde, parse_iso, parse_result_hash, valid_until, Claims, Date, Ground, KeyId,
    KeyStore, Registry, Revocation, ShortCode, Status, TrustStore, Verification, VerifyingKey,
};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashSet;

/// Days before expiry when the re-evaluation window opens (Art. 7.6.a: the dossier is filed
/// 180 to 120 days before the certificate expires).
pub const WINDOW_OPENS_DAYS: i64 = 180;
/// Days before expiry when the re-evaluation window closes.
pub const WINDOW_CLOSES_DAYS: i64 = 120;
/// Longest extension after expiry under the transition rule (Art. 12.3).
pub const EXTENSION_MAX_DAYS: i64 = 180;

/// The issuing body: its key id in `<data_dir>/keys` (see `ocop_seal::KeyStore`) and its print
/// template (name, place, signer, numbering pattern, colours).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateIssuer {
    /// The issuer id, `a-z0-9-_` (e.g. `uy-ban-nhan-dan-tinh-thai-nguyen`).
    pub id: String,
    /// How its certificates are printed and numbered.
    pub template: IssuerTemplate,
}

impl CertificateIssuer {
    /// The issuer of `template`, with the id derived from its name as the CLI does.
    pub fn from_template(template: IssuerTemplate) -> CertificateIssuer {
        CertificateIssuer {
            id: ocop_seal::issuer_id_from_name(&template.issuer_name),
            template,
        }
    }

    /// The bundled default issuer (UBND tỉnh Thái Nguyên, `data/issuers/thai-nguyen.json`),
    /// used when no issuing body is chosen.
    pub fn bundled() -> CertificateIssuer {
        Self::from_template(IssuerTemplate::thai_nguyen())
    }

    /// The issuer `issuer_id` with its template from `<data_dir>/issuers/<issuer_id>.json` (as
    /// `ocop certificate render` reads it); without an id, the bundled template (UBND tỉnh Thái
    /// Nguyên). A named issuer must exist: a missing file is a `Validation` error on the field
    /// `issuer_id` (never a silent fall-back), except for the bundled issuer's own id.
    pub fn load(data_dir: &std::path::Path, issuer_id: Option<&str>) -> Result<CertificateIssuer> {
        let Some(id) = issuer_id.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Self::bundled());
        };
        ocop_seal::check_issuer_id(id)
            .map_err(|e| StoreError::field("issuer_id", e.to_string()))?;
        let path = data_dir.join("issuers").join(format!("{id}.json"));
        let template = match std::fs::read_to_string(&path) {
            Ok(text) => parse_template(&text).map_err(|problem| {
                StoreError::field(
                    "issuer_id",
                    format!(
                        "Mẫu của cơ quan cấp \"{id}\" (issuers/{id}.json) không hợp lệ: {problem}"
                    ),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let bundled = Self::bundled();
                if bundled.id == id {
                    return Ok(bundled);
                }
                return Err(StoreError::field(
                    "issuer_id",
                    format!(
                        "Không có cơ quan cấp \"{id}\": thiếu tệp mẫu issuers/{id}.json trong thư mục dữ liệu."
                    ),
                ));
            }
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        let issuer = CertificateIssuer {
            id: id.to_string(),
            template,
        };
        issuer.check()?;
        Ok(issuer)
    }

    /// The issuing bodies of `data_dir`: the bundled default first (unless a template file
    /// replaces it under the same id), then every `issuers/*.json` sorted by id. Files that
    /// cannot be used are listed with `problem` set.
    pub fn list(data_dir: &std::path::Path) -> Result<Vec<IssuerInfo>> {
        let dir = data_dir.join("issuers");
        let mut files: Vec<String> = vec![];
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                for entry in entries {
                    let entry = entry.map_err(|e| StoreError::io(&dir, e))?;
                    let path = entry.path();
                    if path.extension().and_then(|e| e.to_str()) != Some("json") || !path.is_file()
                    {
                        continue;
                    }
                    let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                        continue;
                    };
                    files.push(id.to_string());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io(&dir, e)),
        }
        files.sort();
        let bundled = Self::bundled();
        let mut out = vec![];
        if !files.contains(&bundled.id) {
            out.push(IssuerInfo::of(&bundled, true, None));
        }
        // Each file is judged exactly as issuing would load it.
        for id in files {
            let file = Some(format!("issuers/{id}.json"));
            match Self::load(data_dir, Some(&id)) {
                Ok(issuer) => out.push(IssuerInfo::of(&issuer, false, file)),
                Err(e) => out.push(IssuerInfo {
                    id,
                    issuer_name: String::new(),
                    place: String::new(),
                    number_pattern: String::new(),
                    bundled: false,
                    file,
                    problem: Some(e.message_vi()),
                }),
            }
        }
        Ok(out)
    }

    /// Checks the template before anything is numbered: its `number_pattern` must contain
    /// `{seq}` (a `Validation` error on the field `number_pattern` otherwise).
    pub fn check(&self) -> Result<()> {
        match self.template.number_pattern_problem() {
            Some(problem) => Err(StoreError::field("number_pattern", problem)),
            None => Ok(()),
        }
    }
}

/// A template's text as an [`IssuerTemplate`], or what is wrong with it (Vietnamese).
fn parse_template(text: &str) -> std::result::Result<IssuerTemplate, String> {
    let template: IssuerTemplate =
        serde_json::from_str(text).map_err(|e| format!("JSON sai dạng mẫu: {e}"))?;
    if template.issuer_name.trim().is_empty() {
        return Err("thiếu tên cơ quan cấp (issuer_name).".into());
    }
    Ok(template)
}

/// One issuing body as listed by `issuers_list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerInfo {
    /// The issuer id (the template file's name without `.json`).
    pub id: String,
    /// The issuing body's name as printed; empty when the file cannot be used.
    pub issuer_name: String,
    /// The place on the date line.
    pub place: String,
    /// The numbering pattern, e.g. `{seq}/GCN-OCOP-{year}`.
    pub number_pattern: String,
    /// Whether this is the bundled default (no template file).
    pub bundled: bool,
    /// The template file, `issuers/<id>.json`, relative to the data folder.
    pub file: Option<String>,
    /// Why the file cannot be used (Vietnamese); `None` when it can.
    pub problem: Option<String>,
}

impl IssuerInfo {
    fn of(issuer: &CertificateIssuer, bundled: bool, file: Option<String>) -> IssuerInfo {
        IssuerInfo {
            id: issuer.id.clone(),
            issuer_name: issuer.template.issuer_name.clone(),
            place: issuer.template.place.clone(),
            number_pattern: issuer.template.number_pattern.clone(),
            bundled,
            file,
            problem: None,
        }
    }
}

/// The recognition decision a batch is issued under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Its number, e.g. `1234/QĐ-UBND`.
    pub number: String,
    /// Its date (also the certificates' issue date), `yyyy-mm-dd` on the wire.
    #[serde(with = "iso_serde")]
    pub date: Date,
    /// The signer's title, e.g. `PHÓ CHỦ TỊCH`; empty keeps the issuer template's title. Lines
    /// may be separated by `/` (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`): the ones before the last
    /// replace the template's prefix; `CHỦ TỊCH` alone drops a `KT. CHỦ TỊCH` prefix
    /// (`IssuerTemplate::set_signer_title`).
    #[serde(default)]
    pub signer_title: String,
    /// The signer's name.
    pub signer_name: String,
}

/// One certificate to issue, built by the caller from a locked council result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueItem {
    /// The product rated.
    pub product_id: String,
    /// The locked result it comes from; one certificate per result.
    pub result_id: String,
    /// The hash of the locked result as hex: a full SHA-256 (64 digits) or its first 16 bytes
    /// (32 digits); the first 16 bytes are signed in the QR, the text is stored as given.
    pub result_hash: String,
    /// The mean score as printed, e.g. `82.50`.
    pub score: String,
    /// The star rank, 3 to 5.
    pub star: u8,
    /// The legal basis of the criteria sheet (e.g. `26/2026/QĐ-TTg`).
    #[serde(default)]
    pub basis: String,
    /// The product set of the criteria sheet (e.g. `11`).
    #[serde(default)]
    pub set: String,
}

/// A certificate's status on a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CertificateStatus {
    /// Issued and not past its valid-until date.
    Valid,
    /// Past its valid-until date (and any extension), nothing pending.
    Expired,
    /// Revoked by a decision (Art. 8).
    Revoked,
    /// Past its valid-until date but extended under Art. 12.3 (at most 180 days).
    Extended,
    /// Replaced by a newer certificate for the same product.
    Superseded,
}

impl CertificateStatus {
    fn parse(s: &str) -> CertificateStatus {
        match s {
            "expired" => Self::Expired,
            "revoked" => Self::Revoked,
            "extended" => Self::Extended,
            "superseded" => Self::Superseded,
            _ => Self::Valid,
        }
    }
    fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
            Self::Extended => "extended",
            Self::Superseded => "superseded",
        }
    }
}

/// Deadline filters of the certificate list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Deadline {
    /// Valid certificates 180 to 120 days (inclusive) before expiry: the re-evaluation window.
    Window,
    /// Certificates already expired (not extended, revoked or superseded).
    Expired,
}

/// Filters of `certificates_list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateQuery {
    /// Words searched in number, product, producer, decision number and short code.
    pub query: Option<String>,
    /// Only this status.
    pub status: Option<CertificateStatus>,
    /// Only certificates in the re-evaluation window, or already expired.
    pub deadline: Option<Deadline>,
    /// Only this product's certificates.
    pub product_id: Option<String>,
    /// First row.
    pub offset: Option<i64>,
    /// Rows per page (default 50).
    pub limit: Option<i64>,
}

/// The revocation of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRevocation {
    /// The revocation decision's number.
    pub decision_number: String,
    /// Its date, `yyyy-mm-dd`.
    pub decision_date: String,
    /// The ground, a point of Art. 8.1 (`a`…`e`, `đ`).
    pub ground: Ground,
    /// The ground described in Vietnamese.
    pub ground_text: String,
}

/// Input of a revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeInput {
    /// The revocation decision's number.
    pub decision_number: String,
    /// Its date.
    #[serde(with = "iso_serde")]
    pub decision_date: Date,
    /// The ground (Art. 8.1).
    pub ground: Ground,
}

/// Input of an extension under Art. 12.3.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendInput {
    /// The last day of validity; at most 180 days after the valid-until date. `None` extends
    /// by the full 180 days (the certificate then ends earlier when the new decision supersedes
    /// it).
    #[serde(default)]
    pub until: Option<String>,
    /// Why: the pending re-evaluation dossier (number, date received).
    #[serde(default)]
    pub note: String,
}

/// A stored certificate, as sent over IPC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    /// UUIDv7.
    pub id: String,
    /// The number from the issuer's series.
    pub number: String,
    /// The issuer id.
    pub issuer_id: String,
    /// The issuer's name as printed.
    pub issuer_name: String,
    /// The signing key id (hex).
    pub key_id: String,
    /// The product.
    pub product_id: String,
    /// The product's name as printed (frozen at issue).
    pub product_name: String,
    /// The product's code at issue.
    pub product_code: String,
    /// The producer's name as printed.
    pub producer_name: String,
    /// The producer's address as printed.
    pub address: String,
    /// The locked result it was issued from.
    pub result_id: String,
    /// The hash of that result (hex).
    pub result_hash: String,
    /// The score, e.g. `82.50`.
    pub score: String,
    /// The star rank.
    pub star: u8,
    /// The criteria's legal basis.
    pub basis: String,
    /// The criteria's product set.
    pub set: String,
    /// Issue date, `yyyy-mm-dd`.
    pub issue_date: String,
    /// Last valid day, `yyyy-mm-dd`.
    pub valid_until: String,
    /// The recognition decision's number.
    pub decision_number: String,
    /// Its date.
    pub decision_date: String,
    /// The signer's title.
    pub signer_title: String,
    /// The signer's name.
    pub signer_name: String,
    /// The signed QR text (`OC1:…`).
    pub qr_text: String,
    /// The short code printed under the QR.
    pub short_code: String,
    /// The status on the date asked for.
    pub status: CertificateStatus,
    /// Days from that date to the valid-until date (negative once expired).
    pub days_to_expiry: i64,
    /// The revocation, when revoked.
    pub revocation: Option<CertificateRevocation>,
    /// The extended last day (Art. 12.3), when extended.
    pub extended_until: Option<String>,
    /// Why it was extended.
    pub extension_note: Option<String>,
    /// The id of the certificate that replaced it.
    pub superseded_by: Option<String>,
    /// When it was recorded.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Everything printed, frozen at issue: the document `ocop-pdf` renders.
    pub snapshot: CertificateDoc,
}

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
            let ground: Ground = ground
                .parse()
                .map_err(|e: ocop_seal::SealError| StoreError::Seal(e))?;
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
        status: CertificateStatus::parse(r.get::<&str, _>("status")),
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

fn conflict(reason: impl Into<String>) -> StoreError {
    StoreError::Conflict(reason.into())
}

fn not_found(id: &str) -> StoreError {
    StoreError::NotFound {
        entity: "certificate",
        id: id.to_string(),
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

/// Trust for verification: the keys of `<data_dir>/keys` and the revocations of both the
/// database and the seal's revocation file.
struct StoreTrust {
    keys: KeyStore,
    revocations: Vec<Revocation>,
}

impl TrustStore for StoreTrust {
    fn trusted_key(&self, key_id: &KeyId) -> Option<(VerifyingKey, String)> {
        self.keys.trusted_key(key_id)
    }
    fn revocation(&self, number: &str, key_id: &KeyId) -> Option<Revocation> {
        let number = ocop_domain::text::nfc(number.trim());
        self.revocations
            .iter()
            .find(|r| r.certificate_number == number && &r.key_id == key_id)
            .cloned()
            .or_else(|| self.keys.revocation(&number, key_id))
    }
}

impl Store {
    /// `issuers_list`: the issuing bodies of the data folder ([`CertificateIssuer::list`]).
    pub fn issuers_list(&self) -> Result<Vec<IssuerInfo>> {
        CertificateIssuer::list(self.data_dir())
    }

    /// The issuing body chosen in the settings (`issuer_id`), or the bundled default when none
    /// is chosen. A chosen issuer whose template has since disappeared is a `Validation` error
    /// on `issuer_id`, never a silent fall-back.
    pub async fn settings_issuer(&self) -> Result<CertificateIssuer> {
        let settings = self.settings_get().await?;
        CertificateIssuer::load(self.data_dir(), settings.issuer_id.as_deref())
    }

    /// Issues one certificate per item under `decision`, in one transaction (all or none):
    /// numbers from the issuer's series for the decision's year, a snapshot of product,
    /// producer and address read now, the QR signed with the issuer's key (created on first
    /// use in `<data_dir>/keys`). A result already certified is refused (`Conflict`); older
    /// certificates of the same product become `superseded`. The short codes are also recorded
    /// in the seal's registry (`keys/issued.jsonl`) so the CLI can verify them. Each product
    /// becomes `recognised`, with its history row, in the same transaction.
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
        let registry = Registry::open(self.data_dir())?;
        let used_elsewhere = registry.numbers_of(&key.key_id)?;
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
        let mut issued_all = Vec::with_capacity(items.len());
        for (item, hash) in items.iter().zip(hashes) {
            let result_id = item.result_id.trim();
            let taken: Option<String> =
                sqlx::query_scalar("SELECT number FROM certificates WHERE result_id = ?")
                    .bind(result_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(number) = taken {
                return Err(conflict(format!(
                    "Kết quả đánh giá này đã được cấp giấy chứng nhận số {number}; không cấp lại."
                )));
            }
            let facts = product_facts(&mut tx, &item.product_id, &template.place).await?;
            // The next number of the series that was never handed out: numbers already in the
            // database or in the seal's registry (e.g. rendered by hand with
            // `ocop certificate render`) with this key are skipped, never reused. Each skip is a
            // distinct number already used, so more tries than used numbers means the pattern
            // gives the same number again and again: stop rather than loop in the transaction.
            let used_in_db: i64 =
                sqlx::query_scalar("SELECT count(*) FROM certificates WHERE issuer_id = ?")
                    .bind(&issuer.id)
                    .fetch_one(&mut *tx)
                    .await?;
            let max_tries = used_in_db as usize + used_elsewhere.len() + 1;
            let mut tries = 0usize;
            let (seq, number) = loop {
                tries += 1;
                if tries > max_tries {
                    return Err(StoreError::field(
                        "number_pattern",
                        format!(
                            "Mẫu số \"{}\" không cho ra số giấy chứng nhận nào chưa dùng; hãy sửa mẫu số của cơ quan cấp.",
                            template.number_pattern
                        ),
                    ));
                }
                let seq: i64 = sqlx::query_scalar(
                    "INSERT INTO certificate_counters (issuer_id, year, last) VALUES (?, ?, 1) \
                     ON CONFLICT (issuer_id, year) DO UPDATE SET last = last + 1 RETURNING last",
                )
                .bind(&issuer.id)
                .bind(year)
                .fetch_one(&mut *tx)
                .await?;
                let number = template.format_number(seq as u32, year);
                let in_db: Option<i64> = sqlx::query_scalar(
                    "SELECT 1 FROM certificates WHERE issuer_id = ? AND number = ?",
                )
                .bind(&issuer.id)
                .bind(&number)
                .fetch_optional(&mut *tx)
                .await?;
                if in_db.is_none() && !used_elsewhere.contains(&number) {
                    break (seq, number);
                }
            };
            let claims = Claims {
                number: number.clone(),
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
                address: ocop_domain::text::nfc(&facts.address),
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
            let mut snapshot = serde_json::to_value(&doc)?;
            snapshot["product_code"] = serde_json::Value::String(facts.code.clone());
            let id = self.new_id();
            let search = fold(&format!(
                "{} {} {} {} {} {}",
                doc.number,
                doc.product,
                doc.producer,
                facts.code,
                doc.decision_number,
                doc.short_code
            ));
            let inserted = sqlx::query(
                "INSERT INTO certificates (id, number, issuer_id, key_id, seq, year, product_id, \
                 result_id, result_hash, score, star, basis, product_set, snapshot, qr_text, \
                 short_code, issue_date, valid_until, decision_number, decision_date, \
                 signer_title, signer_name, search_text, created_at, updated_at, device_id) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(&doc.number)
            .bind(&issuer.id)
            .bind(issued.fields.key_id.to_string())
            .bind(seq)
            .bind(year)
            .bind(&item.product_id)
            .bind(result_id)
            .bind(item.result_hash.trim().to_ascii_lowercase())
            .bind(item.score.trim())
            .bind(item.star as i64)
            .bind(clean(&item.basis))
            .bind(clean(&item.set))
            .bind(snapshot.to_string())
            .bind(&doc.qr_text)
            .bind(&doc.short_code)
            .bind(&doc.issue_date)
            .bind(&doc.valid_until)
            .bind(&doc.decision_number)
            .bind(&doc.decision_date)
            .bind(&template.signer_title)
            .bind(&signer_name)
            .bind(search)
            .bind(&now)
            .bind(&now)
            .bind(self.device())
            .execute(&mut *tx)
            .await;
            if let Err(sqlx::Error::Database(e)) = &inserted {
                if e.is_unique_violation() {
                    return Err(conflict(format!(
                        "Số giấy chứng nhận {} đã được dùng; số không được dùng lại.",
                        doc.number
                    )));
                }
            }
            inserted?;
            let replaced: Vec<String> = sqlx::query_scalar(
                "UPDATE certificates SET superseded_by = ?, updated_at = ? \
                 WHERE product_id = ? AND id <> ? AND superseded_by IS NULL \
                 AND revocation_number IS NULL AND deleted_at IS NULL RETURNING id",
            )
            .bind(&id)
            .bind(&now)
            .bind(&item.product_id)
            .bind(&id)
            .fetch_all(&mut *tx)
            .await?;
            self.log_certificate(&mut tx, &id, "insert", &now).await?;
            for old in replaced {
                self.log_certificate(&mut tx, &old, "update", &now).await?;
            }
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
            issued_all.push(issued);
        }
        tx.commit().await?;
        // The database is the record; the registry only lets the CLI verify short codes
        // without it. A failure to append there must not report a committed batch as failed.
        let _ = registry.record_all(&issued_all);
        let today = decision.date;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            out.push(self.certificate(id, today).await?);
        }
        Ok(out)
    }

    async fn log_certificate(
        &self,
        conn: &mut SqliteConnection,
        id: &str,
        op: &str,
        at: &str,
    ) -> Result<()> {
        let json: String = sqlx::query_scalar(
            "SELECT json_object('id', id, 'number', number, 'issuer_id', issuer_id, 'key_id', key_id, \
             'seq', seq, 'year', year, 'product_id', product_id, 'result_id', result_id, \
             'result_hash', result_hash, 'score', score, 'star', star, 'basis', basis, \
             'product_set', product_set, 'snapshot', json(snapshot), 'qr_text', qr_text, \
             'short_code', short_code, 'issue_date', issue_date, 'valid_until', valid_until, \
             'decision_number', decision_number, 'decision_date', decision_date, \
             'signer_title', signer_title, 'signer_name', signer_name, \
             'revocation_number', revocation_number, 'revocation_date', revocation_date, \
             'revocation_ground', revocation_ground, 'extended_until', extended_until, \
             'extension_note', extension_note, 'superseded_by', superseded_by, \
             'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, \
             'deleted_at', deleted_at) FROM certificates WHERE id = ?",
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

    /// Records the revocation of a certificate (Art. 8): the decision and its ground. A
    /// certificate is revoked once; a second revocation is a `Conflict`.
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
        let row = sqlx::query(
            "SELECT number, issue_date, revocation_number FROM certificates \
             WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| not_found(id))?;
        if let Some(prev) = row.get::<Option<String>, _>("revocation_number") {
            return Err(conflict(format!(
                "Giấy chứng nhận số {} đã bị thu hồi theo quyết định {prev}.",
                row.get::<String, _>("number")
            )));
        }
        if iso(input.decision_date) < row.get::<String, _>("issue_date") {
            return Err(StoreError::field(
                "decision_date",
                "Ngày quyết định thu hồi không thể trước ngày cấp giấy chứng nhận.",
            ));
        }
        sqlx::query(
            "UPDATE certificates SET revocation_number = ?, revocation_date = ?, \
             revocation_ground = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&number)
        .bind(iso(input.decision_date))
        .bind(input.ground.letter())
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        self.log_certificate(&mut tx, id, "update", &now).await?;
        tx.commit().await?;
        self.certificate(id, as_of).await
    }

    /// Extends a certificate under the transition rule (Art. 12.3): valid until the competent
    /// body's result, at most 180 days after its valid-until date. Only once the filing window
    /// has closed (120 days before expiry, Art. 7.6.a) on `as_of`; refused for revoked or
    /// superseded certificates, or once the 180 days have passed.
    pub async fn extend_certificate(
        &self,
        id: &str,
        input: &ExtendInput,
        as_of: Date,
    ) -> Result<Certificate> {
        let current = self.certificate(id, as_of).await?;
        match current.status {
            CertificateStatus::Revoked => {
                return Err(conflict(format!(
                    "Giấy chứng nhận số {} đã bị thu hồi; không thể kéo dài hiệu lực.",
                    current.number
                )))
            }
            CertificateStatus::Superseded => {
                return Err(conflict(format!(
                    "Giấy chứng nhận số {} đã được thay bằng giấy mới; không thể kéo dài hiệu lực.",
                    current.number
                )))
            }
            _ => {}
        }
        let note = clean(&input.note);
        if note.is_empty() {
            return Err(StoreError::field(
                "note",
                "Hãy ghi hồ sơ đánh giá lại đang chờ xử lý (số, ngày nhận).",
            ));
        }
        let expiry = parse_iso(&current.valid_until)
            .ok_or_else(|| StoreError::field("valid_until", "Ngày hết hạn lưu trữ bị hỏng."))?;
        let limit = expiry + time::Duration::days(EXTENSION_MAX_DAYS);
        let window_closed = expiry - time::Duration::days(WINDOW_CLOSES_DAYS);
        if as_of < window_closed {
            return Err(conflict(format!(
                "Chỉ kéo dài hiệu lực (khoản 3 Điều 12) khi hồ sơ đánh giá lại nộp sau thời hạn, tức từ ngày {} (120 ngày trước khi hết hạn); trước đó chủ thể vẫn nộp hồ sơ đúng hạn được.",
                ocop_seal::show_date(window_closed)
            )));
        }
        if as_of > limit {
            return Err(conflict(format!(
                "Đã quá 180 ngày kể từ ngày hết hạn {}; không thể kéo dài hiệu lực.",
                ocop_seal::show_date(expiry)
            )));
        }
        let until = match input
            .until
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => limit,
            Some(text) => {
                let d = parse_iso(text).ok_or_else(|| {
                    StoreError::field("until", "Ngày không đúng dạng yyyy-mm-dd.")
                })?;
                if d <= expiry || d > limit {
                    return Err(StoreError::field(
                        "until",
                        format!(
                            "Ngày kéo dài phải sau ngày hết hạn {} và không quá {} (180 ngày, khoản 3 Điều 12).",
                            ocop_seal::show_date(expiry),
                            ocop_seal::show_date(limit)
                        ),
                    ));
                }
                d
            }
        };
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE certificates SET extended_until = ?, extension_note = ?, updated_at = ? \
             WHERE id = ? AND deleted_at IS NULL",
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

    /// Every revocation recorded in the database, in the seal's form.
    pub async fn certificate_revocations(&self) -> Result<Vec<Revocation>> {
        let rows = sqlx::query(
            "SELECT number, key_id, revocation_number, revocation_date, revocation_ground \
             FROM certificates WHERE revocation_number IS NOT NULL AND deleted_at IS NULL",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let key_id: KeyId = r
                    .get::<&str, _>("key_id")
                    .parse()
                    .map_err(|_| StoreError::field("key_id", "Mã khóa lưu trữ bị hỏng."))?;
                let date = parse_iso(r.get::<&str, _>("revocation_date"))
                    .ok_or_else(|| StoreError::field("revocation_date", "Ngày lưu trữ bị hỏng."))?;
                Ok(Revocation {
                    certificate_number: r.get("number"),
                    key_id,
                    decision_number: r.get("revocation_number"),
                    date,
                    ground: r.get::<&str, _>("revocation_ground").parse()?,
                })
            })
            .collect()
    }

    async fn trust(&self) -> Result<StoreTrust> {
        Ok(StoreTrust {
            keys: KeyStore::open(self.data_dir())?,
            revocations: self.certificate_revocations().await?,
        })
    }

    /// Verifies a QR text with the data folder's trusted keys and the revocations of both the
    /// database and the seal's file, as of `today`. A genuine certificate past its valid-until
    /// date but extended here under Art. 12.3 is answered `valid`, with the extension in the
    /// reason.
    pub async fn verify_certificate(&self, text: &str, today: Date) -> Result<Verification> {
        let trust = self.trust().await?;
        let v = ocop_seal::verify(text, today, &trust);
        let v = self.with_extension(v, today).await?;
        self.with_replacement(v, today).await
    }

    /// Verifies a short code: looked up in the database, then in the seal's registry.
    pub async fn verify_certificate_code(
        &self,
        code: &ShortCode,
        today: Date,
    ) -> Result<Verification> {
        let text: Option<String> =
            sqlx::query_scalar("SELECT qr_text FROM certificates WHERE short_code = ?")
                .bind(code.to_string())
                .fetch_optional(self.pool())
                .await?;
        match text {
            Some(text) => self.verify_certificate(&text, today).await,
            None => {
                let trust = self.trust().await?;
                let registry = Registry::open(self.data_dir())?;
                let v = ocop_seal::verify_code(code, today, &trust, &registry)?;
                let v = self.with_extension(v, today).await?;
                self.with_replacement(v, today).await
            }
        }
    }

    /// A genuine certificate replaced by a newer one for the same product (issued on or before
    /// `today`) is no longer in force: `valid` becomes `expired` (the status set has no
    /// `superseded`, and `revoked` would claim a revocation decision that was never made), and
    /// the reason names the certificate and decision that replaced it. `revoked` and `invalid`
    /// are left as they are.
    async fn with_replacement(&self, mut v: Verification, today: Date) -> Result<Verification> {
        if !matches!(v.status, Status::Valid | Status::Expired) {
            return Ok(v);
        }
        let Some(fields) = &v.fields else {
            return Ok(v);
        };
        let newer = sqlx::query(
            "SELECT n.number, n.decision_number, n.decision_date, n.issue_date \
             FROM certificates c JOIN certificates n ON n.id = c.superseded_by \
             WHERE c.number = ? AND c.key_id = ? AND c.deleted_at IS NULL",
        )
        .bind(&fields.number)
        .bind(fields.key_id.to_string())
        .fetch_optional(self.pool())
        .await?;
        let Some(newer) = newer else {
            return Ok(v);
        };
        let since = parse_iso(newer.get::<&str, _>("issue_date"));
        if since.is_some_and(|d| today < d) {
            return Ok(v);
        }
        let decision_date = parse_iso(newer.get::<&str, _>("decision_date"))
            .map(ocop_seal::show_date)
            .unwrap_or_else(|| newer.get::<String, _>("decision_date"));
        v.status = Status::Expired;
        v.reason = format!(
            "Giấy chứng nhận thật nhưng không còn hiệu lực: đã được thay thế bởi giấy chứng nhận số {} (Quyết định số {} ngày {})",
            newer.get::<&str, _>("number"),
            newer.get::<&str, _>("decision_number"),
            decision_date
        );
        Ok(v)
    }

    async fn with_extension(&self, mut v: Verification, today: Date) -> Result<Verification> {
        if v.status != Status::Expired {
            return Ok(v);
        }
        let Some(fields) = &v.fields else {
            return Ok(v);
        };
        let until: Option<String> = sqlx::query_scalar(
            "SELECT extended_until FROM certificates WHERE number = ? AND key_id = ? \
             AND deleted_at IS NULL AND superseded_by IS NULL AND revocation_number IS NULL",
        )
        .bind(&fields.number)
        .bind(fields.key_id.to_string())
        .fetch_optional(self.pool())
        .await?
        .flatten();
        if let Some(until) = until.as_deref().and_then(parse_iso) {
            if today <= until {
                v.status = Status::Valid;
                v.reason = format!(
                    "Giấy chứng nhận thật; hết hạn ngày {} nhưng được kéo dài hiệu lực theo khoản 3 Điều 12 Quyết định 26/2026/QĐ-TTg đến khi có kết quả đánh giá lại, chậm nhất hết ngày {}",
                    ocop_seal::show_date(fields.valid_until),
                    ocop_seal::show_date(until)
                );
            }
        }
        Ok(v)
    }
}
