//! Errors of the store, each with a stable code (the `code` of `docs/IPC.md`) and a Vietnamese
//! message for people.

use ocop_council::CouncilError;
use ocop_domain::model::DuplicateCandidate;
use ocop_domain::{ErrorCode, FieldError};
use std::path::PathBuf;

/// Errors from reading and writing the local database and its files.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Input failed validation; every wrong field is listed.
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    /// A probable duplicate producer exists and the save was not confirmed.
    #[error("probable duplicate of {} producer(s)", .0.len())]
    Duplicate(Vec<DuplicateCandidate>),
    /// The record does not exist.
    #[error("{entity} {id} not found")]
    NotFound {
        /// Kind of record (`producer`, `product`, …).
        entity: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The database was written by a newer version of the app.
    #[error("database schema {found} is newer than this app supports ({supported})")]
    TooNew {
        /// Newest migration applied to the file.
        found: i64,
        /// Newest migration this binary knows.
        supported: i64,
    },
    /// A file could not be read or written.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A backup file failed its checks; nothing was replaced.
    #[error("invalid backup {path}: {reason}")]
    InvalidBackup {
        /// The backup file.
        path: PathBuf,
        /// What is wrong, in Vietnamese.
        reason: String,
    },
    /// A CSV file could not be read as a producer import (bad header or encoding).
    #[error("invalid CSV: {reason}")]
    InvalidCsv {
        /// What is wrong, in Vietnamese.
        reason: String,
    },
    /// The operation conflicts with the record's state; the message says why, in Vietnamese.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A member's score sheet that this laptop may not open, save or print before the chair
    /// reveals the result; the message says whose sheet it is and why, in Vietnamese.
    #[error("sealed: {0}")]
    Sealed(String),
    /// The council's rules refuse the operation (a locked result, a revealed round, a sealed
    /// sheet); the refusal carries its data. A refusal of an input (a wrong entry, a missing
    /// reason) becomes [`StoreError::Validation`] naming its fields.
    #[error(transparent)]
    Council(CouncilError),
    /// A migration failed.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A database error.
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    /// Stored JSON could not be read.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Signing or key files (`ocop-seal`), when issuing or verifying certificates.
    #[error(transparent)]
    Seal(#[from] ocop_seal::SealError),
    /// A certificate operation refused by the rules (`ocop_domain::certificate`): already
    /// revoked, a number already used, an extension out of time, …; the variant carries the
    /// numbers and dates.
    #[error(transparent)]
    Certificate(ocop_domain::certificate::CertificateError),
}

impl From<ocop_domain::certificate::CertificateError> for StoreError {
    /// A refusal that names an input field (`decision_date`, `note`, `until`) is a
    /// `Validation` error on that field; the others conflict with the certificate's state.
    fn from(e: ocop_domain::certificate::CertificateError) -> Self {
        match e.field() {
            Some(field) => StoreError::field(field, e.message_vi()),
            None => StoreError::Certificate(e),
        }
    }
}

impl From<CouncilError> for StoreError {
    fn from(e: CouncilError) -> Self {
        match e.code() {
            ErrorCode::Validation => StoreError::Validation(e.fields()),
            _ => StoreError::Council(e),
        }
    }
}

impl StoreError {
    /// An [`StoreError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// A one-field validation error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// `NotFound` for `entity` `id` when a write touched no row (`rows` affected).
    pub(crate) fn found(rows: u64, entity: &'static str, id: &str) -> Result<(), Self> {
        if rows == 0 {
            return Err(Self::NotFound {
                entity,
                id: id.to_string(),
            });
        }
        Ok(())
    }

    /// The stable code the UI branches on (`docs/IPC.md`).
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) | Self::InvalidBackup { .. } | Self::InvalidCsv { .. } => {
                ErrorCode::Validation
            }
            Self::Duplicate(_) => ErrorCode::Duplicate,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Certificate(e) => e.code(),
            Self::Sealed(_) => ErrorCode::Sealed,
            Self::Council(e) => e.code(),
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::TooNew { .. } => ErrorCode::TooNew,
            Self::Io { .. } => ErrorCode::Io,
            Self::Migrate(_) | Self::Sqlx(_) | Self::Json(_) => ErrorCode::Internal,
            Self::Seal(e) => match e {
                ocop_seal::SealError::Io { .. } => ErrorCode::Io,
                ocop_seal::SealError::BadField { .. }
                | ocop_seal::SealError::BadGround(_)
                | ocop_seal::SealError::BadCode(_)
                | ocop_seal::SealError::BadIssuerId(_) => ErrorCode::Validation,
                _ => ErrorCode::Internal,
            },
        }
    }

    /// The data of the error, for a client that acts on it (which record was missing, which
    /// probable duplicates were found); sent beside the message as `detail`. `None` when the code
    /// and message say everything.
    pub fn detail(&self) -> Option<serde_json::Value> {
        match self {
            Self::NotFound { entity, id } => {
                Some(serde_json::json!({ "entity": entity, "id": id }))
            }
            Self::Duplicate(candidates) => serde_json::to_value(candidates).ok(),
            Self::TooNew { found, supported } => {
                Some(serde_json::json!({ "found": found, "supported": supported }))
            }
            Self::Certificate(e) => serde_json::to_value(e).ok(),
            Self::Council(e) => e.detail(),
            _ => None,
        }
    }

    /// The field errors of a validation error.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Validation(v) => v,
            _ => &[],
        }
    }

    /// A Vietnamese message for a person: what went wrong and what to do.
    pub fn message_vi(&self) -> String {
        match self {
            Self::Validation(v) => v
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| "Dữ liệu nhập chưa hợp lệ.".into()),
            Self::Duplicate(d) => {
                let names: Vec<&str> = d.iter().map(|c| c.name.as_str()).collect();
                format!(
                    "Có thể trùng với chủ thể đã có: {}. Kiểm tra lại, hoặc xác nhận để vẫn lưu.",
                    names.join("; ")
                )
            }
            Self::NotFound { entity, .. } => {
                let what = match *entity {
                    "producer" => "chủ thể",
                    "certificate" => "giấy chứng nhận",
                    "product" => "sản phẩm",
                    "dossier" => "hồ sơ",
                    "dossier_step" => "bước xử lý nào của hồ sơ",
                    "attachment" => "tệp đính kèm",
                    "unit" => "đơn vị hành chính",
                    "council" => "hội đồng",
                    "session" => "phiên họp",
                    "agenda_item" => "sản phẩm trong chương trình họp",
                    _ => "bản ghi",
                };
                format!("Không tìm thấy {what}. Có thể nó đã bị xóa; hãy tải lại danh sách.")
            }
            Self::TooNew { found, supported } => format!(
                "Cơ sở dữ liệu được tạo bởi phiên bản OCOP Desk mới hơn (lược đồ {found}, phiên bản \
                 này hỗ trợ đến {supported}). Hãy cài phiên bản mới nhất; dữ liệu không bị thay đổi."
            ),
            Self::Io { path, source } => format!(
                "Không đọc/ghi được tệp {}: {source}. Kiểm tra quyền truy cập và dung lượng đĩa.",
                path.display()
            ),
            Self::InvalidBackup { reason, .. } => {
                format!("Tệp sao lưu không hợp lệ: {reason} Dữ liệu hiện tại không bị thay đổi.")
            }
            Self::InvalidCsv { reason } => format!("Tệp CSV không hợp lệ: {reason}"),
            Self::Conflict(message) | Self::Sealed(message) => message.clone(),
            Self::Certificate(e) => e.message_vi(),
            Self::Council(e) => e.message_vi(),
            Self::Migrate(e) => format!("Không nâng cấp được cơ sở dữ liệu: {e}"),
            Self::Sqlx(e) => format!("Lỗi cơ sở dữ liệu: {e}"),
            Self::Json(e) => format!("Dữ liệu lưu trữ bị lỗi định dạng: {e}"),
            Self::Seal(e) => {
                let text = e.to_string();
                let mut chars = text.chars();
                match chars.next() {
                    Some(c) => c.to_uppercase().chain(chars).collect(),
                    None => text,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_ipc_codes() {
        assert_eq!(StoreError::field("tax_code", "x").code(), "Validation");
        assert_eq!(
            StoreError::TooNew {
                found: 3,
                supported: 2
            }
            .code(),
            "TooNew"
        );
        assert_eq!(
            StoreError::NotFound {
                entity: "producer",
                id: "1".into()
            }
            .code(),
            "NotFound"
        );
        assert_eq!(StoreError::Duplicate(vec![]).code(), "Duplicate");
        assert_eq!(
            StoreError::io("/x", std::io::Error::other("boom")).code(),
            "Io"
        );
    }

    #[test]
    fn messages_are_vietnamese() {
        let e = StoreError::field("tax_code", "Mã số thuế phải gồm 10 hoặc 13 chữ số.");
        assert_eq!(e.message_vi(), "Mã số thuế phải gồm 10 hoặc 13 chữ số.");
        assert!(StoreError::TooNew {
            found: 3,
            supported: 2
        }
        .message_vi()
        .contains("phiên bản"));
    }
}
