//! Records exchanged between the core and the UI. Their serde shapes are the wire shapes of
//! `docs/IPC.md` (snake_case, the same field names), so the IPC layer only forwards them. A draft
//! sent by the UI is the same struct with `id` null and the derived fields left empty.

use crate::calendar::{iso, WorkingCalendar};
use crate::producer_type::ProducerType;
use crate::validate::{self, Errors, FieldError};
use serde::{Deserialize, Serialize};
use time::Date;

/// A producer (chủ thể OCOP) with the fields of Form 02 part I.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Producer {
    /// UUIDv7; `None` for a producer not saved yet.
    pub id: Option<String>,
    /// Name, e.g. "HTX Chè Hảo Đạt".
    pub name: String,
    /// Type code (`hop_tac_xa`, …), see [`ProducerType`].
    pub producer_type: String,
    /// Share of local community capital in percent (enterprises).
    pub local_capital_share: Option<f64>,
    /// Business registration number.
    pub registration_number: Option<String>,
    /// Registration (or founding) date, `yyyy-mm-dd`.
    pub registration_date: Option<String>,
    /// Tax code: 10 or 13 digits.
    pub tax_code: Option<String>,
    /// Commune code (QĐ 19/2025, or a legacy code for a record made under an old unit).
    pub commune_code: String,
    /// Commune name as of the record (derived).
    pub commune_name: String,
    /// Street address without the commune.
    pub address: Option<String>,
    /// Phone, national form `0…`.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Legal representative's name.
    pub rep_name: Option<String>,
    /// Legal representative's position.
    pub rep_position: Option<String>,
    /// Legal representative's sex: `nam` or `nu`.
    pub rep_sex: Option<String>,
    /// Legal representative's ethnicity.
    pub rep_ethnicity: Option<String>,
    /// Whether the legal representative has a disability (criterion 3.2).
    pub rep_disability: bool,
    /// Legal representative's permanent address.
    pub rep_residence: Option<String>,
    /// Number of workers.
    pub workers_total: Option<i64>,
    /// Share of workers resident in the commune, percent (criterion 3.3).
    pub workers_local_pct: Option<f64>,
    /// Whether the producer is archived.
    pub archived: bool,
    /// When the record was created (RFC 3339 UTC).
    pub created_at: String,
    /// When the record last changed (RFC 3339 UTC).
    pub updated_at: String,
}

impl Producer {
    /// Checks every field that needs no database, returning all errors at once.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        e.check("name", validate::required(&self.name, "tên chủ thể"));
        if ProducerType::from_code(&self.producer_type).is_none() {
            e.add("producer_type", "Vui lòng chọn loại hình chủ thể.");
        }
        if let Some(v) = self.local_capital_share {
            e.check("local_capital_share", validate::percentage(v));
        }
        if let Some(d) = nonblank(&self.registration_date) {
            e.check("registration_date", validate::date(d).map(|_| ()));
        }
        if let Some(t) = nonblank(&self.tax_code) {
            e.check("tax_code", validate::tax_code(t));
        }
        if self.commune_code.trim().is_empty() {
            e.add("commune_code", "Vui lòng chọn xã/phường.");
        } else if !crate::codes::is_commune_code(self.commune_code.trim()) {
            e.add("commune_code", "Mã xã/phường gồm 5 chữ số.");
        }
        if let Some(p) = nonblank(&self.phone) {
            e.check("phone", validate::phone(p));
        }
        if let Some(m) = nonblank(&self.email) {
            e.check("email", validate::email(m));
        }
        if let Some(s) = nonblank(&self.rep_sex) {
            if s != "nam" && s != "nu" {
                e.add("rep_sex", "Giới tính là \"nam\" hoặc \"nu\".");
            }
        }
        if let Some(w) = self.workers_total {
            if w < 0 {
                e.add("workers_total", "Số lao động không được âm.");
            }
        }
        if let Some(v) = self.workers_local_pct {
            e.check("workers_local_pct", validate::percentage(v));
        }
        e.into_vec()
    }
}

/// Returns the trimmed text when it is present and not blank.
pub fn nonblank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Why a saved producer looks like the one being entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same tax code.
    TaxCode,
    /// A very similar name in the same commune.
    SimilarName,
}

/// A saved producer that probably is the one being entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateCandidate {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its commune's name.
    pub commune_name: String,
    /// Its tax code.
    pub tax_code: Option<String>,
    /// Why it looks like a duplicate.
    pub reason: DuplicateReason,
}

/// Result of `producer_check`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DuplicateCheck {
    /// Probable duplicates; empty when none.
    pub duplicates: Vec<DuplicateCandidate>,
}

/// A stored evidence file or photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Id of the link between the file and its record.
    pub id: String,
    /// SHA-256 of the content, hex.
    pub hash: String,
    /// Original file name.
    pub file_name: String,
    /// MIME type guessed from the extension.
    pub mime: String,
    /// Size in bytes.
    pub size: i64,
    /// `document` or `photo`.
    pub kind: String,
    /// When it was attached.
    pub added_at: String,
}

/// One entry of a product's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEntry {
    /// The status entered.
    pub status: String,
    /// When.
    pub at: String,
    /// Why, if given.
    pub note: Option<String>,
}

/// Product statuses (`docs/IPC.md`).
pub const PRODUCT_STATUSES: [&str; 7] = [
    "draft",
    "registered",
    "in_evaluation",
    "recognised",
    "not_recognised",
    "expired",
    "withdrawn",
];

/// A product.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Product {
    /// UUIDv7; `None` for a product not saved yet.
    pub id: Option<String>,
    /// The producer.
    pub producer_id: String,
    /// The producer's name (derived).
    pub producer_name: String,
    /// Product name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Specification, e.g. "Túi 200 g".
    pub specification: Option<String>,
    /// Standard, e.g. "TCCS 01:2024/HĐ".
    pub standard: Option<String>,
    /// Product set 1–26 of Annex I (26/2026).
    pub product_set: Option<i64>,
    /// Title of the product set (derived).
    pub product_set_title: Option<String>,
    /// Product code `(T)-(X)-(STT)-year`, assigned on creation.
    pub code: String,
    /// Number in the commune's list, never reused.
    pub stt: i64,
    /// A code from earlier rules (with a district part), kept verbatim.
    pub legacy_code: Option<String>,
    /// Commune of the code (the producer's commune at creation).
    pub commune_code: String,
    /// Commune name (derived).
    pub commune_name: String,
    /// Current status, one of [`PRODUCT_STATUSES`].
    pub status: String,
    /// Photos.
    pub photos: Vec<Attachment>,
    /// Status history, oldest first.
    pub status_history: Vec<StatusEntry>,
    /// Whether the product is deleted (a tombstone).
    pub deleted: bool,
    /// Created at (RFC 3339 UTC).
    pub created_at: String,
    /// Updated at (RFC 3339 UTC).
    pub updated_at: String,
}

impl Product {
    /// Checks every field that needs no database.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        if self.producer_id.trim().is_empty() {
            e.add("producer_id", "Vui lòng chọn chủ thể.");
        }
        e.check("name", validate::required(&self.name, "tên sản phẩm"));
        match self.product_set {
            None => e.add("product_set", "Vui lòng chọn bộ sản phẩm (1–26)."),
            Some(s) if !(1..=26).contains(&s) => {
                e.add("product_set", "Bộ sản phẩm phải từ 1 đến 26.")
            }
            Some(_) => {}
        }
        e.into_vec()
    }
}

/// Narrative parts of Form 02 (self-assessment report).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form02 {
    /// History of the producer and product.
    pub history: String,
    /// Organisational structure.
    pub structure: String,
    /// Raw-material zone and technology.
    pub raw_material_technology: String,
    /// Quality changes (standard, packaging, label).
    pub quality_changes: String,
    /// Markets.
    pub markets: String,
    /// Revenue and profit.
    pub revenue_profit: String,
    /// Plan ahead (part IV).
    pub plan: String,
}

/// The commune's Form 03 review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form03 {
    /// (1) Local raw material.
    pub raw_material: String,
    /// (2) Local labour.
    pub labour: String,
    /// (3) Origin of the idea.
    pub idea_origin: String,
    /// (4) Local identity and know-how.
    pub local_identity: String,
    /// Number of the proposal letter.
    pub proposal_number: String,
    /// Date of the proposal letter, `yyyy-mm-dd`.
    pub proposal_date: Option<String>,
}

/// Dossier types of Form 01.
pub const DOSSIER_TYPES: [&str; 3] = ["lan_dau", "nang_hang", "danh_gia_lai"];

/// Dossier statuses: the first five set by hand, the others left by a workflow step
/// ([`crate::workflow::status_after`]).
pub const DOSSIER_STATUSES: [&str; 9] = [
    "draft",
    "filed",
    "commune_review",
    "returned",
    "proposed",
    "province_intake",
    "advisory_review",
    "on_agenda",
    "result",
];

/// A dossier (hồ sơ): one application of one product.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dossier {
    /// UUIDv7; `None` when not saved yet.
    pub id: Option<String>,
    /// The product.
    pub product_id: String,
    /// Product name (derived).
    pub product_name: String,
    /// Product code (derived).
    pub product_code: String,
    /// Producer name (derived).
    pub producer_name: String,
    /// Commune code (derived from the product).
    pub commune_code: String,
    /// Commune name (derived).
    pub commune_name: String,
    /// `lan_dau`, `nang_hang` or `danh_gia_lai`.
    pub dossier_type: String,
    /// Year of the application.
    pub year: i32,
    /// Form 01 slip number; suggested by the core when empty.
    pub slip_number: Option<String>,
    /// Date the commune received the dossier, `yyyy-mm-dd`.
    pub commune_received_date: Option<String>,
    /// Date the province received it, `yyyy-mm-dd`.
    pub province_received_date: Option<String>,
    /// Form 02 narratives.
    pub form02: Form02,
    /// Form 03 review.
    pub form03: Form03,
    /// 15 working days after `commune_received_date` (derived on every read from the calendar
    /// in force; the same day as `deadline.date`).
    pub review_deadline: Option<String>,
    /// The commune's review deadline and where it stands today (derived on every read; `None`
    /// without a receipt date). Ignored when sent by the UI.
    pub deadline: Option<ReviewDeadline>,
    /// Status, one of [`DOSSIER_STATUSES`]. Read: derived from the workflow steps (the typed
    /// status while no step is recorded, see [`crate::workflow::History`]). Sent by the UI: the
    /// status typed on Form 01, which only counts while no step is recorded.
    pub status: String,
    /// Evidence documents and photos.
    pub evidence: Vec<Attachment>,
    /// Whether the dossier is deleted (a tombstone).
    pub deleted: bool,
    /// Created at.
    pub created_at: String,
    /// Updated at.
    pub updated_at: String,
}

impl Dossier {
    /// Checks every field that needs no database.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        if self.product_id.trim().is_empty() {
            e.add("product_id", "Vui lòng chọn sản phẩm.");
        }
        if !DOSSIER_TYPES.contains(&self.dossier_type.as_str()) {
            e.add(
                "dossier_type",
                "Vui lòng chọn loại hồ sơ: lần đầu, nâng hạng hoặc đánh giá lại.",
            );
        }
        e.check("year", validate::year(self.year));
        if !self.status.is_empty() && !DOSSIER_STATUSES.contains(&self.status.as_str()) {
            e.add("status", "Trạng thái hồ sơ không hợp lệ.");
        }
        for (field, v) in [
            ("commune_received_date", &self.commune_received_date),
            ("province_received_date", &self.province_received_date),
            ("form03.proposal_date", &self.form03.proposal_date),
        ] {
            if let Some(d) = nonblank(v) {
                e.check(field, validate::date(d).map(|_| ()));
            }
        }
        e.into_vec()
    }
}

/// The commune's Form 03 review deadline of a dossier (26/2026 Art. 7.2) as of one day: the
/// core decides whether it has passed, and the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDeadline {
    /// The last day of the review, `yyyy-mm-dd`:
    /// [`crate::calendar::FORM03_REVIEW_WORKING_DAYS`] working days after the commune's receipt
    /// date, in the working calendar in force.
    pub date: String,
    /// Calendar days from today to that day: 0 on the day itself, negative once it has passed.
    pub days_left: i64,
    /// Whether the commune's proposal letter (Form 03) is dated, which ends the review.
    pub done: bool,
    /// Whether the day has passed and the review is not done.
    pub overdue: bool,
}

impl ReviewDeadline {
    /// The deadline of a dossier received by the commune on `received`, as of `today`, in the
    /// calendar `cal`; `done` when the commune's proposal letter is dated.
    ///
    /// ```
    /// use ocop_domain::calendar::WorkingCalendar;
    /// use ocop_domain::model::ReviewDeadline;
    /// use time::macros::date;
    /// let cal = WorkingCalendar::default();
    /// let d = ReviewDeadline::new(&cal, date!(2026 - 03 - 02), date!(2026 - 03 - 24), false);
    /// assert_eq!((d.date.as_str(), d.days_left, d.overdue), ("2026-03-23", -1, true));
    /// let d = ReviewDeadline::new(&cal, date!(2026 - 03 - 02), date!(2026 - 03 - 23), false);
    /// assert_eq!((d.days_left, d.overdue), (0, false));
    /// ```
    pub fn new(cal: &WorkingCalendar, received: Date, today: Date, done: bool) -> Self {
        let day = cal.form03_deadline(received);
        let days_left = (day - today).whole_days();
        Self {
            date: iso(day),
            days_left,
            done,
            overdue: !done && days_left < 0,
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// Rows matching the filters, over all pages.
    pub total: i64,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    /// Ascending.
    #[default]
    Asc,
    /// Descending.
    Desc,
}

/// Filters of `producers_list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProducerQuery {
    /// Diacritic-insensitive search text.
    pub query: Option<String>,
    /// Commune code.
    pub commune_code: Option<String>,
    /// Producer type code.
    pub producer_type: Option<String>,
    /// Archived producers instead of active ones.
    pub archived: bool,
    /// `name` (default), `commune`, `updated_at`, `tax_code`.
    pub sort: Option<String>,
    /// Direction.
    pub dir: Dir,
    /// Rows to skip.
    pub offset: Option<i64>,
    /// Page size (default 50).
    pub limit: Option<i64>,
}

/// Filters of `products_list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductQuery {
    /// Search text.
    pub query: Option<String>,
    /// Commune code.
    pub commune_code: Option<String>,
    /// Product set 1–26.
    pub product_set: Option<i64>,
    /// Status.
    pub status: Option<String>,
    /// Year of the product code.
    pub year: Option<i32>,
    /// Producer.
    pub producer_id: Option<String>,
    /// Deleted products instead of live ones.
    pub deleted: bool,
    /// `name` (default), `code`, `product_set`, `status`, `updated_at`.
    pub sort: Option<String>,
    /// Direction.
    pub dir: Dir,
    /// Rows to skip.
    pub offset: Option<i64>,
    /// Page size (default 50).
    pub limit: Option<i64>,
}

/// Filters of `dossiers_list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierQuery {
    /// Search text.
    pub query: Option<String>,
    /// Commune code.
    pub commune_code: Option<String>,
    /// Product set.
    pub product_set: Option<i64>,
    /// Status.
    pub status: Option<String>,
    /// Year.
    pub year: Option<i32>,
    /// Dossier type.
    pub dossier_type: Option<String>,
    /// Deleted dossiers instead of live ones.
    pub deleted: bool,
    /// `year`, `product`, `received`, `deadline`, `updated_at` (default).
    pub sort: Option<String>,
    /// Direction.
    pub dir: Dir,
    /// Rows to skip.
    pub offset: Option<i64>,
    /// Page size (default 50).
    pub limit: Option<i64>,
}

/// App settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// `vi` or `en`.
    pub locale: String,
    /// Holidays, `yyyy-mm-dd`, excluded from working days.
    pub holidays: Vec<String>,
    /// The issuing body that signs certificates and decision annexes: an issuer id
    /// (`<data_dir>/issuers/<id>.json`); `None` is the bundled default (Thái Nguyên).
    #[serde(default)]
    pub issuer_id: Option<String>,
}

/// A change to the settings; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsPatch {
    /// New locale.
    pub locale: Option<String>,
    /// New holiday list.
    pub holidays: Option<Vec<String>>,
    /// New issuing body (an issuer id); an empty string goes back to the bundled default.
    pub issuer_id: Option<String>,
}

/// An administrative unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Code (GSO / QĐ 19/2025).
    pub code: String,
    /// Name without the type prefix.
    pub name: String,
    /// `xã`, `phường`, `thị trấn`.
    pub unit_type: String,
    /// Province code.
    pub province_code: String,
    /// First day of validity.
    pub valid_from: String,
    /// Last day of validity, if it ended.
    pub valid_to: Option<String>,
}

/// A product set of Annex I (26/2026).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSet {
    /// Number 1–26.
    pub set: i64,
    /// Title (the Annex I leaf).
    pub title: String,
    /// Sector.
    pub sector: String,
    /// Group.
    pub group: String,
    /// Sub-group, if any.
    pub subgroup: Option<String>,
    /// Lead ministries.
    pub lead: String,
}

/// A saved draft form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Key, e.g. `producer:new`.
    pub key: String,
    /// The form's data as the UI sent it.
    pub data: serde_json::Value,
    /// When it was saved.
    pub saved_at: String,
}

/// A producer found by `search_producers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerHit {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Commune code.
    pub commune_code: String,
    /// Tax code.
    pub tax_code: Option<String>,
}

/// One bad row of a CSV import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    /// Line in the file; the header is line 1.
    pub line: u64,
    /// The column concerned.
    pub field: String,
    /// Vietnamese message.
    pub message: String,
}

/// Result of a CSV import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Rows imported.
    pub imported: u64,
    /// Rows skipped because the producer already exists.
    pub skipped_duplicates: u64,
    /// Bad rows.
    pub errors: Vec<ImportError>,
}

/// Result of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupInfo {
    /// The backup file.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Attachment files it holds.
    pub attachments: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producer_validation_reports_every_field() {
        let p = Producer {
            name: " ".into(),
            producer_type: "x".into(),
            tax_code: Some("123".into()),
            commune_code: "".into(),
            phone: Some("123".into()),
            email: Some("nope".into()),
            workers_local_pct: Some(120.0),
            ..Default::default()
        };
        let fields: Vec<String> = p.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "producer_type",
                "tax_code",
                "commune_code",
                "phone",
                "email",
                "workers_local_pct"
            ]
        );
    }

    #[test]
    fn producer_draft_deserialises_from_partial_json() {
        let p: Producer = serde_json::from_value(serde_json::json!({
            "id": null, "name": "HTX Chè Hảo Đạt", "producer_type": "hop_tac_xa",
            "commune_code": "05503", "tax_code": "4600123456"
        }))
        .unwrap();
        assert!(p.validate().is_empty());
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["producer_type"], "hop_tac_xa");
        assert_eq!(v["archived"], false);
    }

    #[test]
    fn dossier_and_product_validation() {
        let d = Dossier {
            dossier_type: "khac".into(),
            year: 2026,
            commune_received_date: Some("2026-13-01".into()),
            ..Default::default()
        };
        let fields: Vec<String> = d.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["product_id", "dossier_type", "commune_received_date"]
        );
        let p = Product {
            producer_id: "x".into(),
            name: "Chè".into(),
            product_set: Some(27),
            ..Default::default()
        };
        assert_eq!(p.validate()[0].field, "product_set");
    }
}
