//! Pure rules of OCOP Desk, with no IO: Vietnamese text folding and name similarity ([`text`]),
//! field validation with Vietnamese messages ([`validate`]), the error codes every boundary uses
//! ([`ErrorCode`]), UUIDv7 ids and injectable clocks
//! ([`ids`]), the working-day calendar for the 15-working-day Form 03 deadline ([`calendar`]),
//! product codes and registration slip numbers ([`codes`]), producer types ([`producer_type`]), the
//! dossier workflow's steps and transitions ([`workflow`]) and
//! the records exchanged with the UI ([`model`], whose serde shapes are the IPC wire shapes of
//! `docs/IPC.md`).
//!
//! ```
//! use ocop_domain::text::fold;
//! assert_eq!(fold("CHÈ TÂN CƯƠNG"), "che tan cuong");
//! assert_eq!(fold("Đồng Hỷ"), "dong hy");
//! ```

pub mod calendar;
pub mod codes;
pub mod error;
pub mod ids;
pub mod model;
pub mod producer_type;
pub mod text;
pub mod validate;
pub mod workflow;

pub use error::ErrorCode;
pub use validate::FieldError;
