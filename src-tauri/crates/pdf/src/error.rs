//! Errors from building documents.

/// Errors from rendering a document.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A date field is not an ISO date (yyyy-mm-dd).
    #[error("Ngày không hợp lệ ở trường «{field}»: «{value}» (cần dạng yyyy-mm-dd)")]
    InvalidDate {
        /// The field name.
        field: &'static str,
        /// The value given.
        value: String,
    },
    /// The star rank is outside 1..=5.
    #[error("Hạng sao không hợp lệ: {0} (cần từ 1 đến 5)")]
    InvalidStar(u8),
    /// The QR text cannot be encoded (too long for a QR code).
    #[error("Không tạo được mã QR: {0}")]
    Qr(String),
    /// A batch with no documents.
    #[error("Không có giấy chứng nhận nào để in")]
    Empty,
    /// The run was cancelled by the user; no partial file was left behind.
    #[error("Đã hủy in giấy chứng nhận")]
    Cancelled,
    /// The PDF could not be written.
    #[error("Không ghi được tệp PDF: {0}")]
    Write(#[from] std::io::Error),
}
