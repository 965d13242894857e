//! ocop-seal: OCOP certificates that anyone can check offline.
//!
//! Each issuing body has an Ed25519 key ([`KeyStore`], files under `<data_dir>/keys/`). A
//! certificate's QR carries a compact signed payload ([`sign`]): CBOR, signed, wrapped as
//! `[payload, signature]` and written as Base45 after the prefix `OC1:`. Under the QR a short
//! code ([`ShortCode`]) can be typed by hand; the local [`Registry`] maps it back to the QR text.
//! [`verify`], [`verify_code`] and [`verify_image`] answer valid / expired / revoked / invalid
//! from the trusted keys and the revocation list.
//!
//! ```
//! use ocop_seal::{sign, valid_until, verify, Claims, KeyStore, Status};
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
//! assert_eq!(verify(&issued.qr_text, date!(2026 - 07 - 01), &keys).status, Status::Valid);
//! assert_eq!(verify(&issued.qr_text, date!(2029 - 06 - 16), &keys).status, Status::Expired);
//! ```
//!
//! This crate knows nothing of Tauri or SQL; a later store can implement [`TrustStore`].

mod dates;
mod error;
mod fsutil;
mod keys;
mod payload;
mod registry;
mod verify;

pub use dates::{add_months, iso, iso_serde, parse_iso, show as show_date, valid_until};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use error::SealError;
pub use keys::{
    check_issuer_id, Ground, IssuerKey, KeyId, KeyStore, PublicKeyFile, Revocation, TrustStore,
};
pub use payload::{
    parse_result_hash, result_hash, sign, Claims, Fields, Issued, ShortCode, PREFIX,
};
pub use registry::{Registry, RegistryEntry};
pub use verify::{read_qr_texts, verify, verify_code, verify_image, Status, Verification};

/// Signs `claims` with the key of `issuer_id` (created on first use) and records the result in
/// the registry, so its short code can be verified later.
pub fn issue(
    keys: &mut KeyStore,
    registry: &Registry,
    issuer_id: &str,
    issuer_name: &str,
    claims: &Claims,
) -> Result<Issued, SealError> {
    let key = keys.signing_key(issuer_id, issuer_name)?;
    let issued = sign(claims, &key)?;
    registry.record(&issued)?;
    Ok(issued)
}
