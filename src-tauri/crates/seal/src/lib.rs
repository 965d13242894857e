//! ocop-seal: OCOP certificates that anyone can check offline.
//!
//! Each issuing body has an Ed25519 key ([`KeyStore`], files under `<data_dir>/keys/`). A
//! certificate's QR carries a compact signed payload ([`sign`]): CBOR, signed, wrapped as
//! `[payload, signature]` and written as Base45 after the prefix `OC1:`. Under the QR a short
//! code ([`ShortCode`]) can be typed by hand. [`verify`] and [`verify_image`] answer valid /
//! expired / revoked / invalid from the trusted keys and a revocation list ([`Trust`]).
//!
//! This crate keeps keys and signs and verifies; it keeps no records. Which certificates were
//! issued, which short code stands for which QR, and which are revoked are records of the
//! database (`ocop-store`), which lends its revocations to [`Trust`].
//!
//! ```
//! use ocop_seal::{sign, valid_until, verify, Claims, Ground, KeyStore, Revocation, Status};
//! use time::macros::date;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut keys = KeyStore::open(dir.path()).unwrap();
//! let key = keys.signing_key("thai-nguyen", "UBND TỈNH THÁI NGUYÊN").unwrap();
//! let claims = Claims {
//!     number: "TN-2026-0001".into(),
//!     product: "Chè Tân Cương".into(),
//!     producer: "HTX Chè Hảo Đạt".into(),
//!     star: 4,
//!     decision_number: "1234/QĐ-UBND".into(),
//!     decision_date: date!(2026 - 06 - 15),
//!     valid_until: valid_until(date!(2026 - 06 - 15)),
//!     result_hash: [0; 16],
//! };
//! let issued = sign(&claims, &key).unwrap();
//! assert!(issued.qr_text.starts_with("OC1:"));
//! let trust = keys.with_revocations(&[]);
//! assert_eq!(verify(&issued.qr_text, date!(2026 - 07 - 01), &trust).status, Status::Valid);
//! assert_eq!(verify(&issued.qr_text, date!(2029 - 06 - 16), &trust).status, Status::Expired);
//! let revoked = [Revocation {
//!     certificate_number: "TN-2026-0001".into(),
//!     key_id: key.key_id,
//!     decision_number: "88/QĐ-UBND".into(),
//!     date: date!(2026 - 10 - 01),
//!     ground: Ground::Dd,
//! }];
//! let trust = keys.with_revocations(&revoked);
//! assert_eq!(verify(&issued.qr_text, date!(2026 - 10 - 02), &trust).status, Status::Revoked);
//! ```
//!
//! This crate knows nothing of Tauri or SQL.

mod dates;
mod error;
mod fsutil;
mod keys;
mod payload;
mod verify;

pub use dates::{add_months, iso, iso_serde, parse_iso, show as show_date, valid_until};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use error::SealError;
pub use keys::{
    check_issuer_id, Ground, IssuerKey, KeyId, KeyStore, PublicKeyFile, Revocation, Trust,
    TrustStore,
};
pub use payload::{
    parse_result_hash, result_hash, sign, Claims, Fields, Issued, ShortCode, PREFIX,
};
pub use time::Date;
pub use verify::{read_qr_texts, verify, verify_image, Status, Verification};

/// A file-name-safe issuer id made from an issuing body's name: tone marks removed, `đ` → `d`,
/// lower case, other characters → `-` (e.g. "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" →
/// `uy-ban-nhan-dan-tinh-thai-nguyen`). At most 64 characters; `issuer` when nothing is left.
pub fn issuer_id_from_name(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut id = String::new();
    for c in name.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.truncate(64);
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "issuer".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn issuer_ids_from_vietnamese_names() {
        use super::issuer_id_from_name as id;
        assert_eq!(
            id("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"),
            "uy-ban-nhan-dan-tinh-thai-nguyen"
        );
        assert_eq!(id("UBND tỉnh Điện Biên"), "ubnd-tinh-dien-bien");
        assert_eq!(id("  ---  "), "issuer");
        assert!(super::check_issuer_id(&id(&"Đắk Lắk ".repeat(20))).is_ok());
    }
}
