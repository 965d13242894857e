//! The one error type that crosses the IPC boundary, and its wire shape.
//!
//! The UI branches on `code` (never on the text), shows `message` to a person, puts each
//! `fields[]` message next to the input it names, and may act on `detail` (the error's data: which
//! record, which member).

use serde::Serialize;

/// Stable error codes the UI branches on: the one list every core crate maps onto.
pub use ocop_domain::ErrorCode;

/// One offending field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

/// `{code, message, field?, fields?, detail?}` as the UI receives it.
#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
    /// The error's data, as the core gave it (`StoreError::detail`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

impl IpcError {
    /// An error with a code and a message only.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            field: None,
            fields: Vec::new(),
            detail: None,
        }
    }

    /// The same error, carrying the core's data about it.
    pub fn with_detail(mut self, detail: Option<serde_json::Value>) -> Self {
        self.detail = detail;
        self
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
            detail: None,
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

    #[test]
    fn every_code_has_a_vietnamese_and_an_english_name_in_the_locale_files() {
        for locale in ["vi", "en"] {
            let path = format!("{}/ui/l10n/{locale}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let strings: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text).unwrap();
            for code in ErrorCode::ALL {
                let key = format!("error.code.{code}");
                let name = strings.get(&key).and_then(|v| v.as_str()).unwrap_or("");
                assert!(!name.trim().is_empty(), "{path} has no {key}");
            }
        }
    }

    #[test]
    fn the_core_s_data_travels_as_detail() {
        let err = IpcError::new(ErrorCode::NotFound, "x")
            .with_detail(Some(json!({ "entity": "producer", "id": "1" })));
        assert_eq!(
            serde_json::to_value(err).unwrap(),
            json!({ "code": "NotFound", "message": "x", "detail": { "entity": "producer", "id": "1" } })
        );
    }
}
