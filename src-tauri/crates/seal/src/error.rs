//! The one error type of the crate.

use std::path::PathBuf;

/// Errors from keys, signing and reading images.
///
/// A certificate that fails verification is *not* an error: it is a
/// [`Verification`](crate::Verification) with status `Invalid`. These errors are for things the
/// caller must fix (bad input, unreadable files).
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// Reading or writing a file failed.
    #[error("không đọc/ghi được tệp {path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A key or trust file is not in the expected format.
    #[error("tệp {path} bị hỏng hoặc sai định dạng: {detail}")]
    Corrupt {
        /// The file concerned.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// An issuer id may only hold `a-z`, `0-9`, `-` and `_` (1 to 64 characters).
    #[error("mã cơ quan cấp \"{0}\" không hợp lệ (chỉ dùng a-z, 0-9, -, _; tối đa 64 ký tự)")]
    BadIssuerId(String),
    /// A field of the certificate is empty, too long or out of range.
    #[error("trường \"{field}\" không hợp lệ: {detail}")]
    BadField {
        /// The field's name as in the JSON input (`number`, `product`, `star`, …).
        field: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// The public key file's key id does not match its key.
    #[error("tệp khóa công khai không hợp lệ: {0}")]
    BadPublicKey(String),
    /// A short verification code is not 12 Crockford base32 characters.
    #[error("mã xác thực \"{0}\" không đúng dạng XXXX-XXXX-XXXX")]
    BadCode(String),
    /// A revocation ground is not one of a, b, c, d, đ, e (Art. 8.1).
    #[error("căn cứ thu hồi \"{0}\" không hợp lệ (a, b, c, d, đ hoặc e theo khoản 1 Điều 8)")]
    BadGround(String),
    /// An image could not be opened or decoded as PNG/JPEG.
    #[error("không mở được ảnh {path}: {detail}")]
    Image {
        /// The image file.
        path: PathBuf,
        /// What the decoder said.
        detail: String,
    },
}

impl SealError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SealError::Io {
            path: path.into(),
            source,
        }
    }
    pub(crate) fn corrupt(path: impl Into<PathBuf>, detail: impl ToString) -> Self {
        SealError::Corrupt {
            path: path.into(),
            detail: detail.to_string(),
        }
    }
}
