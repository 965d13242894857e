//! The wire shapes of certificates (the `docs/IPC.md` contract): what is issued, recorded,
//! listed, revoked and extended. No SQL and no rule here: the rules are
//! `ocop_domain::certificate`, the storage is [`super::table`].

use ocop_domain::certificate::{CertificateStatus, Origin};
use ocop_pdf::CertificateDoc;
use ocop_seal::{iso_serde, Date, Ground};
use serde::{Deserialize, Serialize};

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
    /// Only certificates of this origin (`council` or `external`).
    pub origin: Option<Origin>,
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
    /// Where it came from: `council` (a locked council result) or `external` (issued outside
    /// the council flow and typed in, e.g. by `ocop certificate render`).
    pub origin: Origin,
    /// The product, when it is in the database (an external certificate may name none).
    pub product_id: Option<String>,
    /// The product's name as printed (frozen at issue).
    pub product_name: String,
    /// The product's code at issue.
    pub product_code: String,
    /// The producer's name as printed.
    pub producer_name: String,
    /// The producer's address as printed.
    pub address: String,
    /// The locked result it was issued from (`None` for an external certificate).
    pub result_id: Option<String>,
    /// The hash of that result (hex), as signed (zeros when the input gave none).
    pub result_hash: String,
    /// The score, e.g. `82.50` (empty when not known).
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

/// A certificate issued outside the council flow (for example on paper before the app), typed
/// in so that it is signed, verifies, and appears in the lists: the input of
/// `Store::record_certificate` (`ocop certificate render`). Signed with the issuer's key and
/// recorded with origin `external`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalCertificate {
    /// The issuer id (its key in `<data_dir>/keys`) and the print template, already holding
    /// the issuer's name, place and signer lines as printed.
    pub issuer: super::CertificateIssuer,
    /// The number as printed on the paper certificate.
    pub number: String,
    /// The product's name.
    pub product: String,
    /// The producer's name.
    pub producer: String,
    /// The producer's address as printed.
    pub address: String,
    /// The star rank, 3 to 5.
    pub star: u8,
    /// The recognition decision's number.
    pub decision_number: String,
    /// The recognition decision's date.
    pub decision_date: Date,
    /// The issue date (not before the decision); valid 36 months from it.
    pub issue_date: Date,
    /// The signer's name.
    pub signer_name: String,
    /// The first 16 bytes of the locked result's hash, when one exists; zeros otherwise.
    pub result_hash: [u8; 16],
    /// The product set's title printed under the product, if any.
    pub product_set_title: Option<String>,
    /// The product in the database, when it is known.
    pub product_id: Option<String>,
}

/// What an import of revocations did (`Store::import_revocations`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevocationImport {
    /// Revocations of certificates held in this database, now recorded on them.
    pub applied: usize,
    /// Revocations of certificates this database does not hold, kept as received.
    pub received: usize,
    /// Revocations already known (the same decision): nothing changed.
    pub unchanged: usize,
}

/// What the one-time import of the seal's old files did (`keys/issued.jsonl`,
/// `keys/revocations.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyImport {
    /// Certificates of the old registry recorded in the database.
    pub certificates: usize,
    /// The old revocation list, as imported.
    pub revocations: RevocationImport,
    /// Entries left out, each with why (they stay in the renamed `.imported` file).
    pub skipped: Vec<String>,
    /// The files imported and renamed, as `keys/<name>.imported…`.
    pub renamed: Vec<String>,
}
