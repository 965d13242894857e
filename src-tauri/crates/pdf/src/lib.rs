//! ocop-pdf: the documents of OCOP Desk as PDF — the OCOP certificate, the
//! recognition decision's annex, a member's score sheet, the council minutes and
//! Forms 01/02/03 of Annex III and a dossier's processing history — with Liberation Serif embedded and subset.
//!
//! Layout is hand-written in [`layout`] (printpdf 0.12 does no shaping): every string
//! is NFC-normalised, measured with the font's advance widths, wrapped, and tables
//! continue across pages with repeated headers. Output is reproducible: the same input
//! and [`RenderOptions::created`] give the same bytes.
//!
//! ```no_run
//! use ocop_pdf::{render_certificate_with, CertificateDoc, IssuerTemplate, RenderOptions};
//! let doc = CertificateDoc {
//!     number: "015/GCN-OCOP-2026".into(),
//!     issuer: IssuerTemplate::thai_nguyen(),
//!     product: "Chè xanh Tân Cương".into(),
//!     producer: "HTX Chè Tân Cương".into(),
//!     address: "Xã Tân Cương, tỉnh Thái Nguyên".into(),
//!     star: 4,
//!     product_set_title: None,
//!     decision_number: "1234/QĐ-UBND".into(),
//!     decision_date: "2026-06-01".into(),
//!     issue_date: "2026-06-05".into(),
//!     valid_until: "2029-06-05".into(),
//!     signer_name: "Nguyễn Văn A".into(),
//!     qr_text: "OC1:...".into(),
//!     short_code: "ABCD-EFGH".into(),
//! };
//! let opts = RenderOptions { created: Some("2026-06-05".into()) };
//! let pdf: Vec<u8> = render_certificate_with(&doc, &opts).unwrap();
//! # let _ = pdf;
//! ```

mod annex;
mod batch;
mod certificate;
pub mod common;
mod doc;
mod error;
pub mod fonts;
mod forms;
mod history;
pub mod layout;
mod minutes;
mod sheet;
mod types;

pub use annex::{render_decision_annex, render_decision_annex_with};
pub use batch::{print_certificates, qr_modules, BatchMode, BatchProgress, BatchReport, QrModules};
pub use certificate::{
    render_certificate, render_certificate_with, render_certificates, render_certificates_with,
};
pub use error::PdfError;
pub use fonts::{font_licence_text, font_licences};
pub use forms::{
    render_form01, render_form01_with, render_form02, render_form02_with, render_form03,
    render_form03_with,
};
pub use history::{
    render_dossier_history, render_dossier_history_with, DossierHistoryDoc, HistoryStep,
};
pub use minutes::{render_minutes, render_minutes_with};
pub use sheet::{render_score_sheet, render_score_sheet_with, STAR_FOOTNOTE};
pub use types::*;
