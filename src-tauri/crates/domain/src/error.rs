//! The one list of error codes that cross a boundary: the app's IPC, and later the sync server's
//! HTTP answers. Every error of every core crate maps onto one of these; the UI and other clients
//! branch on the code, never on the message text.
//!
//! ```
//! use ocop_domain::ErrorCode;
//! assert_eq!(serde_json::to_value(ErrorCode::Sealed).unwrap(), "Sealed");
//! assert_eq!(ErrorCode::Conflict.as_str(), "Conflict");
//! assert!(ErrorCode::ALL.contains(&ErrorCode::Internal));
//! ```

use serde::{Deserialize, Serialize};

/// A stable error code (`docs/IPC.md`). The locale files hold a Vietnamese and an English text for
/// each (`error.code.<Code>`), shown when a message is not enough on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorCode {
    /// An input value is wrong; the error names the field.
    Validation,
    /// The record asked for does not exist.
    NotFound,
    /// A probable duplicate producer; saving again with confirmation proceeds.
    Duplicate,
    /// The operation conflicts with the record's state (a locked result, a revoked certificate).
    Conflict,
    /// A member's score sheet this viewer may not open or save before the chair reveals it.
    Sealed,
    /// The database was written by a newer version of the app.
    TooNew,
    /// A file could not be read or written.
    Io,
    /// The user closed a native dialog without choosing.
    Cancelled,
    /// No login, a wrong password, an expired token or a revoked device (sync server).
    Unauthorized,
    /// Outside the account's role or administrative scope (sync server).
    Forbidden,
    /// The client app is too old for the server, or speaks another protocol version.
    Outdated,
    /// A request or file larger than the server accepts.
    TooLarge,
    /// Too many attempts; try again after the time given.
    RateLimited,
    /// The server's certificate is not the one pinned at the first login.
    Untrusted,
    /// Anything else; the message says what.
    Internal,
}

impl ErrorCode {
    /// Every code, for tests that check each has its texts.
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::Validation,
        ErrorCode::NotFound,
        ErrorCode::Duplicate,
        ErrorCode::Conflict,
        ErrorCode::Sealed,
        ErrorCode::TooNew,
        ErrorCode::Io,
        ErrorCode::Cancelled,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::Outdated,
        ErrorCode::TooLarge,
        ErrorCode::RateLimited,
        ErrorCode::Untrusted,
        ErrorCode::Internal,
    ];

    /// The code as it is written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "Validation",
            ErrorCode::NotFound => "NotFound",
            ErrorCode::Duplicate => "Duplicate",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::Sealed => "Sealed",
            ErrorCode::TooNew => "TooNew",
            ErrorCode::Io => "Io",
            ErrorCode::Cancelled => "Cancelled",
            ErrorCode::Unauthorized => "Unauthorized",
            ErrorCode::Forbidden => "Forbidden",
            ErrorCode::Outdated => "Outdated",
            ErrorCode::TooLarge => "TooLarge",
            ErrorCode::RateLimited => "RateLimited",
            ErrorCode::Untrusted => "Untrusted",
            ErrorCode::Internal => "Internal",
        }
    }
}

/// A code equals its wire name, so a test can say `assert_eq!(err.code(), "Conflict")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_name_is_the_serde_name() {
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
            let back: ErrorCode = serde_json::from_value(code.as_str().into()).unwrap();
            assert_eq!(back, code);
            assert_eq!(code, code.as_str());
        }
    }
}
