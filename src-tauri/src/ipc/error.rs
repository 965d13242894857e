//! The one error type that crosses the IPC boundary, and its wire shape.
//!
//! The UI branches on `code` (never on the text), shows `message` to a person, and puts each
//! `fields[]` message next to the input it names.

use serde::Serialize;

/// Stable error codes the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorCode {
    /// An input value is wrong; `field`/`fields` name it.
    Validation,
    /// The record asked for does not exist.
    NotFound,
    /// A probable duplicate producer; save again with `confirm_duplicate` to proceed.
    Duplicate,
    /// The operation conflicts with the record's state.
    Conflict,
    /// A member's score sheet this laptop may not open or save before the reveal.
    Sealed,
    /// The database was written by a newer version of the app.
    TooNew,
    /// A file could not be read or written.
    Io,
    /// The user closed a native dialog without choosing.
    Cancelled,
    /// Anything else; the message says what.
    Internal,
}

/// One offending field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

/// `{code, message, field?, fields?}` as the UI receives it.
#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
}

impl IpcError {
    /// An error with a code and a message only.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            field: None,
            fields: Vec::new(),
        }
    }

    /// A validation error naming the offending fields; the first one becomes `field`.
    pub fn validation(fields: Vec<FieldMessage>) -> Self {
        let first = fields.first().cloned();
        IpcError {
            code: ErrorCode::Validation,
            message: first
                .as_ref()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| "Dữ liệu nhập không hợp lệ.".to_string()),
            field: first.map(|f| f.field),
            fields,
        }
    }

    /// The user closed a dialog.
    pub fn cancelled() -> Self {
        IpcError::new(ErrorCode::Cancelled, "Đã hủy, không có tệp nào được chọn.")
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for IpcError {}

/// What every command returns.
pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ipc_error_wire_shape() {
        let plain = serde_json::to_value(IpcError::new(ErrorCode::NotFound, "x")).unwrap();
        assert_eq!(plain, json!({ "code": "NotFound", "message": "x" }));

        let invalid = IpcError::validation(vec![FieldMessage {
            field: "tax_code".into(),
            message: "Mã số thuế phải gồm 10 hoặc 13 chữ số.".into(),
        }]);
        assert_eq!(
            serde_json::to_value(invalid).unwrap(),
            json!({
                "code": "Validation",
                "message": "Mã số thuế phải gồm 10 hoặc 13 chữ số.",
                "field": "tax_code",
                "fields": [{ "field": "tax_code", "message": "Mã số thuế phải gồm 10 hoặc 13 chữ số." }]
            })
        );
    }
}
