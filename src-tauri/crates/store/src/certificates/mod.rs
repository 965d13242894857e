//! Certificates: every OCOP certificate that verifies as genuine from this data folder is a
//! record here, whether issued from a locked council result or typed in from outside the
//! council flow; so are revocations, whether decided here or received from another laptop.
//! The seal (`ocop-seal`) keeps only keys and signs and verifies.
//!
//! - `issuer`: issuing bodies (print templates under `issuers/`, no SQL);
//! - `model`: the wire shapes of `docs/IPC.md`;
//! - `table`: the `certificates` table: issue, record, revoke, extend, supersede, list;
//! - `revocations`: the `received_revocations` table, revocation export/import, and the
//!   one-time import of the seal's old files;
//! - `verify`: verification with the database's revocations, extensions and replacements.
//!
//! The rules (statuses, the re-evaluation window, Art. 12.3 extensions, the checks of
//! revocation and replacement) are `ocop_domain::certificate`, with no SQL.

mod issuer;
mod model;
mod revocations;
mod table;
mod verify;

pub use issuer::{CertificateIssuer, IssuerInfo};
pub use model::{
    Certificate, CertificateQuery, CertificateRevocation, Deadline, Decision, ExtendInput,
    ExternalCertificate, IssueItem, LegacyImport, RevocationImport, RevokeInput,
};
